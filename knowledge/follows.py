"""Following a ruling or a country, and the alerts it sends.

"Volg deze uitspraak": the follower hears of every ruling or article that starts citing the
ruling (the citation graph, knowledge.citations). "Volg dit land": of a new published version
of the country page and of every ruling about the country that is published.

The alerts travel in the one e-mail per user and run of search's `send_alerts`: knowledge
registers `collect` and `follower_ids` with search.registry.register_alert_source (apps.py).
Every run checks every follow, like a direct saved search.

What is new: a follow records each event it has announced (FollowAnnouncement), and the events
that are there when the user starts following are recorded as seen, so the first alert lists
only what came after. Recording an event is also how a run claims it: the row is unique per
follow and event, and the run whose insert succeeds is the one that sends it.

Who may read what is decided at sending time with the pages' own rules (search's
indexed_visibility: live, not expired, and public or members-only): a members-only page, or a
citation found only in a members-only annotation, is neither announced nor recorded for a
non-member, so it is announced if they become a member. A follow of a page the user can no
longer read sends nothing at all (its heading would name the page)."""

from __future__ import annotations

import dataclasses
from functools import partial

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page

from knowledge.models import (
    ArticlePage,
    CaseLawPage,
    Citation,
    CountryPage,
    Follow,
    FollowAnnouncement,
)
from portal.access import PUBLIC
from search.registry import AlertItem, AlertSection, indexed_visibility

STOP_SALT = "knowledge.follows.stop"
FOLLOWABLE = (CaseLawPage, CountryPage)


@dataclasses.dataclass
class Event:
    key: str
    page: Page  # what the alert links to
    title: str
    # Known only from members-only text (a citation in a members-only annotation).
    members_only: bool = False


def can_follow(page) -> bool:
    return isinstance(page, FOLLOWABLE)


def is_following(user, page) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and Follow.objects.filter(user=user, page_id=page.pk).exists()
    )


def follow(user, page) -> Follow:
    """Follow the page (once); what is there now is recorded as seen. Recorded as a member
    would see it: recording shows nothing, and a non-member who joins later is then not sent
    every members-only citation that was there before."""
    with transaction.atomic():
        followed, created = Follow.objects.get_or_create(user=user, page_id=page.pk)
        if created:
            FollowAnnouncement.objects.bulk_create(
                [
                    FollowAnnouncement(follow=followed, event_key=event.key)
                    for event in events(page)
                ],
                ignore_conflicts=True,
            )
    return followed


def unfollow(user, page) -> bool:
    deleted, _rows = Follow.objects.filter(user=user, page_id=page.pk).delete()
    return bool(deleted)


def events(page) -> list[Event]:
    """Everything a follow of this (specific) page announces, members-only included."""
    if isinstance(page, CaseLawPage):
        return _citing_events(page)
    if isinstance(page, CountryPage):
        return _country_events(page)
    return []


def _citing_events(ruling: CaseLawPage) -> list[Event]:
    rows = Citation.objects.filter(target_ecli=ruling.ecli).exclude(source_page_id=ruling.pk)
    public = set(rows.filter(members_only=False).values_list("source_page_id", flat=True))
    pages = (
        Page.objects.live()
        .filter(pk__in=rows.values("source_page_id"))
        .type(CaseLawPage, ArticlePage)
        .order_by("first_published_at", "pk")
        .specific()
    )
    return [
        Event(f"cites:{page.pk}", page, page.title, members_only=page.pk not in public)
        for page in pages
    ]


def _country_events(country: CountryPage) -> list[Event]:
    found = []
    if country.live and country.live_revision_id:
        # The revision a publish makes live: each publish is one event (several between two
        # runs are one, the newest).
        found.append(
            Event(
                f"revision:{country.live_revision_id}",
                country,
                _("New version of “%(title)s”") % {"title": country.title},
            )
        )
    rulings = CaseLawPage.objects.live().filter(countries=country).order_by("first_published_at")
    found += [Event(f"ruling:{ruling.pk}", ruling, ruling.title) for ruling in rulings]
    return found


def readable(page, member: bool, members_only: bool = False) -> bool:
    """May a user with this membership read the page (and the event) now?"""
    visibility = indexed_visibility(page)
    if visibility is None:
        return False
    if visibility != PUBLIC or members_only:
        return member
    return True


def follows_data(user) -> list[dict]:
    """The user's follows for the export of their own data. A page they may no longer read is
    named by its address only: its title is content like any other."""
    from portal.access import is_member

    member = is_member(user)
    rows = []
    for followed in Follow.objects.filter(user=user).select_related("page").order_by("pk"):
        page = followed.page.specific
        visible = readable(page, member)
        rows.append(
            {
                "page": page.title if visible else None,
                "url": page.url if visible else None,
                "following_since": followed.created_at.isoformat(),
            }
        )
    return rows


# --- the alert source ---------------------------------------------------------------------------


def follower_ids(now) -> list[int]:
    return list(
        Follow.objects.filter(user__is_active=True)
        .exclude(user__email="")
        .values_list("user_id", flat=True)
        .distinct()
    )


def collect(user, member: bool, now) -> list[AlertSection]:
    sections = []
    for followed in Follow.objects.filter(user=user).select_related("page"):
        page = followed.page.specific
        if not readable(page, member):
            continue
        current = events(page)
        seen = set(
            FollowAnnouncement.objects.filter(
                follow=followed, event_key__in=[e.key for e in current]
            ).values_list("event_key", flat=True)
        )
        new = [
            event
            for event in current
            if event.key not in seen and readable(event.page, member, event.members_only)
        ]
        if not new:
            continue
        if isinstance(page, CaseLawPage):
            title = _("Cited: %(title)s") % {"title": page.title}
            reason = _("You receive this because you follow the ruling %(ecli)s.") % {
                "ecli": page.ecli
            }
        else:
            title = _("News about %(country)s") % {"country": page.title}
            reason = _("You receive this because you follow the country %(country)s.") % {
                "country": page.title
            }
        sections.append(
            AlertSection(
                title=title,
                reason=reason,
                items=[AlertItem(e.key, e.title, e.page.get_url()) for e in new],
                stop_url=reverse("knowledge:follow_stop", args=[stop_token(followed)]),
                record=partial(_record, followed),
                forget=partial(_forget, followed),
            )
        )
    return sections


def _record(followed: Follow, items: list[AlertItem]) -> list[AlertItem]:
    kept = []
    for item in items:
        try:
            # A savepoint each: a row a concurrent run inserted first fails alone, and that
            # item is the other run's to send.
            with transaction.atomic():
                FollowAnnouncement.objects.create(follow=followed, event_key=item.key)
        except IntegrityError:
            continue
        kept.append(item)
    return kept


def _forget(followed: Follow, items: list[AlertItem]) -> None:
    FollowAnnouncement.objects.filter(
        follow=followed, event_key__in=[item.key for item in items]
    ).delete()


# --- stopping from the e-mail -------------------------------------------------------------------


def stop_token(followed: Follow) -> str:
    return signing.dumps(followed.pk, salt=STOP_SALT)


def follow_for_token(token: str) -> Follow | None:
    """The follow a stop link names, or None (a forged token, a follow already stopped)."""
    try:
        pk = signing.loads(token, salt=STOP_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return Follow.objects.select_related("page").filter(pk=pk).first()
