from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from knowledge import reference_export
from knowledge.citation_style import dutch_citation, seat_from_text
from knowledge.country_proposals import CountryProposalsPanel
from knowledge.ecli import court_code, deeplink, is_valid_ecli, normalise_ecli, validate_ecli
from knowledge.laws import provision_column
from knowledge.rechtspraak.html import html_to_text
from knowledge.rechtspraak.reading import readable_text
from portal.access import is_member
from portal.safejson import dumps_for_html

from .taxonomy import CaseLawPageTag

OUTCOME_CHOICES = [
    ("", _("unknown")),
    ("granted", _("appeal granted (gegrond)")),
    ("dismissed", _("appeal dismissed (ongegrond)")),
    ("inadmissible", _("inadmissible (niet-ontvankelijk)")),
    ("partly", _("partly granted")),
    ("referred", _("referred back")),
    ("preliminary", _("preliminary ruling requested")),
    ("other", _("other")),
]


class CaseLawPage(RoutablePageMixin, Page):
    """A ruling. Most fields come from the rechtspraak.nl open data and are read-only for editors;
    the knowledge centre adds the classification and an annotation."""

    ecli = models.CharField("ECLI", max_length=100, unique=True, validators=[validate_ecli])
    court = models.CharField(_("court"), max_length=200, db_index=True)
    court_code = models.CharField(_("court code"), max_length=20, db_index=True, blank=True)
    decision_date = models.DateField(_("decision date"), db_index=True)
    publication_date = models.DateField(_("publication date"), null=True, blank=True)
    case_numbers = models.CharField(_("case numbers"), max_length=500, blank=True)
    procedure = models.CharField(_("procedure"), max_length=300, blank=True)
    legal_areas = ParentalManyToManyField(
        "knowledge.LegalArea", blank=True, verbose_name=_("legal areas")
    )
    topics = ParentalManyToManyField("knowledge.Topic", blank=True, verbose_name=_("topics"))
    countries = ParentalManyToManyField(
        "knowledge.CountryPage", blank=True, verbose_name=_("countries concerned")
    )
    tags = ClusterTaggableManager(through=CaseLawPageTag, blank=True, verbose_name=_("tags"))
    legal_provisions = models.JSONField(
        _("legal provisions"), default=list, blank=True, help_text=_("From the court's data.")
    )
    # The references of legal_provisions, normalised, a line each (knowledge.laws.provision_column),
    # kept in step on every save: what the list's statutory-provision filter searches.
    provision_lines = models.TextField(blank=True, default="", editable=False)
    relations = models.JSONField(_("formal relations"), default=list, blank=True)
    summary = models.TextField(_("summary (inhoudsindicatie)"), blank=True)
    full_text = models.TextField(_("full text"), blank=True)
    annotation = RichTextField(
        _("annotation"), blank=True, features=["h3", "h4", "bold", "italic", "link", "ol", "ul"]
    )
    annotation_members_only = models.BooleanField(_("annotation for members only"), default=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=OUTCOME_CHOICES, blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    source_modified = models.DateTimeField(null=True, blank=True, editable=False)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("ecli"),
                FieldRowPanel([FieldPanel("court"), FieldPanel("court_code")]),
                FieldRowPanel([FieldPanel("decision_date"), FieldPanel("publication_date")]),
                FieldPanel("case_numbers"),
                FieldPanel("procedure"),
                FieldPanel("source_url"),
            ],
            heading=_("Ruling"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("legal_areas"),
                FieldPanel("topics"),
                FieldPanel("countries"),
                FieldPanel("tags"),
                FieldPanel("outcome"),
            ],
            heading=_("Classification"),
        ),
        CountryProposalsPanel(heading=_("Proposed countries")),
        MultiFieldPanel(
            [FieldPanel("annotation"), FieldPanel("annotation_members_only")],
            heading=_("Annotation by the knowledge centre"),
        ),
        FieldPanel("summary", read_only=True),
        FieldPanel("full_text", read_only=True),
        FieldPanel("legal_provisions", read_only=True),
        FieldPanel("relations", read_only=True),
    ]
    # Wagtail's own index serves the editors' admin search only; full text lives in search/.
    search_fields = [
        *Page.search_fields,
        index.SearchField("ecli"),
        index.AutocompleteField("ecli"),
        index.SearchField("case_numbers"),
        index.FilterField("decision_date"),
    ]
    parent_page_types = ["knowledge.CaseLawIndexPage"]
    subpage_types: list[str] = []
    template = "knowledge/caselaw_page.html"

    class Meta:
        verbose_name = _("ruling")
        verbose_name_plural = _("case law")
        ordering = ["-decision_date"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        # Stored in the canonical form so lookups, citations and /ecli/ links all match.
        if self.ecli and is_valid_ecli(self.ecli):
            self.ecli = normalise_ecli(self.ecli)
            self.court_code = self.court_code or court_code(self.ecli)

    def save(self, *args, **kwargs):
        self.provision_lines = provision_column(self.legal_provisions)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "legal_provisions" in update_fields:
            kwargs["update_fields"] = {*update_fields, "provision_lines"}
        return super().save(*args, **kwargs)

    @property
    def case_number_list(self) -> list[str]:
        return [n.strip() for n in self.case_numbers.split(",") if n.strip()]

    @property
    def deeplink(self) -> str:
        return self.source_url or deeplink(self.ecli)

    @property
    def citation(self) -> str:
        """How a Dutch lawyer cites the ruling: "Rb. Midden-Nederland 15 maart 2016,
        ECLI:NL:RBMNE:2016:1780", in Dutch whatever the visitor's language."""
        return dutch_citation(
            self.court, self.decision_date, self.ecli, seat=seat_from_text(self.full_text)
        )

    @property
    def summary_text(self) -> str:
        """The summary as one line of plain text: "...test.</p><p>Deze..." is "test. Deze"."""
        return " ".join(html_to_text(self.summary).split()) if self.summary else ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        member = is_member(request.user)
        context["member"] = member
        context["show_annotation"] = bool(self.annotation) and (
            member or not self.annotation_members_only
        )
        context["annotation_locked"] = bool(self.annotation) and not context["show_annotation"]
        context["structured_data"] = self.structured_data(request)
        context["reading"] = readable_text(self.full_text)
        base = self.get_url(request)
        if base and self.pk:
            context["export_links"] = [
                {"label": "RIS", "url": base + self.reverse_subpage("ris")},
                {"label": "BibTeX", "url": base + self.reverse_subpage("bibtex")},
            ]
        return context

    # Wagtail serves these routes through the page, so the page's view restrictions (and the
    # portal's rule that a restricted ruling answers like an unknown one) hold for them too.
    @path("ris/", name="ris")
    def ris_export(self, request):
        return reference_export.ris_response(self, request)

    @path("bibtex/", name="bibtex")
    def bibtex_export(self, request):
        return reference_export.bibtex_response(self, request)

    def structured_data(self, request) -> str:
        """schema.org data for search engines: public facts only, never the annotation."""
        data = {
            "@context": "https://schema.org",
            "@type": "CreativeWork",
            "name": self.title,
            "identifier": {"@type": "PropertyValue", "propertyID": "ECLI", "value": self.ecli},
            "author": {"@type": "GovernmentOrganization", "name": self.court},
            "dateCreated": self.decision_date.isoformat(),
            "inLanguage": "nl",
            "url": self.get_full_url(request),
            "sameAs": self.deeplink,
        }
        if self.publication_date:
            data["datePublished"] = self.publication_date.isoformat()
        if self.summary:
            data["abstract"] = self.summary_text[:1000]
        return dumps_for_html(data)


class ECLIAlias(models.Model):
    """An ECLI that the court replaced by another (dcterms:isReplacedBy); /ecli/<old> follows it."""

    ecli = models.CharField("ECLI", max_length=100, unique=True, validators=[validate_ecli])
    target_ecli = models.CharField(_("replaced by"), max_length=100, validators=[validate_ecli])
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("replaced ECLI")
        verbose_name_plural = _("replaced ECLIs")

    def __str__(self):
        return f"{self.ecli} → {self.target_ecli}"

    def clean(self):
        super().clean()
        for name in ("ecli", "target_ecli"):
            value = getattr(self, name)
            if value and is_valid_ecli(value):
                setattr(self, name, normalise_ecli(value))


class Citation(models.Model):
    """An ECLI mentioned by a page, from the court's formal relations or found in its text.
    Kept per source page so that every ruling can show what cites it."""

    KIND_RELATION = "relation"
    KIND_TEXT = "text"

    source_page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="ecli_citations"
    )
    target_ecli = models.CharField(max_length=100, db_index=True)
    kind = models.CharField(
        max_length=10, choices=[(KIND_RELATION, "relation"), (KIND_TEXT, "text")]
    )
    label = models.CharField(max_length=200, blank=True)
    # Found only in a members-only part (an annotation): hidden from non-members.
    members_only = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source_page", "target_ecli", "kind"], name="unique_citation_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.source_page_id} → {self.target_ecli}"
