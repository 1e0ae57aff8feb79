"""Totals the database engine stops counting at: "more than N", on every database vendor."""

import pytest
from django.db import connection

from search.engines.base import SearchQuery
from search.engines.database import VENDORS, DatabaseEngine
from search.engines.database import postgresql as pg

SEARCH = "/zoeken/"
API = "/api/search/"


@pytest.fixture
def capped(site_index, monkeypatch):
    """The corpus indexed, and the active vendor counting no further than two matches."""
    monkeypatch.setattr(VENDORS[connection.vendor].search, "count_cap", 2)
    return site_index


def test_the_database_engine_reports_a_total_above_its_cap_as_more_than(capped):
    results = DatabaseEngine().search(SearchQuery(text="noodsituatie"))
    assert results.total == 2 and results.total_capped is True
    assert len(results.hits) >= results.total, "more than the total: at least as many hits"
    exact = DatabaseEngine().search(SearchQuery(text="vergunningen"))
    assert exact.total == 2 and exact.total_capped is False, "two matches: counted exactly"


def test_the_page_and_the_api_say_more_than(capped, client):
    html = client.get(SEARCH, {"q": "noodsituatie"}).content.decode()
    assert "Meer dan 2 resultaten" in html
    body = client.get(API, {"q": "noodsituatie"}).json()
    assert body["total"] == 2 and body["total_capped"] is True
    html = client.get(SEARCH, {"q": "vergunningen"}).content.decode()
    assert "2 resultaten" in html and "Meer dan" not in html
    assert client.get(API, {"q": "vergunningen"}).json()["total_capped"] is False


def test_an_uncapped_count_is_exact(site_index):
    results = DatabaseEngine().search(SearchQuery(text="noodsituatie"))
    assert results.total == 3 and results.total_capped is False


@pytest.mark.skipif(
    "postgresql" not in connection.vendor, reason="PostgreSQL counts up to a cap, SQLite exactly"
)
def test_postgresql_counts_up_to_the_deepest_reachable_result():
    from search.engines.base import MAX_RESULT_WINDOW

    assert pg.PostgresSearch.count_cap == pg.PG_COUNT_CAP == MAX_RESULT_WINDOW
