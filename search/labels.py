"""Human labels for facet names and values, in the user's language."""

from __future__ import annotations

import gettext
from functools import lru_cache

import pycountry
from django.apps import apps
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from search import documents
from search.engines import base

FACET_LABELS = {
    base.FACET_TYPE: _("Type"),
    base.FACET_COUNTRY: _("Country"),
    base.FACET_TOPIC: _("Topic"),
    base.FACET_TAG: _("Tag"),
    base.FACET_COURT: _("Court"),
    base.FACET_LEGAL_AREA: _("Legal area"),
    base.FACET_YEAR: _("Year"),
}

TYPE_LABELS = {
    documents.TYPE_CASELAW: _("Case law"),
    documents.TYPE_COUNTRY: _("Country information"),
    documents.TYPE_COUNTRY_SECTION: _("Country information (section)"),
    documents.TYPE_PROTOCOL: _("Protocol"),
    documents.TYPE_ARTICLE: _("Article"),
    documents.TYPE_GLOSSARY: _("Glossary"),
    documents.TYPE_ORGANISATION: _("Organisation"),
    documents.TYPE_EXPERT: _("Expert"),
    documents.TYPE_EVENT: _("Event"),
    documents.TYPE_ANSWER: _("Helpdesk answer"),
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


def _names_by_slug(model_name: str, slugs: list[str]) -> dict[str, str]:
    try:
        model = apps.get_model("knowledge", model_name)
    except LookupError:
        return {}
    return dict(model.objects.filter(slug__in=slugs).values_list("slug", "name"))


def value_labels(facets: dict[str, list]) -> dict[tuple[str, str], str]:
    """(facet, value) -> label for every value in a facets dict."""
    labels: dict[tuple[str, str], str] = {}
    topics = _names_by_slug("Topic", [v.value for v in facets.get(base.FACET_TOPIC, [])])
    areas = _names_by_slug("LegalArea", [v.value for v in facets.get(base.FACET_LEGAL_AREA, [])])
    for name, values in facets.items():
        for item in values:
            value = item.value
            if name == base.FACET_TYPE:
                label = str(TYPE_LABELS.get(value, value))
            elif name == base.FACET_COUNTRY:
                label = country_label(value)
            elif name == base.FACET_TOPIC:
                label = topics.get(value, value)
            elif name == base.FACET_LEGAL_AREA:
                label = areas.get(value, value)
            else:
                label = value
            labels[(name, value)] = label
    return labels


def type_label(value: str) -> str:
    return str(TYPE_LABELS.get(value, value))
