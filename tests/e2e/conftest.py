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
def page(browser):
    """A page that fails the test when the Content-Security-Policy blocks anything on it: the
    site must work under its own policy."""
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert not violations, violations


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
