"""Backups (issue 10): `manage.py backup` and `manage.py restore` against database files.

The commands run in subprocesses against SQLite files of their own: backing up the in-memory
test database from inside pytest-django's transaction hangs, and a restore replaces a whole
database, which the test database must not be. One migrated, demo-filled source and its archive
are built once per run, even with several xdist workers, because migrate and load_demo are slow;
the checks of hostile and damaged archives need no database and use a small archive of their
own."""

import fcntl
import hashlib
import io
import json
import os
import secrets
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
import pytest
from django.core.management import call_command

from portal import backups

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT_TEXT = b"Werkinstructie: bel eerst de helpdesk.\n"
ATTACHMENT_BYTES = b"%PDF-1.4 helpdesk attachment\n"
# One process instead of four Django start-ups: migrate, keep a copy of the migrated but empty
# database, fill it with the demo content, an editor and an uploaded document, and back it up
# while this process still holds its own connection, as a running site would.
BUILD = f"""
import io, os, sqlite3
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from wagtail.documents import get_document_model

call_command("migrate", interactive=False, stdout=io.StringIO())
if os.environ.get("EMPTY_COPY"):
    database = sqlite3.connect(connection.settings_dict["NAME"])
    copy = sqlite3.connect(os.environ["EMPTY_COPY"])
    database.backup(copy)
    copy.close()
    database.close()
call_command("load_demo", stdout=io.StringIO())
get_user_model().objects.create_user("redacteur", "redacteur@example.org", "geheim-wachtwoord")
document = get_document_model()(title="Werkinstructie")
document.file.save("werkinstructie.txt", ContentFile({DOCUMENT_TEXT!r}), save=False)
document.save()
from network.models.helpdesk import private_storage
private_storage().save("helpdesk/2026/aanvraag.pdf", ContentFile({ATTACHMENT_BYTES!r}))
call_command("backup", output=os.environ["ARCHIVE"], no_progress=True)
"""


def manage(
    *args: str, database_url: str, media_root: Path, **extra_env: str
) -> subprocess.CompletedProcess:
    # The dev settings, because the test settings put MEDIA_ROOT in a fresh temporary folder in
    # every process; the environment points everything else at the test's own files.
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DEBUG="false",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
        VAR_DIR=str(media_root.parent),
        **extra_env,
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def copy_database(source: Path, target: Path) -> None:
    """A complete copy even if a -wal file lies beside the source."""
    with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
        original.backup(copy)
    original.close()
    copy.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sqlite_counts(path: Path, tables) -> dict[str, int]:
    database = sqlite3.connect(path)
    try:
        return {
            table: database.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            for table in tables
        }
    finally:
        database.close()


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile(backups.MANIFEST_NAME))


def rewrite_archive(source: Path, target: Path, change) -> None:
    """Copy an archive member by member; `change(tar_out, member, data)` writes the copy of each
    member and may add, alter or drop what it likes."""
    with tarfile.open(source) as tar_in, tarfile.open(target, "w:gz") as tar_out:
        for member in tar_in.getmembers():
            data = tar_in.extractfile(member).read() if member.isfile() else b""
            change(tar_out, member, data)


def add_bytes(tar: tarfile.TarFile, name: str, data: bytes, kind=tarfile.REGTYPE, link="") -> None:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    tar.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)


def build(
    database_url: str, media: Path, archive: Path, empty_copy: Path | None = None
) -> subprocess.CompletedProcess:
    paths = {"ARCHIVE": str(archive), "EMPTY_COPY": str(empty_copy or "")}
    return ok(manage("shell", "-c", BUILD, database_url=database_url, media_root=media, **paths))


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict:
    # Under xdist every worker has a temporary folder of its own inside the run's folder; the
    # first worker builds in the shared folder, the others wait on the lock and reuse its work.
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    folder = shared / "backup-source"
    built = {
        "migrated": folder / "migrated.sqlite3",
        "database": folder / "db.sqlite3",
        "media": folder / "media",
        "archive": folder / "backup.tar.gz",
    }
    with (shared / "backup-source.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not built["archive"].exists():
            folder.mkdir(exist_ok=True)
            result = build(
                sqlite_url(built["database"]), built["media"], built["archive"], built["migrated"]
            )
            assert f"backed up to {built['archive']}" in result.stdout
    return built


@pytest.fixture
def migrated(built) -> Path:
    """A migrated database without content, what a new installation starts from."""
    return built["migrated"]


@pytest.fixture
def source(built) -> dict:
    return {"database": built["database"], "media": built["media"]}


@pytest.fixture
def archive(built) -> Path:
    return built["archive"]


def restore(archive: Path, database: Path, media: Path, *options: str):
    return manage(
        "restore", str(archive), *options, database_url=sqlite_url(database), media_root=media
    )


def test_backup_writes_one_private_archive_with_manifest_database_and_media(archive, source):
    manifest = manifest_of(archive)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert names[:2] == ["manifest.json", "database.sqlite3"]
    assert "media/documents/werkinstructie.txt" in names
    assert "private/helpdesk/2026/aanvraag.pdf" in names
    assert archive.stat().st_mode & 0o077 == 0  # it holds password hashes
    assert manifest["format"] == "eno-backup" and manifest["version"] == 2
    assert manifest["database"]["vendor"] == "sqlite"
    assert manifest["media"]["files"] == 1
    assert manifest["private"]["files"] == 1
    counts = manifest["counts"]
    for label in ("wagtailcore.Page", "wagtaildocs.Document", "auth.User", "knowledge.Topic"):
        assert label in counts
    assert counts["wagtaildocs.Document"]["rows"] == 1
    assert counts["auth.User"]["rows"] == 1
    assert counts["knowledge.CaseLawPage"]["rows"] > 0
    # The manifest's counts are the source's.
    tables = {entry["table"]: entry["rows"] for entry in counts.values()}
    assert sqlite_counts(source["database"], tables) == tables


def test_restore_into_an_empty_database_finds_the_same_counts_and_media(archive, source, tmp_path):
    database, media = tmp_path / "new" / "db.sqlite3", tmp_path / "media"
    result = ok(restore(archive, database, media))
    assert "all matching the manifest" in result.stdout
    assert "1 media file, 1 private file " in result.stdout
    tables = [entry["table"] for entry in manifest_of(archive)["counts"].values()]
    assert sqlite_counts(database, tables) == sqlite_counts(source["database"], tables)
    assert (media / "documents" / "werkinstructie.txt").read_bytes() == DOCUMENT_TEXT
    # PRIVATE_MEDIA_ROOT defaults to VAR_DIR/private, and manage() puts VAR_DIR beside the media.
    attachment = tmp_path / "private" / "helpdesk" / "2026" / "aanvraag.pdf"
    assert attachment.read_bytes() == ATTACHMENT_BYTES


def test_a_migrated_database_counts_as_empty_one_with_data_needs_force(archive, migrated, tmp_path):
    database, media = tmp_path / "db.sqlite3", tmp_path / "media"
    copy_database(migrated, database)
    ok(restore(archive, database, media))

    connection = sqlite3.connect(database)
    with connection:
        connection.execute("DELETE FROM auth_user_groups")
        connection.execute("DELETE FROM auth_user")
    connection.close()
    (media / "documents" / "werkinstructie.txt").unlink()
    before = digest(database)

    refused = restore(archive, database, media)
    assert refused.returncode == 1
    assert "already holds data" in refused.stderr and "--force" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert digest(database) == before
    assert not (media / "documents" / "werkinstructie.txt").exists()

    ok(restore(archive, database, media, "--force"))
    assert sqlite_counts(database, ["auth_user"]) == {"auth_user": 1}
    assert (media / "documents" / "werkinstructie.txt").read_bytes() == DOCUMENT_TEXT


def test_a_damaged_archive_is_refused_and_nothing_is_touched(archive, source, tmp_path):
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    database, media = tmp_path / "db.sqlite3", tmp_path / "media"
    copy_database(source["database"], database)
    before = digest(database)

    # --force: only the archive checks stand between a bad archive and the database.
    result = restore(truncated, database, media, "--force")
    assert result.returncode == 1
    assert "damaged or not a backup archive" in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(database) == before
    assert not media.exists()


def test_counts_that_differ_from_the_manifest_fail_the_restore(small_archive, tmp_path):
    """The manifest's counts are not covered by the dump's checksum: the restore goes ahead and
    the final count catches the difference."""
    altered = tmp_path / "altered.tar.gz"

    def claim_two_users(tar, member, data):
        if member.name == "manifest.json":
            manifest = json.loads(data)
            manifest["counts"]["auth.User"]["rows"] = 2
            data = json.dumps(manifest).encode()
        add_bytes(tar, member.name, data)

    rewrite_archive(small_archive, altered, claim_two_users)
    result = restore(altered, tmp_path / "db.sqlite3", tmp_path / "media")
    assert result.returncode == 1
    assert "row counts differ from the manifest: auth.User: 1 rows, expected 2" in result.stderr


# The archive checks on their own, without a database: fast, and they prove that a bad archive
# is refused before anything else happens.


@pytest.fixture
def small_archive(tmp_path) -> Path:
    """A valid archive of a one-table database and one media file, written like `backup` does."""
    dump = tmp_path / "database.sqlite3"
    database = sqlite3.connect(dump)
    with database:
        database.execute("CREATE TABLE auth_user (id INTEGER PRIMARY KEY, username TEXT)")
        database.execute("INSERT INTO auth_user (username) VALUES ('redacteur')")
    database.close()
    note = tmp_path / "note.txt"
    note.write_bytes(DOCUMENT_TEXT)
    media = [(note, "media/documents/note.txt")]
    counts = {"auth.User": {"table": "auth_user", "rows": 1}}
    manifest = backups.build_manifest("sqlite", dump, counts, media, "2026-01-01T12:00:00+00:00")
    archive = tmp_path / "small.tar.gz"
    backups.write_archive(archive, manifest, dump, media)
    return archive


@pytest.fixture
def unpacked(tmp_path):
    folder = tmp_path / "unpacked"
    folder.mkdir()
    return folder


def test_a_sound_archive_unpacks(small_archive, unpacked):
    manifest = backups.unpack(small_archive, unpacked)
    assert manifest["counts"] == {"auth.User": {"table": "auth_user", "rows": 1}}
    assert (unpacked / "media" / "documents" / "note.txt").read_bytes() == DOCUMENT_TEXT
    backups.check_sqlite_dump(unpacked / "database.sqlite3")


@pytest.mark.parametrize(
    ("name", "kind", "link", "message"),
    [
        ("/etc/cron.d/eno", tarfile.REGTYPE, "", "unsafe path"),
        ("media/../../escaped.txt", tarfile.REGTYPE, "", "unsafe path"),
        ("media/documents/../../../escaped.txt", tarfile.REGTYPE, "", "unsafe path"),
        ("media/link", tarfile.SYMTYPE, "/etc/passwd", "link or special file"),
        ("media/hard", tarfile.LNKTYPE, "manifest.json", "link or special file"),
        ("settings.py", tarfile.REGTYPE, "", "unexpected entry"),
    ],
)
def test_unsafe_members_are_refused(small_archive, tmp_path, unpacked, name, kind, link, message):
    hostile = tmp_path / "hostile.tar.gz"

    def smuggle(tar, member, data):
        tar.addfile(member, io.BytesIO(data) if member.isfile() else None)
        if member.name == "manifest.json":
            add_bytes(tar, name, b"x", kind, link)

    rewrite_archive(small_archive, hostile, smuggle)
    with pytest.raises(backups.BackupError, match=message):
        backups.unpack(hostile, unpacked)
    assert not any(unpacked.iterdir())
    assert not list(tmp_path.rglob("escaped.txt"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda manifest: manifest.update(version=99), "format version 99"),
        (lambda manifest: manifest.update(format="something-else"), "not an ENO portal backup"),
        (lambda manifest: manifest["database"].update(sha256="0" * 64), "does not match"),
        (lambda manifest: manifest["media"].update(files=5), "holds 1 media files"),
        (lambda manifest: manifest["private"].update(files=2), "holds 0 private files"),
        (lambda manifest: manifest.pop("private"), "how many private files"),
        (lambda manifest: manifest["counts"]["auth.User"].update(table="x; DROP"), "broken"),
    ],
)
def test_a_manifest_that_does_not_fit_is_refused(
    small_archive, tmp_path, unpacked, change, message
):
    altered = tmp_path / "altered.tar.gz"

    def edit(tar, member, data):
        if member.name == "manifest.json":
            manifest = json.loads(data)
            change(manifest)
            data = json.dumps(manifest).encode()
            add_bytes(tar, member.name, data)
        else:
            tar.addfile(member, io.BytesIO(data) if member.isfile() else None)

    rewrite_archive(small_archive, altered, edit)
    with pytest.raises(backups.BackupError, match=message):
        backups.unpack(altered, unpacked)


def test_a_version_1_archive_without_private_files_still_unpacks(small_archive, tmp_path, unpacked):
    old = tmp_path / "version1.tar.gz"

    def as_version_1(tar, member, data):
        if member.name == "manifest.json":
            manifest = json.loads(data)
            manifest["version"] = 1
            del manifest["private"]
            data = json.dumps(manifest).encode()
        add_bytes(tar, member.name, data)

    rewrite_archive(small_archive, old, as_version_1)
    manifest = backups.unpack(old, unpacked)
    assert manifest["private"] == {"files": 0, "bytes": 0}
    assert (unpacked / "media" / "documents" / "note.txt").read_bytes() == DOCUMENT_TEXT


def test_an_archive_without_manifest_or_with_flipped_bytes_is_refused(
    small_archive, tmp_path, unpacked
):
    bare = tmp_path / "bare.tar.gz"

    def drop_manifest(tar, member, data):
        if member.name != "manifest.json":
            tar.addfile(member, io.BytesIO(data) if member.isfile() else None)

    rewrite_archive(small_archive, bare, drop_manifest)
    with pytest.raises(backups.BackupError, match="no manifest.json"):
        backups.unpack(bare, tmp_path / "bare")

    flipped = tmp_path / "flipped.tar.gz"
    data = bytearray(small_archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    flipped.write_bytes(bytes(data))
    with pytest.raises(backups.BackupError, match="damaged"):
        backups.unpack(flipped, unpacked)

    with pytest.raises(backups.BackupError, match="no archive at"):
        backups.unpack(tmp_path / "missing.tar.gz", unpacked)


def test_backup_refuses_to_write_into_media_root(settings):
    # Checked before the database is opened: this test has no database access.
    # A folder no other test creates: MEDIA_ROOT is shared by the tests of one process.
    target = Path(settings.MEDIA_ROOT) / f"backup-{uuid.uuid4().hex}" / "eno.tar.gz"
    with pytest.raises(backups.BackupError, match="inside MEDIA_ROOT"):
        call_command("backup", output=str(target), no_progress=True)
    assert not target.parent.exists()


def test_an_archive_of_another_database_vendor_is_refused(small_archive, unpacked):
    manifest = backups.unpack(small_archive, unpacked)
    backups.check_vendor(manifest, "sqlite")
    with pytest.raises(backups.BackupError, match="holds a sqlite database, but .* postgresql"):
        backups.check_vendor(manifest, "postgresql")


# PostgreSQL: the CI's second run points DATABASE_URL at a server. The round trip uses two
# scratch databases of its own, so it collides neither with the test database nor with another
# xdist worker.

DATABASE_URL = os.environ.get("DATABASE_URL", "")


@pytest.mark.skipif(
    not DATABASE_URL.startswith(("postgres://", "postgresql://", "pgsql://")),
    reason="DATABASE_URL does not point at PostgreSQL",
)
def test_postgresql_round_trip(tmp_path):
    import psycopg
    from psycopg import sql

    settings = dj_database_url.parse(DATABASE_URL)
    server = {
        "host": settings["HOST"] or None,
        "port": settings["PORT"] or None,
        "user": settings["USER"] or None,
        "password": settings["PASSWORD"] or None,
    }
    suffix = secrets.token_hex(4)
    names = {"source": f"eno_backup_src_{suffix}", "target": f"eno_backup_dst_{suffix}"}
    parts = urlsplit(DATABASE_URL)
    urls = {role: urlunsplit(parts._replace(path=f"/{name}")) for role, name in names.items()}

    def counts(name: str, tables) -> dict[str, int]:
        with psycopg.connect(dbname=name, **server) as connection:
            return {
                table: connection.execute(
                    sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(table))
                ).fetchone()[0]
                for table in tables
            }

    admin = psycopg.connect(dbname="postgres", autocommit=True, **server)
    try:
        for name in names.values():
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        media, restored_media = tmp_path / "media", tmp_path / "restored-media"
        archive = tmp_path / "backup.tar.gz"
        build(urls["source"], media, archive)
        manifest = manifest_of(archive)
        assert manifest["database"]["vendor"] == "postgresql"
        with tarfile.open(archive) as tar:
            assert "database.pgdump" in tar.getnames()

        result = ok(
            manage("restore", str(archive), database_url=urls["target"], media_root=restored_media)
        )
        assert "all matching the manifest" in result.stdout
        tables = {entry["table"]: entry["rows"] for entry in manifest["counts"].values()}
        assert counts(names["target"], tables) == counts(names["source"], tables) == tables
        assert (restored_media / "documents" / "werkinstructie.txt").read_bytes() == DOCUMENT_TEXT

        refused = manage(
            "restore", str(archive), database_url=urls["target"], media_root=restored_media
        )
        assert refused.returncode == 1 and "already holds data" in refused.stderr
    finally:
        for name in names.values():
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        admin.close()
