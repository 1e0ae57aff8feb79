"""The knowledge centre's editors write FAQ items from answered questions and read the
membership log ("an audit log that editors can read", issue 13); coordinators read the log too
(their group is otherwise only filled when it is first created, network/membership.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = (
    "add_faqitem",
    "change_faqitem",
    "delete_faqitem",
    "view_faqitem",
    "view_membershiplogentry",
)
GRANTS = {
    "Editors": EDITORS,
    "Moderators": EDITORS,
    "Netwerkcoördinatoren": ("view_membershiplogentry",),
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; these are needed now.
    app_config = apps.get_app_config("network")
    app_config.models_module = True  # the migration state's stub lacks it
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        permissions = Permission.objects.filter(
            content_type__app_label="network", codename__in=codenames
        )
        for group in Group.objects.filter(name=name):
            group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        permissions = Permission.objects.filter(
            content_type__app_label="network", codename__in=codenames
        )
        for group in Group.objects.filter(name=name):
            group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0008_faq_and_membership_log"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
