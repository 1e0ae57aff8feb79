"""PlainSelect renders what Django's Select renders, without a template per option."""

import pytest
from django import forms

from portal.widgets import PlainSelect

CHOICES = [("", "alle"), ("SY", "Syrië"), ("IT", "Italië"), ("<x>", 'a "b" & <c>')]


def normalised(html: str) -> str:
    return " ".join(html.split()).replace('selected=""', "selected").replace("> <", "><")


@pytest.mark.parametrize("value", [None, "", "IT", "<x>", "onbekend"])
def test_same_markup_as_djangos_select(value):
    attrs = {"id": "id_country", "class": "wide"}
    ours = PlainSelect(choices=CHOICES).render("country", value, attrs)
    django = forms.Select(choices=CHOICES).render("country", value, attrs)
    assert normalised(ours) == normalised(django)
