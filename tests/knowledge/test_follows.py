"""Following a ruling ("Volg deze uitspraak") and a country ("Volg dit land"): the button, the
list of follows, alerts in the one send_alerts e-mail (each event once, only what the recipient
may read at sending time) and the stop link that works logged out."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from knowledge import follows
from knowledge.models import Follow, FollowAnnouncement
from tests.factories import ArticlePageFactory, CaseLawPageFactory, CountryPageFactory

pytestmark = pytest.mark.django_db

CITED = "ECLI:NL:RBAMS:2010:BO3979"
MARKER = "VOLGMARKER7731"  # only in members-only content


def send() -> str:
    out = StringIO()
    call_command("send_alerts", "--no-progress", stdout=out, stderr=StringIO())
    return out.getvalue()


def publish(page, capture):
    # Citations are stored on publish, the search index after the commit.
    with capture(execute=True):
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def citing_ruling(parent, capture, ecli="ECLI:NL:CRVB:2015:9001", **fields):
    ruling = CaseLawPageFactory(
        parent=parent, ecli=ecli, summary=f"<p>Zie de uitspraak {CITED}.</p>", **fields
    )
    return publish(ruling, capture)


@pytest.fixture
def cited(sections, django_capture_on_commit_callbacks):
    ruling = CaseLawPageFactory(parent=sections["caselaw"], ecli=CITED)
    return publish(ruling, django_capture_on_commit_callbacks)


@pytest.fixture
def country(sections, django_capture_on_commit_callbacks):
    page = CountryPageFactory(parent=sections["countries"], summary="<p>Eerste tekst.</p>")
    return publish(page, django_capture_on_commit_callbacks)


# --- following ----------------------------------------------------------------------------------


def test_follow_and_unfollow_from_the_case_page(cited, member, member_client):
    html = member_client.get(cited.url).content.decode()
    assert "Volg deze uitspraak" in html
    toggle = reverse("knowledge:follow_toggle", args=[cited.pk])

    response = member_client.post(toggle, {"action": "follow", "next": cited.url})
    assert response.status_code == 302 and response["Location"] == cited.url
    assert Follow.objects.filter(user=member, page=cited).count() == 1
    html = member_client.get(cited.url).content.decode()
    assert "Niet meer volgen" in html and "U volgt deze uitspraak." in html

    # Following twice is still one follow.
    member_client.post(toggle, {"action": "follow"})
    assert Follow.objects.filter(user=member).count() == 1

    listing = member_client.get(reverse("knowledge:follows")).content.decode()
    assert cited.title in listing

    member_client.post(toggle, {"action": "unfollow", "next": cited.url})
    assert not Follow.objects.filter(user=member).exists()
    assert "Volg deze uitspraak" in member_client.get(cited.url).content.decode()


def test_follow_a_country_and_unfollow_from_the_list(country, member, member_client):
    assert "Volg dit land" in member_client.get(country.url).content.decode()
    member_client.post(reverse("knowledge:follow_toggle", args=[country.pk]))
    followed = Follow.objects.get(user=member, page=country)

    response = member_client.post(reverse("knowledge:unfollow", args=[followed.pk]))
    assert response.status_code == 302
    assert not Follow.objects.exists()


def test_only_rulings_and_countries_the_user_may_open_can_be_followed(
    sections, cited, outsider, client, restrict_to_members
):
    client.force_login(outsider)
    article = ArticlePageFactory(parent=sections["articles"])
    assert client.post(reverse("knowledge:follow_toggle", args=[article.pk])).status_code == 404
    restrict_to_members(cited)
    assert client.post(reverse("knowledge:follow_toggle", args=[cited.pk])).status_code == 404
    assert not Follow.objects.exists()


def test_someone_elses_follow_cannot_be_removed(cited, member, outsider, client):
    followed = follows.follow(member, cited)
    client.force_login(outsider)
    assert client.post(reverse("knowledge:unfollow", args=[followed.pk])).status_code == 404
    assert Follow.objects.filter(pk=followed.pk).exists()


def test_following_needs_a_login(cited, client):
    response = client.post(reverse("knowledge:follow_toggle", args=[cited.pk]))
    assert response.status_code == 302 and "/inloggen/" in response["Location"]
    assert not Follow.objects.exists()


# --- the button and the page cache ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ["ruling", "country"])
def test_anonymous_visitors_get_a_login_link_from_the_cache(
    kind, cited, country, member, client, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    page = cited if kind == "ruling" else country
    follows.follow(member, page)

    first = client.get(page.url)
    html = first.content.decode()
    assert "/inloggen/?next=" in html
    assert "csrfmiddlewaretoken" not in html
    assert "Niet meer volgen" not in html
    assert client.get(page.url)["X-Page-Cache"] == "hit"

    # A signed-in user is never answered from the cache: their own button, their own state.
    client.force_login(member)
    signed_in = client.get(page.url)
    assert "X-Page-Cache" not in signed_in
    assert "Niet meer volgen" in signed_in.content.decode()
    client.logout()
    again = client.get(page.url).content.decode()
    assert "Niet meer volgen" not in again and "csrfmiddlewaretoken" not in again


# --- alerts -------------------------------------------------------------------------------------


def test_a_new_citing_ruling_is_announced_once(
    sections, cited, member, django_capture_on_commit_callbacks
):
    old = citing_ruling(sections["caselaw"], django_capture_on_commit_callbacks)
    follows.follow(member, cited)
    send()
    assert mail.outbox == []  # what cited it before the follow is not news

    new = citing_ruling(
        sections["caselaw"], django_capture_on_commit_callbacks, ecli="ECLI:NL:RVS:2021:77"
    )
    summary = send()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "sent 1 e-mails with 1 new items" in summary
    assert f"http://testserver{new.url}" in message.body
    assert old.url not in message.body
    assert f"U ontvangt dit omdat u de uitspraak {CITED} volgt." in message.body
    html, _mimetype = message.alternatives[0]
    assert f'<a href="http://testserver{new.url}">' in html

    send()
    assert len(mail.outbox) == 1

    # An article that starts citing it is news too.
    article = ArticlePageFactory(
        parent=sections["articles"],
        title="Wachten op de IND",
        body=[("paragraph", f"<p>Zie {CITED}.</p>")],
    )
    publish(article, django_capture_on_commit_callbacks)
    send()
    send()
    assert len(mail.outbox) == 2
    assert "Wachten op de IND" in mail.outbox[1].body


def test_a_new_country_version_and_ruling_are_announced_once(
    sections, country, member, django_capture_on_commit_callbacks
):
    follows.follow(member, country)
    send()
    assert mail.outbox == []

    country.summary = "<p>Nieuwe informatie over de veiligheid.</p>"
    publish(country, django_capture_on_commit_callbacks)
    send()
    send()
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Nieuwe versie van “Syrië”" in body
    assert f"http://testserver{country.url}" in body
    assert "omdat u het land Syrië volgt" in body

    ruling = CaseLawPageFactory(
        parent=sections["caselaw"], title="Uitspraak over Syrië", countries=[country]
    )
    publish(ruling, django_capture_on_commit_callbacks)
    send()
    send()
    assert len(mail.outbox) == 2
    assert f"http://testserver{ruling.url}" in mail.outbox[1].body
    assert "Nieuwe versie" not in mail.outbox[1].body


def test_members_only_citations_never_reach_a_non_member(
    sections, cited, member, outsider, restrict_to_members, django_capture_on_commit_callbacks
):
    follows.follow(outsider, cited)
    follows.follow(member, cited)
    # A restricted ruling citing it, and a public one that cites it only in its members-only
    # annotation.
    restricted = CaseLawPageFactory(
        parent=sections["caselaw"],
        ecli="ECLI:NL:RVS:2022:1",
        title=f"Beperkte uitspraak {MARKER}",
        summary=f"<p>Zie {CITED}.</p>",
    )
    restrict_to_members(restricted)
    publish(restricted, django_capture_on_commit_callbacks)
    annotated = CaseLawPageFactory(
        parent=sections["caselaw"],
        ecli="ECLI:NL:RVS:2022:2",
        title=f"Annotatie {MARKER}",
        annotation=f"<p>Vergelijk {CITED}.</p>",
        annotation_members_only=True,
    )
    publish(annotated, django_capture_on_commit_callbacks)

    send()
    to = {message.to[0]: message for message in mail.outbox}
    assert "buiten@example.org" not in to
    assert MARKER in to["lid@example.org"].body
    for message in mail.outbox:
        if message.to == ["buiten@example.org"]:
            assert MARKER not in message.body
            assert MARKER not in message.alternatives[0][0]
    # Not recorded for the outsider: announced once they become a member.
    outsider_follow = Follow.objects.get(user=outsider)
    assert not FollowAnnouncement.objects.filter(
        follow=outsider_follow, event_key=f"cites:{restricted.pk}"
    ).exists()


def test_a_follow_of_a_page_now_restricted_sends_nothing_to_a_non_member(
    sections, cited, outsider, restrict_to_members, django_capture_on_commit_callbacks
):
    follows.follow(outsider, cited)
    restrict_to_members(cited)
    citing_ruling(sections["caselaw"], django_capture_on_commit_callbacks)
    send()
    assert mail.outbox == []


def test_the_stop_link_in_the_mail_works_logged_out(
    sections, cited, member, client, django_capture_on_commit_callbacks
):
    followed = follows.follow(member, cited)
    citing_ruling(sections["caselaw"], django_capture_on_commit_callbacks)
    send()
    message = mail.outbox[0]
    stop = reverse("knowledge:follow_stop", args=[follows.stop_token(followed)])
    assert f"http://testserver{stop}" in message.body
    # The only section is a follow: its stop link is the one-click unsubscribe.
    assert message.extra_headers["List-Unsubscribe"] == f"<http://testserver{stop}>"

    page = client.get(stop)
    assert page.status_code == 200 and cited.title in page.content.decode()
    assert Follow.objects.exists()
    assert client.post(stop).status_code == 200
    assert not Follow.objects.exists()
    assert client.get(stop).status_code == 404


def test_a_forged_stop_token_is_refused(cited, member, client):
    followed = follows.follow(member, cited)
    token = follows.stop_token(followed)
    assert client.post(f"/volgen/stoppen/{token[:-2]}xx/").status_code == 404
    assert Follow.objects.exists()


def test_follows_and_saved_searches_share_one_mail(
    sections, cited, member, django_capture_on_commit_callbacks
):
    from search.registry import save_search

    save_search(member, "Wachttijd", {"q": "wachttijd"}, "direct")
    follows.follow(member, cited)
    new = citing_ruling(
        sections["caselaw"], django_capture_on_commit_callbacks, title="Wachttijd bij de IND"
    )
    send()
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "== Wachttijd ==" in body
    assert f"http://testserver{new.url}" in body
    assert "U ontvangt dit omdat u de uitspraak" in body
