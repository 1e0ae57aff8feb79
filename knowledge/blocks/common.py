from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("level"), choices=[("h2", "H2"), ("h3", "H3"), ("h4", "H4")], default="h2"
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        label = _("Heading")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        label = _("Quote")


class SourceBlock(blocks.StructBlock):
    """A source as a lawyer cites it: who published what, when, and where to find it."""

    title = blocks.CharBlock(label=_("title"), max_length=300)
    publisher = blocks.CharBlock(label=_("publisher"), max_length=200, required=False)
    date = blocks.DateBlock(label=_("date"), required=False)
    url = blocks.URLBlock(label=_("URL"), required=False)

    class Meta:
        icon = "link"
        template = "blocks/source.html"
        label = _("Source")
