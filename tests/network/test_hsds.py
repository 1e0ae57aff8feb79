import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from network.hsds.importer import import_package
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

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "hsds"


def run_import(path, **kwargs):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_hsds", str(path), stdout=out, stderr=err, **kwargs)
    return out.getvalue(), err.getvalue()


def test_hsds_3_package_imports(db):
    out, err = run_import(FIXTURES / "v3")
    assert "organizations.csv: 3 rows" in out
    assert "organization 3 new" in out
    assert "0 errors" in out
    noorderlicht = Organisation.objects.get(name="Stichting Noorderlicht Rechtshulp")
    assert noorderlicht.alternate_name == "Noorderlicht"
    assert noorderlicht.website == "https://noorderlicht.example.org"
    assert "<script" not in noorderlicht.description
    assert "Vrijwillige juristen" in noorderlicht.description
    location = noorderlicht.locations.get()
    assert (location.city, location.postcode, location.province) == (
        "Groningen",
        "9711 AA",
        "groningen",
    )
    assert location.latitude == pytest.approx(53.2194)
    assert Location.objects.get(city="Eindhoven").province == "noord-brabant"
    assert Location.objects.get(city="Utrecht").province == "utrecht"
    spreekuur = Service.objects.get(name="Juridisch spreekuur")
    assert [t.name for t in spreekuur.categories.all()] == ["Juridische hulp"]
    assert [t.name for t in spreekuur.target_groups.all()] == ["Uitgeprocedeerde asielzoekers"]
    assert sorted(lang.code for lang in spreekuur.languages.all()) == ["ar", "nl"]
    assert spreekuur.schedule == "Dinsdag en donderdag 13:00–16:00"
    assert spreekuur.eligibility.startswith("Voor mensen zonder verblijfsvergunning")
    assert [a.name for a in spreekuur.areas.all()] == ["Groningen en Drenthe"]
    assert spreekuur.service_at_locations.get().location == location
    maaltijd = Service.objects.get(name="Maaltijd en huiskamer")
    assert maaltijd.schedule == "maandag, dinsdag, woensdag, donderdag, vrijdag 12:00–14:00"
    assert Service.objects.get(name="Oude inloop").status == "defunct"
    assert Phone.objects.filter(organisation=noorderlicht).count() == 1
    assert Phone.objects.get(number="040 000 5678").organisation.name == "Medisch Steunpunt Zuid"
    assert Contact.objects.get().name == "Fenna Fictief"


def test_imported_package_shows_in_the_directory(client, home):
    run_import(FIXTURES / "v3")
    response = client.get("/organisaties/", {"category": "juridische-hulp"})
    assert [o.name for o in response.context["organisations"]] == [
        "Stichting Noorderlicht Rechtshulp"
    ]
    page = client.get(Organisation.objects.get(alternate_name="MSZ").get_absolute_url())
    assert "Zorgbemiddeling" in page.content.decode()
    assert "Oude inloop" not in page.content.decode()


def test_import_is_idempotent_and_updates_by_id(db, tmp_path):
    run_import(FIXTURES / "v3")
    counts = (Organisation.objects.count(), Service.objects.count(), Location.objects.count())
    package = tmp_path / "v3"
    shutil.copytree(FIXTURES / "v3", package)
    text = (package / "organizations.csv").read_text(encoding="utf-8")
    (package / "organizations.csv").write_text(
        text.replace("Inloophuis De Brug", "Inloophuis De Nieuwe Brug"), encoding="utf-8"
    )
    out, _err = run_import(package)
    assert "organization 0 new, 3 updated" in out
    assert (Organisation.objects.count(), Service.objects.count(), Location.objects.count()) == (
        counts
    )
    assert Organisation.objects.filter(name="Inloophuis De Nieuwe Brug").exists()


def test_hsds_1_layout_imports(db):
    out, err = run_import(FIXTURES / "v1")
    assert "0 errors" in out
    haven = Organisation.objects.get(name="Stichting Oude Haven Opvang")
    assert haven.website == "https://www.oudehaven.example.org"  # from `url`
    location = haven.locations.get()
    assert (location.address_1, location.city, location.province) == (
        "Kadeweg 8",
        "Amsterdam",
        "noord-holland",
    )
    assert location.latitude == pytest.approx(52.3676)
    les = Service.objects.get(name="Nederlandse les")
    assert [t.name for t in les.categories.all()] == ["Onderwijs"]
    assert [t.name for t in les.target_groups.all()] == ["Jongeren"]
    assert les.schedule == "dinsdag 10:00–12:00\ndonderdag 10:00–12:00"
    assert les.eligibility == "Jongeren van 16 tot 27 jaar"
    opvang = Service.objects.get(name="Nachtopvang")
    assert sorted(lang.code for lang in opvang.languages.all()) == ["en", "fr"]
    assert opvang.fees == "Gratis"
    assert Phone.objects.get().organisation == haven


def test_broken_package_gives_a_report_not_a_crash(db):
    out, err = run_import(FIXTURES / "broken")
    assert "organizations.csv:2: warning: file is not UTF-8" in err
    assert "organizations.csv:3: error: name is empty; row skipped" in err
    assert "organizations.csv:4: error: row has 8 fields where the header has 6" in err
    assert "organizations.csv:2: warning: email 'geen-adres' is not an e-mail address" in err
    assert (
        "organizations.csv:5: warning: website 'https://niet een url' is not a web address" in err
    )
    assert "services.csv:3: error: organisation 'onbekend' does not exist" in err
    assert "services.csv:4" in err
    assert "phones.csv:1: error: missing column 'number'; file skipped" in err
    # The good rows are in, with the encoding fixed.
    assert set(Organisation.objects.values_list("name", flat=True)) == {
        "Café Ontmoeting Zuidoost",
        "Buurthuis Überweg",
    }
    assert Organisation.objects.get(name="Café Ontmoeting Zuidoost").email == ""
    assert list(Service.objects.values_list("name", flat=True)) == ["Inloop"]
    assert "errors" in out.splitlines()[-1]


def test_missing_directory_and_missing_organisations_are_reported(db, tmp_path):
    report = import_package(tmp_path / "bestaat-niet")
    assert "is not a directory" in str(report.errors[0])
    (tmp_path / "services.csv").write_text("id,name\n1,x\n")
    report = import_package(tmp_path)
    assert "no organizations.csv" in str(report.errors[0])


def test_datapackage_cannot_point_outside_the_package(db, tmp_path):
    package = tmp_path / "pkg"
    shutil.copytree(FIXTURES / "v3", package)
    (tmp_path / "secret.csv").write_text("id,name\nx,Geheim\n")
    (package / "datapackage.json").write_text(
        json.dumps({"resources": [{"name": "organization", "path": "../secret.csv"}]})
    )
    report = import_package(package)
    assert not Organisation.objects.filter(name="Geheim").exists()
    assert any("ignored resource path" in str(p) for p in report.warnings)
    assert Organisation.objects.count() == 3


def test_dry_run_changes_nothing(db):
    out, _err = run_import(FIXTURES / "v3", dry_run=True)
    assert "dry run" in out
    assert not Organisation.objects.exists()


def snapshot():
    return {
        "organisations": sorted(
            Organisation.objects.values_list(
                "hsds_id",
                "name",
                "alternate_name",
                "description",
                "website",
                "email",
                "organisation_type",
                "member_since",
                "contact_visibility",
            )
        ),
        "services": sorted(
            (
                s.hsds_id,
                s.organisation.hsds_id,
                s.name,
                s.description,
                s.status,
                s.eligibility,
                s.schedule,
                s.fees,
                tuple(sorted(t.hsds_id for t in s.categories.all())),
                tuple(sorted(t.hsds_id for t in s.target_groups.all())),
                tuple(sorted(lang.code for lang in s.languages.all())),
            )
            for s in Service.objects.all()
        ),
        "locations": sorted(
            Location.objects.values_list(
                "hsds_id",
                "organisation__hsds_id",
                "address_1",
                "postcode",
                "city",
                "province",
                "latitude",
                "longitude",
            )
        ),
        "phones": sorted(Phone.objects.values_list("hsds_id", "organisation__hsds_id", "number")),
        "contacts": sorted(Contact.objects.values_list("hsds_id", "name", "email")),
        "areas": sorted(ServiceArea.objects.values_list("hsds_id", "service__hsds_id", "name")),
        "sal": sorted(
            ServiceAtLocation.objects.values_list(
                "hsds_id", "service__hsds_id", "location__hsds_id"
            )
        ),
        "terms": sorted(TaxonomyTerm.objects.values_list("hsds_id", "vocabulary", "code", "name")),
    }


def wipe():
    for model in (Organisation, TaxonomyTerm, Language):
        model.objects.all().delete()


def test_export_then_import_into_empty_database_round_trips(db, tmp_path):
    run_import(FIXTURES / "v3")
    run_import(FIXTURES / "v1")
    org = Organisation.objects.get(name="Inloophuis De Brug")
    org.contact_visibility = Organisation.MEMBERS
    org.member_since = "2021-05-01"
    org.organisation_type = "self_organisation"
    org.save()
    before = snapshot()
    out = io.StringIO()
    call_command("export_hsds", str(tmp_path / "export"), stdout=out)
    assert "exported" in out.getvalue()
    files = {p.name for p in (tmp_path / "export").iterdir()}
    assert {
        "organizations.csv",
        "services.csv",
        "locations.csv",
        "addresses.csv",
        "phones.csv",
        "contacts.csv",
        "services_at_location.csv",
        "service_areas.csv",
        "taxonomy_terms.csv",
        "attributes.csv",
        "datapackage.json",
    } <= files
    package = json.loads((tmp_path / "export" / "datapackage.json").read_text())
    assert {r["path"] for r in package["resources"]} <= files
    with open(tmp_path / "export" / "organizations.csv", encoding="utf-8") as handle:
        assert "website" in next(csv.reader(handle))
    wipe()
    assert not Organisation.objects.exists()
    out, err = run_import(tmp_path / "export")
    assert "0 errors" in out, err
    assert snapshot() == before


def test_public_export_leaves_out_members_only_contacts(db, tmp_path):
    run_import(FIXTURES / "v3")
    org = Organisation.objects.get(name="Stichting Noorderlicht Rechtshulp")
    org.contact_visibility = Organisation.MEMBERS
    org.save()
    call_command("export_hsds", str(tmp_path), public=True, stdout=io.StringIO())
    exported = "".join(p.read_text(encoding="utf-8") for p in tmp_path.glob("*.csv"))
    assert "info@noorderlicht.example.org" not in exported
    assert "fenna@noorderlicht.example.org" not in exported
    assert "050 000 1234" not in exported
    assert "zorg@msz.example.org" in exported
