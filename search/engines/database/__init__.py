"""The database engine: the portal's own tables plus the full-text machinery of the database in
use, one module per vendor (sqlite, postgresql) on top of a shared writer and reader.

Two vectors / column sets exist per document: public (title, identifiers, public text) and all
(plus members-only text); a non-member query only ever touches the public one and public documents.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from search.documents import PUBLIC, IndexDocument
from search.engines.base import (
    MAX_SIMILAR,
    Engine,
    SearchHit,
    SearchQuery,
    SearchResults,
    empty_results,
)
from search.engines.database import postgresql, sqlite
from search.engines.database.reader import ENGINE_NAME, DatabaseSearch
from search.engines.database.writer import DocumentWriter
from search.models import SearchDocument
from search.query import And, IndexTerm, Or, ParsedQuery, normalise_word, words


@dataclass(frozen=True)
class Vendor:
    writer: DocumentWriter
    search: type[DatabaseSearch]
    suggestion_rows: Callable[[list[str], bool, int], list[tuple[str, str, str]]]
    similar_terms: Callable[[SearchDocument, bool], list[str]]
    similar_search: Callable[[SearchQuery, list[str]], DatabaseSearch]


VENDORS = {
    "sqlite": Vendor(
        sqlite.SQLiteWriter(),
        sqlite.SQLiteSearch,
        sqlite.suggestion_rows,
        sqlite.similar_terms,
        sqlite.similar_search,
    ),
    # The tsvector columns are generated from the document row: the shared writer is enough.
    "postgresql": Vendor(
        DocumentWriter(),
        postgresql.PostgresSearch,
        postgresql.suggestion_rows,
        postgresql.similar_terms,
        postgresql.similar_search,
    ),
}


class DatabaseEngine(Engine):
    name = ENGINE_NAME

    @property
    def vendor(self) -> str:
        return connection.vendor

    def _parts(self) -> Vendor:
        parts = VENDORS.get(self.vendor)
        if parts is None:
            # search.E001 refuses such a database at start-up; this is for code that skips checks.
            raise ImproperlyConfigured(
                f"The search's database engine supports SQLite and PostgreSQL, not {self.vendor}."
            )
        return parts

    def index(self, documents: Iterable[IndexDocument]) -> int:
        return self._parts().writer.index(documents)

    def delete(self, ids: Iterable[str]) -> None:
        self._parts().writer.delete(ids)

    def clear(self) -> None:
        self._parts().writer.clear()

    def count(self) -> int:
        return self._parts().writer.count()

    def search(self, query: SearchQuery) -> SearchResults:
        parsed = query.parsed
        if parsed.tree is None and parsed.message and not query.has_filters:
            return empty_results(query, self.name)
        return self._parts().search(query).run()

    def suggest(self, prefix: str, member: bool, limit: int = 8) -> list[dict]:
        tokens = [normalise_word(w) for w in words(prefix or "")][:8]
        tokens = [t for t in tokens if t]
        if not tokens:
            return []
        rows = self._parts().suggestion_rows(tokens, member, limit)
        seen, suggestions = set(), []
        for title, url, doc_type in rows:
            if (title, url) not in seen:
                seen.add((title, url))
                suggestions.append({"title": title, "url": url, "type": doc_type})
        return suggestions

    def similar(
        self, doc_id: str, *, member: bool, types: list[str] | None = None, limit: int = 5
    ) -> list[SearchHit]:
        limit = max(1, min(int(limit), MAX_SIMILAR))
        row = (
            SearchDocument.objects.filter(doc_id=doc_id)
            .only("id", "doc_id", "visibility", "title", "public_text", "members_text")
            .first()
        )
        if row is None or (not member and row.visibility != PUBLIC):
            return []
        parts = self._parts()
        terms = parts.similar_terms(row, member)
        if not terms:
            return []
        # One more than asked: the document itself is among the best matches of its own terms.
        tree = And((Or(tuple(IndexTerm(term) for term in terms)),))
        query = SearchQuery(
            member=member,
            types=list(types or []),
            per_page=limit + 1,
            with_facets=False,
            prepared=ParsedQuery(raw=" ".join(terms), tree=tree),
        )
        results = parts.similar_search(query, terms).run()
        return [hit for hit in results.hits if hit.id != doc_id][:limit]
