import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction

from knowledge.models import ArticleIndexPage, CaseLawIndexPage, CountryIndexPage, ProtocolIndexPage
from portal.models import HomePage


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def test_home_page_renders_in_dutch_with_sections(client, demo):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert 'href="#main"' in html and 'id="main"' in html  # skip link and its target
    assert "Naar de hoofdinhoud" in html
    for title in ["Landeninformatie", "Jurisprudentie", "Protocollen", "Artikelen"]:
        assert title in html
    assert "Inloggen" in html


def test_english_is_available(client, demo):
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html


def test_demo_loader_is_idempotent(demo):
    counts = (Page.objects.count(), HomePage.objects.count(), CountryIndexPage.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (
        Page.objects.count(),
        HomePage.objects.count(),
        CountryIndexPage.objects.count(),
    ) == counts
    assert CaseLawIndexPage.objects.count() == ProtocolIndexPage.objects.count() == 1
    assert ArticleIndexPage.objects.count() == 1


def test_demo_loader_keeps_editor_changes(demo):
    section = CountryIndexPage.objects.get()
    section.intro = "Door de redactie herschreven."
    section.save_revision().publish()
    call_command("load_demo", stdout=io.StringIO())
    assert CountryIndexPage.objects.get().intro == "Door de redactie herschreven."


def test_section_page_lists_only_what_a_visitor_may_see(client, demo, member_client):
    section = CountryIndexPage.objects.get()
    response = client.get(section.url)
    assert response.status_code == 200
    assert "Landeninformatie" in response.content.decode()


def test_restricted_section_is_hidden_from_the_menu_for_anonymous(client, demo, members_group):
    section = ProtocolIndexPage.objects.get()
    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(members_group)
    html = client.get("/").content.decode()
    assert "Protocollen" not in html
    response = client.get(section.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")


def test_404_page_is_dutch(client, demo):
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


def test_login_and_logout(client, demo, django_user_model):
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


def test_browser_language_does_not_switch_the_portal_to_english(client, demo):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="nl">' in html
    assert "Naar de hoofdinhoud" in html


def test_language_switch_remembers_the_choice(client, demo):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="en">' in client.get("/").content.decode()
