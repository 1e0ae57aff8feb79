"""Index documents for the portal's search: organisations (public, with members-only contact
details kept apart), expert profiles (members only), events and FAQ items."""

from django.utils import timezone
from django.utils.html import strip_tags

from portal.access import MEMBERS, PUBLIC
from search.registry import IndexDocument

# Document types (their labels are registered in network/apps.py).
TYPE_ORGANISATION = "organisation"
TYPE_EXPERT = "expert"
TYPE_EVENT = "event"
TYPE_FAQ = "faq"


def _text(*parts) -> str:
    return "\n".join(" ".join(strip_tags(str(p)).split()) for p in parts if p)


def _topics(obj) -> dict:
    """Topic facets and names, as the knowledge pages have them: "Gezondheidszorg" finds the
    organisations and events filed under it even where their text never says it."""
    topics = list(obj.topics.values_list("slug", "name"))
    return {
        "topics": sorted(slug for slug, _name in topics),
        "keywords": [name for _slug, name in topics],
    }


def organisation_documents(org) -> list[IndexDocument]:
    if not org.is_active:
        return []
    locations = list(org.locations.all())
    services = list(
        org.services.filter(status="active").prefetch_related("categories", "target_groups")
    )
    service_texts = []
    for service in services:
        terms = [t.name for t in [*service.categories.all(), *service.target_groups.all()]]
        service_texts.append(_text(service.name, service.description, ", ".join(terms)))
    # The town is public; the street address and opening hours are contact details, shown to
    # whom contact_visibility allows, like the e-mail address and phone numbers.
    place_texts = [_text(loc.name, loc.city) for loc in locations]
    contact_texts = [
        *[
            _text(loc.address_1, loc.address_2, loc.postcode, loc.opening_hours)
            for loc in locations
        ],
        org.email,
        *[phone.number for phone in org.phones.all()],
        *[_text(c.name, c.title, c.department, c.email) for c in org.contacts.all()],
    ]
    public_text = _text(
        org.alternate_name,
        org.description,
        org.get_organisation_type_display(),
        org.website,
        *place_texts,
        *service_texts,
    )
    members_text = ""
    if org.contact_visibility == org.PUBLIC:
        public_text = _text(public_text, *contact_texts)
    else:
        members_text = _text(*contact_texts)
    cities = sorted({loc.city for loc in locations if loc.city})
    topics = _topics(org)
    return [
        IndexDocument(
            id=f"organisation:{org.pk}",
            type=TYPE_ORGANISATION,
            title=org.name,
            url=org.get_absolute_url(),
            public_text=public_text,
            members_text=members_text,
            visibility=PUBLIC,
            tags=sorted(
                {t.code for s in services for t in [*s.categories.all(), *s.target_groups.all()]}
            ),
            # No date: an organisation has no publication date, and the day it joined the
            # network, shown bare in a result, reads as a founding date it is not.
            topics=topics["topics"],
            keywords=[*cities, *topics["keywords"]],
        )
    ]


def expert_documents(expert) -> list[IndexDocument]:
    """Expert profiles are for members only, as a whole."""
    from network.models import Expert

    # The same rule as the expert pages: an available expert who is an active member.
    if not Expert.objects.visible().filter(pk=expert.pk).exists():
        return []
    topics = [t.name for t in expert.topics.all()]
    languages = [lang.name for lang in expert.languages.all()]
    countries = sorted(c.code.upper() for c in expert.countries.all())
    organisation = expert.organisation.name if expert.organisation else ""
    return [
        IndexDocument(
            id=f"expert:{expert.pk}",
            type=TYPE_EXPERT,
            title=expert.display_name,
            url=expert.get_absolute_url(),
            public_text="",
            members_text=_text(
                expert.job_title,
                organisation,
                expert.expertise,
                ", ".join(topics),
                ", ".join(languages),
                ", ".join(c.get_code_display() for c in expert.countries.all()),
            ),
            visibility=MEMBERS,
            countries=countries,
            topics=sorted(t.slug for t in expert.topics.all()),
        )
    ]


def event_documents(event) -> list[IndexDocument]:
    if not event.is_published:
        return []
    visibility = MEMBERS if event.audience == event.MEMBERS else PUBLIC
    topics = _topics(event)
    text = _text(
        event.get_kind_display(),
        event.description,
        event.location_name,
        event.city,
        event.organiser.name if event.organiser else "",
    )
    return [
        IndexDocument(
            id=f"event:{event.pk}",
            type=TYPE_EVENT,
            title=event.title,
            url=event.get_absolute_url(),
            # A members-only event is wholly members-only; its text must not sit in public_text
            # in case an engine searches public text of members documents for visitors.
            public_text=text if visibility == PUBLIC else "",
            members_text="" if visibility == PUBLIC else text,
            visibility=visibility,
            tags=[event.kind],
            topics=topics["topics"],
            date=timezone.localdate(event.start),
            keywords=[*([event.city] if event.city else []), *topics["keywords"]],
        )
    ]


def faq_documents(item) -> list[IndexDocument]:
    """A published FAQ item, for everyone or for members as a whole. The helpdesk question it
    came from is no part of it."""
    if not item.is_published:
        return []
    visibility = MEMBERS if item.visibility == item.MEMBERS else PUBLIC
    topics = _topics(item)
    text = _text(item.question, item.answer)
    return [
        IndexDocument(
            id=f"faq:{item.pk}",
            type=TYPE_FAQ,
            title=item.title,
            url=item.get_absolute_url(),
            # As for events: members-only text never sits in public_text.
            public_text=text if visibility == PUBLIC else "",
            members_text="" if visibility == PUBLIC else text,
            visibility=visibility,
            countries=[item.country.upper()] if item.country else [],
            topics=topics["topics"],
            date=timezone.localdate(item.published_at) if item.published_at else None,
            keywords=topics["keywords"],
        )
    ]
