"""Dutch word forms that belong together but that the Snowball stemmer keeps apart:

- the nouns with a plural in -eren (kind / kinderen, lied / liederen): the stemmer reduces
  "kinderen" to "kinder" and leaves "kind" alone, so neither finds the other;
- adjectives of country names (Syrische, Iraakse, Afghaanse, Italiaanse): texts name the country
  ("Syrië"), users type how they speak ("Syrische vluchtelingen").

The query side widens a typed word with these forms (search/query.py), so every engine answers
alike without a second index analysis."""

from __future__ import annotations

import re
from functools import cache

from portal.countries import all_countries, dutch_name
from search.words import normalise_word

# The closed class of Dutch nouns whose plural takes -eren (Algemene Nederlandse Spraakkunst,
# 3.2.2.1.3), with the plural where the root changes (kalf -> kalveren).
EREN_PLURALS = {
    "been": "beenderen",
    "blad": "bladeren",
    "ei": "eieren",
    "gelid": "gelederen",
    "gemoed": "gemoederen",
    "goed": "goederen",
    "hoen": "hoenderen",
    "kalf": "kalveren",
    "kind": "kinderen",
    "lam": "lammeren",
    "lied": "liederen",
    "rad": "raderen",
    "rund": "runderen",
    "volk": "volkeren",
}
_SINGULARS = {plural: singular for singular, plural in EREN_PLURALS.items()}
# Compounds end in the noun and take its plural (pleegkind / pleegkinderen); nouns this short
# would also end unrelated words (wei, vergoed), so they only count as whole words.
_COMPOUNDABLE = frozenset(s for s in EREN_PLURALS if len(s) >= 4 and s != "goed")


def other_number(word: str) -> str | None:
    """The -eren plural of a singular in that class, or the singular of such a plural, also at
    the end of a compound; None for every other word."""
    word = normalise_word(word)
    if word in EREN_PLURALS:
        return EREN_PLURALS[word]
    if word in _SINGULARS:
        return _SINGULARS[word]
    for singular in _COMPOUNDABLE:
        plural = EREN_PLURALS[singular]
        if word.endswith(plural) and len(word) > len(plural) + 2:
            return word[: -len(plural)] + singular
        if word.endswith(singular) and len(word) > len(singular) + 2:
            return word[: -len(singular)] + plural
    return None


# How Dutch forms the adjective of a country: Syrië -> Syrisch, Italië -> Italiaans, Irak ->
# Iraaks, Eritrea -> Eritrees, Afghanistan -> Afghaans, Turkije -> Turks, Finland -> Fins. Both
# sides are cut back to a shared root; a root that fits more than one country is no answer.
_ADJECTIVE_ENDINGS = sorted(
    ("s", "se", "ees", "ese", "isch", "ische", "aans", "aanse", "iaans", "iaanse"), key=len
)
_NAME_ENDINGS = ("", "a", "e", "o", "ie", "ia", "ee", "en", "je", "ije", "land", "sland", "istan")
_DOUBLE_RE = re.compile(r"(.)\1")
MIN_ROOT = 3


def _root(text: str) -> str:
    # Spelling doubles a letter in an open or closed syllable (Irak / Iraakse, Marokko /
    # Marokkaanse); without doubles the two meet.
    return _DOUBLE_RE.sub(r"\1", text)


@cache
def _country_roots() -> dict[str, str]:
    """root -> the Dutch country name; only single-word names, only unambiguous roots."""
    found: dict[str, set[str]] = {}
    for country in all_countries():
        name = dutch_name(country)
        plain = normalise_word(name)
        if not plain.isalpha():
            continue  # "Zuid-Korea", "Bahama's": the adjective of a part is another word
        for ending in _NAME_ENDINGS:
            if plain.endswith(ending) and len(plain) - len(ending) >= MIN_ROOT:
                found.setdefault(_root(plain[: len(plain) - len(ending)]), set()).add(name)
    return {root: names.pop() for root, names in found.items() if len(names) == 1}


@cache
def _country_names() -> frozenset[str]:
    return frozenset(normalise_word(dutch_name(c)) for c in all_countries())


def country_for_adjective(word: str) -> str | None:
    """The Dutch name of the country a word is the adjective of ("Syrische" -> "Syrië"), or
    None. The longest root that names exactly one country wins ("Nigeriaanse" is Nigeria, not
    Niger)."""
    plain = normalise_word(word)
    if not plain.isalpha() or plain in _country_names():
        return None
    roots = _country_roots()
    for ending in _ADJECTIVE_ENDINGS:
        if plain.endswith(ending) and len(plain) - len(ending) >= MIN_ROOT:
            name = roots.get(_root(plain[: -len(ending)]))
            if name:
                return name
    return None
