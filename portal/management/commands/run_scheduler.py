"""Publish and unpublish pages whose scheduled time has come, every minute, and send the saved
searches' e-mail alerts every ten minutes.

Wagtail's `publish_scheduled` does one pass and expects cron to call it, as does `send_alerts`;
the portal's embedded setup and its docker-compose stack have no cron, so this command runs the
passes in a loop (docker service `scheduler`, and beside the dev server in `make run`)."""

import signal
import time

from django.core.management import BaseCommand, call_command
from django.db import close_old_connections


class Command(BaseCommand):
    help = (
        "Run Wagtail's publish_scheduled every --interval seconds and send_alerts every "
        "--alerts-interval seconds (or each once with --once)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="seconds between passes")
        parser.add_argument(
            "--alerts-interval",
            type=int,
            default=600,
            help="seconds between send_alerts passes (0: never)",
        )
        parser.add_argument("--once", action="store_true", help="one pass, then stop")

    def handle(self, *args, interval, alerts_interval, once, **options):
        if interval < 1:
            interval = 1
        self._stopping = False
        if not once:
            signal.signal(signal.SIGTERM, self._stop)
            self.stdout.write(f"scheduler: publishing scheduled pages every {interval} s")
            if alerts_interval > 0:
                self.stdout.write(f"scheduler: sending e-mail alerts every {alerts_interval} s")
        alerts_due_at = time.monotonic()
        while True:
            if not once:
                # A long-running process: drop a connection the database closed meanwhile.
                close_old_connections()
            commands = [("publish_scheduled", {})]
            if alerts_interval > 0 and time.monotonic() >= alerts_due_at:
                commands.append(("send_alerts", {"no_progress": True}))
                alerts_due_at = time.monotonic() + alerts_interval
            for name, arguments in commands:
                try:
                    call_command(name, stdout=self.stdout, **arguments)
                except Exception as error:  # noqa: BLE001 - one failed pass must not end the loop
                    self.stderr.write(f"scheduler: {name} failed: {error}")
                    if once:
                        raise
            if once or self._stopping:
                return
            for _ in range(interval):
                if self._stopping:
                    return
                time.sleep(1)

    def _stop(self, signum, frame):
        self._stopping = True
