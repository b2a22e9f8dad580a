"""The coverage scan as a background task, enqueued every minute by `manage.py run_scheduler`."""

import dataclasses
import datetime as dt

from django_tasks import task

from attendance.alerts import reminders, scan
from attendance.presence import kept as presence
from units import clock

# A scan enqueued longer ago than this is skipped: a worker that was down does not replay a backlog of minutes
# (each would only repeat the latest one's work).
STALE = dt.timedelta(minutes=2)


@task()
def scan_coverage(minute: str) -> dict:
    """Scan every frontline unit now and remind staff of what is due, for the minute the scheduler enqueued
    (`minute`, ISO 8601); skipped when that minute is stale. The day's kept presence (attendance.presence.kept)
    is built first when it is not (the first minute of the day, or after a change of the reference tables)."""
    now = clock.now()
    if now - dt.datetime.fromisoformat(minute) > STALE:
        return {"skipped": minute}
    built = presence.ensure(now)
    return {**dataclasses.asdict(scan.scan(now)), "reminders": reminders.remind(now), "presence_built": built}
