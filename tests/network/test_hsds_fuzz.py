"""Hostile or broken HSDS packages: whatever the CSV files and datapackage.json hold, the import
ends with a report (problems listed by file and line), never an uncaught exception, and reads no
file outside the package."""

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from network.hsds.importing import import_package
from network.models import Organisation, TaxonomyTerm

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "hsds" / "v3"
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

cells = st.text(max_size=30) | st.sampled_from(["", "\x00", '"', "\r\n", "..", "/etc/passwd"])
rows = st.lists(st.lists(cells, max_size=8), max_size=6)


def csv_text(table: list[list[str]]) -> str:
    return "\n".join(",".join('"' + c.replace('"', '""') + '"' for c in row) for row in table)


@pytest.mark.django_db
@FUZZ
@given(
    st.sampled_from(
        ["organizations.csv", "locations.csv", "services.csv", "phones.csv", "taxonomy_terms.csv"]
    ),
    rows,
    st.booleans(),
)
def test_any_csv_content_gives_a_report(filename, table, keep_header):
    with tempfile.TemporaryDirectory() as scratch:
        package = Path(scratch) / "pkg"
        shutil.copytree(FIXTURES, package)
        header = (package / filename).read_text(encoding="utf-8").splitlines()[:1]
        body = csv_text(table)
        (package / filename).write_text("\n".join([*header, body]) if keep_header else body)
        report = import_package(package, dry_run=True)
        assert isinstance(report.summary(), str)
    assert not Organisation.objects.exists()


resources = st.lists(
    st.fixed_dictionaries(
        {
            "name": st.sampled_from(["organization", "taxonomy", "taxonomy_term", "x"]),
            "path": st.text(max_size=40)
            | st.sampled_from(["../o.csv", "/etc/passwd", "a/../../o.csv"]),
        }
    ),
    max_size=4,
)


@pytest.mark.django_db
@FUZZ
@given(resources | st.just("not a list") | st.none())
@example([{"name": "taxonomy", "path": "../o.csv"}])
@example([{"name": "organization", "path": "../o.csv"}])
def test_any_datapackage_gives_a_report_and_stays_inside(resource_list):
    with tempfile.TemporaryDirectory() as scratch:
        outside = Path(scratch) / "o.csv"
        outside.write_text("id,name,vocabulary\nbuiten-1,BUITENWAARDE,category\n")
        package = Path(scratch) / "pkg"
        shutil.copytree(FIXTURES, package)
        (package / "datapackage.json").write_text(json.dumps({"resources": resource_list}))
        report = import_package(package)
        assert isinstance(report.summary(), str)
    assert not Organisation.objects.filter(name="BUITENWAARDE").exists()
    assert not TaxonomyTerm.objects.filter(name="BUITENWAARDE").exists()
