"""The one table of which content model feeds which index documents.

Each row names a model ("app_label.ModelName") and a builder ("dotted.path.to.function"), both as
strings resolved when first used, so this module imports no content app. A builder takes one
instance and returns the list of IndexDocuments it produces now: an empty list when the instance
should not be found (a draft, an expired page, an unpublished answer). For Wagtail pages use
`is_live_and_indexable(page)` and `page_visibility(page)` below; the indexer calls builders with
the specific page.

    def caselaw_documents(page) -> list[IndexDocument]:
        if not is_live_and_indexable(page):
            return []
        return [IndexDocument(id=f"caselaw:{page.pk}", type=TYPE_CASELAW, title=page.title,
                              url=page.url, public_text=..., visibility=page_visibility(page))]

Indexing is wired once from this table (search/indexing.py): publish, unpublish, delete and move
of pages, view-restriction changes, and save/delete of any other model listed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.apps import apps
from django.utils.module_loading import import_string

from search.documents import MEMBERS, PUBLIC


@dataclass(frozen=True)
class Source:
    model: str  # "app_label.ModelName"
    builder: str  # "package.module.function"

    @cached_property
    def model_class(self):
        return apps.get_model(self.model)

    @cached_property
    def builder_function(self):
        return import_string(self.builder)

    @property
    def is_page(self) -> bool:
        from wagtail.models import Page

        return issubclass(self.model_class, Page)


# The lead adds rows for the knowledge models, the network helper for theirs; only list models
# that exist.
SOURCES: list[Source] = [
    Source("knowledge.CaseLawPage", "knowledge.search_documents.caselaw_documents"),
    Source("knowledge.CountryPage", "knowledge.search_documents.country_documents"),
    Source("knowledge.ProtocolPage", "knowledge.search_documents.protocol_documents"),
    Source("knowledge.ArticlePage", "knowledge.search_documents.article_documents"),
    Source("knowledge.GlossaryTerm", "knowledge.search_documents.glossary_documents"),
    Source("network.Organisation", "network.search_documents.organisation_documents"),
    Source("network.Expert", "network.search_documents.expert_documents"),
    Source("network.Event", "network.search_documents.event_documents"),
]


def get_sources() -> list[Source]:
    return list(SOURCES)


def source_for_model(model) -> Source | None:
    """The row for a model class: an exact match first, else the nearest listed superclass."""
    sources = get_sources()
    for source in sources:
        if source.model_class is model:
            return source
    for klass in model.__mro__[1:]:
        for source in sources:
            if source.model_class is klass:
                return source
    return None


def page_visibility(page) -> str:
    """MEMBERS when the page or any ancestor has a view restriction (members group, login or
    password: none of them is public), else PUBLIC."""
    return MEMBERS if page.get_view_restrictions().exists() else PUBLIC


def is_live_and_indexable(page) -> bool:
    """A page belongs in the index when it is published, not expired and reachable by URL."""
    if not page.live or page.expired:
        return False
    return page.get_url() is not None
