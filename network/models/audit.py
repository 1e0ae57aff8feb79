"""The membership audit log: who joined, left or changed role in which organisation, and who
entered or left the members group, with who did it when that is known.

Entries keep names as text rather than foreign keys: the log outlives the rows it speaks of (a
deleted account, a removed organisation), and an entry written while a user's deletion cascades
cannot point at the row being deleted."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MembershipLogEntry(models.Model):
    JOINED = "joined"
    ROLE_CHANGED = "role_changed"
    DEACTIVATED = "deactivated"
    REACTIVATED = "reactivated"
    REMOVED = "removed"
    GROUP_ADDED = "group_added"
    GROUP_REMOVED = "group_removed"
    ACTIONS = [
        (JOINED, _("joined the organisation")),
        (ROLE_CHANGED, _("role changed")),
        (DEACTIVATED, _("membership deactivated")),
        (REACTIVATED, _("membership reactivated")),
        (REMOVED, _("membership removed")),
        (GROUP_ADDED, _("added to the members group")),
        (GROUP_REMOVED, _("removed from the members group")),
    ]

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    action = models.CharField(_("what"), max_length=20, choices=ACTIONS)
    user_pk = models.IntegerField(_("user id"), null=True, db_index=True)
    username = models.CharField(_("user"), max_length=150)
    organisation_pk = models.IntegerField(_("organisation id"), null=True)
    organisation_name = models.CharField(_("organisation"), max_length=250, blank=True)
    old_value = models.CharField(_("before"), max_length=50, blank=True)
    new_value = models.CharField(_("after"), max_length=50, blank=True)
    actor = models.CharField(
        _("by"), max_length=150, blank=True, help_text=_("Empty when done by the system.")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("membership log entry")
        verbose_name_plural = _("membership log")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.username}: {self.get_action_display()}"
