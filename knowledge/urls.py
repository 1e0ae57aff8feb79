from django.urls import path

from knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("ecli/", views.ecli_lookup, name="ecli_lookup"),
    path("ecli/<path:ecli>/", views.ecli_redirect, name="ecli"),
    path("ecli/<path:ecli>", views.ecli_redirect),
    path("begrippen/", views.glossary, name="glossary"),
]
