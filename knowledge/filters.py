"""Filter forms for the section pages. GET parameters are user input: anything that does not
validate is dropped (and reported on the page) instead of breaking the listing.

A well-formed value that simply matches nothing here (a country no ruling concerns yet, a court
code with no rulings) is a valid filter: it gives an empty list, not the whole list with a notice.
Only malformed values (not a country code, a topic that does not exist) are ignored.

Each form owns its options (`choices`, from what the listing holds) and its filtering (`apply`).
It reaches the vocabularies (topics, countries, legal areas) through the relations of the model it
lists, so this module needs no import of the page models that use it."""

import datetime
import re
from functools import partial

from django import forms
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from knowledge import caselaw_facets
from knowledge.laws import provision_needle, split_provision
from portal.access import visible_pages
from portal.cache import per_visibility
from portal.widgets import PlainSelect


class OpenChoiceField(forms.ChoiceField):
    """A select whose options are what the listing holds, but which accepts any well-formed
    value: ``resolve(value)`` gives the label of a well-formed value, None for a malformed one."""

    widget = PlainSelect

    def __init__(self, *, resolve, normalise=None, **kwargs):
        # resolve(form, value); the form binds itself: the model it lists, the request.
        super().__init__(**kwargs)
        self.resolve = resolve
        self.normalise = normalise
        self._labels: dict[str, str | None] = {}

    def __deepcopy__(self, memo):
        # Every form gets its own copy of the field; the label cache must not be shared.
        result = super().__deepcopy__(memo)
        result._labels = {}
        return result

    def to_python(self, value):
        value = super().to_python(value).strip()
        return self.normalise(value) if value and self.normalise else value

    def bound_data(self, data, initial):
        # "?country=sy" shows Syria as selected, like "?country=SY".
        return self.to_python(data) if isinstance(data, str) else data

    def label_for(self, value: str) -> str | None:
        if value not in self._labels:
            self._labels[value] = self.resolve(value) if len(value) <= 100 else None
        return self._labels[value]

    def valid_value(self, value):
        return super().valid_value(value) or self.label_for(value) is not None


class BaseFilterForm(forms.Form):
    def __init__(self, data, queryset, *args, request=None, cache_name=None, **kwargs):
        """cache_name: where the listing is always the same for one audience (a section's
        pages), its options are worked out once per content change and visibility class
        instead of on every request."""
        super().__init__(data, *args, **kwargs)
        self.model = queryset.model
        self.request = request
        for field in self.fields.values():
            if isinstance(field, OpenChoiceField):
                field.resolve = partial(field.resolve, self)
        if cache_name and request is not None:
            options_by_field = per_visibility(
                request, f"filter-options:{cache_name}", partial(self._plain_choices, queryset)
            )
        else:
            options_by_field = self.choices(queryset)
        for name, options in options_by_field.items():
            if name in self.fields:
                self.fields[name].choices = [("", _("all"))] + list(options)
        self._options_from_listing = set(options_by_field)
        # A valid value that is not among the options (it matches nothing here) is added, so the
        # select shows what is filtered on and the active filter has its name.
        for name, field in self.fields.items():
            if not isinstance(field, OpenChoiceField) or not self.is_bound:
                continue
            value = field.to_python(self.data.get(self.add_prefix(name)))
            if value and value not in dict(field.choices):
                label = field.label_for(value)
                if label is not None:
                    field.choices = [*field.choices, (value, label)]
        # A filter with nothing to choose from is not offered at all.
        for name in self._options_from_listing & set(self.fields):
            if len(self.fields[name].choices) <= 1:
                del self.fields[name]

    def choices(self, queryset) -> dict:
        """{field name: [(value, label), ...]} drawn from what the listing holds."""
        return {}

    def _plain_choices(self, queryset) -> dict:
        return {
            name: [(str(value), str(label)) for value, label in options]
            for name, options in self.choices(queryset).items()
        }

    def apply(self, queryset, values: dict):
        """The filters several listings share; a form adds its own."""
        if "topic" in values:
            queryset = having(queryset, topics__slug=values["topic"])
        if "country" in values:
            queryset = having(queryset, countries__iso_code=values["country"])
        if "tag" in values:
            queryset = having(queryset, tags__name__iexact=values["tag"])
        return queryset

    def values(self) -> dict:
        """The valid filters only; invalid ones are ignored."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", [])}

    # Fields that order the list rather than filter it: not named among the active filters.
    ordering_fields: tuple[str, ...] = ()

    def active_filters(self) -> list[tuple[str, str]]:
        result = []
        for name, value in self.values().items():
            if name in self.ordering_fields:
                continue
            field = self.fields[name]
            label = dict(getattr(field, "choices", [])).get(value, value)
            if isinstance(value, datetime.date):
                label = date_format(value, "j F Y")
            result.append((str(field.label), str(label)))
        return result


def having(queryset, **lookup):
    """Pages with a related term, as a subquery: a join would repeat a page per matching term
    and need DISTINCT over every column, text included, which on a long list costs more than
    the whole rest of the page."""
    return queryset.filter(pk__in=queryset.model.objects.filter(**lookup).values("pk"))


def related_model(model, field_name: str):
    return model._meta.get_field(field_name).related_model


def used_terms(queryset, field_name: str):
    """The terms of a many-to-many vocabulary that the listed pages use."""
    vocabulary = related_model(queryset.model, field_name)
    return vocabulary.objects.filter(pk__in=queryset.values(field_name))


def _slug_label(field_name: str):
    def resolve(form, slug: str) -> str | None:
        vocabulary = related_model(form.model, field_name)
        return vocabulary.objects.filter(slug=slug).values_list("name", flat=True).first()

    return resolve


_COURT_CODE = re.compile(r"[A-Z0-9]{1,7}")  # the court part of an ECLI
_YEAR = re.compile(r"[1-9][0-9]{3}")


def _court_label(form, code: str) -> str | None:
    return code if _COURT_CODE.fullmatch(code) else None


def _year_label(form, value: str) -> str | None:
    return value if _YEAR.fullmatch(value) else None


def _country_label(form, code: str) -> str | None:
    if not re.fullmatch(r"[A-Z]{2}", code):
        return None
    pages = related_model(form.model, "countries").objects.filter(iso_code=code)
    for _page, name, _open in visible_country_names(pages, form.request):
        return name
    return public_country_name(code)


def public_country_name(code: str) -> str | None:
    from portal.countries import dutch_name, lookup

    country = lookup(code)
    return dutch_name(country) if country else None


def visible_country_names(pages, request) -> list[tuple[object, str, bool]]:
    """(page, name, open) for country pages, by name: the page's own name where the visitor may
    open the page, else the country's common Dutch name, so that a restricted page gives away
    neither its title nor its address."""
    open_pages = set(visible_pages(pages, request).values_list("pk", flat=True))
    entries = [
        (page, page.name_nl, True)
        if page.pk in open_pages
        else (page, public_country_name(page.iso_code) or page.iso_code, False)
        for page in pages
    ]
    return sorted(entries, key=lambda entry: entry[1])


def topic_field():
    return OpenChoiceField(label=_("Topic"), required=False, resolve=_slug_label("topics"))


def country_field():
    return OpenChoiceField(
        label=_("Country"), required=False, resolve=_country_label, normalise=str.upper
    )


def year_field():
    return OpenChoiceField(label=_("Year"), required=False, resolve=_year_label)


def _topic_choices(queryset):
    return used_terms(queryset, "topics").values_list("slug", "name")


def _country_choices(queryset, request):
    pages = used_terms(queryset, "countries")
    return [(page.iso_code, name) for page, name, _open in visible_country_names(pages, request)]


def _instance_label(form, key: str) -> str | None:
    label = caselaw_facets.INSTANCE_LABELS.get(key)
    return str(label) if label is not None else None


def _outcome_label(form, value: str) -> str | None:
    label = dict(form.model._meta.get_field("outcome").choices).get(value) if value else None
    return str(label) if label is not None else None


def _text_label(form, value: str) -> str | None:
    """Any text is a valid procedure or provision; one no ruling has gives an empty list."""
    return value or None


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _provision_sort_key(label: str):
    split = split_provision(label)
    if split is None:
        return (label.lower(), ())
    law, article = split
    numbers = tuple(
        (int(m.group(1)), m.group(2)) for m in re.finditer(r"(\d+)([a-z]*)", article.lower())
    )
    return (law.lower(), numbers)


def _law_choices(queryset) -> list[tuple[str, str]]:
    labels = set()
    columns = queryset.exclude(provision_lines="").values_list("provision_lines", flat=True)
    for column in columns.iterator(chunk_size=2000):
        labels.update(line for line in column.split("\n") if line)
    return [(label, label) for label in sorted(labels, key=_provision_sort_key)]


def citing_law(queryset, label: str):
    """Rulings whose statutory references include this one (provision_label spelling), found in
    the database through CaseLawPage.provision_lines: one line per reference, so a whole line
    matches and article 2 is not article 29."""
    return queryset.filter(provision_lines__icontains=provision_needle(label))


class DateInput(forms.DateInput):
    """The browser's date picker; it sends ISO dates (2024-03-01), which Django always accepts."""

    input_type = "date"

    def format_value(self, value):
        return value.isoformat() if isinstance(value, datetime.date) else value


SORT_NEWEST, SORT_OLDEST, SORT_CITED = "", "oldest", "cited"


class CaseLawFilterForm(BaseFilterForm):
    court = OpenChoiceField(
        label=_("Court"), required=False, resolve=_court_label, normalise=str.upper
    )
    instance = OpenChoiceField(
        label=_("Instance"), required=False, resolve=_instance_label, normalise=str.lower
    )
    legal_area = OpenChoiceField(
        label=_("Legal area"), required=False, resolve=_slug_label("legal_areas")
    )
    procedure = OpenChoiceField(
        label=_("Procedure"),
        required=False,
        resolve=_text_label,
        normalise=caselaw_facets.normalise_procedure,
    )
    outcome = OpenChoiceField(label=_("Outcome"), required=False, resolve=_outcome_label)
    law = OpenChoiceField(
        label=_("Statutory provision"), required=False, resolve=_text_label, normalise=_collapse
    )
    topic = topic_field()
    country = country_field()
    year = year_field()
    date_from = forms.DateField(label=_("Decided from"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("Decided until"), required=False, widget=DateInput)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=100)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        widget=PlainSelect,
        choices=[
            (SORT_NEWEST, _("newest first")),
            (SORT_OLDEST, _("oldest first")),
            (SORT_CITED, _("most cited")),
        ],
    )
    ordering_fields = ("sort",)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            # Both are ignored: which of the two is the mistake is for the visitor to say.
            del cleaned["date_from"], cleaned["date_to"]
            self.add_error(
                None,
                _("The date “decided from” is after the date “decided until”; both are ignored."),
            )
        return cleaned

    def choices(self, queryset) -> dict:
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
        procedures = queryset.exclude(procedure="").values_list("procedure", flat=True).distinct()
        outcomes = set(queryset.exclude(outcome="").values_list("outcome", flat=True).distinct())
        return {
            "court": court_choices,
            "instance": caselaw_facets.instance_choices(
                queryset.values_list("court_code", "court").distinct()
            ),
            "legal_area": used_terms(queryset, "legal_areas").values_list("slug", "name"),
            "procedure": caselaw_facets.procedure_choices(procedures),
            "outcome": [
                (value, label)
                for value, label in queryset.model._meta.get_field("outcome").choices
                if value in outcomes
            ],
            "law": _law_choices(queryset),
            "topic": _topic_choices(queryset),
            "country": _country_choices(queryset, self.request),
            "year": [(str(y), str(y)) for y in years if y],
        }

    def apply(self, queryset, values: dict):
        from knowledge.citations import cited_count

        queryset = super().apply(queryset, values)
        if "court" in values:
            queryset = queryset.filter(court_code=values["court"])
        if "instance" in values:
            queryset = queryset.filter(caselaw_facets.instance_q(values["instance"]))
        if "legal_area" in values:
            queryset = having(queryset, legal_areas__slug=values["legal_area"])
        if "procedure" in values:
            queryset = queryset.filter(caselaw_facets.procedure_q(values["procedure"]))
        if "outcome" in values:
            queryset = queryset.filter(outcome=values["outcome"])
        if "law" in values:
            queryset = citing_law(queryset, values["law"])
        if "year" in values:
            queryset = queryset.filter(decision_date__year=int(values["year"]))
        if "date_from" in values:
            queryset = queryset.filter(decision_date__gte=values["date_from"])
        if "date_to" in values:
            queryset = queryset.filter(decision_date__lte=values["date_to"])
        sort = values.get("sort", SORT_NEWEST)
        if sort == SORT_OLDEST:
            queryset = queryset.order_by("decision_date", "ecli")
        elif sort == SORT_CITED:
            queryset = queryset.annotate(cited_count=cited_count(self.request)).order_by(
                "-cited_count", "-decision_date", "ecli"
            )
        return queryset


class ArticleFilterForm(BaseFilterForm):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    topic = topic_field()
    country = country_field()
    year = year_field()
    tag = forms.CharField(label=_("Tag"), required=False, max_length=100)

    def choices(self, queryset) -> dict:
        years = queryset.annotate(y=ExtractYear("date")).values_list("y", flat=True).distinct()
        return {
            "kind": queryset.model.KIND_CHOICES,
            "topic": _topic_choices(queryset),
            "country": _country_choices(queryset, self.request),
            "year": [(str(y), str(y)) for y in sorted(set(years), reverse=True) if y],
        }

    def apply(self, queryset, values: dict):
        queryset = super().apply(queryset, values)
        if "kind" in values:
            queryset = queryset.filter(kind=values["kind"])
        if "year" in values:
            queryset = queryset.filter(date__year=int(values["year"]))
        return queryset


class ProtocolFilterForm(BaseFilterForm):
    topic = topic_field()
    tag = forms.CharField(label=_("Tag"), required=False, max_length=100)

    def choices(self, queryset) -> dict:
        return {"topic": _topic_choices(queryset)}


class CountryFilterForm(BaseFilterForm):
    q = forms.CharField(label=_("Country name"), required=False, max_length=100)
    topic = topic_field()
    with_content = forms.BooleanField(label=_("Only countries with information"), required=False)

    def choices(self, queryset) -> dict:
        return {"topic": _topic_choices(queryset)}

    def apply(self, queryset, values: dict):
        queryset = super().apply(queryset, values)
        if "q" in values:
            text = values["q"].strip()
            queryset = queryset.filter(
                Q(name_nl__icontains=text) | Q(name_en__icontains=text) | Q(iso_code__iexact=text)
            )
        if values.get("with_content"):
            queryset = queryset.exclude(summary="")
        return queryset
