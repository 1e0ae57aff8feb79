from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control


class PortalLocaleMiddleware:
    """Dutch unless the visitor chose English with the language switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show most
    visitors with an English browser an English portal; the portal's audience works in Dutch,
    so only an explicit choice (the language cookie) changes the language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch = response.get("Vary", "")
        if "Cookie" not in patch:
            response["Vary"] = f"{patch}, Cookie" if patch else "Cookie"
        return response


class PrivateForSignedInMiddleware:
    """A response rendered for a signed-in user may hold members-only content; no shared cache
    (proxy, CDN) may keep it and hand it to someone else. Responses to visitors stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True)
        return response
