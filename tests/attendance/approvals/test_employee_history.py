"""A person's requests and the decisions about them, for the person, their heads and admins."""

import datetime as dt

from policy import audit
from policy.models import Arrangement, AuditEvent
from tests.conftest import login


def make_history(world):
    arrangement = Arrangement.objects.create(
        employee=world.staff_alpha1,
        kind="izin",
        start_date=dt.date(2026, 3, 2),
        end_date=dt.date(2026, 3, 2),
        working_days=1,
        reason="Urusan keluarga",
        status=Arrangement.Status.REJECTED,
    )
    audit.record(
        world.lurah_alpha1.user,
        AuditEvent.Action.REJECTED,
        employee=world.staff_alpha1,
        arrangement=arrangement,
        note="Loket kekurangan petugas",
    )
    return arrangement


def test_it_shows_the_person_their_requests_and_decisions(client, world):
    make_history(world)
    login(client, world.staff_alpha1)
    html = client.get(f"/pegawai/{world.staff_alpha1.code}/riwayat/").content.decode()
    assert "Pengajuan ditolak" in html and "Loket kekurangan petugas" in html
    assert "Lurah Alpha Satu" in html and "Izin" in html


def test_it_shows_it_to_heads_above_and_admins_only(client, world, django_assert_max_num_queries):
    make_history(world)
    url = f"/pegawai/{world.staff_alpha1.code}/riwayat/"
    for who in (world.lurah_alpha1, world.camat_alpha, world.admin_user):
        login(client, who)
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200
    for who in (world.operator_alpha1, world.lurah_beta1, world.staff_alpha2):
        login(client, who)
        assert client.get(url).status_code == 404, who
