"""Keeping the index in step with content: which documents an object produces now, written to
every engine, and the signal handlers that call it after the transaction commits.

Each content object is a "source key" ("page:12", "network.organisation:7"); SourceDocument rows
remember which document ids a key produced, so documents an object no longer produces (a section
that was removed, a page that was unpublished) are deleted everywhere."""

from __future__ import annotations

import logging
import operator
from collections.abc import Iterable
from functools import reduce

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save

from search.documents import IndexDocument
from search.models import SourceDocument
from search.registry import Source, registry

logger = logging.getLogger(__name__)


def source_key(instance) -> str:
    from wagtail.models import Page

    if isinstance(instance, Page):
        return f"page:{instance.pk}"  # one key whatever class the page was loaded as
    return f"{instance._meta.label_lower}:{instance.pk}"


def documents_for(source: Source, instance) -> list[IndexDocument]:
    return list(source.builder_function(instance) or [])


def write(key: str, documents: Iterable[IndexDocument]) -> int:
    """Make the index hold exactly `documents` for this source key, in every engine."""
    return write_many({key: list(documents)})


def write_many(documents_by_key: dict[str, list[IndexDocument]]) -> int:
    """`write` for many source keys at once: one index call and one delete per engine, one
    query for the links, whatever the number of keys (a batch of imported rulings)."""
    from search.service import get_engine

    documents = [doc for docs in documents_by_key.values() for doc in docs]
    new_links = {(key, doc.id) for key, docs in documents_by_key.items() for doc in docs}
    old_links = set(
        SourceDocument.objects.filter(source__in=list(documents_by_key)).values_list(
            "source", "doc_id"
        )
    )
    new_ids = {doc_id for _key, doc_id in new_links}
    stale = sorted({doc_id for _key, doc_id in old_links} - new_ids)
    # With Elasticsearch configured, the engine writes to it and to the database fallback.
    engine = get_engine()
    if documents:
        engine.index(documents)
    if stale:
        engine.delete(stale)
    with transaction.atomic():
        gone = sorted(old_links - new_links)
        if gone:
            SourceDocument.objects.filter(
                reduce(operator.or_, (Q(source=key, doc_id=doc_id) for key, doc_id in gone))
            ).delete()
        SourceDocument.objects.bulk_create(
            [
                SourceDocument(source=key, doc_id=doc_id)
                for key, doc_id in sorted(new_links - old_links)
            ]
        )
    return len(documents)


def remove(key: str) -> None:
    write(key, [])


def reindex(instance) -> int:
    """(Re)index one object as it is now; removes its documents if it no longer produces any."""
    source = registry.source_for_model(type(instance))
    if source is None:
        return 0
    return write(source_key(instance), documents_for(source, instance))


def reindex_many(instances: Iterable) -> int:
    """Index many objects as they are now, in one write (search.registry.index_objects)."""
    documents_by_key = {}
    for instance in instances:
        source = registry.source_for_model(type(instance))
        if source is not None:
            documents_by_key[source_key(instance)] = documents_for(source, instance)
    return write_many(documents_by_key) if documents_by_key else 0


def reindex_page(page_id: int) -> None:
    from wagtail.models import Page

    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        remove(f"page:{page_id}")
        return
    page = page.specific
    if registry.source_for_model(type(page)) is not None:
        reindex(page)


def reindex_page_tree(page_id: int) -> None:
    """A page and its descendants: a move or a view restriction changes URLs and visibility of
    the whole subtree."""
    from wagtail.models import Page

    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        remove(f"page:{page_id}")
        return
    page_models = [s.model_class for s in registry.sources if s.is_page]
    if not page_models:
        return
    subtree = Page.objects.descendant_of(page, inclusive=True).type(*page_models).specific()
    for descendant in subtree.iterator(chunk_size=200):
        reindex(descendant)


# --- signal handlers: all work happens after the commit, and a failure never breaks the edit ---


def _after_commit(function, *args) -> None:
    """Run function(*args) once the transaction commits, at most once per transaction: saving an
    organisation with ten inline locations asks for its document ten times."""
    connection = transaction.get_connection()
    pending = connection.__dict__.setdefault("_search_pending", {})
    key = (function, args)
    queued = pending.get(key)
    # Still queued only if this transaction has not committed or rolled back since.
    if queued is not None and any(item[1] is queued for item in connection.run_on_commit):
        return

    def run():
        pending.pop(key, None)
        try:
            function(*args)
        except Exception:
            # The edit itself succeeded; `rebuild_search_index` repairs the index later.
            logger.exception("search indexing failed for %s%r", function.__name__, args)

    pending[key] = run
    transaction.on_commit(run)


def index_after_commit(instances: tuple) -> None:
    _after_commit(reindex_many, instances)


def _page_changed(sender, instance, **kwargs):
    _after_commit(reindex_page, instance.pk)


def _page_deleted(sender, instance, **kwargs):
    _after_commit(remove, f"page:{instance.pk}")


def _page_moved(sender, instance, **kwargs):
    _after_commit(reindex_page_tree, instance.pk)


def _restriction_changed(sender, instance, **kwargs):
    _after_commit(reindex_page_tree, instance.page_id)


def _restriction_groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Which groups a restriction admits decides who may find its pages; Wagtail's privacy
    dialog saves the restriction first and sets its groups after, so the groups' own changes
    must reindex too."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from wagtail.models import PageViewRestriction

    if not reverse:
        _after_commit(reindex_page_tree, instance.page_id)
        return
    # From the group's side: group.pageviewrestriction_set.add(...) and the like.
    for page_id in PageViewRestriction.objects.filter(pk__in=pk_set or []).values_list(
        "page_id", flat=True
    ):
        _after_commit(reindex_page_tree, page_id)


def _object_source(model) -> Source | None:
    # Only an exact match: a model's subclasses send their own signals with their own sender.
    for source in registry.sources:
        if source.model_class is model and not source.is_page:
            return source
    return None


def _object_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return  # fixture loading: the rebuild command indexes afterwards
    if _object_source(sender) is not None:
        _after_commit(_reindex_object, sender, instance.pk)
    _dependency_changed(sender, instance)


def _object_deleted(sender, instance, **kwargs):
    if _object_source(sender) is not None:
        _after_commit(remove, source_key(instance))
    _dependency_changed(sender, instance)


def _dependency_changed(sender, instance) -> None:
    """A row that is part of other objects' documents (an organisation's location) changed: the
    owners are reindexed after the commit."""
    for source, dependency in registry.dependents_of(sender):
        for pk in dependency.owners(instance):
            if pk is not None:
                _after_commit(_reindex_object, source.model_class, pk)


def _reindex_object(model, pk):
    instance = model._default_manager.filter(pk=pk).first()
    if instance is None:
        remove(f"{model._meta.label_lower}:{pk}")
    else:
        reindex(instance)


DISPATCH_UID = "search.indexing"
# (signal, sender, dispatch_uid) of every connection made, so that a reconnect starts clean.
_connections: list[tuple] = []


def _connect(signal, handler, sender, uid) -> None:
    signal.connect(handler, sender=sender, dispatch_uid=uid)
    _connections.append((signal, sender, uid))


def connect_signals() -> None:
    """Connect the handlers once (from SearchConfig.ready). Saves and deletes of every model go
    through them; they look the model up in the registry, so sources registered later by content
    apps, or swapped in by tests, are covered without reconnecting."""
    from wagtail.models import Page, PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    disconnect_signals()
    _connect(page_published, _page_changed, None, f"{DISPATCH_UID}.published")
    _connect(page_unpublished, _page_changed, None, f"{DISPATCH_UID}.unpublished")
    _connect(post_page_move, _page_moved, None, f"{DISPATCH_UID}.moved")
    _connect(post_delete, _page_deleted, Page, f"{DISPATCH_UID}.page_deleted")
    _connect(post_save, _restriction_changed, PageViewRestriction, f"{DISPATCH_UID}.restriction")
    _connect(post_delete, _restriction_changed, PageViewRestriction, f"{DISPATCH_UID}.restriction")
    _connect(
        m2m_changed,
        _restriction_groups_changed,
        PageViewRestriction.groups.through,
        f"{DISPATCH_UID}.restriction_groups",
    )
    _connect(post_save, _object_saved, None, f"{DISPATCH_UID}.saved")
    _connect(post_delete, _object_deleted, None, f"{DISPATCH_UID}.deleted")


def disconnect_signals() -> None:
    while _connections:
        signal, sender, uid = _connections.pop()
        signal.disconnect(sender=sender, dispatch_uid=uid)
