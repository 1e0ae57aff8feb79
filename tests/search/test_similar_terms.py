"""Choosing the words of a 'more like this' query on the database engines."""

from search.engines.base import candidate_terms, distinctive_terms


def test_candidates_are_the_documents_frequent_words_not_numbers_or_stop_words():
    counts = {"dublin": 5, "8": 9, "2020": 7, "de": 30, "ab": 4, "opvang": 2, "itali": 3}
    assert candidate_terms(counts) == ["dublin", "itali", "opvang"]
    assert candidate_terms(counts, limit=1) == ["dublin"]


def test_distinctive_terms_are_frequent_in_the_document_and_rare_in_the_index():
    counts = {"claimakkoord": 2, "overdracht": 6, "beroep": 9, "eigen": 4}
    frequency = {"claimakkoord": 3, "overdracht": 20, "beroep": 70, "eigen": 1}
    chosen = distinctive_terms(counts, frequency, total=100)
    # In most documents ("beroep") or in this one alone ("eigen"): no use for finding others.
    assert chosen == ["claimakkoord", "overdracht"]
    assert distinctive_terms(counts, frequency, total=100, limit=1) == ["claimakkoord"]
    assert distinctive_terms(counts, {}, total=100) == []
