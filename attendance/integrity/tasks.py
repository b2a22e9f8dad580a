"""The nightly scoring as a background task, enqueued by `manage.py run_scheduler` at SCORE_AT."""

import dataclasses
import datetime as dt

from django_tasks import task

from attendance.integrity import scoring

SCORE_AT = dt.time(1, 30)  # Asia/Jakarta: after the day's check-outs, before anyone checks in


@task()
def score_integrity() -> dict:
    return dataclasses.asdict(scoring.score())
