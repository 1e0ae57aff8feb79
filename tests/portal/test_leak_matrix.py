"""The leak matrix (issue 10): every kind of restricted content, each with a marker of its own,
asked for through every channel by an anonymous visitor, a signed-in non-member and a member.

- A marker never reaches the anonymous visitor or the non-member, on any channel.
- The member finds it wherever the channel shows that kind of content, and never where the
  channel is public by design (feeds, sitemap, JSON-LD, the public HSDS export).
- A page restricted to another group (the editors) is hidden from all three.
- The address of restricted content answers exactly as an unknown address of the same shape, so
  no status code and no page tells an outsider that something exists.

The world of content and the three visitors are made once for the module, inside a transaction
rolled back at its end, and the content is indexed with `rebuild_search_index`; each test runs in
a savepoint of its own. The search questions ask for a word next to each marker (PROBES), so a
query echoed on the page is never mistaken for a leak."""

import csv
import datetime
import io
import json
import re
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    Site,
)

from network.hsds.exporter import export_package
from network.models import Event, Organisation
from portal.access import MEMBERS_GROUP
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    CaseLawIndexPageFactory,
    CaseLawPageFactory,
    ContactFactory,
    CountryIndexPageFactory,
    CountryPageFactory,
    EventFactory,
    ExpertFactory,
    HomePageFactory,
    LegalAreaFactory,
    OrganisationFactory,
    ProtocolIndexPageFactory,
    ProtocolPageFactory,
    TopicFactory,
    UserFactory,
)

# One marker per kind of restricted content: a single word (letters and digits only), so that it
# survives slugs, search tokenising, highlighting and JSON, and no marker contains another.
MARKERS = {
    "ruling": "LEKMATRIXRULING91C3",
    "article": "LEKMATRIXARTICLE52D8",
    "protocol": "LEKMATRIXPROTOCOL0E4B",
    "country": "LEKMATRIXCOUNTRY7A16",
    "country_section": "LEKMATRIXSECTION3B95",
    "annotation": "LEKMATRIXANNOTATION6F20",
    "section_page": "LEKMATRIXSECTIONPAGE84CA",
    "document": "LEKMATRIXDOCUMENT1D77",
    "event": "LEKMATRIXEVENT2E90",
    "contacts": "LEKMATRIXCONTACT5B31",
    "expert": "LEKMATRIXEXPERT9F02",
    "editors": "LEKMATRIXREDACTIE4A68",
}
KINDS = frozenset(MARKERS)
M = MARKERS

# Search asks for a word next to the marker, never the marker itself: search pages echo the
# query, and an echo is not a leak. Each kind has a word of its own.
PROBES = {
    "ruling": "kolibrie",
    "article": "albatros",
    "protocol": "flamingo",
    "country": "pinguin",
    "country_section": "toekan",
    "annotation": "kasuaris",
    "section_page": "marabou",
    "event": "kwartel",
    "contacts": "ijsvogel",
    "expert": "zilverreiger",
    "editors": "lepelaar",
}
# A word in the public and the restricted content alike, for totals and facets.
COMMON_WORD = "gemeenschap"

RESTRICTED_ECLI = "ECLI:NL:GHLEK:1999:91"
UNKNOWN_ECLI = "ECLI:NL:GHLEK:1999:92"
EDITORS_ECLI = "ECLI:NL:RVS:2024:707"
UNKNOWN_EDITORS_ECLI = "ECLI:NL:RVS:2024:708"
ANNOTATED_ECLI = "ECLI:NL:RVS:2021:501"
RESTRICTED_YEAR = "1999"
SECRET_TOPIC = "geheim-onderwerp"  # used by restricted content only
SECRET_AREA = "geheim-rechtsgebied"
SECRET_TAG = "geheimlabel"

pytestmark = pytest.mark.django_db

# The member asks first: an answer cached for a member must not reach the others.
VIEWERS = ("member", "anonymous", "outsider")
NON_MEMBERS = ("anonymous", "outsider")


@dataclass
class World:
    pages: dict = field(default_factory=dict)
    sections: dict = field(default_factory=dict)
    document: object = None
    event: object = None
    expert: object = None
    organisation: object = None


def _restrict(page, group):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(group)


def _slug(kind: str, prefix: str) -> str:
    return f"{prefix}-{M[kind].lower()}"


def build_world() -> World:
    world = World()
    members, _ = Group.objects.get_or_create(name=MEMBERS_GROUP)
    editors = Group.objects.create(name="Redactie")

    home = HomePageFactory(parent=Page.get_first_root_node(), slug="portal")
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    sections = world.sections = {
        "countries": CountryIndexPageFactory(parent=home, slug="landeninformatie"),
        "caselaw": CaseLawIndexPageFactory(parent=home, slug="jurisprudentie"),
        "protocols": ProtocolIndexPageFactory(parent=home, slug="protocollen"),
        "articles": ArticleIndexPageFactory(parent=home, slug="artikelen"),
    }
    public_topic = TopicFactory(name="Opvang", slug="opvang")
    secret_topic = TopicFactory(name="Geheim onderwerp", slug=SECRET_TOPIC)
    public_area = LegalAreaFactory(name="Vreemdelingenrecht", slug="vreemdelingenrecht")
    secret_area = LegalAreaFactory(name="Geheim rechtsgebied", slug=SECRET_AREA)
    pages = world.pages

    # Countries: a public one with a members-only section, and a restricted one.
    pages["syria"] = CountryPageFactory(
        parent=sections["countries"],
        iso_code="SY",
        summary=f"<p>Openbare samenvatting, {COMMON_WORD}.</p>",
        topics=[public_topic],
        sections=[
            ("section", {"section": "security", "heading": "", "body": "<p>Openbaar deel.</p>"}),
            (
                "section",
                {
                    "section": "other",
                    "heading": "Uit het netwerk",
                    "body": f"<p>{PROBES['country_section']} {M['country_section']}</p>",
                    "members_only": True,
                },
            ),
        ],
    )
    pages["country"] = CountryPageFactory(
        parent=sections["countries"],
        iso_code="KP",
        name_nl=f"Noord-Korea {M['country']}",
        name_en="North Korea",
        slug=_slug("country", "noord-korea"),
        summary=f"<p>{PROBES['country']} {M['country']} {COMMON_WORD}</p>",
        topics=[secret_topic],
    )
    _restrict(pages["country"], members)

    # Case law: a public ruling with a members-only annotation, a public ruling about the
    # restricted country, a restricted ruling and one restricted to the editors. The last two
    # cite the first, so its "cited in" box is a channel too.
    pages["annotated"] = CaseLawPageFactory(
        parent=sections["caselaw"],
        ecli=ANNOTATED_ECLI,
        court="Raad van State",
        decision_date=datetime.date(2021, 4, 1),
        summary=f"<p>Openbare inhoudsindicatie, {COMMON_WORD}.</p>",
        annotation=f"<p>{PROBES['annotation']} {M['annotation']}</p>",
        annotation_members_only=True,
        topics=[public_topic],
        legal_areas=[public_area],
        countries=[pages["syria"]],
    )
    pages["about_restricted_country"] = CaseLawPageFactory(
        parent=sections["caselaw"],
        ecli="ECLI:NL:RVS:2022:88",
        court="Raad van State",
        decision_date=datetime.date(2022, 1, 5),
        summary=f"<p>Over Noord-Korea, {COMMON_WORD}.</p>",
        countries=[pages["country"]],
    )
    pages["ruling"] = CaseLawPageFactory(
        parent=sections["caselaw"],
        ecli=RESTRICTED_ECLI,
        court=f"Gerechtshof {M['ruling']}",
        court_code="GHLEK",
        title=f"Uitspraak {PROBES['ruling']} {M['ruling']}",
        slug=_slug("ruling", "uitspraak"),
        decision_date=datetime.date(1999, 3, 3),
        summary=(
            f"<p>{PROBES['ruling']} {M['ruling']} {COMMON_WORD}, anders dan {ANNOTATED_ECLI}.</p>"
        ),
        topics=[secret_topic],
        legal_areas=[secret_area],
        countries=[pages["syria"]],
        tags=[SECRET_TAG],
    )
    _restrict(pages["ruling"], members)
    pages["editors"] = CaseLawPageFactory(
        parent=sections["caselaw"],
        ecli=EDITORS_ECLI,
        court="Raad van State",
        title=f"Conceptuitspraak {PROBES['editors']} {M['editors']}",
        slug=_slug("editors", "concept"),
        decision_date=datetime.date(2024, 5, 1),
        summary=f"<p>{PROBES['editors']} {M['editors']} {COMMON_WORD}, zie {ANNOTATED_ECLI}.</p>",
        countries=[pages["syria"]],
        topics=[public_topic],
    )
    _restrict(pages["editors"], editors)
    for key in ("annotated", "ruling", "editors"):
        pages[key].save_revision().publish()  # publishing records the citations

    # Articles and protocols: one public, one restricted each.
    pages["public_article"] = ArticlePageFactory(
        parent=sections["articles"],
        title=f"Openbaar artikel {COMMON_WORD}",
        countries=[pages["country"]],
        topics=[public_topic],
    )
    pages["article"] = ArticlePageFactory(
        parent=sections["articles"],
        title=f"Artikel {PROBES['article']} {M['article']}",
        slug=_slug("article", "artikel"),
        intro=f"{PROBES['article']} {M['article']} {COMMON_WORD}",
        kind="analysis",
        date=datetime.date(1998, 2, 2),
        topics=[secret_topic],
        tags=[SECRET_TAG],
    )
    _restrict(pages["article"], members)
    pages["public_protocol"] = ProtocolPageFactory(
        parent=sections["protocols"],
        title=f"Openbare werkinstructie {COMMON_WORD}",
        topics=[public_topic],
    )
    pages["protocol"] = ProtocolPageFactory(
        parent=sections["protocols"],
        title=f"Werkinstructie {PROBES['protocol']} {M['protocol']}",
        slug=_slug("protocol", "werkinstructie"),
        intro=f"{PROBES['protocol']} {M['protocol']} {COMMON_WORD}",
        topics=[secret_topic],
        tags=[SECRET_TAG],
    )
    _restrict(pages["protocol"], members)

    # A whole section for members, in the menu, with a page that has no restriction of its own.
    pages["section_page"] = ProtocolIndexPageFactory(
        parent=home, title=f"Intern {M['section_page']}", slug=_slug("section_page", "intern")
    )
    _restrict(pages["section_page"], members)
    pages["section_child"] = ProtocolPageFactory(
        parent=pages["section_page"],
        title=f"Werkwijze {PROBES['section_page']} {M['section_page']}",
        slug=_slug("section_page", "werkwijze"),
        intro=f"{PROBES['section_page']} {M['section_page']} {COMMON_WORD}",
    )

    # A document in a collection for members.
    collection = Collection.get_first_root_node().add_child(name="Alleen voor leden")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(members)
    document = get_document_model()(title=f"Notitie {M['document']}", collection=collection)
    document.file.save("notitie.txt", ContentFile(M["document"].encode()), save=False)
    document.save()
    world.document = document

    # The network: a members-only event, members-only contact details, an expert.
    EventFactory(title=f"Openbare training {COMMON_WORD}", days=10)
    world.event = EventFactory(
        title=f"Intervisie {PROBES['event']} {M['event']}",
        description=f"<p>{PROBES['event']} {M['event']} {COMMON_WORD}</p>",
        audience=Event.MEMBERS,
        days=12,
    )
    public_org = OrganisationFactory(name="Steunpunt Open", email="info@open.example.org")
    world.organisation = OrganisationFactory(
        name="Steunpunt Besloten",
        description=f"Hulp bij opvang, {COMMON_WORD}.",
        contact_visibility=Organisation.MEMBERS,
        email=f"{M['contacts'].lower()}@example.org",
        # The street address and opening hours are contact details too.
        location__address_1=f"{M['contacts']}straat 4",
        location__opening_hours=f"{PROBES['contacts']} {M['contacts']} dinsdag",
    )
    ContactFactory(organisation=world.organisation, name=f"{PROBES['contacts']} {M['contacts']}")
    expert_user = UserFactory(username="deskundige")
    expert_user.groups.add(members)
    world.expert = ExpertFactory(
        user=expert_user,
        organisation=public_org,
        display_name=f"Deskundige {PROBES['expert']} {M['expert']}",
        expertise=f"{PROBES['expert']} {M['expert']} {COMMON_WORD}",
        topics=[public_topic],
        countries=["SY"],
    )

    call_command("rebuild_search_index", no_progress=True, stdout=io.StringIO())
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)
    # Wagtail caches the site's root path, the portal its pages and menus: the next module must
    # find none of this world there.
    for each in caches.all():
        each.clear()


@pytest.fixture(scope="module")
def viewers(world, django_db_blocker):
    """An anonymous visitor, a signed-in non-member and a member, as in tests/conftest.py's
    `clients`, but made once for the module: the matrix asks hundreds of questions."""
    with django_db_blocker.unblock():
        outsider = UserFactory(username="buiten")
        member = UserFactory(username="lid")
        member.groups.add(Group.objects.get(name=MEMBERS_GROUP))
        clients = {"anonymous": Client(), "outsider": Client(), "member": Client()}
        clients["outsider"].force_login(outsider)
        clients["member"].force_login(member)
    return clients


# --- reading answers --------------------------------------------------------------------------


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        raw = b"".join(response.streaming_content)
    else:
        raw = response.content
    # A redirect tells where it goes in a header: that is part of the answer.
    return raw.decode("utf-8", errors="replace") + "\n" + response.get("Location", "")


def echoes(url: str) -> list[str]:
    """How an address can come back in its own answer (a login link's next=, the language
    form): that echo is what the visitor asked, not what the portal told."""
    path = urlsplit(url).path
    return sorted({path, quote(path, safe="/"), quote(path, safe="")}, key=len, reverse=True)


def without_echoes(text: str, url: str, placeholder: str = "") -> str:
    for echo in echoes(url):
        text = text.replace(echo, placeholder)
    return text


def markers_in(text: str) -> set[str]:
    text = text.lower()
    return {kind for kind, marker in MARKERS.items() if marker.lower() in text}


def json_ld(text: str) -> str:
    return "\n".join(re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S))


def everything(text: str) -> str:
    return text


# --- the matrix -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Channel:
    """Where a visitor can read content: the addresses to ask (from the world), which kinds of
    restricted content a member must find there, and which a member must never find there."""

    name: str
    urls: object  # World -> list[str]
    member_sees: frozenset = frozenset()
    member_never: frozenset = frozenset({"editors"})
    extract: object = everything  # the part of the answer this channel is about


def channel(name, urls, sees=(), never=("editors",), extract=everything, menu=True):
    # Every HTML page carries the menu, which shows the members' section to members.
    sees = set(sees) | ({"section_page"} if menu else set())
    return pytest.param(Channel(name, urls, frozenset(sees), frozenset(never), extract), id=name)


PUBLIC_ONLY = tuple(KINDS)  # for channels that are public by design, whoever asks
NOT_FOUND = tuple(KINDS - {"section_page"})  # a 404 page, which has the menu


def page(key):
    return lambda w: [w.pages[key].url]


def listing(section, *queries):
    return lambda w: [w.sections[section].url + q for q in ("", *queries)]


def search(path, kinds):
    return lambda w: [f"{path}?q={PROBES[kind]}" for kind in kinds]


SEARCHABLE = (
    "ruling",
    "article",
    "protocol",
    "country",
    "country_section",
    "annotation",
    "section_page",
    "event",
    "contacts",
    "expert",
)
# Suggestions complete titles: the kinds whose own title holds the probe word.
SUGGESTED = ("ruling", "article", "protocol", "section_page", "event", "expert")

CHANNELS = [
    # Each page type, restricted.
    channel("restricted ruling", page("ruling"), {"ruling"}),
    channel("restricted article", page("article"), {"article"}),
    channel("restricted protocol", page("protocol"), {"protocol"}),
    channel("restricted country page", page("country"), {"country"}),
    channel("restricted section page", page("section_page"), {"section_page"}),
    channel("page in the restricted section", page("section_child"), {"section_page"}),
    channel("page restricted to the editors", page("editors"), menu=False),
    # Public pages that hold or point at restricted content.
    channel(
        "country page with a members-only section", page("syria"), {"country_section", "ruling"}
    ),
    channel("ruling with a members-only annotation", page("annotated"), {"annotation", "ruling"}),
    channel("ruling about the restricted country", page("about_restricted_country"), {"country"}),
    channel("article about the restricted country", page("public_article"), {"country"}),
    channel(
        "organisation with members-only contact details",
        lambda w: [w.organisation.get_absolute_url()],
        {"contacts"},
    ),
    channel("members-only event", lambda w: [w.event.get_absolute_url()], {"event"}),
    channel("expert profile", lambda w: [w.expert.get_absolute_url()], {"expert"}),
    # Lists, their filters and the options and labels of those filters.
    channel(
        "case-law list",
        listing(
            "caselaw",
            "?court=GHLEK",
            f"?year={RESTRICTED_YEAR}",
            f"?topic={SECRET_TOPIC}",
            f"?legal_area={SECRET_AREA}",
            f"?tag={SECRET_TAG}",
            "?country=SY",
            "?country=KP",
        ),
        {"ruling", "country"},
    ),
    channel(
        "article list",
        listing(
            "articles",
            "?kind=analysis",
            "?year=1998",
            f"?topic={SECRET_TOPIC}",
            f"?tag={SECRET_TAG}",
            "?country=KP",
        ),
        {"article", "country"},
    ),
    channel(
        "protocol list",
        listing("protocols", f"?topic={SECRET_TOPIC}", f"?tag={SECRET_TAG}"),
        {"protocol"},
    ),
    channel(
        "country list",
        listing("countries", "?q=Noord", "?q=KP", f"?topic={SECRET_TOPIC}", "?with_content=on"),
        {"country"},
    ),
    channel(
        "directory",
        lambda w: ["/organisaties/", "/organisaties/?q=besloten", "/organisaties/?city=Utrecht"],
    ),
    channel(
        "expert list",
        lambda w: ["/experts/", "/experts/?q=deskundige", "/experts/?country=SY"],
        {"expert"},
    ),
    channel("agenda", lambda w: ["/agenda/"], {"event"}),
    channel("agenda archive", lambda w: ["/agenda/archief/"]),
    channel("home", lambda w: ["/"], {"event"}),
    channel("menu", lambda w: ["/begrippen/", "/lid-worden/"]),
    # Search: the page, the JSON API and suggestions.
    channel("search page", search("/zoeken/", SEARCHABLE), SEARCHABLE),
    channel("search API", search("/api/search/", SEARCHABLE), SEARCHABLE, menu=False),
    channel("suggestions", search("/api/search/suggest/", SUGGESTED), SUGGESTED, menu=False),
    channel(
        "search facets and totals",
        lambda w: [
            f"/api/search/?q={COMMON_WORD}",
            f"/api/search/?q={COMMON_WORD}&page=2",
            f"/api/search/?topic={SECRET_TOPIC}",
            f"/api/search/?legal_area={SECRET_AREA}",
            "/api/search/?legal_area=Geheim%20rechtsgebied",
            f"/api/search/?tag={SECRET_TAG}",
            f"/api/search/?year_from={RESTRICTED_YEAR}&year_to={RESTRICTED_YEAR}",
            "/api/search/?type=expert",
            f"/zoeken/?q={COMMON_WORD}",
        ],
        {"ruling"},
        menu=False,
    ),
    # Redirects by ECLI.
    channel(
        "/ecli/ of the restricted ruling",
        lambda w: [f"/ecli/{RESTRICTED_ECLI}/"],
        {"ruling"},
        menu=False,
    ),
    channel(
        "/ecli/ lookup box", lambda w: [f"/ecli/?ecli={RESTRICTED_ECLI}"], {"ruling"}, menu=False
    ),
    channel("/ecli/ of the editors' ruling", lambda w: [f"/ecli/{EDITORS_ECLI}/"]),
    # Public by design: nothing restricted, whoever asks.
    channel(
        "feeds",
        lambda w: [
            "/jurisprudentie/feed/",
            f"/jurisprudentie/feed/onderwerp/{SECRET_TOPIC}/",
            "/jurisprudentie/feed/instantie/GHLEK/",
            "/artikelen/feed/",
        ],
        never=PUBLIC_ONLY,
        menu=False,
    ),
    channel("sitemap", lambda w: ["/sitemap.xml"], never=PUBLIC_ONLY, menu=False),
    channel("agenda iCal feed", lambda w: ["/agenda/agenda.ics"], never=PUBLIC_ONLY, menu=False),
    channel(
        "Wagtail API",
        lambda w: ["/api/v2/pages/", "/api/v2/documents/", "/api/v2/images/"],
        never=NOT_FOUND,
        menu=False,
    ),
    channel(
        "JSON-LD",
        lambda w: [
            w.pages["annotated"].url,
            w.pages["about_restricted_country"].url,
            w.organisation.get_absolute_url(),
            w.pages["ruling"].url,
        ],
        {"ruling"},  # the restricted ruling's own data, on its own page
        # Made for search engines: nothing anyone else may not read, whoever is looking.
        never=("editors", "annotation", "contacts", "country"),
        extract=json_ld,
        menu=False,
    ),
    # Files.
    channel(
        "members-only event in iCal",
        lambda w: [w.event.get_absolute_url() + "agenda.ics"],
        {"event"},
        menu=False,
    ),
    channel("private document", lambda w: [w.document.url], {"document"}, menu=False),
    channel(
        "media folder",
        lambda w: [f"/media/{w.document.file.name}"],
        never=NOT_FOUND,
        menu=False,
    ),
]


@pytest.mark.parametrize("channel", CHANNELS)
def test_markers_reach_members_only_and_only_where_the_channel_shows_them(channel, world, viewers):
    seen = {who: set() for who in VIEWERS}
    for url in channel.urls(world):
        for who in VIEWERS:
            response = viewers[who].get(url)
            assert response.status_code < 500, (who, url)
            text = channel.extract(without_echoes(body_of(response), url))
            seen[who] |= markers_in(text)
            if who in NON_MEMBERS:
                assert not markers_in(text), (who, url)
    assert not seen["member"] & channel.member_never, seen["member"]
    assert channel.member_sees <= seen["member"], sorted(channel.member_sees - seen["member"])


# --- restricted and unknown get the same answer ------------------------------------------------


def without_csrf(text: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


def answer(client, url: str, tokens=()) -> tuple[int, str]:
    """Status and body, with the address (and what names it, like an ECLI) taken out: those
    are what the visitor typed, the rest is what the portal says."""
    response = client.get(url)
    text = without_echoes(body_of(response), url, "<ADRES>")
    for token in tokens:
        for form in (token, quote(token, safe="")):
            text = text.replace(form, "<ADRES>")
    return response.status_code, without_csrf(text)


def other_slug(url: str) -> str:
    """The address of a sibling that does not exist."""
    head, _, _ = url.rstrip("/").rpartition("/")
    return f"{head}/bestaat-niet/"


@dataclass(frozen=True)
class Address:
    name: str
    urls: object  # World -> (restricted address, unknown address)
    tokens: tuple = ((), ())  # further echoes of each address
    hidden_from: tuple = NON_MEMBERS


def address(name, urls, tokens=((), ()), hidden_from=NON_MEMBERS):
    return pytest.param(Address(name, urls, tokens, hidden_from), id=name)


def page_address(key):
    return lambda w: (w.pages[key].url, other_slug(w.pages[key].url))


ADDRESSES = [
    address("restricted ruling", page_address("ruling")),
    address("restricted article", page_address("article")),
    address("restricted protocol", page_address("protocol")),
    address("restricted country page", page_address("country")),
    address("restricted section page", page_address("section_page")),
    address("page in the restricted section", page_address("section_child")),
    address("page restricted to the editors", page_address("editors"), hidden_from=VIEWERS),
    address(
        "/ecli/ of the restricted ruling",
        lambda w: (f"/ecli/{RESTRICTED_ECLI}/", f"/ecli/{UNKNOWN_ECLI}/"),
        tokens=((RESTRICTED_ECLI,), (UNKNOWN_ECLI,)),
    ),
    address(
        "/ecli/ lookup box",
        lambda w: (f"/ecli/?ecli={RESTRICTED_ECLI}", f"/ecli/?ecli={UNKNOWN_ECLI}"),
        tokens=((RESTRICTED_ECLI,), (UNKNOWN_ECLI,)),
    ),
    address(
        "/ecli/ of the editors' ruling",
        lambda w: (f"/ecli/{EDITORS_ECLI}/", f"/ecli/{UNKNOWN_EDITORS_ECLI}/"),
        tokens=((EDITORS_ECLI,), (UNKNOWN_EDITORS_ECLI,)),
        hidden_from=VIEWERS,
    ),
    address(
        "members-only event",
        lambda w: (w.event.get_absolute_url(), "/agenda/bestaat-niet/"),
    ),
    address(
        "members-only event in iCal",
        lambda w: (w.event.get_absolute_url() + "agenda.ics", "/agenda/bestaat-niet/agenda.ics"),
    ),
    address(
        "expert profile",
        lambda w: (w.expert.get_absolute_url(), f"/experts/{w.expert.pk + 10_000}/"),
    ),
    address(
        "private document",
        lambda w: (w.document.url, w.document.url.replace(f"/{w.document.pk}/", "/999999/")),
    ),
]


@pytest.mark.parametrize("address", ADDRESSES)
def test_restricted_addresses_answer_as_unknown_ones(address, world, viewers):
    restricted, unknown = address.urls(world)
    for who in address.hidden_from:
        client = viewers[who]
        restricted_answer = answer(client, restricted, address.tokens[0])
        assert restricted_answer == answer(client, unknown, address.tokens[1]), who
        assert restricted_answer[0] in (403, 404), (who, restricted_answer[0])
    if "member" not in address.hidden_from:
        # The member gets in: the address does lead somewhere.
        assert viewers["member"].get(restricted).status_code in (200, 302)


# --- counts and totals --------------------------------------------------------------------------


def listed(response) -> int:
    return response.context["items"].paginator.count


def events_listed(response) -> int:
    return response.context["page_obj"].paginator.count


def search_total(response) -> int:
    return response.json()["total"]


# (what, address, how to count, count for non-members, count for a member). The editors' ruling
# is in none: it is for neither audience.
COUNTS = [
    ("case law", "/jurisprudentie/", listed, 2, 3),
    ("case law by court", "/jurisprudentie/?court=GHLEK", listed, 0, 1),
    ("case law by year", f"/jurisprudentie/?year={RESTRICTED_YEAR}", listed, 0, 1),
    ("case law by topic", f"/jurisprudentie/?topic={SECRET_TOPIC}", listed, 0, 1),
    ("case law by legal area", f"/jurisprudentie/?legal_area={SECRET_AREA}", listed, 0, 1),
    ("case law by tag", f"/jurisprudentie/?tag={SECRET_TAG}", listed, 0, 1),
    ("case law by country", "/jurisprudentie/?country=SY", listed, 1, 2),
    ("articles", "/artikelen/", listed, 1, 2),
    ("articles by kind", "/artikelen/?kind=analysis", listed, 0, 1),
    ("articles by topic", f"/artikelen/?topic={SECRET_TOPIC}", listed, 0, 1),
    ("protocols", "/protocollen/", listed, 1, 2),
    ("protocols by tag", f"/protocollen/?tag={SECRET_TAG}", listed, 0, 1),
    ("countries", "/landeninformatie/", listed, 1, 2),
    ("countries by name", "/landeninformatie/?q=Noord", listed, 0, 1),
    ("agenda", "/agenda/", events_listed, 1, 2),
    *[
        (f"search total for {kind}", f"/api/search/?q={PROBES[kind]}", search_total, 0, None)
        for kind in SEARCHABLE
    ],
    ("search total for the editors", f"/api/search/?q={PROBES['editors']}", search_total, 0, 0),
    ("search total by topic", f"/api/search/?topic={SECRET_TOPIC}", search_total, 0, None),
    ("search total by tag", f"/api/search/?tag={SECRET_TAG}", search_total, 0, None),
    ("search total of experts", "/api/search/?type=expert", search_total, 0, 1),
]


@pytest.mark.parametrize(
    ("url", "count", "for_non_members", "for_members"),
    [pytest.param(*row[1:], id=row[0]) for row in COUNTS],
)
def test_counts_leave_out_what_the_viewer_may_not_see(
    url, count, for_non_members, for_members, world, viewers
):
    for who in NON_MEMBERS:
        assert count(viewers[who].get(url)) == for_non_members, who
    member_count = count(viewers["member"].get(url))
    if for_members is None:
        assert member_count >= 1  # the search index does hold the content
    else:
        assert member_count == for_members


def facet_values(response) -> set[tuple[str, str]]:
    facets = response.json()["facets"]
    return {(name, item["value"]) for name, items in facets.items() for item in items}


def test_facets_hold_only_values_of_content_the_viewer_may_see(world, viewers):
    # Facet values only the restricted content has (a legal area by its slug or its name).
    restricted_only = {
        "year": {RESTRICTED_YEAR},
        "topic": {SECRET_TOPIC},
        "legal_area": {SECRET_AREA, "Geheim rechtsgebied"},
        "tag": {SECRET_TAG},
        "court": {f"Gerechtshof {M['ruling']}"},
        "type": {"expert"},
    }

    def restricted_facets(response) -> set[str]:
        return {n for n, value in facet_values(response) if value in restricted_only.get(n, ())}

    url = f"/api/search/?q={COMMON_WORD}&per_page=100"
    answers = {who: viewers[who].get(url) for who in VIEWERS}
    for who in NON_MEMBERS:
        assert not restricted_facets(answers[who]), who
        assert facet_values(answers[who]), who  # the public content is there
        assert search_total(answers[who]) == search_total(answers["anonymous"])
    assert restricted_facets(answers["member"]) == set(restricted_only)
    assert search_total(answers["member"]) > search_total(answers["anonymous"])


# --- the HSDS export ------------------------------------------------------------------------------


def exported_text(directory) -> str:
    parts = []
    for path in sorted(directory.iterdir()):
        if path.suffix == ".csv":
            with path.open(encoding="utf-8", newline="") as handle:
                parts += [",".join(row) for row in csv.reader(handle)]
        else:
            parts.append(json.dumps(json.loads(path.read_text(encoding="utf-8"))))
    return "\n".join(parts)


def test_public_hsds_export_leaves_members_only_contact_details_out(world, tmp_path):
    """The export is a command, not a request: the public package is what anyone may download,
    the full one stays with the network."""
    export_package(tmp_path / "openbaar", public_only=True)
    export_package(tmp_path / "volledig")
    public = exported_text(tmp_path / "openbaar")
    assert "Steunpunt Besloten" in public
    assert not markers_in(public)
    assert markers_in(exported_text(tmp_path / "volledig")) == {"contacts"}
