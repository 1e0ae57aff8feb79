"""Filter forms for the section pages. GET parameters are user input: anything that does not
validate is dropped (and reported on the page) instead of breaking the listing."""

from django import forms
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _


class BaseFilterForm(forms.Form):
    def __init__(self, data, *args, choices: dict | None = None, **kwargs):
        super().__init__(data, *args, **kwargs)
        for name, options in (choices or {}).items():
            if name in self.fields:
                self.fields[name].choices = [("", _("all"))] + list(options)

    def values(self) -> dict:
        """The valid filters only; invalid ones are ignored."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", [])}

    def active_filters(self) -> list[tuple[str, str]]:
        result = []
        for name, value in self.values().items():
            field = self.fields[name]
            label = dict(getattr(field, "choices", [])).get(value, value)
            result.append((str(field.label), str(label)))
        return result


class CaseLawFilterForm(BaseFilterForm):
    court = forms.ChoiceField(label=_("Court"), required=False)
    legal_area = forms.ChoiceField(label=_("Legal area"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    year = forms.ChoiceField(label=_("Year"), required=False)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=100)


def caselaw_choices(queryset) -> dict:
    from knowledge.models import CountryPage, LegalArea, Topic

    courts = (
        queryset.exclude(court_code="")
        .values_list("court_code", "court")
        .annotate(n=Count("pk"))
        .order_by("court")
    )
    seen, court_choices = set(), []
    for code, name, _n in courts:
        if code not in seen:
            seen.add(code)
            court_choices.append((code, name))
    years = (
        queryset.annotate(y=ExtractYear("decision_date"))
        .values_list("y", flat=True)
        .distinct()
        .order_by("-y")
    )
    return {
        "court": court_choices,
        "legal_area": LegalArea.objects.filter(caselawpage__in=queryset)
        .distinct()
        .values_list("slug", "name"),
        "topic": Topic.objects.filter(caselawpage__in=queryset)
        .distinct()
        .values_list("slug", "name"),
        "country": CountryPage.objects.filter(caselawpage__in=queryset)
        .distinct()
        .order_by("name_nl")
        .values_list("iso_code", "name_nl"),
        "year": [(str(y), str(y)) for y in years if y],
    }


def apply_caselaw_filters(queryset, values: dict):
    if "court" in values:
        queryset = queryset.filter(court_code=values["court"])
    if "legal_area" in values:
        queryset = queryset.filter(legal_areas__slug=values["legal_area"])
    if "topic" in values:
        queryset = queryset.filter(topics__slug=values["topic"])
    if "country" in values:
        queryset = queryset.filter(countries__iso_code=values["country"])
    if "year" in values:
        queryset = queryset.filter(decision_date__year=int(values["year"]))
    if "tag" in values:
        queryset = queryset.filter(tags__name__iexact=values["tag"])
    return queryset.distinct()


class ArticleFilterForm(BaseFilterForm):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    year = forms.ChoiceField(label=_("Year"), required=False)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=100)


def article_choices(queryset) -> dict:
    from knowledge.models import ArticlePage, Topic

    years = queryset.annotate(y=ExtractYear("date")).values_list("y", flat=True).distinct()
    return {
        "kind": ArticlePage.KIND_CHOICES,
        "topic": Topic.objects.filter(articlepage__in=queryset)
        .distinct()
        .values_list("slug", "name"),
        "year": [(str(y), str(y)) for y in sorted(set(years), reverse=True) if y],
    }


def apply_article_filters(queryset, values: dict):
    if "kind" in values:
        queryset = queryset.filter(kind=values["kind"])
    if "topic" in values:
        queryset = queryset.filter(topics__slug=values["topic"])
    if "year" in values:
        queryset = queryset.filter(date__year=int(values["year"]))
    if "tag" in values:
        queryset = queryset.filter(tags__name__iexact=values["tag"])
    return queryset.distinct()


class ProtocolFilterForm(BaseFilterForm):
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=100)


def protocol_choices(queryset) -> dict:
    from knowledge.models import Topic

    return {
        "topic": Topic.objects.filter(protocolpage__in=queryset)
        .distinct()
        .values_list("slug", "name")
    }


def apply_protocol_filters(queryset, values: dict):
    if "topic" in values:
        queryset = queryset.filter(topics__slug=values["topic"])
    if "tag" in values:
        queryset = queryset.filter(tags__name__iexact=values["tag"])
    return queryset.distinct()


class CountryFilterForm(BaseFilterForm):
    q = forms.CharField(label=_("Country name"), required=False, max_length=100)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    with_content = forms.BooleanField(label=_("Only countries with information"), required=False)


def country_choices(queryset) -> dict:
    from knowledge.models import Topic

    return {
        "topic": Topic.objects.filter(countrypage__in=queryset)
        .distinct()
        .values_list("slug", "name")
    }


def apply_country_filters(queryset, values: dict):
    if "q" in values:
        text = values["q"].strip()
        queryset = queryset.filter(
            Q(name_nl__icontains=text) | Q(name_en__icontains=text) | Q(iso_code__iexact=text)
        )
    if "topic" in values:
        queryset = queryset.filter(topics__slug=values["topic"])
    if values.get("with_content"):
        queryset = queryset.exclude(summary="")
    return queryset.distinct()
