"""The demo (`manage.py load_demo`): every check-in outside the office has its verification; the Disdukcapil
demo accounts tell the story: the staff member's last three arrivals were outside, one accepted, one
rejected with a note and one waiting, with a few colleagues' waiting for the demo head."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from attendance import demo_history
from attendance.models import FLAGGED_LOCATIONS, CheckIn, Verification
from policy.models import AuditEvent
from tests.attendance.test_demo_history import NOW, wednesday_morning  # noqa: F401
from tests.conftest import login
from units.demo import DEMO_ACCOUNTS
from units.models import Employee

HEAD = next(a for a in DEMO_ACCOUNTS if a["role"] == "head" and a["unit"] == "disdukcapil")
STAFF = next(a for a in DEMO_ACCOUNTS if a["role"] == "staff" and a["unit"] == "disdukcapil")


@pytest.fixture
def demo(db):
    out = StringIO()
    call_command("load_demo", employees=60, stdout=out)
    return out.getvalue()


def test_every_check_in_outside_has_its_verification(demo):
    flagged = CheckIn.objects.filter(method="phone", location__in=FLAGGED_LOCATIONS)
    assert flagged.exists() and not flagged.filter(verification__isnull=True).exists()
    decided = Verification.objects.exclude(status="pending")
    assert decided.exists() and not decided.filter(decided_by__isnull=True).exists()
    assert AuditEvent.objects.filter(data__has_key="verification").count() == decided.count()
    assert re.search(r"[1-9][\d,]* verifications of check-ins outside the office created now", demo)


def test_the_demo_accounts_tell_the_story(client, demo):
    nurul = Employee.objects.get(nip=STAFF["nip"])
    head = Employee.objects.get(nip=HEAD["nip"])
    mine = list(Verification.objects.filter(employee=nurul).order_by("-date")[:3])
    assert [v.status for v in mine] == ["pending", "rejected", "approved"]
    assert all(v.checkin.kind == "in" and v.checkin.reason for v in mine)
    assert mine[1].decided_by == head.user and mine[1].decision_note
    login(client, head)
    html = client.get("/verifikasi/").content.decode()
    waiting = int(re.search(r"(\d+) presensi menunggu, yang terlama lebih dulu", html).group(1))
    assert waiting >= 2 and nurul.full_name in html


def test_a_second_run_creates_no_verification(demo):
    count = Verification.objects.count()
    assert "0 verifications of check-ins outside the office created now" in demo_history.load()
    assert Verification.objects.count() == count
