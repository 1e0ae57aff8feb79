"""The site as a visitor meets it (language, menu, login, error pages) on a home page and sections
built with factories, and the one smoke test of the demo content behind `make run`."""

import io
import re

from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction

from knowledge.blocks.protocol import validate_tree
from knowledge.models import (
    ArticleIndexPage,
    ArticlePage,
    CaseLawIndexPage,
    CaseLawPage,
    CountryIndexPage,
    CountryPage,
    GlossaryTerm,
    ProtocolChange,
    ProtocolIndexPage,
    ProtocolPage,
    Topic,
)
from network.models import (
    Event,
    Organisation,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from portal.models import HomePage
from tests.knowledge.test_decision_tree import anchors_and_links

DEMO_MODELS = (
    Page,
    HomePage,
    CountryIndexPage,
    CaseLawIndexPage,
    ProtocolIndexPage,
    ArticleIndexPage,
    CountryPage,
    CaseLawPage,
    ProtocolPage,
    ArticlePage,
    ProtocolChange,
    Topic,
    GlossaryTerm,
    Organisation,
    Service,
    TaxonomyTerm,
    Event,
)


def demo_counts():
    return {model.__name__: model.objects.count() for model in DEMO_MODELS}


def load_demo():
    call_command("load_demo", stdout=io.StringIO())


def test_demo_content_loads_once_and_keeps_editor_changes(client, db):
    """The only test that runs the whole `load_demo`: everything else builds what it needs."""
    load_demo()
    first = demo_counts()
    assert first["HomePage"] == first["CountryIndexPage"] == first["CaseLawIndexPage"] == 1
    assert first["ProtocolIndexPage"] == first["ArticleIndexPage"] == 1
    assert first["CountryPage"] >= 3 and first["CaseLawPage"] >= 8 and first["ProtocolPage"] >= 1
    assert first["ArticlePage"] >= 4 and first["Topic"] >= 10 and first["GlossaryTerm"] >= 10
    assert first["Organisation"] >= 10 and first["Event"] == 4

    # The directory: real organisations without invented contact details, and fictional ones
    # (example.org domains) with complete contact details.
    assert Organisation.objects.filter(name="ASKV / Steunpunt Vluchtelingen").exists()
    moo = Service.objects.get(name="MOO-Basis")
    assert moo.categories.filter(code="opvang").exists()
    assert ServiceAtLocation.objects.filter(service=moo).exists()
    assert ServiceArea.objects.filter(name="heel Nederland").exists()
    assert (
        not Organisation.objects.exclude(email="").exclude(email__endswith=".example.org").exists()
    )
    assert not Organisation.objects.filter(
        name="ASKV / Steunpunt Vluchtelingen", email__gt=""
    ).exists()

    # Editors and the coordinator change demo content; a second run adds nothing and keeps it.
    section = CountryIndexPage.objects.get()
    section.intro = "Door de redactie herschreven."
    section.save_revision().publish()
    askv = Organisation.objects.get(hsds_id="eno-demo-askv")
    askv.description = "<p>Door de coördinator herschreven.</p>"
    askv.save()
    load_demo()
    assert demo_counts() == first
    assert CountryIndexPage.objects.get().intro == "Door de redactie herschreven."
    askv.refresh_from_db()
    assert askv.description == "<p>Door de coördinator herschreven.</p>"

    # The front page shows the sections.
    html = client.get("/").content.decode()
    for title in ["Landeninformatie", "Jurisprudentie", "Protocollen", "Artikelen"]:
        assert title in html

    # The demo article mentions a demo ruling: it is linked, and the ruling lists the article.
    article = ArticlePage.objects.get(slug="schadevergoeding-redelijke-termijn")
    assert 'href="/ecli/ECLI:NL:RBAMS:2010:BO3979/"' in client.get(article.url).content.decode()
    ruling = CaseLawPage.objects.get(ecli="ECLI:NL:RBAMS:2010:BO3979")
    assert article.title in client.get(ruling.url).content.decode()

    # The intake protocol's decision tree starts with an acute medical need.
    protocol = ProtocolPage.objects.get(slug="intake-24-uursopvang")
    tree = next(block.value for block in protocol.body if block.block_type == "decision_tree")
    nodes = [dict(node) for node in tree["nodes"]]
    assert nodes[0]["kind"] == "question"
    assert "acute medische" in nodes[0]["text"]
    assert validate_tree(nodes) == []
    html = client.get(protocol.url).content.decode()
    _tree, ids, links = anchors_and_links(html)
    assert len(ids) == len(nodes)
    assert all(target in ids for target, _text in links)
    first_node = re.search(r'<li id="[^"]+" class="decision-node[^>]*>(.*?)</li>', html, re.DOTALL)
    assert "acute medische" in first_node.group(1)
    # Yes on the first question leads to the medical referral.
    assert any("Verwijs naar een medische voorziening" in text for _t, text in links)

    # The directory and the agenda show the demo network; members-only events stay hidden.
    directory = client.get("/organisaties/", {"city": "Utrecht"}).content.decode()
    assert "VluchtelingenWerk Nederland" in directory
    agenda = client.get("/agenda/").content.decode()
    assert "toegang tot mbo en hbo" in agenda
    assert "Landendag Eritrea" not in agenda  # members only


def test_home_page_renders_in_dutch_with_sections(client, sections):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert 'href="#main"' in html and 'id="main"' in html  # skip link and its target
    assert "Naar de hoofdinhoud" in html
    for title in ["Landeninformatie", "Jurisprudentie", "Protocollen", "Artikelen"]:
        assert title in html
    assert "Inloggen" in html


def test_english_is_available(client, home):
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html


def main_menu_labels(html: str) -> list[str]:
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav)


def test_english_mode_names_the_menu_and_sections_in_english(client, sections):
    sections["caselaw"].title = "Uitspraken van de rechter"  # an editor's title stays content
    sections["caselaw"].save_revision().publish()
    dutch = client.get("/").content.decode()
    assert main_menu_labels(dutch)[:2] == ["Landeninformatie", "Uitspraken van de rechter"]
    assert "Organisaties" in main_menu_labels(dutch)

    client.cookies["django_language"] = "en"
    english = client.get("/").content.decode()
    labels = main_menu_labels(english)
    assert labels[:4] == ["Country information", "Case law", "Protocols", "Articles"]
    assert {"Organisations", "Glossary", "Search"} <= set(labels)
    assert "Landeninformatie" not in english and "Uitspraken van de rechter" not in english
    section = client.get(sections["caselaw"].url).content.decode()
    assert "<h1>Case law</h1>" in section and "<title>Case law |" in section

    # The menu is cached per language: Dutch again after English is still Dutch.
    client.cookies["django_language"] = "nl"
    assert main_menu_labels(client.get("/").content.decode())[0] == "Landeninformatie"


def test_section_page_lists_only_what_a_visitor_may_see(client, sections, member_client):
    section = sections["countries"]
    response = client.get(section.url)
    assert response.status_code == 200
    assert "Landeninformatie" in response.content.decode()


def test_restricted_section_is_hidden_from_the_menu_for_anonymous(client, sections, members_group):
    section = sections["protocols"]
    assert "Protocollen" in client.get("/").content.decode()
    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(members_group)
    html = client.get("/").content.decode()
    assert "Protocollen" not in html
    # As an unknown address; the 404 page offers the login instead of a redirect to it.
    response = client.get(section.url)
    assert response.status_code == 404
    assert 'href="/inloggen/?next=/protocollen/"' in response.content.decode()


def test_404_page_is_dutch(client, home):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina niet gevonden" in html
    assert '<html lang="nl">' in html


def test_500_page_is_dutch_and_standalone(rf):
    from portal.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


def test_login_and_logout(client, home, django_user_model):
    django_user_model.objects.create_user("redacteur", "r@example.org", "een-lang-wachtwoord")
    page = client.get("/inloggen/")
    assert "Inloggen" in page.content.decode()
    bad = client.post("/inloggen/", {"username": "redacteur", "password": "fout"})
    assert bad.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in bad.content.decode()
    good = client.post("/inloggen/", {"username": "redacteur", "password": "een-lang-wachtwoord"})
    assert good.status_code == 302
    assert "Uitloggen" in client.get("/").content.decode()
    client.post("/uitloggen/")
    assert "Inloggen" in client.get("/").content.decode()


def test_health_endpoint_reports_the_database(client, db):
    response = client.get("/gezond/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}


def test_robots_txt_points_to_the_sitemap(client, db):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /beheer/" in body
    assert "sitemap.xml" in body


def test_browser_language_does_not_switch_the_portal_to_english(client, home):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="nl">' in html
    assert "Naar de hoofdinhoud" in html


def test_language_switch_remembers_the_choice(client, home):
    html = client.get("/").content.decode()
    link = re.search(r'<a href="(/taal/en/\?next=[^"]*)"', html).group(1)
    response = client.get(link.replace("&amp;", "&"))
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert '<html lang="en">' in client.get("/").content.decode()
    assert '<html lang="nl">' in client.get("/taal/nl/?next=/", follow=True).content.decode()


def test_language_switch_goes_back_only_to_this_site(client, db):
    response = client.get("/taal/en/?next=https://evil.example/")
    assert response["Location"] == "/"
    assert client.get("/taal/xx/").status_code == 404
