"""Client for the open-data API of the Dutch judiciary (data.rechtspraak.nl).

This module holds all of the importer's network code. The search endpoint returns an Atom feed
of ECLIs, at most 1,000 per page; the content endpoint returns one ruling in the same XML format
as the bulk files. Every function takes a ``fetch(url) -> bytes`` callable, so tests replay
recorded responses instead of calling the real service.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote

from django.utils.translation import gettext

from knowledge.ecli import InvalidECLI, normalise_ecli
from knowledge.rechtspraak.parser import RulingParseError, parse_xml

BASE_URL = "https://data.rechtspraak.nl/uitspraken"
SEARCH_URL = BASE_URL + "/zoeken"
CONTENT_URL = BASE_URL + "/content"
VREEMDELINGENRECHT = "http://psi.rechtspraak.nl/rechtsgebied#bestuursrecht_vreemdelingenrecht"
USER_AGENT = "ENO-kennisportaal/1.0 (import van vreemdelingenrechtelijke uitspraken)"
TIMEOUT_SECONDS = 30
PAGE_SIZE = 1000
MAX_RESPONSE_BYTES = 50 * 1024 * 1024
# The service pages by offset; a stop that does not depend on the server behaving.
MAX_PAGES = 1000
ATOM = "{http://www.w3.org/2005/Atom}"

Fetch = Callable[[str], bytes]


class ApiError(Exception):
    """The open-data service could not be reached or answered something unusable."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class FeedEntry:
    ecli: str
    title: str = ""
    summary: str = ""
    updated: datetime | None = None


@dataclass(frozen=True)
class FeedPage:
    entries: list[FeedEntry]
    total: int | None  # "Aantal gevonden ECLI's: N" in the feed's subtitle, when present


def http_fetch(url: str, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """GET ``url`` from the open-data service; raise ApiError on any failure."""
    if not url.startswith(BASE_URL + "/"):
        raise ApiError(
            gettext("Refused to fetch %(url)s: not the open-data service.") % {"url": url}
        )
    request = urllib.request.Request(  # noqa: S310 - the scheme and host are checked above
        url, headers={"User-Agent": USER_AGENT, "Accept": "application/xml, text/xml"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            data = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise ApiError(
            gettext("The open-data service answered %(status)s for %(url)s.")
            % {"status": exc.code, "url": url}
        ) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ApiError(
            gettext("The open-data service could not be reached (%(reason)s).") % {"reason": reason}
        ) from exc
    if len(data) > MAX_RESPONSE_BYTES:
        raise ApiError(
            gettext("The open-data service sent more data than expected for %(url)s.")
            % {"url": url}
        )
    return data


def search_url(
    since: date, subject: str = VREEMDELINGENRECHT, offset: int = 0, page_size: int = PAGE_SIZE
) -> str:
    return (
        f"{SEARCH_URL}?subject={quote(subject, safe=':/')}"
        f"&modified={since.isoformat()}&max={page_size}&from={offset}"
    )


def content_url(ecli: str) -> str:
    return f"{CONTENT_URL}?id={quote(normalise_ecli(ecli), safe=':')}"


def _updated(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat((text or "").strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def parse_feed(data: bytes) -> FeedPage:
    """Read one page of the search feed; entries whose id is not an ECLI are left out."""
    try:
        root = parse_xml(data)
    except RulingParseError as exc:
        raise ApiError(
            gettext("The search feed is unreadable: %(error)s") % {"error": exc.message}
        ) from exc
    if root.tag != ATOM + "feed":
        raise ApiError(gettext("The search answer is not an Atom feed."))
    total = None
    subtitle = " ".join((root.findtext(ATOM + "subtitle") or "").split())
    digits = subtitle.rsplit(":", 1)[-1].strip()
    if digits.isdigit():
        total = int(digits)
    entries = []
    for entry in root.iter(ATOM + "entry"):
        try:
            ecli = normalise_ecli(entry.findtext(ATOM + "id") or "")
        except InvalidECLI:
            continue
        entries.append(
            FeedEntry(
                ecli=ecli,
                title=" ".join((entry.findtext(ATOM + "title") or "").split()),
                summary=" ".join((entry.findtext(ATOM + "summary") or "").split()),
                updated=_updated(entry.findtext(ATOM + "updated")),
            )
        )
    return FeedPage(entries=entries, total=total)


def iter_entries(
    since: date,
    subject: str = VREEMDELINGENRECHT,
    *,
    fetch: Fetch = http_fetch,
    page_size: int = PAGE_SIZE,
) -> Iterator[FeedEntry]:
    """Every ruling in ``subject`` modified on or after ``since``, page by page, each once."""
    seen: set[str] = set()
    offset = 0
    for _ in range(MAX_PAGES):
        page = parse_feed(fetch(search_url(since, subject, offset, page_size)))
        new = [entry for entry in page.entries if entry.ecli not in seen]
        for entry in new:
            seen.add(entry.ecli)
            yield entry
        offset += page_size
        # Stop on a short page, at the announced total, or when the server repeats itself.
        if len(page.entries) < page_size or not new:
            return
        if page.total is not None and offset >= page.total:
            return
    raise ApiError(
        gettext("The search feed did not end after %(pages)s pages.") % {"pages": MAX_PAGES}
    )


def iter_eclis(
    since: date,
    subject: str = VREEMDELINGENRECHT,
    *,
    fetch: Fetch = http_fetch,
    page_size: int = PAGE_SIZE,
) -> Iterator[str]:
    """The ECLIs of :func:`iter_entries`."""
    for entry in iter_entries(since, subject, fetch=fetch, page_size=page_size):
        yield entry.ecli


def fetch_ruling(ecli: str, *, fetch: Fetch = http_fetch) -> bytes:
    """The open-data XML of one ruling, for :func:`~knowledge.rechtspraak.parser.parse_ruling`.

    Raises InvalidECLI for a malformed ECLI and ApiError when the service fails.
    """
    return fetch(content_url(ecli))
