"""Reviewing applications to join the network, withdrawing invitations and turning an answered
helpdesk question into a draft FAQ item, inside the Wagtail admin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from network.admin_forms import FAQ_PERMISSIONS, FAQ_STATUSES
from network.applications import ApplicationAlreadyDecided, approve_application, reject_application
from network.forms import ApplicationDecisionForm
from network.models import FAQItem, Invitation, MembershipApplication, Organisation, Question
from network.views.membership import withdraw_invitation

PERMISSION = "network.change_membershipapplication"
# Whoever may send invitations from the admin may also withdraw them.
INVITATION_PERMISSION = "network.add_invitation"


def _check(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def application_index(request):
    _check(request)
    pending = MembershipApplication.objects.filter(status=MembershipApplication.PENDING)
    decided = MembershipApplication.objects.exclude(status=MembershipApplication.PENDING)[:50]
    return TemplateResponse(
        request,
        "network/admin/application_index.html",
        {"pending": pending, "decided": decided, "page_title": _("Applications")},
    )


def application_review(request, pk):
    _check(request)
    application = get_object_or_404(MembershipApplication, pk=pk)
    suggestion = Organisation.objects.filter(name__iexact=application.organisation_name).first()
    form = ApplicationDecisionForm(request.POST or None, initial={"organisation": suggestion})
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                invitation = approve_application(
                    application,
                    by=request.user,
                    organisation=form.cleaned_data["organisation"],
                    note=form.cleaned_data["note"],
                )
                messages.success(
                    request,
                    _("Approved. An invitation has been sent to %(email)s.")
                    % {"email": invitation.email},
                )
            else:
                reject_application(application, by=request.user, note=form.cleaned_data["note"])
                messages.success(request, _("Rejected. The applicant has been told by e-mail."))
        except ApplicationAlreadyDecided:
            messages.error(request, _("This application was already decided on."))
        return redirect("network_applications:index")
    return TemplateResponse(
        request,
        "network/admin/application_review.html",
        {
            "application": application,
            "form": form,
            "page_title": _("Application from %(name)s") % {"name": application.organisation_name},
        },
    )


def invitation_revoke(request, pk, *, index_url_name):
    """Confirm, then withdraw an invitation from the admin's read-only invitation list."""
    if not request.user.has_perm(INVITATION_PERMISSION):
        raise PermissionDenied
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), pk=pk)
    if request.method == "POST":
        withdraw_invitation(request, invitation)
        return redirect(index_url_name)
    return TemplateResponse(
        request,
        "network/admin/invitation_revoke.html",
        {
            "invitation": invitation,
            "index_url_name": index_url_name,
            "page_title": _("Withdraw invitation"),
        },
    )


def draft_faq(question: Question) -> FAQItem:
    """An unpublished FAQ item prefilled from the question and the helpdesk's answers (internal
    notes left out), for the editor to rewrite and anonymise before publishing. Members-only
    until the editor decides otherwise."""
    answers = question.messages.filter(from_helpdesk=True, internal=False).order_by("created_at")
    item = FAQItem.objects.create(
        title=question.subject,
        question=question.text,
        answer="\n".join(linebreaks(message.text, autoescape=True) for message in answers),
        country=question.country,
        visibility=FAQItem.MEMBERS,
        is_published=False,
        source_question=question,
    )
    if question.topic_id:
        item.topics.set([question.topic_id])
    return item


def question_to_faq(request, pk):
    """Confirm, then create the draft and open it for editing."""
    if not all(request.user.has_perm(perm) for perm in FAQ_PERMISSIONS):
        raise PermissionDenied
    question = get_object_or_404(Question, pk=pk)
    edit_url = reverse("wagtailsnippets_network_question:edit", args=[question.pk])
    if question.status not in FAQ_STATUSES:
        messages.error(request, _("Only an answered question can become an FAQ item."))
        return redirect(edit_url)
    if request.method == "POST":
        item = draft_faq(question)
        messages.warning(
            request,
            _(
                "A draft FAQ item has been made from the question. Rewrite the question and the "
                "answer so that they say nothing about a person, then publish."
            ),
        )
        return redirect("wagtailsnippets_network_faqitem:edit", item.pk)
    return TemplateResponse(
        request,
        "network/admin/question_to_faq.html",
        {
            "question": question,
            "existing": question.faq_items.all(),
            "edit_url": edit_url,
            "page_title": _("Make an FAQ item"),
        },
    )
