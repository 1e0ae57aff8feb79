"""Registering members for events: a place while there is one, else the waiting list; a
cancellation hands the place to the first person waiting. Every change is confirmed by e-mail."""

from django.db import transaction
from django.utils import timezone

from network.emails import absolute_url, send_mail_template
from network.models import Event, EventRegistration


def _notify(registration):
    event, email = registration.event, registration.user.email
    if not email:
        return
    context = {
        "registration": registration,
        "status": registration.status,
        "event": event,
        "link": absolute_url(event.get_absolute_url()),
    }
    transaction.on_commit(lambda: send_mail_template("event_registration", context, to=[email]))


@transaction.atomic
def register(event: Event, user) -> EventRegistration:
    # Lock the event row so two people cannot both take the last place.
    event = Event.objects.select_for_update().get(pk=event.pk)
    registration = EventRegistration.objects.filter(event=event, user=user).first()
    if registration and registration.status != EventRegistration.CANCELLED:
        return registration
    full = event.capacity is not None and event.confirmed_count >= event.capacity
    status = EventRegistration.WAITING if full else EventRegistration.CONFIRMED
    if registration is None:
        registration = EventRegistration.objects.create(event=event, user=user, status=status)
    else:
        registration.status = status
        registration.save()
    _notify(registration)
    return registration


@transaction.atomic
def cancel(event: Event, user) -> EventRegistration | None:
    event = Event.objects.select_for_update().get(pk=event.pk)
    registration = EventRegistration.objects.filter(event=event, user=user).first()
    if registration is None or registration.status == EventRegistration.CANCELLED:
        return registration
    had_place = registration.status == EventRegistration.CONFIRMED
    registration.status = EventRegistration.CANCELLED
    registration.save()
    _notify(registration)
    if had_place:
        promote(event)
    return registration


def promote(event: Event):
    """Give free places to the people waiting longest who may still come: a members-only
    event's confirmation (with its online link) never goes to someone who left the network."""
    from portal.access import is_member

    while event.capacity is None or event.confirmed_count < event.capacity:
        queue = (
            event.registrations.filter(status=EventRegistration.WAITING)
            .select_related("user")
            .order_by("created_at", "pk")
        )
        waiting = next(
            (r for r in queue if event.audience != Event.MEMBERS or is_member(r.user)), None
        )
        if waiting is None:
            return
        waiting.status = EventRegistration.CONFIRMED
        waiting.save()
        _notify(waiting)


@transaction.atomic
def fill_free_places(event_pk: int) -> None:
    """After an editor raised the capacity (or removed it), the people waiting get the places."""
    event = Event.objects.select_for_update().filter(pk=event_pk).first()
    if event is not None and event.end >= timezone.now():
        promote(event)
