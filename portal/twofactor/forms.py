import re
from binascii import unhexlify

import django_otp
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

# What authenticator apps show: six digits. Backup codes are letters and digits, so a code's
# shape says which device to ask, and a mistyped app code never counts against the backup codes.
APP_CODE = re.compile(r"\d{6}")


def _code_field():
    return forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )


def _normalise(code: str) -> str:
    # People copy codes with the spaces or dashes they were shown with.
    return re.sub(r"[\s-]+", "", code).lower()


class CodeForm(forms.Form):
    """A code from the authenticator app or one of the backup codes of the given user."""

    code = _code_field()

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_code(self):
        return _normalise(self.cleaned_data["code"])

    def clean(self):
        code = self.cleaned_data.get("code")
        if not code:
            return self.cleaned_data
        model = TOTPDevice if APP_CODE.fullmatch(code) else StaticDevice
        for device in model.objects.devices_for_user(self.user, confirmed=True):
            allowed, info = device.verify_is_allowed()
            if not allowed:
                wait = (info or {}).get("locked_until")
                seconds = max(1, int((wait - timezone.now()).total_seconds())) if wait else 1
                raise forms.ValidationError(
                    _("Too many wrong codes. Wait %(seconds)s seconds and try again."),
                    code="throttled",
                    params={"seconds": seconds},
                )
            # django-otp locks the device row while it checks, so two requests cannot both
            # spend the same code.
            verified = django_otp.verify_token(self.user, device.persistent_id, code)
            if verified is not None:
                self.device = verified
                return self.cleaned_data
        raise forms.ValidationError(
            _("This code is not right. Enter the code your app shows now, or a backup code."),
            code="invalid",
        )


class SetupForm(forms.Form):
    """Proves that the authenticator app holds the new secret before it is switched on."""

    code = _code_field()

    def __init__(self, key: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.key = key
        self.time_step = None

    def clean_code(self):
        code = _normalise(self.cleaned_data["code"])
        totp = TOTP(unhexlify(self.key.encode()))
        # One step either way allows for a phone clock that is a little off.
        if not APP_CODE.fullmatch(code) or not totp.verify(int(code), tolerance=1):
            raise forms.ValidationError(
                _("This code is not right. Enter the six digits your app shows now."),
                code="invalid",
            )
        self.time_step = totp.t()
        return code
