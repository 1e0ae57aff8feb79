"""Review dates: visitors see when information was last checked; editors see on the Wagtail
dashboard which country pages and protocols are overdue or due soon."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.factories import CountryPageFactory, ProtocolPageFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def due_pages(sections):
    return {
        "overdue": ProtocolPageFactory(
            parent=sections["protocols"],
            title="Protocol medische zorg",
            last_reviewed=days(-400),
            review_due=days(-35),
        ),
        "soon": CountryPageFactory(
            parent=sections["countries"],
            last_reviewed=days(-100),
            review_due=days(10),
        ),
        "later": CountryPageFactory(
            parent=sections["countries"],
            iso_code="AF",
            name_nl="Afghanistan",
            name_en="Afghanistan",
            last_reviewed=days(-10),
            review_due=days(200),
        ),
    }


def panel(html):
    match = re.search(r'aria-labelledby="review-due-heading">(.*?)</section>', html, re.DOTALL)
    assert match, "the dashboard has no review panel"
    return match.group(1)


def test_dashboard_lists_overdue_then_soon_due_pages(admin_client, due_pages):
    response = admin_client.get("/beheer/")
    assert response.status_code == 200
    rows = panel(response.content.decode())

    assert "Controle gepland" in rows
    overdue = rows.index("Protocol medische zorg")
    soon = rows.index("Syrië")
    assert overdue < soon
    assert "te laat" in rows[overdue:soon]
    assert "te laat" not in rows[soon:]
    assert "Afghanistan" not in rows  # due in 200 days: not yet
    for key in ("overdue", "soon"):
        assert f'href="/beheer/pages/{due_pages[key].pk}/edit/"' in rows


def test_dashboard_says_when_nothing_is_due(admin_client, sections):
    rows = panel(admin_client.get("/beheer/").content.decode())
    assert (
        "Geen landenpagina of protocol hoeft de komende 30 dagen gecontroleerd te worden." in rows
    )


def test_visitors_see_when_a_page_was_last_checked(client, due_pages):
    later = client.get(due_pages["later"].url).content.decode()
    checked = due_pages["later"].last_reviewed
    months = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ]
    assert (
        f"Laatst gecontroleerd op {checked.day} {months[checked.month - 1]} {checked.year}."
        in later
    )
    assert "kan verouderd zijn" not in later


def test_overdue_page_warns_visitors(client, due_pages):
    html = client.get(due_pages["overdue"].url).content.decode()
    assert "Laatst gecontroleerd op" in html
    assert (
        "Deze informatie had al opnieuw gecontroleerd moeten worden en kan verouderd zijn." in html
    )


def test_page_never_checked_says_so(client, sections):
    page = ProtocolPageFactory(parent=sections["protocols"], review_due=days(60))
    html = client.get(page.url).content.decode()
    assert "Nog niet gecontroleerd." in html


def test_section_listing_shows_the_check_date(client, due_pages, sections):
    html = client.get(sections["countries"].url).content.decode()
    assert "gecontroleerd op" in html
