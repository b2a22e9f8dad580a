from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from attendance.privacy import personal_data
from policy import audit
from policy.models import AuditEvent
from units import clock


class Command(BaseCommand):
    help = (
        "Clear check-in coordinates, delete check-in face photos and request and correction attachments "
        "older than PERSONAL_DATA_RETENTION_DAYS (run daily; safe to repeat)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only count what would be purged")
        parser.add_argument(
            "--actor",
            help="username recorded in the audit trail (default: the first superuser)",
        )

    def handle(self, *args, dry_run, actor, **options):
        before = personal_data.cutoff(clock.today())
        days = settings.PERSONAL_DATA_RETENTION_DAYS
        self.stdout.write(f"Retention {days} days: records dated before {before:%Y-%m-%d}.")
        pending = personal_data.due(before)
        if dry_run:
            self.stdout.write("Would purge (dry run, nothing changed):")
            self._counts(pending)
            return
        if pending.total == 0:
            self.stdout.write("Nothing to purge.")
            return
        user = self._actor(actor)
        done = personal_data.purge(before)
        audit.record(
            user,
            AuditEvent.Action.DATA_PURGED,
            note=f"Retensi {days} hari: data sebelum {before:%Y-%m-%d}",
            cutoff=before.isoformat(),
            retention_days=days,
            coordinates=done.coordinates,
            letters=done.letters,
            correction_files=done.correction_files,
            photos=done.photos,
            stray_photos=done.stray_photos,
        )
        self.stdout.write("Purged:")
        self._counts(done)

    def _counts(self, purge):
        self.stdout.write(f"  check-ins with coordinates cleared: {purge.coordinates}")
        self.stdout.write(f"  request letters deleted: {purge.letters}")
        self.stdout.write(f"  correction attachments deleted: {purge.correction_files}")
        self.stdout.write(f"  check-in face photos deleted: {purge.photos}")
        self.stdout.write(f"  photo files without a check-in deleted: {purge.stray_photos}")

    def _actor(self, username):
        """The user the audit trail names: --actor, else the first active superuser."""
        users = get_user_model().objects.filter(is_active=True)
        if username:
            user = users.filter(username=username).first()
        else:
            user = users.filter(is_superuser=True).order_by("pk").first()
        if user is None:
            raise CommandError(
                "No user to record in the audit trail: pass --actor <username> or create a superuser."
            )
        return user
