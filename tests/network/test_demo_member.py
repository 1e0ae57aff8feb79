"""`make run` gives a newcomer a member account, so the members-only side can be seen at once."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from portal.access import is_member
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def run(**options) -> str:
    out = io.StringIO()
    call_command("ensure_demo_member", stdout=out, **options)
    return out.getvalue()


def signs_in(client, password) -> bool:
    response = client.post("/inloggen/", {"username": "lid", "password": password})
    return response.status_code == 302 and "_auth_user_id" in client.session


def test_the_demo_member_can_sign_in_and_is_a_member(client, monkeypatch):
    monkeypatch.delenv("MEMBER_PASSWORD", raising=False)
    OrganisationFactory(name="Wereldhuis")
    output = run(url="http://127.0.0.1:8010")

    password = output.split("password: ", 1)[1].split(")", 1)[0]
    user = get_user_model().objects.get(username="lid")
    assert is_member(user)
    assert "http://127.0.0.1:8010/inloggen/" in output
    assert signs_in(client, password)
    # A second run keeps the account and its password, and prints no password.
    again = run()
    assert "password:" not in again and "a member" in again
    client.logout()
    assert signs_in(client, password)


def test_no_organisation_no_member(monkeypatch):
    output = run()
    assert "none created" in output
    assert not get_user_model().objects.filter(username="lid").exists()
