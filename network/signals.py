"""Keep the members group in step with memberships. Access is decided by the group on every
request, so changing it here is what makes revoking immediate."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from network.membership import sync_member_group
from network.models import Contact, Event, Location, Membership, Organisation, Phone, Service
from search.indexing import reindex_after_commit


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender, instance, **kwargs):
    # Deleting an organisation or user cascades here, once per membership.
    sync_member_group(instance.user)
    # An expert who is no longer a member must drop out of search.
    _reindex_expert(instance.user_id)


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


def _reindex_expert(user_id):
    from network.models import Expert

    expert_pk = Expert.objects.filter(user_id=user_id).values_list("pk", flat=True).first()
    if expert_pk is not None:
        reindex_after_commit(Expert, expert_pk)


@receiver(post_save, sender=Service)
@receiver(post_delete, sender=Service)
@receiver(post_save, sender=Location)
@receiver(post_delete, sender=Location)
@receiver(post_save, sender=Phone)
@receiver(post_delete, sender=Phone)
@receiver(post_save, sender=Contact)
@receiver(post_delete, sender=Contact)
def directory_part_changed(sender, instance, raw=False, **kwargs):
    if raw or not instance.organisation_id:
        return
    # Services, locations and contacts are part of their organisation's search document.
    reindex_after_commit(Organisation, instance.organisation_id)


@receiver(post_save, sender=Event)
def event_changed(sender, instance, created, raw=False, **kwargs):
    if created or raw:
        return
    from network.registrations import fill_free_places

    # After the editor's save has committed, so that the new capacity is what gets locked and read.
    transaction.on_commit(lambda: fill_free_places(instance.pk))
