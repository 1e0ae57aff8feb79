from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from portal.access import visible_pages
from portal.cache import per_visibility

register = template.Library()

# Sections served by Django views rather than pages; shown once their app provides the URL.
VIEW_SECTIONS = [
    ("network:directory", _("Organisations")),
    ("network:events", _("Agenda")),
    ("network:faq", _("Frequently asked questions")),
    ("knowledge:glossary", _("Glossary")),
    ("search:search", _("Search")),
]


def _menu_pages(root, request) -> list[dict]:
    pages = visible_pages(root.get_children().in_menu(), request).specific()
    # A page type may name itself in the visitor's language (knowledge's sections do); the cache
    # key holds the language.
    return [
        {"title": getattr(page, "display_title", page.title), "url": page.get_url(request)}
        for page in pages
    ]


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    items = []
    site = Site.find_for_request(request) if request else None
    if site is not None:
        # The same for everyone who may open the same pages, until content changes.
        cached = per_visibility(
            request, f"main-menu:{site.pk}", lambda: _menu_pages(site.root_page, request)
        )
        items = [dict(item) for item in cached]
    for url_name, label in VIEW_SECTIONS:
        try:
            items.append({"title": label, "url": reverse(url_name)})
        except NoReverseMatch:
            continue
    current = request.path if request else ""
    for item in items:
        url = item["url"] or ""
        item["active"] = bool(url) and url != "/" and current.startswith(url)
    return {"items": items, "request": request}


@register.simple_tag(takes_context=True)
def search_url(context):
    try:
        return reverse("search:search")
    except NoReverseMatch:
        return ""


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced, for pagination and filter links."""
    request = context.get("request")
    params = request.GET.copy() if request else {}
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()
