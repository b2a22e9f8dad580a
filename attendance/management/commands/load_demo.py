from django.core.management.base import BaseCommand, CommandError

from policy import demo as policy_demo
from units import demo_org


class Command(BaseCommand):
    help = "Load the Kota Bengkulu demo: real units, fictional staff with logins, holidays, policies."

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, default=1500, help="staff to generate")
        parser.add_argument("--seed", type=int, default=2026, help="random seed")

    def handle(self, *args, employees, seed, **options):
        if employees < 0:
            raise CommandError("--employees must be 0 or more.")
        self.stdout.write(demo_org.load(employees, seed))
        self.stdout.write(policy_demo.load())
        self.stdout.write(demo_org.logins_table())
