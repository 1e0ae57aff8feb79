"""Experts: members who can be asked about topics, countries and languages. Profiles are for
members of the network only; questions reach an expert by e-mail without showing their address."""

import pycountry
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.search import index

from network.sanitise import clean_text

from .directory import Organisation
from .taxonomy import Language


def country_choices():
    return sorted(((c.alpha_2, c.name) for c in pycountry.countries), key=lambda item: item[1])


class ExpertQuerySet(models.QuerySet):
    def visible(self):
        """Available experts who are members themselves: a removed member's profile vanishes."""
        from portal.access import MEMBERS_GROUP

        return self.filter(
            is_available=True, user__is_active=True, user__groups__name=MEMBERS_GROUP
        ).distinct()


class Expert(index.Indexed, ClusterableModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        related_name="expert_profile",
        on_delete=models.CASCADE,
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experts",
        verbose_name=_("organisation"),
    )
    display_name = models.CharField(_("name"), max_length=150)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    expertise = models.TextField(
        _("expertise"), max_length=3000, help_text=_("What can colleagues ask you about?")
    )
    # The knowledge base owns the topic vocabulary; experts point at it (one way), so that one
    # topic filter finds rulings, guides and the experts to ask.
    topics = ParentalManyToManyField(
        "knowledge.Topic", blank=True, related_name="experts", verbose_name=_("topics")
    )
    languages = ParentalManyToManyField(
        Language, blank=True, related_name="experts", verbose_name=_("languages")
    )
    is_available = models.BooleanField(_("available for questions"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ExpertQuerySet.as_manager()

    panels = [
        FieldPanel("user"),
        FieldPanel("display_name"),
        FieldPanel("organisation"),
        FieldPanel("job_title"),
        FieldPanel("expertise"),
        FieldPanel("topics"),
        FieldPanel("languages"),
        InlinePanel("countries", label=_("Countries")),
        FieldPanel("is_available"),
    ]
    search_fields = [index.SearchField("display_name"), index.SearchField("expertise")]

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("expert")
        verbose_name_plural = _("experts")

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.display_name = clean_text(self.display_name)
        self.job_title = clean_text(self.job_title)
        self.expertise = clean_text(self.expertise)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("network:expert", kwargs={"pk": self.pk})

    @property
    def country_codes(self) -> list[str]:
        return [c.code for c in self.countries.all()]


class ExpertCountry(models.Model):
    expert = ParentalKey(Expert, related_name="countries", on_delete=models.CASCADE)
    code = models.CharField(_("country"), max_length=2, choices=country_choices)

    panels = [FieldPanel("code")]

    class Meta:
        unique_together = [("expert", "code")]
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.get_code_display()
