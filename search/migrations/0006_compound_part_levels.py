"""The compound splitter now also reads derivations (staatloosheid) as parts, and the index keeps
every level of a split (vaststelling as well as vast and stelling): the documents already in the
index get their parts again, so search keeps working without a rebuild. Only rows whose parts
changed are written."""

from django.db import migrations


def refresh_parts(apps, schema_editor):
    from search.engines.database.writer import compound_parts
    from search.query import stem_text

    document = apps.get_model("search", "SearchDocument")
    vendor = schema_editor.connection.vendor
    rows = document.objects.order_by("pk").values_list(
        "pk",
        "title",
        "identifiers_text",
        "public_text",
        "members_text",
        "visibility",
        "parts_text",
        "members_parts_text",
    )
    with schema_editor.connection.cursor() as cursor:
        for pk, title, identifiers, public, members, visibility, old, old_members in rows.iterator(
            chunk_size=500
        ):
            parts = compound_parts(title, identifiers, public)
            members_parts = compound_parts(members)
            if parts == old and members_parts == old_members:
                continue
            document.objects.filter(pk=pk).update(
                parts_text=parts, members_parts_text=members_parts
            )
            if vendor == "sqlite":
                # As the SQLite writer fills search_fts: a members-only document keeps even its
                # public parts in the members' column.
                stems, members_stems = stem_text(parts), stem_text(members_parts)
                if visibility != "public":
                    stems, members_stems = "", f"{stems} {members_stems}".strip()
                cursor.execute(
                    "UPDATE search_fts SET parts = %s, mparts = %s WHERE rowid = %s",
                    [stems, members_stems, pk],
                )


class Migration(migrations.Migration):
    dependencies = [("search", "0005_compact_case_numbers")]

    operations = [migrations.RunPython(refresh_parts, migrations.RunPython.noop)]
