from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

# Order matters: pages need their parents. Each app adds its loader here as it grows.
DEMO_LOADERS = [
    "portal.demo.load_home",
    "knowledge.demo.load_sections",
    "network.demo.load_network",
    "knowledge.demo.load_vocabulary",
    "knowledge.demo.load_countries",
    "knowledge.demo.load_protocols",
    "knowledge.demo.load_caselaw",
    "knowledge.demo.load_articles",
]


class Command(BaseCommand):
    help = "Load the Dutch demo content. Safe to run again: only missing content is added."

    def handle(self, *args, **options):
        totals: dict[str, int] = {}
        for index, dotted in enumerate(DEMO_LOADERS, start=1):
            loader = import_string(dotted)
            self.stdout.write(f"[{index}/{len(DEMO_LOADERS)}] {dotted}")
            with transaction.atomic():
                counts = loader(stdout=self.stdout) or {}
            for key, value in counts.items():
                totals[key] = totals.get(key, 0) + value
        summary = ", ".join(f"{key} {value}" for key, value in totals.items())
        self.stdout.write(self.style.SUCCESS(f"demo content loaded: created {summary}"))
