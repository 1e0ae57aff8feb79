"""Frequently asked questions: an answered helpdesk question, rewritten and anonymised by an
editor, published for everyone or for members. The item is the editor's own text: nothing of
the member's question reaches it except through the editor's review (network/admin_views.py
prefills a draft, unpublished)."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.sanitise import clean_html, clean_text
from portal.access import MEMBERS, PUBLIC

from .experts import country_choices
from .helpdesk import Question


class FAQItemQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        """What this user may read: published items, the members-only ones for members only."""
        from portal.access import is_member

        items = self.published()
        if not is_member(user):
            items = items.filter(visibility=FAQItem.PUBLIC)
        return items


class FAQItem(models.Model):
    PUBLIC = PUBLIC
    MEMBERS = MEMBERS
    VISIBILITIES = [(PUBLIC, _("Everyone")), (MEMBERS, _("Members of the network only"))]

    # A short question as the heading and search title, and the fuller question beneath it:
    # a helpdesk subject alone rarely says enough, and a long text makes a poor heading.
    title = models.CharField(_("question in brief"), max_length=200)
    question = models.TextField(
        _("question"),
        max_length=3000,
        blank=True,
        help_text=_(
            "Rewritten by the editor: a situation, never a person. No names, numbers, dates "
            "of birth or contact details."
        ),
    )
    answer = models.TextField(_("answer"), max_length=20000, help_text=_("Simple HTML is allowed."))
    topics = models.ManyToManyField(
        "knowledge.Topic", blank=True, related_name="faq_items", verbose_name=_("topics")
    )
    country = models.CharField(
        _("country"), max_length=2, blank=True, choices=country_choices, default=""
    )
    visibility = models.CharField(
        _("visible to"), max_length=10, choices=VISIBILITIES, default=MEMBERS
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Publish only after checking that the text says nothing about a person."),
    )
    # Kept for the helpdesk's own reference; never shown on the site or indexed.
    source_question = models.ForeignKey(
        Question,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="faq_items",
        verbose_name=_("from helpdesk question"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)

    objects = FAQItemQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("FAQ item")
        verbose_name_plural = _("FAQ items")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title = clean_text(self.title)
        self.question = clean_text(self.question)
        self.answer = clean_html(self.answer)
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("network:faq_item", args=[self.pk])
