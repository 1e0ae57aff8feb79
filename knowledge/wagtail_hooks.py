import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from knowledge.models import (
    CountryPage,
    ECLIAlias,
    GlossaryTerm,
    LegalArea,
    ProtocolPage,
    SynonymGroup,
    Topic,
)
from knowledge.models.mixins import REVIEW_SOON_DAYS


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class LegalAreaViewSet(SnippetViewSet):
    model = LegalArea
    icon = "tag"
    list_display = ["name", "identifier"]


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "doc-full"
    list_display = ["term", "abbreviation"]
    search_fields = ["term", "abbreviation"]


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "list-ul"
    list_display = ["__str__", "note"]
    search_fields = ["terms"]


class ECLIAliasViewSet(SnippetViewSet):
    model = ECLIAlias
    icon = "redirect"
    list_display = ["ecli", "target_ecli", "note"]


class KnowledgeViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Vocabulary")
    menu_icon = "tag"
    menu_order = 300
    items = (
        TopicViewSet,
        LegalAreaViewSet,
        GlossaryTermViewSet,
        SynonymGroupViewSet,
        ECLIAliasViewSet,
    )


register_snippet(KnowledgeViewSetGroup)


class ReviewDuePanel(Component):
    """Dashboard panel: country pages and protocols whose review is overdue or due soon."""

    name = "review_due"
    order = 90
    template_name = "knowledge/admin/review_due_panel.html"

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        soon = today + datetime.timedelta(days=REVIEW_SOON_DAYS)
        rows = []
        for model in (CountryPage, ProtocolPage):
            for page in model.objects.filter(review_due__lte=soon).order_by("review_due")[:50]:
                rows.append(
                    {
                        "page": page,
                        "type": model._meta.verbose_name,
                        "overdue": page.review_due < today,
                    }
                )
        rows.sort(key=lambda r: r["page"].review_due)
        return {
            "overdue": [r for r in rows if r["overdue"]],
            "soon": [r for r in rows if not r["overdue"]],
            "soon_days": REVIEW_SOON_DAYS,
        }


@hooks.register("construct_homepage_panels")
def add_review_panel(request, panels):
    panels.append(ReviewDuePanel())


@hooks.register("register_admin_urls")
def country_proposal_urls():
    from django.urls import path

    from knowledge.country_proposal_views import adopt_proposed_countries

    return [
        path(
            "knowledge/rulings/<int:page_id>/adopt-countries/",
            adopt_proposed_countries,
            name="knowledge_adopt_countries",
        )
    ]
