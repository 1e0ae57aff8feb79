import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import translation

from portal.access import MEMBERS_GROUP


@pytest.fixture(autouse=True)
def site_language():
    """Start every test in the site language: a request in English must not leak into the next
    test through the thread's active translation."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def home(db):
    from portal.demo import get_home

    return get_home()


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
