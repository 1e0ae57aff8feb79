"""The section pages: filters (court, legal area, year, topic, country, tag) and pagination, with
user-typed GET parameters that must never break the listing."""

import datetime

import pytest
from wagtail.models import Page

from tests.factories import (
    ArticlePageFactory,
    CaseLawPageFactory,
    CountryPageFactory,
    LegalAreaFactory,
    ProtocolPageFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def listed(client, url, params=None) -> list[str]:
    response = client.get(url, params or {})
    assert response.status_code == 200, (params, response.status_code)
    return [page.title for page in response.context["items"]]


@pytest.fixture
def caselaw(sections):
    index = sections["caselaw"]
    dublin = TopicFactory(name="Dublin", slug="dublin")
    opvang = TopicFactory(name="Opvang", slug="opvang")
    vreemdelingenrecht = LegalAreaFactory(name="Bestuursrecht; Vreemdelingenrecht")
    socialezekerheid = LegalAreaFactory(name="Socialezekerheidsrecht")
    syria = CountryPageFactory(parent=sections["countries"])
    eritrea = CountryPageFactory(
        parent=sections["countries"], iso_code="ER", name_nl="Eritrea", name_en="Eritrea"
    )
    rows = [
        (
            "A",
            "ECLI:NL:RVS:2019:1",
            "Raad van State",
            2019,
            [dublin],
            [vreemdelingenrecht],
            [syria],
            ["overdracht"],
        ),
        (
            "B",
            "ECLI:NL:RVS:2021:2",
            "Raad van State",
            2021,
            [opvang],
            [vreemdelingenrecht],
            [eritrea],
            [],
        ),
        (
            "C",
            "ECLI:NL:RBDHA:2021:3",
            "Rechtbank Den Haag",
            2021,
            [dublin, opvang],
            [vreemdelingenrecht],
            [eritrea],
            ["Overdracht", "italië"],
        ),
        (
            "D",
            "ECLI:NL:CRVB:2019:4",
            "Centrale Raad van Beroep",
            2019,
            [],
            [socialezekerheid],
            [],
            [],
        ),
    ]
    for title, ecli, court, year, topics, areas, countries, tags in rows:
        CaseLawPageFactory(
            parent=index,
            title=f"Uitspraak {title}",
            ecli=ecli,
            court=court,
            decision_date=datetime.date(year, 5, 1 + ord(title) - ord("A")),
            topics=topics,
            legal_areas=areas,
            countries=countries,
            tags=tags,
        )
    return index.url


CASE_LAW_FILTERS = [
    ({}, ["Uitspraak C", "Uitspraak B", "Uitspraak D", "Uitspraak A"]),
    ({"court": "RVS"}, ["Uitspraak B", "Uitspraak A"]),
    ({"legal_area": "socialezekerheidsrecht"}, ["Uitspraak D"]),
    ({"year": "2019"}, ["Uitspraak D", "Uitspraak A"]),
    ({"topic": "dublin"}, ["Uitspraak C", "Uitspraak A"]),
    ({"country": "ER"}, ["Uitspraak C", "Uitspraak B"]),
    ({"tag": "overdracht"}, ["Uitspraak C", "Uitspraak A"]),  # tags match in any case
    ({"court": "RVS", "year": "2021", "topic": "opvang"}, ["Uitspraak B"]),
    ({"court": "RBDHA", "year": "2019"}, []),
]


def test_case_law_filters(client, caselaw):
    for params, expected in CASE_LAW_FILTERS:
        assert listed(client, caselaw, params) == expected, params


def test_case_law_filter_choices_come_from_what_is_listed(client, caselaw):
    html = client.get(caselaw).content.decode()
    assert '<option value="RBDHA">Rechtbank Den Haag</option>' in html
    assert '<option value="2019">2019</option>' in html
    assert '<option value="ER">Eritrea</option>' in html
    assert '<option value="dublin">Dublin</option>' in html


def test_active_filters_are_named_and_can_be_cleared(client, caselaw):
    html = client.get(caselaw, {"court": "RVS"}).content.decode()
    assert "Gefilterd op:" in html and "<strong>Raad van State</strong>" in html
    assert ">2 resultaten</h2>" in html
    assert 'href="?">' in html  # "clear all filters"


def test_nothing_matching_says_so(client, caselaw):
    html = client.get(caselaw, {"court": "RBDHA", "year": "2019"}).content.decode()
    assert "Niets voldoet aan deze filters." in html


BAD_FILTERS = [
    {"year": "abc"},
    {"year": "-1"},
    {"year": "99999999999999999999"},
    {"court": "<script>alert(1)</script>"},
    {"country": "XX"},
    {"topic": "bestaat-niet"},
    {"legal_area": "'; DROP TABLE knowledge_legalarea; --"},
    {"tag": "x" * 500},
]


def test_bad_filter_values_are_ignored_with_a_message(client, caselaw):
    for params in BAD_FILTERS:
        response = client.get(caselaw, params)
        assert response.status_code == 200, params
        assert len(response.context["items"].object_list) == 4, params  # nothing filtered away
        html = response.content.decode()
        assert "Sommige filters waren ongeldig en zijn genegeerd." in html, params
        assert "<script>alert(1)</script>" not in html


def test_valid_filter_matching_nothing_gives_an_empty_list_without_a_warning(client, caselaw):
    TopicFactory(name="Onderwijs", slug="onderwijs")  # exists, but no ruling has it
    LegalAreaFactory(name="Strafrecht")
    CountryPageFactory(
        parent=Page.objects.get(slug="landeninformatie"),
        iso_code="AF",
        name_nl="Afghanistan",
        name_en="Afghanistan",
    )
    cases = [
        ({"country": "AF"}, "AF", "Afghanistan"),  # a country page, but no ruling concerns it
        ({"country": "iq"}, "IQ", "Irak"),  # no country page either: still a valid ISO code
        ({"court": "XXX"}, "XXX", "XXX"),  # a well-formed court code without rulings
        ({"topic": "onderwijs"}, "onderwijs", "Onderwijs"),
        ({"legal_area": "strafrecht"}, "strafrecht", "Strafrecht"),
        ({"year": "2005"}, "2005", "2005"),
    ]
    for params, value, label in cases:
        response = client.get(caselaw, params)
        assert response.status_code == 200, params
        assert response.context["items"].paginator.count == 0, params
        html = response.content.decode()
        assert "Sommige filters waren ongeldig" not in html, params
        assert "Niets voldoet aan deze filters." in html, params
        assert f"<strong>{label}</strong>" in html, params  # named among the active filters
        # The select shows the value that is filtered on.
        assert f'<option value="{value}" selected>' in html, params


def test_country_and_court_filters_ignore_case(client, caselaw):
    assert listed(client, caselaw, {"country": "er"}) == ["Uitspraak C", "Uitspraak B"]
    assert listed(client, caselaw, {"court": "rvs"}) == ["Uitspraak B", "Uitspraak A"]


def test_tag_filter_with_markup_is_escaped(client, caselaw):
    response = client.get(caselaw, {"tag": "<b>vet</b>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<b>vet</b>" not in html
    assert response.context["items"].paginator.count == 0


@pytest.fixture
def many_rulings(sections):
    index = sections["caselaw"]
    for n in range(25):
        CaseLawPageFactory(
            parent=index,
            title=f"Uitspraak {n:02d}",
            ecli=f"ECLI:NL:RVS:2020:{n + 1}",
            decision_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
        )
    return index.url


PAGE_NUMBERS = [
    ("1", 1, 20),
    ("2", 2, 5),
    ("abc", 1, 20),
    ("-1", 1, 20),
    ("0", 1, 20),
    ("99999", 2, 5),
    ("", 1, 20),
    ("1.5", 1, 20),
    ("9" * 40, 2, 5),
]


def test_pagination_survives_any_page_number(client, many_rulings):
    for page, number, count in PAGE_NUMBERS:
        response = client.get(many_rulings, {"page": page})
        assert response.status_code == 200, page
        items = response.context["items"]
        assert (items.number, len(items.object_list)) == (number, count), page
        assert f"Pagina {number} van 2" in response.content.decode(), page

    # The "next" link keeps the filters; the second page of a filtered list holds the rest.
    html = client.get(many_rulings, {"court": "RVS"}).content.decode()
    assert 'href="?court=RVS&amp;page=2"' in html
    assert listed(client, many_rulings, {"court": "RVS", "page": "2"})[-1] == "Uitspraak 00"


def test_article_filters(client, sections):
    index = sections["articles"]
    beleid = TopicFactory(name="Beleid", slug="beleid")
    syria = CountryPageFactory(parent=sections["countries"])
    ArticlePageFactory(
        parent=index,
        title="Nieuws 2023",
        kind="news",
        date=datetime.date(2023, 4, 1),
        tags=["lobby"],
    )
    analysis = ArticlePageFactory(
        parent=index,
        title="Analyse 2024",
        kind="analysis",
        date=datetime.date(2024, 4, 1),
        topics=[beleid],
    )
    analysis.countries.set([syria])
    analysis.save()
    ArticlePageFactory(
        parent=index,
        title="Standpunt 2024",
        kind="position",
        date=datetime.date(2024, 6, 1),
        tags=["Lobby"],
        topics=[beleid],
    )

    assert listed(client, index.url) == ["Standpunt 2024", "Analyse 2024", "Nieuws 2023"]
    assert listed(client, index.url, {"kind": "analysis"}) == ["Analyse 2024"]
    assert listed(client, index.url, {"year": "2023"}) == ["Nieuws 2023"]
    assert listed(client, index.url, {"topic": "beleid"}) == ["Standpunt 2024", "Analyse 2024"]
    assert listed(client, index.url, {"tag": "lobby"}) == ["Standpunt 2024", "Nieuws 2023"]
    assert listed(client, index.url, {"country": "SY"}) == ["Analyse 2024"]
    assert listed(client, index.url, {"country": "ER"}) == []  # valid, but nothing about it
    html = client.get(index.url).content.decode()
    assert '<option value="SY">Syrië</option>' in html
    assert listed(client, index.url, {"kind": "roddel"}) == [
        "Standpunt 2024",
        "Analyse 2024",
        "Nieuws 2023",
    ]


def test_protocol_filters(client, sections):
    index = sections["protocols"]
    opvang = TopicFactory(name="Opvang", slug="opvang")
    ProtocolPageFactory(parent=index, title="Intake", topics=[opvang], tags=["intake"])
    ProtocolPageFactory(parent=index, title="Medische zorg regelen")

    assert listed(client, index.url) == ["Intake", "Medische zorg regelen"]
    assert listed(client, index.url, {"topic": "opvang"}) == ["Intake"]
    assert listed(client, index.url, {"tag": "INTAKE"}) == ["Intake"]


def test_country_filters(client, sections):
    index = sections["countries"]
    dublin = TopicFactory(name="Dublin", slug="dublin")
    CountryPageFactory(parent=index, summary="<p>Over Syrië.</p>", topics=[dublin])
    CountryPageFactory(parent=index, iso_code="AF", name_nl="Afghanistan", name_en="Afghanistan")
    CountryPageFactory(
        parent=index, iso_code="IT", name_nl="Italië", name_en="Italy", topics=[dublin]
    )

    assert listed(client, index.url) == ["Afghanistan", "Italië", "Syrië"]
    assert listed(client, index.url, {"q": "ital"}) == ["Italië"]
    assert listed(client, index.url, {"q": "Syria"}) == ["Syrië"]  # English name
    assert listed(client, index.url, {"q": "af"}) == ["Afghanistan"]  # ISO code
    assert listed(client, index.url, {"topic": "dublin"}) == ["Italië", "Syrië"]
    assert listed(client, index.url, {"with_content": "on"}) == ["Syrië"]
