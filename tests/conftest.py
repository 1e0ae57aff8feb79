import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.test import Client
from django.utils import translation
from wagtail.models import Page, Site

from portal.access import MEMBERS_GROUP
from tests.factories import (
    ArticleIndexPageFactory,
    CaseLawIndexPageFactory,
    CountryIndexPageFactory,
    HomePageFactory,
    ProtocolIndexPageFactory,
)


@pytest.fixture(autouse=True)
def site_language():
    """Start every test in the site language: a request in English must not leak into the next
    test through the thread's active translation."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_caches():
    """Pages, menus and filter options cached by one test must not answer the next."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def home(db):
    """The portal's home page as the root of the default site, without the demo text. Wagtail's
    "Welcome" page stays beside it, outside the site; deleting it costs more than the page."""
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="portal")
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.site_name = "ENO Kennisportaal"
    site.save()  # through save(): that clears Wagtail's cache of site root paths
    return home


@pytest.fixture
def sections(home):
    """The four section pages, in the menu under the home page (what load_demo would create)."""
    return {
        "countries": CountryIndexPageFactory(parent=home, slug="landeninformatie"),
        "caselaw": CaseLawIndexPageFactory(parent=home, slug="jurisprudentie"),
        "protocols": ProtocolIndexPageFactory(parent=home, slug="protocollen"),
        "articles": ArticleIndexPageFactory(parent=home, slug="artikelen"),
    }


@pytest.fixture
def members_group(db):
    group, _ = Group.objects.get_or_create(name=MEMBERS_GROUP)
    return group


@pytest.fixture
def member(db, members_group, django_user_model):
    user = django_user_model.objects.create_user("lid", "lid@example.org", "wachtwoord-lid")
    user.groups.add(members_group)
    return user


@pytest.fixture
def outsider(db, django_user_model):
    """Logged in, but not a member of the network."""
    return django_user_model.objects.create_user("buiten", "buiten@example.org", "wachtwoord-x")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def clients(outsider, member):
    """The three kinds of visitor every members-only test compares: anonymous, signed in but
    not a member, and a member."""
    anonymous, outsider_client, member_client = Client(), Client(), Client()
    outsider_client.force_login(outsider)
    member_client.force_login(member)
    return {"anonymous": anonymous, "outsider": outsider_client, "member": member_client}
