from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from network.views import account, directory, events, experts, faq, helpdesk, membership

app_name = "network"

urlpatterns = [
    path("organisaties/", directory.directory, name="directory"),
    path("organisaties/<slug:slug>/", directory.organisation_detail, name="organisation"),
    path(
        "organisaties/<slug:slug>/bewerken/", membership.organisation_edit, name="organisation_edit"
    ),
    path("organisaties/<slug:slug>/uitnodigen/", membership.invite, name="invite"),
    path(
        "organisaties/<slug:slug>/uitnodigen/<int:pk>/intrekken/",
        membership.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("lid-worden/", membership.apply, name="apply"),
    path("lid-worden/verzonden/", membership.apply_done, name="apply_done"),
    path("uitnodiging/<str:token>/", membership.accept_invitation, name="accept_invitation"),
    path("experts/", experts.expert_list, name="experts"),
    path("experts/mijn-profiel/", experts.expert_profile_edit, name="expert_profile_edit"),
    path("experts/<int:pk>/", experts.expert_detail, name="expert"),
    path("experts/<int:pk>/vraag/", experts.expert_ask, name="expert_ask"),
    path("vraagbaak/", helpdesk.question_list, name="questions"),
    path("vraagbaak/nieuwe-vraag/", helpdesk.question_new, name="question_new"),
    path("vraagbaak/veelgestelde-vragen/", faq.faq_list, name="faq"),
    path("vraagbaak/veelgestelde-vragen/<int:pk>/", faq.faq_item, name="faq_item"),
    path("vraagbaak/<int:pk>/", helpdesk.question_detail, name="question"),
    path("vraagbaak/<int:pk>/bijlage/", helpdesk.question_attachment, name="question_attachment"),
    path("mijn-gegevens/", account.my_data, name="my_data"),
    path("mijn-gegevens/download/", account.my_data_download, name="my_data_download"),
    path("mijn-gegevens/account-verwijderen/", account.delete_account, name="delete_account"),
    path("agenda/", events.upcoming, name="events"),
    path("agenda/archief/", events.past, name="events_past"),
    path("agenda/agenda.ics", events.events_feed, name="events_feed"),
    path("agenda/<slug:slug>/", events.event_detail, name="event"),
    path("agenda/<slug:slug>/agenda.ics", events.event_ical, name="event_ical"),
    path("agenda/<slug:slug>/aanmelden/", events.event_register, name="event_register"),
    path("agenda/<slug:slug>/afmelden/", events.event_cancel, name="event_cancel"),
    path(
        "wachtwoord-vergeten/",
        membership.ThrottledPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "wachtwoord-vergeten/verzonden/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("network:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
