"""Write the directory as an HSDS 3.0 tabular data package: one CSV per table and a
datapackage.json that describes them."""

import csv
import json
from pathlib import Path

from django.utils import timezone

from network.models import (
    Contact,
    Location,
    Organisation,
    Phone,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)

from .schema import EXPORT_TABLES, HSDS_VERSION, TAXONOMY_IDS, TAXONOMY_NAMES


def _terms_parents_first() -> list[TaxonomyTerm]:
    """All terms, every parent before its children (so a reader that links parents as it goes
    finds them), and otherwise in vocabulary and name order."""
    terms = list(TaxonomyTerm.objects.select_related("parent").order_by("vocabulary", "name"))
    parent_of = {term.pk: term.parent_id for term in terms}

    def depth(term) -> int:
        level, current, seen = 0, term.pk, set()
        while parent_of.get(current) and current not in seen:
            seen.add(current)
            current = parent_of[current]
            level += 1
        return level

    return sorted(terms, key=depth)  # sorted() is stable: name order within a level


def _rows(public_only: bool):
    """Yield (table, row dict) in an order that keeps references resolvable on import."""
    for vocabulary, _label in TaxonomyTerm.VOCABULARIES:
        yield (
            "taxonomy",
            {
                "id": TAXONOMY_IDS[vocabulary],
                "name": TAXONOMY_NAMES[vocabulary],
                "description": "",
                "uri": "",
                "version": "",
            },
        )
    for term in _terms_parents_first():
        yield (
            "taxonomy_term",
            {
                "id": term.hsds_id,
                "code": term.code,
                "name": term.name,
                "description": term.description,
                "parent_id": term.parent.hsds_id if term.parent else "",
                "taxonomy": TAXONOMY_NAMES[term.vocabulary],
                "taxonomy_id": TAXONOMY_IDS[term.vocabulary],
            },
        )
    # HSDS 3.0 has no field for "this organisation is no longer active", so the full export
    # carries our state in the extra column eno_is_active (like the other eno_* columns; other
    # tools ignore it, our importer reads it). A public export leaves inactive organisations
    # out altogether, with everything that hangs off them, as the public directory does.
    organisations = Organisation.objects.order_by("name")
    if public_only:
        organisations = organisations.filter(is_active=True)
    exported = set(organisations.values_list("pk", flat=True))
    hidden = set()
    for org in organisations:
        members_only = public_only and org.contact_visibility == Organisation.MEMBERS
        if members_only:
            hidden.add(org.pk)
        yield (
            "organization",
            {
                "id": org.hsds_id,
                "name": org.name,
                "alternate_name": org.alternate_name,
                "description": org.description,
                "email": "" if members_only else org.email,
                "website": org.website,
                "eno_organisation_type": org.organisation_type,
                "eno_member_since": org.member_since.isoformat() if org.member_since else "",
                "eno_contact_visibility": org.contact_visibility,
                "eno_is_active": "true" if org.is_active else "false",
            },
        )
    for loc in Location.objects.select_related("organisation").order_by("pk"):
        if loc.organisation_id not in exported:
            continue
        # The street address and opening hours are contact details: a public export gives
        # the town of a members-only organisation, and its position to about a kilometre.
        members_only = loc.organisation_id in hidden
        latitude, longitude = loc.latitude, loc.longitude
        if loc.has_coordinates:
            latitude, longitude = loc.position_for(show_address=not members_only)
        yield (
            "location",
            {
                "id": loc.hsds_id,
                "location_type": "physical",
                "organization_id": loc.organisation.hsds_id,
                "name": loc.name,
                "description": loc.description,
                "latitude": "" if latitude is None else repr(latitude),
                "longitude": "" if longitude is None else repr(longitude),
            },
        )
        if any([loc.address_1, loc.address_2, loc.postcode, loc.city, loc.province]):
            yield (
                "address",
                {
                    "id": loc.address_hsds_id or f"{loc.hsds_id}-address",
                    "location_id": loc.hsds_id,
                    "address_1": "" if members_only else loc.address_1,
                    "address_2": "" if members_only else loc.address_2,
                    "city": loc.city,
                    "region": "",
                    "state_province": loc.get_province_display() if loc.province else "",
                    "postal_code": "" if members_only else loc.postcode,
                    "country": loc.country,
                    "address_type": "physical",
                },
            )
        if loc.opening_hours and not members_only:
            yield (
                "schedule",
                {
                    "id": f"{loc.hsds_id}-schedule",
                    "service_id": "",
                    "location_id": loc.hsds_id,
                    "description": loc.opening_hours,
                },
            )
    services = Service.objects.select_related("organisation").prefetch_related(
        "categories", "target_groups", "languages"
    )
    for service in services.order_by("pk"):
        if service.organisation_id not in exported:
            continue
        members_only = service.organisation_id in hidden
        yield (
            "service",
            {
                "id": service.hsds_id,
                "organization_id": service.organisation.hsds_id,
                "name": service.name,
                "alternate_name": service.alternate_name,
                "description": service.description,
                "url": service.url,
                "email": "" if members_only else service.email,
                "status": service.status,
                "eligibility_description": service.eligibility,
                "application_process": service.application_process,
                "fees_description": service.fees,
            },
        )
        if service.schedule:
            yield (
                "schedule",
                {
                    "id": service.schedule_hsds_id or f"{service.hsds_id}-schedule",
                    "service_id": service.hsds_id,
                    "location_id": "",
                    "description": service.schedule,
                },
            )
        for language in service.languages.all():
            yield (
                "language",
                {
                    "id": f"{service.hsds_id}-language-{language.code}",
                    "service_id": service.hsds_id,
                    "name": language.name,
                    "code": language.code,
                },
            )
        # HSDS 3.0: link_entity names the table of link_id, link_type what the term describes.
        terms = [(t, "category") for t in service.categories.all()]
        terms += [(t, "audience") for t in service.target_groups.all()]
        for term, link_type in terms:
            yield (
                "attribute",
                {
                    "id": f"{service.hsds_id}-term-{term.hsds_id}",
                    "link_id": service.hsds_id,
                    "link_type": link_type,
                    "link_entity": "service",
                    "taxonomy_term_id": term.hsds_id,
                    "value": "",
                    "label": term.name,
                },
            )
    for sal in ServiceAtLocation.objects.select_related("service", "location").order_by("pk"):
        if sal.service.organisation_id not in exported:
            continue
        yield (
            "service_at_location",
            {
                "id": sal.hsds_id,
                "service_id": sal.service.hsds_id,
                "location_id": sal.location.hsds_id,
                "description": sal.description,
            },
        )
    for area in ServiceArea.objects.select_related("service").order_by("pk"):
        if area.service.organisation_id not in exported:
            continue
        yield (
            "service_area",
            {
                "id": area.hsds_id,
                "service_id": area.service.hsds_id,
                "name": area.name,
                "description": area.description,
            },
        )
    contacts = Contact.objects.select_related("organisation", "service").order_by("pk")
    for contact in contacts:
        if contact.organisation_id in hidden or contact.organisation_id not in exported:
            continue
        yield (
            "contact",
            {
                "id": contact.hsds_id,
                "organization_id": contact.organisation.hsds_id,
                "service_id": contact.service.hsds_id if contact.service else "",
                "name": contact.name,
                "title": contact.title,
                "department": contact.department,
                "email": contact.email,
            },
        )
    phones = Phone.objects.select_related("organisation", "service", "location", "contact")
    for phone in phones.order_by("pk"):
        if phone.organisation_id in hidden or phone.organisation_id not in exported:
            continue
        yield (
            "phone",
            {
                "id": phone.hsds_id,
                "organization_id": phone.organisation.hsds_id,
                "service_id": phone.service.hsds_id if phone.service else "",
                "location_id": phone.location.hsds_id if phone.location else "",
                "contact_id": phone.contact.hsds_id if phone.contact else "",
                "number": phone.number,
                "extension": phone.extension,
                "type": phone.type,
                "description": phone.description,
            },
        )


def export_package(directory: Path, *, public_only: bool = False, progress=None) -> dict:
    """Write the package into `directory` (created if needed); returns rows written per file."""
    directory.mkdir(parents=True, exist_ok=True)
    files = {}
    writers = {}
    counts = {}
    try:
        for table, (filename, fields) in EXPORT_TABLES.items():
            handle = open(directory / filename, "w", encoding="utf-8", newline="")  # noqa: SIM115
            files[table] = handle
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writers[table] = writer
            counts[filename] = 0
        for table, row in _rows(public_only):
            writers[table].writerow(row)
            filename = EXPORT_TABLES[table][0]
            counts[filename] += 1
            if progress and counts[filename] % 500 == 0:
                progress(f"{filename}: {counts[filename]} rows")
    finally:
        for handle in files.values():
            handle.close()
    package = {
        "name": "eno-sociale-kaart",
        "title": "ENO sociale en juridische kaart",
        "profile": "tabular-data-package",
        "version": HSDS_VERSION,
        "created": timezone.now().isoformat(timespec="seconds"),
        "resources": [
            {
                "name": table,
                "path": filename,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [{"name": field, "type": "string"} for field in fields],
                    "primaryKey": "id",
                },
            }
            for table, (filename, fields) in EXPORT_TABLES.items()
        ],
    }
    (directory / "datapackage.json").write_text(
        json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return counts
