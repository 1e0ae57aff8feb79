"""The Elasticsearch engine, built with `elasticsearch.dsl` (part of the official client).

Text fields use a Dutch analyser (stop words and the Snowball stemmer) with an `exact` sub-field
analysed without stemming, for quoted phrases; facet fields are keywords; the title also has a
search-as-you-type sub-field for suggestions. One index per environment, named
`<SEARCH_INDEX_PREFIX>-documents`.

Members rule: a non-member query searches and highlights `public_text` (and title/identifiers)
only and filters on `visibility: public`; `members_text` is never requested from the source."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from elasticsearch import Elasticsearch, helpers
from elasticsearch import exceptions as es_exceptions
from elasticsearch.dsl import (
    Date,
    Document,
    Integer,
    Keyword,
    Q,
    Search,
    SearchAsYouType,
    Text,
    analyzer,
    token_filter,
)

from search.compounds import MIN_PART_LENGTH as COMPOUND_MIN_PART
from search.compounds import MIN_WORD_LENGTH as COMPOUND_MIN_WORD
from search.documents import PUBLIC, IndexDocument
from search.engines.base import (
    FACET_COUNTRY,
    FACET_COURT,
    FACET_LAW,
    FACET_LEGAL_AREA,
    FACET_TAG,
    FACET_TOPIC,
    FACET_TYPE,
    FACET_YEAR,
    MAX_FACET_VALUES,
    MAX_SIMILAR,
    SIMILAR_TERMS,
    SNIPPET_LENGTH,
    Engine,
    SearchHit,
    SearchQuery,
    SearchResults,
    clean_text,
    empty_results,
    identifiers_of,
    sorted_facets,
)
from search.query import And, Or, Parts, Phrase, Term, normalise_word, words

# Errors after which the database engine answers instead: the server is not there or not
# answering (transport errors), or it answers with an error of its own (ApiError: a red cluster's
# 503, a missing index's 404 before the first rebuild). A visitor gets degraded results, not a 500.
UNAVAILABLE_ERRORS = (
    es_exceptions.ConnectionError,
    es_exceptions.ConnectionTimeout,
    es_exceptions.TransportError,
    es_exceptions.ApiError,
)

dutch = analyzer(
    "eno_dutch",
    tokenizer="standard",
    filter=[
        "lowercase",
        "asciifolding",
        token_filter("eno_dutch_stop", "stop", stopwords="_dutch_"),
        token_filter("eno_dutch_stemmer", "stemmer", language="dutch"),
    ],
)
exact = analyzer("eno_exact", tokenizer="standard", filter=["lowercase", "asciifolding"])
# The parts of compound words, from the same word list as the database engine's splitter
# (search/data/nl_words.txt, mounted into the container by docker-compose.yml). The decompounder
# keeps each word and adds the list words it is made of; the `parts` sub-field is searched with a
# lower boost, so a part finds the compound and the word itself still ranks first.
COMPOUND_WORD_LIST = "analysis/nl_words.txt"  # relative to Elasticsearch's config directory
decompounder = token_filter(
    "eno_dutch_decompounder",
    "dictionary_decompounder",
    word_list_path=COMPOUND_WORD_LIST,
    min_word_size=COMPOUND_MIN_WORD,
    min_subword_size=COMPOUND_MIN_PART,
    only_longest_match=True,
)
parts = analyzer(
    "eno_dutch_parts",
    tokenizer="standard",
    filter=[
        "lowercase",
        "asciifolding",
        decompounder,
        token_filter("eno_dutch_parts_stop", "stop", stopwords="_dutch_"),
        token_filter("eno_dutch_parts_stemmer", "stemmer", language="dutch"),
    ],
)
# How much a match on a part counts against a match on the word itself.
PARTS_BOOST = 0.5


def _text():
    return Text(
        analyzer=dutch, fields={"exact": Text(analyzer=exact), "parts": Text(analyzer=parts)}
    )


class SearchDocumentES(Document):
    doc_type = Keyword()
    title = Text(
        analyzer=dutch,
        fields={
            "exact": Text(analyzer=exact),
            "parts": Text(analyzer=parts),
            "raw": Keyword(ignore_above=512),
            "suggest": SearchAsYouType(analyzer=exact),
        },
    )
    url = Keyword(index=False)
    public_text = _text()
    members_text = _text()
    identifiers_text = _text()
    identifiers = Keyword()
    visibility = Keyword()
    countries = Keyword()
    topics = Keyword()
    tags = Keyword()
    court = Keyword()
    legal_areas = Keyword()
    laws = Keyword()
    date = Date()
    year = Integer()

    class Index:
        settings = {"number_of_shards": 1, "number_of_replicas": 0}


# Facet name -> document field.
FACET_FIELDS = {
    FACET_TYPE: "doc_type",
    FACET_COUNTRY: "countries",
    FACET_TOPIC: "topics",
    FACET_TAG: "tags",
    FACET_COURT: "court",
    FACET_LEGAL_AREA: "legal_areas",
    FACET_LAW: "laws",
    FACET_YEAR: "year",
}
PINNED_BOOST = 1000.0


def index_name() -> str:
    return f"{settings.SEARCH_INDEX_PREFIX}-documents"


def index_body() -> dict:
    """Settings and mappings of the index, as sent to Elasticsearch."""
    index = SearchDocumentES._index.clone(name=index_name())
    return index.to_dict()


def text_fields(member: bool, exact_only: bool = False, parts: bool = True) -> list[str]:
    """The fields a query searches, with their boosts: the analysed words, or (phrases) the exact
    ones; words also match the parts of compounds, at PARTS_BOOST of the word itself."""
    boosts = {"title": 3, "identifiers_text": 2, "public_text": 1}
    if member:
        boosts["members_text"] = 1
    if exact_only:
        return [f"{name}.exact^{boost}" for name, boost in boosts.items()]
    fields = [f"{name}^{boost}" for name, boost in boosts.items()]
    if parts:
        fields += [f"{name}.parts^{boost * PARTS_BOOST:g}" for name, boost in boosts.items()]
    return fields


def query_for_tree(node, member: bool) -> dict:
    """An Elasticsearch query (as a dict) for a parsed tree; words go in as plain match text."""
    if isinstance(node, Term):
        return {
            "multi_match": {"query": node.word, "fields": text_fields(member), "operator": "and"}
        }
    if isinstance(node, Phrase):
        return {
            "multi_match": {
                "query": " ".join(node.words),
                "type": "phrase",
                "fields": text_fields(member, exact_only=True),
            }
        }
    if isinstance(node, Parts):
        # Each part among the words of a text, not among the parts of its own compounds.
        return {
            "bool": {
                "must": [
                    {"multi_match": {"query": word, "fields": text_fields(member, parts=False)}}
                    for word in node.words
                ]
            }
        }
    if isinstance(node, Or):
        return {
            "bool": {
                "should": [query_for_tree(a, member) for a in node.alternatives],
                "minimum_should_match": 1,
            }
        }
    assert isinstance(node, And)
    body: dict = {"must": [query_for_tree(r, member) for r in node.required]}
    if node.excluded:
        body["must_not"] = [query_for_tree(e, member) for e in node.excluded]
    return {"bool": body}


def filter_clauses(query: SearchQuery) -> list[dict]:
    clauses: list[dict] = []
    if not query.member:
        clauses.append({"term": {"visibility": PUBLIC}})
    for name, values in query.facet_filters().items():
        clauses.append({"terms": {FACET_FIELDS[name]: values}})
    year_range = {}
    if query.year_from is not None:
        year_range["gte"] = query.year_from
    if query.year_to is not None:
        year_range["lte"] = query.year_to
    if year_range:
        clauses.append({"range": {"year": year_range}})
    return clauses


def build_search(query: SearchQuery, client=None) -> Search:
    """The whole request for a query: matching, pinning by identifier, filters, sort, highlight,
    facets and the page. Exposed so that tests can check the body it serialises to."""
    parsed = query.parsed
    by_date = query.sort == "date" or query.is_browse
    should = []
    if parsed.tree is not None:
        text_query = query_for_tree(parsed.tree, query.member)
        # Sorting by date keeps the pinned documents first through a constant score.
        should.append({"constant_score": {"filter": text_query}} if by_date else text_query)
    if parsed.identifiers:
        should.append(
            {
                "constant_score": {
                    "filter": {"terms": {"identifiers": parsed.identifiers}},
                    "boost": PINNED_BOOST,
                }
            }
        )
    if query.is_browse:
        main = {"bool": {"must": [{"match_all": {}}], "filter": filter_clauses(query)}}
    else:
        main = {
            "bool": {"should": should, "minimum_should_match": 1, "filter": filter_clauses(query)}
        }
    search = Search(using=client, index=index_name()).query(Q(main))
    if by_date:
        search = search.sort(
            {"_score": {"order": "desc"}}, {"date": {"order": "desc", "missing": "_last"}}
        )
    source = ["doc_type", "title", "url", "date", "identifiers"]
    search = search.source(source)
    highlight_fields = ["public_text", *(["members_text"] if query.member else [])]
    search = search.highlight_options(
        pre_tags=["<mark>"],
        post_tags=["</mark>"],
        encoder="html",
        fragment_size=SNIPPET_LENGTH // 2,
        number_of_fragments=2,
    )
    for name in highlight_fields:
        options = {"no_match_size": SNIPPET_LENGTH} if name == "public_text" else {}
        search = search.highlight(name, **options)
    if query.with_facets:
        for name, field in FACET_FIELDS.items():
            search.aggs.bucket(name, "terms", field=field, size=MAX_FACET_VALUES)
    search = search.extra(track_total_hits=True)
    return search[query.offset : query.offset + query.per_page]


def build_suggest(prefix: str, member: bool, limit: int, client=None) -> Search | None:
    tokens = [normalise_word(w) for w in words(prefix or "")][:8]
    if not tokens:
        return None
    match = {
        "multi_match": {
            "query": " ".join(tokens),
            "type": "bool_prefix",
            "fields": ["title.suggest", "title.suggest._2gram", "title.suggest._3gram"],
        }
    }
    filters = [] if member else [{"term": {"visibility": PUBLIC}}]
    search = Search(using=client, index=index_name()).query(
        Q({"bool": {"must": [match], "filter": filters}})
    )
    return search.source(["title", "url", "doc_type"])[:limit]


def build_similar(
    doc_id: str, member: bool, types: list[str] | None = None, limit: int = 5, client=None
) -> Search:
    """ "More like this" for one indexed document: Elasticsearch picks its most distinctive terms
    (tf-idf over the index) from the fields the visitor may read, and searches for them in the
    same fields of the documents the visitor may find; the document itself is left out."""
    mlt = {
        "more_like_this": {
            "fields": ["title", "public_text"] + (["members_text"] if member else []),
            "like": [{"_index": index_name(), "_id": doc_id}],
            "min_term_freq": 1,
            "min_doc_freq": 2,
            "max_query_terms": SIMILAR_TERMS,
            "minimum_should_match": "1",
        }
    }
    filters: list[dict] = [] if member else [{"term": {"visibility": PUBLIC}}]
    if types:
        filters.append({"terms": {FACET_FIELDS[FACET_TYPE]: list(types)}})
    body = {"bool": {"must": [mlt], "filter": filters, "must_not": [{"ids": {"values": [doc_id]}}]}}
    search = Search(using=client, index=index_name()).query(Q(body))
    return search.source(["doc_type", "title", "url", "date"])[:limit]


def build_visible_check(doc_id: str, member: bool, client=None) -> Search:
    """Whether the visitor may find the document at all: "more like this" reads its text, so a
    non-member gets nothing for a members-only document, as for an unknown one."""
    filters: list[dict] = [{"ids": {"values": [doc_id]}}]
    if not member:
        filters.append({"term": {"visibility": PUBLIC}})
    return Search(using=client, index=index_name()).query(Q({"bool": {"filter": filters}}))


def document_source(document: IndexDocument) -> dict:
    date = document.date
    if isinstance(date, datetime.datetime):
        date = date.date()
    return {
        "doc_type": document.type,
        "title": clean_text(document.title),
        "url": document.url,
        "public_text": clean_text(document.public_text),
        "members_text": clean_text(document.members_text),
        "identifiers_text": clean_text(
            " ".join([document.ecli, *document.case_numbers, *document.keywords])
        ),
        "identifiers": identifiers_of(document),
        "visibility": document.visibility,
        "countries": [c.strip().upper() for c in document.countries if c.strip()],
        "topics": [t for t in document.topics if t],
        "tags": [t for t in document.tags if t],
        "court": document.court or None,
        "legal_areas": [a for a in document.legal_areas if a],
        "laws": [law for law in document.laws if law],
        "date": date.isoformat() if date else None,
        "year": date.year if date else None,
    }


def hit_date(hit) -> datetime.date | None:
    """A hit's date as a date: the client gives a string (or, with a mapping, a datetime)."""
    date = getattr(hit, "date", None)
    if isinstance(date, str):
        return datetime.date.fromisoformat(date[:10])
    if isinstance(date, datetime.datetime):
        return date.date()
    return date


class ElasticsearchEngine(Engine):
    name = "elasticsearch"

    def __init__(self, url: str | None = None, refresh: bool | str = False):
        self.url = url or settings.ELASTICSEARCH_URL
        # Tests read their own writes at once; production leaves refreshing to the server.
        self.refresh = refresh
        self._client = None

    @property
    def client(self) -> Elasticsearch:
        if self._client is None:
            if not self.url:
                raise es_exceptions.ConnectionError("ELASTICSEARCH_URL is not set")
            self._client = Elasticsearch(self.url, request_timeout=3, max_retries=0)
        return self._client

    def setup(self) -> None:
        if not self.client.indices.exists(index=index_name()):
            body = index_body()
            self.client.indices.create(
                index=index_name(), settings=body["settings"], mappings=body["mappings"]
            )

    def index(self, documents: Iterable[IndexDocument]) -> int:
        self.setup()
        actions = (
            {
                "_op_type": "index",
                "_index": index_name(),
                "_id": doc.id,
                "_source": document_source(doc),
            }
            for doc in documents
        )
        written, _errors = helpers.bulk(self.client, actions, refresh=self.refresh, chunk_size=500)
        return written

    def delete(self, ids: Iterable[str]) -> None:
        actions = ({"_op_type": "delete", "_index": index_name(), "_id": i} for i in ids)
        helpers.bulk(self.client, actions, refresh=self.refresh, raise_on_error=False)

    def clear(self) -> None:
        self.client.indices.delete(index=index_name(), ignore_unavailable=True)
        self.setup()

    def count(self) -> int:
        if not self.client.indices.exists(index=index_name()):
            return 0
        return self.client.count(index=index_name())["count"]

    def search(self, query: SearchQuery) -> SearchResults:
        parsed = query.parsed
        nothing_to_search = parsed.tree is None and not parsed.identifiers and parsed.message
        if nothing_to_search and not query.has_filters:
            return empty_results(query, self.name)
        response = build_search(query, client=self.client).execute()
        pinned = set(parsed.identifiers)
        hits = []
        for hit in response.hits:
            highlight = getattr(hit.meta, "highlight", None)
            fragments = []
            if highlight is not None:
                fragments = list(highlight.to_dict().get("public_text", []))
                if query.member and not any("<mark>" in f for f in fragments):
                    fragments = list(highlight.to_dict().get("members_text", [])) or fragments
            snippet = " … ".join(" ".join(f.split()) for f in fragments)
            date = hit_date(hit)
            hits.append(
                SearchHit(
                    id=hit.meta.id,
                    type=hit.doc_type,
                    title=hit.title,
                    url=hit.url,
                    snippet=snippet,
                    date=date,
                    score=hit.meta.score or 0.0,
                    pinned=bool(pinned & set(getattr(hit, "identifiers", []) or [])),
                )
            )
        facets = {}
        if query.with_facets and hasattr(response, "aggregations"):
            rows = []
            for name in FACET_FIELDS:
                for bucket in getattr(response.aggregations, name).buckets:
                    rows.append((name, str(bucket.key), bucket.doc_count))
            facets = sorted_facets(rows)
        total = response.hits.total.value
        return SearchResults(
            query=query,
            total=total,
            hits=hits,
            facets={k: v for k, v in facets.items() if v},
            engine=self.name,
            message=parsed.message,
        )

    def similar(
        self, doc_id: str, *, member: bool, types: list[str] | None = None, limit: int = 5
    ) -> list[SearchHit]:
        limit = max(1, min(int(limit), MAX_SIMILAR))
        if not build_visible_check(doc_id, member, client=self.client).count():
            return []
        hits = []
        for hit in build_similar(doc_id, member, types, limit, client=self.client).execute():
            date = hit_date(hit)
            hits.append(
                SearchHit(
                    id=hit.meta.id,
                    type=hit.doc_type,
                    title=hit.title,
                    url=hit.url,
                    snippet="",
                    date=date,
                    score=hit.meta.score or 0.0,
                )
            )
        return hits

    def suggest(self, prefix: str, member: bool, limit: int = 8) -> list[dict]:
        search = build_suggest(prefix, member, limit, client=self.client)
        if search is None:
            return []
        return [
            {"title": hit.title, "url": hit.url, "type": hit.doc_type} for hit in search.execute()
        ]
