"""The demo's face photos (`manage.py load_demo`, attendance/checkin/demo.py): drawn faces on the recent phone
check-ins of the demo staff and on flagged ones of their units; each passes the server's own check; a
second load adds none."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from attendance.checkin import demo, photos
from attendance.models import FLAGGED_LOCATIONS, CheckIn
from tests.attendance.test_demo_history import wednesday_morning  # noqa: F401 (autouse clock)
from tests.conftest import login
from units.demo import DEMO_ACCOUNTS
from units.models import Employee

STAFF = [a["nip"] for a in DEMO_ACCOUNTS if a["role"] == "staff"]
HEAD = next(a for a in DEMO_ACCOUNTS if a["role"] == "head" and a["unit"] == "disdukcapil")


@pytest.fixture
def loaded(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = StringIO()
    call_command("load_demo", employees=60, stdout=out)
    return out.getvalue()


def test_the_demo_gives_drawn_face_photos_to_recent_check_ins(loaded, settings, client):
    with_photo = CheckIn.objects.exclude(photo="").select_related("employee")
    assert with_photo.filter(employee__nip__in=STAFF).exists()
    assert with_photo.filter(location__in=FLAGGED_LOCATIONS).exclude(employee__nip__in=STAFF).exists()
    assert not with_photo.exclude(method=CheckIn.Method.PHONE).exists()
    for row in with_photo[:5]:
        photos.check_bytes((Path(settings.MEDIA_ROOT) / row.photo.name).read_bytes())  # one face each
    assert "Demo face photos:" in loaded
    assert demo.load() == "Demo face photos: 0 check-ins given a drawn face photo.\n"

    flagged = with_photo.filter(location__in=FLAGGED_LOCATIONS, employee__unit__code="disdukcapil").first()
    login(client, Employee.objects.get(nip=HEAD["nip"]))  # the head sees it beside the flagged check-in
    assert client.get(flagged.photo_url()).status_code == 200
