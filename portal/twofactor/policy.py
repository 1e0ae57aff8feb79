"""Who must use two-factor authentication, and which devices a user has."""

from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10


def is_required(user) -> bool:
    """Editors and administrators hold the keys to members-only content and to every page; where
    the deployment says so (production by default) a password alone is not enough for them."""
    if not settings.TWO_FACTOR_REQUIRED_FOR_EDITORS or not user.is_authenticated:
        return False
    return user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin")


def has_device(user) -> bool:
    """Asked on every request of a signed-in user who has not given a code, so one query: backup
    codes only ever exist beside an app (made with it, removed with it), so the app alone says
    whether the user has two-factor authentication."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def new_backup_codes(user) -> list[str]:
    """Replace the user's backup codes; the caller shows them once, the database keeps them only
    as the tokens django-otp checks against."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "Backup codes", "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def remove_devices(user) -> int:
    """Switch two-factor authentication off for a user; returns how many devices went."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        devices = model.objects.filter(user=user)
        removed += devices.count()
        devices.delete()
    return removed
