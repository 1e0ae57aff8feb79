"""Two-factor authentication: after the password, a user who set it up reaches nothing until
they give a code from their app or a backup code; editors can be obliged to set it up."""

import re
from binascii import unhexlify

import pytest
from django.core.management import call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import PageViewRestriction

from portal.twofactor import policy
from tests.factories import ProtocolPageFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Sterk-Wachtwoord-2026"
MARKER = "TWEESTAPS-LEDENTEKST-7c1d"


def app_code(device, steps_ahead=0) -> str:
    return f"{totp(device.bin_key, t0=-30 * steps_ahead):06d}"


@pytest.fixture
def member_with_app(member):
    member.set_password(PASSWORD)
    member.save()
    device = TOTPDevice.objects.create(user=member, name="Telefoon")
    codes = policy.new_backup_codes(member)
    return member, device, codes


@pytest.fixture
def members_page(sections, members_group):
    page = ProtocolPageFactory(parent=sections["protocols"], title=MARKER, intro=MARKER)
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(members_group)
    return page


def password_login(user, url="/inloggen/") -> Client:
    client = Client()
    response = client.post(url, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_password_alone_reaches_nothing_but_the_code_page(member_with_app, members_page):
    member, _device, _codes = member_with_app
    client = password_login(member)
    for url in (members_page.url, "/zoeken/?q=" + MARKER, "/api/search/?q=" + MARKER, "/beheer/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/inloggen/verificatie/?next="), url
        assert MARKER not in response.content.decode()
    page = client.get(response["Location"])
    assert "Voer uw code in" in page.content.decode()


def test_the_app_code_opens_the_page_asked_for(member_with_app, members_page):
    member, device, _codes = member_with_app
    client = password_login(member)
    target = client.get(members_page.url)["Location"]
    response = client.post(target, {"code": app_code(device), "next": members_page.url})
    assert response.status_code == 302
    assert response["Location"] == members_page.url
    assert MARKER in client.get(members_page.url).content.decode()


def test_a_wrong_code_is_refused_and_retrying_at_once_is_throttled(member_with_app, members_page):
    member, device, _codes = member_with_app
    client = password_login(member)
    wrong = f"{(int(app_code(device)) + 1) % 1_000_000:06d}"
    response = client.post("/inloggen/verificatie/", {"code": wrong})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    response = client.post("/inloggen/verificatie/", {"code": app_code(device)})
    assert "Te veel onjuiste codes" in response.content.decode()
    assert client.get(members_page.url).status_code == 302


def test_an_app_code_cannot_be_used_twice(member_with_app):
    member, device, _codes = member_with_app
    code = app_code(device)
    first = password_login(member)
    assert first.post("/inloggen/verificatie/", {"code": code}).status_code == 302
    second = password_login(member)
    response = second.post("/inloggen/verificatie/", {"code": code})
    assert response.status_code == 200


def test_a_backup_code_works_once(member_with_app, members_page):
    member, _device, codes = member_with_app
    typed = f"{codes[0][:4].upper()} {codes[0][4:]}"
    client = password_login(member)
    response = client.post("/inloggen/verificatie/", {"code": typed}, follow=True)
    assert "nog 9" in response.content.decode() or "9 over" in response.content.decode()
    assert MARKER in client.get(members_page.url).content.decode()
    again = password_login(member)
    assert again.post("/inloggen/verificatie/", {"code": codes[0]}).status_code == 200


def test_the_admin_login_takes_the_same_second_step(member_with_app):
    member, device, _codes = member_with_app
    member.is_superuser = True
    member.save()
    client = password_login(member, url="/beheer/login/")
    response = client.get("/beheer/")
    assert response["Location"].startswith("/inloggen/verificatie/")
    client.post("/inloggen/verificatie/", {"code": app_code(device)})
    assert client.get("/beheer/").status_code == 200


def test_the_second_step_can_be_left_by_logging_out(member_with_app):
    member, _device, _codes = member_with_app
    client = password_login(member)
    client.post("/uitloggen/")
    assert "_auth_user_id" not in client.session


def test_the_code_page_never_sends_visitors_elsewhere(member_with_app):
    member, device, _codes = member_with_app
    client = password_login(member)
    response = client.post(
        "/inloggen/verificatie/", {"code": app_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def setup_key(client) -> str:
    page = client.get("/account/tweestapsverificatie/").content.decode()
    secret = re.search(r'<code class="secret-key">([A-Z2-7 ]+)</code>', page).group(1)
    assert 'src="data:image/svg+xml' in page
    from base64 import b32decode

    return b32decode(secret.replace(" ", ""))


def test_a_member_switches_it_on_with_a_code_from_the_app(member):
    client = Client()
    client.force_login(member)
    key = setup_key(client)
    wrong = f"{(totp(key) + 1) % 1_000_000:06d}"
    refused = client.post("/account/tweestapsverificatie/", {"code": wrong})
    assert "Deze code klopt niet" in refused.content.decode()
    assert not policy.has_device(member)

    response = client.post("/account/tweestapsverificatie/", {"code": f"{totp(key):06d}"})
    html = response.content.decode()
    assert "Uw reservecodes" in html
    shown = re.findall(r"<li><code>([a-z2-7]{4} [a-z2-7]{4})</code></li>", html)
    assert len(shown) == policy.BACKUP_CODE_COUNT
    device = TOTPDevice.objects.get(user=member)
    assert device.confirmed and unhexlify(device.key.encode()) == key
    # The session that set it up counts as verified; a new sign-in needs a code.
    assert client.get("/").status_code == 200
    fresh = Client()
    fresh.force_login(member)
    assert fresh.get("/")["Location"].startswith("/inloggen/verificatie/")


def test_an_abandoned_setup_leaves_nothing_behind(member):
    client = Client()
    client.force_login(member)
    setup_key(client)
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert client.get("/").status_code == 200


def test_new_backup_codes_replace_the_old_ones(member_with_app):
    member, device, codes = member_with_app
    client = password_login(member)
    client.post("/inloggen/verificatie/", {"code": app_code(device)})
    html = client.post("/account/tweestapsverificatie/reservecodes/").content.decode()
    assert len(re.findall(r"<li><code>", html)) == policy.BACKUP_CODE_COUNT
    device = StaticDevice.objects.get(user=member)
    assert not device.token_set.filter(token=codes[0]).exists()


def test_switching_off_needs_a_code(member_with_app):
    member, device, codes = member_with_app
    client = password_login(member)
    client.post("/inloggen/verificatie/", {"code": codes[0]})
    refused = client.post("/account/tweestapsverificatie/uitzetten/", {"code": "000000"})
    assert refused.status_code == 400
    assert policy.has_device(member)
    client.post("/account/tweestapsverificatie/uitzetten/", {"code": codes[1]})
    assert not policy.has_device(member)


@pytest.fixture
def editor(django_user_model, home):
    user = django_user_model.objects.create_user("redacteur", password=PASSWORD, is_staff=True)
    user.is_superuser = True
    user.save()
    return user


def test_editors_must_set_it_up_where_required(settings, editor):
    settings.TWO_FACTOR_REQUIRED_FOR_EDITORS = True
    client = password_login(editor, url="/beheer/login/")
    response = client.get("/beheer/pages/")
    assert response["Location"].startswith("/account/tweestapsverificatie/?next=")
    html = client.get(response["Location"]).content.decode()
    assert "Als redacteur of beheerder" in html


def test_editors_cannot_switch_it_off_where_required(settings, editor):
    settings.TWO_FACTOR_REQUIRED_FOR_EDITORS = True
    device = TOTPDevice.objects.create(user=editor, name="Telefoon")
    client = password_login(editor)
    client.post("/inloggen/verificatie/", {"code": app_code(device)})
    client.post("/account/tweestapsverificatie/uitzetten/", {"code": app_code(device, 1)})
    assert policy.has_device(editor)


def test_without_the_requirement_editors_and_members_choose(editor, member):
    client = password_login(editor, url="/beheer/login/")
    assert client.get("/beheer/").status_code == 200


def test_an_administrator_can_switch_it_off_for_a_user_who_lost_everything(member_with_app):
    member, _device, _codes = member_with_app
    call_command("reset_two_factor", member.username)
    assert not policy.has_device(member)
    assert password_login(member).get("/").status_code == 200


def test_whether_a_user_has_two_factor_costs_one_query(member, member_with_app):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fresh = get_user_model().objects.get(pk=member.pk)
    with CaptureQueriesContext(connection) as queries:
        assert policy.has_device(fresh)
    assert len(queries) == 1
    other = get_user_model().objects.create_user("zonder", password=PASSWORD)
    with CaptureQueriesContext(connection) as queries:
        assert not policy.has_device(other)
    assert len(queries) == 1
    policy.remove_devices(fresh)
    assert not policy.has_device(fresh)
