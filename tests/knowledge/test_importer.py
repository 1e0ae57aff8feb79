"""`manage.py import_rechtspraak`: what an editor sees when importing rulings."""

import re
import zipfile

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from knowledge.models import CaseLawPage, Citation, ECLIAlias, LegalArea
from tests.factories import CaseLawPageFactory, TopicFactory

from .conftest import (
    HOSTILE,
    RECHTSPRAAK,
    REPLACED_ECLI,
    REPLACING_ECLI,
    SAMPLE_ECLIS,
    run_import,
    sample_copy,
)

pytestmark = pytest.mark.django_db

SUMMARY_PATTERN = r"^imported \d+, updated \d+, unchanged \d+, skipped \d+, failed \d+$"


def database_state():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "rulings": CaseLawPage.objects.count(),
        "aliases": ECLIAlias.objects.count(),
        "legal areas": LegalArea.objects.count(),
        "citations": Citation.objects.count(),
    }


def test_every_sample_imports_and_resolves_by_ecli(client, caselaw_index, samples_dir):
    run = run_import(samples_dir)

    assert run.exit_code == 0
    assert run.summary == "imported 8, updated 0, unchanged 0, skipped 1, failed 0"
    assert sorted(CaseLawPage.objects.values_list("ecli", flat=True)) == SAMPLE_ECLIS
    for ecli in SAMPLE_ECLIS:
        page = CaseLawPage.objects.get(ecli=ecli)
        assert page.live and page.get_parent().pk == caselaw_index.pk
        response = client.get(f"/ecli/{ecli}/")
        assert response.status_code == 302 and response["Location"] == page.url
        html = client.get(page.url).content.decode()
        assert ecli in html
        assert page.court in html


def test_imported_ruling_shows_the_courts_data(client, caselaw_index):
    run_import(RECHTSPRAAK / "ECLI_NL_RBAMS_2010_BO3979.xml")
    page = CaseLawPage.objects.get(ecli="ECLI:NL:RBAMS:2010:BO3979")

    html = client.get(page.url).content.decode()
    assert page.title == "Rechtbank Amsterdam 7 september 2010, ECLI:NL:RBAMS:2010:BO3979"
    assert "AWB 10-2582 WW44" in html  # case number
    assert "Eerste aanleg - meervoudig" in html  # procedure
    assert "Bestuursrecht" in html  # legal area
    # The citation to copy and the link to the court's own page.
    assert 'value="Rb. Amsterdam 7 september 2010, ECLI:NL:RBAMS:2010:BO3979"' in html
    assert "deeplink.rechtspraak.nl/uitspraak?id=ECLI:NL:RBAMS:2010:BO3979" in html
    # The formal relation from the metadata is listed under what the ruling cites.
    assert "ECLI:NL:RBSGR:2009:BI4396" in html


def test_second_import_changes_nothing(caselaw_index, samples_dir):
    run_import(samples_dir)
    before = database_state()
    published = dict(CaseLawPage.objects.values_list("ecli", "last_published_at"))

    run = run_import(samples_dir)

    assert run.exit_code == 0
    assert run.summary == "imported 0, updated 0, unchanged 8, skipped 1, failed 0"
    assert database_state() == before
    assert dict(CaseLawPage.objects.values_list("ecli", "last_published_at")) == published


def test_changed_ruling_is_updated_and_keeps_the_editors_work(caselaw_index, tmp_path):
    source = RECHTSPRAAK / "ECLI_NL_CRVB_2014_3494.xml"
    run_import(source)
    page = CaseLawPage.objects.get(ecli="ECLI:NL:CRVB:2014:3494")
    topic = TopicFactory(name="Opvang")
    page.topics.set([topic])
    page.tags.add("rectificatie")
    page.annotation = "<p>Annotatie van het kenniscentrum.</p>"
    page.outcome = "granted"
    page.save_revision().publish()
    pages_before = Page.objects.count()

    changed = tmp_path / "ECLI_NL_CRVB_2014_3494.xml"
    changed.write_text(
        source.read_text(encoding="utf-8").replace(
            "Uitspraak tot rectificatie", "Gewijzigde uitspraak tot rectificatie"
        ),
        encoding="utf-8",
    )
    run = run_import(changed)

    assert run.summary == "imported 0, updated 1, unchanged 0, skipped 0, failed 0"
    assert Page.objects.count() == pages_before
    page = CaseLawPage.objects.get(ecli="ECLI:NL:CRVB:2014:3494")
    assert "Gewijzigde uitspraak tot rectificatie" in page.summary
    assert list(page.topics.all()) == [topic]
    assert [t.name for t in page.tags.all()] == ["rectificatie"]
    assert page.annotation == "<p>Annotatie van het kenniscentrum.</p>"
    assert page.outcome == "granted"


def changed_copy(tmp_path, name="ECLI_NL_CRVB_2014_3494.xml", new="Gewijzigde uitspraak"):
    """The sample again, as the court republishes it with a corrected summary."""
    source = RECHTSPRAAK / name
    changed = tmp_path / name
    changed.write_text(
        source.read_text(encoding="utf-8").replace("Uitspraak tot rectificatie", new),
        encoding="utf-8",
    )
    return changed


def test_reimport_never_republishes_a_ruling_an_editor_unpublished(client, caselaw_index, tmp_path):
    run_import(RECHTSPRAAK / "ECLI_NL_CRVB_2014_3494.xml")
    page = CaseLawPage.objects.get(ecli="ECLI:NL:CRVB:2014:3494")
    url = page.url
    page.unpublish()

    run = run_import(changed_copy(tmp_path))

    assert run.summary == "imported 0, updated 1, unchanged 0, skipped 0, failed 0"
    page = CaseLawPage.objects.get(ecli="ECLI:NL:CRVB:2014:3494")
    assert not page.live
    assert client.get(url).status_code == 404
    # The court's correction is kept, in a revision waiting for an editor.
    assert "Gewijzigde uitspraak" in page.get_latest_revision_as_object().summary
    assert "niet gepubliceerd" in run.stdout  # the person importing is told why

    # Running the same import again changes nothing (and still publishes nothing).
    revisions = Revision.objects.count()
    again = run_import(changed_copy(tmp_path))
    assert again.summary == "imported 0, updated 0, unchanged 1, skipped 0, failed 0"
    assert Revision.objects.count() == revisions
    assert not CaseLawPage.objects.get(ecli="ECLI:NL:CRVB:2014:3494").live


def test_reimport_keeps_an_editors_unpublished_draft(client, caselaw_index, tmp_path):
    """Chosen behaviour: the court's fields go live on top of the live version, and the editor's
    draft is saved again (with the court's fields) as the latest revision, still unpublished,
    so nothing the editor has not published goes live and nothing the editor wrote is lost."""
    run_import(RECHTSPRAAK / "ECLI_NL_CRVB_2014_3494.xml")
    page = CaseLawPage.objects.get(ecli="ECLI:NL:CRVB:2014:3494")
    page.annotation = "<p>Gepubliceerde annotatie.</p>"
    page.annotation_members_only = False
    page.save_revision().publish()
    topic = TopicFactory(name="Opvang")
    draft = page.get_latest_revision_as_object()
    draft.annotation = "<p>CONCEPTANNOTATIE nog niet nagekeken.</p>"
    draft.outcome = "dismissed"
    draft.topics.set([topic])
    draft.save_revision()

    run = run_import(changed_copy(tmp_path))

    assert run.summary == "imported 0, updated 1, unchanged 0, skipped 0, failed 0"
    page = CaseLawPage.objects.get(ecli="ECLI:NL:CRVB:2014:3494")
    # The public page follows the court but shows none of the draft.
    assert page.live and page.has_unpublished_changes
    html = client.get(page.url).content.decode()
    assert "Gewijzigde uitspraak" in html
    assert "Gepubliceerde annotatie." in html
    assert "CONCEPTANNOTATIE" not in html
    assert page.outcome == "" and list(page.topics.all()) == []
    # The latest revision is the editor's draft with the court's change on top.
    latest = page.get_latest_revision_as_object()
    assert latest.annotation == "<p>CONCEPTANNOTATIE nog niet nagekeken.</p>"
    assert latest.outcome == "dismissed"
    assert list(latest.topics.all()) == [topic]
    assert "Gewijzigde uitspraak" in latest.summary
    assert sorted(area.name for area in latest.legal_areas.all()) == [
        "Bestuursrecht",
        "Socialezekerheidsrecht",
    ]
    assert "concept van de redactie is bewaard" in run.stdout

    # When the editor publishes the draft, both the annotation and the correction are live.
    latest.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "CONCEPTANNOTATIE" in html and "Gewijzigde uitspraak" in html

    again = run_import(changed_copy(tmp_path))
    assert again.summary == "imported 0, updated 0, unchanged 1, skipped 0, failed 0"


def test_legal_areas_get_their_own_identifiers(caselaw_index):
    # "Bestuursrecht; Socialezekerheidsrecht" comes with ...#bestuursrecht_socialezekerheidsrecht,
    # which names the second area; the first is ...#bestuursrecht.
    run_import(RECHTSPRAAK / "ECLI_NL_CRVB_2014_3494.xml")

    assert dict(LegalArea.objects.values_list("name", "identifier")) == {
        "Bestuursrecht": "http://psi.rechtspraak.nl/rechtsgebied#bestuursrecht",
        "Socialezekerheidsrecht": (
            "http://psi.rechtspraak.nl/rechtsgebied#bestuursrecht_socialezekerheidsrecht"
        ),
    }


def test_legal_area_identifier_paired_wrongly_before_is_repaired(caselaw_index):
    LegalArea.objects.create(
        name="Bestuursrecht",
        identifier="http://psi.rechtspraak.nl/rechtsgebied#bestuursrecht_belastingrecht",
    )
    LegalArea.objects.create(
        name="Civiel recht", identifier="http://example.org/zelf-ingevuld#civielRecht"
    )
    run_import(
        RECHTSPRAAK / "ECLI_NL_CRVB_2014_3494.xml", RECHTSPRAAK / "ECLI_NL_GHAMS_2011_1684.xml"
    )

    areas = dict(LegalArea.objects.values_list("name", "identifier"))
    assert areas["Bestuursrecht"] == "http://psi.rechtspraak.nl/rechtsgebied#bestuursrecht"
    # An identifier that fits its name is left as it is.
    assert areas["Civiel recht"] == "http://example.org/zelf-ingevuld#civielRecht"


def test_replaced_ruling_is_skipped_and_its_ecli_follows_the_replacement(client, caselaw_index):
    run = run_import(RECHTSPRAAK / "is_replaced_by.xml")

    assert run.exit_code == 0
    assert run.summary == "imported 0, updated 0, unchanged 0, skipped 1, failed 0"
    assert REPLACING_ECLI in run.stdout  # the reason is given
    assert not CaseLawPage.objects.filter(ecli=REPLACED_ECLI).exists()
    alias = ECLIAlias.objects.get(ecli=REPLACED_ECLI)
    assert alias.target_ecli == REPLACING_ECLI

    # While the replacing ruling is not in the portal, the old ECLI is simply not found.
    assert client.get(f"/ecli/{REPLACED_ECLI}/").status_code == 404

    target = CaseLawPageFactory(parent=caselaw_index, ecli=REPLACING_ECLI, court="Tuchtgerecht")
    response = client.get(f"/ecli/{REPLACED_ECLI.lower()}/")
    assert response.status_code == 302
    assert response["Location"] == target.url


HOSTILE_FILES = [
    "xxe.xml",
    "xxe_parameter.xml",
    "billion_laughs.xml",
    "truncated.xml",
    "empty.xml",
    "whitespace_only.xml",
    "wrong_root.xml",
    "not_xml.xml",
    "no_ecli.xml",
    "broken.zip",
]


def test_each_hostile_file_fails_alone_and_leaves_the_database_untouched(caselaw_index):
    before = database_state()
    for name in HOSTILE_FILES:
        run = run_import(HOSTILE / name)

        assert run.exit_code == 1, name
        assert run.summary == "imported 0, updated 0, unchanged 0, skipped 0, failed 1", name
        assert f"FAILED {HOSTILE / name}" in run.stderr, name
        assert database_state() == before, name


def test_bad_files_are_reported_while_the_good_ones_import(caselaw_index):
    good = RECHTSPRAAK / "ECLI_NL_RBAMS_2010_BO3979.xml"
    bad = [HOSTILE / "xxe.xml", HOSTILE / "billion_laughs.xml", HOSTILE / "truncated.xml"]

    run = run_import(bad[0], good, *bad[1:])

    assert run.exit_code == 1
    assert run.summary == "imported 1, updated 0, unchanged 0, skipped 0, failed 3"
    for path in bad:
        assert f"FAILED {path}" in run.stderr
    assert list(CaseLawPage.objects.values_list("ecli", flat=True)) == ["ECLI:NL:RBAMS:2010:BO3979"]
    # Nothing from the external entity reached the portal.
    assert not CaseLawPage.objects.filter(full_text__contains="root:").exists()


def test_zip_with_good_and_bad_members(caselaw_index, tmp_path):
    archive = tmp_path / "levering.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(RECHTSPRAAK / "ECLI_NL_CRVB_2014_2942.xml", "2014/ECLI_NL_CRVB_2014_2942.xml")
        zf.write(HOSTILE / "xxe.xml", "kapot/xxe.xml")
        zf.write(HOSTILE / "billion_laughs.xml", "kapot/lachen.xml")
        zf.writestr(
            "kapot/afgebroken.xml", (RECHTSPRAAK / "ECLI_NL_PHR_2014_2.xml").read_bytes()[:5000]
        )
        zf.write(RECHTSPRAAK / "ECLI_NL_GHAMS_2011_1684.xml", "2011/ECLI_NL_GHAMS_2011_1684.xml")
        zf.writestr("LEESMIJ.txt", "Geen uitspraak.")

    run = run_import(archive)

    assert run.exit_code == 1
    assert run.summary == "imported 2, updated 0, unchanged 0, skipped 1, failed 3"
    for member in ("kapot/xxe.xml", "kapot/lachen.xml", "kapot/afgebroken.xml"):
        assert f"FAILED {archive}/{member}" in run.stderr
    # Not a ruling, so not a failure; but reported, never silently left out.
    assert "LEESMIJ" not in run.stderr
    assert f"skipped {archive}/LEESMIJ.txt: Geen XML-bestand of zip-archief" in run.stdout
    assert sorted(CaseLawPage.objects.values_list("ecli", flat=True)) == [
        "ECLI:NL:CRVB:2014:2942",
        "ECLI:NL:GHAMS:2011:1684",
    ]
    # PHR:2014:2 was cut off half-way: not even a partial page.
    assert not CaseLawPage.objects.filter(ecli="ECLI:NL:PHR:2014:2").exists()


def test_bulk_download_zip_of_monthly_zips_imports(caselaw_index, tmp_path):
    months = {}
    for month, names in {
        "201401": ["ECLI_NL_CRVB_2014_2942.xml", "ECLI_NL_CRVB_2014_3494.xml"],
        "201601": ["ECLI_NL_RBMNE_2016_1780.xml"],
    }.items():
        months[month] = tmp_path / f"{month}.zip"
        with zipfile.ZipFile(months[month], "w", zipfile.ZIP_DEFLATED) as zf:
            for name in names:
                zf.write(RECHTSPRAAK / name, name)
    bulk = tmp_path / "OpenDataUitspraken.zip"
    with zipfile.ZipFile(bulk, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(months["201401"], "2014/201401.zip")
        zf.write(months["201601"], "2016/201601.zip")
        zf.writestr("2016/overzicht.csv", "ecli;datum")
    folder = tmp_path / "download"
    folder.mkdir()
    bulk.rename(folder / bulk.name)

    run = run_import(folder)

    assert run.exit_code == 0
    assert run.summary == "imported 3, updated 0, unchanged 0, skipped 1, failed 0"
    assert "overzicht.csv" in run.stdout
    assert sorted(CaseLawPage.objects.values_list("ecli", flat=True)) == [
        "ECLI:NL:CRVB:2014:2942",
        "ECLI:NL:CRVB:2014:3494",
        "ECLI:NL:RBMNE:2016:1780",
    ]
    assert "4/4" in run.stderr


def test_failure_while_saving_rolls_back_that_ruling_only(caselaw_index, monkeypatch):
    """A ruling that breaks half-way through being saved leaves nothing behind (not even the
    legal areas created for it), and the other file of its batch still imports: the batch is
    rolled back and each ruling tried alone."""
    from knowledge import citations

    run_import(RECHTSPRAAK / "ECLI_NL_CBB_1997_ZG0125.xml")
    before = database_state()
    real_extract = citations.extract_citations

    def extract_or_fail(page):
        if getattr(page, "ecli", "") == "ECLI:NL:PHR:2014:2":
            raise RuntimeError("disk full")
        return real_extract(page)

    monkeypatch.setattr(citations, "extract_citations", extract_or_fail)
    run = run_import(
        RECHTSPRAAK / "ECLI_NL_PHR_2014_2.xml", RECHTSPRAAK / "ECLI_NL_RBAMS_2010_BO3979.xml"
    )

    assert run.exit_code == 1
    assert run.summary == "imported 1, updated 0, unchanged 0, skipped 0, failed 1"
    assert "disk full" in run.stderr
    assert not CaseLawPage.objects.filter(ecli="ECLI:NL:PHR:2014:2").exists()
    assert CaseLawPage.objects.filter(ecli="ECLI:NL:RBAMS:2010:BO3979", live=True).exists()
    assert database_state()["rulings"] == before["rulings"] + 1
    # PHR:2014:2's subject "Bestuursrecht; Belastingrecht" is split into two areas;
    # "Belastingrecht" was created for the failed ruling only and was rolled back with it.
    assert not LegalArea.objects.filter(name="Belastingrecht").exists()
    assert list(LegalArea.objects.values_list("name", flat=True)) == ["Bestuursrecht"]
    # The section's tree is sound: the next ruling goes in after the ones that stayed.
    run_import(RECHTSPRAAK / "ECLI_NL_GHAMS_2011_1684.xml")
    assert CaseLawPage.objects.filter(ecli="ECLI:NL:GHAMS:2011:1684").get().get_parent().pk == (
        caselaw_index.pk
    )
    assert Page.find_problems() == ([], [], [], [], [])


def test_dry_run_writes_nothing(caselaw_index, samples_dir):
    before = database_state()

    run = run_import(samples_dir, dry_run=True)

    assert run.exit_code == 0
    assert "dry run: nothing was written" in run.stdout
    assert run.summary == "imported 8, updated 0, unchanged 0, skipped 1, failed 0"
    assert database_state() == before


def test_without_a_case_law_section_the_command_says_what_to_do(home):
    with pytest.raises(CommandError, match="case law section"):
        call_command("import_rechtspraak", str(RECHTSPRAAK / "ECLI_NL_PHR_2014_2.xml"))
    assert not CaseLawPage.objects.exists()


def test_without_paths_the_command_says_what_to_give(caselaw_index):
    with pytest.raises(CommandError, match="at least one file"):
        call_command("import_rechtspraak")


def test_summary_is_always_the_last_line(caselaw_index, tmp_path):
    citing = sample_copy(tmp_path, "ECLI_NL_CRVB_2014_3494.xml", "ECLI:NL:CRVB:2015:9001")
    run = run_import(citing, HOSTILE / "empty.xml")

    assert re.match(SUMMARY_PATTERN, run.summary)
    assert run.summary == "imported 1, updated 0, unchanged 0, skipped 0, failed 1"
