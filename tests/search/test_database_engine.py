"""Database-engine specifics beyond the shared contract."""

import pytest

from search.engines import database
from search.engines.base import SearchQuery
from search.engines.database import DatabaseEngine
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
    monkeypatch.setattr(database, "FACET_SAMPLE", 1)
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
