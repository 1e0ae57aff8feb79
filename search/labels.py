"""Human labels for facet names and values, in the user's language."""

from __future__ import annotations

import gettext
from functools import lru_cache

import pycountry
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from search.engines import base
from search.registry import registry

FACET_LABELS = {
    base.FACET_TYPE: _("Type"),
    base.FACET_COUNTRY: _("Country"),
    base.FACET_TOPIC: _("Topic"),
    base.FACET_TAG: _("Tag"),
    base.FACET_COURT: _("Court"),
    base.FACET_LEGAL_AREA: _("Legal area"),
    base.FACET_LAW: _("Statutory provision"),
    base.FACET_YEAR: _("Year"),
}


@lru_cache(maxsize=4)
def _country_translation(language: str):
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return gettext.NullTranslations()


def country_label(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 else None
    if country is None:
        return code
    language = (get_language() or "nl").split("-")[0]
    return _country_translation(language).gettext(country.name)


def _registered_labels(facet: str, values: list[str]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for lookup in registry.facet_labels.get(facet, []):
        missing = [value for value in values if value not in labels]
        if not missing:
            break
        labels.update({k: v for k, v in lookup(missing).items() if k not in labels})
    return labels


def value_labels(facets: dict[str, list]) -> dict[tuple[str, str], str]:
    """(facet, value) -> label for every value in a facets dict."""
    labels: dict[tuple[str, str], str] = {}
    for name, values in facets.items():
        if name == base.FACET_TYPE:
            found = {item.value: type_label(item.value) for item in values}
        elif name == base.FACET_COUNTRY:
            found = {item.value: country_label(item.value) for item in values}
        else:
            found = _registered_labels(name, [item.value for item in values])
        for item in values:
            labels[(name, item.value)] = found.get(item.value, item.value)
    return labels


def type_label(value: str) -> str:
    return str(registry.types.get(value, value))
