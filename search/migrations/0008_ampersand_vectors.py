"""PostgreSQL: "&" becomes a space before the text is parsed, as "<" and ">" already do. The
parser reads "&V;" as an XML entity and drops it, so "Verwijs naar de DT&V; ..." lost its V and
neither "DT&V" nor "Dienst Terugkeer en Vertrek" (its thesaurus twin) found the text, on
PostgreSQL only. The generated vectors and the title index are defined again; on SQLite, whose
tokenizer splits at "&" anyway, nothing changes."""

from django.db import migrations

OLD, NEW = "'<>', '  '", "'<>&', '   '"


def _text(column, chars):
    return f"to_tsvector('dutch', translate({column}, {chars}))"


def _statements(chars):
    public = (
        f"setweight({_text('title', chars)}, 'A') || "
        f"setweight({_text('identifiers_text', chars)}, 'A') || "
        f"setweight({_text('public_text', chars)}, 'C') || "
        f"setweight({_text('parts_text', chars)}, 'D')"
    )
    members = (
        f"setweight({_text('members_text', chars)}, 'C') || "
        f"setweight({_text('members_parts_text', chars)}, 'D')"
    )
    return [
        # Dropping a generated column drops the indexes on it.
        "ALTER TABLE search_searchdocument DROP COLUMN public_vector",
        "ALTER TABLE search_searchdocument DROP COLUMN all_vector",
        "DROP INDEX IF EXISTS search_doc_title_match",
        f"ALTER TABLE search_searchdocument ADD COLUMN public_vector tsvector "
        f"GENERATED ALWAYS AS ({public}) STORED",
        f"ALTER TABLE search_searchdocument ADD COLUMN all_vector tsvector "
        f"GENERATED ALWAYS AS ({public} || {members}) STORED",
        "CREATE INDEX search_doc_public_match ON search_searchdocument "
        "USING GIN (search_priced_vector(public_vector))",
        "CREATE INDEX search_doc_all_match ON search_searchdocument "
        "USING GIN (search_priced_vector(all_vector))",
        "CREATE INDEX search_doc_title_match ON search_searchdocument "
        f"USING GIN ({_text('title', chars)})",
        "ANALYZE search_searchdocument",
    ]


def _run(chars):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in _statements(chars):
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0007_saved_searches")]

    operations = [migrations.RunPython(_run(NEW), _run(OLD))]
