"""Backup archives: the database and the uploaded files of the portal in one .tar.gz.

An archive (format version 2) holds, in this order:

    manifest.json       what is inside; first, so a restore reads it before anything else
    database.sqlite3    SQLite: a consistent copy made with SQLite's online backup API
    database.pgdump     PostgreSQL: `pg_dump --format=custom`
    media/...           the files under MEDIA_ROOT
    private/...         the files under PRIVATE_MEDIA_ROOT (helpdesk attachments; since version 2)

The manifest records the row counts of the main tables, taken from the same snapshot as the
dump, so a restore can prove that it brought back what the backup saw.

`manage.py backup` and `manage.py restore` are the front ends; this module holds what both need.
The portal imports no content app (see README, Architecture), so the counted models are found
through the app registry by label."""

import gzip
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import OperationalError, transaction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

FORMAT = "eno-backup"
FORMAT_VERSION = 2
# Version 1 archives (before helpdesk attachments) have no private part and restore as before.
READABLE_VERSIONS = (1, 2)
MANIFEST_NAME = "manifest.json"
MEDIA_DIR = "media"
# Files that no URL serves: in the archive beside the media, restored to PRIVATE_MEDIA_ROOT.
PRIVATE_DIR = "private"
FILE_PARTS = (MEDIA_DIR, PRIVATE_DIR)
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# Every model of these apps is counted, plus the Wagtail and auth models in counted_tables().
PROJECT_APPS = ("portal", "knowledge", "network", "search")
# A backup or restore waits this long for other writers to let go of a SQLite database, then
# gives up instead of retrying for ever.
SQLITE_LOCK_TIMEOUT = 60
CHUNK = 1024 * 1024
TABLE_NAME = re.compile(r"^[A-Za-z0-9_]{1,128}$")


class BackupError(CommandError):
    """Something about an archive or a database that the operator has to fix; the message says
    what. Raised before the database is touched wherever that is possible."""


@dataclass(frozen=True)
class CountedTable:
    label: str
    table: str


def counted_tables() -> list[CountedTable]:
    models = []
    for app_label in PROJECT_APPS:
        models += apps.get_app_config(app_label).get_models()
    models += [Page, get_document_model(), get_image_model(), get_user_model()]
    seen: set[str] = set()
    tables = []
    for model in models:
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in seen:
            continue
        seen.add(meta.db_table)
        tables.append(CountedTable(meta.label, meta.db_table))
    return tables


def data_tables() -> set[str]:
    """Tables whose rows mean the database holds the portal's data. Pages are left out: a freshly
    migrated database already has Wagtail's root and welcome pages."""
    return {entry.table for entry in counted_tables() if entry.label != Page._meta.label}


def count_rows(cursor, quote_name, tables: list[CountedTable]) -> dict[str, dict]:
    counts = {}
    for entry in tables:
        # The table name comes from model metadata or a validated manifest, never from a user.
        cursor.execute(f"SELECT COUNT(*) FROM {quote_name(entry.table)}")  # noqa: S608
        counts[entry.label] = {"table": entry.table, "rows": cursor.fetchone()[0]}
    return counts


def existing_tables(connection) -> set[str]:
    try:
        with connection.cursor() as cursor:
            return set(connection.introspection.table_names(cursor))
    except OperationalError as error:
        raise BackupError(f"cannot reach the database: {error}") from error


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def total_rows(counts: dict[str, dict]) -> int:
    return sum(entry["rows"] for entry in counts.values())


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    value = size / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


# SQLite


def sqlite_path(connection) -> Path:
    name = str(connection.settings_dict["NAME"])
    if not name or name == ":memory:" or "mode=memory" in name:
        raise BackupError(
            "the configured SQLite database lives in memory; backup and restore need a database "
            "file (set DATABASE_URL=sqlite:////path/to/db.sqlite3)"
        )
    return Path(name)


def sqlite_copy(source: sqlite3.Connection, target: sqlite3.Connection, what: str) -> None:
    """Copy a whole database with SQLite's online backup API: one step, so the copy is one
    consistent snapshot, and into the target in one transaction, so a failure leaves it as it
    was. Python retries a busy step without end; the callback turns that into an error."""
    deadline = time.monotonic() + SQLITE_LOCK_TIMEOUT

    def give_up_when_locked(status, remaining, total):
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
            raise BackupError(
                f"{what}: the database stayed locked for {SQLITE_LOCK_TIMEOUT} s; stop the other "
                "processes that write to it (server, scheduler, imports) and try again"
            )

    source.backup(target, pages=-1, progress=give_up_when_locked, sleep=0.25)


def dump_sqlite(connection, dump: Path) -> dict[str, dict]:
    path = sqlite_path(connection)
    if not path.is_file():
        raise BackupError(f"there is no SQLite database at {path}")
    source = sqlite3.connect(path, timeout=SQLITE_LOCK_TIMEOUT)
    copy = sqlite3.connect(dump)
    try:
        sqlite_copy(source, copy, "backup")
        # The archived file must stand alone, without a -wal file beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        present = {row[0] for row in copy.execute("SELECT name FROM sqlite_master")}
        tables = [entry for entry in counted_tables() if entry.table in present]
        return count_rows(copy.cursor(), connection.ops.quote_name, tables)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"copying the SQLite database at {path} failed: {error}") from error
    finally:
        copy.close()
        source.close()


def read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def check_sqlite_dump(dump: Path) -> None:
    try:
        database = read_only(dump)
        try:
            result = database.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            database.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"the database file in the archive is damaged: {error}") from error
    if result != "ok":
        raise BackupError(f"the database file in the archive is damaged: {result}")


def restore_sqlite(connection, dump: Path) -> None:
    target_path = sqlite_path(connection)
    connection.close()
    target_path.parent.mkdir(parents=True, exist_ok=True)
    source = read_only(dump)
    target = sqlite3.connect(target_path, timeout=SQLITE_LOCK_TIMEOUT)
    try:
        sqlite_copy(source, target, "restore")
    except sqlite3.DatabaseError as error:
        raise BackupError(f"restoring the SQLite database failed: {error}") from error
    finally:
        target.close()
        source.close()


# PostgreSQL


def pg_client(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        raise BackupError(
            f"{program} is not installed; install the PostgreSQL client programs "
            "(Debian: apt-get install postgresql-client), as new as the server"
        )
    return path


# Connection options of dj-database-url's OPTIONS that libpq also reads from the environment.
PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


def pg_arguments(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    """Command-line arguments and environment for pg_dump and pg_restore. The password goes
    through the environment, so it never shows in a process list; nothing passes through a
    shell."""
    arguments = ["--no-password", f"--dbname={settings_dict['NAME']}"]
    if settings_dict.get("HOST"):
        arguments.append(f"--host={settings_dict['HOST']}")
    if settings_dict.get("PORT"):
        arguments.append(f"--port={settings_dict['PORT']}")
    if settings_dict.get("USER"):
        arguments.append(f"--username={settings_dict['USER']}")
    environment = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    for option, variable in PG_OPTION_ENV.items():
        value = (settings_dict.get("OPTIONS") or {}).get(option)
        if value is not None:
            environment[variable] = str(value)
    return arguments, environment


def run_pg(command: list[str], environment: dict[str, str], what: str) -> None:
    # An argument list with the program's full path, no shell: nothing in it is interpreted.
    result = subprocess.run(  # noqa: S603
        command, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = result.stderr.strip() or result.stdout.strip() or f"exit code {result.returncode}"
        raise BackupError(f"{what} failed: {detail}")


def dump_postgresql(connection, dump: Path) -> dict[str, dict]:
    pg_dump = pg_client("pg_dump")
    arguments, environment = pg_arguments(connection.settings_dict)
    try:
        connection.ensure_connection()
    except OperationalError as error:
        raise BackupError(f"cannot reach the database: {error}") from error
    # The counts and pg_dump share one snapshot: this transaction exports it and stays open
    # while pg_dump reads through it, so the manifest describes exactly what was dumped.
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        present = set(connection.introspection.table_names(cursor))
        tables = [entry for entry in counted_tables() if entry.table in present]
        counts = count_rows(cursor, connection.ops.quote_name, tables)
        run_pg(
            [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={dump}", *arguments],
            environment,
            "pg_dump",
        )
    return counts


def check_postgresql_dump(dump: Path) -> None:
    pg_restore = pg_client("pg_restore")
    run_pg([pg_restore, "--list", str(dump)], dict(os.environ), "reading the database dump")


def restore_postgresql(connection, dump: Path) -> None:
    pg_restore = pg_client("pg_restore")
    arguments, environment = pg_arguments(connection.settings_dict)
    # pg_restore drops the tables; an open connection of this process would only be in its way.
    connection.close()
    run_pg(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-acl",
            # All or nothing: a failing statement rolls the whole restore back.
            "--single-transaction",
            "--exit-on-error",
            *arguments,
            str(dump),
        ],
        environment,
        "pg_restore",
    )


# The archive


def media_files(media_root: Path, part: str = MEDIA_DIR) -> list[tuple[Path, str]]:
    """(file, name in the archive) for every file under a folder (MEDIA_ROOT for the media
    part, PRIVATE_MEDIA_ROOT for the private part), in a stable order."""
    if not media_root.is_dir():
        return []
    found = []
    for directory, subdirectories, files in os.walk(media_root):
        subdirectories.sort()
        for name in sorted(files):
            path = Path(directory) / name
            if path.is_file():
                relative = path.relative_to(media_root).as_posix()
                found.append((path, f"{part}/{relative}"))
    return found


def build_manifest(
    vendor: str, dump: Path, counts: dict, media: list, created: str, private: list = ()
) -> dict:
    def summary(files):
        return {"files": len(files), "bytes": sum(path.stat().st_size for path, _ in files)}

    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "created": created,
        "database": {
            "vendor": vendor,
            "file": dump.name,
            "sha256": sha256_of(dump),
            "bytes": dump.stat().st_size,
        },
        "media": summary(media),
        PRIVATE_DIR: summary(private),
        "counts": counts,
    }


def write_archive(target: Path, manifest: dict, dump: Path, files: list, progress=None) -> None:
    """Write to a temporary name and rename at the end: an interrupted backup never leaves a
    file that looks like a finished archive. The archive holds password hashes and members'
    personal data, so only its owner may read it."""
    partial = target.with_name(target.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST_NAME)
            info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=dump.name, recursive=False)
            for done, (path, name) in enumerate(files, start=1):
                # Opened and stat'ed through the file object, so a symbolic link is archived as
                # the file it points to: a restore accepts regular files only.
                with path.open("rb") as file:
                    info = tar.gettarinfo(arcname=name, fileobj=file)
                    tar.addfile(info, file)
                if progress:
                    progress.update(done)
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def check_gzip(archive: Path) -> None:
    """Read the whole compressed stream once: that checks gzip's CRC and length, which tarfile
    alone does not always reach."""
    try:
        with gzip.open(archive, "rb") as stream:
            while stream.read(CHUNK):
                pass
    except FileNotFoundError as error:
        raise BackupError(f"there is no archive at {archive}") from error
    except IsADirectoryError as error:
        raise BackupError(f"{archive} is a directory, not a backup archive") from error
    except PermissionError as error:
        raise BackupError(f"cannot read {archive}: {error}") from error
    except (OSError, EOFError, zlib.error) as error:
        raise BackupError(f"{archive} is damaged or not a backup archive: {error}") from error


def safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    """Only the names a backup writes, only regular files and folders, nothing that could land
    outside the extraction folder."""
    members, seen = [], set()
    allowed_files = {MANIFEST_NAME, *DUMP_NAMES.values()}
    for member in tar.getmembers():
        name = member.name
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts or "\\" in name or "\x00" in name:
            raise BackupError(f"the archive holds an unsafe path: {name!r}")
        if not (member.isfile() or member.isdir()):
            raise BackupError(f"the archive holds a link or special file: {name!r}")
        top = path.parts[0] if path.parts else ""
        if name not in allowed_files and top not in FILE_PARTS:
            raise BackupError(f"the archive holds an unexpected entry: {name!r}")
        if name in allowed_files and not member.isfile():
            raise BackupError(f"the archive's {name} is not a file")
        if name in seen:
            raise BackupError(f"the archive holds {name!r} twice")
        seen.add(name)
        members.append(member)
    return members


def unpack(archive: Path, into: Path) -> dict:
    """Check and extract an archive into an empty folder; return its validated manifest."""
    check_gzip(archive)
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = safe_members(tar)
            if MANIFEST_NAME not in {member.name for member in members}:
                raise BackupError(f"{archive} has no {MANIFEST_NAME}; it is not a portal backup")
            # The data filter is the second line of defence behind safe_members().
            tar.extractall(into, members=members, filter="data")
    except tarfile.TarError as error:
        raise BackupError(f"{archive} is damaged or not a backup archive: {error}") from error
    manifest = read_manifest(into / MANIFEST_NAME)
    check_contents(manifest, into)
    return manifest


def read_manifest(path: Path) -> dict:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"the archive's manifest is not valid JSON: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("the archive's manifest is not an ENO portal backup manifest")
    version = manifest.get("version")
    if version not in READABLE_VERSIONS:
        raise BackupError(
            f"the archive has format version {version!r}; this portal reads versions "
            f"{', '.join(map(str, READABLE_VERSIONS))}"
        )
    database = manifest.get("database")
    if not isinstance(database, dict) or database.get("vendor") not in DUMP_NAMES:
        raise BackupError("the archive's manifest names no supported database (sqlite, postgresql)")
    if database.get("file") != DUMP_NAMES[database["vendor"]]:
        raise BackupError("the archive's manifest names an unexpected database file")
    if not isinstance(database.get("sha256"), str):
        raise BackupError("the archive's manifest has no checksum of the database file")
    counts = manifest.get("counts")
    if not isinstance(counts, dict) or not counts:
        raise BackupError("the archive's manifest has no row counts")
    for label, entry in counts.items():
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("table"), str)
            or not TABLE_NAME.match(entry["table"])
            or not isinstance(entry.get("rows"), int)
            or entry["rows"] < 0
        ):
            raise BackupError(f"the archive's manifest has a broken row count for {label!r}")
    media = manifest.get("media")
    if not isinstance(media, dict) or not isinstance(media.get("files"), int):
        raise BackupError("the archive's manifest does not say how many media files it holds")
    if version == 1:
        manifest[PRIVATE_DIR] = {"files": 0, "bytes": 0}
    private = manifest.get(PRIVATE_DIR)
    if not isinstance(private, dict) or not isinstance(private.get("files"), int):
        raise BackupError("the archive's manifest does not say how many private files it holds")
    return manifest


def check_vendor(manifest: dict, vendor: str) -> None:
    archived = manifest["database"]["vendor"]
    if archived != vendor:
        raise BackupError(
            f"the archive holds a {archived} database, but the configured database is "
            f"{vendor}; set DATABASE_URL to a {archived} database"
        )


def check_contents(manifest: dict, folder: Path) -> None:
    database = manifest["database"]
    dump = folder / database["file"]
    if not dump.is_file():
        raise BackupError(f"the archive has no {database['file']}, which its manifest names")
    if sha256_of(dump) != database["sha256"]:
        raise BackupError("the archive's database file does not match its checksum; it is damaged")
    for part in FILE_PARTS:
        found = len(extracted_media(folder, part))
        if found != manifest[part]["files"]:
            raise BackupError(
                f"the archive holds {found} {part} files, its manifest says "
                f"{manifest[part]['files']}"
            )


def extracted_media(folder: Path, part: str = MEDIA_DIR) -> list[tuple[Path, Path]]:
    """(extracted file, path relative to the part's folder) for the files of one part (media or
    private) of an unpacked archive."""
    root = folder / part
    if not root.is_dir():
        return []
    return [
        (path, path.relative_to(root))
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    ]


def restore_media(folder: Path, media_root: Path, progress=None, part: str = MEDIA_DIR) -> int:
    files = extracted_media(folder, part)
    for done, (source, relative) in enumerate(files, start=1):
        target = media_root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        if progress:
            progress.update(done)
    return len(files)
