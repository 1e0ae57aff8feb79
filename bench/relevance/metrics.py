"""The judged queries of the relevance benchmark and the measures computed over them.

Pure Python, no Django: bench/relevance/run.py uses it on real search results, and
tests/search/test_relevance_bench.py checks it on hand-made rankings.

Measures, per query, over the first K = 10 results:
- nDCG@10: discounted cumulative gain with gain 2^grade - 1 and discount log2(rank + 1), divided
  by the gain of the ideal ranking of the judged documents (1.0: the best possible first screen);
- recall@10: the share of the judged documents (grade 1 or 2) that are in the first 10;
- reciprocal rank: 1 / the rank of the first judged document in the first 10, 0 when none is;
  its mean over queries is MRR.
Documents that were not judged count as not relevant.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

K = 10
QUERIES_FILE = Path(__file__).resolve().parent / "queries.toml"

# The classes of the issue, in the order the tables list them.
CLASSES = (
    "compound_part",
    "compound",
    "article_reference",
    "abbreviation",
    "topic",
    "country",
    "typo",
    "ecli_case_number",
    "phrase",
)
CLASS_LABELS = {
    "compound_part": "compound part",
    "compound": "compound",
    "article_reference": "article reference",
    "abbreviation": "abbreviation",
    "topic": "topic",
    "country": "country",
    "typo": "typo",
    "ecli_case_number": "ECLI / case number",
    "phrase": "phrase",
}
GRADES = (1, 2)  # 2: exactly what the user is after; 1: relevant, belongs on the first screen

# A judged document is named by a key that survives a rebuild of the database: a ruling by its
# ECLI, anything else by the path of its URL (with the anchor of a country-page section or a
# glossary entry).
ECLI_KEY_RE = re.compile(r"ECLI:[A-Z]{2}:[A-Z0-9]{1,7}:\d{4}:[A-Z0-9.]{1,25}")
PATH_KEY_RE = re.compile(r"/(?:[a-z0-9-]+/)*(?:#[a-z0-9-]+)?")


def is_valid_key(key: str) -> bool:
    return bool(ECLI_KEY_RE.fullmatch(key) or PATH_KEY_RE.fullmatch(key))


@dataclass
class JudgedQuery:
    number: int  # position in queries.toml, from 1
    query_class: str
    text: str
    relevant: dict[str, int]  # key -> grade
    why: str = ""

    @property
    def label(self) -> str:
        return f"#{self.number} [{self.query_class}] {self.text}"


@dataclass
class QueryResult:
    query: JudgedQuery
    ranking: list[str]  # keys of the first K results, best first
    ndcg: float = 0.0
    recall: float = 0.0
    reciprocal_rank: float = 0.0
    ranks: dict[str, int | None] = field(default_factory=dict)  # judged key -> rank or None


def load_queries(path: Path = QUERIES_FILE) -> list[JudgedQuery]:
    """The judged queries; raises ValueError on anything malformed, so that a mistake in the
    file stops the benchmark instead of counting as a miss."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    queries = []
    problems = []
    for number, entry in enumerate(data.get("query", []), start=1):
        query_class = entry.get("class", "")
        text = entry.get("q", "")
        relevant = entry.get("relevant", {})
        where = f"query #{number} ({text!r})"
        unknown = set(entry) - {"class", "q", "why", "relevant"}
        if unknown:
            problems.append(f"{where}: unknown fields {sorted(unknown)}")
        if query_class not in CLASSES:
            problems.append(f"{where}: class {query_class!r} is not one of {CLASSES}")
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: no query text")
        if not isinstance(relevant, dict) or not relevant:
            problems.append(f"{where}: no judged documents")
            relevant = {}
        if len(relevant) > K:
            problems.append(f"{where}: {len(relevant)} judged documents, at most {K}")
        for key, grade in relevant.items():
            if not is_valid_key(key):
                problems.append(f"{where}: {key!r} is neither an ECLI nor a URL path")
            if grade not in GRADES or isinstance(grade, bool):
                problems.append(f"{where}: grade {grade!r} of {key!r} is not one of {GRADES}")
        queries.append(
            JudgedQuery(number, query_class, text, dict(relevant), entry.get("why", "").strip())
        )
    seen = set()
    for query in queries:
        if (query.query_class, query.text) in seen:
            problems.append(f"query #{query.number} ({query.text!r}) appears twice")
        seen.add((query.query_class, query.text))
    if problems:
        raise ValueError("bench/relevance/queries.toml:\n  " + "\n  ".join(problems))
    return queries


def dcg(gains: Sequence[float]) -> float:
    return sum(gain / math.log2(rank + 1) for rank, gain in enumerate(gains, start=1))


def ndcg_at_k(ranking: Sequence[str], relevant: dict[str, int], k: int = K) -> float:
    ideal = dcg(sorted((2**g - 1 for g in relevant.values()), reverse=True)[:k])
    if not ideal:
        return 0.0
    return dcg([2 ** relevant.get(key, 0) - 1 for key in ranking[:k]]) / ideal


def recall_at_k(ranking: Sequence[str], relevant: dict[str, int], k: int = K) -> float:
    if not relevant:
        return 0.0
    return len(set(ranking[:k]) & set(relevant)) / len(relevant)


def reciprocal_rank(ranking: Sequence[str], relevant: dict[str, int], k: int = K) -> float:
    for rank, key in enumerate(ranking[:k], start=1):
        if key in relevant:
            return 1 / rank
    return 0.0


def score(query: JudgedQuery, ranking: Sequence[str]) -> QueryResult:
    ranking = list(ranking)[:K]
    return QueryResult(
        query=query,
        ranking=ranking,
        ndcg=ndcg_at_k(ranking, query.relevant),
        recall=recall_at_k(ranking, query.relevant),
        reciprocal_rank=reciprocal_rank(ranking, query.relevant),
        ranks={key: (ranking.index(key) + 1 if key in ranking else None) for key in query.relevant},
    )


def summarise(results: Sequence[QueryResult]) -> dict[str, dict]:
    """Mean nDCG@10, recall@10 and MRR per class (in CLASSES order) and over all queries
    ("all"), with the number of queries."""

    def means(items):
        count = len(items)
        return {
            "queries": count,
            "ndcg": sum(r.ndcg for r in items) / count if count else 0.0,
            "recall": sum(r.recall for r in items) / count if count else 0.0,
            "mrr": sum(r.reciprocal_rank for r in items) / count if count else 0.0,
        }

    summary = {}
    for name in CLASSES:
        items = [r for r in results if r.query.query_class == name]
        if items:
            summary[name] = means(items)
    summary["all"] = means(list(results))
    return summary
