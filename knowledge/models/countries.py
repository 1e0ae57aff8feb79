from urllib.parse import urlencode

import pycountry
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from knowledge.blocks import CountrySectionBlock, SourceBlock
from knowledge.blocks.country import SECTION_CHOICES
from portal.access import is_member, visible_pages

from .mixins import ReviewMixin
from .taxonomy import CountryPageTag

SECTION_LABELS = dict(SECTION_CHOICES)


def validate_iso_code(value: str):
    if pycountry.countries.get(alpha_2=(value or "").upper()) is None:
        raise ValidationError(
            _("%(value)s is not an ISO 3166 country code (two letters, e.g. SY)."),
            params={"value": value},
        )


class CountryPage(ReviewMixin, Page):
    iso_code = models.CharField(
        _("ISO 3166 code"),
        max_length=2,
        unique=True,
        validators=[validate_iso_code],
        help_text=_("Two letters, e.g. SY for Syria."),
    )
    name_nl = models.CharField(_("Dutch name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    summary = RichTextField(
        _("summary"), blank=True, features=["bold", "italic", "link", "ul", "ol"]
    )
    sections = StreamField(
        [("section", CountrySectionBlock())], blank=True, verbose_name=_("sections")
    )
    sources = StreamField([("source", SourceBlock())], blank=True, verbose_name=_("sources"))
    topics = ParentalManyToManyField("knowledge.Topic", blank=True, verbose_name=_("topics"))
    tags = ClusterTaggableManager(through=CountryPageTag, blank=True, verbose_name=_("tags"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("iso_code"), FieldPanel("name_nl"), FieldPanel("name_en")],
            heading=_("Country"),
        ),
        FieldPanel("summary"),
        FieldPanel("sections"),
        FieldPanel("sources"),
        *ReviewMixin.review_panels,
        MultiFieldPanel([FieldPanel("topics"), FieldPanel("tags")], heading=_("Classification")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("name_nl"),
        index.SearchField("name_en"),
        index.FilterField("iso_code"),
    ]
    parent_page_types = ["knowledge.CountryIndexPage"]
    subpage_types: list[str] = []
    template = "knowledge/country_page.html"

    class Meta:
        verbose_name = _("country page")
        verbose_name_plural = _("country pages")

    def clean(self):
        super().clean()
        self.iso_code = (self.iso_code or "").upper()

    def section_list(self, member: bool) -> list[dict]:
        """Sections as a visitor may see them: a members-only section keeps its heading for a
        non-member, but its body is never handed to the template."""
        result = []
        for index_, block in enumerate(self.sections):
            value = block.value
            locked = bool(value.get("members_only")) and not member
            result.append(
                {
                    "anchor": f"sectie-{index_ + 1}",
                    "key": value.get("section"),
                    "heading": value.get("heading") or SECTION_LABELS.get(value.get("section"), ""),
                    "members_only": bool(value.get("members_only")),
                    "locked": locked,
                    "body": None if locked else value.get("body"),
                }
            )
        return result

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        member = is_member(request.user)
        context["country_sections"] = self.section_list(member)
        from .caselaw import CaseLawPage

        cases = CaseLawPage.objects.filter(countries=self).order_by("-decision_date")
        context["recent_cases"] = visible_pages(cases, request)[:10]
        # The list shows the latest ten; the case law section filtered on this country has all.
        from .sections import CaseLawIndexPage

        index = CaseLawIndexPage.objects.live().first()
        if index is not None and context["recent_cases"]:
            context["all_cases_url"] = (
                f"{index.get_url(request)}?{urlencode({'country': self.iso_code})}"
            )
        return context
