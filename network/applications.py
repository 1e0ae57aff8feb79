"""Deciding on an application to join the network. Approving links or creates the organisation
and the applicant's account and sends the applicant an invitation as organisation admin; the
membership itself starts when the invitation is accepted."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from network.emails import absolute_url, send_mail_template
from network.models import Invitation, Location, Membership, MembershipApplication, Organisation
from portal.slugs import unique_value


class ApplicationAlreadyDecided(Exception):
    pass


def account_for_email(email: str):
    """The user with this e-mail address, or a new one without a usable password (set when an
    invitation is accepted)."""
    User = get_user_model()
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is not None:
        return user, False
    username = unique_value(
        User.objects.all(),
        "username",
        email,
        User._meta.get_field("username").max_length,
        iexact=True,
    )
    user = User(username=username, email=email)
    user.set_unusable_password()
    user.save()
    return user, True


def send_invitation(invitation: Invitation, token: str, *, application=None):
    link = absolute_url(reverse("network:accept_invitation", kwargs={"token": token}))
    send_mail_template(
        "invitation",
        {
            "invitation": invitation,
            "organisation": invitation.organisation,
            "link": link,
            "application": application,
            "invited_by": invitation.invited_by,
        },
        to=[invitation.email],
    )


@transaction.atomic
def approve_application(
    application: MembershipApplication, *, by, organisation: Organisation | None = None, note=""
):
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != MembershipApplication.PENDING:
        raise ApplicationAlreadyDecided
    if organisation is None:
        organisation = Organisation.objects.create(
            name=application.organisation_name,
            organisation_type=application.organisation_type,
            website=application.website,
            member_since=timezone.localdate(),
            contact_visibility=Organisation.MEMBERS,
        )
        if application.city:
            Location.objects.create(organisation=organisation, city=application.city)
    elif organisation.member_since is None or not organisation.is_active:
        organisation.member_since = organisation.member_since or timezone.localdate()
        organisation.is_active = True
        organisation.save()
    account_for_email(application.email)
    application.status = MembershipApplication.APPROVED
    application.organisation = organisation
    application.decided_by = by
    application.decided_at = timezone.now()
    application.decision_note = note
    application.save()
    invitation, token = Invitation.create(
        email=application.email,
        organisation=organisation,
        role=Membership.ORG_ADMIN,
        invited_by=by,
        application=application,
    )
    transaction.on_commit(lambda: send_invitation(invitation, token, application=application))
    return invitation


@transaction.atomic
def reject_application(application: MembershipApplication, *, by, note=""):
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != MembershipApplication.PENDING:
        raise ApplicationAlreadyDecided
    application.status = MembershipApplication.REJECTED
    application.decided_by = by
    application.decided_at = timezone.now()
    application.decision_note = note
    application.save()
    transaction.on_commit(
        lambda: send_mail_template(
            "application_rejected", {"application": application}, to=[application.email]
        )
    )
