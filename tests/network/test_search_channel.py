"""The portal search as a channel for directory, expert and event content."""

import pytest

from network.models import Event, Organisation
from tests.factories import (
    ContactFactory,
    EventFactory,
    ExpertFactory,
    MembershipFactory,
    OrganisationFactory,
)

ORG_MARKER = "kraanvogelmarker"
EXPERT_MARKER = "ijsvogelmarker"
EVENT_MARKER = "roerdompmarker"


@pytest.fixture
def indexed(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        org = OrganisationFactory(
            name="Steunpunt Zoekkanaal",
            contact_visibility=Organisation.MEMBERS,
            email=f"{ORG_MARKER}@example.org",
        )
        # A plain word as well: PostgreSQL reads an e-mail address as one token.
        ContactFactory(organisation=org, name=f"Contactpersoon {ORG_MARKER}")
        membership = MembershipFactory(organisation=org, user__username="zoekexpert")
        ExpertFactory(
            user=membership.user,
            organisation=org,
            display_name="Zoek Expert",
            expertise=EXPERT_MARKER,
        )
        EventFactory(
            title="Besloten overleg",
            description=f"<p>{EVENT_MARKER}</p>",
            days=3,
            hours=1,
            audience=Event.MEMBERS,
        )
    return org


TITLES = ["Steunpunt Zoekkanaal", "Zoek Expert", "Besloten overleg"]


@pytest.mark.parametrize("marker", [ORG_MARKER, EXPERT_MARKER, EVENT_MARKER])
def test_members_only_network_content_is_not_found_by_visitors(client, home, indexed, marker):
    # The query itself is echoed back, so look for what a hit would show instead.
    assert client.get("/api/search/", {"q": marker}).json()["total"] == 0
    for url in ["/zoeken/", "/api/search/", "/api/search/suggest/"]:
        body = client.get(url, {"q": marker}).content.decode()
        assert f"{ORG_MARKER}@example.org" not in body, url
        assert f"Contactpersoon {ORG_MARKER}" not in body, url
        assert not any(title in body for title in TITLES), url
    for prefix in ["zoek", "beslo"]:
        body = client.get("/api/search/suggest/", {"q": prefix}).content.decode()
        assert "Zoek Expert" not in body and "Besloten overleg" not in body


@pytest.mark.parametrize("marker", [ORG_MARKER, EXPERT_MARKER, EVENT_MARKER])
def test_members_find_members_only_network_content(member_client, home, indexed, marker):
    response = member_client.get("/api/search/", {"q": marker})
    assert response.status_code == 200
    assert response.json()["total"] >= 1


def test_visitors_find_the_organisation_by_public_text(client, home, indexed):
    response = client.get("/api/search/", {"q": "zoekkanaal"})
    assert response.json()["total"] == 1
