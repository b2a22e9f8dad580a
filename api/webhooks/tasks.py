"""Webhook deliveries on the task runner: enqueued when an event is recorded or replayed, and again for the next
retry (with `run_after`, where the backend can defer: the database backend of `make serve` and `make run`)."""

import datetime as dt

from django_tasks import task
from django_tasks.exceptions import InvalidTaskError

from api.webhooks import deliveries


@task()
def send_webhooks() -> dict:
    """Send every due delivery; when some wait for a retry, run again when the first of them is due."""
    counts = deliveries.send_due()
    if counts["next"]:
        try:
            send_webhooks.using(run_after=dt.datetime.fromisoformat(counts["next"])).enqueue()
        except InvalidTaskError:  # a backend that cannot defer (the tests' immediate one)
            pass
    return counts
