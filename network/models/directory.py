"""The directory of the network, modelled on Open Referral HSDS 3.0: organisations, their
locations (with the address folded in), phones, contacts and services, where services are
offered (service at location) and the areas they serve. Each record keeps its HSDS id so an
exchange with other directories can update records instead of duplicating them."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.search import index

from network.sanitise import clean_html, clean_text
from network.validators import validate_phone_number
from portal.slugs import unique_value

from .ids import HSDSIdentified
from .taxonomy import Language, TaxonomyTerm

PROVINCES = [
    ("drenthe", "Drenthe"),
    ("flevoland", "Flevoland"),
    ("friesland", "Fryslân"),
    ("gelderland", "Gelderland"),
    ("groningen", "Groningen"),
    ("limburg", "Limburg"),
    ("noord-brabant", "Noord-Brabant"),
    ("noord-holland", "Noord-Holland"),
    ("overijssel", "Overijssel"),
    ("utrecht", "Utrecht"),
    ("zeeland", "Zeeland"),
    ("zuid-holland", "Zuid-Holland"),
]
_PROVINCE_ALIASES = {
    "friesland": "friesland",
    "fryslan": "friesland",
    "fryslân": "friesland",
    "north brabant": "noord-brabant",
    "north holland": "noord-holland",
    "south holland": "zuid-holland",
    "nb": "noord-brabant",
    "nh": "noord-holland",
    "zh": "zuid-holland",
    "dr": "drenthe",
    "fl": "flevoland",
    "fr": "friesland",
    "ge": "gelderland",
    "gld": "gelderland",
    "gr": "groningen",
    "li": "limburg",
    "ov": "overijssel",
    "ut": "utrecht",
    "ze": "zeeland",
}
POSTCODE_RE = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})\s*$")


def normalise_province(value: str) -> str | None:
    """The province key for a name, code or English name; None when it is not a Dutch province."""
    text = (value or "").strip().lower().replace("_", "-")
    if not text:
        return ""
    keys = {key for key, _label in PROVINCES}
    if text in keys:
        return text
    text = text.replace(" ", "-")
    if text in keys:
        return text
    return _PROVINCE_ALIASES.get(text.replace("-", " ")) or _PROVINCE_ALIASES.get(text)


def normalise_postcode(value: str) -> str:
    """A Dutch postcode as "1234 AB"; raises ValidationError for anything else."""
    match = POSTCODE_RE.match(value or "")
    if not match or match.group(1).startswith("0"):
        raise ValidationError(_("Enter a Dutch postcode like 1234 AB."), code="postcode")
    return f"{match.group(1)} {match.group(2).upper()}"


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def network_members(self):
        return self.filter(member_since__isnull=False, member_since__lte=timezone.localdate())


class Organisation(index.Indexed, HSDSIdentified, ClusterableModel):
    TYPE_NGO = "ngo"
    TYPES = [
        (TYPE_NGO, _("Aid organisation")),
        ("shelter", _("Shelter")),
        ("legal", _("Legal aid")),
        ("medical", _("Medical care")),
        ("municipality", _("Municipality")),
        ("church", _("Church or diaconal organisation")),
        ("knowledge", _("Knowledge centre")),
        ("self_organisation", _("Self-organisation")),
        ("other", _("Other")),
    ]
    PUBLIC = "public"
    MEMBERS = "members"
    VISIBILITIES = [
        (PUBLIC, _("Public")),
        (MEMBERS, _("Members of the network only")),
    ]

    name = models.CharField(_("name"), max_length=250)
    alternate_name = models.CharField(_("alternate name"), max_length=250, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, blank=True)
    description = models.TextField(
        _("description"), blank=True, max_length=20000, help_text=_("Simple HTML is allowed.")
    )
    organisation_type = models.CharField(
        _("organisation type"), max_length=30, choices=TYPES, default=TYPE_NGO
    )
    website = models.URLField(_("website"), blank=True, max_length=500)
    email = models.EmailField(_("e-mail"), blank=True)
    member_since = models.DateField(
        _("member of the network since"),
        null=True,
        blank=True,
        help_text=_("Leave empty for organisations that are not (yet) members of the network."),
    )
    contact_visibility = models.CharField(
        _("contact details visible to"), max_length=10, choices=VISIBILITIES, default=PUBLIC
    )
    # The knowledge base owns the topic vocabulary: one topic finds the guidance, the rulings, the
    # experts and the organisations that work on it.
    topics = ParentalManyToManyField(
        "knowledge.Topic", blank=True, related_name="organisations", verbose_name=_("topics")
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "Inactive organisations disappear from the directory and their people lose "
            "members-only access at once."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("alternate_name"),
                FieldPanel("slug"),
                FieldPanel("organisation_type"),
                FieldPanel("description"),
                FieldPanel("topics"),
            ],
            heading=_("Organisation"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("website"),
                FieldPanel("email"),
                FieldPanel("contact_visibility"),
                InlinePanel("phones", label=_("Phone numbers")),
                InlinePanel("contacts", label=_("Contact persons")),
            ],
            heading=_("Contact details"),
        ),
        InlinePanel("locations", label=_("Locations")),
        MultiFieldPanel(
            [FieldPanel("member_since"), FieldPanel("is_active"), FieldPanel("hsds_id")],
            heading=_("Network"),
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("alternate_name"),
        index.SearchField("description"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.name = clean_text(self.name)
        self.alternate_name = clean_text(self.alternate_name)
        self.description = clean_html(self.description)

    def save(self, *args, **kwargs):
        self.description = clean_html(self.description)
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def _unique_slug(self) -> str:
        base = slugify(self.name)[:100] or "organisatie"
        others = Organisation.objects.exclude(pk=self.pk)
        return unique_value(others, "slug", base, self._meta.get_field("slug").max_length)

    def get_absolute_url(self):
        return reverse("network:organisation", kwargs={"slug": self.slug})

    @property
    def city_names(self) -> list[str]:
        """Each city of its locations once, in their order: two addresses in Amsterdam are not
        "Amsterdam, Amsterdam"."""
        return list(dict.fromkeys(loc.city for loc in self.locations.all() if loc.city))

    @property
    def is_network_member(self) -> bool:
        return self.member_since is not None and self.member_since <= timezone.localdate()

    def contacts_visible_to(self, user) -> bool:
        from portal.access import is_member

        return self.contact_visibility == self.PUBLIC or is_member(user)


class Location(HSDSIdentified, ClusterableModel):
    organisation = ParentalKey(
        Organisation,
        related_name="locations",
        on_delete=models.CASCADE,
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    address_hsds_id = models.CharField(
        _("HSDS address id"), max_length=250, blank=True, editable=False
    )
    address_1 = models.CharField(_("street and number"), max_length=250, blank=True)
    address_2 = models.CharField(_("address line 2"), max_length=250, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True, db_index=True)
    province = models.CharField(_("province"), max_length=20, choices=PROVINCES, blank=True)
    country = models.CharField(_("country"), max_length=2, default="NL")
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    opening_hours = models.TextField(
        _("opening hours"),
        blank=True,
        max_length=2000,
        help_text=_('When people can come by or call, e.g. "Mon-Fri 9:00-17:00".'),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("address_1"),
        FieldPanel("address_2"),
        FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
        FieldRowPanel([FieldPanel("province"), FieldPanel("country")]),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
        FieldPanel("opening_hours"),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["city", "name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self):
        label = self.name or self.address_1 or self.organisation.name
        return f"{label}, {self.city}" if self.city else label

    def clean(self):
        super().clean()
        errors = {}
        if self.postcode and self.country.upper() == "NL":
            try:
                self.postcode = normalise_postcode(self.postcode)
            except ValidationError as exc:
                errors["postcode"] = exc.messages
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            errors["latitude"] = [_("Latitude lies between -90 and 90.")]
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            errors["longitude"] = [_("Longitude lies between -180 and 180.")]
        if errors:
            raise ValidationError(errors)

    @property
    def has_address(self) -> bool:
        return bool(self.address_1 or self.address_2 or self.postcode)

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def position_for(self, show_address: bool) -> tuple[float, float]:
        """Where to put this location for someone who may (or may not) see the organisation's
        contact details: the street address, or about a kilometre off (two decimals), enough to
        show the town and not the door. Every channel that shows a position or a distance (the
        map, "in de buurt", the HSDS export) goes through here, so none gives away more."""
        if show_address:
            return self.latitude, self.longitude
        return round(self.latitude, 2), round(self.longitude, 2)


class Contact(HSDSIdentified):
    organisation = ParentalKey(
        Organisation,
        related_name="contacts",
        on_delete=models.CASCADE,
        verbose_name=_("organisation"),
    )
    service = models.ForeignKey(
        "network.Service",
        related_name="contacts",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("service"),
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("title"),
        FieldPanel("department"),
        FieldPanel("email"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self):
        return self.name


class Phone(HSDSIdentified):
    TYPES = [
        ("voice", _("Phone")),
        ("cell", _("Mobile")),
        ("text", _("Text message")),
        ("fax", _("Fax")),
        ("video", _("Video")),
    ]
    organisation = ParentalKey(
        Organisation,
        related_name="phones",
        on_delete=models.CASCADE,
        verbose_name=_("organisation"),
    )
    service = models.ForeignKey(
        "network.Service", related_name="phones", null=True, blank=True, on_delete=models.SET_NULL
    )
    location = models.ForeignKey(
        Location, related_name="phones", null=True, blank=True, on_delete=models.SET_NULL
    )
    contact = models.ForeignKey(
        Contact, related_name="phones", null=True, blank=True, on_delete=models.SET_NULL
    )
    number = models.CharField(_("number"), max_length=40)
    extension = models.CharField(_("extension"), max_length=20, blank=True)
    type = models.CharField(_("type"), max_length=10, choices=TYPES, default="voice")
    description = models.CharField(_("description"), max_length=250, blank=True)

    panels = [FieldPanel("number"), FieldPanel("type"), FieldPanel("description")]

    class Meta:
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")

    def __str__(self):
        return self.number

    def clean(self):
        super().clean()
        try:
            validate_phone_number(self.number)
        except ValidationError as exc:
            raise ValidationError({"number": exc}) from exc


class ServiceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Service.ACTIVE, organisation__is_active=True)


class Service(index.Indexed, HSDSIdentified, ClusterableModel):
    ACTIVE = "active"
    STATUSES = [
        (ACTIVE, _("Active")),
        ("inactive", _("Inactive")),
        ("defunct", _("Ended")),
        ("temporarily closed", _("Temporarily closed")),
    ]

    organisation = models.ForeignKey(
        Organisation,
        related_name="services",
        on_delete=models.CASCADE,
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=250)
    alternate_name = models.CharField(_("alternate name"), max_length=250, blank=True)
    description = models.TextField(
        _("description"), blank=True, max_length=20000, help_text=_("Simple HTML is allowed.")
    )
    url = models.URLField(_("web page"), blank=True, max_length=500)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=STATUSES, default=ACTIVE)
    eligibility = models.TextField(_("who can use it"), blank=True, max_length=4000)
    application_process = models.TextField(_("how to apply"), blank=True, max_length=4000)
    fees = models.CharField(_("costs"), max_length=500, blank=True)
    schedule = models.TextField(_("opening hours"), blank=True, max_length=2000)
    schedule_hsds_id = models.CharField(max_length=250, blank=True, editable=False)
    categories = ParentalManyToManyField(
        TaxonomyTerm,
        related_name="category_services",
        blank=True,
        limit_choices_to={"vocabulary": TaxonomyTerm.CATEGORY},
        verbose_name=_("service categories"),
    )
    target_groups = ParentalManyToManyField(
        TaxonomyTerm,
        related_name="target_group_services",
        blank=True,
        limit_choices_to={"vocabulary": TaxonomyTerm.TARGET_GROUP},
        verbose_name=_("target groups"),
    )
    languages = ParentalManyToManyField(
        Language, related_name="services", blank=True, verbose_name=_("languages")
    )

    objects = ServiceQuerySet.as_manager()

    panels = [
        FieldPanel("organisation"),
        FieldPanel("name"),
        FieldPanel("alternate_name"),
        FieldPanel("status"),
        FieldPanel("description"),
        FieldPanel("categories"),
        FieldPanel("target_groups"),
        FieldPanel("languages"),
        FieldPanel("eligibility"),
        FieldPanel("application_process"),
        FieldPanel("fees"),
        FieldPanel("schedule"),
        FieldPanel("url"),
        FieldPanel("email"),
        InlinePanel("service_at_locations", label=_("Offered at")),
        InlinePanel("areas", label=_("Areas served")),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("organisation_id"),
    ]

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self):
        return f"{self.name} ({self.organisation.name})" if self.organisation_id else self.name

    def clean(self):
        super().clean()
        self.name = clean_text(self.name)
        self.description = clean_html(self.description)
        self.eligibility = clean_text(self.eligibility)
        self.application_process = clean_text(self.application_process)

    def save(self, *args, **kwargs):
        self.description = clean_html(self.description)
        super().save(*args, **kwargs)


class ServiceAtLocation(HSDSIdentified):
    service = ParentalKey(Service, related_name="service_at_locations", on_delete=models.CASCADE)
    location = models.ForeignKey(
        Location,
        related_name="service_at_locations",
        on_delete=models.CASCADE,
        verbose_name=_("location"),
    )
    description = models.CharField(_("note"), max_length=500, blank=True)

    panels = [FieldPanel("location"), FieldPanel("description")]

    class Meta:
        unique_together = [("service", "location")]
        verbose_name = _("service at location")
        verbose_name_plural = _("services at locations")

    def __str__(self):
        return f"{self.service.name} @ {self.location}"


class ServiceArea(HSDSIdentified):
    service = ParentalKey(Service, related_name="areas", on_delete=models.CASCADE)
    name = models.CharField(
        _("area"), max_length=250, help_text=_("E.g. a city, a region or the whole country.")
    )
    description = models.CharField(_("description"), max_length=500, blank=True)

    panels = [FieldPanel("name"), FieldPanel("description")]

    class Meta:
        verbose_name = _("area served")
        verbose_name_plural = _("areas served")

    def __str__(self):
        return self.name
