"""Demo content: the registry that `manage.py load_demo` runs, and the portal's own loader, the
home page. The portal imports no content app, so each app registers its loaders from its
AppConfig.ready() and keeps its Dutch texts in TOML files in its own demo_data/ folder.

A loader takes an optional `stdout`, creates what is missing, never overwrites what exists (an
editor may have changed it), and returns what it created as {"what": count}."""

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from wagtail.models import Page, Site

from portal.models import HomePage


@dataclass(frozen=True)
class DemoLoader:
    name: str
    function: Callable[..., dict | None]
    order: int

    @property
    def label(self) -> str:
        return f"{self.function.__module__}.{self.function.__qualname__}"


_loaders: dict[str, DemoLoader] = {}


def register_demo_loader(name: str, function: Callable[..., dict | None], *, order: int) -> None:
    """Have `load_demo` run `function`. Loaders run by ascending order, so a loader needs a higher
    order than the loaders whose content it builds on: the home page is 0, and a page comes after
    its parent. Registering a name again replaces its loader, so a repeated ready() is harmless."""
    _loaders[name] = DemoLoader(name, function, order)


def demo_loaders() -> list[DemoLoader]:
    return sorted(_loaders.values(), key=lambda loader: (loader.order, loader.name))


def demo_data_dir(app_label: str) -> Path:
    return Path(apps.get_app_config(app_label).path) / "demo_data"


def read_demo_data(app_label: str, filename: str) -> dict:
    with (demo_data_dir(app_label) / filename).open("rb") as file:
        return tomllib.load(file)


def load_home(stdout=None) -> dict:
    data = read_demo_data("portal", "home.toml")
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
            title=data["title"],
            slug=slug,
            intro=data["intro"],
            body=data["body"],
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
            site_name=data["site_name"],
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = site.site_name or data["site_name"]
        site.save()
    return {"home page": created}


def get_home() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        load_home()
        home = HomePage.objects.get()
    return home


register_demo_loader("portal.home", load_home, order=0)
