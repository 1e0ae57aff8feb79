"""The section (index) pages of the knowledge base: one per content type, each with an
introduction written by the editors, filters and a paginated list of what it holds."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from knowledge import filters
from network.membership import is_member

PAGE_SIZE = 20


def paginate(request, queryset, per_page=PAGE_SIZE):
    """Return the requested page; a non-numeric or out-of-range number gives the nearest page."""
    paginator = Paginator(queryset, per_page)
    number = request.GET.get("page", 1)
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        # Only whole numbers get here: below the first page the nearest is the first.
        return paginator.page(1 if int(number) < 1 else paginator.num_pages)


def visible(queryset, request):
    """Live pages a visitor may open: restricted pages only for members."""
    queryset = queryset.live()
    if not is_member(request.user):
        queryset = queryset.public()
    return queryset


class SectionPage(Page):
    intro = models.CharField(_("intro"), max_length=300, blank=True)
    body = RichTextField(
        _("introduction"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["portal.HomePage"]
    max_count = 1
    template = "knowledge/section_page.html"

    filter_form_class: type[filters.BaseFilterForm] | None = None
    item_model: str = ""

    class Meta:
        abstract = True

    def base_items(self, request):
        from django.apps import apps

        model = apps.get_model("knowledge", self.item_model)
        return visible(model.objects.child_of(self), request)

    def filter_choices(self, queryset) -> dict:
        return {}

    def apply_filters(self, queryset, values):
        return queryset

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = self.base_items(request)
        if self.filter_form_class is not None:
            form = self.filter_form_class(request.GET or None, choices=self.filter_choices(items))
            values = form.values() if request.GET else {}
            items = self.apply_filters(items, values)
            context["filter_form"] = form
            context["filter_values"] = values
            context["active_filters"] = form.active_filters() if request.GET else []
            context["filter_errors"] = bool(request.GET) and bool(form.errors)
        context["items"] = paginate(request, items)
        return context


class CountryIndexPage(SectionPage):
    filter_form_class = filters.CountryFilterForm
    item_model = "CountryPage"
    template = "knowledge/country_index_page.html"

    class Meta:
        verbose_name = _("country information section")

    def base_items(self, request):
        return super().base_items(request).order_by("name_nl")

    def filter_choices(self, queryset):
        return filters.country_choices(queryset)

    def apply_filters(self, queryset, values):
        return filters.apply_country_filters(queryset, values)


class CaseLawIndexPage(RoutablePageMixin, SectionPage):
    filter_form_class = filters.CaseLawFilterForm
    item_model = "CaseLawPage"
    template = "knowledge/caselaw_index_page.html"

    class Meta:
        verbose_name = _("case law section")

    def base_items(self, request):
        return (
            super()
            .base_items(request)
            .order_by("-decision_date", "ecli")
            .prefetch_related("legal_areas")
        )

    def filter_choices(self, queryset):
        return filters.caselaw_choices(queryset)

    def apply_filters(self, queryset, values):
        return filters.apply_caselaw_filters(queryset, values)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["filtered_feeds"] = self.filtered_feeds(
            request, context.get("filter_values", {}), context.get("filter_form")
        )
        return context

    def filtered_feeds(self, request, values, form) -> list[dict]:
        """The topic and court feeds that match the current filters, to subscribe to."""
        from knowledge.models import Topic

        feeds = []
        base = self.get_url(request)
        if "topic" in values:
            topic = Topic.objects.filter(slug=values["topic"]).first()
            if topic is not None:
                url = base + self.reverse_subpage("topic_feed", args=[topic.slug])
                feeds.append({"kind": "topic", "name": topic.name, "url": url})
        if "court" in values:
            code = values["court"]
            name = dict(form.fields["court"].choices).get(code, code)
            url = base + self.reverse_subpage("court_feed", args=[code])
            feeds.append({"kind": "court", "name": name, "url": url})
        return feeds

    @path("feed/")
    def feed(self, request):
        from knowledge.feeds import CaseLawFeed

        return CaseLawFeed(self)(request)

    @path("feed/onderwerp/<slug:topic>/")
    def topic_feed(self, request, topic):
        from knowledge.feeds import CaseLawFeed
        from knowledge.models import Topic

        topic_obj = Topic.objects.filter(slug=topic).first()
        if topic_obj is None:
            raise Http404
        return CaseLawFeed(self, topic=topic_obj)(request)

    @path("feed/instantie/<str:court>/")
    def court_feed(self, request, court):
        from knowledge.feeds import CaseLawFeed

        return CaseLawFeed(self, court=court.upper()[:20])(request)


class ProtocolIndexPage(SectionPage):
    filter_form_class = filters.ProtocolFilterForm
    item_model = "ProtocolPage"
    template = "knowledge/protocol_index_page.html"

    class Meta:
        verbose_name = _("protocols section")

    def base_items(self, request):
        return super().base_items(request).order_by("title")

    def filter_choices(self, queryset):
        return filters.protocol_choices(queryset)

    def apply_filters(self, queryset, values):
        return filters.apply_protocol_filters(queryset, values)


class ArticleIndexPage(RoutablePageMixin, SectionPage):
    filter_form_class = filters.ArticleFilterForm
    item_model = "ArticlePage"
    template = "knowledge/article_index_page.html"

    class Meta:
        verbose_name = _("articles section")

    def base_items(self, request):
        return super().base_items(request).order_by("-date", "-pk")

    def filter_choices(self, queryset):
        return filters.article_choices(queryset)

    def apply_filters(self, queryset, values):
        return filters.apply_article_filters(queryset, values)

    @path("feed/")
    def feed(self, request):
        from knowledge.feeds import ArticleFeed

        return ArticleFeed(self)(request)
