"""Load test: `make bench-load` (not part of `make test`).

Builds a portal in a temporary folder (VAR_DIR, a fresh SQLite database or BENCH_DATABASE_URL)
with the demo content, every country page and N rulings (default 10,000, copied straight into the
page tree as bench/import/run.py does), serves it with gunicorn (3 sync workers, production
settings) on 127.0.0.1 and drives it with locust (bench/load/locustfile.py):

1. per page kind, in interleaved rounds: in each round every kind in turn, 16 concurrent clients
   for a fixed time; the static baseline (case pages' HTML, served as static files by the same
   server) is one of the kinds, so every page is compared with it in the same round;
2. one client per kind (sequential requests): a page's server time without queueing;
3. a mixed scenario, all kinds at once as visitors and members would arrive.
Prints the table; --write puts it into the "Load test" section of bench/README.md, one table per
database (SQLite and PostgreSQL each between markers of their own).
Run: .venv/bin/python bench/load/run.py [--rulings 10000] [--duration 20] [--rounds 2] [--write]
Smoke run: --smoke (500 rulings, the demo's countries only, 2 s per kind; about two minutes, most
of it building the site). With --keep the folder stays, and --reuse FOLDER measures again without
building: `--reuse FOLDER --smoke --mixed 0` takes under a minute.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import importlib
import io
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
# The portal's apps and the other benchmarks import as packages from the checkout.
sys.path.insert(0, str(ROOT))
README = ROOT / "bench" / "README.md"
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
SECTION_TITLE = "## Load test"
# The table's markers in bench/README.md, one pair per database, so that a PostgreSQL run leaves
# the SQLite table alone (and the other way round); SQLite keeps the markers it always had.
MARKS = {
    "SQLite": ("<!-- load-bench:start -->", "<!-- load-bench:end -->"),
    "PostgreSQL": ("<!-- load-bench:postgresql:start -->", "<!-- load-bench:postgresql:end -->"),
}
# Under STATIC_ROOT, so that whitenoise serves them like every other static file.
BASELINE_FOLDER = "bench"
MEMBER_USERNAME = "bench-lid"
# A session key that does not exist, as an expired session's cookie would carry: the page cache
# never serves a request with a session cookie, so the page is rendered, for an anonymous user.
EXPIRED_SESSION_KEY = "benchexpiredsession00000000000000"
SEED = 20261201

# Page kinds of the per-kind rounds, in the order of the table.
KIND_LABELS = {
    "static": "static file: a case page's HTML (baseline)",
    "home": "home page `/` (page cache)",
    "case": "case page, anonymous (page cache)",
    "case-rendered": "case page, rendered",
    "list": "`/jurisprudentie/` (page cache)",
    "list-rendered": "`/jurisprudentie/`, rendered",
    "list-filtered": "`/jurisprudentie/` with filters, rendered",
    "country": "country page (page cache)",
    "directory": "`/organisaties/` (page cache)",
    "search": "`/zoeken/?q=…`",
    "api": "`/api/search/?q=…`",
    "member": "member pages, signed in",
}
# The mixed scenario: shares are a guess at a day's traffic, most of it anonymous readers of
# rulings and country pages. Its "case" draws from all rulings, so the page cache holds only what
# the run itself asked for before.
MIXED_WEIGHTS = {
    "static": 5,
    "home": 10,
    "case-any": 35,
    "list": 6,
    "list-filtered-any": 6,
    "country": 10,
    "directory": 4,
    "search": 8,
    "api": 4,
    "member": 12,
}
MIXED_LABELS = {
    "case-any": "case page, anonymous, any of the rulings (page cache as it fills)",
    "list-filtered-any": "`/jurisprudentie/` with filters, anonymous (page cache as it fills)",
}


SMOKE = {
    "rulings": 500,
    "all_countries": False,
    "duration": 2,
    "rounds": 1,
    "mixed": 5,
    "single": 5,
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rulings", type=int, default=10_000, help="case pages in the database")
    parser.add_argument(
        "--no-all-countries",
        dest="all_countries",
        action="store_false",
        help="only the demo's country pages, not one per ISO 3166 country (load_countries)",
    )
    parser.add_argument("--users", type=int, default=16, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--duration", type=float, default=20, help="seconds per kind and round")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds of all kinds")
    parser.add_argument("--mixed", type=float, default=60, help="seconds of the mixed scenario")
    parser.add_argument("--single", type=int, default=30, help="requests per kind at 1 client")
    parser.add_argument("--kinds", default=",".join(KIND_LABELS), help="kinds, comma-separated")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", ""),
        help="PostgreSQL database whose name ends in _bench (dropped and created again); "
        "default: SQLite in the temporary folder",
    )
    parser.add_argument("--write", action="store_true", help=f"write the table into {README}")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--reuse",
        type=Path,
        help="a folder an earlier run kept (--keep): load it again without building the site",
    )
    parser.add_argument("--smoke", action="store_true", help=f"a quick run: {SMOKE}")
    args = parser.parse_args()
    if args.smoke:
        # Only what the command line left at its default.
        for name, value in SMOKE.items():
            if getattr(args, name) == parser.get_default(name):
                setattr(args, name, value)
    args.kinds = [kind.strip() for kind in args.kinds.split(",") if kind.strip()]
    unknown = set(args.kinds) - set(KIND_LABELS)
    if unknown:
        parser.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    if "static" not in args.kinds:
        args.kinds.insert(0, "static")  # every comparison is against it
    return args


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(workdir: Path, database_url: str) -> dict[str, str]:
    """The production settings as deployed, with what a laptop-sized run must set itself."""
    env = dict(os.environ)
    # Nothing from the developer's shell may point the run at another database, cache or mode.
    for name in ("DEBUG", "CACHE_URL", "PAGE_CACHE_SECONDS", "MEDIA_ROOT", "CONN_MAX_AGE"):
        env.pop(name, None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1",
            "VAR_DIR": str(workdir),
            "STATIC_ROOT": str(workdir / "static"),
            "DATABASE_URL": database_url,
            "SEARCH_ENGINE": "database",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def import_bench():
    """bench/import/run.py: its folder is named after a keyword, so no import statement."""
    return importlib.import_module("bench.import.run")


# --- the site -----------------------------------------------------------------------------------


def build_site(args, port: int) -> dict:
    """Database, content, member, static files and the baseline files; returns what the load
    client needs (URL pools, the member's password) and what the report says about the data."""
    from django.core.management import call_command
    from django.db import connections

    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    timings = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0, **quiet)
    call_command("load_demo", **quiet)
    if args.all_countries:
        call_command("load_countries", **quiet)
    timings["demo"] = time.perf_counter() - started

    started = time.perf_counter()
    import_bench().fill_cases(args.rulings)
    classify_copies(random.Random(SEED))
    timings["rulings"] = time.perf_counter() - started

    started = time.perf_counter()
    call_command("rebuild_search_index", "--no-progress", **quiet)
    timings["index"] = time.perf_counter() - started
    from django.db import connection

    if connection.vendor == "postgresql":
        # Planner statistics for the freshly loaded tables, as autovacuum would gather them on a
        # live server (it may be off, as on the CI machine): without them the planner skips the
        # search's GIN index and misjudges the list queries.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    password = secrets.token_urlsafe(24)
    create_member(password)
    started = time.perf_counter()
    call_command("collectstatic", "--noinput", verbosity=0, **quiet)
    timings["static"] = time.perf_counter() - started

    from portal.cache import content_changed

    # The bulk writes above send no signals; nothing may be served from before them.
    content_changed()
    pools = url_pools(random.Random(SEED))
    baseline = write_baseline(port)
    connections.close_all()
    return {"pools": pools, "password": password, "baseline": baseline, "timings": timings}


def classify_copies(rng: random.Random) -> None:
    """The copies share their originals' five decision years and carry no topics or countries;
    spread them over 25 years, 1-2 topics and 0-2 countries each, so that the list's order and
    its year, topic and country filters work over realistic numbers."""
    from django.db import transaction

    from knowledge.models import CaseLawPage, CountryPage, Topic

    copies = list(
        CaseLawPage.objects.filter(ecli__contains=":COPY").only(
            "pk", "title", "court", "ecli", "decision_date", "publication_date"
        )
    )
    topics = list(Topic.objects.values_list("pk", flat=True))
    # A few countries are concerned in most rulings, as in the real case law.
    countries = list(CountryPage.objects.order_by("iso_code").values_list("pk", flat=True))
    common = rng.sample(countries, min(12, len(countries)))
    first, days = datetime.date(2001, 1, 1), 25 * 365
    topic_links, country_links = [], []
    topic_through = CaseLawPage.topics.through
    country_through = CaseLawPage.countries.through
    for page in copies:
        page.decision_date = first + datetime.timedelta(days=rng.randrange(days))
        page.publication_date = page.decision_date + datetime.timedelta(days=rng.randrange(7, 60))
        page.title = f"{page.court} {page.decision_date}, {page.ecli}"
        page.draft_title = page.title
        for topic in rng.sample(topics, rng.randint(1, 2)):
            topic_links.append(topic_through(caselawpage_id=page.pk, topic_id=topic))
        concerned = {rng.choice(common if rng.random() < 0.8 else countries) for _ in range(2)}
        for country in list(concerned)[: rng.randint(0, 2)]:
            country_links.append(country_through(caselawpage_id=page.pk, countrypage_id=country))
    with transaction.atomic():
        CaseLawPage.objects.bulk_update(
            copies,
            ["decision_date", "publication_date", "title", "draft_title"],
            batch_size=500,
        )
        topic_through.objects.bulk_create(topic_links, batch_size=1000)
        country_through.objects.bulk_create(country_links, batch_size=1000)


def create_member(password: str) -> None:
    """A member as the network makes one: an active membership of an organisation, which puts
    the user in the members group (portal.access.MEMBERS_GROUP)."""
    from django.contrib.auth import get_user_model

    from network.models import Membership, Organisation
    from portal.access import MEMBERS_GROUP

    user = get_user_model().objects.create_user(
        MEMBER_USERNAME, email="lid@bench.invalid", password=password
    )
    Membership.objects.create(
        user=user, organisation=Organisation.objects.order_by("pk").first(), role="member"
    )
    if not user.groups.filter(name=MEMBERS_GROUP).exists():
        raise RuntimeError(f"the bench member is not in the group {MEMBERS_GROUP!r}")


def url_pools(rng: random.Random) -> dict[str, list[str]]:
    from knowledge.models import CaseLawPage, CountryPage, Topic

    cases = sorted(p.url for p in CaseLawPage.objects.live().only("url_path", "path", "depth"))
    countries = sorted(p.url for p in CountryPage.objects.live().only("url_path", "path", "depth"))
    iso_codes = list(
        CountryPage.objects.filter(caselawpage__isnull=False)
        .values_list("iso_code", flat=True)
        .distinct()
    ) or ["SY"]
    topics = list(Topic.objects.values_list("slug", flat=True))
    courts = list(CaseLawPage.objects.values_list("court_code", flat=True).distinct())
    years = [str(year) for year in range(2001, 2027)]
    filters = []
    for _ in range(400):
        params = {}
        for name, values in (
            ("year", years),
            ("court", courts),
            ("topic", topics),
            ("country", iso_codes),
        ):
            if rng.random() < 0.4:
                params[name] = rng.choice(values)
        if not params:
            params["topic"] = rng.choice(topics)
        if rng.random() < 0.2:
            params["page"] = str(rng.randint(2, 4))
        filters.append("/jurisprudentie/?" + urlencode(params))
    words = search_words()
    queries = [
        " ".join(rng.sample(words, 2)) if rng.random() < 0.3 else rng.choice(words)
        for _ in range(600)
    ]
    search = [f"/zoeken/?{urlencode({'q': q})}" for q in queries]
    api = [f"/api/search/?{urlencode({'q': q})}" for q in queries]
    member = (
        rng.sample(cases, min(200, len(cases)))
        + rng.sample(countries, min(50, len(countries)))
        + rng.sample(filters, 20)
        + search[:20]
        + ["/", "/jurisprudentie/", "/experts/", "/organisaties/", "/agenda/"] * 4
    )
    return {
        "home": ["/"],
        "case": rng.sample(cases, min(500, len(cases))),
        "case-any": cases,
        "list": ["/jurisprudentie/"],
        "list-filtered": filters,
        "country": countries,
        "directory": ["/organisaties/"],
        "search": search,
        "api": api,
        "member": member,
    }


def search_words() -> list[str]:
    """Words that visitors would look up: the commoner words of the original rulings' texts
    (stop words are answered before any engine runs, so they would flatter)."""
    from collections import Counter

    from knowledge.models import CaseLawPage
    from search.query import STOP_WORDS

    counts: Counter[str] = Counter()
    for text in CaseLawPage.objects.exclude(ecli__contains=":COPY").values_list(
        "full_text", flat=True
    ):
        text = re.sub(r"<[^>]+>", " ", text)
        counts.update(
            w for w in (m.lower() for m in re.findall(r"[^\W\d_]{5,}", text)) if w not in STOP_WORDS
        )
    return [word for word, _count in counts.most_common(400)]


def write_baseline(port: int) -> dict:
    """The HTML of each original case page, as the server renders it for an anonymous visitor,
    written where whitenoise serves static files from. Every ruling is a copy of one of them, so
    the files have the sizes that case pages have."""
    from django.conf import settings
    from django.test import Client

    from knowledge.models import CaseLawPage

    client = Client(HTTP_HOST=f"127.0.0.1:{port}")
    folder = Path(settings.STATIC_ROOT) / BASELINE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    urls, sizes = [], []
    originals = CaseLawPage.objects.exclude(ecli__contains=":COPY").order_by("ecli")
    for number, page in enumerate(originals.only("url_path", "path", "depth")):
        response = client.get(page.url, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"baseline page {page.url}: HTTP {response.status_code}")
        target = folder / f"case-page-{number}.html"
        target.write_bytes(response.content)
        urls.append(f"{settings.STATIC_URL}{BASELINE_FOLDER}/{target.name}")
        sizes.append(len(response.content))
    return {"urls": urls, "bytes": statistics.mean(sizes)}


# --- the server ---------------------------------------------------------------------------------


class Server:
    """gunicorn as the Dockerfile starts it, in a session of its own so that a Ctrl-C in the
    terminal reaches only this script, which then stops it."""

    def __init__(self, env: dict, port: int, workers: int, workdir: Path):
        self.port = port
        self.log_path = workdir / "gunicorn.log"
        self.log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "portal.wsgi:application",
                "--bind", f"127.0.0.1:{port}",
                "--workers", str(workers),
                "--timeout", "60",
                "--access-logfile", str(workdir / "access.log"),
            ],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_tail()}")
            try:
                if fetch(self.port, "/gezond/", timeout=5)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /gezond/ in {timeout:.0f} s")

    def worker_pids(self) -> list[int]:
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if fields[1] == str(self.process.pid):
                pids.append(int(stat.parent.name))
        return pids

    def cpu_seconds(self) -> float:
        """User and system time of the master and its workers so far."""
        total = 0
        for pid in [self.process.pid, *self.worker_pids()]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            total += int(fields[11]) + int(fields[12])  # utime and stime, in clock ticks
        return total / os.sysconf("SC_CLK_TCK")

    def worker_rss_mb(self) -> list[float]:
        sizes = []
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            rss = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
            sizes.append(int(rss.group(1)) / 1024 if rss else 0)
        return sorted(sizes)

    def log_tail(self, lines: int = 40) -> str:
        if not self.log.closed:
            self.log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def errors_logged(self) -> list[str]:
        """The records at ERROR or above that the server wrote: Django logs a 500 with its
        traceback, gunicorn a worker that timed out or died."""
        if not self.log.closed:
            self.log.flush()
        text = self.log_path.read_text(errors="replace")
        # A record starts with a time stamp: Django's "2026-12-01 10:00:00,000 ERROR ...",
        # gunicorn's "[2026-12-01 10:00:00 +0000] [pid] [ERROR] ..."; traceback lines follow it.
        records = re.split(r"\n(?=\[?\d{4}-\d\d-\d\d )", text)
        return [r for r in records if re.search(r"\b(ERROR|CRITICAL)\b|Traceback", r)]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def fetch(port: int, path: str, cookie: str = "", timeout: float = 30, method="GET", body=None,
          headers=None) -> tuple[int, list[tuple[str, str]], bytes]:  # fmt: skip
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        sent = {"X-Forwarded-Proto": "https", "Accept-Encoding": "identity", **(headers or {})}
        if cookie:
            sent["Cookie"] = cookie
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def cookies_from(headers: list[tuple[str, str]]) -> dict[str, str]:
    jar = SimpleCookie()
    for name, value in headers:
        if name.lower() == "set-cookie":
            jar.load(value)
    return {name: morsel.value for name, morsel in jar.items()}


def log_in(port: int, password: str) -> str:
    """Through the site's login form, as a browser would behind the TLS proxy. Production's
    cookies are Secure; the proxy header makes the request secure, so they are set, and the load
    client sends them back by hand (over plain http it would not)."""
    from django.conf import settings

    status, headers, body = fetch(port, "/inloggen/")
    csrf = cookies_from(headers).get(settings.CSRF_COOKIE_NAME)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not csrf or not token:
        raise RuntimeError(f"login form: HTTP {status}, no CSRF cookie or token")
    origin = f"https://127.0.0.1:{port}"
    form = {
        "username": MEMBER_USERNAME,
        "password": password,
        "csrfmiddlewaretoken": token.group(1).decode(),
        "next": "/",
    }
    status, headers, _body = fetch(
        port,
        "/inloggen/",
        cookie=f"{settings.CSRF_COOKIE_NAME}={csrf}",
        method="POST",
        body=urlencode(form),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": f"{origin}/inloggen/",
        },
    )
    session = cookies_from(headers).get(settings.SESSION_COOKIE_NAME)
    if status != 302 or not session:
        raise RuntimeError(f"login: HTTP {status}, no session cookie")
    return f"{settings.SESSION_COOKIE_NAME}={session}"


# --- the load -----------------------------------------------------------------------------------


def kind_spec(kind: str, pools: dict, baseline: dict, weight: float = 1) -> dict:
    from django.conf import settings

    expired = f"{settings.SESSION_COOKIE_NAME}={EXPIRED_SESSION_KEY}"
    if kind == "static":
        return {"weight": weight, "urls": baseline["urls"], "cookie": ""}
    if kind == "member":
        # The log-out form is on every page for a signed-in user and on none for a visitor.
        return {"weight": weight, "urls": pools["member"], "cookie": "member",
                "expect": 'action="/uitloggen/"'}  # fmt: skip
    if kind.endswith("-rendered"):
        return {"weight": weight, "urls": pools[kind.removesuffix("-rendered")], "cookie": expired}
    if kind == "list-filtered":
        return {"weight": weight, "urls": pools["list-filtered"], "cookie": expired}
    if kind == "list-filtered-any":
        return {"weight": weight, "urls": pools["list-filtered"], "cookie": ""}
    return {"weight": weight, "urls": pools[kind], "cookie": ""}


def run_locust(workdir: Path, port: int, kinds: dict, users: int, seconds: float,
               member_cookies: list[str], tag: str) -> dict:  # fmt: skip
    plan_path, output = workdir / f"plan-{tag}.json", workdir / f"result-{tag}.json"
    plan_path.write_text(
        json.dumps(
            {
                "host": f"http://127.0.0.1:{port}",
                "kinds": kinds,
                "member_cookies": member_cookies,
                "output": str(output),
            }
        ),
        encoding="utf-8",
    )
    with (workdir / "locust.log").open("ab") as log:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
                "--users", str(users), "--spawn-rate", str(users),
                "--run-time", f"{max(1, round(seconds))}s", "--stop-timeout", "30",
                "--only-summary", "--loglevel", "WARNING",
            ],
            env={**os.environ, "BENCH_LOAD_PLAN": str(plan_path)},
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            process.wait(timeout=seconds + 120)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait()
    if not output.exists():
        raise RuntimeError(f"locust wrote no results; see {workdir / 'locust.log'}")
    return json.loads(output.read_text(encoding="utf-8"))


def percentile(values: list[float], pct: float) -> float:
    return import_bench().percentile(values, pct)


def summarise(samples: list, window: float | None = None) -> dict:
    if not samples:
        return {"n": 0, "rps": 0.0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "errors": 0, "hits": 0,
                "bytes": 0, "window": 0.0}  # fmt: skip
    times = [s[1] for s in samples]
    if window is None:
        window = max(s[0] + s[1] for s in samples) - min(s[0] for s in samples)
    return {
        "n": len(samples),
        "rps": len(samples) / max(window, 1e-9),
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "p99": percentile(times, 99),
        "errors": sum(1 for s in samples if not s[2]),
        "hits": sum(1 for s in samples if s[3]) / len(samples),
        "bytes": statistics.mean(s[4] for s in samples),
        "window": window,
    }


def warm(port: int, pools: dict, kinds: list[str]) -> None:
    """Fill the page cache with what the cached kinds ask for, and let every worker load its
    templates, before anything is measured."""
    paths = ["/", "/jurisprudentie/", "/organisaties/"]
    if "case" in kinds:
        paths += pools["case"]
    if "country" in kinds:
        paths += pools["country"]
    paths += pools["list-filtered"][:10] + pools["search"][:10] + pools["api"][:10]
    with ThreadPoolExecutor(3) as pool:
        statuses = list(pool.map(lambda path: fetch(port, path)[0], paths))
    bad = [(path, status) for path, status in zip(paths, statuses, strict=True) if status != 200]
    if bad:
        raise RuntimeError(f"warm-up: {len(bad)} pages did not answer 200, e.g. {bad[:5]}")


def single_client(port: int, specs: dict, member_cookie: str, count: int) -> dict[str, float]:
    """p50 of sequential requests, one at a time: a page's server time without queueing."""
    rng = random.Random(SEED)
    result = {}
    for kind, spec in specs.items():
        cookie = member_cookie if spec["cookie"] == "member" else spec["cookie"]
        timings = []
        for _ in range(count):
            path = rng.choice(spec["urls"])
            started = time.perf_counter()
            status, _headers, _body = fetch(port, path, cookie=cookie)
            timings.append(time.perf_counter() - started)
            if status != 200:
                raise RuntimeError(f"{kind} {path}: HTTP {status} at one client")
        result[kind] = statistics.median(timings)
    return result


# --- the report ---------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.1f} ms" if value < 10 else f"{value:.0f} ms"


def machine_line(database_url: str) -> str:
    from importlib.metadata import version

    engine = "PostgreSQL" if database_url.startswith("postgres") else None
    text = import_bench().machine()
    if engine:
        text = re.sub(r", SQLite [\d.]+$", ", PostgreSQL", text)
    return f"{text}, gunicorn {version('gunicorn')}, locust {version('locust')}"


def report(args, data: dict) -> str:
    per_kind, single, mixed = data["per_kind"], data["single"], data["mixed"]
    static_rps = [r["rps"] for r in per_kind["static"]["rounds"]]
    lines = [
        f"Run of {data['date']} on {data['machine']}. `{data['command']}`: "
        f"{data['rulings']:,} rulings, {args.users} concurrent clients, gunicorn "
        f"{args.workers} sync workers with production settings (file page cache under VAR_DIR, "
        f"database search engine, {data['database']}); {args.rounds} interleaved round(s) of "
        f"{args.duration:g} s per kind, {args.mixed:g} s mixed. Load average before the run "
        f"{data['load_before']:.1f} (other work on the machine; the run itself adds about 2). "
        f"Total run time {data['total']:.0f} s (building the site {data['setup']:.0f} s). "
        f"Baseline: the HTML of the {len(data['baseline']['urls'])} original case pages "
        f"(mean {data['baseline']['bytes'] / 1024:.0f} KB; every ruling is a copy of one of "
        "them), rendered for an anonymous visitor and served as static files by whitenoise.",
        "",
        f"One kind at a time ({args.users} clients without think time, so requests/s is the "
        "server's throughput for that page). *Size*: mean body. *static/kind*: the static "
        "file's requests/s divided by the kind's in the same round, median over the rounds; "
        "p50/p95/p99 are over all rounds. *1 client*: median of sequential requests. *Server "
        "CPU per request*: user and system time of gunicorn's processes in the round divided by "
        "its requests. *CPU cores*: what the server and the load client used on average; on 2 "
        "cores, the rest went to other processes on the machine.",
        "",
        "| page kind | size | req/s | static/kind | p50 | p95 | p99 | p50 at 1 client | "
        "server CPU per request | CPU cores server + client | page cache hits | errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for kind, result in per_kind.items():
        rounds = result["rounds"]
        rps = statistics.median(r["rps"] for r in rounds)
        pairs = zip(static_rps, rounds, strict=True)
        ratio = statistics.median(static / max(r["rps"], 1e-9) for static, r in pairs)
        pooled = result["pooled"]
        server_cpu = sum(r["server_cpu"] for r in rounds) / max(pooled["n"], 1)
        window = sum(r["window"] for r in rounds)
        server_cores = sum(r["server_cpu"] for r in rounds) / window
        client_cores = sum(r["client_cpu"] for r in rounds) / window
        lines.append(
            f"| {KIND_LABELS[kind]} | {pooled['bytes'] / 1024:.0f} KB | {rps:,.0f} | "
            f"{ratio:.2f}x | {ms(pooled['p50'])} | "
            f"{ms(pooled['p95'])} | {ms(pooled['p99'])} | "
            f"{ms(single[kind]) if kind in single else '–'} | {ms(server_cpu)} | "
            f"{server_cores:.2f} + {client_cores:.2f} | {pooled['hits']:.0%} | "
            f"{pooled['errors']} |"
        )
    if mixed:
        lines += [
            "",
            f"Mixed scenario ({args.mixed:g} s, {args.users} clients, all kinds at once; shares "
            "are a guess at a day's traffic):",
            "",
            "| page kind | share | req/s | p50 | p95 | p99 | page cache hits | errors |",
            "|---|---|---|---|---|---|---|---|",
        ]
        total_weight = sum(MIXED_WEIGHTS.values())
        for kind, result in mixed["kinds"].items():
            label = MIXED_LABELS.get(kind, KIND_LABELS.get(kind, kind))
            lines.append(
                f"| {label} | {MIXED_WEIGHTS[kind] / total_weight:.0%} | {result['rps']:,.1f} | "
                f"{ms(result['p50'])} | {ms(result['p95'])} | {ms(result['p99'])} | "
                f"{result['hits']:.0%} | {result['errors']} |"
            )
        total = mixed["all"]
        lines.append(
            f"| **all** | 100% | {total['rps']:,.1f} | {ms(total['p50'])} | {ms(total['p95'])} | "
            f"{ms(total['p99'])} | {total['hits']:.0%} | {total['errors']} |"
        )
    lines += ["", *targets(per_kind, single, data)]
    if data["failures"]:
        lines += ["", "Failed requests (kind, URL, what went wrong), the first 10:", ""]
        lines += [f"- {kind} `{url}`: {problem}" for kind, url, problem in data["failures"][:10]]
    return "\n".join(lines)


def targets(per_kind: dict, single: dict, data: dict) -> list[str]:
    """The issue's targets, each with its number and whether it is met."""

    def verdict(ok: bool) -> str:
        return "**met**" if ok else "**not met**"

    def throughput_ratio(numerator: str, denominator: str) -> float | None:
        if numerator not in per_kind or denominator not in per_kind:
            return None
        pairs = zip(per_kind[numerator]["rounds"], per_kind[denominator]["rounds"], strict=True)
        return statistics.median(a["rps"] / max(b["rps"], 1e-9) for a, b in pairs)

    def cpu_per_request(kind: str) -> float:
        rounds = per_kind[kind]["rounds"]
        return sum(r["server_cpu"] for r in rounds) / max(sum(r["n"] for r in rounds), 1)

    lines = ["Targets of the issue:", ""]
    if {"list-rendered", "case-rendered"} <= single.keys() & per_kind.keys():
        by_time = single["list-rendered"] / single["case-rendered"]
        by_cpu = cpu_per_request("list-rendered") / cpu_per_request("case-rendered")
        by_load = throughput_ratio("case-rendered", "list-rendered")
        lines.append(
            f"- `/jurisprudentie/` at {data['rulings']:,} rulings within 2x the server time of a "
            f"case page (both rendered): {by_time:.2f}x at one client "
            f"({ms(single['list-rendered'])} against {ms(single['case-rendered'])}), "
            f"{by_cpu:.2f}x in server CPU per request, {by_load:.2f}x by throughput under load: "
            f"{verdict(max(by_time, by_cpu, by_load) <= 2)}."
        )
    cached = throughput_ratio("static", "case")
    if cached is not None:
        rendered = throughput_ratio("static", "case-rendered")
        rendered_text = f"; rendered (no page cache) {rendered:.2f}x" if rendered else ""
        lines.append(
            f"- An anonymous case page within 4x of the static file's throughput in the same "
            f"run: {cached:.2f}x from the page cache{rendered_text}: {verdict(cached <= 4)}."
        )
    errors = data["errors"]
    lines.append(
        f"- Zero errors: {errors} failed request(s), {len(data['logged_errors'])} error(s) in "
        f"gunicorn's log: {verdict(errors == 0 and not data['logged_errors'])}."
    )
    return lines


def write_readme(block: str, database: str) -> None:
    """Replace the table between this benchmark's markers for the database, leaving the text
    around it (the other database's table, and the other benchmarks' sections) alone. A database
    without a table yet gets its marker pair at the end of the "Load test" section."""
    start_mark, end_mark = MARKS[database]
    text = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    marked = f"{start_mark}\n{block}\n{end_mark}"
    if start_mark in text and end_mark in text:
        before, after = text.index(start_mark), text.index(end_mark) + len(end_mark)
        text = text[:before] + marked + text[after:]
    elif f"\n{SECTION_TITLE}\n" in text:
        start = text.index(f"\n{SECTION_TITLE}\n") + len(SECTION_TITLE) + 2
        found = re.search(r"^## ", text[start:], re.MULTILINE)
        end = start + found.start() if found else len(text)
        text = text[:end].rstrip("\n") + f"\n\n{marked}\n" + ("\n" + text[end:] if found else "")
    else:
        intro = textwrap.fill(
            " ".join(INTRO.split()), width=100, break_long_words=False, break_on_hyphens=False
        )
        text = text.rstrip("\n") + f"\n\n{SECTION_TITLE}\n\n{intro}\n\n{marked}\n"
    README.write_text(text, encoding="utf-8")


INTRO = """`make bench-load` (bench/load/run.py) builds a portal in a temporary folder: a fresh
SQLite database (`BENCH_DATABASE_URL=postgres://…/eno_load_bench` for PostgreSQL; the name must end
in `_bench`, it is dropped and created again), the demo content, every country page and 10,000
rulings (copies of the sample rulings inserted straight into the page tree, as `make bench` does,
spread over 25 years with topics and countries), a member of the network, and the static files
collected. It serves them with gunicorn as the Dockerfile does (3 sync workers, production settings,
`ALLOWED_HOSTS=127.0.0.1`, a generated `SECRET_KEY`) and drives it with locust from the same
machine, so the load client takes its share of the 2 cores. Every request carries
`X-Forwarded-Proto: https`, as the TLS proxy in front of production sends it, so the production
settings (HTTPS redirect, Secure cookies) stay as they are; the member signs in through the login
form and the client sends the session cookie back. The baseline is the HTML of the original case
pages served as static files (whitenoise) by the same gunicorn, in every round with the pages. *Page
cache*: anonymous pages as production serves them, from the page cache once stored (the cached kinds
are asked for once before the rounds). *Rendered*: the same pages with an expired session cookie,
which the page cache does not serve, so the page is built for an anonymous visitor: the server time
of the page itself. Search and the API are never cached. Not part of `make test`; about 20 minutes
(`--smoke`: 2 minutes).
"""


# --- main ---------------------------------------------------------------------------------------


def main() -> int:
    args = parse_args()
    began = time.perf_counter()
    load_before = os.getloadavg()[0]
    reused = None
    if args.reuse:
        workdir = args.reuse.resolve()
        reused = json.loads((workdir / "site.json").read_text(encoding="utf-8"))
        database_url = reused["database_url"]
        args.keep = True
    else:
        workdir = Path(tempfile.mkdtemp(prefix="eno-bench-load-"))
        database_url = args.database_url or f"sqlite:///{workdir / 'db.sqlite3'}"
    server = None

    def stop_on_term(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop_on_term)
    try:
        if not reused and database_url.startswith(("postgres://", "postgresql://")):
            from bench.search.run import recreate_postgres_database

            recreate_postgres_database(database_url)
        env = server_environment(workdir, database_url)
        os.environ.update(env)
        import django

        django.setup()
        port = free_port()
        if reused:
            from django.core.management import call_command

            # The code may have moved on since the folder was built.
            call_command("migrate", verbosity=0, stdout=io.StringIO())
            site = reused
            site["baseline"] = write_baseline(port)
        else:
            print(f"building the site in {workdir} …", file=sys.stderr, flush=True)
            site = build_site(args, port)
            site["database_url"] = database_url
            (workdir / "site.json").write_text(json.dumps(site), encoding="utf-8")
        setup_seconds = time.perf_counter() - began
        print(f"built in {setup_seconds:.0f} s {site['timings']}", file=sys.stderr, flush=True)

        server = Server(env, port, args.workers, workdir)
        server.wait_until_up()
        pools, baseline = site["pools"], site["baseline"]
        member_cookies = [log_in(port, site["password"]) for _ in range(4)]
        warm(port, pools, args.kinds)
        specs = {kind: kind_spec(kind, pools, baseline) for kind in args.kinds}

        single = {}
        if args.single:
            print("one client per kind …", file=sys.stderr, flush=True)
            single = single_client(port, specs, member_cookies[0], args.single)

        per_kind = {kind: {"rounds": [], "samples": []} for kind in args.kinds}
        failures = []
        for number in range(args.rounds):
            # Each round starts one kind later, so that no kind always follows the same one.
            order = args.kinds[number % len(args.kinds) :] + args.kinds[: number % len(args.kinds)]
            for kind in order:
                print(f"round {number + 1}/{args.rounds}: {kind} …", file=sys.stderr, flush=True)
                server_cpu = server.cpu_seconds()
                result = run_locust(
                    workdir, port, {kind: specs[kind]}, args.users, args.duration,
                    member_cookies, f"{number}-{kind}",
                )  # fmt: skip
                samples = result["samples"][kind]
                summary = summarise(samples)
                summary["server_cpu"] = server.cpu_seconds() - server_cpu
                summary["client_cpu"] = result["client_cpu"]
                per_kind[kind]["rounds"].append(summary)
                per_kind[kind]["samples"] += samples
                failures += result["failures"]
                print(
                    f"  {summary['rps']:.1f}/s p50 {ms(summary['p50'])} "
                    f"p95 {ms(summary['p95'])} errors {summary['errors']} "
                    f"server {summary['server_cpu'] / summary['window']:.2f} cores, "
                    f"client {summary['client_cpu'] / summary['window']:.2f} cores",
                    file=sys.stderr,
                    flush=True,
                )
        for result in per_kind.values():
            result["pooled"] = summarise(result.pop("samples"))

        mixed = None
        if args.mixed:
            print("mixed scenario …", file=sys.stderr, flush=True)
            kinds = {
                kind: kind_spec(kind, pools, baseline, weight)
                for kind, weight in MIXED_WEIGHTS.items()
            }
            result = run_locust(
                workdir, port, kinds, args.users, args.mixed, member_cookies, "mixed"
            )
            everything = [s for samples in result["samples"].values() for s in samples]
            window = max(s[0] + s[1] for s in everything) - min(s[0] for s in everything)
            mixed = {
                "kinds": {k: summarise(v, window) for k, v in result["samples"].items()},
                "all": summarise(everything, window),
            }
            failures += result["failures"]

        rss = server.worker_rss_mb()
        logged_errors = server.errors_logged()
        server.stop()
        total_errors = sum(r["pooled"]["errors"] for r in per_kind.values())
        total_errors += mixed["all"]["errors"] if mixed else 0
        command = (
            "make bench-load"
            if sys.argv[1:] == ["--write"]
            else ("bench/load/run.py " + " ".join(sys.argv[1:]))
        )
        data = {
            "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": machine_line(database_url),
            "command": command.strip(),
            "rulings": len(pools["case-any"]),
            "database": "PostgreSQL" if database_url.startswith("postgres") else "SQLite",
            "load_before": load_before,
            "total": time.perf_counter() - began,
            "setup": setup_seconds,
            "baseline": baseline,
            "per_kind": per_kind,
            "single": single,
            "mixed": mixed,
            "failures": failures,
            "errors": total_errors,
            "logged_errors": logged_errors,
        }
        block = report(args, data)
        memory = ", ".join(f"{size:.0f} MB" for size in rss)
        block += f"\n\ngunicorn workers' memory at the end (RSS): {memory}."
        print(block)
        for entry in logged_errors[:20]:
            print(f"--- gunicorn log ---\n{entry}", file=sys.stderr)
        if args.write:
            write_readme(block, data["database"])
        return 1 if total_errors or logged_errors else 0
    except Exception:
        # A 500 during warm-up or at one client stops the run: show why, before the folder goes.
        for entry in server.errors_logged()[:5] if server is not None else []:
            print(f"--- gunicorn log ---\n{entry}", file=sys.stderr)
        raise
    finally:
        if server is not None:
            server.stop()
        if args.keep:
            print(f"kept {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
