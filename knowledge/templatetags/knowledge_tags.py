from django import template
from django.utils.safestring import mark_safe

from knowledge.citations import cited_eclis, citing_groups, citing_pages, linked_html
from knowledge.filters import visible_country_names
from knowledge.follows import is_following
from knowledge.models import CaseLawPage
from knowledge.related import related_rulings

register = template.Library()


@register.simple_tag
def link_eclis(html):
    """Render stored, sanitised HTML with its ECLIs and law references as links (the same for
    every visitor: see knowledge.citations.linked_html)."""
    # The input is HTML we sanitised on import (nh3) or Wagtail rich text; links are added by us.
    return mark_safe(linked_html(str(html or "")))  # noqa: S308


@register.simple_tag(takes_context=True)
def ruling_cites(context, page):
    """What the ruling cites, as this visitor may see it."""
    return cited_eclis(page, context.get("request"))


@register.simple_tag(takes_context=True)
def ruling_cited_by(context, page):
    """The pages that cite the ruling ("Aangehaald in"), as this visitor may see them."""
    return citing_pages(page.ecli, context.get("request"), exclude_page=page)


@register.simple_tag(takes_context=True)
def similar_rulings(context, page):
    """'Vergelijkbare uitspraken': related rulings as this visitor may see them."""
    if not page.pk:
        return []
    return related_rulings(page, context.get("request"))


@register.simple_tag
def grouped_by_kind(pages):
    """Citing pages grouped by kind (rulings, articles, country pages, ...)."""
    return citing_groups(pages)


@register.simple_tag(takes_context=True)
def countries_of(context, page):
    """The countries a page concerns, as this visitor may see them: the country page's name and
    link where the visitor may open it, else the country's common Dutch name without a link."""
    request = context.get("request")
    # From the database by id: a preview or a revision holds its countries in memory only.
    chosen = [country.pk for country in page.countries.all()]
    countries = page._meta.get_field("countries").related_model.objects.filter(pk__in=chosen)
    return [
        {"name": name, "url": page.get_url(request) if is_open else ""}
        for page, name, is_open in visible_country_names(countries, request)
    ]


@register.inclusion_tag("knowledge/includes/follow_button.html", takes_context=True)
def follow_button(context, page):
    """The follow button ("Volg deze uitspraak", "Volg dit land"): a form for a signed-in user,
    a login link for anyone else. The form (and its CSRF token) is only ever in a signed-in
    user's page, which the page cache neither serves nor stores; the anonymous version is the
    same for everyone."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "request": request,
        "user": user,
        "page": page,
        "is_ruling": isinstance(page, CaseLawPage),
        "following": is_following(user, page),
    }
