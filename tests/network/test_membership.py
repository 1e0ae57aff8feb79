import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from network import ratelimit
from network.emails import send_mail_template
from network.models import (
    Invitation,
    Location,
    Membership,
    MembershipApplication,
    Organisation,
    OrganisationChange,
    RateLimitAttempt,
)
from portal.access import is_member
from tests.factories import MembershipFactory, OrganisationFactory


def logs_in(client, username, password) -> bool:
    """Through the login form, as a person does (and as the login lockout counts)."""
    client.post(reverse("login"), {"username": username, "password": password})
    return "_auth_user_id" in client.session


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
    match = re.search(r"https?://testserver(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


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
    assert logs_in(fresh, "sanne@onderdak.example.org", "een-lang-Wachtwoord-42")


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
def org_admin(db):
    membership = MembershipFactory(
        user__username="beheerder@example.org",
        user__email="beheerder@example.org",
        organisation__name="Steunpunt Test",
        role=Membership.ORG_ADMIN,
    )
    return membership.user, membership.organisation


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


def test_plain_members_cannot_invite(client, home, org_admin):
    _user, organisation = org_admin
    plain = MembershipFactory(organisation=organisation, role=Membership.MEMBER).user
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
def members_only_org(db):
    return OrganisationFactory(
        name="Besloten Steunpunt",
        contact_visibility=Organisation.MEMBERS,
        email=f"{MARKER.lower()}@example.org",
    )


def test_removed_member_loses_access_on_next_request(client, home, org_admin, members_only_org):
    _admin, organisation = org_admin
    membership = MembershipFactory(organisation=organisation)
    client.force_login(membership.user)
    url = members_only_org.get_absolute_url()
    assert MARKER.lower() in client.get(url).content.decode()
    membership.delete()
    assert MARKER.lower() not in client.get(url).content.decode()


def test_deactivated_membership_and_organisation_revoke_access(
    client, home, org_admin, members_only_org
):
    _admin, organisation = org_admin
    membership = MembershipFactory(organisation=organisation)
    client.force_login(membership.user)
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
            **edit_data(organisation),
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
    assert logs_in(client.__class__(), "reset", "nieuw-Wachtwoord-99")


def test_a_new_password_signs_out_every_other_session(client, home, member):
    """Someone who resets a password because it leaked expects whoever used it to be out."""
    elsewhere = client.__class__()
    elsewhere.force_login(member)
    assert "_auth_user_id" in elsewhere.get("/").wsgi_request.session
    client.post(reverse("network:password_reset"), {"email": member.email})
    form_url = client.get(link_from(mail.outbox[-1]), follow=True).redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "nieuw-Wachtwoord-77", "new_password2": "nieuw-Wachtwoord-77"}
    )
    assert response.status_code == 302
    assert not elsewhere.get("/").wsgi_request.user.is_authenticated


def test_coordinator_role_gives_the_admin_review_and_removal_takes_it_away(client, home):
    membership = MembershipFactory(organisation__name="Kenniscentrum", role=Membership.COORDINATOR)
    application = MembershipApplication.objects.create(**APPLICATION)
    client.force_login(membership.user)
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


def test_rate_limit_counts_per_client_behind_the_proxy(client, home, settings):
    settings.TRUSTED_PROXIES = 1
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


def test_forged_forwarded_for_does_not_bypass_the_limit_without_a_proxy(client, home, settings):
    settings.TRUSTED_PROXIES = 0
    for n in range(5):
        client.post(reverse("network:apply"), APPLICATION, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    forged = client.post(
        reverse("network:apply"), APPLICATION, HTTP_X_FORWARDED_FOR="198.51.100.99"
    )
    assert forged.status_code == 429
    assert MembershipApplication.objects.count() == 5


def test_only_the_address_the_trusted_proxy_saw_counts(settings):
    factory = RequestFactory()
    forged = factory.post(
        "/", HTTP_X_FORWARDED_FOR="203.0.113.7, 192.0.2.1", REMOTE_ADDR="10.0.0.2"
    )
    settings.TRUSTED_PROXIES = 0
    assert ratelimit.client_address(forged) == "10.0.0.2"
    settings.TRUSTED_PROXIES = 1
    assert ratelimit.client_address(forged) == "192.0.2.1"  # not what the client wrote
    settings.TRUSTED_PROXIES = 2
    assert ratelimit.client_address(forged) == "203.0.113.7"
    settings.TRUSTED_PROXIES = 3  # fewer entries than proxies: the header is incomplete
    assert ratelimit.client_address(forged) == "10.0.0.2"


def test_rate_limit_is_shared_between_worker_processes(client, home):
    """The count lives in the database, not in a per-process cache: emptying this process's
    cache (as a request to another gunicorn worker would see it) does not reset it."""
    for _ in range(5):
        client.post(reverse("network:apply"), APPLICATION)
    cache.clear()
    assert client.post(reverse("network:apply"), APPLICATION).status_code == 429
    assert RateLimitAttempt.objects.filter(scope="apply").count() == 5  # refusals not counted


def test_rate_limit_window_slides_and_old_attempts_are_removed(rf, db):
    from datetime import timedelta

    from django.utils import timezone

    request = rf.post("/", REMOTE_ADDR="192.0.2.5")
    request.user = None
    assert all(ratelimit.hit(request, "test", 2, 60) for _ in range(2))
    assert not ratelimit.hit(request, "test", 2, 60)
    RateLimitAttempt.objects.update(created_at=timezone.now() - timedelta(seconds=61))
    assert ratelimit.hit(request, "test", 2, 60)
    assert RateLimitAttempt.objects.count() == 1


def test_org_admin_sees_and_withdraws_a_pending_invitation(
    client, home, org_admin, django_capture_on_commit_callbacks
):
    user, organisation = org_admin
    client.force_login(user)
    url = reverse("network:invite", args=[organisation.slug])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": "vergissing@example.org", "role": "member"})
    link = link_from(mail.outbox[-1])
    invitation = Invitation.objects.get(email="vergissing@example.org")
    page = client.get(url)
    assert list(page.context["pending"]) == [invitation]
    withdraw = reverse("network:invitation_withdraw", args=[organisation.slug, invitation.pk])
    assert withdraw in page.content.decode()
    assert client.get(withdraw).status_code == 405  # only a POST withdraws

    response = client.post(withdraw)
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_by == user
    assert invitation.revoked_at is not None
    assert list(client.get(url).context["pending"]) == []

    visitor = client.__class__()
    page = visitor.get(link)
    assert page.status_code == 410
    assert page.context["reason"] == "revoked"
    assert "uitnodigingslink werkt niet meer" in page.content.decode()  # the invalid page
    accepted = visitor.post(
        link,
        {
            "first_name": "X",
            "last_name": "Y",
            "password1": "nog-een-Wachtwoord-7",
            "password2": "nog-een-Wachtwoord-7",
        },
    )
    assert accepted.status_code == 410
    assert not get_user_model().objects.filter(email="vergissing@example.org").exists()


def test_accepted_invitations_cannot_be_withdrawn_and_others_cannot_withdraw(
    client, home, org_admin
):
    user, organisation = org_admin
    invitation, _token = Invitation.create(
        email="x@example.org", organisation=organisation, role=Membership.MEMBER
    )
    other = MembershipFactory(organisation__name="Ander Steunpunt", role=Membership.ORG_ADMIN)
    other_org = other.organisation
    client.force_login(other.user)
    # Not through another organisation's page, nor through one's own.
    own = reverse("network:invitation_withdraw", args=[other_org.slug, invitation.pk])
    theirs = reverse("network:invitation_withdraw", args=[organisation.slug, invitation.pk])
    assert client.post(own).status_code == 404
    assert client.post(theirs).status_code == 403
    invitation.refresh_from_db()
    assert invitation.revoked_at is None

    Invitation.objects.filter(pk=invitation.pk).update(accepted_at=invitation.created_at)
    client.force_login(user)
    client.post(theirs)
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def edit_data(organisation, **addresses):
    locations = list(Location.objects.filter(organisation=organisation).order_by("pk"))
    data = {
        "name": organisation.name,
        "alternate_name": organisation.alternate_name,
        "description": organisation.description,
        "website": organisation.website,
        "email": organisation.email,
        "contact_visibility": organisation.contact_visibility,
        "phone": "",
        "locations-TOTAL_FORMS": str(max(len(locations), 1)),
        "locations-INITIAL_FORMS": str(len(locations)),
        "locations-MIN_NUM_FORMS": "0",
        "locations-MAX_NUM_FORMS": "1000",
    }
    for n, location in enumerate(locations):
        data[f"locations-{n}-id"] = str(location.pk)
        data[f"locations-{n}-organisation"] = str(organisation.pk)
        for name in ("address_1", "postcode", "city", "province"):
            data[f"locations-{n}-{name}"] = getattr(location, name)
    for key, value in addresses.items():
        data[f"locations-{key}"] = value
    return data


def test_org_admin_edits_the_address_of_a_location(client, home, org_admin):
    user, organisation = org_admin
    client.force_login(user)
    url = reverse("network:organisation_edit", args=[organisation.slug])
    page = client.get(url)
    assert 'name="locations-0-postcode"' in page.content.decode()
    location = organisation.locations.get()
    response = client.post(
        url,
        edit_data(
            organisation,
            **{
                "0-address_1": "Nieuwe Gracht 5",
                "0-postcode": "3512lz",
                "0-city": "Utrecht",
                "0-province": "utrecht",
            },
        ),
    )
    assert response.status_code == 302
    location.refresh_from_db()
    assert (location.address_1, location.postcode) == ("Nieuwe Gracht 5", "3512 LZ")
    change = OrganisationChange.objects.get()
    assert change.user == user
    assert change.changes == {
        f"location {location.pk}: address_1": {"old": "Teststraat 1", "new": "Nieuwe Gracht 5"},
        f"location {location.pk}: postcode": {"old": "3511 AA", "new": "3512 LZ"},
    }


@pytest.mark.parametrize("postcode", ["12345", "0123 AB", "AB 1234", "1234 ABC"])
def test_address_edit_rejects_a_postcode_that_is_not_dutch(client, home, org_admin, postcode):
    user, organisation = org_admin
    client.force_login(user)
    url = reverse("network:organisation_edit", args=[organisation.slug])
    data = edit_data(organisation, **{"0-postcode": postcode})
    data["alternate_name"] = "Ook niet bewaard"
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["addresses"].forms[0]
    assert form.errors["postcode"] == ["Vul een Nederlandse postcode in, zoals 1234 AB."]
    organisation.refresh_from_db()
    assert organisation.alternate_name == ""
    assert organisation.locations.get().postcode == "3511 AA"
    assert not OrganisationChange.objects.exists()


def test_organisation_without_a_location_can_add_its_address(client, home, django_user_model):
    organisation = Organisation.objects.create(name="Zonder Adres")
    user = django_user_model.objects.create_user("za", "za@example.org", "x-geheim-9")
    Membership.objects.create(user=user, organisation=organisation, role=Membership.ORG_ADMIN)
    client.force_login(user)
    url = reverse("network:organisation_edit", args=[organisation.slug])
    data = edit_data(organisation)
    data.update(
        {
            "locations-0-address_1": "Dorpsstraat 1",
            "locations-0-postcode": "9999 ZZ",
            "locations-0-city": "Ergens",
            "locations-0-province": "groningen",
        }
    )
    assert client.post(url, data).status_code == 302
    location = organisation.locations.get()
    assert (location.city, location.postcode) == ("Ergens", "9999 ZZ")
    assert location.province == "groningen"
    # An untouched empty address form adds nothing.
    other = Organisation.objects.create(name="Nog Steeds Zonder")
    Membership.objects.create(user=user, organisation=other, role=Membership.ORG_ADMIN)
    url = reverse("network:organisation_edit", args=[other.slug])
    assert client.post(url, edit_data(other)).status_code == 302
    assert not other.locations.exists()


def test_email_subjects_are_not_html_escaped(db):
    application = MembershipApplication(
        organisation_name='Stichting "Hulp & Recht" <Noord>', city="Zwolle"
    )
    message = send_mail_template(
        "application_new",
        {"application": application, "review_url": "http://testserver/x"},
        to=["c@example.org"],
    )
    assert message.subject == 'Nieuwe aanmelding: Stichting "Hulp & Recht" <Noord>'
