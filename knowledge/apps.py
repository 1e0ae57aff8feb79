from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self):
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
