"""Finding experts in the network. Everything here is for members only: others get a notice
with a login link and never any profile content."""

from functools import wraps

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from network import ratelimit
from network.emails import absolute_url, send_mail_template
from network.forms import ExpertFilterForm, ExpertProfileForm, ExpertQuestionForm
from network.membership import memberships_of
from network.models import Expert, ExpertCountry
from portal.access import is_member
from portal.pagination import paginate

QUESTION_LIMIT = (10, 3600)


def members_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_member(request.user):
            return render(request, "network/members_only.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


@never_cache
@members_only
def expert_list(request):
    form = ExpertFilterForm(request.GET or None)
    experts = Expert.objects.visible().prefetch_related("topics", "languages", "countries")
    experts = form.apply(experts, form.values())
    experts = experts.distinct().order_by("display_name")
    page = paginate(request, experts)
    own = Expert.objects.filter(user=request.user).first()
    return render(
        request,
        "network/expert_list.html",
        {"form": form, "page_obj": page, "experts": page.object_list, "own_profile": own},
    )


@never_cache
@members_only
def expert_detail(request, pk):
    expert = get_object_or_404(Expert.objects.visible(), pk=pk)
    return render(
        request,
        "network/expert_detail.html",
        {"expert": expert, "form": ExpertQuestionForm()},
    )


@never_cache
@members_only
def expert_ask(request, pk):
    expert = get_object_or_404(Expert.objects.visible(), pk=pk)
    if request.method != "POST":
        return redirect(expert.get_absolute_url())
    form = ExpertQuestionForm(request.POST)
    if not ratelimit.hit(request, "ask-expert", *QUESTION_LIMIT):
        return render(
            request,
            "network/expert_detail.html",
            {"expert": expert, "form": form, "rate_limited": True},
            status=429,
        )
    if not form.is_valid():
        return render(request, "network/expert_detail.html", {"expert": expert, "form": form})
    sender = request.user
    send_mail_template(
        "expert_question",
        {
            "expert": expert,
            "sender": sender,
            "sender_name": sender.get_full_name() or sender.get_username(),
            "organisations": [m.organisation.name for m in memberships_of(sender)],
            "subject": form.cleaned_data["subject"],
            "message": form.cleaned_data["message"],
            "profile_url": absolute_url(expert.get_absolute_url()),
        },
        to=[expert.user.email],
        reply_to=[sender.email] if sender.email else None,
    )
    messages.success(
        request,
        _("Your question has been sent to %(name)s. The answer comes to your e-mail address.")
        % {"name": expert.display_name},
    )
    return redirect(expert.get_absolute_url())


@never_cache
@members_only
def expert_profile_edit(request):
    expert = Expert.objects.filter(user=request.user).first()
    if expert is None:
        first = memberships_of(request.user).first()
        expert = Expert(
            user=request.user,
            display_name=request.user.get_full_name() or request.user.get_username(),
            organisation=first.organisation if first else None,
        )
    form = ExpertProfileForm(
        request.POST or None, instance=expert, initial={"countries": expert.country_codes}
    )
    if request.method == "POST" and form.is_valid():
        # One transaction, so the search index sees the profile with its countries.
        with transaction.atomic():
            expert = form.save()
            wanted = set(form.cleaned_data["countries"])
            ExpertCountry.objects.filter(expert=expert).exclude(code__in=wanted).delete()
            for code in wanted - set(expert.country_codes):
                ExpertCountry.objects.create(expert=expert, code=code)
        messages.success(request, _("Your expert profile has been saved."))
        return redirect(expert.get_absolute_url())
    return render(request, "network/expert_form.html", {"form": form, "expert": expert})
