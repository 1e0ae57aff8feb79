"""A small sliding-window rate limiter for the public forms that send e-mail (application,
invitation, expert question, password reset). Failed logins are counted by django-axes.

Attempts are rows in the database (RateLimitAttempt), not entries in Django's cache: the default
cache is per process, so with several gunicorn workers each would count on its own. The database
is shared by every worker and container and needs no extra service or setup."""

import hashlib
from datetime import timedelta

from django.utils import timezone

from network.models import RateLimitAttempt
from portal.clientip import client_address


def client_key(request) -> str:
    """The authenticated user, or else the client address (hashed: no addresses are stored)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    address = client_address(request) or "unknown"
    return "ip:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def hit(request, scope: str, limit: int, window: int) -> bool:
    """Count one attempt; False when the client already made `limit` attempts in the last
    `window` seconds (refused attempts do not count).

    The attempt is written first and the count taken after, so two workers racing for the last
    free attempt can at worst both be refused, never both let through."""
    now = timezone.now()
    since = now - timedelta(seconds=window)
    key = client_key(request)
    attempt = RateLimitAttempt.objects.create(scope=scope, client=key, created_at=now)
    recent = RateLimitAttempt.objects.filter(scope=scope, client=key, created_at__gt=since)
    allowed = recent.count() <= limit
    if not allowed:
        attempt.delete()
    # Old attempts are no longer needed by anyone.
    RateLimitAttempt.objects.filter(scope=scope, created_at__lte=since).delete()
    return allowed
