"""Free values for unique fields: the first free of base, base-2, base-3 ..., always fitting."""

import pytest
from django.contrib.auth.models import Group

from portal.slugs import unique_value


@pytest.mark.django_db
def test_a_free_base_is_kept_and_taken_ones_get_the_next_number():
    assert unique_value(Group.objects.all(), "name", "opvang") == "opvang"
    Group.objects.create(name="opvang")
    assert unique_value(Group.objects.all(), "name", "opvang") == "opvang-2"
    Group.objects.create(name="opvang-2")
    assert unique_value(Group.objects.all(), "name", "opvang") == "opvang-3"


@pytest.mark.django_db
def test_a_suffix_shortens_the_base_instead_of_overflowing():
    base = "x" * 10
    Group.objects.create(name=base)
    value = unique_value(Group.objects.all(), "name", base, max_length=10)
    assert value == "x" * 8 + "-2"


@pytest.mark.django_db
def test_iexact_treats_case_as_taken():
    Group.objects.create(name="Jansen")
    assert unique_value(Group.objects.all(), "name", "jansen") == "jansen"
    assert unique_value(Group.objects.all(), "name", "jansen", iexact=True) == "jansen-2"
