"""Import and case page benchmark (`make bench`; not part of `make test`).

1. Import throughput: N rulings, made by copying the sample files in tests/fixtures/rechtspraak
   under new ECLIs, imported with the real `import_rechtspraak` command into a fresh SQLite
   database; in the same run a bare lxml parse of the same files is timed as the baseline.
2. Case page render: the case law section is filled up to M rulings (the imported ones plus
   copies inserted straight into the page tree, which is much faster than importing them), then a
   random sample of case pages is rendered through the Django test client: p50/p95 and memory.

Everything happens in a temporary folder (VAR_DIR, DATABASE_URL): the dev database is untouched.
Run: .venv/bin/python bench/import/run.py [--rulings 1000] [--cases 10000] [--write]
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import platform
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "tests" / "fixtures" / "rechtspraak"
README = ROOT / "bench" / "README.md"
SECTION_TITLE = "## Import and case pages"
# The samples that import as rulings (is_replaced_by.xml only records an alias).
SAMPLE_FILES = sorted(p for p in SAMPLES.glob("*.xml") if p.name != "is_replaced_by.xml")


def setup_django(workdir: Path) -> None:
    os.environ["VAR_DIR"] = str(workdir)
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    # The test settings: DEBUG off, no e-mail, the database search engine; only the database
    # location comes from the environment above.
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def generate_rulings(folder: Path, count: int, tag: str = "BENCH") -> list[Path]:
    """Copies of the samples, each under its own ECLI (same court and year as the original); every
    mention of the original's own ECLI (identifier, deeplink, element ids) is rewritten."""
    from knowledge.ecli import parse_ecli

    folder.mkdir(parents=True)
    sources = []
    for path in SAMPLE_FILES:
        text = path.read_text(encoding="utf-8")
        ecli = text.split("<dcterms:identifier>", 1)[1].split("<", 1)[0].strip()
        sources.append((text, ecli, parse_ecli(ecli)))
    files = []
    for number in range(count):
        text, ecli, parts = sources[number % len(sources)]
        new_ecli = f"ECLI:NL:{parts.court}:{parts.year}:{tag}{number:05d}"
        target = folder / f"{new_ecli.replace(':', '_')}.xml"
        target.write_text(text.replace(ecli, new_ecli), encoding="utf-8")
        files.append(target)
    return files


def time_lxml(files: list[Path]) -> float:
    """Read and parse every file with a hardened lxml parser: the floor for any importer."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    started = time.perf_counter()
    for path in files:
        # One sample starts with white space before its XML declaration, as real files can.
        etree.fromstring(path.read_bytes().lstrip(), parser)
    return time.perf_counter() - started


def run_import(folder: Path) -> tuple[float, str]:
    from django.core.management import call_command

    out = io.StringIO()
    started = time.perf_counter()
    call_command("import_rechtspraak", str(folder), stdout=out, stderr=io.StringIO())
    return time.perf_counter() - started, out.getvalue().strip().splitlines()[-1]


def run_one_by_one(files: list[Path]) -> float:
    """The incremental path alone (knowledge.importing.import_ruling, one transaction per file),
    as every new ruling was imported before the bulk path: the baseline for the bulk import."""
    from django.db import transaction

    from knowledge import importing

    started = time.perf_counter()
    for path in files:
        with transaction.atomic():
            outcome = importing.import_ruling(path.read_bytes(), source=path.name)
        assert outcome.status == importing.IMPORTED, outcome
    return time.perf_counter() - started


def fill_cases(total: int) -> int:
    """Add copies of the imported rulings straight into the page tree until the section holds
    `total` rulings. Bypasses Wagtail's per-page save logic (revisions, validation, url_path
    lookups), which would make this step slower than the whole benchmark."""
    from django.db import models, transaction
    from django.utils import timezone
    from wagtail.models import Page

    from knowledge.models import CaseLawIndexPage, CaseLawPage

    parent = CaseLawIndexPage.objects.get()
    templates = list(CaseLawPage.objects.child_of(parent).prefetch_related("legal_areas"))
    missing = total - len(templates)
    if missing <= 0:
        return 0
    last = parent.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    area_link = CaseLawPage.legal_areas.through
    now = timezone.now()
    with transaction.atomic():
        links = []
        for number in range(missing):
            template = templates[number % len(templates)]
            step += 1
            ecli = f"ECLI:NL:{template.court_code}:{template.decision_date.year}:COPY{number:06d}"
            slug = ecli.lower().replace(":", "-")
            page = CaseLawPage(
                title=f"{template.court} {template.decision_date}, {ecli}",
                slug=slug,
                path=Page._get_path(parent.path, parent.depth + 1, step),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{slug}/",
                locale_id=parent.locale_id,
                live=True,
                first_published_at=now,
                last_published_at=now,
                ecli=ecli,
                court=template.court,
                court_code=template.court_code,
                decision_date=template.decision_date,
                publication_date=template.publication_date,
                case_numbers=template.case_numbers,
                procedure=template.procedure,
                relations=template.relations,
                legal_provisions=template.legal_provisions,
                summary=template.summary,
                full_text=template.full_text,
                source_url=f"https://deeplink.rechtspraak.nl/uitspraak?id={ecli}",
            )
            models.Model.save(page)
            links.extend(
                area_link(caselawpage_id=page.pk, legalarea_id=area.pk)
                for area in template.legal_areas.all()
            )
        area_link.objects.bulk_create(links)
        Page.objects.filter(pk=parent.pk).update(numchild=len(templates) + missing)
    return missing


def time_renders(count: int, seed: int = 20261123) -> tuple[list[float], int, str]:
    """Render `count` random case pages (after a warm-up) as an anonymous visitor."""
    from django.db.models.functions import Length
    from django.test import Client

    from knowledge.models import CaseLawPage

    urls = [page.url for page in CaseLawPage.objects.live().only("url_path", "path", "depth")]
    rng = random.Random(seed)
    client = Client()
    for url in rng.sample(urls, 20):
        assert client.get(url).status_code == 200
    timings = []
    for url in rng.sample(urls, count):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    # Found by the database: loading every full text to compare would dominate the peak memory.
    largest = CaseLawPage.objects.order_by(Length("full_text").desc()).only("url_path").first()
    return timings, len(urls), largest.url


def render_peak(url: str) -> tuple[int, int]:
    """Python heap peak (tracemalloc) while rendering one page, and the page's size."""
    from django.test import Client

    client = Client()
    client.get(url)
    tracemalloc.start()
    response = client.get(url)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, len(response.content)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    import sqlite3

    import django
    import lxml.etree

    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"lxml {'.'.join(map(str, lxml.etree.LXML_VERSION))}, SQLite {sqlite3.sqlite_version}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rulings", type=int, default=1000, help="rulings to import")
    parser.add_argument("--cases", type=int, default=10000, help="case pages for the render test")
    parser.add_argument("--renders", type=int, default=500, help="case pages to render")
    parser.add_argument(
        "--one-by-one", type=int, default=200, help="rulings for the incremental-path baseline"
    )
    parser.add_argument("--write", action="store_true", help=f"write the table into {README}")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="eno-bench-import-"))
    started = time.perf_counter()
    try:
        setup_django(workdir)
        from django.core.management import call_command

        from knowledge.demo import load_sections
        from knowledge.models import CaseLawPage
        from portal.demo import load_home

        call_command("migrate", verbosity=0)
        load_home()
        load_sections()

        files = generate_rulings(workdir / "rulings", args.rulings)
        size = sum(p.stat().st_size for p in files)
        time_lxml(files[:50])  # warm the file cache and lxml
        lxml_seconds = statistics.median(time_lxml(files) for _ in range(3))
        import_seconds, summary = run_import(workdir / "rulings")
        expected = f"imported {args.rulings}, updated 0, unchanged 0, skipped 0, failed 0"
        if summary != expected:
            print(f"unexpected import result: {summary}", file=sys.stderr)
            return 1
        reimport_seconds, summary = run_import(workdir / "rulings")
        print(f"import: {summary}", file=sys.stderr)
        one_files = generate_rulings(workdir / "one-by-one", args.one_by_one, tag="ONE")
        one_seconds = run_one_by_one(one_files)
        rss_import_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        fill_seconds = time.perf_counter()
        added = fill_cases(args.cases)
        call_command("rebuild_search_index", "--no-progress", stdout=io.StringIO())
        fill_seconds = time.perf_counter() - fill_seconds
        held = CaseLawPage.objects.count()
        generate_rulings(workdir / "more", args.rulings, tag="MORE")
        more_seconds, summary = run_import(workdir / "more")
        if summary != expected:
            print(f"unexpected import result: {summary}", file=sys.stderr)
            return 1
        timings, case_count, largest_url = time_renders(args.renders)
        heap_peak, largest_size = render_peak(largest_url)
        rss_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    n = args.rulings
    rows = [
        ("Rulings generated from the samples", f"{n} files, {size / 1024 / 1024:.1f} MB"),
        (
            "Baseline: bare lxml parse (read + parse, median of 3)",
            f"{lxml_seconds:.2f} s, {n / lxml_seconds:,.0f} files/s",
        ),
        (
            "`import_rechtspraak` into an empty SQLite database (bulk path)",
            f"{import_seconds:.1f} s, {n / import_seconds:,.1f} files/s",
        ),
        (
            f"Baseline: one ruling at a time (the path before bulk import), {args.one_by_one} "
            f"new files into the same database",
            f"{one_seconds:.1f} s, {args.one_by_one / one_seconds:,.1f} files/s "
            f"(bulk: {(n / import_seconds) / (args.one_by_one / one_seconds):.1f}x as fast)",
        ),
        (
            f"`import_rechtspraak`, {n} new files into a database already holding {held:,} rulings",
            f"{more_seconds:.1f} s, {n / more_seconds:,.1f} files/s",
        ),
        ("Import time / lxml parse time", f"{import_seconds / lxml_seconds:,.0f}×"),
        (
            "Second import of the same files (all unchanged)",
            f"{reimport_seconds:.1f} s, {n / reimport_seconds:,.0f} files/s",
        ),
        (
            "Case pages in the section for the render test",
            f"{case_count:,} ({n} + {args.one_by_one} imported, {added:,} copies inserted and "
            f"indexed in {fill_seconds:.0f} s, {n} more imported)",
        ),
        (
            f"Case page render, {args.renders} random pages, anonymous: p50",
            f"{percentile(timings, 50) * 1000:.0f} ms",
        ),
        ("Case page render: p95", f"{percentile(timings, 95) * 1000:.0f} ms"),
        ("Case page render: max", f"{max(timings) * 1000:.0f} ms"),
        (
            f"Python heap peak rendering the largest page "
            f"({largest_size / 1024:.0f} KB HTML; tracemalloc)",
            f"{heap_peak / 1024 / 1024:.1f} MB",
        ),
        ("Peak RSS of the process after both imports (getrusage)", f"{rss_import_mb:.0f} MB"),
        ("Peak RSS of the process at the end (getrusage)", f"{rss_peak_mb:.0f} MB"),
    ]
    today = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        SECTION_TITLE,
        "",
        "Measured by `bench/import/run.py` (`make bench`), which builds a throw-away SQLite "
        "database in a temporary folder. The rulings are copies of the sample files in "
        "`tests/fixtures/rechtspraak/` under new ECLIs, imported with the real command "
        "(including citations and search indexing on publish). The bare lxml parse of the same "
        "files in the same run is the baseline: the import does far more per file (sanitising, "
        "one Wagtail page, revision and publish, citations, search index), so the ratio shows "
        "what that costs. Render times are through the Django test client (no network, no "
        "web server), DEBUG off.",
        "",
        f"Run {today} on {machine()}. Total run time {time.perf_counter() - started:.0f} s.",
        "",
        "| Measurement | Result |",
        "|---|---|",
        *[f"| {name} | {value} |" for name, value in rows],
        "",
    ]
    table = "\n".join(lines)
    print(table)
    if args.write:
        write_section(table)
    return 0


def write_section(section: str) -> None:
    """Replace this benchmark's section in bench/README.md, leaving other sections alone."""
    text = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n\n"
    start = text.find(SECTION_TITLE)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(SECTION_TITLE))
        text = text[:start] + section + (text[end + 1 :] if end != -1 else "")
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
