"""The knowledge pages as a visitor reads them. The demo content is checked once, in
tests/portal/test_site.py."""

import datetime
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from knowledge.models import (
    CaseLawPage,
    GlossaryTerm,
    ProtocolChange,
)
from tests.factories import (
    CaseLawPageFactory,
    CountryPageFactory,
    GlossaryTermFactory,
    ProtocolPageFactory,
)

pytestmark = pytest.mark.django_db


def test_case_page_offers_citation_source_and_structured_data(client, caselaw_index):
    page = CaseLawPageFactory(
        parent=caselaw_index,
        ecli="ECLI:NL:RVS:2020:1234",
        court="Raad van State",
        decision_date=datetime.date(2020, 5, 6),
        summary="<p>Samenvatting van de <em>uitspraak</em>.</p>",
    )
    html = client.get(page.url).content.decode()

    assert 'value="ABRvS 6 mei 2020, ECLI:NL:RVS:2020:1234"' in html
    assert 'href="https://deeplink.rechtspraak.nl/uitspraak?id=ECLI:NL:RVS:2020:1234"' in html
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    data = json.loads(script.group(1))
    assert data["identifier"] == {
        "@type": "PropertyValue",
        "propertyID": "ECLI",
        "value": page.ecli,
    }
    assert data["dateCreated"] == "2020-05-06"
    assert data["author"]["name"] == "Raad van State"
    assert data["abstract"] == "Samenvatting van de uitspraak."


def test_structured_data_abstract_keeps_paragraphs_apart(client, caselaw_index):
    page = CaseLawPageFactory(
        parent=caselaw_index, summary="<p>Eerste alinea: test</p><p>Deze tweede alinea.</p>"
    )
    html = client.get(page.url).content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert json.loads(script.group(1))["abstract"] == "Eerste alinea: test Deze tweede alinea."


def test_invalid_ecli_is_refused_with_a_dutch_message(caselaw_index):
    page = CaseLawPage(
        title="Onzin",
        slug="onzin",
        ecli="ECLI:NL:RVS",
        court="Raad van State",
        decision_date=datetime.date(2020, 1, 1),
    )
    with translation.override("nl"), pytest.raises(ValidationError) as excinfo:
        page.full_clean()
    assert "Vul een geldige ECLI in" in str(excinfo.value.message_dict["ecli"])


def test_country_page_lists_its_case_law(client, sections):
    country = CountryPageFactory(parent=sections["countries"])
    CaseLawPageFactory(
        parent=sections["caselaw"],
        ecli="ECLI:NL:RVS:2021:77",
        title="Uitspraak over Syrië",
        countries=[country],
    )
    CaseLawPageFactory(
        parent=sections["caselaw"], ecli="ECLI:NL:RVS:2021:78", title="Uitspraak elders"
    )

    html = client.get(country.url).content.decode()
    assert "Jurisprudentie over dit land" in html
    assert "Uitspraak over Syrië" in html
    assert "Uitspraak elders" not in html
    # The list shows the latest ten; a link leads to all of them in the case law section.
    assert '<a href="/jurisprudentie/?country=SY">' in html
    titles = [page.title for page in client.get("/jurisprudentie/?country=SY").context["items"]]
    assert titles == ["Uitspraak over Syrië"]


def test_country_page_without_case_law_has_no_link_to_it(client, sections):
    country = CountryPageFactory(parent=sections["countries"])
    html = client.get(country.url).content.decode()
    assert "?country=SY" not in html


def test_country_page_without_text_says_so(client, sections):
    country = CountryPageFactory(
        parent=sections["countries"], iso_code="BT", name_nl="Bhutan", name_en="Bhutan"
    )
    html = client.get(country.url).content.decode()
    assert "<h1>Bhutan</h1>" in html
    assert "ISO BT" in html


def test_protocol_page_shows_version_and_change_notes(client, sections):
    page = ProtocolPageFactory(
        parent=sections["protocols"],
        title="Aanvraag uitstel van vertrek",
        version="3.0",
        body=[
            (
                "step",
                {
                    "title": "Medische gegevens verzamelen",
                    "body": "<p>Vraag het BMA-advies op.</p>",
                },
            )
        ],
    )
    ProtocolChange.objects.create(
        page=page, version="3.0", date=datetime.date(2025, 2, 1), note="Nieuwe stap toegevoegd."
    )

    html = client.get(page.url).content.decode()
    assert "3.0" in html
    assert "Medische gegevens verzamelen" in html and "Vraag het BMA-advies op." in html
    assert "Nieuwe stap toegevoegd." in html and "1 februari 2025" in html


def test_glossary_lists_terms_by_letter_with_anchors(client):
    GlossaryTermFactory(term="Dublinclaim", definition="<p>Verzoek aan een andere lidstaat.</p>")
    GlossaryTermFactory(
        term="Bed-bad-brood", abbreviation="BBB", definition="<p>Sobere noodopvang.</p>"
    )

    response = client.get("/begrippen/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="dublinclaim"' in html and 'id="bed-bad-brood"' in html
    assert html.index("Bed-bad-brood") < html.index("Dublinclaim")
    assert 'href="#letter-B"' in html and 'id="letter-B"' in html
    assert "(BBB)" in html and "Sobere noodopvang." in html
    assert (
        GlossaryTerm.objects.get(slug="dublinclaim").get_absolute_url() == "/begrippen/#dublinclaim"
    )
