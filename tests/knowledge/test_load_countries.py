"""`manage.py load_countries`: a country page per ISO 3166 country, never overwriting an editor."""

import io

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from knowledge.models import CountryPage

pytestmark = pytest.mark.django_db


def load(*args) -> str:
    out = io.StringIO()
    call_command("load_countries", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip().splitlines()[-1]


def test_creates_pages_with_dutch_and_english_names(client, sections):
    assert load("--only", "NL,SY") == "countries: created 2, names filled 0, unchanged 0"

    pages = {p.iso_code: p for p in CountryPage.objects.all()}
    assert set(pages) == {"NL", "SY"}
    assert (pages["NL"].name_nl, pages["NL"].name_en) == ("Nederland", "Netherlands")
    assert (pages["SY"].name_nl, pages["SY"].name_en, pages["SY"].title) == (
        "Syrië",
        "Syria",
        "Syrië",
    )
    for page in pages.values():
        assert page.live and page.get_parent().pk == sections["countries"].pk
    html = client.get(pages["SY"].url).content.decode()
    assert "<h1>Syrië</h1>" in html and "Syria" in html


def test_countries_get_the_names_people_use_not_the_formal_iso_ones(sections):
    load("--only", "BO,LA")
    names = dict(CountryPage.objects.values_list("iso_code", "name_nl"))
    assert names == {"BO": "Bolivia", "LA": "Laos"}


def test_codes_are_read_leniently(sections):
    load("--only", " sy , nl ")
    assert set(CountryPage.objects.values_list("iso_code", flat=True)) == {"NL", "SY"}


def test_second_run_changes_nothing(sections):
    load("--only", "NL,SY")
    before = (Page.objects.count(), Revision.objects.count(), list(CountryPage.objects.values()))

    assert load("--only", "NL,SY") == "countries: created 0, names filled 0, unchanged 2"
    assert (
        Page.objects.count(),
        Revision.objects.count(),
        list(CountryPage.objects.values()),
    ) == before


def test_editor_text_is_never_overwritten(sections):
    load("--only", "SY")
    page = CountryPage.objects.get(iso_code="SY")
    page.title = "Syrië (Syrische Arabische Republiek)"
    page.name_nl = "Syrische Arabische Republiek"
    page.summary = "<p>Door de redactie geschreven.</p>"
    page.save_revision().publish()

    load("--only", "SY,NL")

    page = CountryPage.objects.get(iso_code="SY")
    assert page.title == "Syrië (Syrische Arabische Republiek)"
    assert page.name_nl == "Syrische Arabische Republiek"
    assert page.summary == "<p>Door de redactie geschreven.</p>"


def test_only_empty_names_are_filled_in(sections):
    load("--only", "SY")
    CountryPage.objects.filter(iso_code="SY").update(name_en="")

    assert load("--only", "SY") == "countries: created 0, names filled 1, unchanged 0"
    page = CountryPage.objects.get(iso_code="SY")
    assert (page.name_nl, page.name_en) == ("Syrië", "Syria")


@pytest.mark.parametrize("codes", ["XX", "NL,QQ", "NLD", "12", "<b>"])
def test_invalid_code_is_a_clear_error_and_creates_nothing(sections, codes):
    with pytest.raises(CommandError, match="ISO 3166"):
        call_command("load_countries", "--only", codes, stdout=io.StringIO(), stderr=io.StringIO())
    assert not CountryPage.objects.exists()


def test_without_a_country_section_the_command_says_what_to_do(home):
    with pytest.raises(CommandError, match="country section"):
        call_command("load_countries", "--only", "NL", stdout=io.StringIO())
