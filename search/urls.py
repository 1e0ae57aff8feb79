from django.urls import path

from search import alert_views, views

app_name = "search"

urlpatterns = [
    path("zoeken/", views.search, name="search"),
    path("api/search/", views.api_search, name="api"),
    path("api/search/suggest/", views.api_suggest, name="suggest"),
    path("account/zoekopdrachten/", alert_views.saved_searches, name="saved_searches"),
    path("account/zoekopdrachten/bewaren/", alert_views.save, name="save_search"),
    path("account/zoekopdrachten/<int:pk>/", alert_views.update, name="update_saved_search"),
    path(
        "account/zoekopdrachten/<int:pk>/verwijderen/",
        alert_views.delete,
        name="delete_saved_search",
    ),
    path(
        "account/zoekopdrachten/<int:pk>/nieuwe-feed/",
        alert_views.regenerate_feed,
        name="regenerate_saved_search_feed",
    ),
    path("zoekopdrachten/feed/<str:token>/", alert_views.feed, name="saved_search_feed"),
    path("zoekopdrachten/afmelden/<str:token>/", alert_views.unsubscribe, name="unsubscribe"),
]
