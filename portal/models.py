from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


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
        sections = self.get_children().live().in_menu().specific()
        if not request.user.is_authenticated:
            sections = sections.public()
        context["sections"] = sections
        context.update(self.latest(request))
        return context

    def latest(self, request) -> dict:
        """What is new, for the front page. Rulings and articles: public pages only, for everyone,
        so the front page never differs in members-only content; events: as the visitor may see
        them in the agenda."""
        from knowledge.models import ArticlePage, CaseLawPage
        from network.models import Event

        rulings = (
            CaseLawPage.objects.live()
            .public()
            .descendant_of(self)
            .order_by("-decision_date", "-pk")
            .only("title", "url_path", "decision_date", "summary")[:5]
        )
        articles = (
            ArticlePage.objects.live()
            .public()
            .descendant_of(self)
            .order_by("-date", "-pk")
            .only("title", "url_path", "date", "intro")[:3]
        )
        events = Event.objects.visible_to(request.user).upcoming()[:3]
        return {"latest_rulings": rulings, "latest_articles": articles, "upcoming_events": events}
