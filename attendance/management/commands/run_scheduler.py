"""The minute scheduler: enqueues the coverage scan (attendance.alerts.tasks.scan_coverage) and the notices' due
deliveries (units.notifications.tasks.send_due) at the start of every minute, and the spoofing signals' scoring
(attendance.integrity.tasks.score_integrity) and the city recap's finished days (attendance.recap.tasks) once a night,
for the task worker
(`manage.py db_worker`) to run. `make run` starts it beside the worker; in production
it runs as its own service (README, "Deploying"). Two schedulers at once only repeat a scan: the scan raises,
escalates and resolves each alert once whatever runs it."""

import datetime as dt
import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from attendance.alerts.tasks import scan_coverage
from attendance.integrity.tasks import SCORE_AT, score_integrity
from attendance.recap.tasks import WARM_AT, warm_city_recap
from units import clock
from units.notifications.tasks import send_due


def next_minute(now: dt.datetime) -> dt.datetime:
    return now.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)


class Command(BaseCommand):
    help = "Enqueue the coverage scan at the start of every minute (--once: enqueue one now and stop)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="enqueue one scan now and stop")
        parser.add_argument(
            "--warm", action="store_true",
            help="also enqueue the city recap's finished days now, not only at night (make run: the demo's first "
                 "visit to /rekap/kota/ reads them)",
        )

    def handle(self, *args, once: bool, warm: bool, verbosity: int, **options):
        if warm:
            warm_city_recap.enqueue()
        while True:
            if not once:
                now = clock.now()
                time.sleep(max(0.0, (next_minute(now) - now).total_seconds()))
            minute = clock.now().replace(second=0, microsecond=0)
            scan_coverage.enqueue(minute.isoformat())
            if timezone.localtime(minute).time() == SCORE_AT:
                score_integrity.enqueue()  # the night's spoofing signals (attendance.integrity)
            if timezone.localtime(minute).time() == WARM_AT:
                warm_city_recap.enqueue()  # the city recap's finished days (attendance.recap.remembered)
            send_due.enqueue()  # retries of notices' deliveries that failed, and those past quiet hours
            if verbosity > 1:
                self.stdout.write(f"scan enqueued for {minute:%Y-%m-%d %H:%M}")
            if once:
                return
