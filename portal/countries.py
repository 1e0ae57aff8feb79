"""Country names from pycountry (ISO 3166-1, with the Debian iso-codes translations)."""

import gettext
from functools import cache

import pycountry


@cache
def _dutch():
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nl"], fallback=True)


def english_name(country) -> str:
    # "common_name" is what people say ("Bolivia"), "name" the formal ISO short name.
    return getattr(country, "common_name", None) or country.name


def dutch_name(country) -> str:
    translate = _dutch().gettext
    # The common name wins even when Dutch spells it the same ("Bolivia"): the formal ISO name
    # ("Bolivia, Multinationale Staat") is not what anyone looks for.
    common = getattr(country, "common_name", None)
    return translate(common) if common else translate(country.name)


def all_countries():
    return sorted(pycountry.countries, key=lambda c: c.alpha_2)


def lookup(code: str):
    return pycountry.countries.get(alpha_2=(code or "").upper())
