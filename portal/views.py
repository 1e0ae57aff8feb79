from django.conf import settings
from django.db import connection
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found as django_page_not_found

from portal.redirects import safe_next


def page_not_found(request, exception, template_name="404.html"):
    return django_page_not_found(request, exception, template_name=template_name)


def server_error(request, template_name="500.html"):
    # Rendered without a request context: whatever broke may be a context processor or the DB.
    template = loader.get_template(template_name)
    return HttpResponseServerError(template.render())


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /beheer/",
        "Disallow: /inloggen/",
        "Disallow: /zoeken/",
        "Disallow: /api/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@never_cache
@require_GET
def health(request):
    """For the load balancer and docker-compose: the app is up and its database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any database failure means "unhealthy"
        return JsonResponse({"status": "error", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})


@never_cache
@require_GET
def choose_language(request, code):
    """The language switch in the footer is a pair of links, not a form: a form's CSRF token
    would set a cookie on every page and make no page cacheable. Choosing a language changes
    nothing but the visitor's own cookie, which is what Django's set_language does too."""
    if code not in {language for language, _name in settings.LANGUAGES}:
        raise Http404
    response = HttpResponseRedirect(safe_next(request))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
