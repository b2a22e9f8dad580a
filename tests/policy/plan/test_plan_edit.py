"""Setting a person's mode for a day inline (htmx), within what policy allows."""

import datetime as dt

import pytest

from policy.models import Arrangement, AuditEvent, PlanEntry, Policy, Sanction, StaffingMinimum
from tests.conftest import login, make_employee, make_unit
from units import clock
from units.models import Holiday, Schedule, Shift, Unit

MONDAY = dt.date(2026, 3, 2)
TUESDAY = MONDAY + dt.timedelta(days=1)
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def monday(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: MONDAY)
    return MONDAY


def policy(world, rule=Policy.Rule.WFO_REQUIRED, **extra):
    return Policy.objects.create(
        **{
            "title": "Tidak menerapkan WFH bagi ASN",
            "legal_basis_type": "se_walikota",
            "legal_basis_number": "800/1/2026",
            "decided_by": "Wali Kota Bengkulu",
            "decided_on": dt.date(2026, 1, 21),
            "effective_from": dt.date(2026, 1, 1),
            "rule": rule,
            "reason": "Uji",
            "scope_city": True,
            "status": Policy.Status.ACTIVE,
            "created_by": world.admin_user,
            **extra,
        }
    )


def wfh_allowed(world, days=2):
    return policy(
        world,
        Policy.Rule.WFH_ALLOWED,
        title="Uji coba WFH",
        wfh_days_per_week=days,
        decided_on=dt.date(2026, 2, 1),
    )


def url(employee, day=TUESDAY, unit="17.99.01.1001"):
    return f"/rencana/unit/{unit}/pegawai/{employee.code}/{day:%Y-%m-%d}/"


def test_it_opens_the_cell_form_as_a_partial_for_htmx_and_as_a_page_without(client, world, monday):
    wfh_allowed(world)
    login(client, world.lurah_alpha1)
    partial = client.get(url(world.staff_alpha1), **HTMX).content.decode()
    assert "<h1>" not in partial and 'name="pilihan"' in partial
    assert "Ikuti kebijakan (Di kantor)" in partial and 'value="wfh"' in partial
    page = client.get(url(world.staff_alpha1)).content.decode()
    assert page.count("<h1>") == 1 and "Ubah rencana Siti Alpha" in page
    assert 'action="/rencana/unit/17.99.01.1001/pegawai/' in page


def test_it_saves_wfh_and_returns_the_row_with_the_day_totals(client, world, monday):
    wfh_allowed(world)
    login(client, world.lurah_alpha1)
    response = client.post(url(world.staff_alpha1), {"pilihan": "wfh"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<tr id="row-{world.staff_alpha1.code}"')
    assert 'id="plan-totals" hx-swap-oob="true"' in html
    assert "Di kantor 2" in html  # Tuesday: two of the three on site now
    cell = html[html.index(f'id="cell-{world.staff_alpha1.code}-20260303"') :]
    assert (
        "WFH" in cell[: cell.index("</td>")]
        and "ditetapkan kepala unit" in cell[: cell.index("</td>")]
    )
    entry = PlanEntry.objects.get(employee=world.staff_alpha1, date=TUESDAY)
    assert entry.mode == "wfh" and entry.set_by == world.lurah_alpha1.user
    event = AuditEvent.objects.get(action=AuditEvent.Action.PLAN_SET)
    assert event.employee == world.staff_alpha1 and event.data["mode"] == "wfh"
    assert event.data["date"] == "2026-03-03" and event.actor == world.lurah_alpha1.user


def test_it_refuses_wfh_under_a_wfo_policy_and_names_it(client, world, monday):
    policy(world)
    login(client, world.operator_alpha1)
    response = client.post(url(world.staff_alpha1), {"pilihan": "wfh"}, **HTMX)
    html = response.content.decode()
    assert "WFH tidak diizinkan: kebijakan &#x27;Tidak menerapkan WFH bagi ASN&#x27;" in html
    assert "Surat Edaran Wali Kota No. 800/1/2026" in html
    assert response.headers["HX-Retarget"] == f"#cell-{world.staff_alpha1.code}-20260303"
    assert response.headers["HX-Reswap"] == "innerHTML"
    assert not PlanEntry.objects.exists() and not AuditEvent.objects.exists()


def test_it_refuses_wfh_when_no_policy_allows_it(client, world, monday):
    login(client, world.lurah_alpha1)
    html = client.post(url(world.staff_alpha1), {"pilihan": "wfh"}).content.decode()
    assert "tidak ada kebijakan yang mengizinkan WFH" in html
    assert html.count("<h1>") == 1  # without htmx: the whole page again, WFH still not offered
    assert 'value="wfh"' not in html
    assert not PlanEntry.objects.exists()


def test_it_refuses_wfh_beyond_the_weekly_cap(client, world, monday):
    wfh_allowed(world, days=1)
    Arrangement.objects.create(
        employee=world.staff_alpha1,
        kind=Arrangement.Kind.WFH,
        start_date=MONDAY,
        end_date=MONDAY,
        working_days=1,
        status=Arrangement.Status.APPROVED,
    )
    login(client, world.lurah_alpha1)
    html = client.post(url(world.staff_alpha1), {"pilihan": "wfh"}, **HTMX).content.decode()
    assert "batas 1 hari WFH per minggu menurut kebijakan &#x27;Uji coba WFH&#x27;" in html
    assert "Senin 2 Maret" in html
    assert not PlanEntry.objects.exists()


def test_it_refuses_wfh_for_someone_under_a_sanction(client, world, monday):
    wfh_allowed(world)
    Sanction.objects.create(
        employee=world.staff_alpha1,
        level="ringan",
        description="Teguran tertulis",
        start_date=dt.date(2026, 2, 1),
    )
    login(client, world.lurah_alpha1)
    html = client.post(url(world.staff_alpha1), {"pilihan": "wfh"}, **HTMX).content.decode()
    assert "sedang menjalani hukuman disiplin (Teguran tertulis)" in html
    assert not PlanEntry.objects.exists()


def test_it_refuses_a_change_that_takes_the_unit_below_its_minimum(client, world, monday):
    rule = wfh_allowed(world)
    StaffingMinimum.objects.create(policy=rule, unit=world.kel_alpha1, min_count=3)
    login(client, world.lurah_alpha1)
    html = client.post(url(world.staff_alpha1), {"pilihan": "wfh"}, **HTMX).content.decode()
    assert "unit akan kurang petugas di kantor pada Selasa, 3 Maret 2026" in html
    assert "pegawai di kantor tinggal 2 dari minimum 3" in html
    assert not PlanEntry.objects.exists()


def test_it_refuses_to_override_an_approved_request(client, world, monday):
    Arrangement.objects.create(
        employee=world.staff_alpha1,
        kind=Arrangement.Kind.DL,
        start_date=TUESDAY,
        end_date=TUESDAY,
        spt_number="SPT/1",
        working_days=1,
        status=Arrangement.Status.APPROVED,
    )
    login(client, world.lurah_alpha1)
    html = client.post(url(world.staff_alpha1), {"pilihan": "onsite"}, **HTMX).content.decode()
    assert "sudah punya pengajuan yang disetujui" in html and "(DL)" in html
    assert not PlanEntry.objects.exists()


def test_it_refuses_a_holiday_for_office_staff(client, world, monday):
    Holiday.objects.create(date=TUESDAY, name="Libur Uji", category="local")
    login(client, world.lurah_alpha1)
    html = client.post(url(world.staff_alpha1), {"pilihan": "onsite"}, **HTMX).content.decode()
    assert "adalah hari libur (Libur Uji)" in html
    assert not PlanEntry.objects.exists()


def test_it_refuses_a_day_that_has_passed(client, world, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TUESDAY + dt.timedelta(days=1))
    login(client, world.lurah_alpha1)
    html = client.post(url(world.staff_alpha1), {"pilihan": "onsite"}, **HTMX).content.decode()
    assert "sudah lewat" in html
    assert not PlanEntry.objects.exists()


def test_it_assigns_a_shift_to_a_person_on_a_shift_schedule(client, world, monday):
    shifts = Schedule.objects.create(
        code="uji-shift", name="Uji shift", kind=Schedule.Kind.SHIFT, works_on_holidays=True
    )
    pagi = Shift.objects.create(
        schedule=shifts, code="pagi", name="Pagi", start=dt.time(7), end=dt.time(14)
    )
    Shift.objects.create(
        schedule=shifts, code="malam", name="Malam", start=dt.time(21), end=dt.time(7)
    )
    pkm = make_unit("pkm-uji", "Puskesmas Uji", Unit.Kind.PUSKESMAS, schedule=shifts)
    head = make_employee(pkm, "Kepala Puskesmas", role="head")
    nurse = make_employee(pkm, "Perawat Uji", service_role="tenaga_kesehatan")
    login(client, head)
    form = client.get(url(nurse, unit="pkm-uji"), **HTMX).content.decode()
    assert "Shift Pagi (07:00–14:00)" in form and "Lepas shift (tidak ditugaskan)" in form
    assert 'value="wfh"' not in form
    html = client.post(
        url(nurse, unit="pkm-uji"), {"pilihan": f"shift:{pagi.pk}"}, **HTMX
    ).content.decode()
    cell = html[html.index(f'id="cell-{nurse.code}-20260303"') :]
    assert "Shift Pagi" in cell[: cell.index("</td>")]
    assert "Di kantor 1" in html
    entry = PlanEntry.objects.get(employee=nurse, date=TUESDAY)
    assert entry.mode == "onsite" and entry.shift == pagi


def test_it_clears_an_assignment_back_to_the_policy(client, world, monday):
    PlanEntry.objects.create(
        employee=world.staff_alpha1, date=TUESDAY, mode="onsite", set_by=world.lurah_alpha1.user
    )
    login(client, world.lurah_alpha1)
    response = client.post(url(world.staff_alpha1), {"pilihan": "default"})
    assert response.status_code == 302
    assert response.url == "/rencana/unit/17.99.01.1001/?minggu=2026-03-03"
    assert not PlanEntry.objects.exists()
    assert AuditEvent.objects.get().data["mode"] == "default"


def test_it_lets_the_camat_read_but_not_change_a_kelurahan(client, world, monday):
    login(client, world.camat_alpha)
    assert client.get(url(world.staff_alpha1)).status_code == 403
    assert client.post(url(world.staff_alpha1), {"pilihan": "onsite"}).status_code == 403
    assert not PlanEntry.objects.exists()


def test_it_hides_other_units_people_as_not_found(client, world, monday):
    login(client, world.lurah_alpha1)
    assert client.get(url(world.staff_beta1, unit="17.99.02.1001")).status_code == 404
    assert (
        client.get(url(world.staff_beta1)).status_code == 404
    )  # own unit in the URL, someone else's person
    assert (
        client.get(url(world.staff_alpha1).replace("2026-03-03", "bukan-tanggal")).status_code
        == 404
    )


def test_it_puts_the_row_back_on_cancel(client, world, monday):
    login(client, world.lurah_alpha1)
    html = client.get(url(world.staff_alpha1) + "?batal=1", **HTMX).content.decode()
    assert html.lstrip().startswith(f'<tr id="row-{world.staff_alpha1.code}"')
    assert "hx-swap-oob" not in html and "autofocus" in html


def test_it_refuses_the_office_on_a_day_a_policy_requires_wfh(client, world, monday):
    flood = policy(
        world,
        Policy.Rule.WFH_REQUIRED,
        title="Banjir Alpha",
        scope_city=False,
        effective_from=TUESDAY,
        effective_until=TUESDAY,
        decided_on=dt.date(2026, 3, 1),
    )
    flood.scope_units.create(unit=world.kec_alpha, include_sub_units=True)
    login(client, world.lurah_alpha1)
    form = client.get(url(world.staff_alpha1), **HTMX).content.decode()
    assert "Ikuti kebijakan (WFH)" in form
    html = client.post(url(world.staff_alpha1), {"pilihan": "onsite"}, **HTMX).content.decode()
    assert "kebijakan &#x27;Banjir Alpha&#x27;" in html and "mewajibkan WFH/WFA" in html
    assert not PlanEntry.objects.exists()


def test_it_refuses_wfh_for_someone_without_a_registered_home(client, world, monday):
    wfh_allowed(world)
    homeless = make_employee(world.kel_alpha1, "Tanpa Alamat", login=False)
    login(client, world.lurah_alpha1)
    html = client.post(url(homeless), {"pilihan": "wfh"}, **HTMX).content.decode()
    assert "belum punya alamat domisili terdaftar" in html
    assert not PlanEntry.objects.exists()


def test_it_labels_a_scheduled_day_off_apart_from_a_holiday(client, world, monday):
    Holiday.objects.create(date=TUESDAY, name="Libur Uji", category="public")
    login(client, world.lurah_alpha1)
    html = client.get("/rencana/unit/17.99.01.1001/?minggu=2026-03-02").content.decode()
    row = html[html.index(f'id="row-{world.staff_alpha1.code}"') :]
    row = row[: row.index("</tr>")]
    assert "Bukan hari kerja" in row  # Saturday and Sunday
    assert "Libur" in row and "Libur Uji" in html  # Tuesday's holiday
