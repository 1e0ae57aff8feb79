from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse

from portal.twofactor import policy


class TwoFactorMiddleware:
    """Holds a user who entered only their password at the second step.

    Someone with two-factor authentication set up who has not yet given a code, and an editor
    the policy obliges to set it up who has not, reach only the page that completes the step
    (and logging out): every other URL, members-only pages and the admin included, redirects
    there. Goes after django-otp's OTPMiddleware, which tells whether the session is verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            if policy.has_device(user):
                target = reverse("two_factor_verify")
            elif policy.is_required(user):
                target = reverse("two_factor")
            else:
                target = None
            if target and request.path not in {target, *self._always_open()}:
                return self._redirect(request, target)
        return self.get_response(request)

    @staticmethod
    def _always_open() -> set[str]:
        languages = {reverse("choose_language", args=[code]) for code, _ in settings.LANGUAGES}
        return {reverse("logout"), reverse("javascript-catalog"), *languages}

    @staticmethod
    def _redirect(request, target: str) -> HttpResponseRedirect:
        # Back to the page they asked for after the code; a form post cannot be replayed.
        back = request.get_full_path() if request.method in ("GET", "HEAD") else "/"
        return HttpResponseRedirect(f"{target}?{urlencode({'next': back})}")
