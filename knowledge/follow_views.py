"""Follow and unfollow a ruling or a country, the list of what a user follows ("Wat ik volg"),
and the stop link of the alert e-mail, which works without logging in (a signed token)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.models import Page

from knowledge import follows
from knowledge.models import Follow
from portal.access import may_view


def _private(response):
    # Per user: no shared cache may keep it.
    patch_cache_control(response, private=True, no_store=True)
    return response


def _followable_page(request, page_id):
    """The live ruling or country page the user may open; anything else is the same 404."""
    page = Page.objects.live().filter(pk=page_id).first()
    page = page.specific if page is not None else None
    if page is None or not follows.can_follow(page) or not may_view(page, request):
        raise Http404
    return page


@login_required
@require_POST
def toggle(request, page_id):
    page = _followable_page(request, page_id)
    if request.POST.get("action") == "unfollow":
        follows.unfollow(request.user, page)
        messages.success(request, _("You no longer follow “%(title)s”.") % {"title": page.title})
    else:
        follows.follow(request.user, page)
        messages.success(
            request,
            _("You follow “%(title)s”. You will be e-mailed when something new appears.")
            % {"title": page.title},
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = page.get_url(request) or reverse("knowledge:follows")
    return redirect(back)


@login_required
@require_GET
def follow_list(request):
    rows = []
    for followed in Follow.objects.filter(user=request.user).select_related("page"):
        page = followed.page.specific
        # A page the user can no longer open is listed without its title, to be unfollowed.
        visible = page.live and may_view(page, request)
        rows.append({"follow": followed, "page": page if visible else None})
    return _private(render(request, "knowledge/follows.html", {"rows": rows}))


@login_required
@require_POST
def unfollow(request, pk):
    deleted, _rows = Follow.objects.filter(pk=pk, user=request.user).delete()
    if not deleted:
        raise Http404
    messages.success(request, _("You no longer follow this page."))
    return redirect("knowledge:follows")


# Mail programs send List-Unsubscribe=One-Click as a POST without a CSRF token (RFC 8058); the
# signed token in the address is what authorises the change.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def stop(request, token):
    followed = follows.follow_for_token(token)
    if followed is None:
        raise Http404
    page = followed.page.specific
    # Whoever holds the link sees the page's title only if everyone may read the page.
    title = page.title if follows.readable(page, member=False) else ""
    done = request.method == "POST"
    if done:
        followed.delete()
    return _private(render(request, "knowledge/follow_stop.html", {"title": title, "done": done}))
