"""Builders for the test-only sources: section pages and auth groups stand in for the
content models the knowledge and network apps index."""

from portal.access import page_visibility
from search.registry import IndexDocument, is_live_and_indexable


def section_documents(page):
    if not is_live_and_indexable(page):
        return []
    documents = [
        IndexDocument(
            id=f"section:{page.pk}",
            type="article",
            title=page.title,
            url=page.url,
            public_text=page.intro,
            visibility=page_visibility(page),
        )
    ]
    if "tweede" in page.intro:
        documents.append(
            IndexDocument(
                id=f"section:{page.pk}:extra",
                type="article",
                title=f"{page.title} (vervolg)",
                url=page.url,
                public_text="vervolgdeel",
                visibility=page_visibility(page),
            )
        )
    return documents


def group_documents(group):
    return [IndexDocument(id=f"group:{group.pk}", type="organisation", title=group.name, url="/")]


def failing_documents(page):
    raise RuntimeError("builder bug")
