"""Demo content for the site root: the home page. Creates what is missing, never overwrites."""

from wagtail.models import Page, Site

from portal.models import HomePage

HOME_INTRO = (
    "Betrouwbare kennis voor iedereen die mensen zonder verblijfsvergunning in Nederland "
    "ondersteunt: landeninformatie, jurisprudentie, werkinstructies en een netwerk van "
    "organisaties door het hele land."
)
HOME_BODY = (
    "<p>Het Expertise Netwerk Ongedocumenteerden (ENO) verbindt lokale organisaties, "
    "advocaten, medische hulpverleners en gemeenten die ongedocumenteerden bijstaan. Het "
    "kenniscentrum verzamelt wat in het netwerk bekend is, maakt het doorzoekbaar en deelt het "
    "terug: zo hoeft niet elke organisatie zelf het wiel uit te vinden.</p>"
    "<p>Een deel van de kennis is openbaar. Leden van het netwerk lezen daarnaast de "
    "besloten annotaties, de landeninformatie voor de praktijk en de werkinstructies van "
    "collega-organisaties. Nog geen lid? Neem contact op met de netwerkcoördinator.</p>"
)


def load_home(stdout=None) -> dict:
    created = 0
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's installation creates a "Welcome" page; the portal's home replaces it.
        welcome = (
            root.get_children().filter(slug="home").exclude(content_type__model="homepage").first()
        )
        slug = "home"
        if welcome is not None and welcome.get_children_count() == 0:
            welcome.delete()
        elif welcome is not None:
            slug = "portal"
        home = HomePage(
            title="ENO Kennisportaal",
            slug=slug,
            intro=HOME_INTRO,
            body=HOME_BODY,
            show_in_menus=False,
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        created += 1
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="ENO Kennisportaal",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = site.site_name or "ENO Kennisportaal"
        site.save()
    return {"home page": created}


def get_home() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        load_home()
        home = HomePage.objects.get()
    return home
