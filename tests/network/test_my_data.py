"""'Mijn gegevens': a user downloads their own data and deletes their own account."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from network.models import (
    EventRegistration,
    FAQItem,
    Membership,
    Organisation,
    Question,
    QuestionMessage,
)
from tests.factories import EventFactory, ExpertFactory, MembershipFactory, UserFactory

MY_DATA = reverse("network:my_data")
DOWNLOAD = reverse("network:my_data_download")
DELETE = reverse("network:delete_account")


@pytest.fixture
def owner(db):
    membership = MembershipFactory(
        user__username="eigenaar",
        user__password="mijn-eigen-wachtwoord",
        organisation__name="Steunpunt Eigen",
    )
    return membership.user


@pytest.fixture
def owner_client(owner):
    client = Client()
    client.force_login(owner)
    return client


@pytest.fixture
def owner_data(owner):
    question = Question.objects.create(
        asker=owner, subject="Eigenvraagmarker", text="Hoe zit het met opvang?"
    )
    QuestionMessage.objects.create(question=question, author=owner, text="Eigenreactiemarker")
    QuestionMessage.objects.create(
        question=question, from_helpdesk=True, text="Antwoordmarker van de helpdesk"
    )
    QuestionMessage.objects.create(
        question=question, from_helpdesk=True, internal=True, text="Internenotitiemarker"
    )
    EventRegistration.objects.create(
        event=EventFactory(title="Eigenactiviteitmarker"), user=owner, status="confirmed"
    )
    ExpertFactory(user=owner, display_name="Eigen Expert", expertise="Expertisemarker")
    other = UserFactory(username="anderelid")
    Question.objects.create(asker=other, subject="Anderevraagmarker", text="Niet van u")
    return question


def test_the_page_is_for_signed_in_users_and_linked_from_the_account_area(client, owner_client):
    assert client.get(MY_DATA).status_code == 302
    assert client.get(DOWNLOAD).status_code == 302
    assert MY_DATA in owner_client.get(reverse("network:faq")).content.decode()
    page = owner_client.get(MY_DATA).content.decode()
    assert "Steunpunt Eigen" in page, "the organisations that stay are named"


def test_the_download_holds_the_users_own_data_and_no_internal_notes(owner_client, owner_data):
    response = owner_client.get(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["username"] == "eigenaar"
    assert [m["organisation"] for m in data["memberships"]] == ["Steunpunt Eigen"]
    [question] = data["helpdesk_questions"]
    assert question["subject"] == "Eigenvraagmarker"
    texts = [m["text"] for m in question["messages"]]
    assert texts == ["Eigenreactiemarker", "Antwoordmarker van de helpdesk"]
    assert [r["event"] for r in data["event_registrations"]] == ["Eigenactiviteitmarker"]
    assert data["expert_profile"]["expertise"] == "Expertisemarker"
    raw = response.content.decode()
    assert "Internenotitiemarker" not in raw
    assert "Anderevraagmarker" not in raw and "anderelid" not in raw


def test_the_download_lists_the_users_saved_searches_without_feed_tokens(
    owner_client, owner, owner_data
):
    from search.registry import save_search

    saved = save_search(owner, "Zoekopdrachtmarker", {"q": "asiel", "type": ["caselaw"]})
    data = json.loads(owner_client.get(DOWNLOAD).content)
    [entry] = data["saved_searches"]
    assert entry["name"] == "Zoekopdrachtmarker" and "q=asiel" in entry["search"]
    assert saved.feed_token not in owner_client.get(DOWNLOAD).content.decode()


def test_the_download_lists_the_users_follows(owner_client, owner, owner_data, sections):
    from knowledge.follows import follow
    from tests.factories import CaseLawPageFactory

    ruling = CaseLawPageFactory(parent=sections["caselaw"], title="Gevolgde uitspraakmarker")
    follow(owner, ruling)
    data = json.loads(owner_client.get(DOWNLOAD).content)
    [entry] = data["follows"]
    assert entry["page"] == "Gevolgde uitspraakmarker" and entry["url"] == ruling.url


def test_deleting_needs_the_password(owner_client, owner, owner_data):
    response = owner_client.post(DELETE, {"password": "verkeerd"})
    assert response.status_code == 400
    assert get_user_model().objects.filter(pk=owner.pk).exists()
    assert Question.objects.filter(asker=owner).exists()
    # A GET changes nothing either.
    assert owner_client.get(DELETE).status_code == 302
    assert get_user_model().objects.filter(pk=owner.pk).exists()


def test_deleting_removes_the_account_and_its_questions_but_not_the_organisation(
    owner_client, owner, owner_data, django_capture_on_commit_callbacks
):
    faq = FAQItem.objects.create(
        title="Blijvende vraag", answer="<p>Ja.</p>", source_question=owner_data
    )
    owner_data.attachment.save("besluit.pdf", SimpleUploadedFile("besluit.pdf", b"%PDF-1.4"))
    stored = Path(owner_data.attachment.path)
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT)) and stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(DELETE, {"password": "mijn-eigen-wachtwoord"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(username="eigenaar").exists()
    assert not Question.objects.filter(subject="Eigenvraagmarker").exists()
    assert not QuestionMessage.objects.filter(text="Eigenreactiemarker").exists()
    assert not Membership.objects.filter(organisation__name="Steunpunt Eigen").exists()
    assert Organisation.objects.filter(name="Steunpunt Eigen").exists()
    assert Question.objects.filter(subject="Anderevraagmarker").exists()
    faq.refresh_from_db()
    assert faq.source_question is None
    assert not stored.exists(), "the private attachment goes with the question"
    # Signed out, and the old password no longer opens anything.
    assert owner_client.get(MY_DATA).status_code == 302
    response = Client().post(
        reverse("login"), {"username": "eigenaar", "password": "mijn-eigen-wachtwoord"}
    )
    assert response.status_code == 200 and "_auth_user_id" not in response.client.session


def test_an_administrator_cannot_delete_their_own_account_here(db):
    admin = get_user_model().objects.create_superuser("beheerder", "b@example.org", "wachtwoord")
    client = Client()
    client.force_login(admin)
    client.post(DELETE, {"password": "wachtwoord"})
    assert get_user_model().objects.filter(pk=admin.pk).exists()
