"""Full-text structures the ORM has no field for, per database vendor: an FTS5 table on SQLite
(holding Dutch stems computed in Python), generated tsvector columns with GIN indexes on
PostgreSQL (stemmed by the `dutch` text search configuration)."""

from django.db import migrations

SQLITE_FORWARD = [
    # Stemmed text columns, separate for public documents (title, public, ids) and members-only
    # documents (mtitle, mpublic, mids), plus everyone's members-only text (members): a visitor's
    # query names only the public columns, so visibility costs nothing at query time. Titles in
    # plain words for suggestions (prefix index), and filter tokens for facets.
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, public, ids, members, mtitle, mpublic, mids, title_raw, mtitle_raw, filters,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
    )""",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_fts"]

# PostgreSQL's parser reads "<...>" as markup and skips it, so angle brackets become spaces.
def _text(column):
    return f"to_tsvector('dutch', translate({column}, '<>', '  '))"


_PUBLIC = (
    f"setweight({_text('title')}, 'A') || "
    f"setweight({_text('identifiers_text')}, 'A') || "
    f"setweight({_text('public_text')}, 'D')"
)
POSTGRES_FORWARD = [
    f"ALTER TABLE search_searchdocument ADD COLUMN public_vector tsvector "
    f"GENERATED ALWAYS AS ({_PUBLIC}) STORED",
    f"ALTER TABLE search_searchdocument ADD COLUMN all_vector tsvector "
    f"GENERATED ALWAYS AS ({_PUBLIC} || setweight({_text('members_text')}, 'D')) STORED",
    "ALTER TABLE search_searchdocument ADD COLUMN title_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', title)) STORED",
    "CREATE INDEX search_doc_public_vector ON search_searchdocument USING GIN (public_vector)",
    "CREATE INDEX search_doc_all_vector ON search_searchdocument USING GIN (all_vector)",
    "CREATE INDEX search_doc_title_vector ON search_searchdocument USING GIN (title_vector)",
]
POSTGRES_BACKWARD = [
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS title_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS all_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS public_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_index")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
