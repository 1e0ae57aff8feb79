"""Find the XML files to import: single files, folders (recursively) and zip archives.

Nothing is extracted to disk; zip members are read into memory one at a time, with limits on
their size and on their compression ratio so a zip bomb cannot exhaust memory. A file that cannot
be read is yielded as a :class:`SourceError` so the importer reports it and carries on.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.utils.translation import gettext

MAX_FILE_BYTES = 20 * 1024 * 1024
# Real rulings compress about 5-15 times; a member that claims far more is built to explode.
MAX_COMPRESSION_RATIO = 200
_CHUNK = 1024 * 1024


class SourceError(Exception):
    """A file or archive member that could not be read; yielded, not raised."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


Source = tuple[str, "bytes | SourceError"]


def _is_xml(name: str) -> bool:
    return name.lower().endswith(".xml")


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


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | SourceError:
    if info.file_size > MAX_FILE_BYTES:
        return _too_large(info.file_size)
    if info.file_size > _CHUNK and info.file_size > MAX_COMPRESSION_RATIO * max(
        info.compress_size, 1
    ):
        return SourceError(
            gettext("Refused: the file is compressed %(ratio)s times, which only a zip bomb does.")
            % {"ratio": info.file_size // max(info.compress_size, 1)}
        )
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
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        RuntimeError,
        OSError,
        EOFError,
        NotImplementedError,
    ) as exc:
        # RuntimeError: encrypted member; BadZipFile: CRC mismatch or damaged data;
        # NotImplementedError: a compression method Python cannot read.
        return SourceError(
            gettext("Cannot read the file from the archive: %(error)s") % {"error": exc}
        )
    return b"".join(chunks)


def _iter_zip(path: Path) -> Iterator[Source]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        yield (
            str(path),
            SourceError(gettext("Not a readable zip archive: %(error)s") % {"error": exc}),
        )
        return
    with archive:
        members = sorted(
            (info for info in archive.infolist() if not info.is_dir() and _is_xml(info.filename)),
            key=lambda info: info.filename,
        )
        for info in members:
            yield f"{path}/{info.filename}", _read_member(archive, info)


def _iter_directory(path: Path) -> Iterator[Source]:
    found: list[Path] = []
    unreadable: list[OSError] = []
    for folder, dirs, files in os.walk(path, onerror=unreadable.append):
        dirs.sort()
        found.extend(Path(folder) / name for name in files if _is_xml(name))
    for error in unreadable:
        yield (
            str(error.filename or path),
            SourceError(
                gettext("Cannot read the folder: %(error)s") % {"error": error.strerror or error}
            ),
        )
    for file in sorted(found):
        yield str(file), _read_file(file)


def iter_sources(paths: Iterable[str | os.PathLike]) -> Iterator[Source]:
    """Yield ``(source_name, data)`` for every XML file found; ``data`` is bytes or SourceError.

    A path may be an XML file, a folder (searched recursively for ``*.xml``, in sorted order)
    or a ``.zip`` archive (its ``*.xml`` members, in sorted order; nested archives are not
    opened). Missing paths and unreadable files are yielded as errors, never raised.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _iter_directory(path)
        elif not path.exists():
            yield str(path), SourceError(gettext("No such file or folder."))
        elif path.suffix.lower() == ".zip" or (path.is_file() and _looks_like_zip(path)):
            yield from _iter_zip(path)
        else:
            yield str(path), _read_file(path)


def _looks_like_zip(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"PK\x03\x04"
    except OSError:
        return False
