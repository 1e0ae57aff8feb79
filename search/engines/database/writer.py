# SQL here is assembled from constant fragments and "%s" placeholders only; every value goes in
# as a query parameter, so the S608 warnings are about string building, not injection.
# ruff: noqa: S608
"""Storing documents in the tables both vendors share: documents, facet values, identifiers.

A vendor whose full-text structures are not filled by the database itself (SQLite's FTS5 table)
writes them through the hooks at the end of DocumentWriter; PostgreSQL's tsvector columns are
generated from the document row, so it uses DocumentWriter as it is."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import connection, transaction

from search.compounds import parts_of_text
from search.documents import IndexDocument
from search.engines.base import clean_text, document_to_data, facet_values, identifiers_of
from search.engines.database.sql import placeholders
from search.models import SearchDocument

BATCH_SIZE = 500


def batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def compound_parts(*texts: str) -> str:
    """The parts of the compound words in the texts, as one text (see SearchDocument)."""
    return " ".join(part for text in texts for part in parts_of_text(text))


class DocumentWriter:
    def index(self, documents: Iterable[IndexDocument]) -> int:
        written = 0
        for batch in batched(documents, BATCH_SIZE):
            # The last version of a document in one call wins, as if written one by one.
            unique = list({doc.id: doc for doc in batch}.values())
            with transaction.atomic():
                self._delete_ids([doc.id for doc in unique])
                rows = SearchDocument.objects.bulk_create(
                    [self._row(doc) for doc in unique], batch_size=BATCH_SIZE
                )
                facets, identifiers = [], []
                for row, doc in zip(rows, unique, strict=True):
                    facets += [(row.pk, name, value) for name, value in facet_values(doc)]
                    identifiers += [(row.pk, value[:255]) for value in identifiers_of(doc)]
                # Plain executemany: these rows are many and simple, the ORM adds nothing here.
                with connection.cursor() as cursor:
                    cursor.executemany(
                        "INSERT INTO search_searchfacet (document_id, name, value) "
                        "VALUES (%s, %s, %s)",
                        facets,
                    )
                    cursor.executemany(
                        "INSERT INTO search_searchidentifier (document_id, value) VALUES (%s, %s)",
                        identifiers,
                    )
                self.write_fulltext(rows, unique)
            written += len(unique)
        return written

    def _row(self, doc: IndexDocument) -> SearchDocument:
        date = doc.date
        if isinstance(date, datetime.datetime):
            date = date.date()
        title = clean_text(doc.title)
        public_text = clean_text(doc.public_text)
        members_text = clean_text(doc.members_text)
        identifiers_text = clean_text(" ".join([doc.ecli, *doc.case_numbers, *doc.keywords]))
        return SearchDocument(
            doc_id=doc.id[:255],
            type=doc.type,
            title=title,
            url=doc.url[:1000],
            public_text=public_text,
            members_text=members_text,
            identifiers_text=identifiers_text,
            parts_text=compound_parts(title, identifiers_text, public_text),
            members_parts_text=compound_parts(members_text),
            visibility=doc.visibility,
            court=doc.court[:255],
            date=date,
            year=date.year if date else None,
            ecli=doc.ecli.strip().upper()[:100],
            data=document_to_data(doc),
        )

    def _delete_ids(self, ids: list[str]) -> None:
        with connection.cursor() as cursor:
            pks = []
            for chunk in batched(ids, BATCH_SIZE):
                cursor.execute(
                    f"SELECT id FROM search_searchdocument WHERE doc_id IN ({placeholders(chunk)})",
                    chunk,
                )
                pks += [row[0] for row in cursor.fetchall()]
            for chunk in batched(pks, BATCH_SIZE):
                marks = placeholders(chunk)
                self.delete_fulltext(cursor, chunk)
                cursor.execute(
                    f"DELETE FROM search_searchfacet WHERE document_id IN ({marks})",
                    chunk,
                )
                cursor.execute(
                    f"DELETE FROM search_searchidentifier WHERE document_id IN ({marks})",
                    chunk,
                )
                cursor.execute(f"DELETE FROM search_searchdocument WHERE id IN ({marks})", chunk)

    def delete(self, ids: Iterable[str]) -> None:
        for chunk in batched(ids, BATCH_SIZE):
            with transaction.atomic():
                self._delete_ids(chunk)

    def clear(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            self.clear_fulltext(cursor)
            cursor.execute("DELETE FROM search_searchfacet")
            cursor.execute("DELETE FROM search_searchidentifier")
            cursor.execute("DELETE FROM search_searchdocument")

    def count(self) -> int:
        return SearchDocument.objects.count()

    # Full-text structures the database does not derive from the rows above by itself.

    def write_fulltext(self, rows: list[SearchDocument], docs: list[IndexDocument]) -> None:
        """Index freshly stored rows (paired with the documents they came from)."""

    def delete_fulltext(self, cursor, pks: list[int]) -> None:
        """Forget the documents with these primary keys, before their rows go."""

    def clear_fulltext(self, cursor) -> None:
        """Forget every document."""
