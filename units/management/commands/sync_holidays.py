from django.core.management.base import BaseCommand

from units import clock, holidays


class Command(BaseCommand):
    help = "Seed national holidays and cuti bersama from the holidays package (this and next year)."

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, nargs="+", metavar="YEAR")

    def handle(self, *args, years=None, **options):
        if not years:
            this_year = clock.today().year
            years = [this_year, this_year + 1]
        created, updated = holidays.sync(years)
        self.stdout.write(
            f"Holidays {', '.join(map(str, sorted(years)))}: {created} created, {updated} updated."
        )
