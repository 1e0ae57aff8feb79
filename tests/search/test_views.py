"""The search page, the JSON API and suggestions, as visitors and members use them."""

import pytest
from django.urls import reverse

from search import service
from search.engines.base import Engine
from search.engines.database import DatabaseEngine
from tests.search.conftest import ECLI, MEMBERS_DOC_MARKER, MEMBERS_TEXT_MARKER

SEARCH = "/zoeken/"
API = "/api/search/"
SUGGEST = "/api/search/suggest/"


@pytest.fixture(autouse=True)
def _index(site_index):
    return site_index


def test_url_names():
    assert reverse("search:search") == SEARCH
    assert reverse("search:api") == API
    assert reverse("search:suggest") == SUGGEST


def test_search_page_without_query_shows_the_form(client):
    response = client.get(SEARCH)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="q"' in html and 'for="search-q"' in html
    assert "resultaten" not in html


def test_search_page_shows_highlighted_results_facets_and_sorting(client):
    response = client.get(SEARCH, {"q": "vergunningen"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 resultaten" in html
    assert "Uitspraak over de weigering van een verblijfsvergunning" in html
    assert "<mark>vergunning</mark>" in html
    assert "<script>alert" not in html
    assert "Syrië" in html  # country facet with its Dutch name
    assert "Rechtspraak" in html  # type facet label
    assert "?q=vergunningen&amp;country=SY" in html
    assert "Datum, nieuwste eerst" in html


def test_search_page_filter_links_narrow_the_results(client):
    response = client.get(SEARCH, {"q": "vergunningen", "country": "SY"})
    html = response.content.decode()
    assert "1 resultaat" in html
    assert "filter Syrië verwijderen" in html


def test_ecli_puts_the_ruling_first_on_the_page(client):
    html = client.get(SEARCH, {"q": ECLI.lower()}).content.decode()
    first = html.index("Uitspraak over de weigering")
    second = html.index("Opvang en Dublinoverdracht")
    assert first < second


def test_zero_results_page_helps(client):
    html = client.get(SEARCH, {"q": "onvindbaarwoord"}).content.decode()
    assert "Er is niets gevonden." in html
    assert "ECLI:NL:RVS:2020:123" in html
    assert "log in als u lid bent" in html


def test_query_is_never_reflected_unescaped(client):
    attack = '<script>alert("x")</script> "><img src=x onerror=alert(1)>'
    for url in (SEARCH, API, SUGGEST):
        response = client.get(url, {"q": attack})
        assert response.status_code == 200
        body = response.content.decode()
        assert "<script>alert(" not in body
        assert "<img src=x" not in body


@pytest.mark.parametrize(
    "typed",
    ['"unbalanced', "((", "*", "NEAR(", "AND OR", "' OR 1=1 --", "x" * 10_000, "\x00\x01", "🙂"],
)
def test_bad_queries_answer_200(client, typed):
    for url in (SEARCH, API, SUGGEST):
        assert client.get(url, {"q": typed}).status_code == 200


@pytest.mark.parametrize("name", ["country", "topic", "tag", "court", "legal_area", "type"])
def test_control_characters_in_filters_answer_200(client, name):
    # PostgreSQL refuses NUL in text parameters; a filter value carrying one must not reach it.
    for url in (SEARCH, API):
        assert client.get(url, {"q": "vergunning", name: "a\x00b"}).status_code == 200
        assert client.get(url, {name: "\x00"}).status_code == 200


def test_a_query_of_only_control_characters_searches_nothing(client):
    body = client.get(API, {"q": "\x00\x00"}).json()
    assert body["total"] == 0 and body["results"] == []


def test_nothing_to_search_for_says_so_in_dutch(client):
    html = client.get(SEARCH, {"q": "-alleen"}).content.decode()
    assert "We vonden geen woorden om op te zoeken." in html
    body = client.get(API, {"q": "*"}).json()
    assert body["total"] == 0 and "zoekwoorden" in body["message"]


@pytest.mark.parametrize("page", ["abc", "-3", "0", "999999", "1e9", "", "2.5"])
def test_bad_page_numbers_give_a_sensible_page(client, page):
    response = client.get(SEARCH, {"q": "noodsituatie", "page": page})
    assert response.status_code == 200
    assert "Medische noodsituatie" in response.content.decode()
    body = client.get(API, {"q": "noodsituatie", "page": page}).json()
    assert body["total"] == 3 and len(body["results"]) == 3


@pytest.mark.parametrize("year", ["abc", "99999", "-1", "2020.5"])
def test_bad_year_filters_are_ignored(client, year):
    response = client.get(API, {"q": "vergunning", "year_from": year, "year_to": year})
    assert response.status_code == 200
    assert response.json()["total"] == 2


def test_api_shape(client):
    body = client.get(
        API, {"q": "vergunning", "type": "caselaw", "year_from": "2020", "sort": "date"}
    ).json()
    assert body["query"] == "vergunning"
    assert body["total"] == 1
    assert body["engine"] == "database"
    assert body["degraded"] is False
    (result,) = body["results"]
    assert set(result) == {"id", "type", "title", "url", "snippet", "date"}
    assert result["id"] == "caselaw:1" and result["date"] == "2020-05-06"
    assert "<mark>vergunning</mark>" in result["snippet"]
    assert body["facets"]["type"] == [{"value": "caselaw", "count": 1}]


def test_api_without_query_or_filters_explains(client):
    body = client.get(API).json()
    assert body["total"] == 0 and body["results"] == [] and body["message"]


def test_suggest(client):
    body = client.get(SUGGEST, {"q": "medis"}).json()
    assert body["suggestions"] == [
        {
            "title": "Medische noodsituatie: wat nu?",
            "url": "/artikelen/medische-noodsituatie/",
            "type": "article",
        }
    ]
    assert client.get(SUGGEST, {"q": "m"}).json()["suggestions"] == []


def test_responses_are_private(client):
    for url in (SEARCH, API, SUGGEST):
        response = client.get(url, {"q": "noodsituatie"})
        assert "private" in response["Cache-Control"]
        assert "Cookie" in response["Vary"]


# --- the members rule, per channel, with a marker in members-only text and in a members document


def _channels(client, marker):
    """Everything a client can learn about `marker` through search."""
    html = client.get(SEARCH, {"q": marker}).content.decode()
    api = client.get(API, {"q": marker}).content.decode()
    suggest = client.get(SUGGEST, {"q": marker[:6]}).content.decode()
    facets = client.get(API, {"type": ["protocol", "article"]}).json()["facets"]
    browse = client.get(SEARCH, {"type": "protocol"}).content.decode()
    return html, api, suggest, facets, browse


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_non_members_learn_nothing_members_only(client, outsider, who):
    if who == "outsider":
        client.force_login(outsider)
    for marker in (MEMBERS_TEXT_MARKER, MEMBERS_DOC_MARKER):
        html, api, suggest, facets, browse = _channels(client, marker)
        # The query itself is echoed in the search field; the results part must not know it.
        assert "0 resultaten" in html
        results_part = html.split('id="results-heading"')[1].split("</section>")[0]
        assert marker not in results_part
        assert '"total": 0' in api and marker not in api.split('"results"')[1]
        assert marker not in suggest.split('"suggestions"')[1]
        assert {v["value"] for v in facets["type"]} == {"article"}
        assert "Protocol intake ledenoverleg" not in browse
    suggest = client.get(SUGGEST, {"q": "Protocol int"}).json()
    assert suggest["suggestions"] == []
    html = client.get(SEARCH, {"q": "termijnen OF vergunning"}).content.decode()
    assert MEMBERS_TEXT_MARKER not in html


def test_members_find_members_only_content(member_client):
    html, api, suggest, facets, browse = _channels(member_client, MEMBERS_TEXT_MARKER)
    assert f"<mark>{MEMBERS_TEXT_MARKER}</mark>" in html
    assert MEMBERS_TEXT_MARKER in api and '"total": 1' in api
    assert {v["value"] for v in facets["type"]} == {"article", "protocol"}
    assert "Protocol intake ledenoverleg" in browse
    html, api, suggest, facets, browse = _channels(member_client, MEMBERS_DOC_MARKER)
    assert "Protocol intake ledenoverleg" in html
    suggest = member_client.get(SUGGEST, {"q": "Protocol int"}).json()
    assert [s["title"] for s in suggest["suggestions"]] == ["Protocol intake ledenoverleg"]


# --- Elasticsearch away: answers come from the database engine, and say so ----------------------


class UnreachableEngine(Engine):
    name = "elasticsearch"

    def _fail(self, *args, **kwargs):
        from elasticsearch import exceptions

        raise exceptions.ConnectionError("connection refused")

    index = delete = clear = search = suggest = count = setup = similar = _fail


def test_degraded_when_elasticsearch_is_unreachable(client, monkeypatch):
    fallback = service.FallbackEngine(UnreachableEngine(), DatabaseEngine())
    monkeypatch.setattr(service, "get_engine", lambda: fallback)
    body = client.get(API, {"q": "vergunning"}).json()
    assert body["degraded"] is True and body["total"] == 2
    assert "niet bereikbaar" in body["notice"]
    html = client.get(SEARCH, {"q": "vergunning"}).content.decode()
    assert "De zoekserver is op dit moment niet bereikbaar" in html
    assert client.get(SUGGEST, {"q": "medis"}).json()["suggestions"]


def test_more_like_this_comes_from_the_database_when_elasticsearch_is_unreachable():
    fallback = service.FallbackEngine(UnreachableEngine(), DatabaseEngine())
    expected = DatabaseEngine().similar("caselaw:1", member=False)
    assert expected, "the corpus has a public document like caselaw:1"
    assert [hit.id for hit in fallback.similar("caselaw:1", member=False)] == [
        hit.id for hit in expected
    ]


class FailingClusterEngine(Engine):
    """Elasticsearch that answers, but with an error: a red cluster (503) or a missing index."""

    name = "elasticsearch"

    def __init__(self, status):
        self.status = status

    def _fail(self, *args, **kwargs):
        from elastic_transport import ApiResponseMeta, HttpHeaders
        from elasticsearch import exceptions

        meta = ApiResponseMeta(
            status=self.status,
            http_version="1.1",
            headers=HttpHeaders(),
            duration=0.0,
            node=None,
        )
        error = exceptions.NotFoundError if self.status == 404 else exceptions.ApiError
        raise error("cluster error", meta=meta, body={"error": "unavailable"})

    index = delete = clear = search = suggest = count = setup = similar = _fail


@pytest.mark.parametrize("status", [503, 404])
def test_degraded_when_elasticsearch_answers_with_an_error(client, monkeypatch, status):
    fallback = service.FallbackEngine(FailingClusterEngine(status), DatabaseEngine())
    monkeypatch.setattr(service, "get_engine", lambda: fallback)
    body = client.get(API, {"q": "vergunning"}).json()
    assert body["degraded"] is True and body["engine"] == "database" and body["total"] == 2
    assert client.get(SEARCH, {"q": "vergunning"}).status_code == 200
    assert client.get(SUGGEST, {"q": "medis"}).json()["suggestions"]
