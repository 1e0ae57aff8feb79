"""Database-engine specifics beyond the shared contract."""

import datetime

import pytest

from search.engines.base import SearchQuery
from search.engines.database import DatabaseEngine, reader, sqlite
from search.models import SearchDocument, SearchFacet, SearchIdentifier
from tests.search.conftest import corpus


@pytest.fixture
def indexed(db):
    engine = DatabaseEngine()
    engine.clear()
    engine.index(corpus())
    return engine


def test_facets_of_very_common_words_are_counted_over_the_best_results(indexed, monkeypatch):
    exact = indexed.search(SearchQuery(text="noodsituatie"))
    assert exact.facets_sampled is False
    assert sum(v.count for v in exact.facets["type"]) == exact.total == 3
    monkeypatch.setattr(reader, "FACET_SAMPLE", 1)
    sampled = indexed.search(SearchQuery(text="noodsituatie"))
    assert sampled.facets_sampled is True
    assert sampled.total == 3 and len(sampled.hits) == 3
    assert sum(v.count for v in sampled.facets["type"]) == 1


def test_replacing_and_deleting_leave_no_orphans(indexed):
    assert indexed.index([]) == 0
    indexed.delete(["caselaw:1", "caselaw:2"])
    remaining = set(SearchDocument.objects.values_list("pk", flat=True))
    assert set(SearchFacet.objects.values_list("document_id", flat=True)) <= remaining
    assert set(SearchIdentifier.objects.values_list("document_id", flat=True)) <= remaining
    assert indexed.search(SearchQuery(text="ECLI:NL:RVS:2020:1234")).total == 0


def _article(doc_id, title, text, date=None):
    from search.documents import IndexDocument

    return IndexDocument(
        id=doc_id, type="article", title=title, url=f"/{doc_id}/", public_text=text, date=date
    )


@pytest.mark.skipif(
    "sqlite" not in __import__("django.db").db.connection.vendor,
    reason="the capped bm25 candidate set is SQLite's",
)
def test_sqlite_ranks_the_newest_matches_and_every_title_match(db, monkeypatch):
    engine = DatabaseEngine()
    engine.clear()
    body = "De staatssecretaris weigerde de verblijfsvergunning. "
    engine.index(
        [
            # Indexed first (oldest): the word only in its title.
            _article("old-title", "Verblijfsvergunning", "Een korte tekst zonder het woord."),
            # Indexed second: the word many times in its text, not in the title.
            _article("old-text", "Oud bericht", body * 20),
            *[_article(f"new-{i}", f"Bericht {i}", body) for i in range(4)],
        ]
    )
    monkeypatch.setattr(reader, "FACET_SAMPLE", 1)
    monkeypatch.setattr(sqlite, "SQLITE_RANK_CANDIDATES", 3)

    def ranked():
        results = engine.search(SearchQuery(text="verblijfsvergunning", per_page=2))
        assert results.total == 6, "the total counts every match, ranked or not"
        return [hit.id for hit in results.hits]

    found = ranked()
    assert found[0] == "old-title", "a title match is always ranked"
    # The old text is outside the newest three and has no title match: it is not ranked.
    assert "old-text" not in found
    monkeypatch.setattr(sqlite, "SQLITE_RANK_CANDIDATES", 5000)
    assert ranked() == ["old-title", "old-text"], "uncapped, bm25 ranks the frequent use next"


def test_sqlite_year_bounds(db):
    """The lowest and highest year a year filter turns into tokens (an empty index has none)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's year tokens")
    engine = DatabaseEngine()
    engine.clear()
    assert sqlite.year_bounds() == (None, None)
    engine.index(
        [
            _article(f"year-{year}", f"Bericht {year}", "Tekst", date=datetime.date(year, 1, 1))
            for year in (2015, 2001, 2023)
        ]
    )
    assert sqlite.year_bounds() == ("2001", "2023")
    results = engine.search(SearchQuery(text="tekst", year_from=2010))
    assert {hit.id for hit in results.hits} == {"year-2015", "year-2023"}
