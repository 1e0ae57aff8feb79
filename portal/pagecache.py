"""Whole pages for anonymous visitors, served from a shared cache.

Most readers are not signed in and read the same published pages; rendering a case page costs
tens of milliseconds of database and template work that the cache answers in well under one.
The rule that keeps members-only content out: only a request that carries no session (so no
signed-in user, no password given for a page) may be served from or stored in the cache, and a
response is stored only when nothing in it is personal: status 200, no cookie set, no CSRF token
used, not marked private or uncacheable. Entries are keyed by the content generation
(portal.cache), so a publish makes every stored page unreachable at once."""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, patch_cache_control

from portal import cache as portal_cache

CACHE_ALIAS = "pages"
HIT_HEADER = "X-Page-Cache"
_UNCACHEABLE = {"private", "no-store", "no-cache"}


def _personal_cookies() -> tuple[str, ...]:
    # The session (signed in, page passwords, anything a view remembered) and pending messages.
    return (settings.SESSION_COOKIE_NAME, getattr(settings, "MESSAGE_COOKIE_NAME", "messages"))


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._may_use_cache(request):
            return self.get_response(request)
        seconds = settings.PAGE_CACHE_SECONDS
        key = self._key(request) if seconds > 0 else None
        stored = caches[CACHE_ALIAS].get(key) if key else None
        if stored is not None:
            return self._rebuild(stored)
        response = self.get_response(request)
        if self._may_store(request, response):
            if getattr(settings, "WAGTAILFRONTENDCACHE", None):
                # The proxy keeps it (and is purged on publish); browsers ask again each time.
                patch_cache_control(
                    response, public=True, s_maxage=settings.FRONTEND_CACHE_SECONDS, max_age=0
                )
            if key:
                caches[CACHE_ALIAS].set(key, self._freeze(response), seconds)
        return response

    @staticmethod
    def _may_use_cache(request) -> bool:
        # GET only: a stored body replayed to a HEAD request would be sent along with it by
        # servers that leave stripping it to the application.
        if request.method != "GET":
            return False
        if any(name in request.COOKIES for name in _personal_cookies()):
            return False
        return not request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES)

    @staticmethod
    def _may_store(request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if request.META.get("CSRF_COOKIE_USED"):
            return False
        directives = {
            part.split("=")[0].strip().lower()
            for part in cc_delim_re.split(response.get("Cache-Control", ""))
        }
        return not directives & _UNCACHEABLE

    @staticmethod
    def _key(request) -> str:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in {code for code, _name in settings.LANGUAGES}:
            language = settings.LANGUAGE_CODE
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(address.encode()).hexdigest()
        return f"page:{portal_cache.generation()}:{language}:{digest}"

    @staticmethod
    def _freeze(response) -> dict:
        return {
            "status": response.status_code,
            "headers": [(k, v) for k, v in response.headers.items() if k.lower() != "set-cookie"],
            "content": response.content,
        }

    @staticmethod
    def _rebuild(stored: dict) -> HttpResponse:
        response = HttpResponse(stored["content"], status=stored["status"])
        for name, value in stored["headers"]:
            response.headers[name] = value
        response.headers[HIT_HEADER] = "hit"
        return response
