"""Saved searches and the alerts they send: running a saved search for its owner, what is new
since it last ran, which saved searches are due, and the e-mail.

What "new" means: a saved search remembers every index document it has announced
(AnnouncedItem), and when it is saved it records the documents that already match as seen, so
the first alert does not list everything that was there before. A document's date cannot serve:
it is the decision or publication date, and a ruling of 2015 imported today is new to the
subscriber all the same.

Who may read what is decided when the alert is sent (or the feed is read): a saved search runs
with the owner's membership as it is then. A document the owner may not read is neither shown
nor recorded, so it is announced if they become a member while it still matches.

Concurrency: a run claims the due saved searches of one user with a single UPDATE that sets a
lease (claimed_by, claimed_until) only where no other run holds one. That statement is atomic on
SQLite and PostgreSQL alike; a second run, concurrent or not, skips what is claimed and finds
nothing due once the first has recorded its run.

Content apps add to the same e-mail through search.registry.register_alert_source (knowledge's
follows of a ruling or a country): their sections are collected for every user they report,
recorded in the transaction that records the saved searches' items, and undone with them when
the e-mail cannot be sent. Each source keeps its own record of what it announced."""

from __future__ import annotations

import dataclasses
import datetime
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from portal.access import is_member
from search import labels, service, thesaurus
from search.engines.base import MAX_PER_PAGE, SORT_DATE, SearchHit
from search.models import AnnouncedItem, SavedSearch, new_feed_token
from search.registry import AlertSection, registry

# The GET parameters of the search page that a saved search keeps (sorting and paging are the
# alert's own business).
SAVED_PARAMS = (
    "q",
    "type",
    "country",
    "topic",
    "tag",
    "court",
    "legal_area",
    "law",
    "year_from",
    "year_to",
)
# An alert looks at the newest matches by date, this many: new documents of a broad search are
# nearly always among them, and a run stays a few queries long. A document that enters the index
# with an old date outside this window is not announced.
SCAN_LIMIT = 500
# At most this many new items per saved search are listed in one e-mail; the rest are counted
# and reached through the link to the search page (they are recorded as announced all the same).
MAX_LISTED = 20
FEED_SIZE = 50
MAX_SAVED_SEARCHES_PER_USER = 50
LEASE = datetime.timedelta(minutes=30)
# A daily alert sent at 10:00 and checked again at 09:55 the next day (the scheduler runs every
# few minutes) is due then, rather than creeping later every day.
DUE_SLACK = datetime.timedelta(minutes=10)
PERIODS = {
    SavedSearch.DIRECT: datetime.timedelta(0),
    SavedSearch.DAILY: datetime.timedelta(days=1),
    SavedSearch.WEEKLY: datetime.timedelta(days=7),
}
UNSUBSCRIBE_SALT = "search.alerts.unsubscribe"


# --- the query ----------------------------------------------------------------------------------


def canonical_query_string(params) -> str:
    """The saved parameters of a request's GET or POST data, cleaned as the search page cleans
    them: what the search page would search for, in a stable spelling."""
    query = service.query_from_params(params, member=False)
    pairs: list[tuple[str, str]] = []
    if query.text.strip():
        pairs.append(("q", query.text.strip()))
    for name, values in (
        ("type", query.types),
        ("country", query.countries),
        ("topic", query.topics),
        ("tag", query.tags),
        ("court", query.courts),
        ("legal_area", query.legal_areas),
        ("law", query.laws),
    ):
        pairs += [(name, value) for value in values]
    if query.year_from is not None:
        pairs.append(("year_from", str(query.year_from)))
    if query.year_to is not None:
        pairs.append(("year_to", str(query.year_to)))
    result = QueryDict(mutable=True)
    for name, value in pairs:
        result.appendlist(name, value)
    return result.urlencode()


def is_searchable(query_string: str) -> bool:
    query = service.query_from_params(QueryDict(query_string), member=False)
    return bool(query.text.strip()) or query.has_filters


def search_path(query_string: str) -> str:
    """The search page showing what a saved query string finds."""
    return reverse("search:search") + ("?" + query_string if query_string else "")


def matches(saved: SavedSearch, *, member: bool, limit: int) -> list[SearchHit]:
    """The newest matches of a saved search (by date), at most `limit`, as a reader with this
    membership finds them on the search page (same parameters, thesaurus and members rule)."""
    base = service.query_from_params(QueryDict(saved.query_string), member)
    if not base.text.strip() and not base.has_filters:
        return []
    widen = thesaurus.current()
    engine = service.get_engine()
    hits: list[SearchHit] = []
    page = 1
    while len(hits) < limit:
        # The engine itself, without the service's spelling and relaxed fallbacks: an alert
        # announces what matches the saved words, not what a correction of them would find.
        query = dataclasses.replace(
            base,
            sort=SORT_DATE,
            page=page,
            per_page=min(MAX_PER_PAGE, limit),
            with_facets=False,
            thesaurus=widen,
        )
        results = engine.search(query)
        hits += results.hits
        if not results.hits or page >= results.num_pages:
            break
        page += 1
    return hits[:limit]


def record_current_matches(saved: SavedSearch) -> int:
    """Mark what matches now as seen, so that the first alert lists only what is new. Recorded
    as a member would find it: recording shows nothing to anyone, and a non-member who joins
    later is then not sent every members-only document that was there before."""
    hits = matches(saved, member=True, limit=SCAN_LIMIT)
    AnnouncedItem.objects.bulk_create(
        [AnnouncedItem(saved_search=saved, doc_id=hit.id) for hit in hits],
        ignore_conflicts=True,
    )
    return len(hits)


def save_search(user, name: str, query_string: str, frequency: str) -> SavedSearch:
    """Create a saved search and record its current matches as seen (one transaction)."""
    with transaction.atomic():
        saved = SavedSearch.objects.create(
            user=user,
            name=name,
            query_string=query_string,
            frequency=frequency,
            last_run_at=timezone.now(),
        )
        record_current_matches(saved)
    return saved


def ensure_saved_search(user, name: str, params: dict, frequency: str) -> SavedSearch:
    """search.registry.save_search: the user's saved search of this name, created with these
    parameters ({"q": "...", "type": ["caselaw"]}) when it does not exist yet."""
    existing = SavedSearch.objects.filter(user=user, name=name).first()
    if existing is not None:
        return existing
    data = QueryDict(mutable=True)
    for key, value in params.items():
        if key in SAVED_PARAMS:
            data.setlist(key, [str(v) for v in value] if isinstance(value, list) else [str(value)])
    return save_search(user, name, canonical_query_string(data), frequency)


def saved_searches_data(user) -> list[dict]:
    return [
        {
            "name": saved.name,
            "search": search_path(saved.query_string),
            "frequency": saved.frequency,
            "email_alerts": saved.active,
            "created_at": saved.created_at.isoformat(),
            "last_run_at": saved.last_run_at.isoformat() if saved.last_run_at else None,
        }
        for saved in SavedSearch.objects.filter(user=user).order_by("created_at", "pk")
    ]


def regenerate_feed_token(saved: SavedSearch) -> None:
    """A new secret feed address; the old one answers 404 from now on."""
    saved.feed_token = new_feed_token()
    saved.save(update_fields=["feed_token"])


# --- unsubscribing ------------------------------------------------------------------------------


def unsubscribe_token(saved_searches) -> str:
    return signing.dumps(sorted(s.pk for s in saved_searches), salt=UNSUBSCRIBE_SALT)


def saved_searches_for_token(token: str):
    """The saved searches an unsubscribe token names, or None when it is not one of ours."""
    try:
        pks = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pks, list) or not all(isinstance(pk, int) for pk in pks):
        return None
    return SavedSearch.objects.filter(pk__in=pks).order_by("name", "pk")


def absolute_url(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


# --- the run ------------------------------------------------------------------------------------


def due_filter(now: datetime.datetime) -> Q:
    due = Q(frequency=SavedSearch.DIRECT) | Q(last_run_at__isnull=True)
    for frequency, period in PERIODS.items():
        if period:
            due |= Q(frequency=frequency, last_run_at__lte=now - period + DUE_SLACK)
    return due


def due_saved_searches(now: datetime.datetime):
    return SavedSearch.objects.filter(due_filter(now), active=True, user__is_active=True).exclude(
        user__email=""
    )


def _free_claim(now: datetime.datetime) -> Q:
    return Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)


@dataclasses.dataclass
class Section:
    """One saved search in an e-mail: its new items."""

    saved_search: SavedSearch
    items: list[SearchHit]  # every new item, all recorded as announced

    @property
    def listed(self) -> list[SearchHit]:
        return self.items[:MAX_LISTED]

    @property
    def more(self) -> int:
        return max(0, len(self.items) - MAX_LISTED)

    @property
    def search_url(self) -> str:
        return absolute_url(search_path(self.saved_search.query_string))

    @property
    def unsubscribe_url(self) -> str:
        return absolute_url(
            reverse("search:unsubscribe", args=[unsubscribe_token([self.saved_search])])
        )


@dataclasses.dataclass
class RunReport:
    users: int = 0
    emails: int = 0
    items: int = 0
    checked: int = 0
    skipped: int = 0  # claimed by another run
    failed: int = 0
    errors: list[str] = dataclasses.field(default_factory=list)

    def summary(self) -> str:
        return (
            f"sent {self.emails} e-mails with {self.items} new items, checked {self.checked} "
            f"saved searches of {self.users} users, skipped {self.skipped} claimed elsewhere, "
            f"failed {self.failed}"
        )


def users_with_due_searches(now=None) -> list[int]:
    """The users with a due saved search no run holds, and those an alert source (follows) may
    have something for: the sources are checked every run, like a direct saved search."""
    now = now or timezone.now()
    due = set(
        due_saved_searches(now)
        .filter(_free_claim(now))
        .values_list("user_id", flat=True)
        .distinct()
    )
    sourced = _source_users(now)
    if sourced - due:
        due |= set(
            get_user_model()
            .objects.filter(pk__in=sourced - due, is_active=True)
            .exclude(email="")
            .values_list("pk", flat=True)
        )
    return sorted(due)


def _source_users(now) -> set[int]:
    users: set[int] = set()
    for source in registry.alert_sources:
        users.update(source.users(now))
    return users


def claim(user_id: int, run_id: str, now: datetime.datetime) -> list[SavedSearch]:
    """Take the lease on the user's due saved searches that no other run holds."""
    # One statement checks and sets: due, unclaimed (or an expired lease) and now ours.
    due_saved_searches(now).filter(_free_claim(now), user_id=user_id).update(
        claimed_by=run_id, claimed_until=now + LEASE
    )
    return list(
        SavedSearch.objects.filter(user_id=user_id, claimed_by=run_id)
        .select_related("user")
        .order_by("name", "pk")
    )


def release(saved_searches, run_id: str) -> None:
    SavedSearch.objects.filter(pk__in=[s.pk for s in saved_searches], claimed_by=run_id).update(
        claimed_by="", claimed_until=None
    )


def new_items(saved: SavedSearch, member: bool) -> list[SearchHit]:
    hits = matches(saved, member=member, limit=SCAN_LIMIT)
    seen = set(
        AnnouncedItem.objects.filter(
            saved_search=saved, doc_id__in=[hit.id for hit in hits]
        ).values_list("doc_id", flat=True)
    )
    return [hit for hit in hits if hit.id not in seen]


def _recipient(user_id: int):
    return get_user_model().objects.filter(pk=user_id, is_active=True).exclude(email="").first()


def _source_sections(user, member: bool, now) -> list[AlertSection]:
    sections = []
    # The sources write headings and reason lines: in the e-mail's language.
    with translation.override(settings.LANGUAGE_CODE):
        for source in registry.alert_sources:
            sections += [s for s in source.collect(user, member, now) if s.items]
    return sections


def send_for_user(user_id: int, run_id: str, report: RunReport, now=None) -> None:
    now = now or timezone.now()
    claimed = claim(user_id, run_id, now)
    if not claimed and user_id not in _source_users(now):
        report.skipped += 1
        return
    user = claimed[0].user if claimed else _recipient(user_id)
    if user is None:
        return
    report.users += 1
    try:
        # Membership as it is now, read from the database afresh (not a cached user object).
        member = is_member(user)
        sections = []
        for saved in claimed:
            report.checked += 1
            items = new_items(saved, member)
            if items:
                sections.append(Section(saved, items))
        others = _source_sections(user, member, now)
        others = _announce_and_send(user, claimed, sections, now, others)
        report.items += sum(len(s.items) for s in sections) + sum(len(s.items) for s in others)
        report.emails += 1 if sections or others else 0
    except Exception as error:
        report.failed += 1
        report.errors.append(f"{user.get_username()}: {error}")
    finally:
        release(claimed, run_id)


def _announce_and_send(user, claimed, sections: list[Section], now, others=()):
    """Record, then send; returns the source sections that were sent (with the items recorded
    by this run)."""
    # Recorded first, then sent: a crash in between loses an alert rather than sending it twice
    # (at most once); a failed send undoes the record, so the next run tries again.
    recorded: list[AnnouncedItem] = []
    with transaction.atomic():
        for section in sections:
            recorded += [
                AnnouncedItem(saved_search=section.saved_search, doc_id=hit.id)
                for hit in section.items
            ]
        AnnouncedItem.objects.bulk_create(recorded, ignore_conflicts=True)
        previous = {s.pk: s.last_run_at for s in claimed}
        SavedSearch.objects.filter(pk__in=[s.pk for s in claimed]).update(last_run_at=now)
        # A source's record keeps only what this run recorded: an item a concurrent run got
        # first is that run's to send.
        kept = []
        for other in others:
            items = other.record(other.items)
            if items:
                kept.append(dataclasses.replace(other, items=items))
        others = kept
    if not sections and not others:
        return others
    try:
        alert_message(user, sections, others).send()
    except Exception:
        with transaction.atomic():
            for section in sections:
                AnnouncedItem.objects.filter(
                    saved_search=section.saved_search,
                    doc_id__in=[hit.id for hit in section.items],
                ).delete()
            for saved in claimed:
                SavedSearch.objects.filter(pk=saved.pk).update(last_run_at=previous[saved.pk])
            for other in others:
                other.forget(other.items)
        raise
    return others


def send_alerts(progress=None) -> RunReport:
    report = RunReport()
    run_id = uuid.uuid4().hex
    user_ids = users_with_due_searches()
    if progress is not None:
        progress.total = len(user_ids)
    for user_id in user_ids:
        send_for_user(user_id, run_id, report)
        if progress is not None:
            progress.advance()
    return report


# --- the e-mail ---------------------------------------------------------------------------------


def alert_message(user, sections: list[Section], others=()) -> EmailMultiAlternatives:
    """The e-mail: the saved searches' sections, then the content apps' (follows)."""
    for section in sections:
        for hit in section.listed:
            hit.type_label = labels.type_label(hit.type)
            hit.absolute_url = absolute_url(hit.url)
    others = [
        dataclasses.replace(
            other,
            items=[dataclasses.replace(item, url=absolute_url(item.url)) for item in other.items],
            stop_url=absolute_url(other.stop_url),
        )
        for other in others
    ]
    if sections:
        # Saved searches only: a follow is stopped from its own link in the e-mail.
        unsubscribe_all = absolute_url(
            reverse(
                "search:unsubscribe", args=[unsubscribe_token([s.saved_search for s in sections])]
            )
        )
    else:
        unsubscribe_all = others[0].stop_url if len(others) == 1 else ""
    context = {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "user": user,
        "sections": sections,
        "others": others,
        "count": len(sections) + len(others),
        "names": [s.saved_search.name for s in sections] + [o.title for o in others],
        "account_url": absolute_url(reverse("search:saved_searches")),
        "unsubscribe_all_url": unsubscribe_all,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("search/email/alert_subject.txt", context)
        text = render_to_string("search/email/alert.txt", context)
        html = render_to_string("search/email/alert.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_all}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        if unsubscribe_all
        else {},
    )
    message.attach_alternative(html, "text/html")
    return message
