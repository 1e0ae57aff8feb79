"""The network's agenda: upcoming and past events, a page per event, iCalendar files and
registration for members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from network import registrations
from network.ical import calendar
from network.models import Event, EventRegistration
from portal.access import is_member
from portal.pagination import paginate


def _list(request, *, past: bool):
    events = Event.objects.visible_to(request.user)
    events = events.past() if past else events.upcoming()
    page = paginate(request, events.select_related("organiser"))
    return render(
        request,
        "network/event_list.html",
        {"page_obj": page, "events": page.object_list, "past": past},
    )


@require_GET
def upcoming(request):
    return _list(request, past=False)


@require_GET
def past(request):
    return _list(request, past=True)


def _visible_event(request, slug):
    event = get_object_or_404(Event.objects.filter(is_published=True), slug=slug)
    if event.audience == Event.MEMBERS and not is_member(request.user):
        # The answer an unknown event gets: a 403 would confirm that the slug exists.
        raise Http404
    return event


@require_GET
def event_detail(request, slug):
    event = _visible_event(request, slug)
    registration = None
    if request.user.is_authenticated:
        registration = EventRegistration.objects.filter(event=event, user=request.user).first()
    return render(
        request,
        "network/event_detail.html",
        {
            "event": event,
            "registration": registration,
            "can_register": is_member(request.user)
            and event.registration_open
            and not event.is_past,
        },
    )


@require_GET
def event_ical(request, slug):
    event = _visible_event(request, slug)
    response = HttpResponse(
        calendar([event], name=event.title), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@require_GET
def events_feed(request):
    """Calendar apps subscribe without logging in, so the feed holds public events only."""
    events = Event.objects.filter(is_published=True, audience=Event.PUBLIC).order_by("start")
    response = HttpResponse(
        calendar(events, name="ENO agenda"), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="eno-agenda.ics"'
    return response


@login_required
@require_POST
def event_register(request, slug):
    event = _visible_event(request, slug)
    if not is_member(request.user):
        return render(request, "network/members_only.html", status=403)
    if not event.registration_open or event.is_past:
        messages.error(request, _("Registration for this event is closed."))
        return redirect(event.get_absolute_url())
    registration = registrations.register(event, request.user)
    if registration.status == EventRegistration.CONFIRMED:
        messages.success(request, _("You are registered. We have sent you a confirmation."))
    else:
        messages.info(
            request,
            _(
                "The event is full; you are on the waiting list. We will e-mail you if a place "
                "becomes free."
            ),
        )
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def event_cancel(request, slug):
    event = _visible_event(request, slug)
    registrations.cancel(event, request.user)
    messages.success(request, _("Your registration has been cancelled."))
    return redirect(event.get_absolute_url())
