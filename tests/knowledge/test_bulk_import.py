"""The bulk path of `import_rechtspraak` (knowledge/importing/bulk.py) leaves exactly what the
one-ruling-at-a-time path leaves: the same pages, revisions, citations, search documents and
Wagtail admin search entries, so nobody can tell how a ruling came in."""

import re

import pytest
from django.db.models import QuerySet
from django.forms.models import model_to_dict
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.search.models import IndexEntry

from knowledge import importing
from knowledge.models import CaseLawPage, Citation
from search.models import SearchDocument, SourceDocument

from .conftest import RECHTSPRAAK, SAMPLE_ECLIS, run_import, sample_copy

pytestmark = pytest.mark.django_db

# Bookkeeping that differs by nature between two imports of the same files: row ids, the tree
# position and the moment of publication.
VOLATILE = {
    "id",
    "page_ptr",
    "path",
    "translation_key",
    "latest_revision",
    "live_revision",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
}


def _normalise(text: str, pk_to_ecli: dict[int, str]) -> str:
    """Page ids in document ids and source keys become the ruling's ECLI."""
    return re.sub(
        r"^(caselaw:|page:)(\d+)$",
        lambda m: m.group(1) + pk_to_ecli.get(int(m.group(2)), m.group(2)),
        text,
    )


def fields_of(page) -> dict:
    """Every field of the page, related objects by name, without the volatile ones."""
    fields = {}
    for name, value in model_to_dict(page).items():
        if name in VOLATILE:
            continue
        if isinstance(value, QuerySet):
            value = sorted(str(item) for item in value)
        fields[name] = value
    return fields


def snapshot(client) -> dict:
    rulings = CaseLawPage.objects.order_by("ecli")
    pk_to_ecli = {page.pk: page.ecli for page in rulings}
    pages = {}
    for page in rulings:
        fields = fields_of(page)
        revisions = Revision.objects.filter(object_id=str(page.pk), base_content_type__model="page")
        latest = page.get_latest_revision_as_object()
        pages[page.ecli] = {
            "fields": fields,
            "legal areas": sorted(area.name for area in page.legal_areas.all()),
            "parent": page.get_parent().pk,
            "revisions": revisions.count(),
            "live revision is the latest": page.live_revision_id == page.latest_revision_id,
            "latest revision": fields_of(latest),
            "stored revision": {
                k: v for k, v in page.latest_revision.content.items() if k not in VOLATILE | {"pk"}
            },
            "log": sorted(PageLogEntry.objects.filter(page=page).values_list("action", flat=True)),
            "html": re.sub(
                r'name="csrfmiddlewaretoken" value="[^"]+"',
                "",
                client.get(page.url).content.decode(),
            ),
        }
    citations = sorted(
        (pk_to_ecli[c.source_page_id], c.target_ecli, c.kind, c.label, c.members_only)
        for c in Citation.objects.all()
    )
    documents = sorted(
        tuple(
            _normalise(value, pk_to_ecli) if key == "doc_id" else str(value)
            for key, value in sorted(row.items())
            if key not in ("id", "indexed_at")
        )
        for row in SearchDocument.objects.values()
    )
    facets = sorted(
        (_normalise(doc_id, pk_to_ecli), name, value)
        for doc_id, name, value in SearchDocument.objects.values_list(
            "doc_id", "facets__name", "facets__value"
        )
    )
    links = sorted(
        (_normalise(s, pk_to_ecli), _normalise(d, pk_to_ecli))
        for s, d in SourceDocument.objects.values_list("source", "doc_id")
    )
    admin_index = sorted(
        (pk_to_ecli.get(int(entry.object_id)), entry.title, entry.autocomplete, entry.body)
        for entry in IndexEntry.objects.filter(content_type__model="caselawpage")
    )
    return {
        "pages": pages,
        "citations": citations,
        "documents": documents,
        "facets": facets,
        "links": links,
        "admin index": admin_index,
        "tree": Page.find_problems(),
    }


def remove_rulings(capture):
    with capture(execute=True):
        for page in CaseLawPage.objects.all():
            page.delete()


def test_bulk_and_one_by_one_imports_leave_the_same_portal(
    client, caselaw_index, samples_dir, tmp_path, django_capture_on_commit_callbacks
):
    # A ruling that cites another, so that citations between rulings of one batch count too.
    citing = sample_copy(
        tmp_path,
        "ECLI_NL_RBAMS_2010_BO3979.xml",
        "ECLI:NL:RBAMS:2010:BO9999",
        "Zie ook ECLI:NL:CRVB:2014:2942 en ECLI:NL:RBMNE:2016:1780.",
    )
    (samples_dir / citing.name).write_bytes(citing.read_bytes())
    files = sorted(samples_dir.glob("*.xml"))

    with django_capture_on_commit_callbacks(execute=True):
        for path in files:
            importing.import_ruling(path.read_bytes(), source=path.name)
    one_by_one = snapshot(client)
    remove_rulings(django_capture_on_commit_callbacks)
    assert not SearchDocument.objects.filter(type="caselaw").exists()

    with django_capture_on_commit_callbacks(execute=True):
        run = run_import(samples_dir)
    bulk = snapshot(client)

    assert run.summary == "imported 9, updated 0, unchanged 0, skipped 1, failed 0"
    assert sorted(bulk["pages"]) == sorted([*SAMPLE_ECLIS, "ECLI:NL:RBAMS:2010:BO9999"])
    for ecli in bulk["pages"]:
        assert bulk["pages"][ecli] == one_by_one["pages"][ecli], ecli
    for part in ("citations", "documents", "facets", "links", "admin index", "tree"):
        assert bulk[part] == one_by_one[part], part
    assert bulk["tree"] == ([], [], [], [], [])
    assert ("ECLI:NL:RBAMS:2010:BO9999", "ECLI:NL:CRVB:2014:2942") in {
        c[:2] for c in bulk["citations"]
    }


def test_new_rulings_skip_the_page_by_page_saves(caselaw_index, samples_dir, monkeypatch):
    """New rulings go in together; Wagtail's one-page add_child is never used for them."""

    def refuse(*args, **kwargs):
        raise AssertionError("add_child called for a new ruling")

    monkeypatch.setattr(type(caselaw_index), "add_child", refuse)
    run = run_import(samples_dir)

    assert run.summary == "imported 8, updated 0, unchanged 0, skipped 1, failed 0"
    assert CaseLawPage.objects.live().count() == 8


def test_a_batch_mixing_new_changed_and_repeated_rulings(caselaw_index, tmp_path):
    """Existing rulings keep the editors' work and get a new revision; an ECLI that comes twice
    in one batch is imported once and then updated, as when the files come one by one."""
    from tests.factories import TopicFactory

    run_import(RECHTSPRAAK / "ECLI_NL_RBAMS_2010_BO3979.xml")
    existing = CaseLawPage.objects.get()
    topic = TopicFactory(name="Detentie")
    existing.topics.add(topic)
    existing.save_revision().publish()

    folder = tmp_path / "batch"
    folder.mkdir()
    changed = sample_copy(
        tmp_path, "ECLI_NL_RBAMS_2010_BO3979.xml", "ECLI:NL:RBAMS:2010:BO3979", "Hersteld."
    )
    (folder / "a_changed.xml").write_bytes(changed.read_bytes())
    (folder / "b_new.xml").write_bytes((RECHTSPRAAK / "ECLI_NL_PHR_2014_2.xml").read_bytes())
    again = sample_copy(tmp_path, "ECLI_NL_PHR_2014_2.xml", "ECLI:NL:PHR:2014:2", "Gewijzigd.")
    (folder / "c_new_again.xml").write_bytes(again.read_bytes())

    run = run_import(folder, batch_size=10)

    assert run.summary == "imported 1, updated 2, unchanged 0, skipped 0, failed 0"
    existing = CaseLawPage.objects.get(ecli="ECLI:NL:RBAMS:2010:BO3979")
    assert "Hersteld." in existing.summary
    assert list(existing.topics.all()) == [topic]
    new = CaseLawPage.objects.get(ecli="ECLI:NL:PHR:2014:2")
    assert "Gewijzigd." in new.summary and new.live
    assert Revision.objects.filter(object_id=str(new.pk)).count() == 2
    assert Page.find_problems() == ([], [], [], [], [])


def test_batch_size_must_be_positive(caselaw_index):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="batch-size"):
        run_import(RECHTSPRAAK / "ECLI_NL_PHR_2014_2.xml", batch_size=0)
