import json
import re

import pytest
from django.urls import reverse

from network.models import Contact, Organisation, Phone


@pytest.fixture
def directory(home, make_organisation, make_service, legal_aid, shelter_term, minors, arabic):
    utrecht = make_organisation("Stichting Rechtshulp Utrecht", city="Utrecht", province="utrecht")
    make_service(
        utrecht, "Spreekuur vreemdelingenrecht", categories=[legal_aid], languages=[arabic]
    )
    eindhoven = make_organisation(
        "Nachtopvang Eindhoven", city="Eindhoven", province="noord-brabant", member=False
    )
    make_service(eindhoven, "Bed-bad-brood", categories=[shelter_term], target_groups=[minors])
    gone = make_organisation("Opgeheven Stichting", city="Utrecht", is_active=False)
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
    assert {p["name"] for p in data} == {"Stichting Rechtshulp Utrecht", "Nachtopvang Eindhoven"}
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
    Phone.objects.create(organisation=organisation, number="030 999 1234")
    Contact.objects.create(organisation=organisation, name="Ledenmarker Contactpersoon")
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


def test_description_html_is_sanitised(client, make_organisation, home):
    organisation = make_organisation(
        "Schoon", description='<p>Hallo</p><script>alert("x")</script>'
    )
    assert "<script" not in organisation.description
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert 'alert("x")' not in html


def test_directory_is_in_the_main_menu(client, directory):
    html = client.get("/").content.decode()
    assert 'href="/organisaties/"' in html
