from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from search import (
            alerts,
            checks,  # noqa: F401 - registers the start-up checks
            service,
        )
        from search.indexing import connect_signals, index_after_commit
        from search.registry import registry

        connect_signals()
        registry.finder = service.ranked_matches
        registry.similar_finder = service.similar
        registry.filter_finder = service.filtered_ids
        registry.indexer = index_after_commit
        registry.saver = alerts.ensure_saved_search
        registry.personal_data["saved_searches"] = alerts.saved_searches_data
