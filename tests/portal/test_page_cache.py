"""Anonymous visitors are served stored pages; nobody else ever is, and a publish is seen at
once. Pages for anonymous visitors set no cookie, so a proxy or the page cache can keep them."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.models import PageViewRestriction

from portal.pagecache import HIT_HEADER
from tests.factories import CaseLawPageFactory, ProtocolIndexPageFactory, TopicFactory

pytestmark = pytest.mark.django_db

MEMBERS_MARKER = "LEDENANNOTATIE-CACHE-5e02"


@pytest.fixture
def ruling(sections):
    return CaseLawPageFactory(
        parent=sections["caselaw"],
        title="Uitspraak over bewaring",
        annotation=f"<p>{MEMBERS_MARKER}</p>",
        annotation_members_only=True,
    )


@pytest.mark.parametrize("where", ["home", "section", "ruling", "filtered section"])
def test_anonymous_pages_set_no_cookie_and_are_served_from_the_cache(where, ruling, sections):
    url = {
        "home": "/",
        "section": sections["caselaw"].url,
        "ruling": ruling.url,
        "filtered section": sections["caselaw"].url + "?year=2020",
    }[where]
    first = Client().get(url)
    assert first.status_code == 200
    assert not first.cookies, first.cookies
    assert HIT_HEADER not in first
    second = Client().get(url)
    assert second[HIT_HEADER] == "hit"
    assert second.content == first.content


def test_a_publish_is_seen_at_once(ruling):
    Client().get(ruling.url)
    ruling.title = "Uitspraak over vreemdelingenbewaring, herzien"
    ruling.save_revision().publish()
    response = Client().get(ruling.url)
    assert HIT_HEADER not in response
    assert "vreemdelingenbewaring, herzien" in response.content.decode()


def test_an_unpublished_page_leaves_the_cached_list(ruling, sections):
    assert ruling.title in Client().get(sections["caselaw"].url).content.decode()
    ruling.unpublish()
    assert ruling.title not in Client().get(sections["caselaw"].url).content.decode()


def test_signed_in_visitors_are_never_served_or_stored(ruling, clients):
    anonymous = Client().get(ruling.url)
    assert MEMBERS_MARKER not in anonymous.content.decode()
    member = clients["member"].get(ruling.url)
    assert HIT_HEADER not in member
    assert MEMBERS_MARKER in member.content.decode()
    assert "private" in member["Cache-Control"]
    # The member's page was not stored for the next anonymous visitor either.
    again = Client().get(ruling.url)
    assert again[HIT_HEADER] == "hit"
    assert MEMBERS_MARKER not in again.content.decode()


def test_a_restriction_added_later_closes_the_cached_page(ruling, members_group):
    assert Client().get(ruling.url).status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=ruling, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(members_group)
    assert ruling.title not in Client().get(ruling.url).content.decode()


def test_pages_with_a_form_are_not_stored(home):
    first = Client().get("/inloggen/")
    assert "csrftoken" in first.cookies
    assert HIT_HEADER not in Client().get("/inloggen/")


def test_the_language_choice_gets_its_own_stored_page(home):
    Client().get("/")
    english = Client()
    english.get("/taal/en/?next=/")
    assert '<html lang="en">' in english.get("/").content.decode()
    assert '<html lang="nl">' in Client().get("/").content.decode()


def test_filter_options_follow_new_content(ruling, sections):
    url = sections["caselaw"].url
    assert "Mensenhandel" not in Client(HTTP_HOST="localhost").get(url).content.decode()
    CaseLawPageFactory(parent=sections["caselaw"], topics=[TopicFactory(name="Mensenhandel")])
    assert "Mensenhandel" in Client(HTTP_HOST="localhost").get(url).content.decode()


def test_the_menu_follows_a_new_section(sections, home):
    assert "Werkinstructies" not in Client().get("/").content.decode()
    ProtocolIndexPageFactory(parent=home, slug="werkinstructies", title="Werkinstructies")
    assert "Werkinstructies" in Client().get("/").content.decode()


def test_the_case_law_list_needs_no_distinct_and_its_options_are_worked_out_once(
    ruling, sections, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    url = sections["caselaw"].url
    Client().get(url)
    filters = ("", "?topic=opvang", "?country=SY", "?tag=dublin", "?legal_area=bestuursrecht")
    for query in filters:
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(url + query).status_code == 200
        assert not [q["sql"] for q in queries if "DISTINCT" in q["sql"]], query


class RecordingBackend(BaseBackend):
    """A caching proxy that only notes which URLs the portal asked it to purge."""

    purged: list[str] = []

    def __init__(self, params):
        super().__init__(params)

    def purge(self, url):
        self.purged.append(url)


@pytest.fixture
def proxy(settings):
    settings.WAGTAILFRONTENDCACHE = {"proxy": {"BACKEND": f"{__name__}.RecordingBackend"}}
    RecordingBackend.purged = []
    return RecordingBackend


def test_behind_a_proxy_anonymous_pages_may_be_kept_there_and_others_not(proxy, ruling, clients):
    anonymous = Client().get(ruling.url)
    assert "s-maxage=60" in anonymous["Cache-Control"]
    assert "public" in anonymous["Cache-Control"]
    assert "s-maxage" in Client().get(ruling.url)["Cache-Control"]  # the stored copy too
    member = clients["member"].get(ruling.url)
    assert "s-maxage" not in member["Cache-Control"]
    assert "private" in member["Cache-Control"]
    assert "s-maxage" not in Client().get("/inloggen/").get("Cache-Control", "")


def test_the_proxy_is_purged_when_a_page_is_published_or_restricted(
    proxy, ruling, members_group, django_capture_on_commit_callbacks
):
    ruling.save_revision().publish()
    assert any(url.endswith(ruling.url) for url in proxy.purged)
    proxy.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=ruling.get_parent(), restriction_type=PageViewRestriction.LOGIN
        )
    assert any(url.endswith(ruling.url) for url in proxy.purged)
    assert any(url.endswith(restriction.page.url) for url in proxy.purged)


def test_the_count_of_a_section_follows_publishing(ruling, sections, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the count's own cache, not the page cache
    url = sections["caselaw"].url
    heading = re.compile(r'id="results-heading">\s*(\d+) ')
    assert heading.search(Client().get(url).content.decode()).group(1) == "1"
    CaseLawPageFactory(parent=sections["caselaw"]).save_revision().publish()
    assert heading.search(Client().get(url).content.decode()).group(1) == "2"
    ruling.unpublish()
    assert heading.search(Client().get(url).content.decode()).group(1) == "1"


def test_a_head_request_is_never_answered_with_a_stored_body(ruling):
    Client().get(ruling.url)
    response = Client().head(ruling.url)
    assert response.status_code == 200
    assert HIT_HEADER not in response


def test_rulings_imported_in_bulk_appear_in_the_cached_list(ruling, sections, tmp_path):
    """The bulk import writes without model signals; it renews the cached pages itself."""
    from tests.knowledge.conftest import RECHTSPRAAK, run_import, sample_copy

    run_import(RECHTSPRAAK / "ECLI_NL_PHR_2014_2.xml")  # its legal areas exist from now on
    copy = sample_copy(tmp_path, "ECLI_NL_PHR_2014_2.xml", "ECLI:NL:PHR:2014:777")
    assert "ECLI:NL:PHR:2014:777" not in Client().get(sections["caselaw"].url).content.decode()
    assert HIT_HEADER in Client().get(sections["caselaw"].url)

    run = run_import(copy)

    assert run.summary.startswith("imported 1,")
    response = Client().get(sections["caselaw"].url)
    assert HIT_HEADER not in response
    assert "ECLI:NL:PHR:2014:777" in response.content.decode()
