"""Fixtures for the knowledge-base behaviour tests: the case law section, real rulings from
rechtspraak.nl (tests/fixtures/rechtspraak) and a helper that runs the importer like a user."""

import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from tests.factories import CaseLawIndexPageFactory

RECHTSPRAAK = Path(__file__).resolve().parent.parent / "fixtures" / "rechtspraak"
HOSTILE = RECHTSPRAAK / "hostile"
SAMPLE_ECLIS = [
    "ECLI:NL:CBB:1997:ZG0125",
    "ECLI:NL:CRVB:2014:2942",
    "ECLI:NL:CRVB:2014:3494",
    "ECLI:NL:GHAMS:2011:1684",
    "ECLI:NL:PHR:2014:2",
    "ECLI:NL:RBAMS:2010:BO3979",
    "ECLI:NL:RBMNE:2016:1780",
    "ECLI:NL:RBZWB:2016:210",  # no_abstract.xml
]
REPLACED_ECLI = "ECLI:NL:RBAMS:2007:YB0083"  # is_replaced_by.xml
REPLACING_ECLI = "ECLI:NL:TGDKG:2007:1"


@dataclass
class ImportRun:
    stdout: str
    stderr: str
    exit_code: int

    @property
    def summary(self) -> str:
        return self.stdout.strip().splitlines()[-1]


def run_import(*paths, **options) -> ImportRun:
    """`manage.py import_rechtspraak` as an editor runs it; a non-zero exit is returned."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command(
            "import_rechtspraak", *[str(p) for p in paths], stdout=out, stderr=err, **options
        )
    except SystemExit as exc:
        code = exc.code
    return ImportRun(out.getvalue(), err.getvalue(), code)


def sample_copy(tmp_path: Path, source: str, new_ecli: str, extra_text: str = "") -> Path:
    """A sample ruling published again under another ECLI, optionally with an extra sentence in
    its summary (inhoudsindicatie): how the tests make a ruling that cites another one."""
    original = (RECHTSPRAAK / source).read_text(encoding="utf-8")
    old_ecli = original.split("<dcterms:identifier>", 1)[1].split("<", 1)[0].strip()
    text = original.replace(old_ecli, new_ecli)
    if extra_text:
        marker = "<inhoudsindicatie"
        start = text.index(marker)
        close = text.index(">", start) + 1
        text = text[:close] + f"<para>{extra_text}</para>" + text[close:]
    target = tmp_path / f"{new_ecli.replace(':', '_')}.xml"
    target.write_text(text, encoding="utf-8")
    return target


@pytest.fixture
def caselaw_index(home):
    """Only the case law section: enough for the importer and the ECLI views."""
    return CaseLawIndexPageFactory(parent=home, slug="jurisprudentie")


@pytest.fixture
def samples_dir(tmp_path):
    """A folder with every sample ruling (not the hostile files), as an editor would download."""
    folder = tmp_path / "rechtspraak"
    folder.mkdir()
    for path in RECHTSPRAAK.glob("*.xml"):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture
def restrict_to_members(members_group):
    """Restrict a page (and its subtree) to the group "Leden" with Wagtail's view restriction."""

    def restrict(page):
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(members_group)
        return restriction

    return restrict
