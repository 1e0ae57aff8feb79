"""Index documents for the knowledge base, one builder per model (registered in knowledge/apps.py).

Members-only text (restricted country sections, members-only annotations) goes into
`members_text` only, so the search engines can leave it out for visitors who are not members."""

from django.urls import reverse
from wagtail.rich_text import expand_db_html

from knowledge.citations import stream_text
from knowledge.laws import provision_label, provision_labels, split_provision
from knowledge.rechtspraak.html import html_to_text
from portal.access import MEMBERS
from portal.countries import dutch_name, english_name, lookup
from search.registry import IndexDocument, indexed_visibility

# Document types (their labels are registered in knowledge/apps.py).
TYPE_CASELAW = "caselaw"
TYPE_COUNTRY = "country"
TYPE_COUNTRY_SECTION = "country_section"
TYPE_PROTOCOL = "protocol"
TYPE_ARTICLE = "article"
TYPE_GLOSSARY = "glossary"


def _rich(html) -> str:
    return html_to_text(expand_db_html(str(html or "")))


def _classification(page, *keywords: str) -> dict:
    """Facets (topic slugs, tag names, country codes, legal-area slugs) and the keywords of a
    document: its own, plus the names of what it is classified under. The engines weigh
    keywords above running text, so "Dublin" finds the pages tagged or filed under Dublin even
    where the text never says it."""
    topics = list(page.topics.values_list("slug", "name"))
    tags = list(page.tags.values_list("name", flat=True))
    result = {"topics": sorted(slug for slug, _name in topics), "tags": sorted(tags)}
    names = [name for _slug, name in topics] + tags
    if hasattr(page, "legal_areas"):
        areas = list(page.legal_areas.values_list("slug", "name"))
        result["legal_areas"] = sorted(slug for slug, _name in areas)
        names += [name for _slug, name in areas]
    if hasattr(page, "countries"):
        result["countries"] = sorted(page.countries.values_list("iso_code", flat=True))
        # The country's common names, never a restricted country page's own title.
        for code in result["countries"]:
            country = lookup(code)
            if country is not None:
                names += [dutch_name(country), english_name(country)]
    result["keywords"] = list(dict.fromkeys(k for k in (*keywords, *names) if k))
    return result


def caselaw_documents(page) -> list[IndexDocument]:
    visibility = indexed_visibility(page)
    if visibility is None:
        return []
    annotation = _rich(page.annotation)
    public = [html_to_text(page.summary), html_to_text(page.full_text)]
    members = ""
    if page.annotation_members_only:
        members = annotation
    else:
        public.append(annotation)
    return [
        IndexDocument(
            id=f"caselaw:{page.pk}",
            type=TYPE_CASELAW,
            title=page.title,
            url=page.url,
            public_text="\n\n".join(p for p in public if p),
            members_text=members,
            visibility=visibility,
            court=page.court,
            date=page.decision_date,
            ecli=page.ecli,
            case_numbers=page.case_number_list,
            laws=provision_labels(page.legal_provisions),
            **_classification(page, page.procedure, *law_keywords(page.legal_provisions)),
        )
    ]


def law_keywords(provisions) -> list[str]:
    """The statutory provisions a ruling cites (rechtspraak.nl's "Algemene wet bestuursrecht
    8:75") as lawyers write them, "artikel 8:75 Algemene wet bestuursrecht": searchable even
    when the ruling's text never spells the reference out."""
    keywords = []
    for provision in provisions or []:
        label = provision_label(provision)
        split = split_provision(label)
        if split:
            keywords.append(f"artikel {split[1]} {split[0]}")
        elif label:
            keywords.append(label)
    return keywords


def country_documents(page) -> list[IndexDocument]:
    """The country page itself, and each section as its own hit so a search for "medicijnen
    Irak" lands on the right chapter."""
    visibility = indexed_visibility(page)
    if visibility is None:
        return []
    classification = _classification(page, page.name_en, page.iso_code)
    date = page.last_reviewed or (page.last_published_at.date() if page.last_published_at else None)
    public_parts, members_parts, documents = [_rich(page.summary)], [], []
    for number, section in enumerate(page.section_list(member=True), start=1):
        text = _rich(section["body"].source if section["body"] else "")
        heading = section["heading"]
        (members_parts if section["members_only"] else public_parts).append(f"{heading}\n{text}")
        documents.append(
            IndexDocument(
                id=f"country:{page.pk}:section:{number}",
                type=TYPE_COUNTRY_SECTION,
                title=f"{page.name_nl}: {heading}",
                url=f"{page.url}#{section['anchor']}",
                public_text="" if section["members_only"] else text,
                members_text=text if section["members_only"] else "",
                visibility=MEMBERS if section["members_only"] else visibility,
                countries=[page.iso_code],
                date=date,
                **classification,
            )
        )
    documents.insert(
        0,
        IndexDocument(
            id=f"country:{page.pk}",
            type=TYPE_COUNTRY,
            title=page.name_nl or page.title,
            url=page.url,
            public_text="\n\n".join(p for p in public_parts if p),
            members_text="\n\n".join(members_parts),
            visibility=visibility,
            countries=[page.iso_code],
            date=date,
            **classification,
        ),
    )
    return documents


def protocol_documents(page) -> list[IndexDocument]:
    visibility = indexed_visibility(page)
    if visibility is None:
        return []
    return [
        IndexDocument(
            id=f"protocol:{page.pk}",
            type=TYPE_PROTOCOL,
            title=page.title,
            url=page.url,
            public_text="\n\n".join(
                p for p in (page.intro, html_to_text(stream_text(page.body))) if p
            ),
            visibility=visibility,
            date=page.effective_date
            or (page.last_published_at.date() if page.last_published_at else None),
            **_classification(page),
        )
    ]


def article_documents(page) -> list[IndexDocument]:
    visibility = indexed_visibility(page)
    if visibility is None:
        return []
    return [
        IndexDocument(
            id=f"article:{page.pk}",
            type=TYPE_ARTICLE,
            title=page.title,
            url=page.url,
            public_text="\n\n".join(
                p for p in (page.intro, html_to_text(stream_text(page.body))) if p
            ),
            visibility=visibility,
            date=page.date,
            **_classification(page, page.author),
        )
    ]


def glossary_documents(term) -> list[IndexDocument]:
    return [
        IndexDocument(
            id=f"glossary:{term.pk}",
            type=TYPE_GLOSSARY,
            title=f"{term.term} ({term.abbreviation})" if term.abbreviation else term.term,
            url=reverse("knowledge:glossary") + f"#{term.slug}",
            public_text=_rich(term.definition),
            topics=sorted(term.topics.values_list("slug", flat=True)) if term.pk else [],
            keywords=[
                k
                for k in (
                    term.abbreviation,
                    *(term.topics.values_list("name", flat=True) if term.pk else []),
                )
                if k
            ],
        )
    ]


def synonym_groups() -> list[list[str]]:
    """For the thesaurus: each glossary term with its abbreviation, and the editors' synonyms."""
    from knowledge.models import SynonymGroup

    return SynonymGroup.all_groups()
