"""The case-law list as a lawyer uses it: filters on instance, procedure, outcome, statutory
provision and a date range, sorting (newest, oldest, most cited), a short summary and the
"cited N×" count under each ruling, counted by the members rule, and no query per row."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge.caselaw_facets import instance_of, summary_snippet
from knowledge.importing.rulings import import_ruling
from knowledge.models import CaseLawPage, Citation
from knowledge.rechtspraak.outcome import derive_outcome, outcome_from_decision
from knowledge.search_documents import caselaw_documents
from tests.factories import ArticlePageFactory, CaseLawPageFactory
from tests.knowledge.conftest import RECHTSPRAAK

pytestmark = pytest.mark.django_db

VW = "1.0:v:BWB:BWBR0011823&artikel=29"


def listed(client, url, params=None) -> list[str]:
    response = client.get(url, params or {})
    assert response.status_code == 200, (params, response.status_code)
    return [page.ecli for page in response.context["items"]]


def options(html: str, name: str) -> list[tuple[str, str]]:
    """(value, label) of a filter's select, without the "all" option; [] when not shown."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    if select is None:
        return []
    found = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1))
    return [(value, label) for value, label in found if value]


@pytest.fixture
def rulings(sections):
    index = sections["caselaw"]
    rows = [
        # ecli, court, date, procedure, outcome, provisions
        (
            "ECLI:NL:RVS:2023:10",
            "Raad van State",
            datetime.date(2023, 3, 1),
            "Hoger beroep",
            "dismissed",
            [{"label": "Vreemdelingenwet 2000 29", "identifier": VW}],
        ),
        (
            "ECLI:NL:RBDHA:2022:20",
            "Rechtbank Den Haag",
            datetime.date(2022, 6, 15),
            "Eerste aanleg - meervoudig; Voorlopige voorziening",
            "granted",
            # The court's data spaced it differently: still the same article.
            [{"label": "Vreemdelingenwet  2000   29", "identifier": VW}],
        ),
        (
            "ECLI:NL:RBAMS:2021:30",
            "Rechtbank Amsterdam",
            datetime.date(2021, 1, 10),
            "Eerste aanleg - enkelvoudig",
            "",
            [{"label": "Vreemdelingenwet 2000 2", "identifier": "x"}],
        ),
        (
            "ECLI:NL:GHAMS:2020:40",
            "Gerechtshof Amsterdam",
            datetime.date(2020, 12, 31),
            "",
            "granted",
            [],
        ),
    ]
    for ecli, court, date, procedure, outcome, provisions in rows:
        CaseLawPageFactory(
            parent=index,
            ecli=ecli,
            court=court,
            decision_date=date,
            procedure=procedure,
            outcome=outcome,
            legal_provisions=provisions,
        )
    return index.url


ALL = [
    "ECLI:NL:RVS:2023:10",
    "ECLI:NL:RBDHA:2022:20",
    "ECLI:NL:RBAMS:2021:30",
    "ECLI:NL:GHAMS:2020:40",
]

FILTERS = [
    ({"instance": "rb"}, ["ECLI:NL:RBDHA:2022:20", "ECLI:NL:RBAMS:2021:30"]),
    ({"instance": "rvs"}, ["ECLI:NL:RVS:2023:10"]),
    ({"instance": "gh"}, ["ECLI:NL:GHAMS:2020:40"]),
    ({"procedure": "voorlopige voorziening"}, ["ECLI:NL:RBDHA:2022:20"]),  # one of two, any case
    ({"procedure": "Hoger beroep"}, ["ECLI:NL:RVS:2023:10"]),
    ({"procedure": "Eerste aanleg - enkelvoudig"}, ["ECLI:NL:RBAMS:2021:30"]),
    ({"outcome": "granted"}, ["ECLI:NL:RBDHA:2022:20", "ECLI:NL:GHAMS:2020:40"]),
    ({"law": "Vreemdelingenwet 2000 29"}, ["ECLI:NL:RVS:2023:10", "ECLI:NL:RBDHA:2022:20"]),
    ({"law": "Vreemdelingenwet 2000 2"}, ["ECLI:NL:RBAMS:2021:30"]),  # not article 29
    ({"date_from": "2021-01-10"}, ALL[:3]),  # the bounds are included
    ({"date_to": "2021-01-10"}, ALL[2:]),
    ({"date_from": "2021-06-01", "date_to": "2022-12-31"}, ["ECLI:NL:RBDHA:2022:20"]),
    ({"instance": "rb", "outcome": "granted"}, ["ECLI:NL:RBDHA:2022:20"]),
    ({"sort": "oldest"}, list(reversed(ALL))),
    ({}, ALL),
]


def test_lawyer_filters_and_sorting(client, rulings):
    for params, expected in FILTERS:
        assert listed(client, rulings, params) == expected, params


def test_filter_options_are_what_the_list_holds(client, rulings):
    html = client.get(rulings).content.decode()
    instances = options(html, "instance")
    assert [value for value, _label in instances] == ["rvs", "gh", "rb"]  # highest court first
    assert ("rb", "Rechtbank") in instances
    assert options(html, "procedure") == [
        ("Eerste aanleg - enkelvoudig", "Eerste aanleg - enkelvoudig"),
        ("Eerste aanleg - meervoudig", "Eerste aanleg - meervoudig"),
        ("Hoger beroep", "Hoger beroep"),
        ("Voorlopige voorziening", "Voorlopige voorziening"),
    ]
    assert [value for value, _label in options(html, "outcome")] == ["granted", "dismissed"]
    # One article is one option, however the court spaced it; articles in numeric order.
    assert options(html, "law") == [
        ("Vreemdelingenwet 2000 2", "Vreemdelingenwet 2000 2"),
        ("Vreemdelingenwet 2000 29", "Vreemdelingenwet 2000 29"),
    ]
    assert 'type="date" name="date_from"' in html and 'type="date" name="date_to"' in html
    assert [value for value, _label in options(html, "sort")] == ["oldest", "cited"]


def test_the_law_filter_uses_the_search_index_value(rulings):
    page = CaseLawPage.objects.get(ecli="ECLI:NL:RBDHA:2022:20")
    assert caselaw_documents(page)[0].laws == ["Vreemdelingenwet 2000 29"]


def test_a_filter_without_options_is_not_shown(client, rulings):
    html = client.get(rulings).content.decode()
    # No ruling has a topic, a country, a legal area or a tag vocabulary to choose from.
    for name in ("topic", "country", "legal_area"):
        assert f'name="{name}"' not in html, name


def test_valid_values_matching_nothing_and_bad_values(client, rulings):
    response = client.get(rulings, {"instance": "hr"})  # a real instance, none in the list
    assert response.context["items"].paginator.count == 0
    html = response.content.decode()
    assert "Sommige filters waren ongeldig" not in html
    assert "<strong>Hoge Raad</strong>" in html
    for params in ({"instance": "gemeente"}, {"outcome": "gewonnen"}, {"date_from": "31-02-2021"}):
        response = client.get(rulings, params)
        assert response.status_code == 200, params
        assert response.context["items"].paginator.count == 4, params
        assert "Sommige filters waren ongeldig en zijn genegeerd." in response.content.decode()


def test_a_start_date_after_the_end_date_is_an_error_on_the_page(client, rulings):
    response = client.get(rulings, {"date_from": "2023-01-01", "date_to": "2021-01-01"})
    assert response.status_code == 200
    assert response.context["items"].paginator.count == 4
    html = response.content.decode()
    assert "ligt na de datum" in html  # the reason, not only that something was wrong


def test_date_filters_are_named_as_dates(client, rulings):
    html = client.get(rulings, {"date_from": "2021-06-01"}).content.decode()
    assert "<strong>1 juni 2021</strong>" in html
    assert 'value="2021-06-01"' in html


def test_instance_follows_the_court_code_or_name():
    assert instance_of("RBAMS", "Rechtbank Amsterdam") == "rb"
    assert instance_of("RBSGR", "Rechtbank 's-Gravenhage") == "rb"
    assert instance_of("GHARL", "Gerechtshof Arnhem-Leeuwarden") == "gh"
    assert instance_of("RVS", "Raad van State") == "rvs"
    assert instance_of("CRVB", "Centrale Raad van Beroep") == "crvb"
    assert instance_of("CBB", "College van Beroep voor het bedrijfsleven") == "cbb"
    assert instance_of("HR", "Hoge Raad") == "hr"
    assert instance_of("PHR", "Parket bij de Hoge Raad") == "phr"
    assert instance_of("OGEAC", "Gerecht in eerste aanleg van Curaçao") == "oge"
    assert instance_of("OGHACMB", "Gemeenschappelijk Hof van Justitie") == "ogh"
    assert instance_of("TGZRAMS", "Regionaal Tuchtcollege voor de Gezondheidszorg") == "other"
    # Without an ECLI court code (typed in by an editor): by the court's name.
    assert instance_of("", "Rechtbank Noord-Holland") == "rb"
    assert instance_of("", "Hoge Raad der Nederlanden") == "hr"


# --- Summary under each result ---------------------------------------------------------------


def test_summary_snippet_under_each_result_without_the_full_texts(client, sections):
    long_summary = "<p>" + " ".join(f"woord{n}" for n in range(200)) + "</p>"
    CaseLawPageFactory(
        parent=sections["caselaw"],
        ecli="ECLI:NL:RVS:2024:1",
        summary=long_summary,
        full_text="<p>VOLLEDIGETEKST-8d1e</p>",
    )
    CaseLawPageFactory(
        parent=sections["caselaw"],
        ecli="ECLI:NL:RVS:2024:2",
        decision_date=datetime.date(2019, 1, 1),
        summary="<p>Kort: <em>beroep</em> gegrond.</p>",
    )
    response = client.get(sections["caselaw"].url)
    html = response.content.decode()
    snippets = re.findall(r'<p class="summary-snippet">([^<]*)</p>', html)
    assert snippets[1] == "Kort: beroep gegrond."
    assert snippets[0].endswith("…") and 200 < len(snippets[0]) <= 251
    assert re.fullmatch(r"(woord\d+ )+woord\d+…", snippets[0])  # cut between words
    assert "VOLLEDIGETEKST-8d1e" not in html
    for item in response.context["items"]:
        assert {"full_text", "summary"} <= item.get_deferred_fields()


def test_snippet_of_the_start_of_a_long_summary():
    assert summary_snippet("") == ""
    assert summary_snippet("<p>Een korte samenvatting.</p>") == "Een korte samenvatting."
    # Only the start of the HTML was read, ending inside a tag: the rest is not shown broken.
    assert summary_snippet("<p>Eerste zin. Tweede <em>zi", cut=True) == "Eerste zin. Tweede…"
    assert summary_snippet("x" * 400).endswith("…")


# --- "Cited N×" and sorting by it ------------------------------------------------------------


@pytest.fixture
def cited(sections, restrict_to_members):
    """Two rulings: A is cited by one public article; B by a members-only annotation and by a
    page only members may open, with a unique marker."""
    index = sections["caselaw"]
    a = CaseLawPageFactory(
        parent=index, ecli="ECLI:NL:RVS:2020:100", decision_date=datetime.date(2020, 1, 1)
    )
    b = CaseLawPageFactory(
        parent=index, ecli="ECLI:NL:RVS:2021:200", decision_date=datetime.date(2021, 1, 1)
    )
    article = ArticlePageFactory(
        parent=sections["articles"],
        body=[("paragraph", f"<p>Zie {a.ecli}.</p>")],
    )
    article.save_revision().publish()
    annotated = CaseLawPageFactory(
        parent=index,
        ecli="ECLI:NL:RBDHA:2015:300",
        decision_date=datetime.date(2015, 1, 1),
        title="Uitspraak ALLEENLEDEN-7f3a",
        annotation=f"<p>Vergelijk {b.ecli}.</p>",
        annotation_members_only=True,
    )
    annotated.save_revision().publish()
    hidden = ArticlePageFactory(
        parent=sections["articles"],
        title="Besloten ALLEENLEDEN-7f3a",
        body=[("paragraph", f"<p>Zie ook {b.ecli}.</p>")],
    )
    restrict_to_members(hidden)
    hidden.save_revision().publish()
    return {"a": a, "b": b, "url": index.url}


def cited_counts(html: str) -> dict[str, str]:
    found = re.findall(r'<a href="([^"]+)#aangehaald-in" class="cited-count">([^<]+)</a>', html)
    return dict(found)


def test_cited_count_follows_the_members_rule(clients, cited):
    a, b = cited["a"], cited["b"]
    for kind in ("anonymous", "outsider"):
        html = clients[kind].get(cited["url"]).content.decode()
        assert cited_counts(html) == {a.url: "1× aangehaald"}, kind  # B's: members-only
    members = cited_counts(clients["member"].get(cited["url"]).content.decode())
    assert members == {a.url: "1× aangehaald", b.url: "2× aangehaald"}


def test_a_page_citing_both_formally_and_in_its_text_counts_once(client, sections):
    index = sections["caselaw"]
    cited = CaseLawPageFactory(parent=index, ecli="ECLI:NL:RBDHA:2019:5")
    appeal = CaseLawPageFactory(
        parent=index,
        ecli="ECLI:NL:RVS:2020:6",
        relations=[{"ecli": cited.ecli, "label": f"Eerste aanleg: {cited.ecli}"}],
        summary=f"<p>Hoger beroep tegen {cited.ecli}.</p>",
    )
    appeal.save_revision().publish()
    assert Citation.objects.filter(source_page=appeal, target_ecli=cited.ecli).count() == 2
    html = client.get(index.url).content.decode()
    assert cited_counts(html) == {cited.url: "1× aangehaald"}
    response = client.get(index.url, {"sort": "cited"})
    assert [(r.ecli, r.cited_count) for r in response.context["items"]][0] == (cited.ecli, 1)


def test_the_count_matches_the_cited_in_section_of_the_ruling(clients, cited):
    b = cited["b"]
    assert "ALLEENLEDEN-7f3a" not in clients["anonymous"].get(b.url).content.decode()
    html = clients["member"].get(b.url).content.decode()
    assert 'id="aangehaald-in"' in html
    assert html.count("ALLEENLEDEN-7f3a") >= 2


def test_sort_by_most_cited_uses_the_visitors_count(clients, cited):
    a, b = cited["a"].ecli, cited["b"].ecli
    params = {"sort": "cited"}
    assert listed(clients["anonymous"], cited["url"], params)[0] == a
    assert listed(clients["member"], cited["url"], params)[:2] == [b, a]
    # Sorting is not a filter: the list is not "filtered on" anything.
    html = clients["anonymous"].get(cited["url"], params).content.decode()
    assert "Gefilterd op" not in html


def queries_for(client, url, params=None) -> int:
    client.get(url, params or {})  # warm the cached filter options and the count
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"sort": "cited"}, {"sort": "oldest", "instance": "rvs"}])
def test_no_query_per_row(member_client, sections, params):
    index = sections["caselaw"]
    article_body = []

    def add(n):
        ruling = CaseLawPageFactory(
            parent=index, ecli=f"ECLI:NL:RVS:2020:{n}", summary=f"<p>Samenvatting {n}.</p>"
        )
        article_body.append(("paragraph", f"<p>{ruling.ecli}</p>"))

    for n in range(1, 4):
        add(n)
    ArticlePageFactory(
        parent=sections["articles"], body=list(article_body)
    ).save_revision().publish()
    few = queries_for(member_client, index.url, params)
    for n in range(4, 16):
        add(n)
    ArticlePageFactory(
        parent=sections["articles"], body=list(article_body)
    ).save_revision().publish()
    many = queries_for(member_client, index.url, params)
    assert many == few


# --- The outcome, read from the decision ----------------------------------------------------

DECISIONS = [
    ("De rechtbank verklaart het beroep gegrond; vernietigt het bestreden besluit.", "granted"),
    (
        "De Afdeling verklaart het hoger beroep ongegrond; bevestigt de aangevallen uitspraak.",
        "dismissed",
    ),
    ("De Centrale Raad van Beroep bevestigt de aangevallen uitspraak.", "dismissed"),
    ("De voorzieningenrechter wijst het verzoek om voorlopige voorziening af.", "dismissed"),
    ("De Hoge Raad verwerpt het beroep.", "dismissed"),
    ("De rechtbank verklaart het beroep niet-ontvankelijk.", "inadmissible"),
    (
        "verklaart het beroep gegrond voor zover het ...; "
        "verklaart het beroep voor het overige ongegrond",
        "partly",
    ),
    (
        "De Hoge Raad vernietigt het arrest van het hof en verwijst het geding naar het "
        "gerechtshof Den Haag.",
        "referred",
    ),
    (
        "De Afdeling verzoekt het Hof van Justitie bij wijze van prejudiciële beslissing "
        "uitspraak te doen over de volgende vragen",
        "preliminary",
    ),
    ("De rechtbank houdt iedere verdere beslissing aan.", ""),  # an interim ruling: no outcome yet
    ("De rechtbank veroordeelt verweerder in de proceskosten.", ""),  # says nothing we can read
]


def test_outcome_from_the_decision():
    for decision, outcome in DECISIONS:
        assert outcome_from_decision(decision) == outcome, decision


def test_only_the_decision_counts_not_the_reasoning():
    text = (
        '<section class="overwegingen"><p>In de eerdere zaak verklaarde de rechtbank het beroep '
        "gegrond.</p></section>"
        '<section class="beslissing"><h2>Beslissing</h2><p>De rechtbank verklaart het beroep '
        "ongegrond.</p><p>Deze uitspraak is gedaan door mr. A, gegrond.</p></section>"
    )
    assert derive_outcome(text) == "dismissed"
    # Old rulings without marked-up sections: after the heading "Beslissing".
    old = (
        "<p>Het beroep is gegrond, meent eiser.</p><p>Beslissing</p>"
        "<p>De rechtbank verklaart het beroep ongegrond.</p>"
    )
    assert derive_outcome(old) == "dismissed"


def test_import_fills_the_outcome_but_never_overwrites_an_editors_choice(sections):
    data = (RECHTSPRAAK / "ECLI_NL_CRVB_2014_2942.xml").read_bytes()
    import_ruling(data, parent=sections["caselaw"])
    page = CaseLawPage.objects.get(ecli="ECLI:NL:CRVB:2014:2942")
    assert page.outcome == "dismissed"  # "bevestigt de aangevallen uitspraak"

    page.outcome = "other"
    page.save_revision().publish()
    import_ruling(data + b"\n", parent=sections["caselaw"])  # the court republished it
    page.refresh_from_db()
    assert page.outcome == "other"


def test_derive_outcomes_command_fills_only_empty_outcomes(sections):
    decision = (
        '<section class="beslissing"><p>De rechtbank verklaart het beroep gegrond.</p></section>'
    )
    empty = CaseLawPageFactory(parent=sections["caselaw"], full_text=decision)
    empty.save_revision()
    chosen = CaseLawPageFactory(parent=sections["caselaw"], full_text=decision, outcome="other")
    unknown = CaseLawPageFactory(parent=sections["caselaw"], full_text="<p>Geen dictum.</p>")
    out, err = io.StringIO(), io.StringIO()
    call_command("derive_outcomes", stdout=out, stderr=err)
    assert out.getvalue().strip() == "outcomes: filled 1 (granted 1), unknown 1"
    for page, outcome in ((empty, "granted"), (chosen, "other"), (unknown, "")):
        page.refresh_from_db()
        assert page.outcome == outcome
    # The latest revision holds it too: the next edit in the admin does not clear it.
    assert empty.get_latest_revision_as_object().outcome == "granted"


def test_the_law_filter_follows_a_rulings_references_as_they_are_saved(client, rulings):
    from knowledge.models import CaseLawPage

    page = CaseLawPage.objects.get(ecli="ECLI:NL:RBAMS:2021:30")
    page.legal_provisions = [{"label": "Algemene wet  bestuursrecht 8:75"}]
    page.save_revision().publish()
    law = "Algemene wet bestuursrecht 8:75"
    assert listed(client, rulings, {"law": law}) == ["ECLI:NL:RBAMS:2021:30"]
    assert "ECLI:NL:RBAMS:2021:30" not in listed(
        client, rulings, {"law": "Vreemdelingenwet 2000 2"}
    )


def test_the_migration_fills_the_references_as_the_model_does():
    import importlib

    from knowledge.laws import provision_column

    migration = importlib.import_module("knowledge.migrations.0006_provision_lines")
    for provisions in [
        [],
        None,
        [{"label": " Vreemdelingenwet  2000 29 "}, {"label": "Awb 8:75"}, "junk", {"x": 1}],
        [{"label": "Awb 8:75"}, {"label": "Awb  8:75"}],
    ]:
        assert migration.lines_of(provisions) == provision_column(provisions)
