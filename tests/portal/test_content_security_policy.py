"""The Content-Security-Policy: on every page of the site, no inline script or style allowed,
and none written in the site's templates (which would break under it)."""

import re
from pathlib import Path

import pytest

from tests.factories import CaseLawIndexPageFactory, CaseLawPageFactory

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.mark.django_db
def test_every_site_page_carries_the_policy(client, home, admin_user):
    section = CaseLawIndexPageFactory(parent=home, slug="jurisprudentie")
    ruling = CaseLawPageFactory(parent=section)
    for url in ["/", section.url, ruling.url, "/zoeken/?q=recht", "/organisaties/", "/nergens/"]:
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy, url
        assert "style-src 'self'" in policy, url
        assert "unsafe-inline" not in policy, url
        assert "frame-ancestors 'none'" in policy, url
    client.force_login(admin_user)
    # Wagtail's admin keeps its own inline code; the policy would break it.
    assert "Content-Security-Policy" not in client.get("/beheer/")


def test_site_templates_hold_no_inline_script_or_style():
    offending = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and not re.search(r'type="application/(ld\+)?json"', tag):
                offending.append(f"{template.name}: {tag}")
        offending += [f"{template.name}: <style>" for _ in re.findall(r"<style\b", text)]
        offending += [f"{template.name}: {m}" for m in re.findall(r"\sstyle=\"[^\"]*\"", text)]
        offending += [f"{template.name}: {m}" for m in re.findall(r"\son[a-z]+=\"", text)]
    assert not offending, offending
