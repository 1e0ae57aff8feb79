from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from portal.access import visible_pages
from portal.home import home_content


class HomePage(Page):
    """The portal's front page: an introduction and the way into every section."""

    intro = models.CharField(_("intro"), max_length=300, blank=True)
    body = RichTextField(
        _("body"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Only sections a visitor may open: restricted sections stay out of the public menu.
        context["sections"] = visible_pages(self.get_children().in_menu(), request).specific()
        context.update(home_content(self, request))
        return context
