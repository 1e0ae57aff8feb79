"""Demo content for the knowledge base: small loaders over the Dutch texts in demo_data/. Every
loader creates what is missing and leaves existing (possibly edited) content alone."""

import datetime

from django.apps import apps
from django.utils import timezone
from django.utils.text import slugify

from portal.countries import dutch_name, english_name, lookup
from portal.demo import demo_data_dir, get_home, read_demo_data, register_demo_loader

from . import importing
from .models import (
    ArticleIndexPage,
    ArticlePage,
    CountryIndexPage,
    CountryPage,
    GlossaryTerm,
    ProtocolChange,
    ProtocolIndexPage,
    ProtocolPage,
    SynonymGroup,
    Topic,
)


def register_demo_loaders() -> None:
    # Sections hang under the home page (0); countries and protocols are tagged with the topics
    # from the vocabulary; the rulings come before the articles, so that an article's citation of
    # a demo ruling is linked when the article is published.
    register_demo_loader("knowledge.sections", load_sections, order=10)
    register_demo_loader("knowledge.vocabulary", load_vocabulary, order=30)
    register_demo_loader("knowledge.countries", load_countries, order=40)
    register_demo_loader("knowledge.protocols", load_protocols, order=50)
    register_demo_loader("knowledge.caselaw", load_caselaw, order=60)
    register_demo_loader("knowledge.articles", load_articles, order=70)


def load_sections(stdout=None) -> dict:
    home = get_home()
    created = 0
    for spec in read_demo_data("knowledge", "sections.toml")["section"]:
        model = apps.get_model("knowledge", spec["model"])
        if model.objects.exists():
            continue
        page = model(
            title=spec["title"],
            slug=spec["slug"],
            intro=spec["intro"],
            body=spec["body"],
            show_in_menus=True,
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        created += 1
    return {"section pages": created}


def load_vocabulary(stdout=None) -> dict:
    data = read_demo_data("knowledge", "vocabulary.toml")
    topics = glossary = 0
    for spec in data["topic"]:
        _topic, created = Topic.objects.get_or_create(
            slug=spec["slug"], defaults={"name": spec["name"], "description": spec["description"]}
        )
        topics += created
    for spec in data["glossary"]:
        _term, created = GlossaryTerm.objects.get_or_create(
            slug=slugify(spec["term"]),
            defaults={
                "term": spec["term"],
                "abbreviation": spec.get("abbreviation", ""),
                "definition": spec["definition"],
            },
        )
        glossary += created
    synonyms = 0
    for spec in data.get("synonyms", []):
        _group, created = SynonymGroup.objects.get_or_create(terms="\n".join(spec["terms"]))
        synonyms += created
    return {"topics": topics, "glossary terms": glossary, "synonym groups": synonyms}


def load_countries(stdout=None) -> dict:
    """Country pages with demo text; `manage.py load_countries` adds all other countries."""
    data = read_demo_data("knowledge", "countries.toml")
    parent = CountryIndexPage.objects.get()
    created = 0
    today = timezone.localdate()
    sources = [
        (
            "source",
            {
                "title": source["title"],
                "publisher": source["publisher"],
                "date": source.get("date"),
                "url": source["url"],
            },
        )
        for source in data["source"]
    ]
    for code, content in data["country"].items():
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
            sections=[("section", section) for section in content["sections"]],
            sources=sources,
            last_reviewed=today + datetime.timedelta(days=data["last_reviewed_days_from_today"]),
            review_due=today + datetime.timedelta(days=data["review_due_days_from_today"]),
        )
        parent.add_child(instance=page)
        page.topics.set(Topic.objects.filter(slug__in=content["topics"]))
        page.save_revision().publish()
        created += 1
    return {"country pages": created}


def load_protocols(stdout=None) -> dict:
    created = 0
    today = timezone.localdate()
    for spec in read_demo_data("knowledge", "protocols.toml")["protocol"]:
        if ProtocolPage.objects.filter(slug=spec["slug"]).exists():
            continue
        page = ProtocolPage(
            title=spec["title"],
            slug=spec["slug"],
            kind=spec["kind"],
            intro=spec["intro"],
            version=spec["version"],
            effective_date=today + datetime.timedelta(days=spec["effective_days_from_today"]),
            responsible=spec["responsible"],
            audience=spec["audience"],
            body=[_protocol_block(block) for block in spec["body"]],
            last_reviewed=today + datetime.timedelta(days=spec["last_reviewed_days_from_today"]),
            review_due=today + datetime.timedelta(days=spec["review_due_days_from_today"]),
        )
        ProtocolIndexPage.objects.get().add_child(instance=page)
        page.topics.set(Topic.objects.filter(slug__in=spec["topics"]))
        page.tags.add(*spec["tags"])
        ProtocolChange.objects.bulk_create(
            [
                ProtocolChange(
                    page=page,
                    version=change["version"],
                    date=today + datetime.timedelta(days=change["days_from_today"]),
                    note=change["note"],
                    sort_order=index,
                )
                for index, change in enumerate(spec["changes"])
            ]
        )
        page.save_revision().publish()
        created += 1
    return {"protocols": created}


def _protocol_block(block: dict) -> tuple[str, dict]:
    value = {key: item for key, item in block.items() if key != "type"}
    if block["type"] == "decision_tree":
        # An outcome ends the tree, so the data file leaves out its next nodes.
        value["nodes"] = [
            {
                "node_id": node["node_id"],
                "kind": node["kind"],
                "text": node["text"],
                "explanation": node.get("explanation", ""),
                "yes_next": node.get("yes_next", ""),
                "no_next": node.get("no_next", ""),
            }
            for node in block["nodes"]
        ]
    return block["type"], value


def load_articles(stdout=None) -> dict:
    parent = ArticleIndexPage.objects.get()
    created = 0
    for spec in read_demo_data("knowledge", "articles.toml")["article"]:
        if ArticlePage.objects.filter(slug=spec["slug"]).exists():
            continue
        page = ArticlePage(
            title=spec["title"],
            slug=spec["slug"],
            kind=spec["kind"],
            author=spec["author"],
            date=spec["date"],
            intro=spec["intro"],
            body=[("paragraph", html) for html in spec["paragraphs"]],
        )
        parent.add_child(instance=page)
        page.topics.set(Topic.objects.filter(slug__in=spec["topics"]))
        page.tags.add(*spec["tags"])
        page.save_revision().publish()
        created += 1
    return {"articles": created}


def load_caselaw(stdout=None) -> dict:
    folder = demo_data_dir("knowledge") / "rechtspraak"
    counts: dict[str, int] = {}
    for path in sorted(folder.glob("*.xml")):
        outcome = importing.import_ruling(path.read_bytes(), source=path.name)
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    return {"rulings imported": counts.get(importing.IMPORTED, 0)}
