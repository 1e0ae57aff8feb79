"""Membership of the network: keeping the members group (portal.access.MEMBERS_GROUP) in step with
active memberships, the coordinators' group, and who may edit or invite for an organisation."""

from portal.access import MEMBER_CACHE_ATTR, MEMBERS_GROUP

# Users with an active coordinator membership; the group carries admin access and the
# permissions to run the network (organisations, applications, events, experts).
COORDINATORS_GROUP = "Netwerkcoördinatoren"
COORDINATOR_PERMISSIONS = [
    ("wagtailadmin", "admin", ["access"]),
    ("network", "organisation", ["add", "change", "delete", "view"]),
    ("network", "service", ["add", "change", "delete", "view"]),
    ("network", "membership", ["add", "change", "delete", "view"]),
    ("network", "membershipapplication", ["change", "view"]),
    ("network", "invitation", ["add", "view"]),
    ("network", "organisationchange", ["view"]),
    ("network", "membershiplogentry", ["view"]),
    ("network", "expert", ["add", "change", "delete", "view"]),
    ("network", "event", ["add", "change", "delete", "view"]),
    ("network", "eventregistration", ["add", "change", "delete", "view"]),
    ("network", "taxonomyterm", ["add", "change", "delete", "view"]),
    ("network", "language", ["add", "change", "delete", "view"]),
]


def sync_member_group(user) -> bool:
    """Put the user in the members group exactly when they hold an active membership of an
    active organisation. Called whenever a membership or organisation changes, so revoking
    takes effect on the user's next request. Returns whether the user is now in the group."""
    from django.contrib.auth.models import Group

    from network.models import Membership

    group, _created = Group.objects.get_or_create(name=MEMBERS_GROUP)
    active = Membership.objects.active().filter(user=user)
    should = user.is_active and active.exists()
    if should:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    coordinators = coordinators_group()
    if user.is_active and active.filter(role=Membership.COORDINATOR).exists():
        user.groups.add(coordinators)
    else:
        user.groups.remove(coordinators)
    for attr in (MEMBER_CACHE_ATTR, "_perm_cache", "_group_perm_cache"):
        if hasattr(user, attr):
            delattr(user, attr)
    return should


def coordinators_group():
    """The coordinators' group, with its permissions (added when missing, never removed, so a
    superuser may widen it in the admin)."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    group, created = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    if created or not group.permissions.exists():
        query = Q(pk__in=[])
        for app_label, model, actions in COORDINATOR_PERMISSIONS:
            codenames = [f"{action}_{model}" for action in actions]
            query |= Q(content_type__app_label=app_label, codename__in=codenames)
        group.permissions.add(*Permission.objects.filter(query))
    return group


def memberships_of(user):
    from network.models import Membership

    if user is None or not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return Membership.objects.active().filter(user=user).select_related("organisation")


def can_edit_organisation(user, organisation) -> bool:
    from network.models import Membership

    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or user.has_perm("network.change_organisation"):
        return True
    return (
        memberships_of(user)
        .filter(organisation=organisation, role__in=Membership.EDITING_ROLES)
        .exists()
    )


def can_invite(user, organisation) -> bool:
    from network.models import Membership

    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or user.has_perm("network.add_invitation"):
        return True
    return (
        memberships_of(user)
        .filter(organisation=organisation, role__in=Membership.MANAGING_ROLES)
        .exists()
    )
