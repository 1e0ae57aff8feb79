"""Choosing the engine, and answering from the database when Elasticsearch is away."""

from django.test import override_settings

from search import service
from search.engines.base import SearchQuery
from search.engines.database import DatabaseEngine
from tests.search.conftest import corpus


def test_database_engine_by_default(db):
    assert isinstance(service.get_engine(), DatabaseEngine)


@override_settings(SEARCH_ENGINE="elasticsearch", ELASTICSEARCH_URL="http://127.0.0.1:9")
def test_unreachable_elasticsearch_falls_back_to_the_database(db):
    engine = service.get_engine()
    assert isinstance(engine, service.FallbackEngine)
    assert engine.name == "elasticsearch"
    # Writes reach the database engine even though Elasticsearch refuses the connection.
    engine.index(corpus())
    assert DatabaseEngine().count() == 5
    results = engine.search(SearchQuery(text="vergunning"))
    assert results.degraded is True
    assert results.engine == "database"
    assert results.total == 2
    assert "niet bereikbaar" in results.notice
    assert engine.suggest("medis", member=False)
    engine.delete(["article:1"])
    assert DatabaseEngine().count() == 4
    engine.clear()
    assert DatabaseEngine().count() == 0


def test_query_from_params_cleans_everything():
    from django.http import QueryDict

    params = QueryDict(
        "q=asiel&type=caselaw&type=&country=sy&year_from=2024&year_to=2019&sort=weird&page=x"
    )
    query = service.query_from_params(params, member=False)
    assert query.text == "asiel"
    assert query.types == ["caselaw"]
    assert query.countries == ["SY"]
    assert (query.year_from, query.year_to) == (2019, 2024)
    assert query.sort == "relevance"
    assert query.page == 1
    huge = service.query_from_params(QueryDict("page=99999999999999999999"), member=True)
    assert huge.page == 500 and huge.member


def test_a_database_without_known_full_text_search_is_refused_at_start_up(monkeypatch):
    from django.db import connections

    from search.checks import check_database_vendor

    assert check_database_vendor() == []
    monkeypatch.setattr(type(connections["default"]), "vendor", "mysql")
    [error] = check_database_vendor()
    assert error.id == "search.E001" and "mysql" in error.msg


def test_writes_skip_elasticsearch_for_a_while_after_it_failed(db):
    from elasticsearch import exceptions

    class CountingUnreachable(DatabaseEngine):
        name = "elasticsearch"
        calls = 0

        def index(self, documents):
            type(self).calls += 1
            raise exceptions.ConnectionError("connection refused")

    engine = service.FallbackEngine(CountingUnreachable(), DatabaseEngine())
    engine.index(corpus())
    engine.index(corpus())
    # The second publish went straight to the database: no second wait for a timeout.
    assert CountingUnreachable.calls == 1
    assert DatabaseEngine().count() == 5
