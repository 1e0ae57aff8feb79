"""One visibility rule: a page is shown wherever it is listed, counted, linked or named exactly
when Wagtail would serve it to the same request. A page restricted to the members group is for
members; a page restricted to another group is for that group only, members included."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from wagtail.models import PageViewRestriction

from tests.factories import ArticlePageFactory, CaseLawPageFactory, CountryPageFactory

pytestmark = pytest.mark.django_db

COUNTRY_MARKER = "LANDMARKER-7f3a"
SECTION_MARKER = "SECTIEMARKER-d41c"
EDITORS_MARKER = "REDACTIEMARKER-0b9e"


def restrict(page, *groups):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(*groups)
    return restriction


@pytest.fixture
def restricted_country(sections, members_group):
    """A country page only members may open, concerned by a public ruling and a public article."""
    country = CountryPageFactory(
        parent=sections["countries"],
        iso_code="KP",
        name_nl=f"Noord-Korea {COUNTRY_MARKER}",
        slug="noord-korea-intern",
    )
    restrict(country, members_group)
    ruling = CaseLawPageFactory(parent=sections["caselaw"], countries=[country])
    article = ArticlePageFactory(parent=sections["articles"], countries=[country])
    return {"country": country, "ruling": ruling, "article": article}


def test_a_restricted_country_page_is_named_only_for_those_who_may_open_it(
    clients, sections, restricted_country
):
    country = restricted_country["country"]
    urls = [
        restricted_country["ruling"].url,
        restricted_country["article"].url,
        sections["caselaw"].url,
        sections["caselaw"].url + "?country=KP",
        sections["articles"].url,
        sections["articles"].url + "?country=KP",
    ]
    for who in ("anonymous", "outsider"):
        for url in urls:
            html = clients[who].get(url).content.decode()
            assert COUNTRY_MARKER not in html, (who, url)
            assert country.url not in html, (who, url)
        # The country itself is public knowledge: its common Dutch name still shows.
        assert "Noord-Korea" in clients[who].get(restricted_country["ruling"].url).content.decode()
    for url in urls:
        assert COUNTRY_MARKER in clients["member"].get(url).content.decode(), url


def test_a_restricted_section_is_left_out_of_home_and_menu_for_signed_in_non_members(
    clients, sections, members_group
):
    section = sections["protocols"]
    section.title = f"Protocollen {SECTION_MARKER}"
    section.save_revision().publish()
    restrict(section, members_group)
    for who in ("anonymous", "outsider"):
        html = clients[who].get("/").content.decode()
        assert SECTION_MARKER not in html, who
        assert section.url not in html, who
    assert SECTION_MARKER in clients["member"].get("/").content.decode()


@pytest.fixture
def editors_only(sections, django_user_model):
    """A ruling restricted to the editors' group, which members are not in."""
    editors = Group.objects.create(name="Redactie")
    editor = django_user_model.objects.create_user("redacteur", "r@example.org", "wachtwoord-r")
    editor.groups.add(editors)
    ruling = CaseLawPageFactory(
        parent=sections["caselaw"],
        title=f"Conceptuitspraak {EDITORS_MARKER}",
        summary=f"<p>{EDITORS_MARKER} intern.</p>",
        decision_date=datetime.date(2024, 5, 1),
    )
    restrict(ruling, editors)
    ruling.save_revision().publish()
    client = Client()
    client.force_login(editor)
    return {"ruling": ruling, "editor": client}


def test_a_page_restricted_to_another_group_is_not_members_content(clients, sections, editors_only):
    call_command("rebuild_search_index", no_progress=True, stdout=io.StringIO())
    listing = sections["caselaw"].url
    for who in ("anonymous", "outsider", "member"):
        client = clients[who]
        for url in (listing, "/", "/zoeken/?q=conceptuitspraak"):
            assert EDITORS_MARKER not in client.get(url).content.decode(), (who, url)
        api = client.get("/api/search/", {"q": "conceptuitspraak"}).json()
        assert api["total"] == 0, who
        assert client.get(f"/ecli/{editors_only['ruling'].ecli}/").status_code == 404, who
    # The group it is meant for sees it in the listing and may follow the ECLI.
    assert EDITORS_MARKER in editors_only["editor"].get(listing).content.decode()
    assert editors_only["editor"].get(f"/ecli/{editors_only['ruling'].ecli}/").status_code == 302


def test_changing_which_groups_a_restriction_admits_reaches_search(
    clients, sections, members_group, django_capture_on_commit_callbacks
):
    """Wagtail's privacy dialog saves a restriction first and sets its groups after; search must
    follow the groups, not the moment the restriction row was saved."""
    article = ArticlePageFactory(parent=sections["articles"], title="Bestuursnotitie kwartaal")
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
        restriction = PageViewRestriction.objects.create(
            page=article, restriction_type=PageViewRestriction.GROUPS
        )
    with django_capture_on_commit_callbacks(execute=True):
        restriction.groups.add(members_group)

    def found(who):
        return clients[who].get("/api/search/", {"q": "bestuursnotitie"}).json()["total"]

    assert (found("anonymous"), found("member")) == (0, 1)
    board = Group.objects.create(name="Bestuur")
    with django_capture_on_commit_callbacks(execute=True):
        restriction.groups.set([board])
    assert (found("anonymous"), found("member")) == (0, 0)


def test_editors_preview_pages_that_name_countries(admin_client, restricted_country):
    """A draft holds its countries in memory; the country links must work from there too."""
    ruling = restricted_country["ruling"]
    ruling.save_revision()
    response = admin_client.get(f"/beheer/pages/{ruling.pk}/view_draft/")
    assert response.status_code == 200
    assert COUNTRY_MARKER in response.content.decode()
