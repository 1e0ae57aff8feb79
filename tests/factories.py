"""Factories for the tests. Pages are created under the portal's home page."""

import datetime

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.utils.text import slugify

from knowledge.models import ArticleIndexPage, CaseLawIndexPage, CountryIndexPage, ProtocolIndexPage
from portal.models import HomePage


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "geheim-wachtwoord")


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
    The page keeps them in memory (modelcluster); KnowledgePageFactory saves once at the end."""

    def hook(obj, create, extracted, **kwargs):
        if not extracted:
            return False
        if name == "tags":
            obj.tags.add(*extracted)
        else:
            getattr(obj, name).set(extracted)
        return True

    return factory.PostGeneration(hook)


class KnowledgePageFactory(wagtail_factories.PageFactory):
    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create and results and any(results.values()):
            instance.save()


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
