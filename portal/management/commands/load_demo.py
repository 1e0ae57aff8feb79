from django.core.management.base import BaseCommand
from django.db import transaction

from portal.demo import demo_loaders


class Command(BaseCommand):
    help = "Load the Dutch demo content. Safe to run again: only missing content is added."

    def handle(self, *args, **options):
        # The apps registered their loaders in ready(); this command knows none of them by name.
        loaders = demo_loaders()
        totals: dict[str, int] = {}
        for index, loader in enumerate(loaders, start=1):
            self.stdout.write(f"[{index}/{len(loaders)}] {loader.label}")
            # One transaction per loader: a failing loader leaves the ones before it in place.
            with transaction.atomic():
                counts = loader.function(stdout=self.stdout) or {}
            for key, value in counts.items():
                totals[key] = totals.get(key, 0) + value
        summary = ", ".join(f"{key} {value}" for key, value in totals.items())
        self.stdout.write(self.style.SUCCESS(f"demo content loaded: created {summary}"))
