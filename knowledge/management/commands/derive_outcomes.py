from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Revision

from knowledge.models import CaseLawPage
from knowledge.rechtspraak.outcome import derive_outcome
from portal.cache import content_changed
from portal.progress import Progress


class Command(BaseCommand):
    help = (
        "Read the outcome of rulings that have none from their decision ('verklaart het beroep "
        "gegrond', 'wijst het verzoek af' ...). An outcome an editor chose is never changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be filled, change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        rulings = CaseLawPage.objects.filter(outcome="").exclude(full_text="")
        total = rulings.count()
        found: dict[str, int] = {}
        unknown = 0
        progress = Progress(total, label="rulings", stream=self.stderr._out)
        for pk, full_text, revision_id in rulings.values_list(
            "pk", "full_text", "latest_revision_id"
        ).iterator(chunk_size=200):
            outcome = derive_outcome(full_text)
            if not outcome:
                unknown += 1
            else:
                found[outcome] = found.get(outcome, 0) + 1
                if not dry_run:
                    self._store(pk, revision_id, outcome)
            progress.advance()
        progress.finish()
        if found and not dry_run:
            content_changed()
        filled = ", ".join(f"{name} {n}" for name, n in sorted(found.items())) or "none"
        prefix = "would fill" if dry_run else "filled"
        self.stdout.write(f"outcomes: {prefix} {sum(found.values())} ({filled}), unknown {unknown}")

    @staticmethod
    @transaction.atomic
    def _store(pk: int, revision_id: int | None, outcome: str) -> None:
        # Only where the outcome is still empty (an editor may have set one meanwhile), and in
        # the latest revision too, so the next edit in the admin does not clear it again.
        if not CaseLawPage.objects.filter(pk=pk, outcome="").update(outcome=outcome):
            return
        revision = Revision.objects.filter(pk=revision_id).first() if revision_id else None
        if revision is not None and not revision.content.get("outcome"):
            revision.content["outcome"] = outcome
            revision.save(update_fields=["content"])
