"""SQLite: a read-only fts5vocab view of the full-text table, so that "more like this" reads how
many documents hold a term (per column, so a visitor's statistics come from public columns
only) without counting matches term by term. PostgreSQL needs nothing: the GIN indexes answer
those counts (search/engines/database/postgresql.py)."""

from django.db import migrations

CREATE = "CREATE VIRTUAL TABLE search_fts_vocab USING fts5vocab(search_fts, 'col')"
DROP = "DROP TABLE IF EXISTS search_fts_vocab"


def _sqlite(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0008_ampersand_vectors")]

    operations = [migrations.RunPython(_sqlite(CREATE), _sqlite(DROP))]
