"""Upsert rulings from the rechtspraak.nl open data into CaseLawPages, keyed on the ECLI.

The importer owns the court's fields (dates, numbers, texts, relations); the knowledge centre's
fields (topics, countries, tags, annotation, outcome) are never touched on re-import."""

import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import override

from knowledge.ecli import court_code
from knowledge.models import CaseLawIndexPage, CaseLawPage, ECLIAlias, LegalArea
from knowledge.rechtspraak.parser import ParsedRuling, RulingParseError, parse_ruling

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


def _legal_areas(parsed: ParsedRuling) -> list[LegalArea]:
    areas = []
    identifiers = parsed.legal_area_identifiers
    for index, name in enumerate(parsed.legal_areas):
        identifier = identifiers[index] if index < len(identifiers) else ""
        area, created = LegalArea.objects.get_or_create(
            name=name[:200], defaults={"identifier": identifier[:300]}
        )
        if not created and identifier and not area.identifier:
            area.identifier = identifier[:300]
            area.save(update_fields=["identifier"])
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


def import_ruling(data: bytes, source: str = "", parent=None) -> Outcome:
    """Parse and upsert one file. Everything for one ruling happens in one transaction, so a
    failure leaves the database as it was."""
    try:
        parsed = parse_ruling(data, source=source)
    except RulingParseError as exc:
        return Outcome(FAILED, message=str(exc))

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

    digest = content_hash(data)
    existing = CaseLawPage.objects.filter(ecli=parsed.ecli).first()
    if existing is not None and existing.content_hash == digest:
        return Outcome(UNCHANGED, parsed.ecli)

    with transaction.atomic():
        areas = _legal_areas(parsed)
        if existing is None:
            page = CaseLawPage(
                title=ruling_title(parsed),
                slug=slugify(parsed.ecli.replace(":", "-"))[:255],
                ecli=parsed.ecli,
            )
            _apply(page, parsed, digest)
            page.legal_areas.set(areas)
            (parent or default_parent()).add_child(instance=page)
            status = IMPORTED
        else:
            page = existing
            _apply(page, parsed, digest)
            page.legal_areas.set(areas)
            status = UPDATED
        page.save_revision().publish()
    return Outcome(status, parsed.ecli)
