"""What the portal keeps between requests, and when it forgets it.

Three things are cached: whole pages for anonymous visitors (portal.pagecache), the main menu,
and the filter options of the section lists. All of it depends on published content and on who
is looking, so every key holds

- the *content generation*, a token that changes whenever content that pages show changes
  (a page published, moved or deleted, a view restriction, a topic renamed, an organisation
  edited...): stale entries are never read again and age out of the cache by themselves;
- for per-visitor parts, the *visibility class* of the request: the set of view restrictions
  it does not pass. Everyone with the same set sees the same menu and the same options.

The caches must be shared by all server processes (a file cache under var/ by default, Redis
where CACHE_URL says so), or a publish seen by one worker would not reach the others."""

import hashlib
import uuid

from django.core.cache import caches
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation

from portal.access import closed_restrictions

GENERATION_KEY = "portal:content-generation"

# Wagtail's own tables whose rows change what visitors see.
_WATCHED_APPS = {"wagtailcore", "wagtaildocs", "wagtailimages", "taggit", "portal"}
_PENDING_ATTR = "_eno_generation_bump_pending"


def watch_app(app_label: str) -> None:
    """Content apps name themselves here (from their AppConfig.ready()): a change to any of
    their models starts a new content generation."""
    _WATCHED_APPS.add(app_label)


def generation() -> str:
    return caches["default"].get_or_set(GENERATION_KEY, _new_token, None)


def _new_token() -> str:
    return uuid.uuid4().hex[:12]


def _bump() -> None:
    caches["default"].set(GENERATION_KEY, _new_token(), None)


def _bump_after_commit() -> None:
    setattr(connection, _PENDING_ATTR, False)
    _bump()


def content_changed() -> None:
    """A new generation now, and again once the change is committed: in between, another
    request could still read and cache the old content under the first new token. The bump
    now is what makes a change seen inside a transaction that is never committed (each test
    runs in one). One bump after commit per transaction, however many rows an import writes."""
    _bump()
    if not connection.in_atomic_block:
        return
    if getattr(connection, _PENDING_ATTR, False) and connection.run_on_commit:
        return
    setattr(connection, _PENDING_ATTR, True)
    transaction.on_commit(_bump_after_commit)


def _on_change(sender, **kwargs):
    if sender._meta.app_label in _WATCHED_APPS:
        content_changed()


def _on_m2m_change(sender, action, instance, **kwargs):
    if action.startswith("post_"):
        _on_change(type(instance))


def connect_signals() -> None:
    post_save.connect(_on_change, dispatch_uid="portal.cache.save")
    post_delete.connect(_on_change, dispatch_uid="portal.cache.delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="portal.cache.m2m")

    from wagtail.models import PageViewRestriction

    post_save.connect(
        purge_restricted_pages, sender=PageViewRestriction, dispatch_uid="portal.cache.purge.save"
    )
    post_delete.connect(
        purge_restricted_pages, sender=PageViewRestriction, dispatch_uid="portal.cache.purge.del"
    )


def visibility_class(request) -> str:
    closed = sorted(restriction.pk for restriction in closed_restrictions(request))
    return hashlib.sha256(",".join(map(str, closed)).encode()).hexdigest()[:16]


def per_visibility(request, name: str, compute, timeout: int = 3600):
    """compute() once per content generation, visibility class and language; it must return
    something picklable (lists and dicts of plain values, not querysets)."""
    key = ":".join(
        ("portal", name, generation(), visibility_class(request), translation.get_language())
    )
    cache = caches["default"]
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def purge_restricted_pages(sender, instance, **kwargs):
    """A caching proxy keeps a page until it is purged: when a page gets (or loses) a view
    restriction, it and every page below it are purged, as Wagtail does on a publish."""
    from wagtail.contrib.frontend_cache.utils import get_backends, purge_pages_from_cache

    if not get_backends():
        return
    page = instance.page
    transaction.on_commit(
        lambda: purge_pages_from_cache(page.get_descendants(inclusive=True).live().specific())
    )
