"""Members-only knowledge never reaches a non-member, through any channel of the knowledge base.

Each channel gets its own marker string; every test looks for it as an anonymous visitor and as
a logged-in user who is not a member, and (positive control) finds it as a member."""

import datetime
import json
import re

import pytest
from django.test import Client

from knowledge.models import Citation
from tests.factories import (
    ArticlePageFactory,
    CaseLawPageFactory,
    CountryPageFactory,
    LegalAreaFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

NOTICE = "Voor leden van het netwerk"


@pytest.fixture
def non_members(outsider):
    """An anonymous visitor and a logged-in user who is not a member; every test checks both."""
    anonymous, logged_in = Client(), Client()
    logged_in.force_login(outsider)
    anonymous.kind, logged_in.kind = "anoniem", "ingelogd-niet-lid"
    return [anonymous, logged_in]


@pytest.fixture
def as_member(member):
    client = Client()
    client.force_login(member)
    client.kind = "lid"
    return client


def html_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def json_ld(html: str) -> str:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert match, "the page has no structured data"
    return match.group(1)


# --- Inside public pages: a members-only country section and a members-only annotation ----------


SECTION_MARKER = "LEDENSECTIE-7f3a9c"
SECTION_BODY = f"<p>{SECTION_MARKER} De ambassade vraagt contant betaalde legesbonnen.</p>"


@pytest.fixture
def country(sections):
    return CountryPageFactory(
        parent=sections["countries"],
        summary="<p>Openbare samenvatting over Syrië.</p>",
        sections=[
            ("section", {"section": "security", "heading": "", "body": "<p>Openbaar deel.</p>"}),
            (
                "section",
                {
                    "section": "other",
                    "heading": "Praktijkervaringen uit het netwerk",
                    "body": SECTION_BODY,
                    "members_only": True,
                },
            ),
        ],
    )


def test_members_only_country_section_shows_a_notice_instead(non_members, country):
    for non_member in non_members:
        html = html_of(non_member, country.url)

        assert "Openbaar deel." in html
        assert "Praktijkervaringen uit het netwerk" in html  # the heading stays, as a signpost
        assert NOTICE in html
        assert SECTION_MARKER not in html
        assert "legesbonnen" not in html
        if non_member.kind == "anoniem":
            assert f'href="/inloggen/?next={country.url}"' in html.replace("%2F", "/")


def test_members_read_the_country_section(as_member, country):
    html = html_of(as_member, country.url)
    assert SECTION_MARKER in html and "legesbonnen" in html
    assert NOTICE not in html


def test_locked_section_does_not_reveal_its_length(non_members, country):
    before = [without_csrf(html_of(client, country.url)) for client in non_members]
    raw = country.sections.raw_data
    country.sections = [
        ("section", {**raw[0]["value"]}),
        ("section", {**raw[1]["value"], "body": SECTION_BODY * 40}),
    ]
    country.save()
    assert len(country.sections.raw_data[1]["value"]["body"]) > 40 * len(SECTION_MARKER)

    after = [without_csrf(html_of(client, country.url)) for client in non_members]
    assert after == before


ANNOTATION_MARKER = "ANNOTATIE-4be1d0"


@pytest.fixture
def annotated_ruling(sections):
    ruling = CaseLawPageFactory(
        parent=sections["caselaw"],
        ecli="ECLI:NL:RVS:2021:500",
        court="Raad van State",
        summary="<p>Openbare inhoudsindicatie.</p>",
        annotation=f"<p>{ANNOTATION_MARKER} Het kenniscentrum adviseert hoger beroep.</p>",
        annotation_members_only=True,
    )
    ruling.save_revision().publish()
    return ruling


def test_members_only_annotation_shows_a_notice_instead(non_members, annotated_ruling):
    for non_member in non_members:
        html = html_of(non_member, annotated_ruling.url)

        assert "Openbare inhoudsindicatie." in html
        assert NOTICE in html
        assert ANNOTATION_MARKER not in html
        assert "adviseert hoger beroep" not in html


def test_members_read_the_annotation_but_never_in_structured_data(as_member, annotated_ruling):
    html = html_of(as_member, annotated_ruling.url)
    assert ANNOTATION_MARKER in html

    data = json.loads(json_ld(html))
    assert data["identifier"]["value"] == "ECLI:NL:RVS:2021:500"
    assert ANNOTATION_MARKER not in json_ld(html)
    assert "adviseert" not in json_ld(html)


def test_public_annotation_is_for_everyone(non_members, annotated_ruling):
    annotated_ruling.annotation_members_only = False
    annotated_ruling.save_revision().publish()

    for non_member in non_members:
        html = html_of(non_member, annotated_ruling.url)
        assert ANNOTATION_MARKER in html
        assert NOTICE not in html
        assert ANNOTATION_MARKER not in json_ld(html)


def test_ecli_only_in_a_members_only_annotation_is_not_a_citation_for_outsiders(
    non_members, as_member, sections
):
    cited = CaseLawPageFactory(parent=sections["caselaw"], ecli="ECLI:NL:RVS:2019:11")
    citing = CaseLawPageFactory(
        parent=sections["caselaw"],
        ecli="ECLI:NL:RVS:2021:12",
        title="Uitspraak met ANNOTATIEVERWIJZING-22c9",
        annotation="<p>Vergelijk ECLI:NL:RVS:2019:11.</p>",
        annotation_members_only=True,
    )
    citing.save_revision().publish()
    assert Citation.objects.get(source_page=citing, target_ecli=cited.ecli).members_only

    for non_member in non_members:
        assert "ANNOTATIEVERWIJZING-22c9" not in html_of(non_member, cited.url)
        assert "ECLI:NL:RVS:2019:11" not in html_of(non_member, citing.url)
    assert "ANNOTATIEVERWIJZING-22c9" in html_of(as_member, cited.url)
    assert "ECLI:NL:RVS:2019:11" in html_of(as_member, citing.url)


def test_ecli_only_in_a_members_only_country_section_is_not_a_citation_for_outsiders(
    non_members, as_member, sections
):
    cited = CaseLawPageFactory(parent=sections["caselaw"], ecli="ECLI:NL:RVS:2019:13")
    country = CountryPageFactory(
        parent=sections["countries"],
        iso_code="ER",
        name_nl="Eritrea LANDVERWIJZING-91aa",
        name_en="Eritrea",
        sections=[
            (
                "section",
                {
                    "section": "other",
                    "heading": "Besloten",
                    "body": "<p>Zie ECLI:NL:RVS:2019:13.</p>",
                    "members_only": True,
                },
            )
        ],
    )
    country.save_revision().publish()

    for non_member in non_members:
        assert "LANDVERWIJZING-91aa" not in html_of(non_member, cited.url)
    assert "LANDVERWIJZING-91aa" in html_of(as_member, cited.url)


# --- Whole pages restricted to the group "Leden" ------------------------------------------------

RESTRICTED_MARKER = "BEPERKTEUITSPRAAK-c0ffee"
RESTRICTED_ECLI = "ECLI:NL:ZZGHM:2003:77"
PUBLIC_ECLI = "ECLI:NL:RVS:2022:1"


@pytest.fixture
def restricted(sections, restrict_to_members):
    """A public ruling, and a ruling only members may open, with its own court, year, topic,
    legal area, country and tag; the two cite each other."""
    public = CaseLawPageFactory(
        parent=sections["caselaw"],
        ecli=PUBLIC_ECLI,
        court="Raad van State",
        decision_date=datetime.date(2022, 1, 5),
        summary=f"<p>Anders dan in {RESTRICTED_ECLI} oordeelt de Afdeling.</p>",
    )
    country = CountryPageFactory(
        parent=sections["countries"], iso_code="KP", name_nl="Noord-Korea", name_en="North Korea"
    )
    hidden = CaseLawPageFactory(
        parent=sections["caselaw"],
        ecli=RESTRICTED_ECLI,
        court=f"Geheim Hof {RESTRICTED_MARKER}",
        title=f"Uitspraak {RESTRICTED_MARKER}",
        decision_date=datetime.date(2003, 3, 3),
        summary=f"<p>{RESTRICTED_MARKER} volgt {PUBLIC_ECLI}.</p>",
        topics=[TopicFactory(name="Geheimonderwerp", slug="geheimonderwerp")],
        legal_areas=[LegalAreaFactory(name="Geheimrecht", slug="geheimrecht")],
        countries=[country],
        tags=["geheimtag"],
    )
    restrict_to_members(hidden)
    for page in (public, hidden):
        page.save_revision().publish()
    article = ArticlePageFactory(parent=sections["articles"], title=f"Artikel {RESTRICTED_MARKER}")
    restrict_to_members(article)
    ArticlePageFactory(parent=sections["articles"], title="Openbaar artikel")
    return {"public": public, "hidden": hidden, "country": country, "article": article}


def test_restricted_ruling_does_not_open(non_members, restricted):
    for non_member in non_members:
        response = non_member.get(restricted["hidden"].url)
        assert response.status_code == 404  # as an unknown address: no login redirect oracle
        assert RESTRICTED_MARKER not in response.content.decode()

        followed = non_member.get(f"/ecli/{RESTRICTED_ECLI}/", follow=True)
        assert RESTRICTED_MARKER not in followed.content.decode()


def test_ecli_of_a_restricted_ruling_answers_as_an_unknown_ecli(non_members, as_member, restricted):
    unknown = "ECLI:NL:ZZGHM:2003:78"

    def page_for(client, ecli):
        response = client.get(f"/ecli/{ecli}/")
        html = without_csrf(response.content.decode())
        return response.status_code, html.replace(ecli, "ECLI").replace(
            ecli.replace(":", "%3A"), "ECLI"
        )

    for non_member in non_members:
        assert page_for(non_member, RESTRICTED_ECLI) == page_for(non_member, unknown)
        assert page_for(non_member, unknown)[0] == 404
    assert as_member.get(f"/ecli/{RESTRICTED_ECLI}/")["Location"] == restricted["hidden"].url


def test_restricted_ruling_is_missing_from_the_listing_and_its_filters(
    non_members, as_member, restricted, sections
):
    url = sections["caselaw"].url
    for non_member in non_members:
        response = non_member.get(url)
        html = without_csrf(response.content.decode())
        assert response.context["items"].paginator.count == 1
        assert restricted["public"].title in html
        # The public ruling's own summary, shown under it, names the hidden ruling's ECLI: that is
        # the public ruling's public text (its page shows it to everyone), not the hidden ruling.
        public_summary = f"Anders dan in {RESTRICTED_ECLI} oordeelt de Afdeling."
        snippet = f'<p class="summary-snippet">{public_summary}</p>'
        assert html.count(snippet) == 1
        html = html.replace(snippet, "")
        for leak in (
            RESTRICTED_MARKER,
            "ZZGHM",
            "2003",
            "Geheimonderwerp",
            "Geheimrecht",
            "Noord-Korea",
        ):
            assert leak not in html, leak

        # Asking for the hidden ruling's values directly finds nothing either.
        for query in (
            {"court": "ZZGHM"},
            {"year": "2003"},
            {"topic": "geheimonderwerp"},
            {"legal_area": "geheimrecht"},
            {"country": "KP"},
            {"tag": "geheimtag"},
        ):
            assert RESTRICTED_MARKER not in non_member.get(url, query).content.decode(), query

    member_html = html_of(as_member, url)
    assert RESTRICTED_MARKER in member_html
    assert "Geheimonderwerp" in member_html and "Noord-Korea" in member_html
    tagged = as_member.get(url, {"tag": "geheimtag"})
    assert tagged.context["items"].paginator.count == 1


def test_restricted_ruling_is_not_cited_linked_or_listed_for_outsiders(
    non_members, as_member, restricted
):
    for non_member in non_members:
        public_html = html_of(non_member, restricted["public"].url)
        assert RESTRICTED_MARKER not in public_html  # not under "Aangehaald in"
        # The ECLI links to /ecli/ like every ECLI, which answers as for an unknown one.
        assert restricted["hidden"].url not in public_html

        country_html = html_of(non_member, restricted["country"].url)
        assert RESTRICTED_MARKER not in country_html  # not under "Jurisprudentie over dit land"

    member_public = html_of(as_member, restricted["public"].url)
    assert RESTRICTED_MARKER in member_public
    assert f'href="/ecli/{RESTRICTED_ECLI}/"' in member_public
    assert RESTRICTED_MARKER in html_of(as_member, restricted["country"].url)


FEEDS = [
    "/jurisprudentie/feed/",
    "/jurisprudentie/feed/onderwerp/geheimonderwerp/",
    "/jurisprudentie/feed/instantie/ZZGHM/",
    "/artikelen/feed/",
]


def test_feeds_leave_restricted_pages_out_whoever_asks(non_members, as_member, restricted):
    for client in [*non_members, as_member]:
        for feed in FEEDS:
            response = client.get(feed)
            assert response.status_code == 200, feed
            assert RESTRICTED_MARKER not in response.content.decode(), (client.kind, feed)
    assert "Openbaar artikel" in html_of(as_member, "/artikelen/feed/")
    assert restricted["public"].title in html_of(as_member, "/jurisprudentie/feed/")


def test_sitemap_lists_only_public_pages(non_members, restricted):
    for non_member in non_members:
        xml = html_of(non_member, "/sitemap.xml")
        assert restricted["public"].url in xml
        assert restricted["hidden"].url not in xml
        assert restricted["article"].url not in xml


def test_restricted_article_is_missing_from_the_article_section(non_members, as_member, restricted):
    for non_member in non_members:
        assert RESTRICTED_MARKER not in html_of(non_member, "/artikelen/")
    assert RESTRICTED_MARKER in html_of(as_member, "/artikelen/")
