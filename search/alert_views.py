"""Saved searches: saving one from the search page, the account page that manages them ("Mijn
zoekopdrachten"), the private Atom feed behind a secret token and the unsubscribe link of the
alert e-mails, which works without logging in (a signed token)."""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.access import is_member
from search import alerts, labels
from search.models import SavedSearch


class SaveSearchForm(forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = ["name", "frequency"]
        labels = {
            "name": gettext_lazy("Name of this search"),
            "frequency": gettext_lazy("E-mail me new results"),
        }


class EditSavedSearchForm(forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = ["name", "frequency", "active"]


def _private(response):
    # Per user, and the feed address is a secret: no shared cache may keep either.
    patch_cache_control(response, private=True, no_store=True)
    return response


def _feed_url(request, saved: SavedSearch) -> str:
    return request.build_absolute_uri(reverse("search:saved_search_feed", args=[saved.feed_token]))


def _rows(request, bound: dict | None = None):
    bound = bound or {}
    return [
        {
            "saved": saved,
            "form": bound.get(saved.pk)
            or EditSavedSearchForm(instance=saved, prefix=str(saved.pk)),
            "feed_url": _feed_url(request, saved),
            "search_url": alerts.search_path(saved.query_string),
        }
        for saved in SavedSearch.objects.filter(user=request.user)
    ]


def _account_page(request, bound=None):
    return _private(render(request, "search/saved_searches.html", {"rows": _rows(request, bound)}))


@login_required
@require_GET
def saved_searches(request):
    return _account_page(request)


@login_required
@require_POST
def save(request):
    query_string = alerts.canonical_query_string(request.POST)
    back = alerts.search_path(query_string)
    if not alerts.is_searchable(query_string):
        messages.error(request, _("Search for something first, then save the search."))
        return redirect(back)
    if SavedSearch.objects.filter(user=request.user).count() >= alerts.MAX_SAVED_SEARCHES_PER_USER:
        messages.error(
            request,
            _("You have %(count)d saved searches, the most there can be. Delete one first.")
            % {"count": alerts.MAX_SAVED_SEARCHES_PER_USER},
        )
        return redirect(back)
    form = SaveSearchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the search a name of at most 200 characters."))
        return redirect(back)
    saved = alerts.save_search(
        request.user,
        form.cleaned_data["name"],
        query_string,
        form.cleaned_data["frequency"],
    )
    messages.success(
        request,
        _("The search “%(name)s” is saved. You will be e-mailed when something new matches it.")
        % {"name": saved.name},
    )
    return redirect("search:saved_searches")


@login_required
@require_POST
def update(request, pk):
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    form = EditSavedSearchForm(request.POST, instance=saved, prefix=str(saved.pk))
    if not form.is_valid():
        return _account_page(request, {saved.pk: form})
    form.save()
    messages.success(request, _("The search “%(name)s” is changed.") % {"name": saved.name})
    return redirect("search:saved_searches")


@login_required
@require_POST
def delete(request, pk):
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    saved.delete()
    messages.success(request, _("The search “%(name)s” is deleted.") % {"name": saved.name})
    return redirect("search:saved_searches")


@login_required
@require_POST
def regenerate_feed(request, pk):
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    alerts.regenerate_feed_token(saved)
    messages.success(
        request,
        _("The search “%(name)s” has a new feed address; the old one no longer works.")
        % {"name": saved.name},
    )
    return redirect("search:saved_searches")


@require_GET
def feed(request, token):
    """The newest matches the owner may read now. The token is the only credential, so an
    unknown token, a deleted search and a deactivated account all get the same 404."""
    saved = (
        SavedSearch.objects.select_related("user")
        .filter(feed_token=token, user__is_active=True)
        .first()
    )
    if saved is None:
        raise Http404
    hits = alerts.matches(saved, member=is_member(saved.user), limit=alerts.FEED_SIZE)
    atom = Atom1Feed(
        title=_("%(name)s: new results on %(site)s")
        % {"name": saved.name, "site": settings.WAGTAIL_SITE_NAME},
        link=request.build_absolute_uri(alerts.search_path(saved.query_string)),
        description=_("The newest results of a saved search."),
        feed_url=request.build_absolute_uri(),
        language=get_language(),
    )
    for hit in hits:
        atom.add_item(
            title=hit.title,
            link=request.build_absolute_uri(hit.url),
            description=str(labels.type_label(hit.type)),
            unique_id=request.build_absolute_uri(hit.url),
            updateddate=_as_datetime(hit.date),
            pubdate=_as_datetime(hit.date),
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    atom.write(response, "utf-8")
    response["X-Robots-Tag"] = "noindex"
    return _private(response)


def _as_datetime(date):
    if date is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(12, 0)))


# Mail programs send List-Unsubscribe=One-Click as a POST without a CSRF token (RFC 8058); the
# signed token in the address is what authorises the change.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    searches = alerts.saved_searches_for_token(token)
    if searches is None or not searches:
        raise Http404
    done = request.method == "POST"
    if done:
        searches.update(active=False)
    return _private(
        render(request, "search/unsubscribe.html", {"searches": list(searches), "done": done})
    )
