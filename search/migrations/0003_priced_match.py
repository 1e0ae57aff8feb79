"""PostgreSQL: match through a function the planner prices like what matching costs, and index
titles in Dutch for the ranked candidate set. Nothing to do on SQLite.

The planner prices `vector @@ query` as one cheap operator per row, but the stored vectors are
~3.8 KB each and live in TOAST: a sequential scan, or a walk along another index that tests every
row, reads and decompresses one vector per row. With that price a common word got a sequential
scan of all 100,000 rows (1-1.5 s) where the GIN index answers in milliseconds. Raising the cost of
the built-in `ts_match_vq` would fix the estimate too, but only a superuser may alter it, and the
change lives in the system catalog: pg_dump does not carry it, so a restored database would
silently plan badly again. Instead the GIN indexes are built on `search_priced_vector(vector)`, an
identity function of our own (PL/pgSQL, so the planner cannot inline it away) whose declared cost
is what reading a stored vector costs. The query names the same expression; any plan that tests
rows one by one is now priced as the detoasting it is, and the GIN index is used. Creating it
needs no more than the CREATE privilege the migrations need anyway, and pg_dump keeps it.

The title index serves "every document with the words in its title" in the candidate set; it is an
expression index (no stored column) because titles are short and only the index is needed."""

from django.db import migrations

# About 1000 operators' worth (cpu_operator_cost 0.0025 each, so 2.5 cost units): on the
# benchmark machine one detoasted vector costs 10-30 us against a few ns for a comparison.
PRICED_FUNCTION = """CREATE OR REPLACE FUNCTION search_priced_vector(vector tsvector)
    RETURNS tsvector LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 1000
    AS $$ BEGIN RETURN vector; END $$"""
TITLE_EXPRESSION = "to_tsvector('dutch', translate(title, '<>', '  '))"

POSTGRES_FORWARD = [
    PRICED_FUNCTION,
    "CREATE INDEX search_doc_public_match ON search_searchdocument "
    "USING GIN (search_priced_vector(public_vector))",
    "CREATE INDEX search_doc_all_match ON search_searchdocument "
    "USING GIN (search_priced_vector(all_vector))",
    f"CREATE INDEX search_doc_title_match ON search_searchdocument USING GIN ({TITLE_EXPRESSION})",
    # The plain vector indexes would only cost writes now: no query names the bare columns.
    "DROP INDEX IF EXISTS search_doc_public_vector",
    "DROP INDEX IF EXISTS search_doc_all_vector",
    "ANALYZE search_searchdocument",
]
POSTGRES_BACKWARD = [
    "CREATE INDEX IF NOT EXISTS search_doc_public_vector ON search_searchdocument "
    "USING GIN (public_vector)",
    "CREATE INDEX IF NOT EXISTS search_doc_all_vector ON search_searchdocument "
    "USING GIN (all_vector)",
    "DROP INDEX IF EXISTS search_doc_title_match",
    "DROP INDEX IF EXISTS search_doc_all_match",
    "DROP INDEX IF EXISTS search_doc_public_match",
    "DROP FUNCTION IF EXISTS search_priced_vector(tsvector)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
