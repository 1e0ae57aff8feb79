import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

REVIEW_SOON_DAYS = 30


class ReviewMixin(models.Model):
    """Content that goes stale: editors record when it was last checked and when it is due."""

    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    review_due = models.DateField(_("review due"), null=True, blank=True, db_index=True)

    review_panels = [
        MultiFieldPanel(
            [FieldPanel("last_reviewed"), FieldPanel("review_due")], heading=_("Review")
        )
    ]

    class Meta:
        abstract = True

    @property
    def review_status(self) -> str:
        if not self.review_due:
            return ""
        today = timezone.localdate()
        if self.review_due < today:
            return "overdue"
        if self.review_due <= today + datetime.timedelta(days=REVIEW_SOON_DAYS):
            return "soon"
        return "ok"

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        if self.last_reviewed and self.last_reviewed > timezone.localdate():
            raise ValidationError({"last_reviewed": _("The last review cannot be in the future.")})
        if self.last_reviewed and self.review_due and self.review_due < self.last_reviewed:
            raise ValidationError(
                {"review_due": _("The review due date must come after the last review.")}
            )
