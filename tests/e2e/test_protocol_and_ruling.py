import pytest

# serialized_rollback: the live server needs committed data, and Wagtail's tree root and locale
# (made by migrations) must survive the flush between tests.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_decision_tree_asks_one_question_at_a_time(page, demo_site):
    page.goto(f"{demo_site.url}/protocollen/intake-24-uursopvang/")
    stage = page.locator(".decision-stage")
    assert "acute medische of psychiatrische hulpvraag" in stage.inner_text()
    assert page.locator(".decision-steps").is_hidden()

    page.get_by_role("button", name="Nee").click()
    assert "EU-burger" in stage.inner_text()
    page.get_by_role("button", name="Ja").click()
    assert "Geen opvang via deze voorziening" in stage.inner_text()
    assert page.get_by_role("button", name="Ja").count() == 0  # an outcome asks nothing more

    page.get_by_role("button", name="Vorige vraag").click()
    assert "EU-burger" in stage.inner_text()
    page.get_by_role("button", name="Opnieuw beginnen").click()
    assert "acute medische" in stage.inner_text()


def test_decision_tree_works_with_the_keyboard(page, demo_site):
    page.goto(f"{demo_site.url}/protocollen/intake-24-uursopvang/")
    yes = page.get_by_role("button", name="Ja")
    yes.focus()
    page.keyboard.press("Enter")
    assert "Verwijs naar een medische voorziening" in page.locator(".decision-stage").inner_text()
    # Focus moves to the new step so screen readers announce it.
    assert page.evaluate("document.activeElement.classList.contains('decision-stage')")


def test_ruling_page_offers_copy_and_print_buttons(page, demo_site):
    page.goto(f"{demo_site.url}/ecli/ECLI:NL:RBAMS:2010:BO3979/")
    assert page.get_by_role("button", name="Afdrukken").is_visible()
    assert page.locator("#citation-text").input_value().endswith("ECLI:NL:RBAMS:2010:BO3979")


def test_directory_map_and_search_suggestions_run_under_the_policy(page, demo_site):
    response = page.goto(f"{demo_site.url}/organisaties/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector("#network-map:not([hidden])")
    # Amsterdam's organisations share one marker with their number and a list in its popup.
    cluster = page.locator(".network-map-cluster[aria-label^='Amsterdam']")
    count = int(cluster.inner_text())
    assert count > 1
    cluster.click()
    assert page.locator(".leaflet-popup .network-map-list li a").count() == count
    # The map credit is a link with words, not an icon.
    credit = page.locator(".leaflet-control-attribution a[href*='openstreetmap.org/copyright']")
    assert "OpenStreetMap" in credit.inner_text()
    # On a phone the results come first, the map below them.
    page.set_viewport_size({"width": 375, "height": 800})
    list_top = page.locator(".directory-list").bounding_box()["y"]
    assert page.locator("#network-map").bounding_box()["y"] > list_top
    # In de buurt: the circle searched is drawn around the place.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{demo_site.url}/organisaties/?near=Zaandam&radius=25")
    page.wait_for_selector("#network-map .leaflet-overlay-pane path")
    assert "km van Zaandam" in page.inner_text(".directory-list")
    page.goto(f"{demo_site.url}/zoeken/")
    page.fill("input[name=q]", "asi")
    page.wait_for_timeout(500)
