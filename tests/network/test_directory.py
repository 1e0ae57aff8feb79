import json
import re

import pytest
from django.urls import reverse

from network.models import Organisation, TaxonomyTerm
from tests.factories import (
    ContactFactory,
    LanguageFactory,
    OrganisationFactory,
    PhoneFactory,
    ServiceFactory,
    TaxonomyTermFactory,
)


@pytest.fixture
def directory(home, django_capture_on_commit_callbacks):
    # Indexed after the commit, as in production: the free-text box searches the index.
    with django_capture_on_commit_callbacks(execute=True):
        return _directory()


def _directory():
    utrecht = OrganisationFactory(name="Stichting Rechtshulp Utrecht")
    ServiceFactory(
        organisation=utrecht,
        name="Spreekuur vreemdelingenrecht",
        categories=[TaxonomyTermFactory(code="juridische-hulp", name="Juridische hulp")],
        languages=[LanguageFactory(code="ar", name="Arabisch")],
    )
    eindhoven = OrganisationFactory(
        name="Nachtopvang Eindhoven",
        member_since=None,
        location__city="Eindhoven",
        location__province="noord-brabant",
    )
    ServiceFactory(
        organisation=eindhoven,
        name="Bed-bad-brood",
        categories=[TaxonomyTermFactory(code="opvang", name="Opvang")],
        target_groups=[
            TaxonomyTermFactory(
                vocabulary=TaxonomyTerm.TARGET_GROUP, code="minderjarigen", name="Minderjarigen"
            )
        ],
    )
    gone = OrganisationFactory(name="Opgeheven Stichting", is_active=False)
    return {"utrecht": utrecht, "eindhoven": eindhoven, "gone": gone}


def names(response):
    return [o.name for o in response.context["organisations"]]


def test_directory_lists_active_organisations(client, directory):
    response = client.get(reverse("network:directory"))
    assert response.status_code == 200
    assert names(response) == ["Nachtopvang Eindhoven", "Stichting Rechtshulp Utrecht"]
    assert "Opgeheven Stichting" not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "vreemdelingenrecht"}, ["Stichting Rechtshulp Utrecht"]),
        ({"q": "eindhoven"}, ["Nachtopvang Eindhoven"]),
        ({"province": "noord-brabant"}, ["Nachtopvang Eindhoven"]),
        ({"city": "utrecht"}, ["Stichting Rechtshulp Utrecht"]),
        ({"category": "opvang"}, ["Nachtopvang Eindhoven"]),
        ({"target_group": "minderjarigen"}, ["Nachtopvang Eindhoven"]),
        ({"language": "ar"}, ["Stichting Rechtshulp Utrecht"]),
        ({"member": "on"}, ["Stichting Rechtshulp Utrecht"]),
        ({"category": "juridische-hulp", "province": "noord-brabant"}, []),
    ],
)
def test_directory_filters(client, directory, params, expected):
    response = client.get(reverse("network:directory"), params)
    assert response.status_code == 200
    assert names(response) == expected


def test_the_search_box_finds_what_the_portal_search_finds(client, directory):
    from knowledge.models import SynonymGroup

    # Inflections, through the search engine's stemming ("spreekuren" for "Spreekuur").
    response = client.get(reverse("network:directory"), {"q": "spreekuren"})
    assert names(response) == ["Stichting Rechtshulp Utrecht"]
    # And the thesaurus: BBB is how people write Bed-bad-brood.
    assert names(client.get(reverse("network:directory"), {"q": "BBB"})) == []
    SynonymGroup.objects.create(terms="BBB\nBed-bad-brood")
    response = client.get(reverse("network:directory"), {"q": "BBB", "province": "noord-brabant"})
    assert names(response) == ["Nachtopvang Eindhoven"]


def test_search_facets_name_the_service_categories(client, directory):
    html = client.get("/zoeken/", {"q": "spreekuur"}).content.decode()
    link = re.search(r'<a href="[^"]*tag=juridische-hulp[^"]*">([^<]*)</a>', html)
    assert link is not None and link.group(1) == "Juridische hulp"


def test_without_the_search_engine_the_box_still_filters(client, directory, monkeypatch):
    from search.registry import registry

    monkeypatch.setattr(registry, "finder", lambda *args, **kwargs: None)
    response = client.get(reverse("network:directory"), {"q": "vreemdelingenrecht"})
    assert names(response) == ["Stichting Rechtshulp Utrecht"]


def test_one_invalid_filter_value_leaves_the_other_filters_in_place(client, directory):
    response = client.get(
        reverse("network:directory"), {"q": "vreemdelingenrecht", "province": "bogus"}
    )
    assert response.status_code == 200
    assert names(response) == ["Stichting Rechtshulp Utrecht"]
    response = client.get(reverse("network:directory"), {"category": "opvang", "language": "xx"})
    assert names(response) == ["Nachtopvang Eindhoven"]


def test_unknown_filter_values_do_not_break_the_list(client, directory):
    response = client.get(reverse("network:directory"), {"province": "atlantis", "page": "x"})
    assert response.status_code == 200
    assert len(names(response)) == 2


def test_directory_list_works_without_javascript_and_offers_map_data(client, directory):
    response = client.get(reverse("network:directory"))
    html = response.content.decode()
    assert 'href="/organisaties/stichting-rechtshulp-utrecht/"' in html
    data = json.loads(re.search(r'id="network-map-data"[^>]*>(.*?)</script>', html, re.S).group(1))
    names_on_map = {item["name"] for point in data for item in point["items"]}
    assert names_on_map == {"Stichting Rechtshulp Utrecht", "Nachtopvang Eindhoven"}
    assert "leaflet.js" in html


def test_detail_page_has_schema_org_organization(client, directory):
    organisation = directory["utrecht"]
    response = client.get(organisation.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "Organization"
    assert data["name"] == "Stichting Rechtshulp Utrecht"
    assert data["address"]["addressLocality"] == "Utrecht"
    assert "Spreekuur vreemdelingenrecht" in html


def test_inactive_organisation_has_no_page(client, directory):
    assert client.get(directory["gone"].get_absolute_url()).status_code == 404


@pytest.fixture
def secret_contacts(directory):
    organisation = directory["utrecht"]
    organisation.contact_visibility = Organisation.MEMBERS
    organisation.email = "geheim-ledenmarker@example.org"
    organisation.save()
    PhoneFactory(organisation=organisation, number="030 999 1234")
    ContactFactory(organisation=organisation, name="Ledenmarker Contactpersoon")
    return organisation


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_members_only_contacts_never_reach_non_members(client, secret_contacts, outsider, who):
    if who == "outsider":
        client.force_login(outsider)
    for url in [secret_contacts.get_absolute_url(), reverse("network:directory")]:
        html = client.get(url).content.decode()
        assert "ledenmarker" not in html.lower()
        assert "999 1234" not in html


def test_members_see_members_only_contacts(member_client, secret_contacts):
    html = member_client.get(secret_contacts.get_absolute_url()).content.decode()
    assert "geheim-ledenmarker@example.org" in html
    assert "Ledenmarker Contactpersoon" in html
    assert "030 999 1234" in html
    # Structured data stays public-only even for members.
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "ledenmarker" not in ld


def test_public_contacts_are_shown_to_everyone(client, directory):
    organisation = directory["eindhoven"]
    organisation.email = "info@nachtopvang.example.org"
    organisation.save()
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "info@nachtopvang.example.org" in html


def test_description_html_is_sanitised(client, home):
    organisation = OrganisationFactory(
        name="Schoon", description='<p>Hallo</p><script>alert("x")</script>'
    )
    assert "<script" not in organisation.description
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert 'alert("x")' not in html


def test_directory_is_in_the_main_menu(client, directory):
    html = client.get("/").content.decode()
    assert 'href="/organisaties/"' in html


def test_a_city_with_two_addresses_is_named_once(client, db):
    from tests.factories import LocationFactory, OrganisationFactory

    org = OrganisationFactory(name="Steunpunt Twee Adressen", location__city="Amsterdam")
    LocationFactory(organisation=org, city="Amsterdam", address_1="Tweede straat 2")
    LocationFactory(organisation=org, city="Zaandam", address_1="Derde straat 3")
    assert org.city_names == ["Amsterdam", "Zaandam"]
    html = client.get("/organisaties/").content.decode()
    assert "Amsterdam, Zaandam" in html and "Amsterdam, Amsterdam" not in html
