"""Write an HSDS package (3.0, or the 1.x/2.x CSV layouts) into the directory, upserting by id.

Every problem is reported with file and line and never stops the rest: a row that cannot be
imported is skipped, an optional value that is not valid is dropped with a warning. Reading the
files and values is network.hsds.reading's job; this module decides what they mean."""

from pathlib import Path

import pycountry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from network.models import (
    Contact,
    Language,
    Location,
    Organisation,
    Phone,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from network.models.directory import normalise_postcode, normalise_province
from network.validators import validate_phone_number
from portal.reports import Report

from .reading import RowError, Table, Values, read_package, table_name
from .schema import TAXONOMY_IDS

WEEKDAYS = {
    "1": "maandag",
    "2": "dinsdag",
    "3": "woensdag",
    "4": "donderdag",
    "5": "vrijdag",
    "6": "zaterdag",
    "7": "zondag",
    "mo": "maandag",
    "tu": "dinsdag",
    "we": "woensdag",
    "th": "donderdag",
    "fr": "vrijdag",
    "sa": "zaterdag",
    "su": "zondag",
}
TRUE_WORDS = {"true", "1", "yes", "y", "ja", "t"}
FALSE_WORDS = {"false", "0", "no", "n", "nee", "f"}
SERVICE_STATUSES = {key for key, _label in Service.STATUSES}
PHONE_TYPES = {key for key, _label in Phone.TYPES}
ORG_TYPES = {key for key, _label in Organisation.TYPES}


class Importer:
    def __init__(self, directory: Path, progress=None):
        self.directory = Path(directory)
        self.report = Report()
        self.progress = progress or (lambda message: None)
        self.location_org = {}  # location id -> organisation id, when locations lack one
        self.term_parents = []  # (term pk, parent HSDS id, file, line), linked after the table

    def run(self, dry_run: bool = False) -> Report:
        if not self.directory.is_dir():
            self.report.error(str(self.directory), None, "is not a directory")
            return self.report
        tables = read_package(self.directory, self.report)
        if "organization" not in tables:
            self.report.error(
                str(self.directory), None, "no organizations.csv (or organization.csv) found"
            )
            return self.report
        with transaction.atomic():
            self._derive_location_organisations(tables)
            steps = [
                ("taxonomy_term", self.taxonomy_term),
                ("organization", self.organization),
                ("location", self.location),
                ("address", self.address),
                ("service", self.service),
                ("contact", self.contact),
                ("service_at_location", self.service_at_location),
                ("service_area", self.service_area),
                ("phone", self.phone),
            ]
            for name, handler in steps:
                if name in tables:
                    self._each(tables[name], handler)
                if name == "taxonomy_term":
                    self._link_term_parents()
            self._service_extras(tables)
            if dry_run:
                transaction.set_rollback(True)
        return self.report

    def _each(self, table: Table, handler):
        total = len(table.rows)
        self.progress(f"{table.filename}: {total} rows")
        for index, (line, row) in enumerate(table.rows, start=1):
            values = Values(table, line, row, self.report)
            try:
                with transaction.atomic():
                    outcome = handler(values)
            except RowError as exc:
                self.report.error(table.filename, line, f"{exc}; row skipped")
                self.report.count(table.name, "skipped")
                continue
            except (ValidationError, ValueError) as exc:
                message = "; ".join(getattr(exc, "messages", [str(exc)]))
                self.report.error(table.filename, line, f"{message}; row skipped")
                self.report.count(table.name, "skipped")
                continue
            self.report.count(table.name, outcome)
            if index % 500 == 0:
                self.progress(f"{table.filename}: {index}/{total}")

    @staticmethod
    def _upsert(model, hsds_id, fields: dict):
        obj = model.objects.filter(hsds_id=hsds_id).first()
        created = obj is None
        if created:
            obj = model(hsds_id=hsds_id)
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.save()
        return obj, "created" if created else "updated"

    def _find(self, model, hsds_id, what):
        if not hsds_id:
            return None
        obj = model.objects.filter(hsds_id=hsds_id).first()
        if obj is None:
            raise RowError(f"{what} {hsds_id!r} does not exist (in this package or the portal)")
        return obj

    def _derive_location_organisations(self, tables):
        services = {}
        for _line, row in tables.get("service", Table("", "", [], [])).rows:
            services[row.get("id", "")] = row.get("organization_id", "")
        for _line, row in tables.get("service_at_location", Table("", "", [], [])).rows:
            org = services.get(row.get("service_id", ""))
            if org:
                self.location_org.setdefault(row.get("location_id", ""), org)

    # One method per table; each returns "created" or "updated" or raises RowError.

    def taxonomy_term(self, v: Values):
        hsds_id = v.required("id")
        name = v.required("name")
        vocabulary = self._vocabulary(v)
        code = slugify(v.get("code") or name)[:100] or slugify(hsds_id)[:100]
        clash = TaxonomyTerm.objects.filter(vocabulary=vocabulary, code=code).exclude(
            hsds_id=hsds_id
        )
        if clash.exists():
            code = f"{code[:90]}-{slugify(hsds_id)[:8]}"
        fields = {
            "vocabulary": vocabulary,
            "code": code,
            "name": name[:200],
            "description": v.get("description", limit=2000),
        }
        parent_id = v.get("parent_id")
        if parent_id == hsds_id:
            parent_id = ""
        if "parent_id" in v.row:
            fields["parent"] = None  # set again below, once every term of the file exists
        term, outcome = self._upsert(TaxonomyTerm, hsds_id, fields)
        if parent_id:
            # A parent may come later in the file (packages are not sorted parents-first), so
            # parents are linked after the whole table has been read.
            self.term_parents.append((term.pk, parent_id, v.table.filename, v.line))
        return outcome

    def _link_term_parents(self):
        """Second pass over taxonomy terms: link each to its parent, refusing cycles."""
        for term_pk, parent_id, filename, line in self.term_parents:
            term = TaxonomyTerm.objects.filter(pk=term_pk).first()
            parent = TaxonomyTerm.objects.filter(hsds_id=parent_id).first()
            if term is None:
                continue
            if parent is None:
                self.report.warning(
                    filename, line, f"parent term {parent_id!r} not found; imported without parent"
                )
                continue
            ancestor, seen = parent, set()
            while ancestor is not None and ancestor.pk not in seen and ancestor.pk != term.pk:
                seen.add(ancestor.pk)
                ancestor = ancestor.parent
            if ancestor is not None and ancestor.pk == term.pk:
                self.report.warning(
                    filename,
                    line,
                    f"parent term {parent_id!r} would make a loop; imported without parent",
                )
                continue
            term.parent = parent
            term.save(update_fields=["parent"])
        self.term_parents = []

    @staticmethod
    def _vocabulary(v: Values) -> str:
        taxonomy_id = v.get("taxonomy_id")
        for vocabulary, known in TAXONOMY_IDS.items():
            if taxonomy_id == known:
                return vocabulary
        label = " ".join([v.get("taxonomy"), v.get("vocabulary"), taxonomy_id]).lower()
        if any(word in label for word in ("target", "doelgroep", "audience")):
            return TaxonomyTerm.TARGET_GROUP
        if any(word in label for word in ("topic", "onderwerp", "expertise")):
            return TaxonomyTerm.TOPIC
        return TaxonomyTerm.CATEGORY

    def organization(self, v: Values):
        hsds_id = v.required("id")
        fields = {
            "name": v.required("name")[:250],
            "alternate_name": v.get("alternate_name", limit=250),
            "description": v.html("description"),
            "email": v.email("email"),
            "website": v.url("website", "url"),
        }
        org_type = v.get("eno_organisation_type")
        if org_type:
            if org_type in ORG_TYPES:
                fields["organisation_type"] = org_type
            else:
                v.warn(f"unknown organisation type {org_type!r}; left as it was")
        if "eno_member_since" in v.row:
            fields["member_since"] = v.date("eno_member_since")
        visibility = v.get("eno_contact_visibility")
        if visibility in (Organisation.PUBLIC, Organisation.MEMBERS):
            fields["contact_visibility"] = visibility
        elif visibility:
            v.warn(f"unknown contact visibility {visibility!r}; left as it was")
        # Our own extra column (see exporter): packages from elsewhere leave the state alone.
        active = v.get("eno_is_active").lower()
        if active in TRUE_WORDS:
            fields["is_active"] = True
        elif active in FALSE_WORDS:
            fields["is_active"] = False
        elif active:
            v.warn(f"eno_is_active {active!r} is not true or false; left as it was")
        _org, outcome = self._upsert(Organisation, hsds_id, fields)
        return outcome

    def location(self, v: Values):
        hsds_id = v.required("id")
        org_id = v.get("organization_id") or self.location_org.get(hsds_id, "")
        if not org_id:
            raise RowError("location belongs to no organisation (organization_id is empty)")
        organisation = self._find(Organisation, org_id, "organisation")
        fields = {
            "organisation": organisation,
            "name": v.get("name", limit=250),
            "description": v.get("description", limit=4000),
            "latitude": v.number("latitude", -90, 90),
            "longitude": v.number("longitude", -180, 180),
        }
        _loc, outcome = self._upsert(Location, hsds_id, fields)
        return outcome

    def address(self, v: Values):
        location_id = v.required("location_id")
        location = self._find(Location, location_id, "location")
        address_type = v.get("address_type").lower()
        if address_type == "postal" and location.address_hsds_id and location.address_1:
            return "skipped"  # the physical address wins for the map and the directory
        country = (v.get("country") or "NL").upper()[:2]
        postcode = v.get("postal_code", "postcode")
        if postcode and country == "NL":
            try:
                postcode = normalise_postcode(postcode)
            except ValidationError:
                v.warn(f"postal_code {postcode!r} is not a Dutch postcode; kept as given")
        province_text = v.get("state_province", "region")
        province = normalise_province(province_text)
        if province is None:
            v.warn(f"{province_text!r} is not a Dutch province; left empty")
            province = ""
        location.address_hsds_id = v.get("id") or location.address_hsds_id
        location.address_1 = v.get("address_1", limit=250)
        location.address_2 = v.get("address_2", limit=250)
        location.postcode = postcode[:20]
        location.city = v.get("city", limit=120)
        location.province = province
        location.country = country
        location.save()
        return "updated"

    def service(self, v: Values):
        hsds_id = v.required("id")
        organisation = self._find(Organisation, v.required("organization_id"), "organisation")
        status = v.get("status").lower() or Service.ACTIVE
        if status not in SERVICE_STATUSES:
            v.warn(f"unknown status {status!r}; imported as active")
            status = Service.ACTIVE
        fields = {
            "organisation": organisation,
            "name": v.required("name")[:250],
            "alternate_name": v.get("alternate_name", limit=250),
            "description": v.html("description"),
            "url": v.url("url"),
            "email": v.email("email"),
            "status": status,
            "application_process": v.get("application_process", limit=4000),
            "fees": v.get("fees_description", "fees", limit=500),
        }
        eligibility = v.get("eligibility_description", limit=4000)
        if eligibility:
            fields["eligibility"] = eligibility
        _service, outcome = self._upsert(Service, hsds_id, fields)
        return outcome

    def contact(self, v: Values):
        hsds_id = v.get("id") or f"contact-{v.table.filename}-{v.line}"
        service = self._find(Service, v.get("service_id"), "service")
        org_id = v.get("organization_id")
        organisation = (
            self._find(Organisation, org_id, "organisation")
            if org_id
            else (service.organisation if service else None)
        )
        if organisation is None:
            raise RowError("contact belongs to no organisation or service")
        fields = {
            "organisation": organisation,
            "service": service,
            "name": v.required("name")[:200],
            "title": v.get("title", limit=200),
            "department": v.get("department", limit=200),
            "email": v.email("email"),
        }
        _contact, outcome = self._upsert(Contact, hsds_id, fields)
        return outcome

    def service_at_location(self, v: Values):
        service = self._find(Service, v.required("service_id"), "service")
        location = self._find(Location, v.required("location_id"), "location")
        hsds_id = v.get("id") or f"{service.hsds_id}@{location.hsds_id}"
        existing = ServiceAtLocation.objects.filter(service=service, location=location).first()
        if existing and existing.hsds_id != hsds_id:
            existing.description = v.get("description", limit=500)
            existing.save()
            return "updated"
        _sal, outcome = self._upsert(
            ServiceAtLocation,
            hsds_id,
            {
                "service": service,
                "location": location,
                "description": v.get("description", limit=500),
            },
        )
        return outcome

    def service_area(self, v: Values):
        service = self._find(Service, v.required("service_id"), "service")
        name = v.get("name", "service_area", limit=250) or v.get("description", limit=250)
        if not name:
            raise RowError("service area has no name")
        hsds_id = v.get("id") or f"{service.hsds_id}-area-{slugify(name)[:40]}"
        _area, outcome = self._upsert(
            ServiceArea,
            hsds_id,
            {"service": service, "name": name, "description": v.get("description", limit=500)},
        )
        return outcome

    def phone(self, v: Values):
        number = v.required("number")
        try:
            digits = validate_phone_number(number)
        except ValidationError as exc:
            raise RowError(f"{number!r} is not a phone number") from exc
        service = self._find(Service, v.get("service_id"), "service")
        location = self._find(Location, v.get("location_id"), "location")
        contact = self._find(Contact, v.get("contact_id"), "contact")
        # HSDS 2 and 3 let a phone belong to a service at one location (the number of that
        # service there); the portal keeps both links instead.
        at = self._find(
            ServiceAtLocation,
            v.get("service_at_location_id", "serviceatlocation_id"),
            "service at location",
        )
        if at is not None:
            service = service or at.service
            location = location or at.location
        org_id = v.get("organization_id")
        if org_id:
            organisation = self._find(Organisation, org_id, "organisation")
        else:
            owner = service or location or contact
            organisation = owner.organisation if owner else None
        if organisation is None:
            raise RowError("phone belongs to no organisation, service, location or contact")
        phone_type = v.get("type").lower() or "voice"
        if phone_type not in PHONE_TYPES:
            phone_type = "voice"
        hsds_id = v.get("id") or f"phone-{organisation.hsds_id}-{digits}"
        _phone, outcome = self._upsert(
            Phone,
            hsds_id,
            {
                "organisation": organisation,
                "service": service,
                "location": location,
                "contact": contact,
                "number": number[:40],
                "extension": v.get("extension", limit=20),
                "type": phone_type,
                "description": v.get("description", limit=250),
            },
        )
        return outcome

    # Schedules, languages, eligibility and taxonomy links are all "extras" of a service.

    def _service_extras(self, tables):
        schedules: dict[str, list[str]] = {}
        schedule_ids: dict[str, str] = {}
        location_hours: dict[int, list[str]] = {}
        languages: dict[str, list[Language]] = {}
        eligibility: dict[str, list[str]] = {}
        terms: dict[str, list[TaxonomyTerm]] = {}

        def service_for(v):
            return self._find(Service, v.required("service_id"), "service")

        def schedule(v):
            text = v.get("description", limit=500) or self._schedule_text(v)
            if not text:
                raise RowError("schedule has neither a description nor opening times")
            if not v.get("service_id"):
                # The opening hours of a location (HSDS: a schedule with a location_id only).
                location = self._find(Location, v.required("location_id"), "location")
                location_hours.setdefault(location.pk, []).append(text)
                return "updated"
            service = service_for(v)
            schedules.setdefault(service.hsds_id, []).append(text)
            schedule_ids.setdefault(service.hsds_id, v.get("id"))
            return "updated"

        def language(v):
            service = service_for(v)
            code = v.get("code").lower()[:12]
            name = v.get("name", "language", limit=100)
            if not code and name:
                try:
                    found = pycountry.languages.lookup(name)
                    code = getattr(found, "alpha_2", "") or found.alpha_3
                except LookupError:
                    code = slugify(name)[:12]
            if not code:
                raise RowError("language has neither a code nor a name")
            lang = Language.objects.filter(code=code).first()
            if lang is None:
                if not name:
                    found = pycountry.languages.get(alpha_2=code) or pycountry.languages.get(
                        alpha_3=code
                    )
                    name = found.name if found else code
                lang = Language.objects.create(code=code, name=name)
            languages.setdefault(service.hsds_id, []).append(lang)
            return "updated"

        def eligible(v):
            service = service_for(v)
            text = v.get("eligibility", "description", limit=2000)
            if text:
                eligibility.setdefault(service.hsds_id, []).append(text)
            return "updated"

        def attribute(v):
            if self._attribute_table(v) != "service":
                return "skipped"  # we keep taxonomy terms of services only
            service_id = v.get("link_id", "service_id")
            if not service_id:
                raise RowError("attribute links to no service")
            service = self._find(Service, service_id, "service")
            term_id = v.get("taxonomy_term_id", "taxonomy_id")
            term = self._find(TaxonomyTerm, term_id, "taxonomy term")
            if term is None:
                raise RowError("attribute has no taxonomy term")
            terms.setdefault(service.hsds_id, []).append(term)
            return "updated"

        for name, handler in [
            ("schedule", schedule),
            ("language", language),
            ("eligibility", eligible),
            ("attribute", attribute),
        ]:
            if name in tables:
                self._each(tables[name], handler)

        for location in Location.objects.filter(pk__in=location_hours):
            location.opening_hours = "\n".join(dict.fromkeys(location_hours[location.pk]))[:2000]
            location.save(update_fields=["opening_hours"])
        touched = set(schedules) | set(languages) | set(eligibility) | set(terms)
        for service in Service.objects.filter(hsds_id__in=touched):
            key = service.hsds_id
            if key in schedules:
                service.schedule = "\n".join(dict.fromkeys(schedules[key]))[:2000]
                service.schedule_hsds_id = schedule_ids.get(key) or ""
            if key in eligibility:
                service.eligibility = "\n".join(dict.fromkeys(eligibility[key]))[:4000]
            if key in languages:
                service.languages.set(languages[key])
            if key in terms:
                service.categories.set(
                    [t for t in terms[key] if t.vocabulary == TaxonomyTerm.CATEGORY]
                )
                service.target_groups.set(
                    [t for t in terms[key] if t.vocabulary == TaxonomyTerm.TARGET_GROUP]
                )
            service.save()

    @staticmethod
    def _attribute_table(v: Values) -> str:
        """The table an attribute row's link_id points into. In HSDS 3.0 that is link_entity
        ("service"); link_type says what the term describes ("audience", "category" ...). Some
        older tools left link_entity out and put the table name in link_type, so link_type
        counts only when it names a table; rows with neither (the 1.x/2.x service_attributes
        layout) link to a service."""
        entity = v.get("link_entity")
        if entity:
            return table_name(entity) or entity.lower()  # a table we do not know: skipped
        table = table_name(v.get("link_type"))
        # "eligibility" is also a link_type code ("describes who is eligible"), not a table.
        if table and table not in ("eligibility", "attribute"):
            return table
        return "service"

    @staticmethod
    def _schedule_text(v: Values) -> str:
        opens, closes = v.get("opens_at")[:5], v.get("closes_at")[:5]
        days = v.get("weekday", "byday")
        names = (
            [
                WEEKDAYS.get(d.strip().lower()[:2] if not d.strip().isdigit() else d.strip(), "")
                for d in days.split(",")
            ]
            if days
            else []
        )
        names = [n for n in names if n]
        if not (opens or closes or names):
            return ""
        hours = f"{opens}–{closes}" if opens and closes else opens or closes
        return " ".join(part for part in [", ".join(names), hours] if part)


def import_package(directory, *, progress=None, dry_run=False) -> Report:
    return Importer(Path(directory), progress=progress).run(dry_run=dry_run)
