"""Which ECLIs a page cites, and which pages cite a ruling ("Aangehaald in").

Citations are stored per source page when it is published or imported, so "cited by" is one
indexed lookup and a newly imported ruling shows up under every ruling it mentions at once."""

import re

from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.utils.html import strip_tags
from wagtail.models import Page

from knowledge.ecli import ECLI_IN_TEXT, ecli_of, find_eclis, normalise_ecli
from portal.access import request_is_member, visible_pages


def models(*names):
    """knowledge's models by name, from the app registry: the page models call into this module
    (the list's citation counts), so importing them here would close an import circle."""
    return [apps.get_model("knowledge", name) for name in names]


# The same pattern finds citations and links them, so a link is shown exactly for a citation.
TAG_SPLIT = re.compile(r"(<[^>]+>)")


def plain_text(html: str) -> str:
    """Text of stored HTML for finding ECLIs. Every tag becomes a space: strip_tags alone glues
    paragraphs together, so "… ECLI:NL:RBAMS:2010:BO3979.</p><p>Uitspraak …" would read as the
    non-existent ECLI:NL:RBAMS:2010:BO3979.UITSPRAAK."""
    return strip_tags((html or "").replace("<", " <"))


def stream_text(stream) -> str:
    """All searchable text of a StreamField, as Wagtail's own blocks expose it."""
    parts = []
    for child in stream or []:
        parts.extend(str(text) for text in child.block.get_searchable_content(child.value))
    return " ".join(parts)


def extract_citations(page) -> list[tuple[str, str, str, bool]]:
    """(ecli, kind, label, members_only) for everything the page mentions, without duplicates;
    a citation found in public text is public even if it also appears in members-only text."""
    ArticlePage, CaseLawPage, Citation, CountryPage, ProtocolPage = models(
        "ArticlePage", "CaseLawPage", "Citation", "CountryPage", "ProtocolPage"
    )

    found: dict[tuple[str, str], tuple[str, bool]] = {}
    own = getattr(page, "ecli", "")

    def add(ecli, kind, label="", members_only=False):
        try:
            ecli = normalise_ecli(ecli)
        except ValueError:
            return
        if ecli == own:
            return
        key = (ecli, kind)
        if key in found:
            old_label, old_members = found[key]
            found[key] = (old_label or label, old_members and members_only)
        else:
            found[key] = (label, members_only)

    if isinstance(page, CaseLawPage):
        for relation in page.relations or []:
            if relation.get("ecli"):
                add(relation["ecli"], Citation.KIND_RELATION, relation.get("label", "")[:200])
        for ecli in find_eclis(plain_text(page.summary) + " " + plain_text(page.full_text)):
            add(ecli, Citation.KIND_TEXT)
        for ecli in find_eclis(plain_text(page.annotation)):
            add(ecli, Citation.KIND_TEXT, members_only=page.annotation_members_only)
    elif isinstance(page, CountryPage):
        for ecli in find_eclis(plain_text(page.summary)):
            add(ecli, Citation.KIND_TEXT)
        for block in page.sections:
            text = plain_text(block.value["body"].source)
            for ecli in find_eclis(text):
                add(ecli, Citation.KIND_TEXT, members_only=bool(block.value.get("members_only")))
    elif isinstance(page, ArticlePage | ProtocolPage):
        text = page.intro + " " + plain_text(stream_text(page.body))
        for ecli in find_eclis(text):
            add(ecli, Citation.KIND_TEXT)
    return [(ecli, kind, label, members) for (ecli, kind), (label, members) in found.items()]


def update_citations(page) -> int:
    return update_citations_many([page])


@transaction.atomic
def update_citations_many(pages) -> int:
    """Store what each page cites now, replacing what it cited before: one delete and one
    insert for a whole batch of pages."""
    (Citation,) = models("Citation")

    pages = list(pages)
    Citation.objects.filter(source_page_id__in=[page.pk for page in pages]).delete()
    rows = [
        Citation(source_page_id=page.pk, target_ecli=ecli, kind=kind, label=label, members_only=m)
        for page in pages
        for ecli, kind, label, m in extract_citations(page)
    ]
    Citation.objects.bulk_create(rows)
    return len(rows)


def cited_eclis(page, request) -> list[dict]:
    """What the page cites, formal relations first, each with the portal's page if the visitor
    may open it."""
    CaseLawPage, Citation = models("CaseLawPage", "Citation")

    rows = Citation.objects.filter(source_page=page)
    if not request_is_member(request):
        rows = rows.filter(members_only=False)
    entries: dict[str, dict] = {}
    for row in rows.order_by("kind", "target_ecli"):
        entry = entries.setdefault(
            row.target_ecli, {"ecli": row.target_ecli, "label": "", "page": None}
        )
        entry["label"] = entry["label"] or row.label
    targets = visible_pages(CaseLawPage.objects.filter(ecli__in=list(entries)), request)
    for target in targets:
        entries[target.ecli]["page"] = target
    return list(entries.values())


def visible_citations(request):
    """The citations this request may know of: found in text the visitor may read (a non-member
    never counts a citation from a members-only annotation or section), on pages the visitor may
    open."""
    (Citation,) = models("Citation")

    rows = Citation.objects.all()
    if not request_is_member(request):
        rows = rows.filter(members_only=False)
    return rows.filter(source_page_id__in=visible_pages(Page.objects.all(), request).values("pk"))


def one_row_per_citing_page(rows):
    """A page that cites a ruling both formally (relation) and in its text has a row of each
    kind; of the rows given, the relation row is dropped where the text row is there too, so
    counting rows counts pages, without a DISTINCT."""
    from django.db.models import Exists, OuterRef

    (Citation,) = models("Citation")

    text_row = rows.filter(
        kind=Citation.KIND_TEXT,
        source_page_id=OuterRef("source_page_id"),
        target_ecli=OuterRef("target_ecli"),
    )
    return rows.exclude(Q(kind=Citation.KIND_RELATION) & Exists(text_row))


def cited_count(request):
    """An expression for a ruling queryset: how many pages the visitor may open cite the ruling
    (each page once, however it cites it); the same number as `citing_pages` lists."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    counts = (
        one_row_per_citing_page(visible_citations(request))
        .filter(target_ecli=OuterRef("ecli"))
        .order_by()
        .values("target_ecli")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def citation_counts(eclis, request) -> dict[str, int]:
    """{ecli: number of citing pages} for a page of results, in one query."""
    from django.db.models import Count

    rows = (
        one_row_per_citing_page(visible_citations(request))
        .filter(target_ecli__in=list(eclis))
        .order_by()
        .values("target_ecli")
        .annotate(n=Count("pk"))
    )
    return {row["target_ecli"]: row["n"] for row in rows}


def citing_pages(ecli: str, request, exclude_page=None) -> list[Page]:
    rows = visible_citations(request).filter(target_ecli=ecli)
    pages = Page.objects.filter(pk__in=rows.values("source_page_id"))
    if exclude_page is not None:
        pages = pages.exclude(pk=exclude_page.pk)
    return list(pages.specific().order_by("-first_published_at", "title"))


def citing_groups(pages) -> list[dict]:
    """The citing pages grouped by kind ("Aangehaald in": rulings, articles, country pages, ...),
    each group {"label", "pages"}, in that order; kinds without pages are left out."""
    from django.utils.translation import gettext as _

    ArticlePage, CaseLawPage, CountryPage, ProtocolPage = models(
        "ArticlePage", "CaseLawPage", "CountryPage", "ProtocolPage"
    )

    kinds = [
        (CaseLawPage, _("Rulings")),
        (ArticlePage, _("Articles")),
        (CountryPage, _("Country pages")),
        (ProtocolPage, _("Protocols")),
    ]
    groups = [{"label": label, "pages": []} for _model, label in kinds]
    other = {"label": _("Other pages"), "pages": []}
    for page in pages:
        for (model, _label), group in zip(kinds, groups, strict=True):
            if isinstance(page, model):
                group["pages"].append(page)
                break
        else:
            other["pages"].append(page)
    return [group for group in [*groups, other] if group["pages"]]


def linked_html(html: str) -> str:
    """Turn every ECLI in (already sanitised) HTML into a link to /ecli/…/, which opens the
    portal's page or says where the court publishes the ruling, and every law reference
    ("artikel 8:75 Awb") into a link to the article on wetten.overheid.nl (knowledge.laws); text
    inside existing links is left alone. Every ECLI alike, so a link says nothing about what the
    portal holds."""
    from django.urls import reverse

    from knowledge.laws import current_linker

    lowered_html = (html or "").lower()
    has_ecli, has_article = "ecli" in lowered_html, "art" in lowered_html
    if not has_ecli and not has_article:
        return html
    linker = current_linker() if has_article else None

    def replace(match):
        return f'<a href="{reverse("knowledge:ecli", args=[ecli_of(match)])}">{match.group(0)}</a>'

    out, in_link = [], 0
    for part in TAG_SPLIT.split(html):
        if part.startswith("<"):
            lowered = part.lower()
            if lowered.startswith("<a ") or lowered == "<a>":
                in_link += 1
            elif lowered.startswith("</a"):
                in_link = max(0, in_link - 1)
            out.append(part)
        elif in_link:
            out.append(part)
        else:
            if linker is not None:
                part = linker.link_text(part)
            out.append(ECLI_IN_TEXT.sub(replace, part) if has_ecli else part)
    return "".join(out)
