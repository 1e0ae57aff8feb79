"""'Mijn gegevens': a signed-in user downloads what the portal keeps about them, and deletes
their own account.

The download holds the user's own rows only: of a conversation with the helpdesk, the member's
question and the messages they could already read (never the helpdesk's internal notes, nor
who at the helpdesk wrote an answer)."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from network import ratelimit
from network.models import EventRegistration, Expert, Membership, Question
from search.registry import personal_data_of

# Password guesses on the deletion form, per user: the form checks a password outside the
# login, where django-axes counts failures.
DELETE_LIMIT = (5, 3600)


def _when(value):
    return value.isoformat() if value else None


def personal_data(user) -> dict:
    """Everything the portal keeps about `user`, as JSON-ready data."""
    memberships = Membership.objects.filter(user=user).select_related("organisation")
    questions = Question.objects.filter(asker=user).select_related("topic")
    registrations = EventRegistration.objects.filter(user=user).select_related("event")
    expert = Expert.objects.filter(user=user).prefetch_related("topics", "languages").first()
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "username": user.get_username(),
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "groups": sorted(user.groups.values_list("name", flat=True)),
        },
        "memberships": [
            {
                "organisation": m.organisation.name,
                "role": m.role,
                "active": m.is_active,
                "since": _when(m.created_at),
            }
            for m in memberships
        ],
        "helpdesk_questions": [
            {
                "subject": q.subject,
                "text": q.text,
                "topic": q.topic.name if q.topic else None,
                "country": q.country or None,
                "status": q.status,
                "asked_at": _when(q.created_at),
                "answered_at": _when(q.answered_at),
                "has_attachment": bool(q.attachment),
                "messages": [
                    {
                        "from": "helpdesk" if message.from_helpdesk else "you",
                        "text": message.text,
                        "sent_at": _when(message.created_at),
                    }
                    # The asker's own view of the conversation: internal notes left out.
                    for message in q.messages.filter(internal=False)
                ],
            }
            for q in questions
        ],
        "event_registrations": [
            {
                "event": r.event.title,
                "start": _when(r.event.start),
                "status": r.status,
                "registered_at": _when(r.created_at),
            }
            for r in registrations
        ],
        # Saved searches, follows: what the other apps hold of the user.
        **personal_data_of(user),
        "expert_profile": None
        if expert is None
        else {
            "display_name": expert.display_name,
            "job_title": expert.job_title,
            "organisation": expert.organisation.name if expert.organisation else None,
            "expertise": expert.expertise,
            "topics": [t.name for t in expert.topics.all()],
            "languages": [lang.name for lang in expert.languages.all()],
            "countries": expert.country_codes,
            "available": expert.is_available,
        },
    }


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("That is not your password. Your account has not been deleted."),
                code="wrong_password",
            )
        return password


def _context(request, form):
    user = request.user
    return {
        "form": form,
        "question_count": Question.objects.filter(asker=user).count(),
        "memberships": Membership.objects.filter(user=user).select_related("organisation"),
        "can_delete": not user.is_superuser,
    }


@never_cache
@login_required
@require_GET
def my_data(request):
    return render(
        request, "network/my_data.html", _context(request, DeleteAccountForm(user=request.user))
    )


@never_cache
@login_required
@require_GET
def my_data_download(request):
    body = json.dumps(personal_data(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"mijn-gegevens-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
def delete_account(request):
    if request.method != "POST":
        return redirect("network:my_data")
    user = request.user
    form = DeleteAccountForm(request.POST, user=user)
    if user.is_superuser:
        # An administrator's account is the way into the admin: another administrator
        # removes it, so that the portal never ends up without one.
        messages.error(
            request, _("An administrator's account is removed by another administrator.")
        )
        return redirect("network:my_data")
    if not ratelimit.hit(request, "delete-account", *DELETE_LIMIT):
        messages.error(request, _("Too many attempts. Try again in an hour."))
        return redirect("network:my_data")
    if not form.is_valid():
        return render(request, "network/my_data.html", _context(request, form), status=400)
    with transaction.atomic():
        # Questions (their attachment files too, network.signals), their messages, memberships,
        # registrations and the expert profile go with the account (CASCADE); organisations and
        # published FAQ items stay.
        user.delete()
    logout(request)
    messages.success(request, _("Your account and your data have been deleted."))
    return redirect("/")
