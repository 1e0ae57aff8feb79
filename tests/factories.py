"""Factories for the tests. Pages are created under the portal's home page."""

import datetime

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from knowledge.models import ArticleIndexPage, CaseLawIndexPage, CountryIndexPage, ProtocolIndexPage
from portal.models import HomePage


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a usable password (``password=...``, "geheim-wachtwoord" unless given)."""

    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = "geheim-wachtwoord"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, **kwargs)


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "ENO Kennisportaal"


class CountryIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CountryIndexPage

    title = "Landeninformatie"
    show_in_menus = True


class CaseLawIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CaseLawIndexPage

    title = "Jurisprudentie"
    show_in_menus = True


class ProtocolIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProtocolIndexPage

    title = "Protocollen"
    show_in_menus = True


class ArticleIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticleIndexPage

    title = "Artikelen"
    show_in_menus = True


# Knowledge base: snippets and the page types that live under the section pages above.
# Pages are created live but not published through a revision; tests that need what publishing
# triggers (citations) call ``page.save_revision().publish()`` or use the importer.


def _set_relation(name):
    """Post-generation hook for many-to-many fields and tags: ``topics=[...]``, ``tags=[...]``.
    The object keeps them in memory (modelcluster); SaveOnceAfterRelations saves once at the end."""

    def hook(obj, create, extracted, **kwargs):
        if not extracted:
            return False
        if name == "tags":
            obj.tags.add(*extracted)
        else:
            getattr(obj, name).set(extracted)
        return True

    return factory.PostGeneration(hook)


class SaveOnceAfterRelations:
    """Saves the object once more when a post-generation hook changed it (``_set_relation``)."""

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create and results and any(results.values()):
            instance.save()


class KnowledgePageFactory(SaveOnceAfterRelations, wagtail_factories.PageFactory):
    class Meta:
        abstract = True
        skip_postgeneration_save = True


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "knowledge.Topic"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Onderwerp {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class LegalAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "knowledge.LegalArea"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Rechtsgebied {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "knowledge.GlossaryTerm"
        django_get_or_create = ("slug",)

    term = factory.Sequence(lambda n: f"Begrip {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.term))
    definition = factory.LazyAttribute(lambda o: f"<p>Uitleg van {o.term}.</p>")


class CountryPageFactory(KnowledgePageFactory):
    class Meta:
        model = "knowledge.CountryPage"

    iso_code = "SY"
    name_nl = "Syrië"
    name_en = "Syria"
    title = factory.LazyAttribute(lambda o: o.name_nl)
    slug = factory.LazyAttribute(lambda o: slugify(o.name_nl) or o.iso_code.lower())

    topics = _set_relation("topics")
    tags = _set_relation("tags")


class CaseLawPageFactory(KnowledgePageFactory):
    class Meta:
        model = "knowledge.CaseLawPage"

    ecli = factory.Sequence(lambda n: f"ECLI:NL:RBDHA:2020:{1000 + n}")
    court = "Rechtbank Den Haag"
    court_code = factory.LazyAttribute(lambda o: o.ecli.split(":")[2])
    decision_date = datetime.date(2020, 6, 1)
    publication_date = factory.LazyAttribute(lambda o: o.decision_date)
    summary = "<p>Beroep tegen de afwijzing van een aanvraag.</p>"
    title = factory.LazyAttribute(lambda o: f"{o.court} {o.decision_date:%d-%m-%Y}, {o.ecli}")
    slug = factory.LazyAttribute(lambda o: slugify(o.ecli.replace(":", "-")))

    legal_areas = _set_relation("legal_areas")
    topics = _set_relation("topics")
    countries = _set_relation("countries")
    tags = _set_relation("tags")


class ProtocolPageFactory(KnowledgePageFactory):
    class Meta:
        model = "knowledge.ProtocolPage"

    title = factory.Sequence(lambda n: f"Werkinstructie {n}")
    intro = "Zo pakt u het stap voor stap aan."

    topics = _set_relation("topics")
    tags = _set_relation("tags")


class ArticlePageFactory(KnowledgePageFactory):
    class Meta:
        model = "knowledge.ArticlePage"

    title = factory.Sequence(lambda n: f"Artikel {n}")
    date = datetime.date(2024, 5, 1)
    intro = "Wat het kenniscentrum hierover weet."

    topics = _set_relation("topics")
    tags = _set_relation("tags")


# Network: the directory, memberships, experts and events. Organisations are network members
# since 2020 and get one location in Utrecht, unless a test says otherwise
# (``OrganisationFactory(location__city="Groningen")``, ``location=None`` for none at all).


class TaxonomyTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "network.TaxonomyTerm"
        django_get_or_create = ("vocabulary", "code")

    vocabulary = "category"
    name = factory.Sequence(lambda n: f"Categorie {n}")
    code = factory.LazyAttribute(lambda o: slugify(o.name))


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "network.Language"
        django_get_or_create = ("code",)

    code = "ar"
    name = "Arabisch"


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "network.Location"

    organisation = factory.SubFactory("tests.factories.OrganisationFactory", location=None)
    city = "Utrecht"
    province = "utrecht"
    address_1 = "Teststraat 1"
    postcode = "3511 AA"
    latitude = 52.09
    longitude = 5.12


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "network.Organisation"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Steunpunt {n}")
    member_since = datetime.date(2020, 1, 1)
    location = factory.RelatedFactory(LocationFactory, factory_related_name="organisation")


class ServiceFactory(SaveOnceAfterRelations, factory.django.DjangoModelFactory):
    """``categories=[...]``, ``target_groups=[...]``, ``languages=[...]`` set the parental
    many-to-many relations, which are written when the service is saved again."""

    class Meta:
        model = "network.Service"
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Dienst {n}")

    categories = _set_relation("categories")
    target_groups = _set_relation("target_groups")
    languages = _set_relation("languages")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "network.Contact"

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Contactpersoon {n}")


class PhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "network.Phone"

    organisation = factory.SubFactory(OrganisationFactory)
    number = "030 000 0000"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "network.Membership"

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "member"


class ExpertFactory(SaveOnceAfterRelations, factory.django.DjangoModelFactory):
    """An expert profile; ``topics=[...]``, ``languages=[...]`` and ``countries=["IT"]``
    (country codes) fill in the rest. The user is not a member unless a membership says so."""

    class Meta:
        model = "network.Expert"
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    display_name = factory.Sequence(lambda n: f"Expert {n}")
    expertise = "Vreemdelingenrecht"

    topics = _set_relation("topics")
    languages = _set_relation("languages")

    @factory.post_generation
    def countries(obj, create, extracted, **kwargs):
        if not extracted:
            return False
        from network.models import ExpertCountry

        obj.countries.set([ExpertCountry(code=code) for code in extracted])
        return True


class EventFactory(factory.django.DjangoModelFactory):
    """A public event of three hours, ``days`` days from now (negative: in the past)."""

    class Meta:
        model = "network.Event"

    class Params:
        days = 10
        hours = 3

    title = factory.Sequence(lambda n: f"Bijeenkomst {n}")
    kind = "training"
    description = "<p>Situatie in het land van herkomst.</p>"
    start = factory.LazyAttribute(
        lambda o: timezone.now().replace(microsecond=0) + datetime.timedelta(days=o.days)
    )
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=o.hours))
