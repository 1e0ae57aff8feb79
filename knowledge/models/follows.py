"""A user following a ruling ("Volg deze uitspraak") or a country ("Volg dit land"), and what
each follow has announced. The alerts go out with the saved searches' e-mail (search's
`send_alerts`, through search.registry.register_alert_source; see knowledge/follows.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    """The followed page is a CaseLawPage (new rulings and articles that cite it) or a
    CountryPage (a new published version of it, new rulings about the country)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["user", "page"], name="knowledge_follow_unique")
        ]

    def __str__(self):
        return f"{self.user_id} follows {self.page_id}"


class FollowAnnouncement(models.Model):
    """An event a follow has announced, or found already there when the user started following
    ("cites:<page id>", "ruling:<page id>", "revision:<revision id>"). One row per event: a
    citing page has no order in which it appears (an old article may gain a citation in an edit,
    a restricted ruling may open up later), so a high-water mark would miss or repeat events.
    Inserting the row is also what claims the event for one run of send_alerts."""

    follow = models.ForeignKey(Follow, on_delete=models.CASCADE, related_name="announcements")
    event_key = models.CharField(max_length=100)
    announced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["follow", "event_key"], name="knowledge_follow_announced_unique"
            )
        ]

    def __str__(self):
        return f"{self.follow_id}: {self.event_key}"
