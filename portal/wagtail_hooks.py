"""The portal core's Wagtail hooks: two-factor authentication in the admin's account menu, and
serving pages and documents by the portal's rule that restricted and unknown get the same answer."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import BaseViewRestriction


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("two_factor"),
        "label": _("Two-factor authentication"),
        "help_text": _("Set up your authenticator app, make new backup codes."),
    }


# Wagtail answers a page or document behind a login or group restriction with a redirect to the
# login page, and an unknown address with a 404: the difference tells anyone that the address
# exists (and, since a ruling's slug is its ECLI, that the portal holds that ruling, which /ecli/
# is careful not to say). Both get the 404 page instead, which offers the login to visitors who
# are not signed in, so a member following a link still finds the way in. Password restrictions
# keep Wagtail's password form: that form is the way in.
CLOSED_TYPES = (BaseViewRestriction.LOGIN, BaseViewRestriction.GROUPS)


def _closed(restrictions, request) -> bool:
    return any(
        restriction.restriction_type in CLOSED_TYPES and not restriction.accept_request(request)
        for restriction in restrictions
    )


# Before Wagtail's own check, which would answer with the login redirect.
@hooks.register("before_serve_page", order=-10)
def restricted_page_as_unknown(page, request, serve_args, serve_kwargs):
    if _closed(page.get_view_restrictions(), request):
        raise Http404


@hooks.register("before_serve_document", order=-10)
def restricted_document_as_unknown(document, request):
    if _closed(document.collection.get_view_restrictions(), request):
        raise Http404
