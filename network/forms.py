from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db.models import Case, Q, When
from django.utils.translation import gettext_lazy as _

from network.geo import PC4_RE, find_place, nearest_first
from network.models import (
    PROVINCES,
    Expert,
    Language,
    Location,
    Membership,
    MembershipApplication,
    Organisation,
    Question,
    Service,
    TaxonomyTerm,
)
from network.models.directory import normalise_postcode
from network.models.helpdesk import validate_attachment
from network.privacy import ALL_KINDS, CLIENT_KINDS, PrivacyGuardMixin
from network.sanitise import clean_html, clean_text
from network.search_documents import TYPE_EXPERT, TYPE_ORGANISATION
from network.validators import validate_phone_number
from search.registry import ranked_matches


def validate_phone(value: str) -> str:
    """The number as typed (cleaned); the phone field of these forms may be left empty."""
    value = clean_text(value)
    if value:
        validate_phone_number(value)
    return value


DISTANCES_KM = [10, 25, 50]
DEFAULT_DISTANCE_KM = 25


def every_word_in(queryset, text: str | None, *fields: str):
    """Rows in which each of the first eight words of text occurs in one of fields: the fallback
    when the search engine cannot answer."""
    for word in (text or "").split()[:8]:
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(match)
    return queryset


def matching_text(queryset, text: str | None, type_name: str, member: bool, *fields: str):
    """Rows whose search document matches text, best match first, through the portal's search
    (stemming, synonyms, the members rule), so the box finds what the search page finds.
    Without an answer from the search engine, every word must occur in one of `fields`."""
    if not (text or "").strip():
        return queryset
    ranked = ranked_matches(type_name, text, member=member)
    if ranked is None:
        return every_word_in(queryset, text, *fields)
    pks = [int(doc_id.rsplit(":", 1)[1]) for doc_id in ranked]
    order = Case(*(When(pk=pk, then=position) for position, pk in enumerate(pks)))
    return queryset.filter(pk__in=pks).order_by(order, "pk")


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    province = forms.ChoiceField(label=_("Province"), required=False)
    city = forms.CharField(label=_("City"), required=False, max_length=120)
    category = forms.ChoiceField(label=_("Service category"), required=False)
    target_group = forms.ChoiceField(label=_("Target group"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    member = forms.BooleanField(label=_("Members of the network only"), required=False)
    near = forms.CharField(
        label=_("Near (place or postcode)"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    radius = forms.TypedChoiceField(
        label=_("Within"),
        required=False,
        coerce=int,
        choices=[(km, f"{km} km") for km in DISTANCES_KM],
        initial=DEFAULT_DISTANCE_KM,
    )

    def __init__(self, *args, member: bool = False, **kwargs):
        # Whether the visitor may see every organisation's address: a postcode is placed by the
        # directory's own addresses, and distances are measured from what the visitor may see.
        self.member = member
        super().__init__(*args, **kwargs)
        if self.is_bound and not self.data.get("radius"):
            # The select shows the distance the filter uses when none was chosen.
            self.data = self.data.copy()
            self.data["radius"] = str(DEFAULT_DISTANCE_KM)
        anything = [("", _("All"))]
        self.fields["province"].choices = anything + PROVINCES
        terms = TaxonomyTerm.objects.all()
        self.fields["category"].choices = anything + [
            (t.code, t.name) for t in terms if t.vocabulary == TaxonomyTerm.CATEGORY
        ]
        self.fields["target_group"].choices = anything + [
            (t.code, t.name) for t in terms if t.vocabulary == TaxonomyTerm.TARGET_GROUP
        ]
        self.fields["language"].choices = anything + [
            (lang.code, lang.name) for lang in Language.objects.all()
        ]

    def clean_near(self):
        text = " ".join(self.cleaned_data.get("near", "").split())
        if not text:
            return None
        place = find_place(text, self.member)
        if place is None:
            if PC4_RE.match(text):
                message = _(
                    "We cannot place the postcode %(text)s: no address in the directory has it. "
                    "Try the name of the town or village."
                )
            else:
                message = _(
                    "We do not know a Dutch place called “%(text)s”. Check the "
                    "spelling, or try a nearby town or a postcode."
                )
            raise forms.ValidationError(message, code="unknown_place", params={"text": text})
        return place

    def values(self) -> dict:
        """The valid filters only: an invalid value (an unknown province, say) is dropped and
        the other filters still apply."""
        if not self.is_bound:
            return {}
        self.is_valid()
        values = {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}
        if "near" in values:
            values["radius"] = values.get("radius") or DEFAULT_DISTANCE_KM
        else:
            values.pop("radius", None)  # a distance from nowhere filters nothing
        return values

    def apply(self, organisations, values: dict, member: bool = False):
        organisations = organisations.order_by("name")
        organisations = matching_text(
            organisations,
            values.get("q"),
            TYPE_ORGANISATION,
            member,
            "name",
            "alternate_name",
            "description",
            "locations__city",
            "services__name",
            "services__description",
        )
        # Related rows through subqueries: a join would repeat an organisation per matching
        # location or service and need DISTINCT, which the relevance order does not survive.
        if values.get("province"):
            organisations = organisations.filter(
                pk__in=Location.objects.filter(province=values["province"]).values("organisation")
            )
        if values.get("city"):
            organisations = organisations.filter(
                pk__in=Location.objects.filter(city__iexact=values["city"].strip()).values(
                    "organisation"
                )
            )
        service_filters = {}
        if values.get("category"):
            service_filters["categories__code"] = values["category"]
        if values.get("target_group"):
            service_filters["target_groups__code"] = values["target_group"]
        if values.get("language"):
            service_filters["languages__code"] = values["language"]
        if service_filters:
            services = Service.objects.active().filter(**service_filters)
            organisations = organisations.filter(pk__in=services.values("organisation"))
        if values.get("member"):
            organisations = organisations.network_members()
        if values.get("near"):
            # A list, nearest first, each with its distance_km.
            return nearest_first(organisations, values["near"], values["radius"], member)
        return organisations


class ApplicationForm(PrivacyGuardMixin, forms.ModelForm):
    # The motivation tells what the organisation does, often by way of cases; the applicant's
    # own phone and address in it are fine, a client's identity is not.
    privacy_fields = {"motivation": CLIENT_KINDS}

    website = forms.URLField(
        label=_("website"), required=False, max_length=500, assume_scheme="https"
    )
    # A field people never see; bots that fill every field reveal themselves.
    website_url = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = MembershipApplication
        fields = [
            "organisation_name",
            "organisation_type",
            "city",
            "website",
            "contact_name",
            "email",
            "phone",
            "motivation",
        ]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "motivation": _(
                "What does your organisation do for undocumented people? (max. 3000 characters)"
            ),
        }

    def clean_organisation_name(self):
        return clean_text(self.cleaned_data["organisation_name"])

    def clean_city(self):
        return clean_text(self.cleaned_data["city"])

    def clean_contact_name(self):
        return clean_text(self.cleaned_data["contact_name"])

    def clean_phone(self):
        return validate_phone(self.cleaned_data.get("phone", ""))

    def clean_motivation(self):
        return clean_text(self.cleaned_data["motivation"])

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class ApplicationDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve and invite")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    organisation = forms.ModelChoiceField(
        label=_("Link to an existing organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_("Leave empty to create a new organisation from the application."),
    )
    note = forms.CharField(
        label=_("Note to the applicant"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_note(self):
        return clean_text(self.cleaned_data["note"])


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of your colleague"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (Membership.MEMBER, _("Member")),
            (Membership.EDITOR, _("Editor")),
            (Membership.ORG_ADMIN, _("Organisation admin")),
        ],
        initial=Membership.MEMBER,
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_first_name(self):
        return clean_text(self.cleaned_data["first_name"])

    def clean_last_name(self):
        return clean_text(self.cleaned_data["last_name"])

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            try:
                password_validation.validate_password(p1, self.user)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class OrganisationEditForm(PrivacyGuardMixin, forms.ModelForm):
    """What a member may change in their organisation's entry."""

    # An organisation publishes its own helpline, e-mail address and donation account in its
    # description; only what identifies a client is refused there.
    privacy_fields = {"description": CLIENT_KINDS}
    privacy_html_fields = frozenset({"description"})

    phone = forms.CharField(label=_("Phone number"), required=False, max_length=40)
    website = forms.URLField(
        label=_("website"), required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = Organisation
        fields = ["name", "alternate_name", "description", "website", "email", "contact_visibility"]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first_phone = self.instance.phones.first() if self.instance.pk else None
        self.fields["phone"].initial = first_phone.number if first_phone else ""

    def clean_name(self):
        return clean_text(self.cleaned_data["name"])

    def clean_alternate_name(self):
        return clean_text(self.cleaned_data["alternate_name"])

    def clean_description(self):
        return clean_html(self.cleaned_data["description"])

    def clean_phone(self):
        return validate_phone(self.cleaned_data.get("phone", ""))


class LocationAddressForm(forms.ModelForm):
    """The address of one of the organisation's locations, as a member may change it."""

    class Meta:
        model = Location
        fields = ["address_1", "postcode", "city", "province", "opening_hours"]
        help_texts = {"postcode": _("For example 1234 AB.")}
        widgets = {"opening_hours": forms.Textarea(attrs={"rows": 3})}

    def clean_opening_hours(self):
        return clean_text(self.cleaned_data["opening_hours"])

    def clean_address_1(self):
        return clean_text(self.cleaned_data["address_1"])

    def clean_city(self):
        return clean_text(self.cleaned_data["city"])

    def clean_postcode(self):
        value = clean_text(self.cleaned_data["postcode"])
        if value and (self.instance.country or "NL").upper() == "NL":
            value = normalise_postcode(value)  # "1234ab" -> "1234 AB", or a clear error
        return value


def location_address_formset(organisation, data=None):
    """One address form per location of the organisation. Locations are not removed here; an
    organisation without any location gets one empty form, to add its address."""
    has_locations = organisation.pk and Location.objects.filter(organisation=organisation).exists()
    formset_class = forms.inlineformset_factory(
        Organisation,
        Location,
        form=LocationAddressForm,
        fields=LocationAddressForm.Meta.fields,
        extra=0 if has_locations else 1,
        can_delete=False,
    )
    return formset_class(data, instance=organisation, prefix="locations")


class ExpertQuestionForm(PrivacyGuardMixin, forms.Form):
    # A question about a situation needs no way to reach or identify the client; the answer
    # comes to the sender's own address, so contact details are refused too.
    privacy_fields = {"subject": ALL_KINDS, "message": ALL_KINDS}

    subject = forms.CharField(label=_("Subject"), max_length=150)
    message = forms.CharField(
        label=_("Your question"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Never include names, V-numbers or other details of clients. (max. 5000 characters)"
        ),
    )

    def clean_subject(self):
        return clean_text(self.cleaned_data["subject"])

    def clean_message(self):
        return clean_text(self.cleaned_data["message"])


def _country_choices():
    from network.models.experts import country_choices

    return country_choices()


class ExpertFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from network.models import ExpertCountry

        anything = [("", _("All"))]
        # The topics are the knowledge base's; only those some expert has are worth offering.
        topics = Expert._meta.get_field("topics").related_model.objects.filter(
            experts__isnull=False
        )
        self.fields["topic"].choices = anything + [
            (t.slug, t.name) for t in topics.distinct().order_by("name")
        ]
        used = set(ExpertCountry.objects.values_list("code", flat=True))
        self.fields["country"].choices = anything + [
            (code, name) for code, name in _country_choices() if code in used
        ]
        spoken = Language.objects.filter(experts__isnull=False).distinct()
        self.fields["language"].choices = anything + [(lang.code, lang.name) for lang in spoken]

    def values(self) -> dict:
        """The filters, when every one is valid; an invalid form filters nothing."""
        if not (self.is_bound and self.is_valid()):
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}

    def apply(self, experts, values: dict):
        # Expert profiles are for members only: whoever gets this far is one.
        experts = matching_text(
            experts,
            values.get("q"),
            TYPE_EXPERT,
            True,
            "display_name",
            "expertise",
            "job_title",
            "organisation__name",
            "topics__name",
        )
        if values.get("topic"):
            experts = experts.filter(topics__slug=values["topic"])
        if values.get("country"):
            experts = experts.filter(countries__code=values["country"])
        if values.get("language"):
            experts = experts.filter(languages__code=values["language"])
        return experts


class ExpertProfileForm(PrivacyGuardMixin, forms.ModelForm):
    # Experts describe what they know, sometimes by way of cases; their own contact details
    # are theirs to give.
    privacy_fields = {"expertise": CLIENT_KINDS}

    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        required=False,
        choices=_country_choices,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Countries of origin you know a lot about."),
    )

    class Meta:
        model = Expert
        fields = ["display_name", "job_title", "expertise", "topics", "languages", "is_available"]
        widgets = {
            "expertise": forms.Textarea(attrs={"rows": 6}),
            "topics": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
        }


class QuestionForm(PrivacyGuardMixin, forms.ModelForm):
    """A member's question to the helpdesk. The portal keeps no client files: the question
    describes a situation, never whom it is about."""

    privacy_fields = {"subject": ALL_KINDS, "text": ALL_KINDS}

    class Meta:
        model = Question
        fields = ["subject", "topic", "country", "text", "attachment"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}
        help_texts = {
            "text": _(
                "Describe the situation without names, V-numbers, BSNs, dates of birth or "
                "contact details of the person concerned."
            ),
            "attachment": _(
                "Optional: a PDF, DOCX or ODT file of at most 10 MB, such as a decision with "
                "personal data blacked out. Only you and the helpdesk can open it."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = self.fields["topic"].queryset.order_by("name")
        self.fields["country"].choices = [("", _("No particular country"))] + [
            choice for choice in self.fields["country"].choices if choice[0]
        ]
        self.fields["attachment"].validators.append(validate_attachment)

    def clean_subject(self):
        return clean_text(self.cleaned_data["subject"])

    def clean_text(self):
        return clean_text(self.cleaned_data["text"])


class QuestionReplyForm(PrivacyGuardMixin, forms.Form):
    privacy_fields = {"text": ALL_KINDS}

    text = forms.CharField(
        label=_("Your reaction"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def clean_text(self):
        return clean_text(self.cleaned_data["text"])
