from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from knowledge.rechtspraak.parser import (
    ParsedRuling,
    RulingParseError,
    legal_area_pairs,
    parse_ruling,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rechtspraak"
SAMPLES = sorted(FIXTURES.glob("*.xml"))
HOSTILE = FIXTURES / "hostile"


def parse(name: str) -> ParsedRuling:
    return parse_ruling((FIXTURES / name).read_bytes(), source=name)


def test_all_nine_samples_are_present():
    assert len(SAMPLES) == 9


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_sample_parses_with_its_ecli_court_and_decision_date(path):
    ruling = parse_ruling(path.read_bytes(), source=path.name)
    assert ruling.ecli.startswith("ECLI:NL:")
    assert ruling.court
    assert ruling.court_identifier.startswith("http://standaarden.overheid.nl/owms/terms/")
    assert isinstance(ruling.decision_date, date)
    assert ruling.publication_date >= ruling.decision_date
    assert ruling.source == path.name
    assert ruling.raw_size == path.stat().st_size
    assert ruling.source_url == f"https://deeplink.rechtspraak.nl/uitspraak?id={ruling.ecli}"
    assert ruling.metadata_only == (not ruling.ruling_html)


def test_conclusion_of_the_advocate_general():
    ruling = parse("ECLI_NL_PHR_2014_2.xml")
    assert ruling.ecli == "ECLI:NL:PHR:2014:2"
    assert ruling.court == "Parket bij de Hoge Raad"
    assert ruling.court_identifier == (
        "http://standaarden.overheid.nl/owms/terms/Parket_bij_de_Hoge_Raad"
    )
    assert ruling.document_type == "Conclusie"
    assert ruling.decision_date == date(2014, 1, 16)
    assert ruling.publication_date == date(2014, 1, 21)
    assert ruling.modified == datetime(2016, 4, 7, 16, 52, 21, tzinfo=ZoneInfo("Europe/Amsterdam"))
    assert ruling.case_numbers == ["13/03330"]
    assert ruling.procedures == []
    assert ruling.legal_areas == ["Bestuursrecht", "Belastingrecht"]
    assert ruling.legal_area_identifiers == [
        "http://psi.rechtspraak.nl/rechtsgebied#bestuursrecht_belastingrecht"
    ]
    [relation] = ruling.relations
    assert relation.ecli == "ECLI:NL:PHR:2014:69"
    assert relation.label == "Nadere conclusie: ECLI:NL:PHR:2014:69"
    assert relation.label_text == "Nadere conclusie"
    assert relation.type == "nadereConclusie"
    assert relation.aanleg == "latereAanleg"
    assert ruling.published_in == [
        "Rechtspraak.nl",
        "V-N 2014/8.19 met annotatie van Kluwer",
        "FutD 2014-0181",
        "Anna Gunn annotatie in NTFR 2014/742",
    ]
    assert ruling.title == "ECLI:NL:PHR:2014:2 Parket bij de Hoge Raad , 16-01-2014 / 13/03330"
    assert not ruling.metadata_only
    assert ruling.summary_text.startswith("Afwijzing verzoek fiscale eenheid")
    assert "Papillon" in ruling.ruling_text
    assert "ECLI:NL:HR:2011:BN3537" in ruling.cited_eclis
    assert ruling.ecli not in ruling.cited_eclis


def test_appeal_ruling_of_the_centrale_raad():
    ruling = parse("ECLI_NL_CRVB_2014_2942.xml")
    assert ruling.ecli == "ECLI:NL:CRVB:2014:2942"
    assert ruling.court == "Centrale Raad van Beroep"
    assert ruling.document_type == "Uitspraak"
    assert ruling.decision_date == date(2014, 9, 2)
    assert ruling.publication_date == date(2014, 9, 8)
    assert ruling.case_numbers == ["13-3129 WWB"]
    assert ruling.procedures == ["Hoger beroep"]
    assert ruling.procedure_identifiers == ["http://psi.rechtspraak.nl/procedure#hogerBeroep"]
    assert ruling.legal_areas == ["Bestuursrecht", "Socialezekerheidsrecht"]
    [relation] = ruling.relations
    assert relation.ecli == "ECLI:NL:CRVB:2014:3774"
    assert relation.label_text == "Oorspronkelijke uitspraak"
    assert relation.type == "oorspronkelijkBesluitDefinitiefBesluit"
    assert relation.aanleg == "eerdereAanleg"
    assert ruling.summary_text.startswith("Deze uitspraak is gerectificeerd met")
    assert ruling.cited_eclis[:2] == ["ECLI:NL:CRVB:2014:3776", "ECLI:NL:CRVB:2014:3774"]


def test_relation_with_outcome_and_replaced_ljn():
    ruling = parse("ECLI_NL_RBAMS_2010_BO3979.xml")
    assert ruling.court == "Rechtbank Amsterdam"
    assert ruling.spatial == "Amsterdam"
    assert ruling.replaces == ["BO3979"]
    assert ruling.procedures == ["Eerste aanleg - meervoudig"]
    [relation] = ruling.relations
    assert relation.ecli == "ECLI:NL:RBSGR:2009:BI4396"
    assert relation.type == "verzet"
    assert relation.gevolg == "(Gedeeltelijke) vernietiging en zelf afgedaan"
    assert relation.label_text == "Op verzet tegen"


def test_legislation_references_of_a_metadata_only_ruling():
    ruling = parse("ECLI_NL_CBB_1997_ZG0125.xml")
    assert ruling.metadata_only
    assert ruling.summary_html == ruling.ruling_html == ""
    assert ruling.title == ""
    assert [ref.label for ref in ruling.references] == [
        "Algemene wet bestuursrecht 1:3",
        "Warenwet 5",
    ]
    awb = ruling.references[0]
    assert awb.scheme == "bwb"
    assert awb.identifier == "1.0:v:BWB:BWBR0005537&artikel=1:3&g=1997-10-14"
    assert awb.url == "https://wetten.overheid.nl/jci1.3:c:BWBR0005537&artikel=1:3"
    assert ruling.procedures == ["Voorlopige voorziening"]


def test_replaced_ruling_points_to_its_replacement():
    ruling = parse("is_replaced_by.xml")
    assert ruling.ecli == "ECLI:NL:RBAMS:2007:YB0083"
    assert ruling.is_replaced_by == "ECLI:NL:TGDKG:2007:1"
    assert ruling.metadata_only
    assert ruling.legal_areas == []
    assert ruling.case_numbers == ["2006.173"]


def test_file_without_summary_and_with_wrapped_values():
    ruling = parse("no_abstract.xml")
    assert ruling.ecli == "ECLI:NL:RBZWB:2016:210"
    assert ruling.summary_html == ""
    assert ruling.summary_text == ""
    assert ruling.court == "Rechtbank Zeeland-West-Brabant"
    assert ruling.case_numbers == ["AWB - 14 _ 6530"]
    assert ruling.procedures == ["Eerste aanleg - meervoudig"]
    assert ruling.legal_areas == ["Bestuursrecht", "Belastingrecht"]
    assert ruling.spatial == "Middelburg"
    assert ruling.decision_date == date(2016, 1, 19)
    # The first description says 1901, before the decision; the public version's date is used.
    assert ruling.publication_date == date(2016, 3, 11)
    assert not ruling.metadata_only
    assert "Ontstaan en loop van het geding" in ruling.ruling_text


def test_leading_white_space_and_two_procedures():
    ruling = parse("ECLI_NL_RBMNE_2016_1780.xml")
    assert ruling.ecli == "ECLI:NL:RBMNE:2016:1780"
    assert ruling.procedures == ["Eerste aanleg - meervoudig", "Tussenbeschikking"]
    assert (
        ruling.procedure_identifiers[1] == "http://psi.rechtspraak.nl/procedure#tussenbeschikking"
    )
    assert ruling.spatial == "Utrecht"


def test_several_case_numbers_in_one_element_are_split():
    data = (FIXTURES / "ECLI_NL_CRVB_2014_2942.xml").read_bytes()
    data = data.replace(b">13-3129 WWB<", b">13/3129 WWB, 13/3333 WWB<", 1)
    assert parse_ruling(data).case_numbers == ["13/3129 WWB", "13/3333 WWB"]


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("xxe.xml", "DOCTYPE"),
        ("xxe_parameter.xml", "DOCTYPE"),
        ("billion_laughs.xml", "DOCTYPE"),
        ("truncated.xml", "truncated"),
        ("empty.xml", "empty"),
        ("whitespace_only.xml", "empty"),
        ("wrong_root.xml", "<feed>"),
        ("no_ecli.xml", "not a valid ECLI"),
        ("not_xml.xml", "XML"),
    ],
)
def test_hostile_and_broken_files_fail_with_a_clear_message(name, fragment):
    with translation.override("en"), pytest.raises(RulingParseError) as caught:
        parse_ruling((HOSTILE / name).read_bytes(), source=name)
    assert fragment in caught.value.message
    assert "root:x:0:0" not in caught.value.message


def test_messages_are_dutch_for_the_importer():
    with translation.override("nl"), pytest.raises(RulingParseError) as caught:
        parse_ruling((HOSTILE / "xxe.xml").read_bytes())
    assert "geweigerd" in caught.value.message


def test_entities_in_utf16_are_refused_too():
    text = (
        (HOSTILE / "billion_laughs.xml")
        .read_text()
        .replace('encoding="UTF-8"', 'encoding="UTF-16"')
    )
    with translation.override("en"), pytest.raises(RulingParseError, match="DOCTYPE"):
        parse_ruling(text.encode("utf-16"))


def test_entity_declared_after_a_comment_is_refused():
    data = b"<?xml version='1.0'?><!-- <a> --><!DOCTYPE x [<!ENTITY e 'boom'>]><x>&e;</x>"
    with translation.override("en"), pytest.raises(RulingParseError, match="DOCTYPE"):
        parse_ruling(data)


@pytest.mark.parametrize("name", ["xxe.xml", "billion_laughs.xml"])
def test_parser_itself_refuses_entities_when_the_prolog_check_is_bypassed(name, monkeypatch):
    # Defence in depth: even if the byte scan missed a declaration, lxml does not load the
    # external file, libxml2 stops the expansion, and the parsed DTD is inspected.
    monkeypatch.setattr("knowledge.rechtspraak.parser._check_prolog", lambda data: None)
    with translation.override("en"), pytest.raises(RulingParseError) as caught:
        parse_ruling((HOSTILE / name).read_bytes())
    assert "DOCTYPE" in caught.value.message or "amplification" in caught.value.message
    assert "lollol" not in caught.value.message


def test_harmless_doctype_without_entities_is_accepted():
    data = (FIXTURES / "is_replaced_by.xml").read_bytes()
    data = data.replace(
        b"<open-rechtspraak>", b"<!DOCTYPE open-rechtspraak>\n<open-rechtspraak>", 1
    )
    assert parse_ruling(data).ecli == "ECLI:NL:RBAMS:2007:YB0083"


def test_invalid_replacement_ecli_is_reported():
    data = (FIXTURES / "is_replaced_by.xml").read_bytes()
    data = data.replace(b"ECLI:NL:TGDKG:2007:1", b"niet bekend", 1)
    with translation.override("en"), pytest.raises(RulingParseError, match="replaced"):
        parse_ruling(data)


def test_unparseable_dates_are_left_empty_not_fatal():
    data = (FIXTURES / "is_replaced_by.xml").read_bytes()
    data = data.replace(b">2007-01-16<", b">16 januari 2007<", 1)
    ruling = parse_ruling(data)
    assert ruling.decision_date is None
    assert ruling.ecli == "ECLI:NL:RBAMS:2007:YB0083"


RECHTSGEBIED = "http://psi.rechtspraak.nl/rechtsgebied#"


@pytest.mark.parametrize(
    ("names", "identifier", "expected"),
    [
        (
            ["Bestuursrecht", "Vreemdelingenrecht"],
            RECHTSGEBIED + "bestuursrecht_vreemdelingenrecht",
            [
                ("Bestuursrecht", RECHTSGEBIED + "bestuursrecht"),
                ("Vreemdelingenrecht", RECHTSGEBIED + "bestuursrecht_vreemdelingenrecht"),
            ],
        ),
        (
            ["Civiel recht"],
            RECHTSGEBIED + "civielRecht",
            [("Civiel recht", RECHTSGEBIED + "civielRecht")],
        ),
        (["Bestuursrecht"], "", [("Bestuursrecht", "")]),
        # A fragment that does not spell out the path: only the area it names gets it.
        (
            ["Bestuursrecht", "Vreemdelingenrecht"],
            RECHTSGEBIED + "vreemdelingenrecht",
            [("Bestuursrecht", ""), ("Vreemdelingenrecht", RECHTSGEBIED + "vreemdelingenrecht")],
        ),
        (
            ["Bestuursrecht", "Vreemdelingenrecht"],
            RECHTSGEBIED + "iets_anders",
            [("Bestuursrecht", ""), ("Vreemdelingenrecht", "")],
        ),
    ],
)
def test_legal_area_names_are_paired_with_their_own_identifier(names, identifier, expected):
    assert legal_area_pairs(names, identifier) == expected


def test_parsed_legal_areas_carry_their_identifiers():
    ruling = parse("no_abstract.xml")  # "Bestuursrecht; Belastingrecht", wrapped over lines
    assert ruling.legal_area_identifier_by_name == {
        "Bestuursrecht": RECHTSGEBIED + "bestuursrecht",
        "Belastingrecht": RECHTSGEBIED + "bestuursrecht_belastingrecht",
    }
