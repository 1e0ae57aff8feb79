"""Controlled vocabularies of the directory, kept as HSDS taxonomy terms so that they travel with
an export: service categories (the "juridische" and "sociale kaart"), target groups and expert
topics. Languages are a table of their own because HSDS 3.0 has a language table."""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from .ids import HSDSIdentified


class TaxonomyTerm(index.Indexed, HSDSIdentified):
    CATEGORY = "category"
    TARGET_GROUP = "target_group"
    TOPIC = "topic"
    VOCABULARIES = [
        (CATEGORY, _("Service category")),
        (TARGET_GROUP, _("Target group")),
        (TOPIC, _("Expertise topic")),
    ]

    vocabulary = models.CharField(_("vocabulary"), max_length=20, choices=VOCABULARIES)
    code = models.SlugField(_("code"), max_length=100)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.SET_NULL
    )

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["vocabulary", "name"]
        unique_together = [("vocabulary", "code")]
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.code:
            self.code = slugify(self.name)[:100] or self.hsds_id[:100]
        super().save(*args, **kwargs)


class Language(models.Model):
    code = models.CharField(
        _("code"), max_length=12, unique=True, help_text=_("ISO 639-1 code, e.g. nl, en, ar.")
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        return self.name
