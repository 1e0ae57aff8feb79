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

from search.documents import IndexDocument
from search.engines.base import Engine, SearchQuery, SearchResults, empty_results
from search.engines.database import postgresql, sqlite
from search.engines.database.reader import ENGINE_NAME, DatabaseSearch
from search.engines.database.writer import DocumentWriter
from search.query import normalise_word, words


@dataclass(frozen=True)
class Vendor:
    writer: DocumentWriter
    search: type[DatabaseSearch]
    suggestion_rows: Callable[[list[str], bool, int], list[tuple[str, str, str]]]


VENDORS = {
    "sqlite": Vendor(sqlite.SQLiteWriter(), sqlite.SQLiteSearch, sqlite.suggestion_rows),
    # The tsvector columns are generated from the document row: the shared writer is enough.
    "postgresql": Vendor(DocumentWriter(), postgresql.PostgresSearch, postgresql.suggestion_rows),
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
