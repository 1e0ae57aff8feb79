from pathlib import Path

from django.core.management.base import BaseCommand

from network.hsds.exporter import export_package


class Command(BaseCommand):
    help = "Export the directory as an Open Referral HSDS 3.0 tabular data package."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="folder to write the CSV files and datapackage.json")
        parser.add_argument(
            "--public",
            action="store_true",
            help="leave out contact details that only members of the network may see",
        )

    def handle(self, *args, directory, public, **options):
        target = Path(directory)
        counts = export_package(target, public_only=public, progress=self.stdout.write)
        for filename, count in counts.items():
            self.stdout.write(f"{filename}: {count} rows")
        total = sum(counts.values())
        self.stdout.write(
            self.style.SUCCESS(f"exported {total} rows in {len(counts)} files to {target}")
        )
