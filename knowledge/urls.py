from django.urls import path

from knowledge import follow_views, views

app_name = "knowledge"

urlpatterns = [
    path("ecli/", views.ecli_lookup, name="ecli_lookup"),
    path("ecli/<path:ecli>/", views.ecli_redirect, name="ecli"),
    path("ecli/<path:ecli>", views.ecli_redirect),
    path("begrippen/", views.glossary, name="glossary"),
    path("account/volgen/", follow_views.follow_list, name="follows"),
    path("account/volgen/pagina/<int:page_id>/", follow_views.toggle, name="follow_toggle"),
    path("account/volgen/<int:pk>/stoppen/", follow_views.unfollow, name="unfollow"),
    path("volgen/stoppen/<str:token>/", follow_views.stop, name="follow_stop"),
]
