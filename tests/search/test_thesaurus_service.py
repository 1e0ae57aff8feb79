"""The thesaurus in use: editors' synonyms and the glossary's abbreviations widen every search,
on the search page and in the API, and a change by an editor takes effect at once."""

import pytest
from django.test import Client

from knowledge.models import SynonymGroup
from tests.factories import GlossaryTermFactory, ProtocolPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def protocol(sections, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = ProtocolPageFactory(
            parent=sections["protocols"],
            title="Melding bij de Dienst Terugkeer en Vertrek",
            intro="Wanneer de Landelijke Vreemdelingenvoorziening contact opneemt.",
        )
        page.save_revision().publish()
    return page


def found(query: str) -> list[str]:
    return [hit["title"] for hit in Client().get("/api/search/", {"q": query}).json()["results"]]


def test_an_editors_synonym_finds_what_the_text_spells_out(protocol):
    assert found("DT&V") == []
    SynonymGroup.objects.create(terms="DT&V\nDienst Terugkeer en Vertrek")
    assert found("DT&V") == [protocol.title]
    assert protocol.title in Client().get("/zoeken/", {"q": "DT&V"}).content.decode()


def test_a_glossary_abbreviation_works_both_ways(protocol):
    GlossaryTermFactory(term="Landelijke Vreemdelingenvoorziening", abbreviation="LVV")
    assert found("LVV") == [protocol.title]
    SynonymGroup.objects.create(terms="DT&V\nDienst Terugkeer en Vertrek")
    assert found("DT&V melding") == [protocol.title]


def test_a_removed_synonym_stops_widening(protocol):
    group = SynonymGroup.objects.create(terms="DT&V\nDienst Terugkeer en Vertrek")
    assert found("DT&V") == [protocol.title]
    group.delete()
    assert found("DT&V") == []


def test_a_group_needs_two_terms():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        SynonymGroup(terms="alleen dit").full_clean()
