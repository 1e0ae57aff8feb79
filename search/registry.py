"""What content apps tell the search service, and the one module of search they import.

Search knows no content app. Each content app registers, from its own `AppConfig.ready()`:

- its sources: a model and the builder that turns one instance into the IndexDocuments it
  produces now (an empty list when it should not be found: a draft, an expired page), plus
  `depends_on`, the related models whose rows are part of that document (an organisation's
  locations), each with a function from a changed row to the pks of the source objects to
  reindex;
- its document types, with the label shown in the type facet;
- label lookups for facet values it owns (topic slugs to topic names, say).

    register_type("caselaw", _("Case law"))
    register_source("knowledge.CaseLawPage", caselaw_documents)
    register_source(
        "network.Organisation",
        organisation_documents,
        depends_on=[Dependency("network.Location", lambda row: [row.organisation_id])],
    )

Indexing (search/indexing.py) reads this registry when a signal arrives, so a source registered
after search's own `ready()` is wired all the same. A builder for a Wagtail page gets the specific
page; `indexed_visibility(page)` is the usual first line (None: the page produces nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.apps import apps
from django.utils.module_loading import import_string

from portal.access import page_visibility
from search.documents import IndexDocument

# The search's own word rules, for content apps that read their texts alike (knowledge's
# country proposals): the words of a text, their normal form, country adjectives.
from search.inflection import country_for_adjective
from search.words import normalise_word, words

__all__ = [
    "AlertItem",
    "AlertSection",
    "AlertSource",
    "Dependency",
    "IndexDocument",
    "Source",
    "country_for_adjective",
    "filtered_ids",
    "index_objects",
    "indexed_visibility",
    "normalise_word",
    "register_alert_source",
    "register_facet_labels",
    "register_source",
    "register_type",
    "save_search",
    "similar_documents",
    "words",
]


@dataclass(frozen=True)
class Dependency:
    """Rows of `model` are part of another source's documents; `owners(row)` gives the pks of
    the source objects to reindex when such a row is saved or deleted."""

    model: str  # "app_label.ModelName"
    owners: Callable[[object], Iterable[int]]

    @cached_property
    def model_class(self):
        return apps.get_model(self.model)


@dataclass(frozen=True)
class Source:
    model: str  # "app_label.ModelName"
    builder: Callable[[object], list[IndexDocument]] | str  # a function or its dotted path
    depends_on: tuple[Dependency, ...] = ()

    @cached_property
    def model_class(self):
        return apps.get_model(self.model)

    @cached_property
    def builder_function(self):
        return import_string(self.builder) if isinstance(self.builder, str) else self.builder

    @cached_property
    def is_page(self) -> bool:
        # Asked on every save of every model (search/indexing.py): worked out once.
        from wagtail.models import Page

        return issubclass(self.model_class, Page)


@dataclass
class AlertItem:
    """One new thing in an alert e-mail. `key` names the event for the source that recorded it
    (search only hands it back)."""

    key: str
    title: str
    url: str  # a path on the portal or an absolute URL


@dataclass
class AlertSection:
    """What a content app adds to a user's alert e-mail: a heading (what the user follows), the
    reason line, the new items, and a link that stops this alert without logging in.

    `record(items)` is called inside the transaction that records the saved searches' items,
    before the e-mail is sent: it marks the items announced and returns those it recorded now
    (an item a concurrent run recorded first is left out, so it is sent once). `forget(items)`
    undoes a record when the e-mail could not be sent, so the next run tries again."""

    title: str
    reason: str
    items: list[AlertItem]
    stop_url: str
    record: Callable[[list[AlertItem]], list[AlertItem]]
    forget: Callable[[list[AlertItem]], None]


@dataclass(frozen=True)
class AlertSource:
    """`collect(user, member, now)` gives the user's AlertSections with what is new for them and
    readable by them now (member: their membership at sending time); `users(now)` gives the
    ids of the users it may have something for, so that they are due even without a due saved
    search."""

    collect: Callable[[object, bool, object], list[AlertSection]]
    users: Callable[[object], Iterable[int]]


@dataclass
class Registry:
    sources: list[Source] = field(default_factory=list)
    types: dict[str, str] = field(default_factory=dict)  # type name -> (lazy) label
    facet_labels: dict[str, list[Callable]] = field(default_factory=dict)
    # Callables giving groups of equivalent terms for the thesaurus (search/thesaurus.py).
    synonym_sources: list[Callable] = field(default_factory=list)
    # search.service.ranked_matches, set when the search app is ready.
    finder: Callable | None = None
    # search.service.similar and search.service.filtered_ids, likewise.
    similar_finder: Callable | None = None
    filter_finder: Callable | None = None
    # search.indexing.index_after_commit, set when the search app is ready.
    indexer: Callable | None = None
    # search.alerts.ensure_saved_search, set when the search app is ready.
    saver: Callable | None = None
    # What each app holds of a user, for the export of their own data: key -> callable(user).
    personal_data: dict[str, Callable] = field(default_factory=dict)
    # Content apps' additions to the alert e-mails (search/alerts.py asks them every run).
    alert_sources: list[AlertSource] = field(default_factory=list)

    def source_for_model(self, model) -> Source | None:
        """The source of a model class: an exact match first, else the nearest registered
        superclass."""
        for source in self.sources:
            if source.model_class is model:
                return source
        for klass in model.__mro__[1:]:
            for source in self.sources:
                if source.model_class is klass:
                    return source
        return None

    def dependents_of(self, model) -> list[tuple[Source, Dependency]]:
        return [
            (source, dependency)
            for source in self.sources
            for dependency in source.depends_on
            if dependency.model_class is model
        ]


# The registry of this process. Tests may swap its lists (monkeypatch) to index models of their
# own; indexing looks them up on every signal.
registry = Registry()


def register_source(model: str, builder, *, depends_on: Iterable[Dependency] = ()) -> Source:
    source = Source(model, builder, tuple(depends_on))
    registry.sources = [s for s in registry.sources if s.model != model] + [source]
    return source


def register_type(name: str, label) -> None:
    registry.types[name] = label


def register_facet_labels(facet: str, lookup: Callable[[list[str]], dict[str, str]]) -> None:
    """`lookup(values)` returns {value: label} for the values it knows; unknown ones are left
    to the next lookup registered for the facet, and in the end shown as they are."""
    registry.facet_labels.setdefault(facet, []).append(lookup)


def register_synonyms(source: Callable[[], Iterable[Iterable[str]]]) -> None:
    """`source()` gives groups of terms that mean the same (["IND", "Immigratie- en
    Naturalisatiedienst"], ...); every query is widened with them. Read again after any change
    to content (the portal's content generation)."""
    if source not in registry.synonym_sources:
        registry.synonym_sources.append(source)


def register_alert_source(collect, *, users) -> AlertSource:
    """Add a content app's alerts (follows, say) to the one alert run, `manage.py send_alerts`:
    each user gets one e-mail per run with the saved searches' news and every source's
    sections. See AlertSource and AlertSection."""
    source = AlertSource(collect, users)
    registry.alert_sources = [s for s in registry.alert_sources if s.collect != collect] + [source]
    return source


def ranked_matches(type_name: str, text: str, *, member: bool, limit: int = 1000):
    """The documents of one type that match what a user typed, best first, as the search page
    ranks them (same analysis, thesaurus and members rule): a list of document ids, at most
    `limit`. None when the text holds nothing to search for, or when the engine cannot answer
    (Elasticsearch down): a list that offers free text then decides what to do without it.
    The search service answers (it installs itself from SearchConfig.ready())."""
    return registry.finder(type_name, text, member=member, limit=limit)


def similar_documents(
    doc_id: str, *, member: bool, types: list[str] | None = None, limit: int = 5
) -> list[tuple[str, float]]:
    """(document id, score) of the documents whose text is most like that of `doc_id`, best
    first, as the visitor may find them (members rule on both sides); the document itself is
    never among them. The search service answers (search.service.similar)."""
    hits = registry.similar_finder(doc_id, member=member, types=types, limit=limit)
    return [(hit.id, hit.score) for hit in hits]


def filtered_ids(type_name: str, *, member: bool, limit: int = 50, **filters):
    """Ids of the newest documents of one type having any of the facet values in `filters`
    (laws=[...], topics=[...], ...), as the visitor may find them; None when the engine cannot
    answer. The search service answers (search.service.filtered_ids)."""
    return registry.filter_finder(type_name, member=member, limit=limit, **filters)


def save_search(user, name: str, params: dict, frequency: str = "daily"):
    """Give `user` a saved search called `name` for these search page parameters ({"q": "asiel",
    "type": ["caselaw"]}) with alerts at `frequency` ("direct", "daily", "weekly"), unless they
    have one of that name already (the demo loader runs again and again). What matches now is
    recorded as seen: the first alert lists only what is new. Returns the saved search."""
    return registry.saver(user, name, params, frequency)


def register_personal_data(key: str, collect: Callable) -> None:
    """Add what an app holds of a user (its saved searches, its follows) to the export of a
    member's own data ("Mijn gegevens"): `collect(user)` returns plain JSON-able data under
    `key`. Secrets such as feed tokens stay out: the export is a copy."""
    registry.personal_data[key] = collect


def personal_data_of(user) -> dict:
    return {key: collect(user) for key, collect in sorted(registry.personal_data.items())}


def index_objects(instances) -> None:
    """Index objects written without the signals that index them one at a time (a bulk
    import's bulk_create): their documents are built and written in one batch once the
    transaction commits, like every other index write."""
    instances = tuple(instances)
    if instances:
        registry.indexer(instances)


def indexed_visibility(page) -> str | None:
    """Who may find a page in search: PUBLIC or MEMBERS (portal.access.page_visibility), or None
    when the page belongs in no index: not published, expired, without a URL, or restricted to
    an audience the index does not serve (another group, a password)."""
    if not page.live or page.expired or page.get_url() is None:
        return None
    return page_visibility(page)
