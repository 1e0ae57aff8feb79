import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from network.models import Expert, Membership
from network.search_documents import expert_documents
from portal.access import MEMBERS
from tests.factories import (
    CaseLawPageFactory,
    ExpertFactory,
    LanguageFactory,
    MembershipFactory,
    TopicFactory,
)

MARKER = "EXPERTMARKER-dublin-91"


@pytest.fixture
def dublin(db):
    return TopicFactory(name="Dublin", slug="dublin")


@pytest.fixture
def expert(db, dublin, django_capture_on_commit_callbacks):
    # Indexed after the commit, as in production: the free-text box searches the index.
    with django_capture_on_commit_callbacks(execute=True):
        return _expert(dublin)


def _expert(dublin):
    membership = MembershipFactory(
        organisation__name="Steunpunt Expertise",
        user__username="expert",
        user__email="geheim-expert@example.org",
        user__first_name="Eva",
        user__last_name="Expert",
    )
    return ExpertFactory(
        user=membership.user,
        organisation=membership.organisation,
        display_name="Eva Expert",
        expertise=f"Dublinzaken {MARKER}",
        topics=[dublin],
        languages=[LanguageFactory(code="fr", name="Frans")],
        countries=["IT"],
    )


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_non_members_get_a_notice_never_the_content(client, home, expert, outsider, who):
    if who == "outsider":
        client.force_login(outsider)
    for url in [
        reverse("network:experts"),
        expert.get_absolute_url(),
        reverse("network:experts") + "?q=dublin",
    ]:
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 403
        assert MARKER not in html
        assert "Eva Expert" not in html
        assert "voor leden" in html.lower()
    response = client.post(
        reverse("network:expert_ask", args=[expert.pk]), {"subject": "x", "message": "y"}
    )
    assert response.status_code == 403
    assert not mail.outbox


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({"q": "dublinzaken"}, True),
        ({"topic": "dublin"}, True),
        ({"country": "IT"}, True),
        ({"language": "fr"}, True),
        ({"q": "staatloosheid"}, False),
    ],
)
def test_members_find_experts(member_client, home, expert, params, found):
    response = member_client.get(reverse("network:experts"), params)
    assert response.status_code == 200
    assert ("Eva Expert" in response.content.decode()) is found


def test_question_is_relayed_without_exposing_the_address(member_client, home, expert, member):
    page = member_client.get(expert.get_absolute_url())
    assert MARKER in page.content.decode()
    assert "geheim-expert@example.org" not in page.content.decode()
    response = member_client.post(
        reverse("network:expert_ask", args=[expert.pk]),
        {"subject": "Dublinoverdracht naar Italië", "message": "Wat is de actuele praktijk?"},
        follow=True,
    )
    assert "geheim-expert@example.org" not in response.content.decode()
    [message] = mail.outbox
    assert message.to == ["geheim-expert@example.org"]
    assert message.reply_to == [member.email]
    assert "Dublinoverdracht naar Italië" in message.subject
    assert "Wat is de actuele praktijk?" in message.body


def test_question_form_validates_and_is_rate_limited(member_client, home, expert):
    url = reverse("network:expert_ask", args=[expert.pk])
    response = member_client.post(url, {"subject": "", "message": "x" * 6000})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"subject", "message"}
    for _ in range(9):
        member_client.post(url, {"subject": "Vraag", "message": "Tekst"})
    response = member_client.post(url, {"subject": "Vraag", "message": "Tekst"})
    assert response.status_code == 429
    assert len(mail.outbox) == 9


def test_removed_member_drops_out_of_the_expert_list(member_client, home, expert):
    assert "Eva Expert" in member_client.get(reverse("network:experts")).content.decode()
    Membership.objects.filter(user=expert.user).delete()
    assert "Eva Expert" not in member_client.get(reverse("network:experts")).content.decode()
    assert member_client.get(expert.get_absolute_url()).status_code == 404
    assert expert_documents(Expert.objects.get(pk=expert.pk)) == []


def test_member_creates_own_profile(member_client, home, member, dublin):
    response = member_client.post(
        reverse("network:expert_profile_edit"),
        {
            "display_name": "Lid Lid",
            "job_title": "Jurist",
            "expertise": "Staatloosheid en de vaststellingsprocedure",
            "topics": [dublin.pk],
            "countries": ["SY", "ER"],
            "is_available": "on",
        },
    )
    assert response.status_code == 302
    profile = Expert.objects.get(user=member)
    assert sorted(profile.country_codes) == ["ER", "SY"]


def test_expert_search_document_is_members_only(expert):
    [doc] = expert_documents(expert)
    assert doc.visibility == MEMBERS
    assert doc.public_text == ""
    assert MARKER in doc.members_text
    assert doc.countries == ["IT"]


def test_one_topic_filter_finds_the_rulings_and_the_experts_on_it(
    member_client, sections, expert, dublin
):
    CaseLawPageFactory(parent=sections["caselaw"], title="Overdracht aan Italië", topics=[dublin])
    call_command("rebuild_search_index", no_progress=True, stdout=io.StringIO())
    html = member_client.get(reverse("search:search"), {"topic": "dublin"}).content.decode()
    assert "Overdracht aan Italië" in html
    assert "Eva Expert" in html
    # The facet names the knowledge base's topic, for the ruling and the expert alike.
    facet = r'aria-current="true" class="active">Dublin</a> <span class="count">\(2\)'
    assert re.search(facet, html)
