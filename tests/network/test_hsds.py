import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line

from network.hsds.importing import import_package
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


def run_failing_import(path, **kwargs):
    """An import with errors: the good rows are in, but the command fails (exit status 1)."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_hsds", str(path), stdout=out, stderr=err, **kwargs)
    assert failure.value.returncode == 1
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
    out, err = run_failing_import(FIXTURES / "broken")
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


@pytest.fixture
def keep_test_connection(monkeypatch):
    """`manage.py` closes every database connection when a command ends; inside a test that
    would close the test's own transaction (PostgreSQL) before the assertions run."""
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)


def test_import_with_errors_exits_non_zero_after_the_summary(db, capsys, keep_test_connection):
    with pytest.raises(SystemExit) as exit_status:
        execute_from_command_line(["manage.py", "import_hsds", str(FIXTURES / "broken")])
    assert exit_status.value.code == 1
    out, err = capsys.readouterr()
    summary = out.strip().splitlines()[-1]
    assert summary.startswith("imported: organization 2 new")
    assert "errors" in summary
    assert "CommandError: " in err
    assert Organisation.objects.count() == 2  # the good rows are in all the same


def test_clean_import_exits_zero(db, capsys, keep_test_connection):
    execute_from_command_line(["manage.py", "import_hsds", str(FIXTURES / "v3")])
    out, _err = capsys.readouterr()
    assert out.strip().splitlines()[-1].endswith("0 errors, 0 warnings.")


def test_rows_with_trailing_fields_left_off_are_padded(db, tmp_path):
    (tmp_path / "organizations.csv").write_text(
        "id,name,alternate_name,description,email,website\n"
        "kort-1,Stichting Kort\n"
        "kort-2,Stichting Iets Langer,SIL\n"
        "lang-1,Stichting Te Lang,,,,,extra\n",
        encoding="utf-8",
    )
    report = import_package(tmp_path)
    assert [str(p) for p in report.errors] == [
        "organizations.csv:4: error: row has 7 fields where the header has 6; row skipped"
    ]
    assert Organisation.objects.get(hsds_id="kort-1").name == "Stichting Kort"
    assert Organisation.objects.get(hsds_id="kort-1").website == ""
    assert Organisation.objects.get(hsds_id="kort-2").alternate_name == "SIL"
    assert not Organisation.objects.filter(hsds_id="lang-1").exists()


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
                "is_active",
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
                "opening_hours",
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
        "terms": sorted(
            TaxonomyTerm.objects.values_list(
                "hsds_id", "vocabulary", "code", "name", "parent__hsds_id"
            ),
            key=repr,
        ),
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
    closed = Organisation.objects.get(name="Medisch Steunpunt Zuid")
    closed.is_active = False
    closed.save()
    # A parent whose name sorts after its child's, and a grandparent after that.
    grandparent = TaxonomyTerm.objects.create(
        vocabulary=TaxonomyTerm.CATEGORY, code="zz-alles", name="Zz alle hulp"
    )
    parent = TaxonomyTerm.objects.create(
        vocabulary=TaxonomyTerm.CATEGORY, code="recht", name="Recht", parent=grandparent
    )
    TaxonomyTerm.objects.filter(name="Juridische hulp").update(parent=parent)
    # Opening hours of a location travel as an HSDS schedule with a location_id.
    Location.objects.filter(pk=Location.objects.order_by("pk").first().pk).update(
        opening_hours="Maandag 9:00-12:00\nDonderdag 13:00-17:00"
    )
    before = snapshot()
    assert ("Medisch Steunpunt Zuid", False) in [(o[1], o[-1]) for o in before["organisations"]]
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
    assert "warning" not in err, err
    assert snapshot() == before
    assert not Organisation.objects.get(name="Medisch Steunpunt Zuid").is_active
    assert TaxonomyTerm.objects.get(name="Juridische hulp").parent.parent.name == "Zz alle hulp"


def test_export_writes_parent_terms_first_and_spec_conformant_attributes(db, tmp_path):
    run_import(FIXTURES / "v3")
    parent = TaxonomyTerm.objects.create(
        vocabulary=TaxonomyTerm.CATEGORY, code="zz-recht", name="Zz recht"
    )
    TaxonomyTerm.objects.filter(name="Juridische hulp").update(parent=parent)
    call_command("export_hsds", str(tmp_path), stdout=io.StringIO())
    with open(tmp_path / "taxonomy_terms.csv", encoding="utf-8") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    assert names.index("Zz recht") < names.index("Juridische hulp")
    with open(tmp_path / "attributes.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["link_entity"] for row in rows} == {"service"}
    spreekuur = Service.objects.get(name="Juridisch spreekuur").hsds_id
    assert sorted(
        (row["link_type"], row["label"]) for row in rows if row["link_id"] == spreekuur
    ) == [("audience", "Uitgeprocedeerde asielzoekers"), ("category", "Juridische hulp")]


def test_import_links_parent_terms_listed_after_their_children(db, tmp_path):
    (tmp_path / "organizations.csv").write_text("id,name\norg-1,Stichting Boom\n")
    (tmp_path / "taxonomy_terms.csv").write_text(
        "id,name,parent_id,taxonomy\n"
        "kind,Kind,ouder,hulp\n"
        "ouder,Ouder,grootouder,hulp\n"
        "grootouder,Grootouder,,hulp\n"
        "wees,Wees,bestaat-niet,hulp\n"
        "lus-a,Lus A,lus-b,hulp\n"
        "lus-b,Lus B,lus-a,hulp\n"
    )
    report = import_package(tmp_path)
    assert TaxonomyTerm.objects.get(hsds_id="kind").parent.hsds_id == "ouder"
    assert TaxonomyTerm.objects.get(hsds_id="ouder").parent.hsds_id == "grootouder"
    assert TaxonomyTerm.objects.get(hsds_id="wees").parent is None
    warnings = [str(w) for w in report.warnings]
    assert "taxonomy_terms.csv:5: warning: parent term 'bestaat-niet' not found" in warnings[0]
    assert any("taxonomy_terms.csv:7" in w and "loop" in w for w in warnings)
    assert TaxonomyTerm.objects.get(hsds_id="lus-b").parent is None
    assert not report.errors


def test_attribute_rows_find_their_table_in_link_entity(db, tmp_path):
    package = tmp_path / "v3"
    shutil.copytree(FIXTURES / "v3", package)
    spreekuur, brug_service = (
        "9d000000-0000-4000-8000-000000000c01",
        "9d000000-0000-4000-8000-000000000c02",
    )
    minors = "21000000-0000-4000-8000-000000000004"
    # Older layouts without link_entity: link_type counts when it names a table.
    (package / "attributes.csv").write_text(
        "id,link_id,taxonomy_term_id,link_type,link_entity\n"
        f"a1,{spreekuur},{minors},audience,\n"
        f"a2,{brug_service},{minors},service,\n"
        f"a3,5b0f2c1e-8d1a-4c3e-9a77-1f0d2b3c4a02,{minors},organization,\n"
    )
    out, err = run_import(package)
    assert "0 errors" in out, err
    assert [t.name for t in Service.objects.get(hsds_id=spreekuur).target_groups.all()] == [
        "Uitgeprocedeerde asielzoekers"
    ]
    assert Service.objects.get(hsds_id=brug_service).target_groups.count() == 1
    assert "attribute 0 new, 2 updated, 1 skipped" in out  # a3 is about an organisation


def test_public_export_leaves_out_members_only_contacts(db, tmp_path):
    run_import(FIXTURES / "v3")
    org = Organisation.objects.get(name="Stichting Noorderlicht Rechtshulp")
    org.contact_visibility = Organisation.MEMBERS
    org.save()
    org.locations.update(
        address_1="Geheimstraatmarker 7", postcode="9711 ZZ", opening_hours="Urenmarker 9-5"
    )
    call_command("export_hsds", str(tmp_path), public=True, stdout=io.StringIO())
    exported = "".join(p.read_text(encoding="utf-8") for p in tmp_path.glob("*.csv"))
    assert "Geheimstraatmarker" not in exported and "9711 ZZ" not in exported
    assert "Urenmarker" not in exported
    assert "info@noorderlicht.example.org" not in exported
    assert "fenna@noorderlicht.example.org" not in exported
    assert "050 000 1234" not in exported
    assert "zorg@msz.example.org" in exported


def test_public_export_leaves_out_inactive_organisations(db, tmp_path):
    run_import(FIXTURES / "v3")
    Organisation.objects.filter(name="Medisch Steunpunt Zuid").update(is_active=False)
    call_command("export_hsds", str(tmp_path), public=True, stdout=io.StringIO())
    exported = "".join(p.read_text(encoding="utf-8") for p in tmp_path.glob("*.csv"))
    for trace in ("Medisch Steunpunt Zuid", "Zorgbemiddeling", "Testlaan 40", "040 000 5678"):
        assert trace not in exported
    assert "Inloophuis De Brug" in exported
    full = tmp_path / "full"
    call_command("export_hsds", str(full), stdout=io.StringIO())
    with open(full / "organizations.csv", encoding="utf-8") as handle:
        states = {row["name"]: row["eno_is_active"] for row in csv.DictReader(handle)}
    assert states["Medisch Steunpunt Zuid"] == "false"
    assert states["Inloophuis De Brug"] == "true"


@pytest.mark.parametrize("where", ["../secret.csv", "ABSOLUTE", "link.csv"])
def test_a_taxonomy_resource_cannot_point_outside_the_package(db, tmp_path, where):
    """HSDS 1.x/2.x name the term table "taxonomy"; that resource gets the same path check as
    every other, and no file outside the package is read, not even through a symbolic link."""
    package = tmp_path / "pkg"
    shutil.copytree(FIXTURES / "v3", package)
    secret = tmp_path / "secret.csv"
    secret.write_text("id,name,vocabulary\ngeheim-1,GEHEIMEWAARDE,category\n")
    if where == "ABSOLUTE":
        where = str(secret)
    if where == "link.csv":
        (package / "link.csv").symlink_to(secret)
    (package / "datapackage.json").write_text(
        json.dumps({"resources": [{"name": "taxonomy", "path": where}]})
    )
    report = import_package(package)
    assert not TaxonomyTerm.objects.filter(name="GEHEIMEWAARDE").exists()
    assert report.problems
    assert Organisation.objects.count() == 3


def test_a_linked_taxonomy_csv_outside_the_package_is_not_read(db, tmp_path):
    package = tmp_path / "pkg"
    shutil.copytree(FIXTURES / "v3", package)
    # An HSDS 1.x/2.x package: its one taxonomy file is taxonomy.csv, here a link out.
    for name in ("datapackage.json", "taxonomies.csv", "taxonomy_terms.csv", "attributes.csv"):
        (package / name).unlink()
    secret = tmp_path / "elders.csv"
    secret.write_text("id,name,uri,version\ngeheim-2,GEHEIMEWAARDE,x,1\n")
    (package / "taxonomy.csv").symlink_to(secret)
    report = import_package(package)
    assert not TaxonomyTerm.objects.filter(name="GEHEIMEWAARDE").exists()
    assert any("outside the package" in str(p) for p in report.problems)


def test_a_phone_of_a_service_at_a_location_is_imported(db, tmp_path):
    import shutil

    package = tmp_path / "v3"
    shutil.copytree(FIXTURES / "v3", package)
    with (package / "phones.csv").open("a", encoding="utf-8") as phones:
        phones.write(
            "12000000-0000-4000-8000-000000000003,,,,,"
            "e0000000-0000-4000-8000-0000000000d2,020 000 7777,,voice,Balie achterom\n"
        )
    out, err = run_import(package)
    assert "0 errors" in out, err
    phone = Phone.objects.get(hsds_id="12000000-0000-4000-8000-000000000003")
    assert phone.service.hsds_id == "9d000000-0000-4000-8000-000000000c02"
    assert phone.location.hsds_id == "7c1e0a2b-0000-4000-8000-00000000b002"
    assert phone.organisation == phone.service.organisation
