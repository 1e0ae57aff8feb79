from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from knowledge.rechtspraak.html import body_to_html, html_to_text, sanitise_html
from knowledge.rechtspraak.parser import parse_ruling

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rechtspraak"
RS = "http://www.rechtspraak.nl/schema/rechtspraak-1.0"


def ruling_html(name: str) -> str:
    return parse_ruling((FIXTURES / name).read_bytes()).ruling_html


def tree(html: str):
    return lxml_html.fragment_fromstring(html, create_parent="div")


def render(body: str, **kwargs) -> str:
    element = etree.fromstring(f'<uitspraak xmlns="{RS}">{body}</uitspraak>')
    return body_to_html(element, **kwargs)


def test_paragraph_numbers_are_kept_in_front_of_their_paragraph():
    doc = tree(ruling_html("ECLI_NL_CRVB_2014_2942.xml"))
    [paragraph] = doc.xpath('//p[span[@class="nr"][normalize-space()="1.2."]]')
    assert paragraph.text_content().startswith("1.2. Bij besluit van 4 april 2012")
    # The list in paragraph 1.2 follows it inside the same numbered group.
    group = paragraph.getparent()
    assert group.get("class") == "paragroup"
    assert len(group.xpath("./ul/li")) == 3


def test_section_titles_become_headings_with_their_number():
    doc = tree(ruling_html("ECLI_NL_PHR_2014_2.xml"))
    headings = [" ".join(h.text_content().split()) for h in doc.xpath("//h2")]
    assert headings[0] == "1 Overzicht"
    assert len(headings) == 7
    assert doc.xpath("//h2[1]/span[@class='nr']/text()")[0] == "1"


def test_nested_sections_go_one_level_deeper_and_stop_at_h4():
    html = render(
        "<section><title>Een</title><section><title>Twee</title><section><title>Drie</title>"
        "<section><title>Vier</title><para>tekst</para></section></section></section></section>"
    )
    assert "<h2>Een</h2>" in html
    assert "<h3>Twee</h3>" in html
    assert "<h4>Drie</h4>" in html
    assert "<h4>Vier</h4>" in html
    assert "<h3>Een</h3>" in render("<section><title>Een</title></section>", heading_level=3)


def test_section_roles_become_classes():
    doc = tree(ruling_html("ECLI_NL_RBMNE_2016_1780.xml"))
    assert doc.xpath("//section[@class='procesverloop']/h2")[0].text_content() == "Procesverloop"
    assert doc.xpath("//section[@class='beslissing']")


def test_emphasis_bold_italic_underline_and_smallcaps():
    phr = ruling_html("ECLI_NL_PHR_2014_2.xml")
    assert "<strong>Conclusie</strong>" in phr
    assert "<em>Papillon</em>" in phr
    assert '<span class="smallcaps">mr. P.J. Wattel</span>' in phr
    ghams = ruling_html("ECLI_NL_GHAMS_2011_1684.xml")
    assert "<u>mr. E.J. Henrichs</u>" in ghams


def test_bridgeheads_are_bold_paragraphs_not_headings():
    doc = tree(ruling_html("ECLI_NL_RBMNE_2016_1780.xml"))
    bridgeheads = doc.xpath("//p[@class='bridgehead']/strong/text()")
    assert "RECHTBANK MIDDEN-NEDERLAND" in bridgeheads


def test_ordered_and_itemized_lists_survive():
    ghams = tree(ruling_html("ECLI_NL_GHAMS_2011_1684.xml"))
    items = ghams.xpath("//ol/li")
    assert len(items) == 3
    assert "STICHTING CONTINUÏTEIT SWW II" in items[0].text_content()
    crvb = tree(ruling_html("ECLI_NL_CRVB_2014_2942.xml"))
    assert "bankrekening" in crvb.xpath("//ul/li")[0].text_content()


def test_table_of_the_conclusion_is_kept():
    doc = tree(ruling_html("ECLI_NL_PHR_2014_2.xml"))
    [table] = doc.xpath("//table")
    rows = table.xpath("./tbody/tr")
    assert len(rows) == 5
    assert rows[0].xpath("./td")[0].text_content().strip() == "Nr. Hoge Raad: 13/03330"
    assert "[X] B.V." in rows[0].xpath("./td")[1].text_content()


def test_table_spans_and_header_rows():
    html = render(
        "<informaltable><tgroup cols='3'>"
        "<colspec colname='a'/><colspec colname='b'/><colspec colname='c'/>"
        "<thead><row><entry namest='a' nameend='c'>Kop</entry></row></thead>"
        "<tbody><row><entry morerows='1'>A</entry><entry>B</entry><entry>C</entry></row>"
        "<row><entry>D</entry><entry>E</entry></row></tbody></tgroup></informaltable>"
    )
    assert '<thead><tr><th colspan="3">Kop</th></tr></thead>' in html
    assert '<td rowspan="2">A</td>' in html


def test_footnotes_are_linked_and_collected():
    doc = tree(ruling_html("ECLI_NL_PHR_2014_2.xml"))
    refs = doc.xpath("//sup[@class='footnote-ref']/a")
    notes = doc.xpath("//aside[@class='footnotes']/ol/li")
    assert len(notes) == 43
    assert len(refs) == 43
    assert refs[0].text == "1"
    target = refs[0].get("href").removeprefix("#")
    [note] = doc.xpath(f"//li[@id='{target}']")
    assert "Société Papillon" in note.text_content()


def test_inline_footnote_gets_a_marker_and_moves_to_the_end():
    html = render(
        "<para>Tekst<footnote id='n1' label='1'><para>Noot.</para></footnote> verder.</para>"
    )
    assert html.startswith(
        '<p>Tekst<sup class="footnote-ref"><a href="#fn-n1" id="fnref-n1">1</a></sup> verder.</p>'
    )
    assert '<aside class="footnotes"><ol><li id="fn-n1"><p>Noot.</p></li></ol></aside>' in html


def test_line_breaks_and_images():
    html = render(
        "<para>regel een<?linebreak?>regel twee</para>"
        "<mediaobject><imageobject><imagedata fileref='x'/></imageobject></mediaobject>"
    )
    assert "<p>regel een<br>regel twee</p>" in html
    assert 'class="media-omitted"' in html


def test_title_holding_only_a_number_numbers_the_next_paragraph():
    doc = tree(ruling_html("no_abstract.xml"))
    [paragraph] = doc.xpath('//p[span[@class="nr"]="1.1."]')
    assert "De inspecteur heeft aan belanghebbende" in paragraph.text_content()
    assert not doc.xpath("//h3")


def test_empty_paragraphs_are_dropped():
    html = ruling_html("ECLI_NL_CRVB_2014_2942.xml")
    assert "<p></p>" not in html
    assert "<p> </p>" not in html


def test_unknown_elements_are_unwrapped_to_their_text():
    html = render("<para>Zie <ulink url='javascript:alert(1)'>de wet</ulink> hier.</para>")
    assert html == "<p>Zie de wet hier.</p>"


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert('xss')</script>",
        "<h:script xmlns:h='http://www.w3.org/1999/xhtml'>alert('xss')</h:script>",
        "<style>body{display:none}</style>",
        "<iframe src='https://example.org'>alert('xss')</iframe>",
    ],
)
def test_injected_script_in_a_real_sample_does_not_survive(payload):
    data = (FIXTURES / "ECLI_NL_CRVB_2014_2942.xml").read_bytes()
    data = data.replace(
        b"<para>Datum uitspraak: 2 september 2014</para>",
        b'<para onclick="alert(1)" style="color:red">Datum uitspraak'
        + payload.encode()
        + b": 2 september 2014</para>",
        1,
    )
    ruling = parse_ruling(data)
    html = ruling.ruling_html
    assert "Datum uitspraak: 2 september 2014" in html
    for forbidden in ("<script", "<style", "<iframe", "onclick", "style=", "alert", "display:none"):
        assert forbidden not in html


def test_sanitiser_removes_what_the_allow_list_does_not_name():
    dirty = (
        '<p class="nr evil" onmouseover="x()">a<a href="javascript:alert(1)">b</a>'
        '<img src=x onerror=alert(1)><span class="nr">1</span></p><script>alert(2)</script>'
    )
    clean = sanitise_html(dirty)
    assert clean == '<p>a<a>b</a><span class="nr">1</span></p>'


def test_html_to_text_keeps_paragraphs_and_list_items_apart():
    html = (
        "<h2>Kop</h2><p><span class='nr'>1.</span> Een &amp; twee</p>"
        "<ul><li><p>eerste</p></li><li>tweede</li></ul><p>regel<br>volgende</p>"
    )
    assert html_to_text(html) == "Kop\n\n1. Een & twee\n\n- eerste\n- tweede\n\nregel\nvolgende"
    assert html_to_text("") == ""


def test_plain_text_of_a_sample():
    ruling = parse_ruling((FIXTURES / "ECLI_NL_CRVB_2014_2942.xml").read_bytes())
    assert "1.2. Bij besluit van 4 april 2012" in ruling.ruling_text
    assert "<" not in ruling.ruling_text


def test_block_elements_inside_a_paragraph_or_heading_do_not_nest_wrongly():
    html = render(
        "<section><title>Kop <para>met alinea</para></title>"
        "<para>Tekst <emphasis role='bold'><title>titel</title>"
        "<listitem>punt</listitem></emphasis></para>"
        "</section>"
    )
    assert html == (
        "<section><h2>Kop met alinea</h2><p>Tekst <strong>titel punt</strong></p></section>"
    )


def test_markup_written_as_text_stays_text():
    html = render("&lt;script&gt;alert(1)&lt;/script&gt;<para>&lt;b&gt;vet&lt;/b&gt;</para>")
    assert "<script" not in html
    assert "<b>" not in html
    assert "&lt;b&gt;vet&lt;/b&gt;" in html
