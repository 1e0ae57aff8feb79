"""Indexing wired from the search registry: what editors do reaches the index after the commit."""

import re
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command, get_commands
from wagtail.models import PageViewRestriction

from knowledge.models import ArticleIndexPage, CaseLawIndexPage
from portal.access import page_visibility
from search.engines.base import SearchQuery
from search.models import SourceDocument
from search.registry import Source, registry
from search.service import get_engine


@pytest.fixture
def table(monkeypatch, db):
    rows = [
        Source("knowledge.ArticleIndexPage", "tests.search.builders.section_documents"),
        Source("knowledge.CaseLawIndexPage", "tests.search.builders.section_documents"),
        Source("auth.Group", "tests.search.builders.group_documents"),
    ]
    monkeypatch.setattr(registry, "sources", rows)
    get_engine().clear()
    return rows


def found(text, member=False):
    return [hit.id for hit in get_engine().search(SearchQuery(text=text, member=member)).hits]


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    def run(page):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        return page

    return run


@pytest.fixture
def section(table, home, publish):
    page = ArticleIndexPage(title="Artikelen", slug="artikelen", intro="kwartelkoning")
    home.add_child(instance=page)
    return publish(page)


def test_publishing_indexes_the_page(section):
    assert found("kwartelkoning") == [f"section:{section.pk}"]
    assert SourceDocument.objects.filter(source=f"page:{section.pk}").count() == 1


def test_drafts_do_not_reach_the_index(table, home, django_capture_on_commit_callbacks):
    page = ArticleIndexPage(title="Concept", slug="concept", intro="conceptwoord", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        home.add_child(instance=page)
        page.save_revision()
    assert found("conceptwoord") == []


def test_a_new_revision_replaces_the_documents(section, publish):
    section.intro = "tweede versie"
    publish(section)
    assert found("vervolgdeel") == [f"section:{section.pk}:extra"]
    section.intro = "derde versie"
    publish(section)
    assert found("vervolgdeel") == []
    assert found("kwartelkoning") == []
    assert found("derde") == [f"section:{section.pk}"]


def test_unpublishing_removes_the_page(section, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        section.unpublish()
    assert found("kwartelkoning") == []
    assert not SourceDocument.objects.filter(source=f"page:{section.pk}").exists()


def test_deleting_removes_the_page(section, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        section.delete()
    assert found("kwartelkoning") == []


def test_view_restriction_makes_the_page_members_only(
    section, members_group, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=section, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(members_group)
    assert page_visibility(section) == "members"
    assert found("kwartelkoning") == []
    assert found("kwartelkoning", member=True) == [f"section:{section.pk}"]
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert found("kwartelkoning") == [f"section:{section.pk}"]


def test_restriction_on_an_ancestor_covers_the_subtree(table, home, publish, members_group):
    page = publish(
        home.add_child(
            instance=CaseLawIndexPage(title="Jurisprudentie", slug="jp", intro="reigerbek")
        )
    )
    assert page_visibility(page) == "public"
    PageViewRestriction.objects.create(page=home, restriction_type=PageViewRestriction.LOGIN)
    assert page_visibility(page) == "members"


def test_moving_reindexes_the_subtree(section, home, django_capture_on_commit_callbacks):
    # A change that bypassed the signals shows up once the page moves.
    ArticleIndexPage.objects.filter(pk=section.pk).update(title="Verplaatste artikelen")
    with django_capture_on_commit_callbacks(execute=True):
        section.move(home, pos="last-child")
    assert found("verplaatste") == [f"section:{section.pk}"]


def test_other_models_are_indexed_on_save_and_delete(table, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        group = Group.objects.create(name="Ooievaarsgroep")
    assert found("ooievaarsgroep") == [f"group:{group.pk}"]
    with django_capture_on_commit_callbacks(execute=True):
        group.name = "Lepelaarsgroep"
        group.save()
    assert found("ooievaarsgroep") == []
    assert found("lepelaarsgroep") == [f"group:{group.pk}"]
    with django_capture_on_commit_callbacks(execute=True):
        group.delete()
    assert found("lepelaarsgroep") == []


def test_nothing_is_written_before_the_commit(table, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Group.objects.create(name="Wachtgroep")
        assert found("wachtgroep") == []
    assert len(callbacks) == 1


def test_a_failing_builder_does_not_break_publishing(table, home, publish, monkeypatch, caplog):
    monkeypatch.setattr(
        registry,
        "sources",
        [Source("knowledge.ArticleIndexPage", "tests.search.builders.failing_documents")],
    )
    page = home.add_child(instance=ArticleIndexPage(title="Kapot", slug="kapot", intro="x"))
    publish(page)
    page.refresh_from_db()
    assert page.live
    assert "search indexing failed" in caplog.text


# --- rebuild_search_index ----------------------------------------------------------------------


def test_command_name_is_ours_alone():
    assert get_commands()["rebuild_search_index"] == "search"


def test_rebuild_indexes_everything_and_is_idempotent(section, table):
    Group.objects.create(name="Reigersgroep")
    get_engine().clear()
    SourceDocument.objects.all().delete()
    expected = Group.objects.count() + 1  # every group and the one section page
    for _ in range(2):
        out, err = StringIO(), StringIO()
        call_command("rebuild_search_index", stdout=out, stderr=err, batch_size=1)
        summary = out.getvalue().strip()
        assert re.fullmatch(
            rf"indexed {expected} documents from {expected} objects in \d+\.\d s "
            r"\(engine: database\)",
            summary,
        ), summary
        assert f"100% {expected}/{expected}" in err.getvalue()
        assert get_engine().count() == expected
        assert found("kwartelkoning") == [f"section:{section.pk}"]
        assert found("reigersgroep")
        assert SourceDocument.objects.count() == expected


def test_rebuild_drops_documents_of_removed_content(section, table):
    get_engine().index(
        [
            __import__("search.documents", fromlist=["IndexDocument"]).IndexDocument(
                id="stale:1", type="article", title="verouderd", url="/oud/"
            )
        ]
    )
    call_command("rebuild_search_index", stdout=StringIO(), stderr=StringIO(), no_progress=True)
    assert found("verouderd") == []
