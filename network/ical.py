"""iCalendar (RFC 5545) for events, written with the icalendar package, which takes care of
line folding, escaping and CRLF line ends."""

from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar
from icalendar import Event as VEvent

from network.emails import absolute_url


def calendar(events, *, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//ENO Kennisportaal//Agenda//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(_vevent(event))
    return cal.to_ical()


def _vevent(event) -> VEvent:
    item = VEvent()
    item.add("uid", f"{event.uid}@eno-kennisportaal")
    item.add("dtstamp", timezone.now())
    item.add("dtstart", event.start)
    item.add("dtend", event.end)
    item.add("summary", event.title)
    description = " ".join(strip_tags(event.description).split())
    url = absolute_url(event.get_absolute_url())
    item.add("description", f"{description}\n\n{url}".strip())
    item.add("url", url)
    location = ", ".join(p for p in (event.location_name, event.address, event.city) if p)
    if event.is_online:
        location = f"{location} (online)" if location else "online"
    if location:
        item.add("location", location)
    item.add("last-modified", event.updated_at)
    return item
