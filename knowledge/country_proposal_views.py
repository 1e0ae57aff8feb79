"""The admin action "Neem voorgestelde landen over" (knowledge.country_proposals' panel)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from knowledge.country_mentions import proposed_countries
from knowledge.models import CaseLawPage


@require_POST
def adopt_proposed_countries(request, page_id):
    """Add the proposed countries to the ruling's latest version, saved as a new draft for the
    editor to check and publish (as any edit is); the page's edit permission is required."""
    page = get_object_or_404(CaseLawPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    lock = page.get_lock()
    if lock and lock.for_user(request.user):
        # Another editor holds the page (or a workflow does), as Wagtail's own edit view respects.
        messages.error(request, lock.get_message(request.user))
        return redirect("wagtailadmin_pages:edit", page.pk)
    latest = page.get_latest_revision_as_object()
    proposals = proposed_countries(latest)
    if not proposals:
        messages.info(request, _("There are no proposed countries to add."))
        return redirect("wagtailadmin_pages:edit", page.pk)
    latest.countries.add(*(country for country, _count in proposals))
    latest.save_revision(user=request.user, log_action=True)
    names = ", ".join(country.name_nl for country, _count in proposals)
    messages.success(
        request,
        ngettext(
            "Added to the draft: %(names)s. Publish the ruling to show it.",
            "Added to the draft: %(names)s. Publish the ruling to show them.",
            len(proposals),
        )
        % {"names": names},
    )
    return redirect("wagtailadmin_pages:edit", page.pk)
