"""The section (index) pages of the knowledge base: one per content type, each with an
introduction written by the editors, filters and a paginated list of what it holds."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from knowledge import filters
from portal.access import visible_pages
from portal.cache import per_visibility
from portal.pagination import paginate


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
    # What the section is called in the interface's other languages. The content is written in
    # Dutch only, so a section's title (which editors choose) is Dutch; each section type exists
    # once, so its name is interface vocabulary like the names of the Django-view sections in
    # the menu, translated through the translation system.
    section_name = ""

    class Meta:
        abstract = True

    @property
    def display_title(self) -> str:
        """The editors' title in the content's language (Dutch); the section's translated name
        when the visitor chose another interface language (English mode)."""
        if self.section_name and translation.get_language() != settings.LANGUAGE_CODE:
            return str(self.section_name)
        return self.title

    def child_items(self):
        """Every page this section lists, as its own model, whoever may see it."""
        from django.apps import apps

        model = apps.get_model("knowledge", self.item_model)
        return model.objects.child_of(self)

    def base_items(self, request):
        return visible_pages(self.child_items(), request)

    def list_items(self, items, request):
        """The filtered list as the page shows it; a section adds what each row displays."""
        return items

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = self.base_items(request)
        if self.filter_form_class is not None:
            form = self.filter_form_class(
                request.GET or None,
                queryset=items,
                request=request,
                cache_name=f"section-{self.pk}",
            )
            values = form.values() if request.GET else {}
            items = form.apply(items, values)
            context["filter_form"] = form
            context["filter_values"] = values
            context["active_filters"] = form.active_filters() if request.GET else []
            context["filter_errors"] = bool(request.GET) and bool(form.errors)
        items = self.list_items(items, request)
        count = None
        form = context.get("filter_form")
        ordering = form.ordering_fields if form is not None else ()
        if not [name for name in context.get("filter_values", {}) if name not in ordering]:
            # The whole section: the same count for everyone who may see the same pages.
            count = per_visibility(request, f"section-count:{self.pk}", items.count)
        context["items"] = paginate(request, items, count=count)
        return context


class CountryIndexPage(SectionPage):
    filter_form_class = filters.CountryFilterForm
    item_model = "CountryPage"
    section_name = _("Country information")
    template = "knowledge/country_index_page.html"

    class Meta:
        verbose_name = _("country information section")

    def base_items(self, request):
        return super().base_items(request).order_by("name_nl")


class CaseLawIndexPage(RoutablePageMixin, SectionPage):
    filter_form_class = filters.CaseLawFilterForm
    item_model = "CaseLawPage"
    section_name = _("Case law")
    template = "knowledge/caselaw_index_page.html"

    class Meta:
        verbose_name = _("case law section")

    def base_items(self, request):
        # The list shows a line per ruling; without the texts, sorting thousands of rulings
        # moves a few hundred bytes per row instead of the whole judgment.
        return (
            super()
            .base_items(request)
            .order_by("-decision_date", "ecli")
            .defer("summary", "full_text", "annotation", "relations", "legal_provisions")
            .prefetch_related("legal_areas")
        )

    # Enough of the summary's HTML for a snippet of about 250 characters of text.
    SNIPPET_SOURCE_CHARS = 1500

    def list_items(self, items, request):
        # The start of the summary only, cut in the database: the summary itself stays deferred.
        return items.annotate(summary_head=Substr("summary", 1, self.SNIPPET_SOURCE_CHARS))

    def get_context(self, request, *args, **kwargs):
        from knowledge.caselaw_facets import summary_snippet
        from knowledge.citations import citation_counts

        context = super().get_context(request, *args, **kwargs)
        rows = context["items"].object_list = list(context["items"].object_list)
        if rows and not hasattr(rows[0], "cited_count"):
            # How often each ruling is cited, for the whole page of results in one query.
            counts = citation_counts([row.ecli for row in rows], request)
            for row in rows:
                row.cited_count = counts.get(row.ecli, 0)
        for row in rows:
            row.summary_snippet = summary_snippet(
                row.summary_head, cut=len(row.summary_head) >= self.SNIPPET_SOURCE_CHARS
            )
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
    section_name = _("Protocols")
    template = "knowledge/protocol_index_page.html"

    class Meta:
        verbose_name = _("protocols section")

    def base_items(self, request):
        return super().base_items(request).order_by("title")


class ArticleIndexPage(RoutablePageMixin, SectionPage):
    filter_form_class = filters.ArticleFilterForm
    item_model = "ArticlePage"
    section_name = _("Articles")
    template = "knowledge/article_index_page.html"

    class Meta:
        verbose_name = _("articles section")

    def base_items(self, request):
        return super().base_items(request).order_by("-date", "-pk")

    @path("feed/")
    def feed(self, request):
        from knowledge.feeds import ArticleFeed

        return ArticleFeed(self)(request)
