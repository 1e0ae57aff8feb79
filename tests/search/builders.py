"""Builders for the test-only sources: section pages and auth groups stand in for the
content models the knowledge and network apps index."""

from search.registry import IndexDocument, indexed_visibility


def section_documents(page):
    visibility = indexed_visibility(page)
    if visibility is None:
        return []
    documents = [
        IndexDocument(
            id=f"section:{page.pk}",
            type="article",
            title=page.title,
            url=page.url,
            public_text=page.intro,
            visibility=visibility,
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
                visibility=visibility,
            )
        )
    return documents


def group_documents(group):
    return [IndexDocument(id=f"group:{group.pk}", type="organisation", title=group.name, url="/")]


def failing_documents(page):
    raise RuntimeError("builder bug")
