"""Write the database and the uploaded files into one archive; `restore` reads it back.

What the archive holds is described in portal/backups.py and in the README ("Backups")."""

import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from portal import backups
from portal.progress import Progress


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite copy or pg_dump), MEDIA_ROOT and PRIVATE_MEDIA_ROOT into "
        "one .tar.gz archive "
        "with a manifest of row counts. Restore it with `manage.py restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="archive file to write, or a folder for it (default: VAR_DIR/backups/)",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress output")

    def handle(self, *args, output, no_progress, **options):
        started = time.monotonic()
        vendor = connection.vendor
        if vendor not in backups.DUMP_NAMES:
            raise backups.BackupError(
                f"cannot back up a {vendor} database; SQLite and PostgreSQL are supported"
            )
        target = self.target(output)
        if target.exists():
            raise backups.BackupError(f"{target} already exists; choose another --output")
        media_root = Path(settings.MEDIA_ROOT)
        private_root = Path(settings.PRIVATE_MEDIA_ROOT)
        # The proxy serves MEDIA_ROOT, and the next backup would pack this one in again.
        for name, root in (("MEDIA_ROOT", media_root), ("PRIVATE_MEDIA_ROOT", private_root)):
            if target.resolve().is_relative_to(root.resolve()):
                raise backups.BackupError(
                    f"{target} is inside {name} ({root}); write backups somewhere else"
                )
        target.parent.mkdir(parents=True, exist_ok=True)
        # The dump is written beside the archive, not in /tmp: it can be as large as the database.
        with tempfile.TemporaryDirectory(prefix=".eno-backup-", dir=target.parent) as work:
            dump = Path(work) / backups.DUMP_NAMES[vendor]
            self.note(no_progress, f"database: copying the {vendor} database")
            if vendor == "sqlite":
                counts = backups.dump_sqlite(connection, dump)
            else:
                counts = backups.dump_postgresql(connection, dump)
            media = backups.media_files(media_root)
            private = backups.media_files(private_root, backups.PRIVATE_DIR)
            created = timezone.now().isoformat(timespec="seconds")
            manifest = backups.build_manifest(vendor, dump, counts, media, created, private)
            files = media + private
            progress = None
            if files and not no_progress:
                progress = Progress(len(files), label="files", stream=self.stderr._out)
            backups.write_archive(target, manifest, dump, files, progress)
            if progress:
                progress.finish()
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"backed up to {target} ({backups.human_size(target.stat().st_size)}): "
                f"{vendor} database with {backups.total_rows(counts)} rows in {len(counts)} "
                f"counted tables, {backups.plural(len(media), 'media file')} "
                f"({backups.human_size(manifest['media']['bytes'])}), "
                f"{backups.plural(len(private), 'private file')} "
                f"({backups.human_size(manifest['private']['bytes'])}) in {elapsed:.1f} s"
            )
        )

    @staticmethod
    def target(output: str | None) -> Path:
        name = f"eno-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
        if not output:
            return Path(settings.VAR_DIR) / "backups" / name
        path = Path(output)
        if path.is_dir() or output.endswith(("/", "\\")):
            return path / name
        return path

    def note(self, quiet: bool, text: str) -> None:
        if not quiet:
            # Plain text: stderr's default style is the error colour.
            self.stderr.write(text, style_func=str)
