"""The front page shows what is new: rulings, articles and events, never members-only ones to
visitors."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from network.models import Event
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    CaseLawIndexPageFactory,
    CaseLawPageFactory,
)

pytestmark = pytest.mark.django_db

RESTRICTED_RULING_MARKER = "VOORPAGINALEDEN-3c81"
MEMBERS_EVENT_MARKER = "LEDENBIJEENKOMST-77d2"


def event(title, audience=Event.PUBLIC, days=7):
    start = timezone.now() + datetime.timedelta(days=days)
    return Event.objects.create(
        title=title, start=start, end=start + datetime.timedelta(hours=2), audience=audience
    )


@pytest.fixture
def news(home, members_group):
    caselaw = CaseLawIndexPageFactory(parent=home, slug="jurisprudentie")
    older = CaseLawPageFactory(parent=caselaw, decision_date=datetime.date(2019, 1, 1))
    newer = CaseLawPageFactory(
        parent=caselaw,
        decision_date=datetime.date(2024, 3, 5),
        summary="<p>Beroep gegrond.</p><p>Medische noodsituatie onvoldoende onderzocht.</p>",
    )
    restricted = CaseLawPageFactory(
        parent=caselaw, decision_date=datetime.date(2025, 1, 1), title=RESTRICTED_RULING_MARKER
    )
    restriction = PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(members_group)
    articles = ArticleIndexPageFactory(parent=home, slug="artikelen")
    article = ArticlePageFactory(parent=articles, title="Nieuwe handreiking opvang")
    event("Landendag Eritrea")
    event(MEMBERS_EVENT_MARKER, audience=Event.MEMBERS)
    event("Afgelopen training", days=-30)
    return {"older": older, "newer": newer, "article": article}


def test_front_page_lists_the_newest_public_rulings_articles_and_events(client, news):
    html = client.get("/").content.decode()
    assert html.index(news["newer"].title) < html.index(news["older"].title)
    assert "Beroep gegrond. Medische noodsituatie" in html  # the summary, paragraphs apart
    assert "Nieuwe handreiking opvang" in html
    assert "Landendag Eritrea" in html
    assert "Afgelopen training" not in html


def test_front_page_shows_visitors_nothing_members_only(client, outsider, news):
    signed_in = Client()
    signed_in.force_login(outsider)
    for visitor in (client, signed_in):
        html = visitor.get("/").content.decode()
        assert RESTRICTED_RULING_MARKER not in html
        assert MEMBERS_EVENT_MARKER not in html


def test_members_see_members_events_on_the_front_page(member_client, news):
    html = member_client.get("/").content.decode()
    assert MEMBERS_EVENT_MARKER in html
    # Restricted pages stay out of the front page for everyone; members find them in the section.
    assert RESTRICTED_RULING_MARKER not in html
