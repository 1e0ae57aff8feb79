from django import template
from django.utils.safestring import mark_safe

from knowledge.citations import linked_eclis_html
from network.membership import is_member

register = template.Library()


@register.simple_tag(takes_context=True)
def link_eclis(context, html):
    """Render stored, sanitised HTML with ECLIs linked to the portal's rulings."""
    request = context.get("request")
    member = is_member(getattr(request, "user", None))
    # The input is HTML we sanitised on import (nh3) or Wagtail rich text; links are added by us.
    return mark_safe(linked_eclis_html(str(html or ""), member))  # noqa: S308
