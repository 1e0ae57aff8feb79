# SQL here is assembled from constant fragments and "%s" placeholders only; every value a user
# sends is a query parameter, so the S608 warnings are about string building, not injection.
# ruff: noqa: S608
"""SQLite: an FTS5 table (search_fts, see the migrations) holding Dutch Snowball stems computed in
Python, as SQLite has no Dutch stemmer; bm25 over a capped candidate set (the newest matches plus
all title matches); snippets cut from the original text in Python."""

from __future__ import annotations

import hashlib
from collections import Counter

from django.db import connection

from search.documents import PUBLIC, IndexDocument
from search.engines.base import (
    FACET_YEAR,
    MAX_RESULT_WINDOW,
    candidate_terms,
    distinctive_terms,
    facet_values,
)
from search.engines.database.reader import DatabaseSearch
from search.engines.database.sql import placeholders
from search.engines.database.writer import DocumentWriter
from search.models import SearchDocument
from search.query import Or, Parts, Phrase, Term, normalise_word, stem_text, words

# SQLite ranks (bm25) the newest this many matches plus every match in a title; with more matches
# than that, ranking all of them costs more than the rest of the search together. The total still
# counts every match. As large as the deepest reachable result, so pages never disagree.
SQLITE_RANK_CANDIDATES = MAX_RESULT_WINDOW
# Column weights for bm25: title, public, ids, members, mtitle, mpublic, mids, the two raw titles,
# the filter tokens, and the parts of compound words (public, members): a part finds the compound,
# but a document with the word itself ranks above one that has it only inside a compound.
SQLITE_WEIGHTS = "10.0, 1.0, 5.0, 1.0, 10.0, 1.0, 5.0, 0.0, 0.0, 0.0, 0.5, 0.5"
PUBLIC_COLUMNS = "{title public ids parts}"
MEMBER_COLUMNS = "{title public ids members mtitle mpublic mids parts mparts}"
# Every column holding the words of a text, without the parts of compounds.
WORD_COLUMNS = "{title public ids members mtitle mpublic mids}"
PUBLIC_TITLE_COLUMNS = "{title}"
MEMBER_TITLE_COLUMNS = "{title mtitle}"
ALL_TOKEN = "fall"  # noqa: S105 - a filter token, not a secret


def filter_token(name: str, value: str) -> str:
    """A single FTS5 token for one facet value: values may hold any character, tokens may not."""
    return "f" + hashlib.sha1(f"{name}\x1f{value}".encode(), usedforsecurity=False).hexdigest()[:16]


VISIBILITY_PUBLIC_TOKEN = filter_token("visibility", PUBLIC)


class SQLiteWriter(DocumentWriter):
    """Keeps the FTS5 table in step with the document rows; its rowid is the document's id."""

    def write_fulltext(self, rows: list[SearchDocument], docs: list[IndexDocument]) -> None:
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
            parts, members_parts = stem_text(row.parts_text), stem_text(row.members_parts_text)
            if doc.visibility != PUBLIC:
                parts, members_parts = "", f"{parts} {members_parts}".strip()
            values.append(
                (row.pk, *texts[:3], members, *texts[3:], " ".join(tokens), parts, members_parts)
            )
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, public, ids, members, mtitle, mpublic, "
                "mids, title_raw, mtitle_raw, filters, parts, mparts) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                values,
            )

    def delete_fulltext(self, cursor, pks: list[int]) -> None:
        cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({placeholders(pks)})", pks)

    def clear_fulltext(self, cursor) -> None:
        cursor.execute("DELETE FROM search_fts")


def suggestion_rows(tokens: list[str], member: bool, limit: int) -> list[tuple[str, str, str]]:
    """(title, url, type) of titles holding the words, the last one as a prefix."""
    parts = [f'"{t}"' for t in tokens[:-1]] + [f'"{tokens[-1]}"*']
    columns = "{title_raw mtitle_raw}" if member else "title_raw"
    expression = f"{columns} : (" + " AND ".join(parts) + ")"
    sql = (
        "SELECT d.title, d.url, d.type FROM search_fts f "
        "JOIN search_searchdocument d ON d.id = f.rowid "
        "WHERE search_fts MATCH %s ORDER BY f.rank LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression, limit])
        return cursor.fetchall()


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
    if isinstance(node, Parts):
        tokens = [s for s in node.stems if s]
        if not tokens:
            return None
        # FTS5 intersects nested column filters: the words' columns of the visible ones.
        return f"{WORD_COLUMNS} : (" + " AND ".join(map(_fts_quote, tokens)) + ")"
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


def year_bounds() -> tuple[str | None, str | None]:
    """The lowest and highest year in the index. Two index seeks on (name, value): SQLite only
    turns a lone MIN() or MAX() into a seek, so asking for both in one statement read every year
    row of the index (100,000 at the benchmark's size) on every search with a year filter."""
    bounds = []
    with connection.cursor() as cursor:
        for order in ("ASC", "DESC"):
            cursor.execute(
                "SELECT value FROM search_searchfacet WHERE name = %s "
                f"ORDER BY value {order} LIMIT 1",
                [FACET_YEAR],
            )
            row = cursor.fetchone()
            bounds.append(row[0] if row else None)
    return bounds[0], bounds[1]


class SQLiteSearch(DatabaseSearch):
    MAX_YEAR_TOKENS = 100

    def year_tokens(self) -> list[str] | None:
        """A year range as year filter tokens, so that FTS5 alone filters (a join with the
        document table per match is what makes a year filter slow). None: no year filter, or a
        range too wide for tokens, which SQL then handles."""
        if self.query.year_from is None and self.query.year_to is None:
            return None
        if not hasattr(self, "_year_tokens"):
            low, high = year_bounds()
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
            conditions.append(f"f.rowid NOT IN ({placeholders(pinned)})")
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
        counted = getattr(self, "_counted", None)
        few = (
            counted is not None
            and counted[0] == tuple(pinned)
            and counted[1] <= max(SQLITE_RANK_CANDIDATES, offset + limit)
        )
        if not by_date and self.parsed.tree is not None and not few:
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

    def count_matches(self, pinned: list[int]) -> int:
        # Kept for ranked_ids(): with no more matches than the candidate cap, every match is
        # ranked and the search for the cap's floor can be skipped.
        count = super().count_matches(pinned)
        self._counted = (tuple(pinned), count)
        return count

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


# --- more like this ---------------------------------------------------------------------------

# The columns whose statistics a visitor's "more like this" reads: those their words may reach.
PUBLIC_WORD_COLUMNS = ("title", "public")
MEMBER_WORD_COLUMNS = ("title", "public", "members", "mtitle", "mpublic")


def similar_terms(row: SearchDocument, member: bool) -> list[str]:
    """The document's most distinctive index terms (search.engines.base.distinctive_terms): its
    text stemmed as the index stores it, the document frequencies from search_fts_vocab
    (migration 0009), read for the candidate terms only."""
    texts = [row.title, row.public_text] + ([row.members_text] if member else [])
    counts = Counter(stem_text(" ".join(texts)).split())
    candidates = candidate_terms(counts)
    if not candidates:
        return []
    columns = MEMBER_WORD_COLUMNS if member else PUBLIC_WORD_COLUMNS
    # The vocabulary counts documents per column; a term in both the title and the text of the
    # same documents would count them twice, so the column with most of them stands for all.
    sql = (
        "SELECT term, MAX(doc) FROM search_fts_vocab "
        f"WHERE term IN ({placeholders(candidates)}) AND col IN ({placeholders(columns)}) "
        "GROUP BY term"
    )
    visible = (
        SearchDocument.objects.all() if member else SearchDocument.objects.filter(visibility=PUBLIC)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*candidates, *columns])
        frequency = {term: int(count) for term, count in cursor.fetchall()}
    return distinctive_terms(
        {term: counts[term] for term in candidates}, frequency, visible.count()
    )


def similar_search(query, terms: list[str]) -> SQLiteSearch:
    return SQLiteSearch(query)
