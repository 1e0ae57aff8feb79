import urllib.error
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import translation

from knowledge.ecli import InvalidECLI
from knowledge.rechtspraak import api
from knowledge.rechtspraak.parser import parse_ruling

RECORDED = Path(__file__).resolve().parents[1] / "fixtures" / "rechtspraak" / "api"


class Recorded:
    """Replays recorded answers of the open-data service and remembers what was asked."""

    def __init__(self, pages: dict[int, str] | None = None, content: dict[str, str] | None = None):
        self.pages = pages or {}
        self.content = content or {}
        self.urls: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.urls.append(url)
        parts = urlsplit(url)
        query = parse_qs(parts.query)
        if parts.path.endswith("/zoeken"):
            return (RECORDED / self.pages[int(query["from"][0])]).read_bytes()
        return (RECORDED / self.content[query["id"][0]]).read_bytes()


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def paged():
    return Recorded(pages={0: "zoeken_from_0.xml", 3: "zoeken_from_3.xml", 6: "zoeken_from_6.xml"})


def test_search_url_asks_for_migration_law_modified_since_a_date():
    url = api.search_url(date(2024, 2, 1))
    assert url == (
        "https://data.rechtspraak.nl/uitspraken/zoeken?subject=http://psi.rechtspraak.nl/"
        "rechtsgebied%23bestuursrecht_vreemdelingenrecht&modified=2024-02-01&max=1000&from=0"
    )


def test_iter_eclis_follows_the_pages_and_yields_each_ecli_once():
    fetch = paged()
    eclis = list(api.iter_eclis(date(2024, 2, 1), fetch=fetch, page_size=3))
    assert eclis == [
        "ECLI:NL:RBDHA:2024:1101",
        "ECLI:NL:RVS:2024:402",
        "ECLI:NL:RBDHA:2024:1187",
        "ECLI:NL:RBGEL:2024:655",
        "ECLI:NL:RVS:2024:415",
        "ECLI:NL:RBAMS:2010:BO3979",
        "ECLI:NL:RBNNE:2024:310",
    ]
    offsets = [parse_qs(urlsplit(url).query)["from"] for url in fetch.urls]
    assert offsets == [["0"], ["3"], ["6"]]
    query = parse_qs(urlsplit(fetch.urls[0]).query)
    assert query["subject"] == [api.VREEMDELINGENRECHT]
    assert query["modified"] == ["2024-02-01"]
    assert query["max"] == ["3"]


def test_entries_carry_title_summary_and_update_time():
    entries = list(api.iter_entries(date(2024, 2, 1), fetch=paged(), page_size=3))
    first = entries[0]
    assert first.title.startswith("ECLI:NL:RBDHA:2024:1101, Rechtbank Den Haag")
    assert "Dublinoverdracht" in first.summary
    assert first.updated == datetime(2024, 2, 7, 10, 15, 2, tzinfo=timezone(timedelta(hours=1)))


def test_stops_at_the_announced_total_without_asking_for_an_empty_page():
    fetch = Recorded(pages={0: "zoeken_from_0.xml", 3: "zoeken_from_3.xml", 6: "zoeken_from_6.xml"})
    page = api.parse_feed((RECORDED / "zoeken_from_0.xml").read_bytes())
    assert page.total == 7
    list(api.iter_eclis(date(2024, 2, 1), fetch=fetch, page_size=3))
    assert len(fetch.urls) == 3


def test_empty_result_is_one_request_and_no_eclis():
    fetch = Recorded(pages={0: "zoeken_empty.xml"})
    assert list(api.iter_eclis(date(2030, 1, 1), fetch=fetch)) == []
    assert len(fetch.urls) == 1


def test_server_repeating_the_same_page_does_not_loop_forever():
    fetch = Recorded(pages=dict.fromkeys(range(0, 30, 3), "zoeken_from_0.xml"))
    assert len(list(api.iter_eclis(date(2024, 2, 1), fetch=fetch, page_size=3))) == 3
    assert len(fetch.urls) == 2


def test_fetch_ruling_asks_for_the_content_of_one_ecli_and_parses():
    fetch = Recorded(content={"ECLI:NL:RBAMS:2010:BO3979": "content_ECLI_NL_RBAMS_2010_BO3979.xml"})
    data = api.fetch_ruling("ecli:nl:rbams:2010:bo3979", fetch=fetch)
    assert fetch.urls == [
        "https://data.rechtspraak.nl/uitspraken/content?id=ECLI:NL:RBAMS:2010:BO3979"
    ]
    assert parse_ruling(data).court == "Rechtbank Amsterdam"


def test_fetch_ruling_refuses_a_malformed_ecli_before_any_request():
    fetch = Recorded()
    with pytest.raises(InvalidECLI):
        api.fetch_ruling("ECLI:NL:../../etc", fetch=fetch)
    assert fetch.urls == []


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"<html><body>Onderhoud</body></html>", "not an Atom feed"),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'><entry>", "unreadable"),
        (
            b"<?xml version='1.0'?><!DOCTYPE feed [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
            b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><id>&x;</id></entry></feed>",
            "DOCTYPE",
        ),
    ],
)
def test_unusable_feed_is_an_api_error(data, fragment):
    with pytest.raises(api.ApiError) as caught:
        api.parse_feed(data)
    assert fragment in caught.value.message


def test_entries_without_an_ecli_are_skipped():
    data = (
        b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><id>geen ecli</id></entry>"
        b"<entry><id>ECLI:NL:RVS:2024:1</id></entry></feed>"
    )
    assert [e.ecli for e in api.parse_feed(data).entries] == ["ECLI:NL:RVS:2024:1"]


def test_http_fetch_only_talks_to_the_open_data_service():
    with pytest.raises(api.ApiError, match="not the open-data service"):
        api.http_fetch("file:///etc/passwd")
    with pytest.raises(api.ApiError):
        api.http_fetch("https://data.rechtspraak.nl.example.org/uitspraken/zoeken")


def test_http_fetch_sends_a_user_agent_and_a_timeout(monkeypatch):
    seen = {}

    class Response:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self, limit):
            return b"<feed/>"

    def fake_urlopen(request, timeout):
        seen["agent"] = request.get_header("User-agent")
        seen["timeout"] = timeout
        seen["url"] = request.full_url
        return Response()

    monkeypatch.setattr(api.urllib.request, "urlopen", fake_urlopen)
    assert api.http_fetch(api.content_url("ECLI:NL:RVS:2024:1")) == b"<feed/>"
    assert seen["agent"] == api.USER_AGENT
    assert seen["timeout"] == api.TIMEOUT_SECONDS
    assert seen["url"].endswith("?id=ECLI:NL:RVS:2024:1")


@pytest.mark.parametrize(
    "error",
    [
        urllib.error.HTTPError(
            "https://data.rechtspraak.nl/x", 503, "Service Unavailable", {}, None
        ),
        urllib.error.URLError("Name or service not known"),
        TimeoutError("timed out"),
    ],
)
def test_network_failures_become_api_errors(monkeypatch, error):
    def failing_urlopen(request, timeout):
        raise error

    monkeypatch.setattr(api.urllib.request, "urlopen", failing_urlopen)
    with pytest.raises(api.ApiError) as caught:
        api.http_fetch(api.search_url(date(2024, 1, 1)))
    assert "open-data service" in caught.value.message
