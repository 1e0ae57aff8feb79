"""Pagination for every list on the site (sections, directory, agenda, search results)."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

PAGE_SIZE = 20


def paginate(request, object_list, per_page=PAGE_SIZE, count=None):
    """Return the requested page; a non-numeric or out-of-range number gives the nearest page.
    `count`: the number of items when the caller already knows it (a cached count spares a
    COUNT over a long list)."""
    paginator = Paginator(object_list, per_page)
    if count is not None:
        paginator.__dict__["count"] = count  # Paginator.count is a cached_property
    number = request.GET.get("page", 1)
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        # Only whole numbers get here: below the first page the nearest is the first.
        return paginator.page(1 if int(number) < 1 else paginator.num_pages)
