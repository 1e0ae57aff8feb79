"""Guessing passwords: every login form locks after too many wrong passwords, with a Dutch
message, and the right password does not get in while the lock lasts; password-reset mails are
throttled per client."""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "Juist-Wachtwoord-2024"


@pytest.fixture
def account(django_user_model):
    return django_user_model.objects.create_user(
        "doelwit@example.org", "doelwit@example.org", PASSWORD, is_staff=True, is_superuser=True
    )


@pytest.mark.parametrize("login_url", ["/inloggen/", "/beheer/login/"])
def test_too_many_wrong_passwords_lock_the_login(home, account, login_url):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(login_url, {"username": account.username, "password": "fout"})
    response = client.post(login_url, {"username": account.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "Te veel pogingen om in te loggen" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_lock_on_one_account_does_not_hold_up_another(home, account, django_user_model):
    other = django_user_model.objects.create_user("collega@example.org", password=PASSWORD)
    client = Client(REMOTE_ADDR="192.0.2.10")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/inloggen/", {"username": account.username, "password": "fout"})
    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    elsewhere.post("/inloggen/", {"username": other.username, "password": PASSWORD})
    assert "_auth_user_id" in elsewhere.session


def test_logging_in_to_another_account_does_not_wipe_the_count(home, account, django_user_model):
    """An attacker with an account of their own, guessing from one address, must not reset the
    count on the victim by logging in to their own account between guesses."""
    django_user_model.objects.create_user("aanvaller@example.org", password="Eigen-Wachtwoord-1")
    client = Client()
    for _round in range(2):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            client.post("/inloggen/", {"username": account.username, "password": "fout"})
        client.post(
            "/inloggen/", {"username": "aanvaller@example.org", "password": "Eigen-Wachtwoord-1"}
        )
        client.post(reverse("logout"))
    victim = Client()
    response = victim.post("/inloggen/", {"username": account.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in victim.session


@pytest.mark.parametrize("login_url", ["/inloggen/", "/beheer/login/"])
def test_a_few_typos_then_the_right_password_logs_in(home, account, login_url):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(login_url, {"username": account.username, "password": "fout"})
    client.post(login_url, {"username": account.username, "password": PASSWORD})
    assert "_auth_user_id" in client.session


def test_password_reset_mails_are_throttled(home, account):
    client = Client()
    url = reverse("network:password_reset")
    statuses = [client.post(url, {"email": account.email}).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]
    assert len(mail.outbox) == 5
    refused = client.post(url, {"email": account.email})
    assert "Probeer het over een uur opnieuw" in refused.content.decode()
