"""Choosing the engine, falling back when Elasticsearch is away, and turning request parameters
into a SearchQuery. Views, the API and management commands go through here."""

from __future__ import annotations

import dataclasses
import logging
import time

from django.conf import settings
from django.utils.translation import gettext as _

from search import spelling, thesaurus
from search.engines.base import (
    MAX_PER_PAGE,
    SORTS,
    Engine,
    SearchHit,
    SearchQuery,
    SearchResults,
)
from search.engines.database import DatabaseEngine
from search.query import relaxed, without_control_characters

logger = logging.getLogger(__name__)

# After Elasticsearch failed, answer from the database for this long before trying it again, so
# that an outage does not add a timeout to every request.
RETRY_AFTER_SECONDS = 30


class FallbackEngine(Engine):
    """Elasticsearch first; the database engine when it cannot be reached. Writes go to both, so
    that the fallback always has the content."""

    def __init__(self, primary: Engine, fallback: Engine):
        self.primary = primary
        self.fallback = fallback
        self.name = primary.name
        self._failed_at: float | None = None

    def _primary_available(self) -> bool:
        return self._failed_at is None or time.monotonic() - self._failed_at > RETRY_AFTER_SECONDS

    def _call(self, method: str, *args, **kwargs):
        from search.engines.elasticsearch import UNAVAILABLE_ERRORS

        if self._primary_available():
            try:
                result = getattr(self.primary, method)(*args, **kwargs)
                self._failed_at = None
                return result, False
            except UNAVAILABLE_ERRORS as error:
                logger.warning("Elasticsearch unavailable, using the database engine: %s", error)
                self._failed_at = time.monotonic()
        return getattr(self.fallback, method)(*args, **kwargs), True

    def search(self, query: SearchQuery) -> SearchResults:
        results, degraded = self._call("search", query)
        if degraded:
            results.degraded = True
            results.notice = _(
                "The search server cannot be reached right now; these results come from the "
                "simpler backup search."
            )
        return results

    def suggest(self, prefix: str, member: bool, limit: int = 8) -> list[dict]:
        return self._call("suggest", prefix, member, limit)[0]

    def count(self) -> int:
        return self._call("count")[0]

    def similar(self, doc_id, *, member, types=None, limit=5):
        return self._call("similar", doc_id, member=member, types=types, limit=limit)[0]

    def index(self, documents) -> int:
        documents = list(documents)
        written = self.fallback.index(documents)
        self._write_primary("index", documents)
        return written

    def delete(self, ids) -> None:
        ids = list(ids)
        self.fallback.delete(ids)
        self._write_primary("delete", ids)

    def clear(self) -> None:
        self.fallback.clear()
        self._write_primary("clear")

    def setup(self) -> None:
        self._write_primary("setup")

    def _write_primary(self, method: str, *args) -> None:
        from search.engines.elasticsearch import UNAVAILABLE_ERRORS

        # The database engine has the change either way; `rebuild_search_index` brings
        # Elasticsearch up to date once it is back. During an outage, publishing must not wait
        # for a connection timeout on every write.
        if not self._primary_available():
            logger.warning("Elasticsearch unavailable, %s not written there", method)
            return
        try:
            getattr(self.primary, method)(*args)
        except UNAVAILABLE_ERRORS as error:
            self._failed_at = time.monotonic()
            logger.warning("Elasticsearch unavailable, %s not written there: %s", method, error)


_engine: Engine | None = None
_engine_key: tuple | None = None


def get_engine() -> Engine:
    """The engine chosen by settings.SEARCH_ENGINE (one instance per configuration)."""
    global _engine, _engine_key
    key = (settings.SEARCH_ENGINE, settings.ELASTICSEARCH_URL, settings.SEARCH_INDEX_PREFIX)
    if _engine is None or _engine_key != key:
        if settings.SEARCH_ENGINE == "elasticsearch":
            from search.engines.elasticsearch import ElasticsearchEngine

            _engine = FallbackEngine(ElasticsearchEngine(), DatabaseEngine())
        else:
            _engine = DatabaseEngine()
        _engine_key = key
    return _engine


# --- request parameters -------------------------------------------------------------------------

MAX_PARAM_VALUES = 20


def _int_or_none(value) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 1000 <= number <= 2999 else None


def _page_number(value) -> int:
    try:
        return max(1, int(str(value).strip()))
    except (TypeError, ValueError):
        return 1


def _values(params, name) -> list[str]:
    cleaned = (without_control_characters(v).strip()[:255] for v in params.getlist(name))
    return [v for v in cleaned if v][:MAX_PARAM_VALUES]


def query_from_params(params, member: bool) -> SearchQuery:
    """A SearchQuery from GET parameters (HTML view and JSON API share the names)."""
    year_from = _int_or_none(params.get("year_from"))
    year_to = _int_or_none(params.get("year_to"))
    if year_from and year_to and year_from > year_to:
        year_from, year_to = year_to, year_from
    sort = params.get("sort", "relevance")
    return SearchQuery(
        text=without_control_characters(params.get("q", "")[:5000]),
        member=member,
        types=_values(params, "type"),
        countries=_values(params, "country"),
        topics=_values(params, "topic"),
        tags=_values(params, "tag"),
        courts=_values(params, "court"),
        legal_areas=_values(params, "legal_area"),
        laws=_values(params, "law"),
        year_from=year_from,
        year_to=year_to,
        sort=sort if sort in SORTS else "relevance",
        page=_page_number(params.get("page", 1)),
    )


# At most this many results and the query gets a spelling check (search/spelling.py).
FEW_RESULTS = 2


def run_search(query: SearchQuery) -> SearchResults:
    """Search; a page past the end answers with the last page that has results. A query that
    finds little gets a spelling suggestion; one that finds nothing, the results of the
    suggestion when it finds something, or else the documents holding any of its words. A first
    page that the full matches do not fill is completed, apart, with documents holding some of
    the words."""
    engine = get_engine()
    results = _search(engine, query)
    if results.total <= FEW_RESULTS and query.parsed.tree is not None and query.page == 1:
        results = _with_spelling(engine, query, results)
    if results.degraded or relaxed(query.parsed) is None:
        return results
    if results.total == 0:
        # Paging through these works alike: every page finds nothing first, then relaxes.
        loosened = _search(engine, dataclasses.replace(query, relaxed=True))
        if loosened.total:
            loosened.suggestion = results.suggestion
            return loosened
    elif query.page == 1 and len(results.hits) < query.per_page and not results.corrected_from:
        # A few full matches leave most of the first screen empty: `staatloosheidsprocedure`
        # finds the texts on that procedure, and below them, kept apart, the texts on
        # statelessness that do not name the procedure. One more query, only on such a page.
        loosened = _search(engine, dataclasses.replace(query, relaxed=True, with_facets=False))
        shown = {hit.id for hit in results.hits}
        room = query.per_page - len(results.hits)
        results.partial_hits = [hit for hit in loosened.hits if hit.id not in shown][:room]
    return results


def _search(engine: Engine, query: SearchQuery) -> SearchResults:
    if not query.thesaurus:
        query.thesaurus = thesaurus.current()
    results = engine.search(query)
    if not results.hits and results.total and query.page > results.num_pages:
        query.page = results.num_pages
        results = engine.search(query)
    return results


def _with_spelling(engine: Engine, query: SearchQuery, results: SearchResults) -> SearchResults:
    def is_unknown(word: str) -> bool:
        # Unknown to the index as a whole: a word outside the chosen filters is still a word.
        alone = SearchQuery(
            text=word,
            member=query.member,
            per_page=1,
            with_facets=False,
            thesaurus=query.thesaurus,
        )
        return engine.search(alone).total == 0

    suggestion = spelling.corrected(query.text, query.member, is_unknown)
    if not suggestion:
        return results
    if results.total == 0:
        corrected = engine.search(dataclasses.replace(query, text=suggestion))
        if corrected.total:
            corrected.corrected_from = query.text
            return corrected
    results.suggestion = suggestion
    return results


def ranked_matches(type_name: str, text: str, *, member: bool, limit: int = 1000):
    """The documents of one type that match what a user typed, best first, as the search page
    ranks them (same analysis, thesaurus and members rule): a list of document ids, at most
    `limit`. None when the text holds nothing to search for, or when the engine cannot answer
    (Elasticsearch down). Content apps reach it as search.registry.ranked_matches."""
    widen = thesaurus.current()
    ids: list[str] = []
    page = 1
    while len(ids) < limit:
        query = SearchQuery(
            text=text,
            member=member,
            types=[type_name],
            page=page,
            per_page=MAX_PER_PAGE,
            with_facets=False,
            thesaurus=widen,
        )
        if query.parsed.tree is None and not query.parsed.identifiers:
            return None
        # Without the spelling step: a list that pages through the matches of what the user
        # typed must not switch to another text's matches half-way.
        results = _search(get_engine(), query)
        if results.degraded:
            return None
        ids += [hit.id for hit in results.hits]
        if query.page >= results.num_pages:
            break
        page += 1
    return ids[:limit]


def similar(
    doc_id: str, *, member: bool, types: list[str] | None = None, limit: int = 5
) -> list[SearchHit]:
    """ "More like this" on whichever engine is configured (Engine.similar): the documents whose
    text is most like that of `doc_id`, best first, under the members rule. Content apps reach
    it as search.registry.similar_documents."""
    return get_engine().similar(doc_id, member=member, types=types, limit=limit)


def filtered_ids(type_name: str, *, member: bool, limit: int = 50, **filters) -> list[str] | None:
    """The newest documents of one type with any of the given facet values (SearchQuery's
    filter fields: laws=[...], countries=[...], ...), under the members rule: their ids, at
    most `limit` (MAX_PER_PAGE at most). None when the engine cannot answer. Content apps
    reach it as search.registry.filtered_ids."""
    query = SearchQuery(
        member=member,
        types=[type_name],
        per_page=min(limit, MAX_PER_PAGE),
        with_facets=False,
        sort="date",
        **filters,
    )
    if not any(query.facet_filters().get(name) for name in query.facet_filters() if name != "type"):
        return []  # no value to filter on: not every document of the type
    results = _search(get_engine(), query)
    if results.degraded:
        return None
    return [hit.id for hit in results.hits]
