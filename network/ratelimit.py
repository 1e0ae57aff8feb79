"""A small fixed-window rate limiter on Django's cache, for the public forms that send e-mail
(application, invitation, expert question). Login throttling is left to the login view."""

import hashlib
import time

from django.core.cache import cache


def client_key(request) -> str:
    """The authenticated user, or else the client address. Behind the production proxy every
    request comes from the proxy, so the address the proxy appended to X-Forwarded-For (the
    last one; earlier entries are whatever the client sent) identifies the client."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    address = forwarded.split(",")[-1].strip() if forwarded else ""
    address = address or request.META.get("REMOTE_ADDR", "") or "unknown"
    return "ip:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def hit(request, scope: str, limit: int, window: int) -> bool:
    """Count one attempt; False when the client already used `limit` attempts in this window."""
    bucket = int(time.time() // window)
    key = f"ratelimit:{scope}:{client_key(request)}:{bucket}"
    added = cache.add(key, 1, timeout=window + 5)
    if added:
        return True
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window + 5)
        return True
    return count <= limit
