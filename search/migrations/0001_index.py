import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("doc_id", models.CharField(max_length=255, unique=True)),
                ("type", models.CharField(db_index=True, max_length=40)),
                ("title", models.TextField()),
                ("url", models.CharField(max_length=1000)),
                ("public_text", models.TextField(blank=True)),
                ("members_text", models.TextField(blank=True)),
                ("identifiers_text", models.TextField(blank=True)),
                ("visibility", models.CharField(db_index=True, max_length=10)),
                ("court", models.CharField(blank=True, max_length=255)),
                ("date", models.DateField(blank=True, db_index=True, null=True)),
                ("year", models.IntegerField(blank=True, null=True)),
                ("ecli", models.CharField(blank=True, max_length=100)),
                ("data", models.JSONField(default=dict)),
                ("indexed_at", models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.CreateModel(
            name="SourceDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("source", models.CharField(db_index=True, max_length=255)),
                ("doc_id", models.CharField(db_index=True, max_length=255)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("source", "doc_id"), name="search_source_doc_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="SearchFacet",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=20)),
                ("value", models.CharField(max_length=255)),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="facets",
                        to="search.searchdocument",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["name", "value"], name="search_facet_name_value"),
                    models.Index(fields=["document", "name", "value"], name="search_facet_doc_name_value"),
                ],
            },
        ),
        migrations.CreateModel(
            name="SearchIdentifier",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("value", models.CharField(db_index=True, max_length=255)),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="identifiers",
                        to="search.searchdocument",
                    ),
                ),
            ],
        ),
    ]
