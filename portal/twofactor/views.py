from base64 import b32encode
from binascii import unhexlify

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from portal.redirects import safe_next
from portal.twofactor import policy
from portal.twofactor.forms import CodeForm, SetupForm

# The secret of a setup in progress waits in the session until the app proves it has it, so an
# abandoned setup leaves nothing behind in the database.
PENDING_KEY = "two_factor_pending_key"


def _next_url(request) -> str:
    return safe_next(request, settings.LOGIN_REDIRECT_URL)


def _sign_in_with(request, device) -> None:
    # A new session id for the now fully signed-in user, as at any change of privilege.
    request.session.cycle_key()
    django_otp.login(request, device)


@never_cache
@login_required
def verify(request):
    """The second step of signing in: a code from the app, or a backup code."""
    next_url = _next_url(request)
    if request.user.is_verified() or not policy.has_device(request.user):
        return redirect(next_url)
    form = CodeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        _sign_in_with(request, form.device)
        if isinstance(form.device, StaticDevice):
            left = policy.backup_codes_left(request.user)
            messages.warning(
                request,
                _(
                    "You signed in with a backup code; %(left)s are left. Make new ones under "
                    "two-factor authentication."
                )
                % {"left": left},
            )
        return redirect(next_url)
    return render(request, "portal/twofactor/verify.html", {"form": form, "next": next_url})


def _grouped(text: str, size: int = 4) -> str:
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


@never_cache
@login_required
def manage(request):
    """Set up two-factor authentication, or see its state, make new backup codes, switch it
    off. The middleware has already asked a user who has it for their code."""
    user = request.user
    if policy.has_device(user):
        return render(
            request,
            "portal/twofactor/manage.html",
            {
                "backup_codes_left": policy.backup_codes_left(user),
                "required": policy.is_required(user),
                "disable_form": CodeForm(user),
            },
        )

    key = request.session.get(PENDING_KEY) or default_key()
    request.session[PENDING_KEY] = key
    form = SetupForm(key, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            policy.remove_devices(user)
            device = TOTPDevice.objects.create(
                user=user, name="Authenticator app", key=key, last_t=form.time_step
            )
            codes = policy.new_backup_codes(user)
        del request.session[PENDING_KEY]
        _sign_in_with(request, device)
        return render(
            request,
            "portal/twofactor/backup_codes.html",
            {
                "codes": [_grouped(code) for code in codes],
                "just_enabled": True,
                "continue_url": _next_url(request) if request.POST.get("next") else "",
            },
        )

    unsaved = TOTPDevice(user=user, key=key)
    return render(
        request,
        "portal/twofactor/setup.html",
        {
            "form": form,
            "required": policy.is_required(user),
            "qr_code": segno.make(unsaved.config_url, error="m").svg_data_uri(scale=5, border=2),
            "secret": _grouped(b32encode(unhexlify(key.encode())).decode()),
            "next": _next_url(request) if "next" in request.GET else "",
        },
    )


@never_cache
@login_required
@require_POST
def backup_codes(request):
    if not policy.has_device(request.user):
        return redirect("two_factor")
    codes = policy.new_backup_codes(request.user)
    return render(
        request,
        "portal/twofactor/backup_codes.html",
        {"codes": [_grouped(code) for code in codes], "just_enabled": False, "continue_url": ""},
    )


@never_cache
@login_required
@require_POST
def disable(request):
    user = request.user
    if policy.is_required(user):
        messages.error(request, _("Editors and administrators cannot switch this off."))
        return redirect("two_factor")
    form = CodeForm(user, request.POST)
    if not form.is_valid():
        return render(
            request,
            "portal/twofactor/manage.html",
            {
                "backup_codes_left": policy.backup_codes_left(user),
                "required": False,
                "disable_form": form,
            },
            status=400,
        )
    policy.remove_devices(user)
    messages.success(request, _("Two-factor authentication is off."))
    return redirect(reverse("two_factor"))
