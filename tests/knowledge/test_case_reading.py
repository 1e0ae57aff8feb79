"""Reading a long ruling: its table of contents, linkable considerations (r.o. 4.2), the citation
in the customary Dutch form, and RIS and BibTeX export."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import translation
from lxml import html as lxml_html

from knowledge.citation_style import court_abbreviation, dutch_citation, seat_from_text
from knowledge.models import CaseLawPage
from knowledge.rechtspraak.reading import add_reading_aids, readable_text
from knowledge.reference_export import bibtex_text
from tests.factories import CaseLawPageFactory
from tests.knowledge.conftest import RECHTSPRAAK, run_import

pytestmark = pytest.mark.django_db

MARKER = "ZZ-EXPORT-GEHEIM-7731"


def imported(name: str) -> CaseLawPage:
    run = run_import(RECHTSPRAAK / name)
    assert run.exit_code == 0, run.stderr
    ecli = name.removesuffix(".xml").replace("_", ":")
    return CaseLawPage.objects.get(ecli=ecli)


def page_tree(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return lxml_html.fromstring(response.content.decode())


def ids_of(tree) -> list[str]:
    return [el.get("id") for el in tree.iter() if el.get("id") is not None]


# --- Table of contents ----------------------------------------------------------------------


def test_a_ruling_with_several_sections_gets_a_table_of_contents_with_working_links(
    client, caselaw_index
):
    page = imported("ECLI_NL_RBMNE_2016_1780.xml")
    tree = page_tree(client, page)

    toc = tree.get_element_by_id("ruling-toc-h").getparent()
    assert toc.tag == "nav"
    assert toc.get("aria-labelledby") == "ruling-toc-h"
    links = [(a.get("href"), a.text_content()) for a in toc.iter("a")]
    assert links == [
        ("#sectie-procesverloop", "Procesverloop"),
        ("#sectie-overwegingen", "Overwegingen"),
        ("#sectie-beslissing", "Beslissing"),
        ("#sectie-rechtsmiddel", "Rechtsmiddel"),
    ]
    for href, text in links:
        target = tree.get_element_by_id(href[1:])
        # Under the page's own "Full text" heading (h2), the ruling's sections are h3.
        assert target.tag == "h3"
        assert target.text_content() == text


def test_old_rulings_titles_written_as_paragraphs_become_sections(client, caselaw_index):
    page = imported("ECLI_NL_RBAMS_2010_BO3979.xml")
    tree = page_tree(client, page)

    toc = tree.get_element_by_id("ruling-toc-h").getparent()
    hrefs = [a.get("href") for a in toc.iter("a")]
    assert hrefs[:2] == ["#sectie-procesverloop", "#sectie-overwegingen"]
    assert "#sectie-beslissing" in hrefs
    for href in hrefs:
        assert tree.get_element_by_id(href[1:]).tag == "h3"


def test_a_ruling_with_two_sections_has_no_table_of_contents(client, caselaw_index):
    page = imported("ECLI_NL_CRVB_2014_2942.xml")
    html = client.get(page.url).content.decode()
    assert 'id="sectie-overwegingen"' in html
    assert "ruling-toc-h" not in html


# --- Considerations -------------------------------------------------------------------------


def test_numbered_considerations_can_be_linked_from_the_court_s_numbers(client, caselaw_index):
    page = imported("ECLI_NL_CRVB_2014_2942.xml")  # numbers as <nr> elements in the XML
    tree = page_tree(client, page)

    paragraph = tree.get_element_by_id("ro-4.2")
    assert paragraph.tag == "p"
    assert paragraph.text_content().startswith("4.2.")
    link = paragraph.find_class("ro-link")[0]
    assert link.tag == "a"
    assert link.get("href") == "#ro-4.2"
    assert link.get("aria-label") == "Link naar r.o. 4.2"
    assert link.text_content() == "¶"
    for number in ("1", "1.1", "4.16", "6"):
        assert tree.get_element_by_id(f"ro-{number}").tag == "p"


def test_numbers_written_in_the_text_are_linked_too(client, caselaw_index):
    page = imported("ECLI_NL_RBMNE_2016_1780.xml")
    tree = page_tree(client, page)
    # "<u>Algemeen</u><br>1. Verweerder ...": after a subheading in the same paragraph.
    first = tree.get_element_by_id("ro-1")
    assert "Verweerder heeft in eerste aanleg" in first.text_content()
    assert tree.get_element_by_id("ro-42").text_content().startswith("42.")


def test_numbers_without_a_final_dot_and_sub_numbers(client, caselaw_index):
    page = imported("ECLI_NL_RBAMS_2010_BO3979.xml")
    tree = page_tree(client, page)
    text = tree.get_element_by_id("ro-2.1").text_content()
    assert text.replace("¶", "").startswith("2.1 Namens eisers")
    assert tree.get_element_by_id("ro-3.10").text_content().startswith("3.10.")


def test_every_id_on_a_long_ruling_page_is_unique_and_valid(client, caselaw_index):
    page = imported("ECLI_NL_PHR_2014_2.xml")
    ids = ids_of(page_tree(client, page))
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9._-]*", i) for i in ids), ids
    # The same number twice: the one in its own section keeps the plain id.
    assert "ro-5.4" in ids and "ro-5.4-2" in ids


def test_rulings_imported_earlier_get_the_aids_without_a_new_import(client, caselaw_index):
    stored = (
        '<div class="info"><p>1. de appellant</p></div>'
        '<section class="overwegingen"><h2>Overwegingen</h2>'
        '<div class="paragroup"><p><span class="nr">4.2.</span> De rechtbank overweegt.</p></div>'
        "<blockquote><p>5.1 Geciteerd uit een andere uitspraak.</p></blockquote>"
        "<ol><li><p>6.1 een opsomming</p></li></ol></section>"
    )
    unmarked = (
        "<p>13/3129 WWB</p><p>22 mei 2012, kenmerk 7</p><p>1.000 euro is betaald.</p>"
        "<h2>Overwegingen</h2><p>3. De rechtbank.</p><p>3.1 Verder.</p>"
    )
    page = CaseLawPageFactory(parent=caselaw_index, full_text=stored)
    html = client.get(page.url).content.decode()

    assert '<p id="ro-4.2"><span class="nr">4.2.</span><a class="ro-link" href="#ro-4.2"' in html
    # Quotations, lists and the parties in the head are not this ruling's considerations.
    for other in ("ro-1", "ro-5.1", "ro-6.1"):
        assert f'id="{other}"' not in html

    page.full_text = unmarked
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert re.findall(r'<p id="(ro-[^"]*)"', html) == ["ro-3", "ro-3.1"]


@pytest.mark.parametrize(
    "html",
    [
        "<p>4.2 zonder sluiting",
        "<<<>>><p>>1.</p>",
        "<p></p><h2></h2><h3>   </h3>",
        "<table><tr><td><p>2.1 in een cel</p></td></tr></table>",
        "<p><strong>3.1</strong> vet genummerd</p><p><em></em><br></p>",
        "tekst zonder element 1. twee",
        "<p>" + "1." * 5000 + "</p>",
        "<p>\x00\x01 4.4. vreemde tekens</p>",
        '<p><span class="nr">7"onmouseover="x</span> poging</p>',
    ],
)
def test_odd_html_never_breaks_the_aids(html):
    result = add_reading_aids(html)
    assert isinstance(result.html, str)
    for anchor in result.considerations:
        assert re.fullmatch(r"ro-[0-9.]+(-[0-9]+)?", anchor)
    assert "onmouseover=" not in result.html.replace('"onmouseover="x', "")


def test_text_without_headings_or_numbers_is_left_as_stored():
    stored = "<p>Eerste alinea met <em>nadruk</em> &amp; een teken.</p><p>Tweede alinea.</p>"
    result = add_reading_aids(stored)
    assert result.html == stored
    assert result.toc == () and result.considerations == ()


def test_link_labels_follow_the_visitor_s_language():
    stored = '<p><span class="nr">2.</span> Tekst.</p>'
    with translation.override("en"):
        assert 'aria-label="Link to r.o. 2"' in readable_text(stored).html
    with translation.override("nl"):
        assert 'aria-label="Link naar r.o. 2"' in readable_text(stored).html


# --- Citation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("court", "seat", "expected"),
    [
        ("Rechtbank Midden-Nederland", "", "Rb. Midden-Nederland"),
        ("Rechtbank Midden-Nederland", "Utrecht", "Rb. Midden-Nederland"),
        ("Gerechtshof Arnhem-Leeuwarden", "", "Hof Arnhem-Leeuwarden"),
        ("Gerechtshof 's-Hertogenbosch", "", "Hof 's-Hertogenbosch"),
        ("Hoge Raad", "", "HR"),
        ("Parket bij de Hoge Raad", "", "Conclusie A-G"),
        ("Raad van State", "", "ABRvS"),
        ("Centrale Raad van Beroep", "", "CRvB"),
        ("College van Beroep voor het bedrijfsleven", "", "CBb"),
        ("Rechtbank Den Haag", "Amsterdam", "Rb. Den Haag (zp. Amsterdam)"),
        ("Rechtbank Den Haag", "DEN HAAG", "Rb. Den Haag"),
        ("Rechtbank Den Haag", "", "Rb. Den Haag"),
        ("Rechtbank Den Haag, zittingsplaats Haarlem", "", "Rb. Den Haag (zp. Haarlem)"),
        ("Tuchtcollege voor de Gezondheidszorg", "", "Tuchtcollege voor de Gezondheidszorg"),
    ],
)
def test_court_abbreviation(court, seat, expected):
    assert court_abbreviation(court, "ECLI:NL:XX:2020:1", seat) == expected


def test_a_ruling_without_a_court_name_is_cited_by_its_ecli_s_court_code():
    assert court_abbreviation("", "ECLI:NL:HR:2020:1") == "HR"
    assert court_abbreviation("", "ECLI:NL:RVS:2020:1") == "ABRvS"
    assert court_abbreviation("", "ECLI:NL:RBAMS:2020:1") == ""


def test_citation_is_dutch_whatever_the_language():
    with translation.override("en"):
        citation = dutch_citation(
            "Rechtbank Midden-Nederland", datetime.date(2016, 3, 15), "ECLI:NL:RBMNE:2016:1780"
        )
    assert citation == "Rb. Midden-Nederland 15 maart 2016, ECLI:NL:RBMNE:2016:1780"
    assert dutch_citation("", None, "ECLI:NL:XX:2020:1") == "ECLI:NL:XX:2020:1"


HAGUE = "<p>RECHTBANK DEN HAAG</p>"


@pytest.mark.parametrize(
    ("html", "seat"),
    [
        (HAGUE + "<p>Zittingsplaats Amsterdam</p><p>Bestuursrecht</p>", "Amsterdam"),
        ("<p>Rechtbank Den Haag, zittingsplaats 's-Hertogenbosch, kamer</p>", "'s-Hertogenbosch"),
        ("<p>ZITTINGSPLAATS HAARLEM</p>", "Haarlem"),
        (HAGUE + "<p>zittinghoudende te Zwolle</p>", "Zwolle"),
        (HAGUE + "<p>Bestuursrecht</p>", ""),
        ("<p>" + "lang " * 1000 + "zittingsplaats Elders</p>", ""),
    ],
)
def test_seat_from_the_head_of_the_ruling(html, seat):
    assert seat_from_text(html) == seat


def test_the_page_shows_the_customary_citation_beside_the_copy_button(client, caselaw_index):
    page = CaseLawPageFactory(
        parent=caselaw_index,
        ecli="ECLI:NL:RBDHA:2021:555",
        court="Rechtbank Den Haag",
        decision_date=datetime.date(2021, 8, 3),
        full_text=f'<div class="info">{HAGUE}<p>Zittingsplaats Amsterdam</p></div>',
    )
    client.get("/taal/en/?next=/")
    tree = page_tree(client, page)
    field = tree.get_element_by_id("citation-text")
    assert (
        field.get("value") == "Rb. Den Haag (zp. Amsterdam) 3 augustus 2021, ECLI:NL:RBDHA:2021:555"
    )
    assert tree.xpath('//button[@data-copy-target="citation-text"]')


# --- RIS and BibTeX -------------------------------------------------------------------------


def test_the_page_links_to_both_exports(client, caselaw_index):
    page = CaseLawPageFactory(parent=caselaw_index)
    tree = page_tree(client, page)
    hrefs = [a.get("href") for a in tree.find_class("export-links")[0].iter("a")]
    assert hrefs == [page.url + "ris/", page.url + "bibtex/"]


def test_ris_export(client, caselaw_index):
    page = imported("ECLI_NL_RBMNE_2016_1780.xml")
    page.annotation = f"<p>{MARKER}</p>"
    page.annotation_members_only = False
    page.save_revision().publish()

    response = client.get(page.url + "ris/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ECLI_NL_RBMNE_2016_1780.ris"'
    text = response.content.decode()
    assert MARKER not in text  # an annotation, even a public one, is not the court's
    lines = text.split("\r\n")
    assert lines[0] == "TY  - CASE"
    assert lines[-2:] == ["ER  - ", ""]
    fields = dict(line.split("  - ", 1) for line in lines if line)
    assert fields["TI"] == page.title
    assert fields["PB"] == "Rechtbank Midden-Nederland"
    assert fields["DA"] == "2016/03/25"
    assert fields["PY"] == "2016"
    assert fields["AN"] == "ECLI:NL:RBMNE:2016:1780"
    assert fields["SV"] == "; ".join(page.case_number_list)
    assert fields["ST"] == "Rb. Midden-Nederland 25 maart 2016, ECLI:NL:RBMNE:2016:1780"
    assert fields["UR"].startswith("http") and fields["UR"].endswith(page.url)
    assert fields["L2"] == "https://deeplink.rechtspraak.nl/uitspraak?id=ECLI:NL:RBMNE:2016:1780"
    assert fields["AB"] == page.summary_text
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines if line)


def test_bibtex_export(client, caselaw_index):
    page = CaseLawPageFactory(
        parent=caselaw_index,
        ecli="ECLI:NL:RBDHA:2020:4321",
        court="Rechtbank Den Haag",
        title="Stichting A & B_C {kort} 100% #1 $5 ~ ^ \\",
        decision_date=datetime.date(2020, 3, 9),
        case_numbers="NL20.1234, NL20.5678",
        summary="<p>Eerste alinea.</p><p>Tweede: 50% & meer.</p>",
        annotation=f"<p>{MARKER}</p>",
    )
    response = client.get(page.url + "bibtex/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ECLI_NL_RBDHA_2020_4321.bib"'
    text = response.content.decode()
    assert MARKER not in text
    assert text.startswith("@misc{ECLI_NL_RBDHA_2020_4321,\n")
    assert text.rstrip().endswith("}")
    assert "  author = {{Rechtbank Den Haag}},\n" in text
    assert (
        r"  title = {{Stichting A \& B\_C \textbraceleft{}kort\textbraceright{} 100\% \#1 \$5 "
        r"\textasciitilde{} \textasciicircum{} \textbackslash{}}}," in text
    )
    assert "  year = {2020},\n  month = mar,\n  date = {2020-03-09},\n" in text
    assert "  note = {ECLI:NL:RBDHA:2020:4321; zaaknummers: NL20.1234; NL20.5678},\n" in text
    assert (
        r"  howpublished = {\url{https://deeplink.rechtspraak.nl/uitspraak?id=ECLI:NL:RBDHA:2020:4321}},"
        in text
    )
    assert re.search(r"\n  url = \{http[^}]*" + re.escape(page.url) + r"\},\n", text)
    assert r"  abstract = {Eerste alinea. Tweede: 50\% \& meer.}," in text
    # BibTeX counts every brace, escaped or not: the entry must balance.
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0


def test_bibtex_escaping():
    assert bibtex_text("a\\b{c}") == r"a\textbackslash{}b\textbraceleft{}c\textbraceright{}"
    assert bibtex_text("regel\neen\ttwee") == "regel een twee"


def comparable(response, base: str) -> str:
    html = response.content.decode().replace(base, "ADDRESS")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_a_restricted_ruling_s_exports_answer_like_an_unknown_address(
    caselaw_index, restrict_to_members, outsider, member
):
    hidden = CaseLawPageFactory(
        parent=caselaw_index,
        ecli="ECLI:NL:RBDHA:2020:9999",
        court=f"Rechtbank {MARKER}",
        title=f"Uitspraak {MARKER}",
        summary=f"<p>{MARKER}</p>",
    )
    restrict_to_members(hidden)
    hidden.save_revision().publish()
    unknown_base = caselaw_index.url + "ecli-nl-rbdha-2020-0000/"

    anonymous, logged_in, as_member = Client(), Client(), Client()
    logged_in.force_login(outsider)
    as_member.force_login(member)
    for route in ("ris/", "bibtex/"):
        for client in (anonymous, logged_in):
            response = client.get(hidden.url + route)
            unknown = client.get(unknown_base + route)
            assert response.status_code == unknown.status_code == 404
            assert MARKER not in response.content.decode()
            assert comparable(response, hidden.url) == comparable(unknown, unknown_base)
        # Positive control: a member downloads it.
        response = as_member.get(hidden.url + route)
        assert response.status_code == 200
        assert MARKER in response.content.decode()
