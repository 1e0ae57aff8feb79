from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.search import index

from knowledge.blocks import HeadingBlock, QuoteBlock, SourceBlock

from .taxonomy import ArticlePageTag


class ArticlePage(Page):
    KIND_CHOICES = [
        ("news", _("news")),
        ("analysis", _("analysis")),
        ("publication", _("publication")),
        ("position", _("position paper")),
    ]

    kind = models.CharField(_("kind"), max_length=20, choices=KIND_CHOICES, default="news")
    author = models.CharField(_("author"), max_length=200, blank=True)
    date = models.DateField(_("date"), default=timezone.localdate, db_index=True)
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(
        [
            ("heading", HeadingBlock()),
            (
                "paragraph",
                blocks.RichTextBlock(
                    label=_("paragraph"),
                    features=["h3", "h4", "bold", "italic", "link", "ol", "ul", "document-link"],
                ),
            ),
            ("quote", QuoteBlock()),
            ("image", ImageBlock(label=_("image"))),
            ("source", SourceBlock()),
        ],
        blank=True,
        verbose_name=_("content"),
    )
    topics = ParentalManyToManyField("knowledge.Topic", blank=True, verbose_name=_("topics"))
    countries = ParentalManyToManyField(
        "knowledge.CountryPage", blank=True, verbose_name=_("countries")
    )
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True, verbose_name=_("tags"))

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("kind"), FieldPanel("date")]),
        FieldPanel("author"),
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("topics"), FieldPanel("countries"), FieldPanel("tags")],
            heading=_("Classification"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["knowledge.ArticleIndexPage"]
    subpage_types: list[str] = []
    template = "knowledge/article_page.html"

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-date"]
