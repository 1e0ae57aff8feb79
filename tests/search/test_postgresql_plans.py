"""PostgreSQL search: the GIN index answers, and the results do not depend on the query plan."""

import contextlib
import datetime
import json

import pytest
from django.db import connection, transaction

from search.documents import MEMBERS, IndexDocument
from search.engines.base import SearchQuery
from search.engines.database import DatabaseEngine, reader
from search.engines.database import postgresql as pg

pytestmark = pytest.mark.skipif(
    "postgresql" not in connection.vendor, reason="PostgreSQL's planner and indexes"
)

# Plans the planner may pick on another day (other statistics, another size): each forbids what
# the default plan uses, so the searches below run through different access paths and joins.
PLANS = {
    "no GIN index (sequential scan)": {"enable_bitmapscan": "off"},
    "index walks only": {"enable_seqscan": "off", "enable_bitmapscan": "off"},
    "bitmap scans only": {"enable_seqscan": "off", "enable_indexscan": "off"},
    "nested loops": {"enable_hashjoin": "off", "enable_mergejoin": "off"},
    "no nested loops": {"enable_nestloop": "off"},
}


@contextlib.contextmanager
def planner(settings: dict):
    """These planner settings for the block only (the savepoint's rollback undoes them)."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            for name, value in settings.items():
                cursor.execute(f"SET LOCAL {name} = {value}")
        yield
        transaction.set_rollback(True)


def _doc(n, title, text, **fields):
    return IndexDocument(
        id=f"doc:{n}",
        type=fields.pop("type", "article"),
        title=title,
        url=f"/doc/{n}/",
        public_text=text,
        date=datetime.date(2000 + n % 25, 1 + n % 12, 1),
        **fields,
    )


def _corpus() -> list[IndexDocument]:
    """60 documents, indexed in this order (ids ascending): most mention the word once, some
    in their title or often, a few are members-only or have a country."""
    docs = []
    for n in range(60):
        if n % 7 == 0:
            title, text = "Verblijfsvergunning en opvang", "Een tekst over opvang."
        elif n % 5 == 0:
            title, text = f"Bericht {n}", "De verblijfsvergunning werd geweigerd. " * 6
        elif n % 3 == 0:
            title, text = f"Notitie {n}", "Over de opvang van kinderen en scholen."
        else:
            title, text = f"Uitspraak {n}", f"De verblijfsvergunning werd geweigerd, zaak {n}."
        fields = {"countries": ["SY"] if n % 4 == 0 else ["ER"]}
        if n % 11 == 0:
            fields["visibility"] = MEMBERS
        if n % 2 == 0:
            fields["type"] = "caselaw"
        docs.append(_doc(n, title, text, **fields))
    return docs


@pytest.fixture
def engine(db):
    engine = DatabaseEngine()
    engine.clear()
    engine.index(_corpus())
    with connection.cursor() as cursor:
        # A row written again moves within the table, as updates and VACUUM move rows: a plan
        # reading the table in storage order now meets documents in another order than one
        # walking an index, which is how a LIMIT without an order took different rows.
        cursor.execute("UPDATE search_searchdocument SET url = url WHERE id % 3 = 0")
        cursor.execute("ANALYZE search_searchdocument")
    return engine


QUERIES = [
    {"text": "verblijfsvergunning"},
    {"text": '"verblijfsvergunning werd"'},
    {"text": "verblijfsvergunning -kinderen"},
    {"text": "verblijfsvergunning OF opvang"},
    {"text": "verblijfsvergunning", "countries": ["SY"]},
    {"text": "verblijfsvergunning", "types": ["caselaw"], "year_from": 2005},
    {"text": "verblijfsvergunning", "member": True},
    {"text": "verblijfsvergunning", "sort": "date"},
    {"text": "", "countries": ["ER"]},
]


def _answers(engine) -> list:
    answers = []
    for spec in QUERIES:
        for page in (1, 2, 3):
            results = engine.search(SearchQuery(page=page, per_page=7, **spec))
            answers.append((results.total, results.total_capped, [hit.id for hit in results.hits]))
    return answers


@pytest.mark.parametrize("cap", [1000, 25], ids=["every match counted", "count capped"])
def test_the_same_results_whatever_the_plan(engine, monkeypatch, cap):
    # Small caps, so that the capped candidate set, the title matches and the matches after
    # the ranked ones are all on these pages.
    monkeypatch.setattr(pg, "PG_RANK_CANDIDATES", 6)
    monkeypatch.setattr(pg, "PG_RANK_TITLES", 3)
    monkeypatch.setattr(pg.PostgresSearch, "count_cap", cap)
    # Facets counted over the best 5, so that ranking is not asked for every match.
    monkeypatch.setattr(reader, "FACET_SAMPLE", 5)
    expected = _answers(engine)
    assert any(total > 6 for total, _, _ in expected), "more matches than candidates"
    for name, settings in PLANS.items():
        with planner(settings):
            assert _answers(engine) == expected, name


def test_ranked_candidates_are_the_newest_matches_and_title_matches(db, monkeypatch):
    engine = DatabaseEngine()
    engine.clear()
    body = "De staatssecretaris weigerde de verblijfsvergunning. "
    engine.index(
        [
            # Indexed first (oldest): the word only in its title.
            _doc(1, "Verblijfsvergunning", "Een korte tekst zonder het woord."),
            # Indexed second: the word many times in its text, not in the title.
            _doc(2, "Oud bericht", body * 20),
            *[_doc(10 + i, f"Bericht {i}", body) for i in range(4)],
        ]
    )
    monkeypatch.setattr(pg, "PG_RANK_CANDIDATES", 3)
    monkeypatch.setattr(pg, "PG_RANK_TITLES", 1)

    def ranked(per_page=10, page=1):
        results = engine.search(
            SearchQuery(text="verblijfsvergunning", per_page=per_page, page=page)
        )
        assert results.total == 6 and not results.total_capped
        return [hit.id for hit in results.hits]

    # The three newest and the title match are ranked (the title first; equal scores by id);
    # the rest follows newest first, the frequent but old use of the word last.
    order = ["doc:1", "doc:11", "doc:12", "doc:13", "doc:10", "doc:2"]
    assert ranked() == order
    assert ranked(2, 1) + ranked(2, 2) + ranked(2, 3) == order, "pages continue one order"
    monkeypatch.setattr(pg, "PG_RANK_CANDIDATES", 5000)
    assert ranked()[:2] == ["doc:1", "doc:2"], "uncapped, ts_rank puts the frequent use next"


def test_the_migration_prices_the_match_and_indexes_that_expression(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT procost, provolatile FROM pg_proc WHERE proname = 'search_priced_vector'"
        )
        assert cursor.fetchall() == [(1000.0, "i")]
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'search_searchdocument'"
        )
        indexes = dict(cursor.fetchall())
    assert "search_priced_vector(public_vector)" in indexes["search_doc_public_match"]
    assert "search_priced_vector(all_vector)" in indexes["search_doc_all_match"]
    assert "to_tsvector('dutch'" in indexes["search_doc_title_match"]
    assert "search_doc_public_vector" not in indexes, "no query names the bare column any more"


def _plan(sql: str, params: list) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        return json.dumps(cursor.fetchone()[0])


@pytest.mark.parametrize("member", [False, True])
def test_the_gin_index_answers_matching_and_counting(db, member):
    engine = DatabaseEngine()
    engine.clear()
    # One document in ten holds the word: enough rows for the planner to weigh its choices.
    engine.index(
        _doc(n, f"Bericht {n}", "De verblijfsvergunning." if n % 10 == 0 else "Over opvang.")
        for n in range(400)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchdocument")
    search = pg.PostgresSearch(SearchQuery(text="verblijfsvergunning", member=member))
    sql, params = search.matches_sql([])
    plan = _plan(f"{sql} ORDER BY m.id DESC LIMIT %s", [*params, search.count_cap + 1])
    index = "search_doc_all_match" if member else "search_doc_public_match"
    assert index in plan, plan
    assert "Seq Scan" not in plan, plan
