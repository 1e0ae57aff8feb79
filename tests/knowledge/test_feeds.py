"""Atom feeds of new case law (all, per topic, per court) and of new articles."""

import datetime
import re
from xml.etree import ElementTree

import pytest

from tests.factories import ArticlePageFactory, CaseLawPageFactory, TopicFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    return feed, [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "id": entry.findtext(f"{ATOM}id"),
            "summary": entry.findtext(f"{ATOM}summary") or "",
            "link": entry.find(f"{ATOM}link").get("href"),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


@pytest.fixture
def rulings(sections):
    dublin = TopicFactory(name="Dublin", slug="dublin")
    index = sections["caselaw"]
    return {
        "old": CaseLawPageFactory(
            parent=index,
            ecli="ECLI:NL:RVS:2019:100",
            court="Raad van State",
            decision_date=datetime.date(2019, 2, 1),
            topics=[dublin],
        ),
        "new": CaseLawPageFactory(
            parent=index,
            ecli="ECLI:NL:RBDHA:2024:200",
            court="Rechtbank Den Haag",
            decision_date=datetime.date(2024, 3, 1),
            summary="<p>De rechtbank verklaart het beroep gegrond.</p>",
            annotation="<p>FEEDANNOTATIE-public-1 Openbare annotatie.</p>",
            annotation_members_only=False,
        ),
        "members": CaseLawPageFactory(
            parent=index,
            ecli="ECLI:NL:RBDHA:2023:300",
            court="Rechtbank Den Haag",
            decision_date=datetime.date(2023, 3, 1),
            annotation="<p>FEEDANNOTATIE-leden-2 Besloten annotatie.</p>",
            annotation_members_only=True,
            topics=[dublin],
        ),
    }


def test_case_law_feed_lists_new_rulings_first(client, rulings):
    feed, items = entries(client, "/jurisprudentie/feed/")

    assert feed.findtext(f"{ATOM}title") == "Nieuwe jurisprudentie"
    assert [i["id"] for i in items] == [
        "ECLI:NL:RBDHA:2024:200",
        "ECLI:NL:RBDHA:2023:300",
        "ECLI:NL:RVS:2019:100",
    ]
    assert items[0]["link"].endswith(rulings["new"].url)
    assert "beroep gegrond" in items[0]["summary"]


def test_case_law_page_advertises_its_feed(client, rulings):
    html = client.get("/jurisprudentie/").content.decode()
    assert 'type="application/atom+xml"' in html and 'href="/jurisprudentie/feed/"' in html


def test_topic_and_court_feeds_filter(client, rulings):
    _feed, by_topic = entries(client, "/jurisprudentie/feed/onderwerp/dublin/")
    assert [i["id"] for i in by_topic] == ["ECLI:NL:RBDHA:2023:300", "ECLI:NL:RVS:2019:100"]

    _feed, by_court = entries(client, "/jurisprudentie/feed/instantie/rbdha/")
    assert [i["id"] for i in by_court] == ["ECLI:NL:RBDHA:2024:200", "ECLI:NL:RBDHA:2023:300"]

    _feed, nothing = entries(client, "/jurisprudentie/feed/instantie/ONBEKEND/")
    assert nothing == []


def alternate_feeds(html: str) -> dict[str, str]:
    return {
        href: title
        for title, href in re.findall(
            r'<link rel="alternate" type="application/atom\+xml" title="([^"]*)" href="([^"]*)"',
            html,
        )
    }


def test_filtered_case_law_list_offers_the_matching_topic_and_court_feeds(client, rulings):
    html = client.get("/jurisprudentie/").content.decode()
    assert alternate_feeds(html) == {"/jurisprudentie/feed/": "Nieuwe jurisprudentie"}

    html = client.get("/jurisprudentie/", {"topic": "dublin", "court": "RVS"}).content.decode()
    assert alternate_feeds(html) == {
        "/jurisprudentie/feed/": "Nieuwe jurisprudentie",
        "/jurisprudentie/feed/onderwerp/dublin/": "Nieuwe jurisprudentie over Dublin",
        "/jurisprudentie/feed/instantie/RVS/": "Nieuwe jurisprudentie van Raad van State",
    }
    # Also as visible links, for people without a feed-detecting browser.
    assert html.count('href="/jurisprudentie/feed/instantie/RVS/"') == 2  # <link> and <a>
    assert html.count('href="/jurisprudentie/feed/onderwerp/dublin/"') == 2

    # The feed calls the court by its name, as the link did.
    feed, _items = entries(client, "/jurisprudentie/feed/instantie/RVS/")
    assert feed.findtext(f"{ATOM}title") == "Nieuwe jurisprudentie van Raad van State"


def test_unknown_topic_feed_is_404(client, rulings):
    assert client.get("/jurisprudentie/feed/onderwerp/bestaat-niet/").status_code == 404


def test_feeds_never_carry_annotations(member_client, rulings):
    for url in ("/jurisprudentie/feed/", "/jurisprudentie/feed/onderwerp/dublin/"):
        xml = member_client.get(url).content.decode()
        assert "FEEDANNOTATIE" not in xml


def test_unpublished_ruling_leaves_the_feed(client, rulings):
    rulings["new"].unpublish()
    _feed, items = entries(client, "/jurisprudentie/feed/")
    assert "ECLI:NL:RBDHA:2024:200" not in [i["id"] for i in items]


def test_article_feed(client, sections):
    ArticlePageFactory(
        parent=sections["articles"], title="Ouder bericht", date=datetime.date(2023, 1, 1)
    )
    ArticlePageFactory(
        parent=sections["articles"],
        title="Nieuw bericht",
        date=datetime.date(2025, 1, 1),
        intro="Korte inleiding.",
    )

    feed, items = entries(client, "/artikelen/feed/")

    assert feed.findtext(f"{ATOM}title") == "Nieuwe artikelen"
    assert [i["title"] for i in items] == ["Nieuw bericht", "Ouder bericht"]
    assert items[0]["summary"] == "Korte inleiding."


def test_summaries_are_plain_text_so_quoted_markup_stays_text(client, sections):
    """A ruling that quotes markup ("&lt;script&gt;" in its HTML) must not turn it into live
    markup in a feed reader: the summary is declared text, not HTML."""
    CaseLawPageFactory(
        parent=sections["caselaw"],
        summary="<p>Het bericht bevatte &lt;script&gt;alert(1)&lt;/script&gt; als tekst.</p>",
    )
    ArticlePageFactory(parent=sections["articles"], intro="Over <i>nadruk</i> in een inleiding.")
    summaries = {}
    for url in ("/jurisprudentie/feed/", "/artikelen/feed/"):
        feed = ElementTree.fromstring(client.get(url).content)
        [summary] = feed.findall(f"{ATOM}entry/{ATOM}summary")
        assert summary.get("type") == "text"
        summaries[url] = summary.text
    # The quoted markup is kept, as words to read.
    assert "<script>alert(1)</script> als tekst" in summaries["/jurisprudentie/feed/"]
    assert summaries["/artikelen/feed/"] == "Over <i>nadruk</i> in een inleiding."
