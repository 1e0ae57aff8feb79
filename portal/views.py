from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found as django_page_not_found


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
