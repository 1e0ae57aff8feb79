import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Make sure the 'admin' superuser exists. Its password comes from ADMIN_PASSWORD, or is "
        "generated and printed once; an existing account keeps its password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--url", default="http://127.0.0.1:8000")

    def handle(self, *args, username, url, **options):
        User = get_user_model()
        login_at = f"{url.rstrip('/')}/beheer/"
        user = User.objects.filter(username=username).first()
        if user is not None:
            if os.environ.get("ADMIN_PASSWORD"):
                user.set_password(os.environ["ADMIN_PASSWORD"])
                user.save(update_fields=["password"])
                self.stdout.write(f"Log in at {login_at} as '{username}' with ADMIN_PASSWORD.")
            else:
                self.stdout.write(
                    f"Log in at {login_at} as '{username}' with the password printed when the "
                    "account was created (or set ADMIN_PASSWORD and run again to change it)."
                )
            return
        password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser(
            username=username, email="admin@example.org", password=password
        )
        shown = "ADMIN_PASSWORD" if os.environ.get("ADMIN_PASSWORD") else f"password: {password}"
        self.stdout.write(
            self.style.SUCCESS(f"Created '{username}'. Log in at {login_at} ({shown}).")
        )
        if not os.environ.get("ADMIN_PASSWORD"):
            self.stdout.write("This password is shown only once; write it down.")
