import pytest
from django.urls import reverse

from network.models import Event, Expert, Membership, MembershipApplication, Organisation, Service


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("beheer", "beheer@example.org", "x")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "model", [Organisation, Service, Membership, Expert, Event], ids=lambda m: m.__name__
)
def test_coordinators_edit_the_network_in_the_admin(admin_client, make_organisation, model):
    make_organisation("Beheerd Steunpunt")
    label = f"{model._meta.app_label}_{model._meta.model_name}"
    for view in ("list", "add"):
        response = admin_client.get(reverse(f"wagtailsnippets_{label}:{view}"))
        assert response.status_code == 200, view


def test_organisation_edit_form_in_admin_saves_locations(admin_client, make_organisation):
    org = make_organisation("Beheerd Steunpunt")
    url = reverse("wagtailsnippets_network_organisation:edit", args=[org.pk])
    assert admin_client.get(url).status_code == 200


def test_application_review_lists_pending(admin_client):
    MembershipApplication.objects.create(
        organisation_name="Stichting Wachtend",
        city="Eindhoven",
        contact_name="A",
        email="a@example.org",
        motivation="x",
    )
    response = admin_client.get(reverse("network_applications:index"))
    assert response.status_code == 200
    assert "Stichting Wachtend" in response.content.decode()
