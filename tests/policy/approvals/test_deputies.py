"""Deputies (Plh./Plt.): who decides in a head's place, when, and how the decision is signed; and where a
head's own requests go. Compared with a table written from the rules:

- UU 30/2014 (Administrasi Pemerintahan) Pasal 14: a Plh. is named when the official is temporarily away
  (cuti, dinas luar), a Plt. when the post is vacant; both act by mandate, for the unit of the official;
- SE Kepala BKN 1/SE/I/2021 (kewenangan Plh./Plt. dalam aspek kepegawaian): the Plh./Plt. is a civil servant
  of the same or a higher post in the unit (or the unit above) and decides the unit's routine staff matters
  (leave, attendance) during the appointment only;
- tata naskah dinas (Permenpan-RB 6/2024, lampiran): a decision taken by mandate is signed with the deputy's
  own name and title ("Plh."/"Plt.") on behalf ("a.n.") of the official, so both names are kept;
- a head's own request goes to their superior: a lurah's to the camat (Perwal: kelurahan are units under
  their kecamatan), an OPD head's to the city's BKPSDM (admin kota).
"""

import datetime as dt

import pytest

from attendance.approvals.views import CORRECTIONS
from policy.approvals import notices
from policy.arrangements.views import REQUESTS
from policy.models import Arrangement, AuditEvent
from tests.attendance.approvals.test_correction_fixtures import MONDAY, april  # noqa: F401
from tests.attendance.approvals.test_correction_fixtures import pending as pending_correction
from tests.conftest import login, make_employee
from tests.policy.approvals.deputy_fixtures import NEXT_MONDAY, TODAY, name_deputy, sekretaris
from tests.policy.approvals.test_workflow import as_user
from units.access import access_for_user
from units.deputies.appointing import DeputyError
from units.models import Deputy

pytestmark = pytest.mark.usefixtures("april")
DAY = dt.timedelta(days=1)


def request_of(employee, **extra) -> Arrangement:
    extra.setdefault("reason", "Urusan keluarga")
    return Arrangement.objects.create(
        employee=employee, kind="izin", start_date=NEXT_MONDAY, end_date=NEXT_MONDAY, working_days=1, **extra
    )


# The range against today (Friday 10 April 2026) and whether the deputy decides then.
IN_FORCE = [
    ("starts today", TODAY, TODAY + 7 * DAY, True),
    ("ends today", TODAY - 7 * DAY, TODAY, True),
    ("today inside", TODAY - DAY, TODAY + DAY, True),
    ("starts tomorrow", TODAY + DAY, TODAY + 7 * DAY, False),
    ("ended yesterday", TODAY - 7 * DAY, TODAY - DAY, False),
]


@pytest.mark.parametrize(("case", "start", "end", "decides"), IN_FORCE, ids=[row[0] for row in IN_FORCE])
def test_a_deputy_decides_for_the_unit_only_while_the_range_is_in_force(world, case, start, end, decides):
    deputy = sekretaris(world)
    name_deputy(world, deputy, start, end)
    staff_request = request_of(world.staff_alpha1)
    correction = pending_correction(world.staff_alpha1, MONDAY)
    who = as_user(deputy)
    assert access_for_user(deputy.user).decides is decides
    assert (list(REQUESTS.pending(who)) == [staff_request]) is decides
    assert (list(CORRECTIONS.pending(who)) == [correction]) is decides
    assert REQUESTS.may_decide(who, staff_request) is decides
    assert (staff_request in REQUESTS.visible(who)) is decides


def test_a_deputy_in_force_never_decides_the_heads_own_their_own_or_another_units(world):
    deputy = sekretaris(world)
    name_deputy(world, deputy, TODAY, TODAY + 5 * DAY)
    own = request_of(deputy)
    heads = request_of(world.lurah_alpha1)
    elsewhere = request_of(world.staff_alpha2)
    staff_request = request_of(world.staff_alpha1)
    who = as_user(deputy)
    assert list(REQUESTS.pending(who)) == [staff_request]
    assert not any(REQUESTS.may_decide(who, item) for item in (own, heads, elsewhere))
    assert elsewhere not in REQUESTS.visible(who)


def test_a_deputy_records_plh_and_both_names_on_the_item_its_page_the_inbox_and_the_audit(client, world):
    deputy = sekretaris(world)
    name_deputy(world, deputy, TODAY - DAY, TODAY + 5 * DAY)
    staff_request = request_of(world.staff_alpha1)
    correction = pending_correction(world.staff_alpha1, MONDAY)
    login(client, deputy)
    assert client.post(f"/persetujuan/{staff_request.code}/setujui/", {"note": "Silakan"}).status_code == 302
    row = client.post(
        f"/koreksi/{correction.code}/tolak/", {"note": "Tidak ada bukti"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "oleh Sekretaris Alpha Satu (Plh., a.n. Lurah Alpha Satu)" in row  # the inbox row, decided
    for item in (staff_request, correction):
        item.refresh_from_db()
        assert (item.decided_by, item.deputy_kind, item.on_behalf_of) == (deputy.user, "plh", world.lurah_alpha1)
    approved = AuditEvent.objects.get(action="approved")
    rejected = AuditEvent.objects.get(action="rejected")
    for event in (approved, rejected):
        assert event.actor == deputy.user
        assert (event.data["deputy_kind"], event.data["on_behalf_of"]) == ("plh", "Lurah Alpha Satu")
    for page in (f"/pengajuan/{staff_request.code}/", f"/koreksi/{correction.code}/"):
        html = client.get(page).content.decode()
        # The decision and its audit event, both signed with the two names.
        assert html.count("Sekretaris Alpha Satu (Plh., a.n. Lurah Alpha Satu)") == 2, page


def test_a_head_deciding_in_their_own_right_records_no_deputy(client, world):
    name_deputy(world, sekretaris(world), TODAY, TODAY + 5 * DAY)
    staff_request = request_of(world.staff_alpha1)
    login(client, world.camat_alpha)
    client.post(f"/persetujuan/{staff_request.code}/tolak/", {"note": "Tidak"})
    staff_request.refresh_from_db()
    assert (staff_request.status, staff_request.deputy_kind, staff_request.on_behalf_of) == ("rejected", "", None)
    assert "on_behalf_of" not in AuditEvent.objects.get(action="rejected").data


# Overlap: the unit's ranges against one from 13 to 17 April (a Plh. and a Plt. alike).
OVERLAP = [
    ("same range", NEXT_MONDAY, NEXT_MONDAY + 4 * DAY, True),
    ("ends on its first day", TODAY, NEXT_MONDAY, True),
    ("starts on its last day", NEXT_MONDAY + 4 * DAY, NEXT_MONDAY + 10 * DAY, True),
    ("inside it", NEXT_MONDAY + DAY, NEXT_MONDAY + DAY, True),
    ("the day before", TODAY, NEXT_MONDAY - DAY, False),
    ("the day after", NEXT_MONDAY + 5 * DAY, NEXT_MONDAY + 9 * DAY, False),
]


@pytest.mark.parametrize(("case", "start", "end", "refused"), OVERLAP, ids=[row[0] for row in OVERLAP])
def test_ranges_of_one_unit_never_overlap(world, case, start, end, refused):
    first, second = sekretaris(world), make_employee(world.kel_alpha1, "Kasi Alpha Satu")
    name_deputy(world, first, NEXT_MONDAY, NEXT_MONDAY + 4 * DAY)
    if refused:
        with pytest.raises(DeputyError, match="tidak boleh tumpang tindih"):
            name_deputy(world, second, start, end, kind=Deputy.Kind.PLT)
    else:
        name_deputy(world, second, start, end)
    # Another unit's range is its own.
    name_deputy(world, world.staff_alpha2, NEXT_MONDAY, NEXT_MONDAY + 4 * DAY, unit=world.kel_alpha2)


def test_the_form_refuses_an_overlap_the_head_and_someone_outside_the_unit(client, world):
    deputy = sekretaris(world)
    name_deputy(world, deputy, NEXT_MONDAY, NEXT_MONDAY + 4 * DAY)
    login(client, world.lurah_alpha1)
    url = f"/unit/{world.kel_alpha1.code}/plh/"
    base = {"kind": "plh", "start_date": "2026-04-15", "end_date": "2026-04-20", "reason": "Cuti"}
    html = client.post(url, {**base, "deputy": world.staff_alpha1.pk}).content.decode()
    assert "tidak boleh tumpang tindih" in html
    for outsider in (world.lurah_alpha1, world.staff_beta1, world.staff_alpha2):
        data = {**base, "start_date": "2026-05-04", "end_date": "2026-05-05", "deputy": outsider.pk}
        response = client.post(url, data)
        assert response.status_code == 200 and "deputy" in response.context["form"].errors, outsider
    # Staff of the unit above (the kecamatan) may stand in.
    camat_staff = make_employee(world.kec_alpha, "Sekcam Alpha")
    data = {**base, "start_date": "2026-05-04", "end_date": "2026-05-05", "deputy": camat_staff.pk}
    response = client.post(url, data)
    assert response.status_code == 302
    assert Deputy.objects.filter(unit=world.kel_alpha1).count() == 2
    saved = Deputy.objects.get(deputy=camat_staff)
    assert (saved.head, saved.appointed_by, saved.kind) == (world.lurah_alpha1, world.lurah_alpha1.user, "plh")


# A head's own request: who may decide it, and who is told it waits (policy.approvals.notices).
def test_a_lurahs_own_request_goes_to_the_camat(world):
    own = request_of(world.lurah_alpha1)
    name_deputy(world, sekretaris(world), TODAY, TODAY + 5 * DAY)
    assert REQUESTS.may_decide(as_user(world.camat_alpha), own)
    for other in (world.lurah_alpha1, world.lurah_beta1, world.head_dukcapil, Deputy.objects.get().deputy):
        assert not REQUESTS.may_decide(as_user(other), own), other
    assert notices.deciders(world.lurah_alpha1) == [world.camat_alpha.user_id]


def test_an_opd_heads_own_request_goes_to_the_city_admin(rf, world):
    own = request_of(world.head_dukcapil)
    admin = rf.get("/")
    admin.user = world.admin_user
    assert REQUESTS.may_decide(admin, own)
    for other in (world.head_dukcapil, world.camat_alpha, world.lurah_alpha1):
        assert not REQUESTS.may_decide(as_user(other), own), other
    assert notices.deciders(world.head_dukcapil) == []  # admins see it on their landing page


def test_the_deputy_is_told_what_waits_while_in_force(world):
    deputy = sekretaris(world)
    assert notices.deciders(world.staff_alpha1) == [world.lurah_alpha1.user_id]
    name_deputy(world, deputy, TODAY, TODAY + 5 * DAY)
    assert set(notices.deciders(world.staff_alpha1)) == {world.lurah_alpha1.user_id, deputy.user_id}
    assert notices.deciders(deputy) == [world.lurah_alpha1.user_id]


def test_the_menu_shows_the_inbox_to_a_deputy_only_while_in_force(client, world):
    deputy = sekretaris(world)
    login(client, deputy)
    assert "Persetujuan (Plh./Plt.)" not in client.get("/pengajuan/").content.decode()
    assert client.get("/persetujuan/").status_code == 403
    name_deputy(world, deputy, TODAY, TODAY)
    assert "Persetujuan (Plh./Plt.)" in client.get("/pengajuan/").content.decode()
    assert client.get("/persetujuan/").status_code == 200
