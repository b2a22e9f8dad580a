"""PermenPANRB 4/2025's cap on flexible location, compared with a table written from the regulation (run on
SQLite and PostgreSQL).

Source: PermenPANRB No. 4 Tahun 2025 (Pelaksanaan Tugas Kedinasan Pegawai ASN secara Fleksibel), DOMAIN.md
section 2: flexible location (WFH/WFA) "paling banyak 2 hari kerja dalam 1 minggu" per person. Kept as an
admin-editable rule with its source (units.models.RegulationRule "flexible_location_days_per_week").
- A policy cannot allow more than the cap; an admin may, with a written reason, recorded in the audit trail.
- A request is checked against the person's whole ISO week: every flexible-location request (pending or
  approved) and every day a head assigned them WFH; the third day is refused with the numbers.
"""

import datetime as dt

import pytest
from django.utils import translation

from policy.arrangements import rules
from policy.models import Arrangement, AuditEvent, PlanEntry, Policy
from policy.plan import precedence
from tests.conftest import login
from tests.policy.arrangements.requests_fixtures import (  # noqa: F401
    TUESDAY,
    WEDNESDAY,
    allow_wfh,
    friday,
    pending,
)
from tests.policy.policies.test_policy_form import form_data
from units import clock, regulation
from units.models import RegulationRule

MON, TUE, WED, THU = (dt.date(2026, 3, 2) + dt.timedelta(days=i) for i in range(4))
NEXT_MON = dt.date(2026, 3, 9)
CAP = 2  # PermenPANRB 4/2025


@pytest.fixture(autouse=True)
def indonesian():
    with translation.override("id"):
        yield


def policy(days: int, overridden: bool = False) -> precedence.PolicyFacts:
    return precedence.PolicyFacts(
        7, "WFH uji", "SE BKPSDM No. 7", MON, MON, None, precedence.WFH_ALLOWED,
        wfh_days_per_week=days, city=True, cap_overridden=overridden,
    )


def wfh(start, end=None, kind="wfh"):
    end = end or start
    days = tuple(start + dt.timedelta(days=i) for i in range((end - start).days + 1))
    return rules.Other(kind, start, end, "approved", "WFH", "Disetujui", days)


def cap_findings(asked, *, policy_facts, others=(), assigned=(), cap=CAP):
    facts = rules.Facts(
        who="Anda", days=tuple(asked), service_start=dt.date(2015, 1, 1),
        resolutions={d: precedence.Resolution(precedence.WFH_ALLOWED, policy_facts) for d in asked},
        others=tuple(others), assigned=tuple(assigned), flexible_cap=cap,
    )
    return [f for f in rules.check(rules.Request("wfh", min(asked), max(asked)), facts) if f.code == rules.CAP]


# (days asked, the policy's days, override?, other flexible days that week, head's WFH days, refused?)
TABLE = [
    ([MON], 5, False, [], [], False),  # 1st day
    ([MON, TUE], 5, False, [], [], False),  # 2 days: the cap
    ([MON, TUE, WED], 5, False, [], [], True),  # 3rd day in one request
    ([WED], 5, False, [wfh(MON), wfh(TUE, kind="wfa")], [], True),  # WFH and WFA add up
    ([WED], 5, False, [wfh(MON)], [TUE], True),  # a head's WFH assignment counts
    ([WED], 5, False, [wfh(NEXT_MON)], [], False),  # another week does not
    ([WED], 1, False, [wfh(MON)], [], True),  # a policy stricter than the cap keeps its own
    ([MON, TUE, WED], 3, True, [], [], False),  # a policy whose cap an admin overrode with a reason
    ([MON, TUE, WED, THU], 3, True, [], [], True),  # ... up to its own number
]


@pytest.mark.parametrize("asked, days, overridden, others, assigned, refused", TABLE)
def test_the_request_check_counts_the_week_as_the_regulation_says(asked, days, overridden, others, assigned, refused):
    found = cap_findings(asked, policy_facts=policy(days, overridden), others=others, assigned=assigned)
    assert bool(found) == refused


def test_the_third_day_is_refused_with_the_numbers_and_the_regulation():
    (finding,) = cap_findings([WED], policy_facts=policy(5), others=[wfh(MON), wfh(TUE)])
    assert finding.message == (
        "Ditolak: fleksibel lokasi (WFH/WFA) paling banyak 2 hari kerja per minggu menurut PermenPANRB 4/2025, "
        "terlampaui pada minggu 2–8 Maret 2026: 2 hari sudah disetujui, menunggu persetujuan atau ditugaskan, "
        "ditambah 1 hari yang diajukan."
    )


def test_the_rule_switched_off_leaves_the_policy_alone():
    assert not cap_findings([MON, TUE, WED], policy_facts=policy(5), cap=None)


@pytest.mark.django_db
def test_the_cap_is_an_editable_row_with_its_source():
    rule = RegulationRule.objects.get(key=regulation.FLEXIBLE_LOCATION_DAYS)
    assert (rule.value, rule.enabled) == (CAP, True)
    assert "PermenPANRB 4/2025" in rule.source


# --- The policy form ------------------------------------------------------------------------------------


@pytest.fixture
def monday(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: MON)


def test_the_policy_form_refuses_three_days_citing_the_regulation(client, world, monday):
    login(client, world.admin_user)
    html = client.post("/kebijakan/baru/", form_data(wfh_days_per_week="3")).content.decode()
    assert "PermenPANRB 4/2025 membatasi fleksibel lokasi (WFH/WFA) paling banyak 2 hari kerja per minggu" in html
    assert "kebijakan ini mengizinkan 3 hari" in html
    assert not Policy.objects.exists()
    response = client.post("/kebijakan/baru/", form_data(wfh_days_per_week="2"))
    assert response.status_code == 302
    assert Policy.objects.get().cap_override_reason == ""
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CAP_OVERRIDDEN).exists()


def test_an_admin_overrides_the_cap_with_a_written_reason_audited(client, world, monday):
    login(client, world.admin_user)
    reason = "Uji coba 3 hari untuk pegawai dengan keadaan khusus, atas persetujuan Sekda"
    response = client.post("/kebijakan/baru/", form_data(wfh_days_per_week="3", cap_override_reason=f"  {reason} "))
    assert response.status_code == 302
    created = Policy.objects.get()
    assert (created.wfh_days_per_week, created.cap_override_reason) == (3, reason)
    event = AuditEvent.objects.get(action=AuditEvent.Action.CAP_OVERRIDDEN)
    assert (event.policy, event.actor, event.note) == (created, world.admin_user, reason)
    assert event.data == {"days": 3, "cap": 2, "rule": "PermenPANRB 4/2025"}


def test_a_reason_alone_is_not_kept_when_the_cap_holds(client, world, monday):
    login(client, world.admin_user)
    client.post("/kebijakan/baru/", form_data(wfh_days_per_week="2", cap_override_reason="tidak perlu"))
    assert Policy.objects.get().cap_override_reason == ""
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CAP_OVERRIDDEN).exists()


# --- The request form, through the database ------------------------------------------------------------


def post_request(client, day):
    return client.post("/pengajuan/baru/", {"kind": "wfh", "start_date": day.isoformat(), "end_date": "", "reason": ""})


@pytest.mark.usefixtures("friday")
def test_the_request_form_refuses_a_third_day_under_a_looser_policy(client, world):
    allow_wfh(world, days=5)  # made before the cap was checked: the regulation still binds
    pending(world.staff_alpha1, start=MON)
    pending(world.staff_alpha1, kind="wfa", start=TUESDAY, status="approved", address="Jl. Pantai 2")
    login(client, world.staff_alpha1)
    html = post_request(client, WEDNESDAY).content.decode()
    assert "paling banyak 2 hari kerja per minggu menurut PermenPANRB 4/2025" in html
    assert "2 hari sudah disetujui, menunggu persetujuan atau ditugaskan, ditambah 1 hari yang diajukan" in html
    assert Arrangement.objects.count() == 2


@pytest.mark.usefixtures("friday")
def test_the_request_form_counts_a_heads_wfh_assignment(client, world):
    allow_wfh(world, days=5)
    pending(world.staff_alpha1, start=MON)
    PlanEntry.objects.create(employee=world.staff_alpha1, date=TUESDAY, mode="wfh", set_by=world.admin_user)
    login(client, world.staff_alpha1)
    assert "menurut PermenPANRB 4/2025" in post_request(client, WEDNESDAY).content.decode()
    RegulationRule.objects.filter(key=regulation.FLEXIBLE_LOCATION_DAYS).update(value=3)
    assert post_request(client, WEDNESDAY).status_code == 302


def test_the_policy_page_says_the_override_and_its_reason(client, world, monday):
    login(client, world.admin_user)
    client.post("/kebijakan/baru/", form_data(wfh_days_per_week="3", cap_override_reason="Keadaan khusus"))
    html = client.get(f"/kebijakan/{Policy.objects.get().code}/").content.decode()
    assert "melampaui batas PermenPANRB 4/2025 dengan alasan: Keadaan khusus" in html
