"""Progress for long management commands (imports, re-indexing).

On a terminal it redraws one line; in a log (CI, cron, docker) it writes a line every 10% so the
output stays readable. Either way the command ends with its own one-line summary."""

import sys
import time


class Progress:
    def __init__(self, total: int | None, label: str = "", stream=None, width: int = 30):
        self.total = total
        self.label = label
        self.stream = stream or sys.stderr
        self.width = width
        self.done = 0
        self.started = time.monotonic()
        self._last_decile = -1
        isatty = getattr(self.stream, "isatty", None)
        self.interactive = bool(isatty and isatty())

    def advance(self, step: int = 1, note: str = "") -> None:
        self.update(self.done + step, note)

    def update(self, done: int, note: str = "") -> None:
        self.done = done
        if self.interactive:
            self.stream.write("\r" + self._line(note)[:120].ljust(120))
            self.stream.flush()
            return
        decile = int(self.done * 10 / self.total) if self.total else self.done // 100
        if decile != self._last_decile:
            self._last_decile = decile
            self.stream.write(self._line(note) + "\n")
            self.stream.flush()

    def finish(self) -> None:
        if self.interactive:
            self.stream.write("\r" + self._line("")[:120].ljust(120) + "\n")
            self.stream.flush()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def _line(self, note: str) -> str:
        rate = self.done / self.elapsed if self.elapsed > 0 else 0.0
        if self.total:
            fraction = min(self.done / self.total, 1.0)
            filled = int(self.width * fraction)
            bar = "#" * filled + "-" * (self.width - filled)
            text = f"{self.label} [{bar}] {fraction:4.0%} {self.done}/{self.total} ({rate:.0f}/s)"
        else:
            text = f"{self.label} {self.done} ({rate:.0f}/s)"
        return f"{text} {note}".rstrip()
