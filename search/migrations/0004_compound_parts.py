"""The parts of compound words, indexed below the words themselves ("asiel" finds
"asielaanvraag", which still ranks below a text that says "asiel").

Both vendors get two text columns holding the parts (public and members' text). SQLite's FTS5
table cannot gain columns, so it is created again with `parts` and `mparts` and the rows are
copied over; PostgreSQL's generated vectors are defined again with the parts at weight D and the
text at weight C (the ranking passes weights that keep title and text as far apart as before).
Existing documents get their parts here, so search keeps working without a rebuild."""

from django.db import migrations, models

FTS_COLUMNS = "title, public, ids, members, mtitle, mpublic, mids, title_raw, mtitle_raw, filters"
SQLITE_FTS = (
    "CREATE VIRTUAL TABLE {name} USING fts5({columns}, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
)


def _text(column):
    return f"to_tsvector('dutch', translate({column}, '<>', '  '))"


def _vectors(public_weight, parts):
    """The two generated vectors: before this migration (text at D, no parts) and after."""
    public = (
        f"setweight({_text('title')}, 'A') || "
        f"setweight({_text('identifiers_text')}, 'A') || "
        f"setweight({_text('public_text')}, '{public_weight}')"
    )
    members = f"setweight({_text('members_text')}, '{public_weight}')"
    if parts:
        public += f" || setweight({_text('parts_text')}, 'D')"
        members += f" || setweight({_text('members_parts_text')}, 'D')"
    return [
        f"ALTER TABLE search_searchdocument ADD COLUMN public_vector tsvector "
        f"GENERATED ALWAYS AS ({public}) STORED",
        f"ALTER TABLE search_searchdocument ADD COLUMN all_vector tsvector "
        f"GENERATED ALWAYS AS ({public} || {members}) STORED",
        "CREATE INDEX search_doc_public_match ON search_searchdocument "
        "USING GIN (search_priced_vector(public_vector))",
        "CREATE INDEX search_doc_all_match ON search_searchdocument "
        "USING GIN (search_priced_vector(all_vector))",
        "ANALYZE search_searchdocument",
    ]


# Dropping a generated column drops the indexes on it.
DROP_VECTORS = [
    "ALTER TABLE search_searchdocument DROP COLUMN public_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN all_vector",
]


def _recreate_fts(schema_editor, with_parts: bool):
    columns = FTS_COLUMNS + (", parts, mparts" if with_parts else "")
    empty_parts = ", '', ''" if with_parts else ""
    schema_editor.execute(SQLITE_FTS.format(name="search_fts_new", columns=columns))
    schema_editor.execute(
        f"INSERT INTO search_fts_new (rowid, {columns}) "
        f"SELECT rowid, {FTS_COLUMNS}{empty_parts} FROM search_fts"
    )
    schema_editor.execute("DROP TABLE search_fts")
    schema_editor.execute("ALTER TABLE search_fts_new RENAME TO search_fts")


def prepare(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _recreate_fts(schema_editor, with_parts=True)
    elif vendor == "postgresql":
        # Without the vectors, filling the parts below rewrites each row once, not three times.
        for statement in DROP_VECTORS:
            schema_editor.execute(statement)


def fill_parts(apps, schema_editor):
    from search.engines.database.writer import compound_parts
    from search.query import stem_text

    document = apps.get_model("search", "SearchDocument")
    vendor = schema_editor.connection.vendor
    rows = document.objects.order_by("pk").values_list(
        "pk", "title", "identifiers_text", "public_text", "members_text", "visibility"
    )
    with schema_editor.connection.cursor() as cursor:
        for pk, title, identifiers, public, members, visibility in rows.iterator(chunk_size=500):
            parts = compound_parts(title, identifiers, public)
            members_parts = compound_parts(members)
            if not parts and not members_parts:
                continue
            document.objects.filter(pk=pk).update(
                parts_text=parts, members_parts_text=members_parts
            )
            if vendor == "sqlite":
                stems, members_stems = stem_text(parts), stem_text(members_parts)
                if visibility != "public":
                    stems, members_stems = "", f"{stems} {members_stems}".strip()
                cursor.execute(
                    "UPDATE search_fts SET parts = %s, mparts = %s WHERE rowid = %s",
                    [stems, members_stems, pk],
                )


def finish(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in _vectors("C", parts=True):
            schema_editor.execute(statement)


def unprepare(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _recreate_fts(schema_editor, with_parts=False)
    elif vendor == "postgresql":
        for statement in DROP_VECTORS + _vectors("D", parts=False):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_priced_match")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="parts_text",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="members_parts_text",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(prepare, unprepare),
        migrations.RunPython(fill_parts, migrations.RunPython.noop),
        migrations.RunPython(finish, migrations.RunPython.noop),
    ]
