from network.models import Contact, Organisation, Phone
from network.search_documents import organisation_documents
from search.documents import PUBLIC, TYPE_ORGANISATION

MARKER = "zoekmarker-leden-42"


def test_organisation_document_keeps_members_only_contacts_apart(
    make_organisation, make_service, legal_aid
):
    org = make_organisation("Steunpunt Zoektest", city="Groningen")
    make_service(org, "Juridisch spreekuur", categories=[legal_aid])
    org.contact_visibility = Organisation.MEMBERS
    org.email = f"{MARKER}@example.org"
    org.save()
    Phone.objects.create(organisation=org, number="050 000 4242")
    Contact.objects.create(organisation=org, name=f"Contact {MARKER}")
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


def test_public_contacts_are_public_text_and_inactive_organisations_vanish(make_organisation):
    org = make_organisation("Open Steunpunt")
    org.email = "open@example.org"
    org.save()
    [doc] = organisation_documents(org)
    assert "open@example.org" in doc.public_text
    assert doc.members_text == ""
    org.is_active = False
    org.save()
    assert organisation_documents(org) == []
