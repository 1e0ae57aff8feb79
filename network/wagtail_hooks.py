"""The network in the Wagtail admin: coordinators edit the directory, memberships and the
vocabularies as snippets, and review applications to join in a view of their own."""

from django.conf import settings
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus import MenuItem as ListingMenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from network.admin_forms import ConversationPanel, FAQItemAdminForm, QuestionAdminForm
from network.admin_views import (
    INVITATION_PERMISSION,
    application_index,
    application_review,
    invitation_revoke,
    question_to_faq,
)
from network.models import (
    Event,
    EventRegistration,
    Expert,
    FAQItem,
    Invitation,
    Language,
    Membership,
    MembershipLogEntry,
    Organisation,
    OrganisationChange,
    Question,
    Service,
    TaxonomyTerm,
)


class ReadOnlyPolicy(ModelPermissionPolicy):
    """For logs: coordinators look, nobody edits or adds."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete", "publish", "lock", "unlock"):
            return False
        return user.has_perm(self._get_permission_name("view")) or user.has_perm(
            self._get_permission_name("change")
        )


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    url_prefix = "netwerk/organisaties"
    list_display = ["name", "organisation_type", "member_since", "is_active"]
    list_filter = ["organisation_type", "is_active", "contact_visibility"]
    search_fields = ["name", "alternate_name", "description"]
    inspect_view_enabled = True


class ServiceViewSet(SnippetViewSet):
    model = Service
    icon = "list-ul"
    menu_label = _("Services")
    url_prefix = "netwerk/diensten"
    list_display = ["name", "organisation", "status"]
    list_filter = ["status", "categories"]
    search_fields = ["name", "description"]


class TaxonomyTermViewSet(SnippetViewSet):
    model = TaxonomyTerm
    icon = "tag"
    menu_label = _("Taxonomy terms")
    url_prefix = "netwerk/termen"
    list_display = ["name", "vocabulary", "code"]
    list_filter = ["vocabulary"]


class LanguageViewSet(SnippetViewSet):
    model = Language
    icon = "globe"
    menu_label = _("Languages")
    url_prefix = "netwerk/talen"
    list_display = ["name", "code"]


class MembershipViewSet(SnippetViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Memberships")
    url_prefix = "netwerk/lidmaatschappen"
    list_display = ["user", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active"]


class OrganisationChangeViewSet(SnippetViewSet):
    model = OrganisationChange
    icon = "history"
    menu_label = _("Changes by members")
    url_prefix = "netwerk/wijzigingen"
    list_display = ["organisation", "user", "changed_at", "changed_fields"]
    inspect_view_enabled = True


register_permission_policy(OrganisationChange, ReadOnlyPolicy(OrganisationChange))


class MembershipLogViewSet(SnippetViewSet):
    """The membership audit log: written by signals (network/audit.py), read here, never
    edited."""

    model = MembershipLogEntry
    icon = "history"
    menu_label = _("Membership log")
    url_prefix = "netwerk/lidmaatschapslog"
    list_display = [
        "created_at",
        "username",
        "action",
        "organisation_name",
        "old_value",
        "new_value",
        "actor",
    ]
    list_filter = ["action"]
    search_fields = ["username", "organisation_name", "actor"]
    ordering = ["-created_at", "-pk"]
    inspect_view_enabled = True


register_permission_policy(MembershipLogEntry, ReadOnlyPolicy(MembershipLogEntry))


class InvitationIndexView(SnippetIndexView):
    revoke_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.can_be_revoked and self.request.user.has_perm(INVITATION_PERMISSION):
            buttons.append(
                ListingMenuItem(
                    _("Withdraw"),
                    url=reverse(self.revoke_url_name, args=[instance.pk]),
                    icon_name="cross",
                    priority=40,
                )
            )
        return buttons


class InvitationViewSet(SnippetViewSet):
    """Invitations as a read-only list: they are sent from the application review and the
    organisation pages, and withdrawn (not edited or deleted) here."""

    model = Invitation
    icon = "mail"
    menu_label = _("Invitations")
    url_prefix = "netwerk/uitnodigingen"
    index_view_class = InvitationIndexView
    list_display = ["email", "organisation", "role", "status", "created_at", "expires_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["email"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "email",
        "organisation",
        "role",
        "status",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
        "revoked_by",
    ]

    def get_index_view_kwargs(self, **kwargs):
        return {**super().get_index_view_kwargs(**kwargs), "revoke_url_name": self.revoke_name}

    @property
    def revoke_name(self):
        return self.get_url_name("revoke")

    def revoke_view(self, request, pk):
        return invitation_revoke(request, pk, index_url_name=self.get_url_name("list"))

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("revoke/<int:pk>/", self.revoke_view, name="revoke"),
        ]


register_permission_policy(Invitation, ReadOnlyPolicy(Invitation))


class ExpertViewSet(SnippetViewSet):
    model = Expert
    icon = "user"
    menu_label = _("Experts")
    url_prefix = "netwerk/experts"
    list_display = ["display_name", "organisation", "is_available"]
    list_filter = ["is_available", "topics"]
    search_fields = ["display_name", "expertise"]


class EventViewSet(SnippetViewSet):
    model = Event
    icon = "date"
    menu_label = _("Events")
    url_prefix = "netwerk/activiteiten"
    list_display = ["title", "kind", "start", "audience", "capacity"]
    list_filter = ["kind", "audience", "is_published"]
    search_fields = ["title", "description"]
    ordering = ["-start"]


class EventRegistrationViewSet(SnippetViewSet):
    model = EventRegistration
    icon = "list-ul"
    menu_label = _("Event registrations")
    url_prefix = "netwerk/inschrijvingen"
    list_display = ["event", "user", "status", "created_at"]
    list_filter = ["status", "event"]


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("network.change_membershipapplication")


class ApplicationReviewViewSet(ViewSet):
    name = "network_applications"
    url_prefix = "aanmeldingen"
    icon = "mail"
    menu_label = _("Applications")
    menu_item_class = ReviewMenuItem

    def get_urlpatterns(self):
        return [
            path("", application_index, name="index"),
            path("<int:pk>/", application_review, name="review"),
        ]


class NetworkGroup(SnippetViewSetGroup):
    menu_label = _("Network")
    menu_icon = "group"
    menu_order = 250
    items = (
        ApplicationReviewViewSet,
        OrganisationViewSet,
        ServiceViewSet,
        MembershipViewSet,
        InvitationViewSet,
        OrganisationChangeViewSet,
        MembershipLogViewSet,
        ExpertViewSet,
        EventViewSet,
        EventRegistrationViewSet,
        TaxonomyTermViewSet,
        LanguageViewSet,
    )


@hooks.register("register_admin_viewset")
def register_network_viewsets():
    return NetworkGroup()


class HelpdeskPolicy(ModelPermissionPolicy):
    """Questions come from members on the site; the helpdesk answers and manages, never adds."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)


register_permission_policy(Question, HelpdeskPolicy(Question))


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    url_prefix = "vraagbaak"
    list_display = ["subject", "status", "asker", "topic", "country", "assigned_to", "created_at"]
    list_filter = ["status", "topic", "country", "assigned_to"]
    search_fields = ["subject"]
    ordering = ["-created_at"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("status"),
                    FieldPanel("assigned_to"),
                    FieldPanel("topic"),
                    FieldPanel("country"),
                ],
                heading=_("Handling"),
            ),
            ConversationPanel(heading=_("Conversation")),
            FieldPanel("answer"),
            FieldPanel("internal_note"),
        ],
        base_form_class=QuestionAdminForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("faq/<int:pk>/", question_to_faq, name="make_faq"),
        ]


class FAQItemViewSet(SnippetViewSet):
    model = FAQItem
    icon = "doc-full"
    menu_label = _("FAQ")
    url_prefix = "vraagbaak/faq"
    list_display = ["title", "visibility", "is_published", "updated_at"]
    list_filter = ["is_published", "visibility", "topics"]
    search_fields = ["title", "question"]
    ordering = ["-updated_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("question"),
            FieldPanel("answer"),
            FieldPanel("topics"),
            FieldPanel("country"),
            MultiFieldPanel(
                [FieldPanel("visibility"), FieldPanel("is_published")],
                heading=_("Publication"),
            ),
        ],
        base_form_class=FAQItemAdminForm,
    )


class HelpdeskGroup(SnippetViewSetGroup):
    menu_label = _("Helpdesk")
    menu_icon = "help"
    menu_order = 240
    items = (QuestionViewSet, FAQItemViewSet)


@hooks.register("register_admin_viewset")
def register_helpdesk_viewset():
    return HelpdeskGroup()


class WaitingQuestionsPanel(Component):
    """Dashboard reminder: open questions asked more than N working days ago."""

    name = "waiting_questions"
    order = 90
    template_name = "network/admin/waiting_questions_panel.html"

    def __init__(self, questions, working_days):
        self.questions = questions
        self.working_days = working_days

    def get_context_data(self, parent_context=None):
        return {"questions": self.questions, "working_days": self.working_days}


@hooks.register("construct_homepage_panels")
def add_waiting_questions_panel(request, panels):
    if not request.user.has_perm("network.change_question"):
        return
    days = settings.HELPDESK_REMINDER_WORKING_DAYS
    waiting = list(
        Question.objects.waiting_longer_than(days)
        .select_related("assigned_to")
        .order_by("created_at")[:20]
    )
    if waiting:
        panels.append(WaitingQuestionsPanel(waiting, days))
