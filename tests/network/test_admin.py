import pytest
from django.urls import reverse

from network.models import (
    Event,
    Expert,
    Invitation,
    Membership,
    MembershipApplication,
    Organisation,
    Service,
)
from tests.factories import OrganisationFactory


@pytest.mark.parametrize(
    "model", [Organisation, Service, Membership, Expert, Event], ids=lambda m: m.__name__
)
def test_coordinators_edit_the_network_in_the_admin(admin_client, model):
    OrganisationFactory(name="Beheerd Steunpunt")
    label = f"{model._meta.app_label}_{model._meta.model_name}"
    for view in ("list", "add"):
        response = admin_client.get(reverse(f"wagtailsnippets_{label}:{view}"))
        assert response.status_code == 200, view


def test_organisation_edit_form_in_admin_saves_locations(admin_client):
    org = OrganisationFactory(name="Beheerd Steunpunt")
    url = reverse("wagtailsnippets_network_organisation:edit", args=[org.pk])
    assert admin_client.get(url).status_code == 200


def test_application_review_lists_pending(admin_client):
    MembershipApplication.objects.create(
        organisation_name="Stichting Wachtend",
        city="Eindhoven",
        contact_name="A",
        email="a@example.org",
        motivation="x",
    )
    response = admin_client.get(reverse("network_applications:index"))
    assert response.status_code == 200
    assert "Stichting Wachtend" in response.content.decode()


def test_invitations_are_listed_read_only_and_can_be_withdrawn(admin_client):
    organisation = OrganisationFactory(name="Uitnodigend Steunpunt")
    invitation, token = Invitation.create(
        email="nieuw@example.org", organisation=organisation, role=Membership.MEMBER
    )
    listing = admin_client.get(reverse("wagtailsnippets_network_invitation:list"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "nieuw@example.org" in html
    revoke_url = reverse("wagtailsnippets_network_invitation:revoke", args=[invitation.pk])
    assert revoke_url in html
    # Read-only: no adding or editing invitations by hand.
    assert admin_client.get(reverse("wagtailsnippets_network_invitation:add")).status_code in (
        302,
        403,
    )
    edit = reverse("wagtailsnippets_network_invitation:edit", args=[invitation.pk])
    assert admin_client.get(edit).status_code in (302, 403)

    assert "nieuw@example.org" in admin_client.get(revoke_url).content.decode()
    response = admin_client.post(revoke_url)
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    accept = admin_client.get(reverse("network:accept_invitation", args=[token]))
    assert accept.status_code == 410
    assert accept.context["reason"] == "revoked"
    html = admin_client.get(reverse("wagtailsnippets_network_invitation:list")).content.decode()
    assert revoke_url not in html


def test_invitation_admin_is_closed_to_members(client, member):
    organisation = OrganisationFactory(name="Steunpunt")
    invitation, _token = Invitation.create(
        email="n@example.org", organisation=organisation, role=Membership.MEMBER
    )
    client.force_login(member)
    url = reverse("wagtailsnippets_network_invitation:revoke", args=[invitation.pk])
    assert client.post(url).status_code in (302, 403)
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
