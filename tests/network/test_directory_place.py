"""The directory as people act on it: contact details on an organisation's page, the map of the
filtered results, organisations near a place, and no dates the data does not have."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from network.geo import find_place, haversine_km
from network.models import Location, Organisation, Phone
from network.models.directory import normalise_postcode
from network.search_documents import organisation_documents
from network.validators import validate_phone_number
from tests.factories import LocationFactory, OrganisationFactory, PhoneFactory

DIRECTORY = "/organisaties/"


def map_data(html):
    match = re.search(r'id="network-map-data"[^>]*>(.*?)</script>', html, re.S)
    return json.loads(match.group(1)) if match else []


def names_on_map(html):
    return {item["name"] for point in map_data(html) for item in point["items"]}


def listed(response):
    return [o.name for o in response.context["organisations"]]


def place_org(name, city, province, lat, lon, **kwargs):
    return OrganisationFactory(
        name=name,
        location__city=city,
        location__province=province,
        location__latitude=lat,
        location__longitude=lon,
        **kwargs,
    )


# Contact details


@pytest.fixture
def open_house(home):
    org = OrganisationFactory(
        name="Inloophuis Open Deur",
        email="info@opendeur.example.org",
        location__address_1="Kerkstraat 12",
        location__postcode="3511 LK",
        location__opening_hours="Dinsdag openingsmarker 10:00-16:00",
        location__latitude=52.09123,
        location__longitude=5.11871,
    )
    PhoneFactory(organisation=org, number="030 231 44 55")
    return org


def test_public_contact_details_show_address_phone_email_and_hours(client, open_house):
    html = client.get(open_house.get_absolute_url()).content.decode()
    contact = html.split('id="contact-heading"', 1)[1].split("</section>", 1)[0]
    for text in [
        "info@opendeur.example.org",
        "030 231 44 55",
        "Kerkstraat 12",
        "3511 LK",
        "Dinsdag openingsmarker 10:00-16:00",
    ]:
        assert text in contact


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_members_only_address_and_hours_never_reach_non_members(client, open_house, outsider, who):
    open_house.contact_visibility = Organisation.MEMBERS
    open_house.save()
    if who == "outsider":
        client.force_login(outsider)
    html = client.get(open_house.get_absolute_url()).content.decode()
    for secret in ["openingsmarker", "Kerkstraat 12", "3511 LK", "231 44 55", "opendeur.example"]:
        assert secret not in html
    assert "alleen zichtbaar voor leden" in html  # says why, instead of an empty section
    assert "Utrecht" in html  # the town is public
    (point,) = map_data(html)
    assert (point["lat"], point["lon"]) == (52.09, 5.12)  # the town, not the door


def test_members_see_members_only_address_and_hours(member_client, open_house):
    open_house.contact_visibility = Organisation.MEMBERS
    open_house.save()
    html = member_client.get(open_house.get_absolute_url()).content.decode()
    assert "Kerkstraat 12" in html and "openingsmarker" in html
    (point,) = map_data(html)
    assert (point["lat"], point["lon"]) == (52.09123, 5.11871)
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "Kerkstraat" not in ld and "3511" not in ld  # structured data stays public-only


def test_no_contact_heading_without_contact_details(client, home):
    org = OrganisationFactory(name="Zonder Gegevens", location__address_1="", location__postcode="")
    html = client.get(org.get_absolute_url()).content.decode()
    assert ">Contact<" not in html
    org.contact_visibility = Organisation.MEMBERS
    org.save()
    html = client.get(org.get_absolute_url()).content.decode()
    assert ">Contact<" not in html
    assert "alleen zichtbaar voor leden" not in html  # nothing is hidden, so nothing to say


def test_a_website_alone_makes_a_contact_section(client, home):
    org = OrganisationFactory(
        name="Alleen Website",
        website="https://alleenwebsite.example.org",
        location__address_1="",
        location__postcode="",
    )
    html = client.get(org.get_absolute_url()).content.decode()
    assert ">Contact<" in html and "https://alleenwebsite.example.org" in html


# The map


@pytest.fixture
def spread(home, django_capture_on_commit_callbacks):
    # Indexed after the commit, as in production: the free-text box searches the index.
    with django_capture_on_commit_callbacks(execute=True):
        return _spread()


def _spread():
    return {
        "a1": place_org("Amsterdams Steunpunt", "Amsterdam", "noord-holland", 52.37, 4.89),
        "a2": place_org("Amsterdamse Opvang", "Amsterdam", "noord-holland", 52.36, 4.91),
        "u": place_org("Utrechtse Rechtshulp", "Utrecht", "utrecht", 52.09, 5.12),
        "e": place_org("Eindhovense Zorg", "Eindhoven", "noord-brabant", 51.44, 5.47),
    }


def test_the_map_shows_only_the_filtered_organisations(client, spread):
    html = client.get(DIRECTORY, {"province": "noord-holland"}).content.decode()
    assert names_on_map(html) == {"Amsterdams Steunpunt", "Amsterdamse Opvang"}
    html = client.get(DIRECTORY, {"city": "Eindhoven"}).content.decode()
    assert names_on_map(html) == {"Eindhovense Zorg"}
    html = client.get(DIRECTORY, {"q": "opvang"}).content.decode()
    assert names_on_map(html) == {"Amsterdamse Opvang"}


def test_organisations_in_one_town_share_one_marker(client, spread):
    points = map_data(client.get(DIRECTORY).content.decode())
    by_place = {p["place"]: p for p in points}
    assert len(points) == 3
    assert [i["name"] for i in by_place["Amsterdam"]["items"]] == [
        "Amsterdams Steunpunt",
        "Amsterdamse Opvang",
    ]
    assert 52.36 <= by_place["Amsterdam"]["lat"] <= 52.37
    assert all(item["url"].startswith("/organisaties/") for p in points for item in p["items"])


def test_towns_of_one_name_in_two_provinces_keep_their_own_marker(client, home):
    place_org("Bergen Noord", "Bergen", "noord-holland", 52.67, 4.70)
    place_org("Bergen Zuid", "Bergen", "limburg", 51.60, 6.03)
    assert len(map_data(client.get(DIRECTORY).content.decode())) == 2


def test_an_organisation_with_two_addresses_in_one_town_is_listed_once(client, home):
    org = place_org("Twee Adressen", "Utrecht", "utrecht", 52.09, 5.12)
    LocationFactory(organisation=org, city="Utrecht", latitude=52.10, longitude=5.10)
    (point,) = map_data(client.get(DIRECTORY).content.decode())
    assert [i["name"] for i in point["items"]] == ["Twee Adressen"]


def test_the_map_credit_has_link_text_and_the_page_its_own_stylesheet(client, spread):
    html = client.get(DIRECTORY).content.decode()
    assert 'data-credit-text="Kaartgegevens © OpenStreetMap-bijdragers"' in html
    assert "network/css/directory.css" in html
    # Results come before the map in the page, so a phone shows them first.
    assert html.index('class="item-list directory-list"') > html.index("directory-results")


# In de buurt


def test_places_are_found_by_dutch_names_accents_and_municipality():
    den_haag = find_place("Den Haag")
    assert den_haag.name == "Den Haag" and den_haag.province == "zuid-holland"
    assert find_place("'s-Gravenhage").latitude == den_haag.latitude
    assert find_place("den bosch").name == "Den Bosch"
    assert find_place("s-hertogenbosch").name == "'s-Hertogenbosch"
    almere = find_place("Almere")  # a municipality, whose main place GeoNames calls Almere Stad
    assert almere.name == "Almere" and almere.province == "flevoland"
    assert find_place("  zwolle ").province == "overijssel"
    assert find_place("Súdwest-Fryslân") is not None  # a municipality
    assert find_place("Hengelo").province == "overijssel"  # the town that names its municipality
    assert find_place("Atlantis aan Zee") is None


def test_haversine_distance():
    amsterdam, utrecht = find_place("Amsterdam"), find_place("Utrecht")
    distance = haversine_km(
        amsterdam.latitude, amsterdam.longitude, utrecht.latitude, utrecht.longitude
    )
    assert 33 < distance < 37
    assert haversine_km(52.0, 5.0, 52.0, 5.0) == 0


def test_nearby_lists_organisations_within_the_distance_nearest_first(client, spread):
    response = client.get(DIRECTORY, {"near": "Hilversum", "radius": "50"})
    assert listed(response) == [
        "Utrechtse Rechtshulp",  # about 15 km
        "Amsterdamse Opvang",  # 52.36, 4.91 is a little nearer Hilversum than 52.37, 4.89
        "Amsterdams Steunpunt",
    ]
    html = response.content.decode()
    assert re.search(r"\d+,\d km van Hilversum", html)
    assert 'data-near-lat="52.223330"' in html and 'data-near-km="50"' in html  # the circle
    assert names_on_map(html) == {
        "Amsterdams Steunpunt",
        "Amsterdamse Opvang",
        "Utrechtse Rechtshulp",
    }
    response = client.get(DIRECTORY, {"near": "Utrecht", "radius": "10"})
    assert listed(response) == ["Utrechtse Rechtshulp"]
    distance = response.context["organisations"][0].distance_km
    assert distance < 2


def test_nearby_defaults_to_25_km_and_combines_with_other_filters(client, spread):
    response = client.get(DIRECTORY, {"near": "Amstelveen"})
    assert listed(response) == ["Amsterdamse Opvang", "Amsterdams Steunpunt"]
    assert 'value="25" selected' in response.content.decode()
    response = client.get(DIRECTORY, {"near": "Amstelveen", "q": "opvang"})
    assert listed(response) == ["Amsterdamse Opvang"]


def test_nearby_with_nothing_in_range_says_so(client, spread):
    response = client.get(DIRECTORY, {"near": "Maastricht", "radius": "10"})
    assert listed(response) == []
    assert "binnen 10 km van Maastricht" in response.content.decode()


def test_an_unknown_place_is_explained_and_the_other_filters_still_apply(client, spread):
    response = client.get(DIRECTORY, {"near": "Atlantis aan Zee", "province": "utrecht"})
    html = response.content.decode()
    assert "We kennen geen Nederlandse plaats" in html and "Atlantis aan Zee" in html
    assert listed(response) == ["Utrechtse Rechtshulp"]


def test_a_postcode_is_placed_by_the_directory_addresses_that_share_it(client, home):
    place_org("Bij De Dom", "Utrecht", "utrecht", 52.0907, 5.1214)  # postcode 3511 AA
    place_org("Ver Weg", "Groningen", "groningen", 53.22, 6.57, location__postcode="9711 AA")
    for postcode in ["3511", "3511 XY", "3511xy"]:
        assert listed(client.get(DIRECTORY, {"near": postcode, "radius": "10"})) == ["Bij De Dom"]
    html = client.get(DIRECTORY, {"near": "4001 AB"}).content.decode()
    assert "We kunnen de postcode 4001 AB niet plaatsen" in html


def test_nearby_respects_the_active_rule(client, spread):
    spread["u"].is_active = False
    spread["u"].save()
    assert listed(client.get(DIRECTORY, {"near": "Utrecht", "radius": "10"})) == []


# Dates and demo data


def test_an_organisation_has_no_date_in_search_results(home):
    org = OrganisationFactory(name="Zonder Datum")
    (document,) = organisation_documents(org)
    assert document.date is None


@pytest.fixture
def demo_network(db):
    from network.demo import load_network

    load_network()
    return Organisation.objects.all()


def test_demo_invents_no_membership_dates(demo_network):
    dates = {org.member_since for org in demo_network if org.member_since}
    assert dates == {timezone.localdate()}


def test_demo_contact_details_are_fictional_and_valid(demo_network):
    with_contacts = [org for org in demo_network if org.email]
    assert len(with_contacts) >= 5
    for org in with_contacts:
        assert org.email.startswith("info@") and org.email.endswith(".example.org")
    for org in demo_network.exclude(pk__in=[o.pk for o in with_contacts]):
        # Real organisations get no invented numbers or addresses.
        assert not org.phones.exists()
        assert not any(loc.address_1 or loc.opening_hours for loc in org.locations.all())
    for phone in Phone.objects.all():
        assert re.fullmatch(r"0\d{9}", validate_phone_number(phone.number))
    for location in Location.objects.exclude(postcode=""):
        assert normalise_postcode(location.postcode) == location.postcode
        assert location.has_coordinates and location.opening_hours
    assert Organisation.objects.filter(contact_visibility=Organisation.MEMBERS).exists()


def test_invalid_postcode_is_still_refused():
    with pytest.raises(ValidationError):
        normalise_postcode("0123 AB")


# Positions of organisations whose contact details are for members only


@pytest.fixture
def hidden_house(home):
    return place_org(
        "Verborgen Huis",
        "Utrecht",
        "utrecht",
        52.087654,
        5.134567,
        contact_visibility=Organisation.MEMBERS,
        location__postcode="3581 AB",
    )


def test_a_postcode_is_not_placed_by_an_address_a_visitor_may_not_see(member_client, hidden_house):
    html = Client().get(DIRECTORY, {"near": "3581", "radius": "10"}).content.decode()
    assert "52.087654" not in html and "5.134567" not in html
    assert "We kunnen de postcode 3581 niet plaatsen" in html
    assert listed(member_client.get(DIRECTORY, {"near": "3581", "radius": "10"})) == [
        "Verborgen Huis"
    ]


def test_distances_to_a_hidden_address_are_measured_from_its_rounded_position(
    member_client, hidden_house
):
    utrecht = find_place("Utrecht")
    shown = Client().get(DIRECTORY, {"near": "Utrecht", "radius": "10"}).context["organisations"]
    exact = haversine_km(utrecht.latitude, utrecht.longitude, 52.087654, 5.134567)
    rounded = haversine_km(utrecht.latitude, utrecht.longitude, 52.09, 5.13)
    assert abs(exact - rounded) > 0.05  # the test tells the two apart
    assert shown[0].distance_km == pytest.approx(rounded)
    response = member_client.get(DIRECTORY, {"near": "Utrecht", "radius": "10"})
    assert response.context["organisations"][0].distance_km == pytest.approx(exact)


def test_nearby_draws_only_the_branches_inside_the_circle(client, home):
    org = place_org("Twee Vestigingen", "Utrecht", "utrecht", 52.09, 5.12)
    LocationFactory(
        organisation=org, city="Maastricht", province="limburg", latitude=50.85, longitude=5.69
    )
    html = client.get(DIRECTORY, {"near": "Utrecht", "radius": "10"}).content.decode()
    assert {point["place"] for point in map_data(html)} == {"Utrecht"}
    html = client.get(DIRECTORY).content.decode()
    assert {point["place"] for point in map_data(html)} == {"Utrecht", "Maastricht"}
