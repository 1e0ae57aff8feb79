"""The editor's side of the country proposals (knowledge.country_mentions): a read-only panel in
the ruling's edit view; its button posts to knowledge.country_proposal_views."""

from __future__ import annotations

from django.urls import reverse
from wagtail.admin.panels import Panel

from knowledge.country_mentions import proposed_countries


class CountryProposalsPanel(Panel):
    """Countries the ruling's text mentions that are not among its countries yet, each with its
    number of mentions, and a button that adds them all to a new draft."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "knowledge/admin/country_proposals_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context["proposals"] = proposed_countries(page) if page.pk else []
            context["adopt_url"] = (
                reverse("knowledge_adopt_countries", args=[page.pk]) if page.pk else ""
            )
            return context
