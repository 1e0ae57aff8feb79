"""Read an HSDS package (3.0, or the 1.x/2.x CSV layouts): find its tables, read the CSV files
and the values of a row. Nothing here touches the database; network.hsds.importing writes.

Every problem goes into the report with file and line and never stops the rest. Nothing is
fetched from the network and datapackage.json may only point at files inside the package."""

import csv
import datetime
import io
import json
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from network.sanitise import clean_html, clean_text
from portal.reports import Report

from .schema import FILE_CANDIDATES, REQUIRED_COLUMNS, RESOURCE_ALIASES

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ERRORS_PER_FILE = 1000


class RowError(Exception):
    """The row cannot be imported; the message says why."""


@dataclass
class Table:
    name: str
    filename: str
    columns: list[str]
    rows: list[tuple[int, dict]]  # (line number, row)


# --- reading files ---------------------------------------------------------------------------


def _resource_paths(directory: Path, report: Report) -> dict[str, str]:
    """Table -> file name from datapackage.json, keeping only plain files inside the package."""
    manifest = directory / "datapackage.json"
    if not manifest.exists():
        return {}
    try:
        data = json.loads(manifest.read_text(encoding="utf-8-sig"))
        resources = data.get("resources", [])
        if not isinstance(resources, list):
            raise ValueError("resources is not a list")
    except (ValueError, UnicodeDecodeError, AttributeError) as exc:
        report.warning("datapackage.json", None, f"not readable ({exc}); using file names")
        return {}
    found = {}
    for resource in resources:
        if not isinstance(resource, dict):
            continue
        name, path = resource.get("name"), resource.get("path")
        if not isinstance(name, str) or not isinstance(path, str):
            continue
        if not _plain_relative_path(path):
            report.warning("datapackage.json", None, f"ignored resource path {path!r}")
            continue
        for table, aliases in RESOURCE_ALIASES.items():
            if name in aliases and table not in found:
                found[table] = path
    # HSDS 1.x/2.x call the term table "taxonomy"; 3.0 calls the vocabulary table that.
    for resource in resources:
        if isinstance(resource, dict) and resource.get("name") == "taxonomy":
            fields = [
                f.get("name")
                for f in (resource.get("schema") or {}).get("fields", [])
                if isinstance(f, dict)
            ]
            target = "taxonomy" if "uri" in fields or "version" in fields else "taxonomy_term"
            path = resource.get("path")
            # The loop above has already warned about a path that is not plain.
            if isinstance(path, str) and _plain_relative_path(path):
                found.setdefault(target, path)
    return found


def _plain_relative_path(path: str) -> bool:
    """A file name inside the package: no URL, no absolute path, no way up."""
    return not ("://" in path or path.startswith(("/", "\\")) or ".." in Path(path).parts)


def _inside(directory: Path, path: Path) -> bool:
    # Resolved, so that a symbolic link in the package cannot lead out of it either.
    return path.resolve().is_relative_to(directory.resolve())


def _decode(raw: bytes, filename: str, report: Report) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        report.warning(
            filename,
            line,
            "file is not UTF-8; read as Windows-1252. Check accented letters after import.",
        )
        return raw.decode("cp1252", errors="replace")


def read_table(directory: Path, table: str, filename: str, report: Report) -> Table | None:
    path = directory / filename
    if not path.is_file():
        return None
    if not _inside(directory, path):
        report.error(filename, None, "file lies outside the package; not read")
        return None
    if path.stat().st_size > MAX_FILE_BYTES:
        report.error(filename, None, f"file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
        return None
    text = _decode(path.read_bytes(), filename, report)
    if "\x00" in text:
        report.warning(filename, None, "file contains NUL characters; they were removed")
        text = text.replace("\x00", "")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        report.error(filename, 1, "file is empty")
        return None
    except csv.Error as exc:
        report.error(filename, 1, f"header cannot be read: {exc}")
        return None
    columns = [c.strip().lower() for c in header]
    for required in REQUIRED_COLUMNS.get(table, []):
        options = required.split("|")
        if not any(option in columns for option in options):
            report.error(
                filename,
                1,
                f"missing column {' or '.join(repr(o) for o in options)}; file skipped",
            )
            return None
    rows = []
    errors = 0
    previous_end = reader.line_num
    while True:
        start = previous_end + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            report.error(filename, start, f"broken CSV row: {exc}")
            errors += 1
            previous_end = reader.line_num
            if errors >= MAX_ERRORS_PER_FILE:
                report.error(filename, None, "too many broken rows; rest of the file skipped")
                break
            continue
        previous_end = reader.line_num
        if not values or all(not v.strip() for v in values):
            continue
        if len(values) > len(columns):
            report.error(
                filename,
                start,
                f"row has {len(values)} fields where the header has {len(columns)}; row skipped",
            )
            report.count(table, "skipped")
            continue
        if len(values) < len(columns):
            if _runs_into_end_of_file(text, start, reader.line_num):
                report.error(filename, start, "quoted field is never closed; row skipped")
                report.count(table, "skipped")
                continue
            # Spreadsheets and some exporters leave off empty trailing fields: they are empty.
            values += [""] * (len(columns) - len(values))
        rows.append((start, {c: v.strip() for c, v in zip(columns, values, strict=True)}))
    report.files_read.append(filename)
    return Table(table, filename, columns, rows)


def _runs_into_end_of_file(text: str, first_line: int, last_line: int) -> bool:
    """Whether the row on these lines has a quoted field that is never closed. The lenient
    reader then swallows the rest of the file into one field, which looks like a short row."""
    lines = io.StringIO(text, newline="").readlines()[first_line - 1 : last_line]
    try:
        for _row in csv.reader(io.StringIO("".join(lines), newline=""), strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def read_package(directory: Path, report: Report) -> dict[str, Table]:
    paths = _resource_paths(directory, report)
    tables = {}
    for table, candidates in FILE_CANDIDATES.items():
        names = [paths[table]] if table in paths else []
        names += [c for c in candidates if c not in names]
        for name in names:
            # Only the 1.x/2.x term table is called taxonomy.csv; 3.0's has uri/version.
            if (
                table == "taxonomy_term"
                and name == "taxonomy.csv"
                and table not in paths
                and _is_vocabulary_table(directory / name)
            ):
                continue
            loaded = read_table(directory, table, name, report)
            if loaded is not None:
                tables[table] = loaded
                break
            if (directory / name).is_file():
                break
    if "taxonomy" not in tables and "taxonomy" not in paths:
        path = directory / "taxonomy.csv"
        if path.is_file() and _is_vocabulary_table(path):
            loaded = read_table(directory, "taxonomy", "taxonomy.csv", report)
            if loaded is not None:
                tables["taxonomy"] = loaded
    return tables


def _is_vocabulary_table(path: Path) -> bool:
    if not _inside(path.parent, path):
        return False
    try:
        with path.open("rb") as file:
            first = file.readline(64 * 1024).decode("utf-8-sig", errors="replace")
    except OSError:
        return False
    columns = {c.strip().lower() for c in first.split(",")}
    return bool({"uri", "version"} & columns) and "parent_id" not in columns


# --- values ----------------------------------------------------------------------------------


class Values:
    """Reads a row's values, sanitising text and checking formats."""

    def __init__(self, table: Table, line: int, row: dict, report: Report):
        self.table, self.line, self.row, self.report = table, line, row, report

    def get(self, *names, limit=None) -> str:
        for name in names:
            value = self.row.get(name)
            if value not in (None, "") and value.lower() != "null":
                text = clean_text(value)
                if limit and len(text) > limit:
                    self.warn(f"{name} longer than {limit} characters; cut off")
                    text = text[:limit]
                return text
        return ""

    def html(self, *names, limit=20000) -> str:
        for name in names:
            value = self.row.get(name)
            if value not in (None, "") and value.lower() != "null":
                return clean_html(value)[:limit]
        return ""

    def required(self, name, label=None) -> str:
        value = self.get(name)
        if not value:
            raise RowError(f"{label or name} is empty")
        return value

    def email(self, name) -> str:
        value = self.get(name)
        if not value:
            return ""
        try:
            validate_email(value)
        except ValidationError:
            self.warn(f"{name} {value!r} is not an e-mail address; left empty")
            return ""
        return value

    def url(self, *names) -> str:
        value = self.get(*names)
        if not value:
            return ""
        if "://" not in value:
            value = "https://" + value
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            self.warn(f"{names[0]} {value!r} is not a web address; left empty")
            return ""
        return value[:500]

    def number(self, name, low, high) -> float | None:
        value = self.get(name)
        if not value:
            return None
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            self.warn(f"{name} {value!r} is not a number; left empty")
            return None
        if not low <= number <= high:
            self.warn(f"{name} {value!r} is out of range; left empty")
            return None
        return number

    def date(self, name) -> datetime.date | None:
        value = self.get(name)
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            self.warn(f"{name} {value!r} is not a date (YYYY-MM-DD); left empty")
            return None

    def warn(self, message):
        self.report.warning(self.table.filename, self.line, message)


def table_name(value: str) -> str:
    """The HSDS table a name refers to ("services" and "service" alike), or "" when none."""
    name = (value or "").strip().lower()
    for table, aliases in RESOURCE_ALIASES.items():
        if name == table or name in aliases:
            return table
    return ""
