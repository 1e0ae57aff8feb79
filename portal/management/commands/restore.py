"""Restore an archive written by `manage.py backup`: the database, then the uploaded files.

Everything about the archive is checked before the database is touched: a damaged, foreign or
hostile archive ends with an error and leaves the database, MEDIA_ROOT and PRIVATE_MEDIA_ROOT as
they were."""

import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from portal import backups
from portal.progress import Progress


class Command(BaseCommand):
    help = (
        "Restore a backup archive (from `manage.py backup`) into the configured database, "
        "MEDIA_ROOT and PRIVATE_MEDIA_ROOT, then check the row counts against the archive's "
        "manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar.gz written by `manage.py backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that already holds data",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress output")

    def handle(self, *args, archive, force, no_progress, **options):
        started = time.monotonic()
        archive_path = Path(archive)
        vendor = connection.vendor
        if vendor not in backups.DUMP_NAMES:
            raise backups.BackupError(
                f"cannot restore into a {vendor} database; SQLite and PostgreSQL are supported"
            )
        if vendor == "sqlite":
            backups.sqlite_path(connection)  # refuses an in-memory database early
        media_root = Path(settings.MEDIA_ROOT)
        with tempfile.TemporaryDirectory(prefix="eno-restore-") as work:
            folder = Path(work)
            self.note(no_progress, f"checking {archive_path.name}")
            manifest = backups.unpack(archive_path, folder)
            backups.check_vendor(manifest, vendor)
            dump = folder / manifest["database"]["file"]
            if vendor == "sqlite":
                backups.check_sqlite_dump(dump)
            else:
                backups.check_postgresql_dump(dump)
            # The archive is sound; from here on the target is read, then replaced.
            if vendor == "sqlite":
                # A restore onto a new machine names a database file in a folder not made yet.
                backups.sqlite_path(connection).parent.mkdir(parents=True, exist_ok=True)
            if not force:
                self.refuse_if_not_empty()
            self.note(no_progress, f"database: restoring the {vendor} database")
            if vendor == "sqlite":
                backups.restore_sqlite(connection, dump)
            else:
                backups.restore_postgresql(connection, dump)
            files = manifest["media"]["files"]
            progress = None
            if files and not no_progress:
                progress = Progress(files, label="media", stream=self.stderr._out)
            restored_files = backups.restore_media(folder, media_root, progress)
            if progress:
                progress.finish()
            private_files = manifest[backups.PRIVATE_DIR]["files"]
            progress = None
            if private_files and not no_progress:
                progress = Progress(private_files, label="private", stream=self.stderr._out)
            restored_private = backups.restore_media(
                folder, Path(settings.PRIVATE_MEDIA_ROOT), progress, backups.PRIVATE_DIR
            )
            if progress:
                progress.finish()
        self.clear_caches()
        checked_rows = self.verify(manifest["counts"])
        self.hints()
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"restored {archive_path.name} (made {manifest['created']}): {vendor} database "
                f"with {checked_rows} rows in {len(manifest['counts'])} counted tables, all "
                f"matching the manifest, {backups.plural(restored_files, 'media file')}, "
                f"{backups.plural(restored_private, 'private file')} in {elapsed:.1f} s"
            )
        )

    def refuse_if_not_empty(self) -> None:
        wanted = backups.data_tables() & backups.existing_tables(connection)
        tables = [entry for entry in backups.counted_tables() if entry.table in wanted]
        with connection.cursor() as cursor:
            counts = backups.count_rows(cursor, connection.ops.quote_name, tables)
        filled = {label: entry["rows"] for label, entry in counts.items() if entry["rows"]}
        if filled:
            shown = ", ".join(f"{label} {rows}" for label, rows in sorted(filled.items())[:5])
            more = f" and {len(filled) - 5} more tables" if len(filled) > 5 else ""
            raise backups.BackupError(
                f"the database already holds data ({shown}{more}); nothing was changed. "
                "Restore with --force to replace it"
            )

    def clear_caches(self) -> None:
        """Cached pages and lookups describe the data before the restore; a shared cache (files
        under var/cache, Redis) would go on serving them to every process."""
        for alias in settings.CACHES:
            try:
                caches[alias].clear()
            except Exception as error:  # noqa: BLE001 - the restore itself has succeeded
                self.stderr.write(f"could not empty the cache {alias!r}: {error}")

    def verify(self, expected: dict[str, dict]) -> int:
        present = backups.existing_tables(connection)
        tables = [
            backups.CountedTable(label, entry["table"])
            for label, entry in expected.items()
            if entry["table"] in present
        ]
        with connection.cursor() as cursor:
            found = backups.count_rows(cursor, connection.ops.quote_name, tables)
        differences = []
        for label, entry in sorted(expected.items()):
            if label not in found:
                differences.append(f"{label}: table {entry['table']} is missing")
            elif (rows := found[label]["rows"]) != entry["rows"]:
                differences.append(f"{label}: {rows} rows, expected {entry['rows']}")
        if differences:
            raise backups.BackupError(
                "the database was restored, but its row counts differ from the manifest: "
                + "; ".join(differences)
            )
        return backups.total_rows(found)

    def hints(self) -> None:
        executor = MigrationExecutor(connection)
        missing = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if missing:
            self.stdout.write(
                f"the restored database lacks {len(missing)} migrations of this code: "
                "run `manage.py migrate`"
            )
        if getattr(settings, "SEARCH_ENGINE", "database") != "database":
            self.stdout.write(
                "the search index lives outside the database: run `manage.py rebuild_search_index`"
            )

    def note(self, quiet: bool, text: str) -> None:
        if not quiet:
            # Plain text: stderr's default style is the error colour.
            self.stderr.write(text, style_func=str)
