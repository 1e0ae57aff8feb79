"""Every page type of the demo site, checked the way a screen-reader user, a keyboard user and a
phone user meet it: axe-core finds no serious or critical violation, and at phone widths no
page scrolls sideways, fields have 16 px text, controls are big enough to touch and the header
leaves the screen to the content."""

import pytest

from tests.e2e.site_pages import PHONE_WIDTHS, member_page_types, public_page_types

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BLOCKING_IMPACTS = {"serious", "critical"}
MIN_TOUCH = 44  # px, WCAG 2.5.5 (AAA) and the platforms' own guidelines
MAX_HEADER = 120  # px on a phone
LIMITS = {"touch": MIN_TOUCH, "header": MAX_HEADER}


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def visit(page, base_url, path):
    response = page.goto(base_url + path)
    assert response.status == (404 if path.startswith("/deze-pagina-bestaat-niet") else 200), path
    page.wait_for_load_state("load")


def test_no_serious_accessibility_violations_on_any_page_type(new_page, demo_site, member_cookies):
    failures = {}
    visitor = new_page()
    for name, path in public_page_types().items():
        visit(visitor, demo_site.url, path)
        if found := axe_violations(visitor):
            failures[name] = found
    member = new_page(cookies=member_cookies)
    for name, path in {"home (member)": "/", **member_page_types()}.items():
        visit(member, demo_site.url, path)
        if found := axe_violations(member):
            failures[name] = found
    assert not failures, report(failures)


def report(failures: dict) -> str:
    return "\n".join(f"{name}: {'; '.join(problems)}" for name, problems in failures.items())


def test_search_suggestions_are_an_accessible_combobox(page, demo_site):
    page.goto(f"{demo_site.url}/zoeken/")
    page.fill("#search-q", "asiel")
    page.wait_for_selector("#search-suggestions:not([hidden])")
    assert page.get_attribute("#search-q", "aria-expanded") == "true"
    assert not axe_violations(page)
    page.keyboard.press("ArrowDown")
    active = page.get_attribute("#search-q", "aria-activedescendant")
    assert page.get_attribute(f"#{active}", "aria-selected") == "true"
    target = page.get_attribute(f"#{active}", "data-url")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{target}")
    # A click (or tap) on a suggestion opens it too.
    page.goto(f"{demo_site.url}/zoeken/")
    page.fill("#search-q", "asiel")
    option = page.get_by_role("listbox", name="Suggesties").get_by_role("option").first
    target = option.get_attribute("data-url")
    option.click()
    page.wait_for_url(f"**{target}")


PHONE_CHECKS = """(limits) => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth) {
    const wide = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
      .slice(0, 3).map((el) => el.tagName + "." + el.className);
    problems.push(`scrolls sideways: ${doc.scrollWidth} > ${window.innerWidth} (${wide})`);
  }
  const shown = (el) =>
    el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  for (const field of document.querySelectorAll("input, select, textarea")) {
    if (!shown(field) || ["hidden", "checkbox", "radio"].includes(field.type)) continue;
    const size = parseFloat(getComputedStyle(field).fontSize);
    if (size < 16) problems.push(`${field.name || field.id}: ${size}px text`);
  }
  // Controls whose size the site chooses: buttons, fields and the links of the header, menu,
  // footer and pagination (links inside running text are exempt, as in WCAG 2.5.5).
  const controls = document.querySelectorAll(
    "button, select, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), " +
    ".site-header a, .site-footer a, .pagination a");
  for (const control of controls) {
    if (!shown(control) || control.closest(".skip-link, .leaflet-container")) continue;
    const box = control.getBoundingClientRect();
    if (box.height < limits.touch) {
      problems.push(`${control.tagName} "${control.textContent.trim()}": ${box.height}px high`);
    }
  }
  const header = document.querySelector(".site-header").getBoundingClientRect().height;
  if (header > limits.header) problems.push(`header ${header}px high`);
  return problems;
}"""


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_every_page_type_fits_a_phone(new_page, demo_site, member_cookies, width):
    failures = {}
    visitor = new_page(width=width, height=700)
    member = new_page(width=width, height=700, cookies=member_cookies)
    for name, path in public_page_types().items():
        visit(visitor, demo_site.url, path)
        if problems := visitor.evaluate(PHONE_CHECKS, LIMITS):
            failures[name] = problems
    for name, path in {"home (member)": "/", **member_page_types()}.items():
        visit(member, demo_site.url, path)
        if problems := member.evaluate(PHONE_CHECKS, LIMITS):
            failures[name] = problems
    assert not failures, report(failures)


def test_phone_menu_opens_and_closes_with_the_keyboard(new_page, demo_site):
    page = new_page(width=320, height=700)
    page.goto(demo_site.url + "/")
    toggle = page.get_by_role("button", name="Menu")
    organisations = page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Organisaties"
    )
    assert toggle.get_attribute("aria-expanded") == "false"
    assert organisations.is_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert organisations.is_visible()
    page.keyboard.press("Escape")
    assert organisations.is_hidden()
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")
    # On a wide screen nothing is folded and there is no button.
    wide = new_page(width=1280)
    wide.goto(demo_site.url + "/")
    assert wide.get_by_role("button", name="Menu").is_hidden()
    assert wide.get_by_role("link", name="Organisaties").first.is_visible()
