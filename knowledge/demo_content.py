"""Dutch demo texts for the knowledge base, written for the demo from the project's domain facts.
Kept apart from the loader code so editors of the demo can read them in one place."""

TOPICS = [
    ("Gezondheidszorg", "gezondheidszorg", "Toegang tot huisarts, ziekenhuis, ggz en medicijnen."),
    ("Opvang", "opvang", "Bed-bad-brood, 24-uursopvang en de landelijke voorzieningen (LVV)."),
    (
        "Onderwijs",
        "onderwijs",
        "Toegang tot school, mbo en hoger onderwijs zonder verblijfsvergunning.",
    ),
    ("Werk", "werk", "Werken, vrijwilligerswerk en dagbesteding."),
    (
        "Juridische procedures",
        "juridische-procedures",
        "Herhaalde asielaanvraag, reguliere en medische vergunningen, discretionaire bevoegdheid.",
    ),
    (
        "Dublin",
        "dublin",
        "Overdrachten op grond van de Dublinverordening en opvang in de partnerstaten.",
    ),
    (
        "Terugkeer",
        "terugkeer",
        "Vertrek naar het land van herkomst of een derde land en toekomstoriëntatie.",
    ),
    (
        "Staatloosheid",
        "staatloosheid",
        "De vaststellingsprocedure staatloosheid en de positie van mensen met 'nationaliteit onbekend'.",
    ),
    (
        "Medisch verblijf",
        "medisch-verblijf",
        "Uitstel van vertrek op medische gronden (artikel 64 Vw 2000) en medische vergunningen.",
    ),
    (
        "Minderjarigen",
        "minderjarigen",
        "Alleenstaande minderjarigen, gezinnen met kinderen en jongvolwassenen.",
    ),
    (
        "Mensenhandel",
        "mensenhandel",
        "Opvang en verblijf voor (vermoedelijke) slachtoffers van mensenhandel.",
    ),
    (
        "Geestelijke gezondheid en trauma",
        "ggz-trauma",
        "Psychische klachten, trauma en de METS-training.",
    ),
]

GLOSSARY = [
    (
        "Alleenstaande minderjarige vreemdeling",
        "amv",
        "<p>Een persoon jonger dan 18 jaar zonder Nederlandse nationaliteit die zonder ouder of andere gezagsdrager in Nederland is.</p>",
    ),
    (
        "Aanmeldcentrum",
        "",
        "<p>De plek waar iemand zich meldt om asiel aan te vragen en waar registratie en de eerste gehoren plaatsvinden.</p>",
    ),
    (
        "Asielaanvraag",
        "",
        "<p>Het verzoek aan de staat om bescherming als vluchteling of omdat terugkeer een reëel risico op ernstige schade oplevert.</p>",
    ),
    (
        "Dublinclaim",
        "",
        "<p>Het verzoek van Nederland aan een andere lidstaat om een asielverzoek over te nemen, omdat die lidstaat op grond van de Dublinverordening verantwoordelijk is.</p>",
    ),
    (
        "ECLI",
        "",
        "<p>European Case Law Identifier: het Europese nummer waarmee een rechterlijke uitspraak eenduidig wordt aangeduid, bijvoorbeeld ECLI:NL:RVS:2020:1234.</p>",
    ),
    (
        "Landelijke Vreemdelingenvoorziening",
        "LVV",
        "<p>Opvangvoorzieningen voor ongedocumenteerden waarin samen met hen aan een duurzame oplossing wordt gewerkt: verblijf, terugkeer of doormigratie.</p>",
    ),
    (
        "Bed-bad-brood",
        "BBB",
        "<p>Sobere noodopvang die een slaapplek, een douche en eten biedt, vaak alleen 's nachts.</p>",
    ),
    (
        "Medische Opvang Ongedocumenteerden",
        "MOO",
        "<p>Opvang voor ongedocumenteerden met ernstige medische problemen; in Amsterdam met een basis- en een intensieve variant.</p>",
    ),
    (
        "Ongedocumenteerde",
        "",
        "<p>Iemand die in Nederland verblijft zonder geldige verblijfsvergunning.</p>",
    ),
    (
        "Perspectiefplan",
        "",
        "<p>Het plan dat een opvangorganisatie samen met een bewoner opstelt over de weg naar een duurzame oplossing; het wordt regelmatig geëvalueerd.</p>",
    ),
    (
        "Refoulement",
        "",
        "<p>Het terugsturen van iemand naar een land waar vervolging of onmenselijke behandeling dreigt; het verbod daarop is een kernbeginsel van het vluchtelingenrecht.</p>",
    ),
    (
        "Staatloosheid",
        "",
        "<p>De situatie waarin geen enkel land iemand als onderdaan beschouwt. Nederland kent sinds 2023 een vaststellingsprocedure staatloosheid.</p>",
    ),
    (
        "V-nummer",
        "",
        "<p>Het vreemdelingennummer dat de overheid toekent bij registratie in de vreemdelingenketen.</p>",
    ),
    (
        "Artikel 64 Vw 2000",
        "",
        "<p>Het artikel in de Vreemdelingenwet 2000 dat uitstel van vertrek mogelijk maakt zolang reizen om medische redenen niet verantwoord is.</p>",
    ),
    (
        "Discretionaire bevoegdheid",
        "",
        "<p>De bevoegdheid van de staatssecretaris om in schrijnende situaties een verblijfsvergunning te verlenen waar de gewone regels daar niet in voorzien.</p>",
    ),
    (
        "Schrijnende situatie",
        "",
        "<p>Een situatie die zo uitzonderlijk en pijnlijk is dat afwijking van het beleid gerechtvaardigd kan zijn.</p>",
    ),
    ("Statushouder", "", "<p>Iemand die een verblijfsvergunning asiel heeft gekregen.</p>"),
    (
        "Terugkeer en doormigratie",
        "",
        "<p>Vertrek naar het land van herkomst of verhuizing naar een derde land waar iemand mag verblijven.</p>",
    ),
]

COUNTRY_PAGES = {
    "SY": {
        "summary": "<p>Deze pagina bundelt wat hulpverleners nodig hebben bij de begeleiding van mensen uit Syrië: "
        "waar de actuele veiligheidsinformatie te vinden is, wat er speelt rond documenten en welke vragen in de praktijk terugkomen.</p>",
        "sections": [
            (
                "security",
                "",
                "<p>Gebruik voor de veiligheidssituatie altijd de meest recente bronnen: het algemeen ambtsbericht van het ministerie van Buitenlandse Zaken en de landeninformatie van het EUAA. Beleid en ambtsberichten kunnen snel veranderen; controleer de datum van de bron voordat u er een advies op baseert.</p>",
                False,
            ),
            (
                "documents_return",
                "",
                "<p>Vraag bij een gesprek over documenten welke stukken iemand heeft of kan laten overkomen, en leg vast welke pogingen zijn gedaan. Die vastlegging is later van belang als moet worden aangetoond dat iemand buiten zijn schuld niet kan vertrekken.</p>",
                False,
            ),
            (
                "other",
                "Praktijkervaringen uit het netwerk",
                "<p>Collega-organisaties delen hier hun ervaringen met ambassadecontacten en met het verzamelen van bewijs voor een herhaalde aanvraag. Deze informatie is alleen voor leden, omdat zij herleidbaar kan zijn tot individuele trajecten.</p>",
                True,
            ),
        ],
        "topics": ["juridische-procedures", "terugkeer"],
    },
    "ER": {
        "summary": "<p>Overzicht voor wie mensen uit Eritrea begeleidt: documenten, de positie van mensen met een Dublinclaim en vragen rond nationaliteit.</p>",
        "sections": [
            (
                "documents_return",
                "",
                "<p>Veel mensen hebben geen identiteitsdocumenten. Leg vast welke documenten wel beschikbaar zijn en welke pogingen zijn gedaan om andere te verkrijgen.</p>",
                False,
            ),
            (
                "dublin_reception",
                "",
                "<p>Bij een Dublinclaim is de vraag of de opvang in de verantwoordelijke lidstaat goed geregeld is bepalend voor de vervolgstappen in de intake. Raadpleeg actuele rapporten over die lidstaat en vraag bij twijfel de helpdesk.</p>",
                False,
            ),
        ],
        "topics": ["dublin", "staatloosheid"],
    },
    "IT": {
        "summary": "<p>Italië is vaak de verantwoordelijke lidstaat onder de Dublinverordening. Deze pagina gaat over de opvang van teruggestuurde asielzoekers en wat dat betekent voor de begeleiding in Nederland.</p>",
        "sections": [
            (
                "dublin_reception",
                "",
                "<p>Beoordeel per persoon of de opvang na overdracht gegarandeerd is, zeker bij kwetsbare mensen zoals gezinnen met kinderen of mensen met medische problemen. Rechters vragen in zulke zaken vaak om individuele garanties.</p>",
                False,
            ),
            (
                "other",
                "Contacten in de praktijk",
                "<p>Leden delen hier contactpersonen bij organisaties die na een overdracht hulp kunnen bieden.</p>",
                True,
            ),
        ],
        "topics": ["dublin", "opvang"],
    },
}

INTAKE_NODES = [
    (
        "acuut",
        "question",
        "Is er een acute medische of psychiatrische hulpvraag?",
        "medisch",
        "eu-burger",
    ),
    ("medisch", "outcome", "Verwijs naar een medische voorziening.", "", ""),
    (
        "eu-burger",
        "question",
        "Is de persoon EU-burger, heeft hij of zij een verblijfsvergunning in een andere EU-lidstaat, of komt hij of zij uit een welvarend land?",
        "geen-opvang-eu",
        "kwetsbaar",
    ),
    ("geen-opvang-eu", "outcome", "Geen opvang via deze voorziening.", "", ""),
    (
        "kwetsbaar",
        "question",
        "Screening (maximaal twee weken), eerste kwetsbaarheidscheck: is de persoon rond de 18 jaar oud, of een vrouw?",
        "opvang-24uur",
        "dublin",
    ),
    ("opvang-24uur", "outcome", "Plaatsing in de 24-uursopvang.", "", ""),
    ("dublin", "question", "Is de persoon een Dublinclaimant?", "dublin-opvang", "veilig-land"),
    (
        "dublin-opvang",
        "question",
        "Is de opvang in de verantwoordelijke lidstaat goed geregeld?",
        "dtv",
        "veilig-land",
    ),
    (
        "dtv",
        "outcome",
        "Verwijs naar de DT&V; de opvang volgt in de verantwoordelijke lidstaat.",
        "",
        "",
    ),
    (
        "veilig-land",
        "question",
        "Komt de persoon uit een land zonder visumplicht of uit een veilig land van herkomst?",
        "motivatie",
        "v-nummer",
    ),
    (
        "motivatie",
        "question",
        "Kan de persoon motiveren waarom opvang nodig is?",
        "v-nummer",
        "verwijzing",
    ),
    ("verwijzing", "outcome", "Verwijzing, onder voorwaarden naar de asielopvang.", "", ""),
    (
        "v-nummer",
        "question",
        "Heeft de persoon een V-nummer, of is hij of zij bereid er een aan te vragen?",
        "opvang",
        "geen-opvang",
    ),
    ("opvang", "outcome", "Opvang.", "", ""),
    ("geen-opvang", "outcome", "Geen opvang.", "", ""),
]

ARTICLES = [
    {
        "title": "Lobbypunten 2024–2027: vijf prioriteiten voor de basisrechten van ongedocumenteerden",
        "slug": "lobbypunten-2024-2027",
        "kind": "position",
        "author": "Kenniscentrum ENO",
        "date": "2024-03-01",
        "intro": "Voor de periode 2024–2027 zet ASKV in op vijf punten, van een vergunning in schrijnende situaties tot een zorgketen voor zieke ongedocumenteerden.",
        "paragraphs": [
            "<p>Uit de praktijk van het netwerk blijkt steeds weer dat een kleine groep mensen klem zit: alle procedures zijn doorlopen, terugkeer lukt niet en een perspectief ontbreekt. Voor hen vraagt ASKV een verblijfsvergunning in schrijnende situaties.</p>",
            "<p>Daarnaast staan vier andere punten op de agenda: landelijke toegang tot mbo en hoger onderwijs voor jongeren zonder verblijfsvergunning, een betere toegang tot de vaststellingsprocedure staatloosheid en een vergunning voor wie als staatloos is erkend, een zorgketen voor ongedocumenteerden met ernstige medische problemen, en een sterker netwerk van professionals en organisaties die de toegang tot basisrechten beschermen.</p>",
        ],
        "topics": ["juridische-procedures", "onderwijs", "staatloosheid", "gezondheidszorg"],
        "tags": ["lobby", "beleid"],
    },
    {
        "title": "Verkiezingsbrief 2025: ruim 80 organisaties vragen om humaan en werkbaar migratiebeleid",
        "slug": "verkiezingsbrief-2025",
        "kind": "news",
        "author": "Kenniscentrum ENO",
        "date": "2025-09-15",
        "intro": "Meer dan tachtig organisaties ondertekenden een brief aan de politieke partijen met vijf vragen voor de komende kabinetsperiode.",
        "paragraphs": [
            "<p>De brief vraagt om migratiebeleid dat humaan en uitvoerbaar is, zonder strafbaarstelling van onrechtmatig verblijf of van hulp aan mensen zonder verblijfsvergunning.</p>",
            "<p>Verder vragen de organisaties om perspectief voor gewortelde kinderen, toegang tot werk via sectorale regularisatie, veilige opvang en zorg voor zieke ongedocumenteerden, en om persoonlijke omstandigheden mee te laten wegen in het migratiebeleid.</p>",
        ],
        "topics": ["minderjarigen", "werk", "opvang"],
        "tags": ["verkiezingen", "beleid"],
    },
    {
        "title": "Het Amsterdamse uitvoeringsplan in cijfers",
        "slug": "amsterdams-uitvoeringsplan-in-cijfers",
        "kind": "analysis",
        "author": "Kenniscentrum ENO",
        "date": "2024-06-10",
        "intro": "Wat leert het Amsterdamse uitvoeringsplan uit 2019 over de inrichting van 24-uursopvang? Een overzicht van de belangrijkste cijfers.",
        "paragraphs": [
            "<p>Het plan voorzag in 500 plaatsen 24-uursopvang, met een maximale verblijfsduur van anderhalf jaar. Voor kwetsbare of zieke mensen kan die termijn in overleg met de GGD worden verlengd. De screening duurt maximaal twee weken en het perspectiefplan wordt ten minste elk half jaar geëvalueerd.</p>",
            "<p>Een casemanager begeleidt ongeveer 25 mensen. In 2018 maakten ongeveer 454 mensen gebruik van de Amsterdamse opvang of het leefgeld van 450 euro per maand. De nachtopvang, van 16.00 tot 09.00 uur, telde 345 plaatsen op drie locaties; daarnaast waren er 50 plaatsen 24-uursopvang voor kwetsbare mensen.</p>",
        ],
        "topics": ["opvang"],
        "tags": ["Amsterdam", "cijfers"],
    },
    {
        "title": "Lang wachten op een beslissing: schadevergoeding voor overschrijding van de redelijke termijn",
        "slug": "schadevergoeding-redelijke-termijn",
        "kind": "analysis",
        "author": "Kenniscentrum ENO",
        "date": "2024-11-20",
        "intro": "Wie lang moet wachten op een beslissing van de overheid of de rechter, kan recht hebben op schadevergoeding. Wat zegt de rechtspraak over het berekenen daarvan?",
        "paragraphs": [
            "<p>Artikel 6 EVRM geeft recht op een beslissing binnen een redelijke termijn. In het bestuursrecht is een forfaitair systeem ontwikkeld om de schadevergoeding bij overschrijding te berekenen.</p>",
            "<p>In ECLI:NL:RBAMS:2010:BO3979 stelde de rechtbank Amsterdam die vergoeding vast voor twintig eisers die samen procedeerden. De rechtbank overwoog dat het forfaitaire systeem uit de jurisprudentie van de Afdeling niet uitdrukkelijk rekening houdt met zo'n situatie. Voor wie meerdere cliënten met vergelijkbare zaken begeleidt, is de uitspraak daarom het lezen waard.</p>",
        ],
        "topics": ["juridische-procedures"],
        "tags": ["redelijke termijn", "EVRM"],
    },
]
