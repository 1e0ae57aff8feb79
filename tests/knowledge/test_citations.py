"""What a ruling cites and where it is cited ("Haalt aan" / "Aangehaald in"), and ECLIs in texts
that become links to the portal's own rulings."""

import re

import pytest

from knowledge.models import CaseLawPage
from tests.factories import ArticlePageFactory, CaseLawPageFactory

from .conftest import RECHTSPRAAK, run_import, sample_copy

pytestmark = pytest.mark.django_db

CITED = "ECLI:NL:RBAMS:2010:BO3979"
CITING = "ECLI:NL:CRVB:2015:9001"


def section(html: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by the heading with this id ('' if there is none)."""
    match = re.search(
        rf'<section aria-labelledby="{heading_id}"[^>]*>(.*?)</section>', html, re.DOTALL
    )
    return match.group(1) if match else ""


def citing_copy(tmp_path):
    return sample_copy(
        tmp_path,
        "ECLI_NL_CRVB_2014_3494.xml",
        CITING,
        extra_text=f"Zie ook de uitspraak van de rechtbank Amsterdam, {CITED.lower()}.",
    )


@pytest.mark.parametrize("cited_first", [True, False], ids=["cited-first", "citing-first"])
def test_citing_ruling_appears_under_aangehaald_in(client, caselaw_index, tmp_path, cited_first):
    cited_file = RECHTSPRAAK / "ECLI_NL_RBAMS_2010_BO3979.xml"
    order = [cited_file, citing_copy(tmp_path)]
    for path in order if cited_first else reversed(order):
        assert run_import(path).exit_code == 0

    cited = CaseLawPage.objects.get(ecli=CITED)
    citing = CaseLawPage.objects.get(ecli=CITING)

    cited_html = client.get(cited.url).content.decode()
    cited_in = section(cited_html, "citedby-h")
    assert "Aangehaald in" in cited_in
    assert f'href="{citing.url}"' in cited_in
    assert citing.title in cited_in

    citing_html = client.get(citing.url).content.decode()
    cites = section(citing_html, "cites-h")
    assert "Haalt aan" in cites
    assert f'href="{cited.url}"' in cites
    # The ECLI in the summary has become a link to the portal's page for the ruling.
    assert f'<a href="/ecli/{CITED}/">{CITED.lower()}</a>' in citing_html


def test_ruling_nobody_cites_has_no_aangehaald_in(client, caselaw_index):
    run_import(RECHTSPRAAK / "ECLI_NL_CBB_1997_ZG0125.xml")
    html = client.get(CaseLawPage.objects.get().url).content.decode()
    assert "Aangehaald in" not in html


def test_cited_ruling_outside_the_portal_links_to_the_ecli_address(client, caselaw_index):
    run_import(RECHTSPRAAK / "ECLI_NL_RBAMS_2010_BO3979.xml")
    html = client.get(CaseLawPage.objects.get().url).content.decode()

    cites = section(html, "cites-h")
    # A formal relation from the court's metadata: /ecli/ says where the court publishes it.
    assert '<a href="/ecli/ECLI:NL:RBSGR:2009:BI4396/">ECLI:NL:RBSGR:2009:BI4396</a>' in cites
    followed = client.get("/ecli/ECLI:NL:RBSGR:2009:BI4396/")
    assert "https://deeplink.rechtspraak.nl/uitspraak?id=ECLI:NL:RBSGR:2009:BI4396" in (
        followed.content.decode()
    )


def test_every_ecli_in_an_article_is_a_link(client, sections):
    CaseLawPageFactory(parent=sections["caselaw"], ecli=CITED, court="Rechtbank Amsterdam")
    article = ArticlePageFactory(
        parent=sections["articles"],
        body=[
            (
                "paragraph",
                f"<p>Zie {CITED} en ECLI:NL:RVS:2099:1 over dezelfde vraag.</p>",
            )
        ],
    )

    html = client.get(article.url).content.decode()

    assert f'<a href="/ecli/{CITED}/">{CITED}</a>' in html
    assert '<a href="/ecli/ECLI:NL:RVS:2099:1/">ECLI:NL:RVS:2099:1</a>' in html


def test_ecli_inside_an_existing_link_is_not_linked_twice(client, sections):
    CaseLawPageFactory(parent=sections["caselaw"], ecli=CITED, court="Rechtbank Amsterdam")
    article = ArticlePageFactory(
        parent=sections["articles"],
        body=[("paragraph", f'<p><a href="https://example.org/x">{CITED}</a></p>')],
    )
    html = client.get(article.url).content.decode()
    assert f'<a href="https://example.org/x">{CITED}</a>' in html
    assert f'href="/ecli/{CITED}/"' not in html


def test_article_citing_a_ruling_appears_under_aangehaald_in(client, sections):
    cited = CaseLawPageFactory(parent=sections["caselaw"], ecli=CITED, court="Rechtbank Amsterdam")
    article = ArticlePageFactory(
        parent=sections["articles"],
        title="Schadevergoeding bij lang wachten",
        body=[("paragraph", f"<p>In {CITED} stelde de rechtbank de vergoeding vast.</p>")],
    )
    article.save_revision().publish()

    cited_in = section(client.get(cited.url).content.decode(), "citedby-h")
    assert f'href="{article.url}"' in cited_in
    assert "Schadevergoeding bij lang wachten" in cited_in
