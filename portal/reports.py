"""The report of a bulk import: every problem with its file and line, and per table how many
records were created, updated or skipped. An import collects problems and carries on, so the
report, not an exception, is what tells the user (and the exit status) what went wrong."""

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass
class Problem:
    file: str
    line: int | None
    message: str
    severity: str = ERROR

    def __str__(self):
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity}: {self.message}"


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    files_read: list[str] = field(default_factory=list)

    def error(self, file, line, message):
        self.problems.append(Problem(file, line, message, ERROR))

    def warning(self, file, line, message):
        self.problems.append(Problem(file, line, message, WARNING))

    def count(self, table, what):
        """Count one record of a table as "created", "updated" or "skipped"."""
        self.counts.setdefault(table, {"created": 0, "updated": 0, "skipped": 0})
        self.counts[table][what] += 1

    @property
    def errors(self):
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self):
        return [p for p in self.problems if p.severity == WARNING]

    def summary(self) -> str:
        parts = []
        for table, c in self.counts.items():
            parts.append(
                f"{table} {c['created']} new, {c['updated']} updated, {c['skipped']} skipped"
            )
        body = "; ".join(parts) or "nothing imported"
        return f"{body}. {len(self.errors)} errors, {len(self.warnings)} warnings."
