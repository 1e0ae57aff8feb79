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
        parser.add_argument(
            "--batch-size",
            type=int,
            default=importing.BATCH_SIZE,
            help=f"New rulings written together (default {importing.BATCH_SIZE}).",
        )

    def handle(self, *args, paths, from_api, since, dry_run, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
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
            # commits per batch so a long run never holds the write lock throughout.
            with transaction.atomic() if dry_run else nullcontext():
                batch = []
                for item in sources:
                    batch.append(item)
                    if len(batch) == batch_size:
                        self._import_batch(batch, parent, counts, progress)
                        batch = []
                self._import_batch(batch, parent, counts, progress)
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

    def _import_batch(self, batch, parent, counts, progress):
        """Import a batch of files (new rulings together, in one transaction; see
        knowledge.importing.bulk) and report each file in order."""
        outcomes = {}
        files = []
        for position, (name, data) in enumerate(batch):
            if isinstance(data, SourceSkipped):
                outcomes[position] = importing.Outcome(importing.SKIPPED, message=data.message)
            elif isinstance(data, SourceError):
                outcomes[position] = importing.Outcome(importing.FAILED, message=data.message)
            else:
                files.append((position, name, data))
        imported = importing.import_batch([(name, data) for _, name, data in files], parent)
        outcomes.update(zip((position for position, _, _ in files), imported, strict=True))
        for position, (name, _data) in enumerate(batch):
            self._report(name, outcomes[position], counts, progress)

    def _report(self, name, outcome, counts, progress):
        counts[outcome.status] += 1
        if outcome.status == importing.FAILED:
            self.stderr.write(f"FAILED {name}: {outcome.message}")
        elif outcome.status == importing.SKIPPED:
            ecli = f" ({outcome.ecli})" if outcome.ecli else ""
            self.stdout.write(f"skipped {name}{ecli}: {outcome.message}")
        elif outcome.message:
            # e.g. an updated ruling that was kept as a draft instead of published
            self.stdout.write(f"{outcome.status} {name} ({outcome.ecli}): {outcome.message}")
        progress.advance(note=outcome.ecli)

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
