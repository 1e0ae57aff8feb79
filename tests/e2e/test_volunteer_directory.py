"""A volunteer looks for help in one town: filters the directory to the town, sees only that
town's pins on the map, and finds a phone number to call."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_volunteer_filters_the_directory_to_a_town_and_finds_a_phone_number(page, demo_site):
    from network.models import Organisation

    town = "Rotterdam"
    in_town = set(
        Organisation.objects.filter(is_active=True, locations__city=town).values_list(
            "name", flat=True
        )
    )
    elsewhere = set(Organisation.objects.filter(is_active=True).values_list("name", flat=True))
    elsewhere -= in_town
    assert len(in_town) > 1 and elsewhere

    page.goto(f"{demo_site.url}/organisaties/")
    page.get_by_label("Plaats", exact=True).fill(town)
    page.get_by_role("button", name="Tonen").click()
    page.wait_for_url(f"**city={town}**")
    page.wait_for_selector("#network-map:not([hidden]) .leaflet-marker-icon")

    listed = set(page.locator(".directory-list h3 a, .directory-list h2 a").all_inner_texts())
    assert listed == in_town
    # The map shows this town only: one marker holding its organisations, nothing elsewhere.
    markers = page.locator("#network-map .leaflet-marker-icon")
    titles = [markers.nth(i).get_attribute("title") for i in range(markers.count())]
    assert len(titles) == 1 and titles[0].startswith(f"{town}: {len(in_town)}"), titles
    markers.first.click()
    in_popup = set(page.locator(".leaflet-popup .network-map-list li a").all_inner_texts())
    assert in_popup == in_town

    page.locator(".directory-list").get_by_role("link", name=sorted(in_town)[0]).click()
    phone = page.locator("a[href^='tel:']").first
    phone.wait_for()
    assert phone.inner_text().replace(" ", "").isdigit()
