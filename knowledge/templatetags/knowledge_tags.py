from django import template
from django.utils.safestring import mark_safe

from knowledge.citations import cited_eclis, citing_pages, linked_eclis_html
from portal.access import is_member

register = template.Library()


@register.simple_tag(takes_context=True)
def link_eclis(context, html):
    """Render stored, sanitised HTML with ECLIs linked to the portal's rulings."""
    request = context.get("request")
    member = is_member(getattr(request, "user", None))
    # The input is HTML we sanitised on import (nh3) or Wagtail rich text; links are added by us.
    return mark_safe(linked_eclis_html(str(html or ""), member))  # noqa: S308


def _member(context) -> bool:
    return is_member(getattr(context.get("request"), "user", None))


@register.simple_tag(takes_context=True)
def ruling_cites(context, page):
    """What the ruling cites, as this visitor may see it."""
    return cited_eclis(page, _member(context))


@register.simple_tag(takes_context=True)
def ruling_cited_by(context, page):
    """The pages that cite the ruling ("Aangehaald in"), as this visitor may see them."""
    return citing_pages(page.ecli, _member(context), exclude_page=page)
