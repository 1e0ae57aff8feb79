"""Attempts at the rate-limited forms, counted in the database so that every gunicorn worker
(and every web container) sees the same count without a shared cache server."""

from django.db import models


class RateLimitAttempt(models.Model):
    scope = models.CharField(max_length=40)
    client = models.CharField(max_length=64)  # "user:<pk>" or "ip:<hash of the address>"
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["scope", "client", "created_at"])]

    def __str__(self):
        return f"{self.scope} {self.client} {self.created_at:%Y-%m-%d %H:%M:%S}"
