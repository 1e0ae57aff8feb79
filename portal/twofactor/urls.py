from django.urls import path

from portal.twofactor import views

urlpatterns = [
    path("inloggen/verificatie/", views.verify, name="two_factor_verify"),
    path("account/tweestapsverificatie/", views.manage, name="two_factor"),
    path(
        "account/tweestapsverificatie/reservecodes/",
        views.backup_codes,
        name="two_factor_backup_codes",
    ),
    path("account/tweestapsverificatie/uitzetten/", views.disable, name="two_factor_disable"),
]
