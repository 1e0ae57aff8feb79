"""The query language: what users type and what the engines receive."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from search.engines.database.postgresql import render_tsquery
from search.engines.database.sqlite import render_fts5
from search.engines.elasticsearch import query_for_tree
from search.query import MAX_QUERY_LENGTH, MAX_TERMS, And, Or, Phrase, Term, parse, stem


def test_words_are_required_terms():
    parsed = parse("vergunning asiel")
    assert parsed.tree == And((Term("vergunning"), Term("asiel")))
    assert parsed.message == ""


def test_stop_words_are_left_out_like_every_engine_does():
    assert parse("de vergunning van het asiel").tree == And((Term("vergunning"), Term("asiel")))
    # In a phrase they stay: position matters there.
    assert parse('"recht op opvang"').tree == And((Phrase(("recht", "op", "opvang")),))


def test_only_stop_words_explains_in_dutch():
    parsed = parse("de het een")
    assert parsed.tree is None
    assert "veelvoorkomende woorden" in parsed.message


def test_dutch_stems_join_inflections():
    assert stem("vergunningen") == stem("vergunning")
    assert stem("uitspraken") == stem("uitspraak")
    assert stem("Vergunningen") == stem("vergunning")


def test_phrases_exclusions_and_alternatives():
    parsed = parse('"medische noodsituatie" -dublin opvang OF bed-bad-brood')
    assert parsed.tree == And(
        (
            Phrase(("medische", "noodsituatie")),
            Or((Term("opvang"), Term("bed"))),
            Term("bad"),
            Term("brood"),
        ),
        (Term("dublin"),),
    )


def test_or_in_english_and_groups():
    parsed = parse("(asiel OR opvang) -(dublin italië)")
    assert parsed.tree == And(
        (Or((Term("asiel"), Term("opvang"))),),
        (And((Term("dublin"), Term("italië"))),),
    )


def test_hyphen_inside_a_word_is_not_an_exclusion():
    assert parse("Noord-Korea").tree == And((Term("Noord"), Term("Korea")))


@pytest.mark.parametrize(
    ("typed", "identifier"),
    [
        ("ECLI:NL:RVS:2020:123", "ECLI:NL:RVS:2020:123"),
        ("ecli:nl:rvs:2020:123", "ECLI:NL:RVS:2020:123"),
        ("uitspraak ECLI : NL : CRVB : 2014 : 2942 gezien", "ECLI:NL:CRVB:2014:2942"),
        ("ECLI:NL:RBAMS:2010:BO3979", "ECLI:NL:RBAMS:2010:BO3979"),
        ("201905544/1/V2", "201905544/1/V2"),
        ("AWB 19/12345", "AWB19/12345"),
        ("awb 19 / 12345", "AWB19/12345"),
        ("C/13/123456 / HA ZA 19-1", "C/13/123456/HAZA19-1"),
        ("13-3129 WWB", "13-3129WWB"),
        ("13-3129 WWB", "13-3129"),
    ],
)
def test_identifiers_are_recognised(typed, identifier):
    assert identifier in parse(typed).identifiers


def test_ecli_is_also_searched_as_a_phrase_in_running_text():
    parsed = parse("ECLI:NL:RVS:2020:123")
    assert parsed.tree == And((Phrase(("ECLI", "NL", "RVS", "2020", "123")),))


def test_plain_words_are_not_identifiers():
    assert parse("vergunning asiel").identifiers == []


@pytest.mark.parametrize("typed", ["", "   ", "*", "AND OR", "-alleen", "()", '""', "🙂"])
def test_nothing_to_search_for(typed):
    parsed = parse(typed)
    assert parsed.tree is None
    if typed.strip():
        assert "zoekwoord" in parsed.message or "woorden" in parsed.message


def test_long_queries_are_shortened_with_a_message():
    parsed = parse("woord " * 5000)
    assert parsed.truncated
    assert "500" in parsed.message
    assert len(parsed.terms()) == MAX_TERMS


def test_many_words_are_capped_with_a_message():
    parsed = parse(" ".join(f"w{i}" for i in range(40)))
    assert len(parsed.terms()) == MAX_TERMS
    assert str(MAX_TERMS) in parsed.message


def test_deep_nesting_is_flattened():
    parsed = parse("(" * 200 + "asiel" + ")" * 3)
    assert parsed.terms() == ["asiel"]


def test_control_characters_never_reach_the_tree():
    parsed = parse("asiel\x00\x1b\u200bopvang")
    assert parsed.terms() == ["asiel", "opvang"]


@given(st.text(max_size=MAX_QUERY_LENGTH + 50))
def test_any_text_parses(text):
    parsed = parse(text)
    assert isinstance(parsed.message, str)
    if parsed.tree is not None:
        for word in parsed.terms():
            assert word.isalnum()
        # Every engine can express the tree without raising.
        render_fts5(parsed.tree)
        render_tsquery(parsed.tree)
        query_for_tree(parsed.tree, member=False)


@given(
    st.lists(
        st.sampled_from(['"', "(", ")", "-", " OF ", " OR ", "*", ":", "a", "b", " "]), max_size=40
    )
)
def test_any_mix_of_operators_parses(pieces):
    parsed = parse("".join(pieces))
    assert parsed.tree is None or parsed.terms()


def test_fts5_rendering_quotes_every_word():
    rendered = render_fts5(parse('vergunningen "medische zorg" -dublin a OF b').tree)
    assert rendered == '(("vergun" AND "medisch zorg" AND ("a" OR "b")) NOT "dublin")'


def test_tsquery_rendering_passes_words_as_parameters():
    sql, params = render_tsquery(parse('asiel -dublin "eerste lid"').tree)
    assert "asiel" not in sql and "dublin" not in sql
    assert params == ["asiel", "eerste lid", "dublin"]
    assert "!!" in sql and "phraseto_tsquery" in sql


def _widened(text):
    from search.query import with_dutch_forms

    return with_dutch_forms(parse(text)).tree


def test_article_references_are_one_phrase_in_either_spelling():
    from search.query import And, Or, Phrase, Term

    tree = _widened("art. 8:75 Awb")
    assert tree == And(
        (
            Or((Phrase(("art", "8", "75")), Phrase(("artikel", "8", "75")))),
            Term("Awb"),
        )
    )
    assert _widened("artikel 6 EVRM").required[0] == Or(
        (Phrase(("artikel", "6")), Phrase(("art", "6")))
    )
    # A bare article number stays together; a word with digits is left alone.
    assert _widened("7:685 BW").required[0] == Phrase(("7", "685"))
    assert _widened("artikel 22a").required[0].alternatives[0] == Phrase(("artikel", "22a"))
    assert _widened("covid19").required[0] == Term("covid19")


def test_a_typed_compound_also_looks_for_its_parts_written_apart():
    from search.query import Or, Parts, Phrase, Term

    assert _widened("intakeprotocol").required[0] == Or(
        (Term("intakeprotocol"), Parts(("intake", "protocol")))
    )
    assert _widened('"intakeprotocol"').required[0] == Phrase(("intakeprotocol",))
    assert _widened("vluchtelingen").required[0] == Term("vluchtelingen")
    excluded = _widened("opvang -gezinshereniging").excluded[0]
    assert Parts(("gezin", "hereniging")) in excluded.alternatives


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("AWB - 14 _ 5548", "AWB 14/5548"),
        ("AWB - 14 _ 5548", "14/5548"),
        ("13-3129 WWB", "13/3129"),
        ("201905544/1/V2", "201905544-1-V2"),
        ("AWB 10-2582 WW44", "AWB 10/2582"),
        ("14-3462 WWB-VV-R", "14/3462 WWB-VV"),
    ],
)
def test_case_numbers_meet_whatever_the_separators(stored, typed):
    from search.query import find_identifiers, identifier_variants

    assert set(identifier_variants(stored)) & set(find_identifiers(typed))


def test_short_numbers_are_not_compacted_into_lookups():
    from search.query import identifier_variants

    assert identifier_variants("1-2") == ["1-2"]
