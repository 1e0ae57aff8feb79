"""The membership audit log: joins, role changes, deactivation, removal and the members group,
written whatever path makes the change, and read-only in the admin."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from network.membership import sync_member_group
from network.models import Membership, MembershipLogEntry
from portal.access import MEMBERS_GROUP
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

LOG = MembershipLogEntry


def entries(**filters):
    return list(
        LOG.objects.filter(**filters)
        .order_by("pk")
        .values_list("action", "username", "organisation_name", "old_value", "new_value")
    )


@pytest.fixture
def coordinator_client(db):
    """Someone with the rights to change memberships in the admin (a superuser here)."""
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser(
        "coordinator", "c@example.org", "x-wachtwoord"
    )
    client = Client()
    client.force_login(admin)
    return client


def test_joining_changing_role_deactivating_and_removing_are_logged(members_group):
    org = OrganisationFactory(name="Steunpunt Log")
    user = UserFactory(username="loglid")
    membership = Membership.objects.create(user=user, organisation=org)
    membership.role = Membership.ORG_ADMIN
    membership.save()
    membership.save()  # nothing changed: nothing logged
    membership.is_active = False
    membership.save()
    membership.is_active = True
    membership.save()
    membership.delete()
    assert entries(user_pk=user.pk) == [
        (LOG.JOINED, "loglid", "Steunpunt Log", "", "member"),
        (LOG.GROUP_ADDED, "loglid", "", "", ""),
        (LOG.ROLE_CHANGED, "loglid", "Steunpunt Log", "member", "org_admin"),
        (LOG.DEACTIVATED, "loglid", "Steunpunt Log", "", ""),
        (LOG.GROUP_REMOVED, "loglid", "", "", ""),
        (LOG.REACTIVATED, "loglid", "Steunpunt Log", "", ""),
        (LOG.GROUP_ADDED, "loglid", "", "", ""),
        (LOG.REMOVED, "loglid", "Steunpunt Log", "org_admin", ""),
        (LOG.GROUP_REMOVED, "loglid", "", "", ""),
    ]
    assert not LOG.objects.exclude(actor="").exists(), "no one was signed in"


def test_a_repeated_sync_logs_nothing_new(members_group):
    user = UserFactory()
    sync_member_group(user)
    sync_member_group(user)
    assert not LOG.objects.exists(), "removing someone who was never in the group is no change"
    members_group.user_set.add(user)
    members_group.user_set.remove(user)
    assert [e[0] for e in entries(user_pk=user.pk)] == [LOG.GROUP_ADDED, LOG.GROUP_REMOVED]


def test_the_log_outlives_a_deleted_account(members_group):
    membership = MembershipFactory(user__username="vertrokken")
    user_pk = membership.user.pk
    membership.user.delete()
    assert (LOG.REMOVED, "vertrokken") in [e[:2] for e in entries(user_pk=user_pk)]


def test_a_change_in_the_admin_names_who_made_it(coordinator_client, members_group):
    membership = MembershipFactory(user__username="beheerdlid")
    edit = reverse("wagtailsnippets_network_membership:edit", args=[membership.pk])
    response = coordinator_client.post(
        edit,
        {
            "user": membership.user.pk,
            "organisation": membership.organisation.pk,
            "role": Membership.EDITOR,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    entry = LOG.objects.get(action=LOG.ROLE_CHANGED)
    assert entry.actor == "coordinator" and entry.new_value == Membership.EDITOR


def test_editors_read_the_log_and_nobody_edits_it(members_group):
    MembershipFactory(user__username="gelogdlid")
    entry = LOG.objects.filter(action=LOG.JOINED).get()
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(editor)
    listing = client.get(reverse("wagtailsnippets_network_membershiplogentry:list"))
    assert listing.status_code == 200 and "gelogdlid" in listing.content.decode()
    inspect = reverse("wagtailsnippets_network_membershiplogentry:inspect", args=[entry.pk])
    assert client.get(inspect).status_code == 200
    for url in (
        reverse("wagtailsnippets_network_membershiplogentry:add"),
        reverse("wagtailsnippets_network_membershiplogentry:edit", args=[entry.pk]),
        reverse("wagtailsnippets_network_membershiplogentry:delete", args=[entry.pk]),
    ):
        assert client.get(url).status_code in (302, 403), url
        client.post(url, {"username": "vervalst"})
    assert LOG.objects.filter(pk=entry.pk, username="gelogdlid").exists()
    assert not LOG.objects.filter(username="vervalst").exists()
    # A member of the network is no editor: the log is not theirs to read.
    member = UserFactory()
    member.groups.add(Group.objects.get(name=MEMBERS_GROUP))
    client.force_login(member)
    response = client.get(reverse("wagtailsnippets_network_membershiplogentry:list"))
    assert response.status_code in (302, 403)


def test_accepting_an_invitation_names_the_new_member(client, members_group):
    from network.models import Invitation

    organisation = OrganisationFactory(name="Steunpunt Uitnodiging")
    user = UserFactory(username="uitgenodigd", email="uitgenodigd@example.org")
    _invitation, token = Invitation.create(
        email=user.email, organisation=organisation, role=Membership.MEMBER
    )
    client.force_login(user)
    response = client.post(reverse("network:accept_invitation", args=[token]))
    assert response.status_code == 302
    entry = LOG.objects.get(action=LOG.JOINED)
    assert entry.actor == "uitgenodigd" and entry.organisation_name == "Steunpunt Uitnodiging"
