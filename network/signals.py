"""Keep the members group in step with memberships (access is decided by the group on every
request, so changing it here is what makes revoking immediate), and give freed event places to
the waiting list. Search indexing is wired by the registry (network/apps.py), not here."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from network.membership import sync_member_group
from network.models import Event, Membership, Organisation, Question


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender, instance, **kwargs):
    # Deleting an organisation or user cascades here, once per membership.
    sync_member_group(instance.user)


@receiver(post_delete, sender=Question)
def remove_attachment(sender, instance, **kwargs):
    """An attachment lives outside the database: whoever deletes the question (the admin, the
    asker's account deletion through CASCADE), the file goes too, once the deletion is committed
    (a rolled-back deletion keeps it)."""
    if not instance.attachment:
        return
    storage, name = instance.attachment.storage, instance.attachment.name
    transaction.on_commit(lambda: storage.delete(name))


@receiver(pre_save, sender=Organisation)
def remember_active_state(sender, instance, raw=False, **kwargs):
    if instance.pk and not raw:
        stored = Organisation.objects.filter(pk=instance.pk).values_list("is_active", flat=True)
        instance._was_active = stored.first()


@receiver(post_save, sender=Organisation)
def organisation_changed(sender, instance, created, raw=False, **kwargs):
    # Only (de)activating an organisation changes who is a member; other edits need no resync.
    if created or raw or getattr(instance, "_was_active", None) == instance.is_active:
        return
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(memberships__organisation=instance).distinct()
    for user in users:
        sync_member_group(user)


@receiver(post_save, sender=Event)
def event_changed(sender, instance, created, raw=False, **kwargs):
    if created or raw:
        return
    from network.registrations import fill_free_places

    # After the editor's save has committed, so that the new capacity is what gets locked and read.
    transaction.on_commit(lambda: fill_free_places(instance.pk))
