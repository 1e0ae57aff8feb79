"""Upsert rulings from the rechtspraak.nl open data into CaseLawPages, keyed on the ECLI.

The importer owns the court's fields (dates, numbers, texts, relations); the knowledge centre's
fields (topics, countries, tags, annotation, outcome) are never touched on re-import; an outcome
nobody has set yet is read from the decision (knowledge.rechtspraak.outcome)."""

import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext, override

from knowledge.ecli import court_code
from knowledge.models import CaseLawIndexPage, CaseLawPage, ECLIAlias, LegalArea
from knowledge.rechtspraak.outcome import derive_outcome
from knowledge.rechtspraak.parser import (
    ParsedRuling,
    RulingParseError,
    legal_area_identifier_fits,
    parse_ruling,
)

IMPORTED, UPDATED, UNCHANGED, SKIPPED, FAILED = (
    "imported",
    "updated",
    "unchanged",
    "skipped",
    "failed",
)


@dataclass
class Outcome:
    status: str
    ecli: str = ""
    message: str = ""


class ImportSetupError(Exception):
    pass


def default_parent() -> CaseLawIndexPage:
    parent = CaseLawIndexPage.objects.first()
    if parent is None:
        raise ImportSetupError(
            "There is no case law section to import into; run `manage.py load_demo` or create a "
            "case law section page in the admin first."
        )
    return parent


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def ruling_title(parsed: ParsedRuling) -> str:
    """The way lawyers cite a ruling; the court's own dcterms:title is an inconsistent mix."""
    with override("nl"):
        when = date_format(parsed.decision_date, "j F Y") if parsed.decision_date else ""
    parts = [p for p in (parsed.court, when) if p]
    return (f"{' '.join(parts)}, {parsed.ecli}" if parts else parsed.ecli)[:255]


def legal_areas(parsed: ParsedRuling, known: dict | None = None) -> list[LegalArea]:
    """The ruling's legal areas, created when new. `known` remembers the areas a batch has
    already looked up, so a thousand rulings of one area cost one lookup."""
    known = {} if known is None else known
    areas = []
    for name in parsed.legal_areas:
        identifier = parsed.legal_area_identifier_by_name.get(name, "")[:300]
        if (name, identifier) in known:
            areas.append(known[name, identifier])
            continue
        area, created = LegalArea.objects.get_or_create(
            name=name[:200], defaults={"identifier": identifier}
        )
        # Fill in a missing identifier, and repair one that an earlier version of the importer
        # paired with the wrong name (by position); an identifier that fits is left alone.
        if (
            not created
            and identifier
            and area.identifier != identifier
            and not legal_area_identifier_fits(area.name, area.identifier)
        ):
            area.identifier = identifier
            area.save(update_fields=["identifier"])
        known[name, identifier] = area
        areas.append(area)
    return areas


def _apply(page: CaseLawPage, parsed: ParsedRuling, digest: str) -> None:
    page.court = parsed.court[:200]
    page.court_code = court_code(parsed.ecli)
    page.decision_date = parsed.decision_date
    page.publication_date = parsed.publication_date
    page.case_numbers = ", ".join(parsed.case_numbers)[:500]
    page.procedure = "; ".join(parsed.procedures)[:300]
    page.summary = parsed.summary_html
    page.full_text = parsed.ruling_html
    page.source_url = parsed.source_url[:500]
    page.source_modified = parsed.modified
    page.relations = [
        {"ecli": r.ecli, "label": r.label, "type": r.type_uri, "aanleg": r.aanleg_uri}
        for r in parsed.relations
    ]
    page.legal_provisions = [
        {"label": ref.label, "identifier": ref.identifier, "url": ref.url or ""}
        for ref in parsed.references
    ]
    page.content_hash = digest
    # The outcome is the editors' field: read from the decision only while nobody has set it.
    if not page.outcome:
        page.outcome = derive_outcome(parsed.ruling_html)


def import_ruling(data: bytes, source: str = "", parent=None) -> Outcome:
    """Parse and upsert one file. Everything for one ruling happens in one transaction, so a
    failure leaves the database as it was."""
    try:
        parsed = parse_ruling(data, source=source)
    except RulingParseError as exc:
        return Outcome(FAILED, message=str(exc))
    return import_parsed(parsed, content_hash(data), parent)


def not_importable(parsed: ParsedRuling) -> Outcome | None:
    """The outcome of a file that holds no ruling to store (after recording an ECLI that was
    replaced, so /ecli/ redirects), or None."""
    if parsed.is_replaced_by:
        ECLIAlias.objects.update_or_create(
            ecli=parsed.ecli,
            defaults={"target_ecli": parsed.is_replaced_by, "note": "dcterms:isReplacedBy"},
        )
        return Outcome(
            SKIPPED, parsed.ecli, f"replaced by {parsed.is_replaced_by}; /ecli/ now redirects there"
        )
    if parsed.decision_date is None or not parsed.court:
        return Outcome(SKIPPED, parsed.ecli, "no decision date or court in the metadata")
    return None


def new_page(parsed: ParsedRuling, digest: str) -> CaseLawPage:
    """An unsaved page holding the court's fields of a ruling."""
    page = CaseLawPage(
        title=ruling_title(parsed),
        slug=ruling_slug(parsed.ecli),
        ecli=parsed.ecli,
    )
    _apply(page, parsed, digest)
    return page


def ruling_slug(ecli: str) -> str:
    return slugify(ecli.replace(":", "-"))[:255]


def import_parsed(parsed: ParsedRuling, digest: str, parent=None) -> Outcome:
    """Upsert one parsed ruling, in one transaction."""
    skipped = not_importable(parsed)
    if skipped is not None:
        return skipped
    existing = CaseLawPage.objects.filter(ecli=parsed.ecli).first()
    # Compare with the latest revision, not the live row: a ruling kept as a draft (below) has
    # the new text only in its latest revision.
    if existing is not None and existing.get_latest_revision_as_object().content_hash == digest:
        return Outcome(UNCHANGED, parsed.ecli)

    with transaction.atomic():
        areas = legal_areas(parsed)
        if existing is None:
            page = new_page(parsed, digest)
            page.legal_areas.set(areas)
            (parent or default_parent()).add_child(instance=page)
            page.save_revision().publish()
            return Outcome(IMPORTED, parsed.ecli)
        return Outcome(UPDATED, parsed.ecli, _update(existing, parsed, digest, areas))


def _update(page: CaseLawPage, parsed: ParsedRuling, digest: str, areas) -> str:
    """Bring an existing ruling up to date with the court's data without undoing editors' work.

    Editors' fields (annotation, topics, countries, tags, outcome …) are never touched, and the
    court's fields are applied on top of the *latest revision*, so an unpublished draft keeps
    what the editor wrote. What goes live:

    - live, no unpublished changes: the new revision is published, as on first import;
    - not live (an editor unpublished it, or it never went live): saved as a new revision only;
      the importer never republishes what an editor took offline;
    - live with an editor's unpublished draft: the court's fields are published on top of the
      live version (so the public page follows the court), then applied to the editor's draft,
      which is saved again as the latest revision, still unpublished, for the editor to review.

    Returns a note for the person importing ("" when published as usual)."""
    draft_revision = page.latest_revision if page.has_unpublished_changes else None
    if page.live:
        _apply(page, parsed, digest)
        page.legal_areas.set(areas)
        page.save_revision().publish()
        if draft_revision is None:
            return ""
        # Reload the editor's draft on top of the page as it is now (new live revision and all).
        draft = type(draft_revision).objects.get(pk=draft_revision.pk).as_object()
        _apply(draft, parsed, digest)
        draft.legal_areas.set(areas)
        draft.save_revision()
        return gettext(
            "published the court's changes; the editors' unpublished draft was kept, "
            "with the court's changes, for review"
        )
    draft = page.get_latest_revision_as_object()
    _apply(draft, parsed, digest)
    draft.legal_areas.set(areas)
    draft.save_revision()
    return gettext("not published: this ruling is unpublished; saved as a new draft revision")
