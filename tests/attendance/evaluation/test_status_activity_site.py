"""A DL with an activity site (SE BKPSDM 4/2025) asks for check-ins there: DL once one counts, TK when the day
ends without one, pending until then. A DL without a site needs none and is DL all day."""

import datetime as dt

import pytest

from attendance.evaluation.status import CHECKOUT_WINDOW, evaluate_day
from policy.plan import day_plan
from units.schedule import Hours

MONDAY = dt.date(2026, 4, 6)
HOURS = Hours(dt.time(7, 30), dt.time(16, 0))
SITE = day_plan.Site("Aula Kantor Gubernur", -3.7589, 102.2755, 15)
DL_AT_SITE = day_plan.PlannedDay(day_plan.DL, "arrangement", arrangement_id=1, site=SITE)
DL = day_plan.PlannedDay(day_plan.DL, "arrangement", arrangement_id=1)
END = dt.datetime(2026, 4, 6, 16, 0)


def code(planned, first_in=None, last_out=None, now=END + CHECKOUT_WINDOW):
    return evaluate_day(
        day=MONDAY, planned=planned, hours=HOURS, first_in=first_in, last_out=last_out, now=now,
        late_bands=[], early_bands=[],
    ).codes


@pytest.mark.parametrize(
    "planned, first_in, now, codes",
    [
        (DL_AT_SITE, dt.datetime(2026, 4, 6, 8, 10), END, ("DL",)),  # checked in at the site (late is no matter)
        (DL_AT_SITE, None, END, ("-",)),  # the day is not over yet
        (DL_AT_SITE, None, END + CHECKOUT_WINDOW, ("TK",)),  # over without a check-in
        (DL, None, END + CHECKOUT_WINDOW, ("DL",)),  # no site: nothing asked
    ],
)
def test_it_codes_a_dl_day_by_its_site_check_in(planned, first_in, now, codes):
    assert code(planned, first_in, now=now) == codes


def test_a_site_belongs_to_a_dl_only():
    """plan_day keeps a site only on a DL (an arrangement of another kind never carries one to the plan)."""
    dl = day_plan.plan_day(working=True, arrangement=(1, "dl", SITE))
    cuti = day_plan.plan_day(working=True, arrangement=(2, "cuti", SITE))
    assert (dl.mode, dl.activity_site, dl.site) == ("dl", True, SITE)
    assert (cuti.mode, cuti.activity_site) == ("cuti", False)
