"""The notices' deliveries as a background task (units.notifications.deliveries)."""

from django_tasks import task

from units.notifications import deliveries


@task()
def send_due() -> dict:
    """Send every delivery that is due (e-mail, Telegram), retrying failed ones later."""
    return deliveries.send_due()
