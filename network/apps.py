from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network")

    def ready(self):
        from network.home import upcoming_events
        from portal.cache import watch_app
        from portal.home import register_home_content

        self.register_search()
        watch_app(self.label)
        register_home_content(upcoming_events)
        from network import audit, signals  # noqa: F401 - connect the receivers
        from network.demo import register_demo_loaders

        register_demo_loaders()

    @staticmethod
    def register_search():
        """Which network model feeds which search documents, and which related rows are part of
        those documents: a change to them reindexes their owner after the commit."""
        from network import search_documents as docs
        from search.registry import (
            Dependency,
            register_facet_labels,
            register_source,
            register_type,
        )

        def organisation_of(row):
            return [row.organisation_id]

        def experts_of(membership):
            # An expert who is no longer a member must drop out of search.
            from network.models import Expert

            return Expert.objects.filter(user_id=membership.user_id).values_list("pk", flat=True)

        register_type(docs.TYPE_ORGANISATION, _("Organisation"))
        register_type(docs.TYPE_EXPERT, _("Expert"))
        register_type(docs.TYPE_EVENT, _("Event"))
        register_type(docs.TYPE_FAQ, _("Frequently asked question"))

        register_source(
            "network.Organisation",
            docs.organisation_documents,
            depends_on=[
                Dependency(f"network.{part}", organisation_of)
                for part in ("Service", "Location", "Phone", "Contact")
            ],
        )
        register_source(
            "network.Expert",
            docs.expert_documents,
            depends_on=[Dependency("network.Membership", experts_of)],
        )
        register_source("network.Event", docs.event_documents)
        register_source("network.FAQItem", docs.faq_documents)

        def taxonomy_names(codes):
            # Organisations are tagged with the codes of their services' categories and
            # target groups; the facet shows their names.
            from network.models import TaxonomyTerm

            return dict(TaxonomyTerm.objects.filter(code__in=codes).values_list("code", "name"))

        register_facet_labels("tag", taxonomy_names)
