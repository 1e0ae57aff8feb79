import datetime

import pytest
from django.core.cache import cache

from network.models import Language, Location, Organisation, Service, TaxonomyTerm


@pytest.fixture(autouse=True)
def _clear_cache():
    # The rate limiter counts in the cache; every test starts with a clean slate.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_site(home):
    return home


@pytest.fixture
def legal_aid(db):
    return TaxonomyTerm.objects.create(
        vocabulary=TaxonomyTerm.CATEGORY, code="juridische-hulp", name="Juridische hulp"
    )


@pytest.fixture
def shelter_term(db):
    return TaxonomyTerm.objects.create(
        vocabulary=TaxonomyTerm.CATEGORY, code="opvang", name="Opvang"
    )


@pytest.fixture
def minors(db):
    return TaxonomyTerm.objects.create(
        vocabulary=TaxonomyTerm.TARGET_GROUP, code="minderjarigen", name="Minderjarigen"
    )


@pytest.fixture
def arabic(db):
    return Language.objects.create(code="ar", name="Arabisch")


@pytest.fixture
def make_organisation(db):
    def make(name, city="Utrecht", province="utrecht", member=True, **kwargs):
        organisation = Organisation.objects.create(
            name=name,
            member_since=datetime.date(2020, 1, 1) if member else None,
            **kwargs,
        )
        Location.objects.create(
            organisation=organisation,
            city=city,
            province=province,
            address_1="Teststraat 1",
            postcode="3511 AA",
            latitude=52.09,
            longitude=5.12,
        )
        return organisation

    return make


@pytest.fixture
def make_service(db):
    def make(organisation, name, categories=(), target_groups=(), languages=(), **kwargs):
        service = Service.objects.create(organisation=organisation, name=name, **kwargs)
        service.categories.set(categories)
        service.target_groups.set(target_groups)
        service.languages.set(languages)
        service.save()  # parental many-to-many relations are written on save
        return service

    return make
