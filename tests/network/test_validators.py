"""One phone rule for the site's forms, the admin and the HSDS import."""

import pytest
from django.core.exceptions import ValidationError

from network.validators import validate_phone_number


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("020 123 4567", "0201234567"),
        ("+31 (0)20-123.45.67", "+310201234567"),
        ("112", "112"),
    ],
)
def test_separators_are_ignored(typed, digits):
    assert validate_phone_number(typed) == digits


@pytest.mark.parametrize("typed", ["", "12", "020 123 abc", "++31201234567", "1" * 16])
def test_numbers_that_are_not_3_to_15_digits_are_refused_in_dutch(typed):
    with pytest.raises(ValidationError) as caught:
        validate_phone_number(typed)
    assert "telefoonnummer" in caught.value.messages[0]
