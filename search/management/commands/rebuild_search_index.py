"""Rebuild the portal's search index from content, for every engine in use.

Safe to run at any time and as often as needed: it clears the index and writes every document
again, so the result depends only on the content. (Wagtail's own `update_index` command maintains
Wagtail's admin search and is unrelated.)"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from portal.progress import Progress
from search.indexing import source_key
from search.models import SourceDocument
from search.registry import registry
from search.service import get_engine


class Command(BaseCommand):
    help = "Rebuild the portal's search index (the search app) from all content."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="objects per batch")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, batch_size, no_progress, **options):
        started = time.monotonic()
        engine = get_engine()
        engine.setup()
        engine.clear()
        SourceDocument.objects.all().delete()
        sources = list(registry.sources)
        querysets = [(source, self.queryset(source)) for source in sources]
        total = sum(qs.count() for _, qs in querysets)
        progress = None if no_progress else Progress(total, label="index", stream=self.stderr._out)
        objects = documents = 0
        for source, queryset in querysets:
            batch, links = [], []
            for instance in queryset.iterator(chunk_size=batch_size):
                built = list(source.builder_function(instance) or [])
                batch += built
                key = source_key(instance)
                links += [SourceDocument(source=key, doc_id=doc.id) for doc in built]
                objects += 1
                if objects % batch_size == 0:
                    documents += self.flush(engine, batch, links)
                    batch, links = [], []
                    if progress:
                        progress.update(objects)
            documents += self.flush(engine, batch, links)
        if progress:
            progress.update(objects)
            progress.finish()
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"indexed {documents} documents from {objects} objects in {elapsed:.1f} s "
            f"(engine: {engine.name})"
        )

    @staticmethod
    def queryset(source):
        model = source.model_class
        queryset = model._default_manager.all()
        if source.is_page:
            queryset = queryset.live()  # the builders drop the rest anyway; skip loading it
        return queryset.order_by("pk")

    @staticmethod
    def flush(engine, documents, links) -> int:
        if not documents:
            return 0
        with transaction.atomic():
            written = engine.index(documents)
            SourceDocument.objects.bulk_create(links, ignore_conflicts=True)
        return written
