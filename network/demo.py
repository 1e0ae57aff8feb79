"""Demo content for the directory: organisations named in the network's plans, described in
general terms, with their services, places and the vocabularies. Creates what is missing, never
overwrites. Real organisations get no invented phone numbers or e-mail addresses."""

import datetime

from django.utils import timezone

from network.models import Event, Language, Location, Organisation, Service, TaxonomyTerm

CATEGORIES = [
    ("juridische-hulp", "Juridische hulp"),
    ("opvang", "Opvang"),
    ("medische-zorg", "Medische zorg"),
    ("psychosociale-hulp", "Psychosociale hulp en trauma"),
    ("dagbesteding", "Dagbesteding en activiteiten"),
    ("onderwijs", "Onderwijs en taalles"),
    ("toekomstorientatie", "Terugkeer en toekomstoriëntatie"),
    ("belangenbehartiging", "Belangenbehartiging"),
]
TARGET_GROUPS = [
    ("ex-asielzoekers", "Uitgeprocedeerde asielzoekers"),
    ("dublin-jongeren", "Minderjarigen en jongvolwassenen met een Dublinclaim"),
    ("medisch-kwetsbaar", "Medisch kwetsbare mensen"),
    ("mensenhandel", "Slachtoffers van mensenhandel"),
    ("lhbti", "LHBTI-personen"),
    ("staatlozen", "Staatlozen en mensen met nationaliteit onbekend"),
    ("surinaamse-oud-nederlanders", "Surinaamse oud-Nederlanders"),
    ("jongeren-onderwijs", "Jongeren die onderwijs zoeken"),
]
TOPICS = [
    ("dublin", "Dublin"),
    ("staatloosheid", "Staatloosheid"),
    ("medische-gronden", "Verblijf op medische gronden"),
    ("artikel-64", "Artikel 64 Vw 2000"),
    ("herhaalde-asielaanvraag", "Herhaalde asielaanvraag"),
    ("opvang-bbb", "Opvang en BBB"),
    ("onderwijs", "Onderwijs voor jongeren zonder verblijfsvergunning"),
    ("mensenhandel", "Mensenhandel"),
    ("terugkeer", "Terugkeer en toekomstoriëntatie"),
]
LANGUAGES = [
    ("nl", "Nederlands"),
    ("en", "Engels"),
    ("fr", "Frans"),
    ("ar", "Arabisch"),
    ("fa", "Perzisch"),
    ("ti", "Tigrinya"),
    ("so", "Somalisch"),
    ("es", "Spaans"),
]
# City centres, so the map has a point per place; no street addresses are claimed.
CITIES = {
    "Amsterdam": ("noord-holland", 52.3728, 4.8936),
    "Utrecht": ("utrecht", 52.0907, 5.1214),
    "Eindhoven": ("noord-brabant", 51.4416, 5.4697),
    "Groningen": ("groningen", 53.2194, 6.5665),
}
MEMBER_SINCE = datetime.date(2020, 1, 1)

ORGANISATIONS = [
    {
        "key": "askv",
        "name": "ASKV / Steunpunt Vluchtelingen",
        "alternate_name": "ASKV",
        "type": "ngo",
        "website": "https://www.askv.nl",
        "member": True,
        "cities": ["Amsterdam"],
        "description": (
            "<p>Amsterdamse organisatie die mensen zonder verblijfsvergunning juridisch, sociaal "
            "en medisch ondersteunt. Naast begeleiding biedt ASKV activiteiten en projecten die "
            "mensen helpen hun toekomst vorm te geven. ASKV is de thuisbasis van het Expertise "
            "Netwerk Ongedocumenteerden.</p>"
        ),
        "services": [
            {
                "name": "Juridische begeleiding",
                "description": (
                    "<p>Onderzoek naar nieuwe mogelijkheden voor verblijf, zoals een herhaalde "
                    "asielaanvraag of een aanvraag op medische gronden, samen met advocaten.</p>"
                ),
                "categories": ["juridische-hulp"],
                "target_groups": ["ex-asielzoekers", "staatlozen"],
                "languages": ["nl", "en", "fr", "ar"],
            },
            {
                "name": "Activiteiten en cursussen",
                "description": "<p>Lessen, workshops en ontmoeting voor deelnemers van ASKV.</p>",
                "categories": ["dagbesteding", "onderwijs"],
                "target_groups": ["ex-asielzoekers"],
                "languages": ["nl", "en"],
            },
        ],
    },
    {
        "key": "askv-moo",
        "name": "ASKV Medische Opvang Ongedocumenteerden",
        "alternate_name": "MOO",
        "type": "shelter",
        "member": True,
        "cities": ["Amsterdam"],
        "description": (
            "<p>Opvang voor mensen zonder verblijfsvergunning met ernstige medische problemen. "
            "MOO-Basis biedt 60 plaatsen, MOO-Intensief 20 plaatsen voor wie meer zorg nodig "
            "heeft.</p>"
        ),
        "services": [
            {
                "name": "MOO-Basis",
                "description": "<p>Medische opvang met begeleiding, 60 plaatsen.</p>",
                "categories": ["opvang", "medische-zorg"],
                "target_groups": ["medisch-kwetsbaar"],
                "eligibility": "Na verwijzing en medische beoordeling.",
            },
            {
                "name": "MOO-Intensief",
                "description": "<p>Opvang met intensievere zorg, 20 plaatsen.</p>",
                "categories": ["opvang", "medische-zorg"],
                "target_groups": ["medisch-kwetsbaar"],
                "eligibility": "Na verwijzing en medische beoordeling.",
            },
        ],
    },
    {
        "key": "vwn",
        "name": "VluchtelingenWerk Nederland",
        "type": "ngo",
        "website": "https://www.vluchtelingenwerk.nl",
        "member": True,
        "cities": ["Amsterdam", "Utrecht", "Eindhoven", "Groningen"],
        "area": "heel Nederland",
        "description": (
            "<p>Landelijke organisatie die vluchtelingen en asielzoekers bijstaat tijdens en na "
            "de asielprocedure, met lokale teams door het hele land.</p>"
        ),
        "services": [
            {
                "name": "Steun bij de asielprocedure",
                "description": "<p>Uitleg, voorbereiding en begeleiding tijdens de procedure.</p>",
                "categories": ["juridische-hulp"],
                "target_groups": ["ex-asielzoekers", "dublin-jongeren"],
                "languages": ["nl", "en", "ar", "ti"],
            }
        ],
    },
    {
        "key": "hvo-querido",
        "name": "HVO Querido",
        "type": "shelter",
        "website": "https://www.hvoquerido.nl",
        "member": True,
        "cities": ["Amsterdam"],
        "description": (
            "<p>Amsterdamse organisatie voor maatschappelijke opvang en begeleid wonen, die ook "
            "opvang voor ongedocumenteerden verzorgt.</p>"
        ),
        "services": [
            {
                "name": "Opvang voor ongedocumenteerden",
                "description": "<p>Opvang met begeleiding bij het werken aan een perspectief.</p>",
                "categories": ["opvang"],
                "target_groups": ["ex-asielzoekers"],
            }
        ],
    },
    {
        "key": "leger-des-heils",
        "name": "Leger des Heils",
        "type": "church",
        "website": "https://www.legerdesheils.nl",
        "member": True,
        "cities": ["Amsterdam", "Utrecht"],
        "description": (
            "<p>Kerkgenootschap en hulpverleningsorganisatie met opvang, maaltijden en "
            "begeleiding voor mensen die tussen wal en schip vallen.</p>"
        ),
        "services": [
            {
                "name": "Nachtopvang",
                "description": "<p>Een slaapplaats voor de nacht, met maaltijd en douche.</p>",
                "categories": ["opvang"],
                "target_groups": ["ex-asielzoekers"],
            }
        ],
    },
    {
        "key": "dokters-van-de-wereld",
        "name": "Dokters van de Wereld",
        "type": "medical",
        "website": "https://doktersvandewereld.org",
        "member": True,
        "cities": ["Amsterdam"],
        "area": "heel Nederland",
        "description": (
            "<p>Medische hulporganisatie die mensen zonder toegang tot de reguliere zorg helpt "
            "de weg naar een huisarts en andere zorg te vinden.</p>"
        ),
        "services": [
            {
                "name": "Medisch spreekuur en zorgtoeleiding",
                "description": (
                    "<p>Spreekuur met vrijwillige artsen en hulp bij het vinden van een "
                    "huisarts.</p>"
                ),
                "categories": ["medische-zorg"],
                "target_groups": ["medisch-kwetsbaar", "ex-asielzoekers"],
                "languages": ["nl", "en", "fr", "es"],
            }
        ],
    },
    {
        "key": "wereldhuis",
        "name": "Wereldhuis",
        "alternate_name": "Diaconie Amsterdam",
        "type": "church",
        "member": True,
        "cities": ["Amsterdam"],
        "description": (
            "<p>Ontmoetingsplek van de Diaconie in Amsterdam met advies, taallessen en "
            "cursussen voor mensen zonder verblijfsvergunning.</p>"
        ),
        "services": [
            {
                "name": "Taallessen en cursussen",
                "description": "<p>Nederlandse en Engelse les en praktische cursussen.</p>",
                "categories": ["onderwijs", "dagbesteding"],
                "target_groups": ["ex-asielzoekers", "jongeren-onderwijs"],
                "languages": ["nl", "en", "es"],
            },
            {
                "name": "Advies en doorverwijzing",
                "description": "<p>Vragen over recht, zorg en opvang, en een warme verwijzing.</p>",
                "categories": ["juridische-hulp"],
                "target_groups": ["ex-asielzoekers"],
            },
        ],
    },
    {
        "key": "stateless-rights-collective",
        "name": "Stateless Rights Collective",
        "type": "self_organisation",
        "member": True,
        "cities": ["Amsterdam"],
        "area": "heel Nederland",
        "description": (
            "<p>Zelforganisatie van en voor staatloze mensen die opkomt voor toegang tot de "
            "vaststellingsprocedure staatloosheid en voor een verblijfsrecht na erkenning.</p>"
        ),
        "services": [
            {
                "name": "Lotgenotencontact en belangenbehartiging",
                "description": "<p>Ontmoeting, voorlichting en gezamenlijke lobby.</p>",
                "categories": ["belangenbehartiging"],
                "target_groups": ["staatlozen"],
                "languages": ["en", "ar", "ru"],
            }
        ],
    },
    {
        "key": "vreemdelingenloket",
        "name": "Vreemdelingenloket Amsterdam",
        "type": "municipality",
        "member": False,
        "cities": ["Amsterdam"],
        "description": (
            "<p>Loket van de gemeente Amsterdam voor ongedocumenteerden die opvang of "
            "ondersteuning zoeken; van hieruit begint de screening.</p>"
        ),
        "services": [
            {
                "name": "Aanmelding en screening",
                "description": "<p>Intake en screening voor de Amsterdamse opvang.</p>",
                "categories": ["opvang"],
                "target_groups": ["ex-asielzoekers", "medisch-kwetsbaar"],
            }
        ],
    },
    {
        "key": "amsterdam-city-rights",
        "name": "Amsterdam City Rights",
        "type": "ngo",
        "member": True,
        "cities": ["Amsterdam"],
        "description": (
            "<p>Initiatief dat zich inzet voor de toegang van ongedocumenteerde Amsterdammers "
            "tot basisrechten in de stad.</p>"
        ),
        "services": [
            {
                "name": "Stedelijke belangenbehartiging",
                "description": "<p>Signaleren, agenderen en samenwerken met de gemeente.</p>",
                "categories": ["belangenbehartiging"],
                "target_groups": ["ex-asielzoekers"],
            }
        ],
    },
    {
        "key": "we-are-here-supporters",
        "name": "We Are Here supportersgroep",
        "type": "self_organisation",
        "member": True,
        "cities": ["Amsterdam"],
        "description": (
            "<p>Vrijwilligers die de groep We Are Here ondersteunen met praktische hulp, "
            "activiteiten en aandacht voor hun situatie.</p>"
        ),
        "services": [
            {
                "name": "Praktische steun",
                "description": "<p>Hulp bij dagelijkse zaken en contact met hulpverleners.</p>",
                "categories": ["dagbesteding", "belangenbehartiging"],
                "target_groups": ["ex-asielzoekers"],
            }
        ],
    },
    {
        "key": "arq",
        "name": "ARQ Nationaal Psychotrauma Centrum",
        "type": "medical",
        "member": False,
        "cities": [],
        "area": "heel Nederland",
        "description": (
            "<p>Kenniscentrum en zorgaanbieder op het gebied van psychotrauma, onder meer voor "
            "vluchtelingen.</p>"
        ),
        "services": [
            {
                "name": "Kennis over psychotrauma",
                "description": "<p>Trainingen en advies voor hulpverleners.</p>",
                "categories": ["psychosociale-hulp"],
                "target_groups": ["medisch-kwetsbaar"],
            }
        ],
    },
    {
        "key": "ctp-veldzicht",
        "name": "CTP Veldzicht",
        "type": "medical",
        "member": False,
        "cities": [],
        "area": "heel Nederland",
        "description": (
            "<p>Centrum voor transculturele psychiatrie met een kleine afdeling (15 plaatsen) "
            "voor mensen met ernstige psychiatrische problemen en trauma.</p>"
        ),
        "services": [
            {
                "name": "Transculturele psychiatrie",
                "description": "<p>Klinische behandeling, 15 plaatsen.</p>",
                "categories": ["psychosociale-hulp", "medische-zorg"],
                "target_groups": ["medisch-kwetsbaar"],
            }
        ],
    },
]


def _terms(vocabulary, items):
    created = 0
    for code, name in items:
        _term, made = TaxonomyTerm.objects.get_or_create(
            vocabulary=vocabulary,
            code=code,
            defaults={"name": name, "hsds_id": f"eno-{vocabulary}-{code}"},
        )
        created += made
    return created


def load_vocabularies() -> int:
    created = _terms(TaxonomyTerm.CATEGORY, CATEGORIES)
    created += _terms(TaxonomyTerm.TARGET_GROUP, TARGET_GROUPS)
    created += _terms(TaxonomyTerm.TOPIC, TOPICS)
    for code, name in [*LANGUAGES, ("ru", "Russisch")]:
        _lang, made = Language.objects.get_or_create(code=code, defaults={"name": name})
        created += made
    return created


def load_network(stdout=None) -> dict:
    counts = {"vocabulary terms": load_vocabularies(), "organisations": 0, "services": 0}
    for spec in ORGANISATIONS:
        hsds_id = f"eno-demo-{spec['key']}"
        if Organisation.objects.filter(hsds_id=hsds_id).exists():
            continue
        org = Organisation.objects.create(
            hsds_id=hsds_id,
            name=spec["name"],
            alternate_name=spec.get("alternate_name", ""),
            description=spec["description"],
            organisation_type=spec["type"],
            website=spec.get("website", ""),
            member_since=MEMBER_SINCE if spec["member"] else None,
        )
        counts["organisations"] += 1
        locations = []
        for city in spec["cities"]:
            province, lat, lon = CITIES[city]
            locations.append(
                Location.objects.create(
                    hsds_id=f"{hsds_id}-{city.lower()}",
                    organisation=org,
                    name=city if len(spec["cities"]) > 1 else "",
                    city=city,
                    province=province,
                    latitude=lat,
                    longitude=lon,
                )
            )
        for index, item in enumerate(spec["services"], start=1):
            service = Service.objects.create(
                hsds_id=f"{hsds_id}-service-{index}",
                organisation=org,
                name=item["name"],
                description=item["description"],
                eligibility=item.get("eligibility", ""),
            )
            service.categories.set(
                TaxonomyTerm.objects.filter(
                    vocabulary=TaxonomyTerm.CATEGORY, code__in=item["categories"]
                )
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
            if spec.get("area"):
                service.areas.create(hsds_id=f"{service.hsds_id}-area", name=spec["area"])
            service.save()
            counts["services"] += 1
    counts["events"] = load_events()
    if stdout is not None:
        stdout.write(
            f"  network: {counts['organisations']} organisations, {counts['services']} services,"
            f" {counts['events']} events"
        )
    return counts


EVENTS = [
    {
        "slug": "landendag-eritrea",
        "title": "Landendag Eritrea",
        "kind": "country_day",
        "days": 21,
        "hours": (10, 16),
        "city": "Utrecht",
        "location_name": "Vergaderlocatie in Utrecht (volgt bij aanmelding)",
        "audience": Event.MEMBERS,
        "capacity": 40,
        "description": (
            "<p>Een dag over de situatie in Eritrea: dienstplicht, documenten, terugkeer en wat "
            "dat betekent voor een herhaalde asielaanvraag. Met bijdragen van de "
            "landenconsulenten en ruimte voor casuïstiek uit het netwerk.</p>"
        ),
    },
    {
        "slug": "training-mets",
        "title": "Training METS: werken met mensen met trauma",
        "kind": "training",
        "days": 35,
        "hours": (13, 17),
        "city": "Amsterdam",
        "location_name": "Amsterdam",
        "audience": Event.MEMBERS,
        "capacity": 20,
        "description": (
            "<p>Praktische training voor medewerkers en vrijwilligers: signalen van trauma "
            "herkennen, het gesprek voeren en goed doorverwijzen.</p>"
        ),
    },
    {
        "slug": "themabijeenkomst-onderwijs",
        "title": "Themabijeenkomst: toegang tot mbo en hbo",
        "kind": "theme_meeting",
        "days": 49,
        "hours": (15, 17),
        "online": True,
        "audience": Event.PUBLIC,
        "capacity": None,
        "description": (
            "<p>Online bijeenkomst over jongeren zonder verblijfsvergunning die een opleiding "
            "willen volgen: wat kan nu al, waar lopen scholen en studenten tegenaan en wat "
            "vraagt het netwerk van de politiek?</p>"
        ),
    },
    {
        "slug": "themabijeenkomst-staatloosheid",
        "title": "Themabijeenkomst: de vaststellingsprocedure staatloosheid",
        "kind": "theme_meeting",
        "days": -40,
        "hours": (14, 16),
        "city": "Amsterdam",
        "location_name": "Amsterdam",
        "audience": Event.PUBLIC,
        "capacity": 60,
        "description": (
            "<p>Terugblik op de eerste ervaringen met de procedure om staatloosheid vast te "
            "laten stellen, en wat er daarna nog ontbreekt aan verblijfsrecht.</p>"
        ),
    },
]


def load_events() -> int:
    created = 0
    today = timezone.localdate()
    for spec in EVENTS:
        if Event.objects.filter(slug=spec["slug"]).exists():
            continue
        day = today + datetime.timedelta(days=spec["days"])
        start_hour, end_hour = spec["hours"]
        Event.objects.create(
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
            capacity=spec["capacity"],
            organiser=Organisation.objects.filter(hsds_id="eno-demo-askv").first(),
        )
        created += 1
    return created


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
