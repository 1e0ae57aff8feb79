"""Relevance benchmark: `make bench-relevance`.

Builds a fresh database (the demo content, a page per country and the sample rulings in
tests/fixtures/rechtspraak), rebuilds the search index, runs every judged query of
bench/relevance/queries.toml through the search service as a member, and scores the first 10
results: nDCG@10, recall@10 and MRR per query class (bench/relevance/metrics.py).

Databases: SQLite always (in a temporary folder); PostgreSQL too when BENCH_DATABASE_URL is set
(e.g. postgres://postgres@127.0.0.1:5432/eno_relevance; the database is dropped and created again,
so its name must contain "relevance" or end in "_bench"). `--databases sqlite` or
`--databases postgresql` runs one of them. Each database is measured in a process of its own.

  --write           rewrite this run's tables in bench/README.md (section "Relevance"), with the
                    figures of bench/relevance/baseline.json beside them as "before"
  --save-baseline   store this run's figures in bench/relevance/baseline.json (the "before")

Every run prints the misses per query and the ten worst queries. A judged key that no indexed
document has stops the run: a typo in a judgement must not pass for a miss.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.relevance.metrics import (  # noqa: E402 - the repository root must be on the path first
    CLASS_LABELS,
    QUERIES_FILE,
    K,
    load_queries,
    score,
    summarise,
)

README = ROOT / "bench" / "README.md"
BASELINE = Path(__file__).resolve().parent / "baseline.json"
SAMPLES = ROOT / "tests" / "fixtures" / "rechtspraak"
DATABASES = ("sqlite", "postgresql")
AIM_RECALL = 0.9
AIM_MRR = 0.8


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write the tables into {README}")
    parser.add_argument(
        "--save-baseline", action="store_true", help=f"store the figures in {BASELINE}"
    )
    parser.add_argument(
        "--databases",
        help="comma-separated: sqlite, postgresql (default: sqlite, and postgresql when "
        "BENCH_DATABASE_URL is set)",
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_DATABASE_URL", ""),
        help="PostgreSQL database to (re)create (default: $BENCH_DATABASE_URL)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the databases and print where they are"
    )
    # Internal: measure one database in this process and write the rankings as JSON.
    parser.add_argument("--measure", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# --- measuring one database (in a process of its own) ------------------------------------------


def measure(database_url: str, output: Path) -> None:
    """Build the benchmark database at `database_url`, run every query, write the rankings."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    os.environ["SEARCH_ENGINE"] = "database"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from search.engines.base import SearchQuery
    from search.models import SearchDocument
    from search.service import run_search

    started = time.perf_counter()
    quiet = io.StringIO()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=quiet)
    call_command("load_countries", stdout=quiet, stderr=quiet)
    # The sample rulings, not the hostile files beside them (those fail on purpose).
    report = io.StringIO()
    try:
        call_command(
            "import_rechtspraak",
            *(str(p) for p in sorted(SAMPLES.glob("*.xml"))),
            stdout=report,
            stderr=quiet,
        )
    except SystemExit as exit_:
        raise SystemExit(f"import_rechtspraak failed:\n{report.getvalue()}") from exit_
    # Everything above indexes as it saves; a rebuild makes the index depend on content only.
    call_command("rebuild_search_index", "--no-progress", stdout=quiet)
    build_seconds = time.perf_counter() - started

    # The key of a result: a ruling by its ECLI, anything else by the path of its URL.
    keys = {}
    for doc_id, url, ecli in SearchDocument.objects.values_list("doc_id", "url", "ecli"):
        keys[doc_id] = ecli or url_key(url)

    rankings = {}
    started = time.perf_counter()
    for query in load_queries():
        # As a member, with the page size of the search page; the first K hits are scored.
        # The first screen: the full matches, then those holding some of the words.
        results = run_search(SearchQuery(text=query.text, member=True))
        hits = (results.hits + results.partial_hits)[:K]
        rankings[str(query.number)] = [keys.get(hit.id, url_key(hit.url)) for hit in hits]
    query_seconds = time.perf_counter() - started
    # The test settings make a media folder of their own for every process.
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)

    if connection.vendor == "sqlite":
        database = f"SQLite {connection.Database.sqlite_version}"
    else:
        database = f"PostgreSQL {connection.pg_version // 10000}"
    output.write_text(
        json.dumps(
            {
                "database": database,
                "vendor": connection.vendor,
                "documents": len(keys),
                "keys": sorted(set(keys.values())),
                "rankings": rankings,
                "build_seconds": build_seconds,
                "query_seconds": query_seconds,
            }
        )
    )


def url_key(url: str) -> str:
    """The path and anchor of a URL (a site with several hosts gives absolute URLs)."""
    parts = urlsplit(url)
    return parts.path + (f"#{parts.fragment}" if parts.fragment else "")


# --- running the databases -----------------------------------------------------------------------


def recreate_postgres_database(database_url: str, drop_only: bool = False) -> None:
    """A fresh database for the run; only a benchmark database is ever dropped."""
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if "relevance" not in name and not name.endswith("_bench"):
        raise SystemExit(
            f"refusing to use {name!r}: the benchmark drops its database, so the name must "
            "contain 'relevance' or end in '_bench'"
        )
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')


def run_database(name: str, args) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix=f"eno-relevance-{name}-"))
    if name == "sqlite":
        database_url = f"sqlite:///{workdir / 'relevance.sqlite3'}"
    else:
        database_url = args.postgres_url
        recreate_postgres_database(database_url)
    output = workdir / "rankings.json"
    print(f"{name}: building the benchmark database", file=sys.stderr, flush=True)
    env = {**os.environ, "VAR_DIR": str(workdir)}
    try:
        subprocess.run(
            [sys.executable, __file__, "--measure", database_url, "--output", str(output)],
            check=True,
            env=env,
        )
        data = json.loads(output.read_text())
    finally:
        if args.keep:
            print(f"{name}: kept {database_url}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
            if name == "postgresql":
                recreate_postgres_database(database_url, drop_only=True)
    print(
        f"{name}: built in {data['build_seconds']:.0f} s, {len(data['rankings'])} queries in "
        f"{data['query_seconds']:.1f} s",
        file=sys.stderr,
    )
    return data


def check_keys(queries, data: dict, name: str) -> None:
    known = set(data["keys"])
    unknown = [
        f"  {query.label}: {key}" for query in queries for key in query.relevant if key not in known
    ]
    if unknown:
        raise SystemExit(
            f"{name}: judged documents that no indexed document is (fix queries.toml):\n"
            + "\n".join(unknown)
        )


# --- reporting ------------------------------------------------------------------------------------


def git_commit() -> str:
    def git(*args):
        return subprocess.run(
            ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False
        ).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    if git("status", "--porcelain", "--untracked-files=no"):
        commit += " + uncommitted changes"
    return commit


def queries_digest() -> str:
    return hashlib.sha256(QUERIES_FILE.read_bytes()).hexdigest()


def query_id(query) -> str:
    return f"{query.query_class}: {query.text}"


def print_misses(name: str, results) -> None:
    print(f"\n=== {name}: misses (judged documents not at the top) ===")
    for result in results:
        if result.recall == 1 and result.reciprocal_rank == 1 and result.ndcg > 0.999:
            continue
        query = result.query
        print(
            f"{query.label}  nDCG {result.ndcg:.2f}  recall {result.recall:.2f}  "
            f"RR {result.reciprocal_rank:.2f}"
        )
        for key, grade in sorted(query.relevant.items(), key=lambda item: -item[1]):
            rank = result.ranks[key]
            print(f"    {'rank ' + str(rank) if rank else 'not in top 10':>14}  ({grade}) {key}")
        if result.reciprocal_rank < 1:
            above = result.ranking[:3] if result.ranking else ["(no results)"]
            print(f"    first results: {', '.join(above)}")


def worst(results, count: int = 10):
    return sorted(results, key=lambda r: (r.ndcg, r.reciprocal_rank, r.recall, r.query.number))[
        :count
    ]


def print_summary(name: str, data: dict, results, summary: dict, before: dict | None) -> None:
    print(f"\n=== {name}: {data['database']}, {data['documents']} documents ===")
    header = f"{'class':<20} {'n':>3} {'nDCG@10':>8} {'recall@10':>10} {'MRR':>6}"
    print(header + ("   before: nDCG  recall   MRR" if before else ""))
    for cls, figures in summary.items():
        line = (
            f"{CLASS_LABELS.get(cls, cls):<20} {figures['queries']:>3} {figures['ndcg']:>8.3f} "
            f"{figures['recall']:>10.3f} {figures['mrr']:>6.3f}"
        )
        old = (before or {}).get("classes", {}).get(cls)
        if old:
            line += f"          {old['ndcg']:.3f}  {old['recall']:.3f}  {old['mrr']:.3f}"
        print(line)
    print(f"\n--- {name}: the 10 worst queries ---")
    for result in worst(results):
        print(
            f"{result.query.label}  nDCG {result.ndcg:.2f}  recall {result.recall:.2f}  "
            f"RR {result.reciprocal_rank:.2f}"
        )


def figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def table(data: dict, summary: dict, before: dict | None) -> str:
    now = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    total = summary["all"]["queries"]
    if before:
        stale = (
            ""
            if before.get("queries_sha256") == queries_digest()
            else " (measured on an earlier version of queries.toml)"
        )
        before_text = (
            f"*Before*: the baseline of {before['date']} on {before['database']}, commit "
            f"{before['commit']}{stale} (bench/relevance/baseline.json)."
        )
    else:
        before_text = "*Before*: no baseline for this database yet (`--save-baseline`)."
    lines = [
        f"Run of {now} on {data['database']}, commit {git_commit()}: {total} judged queries, "
        f"{data['documents']} documents in the index, first {K} results as a member. "
        f"{before_text}",
        "",
        "| class | queries | nDCG@10 | recall@10 | MRR | nDCG@10 before | recall@10 before "
        "| MRR before | aim met |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for cls, figures in summary.items():
        old = (before or {}).get("classes", {}).get(cls, {})
        label = "**all**" if cls == "all" else CLASS_LABELS[cls]
        aim = "yes" if figures["recall"] >= AIM_RECALL and figures["mrr"] >= AIM_MRR else "no"
        lines.append(
            f"| {label} | {figures['queries']} | {figure(figures['ndcg'])} | "
            f"{figure(figures['recall'])} | {figure(figures['mrr'])} | "
            f"{figure(old.get('ndcg'))} | {figure(old.get('recall'))} | {figure(old.get('mrr'))} "
            f"| {aim} |"
        )
    return "\n".join(lines)


INTRO = """`make bench-relevance` (bench/relevance/run.py) measures whether search puts what a user
is after on the first screen. See bench/relevance/queries.toml for the judged queries.
"""


def write_readme(vendor: str, text: str) -> None:
    """Replace this database's table in the Relevance section (one table per database)."""
    start = f"<!-- relevance-bench:{vendor}:start -->"
    end = f"<!-- relevance-bench:{vendor}:end -->"
    block = f"{start}\n{text}\n{end}"
    readme = README.read_text() if README.exists() else "# Benchmarks\n"
    if start in readme and end in readme:
        readme = readme[: readme.index(start)] + block + readme[readme.index(end) + len(end) :]
    elif "\n## Relevance\n" in readme:
        head, rest = readme.split("\n## Relevance\n", 1)
        cut = rest.find("\n## ")
        cut = len(rest) if cut == -1 else cut
        readme = (
            head + "\n## Relevance\n" + rest[:cut].rstrip() + "\n\n" + block + "\n" + rest[cut:]
        )
    else:
        readme = readme.rstrip() + f"\n\n## Relevance\n\n{INTRO}\n{block}\n"
    README.write_text(readme)


def save_baseline(vendor: str, data: dict, results, summary: dict) -> None:
    baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    baseline[vendor] = {
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
        "commit": git_commit(),
        "database": data["database"],
        "queries_sha256": queries_digest(),
        "classes": {
            cls: {name: round(value, 6) for name, value in figures.items()}
            for cls, figures in summary.items()
        },
        "per_query": {
            query_id(r.query): {
                "ndcg": round(r.ndcg, 4),
                "recall": round(r.recall, 4),
                "rr": round(r.reciprocal_rank, 4),
            }
            for r in results
        },
    }
    BASELINE.write_text(json.dumps(baseline, indent=1, ensure_ascii=False, sort_keys=True) + "\n")


def print_changes(vendor: str, results, before: dict | None) -> None:
    """Queries whose nDCG@10 moved since the baseline, so that a change shows what it did."""
    old = (before or {}).get("per_query", {})
    moved = []
    for result in results:
        previous = old.get(query_id(result.query))
        if previous and abs(previous["ndcg"] - result.ndcg) >= 0.005:
            moved.append((result.ndcg - previous["ndcg"], result, previous))
    if not moved:
        return
    print(f"\n--- {vendor}: nDCG@10 changed since the baseline ---")
    for delta, result, previous in sorted(moved, key=lambda item: item[0]):
        print(f"{delta:+.2f}  {result.query.label}  {previous['ndcg']:.2f} -> {result.ndcg:.2f}")


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.measure:
        measure(args.measure, Path(args.output))
        return

    queries = load_queries()  # a malformed file stops here, before anything is built
    if args.databases:
        names = [n.strip() for n in args.databases.split(",") if n.strip()]
    else:
        names = ["sqlite"] + (["postgresql"] if args.postgres_url else [])
    for name in names:
        if name not in DATABASES:
            raise SystemExit(f"unknown database {name!r}; choose from {', '.join(DATABASES)}")
    if "postgresql" in names and not args.postgres_url:
        raise SystemExit("postgresql needs BENCH_DATABASE_URL (or --postgres-url)")

    baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    measured = {}
    for name in names:
        data = run_database(name, args)
        check_keys(queries, data, name)
        results = [score(query, data["rankings"][str(query.number)]) for query in queries]
        measured[name] = (data, results, summarise(results))

    for name, (_data, results, _summary) in measured.items():
        print_misses(name, results)
    for name, (data, results, summary) in measured.items():
        if args.save_baseline:
            save_baseline(name, data, results, summary)
            baseline = json.loads(BASELINE.read_text())
        before = baseline.get(name)
        print_summary(name, data, results, summary, before)
        print_changes(name, results, before)
        if args.write:
            write_readme(name, table(data, summary, before))
    if len(measured) > 1:
        first, second = (measured[name][1] for name in names[:2])
        differ = [(a, b) for a, b in zip(first, second, strict=True) if a.ranking != b.ranking]
        print(f"\n--- {len(differ)} queries rank differently on {names[0]} and {names[1]} ---")
        for a, b in differ:
            rank = next(
                i
                for i in range(K)
                if i >= min(len(a.ranking), len(b.ranking)) or a.ranking[i] != b.ranking[i]
            )
            print(f"{a.query.label}  (from rank {rank + 1})")
            print(f"    {names[0]}: {a.ranking[rank : rank + 3] or '(nothing)'}")
            print(f"    {names[1]}: {b.ranking[rank : rank + 3] or '(nothing)'}")
    if args.write:
        print(f"\nwrote {README.relative_to(ROOT)}", file=sys.stderr)
    if args.save_baseline:
        print(f"wrote {BASELINE.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
