"""The interface every search engine implements, and the query and result objects they share.

An engine stores IndexDocuments and answers SearchQuery objects. The members rule is part of the
contract: for a query with `member=False` an engine matches, highlights, counts facets over and
suggests from the public text of public documents only."""

from __future__ import annotations

import datetime
import html
import math
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from search.compounds import split
from search.documents import IndexDocument
from search.query import (
    ParsedQuery,
    identifier_variants,
    normalise_identifier,
    normalise_word,
    parse,
    relaxed,
    stem,
    with_dutch_forms,
)
from search.thesaurus import EMPTY as EMPTY_THESAURUS
from search.thesaurus import Thesaurus

PER_PAGE = 20
MAX_PER_PAGE = 100
# Deep pages are never useful and cost the engines a lot (Elasticsearch refuses past 10,000).
MAX_RESULT_WINDOW = 10_000
SORT_RELEVANCE = "relevance"
SORT_DATE = "date"
SORTS = (SORT_RELEVANCE, SORT_DATE)

# Facet names as used in URLs, the API and SearchResults.facets.
FACET_TYPE = "type"
FACET_COUNTRY = "country"
FACET_TOPIC = "topic"
FACET_TAG = "tag"
FACET_COURT = "court"
FACET_LEGAL_AREA = "legal_area"
FACET_YEAR = "year"
FACET_LAW = "law"
FACETS = (
    FACET_TYPE,
    FACET_COUNTRY,
    FACET_TOPIC,
    FACET_TAG,
    FACET_COURT,
    FACET_LEGAL_AREA,
    FACET_LAW,
    FACET_YEAR,
)
MAX_FACET_VALUES = 30
SNIPPET_LENGTH = 240

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str | None) -> str:
    """Text as engines store it: no control characters (they also serve as highlight markers)."""
    return _CONTROL_RE.sub(" ", text or "")


def facet_values(document: IndexDocument) -> list[tuple[str, str]]:
    """(facet name, value) pairs of a document; the one place that maps fields to facets."""
    pairs = [(FACET_TYPE, document.type)]
    pairs += [(FACET_COUNTRY, c.strip().upper()) for c in document.countries if c.strip()]
    pairs += [(FACET_TOPIC, t.strip()) for t in document.topics if t.strip()]
    pairs += [(FACET_TAG, t.strip()) for t in document.tags if t.strip()]
    if document.court.strip():
        pairs.append((FACET_COURT, document.court.strip()))
    pairs += [(FACET_LEGAL_AREA, a.strip()) for a in document.legal_areas if a.strip()]
    pairs += [(FACET_LAW, law.strip()) for law in document.laws if law.strip()]
    if document.year:
        pairs.append((FACET_YEAR, str(document.year)))
    return list(dict.fromkeys((name, value[:255]) for name, value in pairs))


@dataclass
class SearchQuery:
    text: str = ""
    member: bool = False
    types: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    courts: list[str] = field(default_factory=list)
    legal_areas: list[str] = field(default_factory=list)
    laws: list[str] = field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None
    sort: str = SORT_RELEVANCE
    page: int = 1
    per_page: int = PER_PAGE
    with_facets: bool = True
    # Synonyms and abbreviations to widen the query with (search/thesaurus.py); none by default.
    thesaurus: Thesaurus = EMPTY_THESAURUS
    # Any word rather than every word (search.query.relaxed): the service's last resort when the
    # query as typed finds nothing.
    relaxed: bool = False
    # A query built by code rather than typed (the engines' "more like this"): used as it is.
    prepared: ParsedQuery | None = field(default=None, repr=False)

    def __post_init__(self):
        if self.sort not in SORTS:
            self.sort = SORT_RELEVANCE
        self.per_page = max(1, min(int(self.per_page), MAX_PER_PAGE))
        self.page = max(1, min(int(self.page), MAX_RESULT_WINDOW // self.per_page))
        self.countries = [c.upper() for c in self.countries]

    @cached_property
    def parsed(self) -> ParsedQuery:
        if self.prepared is not None:
            return self.prepared
        parsed = with_dutch_forms(self.thesaurus.expand(parse(self.text)))
        if self.relaxed:
            return relaxed(parsed) or parsed
        return parsed

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def facet_filters(self) -> dict[str, list[str]]:
        """Equality filters by facet name; values within one facet are alternatives."""
        filters = {
            FACET_TYPE: self.types,
            FACET_COUNTRY: self.countries,
            FACET_TOPIC: self.topics,
            FACET_TAG: self.tags,
            FACET_COURT: self.courts,
            FACET_LEGAL_AREA: self.legal_areas,
            FACET_LAW: self.laws,
        }
        return {
            name: list(dict.fromkeys(v for v in values if v))
            for name, values in filters.items()
            if any(values)
        }

    @property
    def has_filters(self) -> bool:
        return bool(self.facet_filters()) or self.year_from is not None or self.year_to is not None

    @property
    def is_browse(self) -> bool:
        """No words to search for: list what the filters select, newest first."""
        return self.parsed.tree is None and not self.parsed.identifiers


@dataclass
class SearchHit:
    id: str
    type: str
    title: str
    url: str
    snippet: str  # HTML: escaped text with <mark> around matches, nothing else
    date: datetime.date | None = None
    score: float = 0.0
    pinned: bool = False  # its ECLI or case number is the query

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "type": self.type,
            "title": self.title,
            "url": self.url,
            "snippet": self.snippet,
            "date": self.date.isoformat() if self.date else None,
        }


@dataclass
class FacetValue:
    value: str
    count: int


@dataclass
class SearchResults:
    query: SearchQuery
    total: int = 0
    hits: list[SearchHit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    engine: str = ""
    degraded: bool = False
    notice: str = ""  # a Dutch notice about the service (e.g. answering from the fallback engine)
    message: str = ""  # a Dutch message about the query (shortened, nothing to search for)
    # True when the facet counts cover only the best results rather than every match (the
    # database engine counts the best FACET_SAMPLE results of very common words).
    facets_sampled: bool = False
    # True when there are more matches than `total`: the engine stopped counting there (the
    # database engine on PostgreSQL counts up to MAX_RESULT_WINDOW). Shown as "more than".
    total_capped: bool = False
    # "Bedoelde u …?" (search/spelling.py): the query with its unknown words corrected, offered
    # when the query found little; or, when it found nothing and the correction finds something,
    # these are the correction's results and `corrected_from` is what the user typed.
    suggestion: str = ""
    corrected_from: str = ""
    # When the full matches do not fill the first page: documents holding only some of the words,
    # shown below them under a heading of their own (search.service.run_search).
    partial_hits: list[SearchHit] = field(default_factory=list)

    @property
    def relaxed(self) -> bool:
        """These results hold any of the words, because none held them all."""
        return self.query.relaxed

    @property
    def num_pages(self) -> int:
        reachable = min(self.total, MAX_RESULT_WINDOW)
        return max(1, math.ceil(reachable / self.query.per_page))

    def facets_as_dict(self) -> dict[str, list[dict]]:
        return {
            name: [{"value": v.value, "count": v.count} for v in values]
            for name, values in self.facets.items()
        }


class Engine(ABC):
    name = ""

    @abstractmethod
    def index(self, documents: Iterable[IndexDocument]) -> int:
        """Add or replace documents (by id); returns how many were written."""

    @abstractmethod
    def delete(self, ids: Iterable[str]) -> None:
        """Remove documents by id; unknown ids are ignored."""

    @abstractmethod
    def clear(self) -> None:
        """Remove every document."""

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResults:
        """Answer a query; never raises for anything a user can type."""

    @abstractmethod
    def suggest(self, prefix: str, member: bool, limit: int = 8) -> list[dict]:
        """Titles starting with what the user is typing: [{title, url, type}]."""

    @abstractmethod
    def count(self) -> int:
        """How many documents the index holds."""

    def setup(self) -> None:  # noqa: B027 - engines without schema have nothing to do
        """Create whatever the engine needs before the first write (indices, mappings)."""

    @abstractmethod
    def similar(
        self, doc_id: str, *, member: bool, types: list[str] | None = None, limit: int = 5
    ) -> list[SearchHit]:
        """ "More like this": the documents whose text is most like that of document `doc_id`,
        best first, without the document itself; at most `limit`, optionally of `types` only.
        The members rule holds on both sides: for a non-member the document must be public (an
        unknown or members-only document gives no results, alike), only its public text picks
        the words, and only public text of public documents can match."""


# "More like this" on the database engines: the document's most distinctive terms, by tf-idf over
# the index's own statistics, searched as alternatives (any of them), ranked like any search.
SIMILAR_TERMS = 20  # terms in the query: enough to describe a ruling, few enough to stay cheap
SIMILAR_CANDIDATES = 60  # the document's most frequent terms whose document frequency is read
MAX_SIMILAR = 50
MIN_TERM_LENGTH = 3


def candidate_terms(counts: dict[str, int], limit: int = SIMILAR_CANDIDATES) -> list[str]:
    """The document's most frequent index terms worth a look: words, not numbers (paragraph and
    case numbers say nothing about the subject), not stop words, not one or two letters."""
    from search.words import STOP_WORDS

    usable = [
        (term, count)
        for term, count in counts.items()
        if len(term) >= MIN_TERM_LENGTH
        and term.isalnum()
        and not term.isdigit()
        and term not in STOP_WORDS
    ]
    usable.sort(key=lambda item: (-item[1], item[0]))
    return [term for term, _count in usable[:limit]]


def distinctive_terms(
    counts: dict[str, int],
    document_frequency: dict[str, int],
    total: int,
    limit: int = SIMILAR_TERMS,
) -> list[str]:
    """The terms with the highest tf-idf: frequent in the document, rare in the index. A term
    only the document itself has (frequency 1 or unknown) can find no other document and is
    left out, as is one that half the documents or more have: it describes no subject (in case
    law: "rechtbank", "beroep", a court's code in every ECLI)."""
    scored = []
    for term, count in counts.items():
        frequency = document_frequency.get(term, 0)
        if frequency < 2 or frequency * 2 > total:
            continue
        scored.append(((1 + math.log(count)) * math.log(total / frequency), term))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [term for _score, term in scored[:limit]]


def empty_results(query: SearchQuery, engine: str) -> SearchResults:
    return SearchResults(query=query, engine=engine, message=query.parsed.message)


# --- highlighting in Python (the SQLite engine stores stems, so it cannot let SQL do this) -------

_TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)


@lru_cache(maxsize=100_000)
def part_stems(word: str) -> frozenset[str]:
    """The stems of a word's compound parts (none for a simple word); cached by the word as
    written, since snippets look at every word of a text up to the first match."""
    return frozenset(stem(part) for part in split(normalise_word(word)))


def highlight(text: str, terms: Iterable[str], length: int = SNIPPET_LENGTH) -> str:
    """An escaped excerpt of `text` around the first word whose Dutch stem matches one of the
    query terms, with <mark> around each matching word. Empty string when nothing matches."""
    stems = {stem(t) for t in terms if t}
    stems.discard("")
    if not stems or not text:
        return ""

    def matches(word: str) -> bool:
        # "asiel" marks "asielaanvraag": the word is found through its part.
        return stem(word) in stems or not stems.isdisjoint(part_stems(word))

    first = None
    for m in _TOKEN_RE.finditer(text):
        if matches(m.group(0)):
            first = m
            break
    if first is None:
        return ""
    start = max(0, first.start() - length // 4)
    if start:
        space = text.find(" ", start, first.start())
        start = space + 1 if space != -1 else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", first.end(), end)
        end = space if space != -1 else end
    window = text[start:end]
    parts = []
    last = 0
    for m in _TOKEN_RE.finditer(window):
        word = m.group(0)
        if matches(word):
            parts.append(html.escape(window[last : m.start()]))
            parts.append("<mark>" + html.escape(word) + "</mark>")
            last = m.end()
    parts.append(html.escape(window[last:]))
    snippet = " ".join("".join(parts).split())
    return ("… " if start else "") + snippet + (" …" if end < len(text) else "")


def leading_text(text: str, length: int = SNIPPET_LENGTH) -> str:
    """The escaped start of a text, for results that match by identifier or filter only."""
    text = " ".join((text or "").split())
    if len(text) <= length:
        return html.escape(text)
    cut = text.rfind(" ", 0, length)
    return html.escape(text[: cut if cut > 0 else length]) + " …"


def snippet_for(public_text: str, members_text: str, terms: list[str], member: bool) -> str:
    """The snippet the members rule allows: members-only text is only ever used for members."""
    found = highlight(public_text, terms)
    if not found and member:
        found = highlight(members_text, terms)
    return found or leading_text(public_text)


def sorted_facets(rows: Iterable[tuple[str, str, int]]) -> dict[str, list[FacetValue]]:
    grouped: dict[str, list[FacetValue]] = {}
    for name, value, count in rows:
        grouped.setdefault(name, []).append(FacetValue(str(value), int(count)))
    for name, values in grouped.items():
        if name == FACET_YEAR:
            values.sort(key=lambda v: v.value, reverse=True)
        else:
            values.sort(key=lambda v: (-v.count, v.value.lower()))
        grouped[name] = values[:MAX_FACET_VALUES]
    return {name: grouped[name] for name in FACETS if name in grouped}


def document_to_data(document: IndexDocument) -> dict:
    """The fields of an IndexDocument that have no column of their own, JSON-ready."""
    return {
        "visibility": document.visibility,
        "countries": list(document.countries),
        "topics": list(document.topics),
        "tags": list(document.tags),
        "court": document.court,
        "legal_areas": list(document.legal_areas),
        "date": document.date.isoformat() if document.date else None,
        "ecli": document.ecli,
        "case_numbers": list(document.case_numbers),
        "keywords": list(document.keywords),
    }


def identifiers_of(document: IndexDocument) -> list[str]:
    values = [normalise_identifier(document.ecli)] if document.ecli else []
    for number in document.case_numbers:
        values.extend(identifier_variants(number))
    return list(dict.fromkeys(v for v in values if v))
