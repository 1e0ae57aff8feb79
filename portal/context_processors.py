from django.conf import settings


def portal(request):
    """Site-wide template values: the site name and whether the visitor is a network member."""
    from portal.access import is_member

    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "is_member": is_member(getattr(request, "user", None)),
    }
