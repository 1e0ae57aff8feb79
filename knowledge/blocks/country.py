from django.utils.translation import gettext_lazy as _
from wagtail import blocks

RICH_FEATURES = ["h3", "h4", "bold", "italic", "link", "ol", "ul", "document-link"]

SECTION_CHOICES = [
    ("security", _("Security situation")),
    ("medical", _("Medical care and medicines")),
    ("documents_return", _("Documents and return")),
    ("dublin_reception", _("Reception in Dublin partner states")),
    ("statelessness", _("Statelessness")),
    ("legal", _("Legal procedures")),
    ("other", _("Other")),
]


class CountrySectionBlock(blocks.StructBlock):
    """One chapter of a country page. A members-only chapter is replaced by a login notice for
    everyone outside the network; the page model decides that, not the template."""

    section = blocks.ChoiceBlock(label=_("section"), choices=SECTION_CHOICES, default="other")
    heading = blocks.CharBlock(
        label=_("heading"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the name of the section."),
    )
    body = blocks.RichTextBlock(label=_("text"), features=RICH_FEATURES)
    members_only = blocks.BooleanBlock(
        label=_("members only"),
        required=False,
        help_text=_("Only members of the network can read this section."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Country section")
