"""Law references in running text link to the article on wetten.overheid.nl, with the laws and
their identifiers taken from the rulings' own statutory references."""

import pytest

from knowledge.laws import LawLinker, laws_from_references
from tests.factories import ArticlePageFactory, CaseLawPageFactory

AWB = [
    {"label": "Algemene wet bestuursrecht 8:75", "identifier": "1.0:v:BWB:BWBR0005537&artikel=8:75"}
]
WETTEN = "https://wetten.overheid.nl/jci1.3:c:BWBR0005537&amp;artikel="


def test_laws_come_from_the_rulings_references_and_conflicts_are_left_out():
    laws = laws_from_references(
        [
            AWB,
            [{"label": "Warenwet 5", "identifier": "1.0:v:BWB:BWBR0001969&artikel=5"}],
            [{"label": "Twijfelwet 1", "identifier": "1.0:v:BWB:BWBR0000001"}],
            [{"label": "Twijfelwet 2", "identifier": "1.0:v:BWB:BWBR0000002"}],
            [{"label": "Zonder nummer", "identifier": "1.0:v:BWB:BWBR0000003"}],
        ]
    )
    assert laws == {"algemene wet bestuursrecht": "BWBR0005537", "warenwet": "BWBR0001969"}


@pytest.mark.parametrize(
    ("text", "article"),
    [
        ("op grond van artikel 8:75 Awb", "8:75"),
        ("op grond van art. 8:75 van de Algemene wet bestuursrecht", "8:75"),
        ("artikel 6:2, tweede lid, Awb", "6:2"),
        ("art 4:5 lid 1 van de awb", "4:5"),
    ],
)
def test_references_in_every_spelling_link_to_the_article(text, article):
    linker = LawLinker(
        {"Algemene wet bestuursrecht": "BWBR0005537"}, [["Awb", "Algemene wet bestuursrecht"]]
    )
    linked = linker.link_text(text)
    assert f'<a href="{WETTEN}{article}" rel="noopener">' in linked
    reference = text[text.lower().index("art") :]
    assert linked.endswith(f'rel="noopener">{reference}</a>')


def test_unknown_laws_and_bare_numbers_stay_text():
    linker = LawLinker({"Algemene wet bestuursrecht": "BWBR0005537"}, [])
    for text in ("artikel 8 EVRM", "8:75 Awb", "artikel 8:75 Awb", "de Awb in het algemeen"):
        assert "<a " not in linker.link_text(text), text  # Awb is unknown without its synonym


@pytest.mark.django_db
def test_a_ruling_text_links_the_law_references_the_portal_knows(client, sections):
    CaseLawPageFactory(parent=sections["caselaw"], legal_provisions=AWB)
    article = ArticlePageFactory(
        parent=sections["articles"],
        body=[
            (
                "paragraph",
                "<p>Een vergoeding volgt uit artikel 8:75 van de Algemene wet bestuursrecht.</p>",
            )
        ],
    )
    html = client.get(article.url).content.decode()
    assert (
        f'<a href="{WETTEN}8:75" rel="noopener">artikel 8:75 van de Algemene wet bestuursrecht</a>'
        in html
    )


@pytest.mark.django_db
def test_a_members_only_ruling_lends_no_law_to_the_links(client, sections, restrict_to_members):
    """Whether a reference is a link must not tell anyone which laws a restricted ruling cites."""
    geheim = [{"label": "Geheimwet 5", "identifier": "1.0:v:BWB:BWBR0099999&artikel=5"}]
    hidden = CaseLawPageFactory(parent=sections["caselaw"], legal_provisions=geheim)
    restrict_to_members(hidden)
    CaseLawPageFactory(parent=sections["caselaw"], legal_provisions=AWB)
    article = ArticlePageFactory(
        parent=sections["articles"],
        body=[
            (
                "paragraph",
                "<p>Zie artikel 5 Geheimwet en artikel 8:75 Algemene wet bestuursrecht.</p>",
            )
        ],
    )
    html = client.get(article.url).content.decode()
    assert "BWBR0099999" not in html and "artikel 5 Geheimwet</a>" not in html
    assert f'<a href="{WETTEN}8:75"' in html
