"""Countries a ruling's text mentions, proposed to the editor as countries concerned.

A country counts as mentioned by its Dutch name (pycountry's, portal.countries, and the name its
CountryPage gives it) or by its adjective ("Syrische", "Eritrese": search.inflection, reached
through search.registry, derives them from the names by rule, not from a list). Only countries
with a CountryPage are proposed, only those not yet among the ruling's countries, and never the
Netherlands: every ruling here is a Dutch court's, so "Nederland" and "Nederlandse" (staat,
nationaliteit, rechter) appear in nearly all of them and say nothing about the country a case
concerns. Proposals only: nothing is filled in without an editor (the rechtspraak importer
leaves `countries` alone)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache

from knowledge.rechtspraak.html import html_to_text
from portal.countries import all_countries, dutch_name
from search.registry import country_for_adjective, normalise_word, words

# The ruling's own country, never a proposal (see above).
EXCLUDED = frozenset({"NL"})


def _fold(text: str) -> str:
    """Without diacritics, case kept: a name is a proper noun and is written with a capital, which
    keeps ordinary words that happen to be a country's name ("man", "chili") out."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _pycountry_names() -> dict[str, str]:
    """Dutch name (folded, see _fold) -> alpha-2 code."""
    return {_fold(dutch_name(country)): country.alpha_2 for country in all_countries()}


@cache
def _by_plain_name() -> dict[str, str]:
    return {normalise_word(name): code for name, code in _pycountry_names().items()}


def _names(extra: dict[str, str]) -> tuple[dict[str, str], list[tuple[re.Pattern, str]]]:
    """One-word names by lower-case word; names of several words ("Verenigde Staten",
    "Zuid-Afrika") as patterns over the folded text, capitals as written."""
    single, several = {}, []
    for name, code in {**_pycountry_names(), **extra}.items():
        if not name:
            continue
        if name.isalpha():
            single[normalise_word(name)] = code
        else:
            parts = [re.escape(part) for part in words(name)]
            if parts:
                several.append((re.compile(r"\b" + r"[\s-]+".join(parts) + r"\b"), code))
    return single, several


def country_mentions(text: str, extra_names: dict[str, str] | None = None) -> Counter:
    """alpha-2 code -> how often the text names the country or uses its adjective.
    `extra_names` maps further Dutch names (a CountryPage's) to codes."""
    extra = {_fold(name): code.upper() for name, code in (extra_names or {}).items()}
    single, several = _names(extra)
    found: Counter = Counter()
    folded = _fold(text or "")
    covered: list[tuple[int, int]] = []
    for pattern, code in several:
        for match in pattern.finditer(folded):
            found[code] += 1
            covered.append(match.span())
    for match in re.finditer(r"[^\W_]+", folded):
        word = match.group(0)
        if not word[0].isupper() or any(start <= match.start() < end for start, end in covered):
            continue  # "Zuid" and "Afrika" of "Zuid-Afrika" are that one name
        plain = normalise_word(word)
        code = single.get(plain)
        if code is None:
            name = country_for_adjective(plain)
            code = _by_plain_name().get(normalise_word(name)) if name else None
        if code:
            found[code] += 1
    for code in EXCLUDED:
        found.pop(code, None)
    return found


def ruling_text(page) -> str:
    return "\n".join(
        part for part in (page.title, html_to_text(page.summary), html_to_text(page.full_text))
    )


def proposed_countries(page) -> list[tuple[object, int]]:
    """(CountryPage, number of mentions) for the countries the ruling mentions that have a
    country page and are not yet among its countries, most mentioned first."""
    # The model through the field, so that the models may use this module (the panel).
    country_model = page._meta.get_field("countries").related_model
    pages = {country.iso_code.upper(): country for country in country_model.objects.all()}
    if not pages:
        return []
    extra = {country.name_nl: code for code, country in pages.items() if country.name_nl}
    chosen = {country.iso_code.upper() for country in page.countries.all()}
    mentions = country_mentions(ruling_text(page), extra)
    proposals = [
        (pages[code], count)
        for code, count in mentions.items()
        if code in pages and code not in chosen
    ]
    proposals.sort(key=lambda item: (-item[1], item[0].name_nl))
    return proposals
