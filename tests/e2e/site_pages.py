"""Every page type of the demo site, found in the database rather than by known slugs, so the
checks follow the demo content and any page type added to this list."""

from django.urls import reverse
from wagtail.models import Page

# A visitor's phone widths: the narrowest in use (320 px) and a common one (390 px).
PHONE_WIDTHS = (320, 390)


def _first_public(model) -> Page:
    page = model.objects.live().public().order_by("path").first()
    assert page is not None, f"the demo site has no public {model.__name__}"
    return page


def public_page_types() -> dict[str, str]:
    """Name of the page type -> a path on the demo site that a visitor may open."""
    from knowledge.models import (
        ArticleIndexPage,
        ArticlePage,
        CaseLawIndexPage,
        CaseLawPage,
        CountryIndexPage,
        CountryPage,
        ProtocolIndexPage,
        ProtocolPage,
    )
    from network.models import Event, Organisation

    pages = {"home": "/"}
    for name, model in [
        ("country section", CountryIndexPage),
        ("country", CountryPage),
        ("case law section", CaseLawIndexPage),
        ("ruling", CaseLawPage),
        ("protocol section", ProtocolIndexPage),
        ("protocol", ProtocolPage),
        ("article section", ArticleIndexPage),
        ("article", ArticlePage),
    ]:
        pages[name] = _first_public(model).url
    pages["glossary"] = reverse("knowledge:glossary")
    pages["search results"] = reverse("search:search") + "?q=asiel"
    pages["directory"] = reverse("network:directory")
    organisation = Organisation.objects.active().order_by("name").first()
    pages["organisation"] = organisation.get_absolute_url()
    pages["events"] = reverse("network:events")
    event = Event.objects.visible_to(None).order_by("start").first()
    if event is not None:
        pages["event"] = event.get_absolute_url()
    pages["login"] = reverse("login")
    pages["faq"] = reverse("network:faq")
    pages["not found"] = "/deze-pagina-bestaat-niet/"
    return pages


def member_page_types() -> dict[str, str]:
    """Pages only a member opens (the demo member is signed in for these)."""
    return {"experts": reverse("network:experts")}
