import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_hsds_id() -> str:
    """HSDS 3.0 asks for UUIDs; imported records keep whatever id their source gave them."""
    return str(uuid.uuid4())


class HSDSIdentified(models.Model):
    """A record that travels in HSDS packages. An import matches records by this id, so a
    package read twice (or exported and read back) updates records instead of duplicating them."""

    # The migrations refer to new_hsds_id by its dotted path: it stays a module-level function.
    hsds_id = models.CharField(_("HSDS id"), max_length=250, unique=True, default=new_hsds_id)

    class Meta:
        abstract = True
