"""Word forms the Dutch stemmer keeps apart: -eren plurals and adjectives of country names."""

import pytest

from search.inflection import country_for_adjective, other_number


@pytest.mark.parametrize(
    ("typed", "other"),
    [
        ("kind", "kinderen"),
        ("Kinderen", "kind"),
        ("pleegkind", "pleegkinderen"),
        ("pleegkinderen", "pleegkind"),
        ("lied", "liederen"),
        ("kalveren", "kalf"),
        ("ei", "eieren"),
    ],
)
def test_eren_plurals_and_their_singulars(typed, other):
    assert other_number(typed) == other


@pytest.mark.parametrize("typed", ["vluchteling", "wei", "vergoed", "kinderopvang", "rechter"])
def test_other_words_have_no_eren_form(typed):
    assert other_number(typed) is None


@pytest.mark.parametrize(
    ("adjective", "country"),
    [
        ("Syrische", "Syrië"),
        ("syrisch", "Syrië"),
        ("Italiaanse", "Italië"),
        ("Eritrese", "Eritrea"),
        ("Iraakse", "Irak"),
        ("Iraanse", "Iran"),
        ("Afghaanse", "Afghanistan"),
        ("Marokkaanse", "Marokko"),
        ("Turkse", "Turkije"),
        ("Somalische", "Somalië"),
        ("Guinese", "Guinee"),
        ("Nigeriaanse", "Nigeria"),  # not Niger: the longest root decides
        ("Russische", "Rusland"),
        ("Chinese", "China"),
    ],
)
def test_adjectives_lead_to_their_country(adjective, country):
    assert country_for_adjective(adjective) == country


@pytest.mark.parametrize(
    "typed",
    ["Syrië", "medische", "juridische", "praktische", "Europese", "kans", "advies", "rechters"],
)
def test_other_words_are_no_country_adjective(typed):
    assert country_for_adjective(typed) is None
