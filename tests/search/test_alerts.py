"""Saved searches and their alerts: each new item is e-mailed once per saved search, only what
the recipient may read at sending time, a private feed behind a token that can be replaced, and
an unsubscribe link that works without logging in."""

import datetime
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from search import alerts
from search.documents import MEMBERS, IndexDocument
from search.models import AnnouncedItem, SavedSearch
from search.registry import save_search
from search.service import get_engine
from tests.factories import OrganisationFactory
from tests.search.conftest import MEMBERS_DOC_MARKER, corpus

# Matches caselaw:1 and article:1 and the glossary entry of the corpus.
WORDS = "noodsituatie"


@pytest.fixture
def engine(db):
    engine = get_engine()
    engine.clear()
    return engine


def saved_search(user, q=WORDS, frequency=SavedSearch.DIRECT, **filters):
    params = {"q": q, **filters}
    return save_search(user, f"Zoekopdracht {q}", params, frequency)


def send() -> str:
    out = StringIO()
    call_command("send_alerts", "--no-progress", stdout=out, stderr=StringIO())
    return out.getvalue()


def new_document(doc_id="article:9", title="Nieuwe noodsituatie bij opvang", **fields):
    return IndexDocument(
        id=doc_id,
        type="article",
        title=title,
        url=f"/artikelen/{doc_id.replace(':', '-')}/",
        public_text="Over de medische noodsituatie.",
        date=datetime.date(2026, 11, 1),
        **fields,
    )


def test_send_alerts_twice_sends_each_item_once(engine, member):
    saved = saved_search(member)
    engine.index(corpus())

    summary = send()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lid@example.org"]
    assert "Medische noodsituatie: wat nu?" in message.body
    assert "http://testserver/artikelen/medische-noodsituatie/" in message.body
    assert "sent 1 e-mails with 3 new items" in summary
    assert set(saved.announced_items.values_list("doc_id", flat=True)) == {
        "caselaw:1",
        "article:1",
        "glossary:1",
    }

    send()
    assert len(mail.outbox) == 1

    engine.index([new_document()])
    send()
    assert len(mail.outbox) == 2
    second = mail.outbox[1].body
    assert "Nieuwe noodsituatie bij opvang" in second
    assert "Medische noodsituatie: wat nu?" not in second


def test_what_matched_when_saved_is_not_announced(engine, member):
    engine.index(corpus())
    saved_search(member)
    send()
    assert mail.outbox == []


def test_one_mail_per_user_for_all_due_searches(engine, member):
    saved_search(member, q=WORDS)
    saved_search(member, q="dublin")
    engine.index(corpus())
    send()
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Zoekopdracht noodsituatie" in body and "Zoekopdracht dublin" in body
    assert "Opvang en Dublinoverdracht" in body


def test_a_member_who_left_gets_nothing_members_only(engine, member, members_group):
    saved_search(member, q=MEMBERS_DOC_MARKER)
    member.groups.remove(members_group)
    engine.index(corpus())
    send()
    assert not any(MEMBERS_DOC_MARKER in m.body or "intake" in m.body for m in mail.outbox)
    assert mail.outbox == []
    assert not AnnouncedItem.objects.exists()

    # Not announced means not forgotten: back in the network, the document is new to them.
    member.groups.add(members_group)
    send()
    assert len(mail.outbox) == 1
    assert "Protocol intake ledenoverleg" in mail.outbox[0].body


def test_members_only_items_reach_a_member(engine, member, outsider):
    saved_search(member, q="intake")
    saved_search(outsider, q="intake")
    engine.index(corpus())
    send()
    assert [m.to for m in mail.outbox] == [["lid@example.org"]]


def test_a_second_run_claims_nothing_the_first_holds(engine, member):
    saved_search(member)
    engine.index(corpus())
    now = timezone.now()
    held = alerts.claim(member.pk, "run-a", now)
    assert len(held) == 1

    report = alerts.RunReport()
    alerts.send_for_user(member.pk, "run-b", report, now)
    assert report.skipped == 1 and report.emails == 0
    assert mail.outbox == []
    assert alerts.users_with_due_searches(now) == []

    alerts.release(held, "run-a")
    report = alerts.RunReport()
    alerts.send_for_user(member.pk, "run-b", report, now)
    assert report.emails == 1 and len(mail.outbox) == 1
    # The lease is given back after the run.
    assert SavedSearch.objects.get().claimed_by == ""


def test_an_expired_lease_is_taken_over(engine, member):
    saved_search(member)
    engine.index(corpus())
    alerts.claim(member.pk, "crashed-run", timezone.now() - alerts.LEASE * 2)
    send()
    assert len(mail.outbox) == 1


def test_a_failed_send_is_retried_next_run(engine, member, monkeypatch):
    saved = saved_search(member)
    engine.index(corpus())

    def broken(self, *args, **kwargs):
        raise OSError("mail server away")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMessage.send", broken)
        summary = send()
    assert "failed 1" in summary
    assert not saved.announced_items.exclude(doc_id__in=[]).filter(doc_id="article:1").exists()
    send()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("frequency", "hours_ago", "due"),
    [
        (SavedSearch.DIRECT, 0, True),
        (SavedSearch.DAILY, 2, False),
        (SavedSearch.DAILY, 25, True),
        (SavedSearch.WEEKLY, 24 * 3, False),
        (SavedSearch.WEEKLY, 24 * 8, True),
    ],
)
def test_frequency_decides_what_is_due(engine, member, frequency, hours_ago, due):
    saved = saved_search(member, frequency=frequency)
    now = timezone.now()
    SavedSearch.objects.filter(pk=saved.pk).update(
        last_run_at=now - datetime.timedelta(hours=hours_ago)
    )
    assert alerts.due_saved_searches(now).filter(pk=saved.pk).exists() is due


def test_daily_search_waits_a_day_and_then_sends(engine, member):
    saved = saved_search(member, frequency=SavedSearch.DAILY)
    engine.index(corpus())
    send()
    assert mail.outbox == []
    SavedSearch.objects.filter(pk=saved.pk).update(
        last_run_at=timezone.now() - datetime.timedelta(days=1, minutes=1)
    )
    send()
    assert len(mail.outbox) == 1


def test_unsubscribed_and_inactive_users_get_nothing(engine, member, outsider):
    saved = saved_search(member)
    saved_search(outsider)
    SavedSearch.objects.filter(pk=saved.pk).update(active=False)
    outsider.is_active = False
    outsider.save()
    engine.index(corpus())
    send()
    assert mail.outbox == []


def test_the_mail_is_dutch_with_html_reason_and_unsubscribe_header(engine, member, client):
    save_search(member, "Zorg & opvang", {"q": WORDS}, SavedSearch.DIRECT)
    engine.index(corpus())
    send()
    message = mail.outbox[0]
    # Plain text: the name as typed, not HTML-escaped.
    assert message.subject == "Nieuw voor “Zorg & opvang” op ENO Kennisportaal"
    assert "U ontvangt dit omdat u de zoekopdracht “Zorg & opvang” hebt bewaard." in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<a href="http://testserver/artikelen/medische-noodsituatie/">' in html
    assert "U ontvangt dit omdat u de zoekopdracht “Zorg &amp; opvang” hebt bewaard." in html
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http://testserver/zoekopdrachten/afmelden/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_unsubscribe_link_works_logged_out(engine, member, client):
    saved = saved_search(member)
    engine.index(corpus())
    send()
    link = re.search(r"http://testserver(/zoekopdrachten/afmelden/[^\s]+/)", mail.outbox[0].body)
    path = link.group(1)

    page = client.get(path)
    assert page.status_code == 200
    assert "Zoekopdracht noodsituatie" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    saved.refresh_from_db()
    assert saved.active  # a GET (a mail scanner following links) changes nothing

    done = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    saved.refresh_from_db()
    assert not saved.active

    engine.index([new_document()])
    send()
    assert len(mail.outbox) == 1


def test_a_forged_unsubscribe_token_is_refused(engine, member, client):
    saved = saved_search(member)
    token = alerts.unsubscribe_token([saved])
    assert client.post(f"/zoekopdrachten/afmelden/{token}x/").status_code == 404
    assert client.get("/zoekopdrachten/afmelden/1/").status_code == 404
    saved.refresh_from_db()
    assert saved.active


# --- the private feed ---------------------------------------------------------------------------


def feed_path(saved):
    return reverse("search:saved_search_feed", args=[saved.feed_token])


def test_the_feed_lists_what_the_owner_may_read(engine, member, members_group, client):
    saved = saved_search(member, q="intake")
    engine.index(corpus())
    response = client.get(feed_path(saved))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "Protocol intake ledenoverleg" in response.content.decode()

    member.groups.remove(members_group)
    response = client.get(feed_path(saved))
    assert response.status_code == 200
    assert "Protocol intake ledenoverleg" not in response.content.decode()


def test_members_doc_marker_never_in_an_outsiders_feed(engine, outsider, members_group, client):
    # "scholen" occurs only in the members-only protocol that holds the marker.
    saved = saved_search(outsider, q="scholen")
    engine.index(corpus())
    body = client.get(feed_path(saved)).content.decode()
    assert "Protocol intake ledenoverleg" not in body and MEMBERS_DOC_MARKER not in body
    # The same search of a member does find it: the query is not what keeps it out.
    outsider.groups.add(members_group)
    assert "Protocol intake ledenoverleg" in client.get(feed_path(saved)).content.decode()


def test_a_regenerated_feed_token_disables_the_old_url(engine, member, member_client, client):
    saved = saved_search(member)
    old = feed_path(saved)
    assert client.get(old).status_code == 200
    response = member_client.post(reverse("search:regenerate_saved_search_feed", args=[saved.pk]))
    assert response.status_code == 302
    saved.refresh_from_db()
    assert client.get(old).status_code == 404
    assert client.get(feed_path(saved)).status_code == 200
    assert client.get("/zoekopdrachten/feed/onbekend/").status_code == 404


# --- saving and managing ------------------------------------------------------------------------


def test_saving_from_the_search_page(engine, member, member_client):
    engine.index(corpus())
    page = member_client.get("/zoeken/", {"q": WORDS, "type": "article"}).content.decode()
    assert 'action="/account/zoekopdrachten/bewaren/"' in page
    response = member_client.post(
        "/account/zoekopdrachten/bewaren/",
        {
            "q": WORDS,
            "type": "article",
            "sort": "date",
            "name": "Mijn artikelen",
            "frequency": "weekly",
        },
    )
    assert response.status_code == 302
    saved = SavedSearch.objects.get(user=member)
    assert saved.name == "Mijn artikelen" and saved.frequency == SavedSearch.WEEKLY
    assert saved.query_string == "q=noodsituatie&type=article"
    # What matched when it was saved is recorded as seen.
    assert set(saved.announced_items.values_list("doc_id", flat=True)) == {"article:1"}
    account = member_client.get("/account/zoekopdrachten/").content.decode()
    assert "Mijn artikelen" in account and saved.feed_token in account


def test_nothing_to_save_without_words_or_filters(engine, member_client):
    response = member_client.post(
        "/account/zoekopdrachten/bewaren/", {"name": "Leeg", "frequency": "daily"}
    )
    assert response.status_code == 302
    assert not SavedSearch.objects.exists()


def test_anonymous_visitors_see_a_login_link(engine, client):
    engine.index(corpus())
    page = client.get("/zoeken/", {"q": WORDS}).content.decode()
    assert "/account/zoekopdrachten/bewaren/" not in page
    assert "/inloggen/?next=" in page
    assert client.get("/account/zoekopdrachten/").status_code == 302
    assert client.post("/account/zoekopdrachten/bewaren/", {"q": WORDS}).status_code == 302
    assert not SavedSearch.objects.exists()


def test_rename_change_frequency_and_delete(engine, member, member_client):
    saved = saved_search(member)
    prefix = str(saved.pk)
    response = member_client.post(
        f"/account/zoekopdrachten/{saved.pk}/",
        {
            f"{prefix}-name": "Nieuwe naam",
            f"{prefix}-frequency": "weekly",
            f"{prefix}-active": "on",
        },
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.name, saved.frequency, saved.active) == ("Nieuwe naam", "weekly", True)

    invalid = member_client.post(
        f"/account/zoekopdrachten/{saved.pk}/",
        {f"{prefix}-name": "", f"{prefix}-frequency": "weekly"},
    )
    assert invalid.status_code == 200
    saved.refresh_from_db()
    assert saved.name == "Nieuwe naam"

    member_client.post(f"/account/zoekopdrachten/{saved.pk}/verwijderen/")
    assert not SavedSearch.objects.exists()


def test_someone_elses_saved_search_is_not_found(engine, member, outsider, client):
    saved = saved_search(member)
    client.force_login(outsider)
    assert client.post(f"/account/zoekopdrachten/{saved.pk}/verwijderen/").status_code == 404
    assert client.post(f"/account/zoekopdrachten/{saved.pk}/nieuwe-feed/").status_code == 404
    assert "Zoekopdracht" not in client.get("/account/zoekopdrachten/").content.decode()
    assert SavedSearch.objects.filter(pk=saved.pk).exists()


def test_the_account_link_is_there_for_every_signed_in_user(engine, outsider, client):
    client.force_login(outsider)
    assert 'href="/account/zoekopdrachten/"' in client.get("/zoeken/").content.decode()


def test_registry_save_search_is_idempotent(engine, member):
    first = save_search(member, "Demo", {"q": "asiel", "type": ["caselaw"]}, "daily")
    again = save_search(member, "Demo", {"q": "anders"}, "weekly")
    assert first.pk == again.pk
    assert SavedSearch.objects.get().query_string == "q=asiel&type=caselaw"


def test_the_scheduler_sends_alerts(engine, member):
    saved_search(member)
    engine.index(corpus())
    call_command("run_scheduler", "--once", stdout=StringIO())
    assert len(mail.outbox) == 1


def test_members_only_document_marked_members(engine):
    # The corpus document the members tests rely on is members-only.
    assert next(d for d in corpus() if MEMBERS_DOC_MARKER in d.public_text).visibility == MEMBERS


def test_the_demo_member_has_a_saved_search(engine, monkeypatch):
    monkeypatch.setenv("MEMBER_PASSWORD", "demo-wachtwoord")
    OrganisationFactory(name="Wereldhuis")
    call_command("ensure_demo_member", stdout=StringIO())
    call_command("ensure_demo_member", stdout=StringIO())
    saved = SavedSearch.objects.get()
    assert saved.user.username == "lid"
    assert saved.query_string == "q=medische+noodsituatie"
