from django.core.management.base import BaseCommand, CommandError

from network.hsds.importing import import_package


class Command(BaseCommand):
    help = (
        "Import an Open Referral HSDS package (3.0, or the 1.x/2.x CSV layouts) into the "
        "directory. Records are matched by their HSDS id: existing ones are updated. Safe to "
        "run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="folder with the CSV files (and datapackage.json)")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, but change nothing"
        )

    def handle(self, *args, directory, dry_run, **options):
        report = import_package(directory, progress=self.stdout.write, dry_run=dry_run)
        for problem in report.problems:
            style = self.style.ERROR if problem.severity == "error" else self.style.WARNING
            self.stderr.write(style(str(problem)))
        prefix = "dry run, nothing saved: " if dry_run else "imported: "
        summary = prefix + report.summary()
        if not report.errors:
            self.stdout.write(self.style.SUCCESS(summary))
            return
        # The summary stays the last line of the output; the exit status (1) tells scripts and
        # cron that rows or files were skipped, even though the good rows were imported.
        self.stdout.write(self.style.ERROR(summary))
        raise CommandError(
            f"{len(report.errors)} errors: the rows and files listed above were not imported."
        )
