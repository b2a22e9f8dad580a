"""Register a client system of the API and print its key once (docs/api.md). `--demo` (DEBUG only, run by
`make run`): the demo's whole-city client with a known key, made once and kept."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from api.clients import keys
from api.models import ApiClient, ApiKey
from units.models import Unit

DEMO_NAME = "Demo E-Kinerja & penggajian"
DEMO_KEY = keys.DEMO_KEY


class Command(BaseCommand):
    help = "Register an API client (name, contact, units, scopes) and print its key once; --demo: the demo's client."

    def add_arguments(self, parser):
        parser.add_argument("--name", default="")
        parser.add_argument("--contact", default="")
        parser.add_argument("--unit", action="append", default=[], help="a unit code it may see (repeatable)")
        parser.add_argument("--whole-city", action="store_true", help="it may see every unit")
        parser.add_argument("--write", action="store_true", help="it may also write (staff sync, leave and DL)")
        parser.add_argument("--demo", action="store_true", help="the demo client with its known key (DEBUG only)")

    def handle(self, *args, name: str, contact: str, unit: list[str], whole_city: bool, write: bool, demo: bool,
               **options):
        if demo:
            return self._demo()
        if not name or not contact:
            raise CommandError("--name and --contact are required.")
        if ApiClient.objects.filter(name=name).exists():
            raise CommandError(f"A client named {name!r} exists: rotate its key in the admin instead.")
        units = list(Unit.objects.filter(code__in=unit))
        missing = set(unit) - {u.code for u in units}
        if missing:
            raise CommandError(f"Unknown unit codes: {', '.join(sorted(missing))}")
        issued = keys.register(name, contact, units=units, whole_city=whole_city, write=write)
        self.stdout.write(f"Client {name!r} registered. Its key (shown once, keep it secret):\n{issued.plain}")
        self.stdout.write(f"Webhook secret: {issued.key.client.webhook_secret}")

    def _demo(self) -> None:
        if not settings.DEBUG:
            raise CommandError("The demo client and its known key exist only with DEBUG on.")
        prefix, _secret = keys.split(DEMO_KEY) or ("", "")
        if not ApiKey.objects.filter(prefix=prefix).exists():
            client = ApiClient.objects.filter(name=DEMO_NAME).first()
            if client is None:
                client = keys.register(DEMO_NAME, "bkpsdm@example.org", whole_city=True, write=True).key.client
                client.keys.all().delete()  # only the known key below
            keys.issue(client, plain=DEMO_KEY)
        self.stdout.write(
            f"API demo key (whole city, read and write; demo only): {DEMO_KEY}\n"
            f"  curl -H 'Authorization: Bearer {DEMO_KEY}' http://127.0.0.1:8000/api/v1/units"
        )
