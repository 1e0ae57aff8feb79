# SQL here is assembled from constant fragments and "%s" placeholders only; every value a user
# sends is a query parameter, so the S608 warnings are about string building, not injection.
# ruff: noqa: S608
"""Answering one query, the parts both vendors share: pinned identifier matches, the page
assembled from them and the ranked text matches, hits, facet counts. The vendor modules provide
matching, ranking and snippets."""

from __future__ import annotations

from abc import ABC, abstractmethod

from django.db import connection

from search.documents import PUBLIC
from search.engines.base import (
    SearchHit,
    SearchQuery,
    SearchResults,
    snippet_for,
    sorted_facets,
)
from search.engines.database.sql import placeholders
from search.models import SearchDocument

ENGINE_NAME = "database"
# Facet counts cover at most this many of the best results: counting every match of a common word
# costs more than the whole search. When there are more matches, results say so.
FACET_SAMPLE = 1000


class DatabaseSearch(ABC):
    """One query against one vendor; subclasses provide the full-text parts."""

    # When set, count_matches() may stop past this many and the total says "more than" it.
    count_cap: int | None = None

    def __init__(self, query: SearchQuery):
        self.query = query
        self.member = query.member
        self.parsed = query.parsed

    # Conditions on the document table (alias d) shared by pinned lookups and PostgreSQL.
    def document_conditions(self) -> tuple[list[str], list]:
        conditions, params = [], []
        if not self.member:
            conditions.append("d.visibility = %s")
            params.append(PUBLIC)
        for name, values in self.query.facet_filters().items():
            conditions.append(
                "d.id IN (SELECT document_id FROM search_searchfacet "
                f"WHERE name = %s AND value IN ({placeholders(values)}))"
            )
            params += [name, *values]
        conditions += self.year_conditions()[0]
        params += self.year_conditions()[1]
        return conditions, params

    def year_conditions(self) -> tuple[list[str], list]:
        conditions, params = [], []
        if self.query.year_from is not None:
            conditions.append("d.year >= %s")
            params.append(self.query.year_from)
        if self.query.year_to is not None:
            conditions.append("d.year <= %s")
            params.append(self.query.year_to)
        return conditions, params

    def pinned_ids(self) -> list[int]:
        if not self.parsed.identifiers:
            return []
        conditions, params = self.document_conditions()
        where = " AND ".join(
            ["i.value IN (" + placeholders(self.parsed.identifiers) + ")", *conditions]
        )
        sql = (
            "SELECT DISTINCT d.id, d.date FROM search_searchidentifier i "
            "JOIN search_searchdocument d ON d.id = i.document_id "
            f"WHERE {where} ORDER BY d.date DESC, d.id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*self.parsed.identifiers, *params])
            return [row[0] for row in cursor.fetchall()][:50]

    def run(self) -> SearchResults:
        query = self.query
        pinned = self.pinned_ids()
        has_text = self.parsed.tree is not None or query.is_browse
        total_text = self.count_matches(pinned) if has_text else 0
        capped = self.count_cap is not None and total_text > self.count_cap
        if capped:
            total_text = self.count_cap
        total = len(pinned) + total_text
        # The pinned documents come first, then the text matches without them.
        page_pinned = pinned[query.offset : query.offset + query.per_page]
        text_offset = max(0, query.offset - len(pinned))
        text_limit = max(0, query.per_page - len(page_pinned))
        # One ranking pass gives both the page and the best results the facets are counted over.
        wanted = text_offset + text_limit if text_limit else 0
        limit = max(FACET_SAMPLE, wanted) if query.with_facets else wanted
        ranked = self.ranked_ids(pinned, 0, limit) if total_text and limit else []
        page_ids = ranked[text_offset : text_offset + text_limit] if text_limit else []
        ids = [(pk, 0.0) for pk in page_pinned] + page_ids
        hits = self.hits(ids, set(page_pinned))
        facets = {}
        if query.with_facets and total:
            facets = self.facets(pinned + [pk for pk, _ in ranked[:FACET_SAMPLE]])
        return SearchResults(
            query=query,
            total=total,
            hits=hits,
            facets=facets,
            engine=ENGINE_NAME,
            message=self.parsed.message,
            facets_sampled=query.with_facets and total_text > FACET_SAMPLE,
            total_capped=capped,
        )

    def hits(self, ids: list[tuple[int, float]], pinned: set[int]) -> list[SearchHit]:
        if not ids:
            return []
        rows = {
            row.pk: row
            for row in SearchDocument.objects.filter(pk__in=[pk for pk, _ in ids]).only(
                "doc_id", "type", "title", "url", "date", "public_text", "members_text"
            )
        }
        snippets = self.snippets([rows[pk] for pk, _ in ids if pk in rows])
        hits = []
        for pk, score in ids:
            row = rows.get(pk)
            if row is None:
                continue
            hits.append(
                SearchHit(
                    id=row.doc_id,
                    type=row.type,
                    title=row.title,
                    url=row.url,
                    snippet=snippets.get(pk, ""),
                    date=row.date,
                    score=float(score or 0.0),
                    pinned=pk in pinned,
                )
            )
        return hits

    def facets(self, ids: list[int]) -> dict:
        if not ids:
            return {}
        sql = (
            "SELECT name, value, COUNT(*) FROM search_searchfacet "
            f"WHERE document_id IN ({placeholders(ids)}) GROUP BY name, value"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, ids)
            return sorted_facets(cursor.fetchall())

    # Vendor parts.
    @abstractmethod
    def candidate_sql(self) -> tuple[str, list]:
        """SQL and parameters selecting the ids of every matching document."""

    def count_matches(self, pinned: list[int]) -> int:
        sql, params = self.candidate_sql()
        if pinned:
            sql = f"SELECT id FROM ({sql}) c WHERE id NOT IN ({placeholders(pinned)})"
            params = [*params, *pinned]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) counted", params)
            return cursor.fetchone()[0]

    @abstractmethod
    def ranked_ids(self, pinned: list[int], offset: int, limit: int) -> list[tuple[int, float]]:
        """(id, score) of the best matches outside `pinned`, in rank order."""

    def snippets(self, rows: list[SearchDocument]) -> dict[int, str]:
        """Highlighted HTML snippet per document id, from text the searcher may read. Cut in
        Python on both vendors (search.engines.base.highlight, Snowball stems like the index):
        PostgreSQL's ts_headline re-parsed each result's whole text, 20-130 ms per search at
        the load test's size against a few milliseconds here, and could not mark a word found
        through a part of a compound."""
        terms = self.parsed.terms()
        return {
            row.pk: snippet_for(row.public_text, row.members_text, terms, self.member)
            for row in rows
        }
