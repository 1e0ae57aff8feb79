"""The public directory of organisations: a filtered list that works without JavaScript, a map
on top of it for browsers that run Leaflet, and a page per organisation."""

from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404, render
from django.utils.html import strip_tags
from django.views.decorators.http import require_GET

from network.forms import DirectoryFilterForm
from network.geo import within_radius
from network.membership import can_edit_organisation, can_invite
from network.models import Location, Organisation, Service
from portal.access import is_member, request_is_member
from portal.pagination import paginate
from portal.safejson import dumps_for_html


def _place_key(loc):
    """Pins that share a place become one marker: the same town (in the same province: there is
    a Bergen in Noord-Holland and one in Limburg) or, without a town, nearly the same point."""
    if loc.city:
        return ("city", loc.city.strip().casefold(), loc.province)
    return ("point", round(loc.latitude, 3), round(loc.longitude, 3))


def map_points(organisations, member: bool = False, within=None):
    """One marker per place, listing the organisations there. Public data only: name, town
    and link; contact details (the street address among them) never go onto the map.
    within: (place, radius in km) of "in de buurt": only the locations inside the circle, so an
    organisation's branch in another town is no pin on the search."""
    locations = (
        Location.objects.filter(
            organisation__in=organisations, latitude__isnull=False, longitude__isnull=False
        )
        .select_related("organisation")
        .order_by("organisation__name")[:2000]
    )
    groups: dict[tuple, dict] = {}
    for loc in locations:
        show_address = member or loc.organisation.contact_visibility == Organisation.PUBLIC
        lat, lon = loc.position_for(show_address)
        if within is not None and not within_radius(within[0], within[1], lat, lon):
            continue
        group = groups.setdefault(
            _place_key(loc), {"place": loc.city, "lats": [], "lons": [], "items": [], "seen": set()}
        )
        group["lats"].append(lat)
        group["lons"].append(lon)
        if loc.organisation_id in group["seen"]:
            continue  # two addresses in one town: the organisation is listed there once
        group["seen"].add(loc.organisation_id)
        group["items"].append(
            {
                "name": loc.organisation.name,
                "place": ", ".join(part for part in (loc.name, loc.city) if part),
                "url": loc.organisation.get_absolute_url(),
            }
        )
    return [
        {
            "place": group["place"],
            "lat": round(sum(group["lats"]) / len(group["lats"]), 6),
            "lon": round(sum(group["lons"]) / len(group["lons"]), 6),
            "items": group["items"],
        }
        for group in groups.values()
    ]


@require_GET
def directory(request):
    member = request_is_member(request)
    form = DirectoryFilterForm(request.GET or None, member=member)
    data = form.values()
    organisations = form.apply(Organisation.objects.active(), data, member=member)
    if isinstance(organisations, list):  # nearest first, from "in de buurt"
        prefetch_related_objects(organisations, "locations")
    else:
        organisations = organisations.prefetch_related("locations")
    page = paginate(request, organisations)
    return render(
        request,
        "network/directory.html",
        {
            "form": form,
            "page_obj": page,
            "organisations": page.object_list,
            "total": page.paginator.count,
            "map_points": map_points(
                [org.pk for org in organisations]
                if isinstance(organisations, list)
                else organisations,
                member,
                within=(data["near"], data["radius"]) if data.get("near") else None,
            ),
            "near": data.get("near"),
            "radius": data.get("radius"),
            "filtered": bool(data and any(data.values())),
        },
    )


def organisation_json_ld(organisation, show_contacts: bool) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": organisation.name,
        "identifier": organisation.hsds_id,
    }
    if organisation.alternate_name:
        data["alternateName"] = organisation.alternate_name
    if organisation.description:
        data["description"] = " ".join(strip_tags(organisation.description).split())[:1000]
    if organisation.website:
        data["url"] = organisation.website
    locations = list(organisation.locations.all())
    addresses = [
        {
            "@type": "PostalAddress",
            "streetAddress": loc.address_1,
            "postalCode": loc.postcode,
            "addressLocality": loc.city,
            "addressRegion": loc.get_province_display(),
            "addressCountry": loc.country,
        }
        for loc in locations
        if loc.city or loc.address_1
    ]
    public_contacts = show_contacts and organisation.contact_visibility == Organisation.PUBLIC
    for address in addresses:
        if not public_contacts:  # the town only: the street is a contact detail
            address.pop("streetAddress")
            address.pop("postalCode")
        for key in [k for k, v in address.items() if not v]:
            del address[key]
    if addresses:
        data["address"] = addresses[0] if len(addresses) == 1 else addresses
    # Only public contact details go into machine-readable data, whoever is looking: the
    # markup is made for search engines.
    if public_contacts:
        if organisation.email:
            data["email"] = organisation.email
        phones = [p.number for p in organisation.phones.all()]
        if phones:
            data["telephone"] = phones[0]
    return dumps_for_html(data)


def has_contact_details(organisation, locations) -> bool:
    """Whether the organisation has any contact details besides its website (which is public
    whatever contact_visibility says)."""
    return bool(
        organisation.email
        or organisation.phones.exists()
        or organisation.contacts.exists()
        or any(loc.has_address or loc.opening_hours for loc in locations)
    )


@require_GET
def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation.objects.active(), slug=slug)
    show_contacts = organisation.contacts_visible_to(request.user)
    services = (
        organisation.services.filter(status=Service.ACTIVE)
        .prefetch_related("categories", "target_groups", "languages", "areas")
        .prefetch_related(
            Prefetch("service_at_locations__location", queryset=Location.objects.all())
        )
    )
    locations = list(organisation.locations.all())
    return render(
        request,
        "network/organisation_detail.html",
        {
            "organisation": organisation,
            "services": services,
            "locations": locations,
            "show_contacts": show_contacts,
            "phones": organisation.phones.all() if show_contacts else [],
            "contacts": organisation.contacts.all() if show_contacts else [],
            "json_ld": organisation_json_ld(organisation, show_contacts),
            "map_points": [
                {
                    "place": loc.city,
                    "lat": loc.position_for(show_contacts)[0],
                    "lon": loc.position_for(show_contacts)[1],
                    "items": [
                        {
                            "name": organisation.name,
                            "place": ", ".join(part for part in (loc.name, loc.city) if part),
                            "url": "",
                        }
                    ],
                }
                for loc in locations
                if loc.has_coordinates
            ],
            "has_contact_details": has_contact_details(organisation, locations),
            "can_edit": can_edit_organisation(request.user, organisation),
            "can_invite": can_invite(request.user, organisation),
            "is_member": is_member(request.user),
        },
    )
