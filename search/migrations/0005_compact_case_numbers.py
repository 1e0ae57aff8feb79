"""Case numbers are also looked up without separators ("AWB - 14 _ 5548" as the court stores it
meets "AWB 14/5548" as a lawyer types it): the documents already in the index get the new
identifier variants here, so no rebuild is needed."""

from django.db import migrations


def add_variants(apps, schema_editor):
    from search.query import identifier_variants

    document = apps.get_model("search", "SearchDocument")
    identifier = apps.get_model("search", "SearchIdentifier")
    rows = document.objects.exclude(data__case_numbers=[]).values_list("pk", "data")
    for pk, data in rows.iterator(chunk_size=1000):
        wanted = {
            value[:255]
            for number in (data or {}).get("case_numbers") or []
            for value in identifier_variants(number)
        }
        have = set(identifier.objects.filter(document_id=pk).values_list("value", flat=True))
        identifier.objects.bulk_create(
            [identifier(document_id=pk, value=value) for value in sorted(wanted - have)]
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0004_compound_parts")]

    operations = [migrations.RunPython(add_variants, migrations.RunPython.noop)]
