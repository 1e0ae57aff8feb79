"""Demo content for the directory, the agenda and the helpdesk's FAQ: small loaders over the
Dutch texts in demo_data/. Creates what is missing, never overwrites (a coordinator may have
edited it)."""

import datetime

from django.utils import timezone

from network.models import (
    Event,
    FAQItem,
    Language,
    Location,
    Organisation,
    Phone,
    Service,
    TaxonomyTerm,
)
from portal.demo import read_demo_data, register_demo_loader

VOCABULARIES = {
    "categories": TaxonomyTerm.CATEGORY,
    "target_groups": TaxonomyTerm.TARGET_GROUP,
}


def register_demo_loaders() -> None:
    # Organisations and events are filed under the knowledge base's topics (30), and come before
    # the knowledge content, as they always have.
    register_demo_loader("network.directory", load_network, order=35)
    register_demo_loader("network.faq", load_faq, order=36)


def _topics(model, slugs):
    # The topic model through the relation: network points at knowledge, never imports it.
    topic_model = model._meta.get_field("topics").related_model
    return topic_model.objects.filter(slug__in=slugs)


def _hsds_id(key: str) -> str:
    return f"eno-demo-{key}"


def load_vocabularies() -> int:
    data = read_demo_data("network", "vocabularies.toml")
    created = 0
    for table, vocabulary in VOCABULARIES.items():
        for code, name in data[table].items():
            _term, made = TaxonomyTerm.objects.get_or_create(
                vocabulary=vocabulary,
                code=code,
                defaults={"name": name, "hsds_id": f"eno-{vocabulary}-{code}"},
            )
            created += made
    for code, name in data["languages"].items():
        _lang, made = Language.objects.get_or_create(code=code, defaults={"name": name})
        created += made
    return created


def load_network(stdout=None) -> dict:
    data = read_demo_data("network", "organisations.toml")
    counts = {"vocabulary terms": load_vocabularies(), "organisations": 0, "services": 0}
    for spec in data["organisation"]:
        hsds_id = _hsds_id(spec["key"])
        if Organisation.objects.filter(hsds_id=hsds_id).exists():
            continue
        org = Organisation.objects.create(
            hsds_id=hsds_id,
            name=spec["name"],
            alternate_name=spec.get("alternate_name", ""),
            description=spec["description"],
            organisation_type=spec["type"],
            website=spec.get("website", ""),
            email=spec.get("email", ""),
            contact_visibility=spec.get("contact_visibility", Organisation.PUBLIC),
            # The demo invents no dates: a member joined this network when it was loaded,
            # unless the data gives the real date.
            member_since=spec.get("member_since", timezone.localdate()) if spec["member"] else None,
        )
        counts["organisations"] += 1
        org.topics.set(_topics(Organisation, spec.get("topics", [])))
        org.save()  # a parental relation is written when the organisation is saved
        locations = _create_locations(org, spec, data["city"])
        for index, phone in enumerate(spec.get("phones", []), start=1):
            Phone.objects.create(
                hsds_id=f"{hsds_id}-phone-{index}",
                organisation=org,
                number=phone["number"],
                type=phone.get("type", "voice"),
                description=phone.get("description", ""),
            )
        for index, item in enumerate(spec["services"], start=1):
            _create_service(org, index, item, locations, spec.get("area"))
            counts["services"] += 1
    counts["events"] = load_events()
    if stdout is not None:
        stdout.write(
            f"  network: {counts['organisations']} organisations, {counts['services']} services,"
            f" {counts['events']} events"
        )
    return counts


def _create_locations(org, spec, cities) -> list:
    """A location per city centre (`cities`, for organisations whose street address the demo
    does not give), or per full address (`locations`, of the fictional organisations)."""
    places = [{"city": city} for city in spec.get("cities", [])] + spec.get("locations", [])
    locations = []
    for place in places:
        centre = cities[place["city"]]
        locations.append(
            Location.objects.create(
                hsds_id=f"{org.hsds_id}-{place['city'].lower().replace(' ', '-')}",
                organisation=org,
                name=place.get("name", place["city"] if len(places) > 1 else ""),
                address_1=place.get("address", ""),
                postcode=place.get("postcode", ""),
                city=place["city"],
                province=centre["province"],
                latitude=place.get("latitude", centre["latitude"]),
                longitude=place.get("longitude", centre["longitude"]),
                opening_hours=place.get("opening_hours", ""),
            )
        )
    return locations


def _create_service(org, index, item, locations, area):
    service = Service.objects.create(
        hsds_id=f"{org.hsds_id}-service-{index}",
        organisation=org,
        name=item["name"],
        description=item["description"],
        eligibility=item.get("eligibility", ""),
        schedule=item.get("schedule", ""),
    )
    service.categories.set(
        TaxonomyTerm.objects.filter(vocabulary=TaxonomyTerm.CATEGORY, code__in=item["categories"])
    )
    service.target_groups.set(
        TaxonomyTerm.objects.filter(
            vocabulary=TaxonomyTerm.TARGET_GROUP, code__in=item["target_groups"]
        )
    )
    service.languages.set(Language.objects.filter(code__in=item.get("languages", [])))
    service.save()
    for location in locations:
        service.service_at_locations.create(
            hsds_id=f"{service.hsds_id}@{location.hsds_id}", location=location
        )
    if area:
        service.areas.create(hsds_id=f"{service.hsds_id}-area", name=area)
    service.save()


def load_events() -> int:
    data = read_demo_data("network", "events.toml")
    created = 0
    today = timezone.localdate()
    for spec in data["event"]:
        if Event.objects.filter(slug=spec["slug"]).exists():
            continue
        day = today + datetime.timedelta(days=spec["days_from_today"])
        start_hour, end_hour = spec["hours"]
        event = Event.objects.create(
            slug=spec["slug"],
            title=spec["title"],
            kind=spec["kind"],
            description=spec["description"],
            start=_at(day, start_hour),
            end=_at(day, end_hour),
            city=spec.get("city", ""),
            location_name=spec.get("location_name", ""),
            is_online=spec.get("online", False),
            audience=spec["audience"],
            capacity=spec.get("capacity"),
            organiser=Organisation.objects.filter(hsds_id=_hsds_id(data["organiser"])).first(),
        )
        event.topics.set(_topics(Event, spec.get("topics", [])))
        created += 1
    return created


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def load_faq(stdout=None) -> dict:
    """Published FAQ items, as if the helpdesk had answered them; keyed by their title, which
    the demo data keeps unique (the items have no source question)."""
    data = read_demo_data("network", "faq.toml")
    created = 0
    for spec in data["faq"]:
        if FAQItem.objects.filter(title=spec["title"]).exists():
            continue
        item = FAQItem.objects.create(
            title=spec["title"],
            question=spec["question"],
            answer=spec["answer"],
            visibility=spec["visibility"],
            country=spec.get("country", ""),
            is_published=True,
        )
        item.topics.set(_topics(FAQItem, spec.get("topics", [])))
        item.save()  # indexed after this commit, with its topics (load_demo may autocommit)
        created += 1
    if stdout is not None:
        stdout.write(f"  network: {created} FAQ items")
    return {"FAQ items": created}
