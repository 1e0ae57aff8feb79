"""/ecli/<ECLI>/ and the ECLI box: a lawyer types or pastes an ECLI in any spelling."""

import pytest

from tests.factories import CaseLawPageFactory

pytestmark = pytest.mark.django_db

ECLI = "ECLI:NL:RBAMS:2010:BO3979"


@pytest.fixture
def ruling(caselaw_index):
    return CaseLawPageFactory(parent=caselaw_index, ecli=ECLI, court="Rechtbank Amsterdam")


SPELLINGS = [
    ECLI,
    ECLI.lower(),
    "ecli:nl:rbams:2010:bo3979",
    "ECLI: NL: RBAMS: 2010: BO3979",
    "%20ECLI%20:%20NL:RBAMS:2010:BO3979%20",
    "ECLI%3ANL%3ARBAMS%3A2010%3ABO3979",
    "ECLI%253ANL%253ARBAMS%253A2010%253ABO3979",
    "ECLI:NL:RBAMS:2010:BO3979.",
]


def test_ecli_in_any_spelling_redirects_to_the_ruling(client, ruling):
    for spelling in SPELLINGS:
        response = client.get(f"/ecli/{spelling}/")
        assert response.status_code == 302, spelling
        assert response["Location"] == ruling.url, spelling


def test_ecli_without_trailing_slash_redirects_too(client, ruling):
    response = client.get(f"/ecli/{ECLI}")
    assert response.status_code == 302 and response["Location"] == ruling.url


def test_ecli_box_redirects_to_the_ruling(client, ruling):
    response = client.get("/ecli/", {"ecli": "  ecli:nl:rbams:2010:bo3979 "})
    assert response.status_code == 302 and response["Location"] == ruling.url


def test_empty_ecli_box_goes_back_to_the_case_law_section(client, caselaw_index):
    response = client.get("/ecli/", {"ecli": ""})
    assert response.status_code == 302 and response["Location"] == caselaw_index.url


def test_case_law_section_offers_the_ecli_box(client, ruling, caselaw_index):
    html = client.get(caselaw_index.url).content.decode()
    assert 'action="/ecli/"' in html
    assert 'name="ecli"' in html and 'for="ecli-input"' in html


def test_unknown_ecli_gives_the_dutch_404_with_the_courts_deeplink(client, ruling):
    response = client.get("/ecli/ecli:nl:rvs:2020:1234/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Pagina niet gevonden" in html
    assert "<title>Uitspraak niet gevonden" in html
    assert "Het portaal bevat de uitspraak ECLI:NL:RVS:2020:1234 niet." in html
    assert (
        '<a href="https://deeplink.rechtspraak.nl/uitspraak?id=ECLI:NL:RVS:2020:1234" '
        'rel="noopener">Zoek haar op rechtspraak.nl</a>'
    ) in html


def test_unpublished_ruling_is_not_found(client, ruling):
    ruling.unpublish()
    assert client.get(f"/ecli/{ECLI}/").status_code == 404


MALFORMED = [
    "onzin",
    "ECLI:NL",
    "ECLI:NL:RBAMS:10:BO3979",
    "ECLI:NL:RBAMSTERDAM:2010:1",
    "12345",
    "%00",
    "%FF%FE",
    "ECLI:NL:RBAMS:2010:" + "A" * 5000,
    "x" * 10000,
    "ECLI:NL:RBAMS:2010:BO3979/../../etc/passwd",
]


def test_malformed_ecli_is_a_404_never_a_500(client, ruling):
    for raw in MALFORMED:
        response = client.get(f"/ecli/{raw}/")
        assert response.status_code == 404, raw
        html = response.content.decode()
        assert "Pagina niet gevonden" in html, raw
        assert "is geen geldig ECLI" in html, raw
        assert "deeplink.rechtspraak.nl" not in html, raw


def test_malformed_ecli_in_the_box_is_a_404(client, ruling):
    response = client.get("/ecli/", {"ecli": "<script>alert(1)</script>"})
    assert response.status_code == 404
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_very_long_box_input_is_fine(client, ruling):
    response = client.get("/ecli/", {"ecli": ECLI + " " * 20 + "X" * 100_000})
    assert response.status_code == 404
    assert "is geen geldig ECLI" in response.content.decode()


def test_only_get_is_allowed(client, ruling):
    assert client.post(f"/ecli/{ECLI}/").status_code == 405


@pytest.mark.parametrize(
    "pasted",
    [
        "ECLI-NL-RBAMS-2010-BO3979",
        "NL:RBAMS:2010:BO3979",
        "nl-rbams-2010-bo3979",
        "ecli-nl-rbams-2010-bo3979",
    ],
)
def test_ecli_pasted_with_dashes_or_without_prefix_opens_the_ruling(client, ruling, pasted):
    response = client.get(f"/ecli/{pasted}/")
    assert response.status_code == 302 and response["Location"] == ruling.url


@pytest.mark.parametrize(
    ("ecli", "source", "address"),
    [
        (
            "ECLI:EU:C:2014:2406",
            "EUR-Lex",
            "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=ecli:ECLI:EU:C:2014:2406",
        ),
        (
            "ECLI:CE:ECHR:2011:0121JUD003069609",
            "HUDOC",
            "https://hudoc.echr.coe.int/#{&quot;ecli&quot;:[&quot;ECLI:CE:ECHR:2011:0121JUD003069609&quot;]}",
        ),
    ],
)
def test_european_eclis_point_to_their_courts_databases(client, ruling, ecli, source, address):
    html = client.get(f"/ecli/{ecli}/").content.decode()
    assert f'<a href="{address}" rel="noopener">Zoek haar op {source}</a>' in html


def test_an_ecli_of_another_country_gets_no_made_up_address(client, ruling):
    response = client.get("/ecli/ECLI:DE:BGH:2020:123/")
    assert response.status_code == 404
    assert "Zoek haar op" not in response.content.decode()
