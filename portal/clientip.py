"""The client's address, as every counter of attempts (form rate limits, login lockout) sees it."""

from django.conf import settings


def client_address(request) -> str:
    """The client's IP address. X-Forwarded-For is believed only as far as settings say there
    are proxies of our own in front (TRUSTED_PROXIES, default 0): each appends the address it
    saw, so with n trusted proxies the client is the n-th entry from the right, and anything
    further left is whatever the client chose to send."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = getattr(settings, "TRUSTED_PROXIES", 0)
    if trusted > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
        if len(entries) >= trusted:
            return entries[-trusted]
    return remote
