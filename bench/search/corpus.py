"""A corpus of search documents made from real rulings: the paragraphs of the sample rulings in
tests/fixtures/rechtspraak/, shuffled into new documents with new ECLIs, courts, dates and
facets. The vocabulary and paragraph lengths are those of real case law."""

from __future__ import annotations

import datetime
import random
from pathlib import Path

from lxml import etree

from search.documents import MEMBERS, PUBLIC, IndexDocument

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "rechtspraak"
NS = "{http://www.rechtspraak.nl/schema/rechtspraak-1.0}"

COURTS = [
    ("RVS", "Raad van State"),
    ("CRVB", "Centrale Raad van Beroep"),
    ("RBDHA", "Rechtbank Den Haag"),
    ("RBAMS", "Rechtbank Amsterdam"),
    ("RBMNE", "Rechtbank Midden-Nederland"),
    ("GHAMS", "Gerechtshof Amsterdam"),
    ("HR", "Hoge Raad"),
]
COUNTRIES = ["SY", "ER", "AF", "IQ", "IR", "SO", "NG", "MA", "TR", "IT", "GR", "DE", "NL", "GE"]
TOPICS = [
    "opvang",
    "zorg",
    "dublin",
    "terugkeer",
    "onderwijs",
    "werk",
    "minderjarigen",
    "staatloosheid",
]
LEGAL_AREAS = ["vreemdelingenrecht", "bestuursrecht", "socialezekerheidsrecht", "civiel recht"]
TYPES = [("caselaw", 0.8), ("article", 0.1), ("protocol", 0.05), ("country_section", 0.05)]


def paragraphs() -> list[str]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    found = []
    for path in sorted(FIXTURES.glob("*.xml")):
        try:
            root = etree.fromstring(path.read_bytes().lstrip(), parser)
        except etree.XMLSyntaxError:
            continue
        for element in root.iter(f"{NS}para"):
            text = " ".join("".join(element.itertext()).split())
            if len(text) > 40:
                found.append(text)
    if not found:
        raise SystemExit(f"no ruling paragraphs found in {FIXTURES}")
    return found


def documents(count: int, seed: int = 20261123, min_paragraphs: int = 4, max_paragraphs: int = 12):
    """Yield `count` IndexDocuments; the same seed gives the same corpus."""
    rng = random.Random(seed)
    pool = paragraphs()
    types, weights = zip(*TYPES, strict=True)
    for n in range(count):
        code, court = rng.choice(COURTS)
        year = rng.randint(2000, 2025)
        date = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, 364))
        doc_type = rng.choices(types, weights)[0]
        body = rng.sample(pool, rng.randint(min_paragraphs, max_paragraphs))
        title_words = rng.choice(pool).split()[:8]
        ecli = f"ECLI:NL:{code}:{year}:{n + 1}"
        members_text = rng.choice(pool) if rng.random() < 0.2 else ""
        yield IndexDocument(
            id=f"bench:{n}",
            type=doc_type,
            title=" ".join(title_words),
            url=f"/bench/{n}/",
            public_text="\n\n".join(body),
            members_text=members_text,
            visibility=MEMBERS if rng.random() < 0.1 else PUBLIC,
            countries=rng.sample(COUNTRIES, rng.randint(0, 2)),
            topics=rng.sample(TOPICS, rng.randint(0, 2)),
            court=court if doc_type == "caselaw" else "",
            legal_areas=[rng.choice(LEGAL_AREAS)] if doc_type == "caselaw" else [],
            date=date,
            ecli=ecli if doc_type == "caselaw" else "",
            case_numbers=[f"{year % 100:02d}/{rng.randint(1000, 99999)}"]
            if doc_type == "caselaw"
            else [],
        )
