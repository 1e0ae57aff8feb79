"""The helpdesk's side of a question in the admin: the whole conversation, internal notes, and
the answer that goes to the asker (by a notice e-mail holding a link, never the answer)."""

from django import forms
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import Panel

from network.emails import absolute_url, send_mail_template
from network.models import Question, QuestionMessage
from network.models.helpdesk import helpdesk_users
from network.privacy import ALL_KINDS, PrivacyGuardMixin
from network.sanitise import clean_html, clean_text

FAQ_PERMISSIONS = ("network.add_faqitem", "network.change_question")
# Questions that have an answer to rewrite.
FAQ_STATUSES = (Question.ANSWERED, Question.CLOSED)


class ConversationPanel(Panel):
    """The question, its attachment and every message, internal notes marked as such."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "network/admin/question_conversation.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            question = self.instance
            context["question"] = question
            context["thread"] = question.messages.select_related("author") if question.pk else []
            user = self.request.user
            context["faq_url"] = (
                reverse("wagtailsnippets_network_question:make_faq", args=[question.pk])
                if question.pk
                and question.status in FAQ_STATUSES
                and all(user.has_perm(perm) for perm in FAQ_PERMISSIONS)
                else None
            )
            return context


class QuestionAdminForm(WagtailAdminModelForm):
    answer = forms.CharField(
        label=_("Answer to the member"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Sent to the member's page for this question; the member gets an e-mail with a "
            "link. Saving an answer marks the question as answered unless you choose closed."
        ),
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the helpdesk sees internal notes."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "assigned_to" in self.fields:
            self.fields["assigned_to"].queryset = helpdesk_users().filter(is_active=True)

    def save(self, commit=True):
        question = super().save(commit=False)
        answer = clean_text(self.cleaned_data.get("answer"))
        note = clean_text(self.cleaned_data.get("internal_note"))
        if answer:
            question.answered_at = timezone.now()
            if question.status != Question.CLOSED:
                question.status = Question.ANSWERED
        if not commit:
            return question
        question.save()
        self.save_m2m()
        author = getattr(self, "for_user", None)
        if note:
            QuestionMessage.objects.create(
                question=question, author=author, from_helpdesk=True, internal=True, text=note
            )
        if answer:
            QuestionMessage.objects.create(
                question=question, author=author, from_helpdesk=True, text=answer
            )
            if question.asker.email and question.asker.is_active:
                url = absolute_url(question.get_absolute_url())
                transaction.on_commit(
                    lambda: send_mail_template(
                        "helpdesk_answered",
                        {"question_url": url},
                        to=[question.asker.email],
                    )
                )
        return question


class FAQItemAdminForm(PrivacyGuardMixin, WagtailAdminModelForm):
    """An FAQ item is published knowledge: nothing in it may identify a person, whoever wrote
    it. The guard reads the answer as the text a reader sees."""

    privacy_fields = {"title": ALL_KINDS, "question": ALL_KINDS, "answer": ALL_KINDS}
    privacy_html_fields = frozenset({"answer"})

    def clean_title(self):
        return clean_text(self.cleaned_data["title"])

    def clean_question(self):
        return clean_text(self.cleaned_data["question"])

    def clean_answer(self):
        return clean_html(self.cleaned_data["answer"])
