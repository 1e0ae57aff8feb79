"""Where is a Dutch place, and how far are the directory's organisations from it.

Places come from network/geodata/nl_places.csv (GeoNames cities1000, see the README beside it),
read once per process, so "in de buurt" needs no network at run time. A postcode is placed by
the addresses in the directory that share its four digits, the only postcode coordinates we
have. Distances are great-circle distances (haversine), computed in Python after a bounding
box in SQL, so they work the same on SQLite and PostgreSQL."""

import csv
import math
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from django.db.models import Avg

PLACES_FILE = Path(__file__).resolve().parent / "geodata" / "nl_places.csv"
EARTH_RADIUS_KM = 6371.0088
PC4_RE = re.compile(r"^\s*([1-9]\d{3})\s*(?:[A-Za-z]{2})?\s*$")

# Names that Dutch speakers use for places that GeoNames' file names otherwise (in English, or
# by their official name only): normalised name -> (name in the file, name to show).
ALTERNATE_NAMES = {
    "den haag": ("The Hague", "Den Haag"),
    "s gravenhage": ("The Hague", "'s-Gravenhage"),
    "the hague": ("The Hague", "Den Haag"),
    "den bosch": ("'s-Hertogenbosch", "Den Bosch"),
}


@dataclass(frozen=True)
class Place:
    name: str  # as the page shows it
    province: str
    latitude: float
    longitude: float


def normalise_name(text: str) -> str:
    """Lower case without accents, hyphens or apostrophes: "Súdwest-Fryslân" and "sudwest
    fryslan", "'s-Hertogenbosch" and "s hertogenbosch" are the same place."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


@cache
def _places() -> tuple[dict, dict]:
    """Places by normalised name, and by normalised municipality name."""
    by_name: dict[str, list[Place]] = {}
    by_municipality: dict[str, list[Place]] = {}
    with PLACES_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            place = Place(
                row["name"], row["province"], float(row["latitude"]), float(row["longitude"])
            )
            by_name.setdefault(normalise_name(row["name"]), []).append(place)
            if row["municipality"]:
                by_municipality.setdefault(normalise_name(row["municipality"]), []).append(place)
    return by_name, by_municipality


@cache
def _municipality_names() -> dict[str, str]:
    with PLACES_FILE.open(encoding="utf-8", newline="") as handle:
        return {
            normalise_name(row["municipality"]): row["municipality"]
            for row in csv.DictReader(handle)
        }


def find_place(text: str, member: bool = False) -> Place | None:
    """The place a visitor means by a place name, a municipality or a postcode; None when we
    do not know it. member: whether the visitor may see every organisation's address (a
    postcode is placed by the directory's own addresses)."""
    if PC4_RE.match(text or ""):
        return _postcode_area(PC4_RE.match(text).group(1), member)
    key = normalise_name(text)
    if not key:
        return None
    by_name, by_municipality = _places()
    shown = None
    if key in ALTERNATE_NAMES:
        file_name, shown = ALTERNATE_NAMES[key]
        key = normalise_name(file_name)
    candidates = by_name.get(key)
    if candidates:
        # Two places of one name (Hengelo in Overijssel and in Gelderland): the one that gives
        # its name to its municipality is the one people mean first.
        main = [p for p in candidates if p in by_municipality.get(key, [])]
        place = (main or candidates)[0]
        return replace(place, name=shown) if shown else place
    in_municipality = by_municipality.get(key)
    if in_municipality:
        # A municipality ("Almere", "Súdwest-Fryslân"): its main place, under the name typed.
        main = [p for p in in_municipality if normalise_name(p.name).startswith(key)]
        typed = " ".join(text.split())
        shown = typed if typed != typed.lower() else _municipality_names()[key]
        return replace((main or in_municipality)[0], name=shown)
    return None


def _postcode_area(digits: str, member: bool = False) -> Place | None:
    from network.models import Location, Organisation

    locations = Location.objects.filter(
        country="NL",
        postcode__startswith=digits,
        latitude__isnull=False,
        longitude__isnull=False,
        organisation__is_active=True,
    )
    if not member:
        # The point would be a members-only organisation's address itself, and whether a
        # postcode can be placed at all would tell where such addresses are.
        locations = locations.filter(organisation__contact_visibility=Organisation.PUBLIC)
    found = locations.aggregate(lat=Avg("latitude"), lon=Avg("longitude"))
    if found["lat"] is None:
        return None
    return Place(digits, "", found["lat"], found["lon"])


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def within_radius(place: Place, radius_km: float, latitude: float, longitude: float) -> bool:
    return haversine_km(place.latitude, place.longitude, latitude, longitude) <= radius_km


def nearest_first(organisations, place: Place, radius_km: float, member: bool = False) -> list:
    """The organisations with a location within radius_km of place, nearest first, each with
    `distance_km` (to its nearest location) and `nearest_location` set. A distance is measured
    from the position the visitor may see (Location.position_for): exact distances from a few
    places would pin down an address the map only shows to about a kilometre."""
    from network.models import Location, Organisation

    # A bounding box narrows the rows in SQL; the circle inside it is drawn in Python. The box
    # is a little wider than the circle, as a shown position may be rounded.
    dlat = radius_km / 111.0 + 0.01
    dlon = radius_km / max(1.0, 111.320 * math.cos(math.radians(place.latitude))) + 0.01
    locations = Location.objects.filter(
        organisation__in=organisations.values("pk"),
        latitude__range=(place.latitude - dlat, place.latitude + dlat),
        longitude__range=(place.longitude - dlon, place.longitude + dlon),
    ).select_related("organisation")
    best: dict[int, tuple[float, object]] = {}
    for loc in locations:
        show_address = member or loc.organisation.contact_visibility == Organisation.PUBLIC
        latitude, longitude = loc.position_for(show_address)
        distance = haversine_km(place.latitude, place.longitude, latitude, longitude)
        if distance <= radius_km and (
            loc.organisation_id not in best or distance < best[loc.organisation_id][0]
        ):
            best[loc.organisation_id] = (distance, loc)
    found = list(organisations.filter(pk__in=best.keys()))
    for org in found:
        org.distance_km, org.nearest_location = best[org.pk]
    found.sort(key=lambda org: (org.distance_km, org.name))
    return found
