"""The public directory of organisations: a filtered list that works without JavaScript, a map
on top of it for browsers that run Leaflet, and a page per organisation."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.html import strip_tags
from django.views.decorators.http import require_GET

from network.forms import DirectoryFilterForm
from network.membership import can_edit_organisation, can_invite
from network.models import Location, Organisation, Service
from portal.access import is_member, request_is_member
from portal.pagination import paginate
from portal.safejson import dumps_for_html


def map_points(organisations):
    """Public data only: name, place and link. Contact details never go onto the map."""
    locations = (
        Location.objects.filter(
            organisation__in=organisations, latitude__isnull=False, longitude__isnull=False
        )
        .select_related("organisation")
        .order_by("organisation__name")[:2000]
    )
    return [
        {
            "name": loc.organisation.name,
            "place": ", ".join(part for part in (loc.name, loc.city) if part),
            "url": loc.organisation.get_absolute_url(),
            "lat": round(loc.latitude, 6),
            "lon": round(loc.longitude, 6),
        }
        for loc in locations
    ]


@require_GET
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    data = form.values()
    organisations = form.apply(
        Organisation.objects.active(), data, member=request_is_member(request)
    ).prefetch_related("locations")
    page = paginate(request, organisations)
    return render(
        request,
        "network/directory.html",
        {
            "form": form,
            "page_obj": page,
            "organisations": page.object_list,
            "total": page.paginator.count,
            "map_points": map_points(organisations),
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
    for address in addresses:
        for key in [k for k, v in address.items() if not v]:
            del address[key]
    if addresses:
        data["address"] = addresses[0] if len(addresses) == 1 else addresses
    # Only public contact details go into machine-readable data, whoever is looking: the
    # markup is made for search engines.
    if show_contacts and organisation.contact_visibility == Organisation.PUBLIC:
        if organisation.email:
            data["email"] = organisation.email
        phones = [p.number for p in organisation.phones.all()]
        if phones:
            data["telephone"] = phones[0]
    return dumps_for_html(data)


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
                    "name": organisation.name,
                    "place": str(loc),
                    "url": "",
                    "lat": loc.latitude,
                    "lon": loc.longitude,
                }
                for loc in locations
                if loc.has_coordinates
            ],
            "can_edit": can_edit_organisation(request.user, organisation),
            "can_invite": can_invite(request.user, organisation),
            "is_member": is_member(request.user),
        },
    )
