"""Pagination for every list on the site (sections, directory, agenda, search results)."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

PAGE_SIZE = 20


def paginate(request, object_list, per_page=PAGE_SIZE):
    """Return the requested page; a non-numeric or out-of-range number gives the nearest page."""
    paginator = Paginator(object_list, per_page)
    number = request.GET.get("page", 1)
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        # Only whole numbers get here: below the first page the nearest is the first.
        return paginator.page(1 if int(number) < 1 else paginator.num_pages)
