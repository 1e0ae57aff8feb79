"""Channels outside the knowledge pages and search through which members-only content could leak:
documents, Wagtail's API, shared caches. Each test puts a unique marker in members-only content
and looks for it as an anonymous visitor and as a signed-in non-member."""

import importlib
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.urls import clear_url_caches
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from tests.factories import CountryIndexPageFactory, CountryPageFactory

pytestmark = pytest.mark.django_db

DOCUMENT_MARKER = "LEDENDOCUMENT-4be19d"
SECTION_MARKER = "LEDENCACHE-91c2e0"


@pytest.fixture
def members_document(members_group):
    """A document in a collection that Wagtail restricts to the group "Leden"."""
    collection = Collection.get_first_root_node().add_child(name="Alleen voor leden")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(members_group)
    document = get_document_model()(title="Werkinstructie leden", collection=collection)
    document.file.save("werkinstructie.txt", ContentFile(DOCUMENT_MARKER.encode()), save=False)
    document.save()
    return document


def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def test_members_only_document_reaches_members_only(clients, members_document):
    for who in ("anonymous", "outsider"):
        response = clients[who].get(members_document.url)
        assert response.status_code == 404, who  # as an unknown document
        assert DOCUMENT_MARKER.encode() not in body_of(response), who
    response = clients["member"].get(members_document.url)
    assert response.status_code == 200
    assert DOCUMENT_MARKER.encode() in body_of(response)


def test_documents_are_served_through_wagtail_not_from_the_media_folder(settings):
    # Served from MEDIA_URL, a file would skip the collection's restriction.
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"


@pytest.fixture
def debug_urls(settings):
    """The URLs as `make run` has them: DEBUG is read when portal.urls is imported."""
    import portal.urls

    settings.DEBUG = True
    importlib.reload(portal.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(portal.urls)
    clear_url_caches()


def test_the_dev_server_serves_image_renditions_but_never_document_files(
    clients, members_document, debug_urls
):
    media = Path(django_settings.MEDIA_ROOT)
    (media / "images").mkdir(parents=True, exist_ok=True)
    (media / "images" / "kaart.txt").write_text("beeld")
    document_url = f"/media/{members_document.file.name}"
    for who in ("anonymous", "outsider"):
        response = clients[who].get(document_url)
        assert response.status_code == 404, who
        assert DOCUMENT_MARKER.encode() not in body_of(response), who
    assert body_of(clients["anonymous"].get("/media/images/kaart.txt")) == b"beeld"


@pytest.mark.parametrize("url", ["/api/v2/pages/", "/api/v2/documents/", "/api/v2/images/"])
def test_wagtail_api_is_not_exposed(clients, url, members_document):
    for who in ("anonymous", "outsider"):
        response = clients[who].get(url)
        assert response.status_code == 404
        assert DOCUMENT_MARKER.encode() not in response.content


def test_responses_for_signed_in_users_are_never_shared_cache_material(clients, home):
    country = CountryPageFactory(
        parent=CountryIndexPageFactory(parent=home, slug="landeninformatie"),
        sections=[
            (
                "section",
                {
                    "section": "other",
                    "heading": "Uit het netwerk",
                    "body": f"<p>{SECTION_MARKER}</p>",
                    "members_only": True,
                },
            )
        ],
    )
    member_response = clients["member"].get(country.url)
    assert SECTION_MARKER in member_response.content.decode()
    assert "private" in member_response["Cache-Control"]
    assert "Cookie" in member_response["Vary"]
    # A visitor asking for the same address afterwards gets the public rendering.
    visitor_response = clients["anonymous"].get(country.url)
    assert SECTION_MARKER not in visitor_response.content.decode()
    assert "private" not in visitor_response.get("Cache-Control", "")
