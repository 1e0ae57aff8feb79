"""The helpdesk ("Vraagbaak"): members put a question to the knowledge centre and follow the
conversation; the knowledge centre's editors answer from a queue in the admin.

Attachments are stored outside MEDIA_ROOT, in a storage no URL maps to: the only way to one is
the view that checks the reader is the asker or the helpdesk (network/views/helpdesk.py)."""

import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.access import users_with_permission

from .experts import country_choices

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# What the content of an accepted file starts with: the name alone says nothing.
ATTACHMENT_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
}


def private_storage():
    """Files no URL serves (settings.PRIVATE_MEDIA_ROOT). A callable, so the migration names it
    instead of freezing one machine's path."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


def attachment_path(instance, filename: str) -> str:
    # A random name: the member's file name may itself hold a client's name.
    suffix = PurePath(filename).suffix.lower()
    return f"helpdesk/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def validate_attachment(upload) -> None:
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in ATTACHMENT_SIGNATURES:
        raise ValidationError(_("Attach a PDF, DOCX or ODT file."), code="type")
    if upload.size == 0:
        raise ValidationError(_("The attached file is empty."), code="empty")
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("The attached file is larger than 10 MB."), code="size")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(ATTACHMENT_SIGNATURES[suffix]):
        raise ValidationError(
            _("The attached file is not a real %(kind)s file.") % {"kind": suffix[1:].upper()},
            code="content",
        )


HELPDESK_PERMISSION = "network.change_question"


def helpdesk_users():
    """The active users who answer helpdesk questions (superusers included)."""
    return users_with_permission(HELPDESK_PERMISSION)


def working_days_before(day: datetime.date, count: int) -> datetime.date:
    """The date `count` working days (Monday to Friday) before `day`."""
    while count > 0:
        day -= datetime.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


class QuestionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[Question.NEW, Question.IN_PROGRESS])

    def waiting_longer_than(self, working_days: int, today: datetime.date | None = None):
        """Open questions asked more than `working_days` working days ago."""
        cutoff = working_days_before(today or timezone.localdate(), working_days)
        return self.open().filter(created_at__date__lt=cutoff)


class Question(models.Model):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    ANSWERED = "answered"
    CLOSED = "closed"
    STATUSES = [
        (NEW, _("new")),
        (IN_PROGRESS, _("in progress")),
        (ANSWERED, _("answered")),
        (CLOSED, _("closed")),
    ]

    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="helpdesk_questions",
        verbose_name=_("asked by"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("question"), max_length=5000)
    topic = models.ForeignKey(
        "knowledge.Topic",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="helpdesk_questions",
        verbose_name=_("topic"),
    )
    country = models.CharField(
        _("country"), max_length=2, blank=True, choices=country_choices, default=""
    )
    attachment = models.FileField(
        _("attachment"),
        upload_to=attachment_path,
        storage=private_storage,
        blank=True,
        max_length=200,
    )
    status = models.CharField(_("status"), max_length=20, choices=STATUSES, default=NEW)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_helpdesk_questions",
        verbose_name=_("assigned to"),
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("helpdesk question")
        verbose_name_plural = _("helpdesk questions")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("network:question", args=[self.pk])

    def conversation(self):
        """What the asker sees: every message except the helpdesk's internal notes."""
        return self.messages.filter(internal=False).select_related("author")


class QuestionMessage(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="messages", verbose_name=_("question")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    from_helpdesk = models.BooleanField(_("from the helpdesk"), default=False)
    internal = models.BooleanField(
        _("internal note"), default=False, help_text=_("Only the helpdesk sees internal notes.")
    )
    text = models.TextField(_("message"), max_length=10000)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("helpdesk message")
        verbose_name_plural = _("helpdesk messages")

    def __str__(self):
        return f"{self.question} ({self.created_at:%Y-%m-%d %H:%M})"
