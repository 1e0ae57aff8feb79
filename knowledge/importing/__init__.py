"""Importing rulings from the rechtspraak.nl open data: `rulings` upserts one ruling at a time
(the path for updates, and for everything the bulk path does not take); `bulk` inserts new
rulings a batch at a time."""

from knowledge.importing.bulk import BATCH_SIZE, import_batch
from knowledge.importing.rulings import (
    FAILED,
    IMPORTED,
    SKIPPED,
    UNCHANGED,
    UPDATED,
    ImportSetupError,
    Outcome,
    default_parent,
    import_ruling,
)

__all__ = [
    "BATCH_SIZE",
    "FAILED",
    "IMPORTED",
    "SKIPPED",
    "UNCHANGED",
    "UPDATED",
    "ImportSetupError",
    "Outcome",
    "default_parent",
    "import_batch",
    "import_ruling",
]
