import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        pytest.fail("Chromium is not installed; run `make e2e`, which installs it.")
    # Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run in
    # a thread with a running loop unless told it is safe, which it is here (one thread, no
    # awaits). Set here, not at import, so the flag never leaks into the rest of the suite.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Opens pages in contexts of their own (a phone's width, a clipboard, a signed-in member);
    each fails the test when the Content-Security-Policy blocks anything on it: the site must
    work under its own policy."""
    contexts, violations = [], []

    def open_page(width=1280, height=800, permissions=(), cookies=()):
        context = browser.new_context(
            locale="nl-NL",
            viewport={"width": width, "height": height},
            permissions=list(permissions),
            has_touch=width < 600,
        )
        if cookies:
            context.add_cookies(list(cookies))
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda message: (
                violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not violations, violations


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def phone(new_page):
    """A 390 px wide phone that lets the page write to the clipboard."""
    return new_page(width=390, height=844, permissions=["clipboard-read", "clipboard-write"])


@pytest.fixture
def demo_site(live_server):
    from io import StringIO

    from django.core.management import call_command
    from wagtail.models import Site

    call_command("load_demo", stdout=StringIO())
    site = Site.objects.get(is_default_site=True)
    host, port = live_server.url.split("//")[1].split(":")
    site.hostname, site.port = host, int(port)
    site.save()
    return live_server


@pytest.fixture
def member_cookies(demo_site):
    """The session cookie of a signed-in member of a demo organisation, for pages only members
    open."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from network.models import Membership, Organisation

    user = get_user_model().objects.create_user(username="e2e-lid", password="unused-e2e-pw")
    organisation = Organisation.objects.active().order_by("name").first()
    Membership.objects.create(user=user, organisation=organisation, role=Membership.MEMBER)
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": demo_site.url}]
