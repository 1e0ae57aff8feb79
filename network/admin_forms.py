"""The helpdesk's side of a question in the admin: the whole conversation, internal notes, and
the answer that goes to the asker (by a notice e-mail holding a link, never the answer)."""

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import Panel

from network.emails import absolute_url, send_mail_template
from network.models import Question, QuestionMessage
from network.models.helpdesk import helpdesk_users
from network.sanitise import clean_text


class ConversationPanel(Panel):
    """The question, its attachment and every message, internal notes marked as such."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "network/admin/question_conversation.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            question = self.instance
            context["question"] = question
            context["thread"] = question.messages.select_related("author") if question.pk else []
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
