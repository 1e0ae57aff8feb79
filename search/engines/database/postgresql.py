# SQL here is assembled from constant fragments and "%s" placeholders only; every value a user
# sends is a query parameter, so the S608 warnings are about string building, not injection.
# ruff: noqa: S608
"""PostgreSQL: generated tsvector columns (`dutch` configuration) with GIN indexes, see the
migrations; the query built from our parsed tree with plainto_tsquery/phraseto_tsquery (so user
input is never tsquery syntax), ts_rank over a capped candidate set and ts_headline for
snippets."""

from __future__ import annotations

import html

from django.db import connection

from search.engines.base import leading_text
from search.engines.database.reader import DatabaseSearch
from search.engines.database.sql import placeholders
from search.query import Or, Phrase, Term

# PostgreSQL ranks at most this many matches (ranking every match of a common word is what makes
# full-text search slow there); the total still counts every match.
PG_RANK_CANDIDATES = 2000


def suggestion_rows(tokens: list[str], member: bool, limit: int) -> list[tuple[str, str, str]]:
    """(title, url, type) of titles holding the words, the last one as a prefix."""
    tsquery = " & ".join(f"'{t}'" for t in tokens) + ":*"
    visibility = "" if member else "AND d.visibility = 'public'"
    sql = (
        "SELECT d.title, d.url, d.type FROM search_searchdocument d "
        f"WHERE d.title_vector @@ to_tsquery('simple', %s) {visibility} "
        "ORDER BY length(d.title), d.title LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [tsquery, limit])
        return cursor.fetchall()


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


# Raw SQL, not django.contrib.postgres.search: tried, same results but slower. Django's `@@`
# lookup wraps anything but its own SearchQuery in plainto_tsquery, so it cannot take the tsquery
# computed once below (nor can its `~` put `!!` around a group); the candidate cap needs a LIMIT
# inside FROM, which the ORM only has as `id IN (sliced subquery)`, a second pass over the table;
# SearchRank and SearchHeadline statements took 6-18% longer.
class PostgresSearch(DatabaseSearch):
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
            conditions.append(f"d.id NOT IN ({placeholders(pinned)})")
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
            f"{members} FROM search_searchdocument WHERE id IN ({placeholders(rows)})"
        )
        params = [self.tsquery(), _HEADLINE_OPTIONS, *members_params, *[r.pk for r in rows]]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = {
                pk: _headline_html(pub) or _headline_html(mem) for pk, pub, mem in cursor.fetchall()
            }
        return {row.pk: found.get(row.pk) or leading_text(row.public_text) for row in rows}
