"""Events of the network: trainings, country days and theme meetings, with registration for
members, a capacity and a waiting list."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from network.sanitise import clean_html, clean_text
from portal.slugs import unique_value

from .directory import Organisation


class EventQuerySet(models.QuerySet):
    def visible_to(self, user):
        from portal.access import is_member

        events = self.filter(is_published=True)
        if not is_member(user):
            events = events.filter(audience=Event.PUBLIC)
        return events

    def upcoming(self):
        return self.filter(end__gte=timezone.now()).order_by("start")

    def past(self):
        return self.filter(end__lt=timezone.now()).order_by("-start")


class Event(index.Indexed, models.Model):
    KINDS = [
        ("training", _("Training")),
        ("country_day", _("Country day")),
        ("theme_meeting", _("Theme meeting")),
        ("other", _("Other meeting")),
    ]
    PUBLIC = "public"
    MEMBERS = "members"
    AUDIENCES = [(PUBLIC, _("Everyone")), (MEMBERS, _("Members of the network only"))]

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=KINDS, default="training")
    description = models.TextField(
        _("description"), blank=True, max_length=20000, help_text=_("Simple HTML is allowed.")
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    location_name = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    is_online = models.BooleanField(_("online"), default=False)
    online_url = models.URLField(
        _("link to join"),
        blank=True,
        help_text=_("Only shown to people who are registered."),
    )
    audience = models.CharField(_("audience"), max_length=10, choices=AUDIENCES, default=PUBLIC)
    organiser = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("organiser"),
    )
    registration_open = models.BooleanField(_("registration open"), default=True)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    topics = models.ManyToManyField(
        "knowledge.Topic", blank=True, related_name="events", verbose_name=_("topics")
    )
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("topics"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        MultiFieldPanel(
            [
                FieldPanel("location_name"),
                FieldPanel("address"),
                FieldPanel("city"),
                FieldPanel("is_online"),
                FieldPanel("online_url"),
            ],
            heading=_("Where"),
        ),
        FieldPanel("organiser"),
        FieldPanel("audience"),
        FieldRowPanel([FieldPanel("registration_open"), FieldPanel("capacity")]),
        FieldPanel("is_published"),
    ]
    search_fields = [index.SearchField("title"), index.SearchField("description")]

    class Meta:
        ordering = ["start"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.start):%Y-%m-%d})"

    def save(self, *args, **kwargs):
        self.title = clean_text(self.title)
        self.description = clean_html(self.description)
        if not self.slug:
            base = slugify(f"{self.title} {timezone.localtime(self.start):%Y-%m-%d}")[:100]
            self.slug = unique_value(
                Event.objects.exclude(pk=self.pk),
                "slug",
                base or "activiteit",
                self._meta.get_field("slug").max_length,
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("network:event", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end lies before the start.")})

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    @property
    def confirmed_count(self) -> int:
        return self.registrations.filter(status=EventRegistration.CONFIRMED).count()

    @property
    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_count, 0)

    @property
    def place(self) -> str:
        parts = [self.location_name, self.city]
        text = ", ".join(p for p in parts if p)
        if self.is_online:
            return f"{text} + online" if text else "online"
        return text


class EventRegistration(models.Model):
    CONFIRMED = "confirmed"
    WAITING = "waiting"
    CANCELLED = "cancelled"
    STATUSES = [
        (CONFIRMED, _("Registered")),
        (WAITING, _("On the waiting list")),
        (CANCELLED, _("Cancelled")),
    ]

    event = models.ForeignKey(
        Event, related_name="registrations", on_delete=models.CASCADE, verbose_name=_("event")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="event_registrations",
        on_delete=models.CASCADE,
        verbose_name=_("user"),
    )
    status = models.CharField(_("status"), max_length=10, choices=STATUSES)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        unique_together = [("event", "user")]
        ordering = ["created_at"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self):
        return f"{self.user} – {self.event} ({self.get_status_display()})"
