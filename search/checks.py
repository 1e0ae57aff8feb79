"""Start-up checks: the database engine needs a database with full-text search it knows."""

from django.core.checks import Error, register
from django.db import connections


@register("database")
def check_database_vendor(app_configs=None, databases=None, **kwargs):
    # The database engine answers every search, and is the fallback when Elasticsearch is used.
    from search.engines.database import VENDORS

    vendor = connections["default"].vendor
    if vendor in VENDORS:
        return []
    return [
        Error(
            f"The search's database engine supports SQLite and PostgreSQL, not {vendor}.",
            hint="Set DATABASE_URL to a SQLite or PostgreSQL database.",
            id="search.E001",
        )
    ]
