"""The search registry without any content app: a source, its dependencies, its types and its
facet labels, with Django's content types and permissions standing in for content (a permission
belongs to its content type as a location belongs to its organisation)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from search import labels
from search.engines.base import FacetValue, SearchQuery
from search.registry import Dependency, IndexDocument, Source, registry
from search.service import get_engine


def content_type_documents(content_type):
    permissions = " ".join(content_type.permission_set.values_list("name", flat=True))
    return [
        IndexDocument(
            id=f"ct:{content_type.pk}",
            type="soort",
            title=content_type.model,
            url="/",
            public_text=permissions,
        )
    ]


def owner_of(permission):
    return [permission.content_type_id]


@pytest.fixture
def registered(monkeypatch, db):
    source = Source(
        "contenttypes.ContentType",
        content_type_documents,
        depends_on=(Dependency("auth.Permission", owner_of),),
    )
    monkeypatch.setattr(registry, "sources", [source])
    monkeypatch.setattr(registry, "types", {"soort": "Soortje"})
    monkeypatch.setattr(
        registry,
        "facet_labels",
        {"tag": [lambda values: {v: v.upper() for v in values if v == "kwartel"}]},
    )
    get_engine().clear()
    return source


@pytest.fixture
def kwartel(registered, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        content_type = ContentType.objects.create(app_label="vogels", model="kwartel")
    return content_type


def found(text):
    return [hit.id for hit in get_engine().search(SearchQuery(text=text)).hits]


def test_a_saved_source_object_is_indexed_after_the_commit(kwartel):
    assert found("kwartel") == [f"ct:{kwartel.pk}"]


def test_saving_a_dependency_reindexes_its_owner(kwartel, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        permission = Permission.objects.create(
            codename="fluiten", name="fluitenkruidrecht", content_type=kwartel
        )
    assert found("fluitenkruidrecht") == [f"ct:{kwartel.pk}"]

    with django_capture_on_commit_callbacks(execute=True):
        permission.name = "boterbloemrecht"
        permission.save()
    assert found("boterbloemrecht") == [f"ct:{kwartel.pk}"]
    assert found("fluitenkruidrecht") == []


def test_deleting_a_dependency_reindexes_its_owner(kwartel, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        permission = Permission.objects.create(
            codename="fluiten", name="fluitenkruidrecht", content_type=kwartel
        )
    with django_capture_on_commit_callbacks(execute=True):
        permission.delete()
    assert found("fluitenkruidrecht") == []
    assert found("kwartel") == [f"ct:{kwartel.pk}"]


def test_deleting_the_source_object_removes_its_document(
    kwartel, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        kwartel.delete()
    assert found("kwartel") == []


def test_models_outside_the_registry_queue_nothing(registered, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Group.objects.create(name="Veldwerkers")
    assert callbacks == []


def test_registered_labels_name_types_and_facet_values(registered):
    facets = {
        "type": [FacetValue("soort", 1), FacetValue("onbekend", 1)],
        "tag": [FacetValue("kwartel", 1), FacetValue("leeuwerik", 1)],
    }
    found_labels = labels.value_labels(facets)
    assert found_labels[("type", "soort")] == "Soortje"
    assert found_labels[("type", "onbekend")] == "onbekend"
    assert found_labels[("tag", "kwartel")] == "KWARTEL"
    assert found_labels[("tag", "leeuwerik")] == "leeuwerik"
