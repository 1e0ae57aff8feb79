"""What a page is filed under is searchable: the name of its topic, tag, legal area or country
finds it, even where its text never uses the word; and the search facets filter by the same
values the section lists use."""

import re

import pytest
from django.test import Client

from tests.factories import (
    CaseLawPageFactory,
    CountryPageFactory,
    LegalAreaFactory,
    ProtocolPageFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(sections, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dublin = TopicFactory(name="Dublinoverdracht", slug="dublinoverdracht")
        protocol = ProtocolPageFactory(
            parent=sections["protocols"],
            title="Werkwijze bij overdracht",
            intro="Wat de organisatie doet als een land de aanvraag overneemt.",
            topics=[dublin],
            tags=["Gezondheidszorg"],
        )
        eritrea = CountryPageFactory(parent=sections["countries"], iso_code="ER", name_nl="Eritrea")
        ruling = CaseLawPageFactory(
            parent=sections["caselaw"],
            summary="<p>Beroep tegen de afwijzing.</p>",
            legal_areas=[LegalAreaFactory(name="Vreemdelingenrecht", slug="vreemdelingenrecht")],
            countries=[eritrea],
            legal_provisions=[
                {
                    "label": "Vreemdelingenwet 2000 29",
                    "identifier": "1.0:v:BWB:BWBR0011823&artikel=29",
                    "url": "",
                }
            ],
        )
        for page in (protocol, eritrea, ruling):
            page.save_revision().publish()
    return protocol, ruling


def titles(query: str) -> str:
    return Client().get("/zoeken/", {"q": query}).content.decode()


@pytest.mark.parametrize(
    "query, what",
    [
        ("Dublinoverdracht", "topic"),
        ("gezondheidszorg", "tag"),
        ("vreemdelingenrecht", "legal area"),
        ("Eritrea", "country, Dutch"),
        ("Eritrea beroep", "country with a word of the text"),
    ],
)
def test_the_name_of_what_a_page_is_filed_under_finds_it(filed, query, what):
    protocol, ruling = filed
    html = titles(query)
    expected = ruling if what.startswith(("legal", "country")) else protocol
    assert expected.title in html, what


def test_a_legal_area_filters_search_like_the_case_law_list(filed):
    _protocol, ruling = filed
    html = Client().get("/zoeken/", {"q": "beroep", "legal_area": "vreemdelingenrecht"}).content
    assert ruling.title in html.decode()
    listing = Client().get("/jurisprudentie/", {"legal_area": "vreemdelingenrecht"}).content
    assert ruling.title in listing.decode()
    api = Client().get("/api/search/", {"q": "beroep"}).json()
    assert api["facets"]["legal_area"] == [{"value": "vreemdelingenrecht", "count": 1}]
    page = Client().get("/zoeken/", {"q": "beroep"}).content.decode()
    assert "legal_area=vreemdelingenrecht" in page
    assert "Vreemdelingenrecht" in page


def test_the_provisions_a_ruling_cites_are_a_search_facet(filed):
    _protocol, ruling = filed
    html = Client().get("/zoeken/", {"q": "beroep"}).content.decode()
    assert "Wetsartikel" in html
    link = re.search(r'<a href="([^"]*law=[^"]*)">Vreemdelingenwet 2000 29</a>', html)
    assert link is not None
    narrowed = Client().get("/zoeken/" + link.group(1).replace("&amp;", "&")).content.decode()
    assert ruling.title in narrowed
