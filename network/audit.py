"""Writing the membership audit log (network.models.MembershipLogEntry) from model signals, so
every path that changes a membership or the members group is covered: the admin, invitations,
the members-group sync, a cascading delete.

Who did it comes from Wagtail's log context, which every admin view sets to the signed-in
editor; site views that change memberships set it themselves (accepting an invitation). Outside
both (a management command, the sync after an organisation is switched off) the actor is
empty."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.log_actions import get_active_log_context

from network.models import Membership, MembershipLogEntry
from portal.access import MEMBERS_GROUP

User = get_user_model()


def _actor() -> str:
    user = get_active_log_context().user
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return user.get_username()


def log(action, *, user, organisation=None, old="", new="") -> MembershipLogEntry:
    return MembershipLogEntry.objects.create(
        action=action,
        user_pk=user.pk,
        username=user.get_username(),
        organisation_pk=organisation.pk if organisation else None,
        organisation_name=organisation.name if organisation else "",
        old_value=old,
        new_value=new,
        actor=_actor(),
    )


@receiver(pre_save, sender=Membership, dispatch_uid="network.audit.membership_before")
def remember_membership(sender, instance, raw=False, **kwargs):
    instance._audit_before = None
    if instance.pk and not raw:
        instance._audit_before = (
            Membership.objects.filter(pk=instance.pk).values("role", "is_active").first()
        )


@receiver(post_save, sender=Membership, dispatch_uid="network.audit.membership_saved")
def membership_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    subject = {"user": instance.user, "organisation": instance.organisation}
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        log(MembershipLogEntry.JOINED, new=instance.role, **subject)
        if not instance.is_active:
            log(MembershipLogEntry.DEACTIVATED, **subject)
        return
    if before["role"] != instance.role:
        log(MembershipLogEntry.ROLE_CHANGED, old=before["role"], new=instance.role, **subject)
    if before["is_active"] and not instance.is_active:
        log(MembershipLogEntry.DEACTIVATED, **subject)
    elif not before["is_active"] and instance.is_active:
        log(MembershipLogEntry.REACTIVATED, **subject)


@receiver(post_delete, sender=Membership, dispatch_uid="network.audit.membership_deleted")
def membership_deleted(sender, instance, **kwargs):
    log(
        MembershipLogEntry.REMOVED,
        user=instance.user,
        organisation=instance.organisation,
        old=instance.role,
    )


def _members_group_pk():
    return Group.objects.filter(name=MEMBERS_GROUP).values_list("pk", flat=True).first()


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="network.audit.groups")
def groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Entries for users entering or leaving the members group, from either side of the
    relation (user.groups or group.user_set). Removing is announced for every pk asked for,
    present or not, so who was really in the group is looked up before."""
    group_pk = _members_group_pk()
    if group_pk is None:
        return
    through = User.groups.through
    if action in ("pre_remove", "pre_clear"):
        if reverse:
            if instance.pk != group_pk:
                return
            rows = through.objects.filter(group_id=group_pk)
            if pk_set is not None:
                rows = rows.filter(user_id__in=pk_set)
            instance._audit_leaving = set(rows.values_list("user_id", flat=True))
        else:
            if pk_set is not None and group_pk not in pk_set:
                return
            present = through.objects.filter(user_id=instance.pk, group_id=group_pk).exists()
            instance._audit_leaving = {instance.pk} if present else set()
        return
    if action in ("post_remove", "post_clear"):
        user_pks = getattr(instance, "_audit_leaving", set())
        instance._audit_leaving = set()
        _log_group(MembershipLogEntry.GROUP_REMOVED, user_pks, instance if not reverse else None)
        return
    if action == "post_add":
        # Adding announces only the rows it really adds.
        if reverse:
            if instance.pk == group_pk:
                _log_group(MembershipLogEntry.GROUP_ADDED, pk_set, None)
        elif group_pk in pk_set:
            _log_group(MembershipLogEntry.GROUP_ADDED, {instance.pk}, instance)


def _log_group(action, user_pks, user=None):
    if not user_pks:
        return
    users = [user] if user is not None else User.objects.filter(pk__in=user_pks)
    for subject in users:
        log(action, user=subject)
