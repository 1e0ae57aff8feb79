# SQL here is assembled from constant fragments and "%s" placeholders only; every value a user
# sends is a query parameter, so the S608 warnings are about string building, not injection.
# ruff: noqa: S608
"""PostgreSQL: generated tsvector columns (`dutch` configuration) with GIN indexes on a priced
expression, see the migrations; the query built from our parsed tree with
plainto_tsquery/phraseto_tsquery (so user input is never tsquery syntax), ts_rank over a capped
candidate set that the data decides, not the plan; snippets are cut in Python (reader.py)."""

from __future__ import annotations

from django.db import connection, transaction

from search.documents import PUBLIC
from search.engines.base import FACET_TYPE, MAX_RESULT_WINDOW, candidate_terms, distinctive_terms
from search.engines.database.reader import DatabaseSearch
from search.engines.database.sql import placeholders
from search.query import Or, Parts, Phrase, Term

# Matches are counted up to this many, the deepest result a visitor can page to; a total above it
# is reported as "more than". Counting every match of a common word was most of a search's time.
PG_COUNT_CAP = MAX_RESULT_WINDOW
# Relevance ranks a capped candidate set: the newest PG_RANK_CANDIDATES matches (highest id, like
# SQLite's rowid) plus the newest PG_RANK_TITLES of the other matches among the newest
# PG_COUNT_CAP with the words in their title. ts_rank reads each candidate's stored vector, which
# is what makes ranking every match of a common word slow, so the title matches are capped too
# (SQLite ranks all of them, bm25 is cheap there). The set is chosen by the data alone: a LIMIT
# without an order, as before, took whichever rows the plan met first, and results changed with
# the plan. The other matches follow the ranked ones, newest first, so deep pages continue one
# order.
PG_RANK_CANDIDATES = 2000
PG_RANK_TITLES = 1000
# The GIN indexes are on this expression (migration 0003): the identity, priced like reading a
# stored vector, so that the planner no longer prefers testing rows one by one to the index.
PRICED = "search_priced_vector({})"
# ts_rank's weights for D, C, B, A: titles and identifiers (A) count ten times the text (C), the
# parts of compound words (D) half the text, so that a word itself ranks above the same word
# found inside a compound (migration 0004).
RANK_WEIGHTS = "{0.05, 0.1, 0.4, 1.0}"
# The title index's expression, exactly as migration 0008 writes it.
TITLE_VECTOR = "to_tsvector('dutch', translate(d.title, '<>&', '   '))"


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


WORDS_ONLY = (
    r"regexp_replace(plainto_tsquery('dutch', %s)::text, '''([^'']+)''', '''\1'':ABC', 'g')"
    "::tsquery"
)


def render_tsquery(node) -> tuple[str, list]:
    """SQL producing a tsquery for a parsed tree; words are parameters, never tsquery syntax."""
    if isinstance(node, Term):
        return "plainto_tsquery('dutch', %s)", [node.word]
    if isinstance(node, Phrase):
        return "phraseto_tsquery('dutch', %s)", [" ".join(node.words)]
    if isinstance(node, Parts):
        # Only in the words of a text (weights A to C), not in the parts of its compounds (D):
        # every lexeme gets the weight restriction ('intak':ABC & 'protocol':ABC).
        return WORDS_ONLY, [" ".join(node.words)]
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


# Raw SQL, not django.contrib.postgres.search: tried, same results but slower. Django's `@@`
# lookup wraps anything but its own SearchQuery in plainto_tsquery, so it cannot take the tsquery
# computed once below (nor can its `~` put `!!` around a group); it has no materialized CTE for
# the match (see matches_sql); SearchRank and SearchHeadline statements took 6-18% longer.
class PostgresSearch(DatabaseSearch):
    count_cap = PG_COUNT_CAP

    def __init__(self, query):
        super().__init__(query)
        self._tsquery: str | None = None
        # count_matches() keeps the ids it fetched (at most count_cap + 1, newest first) for
        # ranked_ids(), with the pinned ids they leave out.
        self._matched: tuple[tuple[int, ...], list[int]] | None = None

    def run(self):
        # The priced match makes the planner expect seconds for a common word, so it would
        # compile the statements with LLVM (jit_above_cost): measured 5-20 ms more per search on
        # an open connection and about 100 ms on a new one, for statements that take tens of
        # milliseconds. SET LOCAL ends with the transaction (or, inside an outer one, with that:
        # harmless, JIT only ever changes speed).
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            return super().run()

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
        return [f"{PRICED.format(self.vector)} @@ %s::tsquery"], [self.tsquery()]

    def matches_sql(self, pinned: list[int], date: bool = False) -> tuple[str, list]:
        """SELECT of the matching ids (column `id`, and `date` if asked) outside `pinned`, as
        `m`, ready for ORDER BY and LIMIT.

        The text match is planned apart from the rest (a materialized CTE), so that its rows come
        from the GIN bitmap: for plain words the index alone decides and no vector is read; for
        a phrase (GIN keeps no positions) each row the index returns is checked once against
        its stored vector. Left to itself the planner, which prices a bitmap scan as if it
        checked every row and estimates a phrase as common as its words together, often walked
        another index instead (the primary key from the newest end, the facet rows) reading a
        vector per row on the way: 0.3-0.8 s where the bitmap takes tens of milliseconds.

        Visibility and the facets with a column of their own (type, year) are tested on the
        document row; the facets a document has several of come from search_searchfacet, tested
        on the matches."""
        text_sql, text_params = self.text_condition()
        conditions, params = [*text_sql], [*text_params]
        if not self.member:
            conditions.append("d.visibility = %s")
            params.append(PUBLIC)
        facets = self.query.facet_filters()
        types = facets.pop(FACET_TYPE, [])
        if types:
            conditions.append(f"d.type IN ({placeholders(types)})")
            params += types
        year_sql, year_params = self.year_conditions()
        conditions += year_sql
        params += year_params
        if pinned:
            conditions.append(f"d.id NOT IN ({placeholders(pinned)})")
            params += pinned
        outer = []
        for name, values in facets.items():
            outer.append(
                "m.id IN (SELECT document_id FROM search_searchfacet "
                f"WHERE name = %s AND value IN ({placeholders(values)}))"
            )
            params += [name, *values]
        columns = "d.id, d.date" if date else "d.id"
        inner = f"SELECT {columns} FROM search_searchdocument d WHERE " + (
            " AND ".join(conditions) or "TRUE"
        )
        select = "SELECT m.id" + (", m.date" if date else "")
        where = " AND ".join(outer) or "TRUE"
        if text_sql:
            return f"WITH m AS MATERIALIZED ({inner}) {select} FROM m WHERE {where}", params
        # Browsing by filters alone reads no vector: the planner may walk the date index.
        return f"{select} FROM ({inner}) m WHERE {where}", params

    def candidate_sql(self) -> tuple[str, list]:
        return self.matches_sql([])

    def count_matches(self, pinned: list[int]) -> int:
        """Up to count_cap + 1. The ids are kept, newest first: ranked_ids() takes its
        candidates from them."""
        sql, params = self.matches_sql(pinned)
        ids = self._ids(f"{sql} ORDER BY m.id DESC LIMIT %s", [*params, self.count_cap + 1])
        self._matched = (tuple(pinned), ids)
        return len(ids)

    def _ids(self, sql: str, params: list) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def ranked_ids(self, pinned, offset, limit):
        if self.query.sort == "date" or self.query.is_browse or self.parsed.tree is None:
            sql, params = self.matches_sql(pinned, date=True)
            sql += " ORDER BY m.date DESC NULLS LAST, m.id DESC LIMIT %s OFFSET %s"
            with connection.cursor() as cursor:
                cursor.execute(sql, [*params, limit, offset])
                return [(row[0], 0.0) for row in cursor.fetchall()]
        if self._matched is None or self._matched[0] != tuple(pinned):
            self.count_matches(pinned)
        matched = self._matched[1][: self.count_cap]
        newest, older = matched[:PG_RANK_CANDIDATES], matched[PG_RANK_CANDIDATES:]
        titles = []
        if older:
            in_title = set(
                self._ids(
                    f"SELECT d.id FROM search_searchdocument d WHERE {TITLE_VECTOR} @@ %s::tsquery "
                    "AND d.id BETWEEN %s AND %s",
                    [self.tsquery(), older[-1], older[0]],
                )
            )
            titles = [pk for pk in older if pk in in_title][:PG_RANK_TITLES]
        wanted = offset + limit
        ranked = self.rank([*newest, *titles], wanted)
        if len(ranked) < wanted:
            # Past the ranked candidates the other matches follow, newest first, so that deep
            # pages continue one order (MAX_RESULT_WINDOW = PG_COUNT_CAP: they never run out).
            outside = set(titles)
            rest = [pk for pk in older if pk not in outside][: wanted - len(ranked)]
            ranked += [(pk, 0.0) for pk in rest]
        return ranked[offset : offset + limit]

    def rank(self, ids: list[int], limit: int) -> list[tuple[int, float]]:
        """(id, ts_rank) of the best `limit` of these matches."""
        if not ids or not limit:
            return []
        sql = (
            f"SELECT d.id, ts_rank(%s::float4[], {self.vector}, %s::tsquery) AS score "
            "FROM search_searchdocument d WHERE d.id = ANY(%s) ORDER BY score DESC, d.id LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [RANK_WEIGHTS, self.tsquery(), ids, limit])
            return [(row[0], row[1]) for row in cursor.fetchall()]


# --- more like this ---------------------------------------------------------------------------

# Document frequencies are counted up to this many: beyond it a term is common, whatever the
# exact number, and counting every row of a common term is what would make this slow.
PG_FREQUENCY_CAP = 5000


def _lexeme(term: str) -> str:
    # candidate_terms() keeps letters and digits only, so the quotes need no escaping.
    return f"'{term}'"


def similar_terms(row, member: bool) -> list[str]:
    """The document's most distinctive lexemes (search.engines.base.distinctive_terms): the
    counts in its own vector by ts_stat (words only, weights A-C, not the parts of compounds),
    the document frequencies from the GIN index, capped, for the candidate lexemes only."""
    column = "all_vector" if member else "public_vector"
    with connection.cursor() as cursor:
        # ts_stat takes a statement as text; the id is an integer from our own row.
        cursor.execute(
            "SELECT word, nentry FROM ts_stat(%s, 'ABC')",
            [f"SELECT {column} FROM search_searchdocument WHERE id = {int(row.pk)}"],
        )
        counts = {word: int(count) for word, count in cursor.fetchall()}
        candidates = candidate_terms(counts)
        if not candidates:
            return []
        visibility = "" if member else "AND d.visibility = 'public'"
        cursor.execute(
            "SELECT t.term, (SELECT COUNT(*) FROM (SELECT 1 FROM search_searchdocument d "
            f"WHERE {PRICED.format('d.' + column)} @@ t.query::tsquery {visibility} "
            "LIMIT %s) c) FROM unnest(%s::text[], %s::text[]) AS t(term, query)",
            [PG_FREQUENCY_CAP, candidates, [_lexeme(t) for t in candidates]],
        )
        counted = cursor.fetchall()
        total_sql = "SELECT COUNT(*) FROM search_searchdocument d WHERE TRUE " + visibility
        cursor.execute(total_sql)
        total = cursor.fetchone()[0]
    # A term counted up to the cap is common: it counts as in every document, so that it is
    # left out like any term half the documents have (in a large index the cap is far below
    # that half, and the capped count would make a common word look distinctive).
    frequency = {
        term: total if int(count) >= PG_FREQUENCY_CAP else int(count) for term, count in counted
    }
    return distinctive_terms({term: counts[term] for term in candidates}, frequency, total)


def similar_search(query, terms: list[str]) -> PostgresSearch:
    """A search for any of the lexemes, ranked like every search (ts_rank over the capped
    candidates): the tsquery is given, as the lexemes must not be stemmed a second time."""
    search = PostgresSearch(query)
    search._tsquery = " | ".join(_lexeme(term) for term in terms)
    return search
