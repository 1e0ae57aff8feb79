"""FAQ items: an editor turns an answered helpdesk question into a draft, rewrites it, and
publishes it for everyone or for members; the search finds it under its own type, and a
members-only item reaches no one else through any channel."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from network.demo import load_faq
from network.models import FAQItem, Question, QuestionMessage
from network.privacy import find_personal_data, visible_text
from portal.demo import read_demo_data
from tests.factories import TopicFactory, UserFactory

FAQ_LIST = reverse("network:faq")
PUBLIC_MARKER = "wielewaalmarker"
MEMBERS_MARKER = "kwartelkoningsignaal"


@pytest.fixture
def editor_client(db):
    editor = UserFactory(username="redacteur")
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def answered(member):
    question = Question.objects.create(
        asker=member,
        subject="Huisarts weigert inschrijving",
        text="Een gezin zonder papieren wordt bij de huisarts geweigerd. Mag dat?",
        topic=TopicFactory(name="Gezondheidszorg"),
        country="SY",
        status=Question.ANSWERED,
    )
    QuestionMessage.objects.create(
        question=question, from_helpdesk=True, internal=True, text="Notitiemarker intern"
    )
    QuestionMessage.objects.create(
        question=question, from_helpdesk=True, text="Nee: medisch noodzakelijke zorg <altijd>."
    )
    return question


def faq_post_data(**fields):
    return {
        "title": "Mag een huisarts iemand zonder papieren weigeren?",
        "question": "Een huisarts weigert een gezin zonder verblijfsvergunning.",
        "answer": "<p>Nee, medisch noodzakelijke zorg is voor iedereen.</p>",
        "country": "",
        "visibility": FAQItem.PUBLIC,
        "is_published": "on",
        **fields,
    }


def test_an_answered_question_becomes_a_draft_faq_item_for_the_editor_to_review(
    editor_client, answered
):
    edit = reverse("wagtailsnippets_network_question:edit", args=[answered.pk])
    make = reverse("wagtailsnippets_network_question:make_faq", args=[answered.pk])
    assert make in editor_client.get(edit).content.decode()
    assert editor_client.get(make).status_code == 200
    assert not FAQItem.objects.exists(), "looking at the confirmation creates nothing"
    response = editor_client.post(make)
    item = FAQItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailsnippets_network_faqitem:edit", args=[item.pk])
    assert not item.is_published and item.visibility == FAQItem.MEMBERS
    assert item.source_question == answered
    assert item.title == answered.subject and item.question == answered.text
    assert "medisch noodzakelijke zorg &lt;altijd&gt;." in item.answer
    assert "Notitiemarker" not in item.answer, "internal notes stay out"
    assert list(item.topics.all()) == [answered.topic] and item.country == "SY"
    # The draft is for the editor, not the site.
    assert Client().get(item.get_absolute_url()).status_code == 404


def test_an_open_question_offers_no_faq_and_a_member_cannot_make_one(
    editor_client, member_client, answered
):
    make = reverse("wagtailsnippets_network_question:make_faq", args=[answered.pk])
    Question.objects.filter(pk=answered.pk).update(status=Question.IN_PROGRESS)
    edit = reverse("wagtailsnippets_network_question:edit", args=[answered.pk])
    assert make not in editor_client.get(edit).content.decode()
    editor_client.post(make)
    member_client.post(make)
    assert not FAQItem.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("question", "Mijn cliënt met BSN 111222333 zoekt een huisarts."),
        ("answer", "<p>Bel <strong>06 12345678</strong> voor cliënt Ahmadi.</p>"),
        ("title", "V-nummer 1234567890: mag de huisarts weigeren?"),
    ],
)
def test_the_privacy_guard_refuses_personal_data_in_an_faq_item(editor_client, field, value):
    add = reverse("wagtailsnippets_network_faqitem:add")
    response = editor_client.post(add, faq_post_data(**{field: value}))
    assert response.status_code == 200
    assert "persoonsgegevens" in response.content.decode()
    assert not FAQItem.objects.exists()


def test_an_editor_publishes_a_clean_faq_item(editor_client):
    add = reverse("wagtailsnippets_network_faqitem:add")
    response = editor_client.post(add, faq_post_data(answer="<p>Nee.</p><script>x()</script>"))
    assert response.status_code == 302
    item = FAQItem.objects.get()
    assert item.is_published and item.published_at is not None
    assert "<script>" not in item.answer


@pytest.fixture
def faq_items(db, django_capture_on_commit_callbacks):
    health = TopicFactory(name="Gezondheidszorg")
    hidden = TopicFactory(name="Verborgenonderwerp")
    with django_capture_on_commit_callbacks(execute=True):
        public = FAQItem.objects.create(
            title="Openbare vraag over de huisarts",
            answer=f"<p>Zorg is er voor iedereen: {PUBLIC_MARKER}.</p>",
            visibility=FAQItem.PUBLIC,
            is_published=True,
        )
        public.topics.set([health])
        members = FAQItem.objects.create(
            title="Besloten ledenvraag",
            answer=f"<p>Alleen voor leden: {MEMBERS_MARKER}.</p>",
            visibility=FAQItem.MEMBERS,
            is_published=True,
        )
        members.topics.set([hidden])
        draft = FAQItem.objects.create(
            title="Conceptvraag", answer=f"<p>{PUBLIC_MARKER} concept</p>", is_published=False
        )
        for item in (public, members, draft):
            item.save()  # topics are part of the document: index after they are set
    return {"public": public, "members": members, "draft": draft}


def test_a_published_faq_item_is_found_under_its_own_type(client, home, faq_items):
    result = client.get("/api/search/", {"q": PUBLIC_MARKER}).json()
    assert result["total"] == 1
    hit = result["results"][0]
    assert hit["type"] == "faq" and hit["url"] == faq_items["public"].get_absolute_url()
    page = client.get("/zoeken/", {"q": PUBLIC_MARKER}).content.decode()
    assert "Veelgestelde vraag" in page
    filtered = client.get("/api/search/", {"q": "huisarts", "type": "faq"}).json()
    assert [r["url"] for r in filtered["results"]] == [faq_items["public"].get_absolute_url()]


def test_a_members_only_faq_item_reaches_no_one_else(clients, home, faq_items):
    members = faq_items["members"]
    for name in ("anonymous", "outsider"):
        visitor = clients[name]
        assert visitor.get(members.get_absolute_url()).status_code == 404
        # The same answer as an item that does not exist.
        assert visitor.get(reverse("network:faq_item", args=[99999])).status_code == 404
        listing = visitor.get(FAQ_LIST).content.decode()
        assert "Besloten ledenvraag" not in listing
        assert "Verborgenonderwerp" not in listing, "no filter option from a hidden item"
        filtered = visitor.get(FAQ_LIST, {"onderwerp": "verborgenonderwerp"}).content.decode()
        assert "Besloten ledenvraag" not in filtered
        assert visitor.get("/api/search/", {"q": MEMBERS_MARKER}).json()["total"] == 0
        for url in ["/zoeken/", "/api/search/", "/api/search/suggest/"]:
            body = visitor.get(url, {"q": MEMBERS_MARKER}).content.decode()
            assert "Besloten ledenvraag" not in body, (name, url)
        body = visitor.get("/api/search/suggest/", {"q": "beslo"}).content.decode()
        assert "Besloten ledenvraag" not in body
    member = clients["member"]
    assert member.get(members.get_absolute_url()).status_code == 200
    assert "Besloten ledenvraag" in member.get(FAQ_LIST).content.decode()
    assert member.get("/api/search/", {"q": MEMBERS_MARKER}).json()["total"] == 1


def test_the_faq_list_filters_by_topic_and_hides_drafts(client, faq_items):
    listing = client.get(FAQ_LIST).content.decode()
    assert "Openbare vraag over de huisarts" in listing and "Conceptvraag" not in listing
    assert client.get(faq_items["draft"].get_absolute_url()).status_code == 404
    filtered = client.get(FAQ_LIST, {"onderwerp": "gezondheidszorg"}).content.decode()
    assert "Openbare vraag over de huisarts" in filtered


def test_unpublishing_removes_the_item_from_search(
    client, home, faq_items, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        faq_items["public"].is_published = False
        faq_items["public"].save()
    assert client.get("/api/search/", {"q": PUBLIC_MARKER}).json()["total"] == 0


def test_the_demo_faq_is_anonymised_and_loads_once(db):
    for spec in read_demo_data("network", "faq.toml")["faq"]:
        for text in (spec["title"], spec["question"], visible_text(spec["answer"])):
            assert not find_personal_data(text), text
    first = load_faq()
    assert first["FAQ items"] >= 3
    assert FAQItem.objects.filter(is_published=True, visibility=FAQItem.PUBLIC).count() >= 3
    assert load_faq() == {"FAQ items": 0}
