"""'Vergelijkbare uitspraken' on a ruling's page, and 'Aangehaald in' grouped by kind."""

import re

import pytest
from django.test import Client

from knowledge.search_documents import caselaw_documents
from search.service import get_engine
from tests.factories import (
    ArticlePageFactory,
    CaseLawPageFactory,
    CountryPageFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

CITED = "ECLI:NL:RVS:2019:1111"
MEMBERS_MARKER = "Geheimeledenuitspraakmarker"


def related_section(html: str) -> str:
    match = re.search(r'<section aria-labelledby="related-h"[^>]*>(.*?)</section>', html, re.S)
    return match.group(1) if match else ""


def published(page):
    page.save_revision().publish()
    return page


def ruling(parent, **kwargs):
    return published(CaseLawPageFactory(parent=parent, **kwargs))


def indexed(*pages):
    engine = get_engine()
    for page in pages:
        engine.index(caselaw_documents(page))


def test_a_ruling_shows_related_rulings_with_court_date_ecli_and_why(client, sections):
    # Every page through the search index, as publishing does outside a test transaction.
    caselaw = sections["caselaw"]
    base = ruling(
        caselaw,
        summary=f"<p>De rechtbank volgt {CITED}.</p>",
        legal_provisions=[{"label": "Vreemdelingenwet 2000 29"}],
    )
    same_citation = ruling(
        caselaw,
        court="Rechtbank Amsterdam",
        ecli="ECLI:NL:RBAMS:2021:77",
        summary=f"<p>Zie ook {CITED}.</p>",
    )
    cites_base = ruling(caselaw, summary=f"<p>Anders dan in {base.ecli}.</p>")
    same_law = ruling(caselaw, legal_provisions=[{"label": "Vreemdelingenwet 2000 29"}])
    unrelated = ruling(caselaw, summary="<p>Iets heel anders.</p>")
    indexed(base, same_citation, cites_base, same_law, unrelated)

    html = client.get(base.url).content.decode()
    related = related_section(html)
    assert "Vergelijkbare uitspraken" in related
    assert f'href="{same_citation.url}"' in related
    assert "Rechtbank Amsterdam" in related and "ECLI:NL:RBAMS:2021:77" in related
    assert "citeert dezelfde uitspraak" in related
    assert f'href="{cites_base.url}"' in related and "citeert deze uitspraak" in related
    assert f'href="{same_law.url}"' in related
    assert "zelfde artikel: Vreemdelingenwet 2000 29" in related
    assert f'href="{unrelated.url}"' not in related
    # The ruling a related one cites is related the other way round.
    assert "aangehaald in deze uitspraak" in related_section(
        client.get(cites_base.url).content.decode()
    )


def test_at_most_five_best_first(client, sections):
    topic = TopicFactory(name="Dublin")
    syria = CountryPageFactory(parent=sections["countries"])
    base = ruling(sections["caselaw"], topics=[topic], countries=[syria])
    weaker = [ruling(sections["caselaw"], topics=[topic]) for _ in range(6)]
    stronger = ruling(sections["caselaw"], topics=[topic], countries=[syria])
    related = related_section(client.get(base.url).content.decode())
    assert related.count("<li>") == 5
    assert related.index(stronger.url) < min(
        related.index(page.url) for page in weaker if page.url in related
    )
    assert "zelfde onderwerp: Dublin" in related and "zelfde land: Syrië" in related


def test_similar_wording_comes_from_the_search_engine(client, sections):
    dublin = (
        "<p>Overdracht aan Italië op grond van de Dublinverordening; het claimakkoord van de "
        "Italiaanse autoriteiten en de opvang van gezinnen in Italië.</p>"
    )
    base = ruling(sections["caselaw"], summary=dublin)
    alike = ruling(sections["caselaw"], summary=dublin.replace("gezinnen", "alleenstaanden"))
    others = [
        ruling(sections["caselaw"], summary=f"<p>Beroep over {subject} is ongegrond.</p>")
        for subject in ("leges", "bijstand", "naturalisatie", "huisvesting")
    ]
    indexed(base, alike, *others)
    related = related_section(client.get(base.url).content.decode())
    assert f'href="{alike.url}"' in related and "vergelijkbare tekst" in related
    assert all(f'href="{page.url}"' not in related for page in others)


def test_a_members_only_ruling_is_never_related_for_a_non_member(
    client, member_client, sections, restrict_to_members
):
    topic = TopicFactory(name="Opvang")
    base = ruling(sections["caselaw"], topics=[topic], summary=f"<p>Zie {CITED}.</p>")
    secret = ruling(
        sections["caselaw"],
        title=f"{MEMBERS_MARKER} uitspraak",
        topics=[topic],
        summary=f"<p>Ook {CITED}, en {base.ecli}.</p>",
    )
    restrict_to_members(secret)
    indexed(base, secret)
    assert MEMBERS_MARKER not in Client().get(base.url).content.decode()
    assert MEMBERS_MARKER in related_section(member_client.get(base.url).content.decode())


def test_a_citation_in_a_members_only_annotation_relates_nothing_for_a_non_member(
    client, member_client, sections
):
    base = ruling(sections["caselaw"], summary=f"<p>Zie {CITED}.</p>")
    other = ruling(
        sections["caselaw"],
        title=f"{MEMBERS_MARKER} met annotatie",
        annotation=f"<p>Vergelijk {CITED}.</p>",
        annotation_members_only=True,
    )
    anonymous = related_section(Client().get(base.url).content.decode())
    assert f'href="{other.url}"' not in anonymous
    assert f'href="{other.url}"' in related_section(member_client.get(base.url).content.decode())


def test_aangehaald_in_groups_rulings_articles_and_country_pages_with_counts(client, sections):
    cited = ruling(sections["caselaw"], ecli=CITED)
    ruling(sections["caselaw"], summary=f"<p>Zie {CITED}.</p>")
    ruling(sections["caselaw"], summary=f"<p>Volgens {CITED}.</p>")
    published(
        ArticlePageFactory(
            parent=sections["articles"],
            body=[("paragraph", f"<p>In {CITED} besliste de Afdeling.</p>")],
        )
    )
    country = CountryPageFactory(parent=sections["countries"], summary=f"Zie {CITED}.")
    published(country)
    html = client.get(cited.url).content.decode()
    match = re.search(
        r'<section aria-labelledby="citedby-h" id="aangehaald-in"[^>]*>(.*?)</section>', html, re.S
    )
    assert match, "the section is the anchor other pages link to (#aangehaald-in)"
    cited_in = " ".join(match.group(1).split())
    assert 'Aangehaald in <span class="count">(4)</span>' in cited_in
    assert 'Uitspraken <span class="count">(2)</span>' in cited_in
    assert 'Artikelen <span class="count">(1)</span>' in cited_in
    assert 'Landenpagina&#x27;s <span class="count">(1)</span>' in cited_in or (
        'Landenpagina\'s <span class="count">(1)</span>' in cited_in
    )


def _queries_for_related(page):
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from knowledge.related import related_rulings
    from portal.cache import content_changed

    content_changed()  # a new content generation: nothing cached for it yet
    request = RequestFactory().get(page.url)
    request.user = AnonymousUser()
    with CaptureQueriesContext(connection) as first:
        found = related_rulings(page, request)
    with CaptureQueriesContext(connection) as again:
        assert related_rulings(page, request) == found
    return len(found), len(first.captured_queries), len(again.captured_queries)


def test_related_rulings_cost_no_query_per_candidate_and_are_cached(sections):
    topic = TopicFactory(name="Terugkeer")
    base = ruling(
        sections["caselaw"],
        topics=[topic],
        summary=f"<p>Zie {CITED}.</p>",
        legal_provisions=[{"label": "Vreemdelingenwet 2000 64"}],
    )
    ruling(sections["caselaw"], topics=[topic], summary=f"<p>Ook {CITED}.</p>")
    few = _queries_for_related(base)
    for _ in range(6):
        ruling(
            sections["caselaw"],
            topics=[topic],
            summary=f"<p>Ook {CITED}.</p>",
            legal_provisions=[{"label": "Vreemdelingenwet 2000 64"}],
        )
    many = _queries_for_related(base)
    assert few[0] == 1 and many[0] == 5
    assert many[1] == few[1]  # the same queries, however many candidates
    assert many[2] == 0  # the second view is served from the cache


def test_one_article_spaced_two_ways_by_the_court_is_one_shared_article(client, sections):
    base = ruling(sections["caselaw"], legal_provisions=[{"label": "Vreemdelingenwet  2000   29"}])
    other = ruling(sections["caselaw"], legal_provisions=[{"label": "Vreemdelingenwet 2000 29"}])
    indexed(base, other)
    related = related_section(client.get(base.url).content.decode())
    assert f'href="{other.url}"' in related
    assert "zelfde artikel: Vreemdelingenwet 2000 29" in related


def test_a_members_only_country_page_is_named_by_its_public_name(sections, restrict_to_members):
    country = CountryPageFactory(
        parent=sections["countries"], iso_code="SY", name_nl=f"Syrië {MEMBERS_MARKER}"
    )
    published(country)
    restrict_to_members(country)
    base = ruling(sections["caselaw"], countries=[country])
    other = ruling(sections["caselaw"], countries=[country])
    indexed(base, other)
    related = related_section(Client().get(base.url).content.decode())
    assert f'href="{other.url}"' in related
    assert "zelfde land: Syrië" in related and MEMBERS_MARKER not in related
