import datetime as dt
import time

from django.core.management.base import BaseCommand

from attendance.evaluation.bulk import local
from attendance.presence import kept
from units import clock


class Command(BaseCommand):
    help = (
        "Rebuild today's kept presence (the per-person rows the coverage counts read) from a full evaluation "
        "of every active person; the minute task does it by itself at the start of each day."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        now = clock.now()
        rows = kept.build(now=now)
        seconds = time.monotonic() - started
        day: dt.date = local(now).date()
        self.stdout.write(f"Kept presence of {day}: {rows} people in {seconds:.2f} s.")
