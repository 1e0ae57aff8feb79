"""A member account for trying the members-only side of the portal (`make run` creates it)."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from network.models import Membership, Organisation
from portal.access import is_member
from search.registry import save_search

DEMO_SEARCH_NAME = "Medische noodsituatie"


class Command(BaseCommand):
    help = (
        "Make sure a demo member exists: a user with an active membership of the first active "
        "organisation, so in the members group. Its password comes from MEMBER_PASSWORD, or is "
        "generated and printed once; an existing account keeps its password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="lid")
        parser.add_argument("--url", default="http://127.0.0.1:8000")

    def handle(self, *args, username, url, **options):
        login_at = f"{url.rstrip('/')}/inloggen/"
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is not None:
            state = "a member" if is_member(user) else "not a member (any more)"
            self.stdout.write(
                f"Demo member: log in at {login_at} as '{username}' ({state}) with the password "
                "printed when the account was created."
            )
            self.ensure_saved_search(user)
            return
        organisation = Organisation.objects.filter(is_active=True).order_by("name").first()
        if organisation is None:
            self.stdout.write("No active organisation to attach a demo member to; none created.")
            return
        password = os.environ.get("MEMBER_PASSWORD") or secrets.token_urlsafe(12)
        user = User.objects.create_user(
            username=username, email=f"{username}@example.org", password=password
        )
        # Saving the membership puts the user in the members group (network.signals).
        Membership.objects.create(user=user, organisation=organisation, role=Membership.MEMBER)
        self.ensure_saved_search(user)
        shown = "MEMBER_PASSWORD" if os.environ.get("MEMBER_PASSWORD") else f"password: {password}"
        self.stdout.write(
            self.style.SUCCESS(
                f"Created demo member '{username}' ({organisation.name}). "
                f"Log in at {login_at} ({shown}) to see the members-only pages."
            )
        )

    @staticmethod
    def ensure_saved_search(user):
        # Shows "Mijn zoekopdrachten" with something in it; the alerts go to the console.
        save_search(user, DEMO_SEARCH_NAME, {"q": "medische noodsituatie"}, frequency="daily")
