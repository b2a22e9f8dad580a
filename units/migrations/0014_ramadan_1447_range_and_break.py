"""Ramadan 1447 H as SE Pj Sekda Kota Bengkulu No. 04/2026 sets it, in databases seeded before the fix.

- The override ran to 19 March; Ramadan 1447 H ran 19 February – 20 March 2026 (1 Syawal = Idul Fitri on
  21 March after a 30-day month, sidang isbat; DOMAIN.md section 1, and the holidays table's Idul Fitri on
  21 March), so the Ramadan hours hold to 20 March.
- The 6-day units had no break Monday–Thursday and Saturday; the SE gives them 12.00–12.30 (Friday 11.30–12.30
  was already there).

Only the seeded values are changed: a range or a break an admin already set stays as it is.
"""

import datetime as dt

from django.db import migrations

NAME = "Ramadan 1447 H"
SEEDED_END = dt.date(2026, 3, 19)
LAST_DAY = dt.date(2026, 3, 20)
SIX_DAY_BREAK = (dt.time(12, 0), dt.time(12, 30))
MON_THU_SAT = (0, 1, 2, 3, 5)


def forwards(apps, schema_editor):
    ScheduleOverride = apps.get_model("units", "ScheduleOverride")
    ScheduleDay = apps.get_model("units", "ScheduleDay")
    ScheduleOverride.objects.filter(
        schedule__code__in=("5-hari", "6-hari"), name=NAME, end_date=SEEDED_END
    ).update(end_date=LAST_DAY)
    ScheduleDay.objects.filter(
        override__schedule__code="6-hari", override__name=NAME, weekday__in=MON_THU_SAT, break_start=None
    ).update(break_start=SIX_DAY_BREAK[0], break_end=SIX_DAY_BREAK[1])


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0013_unit_services"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
