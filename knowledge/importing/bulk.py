"""The bulk path of the ruling import: new rulings enter the page tree a batch at a time.

The incremental path (`rulings.import_parsed`) saves each page three times through Wagtail
(add_child, save_revision, publish), each time with validation, Wagtail's admin search index and
the signals that cite and index it, one ruling after the other. A first import of a court's
collection is thousands of new rulings, so for those this module writes what that path leaves
behind in a few statements per batch: the page rows, their revisions, the audit log and the
legal areas, then the citations, Wagtail's admin search index and the portal's search index.

Everything else goes through the incremental path, which keeps the editors' work: a ruling that
exists, an ECLI that comes twice in a batch, a file that holds no ruling to store, a ruling that
fails validation. Tests hold both paths to the same pages, revisions, citations and search
documents.

New rulings go live without Wagtail's `page_published` signal: its receivers in this project
(citations, search indexing) are the steps done here for the whole batch. Code that must hear of
every new ruling has to be called from here as well as from the signal.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends

from knowledge.citations import update_citations_many
from knowledge.importing.rulings import (
    FAILED,
    IMPORTED,
    Outcome,
    content_hash,
    import_parsed,
    legal_areas,
    new_page,
)
from knowledge.laws import provision_column
from knowledge.models import CaseLawPage
from knowledge.rechtspraak.parser import ParsedRuling, RulingParseError, parse_ruling
from portal.cache import content_changed
from search.registry import index_objects

BATCH_SIZE = 100


@dataclass
class _Ruling:
    index: int  # position in the batch, so outcomes come back in the order of the files
    parsed: ParsedRuling
    digest: str
    page: CaseLawPage | None = None
    areas: list = field(default_factory=list)


def import_batch(files: Sequence[tuple[str, bytes]], parent) -> list[Outcome]:
    """Import a batch of files (name, content) into `parent`, the case-law section; returns one
    outcome per file, in order. New rulings are inserted together; the rest, and all of them if
    the database refuses the batch, one at a time in a savepoint each, so one bad file never
    costs the others."""
    outcomes: list[Outcome | None] = [None] * len(files)
    rulings = []
    for index, (name, data) in enumerate(files):
        try:
            rulings.append(_Ruling(index, parse_ruling(data, source=name), content_hash(data)))
        except RulingParseError as exc:
            outcomes[index] = Outcome(FAILED, message=str(exc))

    new, one_by_one = _partition(rulings, parent)
    if new:
        try:
            with transaction.atomic():
                _insert(new, parent)
        except Exception:  # noqa: BLE001 - each ruling is tried alone below, with its own error
            one_by_one = sorted(new + one_by_one, key=lambda ruling: ruling.index)
        else:
            for ruling in new:
                outcomes[ruling.index] = Outcome(IMPORTED, ruling.parsed.ecli)
    for ruling in one_by_one:
        outcomes[ruling.index] = import_one(ruling.parsed, ruling.digest, parent)
    return outcomes


def import_one(parsed: ParsedRuling, digest: str, parent) -> Outcome:
    try:
        with transaction.atomic():
            return import_parsed(parsed, digest, parent)
    except Exception as exc:  # noqa: BLE001 - reported for this file; the import goes on
        return Outcome(FAILED, parsed.ecli, f"{type(exc).__name__}: {exc}")


def _partition(rulings: list[_Ruling], parent) -> tuple[list[_Ruling], list[_Ruling]]:
    """(new rulings ready to insert, the rest). Two queries for the whole batch: the ECLIs the
    portal holds and the slugs taken under the section."""
    candidates = [
        ruling
        for ruling in rulings
        if not ruling.parsed.is_replaced_by and ruling.parsed.decision_date and ruling.parsed.court
    ]
    eclis = [ruling.parsed.ecli for ruling in candidates]
    held = set(CaseLawPage.objects.filter(ecli__in=eclis).values_list("ecli", flat=True))
    pages = {ruling.index: new_page(ruling.parsed, ruling.digest) for ruling in candidates}
    taken = set(
        Page.objects.child_of(parent)
        .filter(slug__in=[page.slug for page in pages.values()])
        .values_list("slug", flat=True)
    )
    new, rest = [], []
    for ruling in rulings:
        page = pages.get(ruling.index)
        if page is None or ruling.parsed.ecli in held or page.slug in taken or not _valid(page):
            rest.append(ruling)
            continue
        held.add(ruling.parsed.ecli)  # a second file with this ECLI updates the first
        taken.add(page.slug)
        ruling.page = page
        new.append(ruling)
    return new, rest


def _valid(page: CaseLawPage) -> bool:
    """The field checks Wagtail's save would make (lengths, the ECLI's form); uniqueness is
    checked for the batch in _partition. An invalid ruling takes the incremental path, which
    reports the error as it always has."""
    page.draft_title = page.title
    try:
        page.clean_fields(exclude=["path", "depth", "url_path", "locale", "content_type"])
    except ValidationError:
        return False
    return True


def _insert(rulings: list[_Ruling], parent) -> None:
    """Write the rulings as published pages, as add_child, save_revision and publish would."""
    section = Page.objects.select_for_update().get(pk=parent.pk)
    last = section.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    now = timezone.now()
    known_areas: dict = {}
    pages = []
    for offset, ruling in enumerate(rulings, start=1):
        page = ruling.page
        # One microsecond apart, so "newest first" keeps the order of the files, as when each
        # ruling is published in turn.
        published = now + datetime.timedelta(microseconds=offset)
        page.path = Page._get_path(section.path, section.depth + 1, step + offset)
        page.depth = section.depth + 1
        page.numchild = 0
        page.url_path = f"{section.url_path}{page.slug}/"
        page.locale_id = section.locale_id
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = published
        page.latest_revision_created_at = published
        # What CaseLawPage.save() keeps in step, which this insert does not call.
        page.provision_lines = provision_column(page.legal_provisions)
        ruling.areas = legal_areas(ruling.parsed, known_areas)
        page.legal_areas.set(ruling.areas)  # in memory (modelcluster), for the revision
        pages.append(page)
    # Serialised before the insert: a new page has no tags, comments or other relations in the
    # database yet, and asking for them would cost four queries per page.
    contents = [page.serializable_data() for page in pages]

    _insert_pages(pages)
    Page.objects.filter(pk=section.pk).update(numchild=F("numchild") + len(pages))
    # The caller's section object adds the next single ruling by its child count (treebeard).
    parent.numchild = section.numchild + len(pages)

    content_type = ContentType.objects.get_for_model(CaseLawPage)
    revisions = [
        Revision(
            content_type_id=content_type.pk,
            base_content_type_id=ContentType.objects.get_for_model(Page).pk,
            object_id=str(page.pk),
            created_at=page.latest_revision_created_at,
            object_str=str(page),
            content={**content, "pk": page.pk},
        )
        for page, content in zip(pages, contents, strict=True)
    ]
    Revision.objects.bulk_create(revisions)
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = page.live_revision = revision
    Page.objects.bulk_update(pages, ["latest_revision", "live_revision"])

    through = CaseLawPage.legal_areas.through
    relation = CaseLawPage._meta.get_field("legal_areas")
    page_column, area_column = relation.m2m_field_name(), relation.m2m_reverse_field_name()
    through.objects.bulk_create(
        through(**{f"{page_column}_id": ruling.page.pk, f"{area_column}_id": area.pk})
        for ruling in rulings
        for area in ruling.areas
    )
    PageLogEntry.objects.bulk_create(
        entry
        for page in pages
        for entry in (
            _log(page, content_type, "wagtail.create", None),
            _log(page, content_type, "wagtail.publish", page.live_revision),
        )
    )

    if ReferenceIndex.model_is_indexable(CaseLawPage):
        for page in pages:
            ReferenceIndex.create_or_update_for_object(page)
    update_citations_many(pages)
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(CaseLawPage, pages)
    index_objects(pages)  # the portal's own index, after the commit
    content_changed()  # bulk inserts send no signals: cached pages and lists are renewed here


def _insert_pages(pages: list[CaseLawPage]) -> None:
    """Insert multi-table pages in bulk: Django's bulk_create refuses a child model, so the
    wagtailcore_page rows go in through the parent model (it reads Page's fields off the
    CaseLawPage objects) and the knowledge rows through the queryset's insert, the step
    bulk_create itself ends with."""
    Page.objects.bulk_create(pages)
    for page in pages:
        page.page_ptr_id = page.id
    fields = CaseLawPage._meta.local_concrete_fields
    database = router.db_for_write(CaseLawPage)
    size = connections[database].ops.bulk_batch_size(fields, pages) or len(pages)
    for start in range(0, len(pages), size):
        CaseLawPage._base_manager.using(database)._insert(
            pages[start : start + size], fields=fields, using=database
        )


def _log(page, content_type, action: str, revision) -> PageLogEntry:
    return PageLogEntry(
        content_type_id=content_type.pk,
        label=page.get_admin_display_title(),
        action=action,
        data={},
        timestamp=page.first_published_at,
        page_id=page.pk,
        revision=revision,
        content_changed=True,
    )
