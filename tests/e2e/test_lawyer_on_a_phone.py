"""A lawyer on a 390 px phone: opens a ruling, follows an ECLI it cites, copies the citation and
opens a related ruling.

Each step is a function taking the phone and returning what the next step needs, so a walk can
grow by one step (related rulings, the directory's map pins) without rewriting the others."""

import re

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DUTCH_MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
)
# "Rb. Midden-Nederland 15 maart 2016, ECLI:NL:RBMNE:2016:1780", "ABRvS 3 mei 2017, ECLI:..."
DUTCH_CITATION = re.compile(
    rf"^\S.* \d{{1,2}} ({DUTCH_MONTHS}) \d{{4}}, ECLI:NL:[A-Z]+:\d{{4}}:\w+$"
)


def publish_ruling_citing(cited, tmp_path):
    """A newly published ruling that cites a ruling of the demo, imported as an editor imports
    rulings from rechtspraak.nl (the demo's sample rulings cite none of each other)."""
    from knowledge import importing
    from knowledge.models import CaseLawPage
    from tests.knowledge.conftest import sample_copy

    path = sample_copy(
        tmp_path,
        "ECLI_NL_RBAMS_2010_BO3979.xml",
        "ECLI:NL:RBAMS:2010:BO9999",
        f"Zie ook {cited.ecli} over dezelfde vraag.",
    )
    importing.import_ruling(path.read_bytes(), source=path.name)
    return CaseLawPage.objects.live().public().get(ecli="ECLI:NL:RBAMS:2010:BO9999")


def assert_fits_the_screen(phone):
    width = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{phone.url} scrolls sideways: {width[0]} > {width[1]} px"


def open_ruling(phone, base_url, ruling):
    phone.goto(base_url + ruling.url)
    assert ruling.ecli in phone.locator(".facts").inner_text()
    assert_fits_the_screen(phone)


def follow_cited_ecli(phone, cited):
    cites = phone.get_by_role("region", name="Haalt aan")
    link = cites.get_by_role("link", name=cited.ecli, exact=True)
    link.scroll_into_view_if_needed()
    link.tap()
    phone.wait_for_url(f"**{cited.url}")
    assert cited.ecli in phone.locator(".facts").inner_text()
    assert_fits_the_screen(phone)


def copy_citation(phone) -> str:
    button = phone.get_by_role("button", name="Kopieer citeerwijze")
    button.tap()
    phone.get_by_role("status").filter(has_text="Gekopieerd.").wait_for()
    return phone.evaluate("navigator.clipboard.readText()")


def open_related_ruling(phone, expected):
    """The "Vergelijkbare uitspraken" of the ruling on screen lead to a ruling that is related;
    here the ruling that cites it, found through the citation."""
    related = phone.get_by_role("region", name="Vergelijkbare uitspraken")
    link = related.get_by_role("link", name=expected.title, exact=True)
    link.scroll_into_view_if_needed()
    assert "citeert deze uitspraak" in related.inner_text()
    link.tap()
    phone.wait_for_url(f"**{expected.url}")
    assert expected.ecli in phone.locator(".facts").inner_text()
    assert_fits_the_screen(phone)


def test_lawyer_opens_a_ruling_follows_a_cited_ecli_and_copies_the_citation(
    phone, demo_site, tmp_path
):
    from knowledge.models import CaseLawPage

    cited = CaseLawPage.objects.live().public().exclude(ecli="").order_by("ecli").first()
    citing = publish_ruling_citing(cited, tmp_path)
    open_ruling(phone, demo_site.url, citing)
    follow_cited_ecli(phone, cited)
    copied = copy_citation(phone)
    assert copied == cited.citation
    assert DUTCH_CITATION.match(copied), copied
    assert copied.endswith(", " + cited.ecli)
    open_related_ruling(phone, citing)
