"""Storage of the database search engine. The rows here are the engine's index, rebuilt from
content by `manage.py rebuild_search_index`; content apps never write to them directly.

The full-text structures live outside these models because Django has no field for them: an FTS5
virtual table `search_fts` on SQLite, generated tsvector columns with GIN indexes on PostgreSQL
(see the migrations)."""

from django.db import models


class SearchDocument(models.Model):
    # The integer primary key doubles as the FTS5 rowid on SQLite.
    doc_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=40, db_index=True)
    title = models.TextField()
    url = models.CharField(max_length=1000)
    public_text = models.TextField(blank=True)
    members_text = models.TextField(blank=True)
    # ECLI, case numbers and keywords as plain words, so that running text can find them.
    identifiers_text = models.TextField(blank=True)
    # The parts of the compound words in the title, identifiers and public text, and in the
    # members' text ("asielaanvraag" gives "asiel aanvraag"): indexed with a lower weight than
    # the words themselves, so that a part finds the compound and a whole word still ranks first.
    parts_text = models.TextField(blank=True)
    members_parts_text = models.TextField(blank=True)
    visibility = models.CharField(max_length=10, db_index=True)
    court = models.CharField(max_length=255, blank=True)
    date = models.DateField(null=True, blank=True, db_index=True)
    year = models.IntegerField(null=True, blank=True)
    ecli = models.CharField(max_length=100, blank=True)
    # The remaining IndexDocument fields (lists of countries, topics, ...), kept as given.
    data = models.JSONField(default=dict)
    indexed_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.doc_id


class SearchFacet(models.Model):
    """One facet value of one document (a document has several countries, topics, ...)."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="facets")
    name = models.CharField(max_length=20)
    value = models.CharField(max_length=255)

    class Meta:
        indexes = [
            models.Index(fields=["name", "value"], name="search_facet_name_value"),
            models.Index(fields=["document", "name", "value"], name="search_facet_doc_name_value"),
        ]

    def __str__(self):
        return f"{self.name}={self.value}"


class SearchIdentifier(models.Model):
    """A normalised ECLI or case number: a query equal to it puts the document first."""

    document = models.ForeignKey(
        SearchDocument, on_delete=models.CASCADE, related_name="identifiers"
    )
    value = models.CharField(max_length=255, db_index=True)

    def __str__(self):
        return self.value


class SourceDocument(models.Model):
    """Which index documents one content object produced, whatever the engine: when the object
    changes or goes away, the documents it no longer produces are deleted from every engine."""

    source = models.CharField(max_length=255, db_index=True)  # "app_label.model:pk"
    doc_id = models.CharField(max_length=255, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "doc_id"], name="search_source_doc_unique")
        ]

    def __str__(self):
        return f"{self.source} -> {self.doc_id}"
