"""Validation rules of the network app that more than one way in (forms, the admin, the HSDS
import) must apply alike."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# People write numbers with spaces, dashes, dots and brackets ("(020) 123-45.67"); those carry
# no meaning, so the rule looks only at what is left.
PHONE_SEPARATORS = re.compile(r"[\s\-().]")
PHONE_DIGITS = re.compile(r"\+?\d{3,15}")


def validate_phone_number(value: str) -> str:
    """The number without separators; ValidationError when that is not 3 to 15 digits with an
    optional leading +."""
    digits = PHONE_SEPARATORS.sub("", value or "")
    if not PHONE_DIGITS.fullmatch(digits):
        raise ValidationError(
            _("Enter a phone number of digits, e.g. 020 123 4567 or +31 20 123 4567.")
        )
    return digits
