"""The search page, the JSON API and suggestions. Every answer is computed for the requesting
user: members search everything, everyone else the public part only."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.access import request_is_member
from portal.safejson import escape_for_html
from search import labels, service
from search.engines.base import FACETS, MAX_RESULT_WINDOW
from search.models import SavedSearch
from search.query import without_control_characters

# Facet name -> the GET parameter that filters on it.
FACET_PARAMS = {
    "type": "type",
    "country": "country",
    "topic": "topic",
    "tag": "tag",
    "court": "court",
    "legal_area": "legal_area",
    "law": "law",
}
FILTER_PARAMS = (*FACET_PARAMS.values(), "year_from", "year_to")
MIN_SUGGEST_LENGTH = 2


class SafeJSONEncoder(DjangoJSONEncoder):
    """JSON in which <, > and & appear only as \\u escapes, so that a query echoed in an API
    answer cannot become markup even where a client mistakes the answer for HTML."""

    def encode(self, o):
        return escape_for_html(super().encode(o))


def _json(body):
    return JsonResponse(body, encoder=SafeJSONEncoder)


def _private(response):
    # Results differ per user; no shared cache may keep a member's answer for someone else.
    patch_vary_headers(response, ["Cookie"])
    patch_cache_control(response, private=True, no_store=True)
    return response


def _url(params, **changes) -> str:
    params = params.copy()
    params.pop("page", None)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params.setlist(key, value if isinstance(value, list) else [value])
    encoded = params.urlencode()
    return "?" + encoded if encoded else "?"


class _EngineMatches:
    """The matches as Django's Paginator sees them: a count, capped at what the engine can page
    through, and no rows, because the engine returns the hits of the requested page itself."""

    def __init__(self, total: int):
        self.total = min(total, MAX_RESULT_WINDOW)

    def count(self) -> int:
        return self.total

    def __getitem__(self, index):
        return []


def _page_obj(query, results):
    return Paginator(_EngineMatches(results.total), query.per_page).get_page(query.page)


def _facet_groups(request, results):
    value_labels = labels.value_labels(results.facets)
    groups = []
    for name in FACETS:
        values = results.facets.get(name, [])
        if not values:
            continue
        param = FACET_PARAMS.get(name)
        selected = request.GET.getlist(param) if param else []
        items = []
        for item in values:
            if name == "year":
                url = _url(request.GET, year_from=item.value, year_to=item.value)
                active = request.GET.get("year_from") == item.value == request.GET.get("year_to")
            else:
                active = item.value in selected
                url = _url(request.GET, **{param: None if active else item.value})
            items.append(
                {
                    "value": item.value,
                    "label": value_labels.get((name, item.value), item.value),
                    "count": item.count,
                    "url": url,
                    "active": active,
                }
            )
        groups.append({"name": name, "label": labels.FACET_LABELS[name], "items": items})
    return groups


def _active_filters(request):
    active = []
    for name, param in FACET_PARAMS.items():
        for value in request.GET.getlist(param):
            if not value.strip():
                continue
            remaining = [v for v in request.GET.getlist(param) if v != value]
            if name == "type":
                label = labels.type_label(value)
            elif name == "country":
                label = labels.country_label(value)
            else:
                label = value
            active.append(
                {
                    "facet": labels.FACET_LABELS[name],
                    "label": label,
                    "remove_url": _url(request.GET, **{param: remaining or None}),
                }
            )
    return active


@require_GET
def search(request):
    member = request_is_member(request)
    query = service.query_from_params(request.GET, member)
    results = None
    if query.text.strip() or query.has_filters:
        results = service.run_search(query)
    context = {
        "query": query.text,
        "search_query": query,
        "results": results,
        "is_member": member,
        "sort_options": [
            ("relevance", _("Relevance")),
            ("date", _("Date, newest first")),
        ],
        "filter_params": [
            (key, value)
            for key in FILTER_PARAMS
            if key not in ("year_from", "year_to")
            for value in request.GET.getlist(key)
        ],
        "clear_filters_url": _url(request.GET, **dict.fromkeys(FILTER_PARAMS)),
        # The "save this search" form under the results (search/alert_views.py).
        "save_frequencies": SavedSearch.FREQUENCIES,
        "saved_searches_url": reverse("search:saved_searches"),
    }
    if results is not None:
        for hit in results.hits:
            hit.type_label = labels.type_label(hit.type)
        context.update(
            {
                "facet_groups": _facet_groups(request, results),
                "active_filters": _active_filters(request),
                "page_obj": _page_obj(query, results),
                "first_number": query.offset + 1,
                "suggestion_url": _url(request.GET, q=results.suggestion or None),
                "original_url": _url(request.GET, q=results.corrected_from or None),
            }
        )
    return _private(render(request, "search/search.html", context))


@require_GET
def api_search(request):
    member = request_is_member(request)
    query = service.query_from_params(request.GET, member)
    if not query.text.strip() and not query.has_filters:
        body = {
            "query": query.text,
            "total": 0,
            "engine": service.get_engine().name,
            "degraded": False,
            "results": [],
            "facets": {},
            "message": _("Type one or more words, a phrase in quotes, an ECLI or a case number."),
        }
        return _private(_json(body))
    results = service.run_search(query)
    body = {
        "query": query.text,
        "total": results.total,
        # True: there are more matches than `total`, the engine stopped counting there.
        "total_capped": results.total_capped,
        "engine": results.engine,
        "degraded": results.degraded,
        "page": query.page,
        "num_pages": results.num_pages,
        "results": [hit.as_dict() for hit in results.hits],
        "facets": results.facets_as_dict(),
        "facets_sampled": results.facets_sampled,
    }
    if results.message:
        body["message"] = results.message
    if results.suggestion:
        body["suggestion"] = results.suggestion
    if results.corrected_from:
        # The results are those of the corrected query in "query".
        body["corrected_from"] = results.corrected_from
        body["query"] = results.query.text
    if results.relaxed:
        # No result holds every word; these hold some of them.
        body["relaxed"] = True
    if results.partial_hits:
        # Below a first page the full matches do not fill: results holding some of the words.
        body["partial_results"] = [hit.as_dict() for hit in results.partial_hits]
    if results.notice:
        body["notice"] = results.notice
    return _private(_json(body))


@require_GET
def api_suggest(request):
    member = request_is_member(request)
    text = without_control_characters(request.GET.get("q", "")[:200])
    suggestions = []
    if len(text.strip()) >= MIN_SUGGEST_LENGTH:
        suggestions = service.get_engine().suggest(text, member)
    return _private(_json({"query": text, "suggestions": suggestions}))
