from network.models import Organisation
from network.search_documents import TYPE_ORGANISATION, organisation_documents
from portal.access import PUBLIC
from tests.factories import (
    ContactFactory,
    OrganisationFactory,
    PhoneFactory,
    ServiceFactory,
    TaxonomyTermFactory,
)

MARKER = "zoekmarker-leden-42"


def test_organisation_document_keeps_members_only_contacts_apart(db):
    org = OrganisationFactory(name="Steunpunt Zoektest", location__city="Groningen")
    legal_aid = TaxonomyTermFactory(code="juridische-hulp", name="Juridische hulp")
    ServiceFactory(organisation=org, name="Juridisch spreekuur", categories=[legal_aid])
    org.contact_visibility = Organisation.MEMBERS
    org.email = f"{MARKER}@example.org"
    org.save()
    PhoneFactory(organisation=org, number="050 000 4242")
    ContactFactory(organisation=org, name=f"Contact {MARKER}")
    [doc] = organisation_documents(org)
    assert doc.type == TYPE_ORGANISATION
    assert doc.visibility == PUBLIC
    assert doc.url == org.get_absolute_url()
    assert "Juridisch spreekuur" in doc.public_text
    assert "Groningen" in doc.keywords
    assert MARKER not in doc.public_text
    assert "4242" not in doc.public_text
    assert MARKER in doc.members_text
    assert "juridische-hulp" in doc.tags


def test_public_contacts_are_public_text_and_inactive_organisations_vanish(db):
    org = OrganisationFactory(name="Open Steunpunt")
    org.email = "open@example.org"
    org.save()
    [doc] = organisation_documents(org)
    assert "open@example.org" in doc.public_text
    assert doc.members_text == ""
    org.is_active = False
    org.save()
    assert organisation_documents(org) == []


def test_an_organisation_is_reindexed_once_per_transaction_however_many_parts_change(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from network.models import Location, Organisation
    from search import indexing

    organisation = OrganisationFactory(name="Stichting Veel Locaties")
    calls = []
    monkeypatch.setattr(indexing, "_reindex_object", lambda model, pk: calls.append((model, pk)))

    with django_capture_on_commit_callbacks(execute=True):
        for city in ("Utrecht", "Zeist", "Houten"):
            Location.objects.create(organisation=organisation, city=city)
    assert calls == [(Organisation, organisation.pk)]

    # A part saved in a rolled-back savepoint does not keep a later change from being indexed.
    calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                Location.objects.create(organisation=organisation, city="Nergens")
                raise RuntimeError("undo")
        except RuntimeError:
            pass
        Location.objects.create(organisation=organisation, city="Amersfoort")
    assert calls == [(Organisation, organisation.pk)]


def test_a_topic_finds_the_organisations_and_events_filed_under_it(
    db, django_capture_on_commit_callbacks
):
    from search.engines.base import SearchQuery
    from search.service import run_search
    from tests.factories import EventFactory, TopicFactory

    health = TopicFactory(name="Gezondheidszorg", slug="gezondheidszorg")
    with django_capture_on_commit_callbacks(execute=True):
        org = OrganisationFactory(name="Spreekuur Zuid")
        org.description = "<p>Vrijwillige artsen helpen de weg naar een huisarts te vinden.</p>"
        org.topics.set([health])
        org.save()
        event = EventFactory(title="Themamiddag toegang tot de huisarts")
        event.topics.set([health])
        event.save()
        EventFactory(title="Themamiddag werk")
    found = run_search(SearchQuery(text="Gezondheidszorg"))
    assert {hit.id for hit in found.hits} == {f"organisation:{org.pk}", f"event:{event.pk}"}
    by_topic = run_search(SearchQuery(text="", topics=["gezondheidszorg"], types=["organisation"]))
    assert [hit.id for hit in by_topic.hits] == [f"organisation:{org.pk}"]
