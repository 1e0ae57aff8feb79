"""“Bedoelde u …?”: corrections come from the index's own words, and never from members-only
documents for a visitor who is not a member."""

import pytest

from search.engines.base import SearchQuery
from search.service import run_search
from search.spelling import Vocabulary, corrected, edit_distance


def test_edit_distance_counts_swaps_as_one_edit_and_stops_early():
    assert edit_distance("eritrea", "eritera", 2) == 1  # two letters swapped
    assert edit_distance("staatloosheid", "staatloosheit", 2) == 1
    assert edit_distance("asielaanvraag", "asielaanvrag", 2) == 1
    assert edit_distance("opvang", "bijstand", 2) == 3  # beyond the limit: limit + 1


def test_the_closest_word_is_the_most_common_within_reach():
    vocabulary = Vocabulary.from_texts(
        ["Vergunning verleend", "Vergunningen en vergunning", "Verbinding", "Eritrea"]
    )
    assert vocabulary.closest("vergunnig") == "vergunning"  # one edit; held by two documents
    assert vocabulary.closest("Eritera") == "eritrea"
    assert vocabulary.closest("vergunning") is None  # known words are never corrected
    assert vocabulary.closest("xyz") is None  # too short to tell a typo from an abbreviation
    assert vocabulary.closest("bijstand") is None  # nothing within reach


def test_only_unknown_words_are_replaced(db):
    vocabulary_words = Vocabulary.from_texts(["Staatloosheid in Nederland"])
    from unittest import mock

    with mock.patch("search.spelling.vocabulary", return_value=vocabulary_words):
        assert corrected("staatloosheit OF opvang", False, lambda w: True) == (
            "staatloosheid OF opvang"
        )
        # A word the running text holds (the index finds it) is left alone.
        assert corrected("staatloosheit", False, lambda w: False) is None
        assert corrected("staatloosheid", False, lambda w: True) is None


@pytest.mark.usefixtures("site_index")
def test_a_query_that_finds_nothing_shows_the_corrections_results(db):
    results = run_search(SearchQuery(text="dublinoverdarcht"))
    assert results.corrected_from == "dublinoverdarcht"
    assert results.query.text == "dublinoverdracht"
    assert [hit.id for hit in results.hits] == ["caselaw:2"]


@pytest.mark.usefixtures("site_index")
def test_a_correction_never_comes_from_members_only_documents(db):
    # "ledenoverleg" stands only in the title of a members-only protocol.
    visitor = run_search(SearchQuery(text="ledenoverlek"))
    assert visitor.total == 0 and not visitor.suggestion and not visitor.corrected_from
    member = run_search(SearchQuery(text="ledenoverlek", member=True))
    assert member.corrected_from == "ledenoverlek"
    assert [hit.id for hit in member.hits] == ["protocol:1"]


@pytest.mark.usefixtures("site_index")
def test_the_search_page_and_the_api_say_what_was_searched(client):
    html = client.get("/zoeken/", {"q": "dublinoverdarcht"}).content.decode()
    assert "dublinoverdracht" in html and "dublinoverdarcht" in html
    assert "Resultaten voor" in html and "is niets gevonden" in html
    api = client.get("/api/search/", {"q": "dublinoverdarcht"}).json()
    assert api["corrected_from"] == "dublinoverdarcht"
    assert api["query"] == "dublinoverdracht"
    assert api["results"][0]["id"] == "caselaw:2"


def _index(*documents):
    from search.service import get_engine

    engine = get_engine()
    engine.clear()
    engine.index(documents)
    return engine


def _doc(doc_id, title, text="", doc_type="article", visibility="public"):
    from search.documents import IndexDocument

    return IndexDocument(
        id=doc_id,
        type=doc_type,
        title=title,
        url=f"/{doc_id}/",
        public_text=text,
        visibility=visibility,
    )


def test_a_page_restricted_a_moment_ago_gives_visitors_no_corrections(db):
    """The vocabulary follows the index itself, not only the content's changes: the index is
    written after the change commits, and words of a page restricted in between must not stay."""
    engine = _index(_doc("secret", "Geheimoverleg"))
    assert run_search(SearchQuery(text="geheimoverlek")).corrected_from == "geheimoverlek"
    engine.index([_doc("secret", "Geheimoverleg", visibility="members")])
    visitor = run_search(SearchQuery(text="geheimoverlek"))
    assert visitor.total == 0 and not visitor.corrected_from and not visitor.suggestion


def test_a_word_the_index_holds_outside_the_filters_is_not_corrected(db):
    _index(
        _doc("city", "Bericht", "Een opvang in Rotterdam."),
        _doc("term", "Rotterdan", "Een begrip.", doc_type="glossary"),
    )
    results = run_search(SearchQuery(text="rotterdam", types=["glossary"]))
    assert results.total == 0 and not results.corrected_from and not results.suggestion


def test_lists_that_page_through_matches_get_no_corrections(db):
    from search.service import ranked_matches

    _index(_doc("org", "Wereldhuis", "Inloop voor ongedocumenteerden.", doc_type="organisation"))
    assert run_search(SearchQuery(text="wereldhius")).corrected_from == "wereldhius"
    assert ranked_matches("organisation", "wereldhius", member=False) == []
