# SQL here is assembled from constant fragments and "%s" placeholders only; every value a user
# sends is a query parameter, so the S608 warnings are about string building, not injection.
# ruff: noqa: S608
"""The database engine: the portal's own tables plus the full-text machinery of the database in use.

- SQLite: an FTS5 table holding Dutch Snowball stems computed in Python (SQLite has no Dutch
  stemmer), bm25 over a capped candidate set (the newest matches plus all title matches);
  snippets are cut from the original text in Python.
- PostgreSQL: generated tsvector columns (`dutch` configuration) with GIN indexes, the query built
  from our parsed tree with plainto_tsquery/phraseto_tsquery (so user input is never tsquery
  syntax), ts_rank over a capped candidate set and ts_headline for snippets.

Two vectors / column sets exist per document: public (title, identifiers, public text) and all
(plus members-only text); a non-member query only ever touches the public one and public documents.
"""

from __future__ import annotations

import datetime
import hashlib
import html
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from itertools import islice

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction

from search.documents import PUBLIC, IndexDocument
from search.engines.base import (
    FACET_YEAR,
    MAX_RESULT_WINDOW,
    Engine,
    SearchHit,
    SearchQuery,
    SearchResults,
    clean_text,
    document_to_data,
    empty_results,
    facet_values,
    identifiers_of,
    leading_text,
    snippet_for,
    sorted_facets,
)
from search.models import SearchDocument
from search.query import Or, Phrase, Term, normalise_word, stem_text, words

BATCH_SIZE = 500
# PostgreSQL ranks at most this many matches (ranking every match of a common word is what makes
# full-text search slow there); the total still counts every match.
PG_RANK_CANDIDATES = 2000
# SQLite ranks (bm25) the newest this many matches plus every match in a title; with more matches
# than that, ranking all of them costs more than the rest of the search together. The total still
# counts every match. As large as the deepest reachable result, so pages never disagree.
SQLITE_RANK_CANDIDATES = MAX_RESULT_WINDOW
# Column weights for bm25: title, public, ids, members, mtitle, mpublic, mids, the two raw titles
# and the filter tokens.
SQLITE_WEIGHTS = "10.0, 1.0, 5.0, 1.0, 10.0, 1.0, 5.0, 0.0, 0.0, 0.0"
PUBLIC_COLUMNS = "{title public ids}"
MEMBER_COLUMNS = "{title public ids members mtitle mpublic mids}"
PUBLIC_TITLE_COLUMNS = "{title}"
MEMBER_TITLE_COLUMNS = "{title mtitle}"
# Facet counts cover at most this many of the best results: counting every match of a common word
# costs more than the whole search. When there are more matches, results say so.
FACET_SAMPLE = 1000
ALL_TOKEN = "fall"  # noqa: S105 - a filter token, not a secret


def filter_token(name: str, value: str) -> str:
    """A single FTS5 token for one facet value: values may hold any character, tokens may not."""
    return "f" + hashlib.sha1(f"{name}\x1f{value}".encode(), usedforsecurity=False).hexdigest()[:16]


VISIBILITY_PUBLIC_TOKEN = filter_token("visibility", PUBLIC)


def _batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


class DatabaseEngine(Engine):
    name = "database"

    @property
    def vendor(self) -> str:
        return connection.vendor

    # --- writing ---------------------------------------------------------------------------------

    def index(self, documents: Iterable[IndexDocument]) -> int:
        written = 0
        for batch in _batched(documents, BATCH_SIZE):
            # The last version of a document in one call wins, as if written one by one.
            unique = list({doc.id: doc for doc in batch}.values())
            with transaction.atomic():
                self._delete_ids([doc.id for doc in unique])
                rows = SearchDocument.objects.bulk_create(
                    [self._row(doc) for doc in unique], batch_size=BATCH_SIZE
                )
                facets, identifiers = [], []
                for row, doc in zip(rows, unique, strict=True):
                    facets += [(row.pk, name, value) for name, value in facet_values(doc)]
                    identifiers += [(row.pk, value[:255]) for value in identifiers_of(doc)]
                # Plain executemany: these rows are many and simple, the ORM adds nothing here.
                with connection.cursor() as cursor:
                    cursor.executemany(
                        "INSERT INTO search_searchfacet (document_id, name, value) "
                        "VALUES (%s, %s, %s)",
                        facets,
                    )
                    cursor.executemany(
                        "INSERT INTO search_searchidentifier (document_id, value) VALUES (%s, %s)",
                        identifiers,
                    )
                if self.vendor == "sqlite":
                    self._write_fts(rows, unique)
            written += len(unique)
        return written

    def _row(self, doc: IndexDocument) -> SearchDocument:
        date = doc.date
        if isinstance(date, datetime.datetime):
            date = date.date()
        return SearchDocument(
            doc_id=doc.id[:255],
            type=doc.type,
            title=clean_text(doc.title),
            url=doc.url[:1000],
            public_text=clean_text(doc.public_text),
            members_text=clean_text(doc.members_text),
            identifiers_text=clean_text(" ".join([doc.ecli, *doc.case_numbers, *doc.keywords])),
            visibility=doc.visibility,
            court=doc.court[:255],
            date=date,
            year=date.year if date else None,
            ecli=doc.ecli.strip().upper()[:100],
            data=document_to_data(doc),
        )

    def _write_fts(self, rows: list[SearchDocument], docs: list[IndexDocument]) -> None:
        values = []
        for row, doc in zip(rows, docs, strict=True):
            tokens = [ALL_TOKEN, filter_token("visibility", doc.visibility)]
            tokens += [filter_token(name, value) for name, value in facet_values(doc)]
            title = stem_text(row.title)
            public = stem_text(row.public_text)
            ids = stem_text(row.identifiers_text)
            title_raw = " ".join(normalise_word(w) for w in words(row.title))
            # A members-only document keeps even its public parts in the members' columns.
            if doc.visibility == PUBLIC:
                texts = (title, public, ids, "", "", "", title_raw, "")
            else:
                texts = ("", "", "", title, public, ids, "", title_raw)
            members = stem_text(row.members_text)
            values.append((row.pk, *texts[:3], members, *texts[3:], " ".join(tokens)))
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, public, ids, members, mtitle, mpublic, "
                "mids, title_raw, mtitle_raw, filters) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                values,
            )

    def _delete_ids(self, ids: list[str]) -> None:
        with connection.cursor() as cursor:
            pks = []
            for chunk in _batched(ids, BATCH_SIZE):
                cursor.execute(
                    "SELECT id FROM search_searchdocument "
                    f"WHERE doc_id IN ({_placeholders(chunk)})",
                    chunk,
                )
                pks += [row[0] for row in cursor.fetchall()]
            for chunk in _batched(pks, BATCH_SIZE):
                marks = _placeholders(chunk)
                if self.vendor == "sqlite":
                    cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", chunk)
                cursor.execute(
                    f"DELETE FROM search_searchfacet WHERE document_id IN ({marks})",
                    chunk,
                )
                cursor.execute(
                    f"DELETE FROM search_searchidentifier WHERE document_id IN ({marks})",
                    chunk,
                )
                cursor.execute(f"DELETE FROM search_searchdocument WHERE id IN ({marks})", chunk)

    def delete(self, ids: Iterable[str]) -> None:
        for chunk in _batched(ids, BATCH_SIZE):
            with transaction.atomic():
                self._delete_ids(chunk)

    def clear(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            if self.vendor == "sqlite":
                cursor.execute("DELETE FROM search_fts")
            cursor.execute("DELETE FROM search_searchfacet")
            cursor.execute("DELETE FROM search_searchidentifier")
            cursor.execute("DELETE FROM search_searchdocument")

    def count(self) -> int:
        return SearchDocument.objects.count()

    # --- reading ---------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        parsed = query.parsed
        if parsed.tree is None and parsed.message and not query.has_filters:
            return empty_results(query, self.name)
        if self.vendor == "sqlite":
            backend = _SQLiteSearch(query)
        elif self.vendor == "postgresql":
            backend = _PostgresSearch(query)
        else:
            # search.E001 refuses such a database at start-up; this is for code that skips checks.
            raise ImproperlyConfigured(
                f"The search's database engine supports SQLite and PostgreSQL, not {self.vendor}."
            )
        return backend.run()

    def suggest(self, prefix: str, member: bool, limit: int = 8) -> list[dict]:
        tokens = [normalise_word(w) for w in words(prefix or "")][:8]
        tokens = [t for t in tokens if t]
        if not tokens:
            return []
        if self.vendor == "sqlite":
            parts = [f'"{t}"' for t in tokens[:-1]] + [f'"{tokens[-1]}"*']
            columns = "{title_raw mtitle_raw}" if member else "title_raw"
            expression = f"{columns} : (" + " AND ".join(parts) + ")"
            sql = (
                "SELECT d.title, d.url, d.type FROM search_fts f "
                "JOIN search_searchdocument d ON d.id = f.rowid "
                "WHERE search_fts MATCH %s ORDER BY f.rank LIMIT %s"
            )
            params = [expression, limit]
        else:
            tsquery = " & ".join(f"'{t}'" for t in tokens) + ":*"
            visibility = "" if member else "AND d.visibility = 'public'"
            sql = (
                "SELECT d.title, d.url, d.type FROM search_searchdocument d "
                f"WHERE d.title_vector @@ to_tsquery('simple', %s) {visibility} "
                "ORDER BY length(d.title), d.title LIMIT %s"
            )
            params = [tsquery, limit]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        seen, suggestions = set(), []
        for title, url, doc_type in rows:
            if (title, url) not in seen:
                seen.add((title, url))
                suggestions.append({"title": title, "url": url, "type": doc_type})
        return suggestions


class _Search(ABC):
    """One query against one vendor; subclasses provide the full-text parts."""

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
                f"WHERE name = %s AND value IN ({_placeholders(values)}))"
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
            ["i.value IN (" + _placeholders(self.parsed.identifiers) + ")", *conditions]
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
            engine=DatabaseEngine.name,
            message=self.parsed.message,
            facets_sampled=query.with_facets and total_text > FACET_SAMPLE,
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
            f"WHERE document_id IN ({_placeholders(ids)}) GROUP BY name, value"
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
            sql = f"SELECT id FROM ({sql}) c WHERE id NOT IN ({_placeholders(pinned)})"
            params = [*params, *pinned]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) counted", params)
            return cursor.fetchone()[0]

    @abstractmethod
    def ranked_ids(self, pinned: list[int], offset: int, limit: int) -> list[tuple[int, float]]:
        """(id, score) of the best matches outside `pinned`, in rank order."""

    @abstractmethod
    def snippets(self, rows: list[SearchDocument]) -> dict[int, str]:
        """Highlighted HTML snippet per document id, from text the searcher may read."""


# --- SQLite FTS5 ---------------------------------------------------------------------------


def _fts_quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def render_fts5(node) -> str | None:
    """FTS5 query syntax for a parsed tree; every user word ends up inside double quotes."""
    if isinstance(node, Term):
        token = node.stem or normalise_word(node.word)
        return _fts_quote(token) if token else None
    if isinstance(node, Phrase):
        tokens = [s for s in node.stems if s]
        return _fts_quote(" ".join(tokens)) if tokens else None
    if isinstance(node, Or):
        parts = [p for p in (render_fts5(a) for a in node.alternatives) if p]
        return "(" + " OR ".join(parts) + ")" if parts else None
    required = [p for p in (render_fts5(r) for r in node.required) if p]
    if not required:
        return None
    expression = "(" + " AND ".join(required) + ")"
    for excluded in node.excluded:
        rendered = render_fts5(excluded)
        if rendered:
            expression += f" NOT {rendered}"
    return "(" + expression + ")"


class _SQLiteSearch(_Search):
    MAX_YEAR_TOKENS = 100

    def year_tokens(self) -> list[str] | None:
        """A year range as year filter tokens, so that FTS5 alone filters (a join with the
        document table per match is what makes a year filter slow). None: no year filter, or a
        range too wide for tokens, which SQL then handles."""
        if self.query.year_from is None and self.query.year_to is None:
            return None
        if not hasattr(self, "_year_tokens"):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT MIN(value), MAX(value) FROM search_searchfacet WHERE name = %s",
                    [FACET_YEAR],
                )
                low, high = cursor.fetchone()
            tokens = None
            if low is None:
                tokens = []  # no document has a year: a year filter matches nothing
            elif len(low) == len(high) == 4 and low.isdigit() and high.isdigit():
                start = max(self.query.year_from or int(low), int(low))
                end = min(self.query.year_to or int(high), int(high))
                if end - start + 1 <= self.MAX_YEAR_TOKENS:
                    tokens = [filter_token(FACET_YEAR, str(y)) for y in range(start, end + 1)]
            self._year_tokens = tokens
        return self._year_tokens

    def fts_year_conditions(self) -> tuple[list[str], list]:
        if self.year_tokens() is not None:
            return [], []
        return self.year_conditions()

    def match_expression(self, titles_only: bool = False) -> str:
        # Visibility is a matter of columns: a visitor's words only reach the public columns,
        # which members-only documents leave empty. Facet filters are tokens in their own column.
        filters = []
        if self.parsed.tree is None:  # browsing by filters: a token every visible document has
            filters.append(_fts_quote(ALL_TOKEN if self.member else VISIBILITY_PUBLIC_TOKEN))
        for name, values in self.query.facet_filters().items():
            tokens = " OR ".join(_fts_quote(filter_token(name, v)) for v in values)
            filters.append(f"({tokens})")
        years = self.year_tokens()
        if years is not None:
            filters.append("(" + " OR ".join(map(_fts_quote, years or ["fnothing"])) + ")")
        parts = []
        if self.parsed.tree is not None:
            rendered = render_fts5(self.parsed.tree)
            if titles_only:
                columns = MEMBER_TITLE_COLUMNS if self.member else PUBLIC_TITLE_COLUMNS
            else:
                columns = MEMBER_COLUMNS if self.member else PUBLIC_COLUMNS
            # A tree FTS5 cannot express (only characters it ignores) must match nothing, not all.
            parts.append(f"{columns} : {rendered}" if rendered else 'filters : "fnothing"')
        if filters:
            parts.append("filters : (" + " AND ".join(filters) + ")")
        return " AND ".join(parts)

    def candidate_sql(self) -> tuple[str, list]:
        year_sql, year_params = self.fts_year_conditions()
        if year_sql:
            sql = (
                "SELECT f.rowid AS id FROM search_fts f JOIN search_searchdocument d "
                "ON d.id = f.rowid WHERE search_fts MATCH %s AND " + " AND ".join(year_sql)
            )
            return sql, [self.match_expression(), *year_params]
        return "SELECT rowid AS id FROM search_fts WHERE search_fts MATCH %s", [
            self.match_expression()
        ]

    def ranked_ids(self, pinned, offset, limit):
        year_sql, year_params = self.fts_year_conditions()
        conditions = ["search_fts MATCH %s", *year_sql]
        params = [self.match_expression(), *year_params]
        if pinned:
            conditions.append(f"f.rowid NOT IN ({_placeholders(pinned)})")
            params += pinned
        by_date = self.query.sort == "date" or self.query.is_browse
        join = ""
        if year_sql or by_date:
            join = "JOIN search_searchdocument d ON d.id = f.rowid"
        order = (
            "d.date IS NULL, d.date DESC, f.rowid DESC"
            if by_date
            else f"bm25(search_fts, {SQLITE_WEIGHTS})"
        )
        score = "0.0" if by_date else f"-bm25(search_fts, {SQLITE_WEIGHTS})"
        if not by_date and self.parsed.tree is not None:
            floor = self.rank_floor(conditions, params, join, offset + limit)
            if floor is not None:
                # Like PostgreSQL, rank a capped candidate set: the newest matches, plus every
                # document that has the words in its title so that a title hit is never lost.
                conditions.append(
                    "(f.rowid >= %s OR f.rowid IN "
                    "(SELECT rowid FROM search_fts WHERE search_fts MATCH %s))"
                )
                params += [floor, self.match_expression(titles_only=True)]
        sql = (
            f"SELECT f.rowid, {score} FROM search_fts f {join} "
            f"WHERE {' AND '.join(conditions)} ORDER BY {order} LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            return [(row[0], row[1]) for row in cursor.fetchall()]

    def rank_floor(self, conditions: list[str], params: list, join: str, wanted: int) -> int | None:
        """The rowid of the n-th newest match, n being the candidate cap but at least as many as
        the page needs (deep pages still list documents); None when there are fewer matches.
        FTS5 walks its doclists in rowid order, so this costs no ranking at all."""
        candidates = max(SQLITE_RANK_CANDIDATES, wanted)
        sql = (
            f"SELECT f.rowid FROM search_fts f {join} WHERE {' AND '.join(conditions)} "
            "ORDER BY f.rowid DESC LIMIT 1 OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, candidates - 1])
            row = cursor.fetchone()
        return row[0] if row else None

    def snippets(self, rows):
        terms = self.parsed.terms()
        return {
            row.pk: snippet_for(row.public_text, row.members_text, terms, self.member)
            for row in rows
        }


# --- PostgreSQL ----------------------------------------------------------------------------


def render_tsquery(node) -> tuple[str, list]:
    """SQL producing a tsquery for a parsed tree; words are parameters, never tsquery syntax."""
    if isinstance(node, Term):
        return "plainto_tsquery('dutch', %s)", [node.word]
    if isinstance(node, Phrase):
        return "phraseto_tsquery('dutch', %s)", [" ".join(node.words)]
    if isinstance(node, Or):
        parts = [render_tsquery(a) for a in node.alternatives]
        return "(" + " || ".join(p[0] for p in parts) + ")", [x for p in parts for x in p[1]]
    parts = [render_tsquery(r) for r in node.required]
    sql = " && ".join(p[0] for p in parts)
    params = [x for p in parts for x in p[1]]
    for excluded in node.excluded:
        ex_sql, ex_params = render_tsquery(excluded)
        sql += f" && !!{ex_sql}"
        params += ex_params
    return "(" + sql + ")", params


# ts_headline marks matches with control characters (stripped from all indexed text), so that
# everything else can be escaped before the markers become <mark>.
_HEADLINE_OPTIONS = (
    "StartSel=\x02, StopSel=\x03, MaxWords=40, MinWords=20, ShortWord=2, MaxFragments=2, "
    "FragmentDelimiter=\x04"
)


def _headline_html(raw: str | None) -> str:
    if not raw or "\x02" not in raw:
        return ""
    escaped = html.escape(" ".join(raw.split()))
    return escaped.replace("\x02", "<mark>").replace("\x03", "</mark>").replace("\x04", " … ")


class _PostgresSearch(_Search):
    def __init__(self, query):
        super().__init__(query)
        self._tsquery: str | None = None

    @property
    def vector(self) -> str:
        return "d.all_vector" if self.member else "d.public_vector"

    def tsquery(self) -> str:
        """The query as tsquery text, computed once and then passed as a plain value."""
        if self._tsquery is None:
            sql, params = render_tsquery(self.parsed.tree)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT ({sql})::text", params)
                self._tsquery = cursor.fetchone()[0] or ""
        return self._tsquery

    def text_condition(self) -> tuple[list[str], list]:
        if self.parsed.tree is None:
            return [], []
        if not self.tsquery():
            return ["FALSE"], []  # only stop words: nothing can match
        return [f"{self.vector} @@ %s::tsquery"], [self.tsquery()]

    def candidate_sql(self) -> tuple[str, list]:
        text_sql, text_params = self.text_condition()
        conditions, params = self.document_conditions()
        where = " AND ".join([*text_sql, *conditions]) or "TRUE"
        return f"SELECT d.id FROM search_searchdocument d WHERE {where}", [*text_params, *params]

    def ranked_ids(self, pinned, offset, limit):
        text_sql, text_params = self.text_condition()
        conditions, params = self.document_conditions()
        conditions = [*text_sql, *conditions]
        params = [*text_params, *params]
        if pinned:
            conditions.append(f"d.id NOT IN ({_placeholders(pinned)})")
            params += pinned
        where = " AND ".join(conditions) or "TRUE"
        if self.query.sort == "date" or self.query.is_browse or not text_sql:
            sql = (
                f"SELECT d.id, 0.0 FROM search_searchdocument d WHERE {where} "
                "ORDER BY d.date DESC NULLS LAST, d.id DESC LIMIT %s OFFSET %s"
            )
            params += [limit, offset]
        else:
            sql = (
                f"SELECT id, ts_rank(v, %s::tsquery) AS score FROM ("
                f"SELECT d.id, {self.vector} AS v FROM search_searchdocument d WHERE {where} "
                "LIMIT %s) candidates ORDER BY score DESC, id LIMIT %s OFFSET %s"
            )
            params = [
                self.tsquery(),
                *params,
                max(PG_RANK_CANDIDATES, offset + limit),
                limit,
                offset,
            ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [(row[0], row[1]) for row in cursor.fetchall()]

    def snippets(self, rows):
        if self.parsed.tree is None or not rows or not self.tsquery():
            return {row.pk: leading_text(row.public_text) for row in rows}
        members = (
            "ts_headline('dutch', translate(members_text, '<>', '  '), %s::tsquery, %s)"
            if self.member
            else "NULL"
        )
        members_params = [self.tsquery(), _HEADLINE_OPTIONS] if self.member else []
        sql = (
            "SELECT id, ts_headline('dutch', translate(public_text, '<>', '  '), %s::tsquery, %s), "
            f"{members} FROM search_searchdocument WHERE id IN ({_placeholders(rows)})"
        )
        params = [self.tsquery(), _HEADLINE_OPTIONS, *members_params, *[r.pk for r in rows]]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = {
                pk: _headline_html(pub) or _headline_html(mem) for pk, pub, mem in cursor.fetchall()
            }
        return {row.pk: found.get(row.pk) or leading_text(row.public_text) for row in rows}
