"""Related rulings ("Vergelijkbare uitspraken") on a ruling's page.

A few bounded queries find candidates, whatever the size of the case law: rulings that cite this
one or that it cites, rulings citing the same ECLIs, rulings sharing its topics, countries and
legal areas (counted in the database, best first, capped) and the search engine's "more like this"
(search.registry.similar_documents). The candidates are loaded once, with their classification
prefetched, and scored in Python; each keeps the reasons it is related, which the page shows.
Everything goes through the access rule: a page the visitor may not open, or a citation found
only in members-only text, never counts for them. The result is cached per ruling, content
generation, visibility class and membership (portal.cache.per_visibility)."""

from __future__ import annotations

from django.db.models import Count, F, Q, Value
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from knowledge.filters import visible_country_names
from knowledge.laws import provision_labels
from portal.access import request_is_member, visible_pages
from portal.cache import per_visibility

MAX_RELATED = 5
# Each source of candidates brings at most this many: enough to choose five from.
CANDIDATES_PER_SOURCE = 30
TEXT_CANDIDATES = 10

# How much each shared thing weighs. A direct citation says most, then a shared cited ruling and a
# shared article of law; a shared topic or country says more than a shared legal area (almost
# every ruling here is "vreemdelingenrecht").
WEIGHT_CITES_THIS = 5.0
WEIGHT_CITED_HERE = 5.0
WEIGHT_SHARED_CITATION = 3.0
WEIGHT_SHARED_LAW = 2.0
WEIGHT_TOPIC = 1.5
WEIGHT_COUNTRY = 1.5
WEIGHT_AREA = 0.5
WEIGHT_TEXT = 3.0  # for the best text match, less for the next ones


def related_rulings(page, request) -> list[dict]:
    """Up to MAX_RELATED rulings for the visitor, best first: {title, url, court, date, ecli,
    reasons}."""
    member = request_is_member(request)
    if getattr(request, "is_preview", False):
        # An editor's preview shows the draft's classification; the cache is for the live page.
        return _related(page, request, member)
    return per_visibility(
        request,
        f"related-rulings:{page.pk}:{int(member)}",
        lambda: _related(page, request, member),
    )


def _law_labels(page) -> set[str]:
    """The ruling's articles of law, normalised as the search index's law facet has them (the
    court's data spaces one article in several ways)."""
    provisions = [ref for ref in page.legal_provisions or [] if isinstance(ref, dict)]
    return set(provision_labels(provisions))


def _pk_of(doc_id: str) -> int | None:
    """The page id in a ruling's index document id ("caselaw:42")."""
    try:
        return int(doc_id.split(":")[1])
    except (IndexError, ValueError):
        return None


def _related(page, request, member: bool) -> list[dict]:
    from knowledge.models import CaseLawPage, Citation, CountryPage
    from search.registry import filtered_ids, similar_documents

    # Citations by live rulings only (a subquery): articles citing the ruling are in "Aangehaald
    # in", not among the rulings, and must not use up the candidates.
    citations = Citation.objects.filter(source_page__in=CaseLawPage.objects.live().values("pk"))
    if not member:
        citations = citations.filter(members_only=False)
    scores: dict[int, float] = {}
    reasons: dict[int, list[str]] = {}

    def add(pk, weight, reason):
        scores[pk] = scores.get(pk, 0.0) + weight
        if reason not in reasons.setdefault(pk, []):
            reasons[pk].append(reason)

    # Rulings citing this one.
    for pk in citations.filter(target_ecli=page.ecli).values_list("source_page_id", flat=True)[
        :CANDIDATES_PER_SOURCE
    ]:
        add(pk, WEIGHT_CITES_THIS, _("cites this ruling"))
    # What this ruling cites (the portal's own rulings only, matched by ECLI below).
    cited = set(citations.filter(source_page=page).values_list("target_ecli", flat=True)[:200]) - {
        page.ecli
    }
    cited_pages = CaseLawPage.objects.live().filter(ecli__in=cited).values_list("pk", flat=True)
    for pk in cited_pages[:CANDIDATES_PER_SOURCE]:
        add(pk, WEIGHT_CITED_HERE, _("cited in this ruling"))
    # Rulings citing the same ECLIs.
    if cited:
        shared = (
            citations.filter(target_ecli__in=cited)
            .exclude(source_page=page)
            .values("source_page_id")
            .annotate(shared=Count("target_ecli", distinct=True))
            .order_by("-shared", "-source_page_id")[:CANDIDATES_PER_SOURCE]
        )
        for row in shared:
            count = row["shared"]
            reason = ngettext(
                "cites the same ruling", "cites %(count)d of the same rulings", count
            ) % {"count": count}
            add(row["source_page_id"], WEIGHT_SHARED_CITATION * min(count, 3), reason)

    # Rulings sharing topics, countries or legal areas: counted in the database, best first.
    # Through all(): in an editor's preview these are modelcluster's in-memory relations, which
    # know no values_list over "pk".
    topic_ids = [term.pk for term in page.topics.all()]
    country_ids = [term.pk for term in page.countries.all()]
    area_ids = [term.pk for term in page.legal_areas.all()]
    if topic_ids or country_ids:

        def shared_count(field, ids):
            # An aggregate filtered on an empty list makes the whole query empty on some
            # backends; a ruling without topics (or countries) shares none, a plain 0.
            if not ids:
                return Value(0)
            return Count(field, filter=Q(**{f"{field}__in": ids}), distinct=True)

        classified = (
            CaseLawPage.objects.live()
            .exclude(pk=page.pk)
            .filter(Q(topics__in=topic_ids) | Q(countries__in=country_ids))
            .annotate(
                n_topics=shared_count("topics", topic_ids),
                n_countries=shared_count("countries", country_ids),
            )
            .annotate(shared=F("n_topics") + F("n_countries"))
            .order_by("-shared", "-decision_date")
            .values_list("pk", flat=True)[:CANDIDATES_PER_SOURCE]
        )
        for pk in classified:
            scores.setdefault(pk, 0.0)

    # Rulings citing the same articles of law, newest first, through the search index's law
    # facet (the provisions are a JSON list, which no database index here can look into).
    own_laws = _law_labels(page)
    if own_laws:
        for doc_id in (
            filtered_ids(
                "caselaw", member=member, limit=CANDIDATES_PER_SOURCE, laws=sorted(own_laws)
            )
            or []
        ):
            pk = _pk_of(doc_id)
            if pk is not None:
                scores.setdefault(pk, 0.0)

    # Text: the search engine's "more like this" under the visitor's members rule.
    text_rank: dict[int, int] = {}
    for rank, (doc_id, _score) in enumerate(
        similar_documents(
            f"caselaw:{page.pk}", member=member, types=["caselaw"], limit=TEXT_CANDIDATES
        )
    ):
        pk = _pk_of(doc_id)
        if pk is None:
            continue
        text_rank[pk] = rank
        scores.setdefault(pk, 0.0)

    scores.pop(page.pk, None)
    if not scores:
        return []
    candidates = (
        visible_pages(CaseLawPage.objects.filter(pk__in=list(scores)), request)
        .exclude(pk=page.pk)
        # The texts stay in the database: a candidate needs its heading, not its judgment.
        .defer("full_text", "summary", "annotation", "relations")
        .prefetch_related("topics", "countries", "legal_areas")
    )
    own_topics, own_countries, own_areas = set(topic_ids), set(country_ids), set(area_ids)
    # A country page the visitor may not open is named by the country's common name only, as
    # everywhere else (knowledge.filters.visible_country_names).
    country_names = {
        country.pk: name
        for country, name, _open in visible_country_names(
            CountryPage.objects.filter(pk__in=own_countries), request
        )
    }
    related = []
    for candidate in candidates:
        pk = candidate.pk
        score = scores.get(pk, 0.0)
        why = list(reasons.get(pk, []))
        for label in sorted(_law_labels(candidate) & own_laws):
            score += WEIGHT_SHARED_LAW
            why.append(_("same article: %(law)s") % {"law": label})
        for topic in candidate.topics.all():
            if topic.pk in own_topics:
                score += WEIGHT_TOPIC
                why.append(_("same topic: %(topic)s") % {"topic": topic.name})
        for country in candidate.countries.all():
            if country.pk in own_countries:
                score += WEIGHT_COUNTRY
                why.append(_("same country: %(country)s") % {"country": country_names[country.pk]})
        for area in candidate.legal_areas.all():
            if area.pk in own_areas:
                score += WEIGHT_AREA
                why.append(_("same legal area: %(area)s") % {"area": area.name})
        if pk in text_rank:
            score += WEIGHT_TEXT * (1 - text_rank[pk] / TEXT_CANDIDATES)
            why.append(_("similar wording"))
        if score <= WEIGHT_AREA:
            continue  # a shared legal area alone relates nearly every ruling to every other
        related.append(
            (
                -score,
                -candidate.decision_date.toordinal(),
                pk,
                {
                    "title": candidate.title,
                    "url": candidate.get_url(request),
                    "court": candidate.court,
                    "date": candidate.decision_date,
                    "ecli": candidate.ecli,
                    "reasons": why,
                },
            )
        )
    related.sort(key=lambda item: item[:3])
    return [entry for *_key, entry in related[:MAX_RELATED]]
