"""Storage of the database search engine. The rows here are the engine's index, rebuilt from
content by `manage.py rebuild_search_index`; content apps never write to them directly.

The full-text structures live outside these models because Django has no field for them: an FTS5
virtual table `search_fts` on SQLite, generated tsvector columns with GIN indexes on PostgreSQL
(see the migrations)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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


# --- saved searches and alerts ------------------------------------------------------------------


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class SavedSearch(models.Model):
    """A user's search (words and filters, as the search page's GET parameters) that the portal
    runs again: by e-mail at the chosen frequency (`manage.py send_alerts`) and as a private
    Atom feed. What it finds is decided at run time for the user as they are then (member or
    not), never when it was saved."""

    DIRECT = "direct"
    DAILY = "daily"
    WEEKLY = "weekly"
    FREQUENCIES = [
        (DIRECT, _("Directly")),
        (DAILY, _("Daily")),
        (WEEKLY, _("Weekly")),
    ]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=200)
    # Canonical: written by search.alerts.canonical_query_string, read by query_from_params.
    query_string = models.TextField()
    frequency = models.CharField(_("frequency"), max_length=10, choices=FREQUENCIES, default=DAILY)
    # False after an unsubscribe: no more e-mail; the feed and the saved search itself remain.
    active = models.BooleanField(_("send e-mail alerts"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    feed_token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    # A lease taken by one send_alerts run with a single UPDATE (works alike on SQLite and
    # PostgreSQL): a concurrent run skips what another has claimed until the lease runs out.
    claimed_by = models.CharField(max_length=40, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self):
        return self.name


class AnnouncedItem(models.Model):
    """An index document that a saved search has announced (or found already there when it was
    saved): each document is announced once per saved search, whatever its date says."""

    saved_search = models.ForeignKey(
        SavedSearch, on_delete=models.CASCADE, related_name="announced_items"
    )
    doc_id = models.CharField(max_length=255)
    announced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["saved_search", "doc_id"], name="search_announced_unique"
            )
        ]

    def __str__(self):
        return f"{self.saved_search_id}: {self.doc_id}"
