import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from network.models import Event, EventRegistration
from network.search_documents import event_documents
from portal.access import MEMBERS, PUBLIC


def make_event(title="Landendag Eritrea", days=10, **kwargs):
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    return Event.objects.create(
        title=title,
        kind=kwargs.pop("kind", "country_day"),
        start=start,
        end=start + datetime.timedelta(hours=3),
        description=kwargs.pop("description", "<p>Situatie in het land van herkomst.</p>"),
        **kwargs,
    )


def test_upcoming_and_past_lists(client, home):
    make_event("Training METS")
    make_event("Themabijeenkomst onderwijs", days=-30, kind="theme_meeting")
    upcoming = client.get(reverse("network:events")).content.decode()
    past = client.get(reverse("network:events_past")).content.decode()
    assert "Training METS" in upcoming and "Themabijeenkomst onderwijs" not in upcoming
    assert "Themabijeenkomst onderwijs" in past and "Training METS" not in past


MARKER = "EVENTMARKER-besloten-17"


def test_members_only_events_never_reach_non_members(client, home, member):
    event = make_event(f"Intervisie {MARKER}", audience=Event.MEMBERS)
    member_client = client.__class__()
    member_client.force_login(member)
    for url in [
        reverse("network:events"),
        reverse("network:events_feed"),
        event.get_absolute_url(),
    ]:
        assert MARKER not in client.get(url).content.decode()
    assert client.get(reverse("network:event_ical", args=[event.slug])).status_code == 404
    assert MARKER not in client.get(reverse("network:events_feed")).content.decode()
    assert MARKER in member_client.get(reverse("network:events")).content.decode()
    [doc] = event_documents(event)
    assert doc.visibility == MEMBERS and MARKER not in doc.public_text


def page(response, slug) -> str:
    """The page without what may differ between two requests: the slug and the CSRF token."""
    html = response.content.decode().replace(slug, "")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_a_members_only_event_answers_as_an_unknown_one(client, home, outsider, member):
    event = make_event(f"Intervisie {MARKER}", audience=Event.MEMBERS)
    unknown = "bestaat-niet-" + event.slug[13:]
    outsider_client = client.__class__()
    outsider_client.force_login(outsider)
    for visitor in (client, outsider_client):
        for name in ("network:event", "network:event_ical"):
            hidden = visitor.get(reverse(name, args=[event.slug]))
            missing = visitor.get(reverse(name, args=[unknown]))
            assert hidden.status_code == missing.status_code == 404
            assert page(hidden, event.slug) == page(missing, unknown)
    member_client = client.__class__()
    member_client.force_login(member)
    assert MARKER in member_client.get(event.get_absolute_url()).content.decode()


def test_ical_per_event_and_feed_are_valid_rfc5545(client, home):
    event = make_event(
        "Training: Dublin, Italië; en meer",
        description="<p>" + "Een lange beschrijving met komma's, puntkomma's; " * 5 + "</p>",
        city="Utrecht",
    )
    response = client.get(reverse("network:event_ical", args=[event.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content
    assert b"\r\n" in body and b"\n" not in body.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    unfolded = body.replace(b"\r\n ", b"").decode()
    assert "SUMMARY:Training: Dublin\\, Italië\\; en meer" in unfolded
    parsed = Calendar.from_ical(body)
    [vevent] = parsed.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Training: Dublin, Italië; en meer"
    assert vevent.decoded("DTSTART") == event.start
    feed = Calendar.from_ical(client.get(reverse("network:events_feed")).content)
    assert [str(e["SUMMARY"]) for e in feed.walk("VEVENT")] == [event.title]
    [doc] = event_documents(event)
    assert doc.visibility == PUBLIC and "Utrecht" in doc.keywords


@pytest.fixture
def members(django_user_model, members_group):
    users = []
    for n in range(3):
        user = django_user_model.objects.create_user(f"deelnemer{n}", f"d{n}@example.org", "x")
        user.groups.add(members_group)
        users.append(user)
    return users


def test_registration_with_capacity_waiting_list_and_confirmation(
    client, home, members, django_capture_on_commit_callbacks
):
    event = make_event("Training METS", capacity=2, kind="training")
    url = reverse("network:event_register", args=[event.slug])
    for user in members:
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url)
    statuses = [EventRegistration.objects.get(user=u).status for u in members]
    assert statuses == ["confirmed", "confirmed", "waiting"]
    assert [m.to[0] for m in mail.outbox] == ["d0@example.org", "d1@example.org", "d2@example.org"]
    assert "wachtlijst" in mail.outbox[2].subject.lower()
    assert "bevestigd" in mail.outbox[0].subject.lower()
    # The first cancels; the person waiting gets the place and an e-mail.
    mail.outbox.clear()
    client.force_login(members[0])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("network:event_cancel", args=[event.slug]))
    assert EventRegistration.objects.get(user=members[2]).status == "confirmed"
    assert {tuple(m.to) for m in mail.outbox} == {("d0@example.org",), ("d2@example.org",)}
    event.refresh_from_db()
    assert event.places_left == 0


def test_raising_the_capacity_gives_the_waiting_list_their_places(
    client, home, members, django_capture_on_commit_callbacks
):
    event = make_event("Training Dublin", capacity=1, kind="training")
    for user in members:
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("network:event_register", args=[event.slug]))
    assert [EventRegistration.objects.get(user=u).status for u in members] == [
        "confirmed",
        "waiting",
        "waiting",
    ]
    mail.outbox.clear()
    event.capacity = 2
    with django_capture_on_commit_callbacks(execute=True):
        event.save()
    # The one waiting longest gets the new place (and an e-mail); the next keeps waiting.
    assert [EventRegistration.objects.get(user=u).status for u in members] == [
        "confirmed",
        "confirmed",
        "waiting",
    ]
    assert [m.to for m in mail.outbox] == [["d1@example.org"]]


def test_a_freed_place_at_a_members_event_skips_someone_who_left_the_network(
    client, home, members, members_group, django_capture_on_commit_callbacks
):
    event = make_event("Ledenoverleg", capacity=1, audience=Event.MEMBERS)
    for user in members:
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("network:event_register", args=[event.slug]))
    members[1].groups.remove(members_group)  # left the network while waiting
    mail.outbox.clear()
    client.force_login(members[0])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("network:event_cancel", args=[event.slug]))
    assert EventRegistration.objects.get(user=members[1]).status == "waiting"
    assert EventRegistration.objects.get(user=members[2]).status == "confirmed"
    assert "d1@example.org" not in {m.to[0] for m in mail.outbox}


def test_non_members_cannot_register(client, home, outsider):
    event = make_event()
    client.force_login(outsider)
    response = client.post(reverse("network:event_register", args=[event.slug]))
    assert response.status_code == 403
    assert not EventRegistration.objects.exists()
    anonymous = client.__class__().post(reverse("network:event_register", args=[event.slug]))
    assert anonymous.status_code == 302
    assert client.get(event.get_absolute_url()).status_code == 200


def test_past_events_take_no_registrations(member_client, home):
    event = make_event(days=-5)
    member_client.post(reverse("network:event_register", args=[event.slug]))
    assert not EventRegistration.objects.exists()


def test_visitors_who_are_not_signed_in_are_offered_the_login(client, home, outsider):
    """A member who followed a link without being signed in learns how to get in, on the same
    page an unknown address gets."""
    event = make_event("Intervisie", audience=Event.MEMBERS)
    notice = "Een deel van het portaal is alleen voor leden van het netwerk."
    html = client.get(event.get_absolute_url()).content.decode()
    assert notice in html
    assert f'href="/inloggen/?next={event.get_absolute_url()}"' in html
    client.force_login(outsider)
    assert notice not in client.get(event.get_absolute_url()).content.decode()
