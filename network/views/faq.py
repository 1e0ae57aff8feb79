"""Frequently asked questions on the site: the published FAQ items a visitor may read, filtered
by topic. Members-only items are there for members alone; to anyone else such an item answers
like one that does not exist, and its topics offer no filter option."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from network.models import FAQItem
from portal.pagination import paginate

TOPIC_PARAMETER = "onderwerp"


def _topic_choices(items):
    """(slug, name) of the topics the visible items are filed under: a topic only members-only
    items carry is no option for a visitor."""
    topic_model = FAQItem._meta.get_field("topics").related_model
    return list(
        topic_model.objects.filter(faq_items__in=items)
        .distinct()
        .order_by("name")
        .values_list("slug", "name")
    )


@require_GET
def faq_list(request):
    visible = FAQItem.objects.visible_to(request.user)
    choices = _topic_choices(visible)
    topic = request.GET.get(TOPIC_PARAMETER, "")
    topic_name = dict(choices).get(topic)
    items = visible
    if topic_name:
        items = items.filter(topics__slug=topic)
    else:
        topic = ""  # an unknown or hidden topic filters nothing
    page = paginate(request, items.order_by("title").prefetch_related("topics"))
    return render(
        request,
        "network/faq/faq_list.html",
        {
            "page_obj": page,
            "items": page.object_list,
            "topics": choices,
            "topic": topic,
            "topic_name": topic_name,
            "topic_parameter": TOPIC_PARAMETER,
        },
    )


@require_GET
def faq_item(request, pk):
    item = get_object_or_404(FAQItem.objects.visible_to(request.user), pk=pk)
    return render(
        request,
        "network/faq/faq_item.html",
        {"item": item, "topic_parameter": TOPIC_PARAMETER},
    )
