"""People in the network: which user belongs to which organisation in which role, applications
to join, invitations and the log of changes members make to their organisation's entry."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from .directory import Organisation

INVITATION_DAYS = 14


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, organisation__is_active=True, user__is_active=True)


class Membership(models.Model):
    MEMBER = "member"
    ORG_ADMIN = "org_admin"
    EDITOR = "editor"
    COORDINATOR = "coordinator"
    ROLES = [
        (MEMBER, _("Member")),
        (ORG_ADMIN, _("Organisation admin")),
        (EDITOR, _("Editor")),
        (COORDINATOR, _("Coordinator")),
    ]
    # Roles that may change their organisation's entry and invite colleagues.
    MANAGING_ROLES = (ORG_ADMIN, COORDINATOR)
    EDITING_ROLES = (ORG_ADMIN, EDITOR, COORDINATOR)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="memberships",
        on_delete=models.CASCADE,
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        related_name="memberships",
        on_delete=models.CASCADE,
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=ROLES, default=MEMBER)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Untick to revoke access at once.")
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    panels = [
        FieldPanel("user"),
        FieldPanel("organisation"),
        FieldPanel("role"),
        FieldPanel("is_active"),
    ]

    class Meta:
        unique_together = [("user", "organisation")]
        ordering = ["organisation__name", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class MembershipApplication(index.Indexed, models.Model):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    STATUSES = [(PENDING, _("Pending")), (APPROVED, _("Approved")), (REJECTED, _("Rejected"))]

    organisation_name = models.CharField(_("organisation"), max_length=250)
    organisation_type = models.CharField(
        _("organisation type"),
        max_length=30,
        choices=Organisation.TYPES,
        default=Organisation.TYPE_NGO,
    )
    city = models.CharField(_("city"), max_length=120)
    website = models.URLField(_("website"), blank=True, max_length=500)
    contact_name = models.CharField(_("your name"), max_length=200)
    email = models.EmailField(_("your e-mail address"))
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    motivation = models.TextField(_("motivation"), max_length=3000)
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default=PENDING)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
        verbose_name=_("linked organisation"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("note to the applicant"), blank=True, max_length=3000)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    search_fields = [
        index.SearchField("organisation_name"),
        index.SearchField("contact_name"),
        index.SearchField("city"),
        index.FilterField("status"),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")

    def __str__(self):
        return f"{self.organisation_name} ({self.contact_name})"


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def find(self, token: str):
        return self.filter(token_hash=_hash_token(token)).select_related("organisation").first()

    def pending(self):
        """Neither accepted, withdrawn nor expired: the link still works."""
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """A single-use, expiring invitation. Only a hash of the token is stored, so a leaked
    database does not leak working links."""

    email = models.EmailField(_("e-mail address"))
    organisation = models.ForeignKey(
        Organisation,
        related_name="invitations",
        on_delete=models.CASCADE,
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Membership.ROLES, default=Membership.MEMBER
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    application = models.ForeignKey(
        MembershipApplication,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @classmethod
    def create(cls, *, email, organisation, role, invited_by=None, application=None):
        """Returns the invitation and the raw token, which exists only in the e-mail."""
        token = secrets.token_urlsafe(32)
        invitation = cls.objects.create(
            email=email.lower(),
            organisation=organisation,
            role=role,
            invited_by=invited_by,
            application=application,
            token_hash=_hash_token(token),
            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        )
        return invitation, token

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_used(self) -> bool:
        return self.accepted_at is not None

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def can_be_revoked(self) -> bool:
        return not self.is_used and not self.is_revoked

    def revoke(self, by=None) -> bool:
        """Withdraw the invitation, so its link stops working. Returns False when it was
        already accepted or withdrawn (checked under a row lock, against a racing accept)."""
        with transaction.atomic():
            locked = Invitation.objects.select_for_update().get(pk=self.pk)
            if not locked.can_be_revoked:
                return False
            locked.revoked_at = timezone.now()
            locked.revoked_by = by
            locked.save(update_fields=["revoked_at", "revoked_by"])
        self.revoked_at, self.revoked_by = locked.revoked_at, locked.revoked_by
        return True

    @property
    def status(self) -> str:
        if self.is_used:
            return pgettext("invitation status", "Accepted")
        if self.is_revoked:
            return pgettext("invitation status", "Withdrawn")
        if self.is_expired:
            return pgettext("invitation status", "Expired")
        return pgettext("invitation status", "Open")

    status.fget.short_description = _("status")


class OrganisationChange(models.Model):
    """What a member changed in their organisation's entry, field by field, for coordinators."""

    organisation = models.ForeignKey(
        Organisation,
        related_name="changes",
        on_delete=models.CASCADE,
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        ordering = ["-changed_at"]
        verbose_name = _("organisation change")
        verbose_name_plural = _("organisation changes")

    def __str__(self):
        return f"{self.organisation} ({self.changed_at:%Y-%m-%d %H:%M})"

    @property
    def changed_fields(self) -> str:
        return ", ".join(sorted(self.changes))
