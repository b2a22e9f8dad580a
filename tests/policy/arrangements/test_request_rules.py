"""The refusal rules as a table: pure functions over plain facts, no database."""

import datetime as dt

import pytest
from django.utils import translation

from policy.arrangements import rules
from policy.plan import precedence

MON, TUE, WED = dt.date(2026, 3, 2), dt.date(2026, 3, 3), dt.date(2026, 3, 4)
WFO = precedence.PolicyFacts(
    1,
    "Tidak menerapkan WFH bagi ASN",
    "Surat Edaran Wali Kota No. 800/1/2026",
    dt.date(2026, 1, 21),
    dt.date(2026, 1, 1),
    None,
    precedence.WFO_REQUIRED,
    city=True,
)
TRIAL = precedence.PolicyFacts(
    2,
    "Uji coba WFH",
    "SE BKPSDM No. 9",
    dt.date(2026, 2, 1),
    dt.date(2026, 1, 1),
    None,
    precedence.WFH_ALLOWED,
    wfh_days_per_week=1,
    city=True,
)
FLOOD = precedence.PolicyFacts(
    3, "Banjir", "SE No. 3", dt.date(2026, 3, 1), MON, TUE, precedence.WFH_REQUIRED, city=True
)


def allowed(*days, policy=TRIAL):
    return {d: precedence.Resolution(policy.rule, policy) for d in days}


def facts(**extra):
    return rules.Facts(
        **{"who": "Anda", "days": (MON,), "service_start": dt.date(2015, 1, 1), **extra}
    )


@pytest.fixture(autouse=True)
def indonesian():
    with translation.override("id"):
        yield


def codes(request, facts):
    return [(f.code, f.blocking) for f in rules.check(request, facts)]


WFH_MON = rules.Request("wfh", MON, MON)


@pytest.mark.parametrize(
    "request_, facts_, expected",
    [
        # (a) the policy: WFO required or no policy refuses; allowed or required passes.
        (WFH_MON, facts(resolutions=allowed(MON, policy=WFO)), [("policy", True)]),
        (WFH_MON, facts(), [("policy", True)]),
        (WFH_MON, facts(resolutions=allowed(MON)), []),
        (WFH_MON, facts(resolutions=allowed(MON, policy=FLOOD)), []),
        (rules.Request("izin", MON, MON), facts(resolutions=allowed(MON, policy=WFO)), []),
        # (b) the weekly cap (1 a week): a day already taken that week refuses, another week does not.
        (
            rules.Request("wfa", TUE, TUE),
            facts(
                days=(TUE,),
                resolutions=allowed(TUE),
                others=(rules.Other("wfh", MON, MON, "approved", "WFH", "Disetujui", (MON,)),),
            ),
            [("cap", True)],
        ),
        (
            rules.Request("wfa", TUE, TUE),
            facts(
                days=(TUE,),
                resolutions=allowed(TUE),
                others=(
                    rules.Other(
                        "wfh",
                        MON - dt.timedelta(7),
                        MON - dt.timedelta(7),
                        "approved",
                        "WFH",
                        "Disetujui",
                        (MON - dt.timedelta(7),),
                    ),
                ),
            ),
            [],
        ),
        # Under a WFH/WFA-required policy there is no cap.
        (
            rules.Request("wfh", MON, TUE),
            facts(days=(MON, TUE), resolutions=allowed(MON, TUE, policy=FLOOD)),
            [],
        ),
        # (c) overlap, whatever the kinds.
        (
            rules.Request("cuti", MON, WED, "tahunan"),
            facts(
                days=(MON, TUE, WED),
                others=(rules.Other("dl", WED, WED, "pending", "Dinas luar", "Menunggu"),),
                leave={2026: rules.LeaveYear(2026, 12, 0, 0, 0, 0)},
            ),
            [("overlap", True)],
        ),
        # (d) leave: 3 asked with 2 left refuses; other leave types are not counted.
        (
            rules.Request("cuti", MON, WED, "tahunan"),
            facts(days=(MON, TUE, WED), leave={2026: rules.LeaveYear(2026, 12, 0, 0, 0, 10)}),
            [("leave", True)],
        ),
        (
            rules.Request("cuti", MON, WED, "tahunan"),
            facts(days=(MON, TUE, WED), leave={2026: rules.LeaveYear(2026, 12, 0, 0, 0, 9)}),
            [],
        ),
        (
            rules.Request("cuti", MON, WED, "besar"),
            facts(days=(MON, TUE, WED), leave={2026: rules.LeaveYear(2026, 12, 0, 0, 0, 12)}),
            [],
        ),
        # (e) the minimum refuses discretionary absences, and only warns for sick leave and DL.
        (
            rules.Request("izin", MON, MON),
            facts(gaps={MON: (rules.Gap("petugas layanan", 3, 2),)}),
            [("minimum", True)],
        ),
        (
            rules.Request("sakit", MON, MON),
            facts(gaps={MON: (rules.Gap("petugas layanan", 3, 2),)}),
            [("minimum", False)],
        ),
        (
            rules.Request("dl", MON, MON),
            facts(gaps={MON: (rules.Gap("pegawai", 3, 2),)}),
            [("minimum", False)],
        ),
        (
            rules.Request("cuti", MON, MON, "melahirkan"),
            facts(gaps={MON: (rules.Gap("pegawai", 3, 2),)}),
            [("minimum", False)],
        ),
        # (f) eligibility: the first year of service and a running sanction, for WFH/WFA only.
        (
            WFH_MON,
            facts(resolutions=allowed(MON), service_start=dt.date(2025, 3, 3)),
            [("eligibility", True)],
        ),
        (WFH_MON, facts(resolutions=allowed(MON), service_start=dt.date(2025, 3, 2)), []),
        (
            WFH_MON,
            facts(
                resolutions=allowed(MON),
                sanctions=(rules.Sanction("Teguran", dt.date(2026, 1, 1), MON),),
            ),
            [("eligibility", True)],
        ),
        (
            WFH_MON,
            facts(
                resolutions=allowed(MON),
                sanctions=(rules.Sanction("Teguran", dt.date(2026, 1, 1), dt.date(2026, 3, 1)),),
            ),
            [],
        ),
        (rules.Request("cuti", MON, MON, "sakit"), facts(service_start=dt.date(2026, 1, 5)), []),
    ],
)
def test_it_refuses_for_each_reason(request_, facts_, expected):
    assert codes(request_, facts_) == expected


def test_it_names_the_policy_and_the_days():
    found = rules.check(
        rules.Request("wfh", MON, TUE),
        facts(days=(MON, TUE), resolutions=allowed(MON, TUE, policy=WFO)),
    )
    assert [f.message for f in found] == [
        "Ditolak: kebijakan 'Tidak menerapkan WFH bagi ASN' (Surat Edaran Wali Kota No. 800/1/2026) mewajibkan "
        "Anda bekerja di kantor pada Senin, 2 Maret 2026 dan Selasa, 3 Maret 2026. Bila perlu tidak masuk, ajukan cuti atau izin."
    ]


def test_it_names_the_person_for_a_head():
    found = rules.check(WFH_MON, facts(who="Siti Alpha", resolutions=allowed(MON, policy=WFO)))
    assert "mewajibkan Siti Alpha bekerja di kantor pada Senin, 2 Maret 2026" in found[0].message


def test_it_says_the_leave_balance():
    found = rules.check(
        rules.Request("cuti", MON, WED, "tahunan"),
        facts(days=(MON, TUE, WED), leave={2026: rules.LeaveYear(2026, 12, 0, 0, 0, 10)}),
    )
    assert found[0].message == (
        "Ditolak: sisa cuti tahunan 2026 Anda 2 hari kerja (hak dasar 12 hari; sudah diambil atau diajukan 10 hari), "
        "sedangkan yang diajukan 3 hari kerja."
    )


def test_it_names_the_unit_role_and_day_of_a_shortfall():
    found = rules.check(
        rules.Request("izin", MON, MON),
        facts(unit_name="Disdukcapil", gaps={MON: (rules.Gap("petugas layanan", 3, 2),)}),
    )
    assert found[0].message == (
        "Ditolak: Disdukcapil akan kurang 1 petugas layanan pada Senin, 2 Maret 2026 (minimal 3 di kantor)."
    )


def test_it_lists_at_most_five_shortfalls_and_counts_the_rest():
    days = [MON + dt.timedelta(days=i) for i in range(8)]
    found = rules.check(
        rules.Request("cuti", days[0], days[-1], "besar"),
        facts(
            days=tuple(days),
            unit_name="Kelurahan",
            gaps={d: (rules.Gap("pegawai", 2, 1),) for d in days},
        ),
    )
    assert len(found) == 6 and found[-1].message == "… dan 3 kekurangan lain pada hari lain."


def test_it_says_long_ranges_by_count():
    days = [MON + dt.timedelta(days=i) for i in range(5)]
    assert rules.days_text(days) == "5 hari kerja antara 2 Maret 2026 dan 6 Maret 2026"
    assert rules.range_text(dt.date(2026, 3, 30), dt.date(2026, 4, 5)) == "30 Maret – 5 April 2026"
    assert (
        rules.range_text(dt.date(2026, 12, 28), dt.date(2027, 1, 3))
        == "28 Desember 2026 – 3 Januari 2027"
    )


@pytest.mark.parametrize(
    "asn_type, expected",
    [
        ("PNS", ("tahunan", "besar", "sakit", "melahirkan", "alasan_penting", "cltn")),
        ("PPPK", ("tahunan", "sakit", "melahirkan")),
    ],
)
def test_it_offers_leave_types_by_asn_type(asn_type, expected):
    assert rules.leave_types_for(asn_type) == expected


# The offer: WFH/WFA on the request form when `check`'s policy and eligibility rules pass on some day.
MARCH = precedence.PolicyFacts(
    4,
    "Kantor penuh",
    "SE No. 4",
    dt.date(2026, 2, 1),
    dt.date(2026, 2, 1),
    dt.date(2026, 3, 31),
    precedence.WFO_REQUIRED,
)


@pytest.mark.parametrize(
    "facts_, offered",
    [
        (facts(days=(MON, TUE), resolutions=allowed(MON, TUE, policy=WFO)), False),
        (facts(days=(MON, TUE)), False),
        (facts(days=(MON, TUE), resolutions={**allowed(MON, policy=WFO), **allowed(TUE)}), True),
        (facts(days=(MON,), resolutions=allowed(MON, policy=FLOOD)), True),
        (facts(days=(MON, TUE), resolutions=allowed(MON, TUE), service_start=dt.date(2025, 6, 1)), False),
        (facts(days=(MON, TUE), resolutions=allowed(MON, TUE), service_start=dt.date(2025, 3, 3)), True),
        (
            facts(
                days=(MON, TUE),
                resolutions=allowed(MON, TUE),
                sanctions=(rules.Sanction("Teguran tertulis", MON, None),),
            ),
            False,
        ),
        (
            facts(
                days=(MON, TUE),
                resolutions=allowed(MON, TUE),
                sanctions=(rules.Sanction("Teguran tertulis", dt.date(2026, 1, 1), MON),),
            ),
            True,
        ),
        (facts(days=()), True),  # no working day soon: nothing to judge, the submit decides
    ],
)
def test_it_offers_flexible_work_when_the_rules_pass_on_some_day(facts_, offered):
    assert (rules.flexible_unavailable(facts_) == []) is offered


def test_it_says_why_flexible_work_is_not_offered_naming_each_policy_and_its_period():
    found = rules.flexible_unavailable(
        facts(
            days=(MON, TUE, WED),
            resolutions={
                **{d: precedence.Resolution(WFO.rule, WFO, precedence.LEVEL_CITY) for d in (MON, TUE)},
                WED: precedence.Resolution(MARCH.rule, MARCH, precedence.LEVEL_UNIT),
            },
            service_start=dt.date(2025, 6, 1),
        )
    )
    assert found == [
        "WFH/WFA tidak tersedia: kebijakan 'Tidak menerapkan WFH bagi ASN' (Surat Edaran Wali Kota No. 800/1/2026) "
        "berlaku untuk seluruh ASN Kota Bengkulu sejak 1 Januari 2026 dan mewajibkan bekerja di kantor. Bila perlu "
        "tidak masuk, ajukan cuti atau izin.",
        "WFH/WFA tidak tersedia: kebijakan 'Kantor penuh' (SE No. 4) berlaku untuk unit Anda 1 Februari 2026 sampai "
        "31 Maret 2026 dan mewajibkan bekerja di kantor. Bila perlu tidak masuk, ajukan cuti atau izin.",
        "WFH/WFA tidak tersedia: masa kerja Anda belum satu tahun (mulai bertugas 1 Juni 2025), jadi Anda baru "
        "memenuhi syarat kerja fleksibel (PermenPANRB 4/2025) sejak 1 Juni 2026.",
    ]
