import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from network.membership import is_member
from network.models import (
    Invitation,
    Membership,
    MembershipApplication,
    Organisation,
    OrganisationChange,
)

APPLICATION = {
    "organisation_name": "Stichting Nieuw Onderdak",
    "organisation_type": "shelter",
    "city": "Groningen",
    "website": "https://onderdak.example.org",
    "contact_name": "Sanne de Vries",
    "email": "Sanne@Onderdak.example.org",
    "phone": "050 123 4567",
    "motivation": "Wij bieden nachtopvang en willen kennis delen.",
}


@pytest.fixture
def coordinator(db, django_user_model):
    return django_user_model.objects.create_superuser(
        "coordinator", "coordinator@example.org", "geheim-coordinator"
    )


def link_from(message):
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def test_application_approval_invitation_first_login(
    client, home, coordinator, django_capture_on_commit_callbacks
):
    # 1. The public application.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("network:apply"), APPLICATION)
    assert response.status_code == 302
    application = MembershipApplication.objects.get()
    assert application.status == MembershipApplication.PENDING
    assert [m.to for m in mail.outbox] == [
        ["sanne@onderdak.example.org"],
        ["coordinator@example.org"],
    ]
    assert "ontvangen" in mail.outbox[0].subject.lower()

    # 2. The coordinator approves in the Wagtail admin.
    admin = client.__class__()
    admin.force_login(coordinator)
    review_url = reverse("network_applications:review", args=[application.pk])
    assert "Stichting Nieuw Onderdak" in admin.get(review_url).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(review_url, {"decision": "approve", "note": ""})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == MembershipApplication.APPROVED
    organisation = application.organisation
    assert organisation.name == "Stichting Nieuw Onderdak"
    assert organisation.is_network_member
    assert organisation.locations.get().city == "Groningen"
    account = get_user_model().objects.get(email="sanne@onderdak.example.org")
    assert not account.has_usable_password()

    # 3. The invitation arrives by e-mail.
    assert len(mail.outbox) == 1
    invitation_mail = mail.outbox[0]
    assert invitation_mail.to == ["sanne@onderdak.example.org"]
    assert "Uitnodiging" in invitation_mail.subject
    link = link_from(invitation_mail)

    # 4. First login: accepting sets a password and logs in.
    visitor = client.__class__()
    page = visitor.get(link)
    assert page.status_code == 200
    assert "Stichting Nieuw Onderdak" in page.content.decode()
    response = visitor.post(
        link,
        {
            "first_name": "Sanne",
            "last_name": "de Vries",
            "password1": "een-lang-Wachtwoord-42",
            "password2": "een-lang-Wachtwoord-42",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == organisation.get_absolute_url()
    account.refresh_from_db()
    assert account.check_password("een-lang-Wachtwoord-42")
    assert is_member(account)
    membership = Membership.objects.get(user=account)
    assert membership.role == Membership.ORG_ADMIN
    page = visitor.get(organisation.get_absolute_url())
    assert page.context["user"] == account
    assert "Collega's uitnodigen" in page.content.decode()

    # The link works once.
    again = client.__class__().get(link)
    assert again.status_code == 410
    assert "al geaccepteerd" in again.content.decode()

    # And the new account logs in with e-mail address and password.
    fresh = client.__class__()
    assert fresh.login(username="sanne@onderdak.example.org", password="een-lang-Wachtwoord-42")


def test_rejection_tells_the_applicant(
    client, home, coordinator, django_capture_on_commit_callbacks
):
    application = MembershipApplication.objects.create(**{**APPLICATION, "email": "a@example.org"})
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("network_applications:review", args=[application.pk]),
            {"decision": "reject", "note": "Geen werkzaamheden voor ongedocumenteerden."},
        )
    application.refresh_from_db()
    assert application.status == MembershipApplication.REJECTED
    assert mail.outbox[-1].to == ["a@example.org"]
    assert "Geen werkzaamheden" in mail.outbox[-1].body
    assert not Organisation.objects.exists()


def test_application_review_is_for_coordinators_only(client, home, member):
    application = MembershipApplication.objects.create(**APPLICATION)
    client.force_login(member)
    response = client.get(reverse("network_applications:review", args=[application.pk]))
    assert response.status_code in (302, 403)


def test_application_form_explains_bad_input(client, home):
    response = client.post(
        reverse("network:apply"),
        {
            **APPLICATION,
            "email": "geen-adres",
            "website": "geen url",
            "phone": "bel me",
            "city": "",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"email", "website", "phone", "city"}
    assert not MembershipApplication.objects.exists()


def test_application_form_is_rate_limited(client, home):
    for _ in range(5):
        client.post(reverse("network:apply"), APPLICATION)
    response = client.post(reverse("network:apply"), APPLICATION)
    assert response.status_code == 429
    assert "Te veel" in response.content.decode()
    assert MembershipApplication.objects.count() == 5


@pytest.fixture
def org_admin(db, make_organisation, django_user_model):
    organisation = make_organisation("Steunpunt Test")
    user = django_user_model.objects.create_user(
        "beheerder@example.org", "beheerder@example.org", "x-geheim-1"
    )
    Membership.objects.create(user=user, organisation=organisation, role=Membership.ORG_ADMIN)
    return user, organisation


def test_org_admin_invites_a_colleague(client, home, org_admin, django_capture_on_commit_callbacks):
    user, organisation = org_admin
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("network:invite", args=[organisation.slug]),
            {"email": "collega@example.org", "role": "member"},
        )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["collega@example.org"]
    link = link_from(mail.outbox[-1])
    colleague = client.__class__()
    response = colleague.post(
        link,
        {
            "first_name": "Piet",
            "last_name": "Jansen",
            "password1": "nog-een-Wachtwoord-7",
            "password2": "nog-een-Wachtwoord-7",
        },
    )
    assert response.status_code == 302
    new_user = get_user_model().objects.get(email="collega@example.org")
    assert Membership.objects.get(user=new_user).role == Membership.MEMBER
    assert is_member(new_user)


def test_plain_members_cannot_invite(client, home, org_admin, django_user_model):
    _user, organisation = org_admin
    plain = django_user_model.objects.create_user("plain", "plain@example.org", "x")
    Membership.objects.create(user=plain, organisation=organisation, role=Membership.MEMBER)
    client.force_login(plain)
    assert client.get(reverse("network:invite", args=[organisation.slug])).status_code == 403


def test_expired_invitation_gets_a_clear_page(client, home, org_admin):
    from django.utils import timezone

    _user, organisation = org_admin
    invitation, token = Invitation.create(
        email="laat@example.org", organisation=organisation, role=Membership.MEMBER
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    response = client.get(reverse("network:accept_invitation", args=[token]))
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    bogus = client.get(reverse("network:accept_invitation", args=["niet-bestaand"]))
    assert bogus.status_code == 404


def test_invitation_token_is_not_stored(org_admin):
    _user, organisation = org_admin
    invitation, token = Invitation.create(
        email="x@example.org", organisation=organisation, role=Membership.MEMBER
    )
    assert token not in invitation.token_hash
    assert Invitation.objects.find(token) == invitation


def test_invitation_form_is_rate_limited(client, home, org_admin):
    user, organisation = org_admin
    client.force_login(user)
    url = reverse("network:invite", args=[organisation.slug])
    for n in range(30):
        client.post(url, {"email": f"c{n}@example.org", "role": "member"})
    response = client.post(url, {"email": "c99@example.org", "role": "member"})
    assert response.status_code == 429
    assert Invitation.objects.count() == 30


MARKER = "LEDENMARKER-7f3a"


@pytest.fixture
def members_only_org(make_organisation):
    organisation = make_organisation("Besloten Steunpunt")
    organisation.contact_visibility = Organisation.MEMBERS
    organisation.email = f"{MARKER.lower()}@example.org"
    organisation.save()
    return organisation


def test_removed_member_loses_access_on_next_request(
    client, home, org_admin, members_only_org, django_user_model
):
    _admin, organisation = org_admin
    user = django_user_model.objects.create_user("weg", "weg@example.org", "x-geheim-2")
    membership = Membership.objects.create(user=user, organisation=organisation)
    client.force_login(user)
    url = members_only_org.get_absolute_url()
    assert MARKER.lower() in client.get(url).content.decode()
    membership.delete()
    assert MARKER.lower() not in client.get(url).content.decode()


def test_deactivated_membership_and_organisation_revoke_access(
    client, home, org_admin, members_only_org, django_user_model
):
    _admin, organisation = org_admin
    user = django_user_model.objects.create_user("twee", "twee@example.org", "x-geheim-3")
    membership = Membership.objects.create(user=user, organisation=organisation)
    client.force_login(user)
    url = members_only_org.get_absolute_url()
    assert MARKER.lower() in client.get(url).content.decode()
    membership.is_active = False
    membership.save()
    assert MARKER.lower() not in client.get(url).content.decode()
    membership.is_active = True
    membership.save()
    assert MARKER.lower() in client.get(url).content.decode()
    organisation.is_active = False
    organisation.save()
    assert MARKER.lower() not in client.get(url).content.decode()
    organisation.is_active = True
    organisation.save()
    organisation.delete()
    assert MARKER.lower() not in client.get(url).content.decode()


def test_org_admin_edits_own_entry_and_changes_are_logged(client, home, org_admin):
    user, organisation = org_admin
    client.force_login(user)
    url = reverse("network:organisation_edit", args=[organisation.slug])
    response = client.post(
        url,
        {
            "name": "Steunpunt Test",
            "alternate_name": "",
            "description": "<p>Nieuw</p><script>x()</script>",
            "website": "https://steunpunt.example.org",
            "email": "info@steunpunt.example.org",
            "contact_visibility": "public",
            "phone": "030 111 2222",
        },
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.description == "<p>Nieuw</p>"
    assert organisation.phones.get().number == "030 111 2222"
    change = OrganisationChange.objects.get()
    assert change.user == user
    assert set(change.changes) == {"description", "website", "email", "phone"}


def test_others_cannot_edit_an_organisation(client, home, org_admin, member):
    _user, organisation = org_admin
    client.force_login(member)
    url = reverse("network:organisation_edit", args=[organisation.slug])
    assert client.get(url).status_code == 403
    anonymous = client.__class__().get(url)
    assert anonymous.status_code == 302


def test_password_reset_sends_a_dutch_email(client, home, django_user_model):
    django_user_model.objects.create_user("reset", "reset@example.org", "oud-wachtwoord-1")
    response = client.post(reverse("network:password_reset"), {"email": "reset@example.org"})
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert "wachtwoord" in message.subject.lower()
    link = link_from(message)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "nieuw-Wachtwoord-99", "new_password2": "nieuw-Wachtwoord-99"}
    )
    assert response.status_code == 302
    assert client.login(username="reset", password="nieuw-Wachtwoord-99")


def test_coordinator_role_gives_the_admin_review_and_removal_takes_it_away(
    client, home, make_organisation, django_user_model
):
    organisation = make_organisation("Kenniscentrum")
    user = django_user_model.objects.create_user("coord", "coord@example.org", "x-geheim-5")
    membership = Membership.objects.create(
        user=user, organisation=organisation, role=Membership.COORDINATOR
    )
    application = MembershipApplication.objects.create(**APPLICATION)
    client.force_login(user)
    url = reverse("network_applications:review", args=[application.pk])
    assert client.get(url).status_code == 200
    membership.role = Membership.MEMBER
    membership.save()
    assert client.get(url).status_code in (302, 403)


def test_new_application_is_announced_to_coordinators(
    client, home, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("network:apply"), APPLICATION)
    to_coordinator = [m for m in mail.outbox if m.to == ["coordinator@example.org"]]
    assert len(to_coordinator) == 1
    assert "Stichting Nieuw Onderdak" in to_coordinator[0].subject
    assert "/beheer/aanmeldingen/" in to_coordinator[0].body


def test_rate_limit_counts_per_client_behind_the_proxy(client, home):
    for _ in range(5):
        client.post(reverse("network:apply"), APPLICATION, HTTP_X_FORWARDED_FOR="192.0.2.1")
    blocked = client.post(reverse("network:apply"), APPLICATION, HTTP_X_FORWARDED_FOR="192.0.2.1")
    other = client.post(reverse("network:apply"), APPLICATION, HTTP_X_FORWARDED_FOR="192.0.2.2")
    assert blocked.status_code == 429
    assert other.status_code == 302


def test_existing_account_accepts_an_invitation_after_logging_in(client, home, org_admin, member):
    _admin, organisation = org_admin
    invitation, token = Invitation.create(
        email=member.email, organisation=organisation, role=Membership.EDITOR
    )
    url = reverse("network:accept_invitation", args=[token])
    page = client.get(url)
    assert "Log in om de uitnodiging te accepteren" in page.content.decode()
    assert client.post(url).status_code == 200  # still only the login notice
    assert not Membership.objects.filter(user=member).exists()
    client.force_login(member)
    response = client.post(url)
    assert response.status_code == 302
    assert Membership.objects.get(user=member).role == Membership.EDITOR
    invitation.refresh_from_db()
    assert invitation.accepted_by == member
