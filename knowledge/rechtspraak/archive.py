"""Find the XML files to import: single files, folders (recursively) and zip archives, also zip
archives inside folders and inside zip archives (the court's bulk download is a zip of monthly
zips).

XML members are read into memory one at a time, with limits on their size and on their
compression ratio so a zip bomb cannot exhaust memory. A zip inside a zip is copied, under the
same kind of limits, into a temporary file (kept in memory while small) and opened from there;
archives nest at most MAX_ZIP_DEPTH deep. A file that cannot be read is yielded as a
:class:`SourceError` so the importer reports it and carries on; a file that is not a ruling
(a README, a spreadsheet) is yielded as :class:`SourceSkipped`. Nothing is ignored silently.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.utils.translation import gettext

MAX_FILE_BYTES = 20 * 1024 * 1024
# A zip inside a zip (a month of rulings in the bulk download) may be much larger than one ruling.
MAX_ARCHIVE_BYTES = 2 * 1024 * 1024 * 1024
# 1: a zip given on the command line or found in a folder; 2: a zip inside it; 3: one more.
MAX_ZIP_DEPTH = 3
# Real rulings compress about 5-15 times; a member that claims far more is built to explode.
MAX_COMPRESSION_RATIO = 200
_CHUNK = 1024 * 1024


class SourceError(Exception):
    """A file or archive member that could not be read; yielded, not raised."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class SourceSkipped(Exception):
    """A file that is not a ruling (not XML, not a zip archive); yielded, reported as skipped."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


Source = tuple[str, "bytes | SourceError | SourceSkipped"]
# The errors zipfile raises for a damaged, encrypted or unsupported member.
_ZIP_READ_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    RuntimeError,
    OSError,
    EOFError,
    NotImplementedError,
)


def _is_xml(name: str) -> bool:
    return name.lower().endswith(".xml")


def _is_zip(name: str) -> bool:
    return name.lower().endswith(".zip")


def _not_a_ruling() -> SourceSkipped:
    return SourceSkipped(gettext("Not an XML file or zip archive; skipped."))


def _is_macos_metadata(name: str) -> bool:
    # Archives made on a Mac carry "__MACOSX/._name.xml" resource forks: not XML at all.
    parts = name.split("/")
    return "__MACOSX" in parts or parts[-1].startswith("._")


def _too_large(size: int) -> SourceError:
    return SourceError(
        gettext("The file is too large (%(size)s bytes; at most %(limit)s are accepted).")
        % {"size": size, "limit": MAX_FILE_BYTES}
    )


def _read_file(path: Path) -> bytes | SourceError:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return _too_large(size)
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return SourceError(
            gettext("Cannot read the file: %(error)s") % {"error": exc.strerror or exc}
        )
    if len(data) > MAX_FILE_BYTES:
        return _too_large(len(data))
    return data


def _bomb_check(info: zipfile.ZipInfo) -> SourceError | None:
    if info.file_size > _CHUNK and info.file_size > MAX_COMPRESSION_RATIO * max(
        info.compress_size, 1
    ):
        return SourceError(
            gettext("Refused: the file is compressed %(ratio)s times, which only a zip bomb does.")
            % {"ratio": info.file_size // max(info.compress_size, 1)}
        )
    return None


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | SourceError:
    if info.file_size > MAX_FILE_BYTES:
        return _too_large(info.file_size)
    if bomb := _bomb_check(info):
        return bomb
    chunks: list[bytes] = []
    total = 0
    try:
        # The sizes in the archive's directory can lie; count what actually comes out.
        with archive.open(info) as handle:
            while chunk := handle.read(_CHUNK):
                total += len(chunk)
                if total > MAX_FILE_BYTES:
                    return _too_large(total)
                chunks.append(chunk)
    except _ZIP_READ_ERRORS as exc:
        # RuntimeError: encrypted member; BadZipFile: CRC mismatch or damaged data;
        # NotImplementedError: a compression method Python cannot read.
        return SourceError(
            gettext("Cannot read the file from the archive: %(error)s") % {"error": exc}
        )
    return b"".join(chunks)


def _not_a_zip(exc: Exception) -> SourceError:
    return SourceError(gettext("Not a readable zip archive: %(error)s") % {"error": exc})


def _iter_zip(path: Path, read: bool) -> Iterator[Source]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        yield str(path), _not_a_zip(exc)
        return
    with archive:
        yield from _iter_archive(archive, str(path), 1, read)


def _iter_archive(archive: zipfile.ZipFile, name: str, depth: int, read: bool) -> Iterator[Source]:
    members = sorted(
        (info for info in archive.infolist() if not info.is_dir()),
        key=lambda info: info.filename,
    )
    for info in members:
        member = f"{name}/{info.filename}"
        if _is_macos_metadata(info.filename):
            yield member, SourceSkipped(gettext("macOS metadata, not a ruling; skipped."))
        elif _is_xml(info.filename):
            yield member, _read_member(archive, info) if read else None
        elif _is_zip(info.filename):
            yield from _iter_nested_zip(archive, info, member, depth + 1, read)
        else:
            yield member, _not_a_ruling()


def _archive_too_large(size: int) -> SourceError:
    return SourceError(
        gettext(
            "The archive inside the archive is too large (%(size)s bytes; at most %(limit)s "
            "are accepted)."
        )
        % {"size": size, "limit": MAX_ARCHIVE_BYTES}
    )


def _iter_nested_zip(
    outer: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, depth: int, read: bool
) -> Iterator[Source]:
    if depth > MAX_ZIP_DEPTH:
        yield (
            name,
            SourceError(
                gettext("Refused: zip archives nested more than %(depth)s deep.")
                % {"depth": MAX_ZIP_DEPTH}
            ),
        )
        return
    if info.file_size > MAX_ARCHIVE_BYTES:
        yield name, _archive_too_large(info.file_size)
        return
    if bomb := _bomb_check(info):
        yield name, bomb
        return
    # Small archives stay in memory; larger ones spill to a temporary file, deleted on close.
    with tempfile.SpooledTemporaryFile(max_size=MAX_FILE_BYTES) as copy:
        total = 0
        try:
            # The sizes in the directory can lie; count what actually comes out.
            with outer.open(info) as handle:
                while chunk := handle.read(_CHUNK):
                    total += len(chunk)
                    if total > MAX_ARCHIVE_BYTES:
                        yield name, _archive_too_large(total)
                        return
                    copy.write(chunk)
        except _ZIP_READ_ERRORS as exc:
            yield (
                name,
                SourceError(
                    gettext("Cannot read the file from the archive: %(error)s") % {"error": exc}
                ),
            )
            return
        copy.seek(0)
        try:
            inner = zipfile.ZipFile(copy)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            yield name, _not_a_zip(exc)
            return
        with inner:
            yield from _iter_archive(inner, name, depth, read)


def _iter_directory(path: Path, read: bool) -> Iterator[Source]:
    found: list[Path] = []
    unreadable: list[OSError] = []
    for folder, dirs, files in os.walk(path, onerror=unreadable.append):
        dirs.sort()
        found.extend(Path(folder) / name for name in files)
    for error in unreadable:
        yield (
            str(error.filename or path),
            SourceError(
                gettext("Cannot read the folder: %(error)s") % {"error": error.strerror or error}
            ),
        )
    for file in sorted(found):
        if _is_xml(file.name):
            yield str(file), _read_file(file) if read else None
        elif _is_zip(file.name):
            yield from _iter_zip(file, read)
        else:
            yield str(file), _not_a_ruling()


def _walk(paths: Iterable[str | os.PathLike], read: bool) -> Iterator[Source]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _iter_directory(path, read)
        elif not path.exists():
            yield str(path), SourceError(gettext("No such file or folder."))
        elif _is_zip(path.name) or (path.is_file() and _looks_like_zip(path)):
            yield from _iter_zip(path, read)
        else:
            yield str(path), _read_file(path) if read else None


def iter_sources(paths: Iterable[str | os.PathLike]) -> Iterator[Source]:
    """Yield ``(source_name, data)`` for every file found; ``data`` is the bytes of an XML file,
    a :class:`SourceError` (unreadable, refused) or a :class:`SourceSkipped` (not a ruling).

    A path may be an XML file, a folder (searched recursively, in sorted order) or a ``.zip``
    archive (its members in sorted order). Zip archives in folders and in archives are opened
    too, up to MAX_ZIP_DEPTH deep. Missing paths and unreadable files are yielded as errors,
    never raised. One file is held in memory at a time.
    """
    return _walk(paths, read=True)


def count_sources(paths: Iterable[str | os.PathLike]) -> int:
    """How many entries :func:`iter_sources` will yield, without reading the XML files (zip
    archives inside archives are unpacked to list them): the total for a progress bar."""
    return sum(1 for _ in _walk(paths, read=False))


def _looks_like_zip(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"PK\x03\x04"
    except OSError:
        return False
