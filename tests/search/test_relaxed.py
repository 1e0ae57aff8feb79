"""When no document holds every word, search shows those holding some of them, and says so."""

import pytest

from search.documents import IndexDocument
from search.engines.base import SearchQuery
from search.query import parse, relaxed, with_dutch_forms
from search.service import run_search
from tests.search.conftest import MEMBERS_DOC_MARKER


def _relaxed_tree(text):
    loosened = relaxed(with_dutch_forms(parse(text)))
    return loosened.tree if loosened else None


def test_only_queries_that_can_be_loosened_are():
    from search.query import And, Or, Phrase, Term

    assert _relaxed_tree("vergunning") is None
    assert _relaxed_tree('"medische noodsituatie"') is None
    tree = _relaxed_tree("vergunning Italië -dublin")
    assert tree.required == (Or((Term("vergunning"), Term("Italië"))),)
    assert tree.excluded == (Term("dublin"),)
    # A phrase stays a phrase; a compound becomes its parts.
    tree = _relaxed_tree('"medische noodsituatie" intakeprotocol')
    assert Phrase(("medische", "noodsituatie")) in tree.required[0].alternatives
    assert {Term("intake"), Term("protocol")} <= set(tree.required[0].alternatives)
    assert isinstance(tree, And)
    # A cited article is what the user is after: texts on other articles are no partial match.
    assert _relaxed_tree("artikel 3 EVRM") is None
    assert _relaxed_tree("art. 8:75 Awb") is None


@pytest.mark.usefixtures("site_index")
def test_a_query_no_document_wholly_holds_shows_partial_matches(client):
    results = run_search(SearchQuery(text="verblijfsvergunning Eritrea"))
    assert results.relaxed
    assert results.total and "caselaw:1" in [hit.id for hit in results.hits]
    html = client.get("/zoeken/", {"q": "verblijfsvergunning Eritrea"}).content.decode()
    assert "Geen resultaat bevat alle woorden" in html
    api = client.get("/api/search/", {"q": "verblijfsvergunning Eritrea"}).json()
    assert api["relaxed"] is True and api["total"] == results.total


@pytest.mark.usefixtures("site_index")
def test_a_query_that_matches_as_typed_is_not_loosened(client):
    results = run_search(SearchQuery(text="medische noodsituatie"))
    assert not results.relaxed and results.total
    api = client.get("/api/search/", {"q": "medische noodsituatie"}).json()
    assert "relaxed" not in api


@pytest.mark.usefixtures("site_index")
def test_partial_matches_keep_the_members_rule(db):
    # The members-only protocol holds the marker; a visitor's loosened search must not find it.
    text = f"{MEMBERS_DOC_MARKER} zeldzaamwoord"
    visitor = run_search(SearchQuery(text=text))
    assert visitor.total == 0
    member = run_search(SearchQuery(text=text, member=True))
    assert member.relaxed and [hit.id for hit in member.hits] == ["protocol:1"]


@pytest.mark.usefixtures("site_index")
def test_a_first_page_with_few_full_matches_is_completed_apart_with_partial_ones(client):
    results = run_search(SearchQuery(text="noodsituatie vergunning"))
    assert not results.relaxed
    full = [hit.id for hit in results.hits]
    partial = [hit.id for hit in results.partial_hits]
    assert full == ["caselaw:1"]
    assert {"article:1", "glossary:1"} <= set(partial) and "caselaw:1" not in partial
    html = client.get("/zoeken/", {"q": "noodsituatie vergunning"}).content.decode()
    assert "Ook gevonden, met een deel van de woorden" in html
    assert html.index("/rechtspraak/rvs-2020-1234/") < html.index("/begrippen/noodsituatie/")
    api = client.get("/api/search/", {"q": "noodsituatie vergunning"}).json()
    assert api["total"] == 1 and "relaxed" not in api
    assert {hit["url"] for hit in api["partial_results"]} >= {"/begrippen/noodsituatie/"}
    # A query citing an article gets none: texts on other articles are wrong answers.
    assert not run_search(SearchQuery(text="artikel 64 noodsituatie")).partial_hits


def test_partial_matches_below_full_ones_keep_the_members_rule(site_index):
    site_index.index(
        [
            IndexDocument(
                id="article:9",
                type="article",
                title="Kinderen in een noodsituatie",
                url="/artikelen/kinderen-noodsituatie/",
                public_text="Kinderen en de medische noodsituatie.",
            )
        ]
    )
    visitor = run_search(SearchQuery(text="kinderen noodsituatie"))
    assert [hit.id for hit in visitor.hits] == ["article:9"]
    assert visitor.partial_hits and "protocol:1" not in [hit.id for hit in visitor.partial_hits]
    member = run_search(SearchQuery(text="kinderen noodsituatie", member=True))
    assert "protocol:1" in [hit.id for hit in member.partial_hits]
