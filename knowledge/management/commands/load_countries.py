from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from knowledge.models import CountryIndexPage, CountryPage
from portal.countries import all_countries, dutch_name, english_name, lookup
from portal.progress import Progress


class Command(BaseCommand):
    help = (
        "Create a country page for every ISO 3166 country, with Dutch and English names. "
        "Existing pages keep everything an editor wrote; only empty names are filled in."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--only", help="Comma-separated ISO codes (e.g. SY,AF,ER) instead of all countries."
        )

    def handle(self, *args, only=None, **options):
        parent = CountryIndexPage.objects.first()
        if parent is None:
            raise CommandError("There is no country section; run `manage.py load_demo` first.")
        if only:
            countries = []
            for code in only.split(","):
                country = lookup(code.strip())
                if country is None:
                    raise CommandError(f"{code.strip()!r} is not an ISO 3166 alpha-2 code.")
                countries.append(country)
        else:
            countries = all_countries()

        existing = {p.iso_code: p for p in CountryPage.objects.all()}
        created = filled = unchanged = 0
        progress = Progress(len(countries), label="countries", stream=self.stderr._out)
        for country in countries:
            page = existing.get(country.alpha_2)
            if page is None:
                name_nl = dutch_name(country)
                page = CountryPage(
                    title=name_nl,
                    slug=slugify(f"{name_nl}")[:200] or country.alpha_2.lower(),
                    iso_code=country.alpha_2,
                    name_nl=name_nl,
                    name_en=english_name(country),
                )
                if parent.get_children().filter(slug=page.slug).exists():
                    page.slug = f"{page.slug}-{country.alpha_2.lower()}"
                with transaction.atomic():
                    parent.add_child(instance=page)
                    page.save_revision().publish()
                created += 1
            else:
                changed = False
                if not page.name_nl:
                    page.name_nl = dutch_name(country)
                    changed = True
                if not page.name_en:
                    page.name_en = english_name(country)
                    changed = True
                if changed:
                    page.save(update_fields=["name_nl", "name_en"])
                    filled += 1
                else:
                    unchanged += 1
            progress.advance(note=country.alpha_2)
        progress.finish()
        self.stdout.write(
            f"countries: created {created}, names filled {filled}, unchanged {unchanged}"
        )
