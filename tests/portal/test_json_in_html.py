"""JSON inside HTML (JSON-LD on ruling and organisation pages, the search API) cannot swallow or
start markup, whatever text the court or the organisation supplied."""

import json
import re

import pytest

from tests.factories import CaseLawIndexPageFactory, CaseLawPageFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

HOSTILE = "Hof <!--<script>alert(1)</script> & </script><b>"


def structured_data(html: str) -> str:
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    return block


def test_ruling_json_ld_escapes_markup(client, home):
    section = CaseLawIndexPageFactory(parent=home, slug="jurisprudentie")
    ruling = CaseLawPageFactory(parent=section, court=HOSTILE, summary="<p>Kort.</p>")
    html = client.get(ruling.url).content.decode()
    block = structured_data(html)
    assert not set(block) & {"<", ">", "&"}
    assert json.loads(block)["author"]["name"] == HOSTILE
    assert "Kort." in html  # the rest of the page is still there


def test_organisation_json_ld_escapes_markup(client, home):
    organisation = OrganisationFactory(name=f"Steunpunt {HOSTILE}")
    html = client.get(organisation.get_absolute_url()).content.decode()
    block = structured_data(html)
    assert not set(block) & {"<", ">", "&"}
    assert json.loads(block)["name"] == f"Steunpunt {HOSTILE}"
