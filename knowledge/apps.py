from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self):
        from knowledge.home import latest_knowledge
        from portal.cache import watch_app
        from portal.home import register_home_content

        self.register_search()
        watch_app(self.label)
        register_home_content(latest_knowledge)

        from wagtail.signals import page_published

        from knowledge.citations import update_citations
        from knowledge.models import ArticlePage, CaseLawPage, CountryPage, ProtocolPage

        def refresh_citations(sender, instance, **kwargs):
            update_citations(instance)

        for model in (CaseLawPage, CountryPage, ProtocolPage, ArticlePage):
            # weak=False: the receiver is a local function, a weak reference would let it be
            # garbage-collected as soon as ready() returns, and citations would never update.
            page_published.connect(
                refresh_citations,
                sender=model,
                weak=False,
                dispatch_uid=f"citations-{model.__name__}",
            )

        from knowledge import follows
        from search.registry import register_alert_source, register_personal_data

        # Follows of rulings and countries go out with the saved searches' alert e-mail.
        register_alert_source(follows.collect, users=follows.follower_ids)
        register_personal_data("follows", follows.follows_data)

        from knowledge.demo import register_demo_loaders

        register_demo_loaders()

    @staticmethod
    def register_search():
        """Which knowledge model feeds which search documents, and the labels of their types
        and of the facet values knowledge owns."""
        from knowledge import search_documents as docs
        from knowledge.models import LegalArea, Topic
        from search.registry import (
            register_facet_labels,
            register_source,
            register_synonyms,
            register_type,
        )

        register_type(docs.TYPE_CASELAW, _("Case law"))
        register_type(docs.TYPE_COUNTRY, _("Country information"))
        register_type(docs.TYPE_COUNTRY_SECTION, _("Country information (section)"))
        register_type(docs.TYPE_PROTOCOL, _("Protocol"))
        register_type(docs.TYPE_ARTICLE, _("Article"))
        register_type(docs.TYPE_GLOSSARY, _("Glossary"))

        register_source("knowledge.CaseLawPage", docs.caselaw_documents)
        register_source("knowledge.CountryPage", docs.country_documents)
        register_source("knowledge.ProtocolPage", docs.protocol_documents)
        register_source("knowledge.ArticlePage", docs.article_documents)
        register_source("knowledge.GlossaryTerm", docs.glossary_documents)

        def names_by_slug(model):
            def lookup(slugs):
                return dict(model.objects.filter(slug__in=slugs).values_list("slug", "name"))

            return lookup

        register_facet_labels("topic", names_by_slug(Topic))
        register_facet_labels("legal_area", names_by_slug(LegalArea))
        register_synonyms(docs.synonym_groups)
