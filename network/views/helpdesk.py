"""The helpdesk ("Vraagbaak") on the site: a member asks, follows the status and the conversation,
and reacts. Editors answer in the admin (network/wagtail_hooks.py). Another member's question is
answered like one that does not exist."""

from pathlib import PurePath

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from network.emails import absolute_url, send_mail_template
from network.forms import QuestionForm, QuestionReplyForm
from network.models import Question, QuestionMessage
from network.models.helpdesk import CONTENT_TYPES, HELPDESK_PERMISSION, helpdesk_users
from network.views.experts import members_only
from portal.access import email_addresses


def helpdesk_emails(question: Question) -> list[str]:
    """Who hears of a new question or reaction: the editor it is assigned to, else everyone who
    answers questions (superusers as a fallback)."""
    if question.assigned_to and question.assigned_to.is_active and question.assigned_to.email:
        return [question.assigned_to.email]
    return email_addresses(helpdesk_users())


def notify_helpdesk(question: Question, event: str) -> None:
    recipients = helpdesk_emails(question)
    if not recipients:
        return
    # The link only: the question itself stays in the portal, not in mailboxes.
    edit_url = absolute_url(reverse("wagtailsnippets_network_question:edit", args=[question.pk]))
    transaction.on_commit(
        lambda: send_mail_template(
            "helpdesk_update",
            {"question": question, "event": event, "edit_url": edit_url},
            to=recipients,
        )
    )


def _own_question(request, pk) -> Question:
    return get_object_or_404(Question.objects.select_related("topic"), pk=pk, asker=request.user)


@never_cache
@members_only
def question_list(request):
    questions = Question.objects.filter(asker=request.user).select_related("topic")
    return render(request, "network/helpdesk/question_list.html", {"questions": questions})


@never_cache
@members_only
def question_new(request):
    form = QuestionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        question = form.save(commit=False)
        question.asker = request.user
        question.save()
        notify_helpdesk(question, "new")
        messages.success(
            request, _("Your question has been sent. You will get an e-mail when it is answered.")
        )
        return redirect(question)
    return render(request, "network/helpdesk/question_form.html", {"form": form})


@never_cache
@members_only
def question_detail(request, pk):
    question = _own_question(request, pk)
    form = None
    if question.status != Question.CLOSED:
        form = QuestionReplyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            QuestionMessage.objects.create(
                question=question, author=request.user, text=form.cleaned_data["text"]
            )
            if question.status == Question.ANSWERED:
                question.status = Question.IN_PROGRESS
            question.save()
            notify_helpdesk(question, "reaction")
            messages.success(request, _("Your reaction has been sent to the helpdesk."))
            return redirect(question)
    elif request.method == "POST":
        messages.error(request, _("This question is closed; ask a new question instead."))
        return redirect(question)
    return render(
        request,
        "network/helpdesk/question_detail.html",
        {"question": question, "conversation": question.conversation(), "form": form},
    )


@never_cache
def question_attachment(request, pk):
    """The attachment, to its asker and the helpdesk only; anyone else gets a 404."""
    if not request.user.is_authenticated:
        raise Http404
    question = get_object_or_404(Question, pk=pk)
    allowed = question.asker_id == request.user.pk or request.user.has_perm(HELPDESK_PERMISSION)
    if not allowed or not question.attachment:
        raise Http404
    try:
        handle = question.attachment.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    suffix = PurePath(question.attachment.name).suffix.lower()
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"vraag-{question.pk}{suffix}",
        content_type=CONTENT_TYPES.get(suffix, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
