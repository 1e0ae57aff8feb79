"""The relevance benchmark's measures and judged queries (bench/relevance/; the benchmark itself
runs with `make bench-relevance`, not here)."""

import json
import math

import pytest

from bench.relevance.metrics import (
    CLASSES,
    QUERIES_FILE,
    JudgedQuery,
    K,
    is_valid_key,
    load_queries,
    ndcg_at_k,
    recall_at_k,
    reciprocal_rank,
    score,
    summarise,
)

RULING = "ECLI:NL:RBAMS:2010:BO3979"
PAGE = "/artikelen/schadevergoeding-redelijke-termijn/"
GLOSSARY = "/begrippen/#refoulement"


def test_ndcg_is_one_for_the_ideal_ranking_and_zero_without_a_judged_document():
    relevant = {"a": 2, "b": 1}
    assert ndcg_at_k(["a", "b", "x"], relevant) == pytest.approx(1.0)
    assert ndcg_at_k(["x", "y"], relevant) == 0.0
    assert ndcg_at_k([], relevant) == 0.0


def test_ndcg_weighs_grades_and_ranks():
    # Gains 2^grade - 1 (3 and 1), discounted by log2(rank + 1).
    relevant = {"a": 2, "b": 1}
    ideal = 3 / math.log2(2) + 1 / math.log2(3)
    assert ndcg_at_k(["b", "a"], relevant) == pytest.approx((1 + 3 / math.log2(3)) / ideal)
    assert ndcg_at_k(["x", "a", "b"], relevant) == pytest.approx(
        (3 / math.log2(3) + 1 / math.log2(4)) / ideal
    )
    # The better document first scores higher than the lesser one first.
    assert ndcg_at_k(["a", "b"], relevant) > ndcg_at_k(["b", "a"], relevant)


def test_ndcg_only_counts_the_first_k_results():
    ranking = [f"x{i}" for i in range(K)] + ["a"]
    assert ndcg_at_k(ranking, {"a": 2}) == 0.0
    assert ndcg_at_k(ranking[1:], {"a": 2}) == pytest.approx(3 / math.log2(K + 1) / 3)


def test_recall_is_the_share_of_judged_documents_in_the_first_k():
    relevant = {"a": 2, "b": 1, "c": 1, "d": 1}
    assert recall_at_k(["a", "x", "c"], relevant) == pytest.approx(0.5)
    assert recall_at_k(["d", "c", "b", "a"], relevant) == 1.0
    assert recall_at_k([f"x{i}" for i in range(K)] + ["a"], relevant) == 0.0


def test_reciprocal_rank_of_the_first_judged_document():
    relevant = {"a": 1, "b": 2}
    assert reciprocal_rank(["a", "b"], relevant) == 1.0
    assert reciprocal_rank(["x", "y", "b", "a"], relevant) == pytest.approx(1 / 3)
    assert reciprocal_rank(["x", "y"], relevant) == 0.0
    assert reciprocal_rank([f"x{i}" for i in range(K)] + ["a"], relevant) == 0.0


def test_score_and_summary_per_class():
    first = JudgedQuery(1, "typo", "refoulment", {GLOSSARY: 2})
    second = JudgedQuery(2, "typo", "schadevergoding", {PAGE: 2, RULING: 2})
    third = JudgedQuery(3, "phrase", '"redelijke termijn"', {PAGE: 2})
    results = [
        score(first, [GLOSSARY]),
        score(second, ["/x/", RULING]),
        score(third, []),
    ]
    assert results[1].ranks == {PAGE: None, RULING: 2}
    assert results[1].recall == 0.5
    assert results[1].reciprocal_rank == 0.5
    summary = summarise(results)
    assert list(summary) == ["typo", "phrase", "all"]
    assert summary["typo"]["queries"] == 2
    assert summary["typo"]["recall"] == pytest.approx(0.75)
    assert summary["typo"]["mrr"] == pytest.approx(0.75)
    assert summary["phrase"] == {"queries": 1, "ndcg": 0.0, "recall": 0.0, "mrr": 0.0}
    assert summary["all"]["queries"] == 3
    assert summary["all"]["mrr"] == pytest.approx(1.5 / 3)


@pytest.mark.parametrize(
    "key",
    [
        RULING,
        "ECLI:NL:PHR:2014:2",
        PAGE,
        GLOSSARY,
        "/landeninformatie/syrie/#sectie-3",
        "/organisaties/askv-steunpunt-vluchtelingen/",
    ],
)
def test_valid_keys(key):
    assert is_valid_key(key)


@pytest.mark.parametrize(
    "key",
    [
        "ecli:nl:rbams:2010:bo3979",  # judged keys are written as stored: upper case
        "ECLI:NL:RBAMS:BO3979",
        "landeninformatie/syrie/",
        "/landeninformatie/syrie",
        "https://example.org/artikelen/x/",
        "/Artikelen/X/",
        "caselaw:17",  # an index id changes with every rebuild
        "",
    ],
)
def test_invalid_keys(key):
    assert not is_valid_key(key)


def test_the_judged_queries_parse_and_cover_every_class():
    queries = load_queries()
    assert len(queries) >= 80
    for name in CLASSES:
        assert sum(q.query_class == name for q in queries) >= 8, name
    for query in queries:
        assert query.text.strip()
        assert 1 <= len(query.relevant) <= K, query.label
        assert any(grade == 2 for grade in query.relevant.values()) or query.why, query.label
        for key, grade in query.relevant.items():
            assert is_valid_key(key), (query.label, key)
            assert grade in (1, 2), (query.label, key)


def test_the_baseline_has_every_class_on_both_databases():
    baseline = json.loads((QUERIES_FILE.parent / "baseline.json").read_text())
    for database in ("sqlite", "postgresql"):
        entry = baseline[database]
        assert entry["date"] and entry["commit"]
        assert set(entry["classes"]) == {*CLASSES, "all"}
        for figures in entry["classes"].values():
            assert {"queries", "ndcg", "recall", "mrr"} <= set(figures)
            assert all(0 <= figures[name] <= 1 for name in ("ndcg", "recall", "mrr"))


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ('class = "spelling"\nq = "x"\n[query.relevant]\n"/a/" = 2', "class"),
        ('class = "typo"\nq = ""\n[query.relevant]\n"/a/" = 2', "no query text"),
        ('class = "typo"\nq = "x"', "no judged documents"),
        ('class = "typo"\nq = "x"\n[query.relevant]\n"caselaw:3" = 2', "neither an ECLI"),
        ('class = "typo"\nq = "x"\n[query.relevant]\n"/a/" = 3', "grade 3"),
        ('class = "typo"\nq = "x"\ngrade = 2\n[query.relevant]\n"/a/" = 2', "unknown fields"),
    ],
)
def test_a_malformed_queries_file_is_refused(tmp_path, entry, problem):
    path = tmp_path / "queries.toml"
    path.write_text(f"[[query]]\n{entry}\n")
    with pytest.raises(ValueError, match=problem):
        load_queries(path)


def test_too_many_judged_documents_are_refused(tmp_path):
    keys = "\n".join(f'"/a{i}/" = 1' for i in range(K + 1))
    path = tmp_path / "queries.toml"
    path.write_text(f'[[query]]\nclass = "topic"\nq = "x"\n[query.relevant]\n{keys}\n')
    with pytest.raises(ValueError, match="at most"):
        load_queries(path)


def test_a_judged_key_that_no_document_has_stops_the_run():
    from bench.relevance.run import check_keys

    query = JudgedQuery(7, "typo", "refoulment", {GLOSSARY: 2, "/begrippen/#refoulment": 1})
    check_keys([JudgedQuery(1, "typo", "x", {GLOSSARY: 2})], {"keys": [GLOSSARY]}, "sqlite")
    with pytest.raises(SystemExit, match="/begrippen/#refoulment"):
        check_keys([query], {"keys": [GLOSSARY, PAGE]}, "sqlite")


def test_result_keys_are_url_paths_with_their_anchor():
    from bench.relevance.run import url_key

    assert url_key("/landeninformatie/syrie/#sectie-2") == "/landeninformatie/syrie/#sectie-2"
    assert url_key("https://portal.example/begrippen/#ecli") == "/begrippen/#ecli"
    assert url_key("/artikelen/x/?page=2") == "/artikelen/x/"
