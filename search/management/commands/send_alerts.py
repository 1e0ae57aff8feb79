"""E-mail the users whose saved searches are due what is new for them (search/alerts.py).

Cron-friendly: every run sends only what no earlier run announced, so running it often is safe,
and two runs at the same time split the users between them rather than both sending. The
scheduler (`manage.py run_scheduler`) runs it every ten minutes; the saved searches' frequencies
(direct, daily, weekly) decide which of them are due."""

from django.core.management.base import BaseCommand

from portal.progress import Progress
from search.alerts import send_alerts


class Command(BaseCommand):
    help = "Send the e-mail alerts of the saved searches that are due."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, no_progress, **options):
        progress = None if no_progress else Progress(None, label="alerts", stream=self.stderr._out)
        report = send_alerts(progress)
        if progress:
            progress.finish()
        for error in report.errors:
            self.stderr.write(f"failed: {error}")
        self.stdout.write(f"send_alerts: {report.summary()}")
