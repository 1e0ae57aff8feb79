"""The thesaurus rewrites queries before any engine sees them."""

from search.query import And, Or, Phrase, Term, parse
from search.thesaurus import EMPTY, Thesaurus

GROUPS = [
    ["IND", "Immigratie- en Naturalisatiedienst"],
    ["DT&V", "Dienst Terugkeer en Vertrek"],
    ["Awb", "Algemene wet bestuursrecht"],
    ["mvv", "machtiging tot voorlopig verblijf"],
]


def tree(text, thesaurus=None):
    return (thesaurus or Thesaurus.from_groups(GROUPS)).expand(parse(text)).tree


def test_an_abbreviation_also_searches_what_it_stands_for():
    (node,) = tree("IND").required
    assert node == Or((Term("IND"), Phrase(("Immigratie", "en", "Naturalisatiedienst"))))


def test_the_full_name_typed_without_quotes_also_searches_the_abbreviation():
    (node,) = tree("algemene wet bestuursrecht").required
    assert Term("Awb") in node.alternatives


def test_the_full_name_as_a_phrase_and_other_words_around_it():
    expanded = tree('beroep "Dienst Terugkeer en Vertrek" weigering')
    assert expanded.required[0] == Term("beroep")
    assert Term("DT") not in expanded.required
    assert isinstance(expanded.required[1], Or)
    assert expanded.required[2] == Term("weigering")


def test_an_abbreviation_with_punctuation_matches_as_typed():
    (node,) = tree("DT&V").required
    assert Phrase(("Dienst", "Terugkeer", "en", "Vertrek")) in node.alternatives


def test_matching_ignores_case_and_accents():
    (node,) = tree("MVV").required
    assert isinstance(node, Or)


def test_exclusions_exclude_every_member():
    expanded = tree("vergunning -IND")
    assert isinstance(expanded.excluded[0], Or)


def test_inside_alternatives_and_groups():
    expanded = tree("(IND OF COA) besluit")
    assert isinstance(expanded.required[0], Or)
    assert isinstance(expanded.required[0].alternatives[0], Or)


def test_no_thesaurus_leaves_the_query_alone():
    assert EMPTY.expand(parse("IND besluit")).tree == And((Term("IND"), Term("besluit")))


def test_groups_of_one_or_of_stop_words_are_ignored():
    thesaurus = Thesaurus.from_groups([["alleen"], ["de", "het"], []])
    assert not thesaurus


def test_highlighting_knows_the_synonyms():
    terms = Thesaurus.from_groups(GROUPS).expand(parse("IND")).terms()
    assert "Naturalisatiedienst" in terms
