import sys
from collections import Counter
from contextlib import nullcontext

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from knowledge import importing
from knowledge.rechtspraak.archive import (
    SourceError,
    SourceSkipped,
    count_sources,
    iter_sources,
)
from portal.progress import Progress


class DryRunRollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Import rulings from rechtspraak.nl open-data XML: files, folders and .zip archives "
        "(also zips inside folders and zips of zips, such as the bulk download). "
        "Upserts by ECLI; safe to run again. Exits non-zero if any file failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="XML files, folders or .zip archives")
        parser.add_argument(
            "--from-api",
            action="store_true",
            help="Fetch rulings from the rechtspraak.nl open-data API instead of files.",
        )
        parser.add_argument(
            "--since",
            help="With --from-api: rulings modified on or after this date (YYYY-MM-DD).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and report; write nothing."
        )

    def handle(self, *args, paths, from_api, since, dry_run, **options):
        if from_api and paths:
            raise CommandError("Give either paths or --from-api, not both.")
        if not from_api and not paths:
            raise CommandError("Give at least one file, folder or .zip archive (or --from-api).")
        try:
            parent = importing.default_parent()
        except importing.ImportSetupError as exc:
            raise CommandError(str(exc)) from exc

        if from_api:
            sources, total = self._api_sources(since)
        else:
            # Files are read one at a time while importing (a bulk download does not fit in
            # memory); a first pass without reading counts them for the progress bar.
            total = count_sources(paths)
            sources = iter_sources(paths)

        counts = Counter()
        progress = Progress(total, label="import", stream=self.stderr._out)
        try:
            # Only a dry run needs one enclosing transaction (to roll back); a real import
            # commits per file so a long run never holds the write lock throughout.
            with transaction.atomic() if dry_run else nullcontext():
                for name, data in sources:
                    outcome = self._import_one(name, data, parent)
                    counts[outcome.status] += 1
                    if outcome.status == importing.FAILED:
                        self.stderr.write(f"FAILED {name}: {outcome.message}")
                    elif outcome.status == importing.SKIPPED:
                        ecli = f" ({outcome.ecli})" if outcome.ecli else ""
                        self.stdout.write(f"skipped {name}{ecli}: {outcome.message}")
                    elif outcome.message:
                        # e.g. an updated ruling that was kept as a draft instead of published
                        self.stdout.write(
                            f"{outcome.status} {name} ({outcome.ecli}): {outcome.message}"
                        )
                    progress.advance(note=outcome.ecli)
                if dry_run:
                    raise DryRunRollback
        except DryRunRollback:
            self.stdout.write("dry run: nothing was written")
        progress.finish()

        summary = (
            f"imported {counts[importing.IMPORTED]}, updated {counts[importing.UPDATED]}, "
            f"unchanged {counts[importing.UNCHANGED]}, skipped {counts[importing.SKIPPED]}, "
            f"failed {counts[importing.FAILED]}"
        )
        self.stdout.write(summary)
        if counts[importing.FAILED]:
            sys.exit(1)

    def _import_one(self, name, data, parent):
        if isinstance(data, SourceSkipped):
            return importing.Outcome(importing.SKIPPED, message=data.message)
        if isinstance(data, SourceError):
            return importing.Outcome(importing.FAILED, message=data.message)
        # A savepoint per file: one broken ruling never undoes the others.
        try:
            with transaction.atomic():
                return importing.import_ruling(data, source=name, parent=parent)
        except Exception as exc:  # noqa: BLE001 - report and continue with the next file
            return importing.Outcome(importing.FAILED, message=f"{type(exc).__name__}: {exc}")

    def _api_sources(self, since):
        import datetime

        from knowledge.rechtspraak import api

        if not since:
            raise CommandError("--from-api needs --since YYYY-MM-DD.")
        try:
            since_date = datetime.date.fromisoformat(since)
        except ValueError as exc:
            raise CommandError(f"--since must be a date as YYYY-MM-DD, not {since!r}.") from exc
        try:
            eclis = list(api.iter_eclis(since_date))
        except api.ApiError as exc:
            raise CommandError(f"The open-data API did not answer: {exc}") from exc

        def fetch_all():
            for ecli in eclis:
                try:
                    yield ecli, api.fetch_ruling(ecli)
                except api.ApiError as exc:
                    yield ecli, SourceError(str(exc))

        return fetch_all(), len(eclis)
