from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from knowledge.blocks import DecisionTreeBlock, StepBlock

from .mixins import ReviewMixin
from .taxonomy import ProtocolPageTag


class ProtocolPage(ReviewMixin, Page):
    """A protocol or guide (werkinstructie, handreiking) with steps and decision trees."""

    KIND_CHOICES = [
        ("protocol", _("protocol")),
        ("work_instruction", _("work instruction")),
        ("guide", _("guide")),
    ]

    kind = models.CharField(_("kind"), max_length=20, choices=KIND_CHOICES, default="protocol")
    intro = models.TextField(_("introduction"), blank=True)
    version = models.CharField(_("version"), max_length=20, default="1.0")
    effective_date = models.DateField(_("effective from"), null=True, blank=True)
    responsible = models.CharField(_("owner"), max_length=200, blank=True)
    audience = models.CharField(_("audience"), max_length=300, blank=True)
    body = StreamField(
        [
            ("step", StepBlock()),
            ("decision_tree", DecisionTreeBlock()),
            (
                "text",
                blocks.RichTextBlock(
                    label=_("text"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
                ),
            ),
        ],
        blank=True,
        verbose_name=_("content"),
    )
    topics = ParentalManyToManyField("knowledge.Topic", blank=True, verbose_name=_("topics"))
    tags = ClusterTaggableManager(through=ProtocolPageTag, blank=True, verbose_name=_("tags"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("version"), FieldPanel("effective_date")]),
                FieldPanel("responsible"),
                FieldPanel("audience"),
            ],
            heading=_("Version and responsibility"),
        ),
        FieldPanel("body"),
        InlinePanel("changes", label=_("Change notes")),
        *ReviewMixin.review_panels,
        MultiFieldPanel([FieldPanel("topics"), FieldPanel("tags")], heading=_("Classification")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["knowledge.ProtocolIndexPage"]
    subpage_types: list[str] = []
    template = "knowledge/protocol_page.html"

    class Meta:
        verbose_name = _("protocol")
        verbose_name_plural = _("protocols")


class ProtocolChange(Orderable):
    page = ParentalKey(ProtocolPage, on_delete=models.CASCADE, related_name="changes")
    version = models.CharField(_("version"), max_length=20)
    date = models.DateField(_("date"))
    note = models.TextField(_("what changed"))

    panels = [FieldRowPanel([FieldPanel("version"), FieldPanel("date")]), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("change note")
        verbose_name_plural = _("change notes")
