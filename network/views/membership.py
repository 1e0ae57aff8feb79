"""Joining the network and working in it: the public application form, invitations (sending and
accepting) and members editing their own organisation's entry."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from wagtail.log_actions import LogContext

from network import ratelimit
from network.applications import account_for_email, send_invitation
from network.emails import absolute_url, send_mail_template
from network.forms import (
    AcceptInvitationForm,
    ApplicationForm,
    InvitationForm,
    OrganisationEditForm,
    location_address_formset,
)
from network.membership import can_edit_organisation, can_invite
from network.models import (
    Invitation,
    Location,
    Membership,
    Organisation,
    OrganisationChange,
    Phone,
)
from portal.access import email_addresses, users_with_permission

APPLICATION_LIMIT = (5, 3600)  # attempts per window in seconds, per client
INVITATION_LIMIT = (30, 3600)
# Each request may send a mail to someone else's inbox; five an hour is plenty for a person.
PASSWORD_RESET_LIMIT = (5, 3600)


def too_many(request, template, context):
    context = {**context, "rate_limited": True}
    return render(request, template, context, status=429)


@never_cache
def apply(request):
    form = ApplicationForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.hit(request, "apply", *APPLICATION_LIMIT):
            return too_many(request, "network/apply.html", {"form": form})
        if form.is_valid():
            if form.cleaned_data.get("website_url"):
                # Looks like success to the bot, stores nothing.
                return redirect("network:apply_done")
            application = form.save()
            coordinators = coordinator_emails()
            transaction.on_commit(
                lambda: send_mail_template(
                    "application_received", {"application": application}, to=[application.email]
                )
            )
            if coordinators:
                review = absolute_url(reverse("network_applications:review", args=[application.pk]))
                transaction.on_commit(
                    lambda: send_mail_template(
                        "application_new",
                        {"application": application, "review_url": review},
                        to=coordinators,
                    )
                )
            return redirect("network:apply_done")
    return render(request, "network/apply.html", {"form": form})


def coordinator_emails() -> list[str]:
    """Everyone who can decide on applications: coordinators, and superusers as a fallback."""
    return email_addresses(users_with_permission("network.change_membershipapplication"))


def apply_done(request):
    return render(request, "network/apply_done.html")


@login_required
@never_cache
def invite(request, slug):
    organisation = get_object_or_404(Organisation.objects.active(), slug=slug)
    if not can_invite(request.user, organisation):
        raise PermissionDenied
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.hit(request, "invite", *INVITATION_LIMIT):
            return too_many(
                request, "network/invite.html", {"form": form, "organisation": organisation}
            )
        if form.is_valid():
            email = form.cleaned_data["email"]
            already = Membership.objects.active().filter(
                organisation=organisation, user__email__iexact=email
            )
            if already.exists():
                form.add_error("email", _("This person is already a member of your organisation."))
            else:
                invitation, token = Invitation.create(
                    email=email,
                    organisation=organisation,
                    role=form.cleaned_data["role"],
                    invited_by=request.user,
                )
                transaction.on_commit(lambda: send_invitation(invitation, token))
                messages.success(
                    request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
                )
                return redirect("network:invite", slug=organisation.slug)
    pending = organisation.invitations.pending()
    members = organisation.memberships.active().select_related("user")
    return render(
        request,
        "network/invite.html",
        {"form": form, "organisation": organisation, "pending": pending, "members": members},
    )


@login_required
@require_POST
def invitation_withdraw(request, slug, pk):
    """An organisation admin withdraws an invitation that has not been accepted yet."""
    organisation = get_object_or_404(Organisation.objects.active(), slug=slug)
    if not can_invite(request.user, organisation):
        raise PermissionDenied
    withdraw_invitation(request, get_object_or_404(organisation.invitations, pk=pk))
    return redirect("network:invite", slug=organisation.slug)


def withdraw_invitation(request, invitation) -> bool:
    """Withdraw and tell the user how it went (shared by the site and the Wagtail admin)."""
    withdrawn = invitation.revoke(by=request.user)
    if withdrawn:
        messages.success(
            request,
            _("The invitation to %(email)s has been withdrawn; its link no longer works.")
            % {"email": invitation.email},
        )
    else:
        messages.error(
            request,
            _("The invitation to %(email)s was already accepted or withdrawn.")
            % {"email": invitation.email},
        )
    return withdrawn


@never_cache
@sensitive_post_parameters("password1", "password2")
def accept_invitation(request, token):
    invitation = Invitation.objects.find(token)
    if invitation is None:
        return render(request, "network/invitation_invalid.html", {"reason": "unknown"}, status=404)
    if invitation.is_used:
        return render(request, "network/invitation_invalid.html", {"reason": "used"}, status=410)
    if invitation.is_revoked:
        return render(request, "network/invitation_invalid.html", {"reason": "revoked"}, status=410)
    if invitation.is_expired:
        return render(request, "network/invitation_invalid.html", {"reason": "expired"}, status=410)
    if not invitation.organisation.is_active:
        return render(request, "network/invitation_invalid.html", {"reason": "unknown"}, status=404)

    User = get_user_model()
    user = User.objects.filter(email__iexact=invitation.email).order_by("pk").first()
    needs_password = user is None or not user.has_usable_password()
    if not needs_password and request.user != user:
        # An existing account accepts by logging in first, so nobody else can claim it.
        return render(
            request,
            "network/invitation_login.html",
            {"invitation": invitation, "login_next": request.get_full_path()},
        )
    form = AcceptInvitationForm(request.POST or None, user=user) if needs_password else None
    if request.method == "POST" and (form is None or form.is_valid()):
        with transaction.atomic():
            locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
            if locked.is_used or locked.is_revoked:
                reason = "used" if locked.is_used else "revoked"
                return render(
                    request, "network/invitation_invalid.html", {"reason": reason}, status=410
                )
            if user is None:
                user, _created = account_for_email(invitation.email)
            if form is not None:
                user.first_name = form.cleaned_data["first_name"]
                user.last_name = form.cleaned_data["last_name"]
                user.set_password(form.cleaned_data["password1"])
                user.is_active = True
                user.save()
            # The membership log (network/audit.py) names the one who accepted as its actor.
            with LogContext(user=user):
                membership, created = Membership.objects.get_or_create(
                    user=user,
                    organisation=invitation.organisation,
                    defaults={"role": invitation.role},
                )
                if not created:
                    membership.is_active = True
                    if _role_rank(invitation.role) > _role_rank(membership.role):
                        membership.role = invitation.role
                    membership.save()
            locked.accepted_at = timezone.now()
            locked.accepted_by = user
            locked.save(update_fields=["accepted_at", "accepted_by"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Welcome to the network. You are now a member on behalf of %(organisation)s.")
            % {"organisation": invitation.organisation.name},
        )
        return redirect(invitation.organisation.get_absolute_url())
    return render(
        request,
        "network/accept_invitation.html",
        {"invitation": invitation, "form": form, "account_user": user},
    )


def _role_rank(role: str) -> int:
    order = [Membership.MEMBER, Membership.EDITOR, Membership.ORG_ADMIN, Membership.COORDINATOR]
    return order.index(role) if role in order else 0


LOGGED_FIELDS = ["name", "alternate_name", "description", "website", "email", "contact_visibility"]
LOGGED_ADDRESS_FIELDS = ["address_1", "postcode", "city", "province"]


@login_required
@never_cache
def organisation_edit(request, slug):
    organisation = get_object_or_404(Organisation.objects.active(), slug=slug)
    if not can_edit_organisation(request.user, organisation):
        raise PermissionDenied
    before = {name: getattr(organisation, name) for name in LOGGED_FIELDS}
    before_phone = organisation.phones.first()
    before_addresses = {
        location.pk: {name: getattr(location, name) for name in LOGGED_ADDRESS_FIELDS}
        for location in Location.objects.filter(organisation=organisation)
    }
    data = request.POST if request.method == "POST" else None
    form = OrganisationEditForm(data, instance=organisation)
    addresses = location_address_formset(organisation, data)
    valid = False
    if data is not None:
        # Validate both (no short-circuit), so that every mistake is shown at once.
        form_valid, addresses_valid = form.is_valid(), addresses.is_valid()
        valid = form_valid and addresses_valid
    if valid:
        with transaction.atomic():
            organisation = form.save()
            changes = {
                name: {"old": before[name], "new": getattr(organisation, name)}
                for name in LOGGED_FIELDS
                if before[name] != getattr(organisation, name)
            }
            for location in addresses.save():
                old = before_addresses.get(location.pk, {})
                for name in LOGGED_ADDRESS_FIELDS:
                    if old.get(name, "") != getattr(location, name):
                        changes[f"location {location.pk}: {name}"] = {
                            "old": old.get(name, ""),
                            "new": getattr(location, name),
                        }
            new_phone = form.cleaned_data["phone"]
            old_phone = before_phone.number if before_phone else ""
            if new_phone != old_phone:
                changes["phone"] = {"old": old_phone, "new": new_phone}
                if before_phone and new_phone:
                    before_phone.number = new_phone
                    before_phone.save()
                elif before_phone:
                    before_phone.delete()
                else:
                    Phone.objects.create(organisation=organisation, number=new_phone)
            if changes:
                OrganisationChange.objects.create(
                    organisation=organisation, user=request.user, changes=changes
                )
        messages.success(request, _("The changes have been saved."))
        return redirect(organisation.get_absolute_url())
    history = organisation.changes.select_related("user")[:10]
    return render(
        request,
        "network/organisation_edit.html",
        {
            "form": form,
            "addresses": addresses,
            "organisation": organisation,
            "history": history,
        },
    )


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, with at most PASSWORD_RESET_LIMIT requests per client: each one
    may send a mail, and an unthrottled form lets anyone flood an inbox or probe at leisure."""

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("network:password_reset_done")

    def post(self, request, *args, **kwargs):
        if not ratelimit.hit(request, "password-reset", *PASSWORD_RESET_LIMIT):
            return too_many(request, self.template_name, {"form": self.get_form()})
        return super().post(request, *args, **kwargs)
