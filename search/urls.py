from django.urls import path

from search import views

app_name = "search"

urlpatterns = [
    path("zoeken/", views.search, name="search"),
    path("api/search/", views.api_search, name="api"),
    path("api/search/suggest/", views.api_suggest, name="suggest"),
]
