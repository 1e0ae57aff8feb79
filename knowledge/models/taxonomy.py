"""Controlled vocabulary (topics, legal areas), the glossary and tag models for free keywords."""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index


class Topic(index.Indexed, models.Model):
    """A subject from the knowledge centre's controlled vocabulary (zorg, opvang, Dublin, ...)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=False)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:100]
        super().save(*args, **kwargs)


class LegalArea(models.Model):
    """A rechtsgebied as the judiciary publishes it, e.g. "Bestuursrecht; Vreemdelingenrecht"."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    identifier = models.URLField(_("identifier"), max_length=300, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("identifier")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("legal area")
        verbose_name_plural = _("legal areas")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        super().save(*args, **kwargs)


class GlossaryTerm(index.Indexed, models.Model):
    term = models.CharField(_("term"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=50, blank=True)
    definition = RichTextField(_("definition"), features=["bold", "italic", "link", "ul", "ol"])
    topics = models.ManyToManyField(Topic, blank=True, verbose_name=_("topics"))

    panels = [
        FieldPanel("term"),
        FieldPanel("slug"),
        FieldPanel("abbreviation"),
        FieldPanel("definition"),
        FieldPanel("topics"),
    ]
    search_fields = [
        index.SearchField("term"),
        index.AutocompleteField("term"),
        index.SearchField("definition"),
    ]

    class Meta:
        ordering = ["term"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")

    def __str__(self):
        return self.term

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.term)[:200]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("knowledge:glossary") + f"#{self.slug}"


class SynonymGroup(models.Model):
    """Words that mean the same to the people who search here: an abbreviation and what it
    stands for, an old and a new name. Searching for one finds all (search/thesaurus.py). The
    glossary's terms and abbreviations count as such groups already; these are the rest."""

    terms = models.TextField(
        _("terms"),
        help_text=_(
            "One term per line, e.g. “COA” and “Centraal Orgaan opvang asielzoekers”. "
            "A search for any of them also finds the others."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [FieldPanel("terms"), FieldPanel("note")]

    class Meta:
        ordering = ["terms"]
        verbose_name = _("synonyms")
        verbose_name_plural = _("synonyms")

    def __str__(self):
        return " = ".join(self.term_list())

    def term_list(self) -> list[str]:
        return [line.strip() for line in self.terms.splitlines() if line.strip()]

    def clean(self):
        from django.core.exceptions import ValidationError

        if len(self.term_list()) < 2:
            raise ValidationError({"terms": _("Give at least two terms, one per line.")})

    @classmethod
    def all_groups(cls) -> list[list[str]]:
        """Every group of words that mean the same: each glossary term with its abbreviation,
        and the editors' synonyms (for the search thesaurus and for linking law references)."""
        groups = [
            [term, abbreviation]
            for term, abbreviation in GlossaryTerm.objects.exclude(abbreviation="").values_list(
                "term", "abbreviation"
            )
        ]
        return groups + [group.term_list() for group in cls.objects.all()]


class CaseLawPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "knowledge.CaseLawPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "knowledge.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ProtocolPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "knowledge.ProtocolPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class CountryPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "knowledge.CountryPage", related_name="tagged_items", on_delete=models.CASCADE
    )
