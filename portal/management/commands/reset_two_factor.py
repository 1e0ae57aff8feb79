from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portal.twofactor import policy


class Command(BaseCommand):
    help = (
        "Switch two-factor authentication off for a user who lost both their phone and their "
        "backup codes; they set it up again when they next sign in (required for editors)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist as exc:
            raise CommandError(f"No user {username!r}.") from exc
        removed = policy.remove_devices(user)
        if not removed:
            self.stdout.write(f"{username} has no two-factor authentication; nothing changed.")
            return
        then = (
            "must set it up again at the next sign-in"
            if policy.is_required(user)
            else "can set it up again"
        )
        self.stdout.write(
            f"Two-factor authentication switched off for {username} "
            f"({removed} device(s) removed); they {then}."
        )
