from importlib import import_module

from django.apps import apps as global_apps
from django.core.management.base import BaseCommand, CommandError

from attendance import demo_history
from attendance.checkin import demo as checkin_demo
from attendance.integrity import demo as integrity_demo
from attendance.presence import kept as presence
from policy import demo as policy_demo
from policy import leave_seed
from units import demo_org


class Command(BaseCommand):
    help = "Load the Kota Bengkulu demo: real units, fictional staff with logins, holidays, policies, attendance."

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, default=1500, help="staff to generate")
        parser.add_argument("--seed", type=int, default=2026, help="random seed")
        parser.add_argument(
            "--history-days",
            type=int,
            default=demo_history.DAYS,
            help="days of attendance history to generate before today (0: none)",
        )
        parser.add_argument(
            "--plant-cheaters",
            type=int,
            default=0,
            metavar="N",
            help="plant N people of each kind of spoofer among the demo staff (attendance.integrity.demo), then score",
        )

    def handle(self, *args, employees, seed, history_days, plant_cheaters=0, **options):
        if employees < 0:
            raise CommandError("--employees must be 0 or more.")
        if history_days < 0:
            raise CommandError("--history-days must be 0 or more.")
        # A flushed database (live-server tests) loses the seeded code and sanction tables: refill them
        # with the migration's own idempotent function.
        import_module("attendance.migrations.0002_seed_rules").seed(global_apps, None)
        import_module("attendance.migrations.0018_discipline_by_asn_type").seed(global_apps, None)
        import_module("units.migrations.0016_regulation_rules").seed(global_apps, None)
        leave_seed.seed(global_apps)
        self.stdout.write(demo_org.load(employees, seed))
        self.stdout.write(policy_demo.load())
        self.stdout.write(policy_demo.load_activity_site())
        self.stdout.write(policy_demo.load_assigned_site())
        self.stdout.write(policy_demo.load_leave_story())
        self.stdout.write(policy_demo.load_deputy())
        self.stdout.write(demo_history.load(seed, history_days))
        self.stdout.write(policy_demo.load_shift_swap())  # on the shift roster the history wrote
        self.stdout.write(checkin_demo.load())
        if plant_cheaters:
            planted = integrity_demo.plant(plant_cheaters, seed)
            self.stdout.write(
                "Planted spoofers (Presensi mencurigakan): "
                + (", ".join(f"{kind} {len(people)}" for kind, people in planted.items()) or "planted already")
            )
        # The demo writes check-ins and people in bulk, past the per-person updates: count today afresh.
        self.stdout.write(f"Kept presence of today: {presence.build()} people.")
        self.stdout.write(demo_org.logins_table())
