"""Search benchmark: `make bench-search`.

Builds a corpus of documents from real ruling paragraphs (bench/search/corpus.py) in a database
of its own, then times the same mixed queries three ways in one run:
- the search service (parse, rank, filter, count, facets, pinned identifiers, snippets), as a
  visitor who is not a member;
- the bare engine query on the same index: FTS5 `MATCH ... ORDER BY bm25 LIMIT 20` with
  `snippet()` on SQLite, `@@ ... ORDER BY ts_rank_cd LIMIT 20` with `ts_headline` on PostgreSQL;
- Wagtail's own database search backend over the same kind of text (a smaller corpus: its
  indexing and common-word queries are too slow for 100,000 documents in a bench run).
The results go into the "Search" section of bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import statistics
import sys
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "bench" / "README.md"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--wagtail-docs", type=int, default=10_000)
    parser.add_argument("--wagtail-budget", type=float, default=120.0, help="seconds of queries")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench' / 'search.sqlite3'}"
        ),
    )
    parser.add_argument("--no-readme", action="store_true", help="print the table only")
    return parser.parse_args()


def setup_django(database_url: str) -> None:
    if database_url.startswith("sqlite:///"):
        path = Path(database_url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    elif database_url.startswith(("postgres://", "postgresql://")):
        recreate_postgres_database(database_url)
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    os.environ["SEARCH_ENGINE"] = "database"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def recreate_postgres_database(database_url: str) -> None:
    """A fresh database for the run; only one whose name ends in "_bench" is ever dropped."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name.endswith("_bench"):
        raise SystemExit(
            f"refusing to use {name!r}: the benchmark database name must end in _bench"
        )
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def batched(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def progress(label: str, done: int, total: int) -> None:
    print(f"{label}: {done}/{total}", file=sys.stderr, flush=True)


# --- queries ------------------------------------------------------------------------------------

KINDS = ("one word", "two words", "phrase", "word + facet filter")


def make_queries(count: int, seed: int = 7) -> list[tuple[str, dict]]:
    from bench.search.corpus import COUNTRIES, paragraphs

    rng = random.Random(seed)
    pool = paragraphs()
    from search.query import STOP_WORDS

    # Stop words are answered with a message before any engine runs; timing them would flatter.
    tokens = [
        w.lower()
        for p in pool
        for w in re.findall(r"[^\W\d_]{4,}", p)
        if w.lower() not in STOP_WORDS
    ]
    vocabulary = sorted(set(tokens))

    def word():
        # Half as users type them (frequent words more often), half any word of the corpus.
        return rng.choice(tokens) if rng.random() < 0.5 else rng.choice(vocabulary)

    queries = []
    for i in range(count):
        kind = KINDS[i % len(KINDS)]
        if kind == "one word":
            queries.append((kind, {"text": word()}))
        elif kind == "two words":
            queries.append((kind, {"text": f"{word()} {word()}"}))
        elif kind == "phrase":
            words = re.findall(r"[^\W\d_]{3,}", rng.choice(pool))
            start = rng.randrange(max(1, len(words) - 2))
            queries.append((kind, {"text": '"' + " ".join(words[start : start + 2]) + '"'}))
        else:
            filters = rng.choice(
                [{"countries": [rng.choice(COUNTRIES)]}, {"types": ["caselaw"], "year_from": 2015}]
            )
            queries.append((kind, {"text": word(), **filters}))
    return queries


# --- the three ways -------------------------------------------------------------------------------


def service_runner():
    from search.engines.base import SearchQuery
    from search.service import run_search

    def run(spec):
        return run_search(SearchQuery(member=False, **spec)).total

    return run


def bare_runner():
    from django.db import connection

    from search.engines.base import SearchQuery
    from search.engines.database.sqlite import SQLiteSearch

    if connection.vendor == "sqlite":
        sql = (
            "SELECT rowid, snippet(search_fts, 1, '<mark>', '</mark>', '…', 16) FROM search_fts "
            "WHERE search_fts MATCH %s ORDER BY bm25(search_fts) LIMIT 20"
        )

        def run(spec):
            expression = SQLiteSearch(SearchQuery(member=False, **spec)).match_expression()
            with connection.cursor() as cursor:
                cursor.execute(sql, [expression])
                return len(cursor.fetchall())

        return run

    # The match names the expression the GIN index is built on (search migration 0003), so that
    # the bare query uses the same index as the service.
    sql = (
        "SELECT id, ts_headline('dutch', public_text, q) FROM ("
        "SELECT id, public_text, q FROM search_searchdocument, websearch_to_tsquery('dutch', %s) q "
        "WHERE search_priced_vector(public_vector) @@ q "
        "ORDER BY ts_rank_cd(public_vector, q) DESC LIMIT 20) top"
    )

    def run(spec):
        with connection.cursor() as cursor:
            cursor.execute(sql, [spec["text"]])
            return len(cursor.fetchall())

    return run


def wagtail_runner():
    from wagtail.search.backends import get_search_backend
    from wagtail.search.query import Phrase

    from knowledge.models.taxonomy import GlossaryTerm

    backend = get_search_backend()

    def run(spec):
        text = spec["text"]
        query = Phrase(text.strip('"')) if text.startswith('"') else text
        return len(list(backend.search(query, GlossaryTerm)[:20]))

    return run


def build_wagtail_corpus(count: int) -> tuple[float, int]:
    """The same kind of documents as Wagtail-indexed objects (glossary terms: a plain model
    indexed by Wagtail's database backend, so no page tree has to be built)."""
    from wagtail.search.backends import get_search_backend

    from bench.search.corpus import documents
    from knowledge.models.taxonomy import GlossaryTerm

    backend = get_search_backend()
    started = time.perf_counter()
    done = 0
    for batch in batched(documents(count, seed=99), 1000):
        terms = GlossaryTerm.objects.bulk_create(
            GlossaryTerm(
                term=f"{doc.title[:180]} {doc.id}",
                slug=f"bench-{doc.id.replace(':', '-')}",
                definition="".join(f"<p>{p}</p>" for p in doc.public_text.split("\n\n")),
            )
            for doc in batch
        )
        backend.add_bulk(GlossaryTerm, terms)
        done += len(batch)
        progress("wagtail index", done, count)
    return time.perf_counter() - started, done


def time_queries(run, queries, budget: float | None = None):
    """Seconds per query by kind; with a budget, kinds are interleaved and the run stops early
    (and there is no warm-up: a single query can take minutes)."""
    times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    if budget is None:
        for _kind, spec in queries[:8]:
            run(spec)  # warm the caches
    started = time.perf_counter()
    for kind, spec in queries:
        if budget is not None and time.perf_counter() - started > budget:
            break
        t0 = time.perf_counter()
        run(spec)
        times[kind].append(time.perf_counter() - t0)
    return times


def percentile(values, q):
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def ms(value):
    return (
        "–"
        if value is None
        else f"{value * 1000:.0f} ms"
        if value >= 0.01
        else f"{value * 1000:.1f} ms"
    )


def main():
    args = parse_args()
    t0 = time.perf_counter()
    setup_django(args.database_url)
    progress(f"migrated in {time.perf_counter() - t0:.0f} s", 1, 1)
    from django.db import connection

    from bench.search.corpus import documents
    from search.engines.database import DatabaseEngine

    engine = DatabaseEngine()
    engine.clear()
    started = time.perf_counter()
    written = chars = 0
    for batch in batched(documents(args.docs), 1000):
        written += engine.index(batch)
        chars += sum(len(d.public_text) + len(d.members_text) for d in batch)
        if written % 10_000 == 0 or written == args.docs:
            progress("index", written, args.docs)
    build_seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument")
            cursor.execute("ANALYZE search_searchfacet")

    progress(f"indexed in {build_seconds:.0f} s", written, args.docs)
    queries = make_queries(args.queries)
    service_times = time_queries(service_runner(), queries)
    bare_times = time_queries(bare_runner(), queries)
    progress("queries timed", len(queries), len(queries))

    wagtail_build = (0.0, 0)
    wagtail_times = {kind: [] for kind in KINDS}
    if args.wagtail_docs:
        wagtail_build = build_wagtail_corpus(args.wagtail_docs)
        plain = [(kind, spec) for kind, spec in queries if kind != "word + facet filter"]
        wagtail_times = time_queries(wagtail_runner(), plain, budget=args.wagtail_budget)

    vendor = (
        "SQLite " + connection.Database.sqlite_version
        if connection.vendor == "sqlite"
        else "PostgreSQL"
    )
    table = report(
        args,
        vendor,
        written,
        chars,
        build_seconds,
        service_times,
        bare_times,
        wagtail_build,
        wagtail_times,
    )
    print(table)
    if not args.no_readme:
        write_readme(table, connection.vendor)


def report(args, vendor, written, chars, build_seconds, service, bare, wagtail_build, wagtail):
    lines = [
        f"Run of {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {vendor}, "
        f"{os.cpu_count()} CPU cores, `make bench-search` (defaults: {args.docs:,} documents, "
        f"{args.queries} queries).",
        "",
        "| corpus | value |",
        "|---|---|",
        f"| documents | {written:,} (average {chars / max(written, 1) / 1024:.1f} KB of text) |",
        f"| index build time | {build_seconds:.0f} s |",
        f"| documents per second | {written / build_seconds:,.0f} |",
        f"| peak memory of the run (max RSS) | {peak_memory_mb():,.0f} MB |",
        "",
        "Times per query. *Service*: `run_search()` as a visitor (ranking, filters, total, facet "
        "counts, pinned ECLI/case-number lookup, highlighted snippets of 20 results). "
        "*Bare engine*: "
        "the same MATCH expression in one FTS5 `MATCH … ORDER BY bm25 LIMIT 20` with `snippet()` "
        "(PostgreSQL: `@@ … ORDER BY ts_rank_cd LIMIT 20` with `ts_headline`). "
        + (
            "*Wagtail*: `get_search_backend().search(q, GlossaryTerm)[:20]`, Wagtail's database "
            f"backend over {wagtail_build[1]:,} glossary terms holding the same kind of text (a "
            "plain indexed model, so that no page tree has to be built; indexed in "
            f"{wagtail_build[0]:.0f} s; queries stop after a {args.wagtail_budget:.0f} s budget; "
            "it cannot filter on our facets)."
            if wagtail_build[1]
            else "*Wagtail*: skipped in this run (`--wagtail-docs 0`)."
        ),
        "",
        "| kind | queries | service p50 | service p95 | bare p50 | bare p95 | service/bare p95 "
        f"| Wagtail ({wagtail_build[1]:,}) p50 | Wagtail p95 | Wagtail queries |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    everything = {"service": [], "bare": [], "wagtail": []}
    for kind in KINDS:
        s, b, w = service[kind], bare[kind], wagtail[kind]
        everything["service"] += s
        everything["bare"] += b
        everything["wagtail"] += w
        ratio = percentile(s, 95) / percentile(b, 95) if s and b else None
        lines.append(
            f"| {kind} | {len(s)} | {ms(percentile(s, 50))} | {ms(percentile(s, 95))} | "
            f"{ms(percentile(b, 50))} | {ms(percentile(b, 95))} | "
            f"{'–' if ratio is None else f'{ratio:.2f}x'} | {ms(percentile(w, 50))} | "
            f"{ms(percentile(w, 95))} | {len(w)} |"
        )
    s, b, w = everything["service"], everything["bare"], everything["wagtail"]
    lines.append(
        f"| **all** | {len(s)} | {ms(percentile(s, 50))} | {ms(percentile(s, 95))} | "
        f"{ms(percentile(b, 50))} | {ms(percentile(b, 95))} | "
        f"{percentile(s, 95) / percentile(b, 95):.2f}x | {ms(percentile(w, 50))} | "
        f"{ms(percentile(w, 95))} | {len(w)} |"
    )
    return "\n".join(lines)


INTRO = """`make bench-search` (bench/search/run.py, about 15 minutes on 2 cores) builds 100,000
search documents from the paragraphs of the real rulings in tests/fixtures/rechtspraak/ (shuffled
into new documents with new ECLIs, courts, dates, countries and topics; 10% members-only), in a
database of its own: `var/bench/search.sqlite3`, or PostgreSQL with
`BENCH_DATABASE_URL=postgres://…/eno_search_bench` (the name must end in `_bench`; it is dropped
and created again). It then times 200 queries (50 each: one word, two words, a phrase, one word
with a facet filter; words drawn half by corpus frequency, half uniformly from the vocabulary)
three ways in the same run, and rewrites the table of that database below. Not part of
`make test`.
"""


def write_readme(table: str, vendor: str) -> None:
    """Replace this database's table in the Search section (one table per database vendor)."""
    start, end = f"<!-- search-bench:{vendor}:start -->", f"<!-- search-bench:{vendor}:end -->"
    block = f"{start}\n{table}\n{end}"
    text = README.read_text() if README.exists() else "# Benchmarks\n"
    if start in text and end in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end) :]
    elif "\n## Search\n" in text:
        head, rest = text.split("\n## Search\n", 1)
        cut = rest.find("\n## ")
        cut = len(rest) if cut == -1 else cut
        text = head + "\n## Search\n" + rest[:cut].rstrip() + "\n\n" + block + "\n" + rest[cut:]
    else:
        text = text.rstrip() + f"\n\n## Search\n\n{INTRO}\n{block}\n"
    README.write_text(text)


if __name__ == "__main__":
    main()
