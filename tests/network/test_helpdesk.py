"""The helpdesk ("Vraagbaak"): members ask, the knowledge centre answers in the admin, and the
portal keeps no client files."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from network.models import Question, QuestionMessage
from network.models.helpdesk import MAX_ATTACHMENT_BYTES, working_days_before
from tests.factories import TopicFactory, UserFactory

NEW = reverse("network:question_new")
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def editor(db):
    """A knowledge-centre editor: Wagtail's Editors group, which the migration lets answer."""
    user = UserFactory(username="redacteur", email="redactie@example.org")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


def ask(client, **fields):
    data = {"subject": "Toegang tot de huisarts", "text": "Hoe regel ik zorg?", **fields}
    return client.post(NEW, data)


def test_a_member_asks_and_the_helpdesk_hears_of_it_without_the_question(
    member_client, member, editor, django_capture_on_commit_callbacks
):
    topic = TopicFactory(name="Gezondheidszorg")
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(
            member_client,
            topic=topic.pk,
            country="SY",
            text="Een gezin zonder verblijfsrecht zoekt een huisarts. Wat zijn de regels?",
        )
    question = Question.objects.get()
    assert response.status_code == 302 and response["Location"] == question.get_absolute_url()
    assert question.asker == member and question.status == Question.NEW
    assert question.topic == topic and question.country == "SY"
    assert [m.to for m in mail.outbox] == [[editor.email]]
    body = mail.outbox[0].body
    assert f"/beheer/vraagbaak/edit/{question.pk}/" in body
    assert "huisarts" not in body and "huisarts" not in mail.outbox[0].subject
    listing = member_client.get(reverse("network:questions")).content.decode()
    assert "Toegang tot de huisarts" in listing and "nieuw" in listing


@pytest.mark.parametrize(
    "text",
    [
        "Mijn cliënt heeft BSN 111222333 en zoekt opvang.",
        "Het gaat om V-nummer 1234567890, afgewezen in 2020.",
    ],
)
def test_a_question_with_a_bsn_or_v_number_is_refused_and_nothing_is_kept(
    member_client, editor, text, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(member_client, text=text)
    assert response.status_code == 200
    assert "persoonsgegevens" in response.content.decode()
    assert not Question.objects.exists() and not mail.outbox


def test_a_question_without_personal_data_but_with_legal_numbers_is_accepted(member_client):
    text = (
        "Geldt ECLI:NL:RVS:2020:1234 (zaak 201905544/1/V2, art. 8:75 Awb) ook bij een "
        "aanvraag uit 2019 en een eigen bijdrage van € 1.234,56?"
    )
    assert ask(member_client, text=text).status_code == 302
    assert Question.objects.get().text == text


def test_the_helpdesk_is_for_members_and_each_question_for_its_asker(clients, member):
    question = Question.objects.create(asker=member, subject="Geheimvraagmarker", text="Tekst")
    detail = question.get_absolute_url()
    for name in ("anonymous", "outsider"):
        for url in (NEW, reverse("network:questions"), detail):
            response = clients[name].get(url)
            assert response.status_code in (302, 403), (name, url)
            assert "Geheimvraagmarker" not in response.content.decode()
    other = UserFactory()
    other.groups.add(Group.objects.get(name="Leden"))
    clients["outsider"].force_login(other)
    response = clients["outsider"].get(detail)
    assert response.status_code == 404
    assert "Geheimvraagmarker" not in response.content.decode()
    assert clients["member"].get(detail).status_code == 200


def _upload(name="besluit.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_an_attachment_is_private_to_the_asker_and_the_helpdesk(
    member_client, editor_client, client, member
):
    assert ask(member_client, attachment=_upload("besluit Jansen.pdf")).status_code == 302
    question = Question.objects.get()
    stored = Path(question.attachment.path)
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert "Jansen" not in stored.name, "the member's file name is not kept"
    url = reverse("network:question_attachment", args=[question.pk])
    response = member_client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert editor_client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 404
    other = UserFactory()
    other.groups.add(Group.objects.get(name="Leden"))
    client.force_login(other)
    assert client.get(url).status_code == 404


def test_deleting_a_question_in_the_admin_removes_its_attachment_file(
    member_client, django_capture_on_commit_callbacks
):
    assert ask(member_client, attachment=_upload()).status_code == 302
    question = Question.objects.get()
    stored = Path(question.attachment.path)
    assert stored.exists()
    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("opruimer", "o@example.org", "x"))
    url = reverse("wagtailsnippets_network_question:delete", args=[question.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(url).status_code == 302
    assert not Question.objects.exists()
    assert not stored.exists(), "no orphaned file with a member's document in it"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("besluit.exe", PDF, "PDF-, DOCX- of ODT-bestand"),
        ("besluit.pdf", b"MZ\x90\x00 not a pdf", "geen echt PDF-bestand"),
        ("besluit.pdf", b"", "leeg"),
        ("besluit.pdf", PDF + b"0" * MAX_ATTACHMENT_BYTES, "groter dan 10 MB"),
    ],
)
def test_bad_attachments_are_refused_with_a_reason(member_client, name, content, message):
    stored_before = sorted(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*.*"))
    response = ask(member_client, attachment=SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Question.objects.exists()
    assert sorted(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*.*")) == stored_before


def test_the_helpdesk_answers_in_the_admin_and_the_member_reads_it_on_the_site(
    editor_client, editor, member, member_client, django_capture_on_commit_callbacks
):
    question = Question.objects.create(asker=member, subject="Opvang", text="Welke opvang?")
    listing = editor_client.get(reverse("wagtailsnippets_network_question:list"), {"status": "new"})
    assert listing.status_code == 200 and "Opvang" in listing.content.decode()
    edit = reverse("wagtailsnippets_network_question:edit", args=[question.pk])
    assert "Welke opvang?" in editor_client.get(edit).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            edit,
            {
                "status": Question.IN_PROGRESS,
                "assigned_to": editor.pk,
                "topic": "",
                "country": "",
                "answer": "De gemeente biedt bed-bad-brood; zie het protocol.",
                "internal_note": "Internenotitiemarker: nagevraagd bij de gemeente.",
            },
        )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.ANSWERED and question.assigned_to == editor
    assert question.answered_at is not None
    assert QuestionMessage.objects.filter(question=question).count() == 2
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert question.get_absolute_url() in mail.outbox[0].body
    assert "bed-bad-brood" not in mail.outbox[0].body
    page = member_client.get(question.get_absolute_url()).content.decode()
    assert "bed-bad-brood" in page and "beantwoord" in page
    assert "Internenotitiemarker" not in page


def test_a_reaction_reopens_an_answer_and_a_closed_question_takes_none(member_client, member):
    question = Question.objects.create(
        asker=member, subject="Opvang", text="Welke opvang?", status=Question.ANSWERED
    )
    url = question.get_absolute_url()
    assert member_client.post(url, {"text": "Dank, en voor gezinnen?"}).status_code == 302
    question.refresh_from_db()
    assert question.status == Question.IN_PROGRESS
    Question.objects.filter(pk=question.pk).update(status=Question.CLOSED)
    member_client.post(url, {"text": "Nog een vraag"})
    assert not QuestionMessage.objects.filter(text="Nog een vraag").exists()


def test_nobody_adds_a_question_in_the_admin(editor_client):
    response = editor_client.get(reverse("wagtailsnippets_network_question:add"))
    assert response.status_code in (302, 403)


def test_working_days_skip_weekends():
    monday = datetime.date(2026, 11, 30)
    assert working_days_before(monday, 0) == monday
    assert working_days_before(monday, 1) == datetime.date(2026, 11, 27)  # the Friday before
    assert working_days_before(monday, 5) == datetime.date(2026, 11, 23)
    assert working_days_before(datetime.date(2026, 11, 29), 1) == datetime.date(2026, 11, 27)


def test_the_dashboard_lists_questions_waiting_too_long(editor_client, member, settings):
    settings.HELPDESK_REMINDER_WORKING_DAYS = 3
    old = Question.objects.create(asker=member, subject="Wachtendevraagmarker", text="...")
    fresh = Question.objects.create(asker=member, subject="Versevraagmarker", text="...")
    answered = Question.objects.create(
        asker=member, subject="Beantwoordevraagmarker", text="...", status=Question.ANSWERED
    )
    long_ago = timezone.now() - datetime.timedelta(days=10)
    Question.objects.filter(pk__in=[old.pk, answered.pk]).update(created_at=long_ago)
    assert fresh.pk
    page = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Wachtendevraagmarker" in page
    assert "Versevraagmarker" not in page and "Beantwoordevraagmarker" not in page
