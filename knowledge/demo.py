"""Demo content for the knowledge base, written in Dutch from the project's domain facts.
Every loader creates what is missing and leaves existing (possibly edited) content alone."""

from portal.demo import get_home

from .models import ArticleIndexPage, CaseLawIndexPage, CountryIndexPage, ProtocolIndexPage

SECTIONS = [
    (
        CountryIndexPage,
        "Landeninformatie",
        "landeninformatie",
        "Feiten per land van herkomst: veiligheid, medische zorg en medicijnen, documenten en "
        "terugkeer, opvang in Dublinlanden en staatloosheid.",
        "<p>Wie een ongedocumenteerde bijstaat, moet vaak snel weten hoe het land van herkomst "
        "ervoor staat. Kan iemand daar medische behandeling krijgen? Zijn de benodigde "
        "medicijnen verkrijgbaar? Geeft de ambassade reisdocumenten af? Hoe is de opvang "
        "geregeld in het land dat een Dublinclaim heeft gelegd?</p>"
        "<p>Per land vindt u een samenvatting met bronnen en de datum waarop de informatie "
        "voor het laatst is gecontroleerd. Leden lezen daarnaast de praktijkinformatie die "
        "landenconsulenten en collega-organisaties hebben verzameld.</p>",
    ),
    (
        CaseLawIndexPage,
        "Jurisprudentie",
        "jurisprudentie",
        "Uitspraken over vreemdelingenrecht, opvang, medische zorg en staatloosheid, te vinden "
        "op ECLI, instantie, datum, onderwerp en land.",
        "<p>Hier staan uitspraken van Nederlandse rechters die van belang zijn voor mensen "
        "zonder verblijfsvergunning: over herhaalde asielaanvragen, uitstel van vertrek op "
        "medische gronden (artikel 64 Vw 2000), Dublinoverdrachten, opvang en "
        "staatloosheid.</p>"
        "<p>Elke uitspraak is te vinden op haar ECLI-nummer en laat zien welke uitspraken zij "
        "aanhaalt en waar zij zelf wordt aangehaald. Leden lezen de annotaties van het "
        "kenniscentrum.</p>",
    ),
    (
        ProtocolIndexPage,
        "Protocollen",
        "protocollen",
        "Werkinstructies en handreikingen voor de praktijk, zoals de intake voor de "
        "24-uursopvang, stap voor stap te volgen.",
        "<p>Protocollen en handreikingen beschrijven hoe u een situatie stap voor stap "
        "aanpakt: van de intake en screening voor de opvang tot het voorbereiden van een "
        "aanvraag om uitstel van vertrek. Elk protocol vermeldt de versie, de eigenaar en "
        "wanneer het opnieuw wordt beoordeeld.</p>",
    ),
    (
        ArticleIndexPage,
        "Artikelen",
        "artikelen",
        "Nieuws, analyses, publicaties en standpunten van het netwerk en het kenniscentrum.",
        "<p>Het kenniscentrum volgt beleid en rechtspraak en schrijft over wat dat betekent "
        "voor de praktijk. Hier vindt u nieuws, analyses en de standpunten die het netwerk "
        "samen met partners uitdraagt, zoals de lobbypunten voor 2024–2027.</p>",
    ),
]


def load_sections(stdout=None) -> dict:
    home = get_home()
    created = 0
    for model, title, slug, intro, body in SECTIONS:
        if model.objects.exists():
            continue
        page = model(title=title, slug=slug, intro=intro, body=body, show_in_menus=True)
        home.add_child(instance=page)
        page.save_revision().publish()
        created += 1
    return {"section pages": created}


def load_vocabulary(stdout=None) -> dict:
    from django.utils.text import slugify

    from .demo_content import GLOSSARY, TOPICS
    from .models import GlossaryTerm, Topic

    topics = glossary = 0
    for name, slug, description in TOPICS:
        _topic, created = Topic.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
        topics += created
    for term, abbreviation, definition in GLOSSARY:
        _term, created = GlossaryTerm.objects.get_or_create(
            slug=slugify(term),
            defaults={"term": term, "abbreviation": abbreviation, "definition": definition},
        )
        glossary += created
    return {"topics": topics, "glossary terms": glossary}


def load_countries(stdout=None) -> dict:
    """Country pages with demo text; `manage.py load_countries` adds all other countries."""
    import datetime

    from django.utils import timezone
    from django.utils.text import slugify

    from .countries import dutch_name, english_name, lookup
    from .demo_content import COUNTRY_PAGES
    from .models import CountryIndexPage, CountryPage, Topic

    parent = CountryIndexPage.objects.get()
    created = 0
    today = timezone.localdate()
    for code, content in COUNTRY_PAGES.items():
        if CountryPage.objects.filter(iso_code=code).exists():
            continue
        country = lookup(code)
        name = dutch_name(country)
        page = CountryPage(
            title=name,
            slug=slugify(name),
            iso_code=code,
            name_nl=name,
            name_en=english_name(country),
            summary=content["summary"],
            sections=[
                (
                    "section",
                    {"section": key, "heading": heading, "body": body, "members_only": members},
                )
                for key, heading, body, members in content["sections"]
            ],
            sources=[
                (
                    "source",
                    {
                        "title": "Algemene ambtsberichten",
                        "publisher": "Ministerie van Buitenlandse Zaken",
                        "date": None,
                        "url": "https://www.rijksoverheid.nl/onderwerpen/asielbeleid",
                    },
                )
            ],
            last_reviewed=today - datetime.timedelta(days=40),
            review_due=today + datetime.timedelta(days=140),
        )
        parent.add_child(instance=page)
        page.topics.set(Topic.objects.filter(slug__in=content["topics"]))
        page.save_revision().publish()
        created += 1
    return {"country pages": created}


def load_protocols(stdout=None) -> dict:
    import datetime

    from django.utils import timezone

    from .demo_content import INTAKE_NODES
    from .models import ProtocolChange, ProtocolIndexPage, ProtocolPage, Topic

    if ProtocolPage.objects.filter(slug="intake-24-uursopvang").exists():
        return {"protocols": 0}
    parent = ProtocolIndexPage.objects.get()
    today = timezone.localdate()
    nodes = [
        {
            "node_id": node_id,
            "kind": kind,
            "text": text,
            "explanation": "",
            "yes_next": yes,
            "no_next": no,
        }
        for node_id, kind, text, yes, no in INTAKE_NODES
    ]
    page = ProtocolPage(
        title="Intake voor de 24-uursopvang",
        slug="intake-24-uursopvang",
        kind="protocol",
        intro=(
            "Met deze werkinstructie bepaalt het intaketeam of iemand in aanmerking komt voor de "
            "24-uursopvang, of waarheen iemand anders wordt verwezen. Volg de vragen in "
            "volgorde; bij twijfel beslist het multidisciplinaire team."
        ),
        version="2.1",
        effective_date=today - datetime.timedelta(days=200),
        responsible="Kenniscentrum ENO",
        audience="Intakemedewerkers en casemanagers van opvangorganisaties",
        body=[
            (
                "step",
                {
                    "title": "Voorbereiding",
                    "body": "<p>Zorg voor een tolk als dat nodig is en leg uit wat de intake "
                    "inhoudt. Vraag niet naar meer gegevens dan voor de beslissing nodig zijn.</p>",
                },
            ),
            (
                "decision_tree",
                {
                    "title": "Beslisboom intake",
                    "intro": "<p>Beantwoord de vragen een voor een. De screeningsperiode duurt "
                    "maximaal twee weken.</p>",
                    "nodes": nodes,
                },
            ),
            (
                "step",
                {
                    "title": "Hardheidsclausule",
                    "body": "<p>Voldoet iemand niet aan de criteria, dan kan het "
                    "multidisciplinaire team op grond van de hardheidsclausule toch besluiten tot "
                    "opvang. Leg de afweging vast in het dossier van de organisatie.</p>",
                },
            ),
            (
                "step",
                {
                    "title": "Uitstroom",
                    "body": "<p>Werk vanaf het begin aan een duurzame oplossing. Mogelijke "
                    "uitstroomroutes zijn: een herhaalde asielaanvraag, een asielvergunning of "
                    "een reguliere (bijvoorbeeld medische) vergunning, terugkeer naar het land "
                    "van herkomst of een derde land, uitstel van vertrek op grond van artikel 64 "
                    "Vw 2000, overplaatsing naar een andere voorziening, of opvang voor "
                    "vermoedelijke slachtoffers van mensenhandel.</p>",
                },
            ),
        ],
        last_reviewed=today - datetime.timedelta(days=330),
        review_due=today + datetime.timedelta(days=20),
    )
    parent.add_child(instance=page)
    page.topics.set(Topic.objects.filter(slug__in=["opvang", "dublin", "juridische-procedures"]))
    page.tags.add("intake", "24-uursopvang")
    ProtocolChange.objects.bulk_create(
        [
            ProtocolChange(
                page=page,
                version="2.0",
                date=today - datetime.timedelta(days=400),
                note="Dublinvragen toegevoegd.",
                sort_order=0,
            ),
            ProtocolChange(
                page=page,
                version="2.1",
                date=today - datetime.timedelta(days=200),
                note="Hardheidsclausule en uitstroomroutes uitgeschreven.",
                sort_order=1,
            ),
        ]
    )
    page.save_revision().publish()
    return {"protocols": 1}


def load_articles(stdout=None) -> dict:
    import datetime

    from .demo_content import ARTICLES
    from .models import ArticleIndexPage, ArticlePage, Topic

    parent = ArticleIndexPage.objects.get()
    created = 0
    for data in ARTICLES:
        if ArticlePage.objects.filter(slug=data["slug"]).exists():
            continue
        page = ArticlePage(
            title=data["title"],
            slug=data["slug"],
            kind=data["kind"],
            author=data["author"],
            date=datetime.date.fromisoformat(data["date"]),
            intro=data["intro"],
            body=[("paragraph", html) for html in data["paragraphs"]],
        )
        parent.add_child(instance=page)
        page.topics.set(Topic.objects.filter(slug__in=data["topics"]))
        page.tags.add(*data["tags"])
        page.save_revision().publish()
        created += 1
    return {"articles": created}


def load_caselaw(stdout=None) -> dict:
    from pathlib import Path

    from . import importing

    folder = Path(__file__).resolve().parent / "demo_data" / "rechtspraak"
    counts: dict[str, int] = {}
    for path in sorted(folder.glob("*.xml")):
        outcome = importing.import_ruling(path.read_bytes(), source=path.name)
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    return {"rulings imported": counts.get(importing.IMPORTED, 0)}
