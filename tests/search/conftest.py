import datetime
import os

import pytest
from django.test import override_settings

from search.documents import MEMBERS, IndexDocument
from search.engines.database import DatabaseEngine

# Unique words that occur in exactly one place of the corpus, to follow members-only content.
MEMBERS_TEXT_MARKER = "zwartekraaimarker"
MEMBERS_DOC_MARKER = "oranjekeilmarker"

ECLI = "ECLI:NL:RVS:2020:1234"
CASE_NUMBER = "201905544/1/V2"


def corpus() -> list[IndexDocument]:
    return [
        IndexDocument(
            id="caselaw:1",
            type="caselaw",
            title="Uitspraak over de weigering van een verblijfsvergunning",
            url="/rechtspraak/rvs-2020-1234/",
            public_text=(
                "De Afdeling oordeelt dat de staatssecretaris de vergunning ten onrechte heeft "
                "geweigerd. Medische noodsituatie was onvoldoende onderzocht. "
                "<script>alert(1)</script>"
            ),
            members_text=f"Annotatie van het kenniscentrum: {MEMBERS_TEXT_MARKER} let op termijn.",
            countries=["SY"],
            topics=["medische-zorg"],
            tags=["artikel 64"],
            court="Raad van State",
            legal_areas=["vreemdelingenrecht"],
            laws=["Vreemdelingenwet 2000 29", "Algemene wet bestuursrecht 8:75"],
            date=datetime.date(2020, 5, 6),
            ecli=ECLI,
            case_numbers=[CASE_NUMBER],
        ),
        IndexDocument(
            id="caselaw:2",
            type="caselaw",
            title="Opvang en Dublinoverdracht",
            url="/rechtspraak/rbdha-2019-1/",
            public_text=(
                f"De rechtbank verwijst naar {ECLI} en naar eerdere vergunningen. "
                "Dublin overdracht aan Italië. De opvang werd beëindigd."
            ),
            countries=["IT", "NL"],
            topics=["dublin"],
            court="Rechtbank Den Haag",
            legal_areas=["vreemdelingenrecht"],
            date=datetime.date(2019, 1, 15),
            ecli="ECLI:NL:RBDHA:2019:1",
            case_numbers=["AWB 19/12345"],
        ),
        IndexDocument(
            id="article:1",
            type="article",
            title="Medische noodsituatie: wat nu?",
            url="/artikelen/medische-noodsituatie/",
            public_text="Een handreiking over de medische noodsituatie en artikel 64 Vw.",
            topics=["medische-zorg"],
            date=datetime.date(2021, 3, 1),
        ),
        IndexDocument(
            id="protocol:1",
            type="protocol",
            title="Protocol intake ledenoverleg",
            url="/protocollen/intake/",
            public_text=f"Werkinstructie voor de intake. {MEMBERS_DOC_MARKER} kinderen en scholen.",
            visibility=MEMBERS,
            topics=["onderwijs"],
            date=datetime.date(2022, 9, 1),
        ),
        IndexDocument(
            id="glossary:1",
            type="glossary",
            title="Noodsituatie",
            url="/begrippen/noodsituatie/",
            public_text="Een situatie waarin medische zorg niet kan wachten. Dit komt voor.",
        ),
    ]


ENGINE_PARAMS = [
    pytest.param("database", id="database"),
    pytest.param(
        "elasticsearch",
        id="elasticsearch",
        marks=pytest.mark.skipif(
            not os.environ.get("ELASTICSEARCH_URL"),
            reason="ELASTICSEARCH_URL is not set: the contract suite runs against a live "
            "Elasticsearch only when one is configured (docker compose up search)",
        ),
    ),
]


@pytest.fixture(params=ENGINE_PARAMS)
def engine(request, db):
    if request.param == "database":
        engine = DatabaseEngine()
        engine.clear()
        yield engine
        return
    from search.engines.elasticsearch import ElasticsearchEngine

    prefix = f"eno-test-{os.getpid()}"
    with override_settings(SEARCH_INDEX_PREFIX=prefix):
        engine = ElasticsearchEngine(url=os.environ["ELASTICSEARCH_URL"], refresh="wait_for")
        engine.clear()
        yield engine
        engine.client.indices.delete(index=f"{prefix}-documents", ignore_unavailable=True)


@pytest.fixture
def indexed(engine):
    engine.index(corpus())
    return engine


@pytest.fixture
def site_index(db):
    """The corpus in the configured engine, for the views and the API."""
    from search.service import get_engine

    engine = get_engine()
    engine.clear()
    engine.index(corpus())
    return engine
