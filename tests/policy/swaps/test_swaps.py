"""Shift swaps (issue 17): a nurse proposes, her colleague accepts or declines, the head decides in the approval
workflow; approved, the plan of both follows, and with it the status codes; a swap that would leave a shift below
its minimum is refused with the numbers."""

import datetime as dt

import pytest
from django.utils import timezone

from attendance.evaluation.bulk import evaluate
from attendance.models import CheckIn
from policy.models import AuditEvent, PlanEntry, ShiftSwap, StaffingMinimum
from policy.plan.building import build_plan
from tests.conftest import login, make_employee, make_unit
from tests.policy.plan.test_plan_edit import policy
from units import clock
from units.models import Employee, Notification, Schedule, Shift, Unit

TODAY = dt.date(2026, 12, 7)  # a Monday
SATURDAY, SUNDAY = dt.date(2026, 12, 12), dt.date(2026, 12, 13)
NURSE = Employee.ServiceRole.TENAGA_KESEHATAN


def jakarta(day, hour, minute=0):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


class Puskesmas:
    """Puskesmas Uji under Kecamatan Alpha with its head, three nurses on a 3-shift pattern and a clerk; a
    second puskesmas with its own head and nurse. Ani is on the night shift of Saturday 12 December with Citra,
    Budi on the morning shift of Sunday 13 December."""

    def __init__(self, world):
        self.world = world
        self.schedule = Schedule.objects.create(
            code="uji-shift", name="Uji shift", kind=Schedule.Kind.SHIFT, works_on_holidays=True
        )
        make = Shift.objects.create
        self.pagi = make(schedule=self.schedule, code="pagi", name="Pagi", start=dt.time(7), end=dt.time(14))
        self.malam = make(schedule=self.schedule, code="malam", name="Malam", start=dt.time(21), end=dt.time(7))
        self.unit = make_unit("pkm-uji", "Puskesmas Uji", Unit.Kind.PUSKESMAS, world.kec_alpha, schedule=self.schedule)
        self.other = make_unit("pkm-lain", "Puskesmas Lain", Unit.Kind.PUSKESMAS, world.kec_beta, schedule=self.schedule)
        self.head = make_employee(self.unit, "Kapus Uji", Employee.Role.HEAD)
        self.other_head = make_employee(self.other, "Kapus Lain", Employee.Role.HEAD)
        self.ani = make_employee(self.unit, "Ani Perawat", service_role=NURSE)
        self.budi = make_employee(self.unit, "Budi Perawat", service_role=NURSE)
        self.citra = make_employee(self.unit, "Citra Perawat", service_role=NURSE)
        self.dewi = make_employee(self.other, "Dewi Perawat", service_role=NURSE)
        self.clerk = make_employee(self.unit, "Eko Administrasi", schedule=world.kel_alpha1.schedule)
        self.put(self.ani, SATURDAY, self.malam)
        self.put(self.citra, SATURDAY, self.malam)
        self.put(self.budi, SUNDAY, self.pagi)
        self.put(self.dewi, SUNDAY, self.pagi)

    def put(self, person, day, shift):
        PlanEntry.objects.update_or_create(
            employee=person, date=day, defaults={"mode": "onsite", "shift": shift, "set_by": self.head.user}
        )

    def minimum(self, count, role=NURSE):
        rule = policy(self.world, title="Minimum puskesmas")
        return StaffingMinimum.objects.create(policy=rule, unit=self.unit, service_role=role, min_count=count)

    def swap(self, status=ShiftSwap.Status.PENDING, partner=None, partner_date=SUNDAY, partner_shift=None):
        return ShiftSwap.objects.create(
            employee=self.ani, date=SATURDAY, shift=self.malam, partner=partner or self.budi,
            partner_date=partner_date, partner_shift=partner_shift or self.pagi, status=status,
        )

    def shifts(self, *people, days=(SATURDAY, SUNDAY)):
        """{(name, day): shift name or the mode} as the plan has it now."""
        plan = build_plan(list(Employee.objects.filter(pk__in=[p.pk for p in people]).select_related("unit")), list(days))
        names = {self.pagi.pk: "pagi", self.malam.pk: "malam"}
        return {
            (p.full_name.split()[0], day): names.get(plan.cells[(p.pk, day)].shift_id, plan.cells[(p.pk, day)].mode)
            for p in people
            for day in days
        }


@pytest.fixture
def pkm(world, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    monkeypatch.setattr(clock, "now", lambda: jakarta(TODAY, 9))
    return Puskesmas(world)


def propose(client, pkm, partner=None, partner_date=SUNDAY, day=SATURDAY, who=None):
    login(client, who or pkm.ani)
    data = {"date": day.isoformat(), "partner": (partner or pkm.budi).code, "partner_date": partner_date.isoformat()}
    return client.post("/tukar-shift/baru/", data)


# --- Proposal ---------------------------------------------------------------------------------------------


def test_it_proposes_a_swap_and_tells_the_partner(client, pkm):
    response = propose(client, pkm)
    swap = ShiftSwap.objects.get()
    assert response.status_code == 302 and response.url == f"/tukar-shift/{swap.code}/"
    assert (swap.status, swap.shift, swap.partner_shift) == ("proposed", pkm.malam, pkm.pagi)
    assert Notification.objects.filter(user=pkm.budi.user, kind="waiting").exists()
    assert AuditEvent.objects.filter(action="requested", data__swap=str(swap.code)).count() == 1
    login(client, pkm.budi)
    html = client.get("/tukar-shift/").content.decode()
    assert "Ani Perawat mengusulkan tukar shift" in html and "Terima tukar shift" in html


def test_it_swaps_two_shifts_on_the_same_day(client, pkm):
    pkm.put(pkm.budi, SATURDAY, pkm.pagi)
    propose(client, pkm, partner_date=SATURDAY)
    swap = ShiftSwap.objects.get()
    assert (swap.shift, swap.partner_shift, swap.partner_date) == (pkm.malam, pkm.pagi, SATURDAY)


def test_it_offers_only_shift_staff_of_the_same_unit(client, pkm):
    login(client, pkm.ani)
    html = client.get("/tukar-shift/baru/").content.decode()
    assert "Budi Perawat" in html and "Citra Perawat" in html
    assert "Dewi Perawat" not in html and "Eko Administrasi" not in html and "Ani Perawat</option>" not in html
    for outsider in (pkm.dewi, pkm.clerk):
        assert propose(client, pkm, partner=outsider).status_code == 200
    assert not ShiftSwap.objects.exists()


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda p: PlanEntry.objects.filter(employee=p.ani).delete(), "Ani Perawat tidak dijadwalkan shift pada Sabtu, 12 Desember 2026"),
        (lambda p: p.put(p.budi, SATURDAY, p.pagi), "Budi Perawat sudah Shift Pagi pada Sabtu, 12 Desember 2026"),
        (lambda p: p.put(p.ani, SUNDAY, p.malam), "Ani Perawat sudah Shift Malam pada Minggu, 13 Desember 2026"),
    ],
)
def test_it_refuses_a_swap_without_a_shift_to_give_or_a_free_day(client, pkm, change, words):
    change(pkm)
    html = propose(client, pkm).content.decode()
    assert words in html and not ShiftSwap.objects.exists()


def test_it_refuses_a_past_day(client, pkm, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: SUNDAY)
    assert "Tanggal shift yang sudah lewat" in propose(client, pkm).content.decode()


def test_it_refuses_a_swap_that_leaves_a_shift_below_its_minimum_with_the_numbers(client, pkm):
    pkm.minimum(2)
    pkm.budi.service_role = Employee.ServiceRole.ADMINISTRASI
    pkm.budi.save()
    html = propose(client, pkm).content.decode()
    assert "Shift Malam 12 Des tinggal 1 dari minimum 2 tenaga kesehatan" in html
    assert not ShiftSwap.objects.exists()


def test_a_swap_between_two_nurses_keeps_the_minimum(client, pkm):
    pkm.minimum(2)
    assert propose(client, pkm).status_code == 302


# --- The partner's answer ---------------------------------------------------------------------------------


def test_the_partner_accepts_and_the_head_is_told(client, pkm):
    swap = pkm.swap(ShiftSwap.Status.PROPOSED)
    login(client, pkm.budi)
    response = client.post(f"/tukar-shift/{swap.code}/terima/")
    assert response.status_code == 302
    swap.refresh_from_db()
    assert swap.status == "pending" and swap.partner_answered_at is not None
    assert Notification.objects.filter(user=pkm.head.user, kind="waiting", data__what="shiftswap").exists()
    assert Notification.objects.filter(user=pkm.ani.user, kind="decided", data__status="pending").exists()
    assert AuditEvent.objects.filter(action="swap_accepted", data__swap=str(swap.code)).exists()


def test_the_partner_declines_and_nothing_waits_for_the_head(client, pkm):
    swap = pkm.swap(ShiftSwap.Status.PROPOSED)
    login(client, pkm.budi)
    client.post(f"/tukar-shift/{swap.code}/tolak-rekan/", {"note": "Ada acara keluarga"})
    swap.refresh_from_db()
    assert swap.status == "declined"
    assert Notification.objects.filter(user=pkm.ani.user, data__status="declined", data__note="Ada acara keluarga").exists()
    login(client, pkm.head)
    assert "Tidak ada tukar shift yang menunggu" in client.get("/persetujuan/tukar-shift/").content.decode()
    assert pkm.shifts(pkm.ani, pkm.budi)[("Ani", SATURDAY)] == "malam"


@pytest.mark.parametrize("who", ["ani", "citra", "head"])
def test_only_the_partner_answers(client, pkm, who):
    swap = pkm.swap(ShiftSwap.Status.PROPOSED)
    login(client, getattr(pkm, who))
    assert client.post(f"/tukar-shift/{swap.code}/terima/").status_code == 404
    swap.refresh_from_db()
    assert swap.status == "proposed"


def test_a_proposal_not_yet_accepted_cannot_be_approved(client, pkm):
    swap = pkm.swap(ShiftSwap.Status.PROPOSED)
    login(client, pkm.head)
    client.post(f"/persetujuan/tukar-shift/{swap.code}/setujui/")
    swap.refresh_from_db()
    assert swap.status == "proposed"
    assert pkm.shifts(pkm.ani)[("Ani", SATURDAY)] == "malam"


# --- The head's decision ----------------------------------------------------------------------------------


def test_the_approval_changes_the_plan_of_both_people_on_both_days(client, pkm):
    swap = pkm.swap()
    assert pkm.shifts(pkm.ani, pkm.budi) == {
        ("Ani", SATURDAY): "malam", ("Ani", SUNDAY): "off", ("Budi", SATURDAY): "off", ("Budi", SUNDAY): "pagi",
    }
    login(client, pkm.head)
    response = client.post(f"/persetujuan/tukar-shift/{swap.code}/setujui/", {"note": "Silakan"})
    assert response.status_code == 302
    swap.refresh_from_db()
    assert swap.status == "approved" and swap.decided_by == pkm.head.user
    assert pkm.shifts(pkm.ani, pkm.budi) == {
        ("Ani", SATURDAY): "off", ("Ani", SUNDAY): "pagi", ("Budi", SATURDAY): "malam", ("Budi", SUNDAY): "off",
    }
    assert AuditEvent.objects.filter(action="plan_set", data__swap=str(swap.code)).count() == 4
    assert AuditEvent.objects.filter(action="approved", data__swap=str(swap.code)).count() == 1
    assert Notification.objects.filter(user=pkm.ani.user, kind="decided", data__status="approved").exists()
    assert Notification.objects.filter(user=pkm.budi.user, kind="decided", data__status="approved").exists()


def test_the_approval_of_a_same_day_swap_trades_the_two_shifts(client, pkm):
    pkm.put(pkm.budi, SATURDAY, pkm.pagi)
    swap = pkm.swap(partner_date=SATURDAY)
    login(client, pkm.head)
    client.post(f"/persetujuan/tukar-shift/{swap.code}/setujui/")
    assert pkm.shifts(pkm.ani, pkm.budi, days=[SATURDAY]) == {("Ani", SATURDAY): "pagi", ("Budi", SATURDAY): "malam"}


def test_the_approval_is_refused_when_a_shift_would_fall_below_its_minimum(client, pkm):
    pkm.budi.service_role = Employee.ServiceRole.ADMINISTRASI
    pkm.budi.save()
    swap = pkm.swap()
    pkm.minimum(2)  # set after the proposal was accepted: checked again at the approval
    login(client, pkm.head)
    html = client.post(f"/persetujuan/tukar-shift/{swap.code}/setujui/").content.decode()
    assert "Shift Malam 12 Des tinggal 1 dari minimum 2 tenaga kesehatan" in html
    swap.refresh_from_db()
    assert swap.status == "pending"
    assert pkm.shifts(pkm.ani, pkm.budi)[("Budi", SATURDAY)] == "off"


def test_the_head_rejects_and_both_are_told(client, pkm):
    swap = pkm.swap()
    login(client, pkm.head)
    client.post(f"/persetujuan/tukar-shift/{swap.code}/tolak/", {"note": "Jadwal sudah dikunci"})
    swap.refresh_from_db()
    assert swap.status == "rejected"
    assert Notification.objects.filter(user=pkm.budi.user, data__status="rejected").exists()
    assert Notification.objects.filter(user=pkm.ani.user, kind="decided", data__status="rejected").exists()


@pytest.mark.parametrize("who", ["other_head", "citra", "budi"])
def test_nobody_outside_the_heads_scope_approves(client, pkm, who):
    swap = pkm.swap()
    login(client, getattr(pkm, who))
    assert client.post(f"/persetujuan/tukar-shift/{swap.code}/setujui/").status_code in (403, 404)
    swap.refresh_from_db()
    assert swap.status == "pending"
    assert pkm.shifts(pkm.ani)[("Ani", SATURDAY)] == "malam"


def test_the_camat_above_may_decide_and_the_other_head_sees_nothing(client, pkm):
    pkm.swap()
    login(client, pkm.other_head)
    assert "Tidak ada tukar shift yang menunggu" in client.get("/persetujuan/tukar-shift/").content.decode()
    login(client, pkm.world.camat_alpha)
    assert "Tukar shift: Ani Perawat dan Budi Perawat" in client.get("/persetujuan/tukar-shift/").content.decode()


def test_the_unit_board_lists_the_swaps_waiting_for_the_head(client, pkm):
    pkm.swap()
    login(client, pkm.head)
    html = client.get("/papan/unit/pkm-uji/").content.decode()
    assert "Tukar shift yang menunggu keputusan Anda" in html
    assert "Tukar shift: Ani Perawat dan Budi Perawat" in html


def test_the_unit_board_shows_a_swap_as_soon_as_it_waits_and_drops_it_once_decided(client, pkm, monkeypatch):
    """The board's snapshot counts the swaps waiting (its rows are read only when some do): a swap accepted by
    the partner in the same minute as the last load shows at the next one, and goes once the head decides."""
    monkeypatch.setattr(clock, "now", lambda: jakarta(SATURDAY, 9))
    login(client, pkm.head)
    row, none = "Tukar shift: Ani Perawat dan Budi Perawat", "Tidak ada tukar shift pegawai di papan ini"

    def board() -> str:
        return client.get("/papan/unit/pkm-uji/").content.decode()

    assert none in board()
    swap = pkm.swap(status=ShiftSwap.Status.PROPOSED)
    assert none in board() and row not in board()
    ShiftSwap.objects.filter(pk=swap.pk).update(status=ShiftSwap.Status.PENDING)  # the partner accepted
    html = board()
    assert row in html and none not in html
    ShiftSwap.objects.filter(pk=swap.pk).update(status=ShiftSwap.Status.REJECTED)
    assert none in board() and row not in board()


# --- What follows the plan --------------------------------------------------------------------------------


def test_the_status_is_evaluated_against_the_swapped_shift(client, pkm, monkeypatch):
    swap = pkm.swap()
    login(client, pkm.head)
    client.post(f"/persetujuan/tukar-shift/{swap.code}/setujui/")
    monkeypatch.setattr(clock, "now", lambda: jakarta(SUNDAY + dt.timedelta(days=1), 9))
    monkeypatch.setattr(clock, "today", lambda: SUNDAY + dt.timedelta(days=1))
    by = pkm.head.user
    # Budi works Ani's night shift of Saturday (21:00–07:00), Ani Budi's morning shift of Sunday, late.
    CheckIn.objects.create(employee=pkm.budi, date=SATURDAY, kind="in", at=jakarta(SATURDAY, 20, 55), created_by=by)
    CheckIn.objects.create(employee=pkm.budi, date=SATURDAY, kind="out", at=jakarta(SUNDAY, 7, 2), created_by=by)
    CheckIn.objects.create(employee=pkm.ani, date=SUNDAY, kind="in", at=jakarta(SUNDAY, 7, 20), created_by=by)
    CheckIn.objects.create(employee=pkm.ani, date=SUNDAY, kind="out", at=jakarta(SUNDAY, 14, 1), created_by=by)
    result = evaluate(list(Employee.objects.filter(pk__in=[pkm.ani.pk, pkm.budi.pk]).select_related("unit")), [SATURDAY, SUNDAY])
    assert result.status(pkm.budi.pk, SATURDAY).codes == ("H",)
    assert result.status(pkm.ani.pk, SUNDAY).codes == ("TL1",)
    # Off the shifts they gave away: neither is absent (TK) on them.
    assert "TK" not in result.status(pkm.ani.pk, SATURDAY).codes
    assert "TK" not in result.status(pkm.budi.pk, SUNDAY).codes


# --- Pages ------------------------------------------------------------------------------------------------


def test_the_pages_show_the_swap_and_its_trail(client, pkm):
    propose(client, pkm)
    swap = ShiftSwap.objects.get()
    login(client, pkm.budi)
    html = client.get(f"/tukar-shift/{swap.code}/").content.decode()
    assert "Tukar shift: Ani Perawat dan Budi Perawat" in html and "Terima tukar shift" in html
    assert "Jejak audit" in html
    login(client, pkm.citra)
    assert client.get(f"/tukar-shift/{swap.code}/").status_code == 404


def _many(pkm, n, start=0):
    for i in range(start, start + n):
        nurse = make_employee(pkm.unit, f"Perawat {i}", service_role=NURSE)
        day = SATURDAY + dt.timedelta(days=7 * (i + 1))
        pkm.put(nurse, day, pkm.pagi)
        ShiftSwap.objects.create(
            employee=nurse, date=day, shift=pkm.pagi, partner=pkm.budi, partner_date=day,
            partner_shift=pkm.malam, status=ShiftSwap.Status.PROPOSED if i % 2 else ShiftSwap.Status.PENDING,
        )


@pytest.mark.parametrize("url, who, most", [("/tukar-shift/", "budi", 6), ("/persetujuan/tukar-shift/", "head", 16)])
def test_the_lists_keep_their_queries_whatever_the_number_of_swaps(
    client, pkm, url, who, most, django_assert_max_num_queries
):
    login(client, getattr(pkm, who))
    _many(pkm, 2)
    client.get(url)  # what is read once per process (the plan's tables)
    with django_assert_max_num_queries(most) as small:
        assert client.get(url).status_code == 200
    _many(pkm, 10, start=2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count("Budi Perawat") >= 5
