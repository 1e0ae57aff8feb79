"""Countries a ruling mentions, proposed to the editor in the admin (never filled in by
themselves)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from knowledge.country_mentions import country_mentions, proposed_countries
from knowledge.models import CaseLawPage
from tests.factories import CaseLawPageFactory, CountryPageFactory, UserFactory

TEXT = (
    "<p>De Syrische eiser stelt dat hij bij terugkeer naar Syrië gevaar loopt; hij verbleef "
    "eerder in Turkije. Zijn Eritrese echtgenote reisde via Zuid-Afrika. Rechtbank Den Haag, "
    "zittingsplaats Amsterdam. De Nederlandse staat en Nederland zijn verweerder. Een man uit "
    "de stad hielp hem.</p>"
)


def test_names_and_adjectives_count_as_mentions():
    found = country_mentions(CaseLawPage(title="", summary=TEXT).summary)
    assert found["SY"] == 2  # "Syrische" and "Syrië"
    assert found["TR"] == 1 and found["ER"] == 1 and found["ZA"] == 1
    # The ruling is always a Dutch court's: the Netherlands is no proposal.
    assert "NL" not in found
    # Places that are no country, and a word written in lower case, count for nothing.
    assert set(found) == {"SY", "TR", "ER", "ZA"}


def test_a_country_pages_own_name_counts_too():
    assert country_mentions("Asiel voor wie uit Kosovo komt.", {"Kosovo": "XK"}) == {"XK": 1}


@pytest.mark.django_db
def test_only_countries_with_a_page_that_the_ruling_lacks_are_proposed(sections):
    syria = CountryPageFactory(parent=sections["countries"])
    eritrea = CountryPageFactory(
        parent=sections["countries"], iso_code="ER", name_nl="Eritrea", name_en="Eritrea"
    )
    CountryPageFactory(
        parent=sections["countries"], iso_code="AF", name_nl="Afghanistan", name_en="Afghanistan"
    )
    ruling = CaseLawPageFactory(parent=sections["caselaw"], summary=TEXT, countries=[eritrea])
    # Turkey and South Africa have no country page; Eritrea is chosen; Afghanistan is not named.
    assert proposed_countries(ruling) == [(syria, 2)]


@pytest.fixture
def editor_client(client, db):
    editor = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(editor)
    return client


@pytest.mark.django_db
def test_the_editor_sees_the_proposals_and_adopts_them_into_a_draft(editor_client, sections):
    syria = CountryPageFactory(parent=sections["countries"])
    turkey = CountryPageFactory(
        parent=sections["countries"], iso_code="TR", name_nl="Turkije", name_en="Türkiye"
    )
    ruling = CaseLawPageFactory(parent=sections["caselaw"], summary=TEXT)
    ruling.save_revision().publish()
    # The importer, like every other writer, fills in nothing by itself.
    assert list(ruling.countries.all()) == []

    edit = editor_client.get(reverse("wagtailadmin_pages:edit", args=[ruling.pk]))
    html = edit.content.decode()
    assert "Voorgestelde landen" in html
    assert 'Syrië <span class="w-text-grey-400">(2 vermeldingen)</span>' in html
    assert 'Turkije <span class="w-text-grey-400">(1 vermelding)</span>' in html
    assert "Neem voorgestelde landen over" in html
    url = reverse("knowledge_adopt_countries", args=[ruling.pk])
    assert f'formaction="{url}"' in html

    response = editor_client.post(url)
    assert response.status_code == 302
    draft = CaseLawPage.objects.get(pk=ruling.pk).get_latest_revision_as_object()
    assert {c.pk for c in draft.countries.all()} == {syria.pk, turkey.pk}
    # A draft: the published ruling changes when the editor publishes it.
    assert list(CaseLawPage.objects.get(pk=ruling.pk).countries.all()) == []
    html = editor_client.get(response.url).content.decode()
    assert "Geen voorstellen" in html


@pytest.mark.django_db
def test_adopting_needs_the_right_to_edit_the_ruling(client, sections):
    CountryPageFactory(parent=sections["countries"])
    ruling = CaseLawPageFactory(parent=sections["caselaw"], summary=TEXT)
    url = reverse("knowledge_adopt_countries", args=[ruling.pk])
    # A signed-in member without admin access does not get through.
    member = UserFactory()
    member.groups.add(Group.objects.get_or_create(name="Leden")[0])
    client.force_login(member)
    response = client.post(url)
    assert response.status_code in (302, 403)
    assert ruling.get_latest_revision_as_object().countries.count() == 0
    assert CaseLawPage.objects.get(pk=ruling.pk).revisions.count() == 0


@pytest.mark.django_db
def test_adopting_respects_another_editors_lock(editor_client, sections):
    from django.utils import timezone

    CountryPageFactory(parent=sections["countries"])
    ruling = CaseLawPageFactory(parent=sections["caselaw"], summary=TEXT)
    ruling.save_revision().publish()
    revisions = ruling.revisions.count()
    ruling.locked, ruling.locked_by, ruling.locked_at = True, UserFactory(), timezone.now()
    ruling.save()
    response = editor_client.post(reverse("knowledge_adopt_countries", args=[ruling.pk]))
    assert response.status_code == 302
    assert ruling.revisions.count() == revisions
    assert ruling.get_latest_revision_as_object().countries.count() == 0
