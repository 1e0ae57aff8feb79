"""The Elasticsearch engine without a server: the mapping and the request bodies it sends."""

import datetime

import pytest
from django.test import override_settings
from elasticsearch import exceptions

from search.documents import MEMBERS, IndexDocument
from search.engines.base import SearchQuery
from search.engines.elasticsearch import (
    ElasticsearchEngine,
    build_search,
    build_similar,
    build_suggest,
    build_visible_check,
    document_source,
    index_body,
    index_name,
)


def body(**kwargs):
    return build_search(SearchQuery(**kwargs)).to_dict()


@override_settings(SEARCH_INDEX_PREFIX="eno-acc")
def test_index_name_carries_the_prefix():
    assert index_name() == "eno-acc-documents"


def test_mapping_has_dutch_text_exact_subfields_keywords_and_suggestions():
    mapping = index_body()
    analysis = mapping["settings"]["analysis"]
    assert analysis["filter"]["eno_dutch_stemmer"] == {"type": "stemmer", "language": "dutch"}
    assert analysis["filter"]["eno_dutch_stop"]["stopwords"] == "_dutch_"
    properties = mapping["mappings"]["properties"]
    for field in ("public_text", "members_text", "identifiers_text"):
        assert properties[field]["analyzer"] == "eno_dutch"
        assert properties[field]["fields"]["exact"]["analyzer"] == "eno_exact"
    title = properties["title"]
    assert title["fields"]["raw"]["type"] == "keyword"
    assert title["fields"]["suggest"]["type"] == "search_as_you_type"
    for field in (
        "doc_type",
        "visibility",
        "countries",
        "topics",
        "tags",
        "court",
        "legal_areas",
        "laws",
        "identifiers",
    ):
        assert properties[field]["type"] == "keyword", field
    assert properties["year"]["type"] == "integer"
    assert properties["date"]["type"] == "date"


def test_anonymous_queries_touch_public_text_of_public_documents_only():
    request = body(text="vergunning")
    query = request["query"]["bool"]
    assert {"term": {"visibility": "public"}} in query["filter"]
    fields = query["should"][0]["bool"]["must"][0]["multi_match"]["fields"]
    names = {f.split("^")[0] for f in fields}
    assert not any(n.startswith("members_text") for n in names) and "public_text" in names
    assert set(request["highlight"]["fields"]) == {"public_text"}
    assert "members_text" not in request["_source"]


def test_member_queries_include_members_text():
    request = body(text="vergunning", member=True)
    query = request["query"]["bool"]
    assert "filter" not in query
    fields = query["should"][0]["bool"]["must"][0]["multi_match"]["fields"]
    assert {"members_text", "members_text.parts"} <= {f.split("^")[0] for f in fields}
    assert set(request["highlight"]["fields"]) == {"public_text", "members_text"}


def test_highlighting_marks_and_escapes():
    highlight = body(text="x")["highlight"]
    assert highlight["pre_tags"] == ["<mark>"] and highlight["post_tags"] == ["</mark>"]
    assert highlight["encoder"] == "html"


def test_query_tree_phrases_exclusions_alternatives():
    tree = body(text='"medische noodsituatie" asiel OF opvang -dublin', member=True)["query"][
        "bool"
    ]["should"][0]
    must = tree["bool"]["must"]
    assert must[0]["multi_match"]["type"] == "phrase"
    assert all(f.split("^")[0].endswith(".exact") for f in must[0]["multi_match"]["fields"])
    assert must[1]["bool"]["minimum_should_match"] == 1
    assert len(must[1]["bool"]["should"]) == 2
    assert tree["bool"]["must_not"][0]["multi_match"]["query"] == "dublin"


def test_ecli_is_pinned_first():
    should = body(text="ecli:nl:rvs:2020:1234")["query"]["bool"]["should"]
    pinned = should[1]["constant_score"]
    assert pinned["filter"] == {"terms": {"identifiers": ["ECLI:NL:RVS:2020:1234"]}}
    assert pinned["boost"] >= 100


def test_filters_sort_facets_and_page():
    request = body(
        text="vergunning",
        types=["caselaw"],
        countries=["sy"],
        year_from=2019,
        year_to=2021,
        sort="date",
        page=3,
        per_page=10,
    )
    filters = request["query"]["bool"]["filter"]
    assert {"terms": {"doc_type": ["caselaw"]}} in filters
    assert {"terms": {"countries": ["SY"]}} in filters
    assert {"range": {"year": {"gte": 2019, "lte": 2021}}} in filters
    assert request["sort"] == [
        {"_score": {"order": "desc"}},
        {"date": {"order": "desc", "missing": "_last"}},
    ]
    assert request["from"] == 20 and request["size"] == 10
    assert set(request["aggs"]) == {
        "type",
        "country",
        "topic",
        "tag",
        "court",
        "legal_area",
        "law",
        "year",
    }
    assert request["aggs"]["country"] == {"terms": {"field": "countries", "size": 30}}
    assert request["track_total_hits"] is True


def test_browsing_by_filter_without_words():
    request = body(text="", types=["protocol"])
    assert request["query"]["bool"]["must"] == [{"match_all": {}}]


def test_suggest_body_follows_the_members_rule():
    anonymous = build_suggest("medische nood", member=False, limit=5).to_dict()
    match = anonymous["query"]["bool"]["must"][0]["multi_match"]
    assert match["type"] == "bool_prefix" and match["query"] == "medische nood"
    assert anonymous["query"]["bool"]["filter"] == [{"term": {"visibility": "public"}}]
    assert anonymous["size"] == 5
    member = build_suggest("medische", member=True, limit=5).to_dict()
    assert "filter" not in member["query"]["bool"]
    assert build_suggest("?!", member=True, limit=5) is None


def test_document_source():
    source = document_source(
        IndexDocument(
            id="caselaw:1",
            type="caselaw",
            title="T",
            url="/t/",
            public_text="a\x00b",
            visibility=MEMBERS,
            countries=["sy"],
            date=datetime.date(2020, 1, 2),
            ecli="ecli:nl:rvs:2020:1",
            case_numbers=["AWB 19/1"],
        )
    )
    assert source["public_text"] == "a b"
    assert source["countries"] == ["SY"]
    assert source["identifiers"] == ["ECLI:NL:RVS:2020:1", "AWB19/1", "19/1"]
    assert source["year"] == 2020 and source["visibility"] == "members"


def test_unconfigured_server_counts_as_unreachable():
    with pytest.raises(exceptions.ConnectionError):
        ElasticsearchEngine(url="").search(SearchQuery(text="x"))


def test_compound_parts_come_from_the_shared_word_list():
    from pathlib import Path

    from search import compounds

    mapping = index_body()
    analysis = mapping["settings"]["analysis"]
    decompounder = analysis["filter"]["eno_dutch_decompounder"]
    assert decompounder["type"] == "dictionary_decompounder"
    assert decompounder["word_list_path"] == "analysis/nl_words.txt"
    assert decompounder["min_subword_size"] == compounds.MIN_PART_LENGTH
    chain = analysis["analyzer"]["eno_dutch_parts"]["filter"]
    assert chain.index("eno_dutch_decompounder") < chain.index("eno_dutch_parts_stemmer")
    properties = mapping["mappings"]["properties"]
    for field in ("title", "public_text", "members_text", "identifiers_text"):
        assert properties[field]["fields"]["parts"]["analyzer"] == "eno_dutch_parts"
    # docker-compose mounts the very file the database engine's splitter reads.
    compose = (Path(__file__).resolve().parents[2] / "docker-compose.yml").read_text()
    assert (
        "./search/data/nl_words.txt:/usr/share/elasticsearch/config/analysis/nl_words.txt"
        in compose
    )
    assert compounds.WORD_LIST_PATH.name == "nl_words.txt"


def test_words_match_compound_parts_below_the_words_themselves():
    fields = body(text="asiel")["query"]["bool"]["should"][0]["bool"]["must"][0]["multi_match"][
        "fields"
    ]
    boosts = dict(f.split("^") for f in fields)
    assert float(boosts["public_text.parts"]) < float(boosts["public_text"])
    assert float(boosts["title.parts"]) < float(boosts["title"])
    assert "members_text.parts" not in boosts


def test_a_typed_compound_also_asks_for_its_parts_among_the_words():
    must = body(text="intakeprotocol")["query"]["bool"]["should"][0]["bool"]["must"][0]
    alternatives = must["bool"]["should"]
    assert alternatives[0]["multi_match"]["query"] == "intakeprotocol"
    parts = alternatives[1]["bool"]["must"]
    assert [p["multi_match"]["query"] for p in parts] == ["intake", "protocol"]
    for part in parts:
        assert not any(".parts" in f for f in part["multi_match"]["fields"])


def test_more_like_this_reads_and_searches_only_what_a_visitor_may_read():
    request = build_similar("caselaw:7", member=False, types=["caselaw"], limit=5).to_dict()
    query = request["query"]["bool"]
    mlt = query["must"][0]["more_like_this"]
    assert mlt["fields"] == ["title", "public_text"]
    assert mlt["like"] == [{"_index": index_name(), "_id": "caselaw:7"}]
    assert mlt["min_doc_freq"] == 2 and mlt["max_query_terms"] >= 10
    assert {"term": {"visibility": "public"}} in query["filter"]
    assert {"terms": {"doc_type": ["caselaw"]}} in query["filter"]
    assert query["must_not"] == [{"ids": {"values": ["caselaw:7"]}}]
    assert request["size"] == 5


def test_more_like_this_for_a_member_uses_the_members_text_too():
    request = build_similar("caselaw:7", member=True).to_dict()
    query = request["query"]["bool"]
    assert query["must"][0]["more_like_this"]["fields"] == ["title", "public_text", "members_text"]
    assert "filter" not in query or query["filter"] == []


def test_more_like_this_first_checks_the_visitor_may_find_the_document():
    public = build_visible_check("caselaw:7", member=False).to_dict()["query"]["bool"]["filter"]
    assert public == [{"ids": {"values": ["caselaw:7"]}}, {"term": {"visibility": "public"}}]
    member = build_visible_check("caselaw:7", member=True).to_dict()["query"]["bool"]["filter"]
    assert member == [{"ids": {"values": ["caselaw:7"]}}]


def test_a_hits_date_is_a_date_whatever_the_client_gives():
    import datetime
    from types import SimpleNamespace

    from search.engines.elasticsearch import hit_date

    day = datetime.date(2024, 3, 1)
    assert hit_date(SimpleNamespace(date="2024-03-01T00:00:00")) == day
    assert hit_date(SimpleNamespace(date=datetime.datetime(2024, 3, 1, 12, 0))) == day
    assert hit_date(SimpleNamespace(date=day)) == day
    assert hit_date(SimpleNamespace()) is None
