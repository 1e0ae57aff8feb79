"""The behaviour every engine must show, run against each configured engine."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.documents import IndexDocument
from search.engines.base import SearchQuery
from tests.search.conftest import (
    CASE_NUMBER,
    ECLI,
    MEMBERS_DOC_MARKER,
    MEMBERS_TEXT_MARKER,
    corpus,
)


def ids(results):
    return [hit.id for hit in results.hits]


def search(engine, text="", member=False, **kwargs):
    return engine.search(SearchQuery(text=text, member=member, **kwargs))


def test_count_index_replace_delete_clear(engine):
    assert engine.count() == 0
    engine.index(corpus())
    assert engine.count() == 5
    changed = corpus()[2]
    changed.title = "Nieuwe titel over bijstand"
    engine.index([changed])
    assert engine.count() == 5
    assert ids(search(engine, "bijstand")) == ["article:1"]
    engine.delete(["article:1", "does-not-exist"])
    assert engine.count() == 4
    assert search(engine, "bijstand").total == 0
    engine.clear()
    assert engine.count() == 0


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("vergunningen", {"caselaw:1", "caselaw:2"}),
        ("uitspraken", {"caselaw:1"}),
        ("medisch", {"caselaw:1", "article:1", "glossary:1"}),
    ],
)
def test_dutch_inflections_find_each_other(indexed, typed, expected):
    assert set(ids(search(indexed, typed))) == expected


def test_stop_words_neither_narrow_nor_flood_the_results(indexed):
    assert set(ids(search(indexed, "de vergunningen van het"))) == {"caselaw:1", "caselaw:2"}
    results = search(indexed, "de het een")
    assert results.total == 0 and "veelvoorkomende woorden" in results.message


def test_all_words_must_match(indexed):
    assert ids(search(indexed, "vergunning Italië")) == ["caselaw:2"]


def test_ecli_query_puts_its_ruling_first(indexed):
    for typed in (ECLI, ECLI.lower(), "ecli : nl : rvs : 2020 : 1234"):
        results = search(indexed, typed)
        assert ids(results)[0] == "caselaw:1", typed
        assert "caselaw:2" in ids(results), "a ruling citing the ECLI is found too"


@pytest.mark.parametrize("typed", [CASE_NUMBER, "awb 19/12345", "AWB  19 / 12345", "19/12345"])
def test_case_number_query_puts_its_ruling_first(indexed, typed):
    # "19/12345" is how people quote "AWB 19/12345" without its letter code.
    expected = "caselaw:1" if typed == CASE_NUMBER else "caselaw:2"
    assert ids(search(indexed, typed))[0] == expected


def test_exact_phrase(indexed):
    assert set(ids(search(indexed, '"medische noodsituatie"'))) == {"caselaw:1", "article:1"}
    assert ids(search(indexed, '"noodsituatie medische"')) == []


def test_exclusion_and_alternatives(indexed):
    assert ids(search(indexed, "vergunning -dublin")) == ["caselaw:1"]
    assert set(ids(search(indexed, "bijstand OF opvang"))) == {"caselaw:2"}
    assert set(ids(search(indexed, "Italië OR handreiking"))) == {"caselaw:2", "article:1"}


def test_highlights_escape_text_and_mark_matches(indexed):
    hit = search(indexed, "geweigerd").hits[0]
    assert "<mark>geweigerd</mark>" in hit.snippet
    hit = search(indexed, "alert").hits[0]
    assert "<mark>alert</mark>" in hit.snippet
    assert "<script>" not in hit.snippet and "</script>" not in hit.snippet


def test_facets_follow_the_query(indexed):
    results = search(indexed, "vergunning")
    facets = {name: {v.value: v.count for v in values} for name, values in results.facets.items()}
    assert facets["type"] == {"caselaw": 2}
    assert facets["country"] == {"SY": 1, "IT": 1, "NL": 1}
    assert facets["court"] == {"Raad van State": 1, "Rechtbank Den Haag": 1}
    assert facets["year"] == {"2020": 1, "2019": 1}
    assert facets["legal_area"] == {"vreemdelingenrecht": 2}
    assert facets["law"] == {"Vreemdelingenwet 2000 29": 1, "Algemene wet bestuursrecht 8:75": 1}


def test_filters(indexed):
    assert ids(search(indexed, "vergunning", countries=["it"])) == ["caselaw:2"]
    assert ids(search(indexed, "noodsituatie", types=["article", "glossary"], sort="date")) == [
        "article:1",
        "glossary:1",
    ]
    assert ids(search(indexed, "vergunning", year_from=2020, year_to=2024)) == ["caselaw:1"]
    assert ids(search(indexed, "vergunning", year_to=2019)) == ["caselaw:2"]
    assert ids(search(indexed, "vergunning", year_from=1000, year_to=2019)) == ["caselaw:2"]
    assert search(indexed, "vergunning", year_from=2030).total == 0
    assert ids(search(indexed, "noodsituatie", topics=["medische-zorg"], tags=["artikel 64"])) == [
        "caselaw:1"
    ]
    assert ids(search(indexed, "vergunning", courts=["Raad van State"])) == ["caselaw:1"]
    assert search(indexed, "vergunning", legal_areas=["strafrecht"]).total == 0
    assert ids(search(indexed, "vergunning", laws=["Algemene wet bestuursrecht 8:75"])) == [
        "caselaw:1"
    ]


def test_filters_without_words_list_newest_first(indexed):
    results = search(indexed, "", types=["caselaw"])
    assert ids(results) == ["caselaw:1", "caselaw:2"]
    assert results.total == 2


def test_sort_by_date(indexed):
    assert ids(search(indexed, "noodsituatie", sort="date")) == [
        "article:1",
        "caselaw:1",
        "glossary:1",
    ]


def test_pagination(indexed):
    first = search(indexed, "noodsituatie", per_page=2, page=1, sort="date")
    second = search(indexed, "noodsituatie", per_page=2, page=2, sort="date")
    assert first.total == second.total == 3
    assert ids(first) == ["article:1", "caselaw:1"]
    assert ids(second) == ["glossary:1"]
    assert first.num_pages == 2


def test_members_text_is_searched_and_highlighted_for_members_only(indexed):
    anonymous = search(indexed, MEMBERS_TEXT_MARKER)
    assert anonymous.total == 0 and anonymous.hits == []
    member = search(indexed, MEMBERS_TEXT_MARKER, member=True)
    assert ids(member) == ["caselaw:1"]
    assert f"<mark>{MEMBERS_TEXT_MARKER}</mark>" in member.hits[0].snippet
    # A public match never shows the members-only annotation to outsiders.
    for hit in search(indexed, "termijnen OF vergunning").hits:
        assert MEMBERS_TEXT_MARKER not in hit.snippet


def test_members_documents_are_for_members_only(indexed):
    assert search(indexed, MEMBERS_DOC_MARKER).total == 0
    assert search(indexed, "intake").total == 0
    assert ids(search(indexed, MEMBERS_DOC_MARKER, member=True)) == ["protocol:1"]
    anonymous_types = {
        v.value for v in search(indexed, "", types=["protocol", "article"]).facets["type"]
    }
    assert anonymous_types == {"article"}
    member_facets = search(indexed, "", member=True, types=["protocol", "article"]).facets
    assert {v.value for v in member_facets["type"]} == {"protocol", "article"}


def test_suggestions_follow_the_members_rule(indexed):
    assert [s["title"] for s in indexed.suggest("medis", member=False)] == [
        "Medische noodsituatie: wat nu?"
    ]
    assert indexed.suggest("protoc", member=False) == []
    assert [s["url"] for s in indexed.suggest("Protocol int", member=True)] == [
        "/protocollen/intake/"
    ]
    assert indexed.suggest("", member=True) == []
    assert indexed.suggest("()*:", member=True) == []


@pytest.mark.parametrize(
    "typed",
    [
        '"unbalanced',
        "((noodsituatie",
        "noodsituatie)",
        "*",
        "NEAR(a b",
        "AND OR",
        "vergunning OR",
        "'; DROP TABLE search_searchdocument; --",
        "a" * 10_000,
        "\x00\x07\x1b noodsituatie\r\n",
        "🙂 noodsituatie 🙂",
        "-noodsituatie",
        "title:noodsituatie",
        "{title}: x",
        "^noodsituatie",
    ],
)
def test_any_input_answers(indexed, typed):
    results = search(indexed, typed)
    assert results.total >= 0
    # Where the only word is "noodsituatie", the stray syntax around it must not get in the way.
    if typed in (
        "((noodsituatie",
        "noodsituatie)",
        "\x00\x07\x1b noodsituatie\r\n",
        "🙂 noodsituatie 🙂",
        "^noodsituatie",
    ):
        assert results.total == 3


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=80))
def test_no_text_makes_the_engine_fail(indexed, text):
    for member in (False, True):
        results = indexed.search(SearchQuery(text=text, member=member))
        assert results.total >= 0
        indexed.suggest(text, member=member)


def test_identical_ids_in_one_call_keep_the_last(engine):
    first = IndexDocument(id="x:1", type="article", title="eerste", url="/1/")
    second = IndexDocument(id="x:1", type="article", title="tweede", url="/1/")
    engine.index([first, second])
    assert engine.count() == 1
    assert ids(search(engine, "tweede")) == ["x:1"]


def test_the_thesaurus_widens_the_query_on_every_engine(indexed):
    from search.thesaurus import Thesaurus

    thesaurus = Thesaurus.from_groups([["MNS", "medische noodsituatie"]])
    assert search(indexed, "MNS").total == 0
    widened = set(ids(search(indexed, "MNS", thesaurus=thesaurus)))
    assert widened == {"caselaw:1", "article:1"}
    # Excluding an abbreviation excludes what it stands for.
    assert ids(search(indexed, "noodsituatie -MNS", thesaurus=thesaurus)) == ["glossary:1"]


def _article(doc_id, title, text, visibility="public"):
    return IndexDocument(
        id=doc_id,
        type="article",
        title=title,
        url=f"/{doc_id}/",
        public_text=text,
        visibility=visibility,
    )


def test_a_part_finds_the_compound_and_the_word_itself_ranks_first(engine):
    engine.index(
        [
            _article("compound", "Over een aanvraag", "Hoe dien je een asielaanvraag in?"),
            _article("word", "Over een procedure", "Wie asiel vraagt, volgt een procedure."),
            _article("other", "Over bijstand", "Een uitkering voor wie niets heeft."),
        ]
    )
    assert ids(search(engine, "asiel")) == ["word", "compound"]
    assert ids(search(engine, "vreemdelingenbewaring")) == []
    engine.index([_article("custody", "Bewaring", "Over de vreemdelingenbewaring en de rechter.")])
    assert ids(search(engine, "bewaring")) == ["custody"]


def test_a_compound_finds_its_parts_written_apart(engine):
    engine.index(
        [
            _article("apart", "Intake", "Volg het intake protocol van de nachtopvang."),
            _article("joined", "Protocol", "Het intakeprotocol geldt voor iedereen."),
            _article("scattered", "Intake", "De intake volgt het vaste protocol van de opvang."),
            _article("neither", "Opvang", "Een protocol voor de nacht."),
        ]
    )
    found = ids(search(engine, "intakeprotocol"))
    assert set(found) == {"apart", "joined", "scattered"}
    assert found[0] == "joined", "the compound itself ranks first"
    assert set(ids(search(engine, '"intake protocol"'))) == {"apart", "joined"}


def test_parts_of_members_only_text_stay_with_members(engine):
    engine.index(
        [
            IndexDocument(
                id="annotated",
                type="caselaw",
                title="Uitspraak",
                url="/annotated/",
                public_text="De rechtbank oordeelt.",
                members_text="Let op de gezinshereniging in deze zaak.",
            ),
            _article("closed", "Gezinsherenigingsprocedure", "Alleen voor leden.", "members"),
            IndexDocument(
                id="apart",
                type="caselaw",
                title="Uitspraak",
                url="/apart/",
                public_text="De rechtbank oordeelt.",
                members_text="Het gezin vraagt om hereniging.",
            ),
        ]
    )
    assert ids(search(engine, "hereniging")) == []
    assert set(ids(search(engine, "hereniging", member=True))) == {"annotated", "closed", "apart"}
    # A typed compound looks for its parts written apart, in the text the searcher may read.
    assert ids(search(engine, "gezinshereniging")) == []
    assert "apart" in ids(search(engine, "gezinshereniging", member=True))


def test_article_references_match_as_written_in_either_spelling(engine):
    engine.index(
        [
            _article("six", "Eerlijk proces", "Schending van art. 6 EVRM door de lange duur."),
            _article("eight", "Gezinsleven", "Artikel 8 EVRM; zie ook rechtsoverweging 6."),
            _article("awb", "Beroep", "Artikel 8:75 van de Awb geeft een proceskostenvergoeding."),
            _article("numbers", "Termijnen", "In 8 gevallen duurde het 75 dagen (Awb)."),
        ]
    )
    assert ids(search(engine, "artikel 6 EVRM")) == ["six"]
    assert ids(search(engine, "art. 8 EVRM")) == ["eight"]
    assert ids(search(engine, "art. 8:75 Awb")) == ["awb"]
    assert ids(search(engine, "8:75")) == ["awb"]


def test_forms_the_stemmer_keeps_apart_find_each_other(engine):
    engine.index(
        [
            _article("children", "Onderwijs", "Alle kinderen hebben recht op onderwijs."),
            _article("child", "Opvang", "Een kind zonder ouders krijgt een voogd."),
            _article("syria", "Landeninformatie", "De veiligheidssituatie in Syrië."),
            _article("other", "Bijstand", "Een uitkering voor wie niets heeft."),
        ]
    )
    assert set(ids(search(engine, "kind"))) == {"children", "child"}
    assert set(ids(search(engine, "kinderen"))) == {"children", "child"}
    assert ids(search(engine, "Syrische")) == ["syria"]


def test_relaxed_query_holds_any_word_most_words_first(engine):
    engine.index(
        [
            _article("both", "Irak", "Medicijnen en zorg in Irak."),
            _article("country", "Irak", "De veiligheid in Irak."),
            _article("medicine", "Zorg", "Medicijnen voor wie geen verzekering heeft."),
            _article("excluded", "Opvang", "Medicijnen in de opvang."),
            *(
                _article(f"other{n}", "Bijstand", "Een uitkering voor wie niets heeft.")
                for n in range(6)
            ),
        ]
    )
    assert ids(search(engine, "medicijnen Irak")) == ["both"]
    loosened = ids(search(engine, "medicijnen Irak -opvang", relaxed=True))
    assert loosened[0] == "both"
    assert set(loosened) == {"both", "country", "medicine"}
    # A typed compound counts as its parts.
    found = ids(search(engine, "irakmedicijnen", relaxed=True))
    assert set(found) == {"both", "country", "medicine", "excluded"}
    assert found[0] == "both"


def test_an_ampersand_abbreviation_is_found_on_every_engine(engine):
    # PostgreSQL's parser reads "&V;" as an XML entity and dropped the V.
    engine.index([_article("dtv", "Uitkomst", "Verwijs naar de DT&V; de opvang volgt later.")])
    assert ids(search(engine, "DT&V")) == ["dtv"]
    assert ids(search(engine, '"DT&V"')) == ["dtv"]


def _similar_corpus():
    dublin = (
        "Dublinoverdracht naar Italië. De Italiaanse autoriteiten hebben het claimakkoord "
        "gegeven; de overdracht aan Italië is niet in strijd met artikel 3 EVRM. Opvang in "
        "Italië na de overdracht."
    )
    return [
        IndexDocument(
            id="caselaw:10",
            type="caselaw",
            title="Overdracht aan Italië",
            url="/r/10/",
            public_text=dublin + " De rechtbank verklaart het beroep ongegrond.",
        ),
        IndexDocument(
            id="caselaw:11",
            type="caselaw",
            title="Dublinclaim Italië",
            url="/r/11/",
            public_text="Claimakkoord van de Italiaanse autoriteiten; overdracht aan Italië en "
            "de opvang daar. Het beroep is gegrond.",
        ),
        IndexDocument(
            id="caselaw:12",
            type="caselaw",
            title="Medische noodsituatie",
            url="/r/12/",
            public_text="Artikel 64 Vreemdelingenwet: uitstel van vertrek om medische redenen. "
            "Het beroep is gegrond.",
        ),
        IndexDocument(
            id="article:10",
            type="article",
            title="Dublin en Italië",
            url="/a/10/",
            public_text="Wat betekent een overdracht aan Italië voor de opvang? Het claimakkoord.",
        ),
        IndexDocument(
            id="caselaw:13",
            type="caselaw",
            title=f"Ledenuitspraak {MEMBERS_DOC_MARKER}",
            url="/r/13/",
            public_text="Overdracht aan Italië, claimakkoord, Italiaanse autoriteiten, opvang.",
            visibility="members",
        ),
        IndexDocument(
            id="caselaw:14",
            type="caselaw",
            title="Uitspraak over bijstand",
            url="/r/14/",
            public_text="Bijstand en huisvesting door de gemeente.",
            members_text=f"{MEMBERS_TEXT_MARKER} overdracht Italië claimakkoord Italiaanse opvang",
        ),
    ] + [
        # Rulings on other subjects: "beroep" and "artikel" are common words in case law.
        IndexDocument(
            id=f"caselaw:{20 + number}",
            type="caselaw",
            title=f"Uitspraak over {subject}",
            url=f"/r/{20 + number}/",
            public_text=f"Het beroep tegen het besluit over {subject} is ongegrond, artikel 8:75.",
        )
        for number, subject in enumerate(
            ["leges", "naturalisatie", "bijstand", "huisvesting", "schooltoelating", "studie"]
        )
    ]


def test_similar_finds_the_documents_sharing_the_distinctive_words(engine):
    engine.index(_similar_corpus())
    found = [hit.id for hit in engine.similar("caselaw:10", member=False)]
    assert found[0] == "caselaw:11"
    assert "caselaw:10" not in found  # never the document itself
    # Shares only words many documents have ("beroep", "artikel"): below those sharing the rare.
    assert "article:10" in found
    assert "caselaw:12" not in found[: found.index("article:10") + 1]
    only_rulings = [hit.id for hit in engine.similar("caselaw:10", member=False, types=["caselaw"])]
    assert only_rulings[0] == "caselaw:11" and "article:10" not in only_rulings
    assert len(engine.similar("caselaw:10", member=False, limit=1)) == 1
    assert engine.similar("does-not-exist", member=False) == []


def test_similar_follows_the_members_rule(engine):
    engine.index(_similar_corpus())
    public = [hit.id for hit in engine.similar("caselaw:10", member=False)]
    # A members-only document, or one matching through its members' text only, stays hidden.
    assert "caselaw:13" not in public and "caselaw:14" not in public
    members = [hit.id for hit in engine.similar("caselaw:10", member=True)]
    assert "caselaw:13" in members and "caselaw:14" in members
    # A members-only document answers a non-member like an unknown one.
    assert engine.similar("caselaw:13", member=False) == []
    assert engine.similar("caselaw:13", member=True)
    # The members' text of a public document never picks the words for a non-member.
    assert "caselaw:10" not in [hit.id for hit in engine.similar("caselaw:14", member=False)]
    assert "caselaw:10" in [hit.id for hit in engine.similar("caselaw:14", member=True)]
