"""The NIP check's appointment rules, compared with a table written from the regulations.

Sources (units.regulation.DEFAULTS; the ages are not in DOMAIN.md, so the rows are marked unverified):
- UU 20/2023 tentang ASN jo. PP 11/2017 Pasal 23: an ASN is appointed at 18 at the earliest.
- UU 20/2023 jo. PP 11/2017 Pasal 239: retirement age 58 for administrative posts.
- PP 49/2018 (Manajemen PPPK): the first PPPK were appointed in 2019.
PNS: TMT CPNS (digits 9-14, year and month); PPPK: appointment year (digits 9-12). Same check for the staff
form (Employee.clean) and the staff import (importer.check_table): units.nip.parse_nip.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import login
from units import nip, regulation
from units.models import Employee, RegulationRule
from units.staff_import import importer

TODAY = dt.date(2026, 11, 28)
LIMITS = nip.Limits(18, 58, 2019, sources=("UU 20/2023", "PP 11/2017", "PP 49/2018"))

# (NIP, ASN type, accepted?, error code): written from the rules above, not from the code.
TABLE = [
    # PNS born 1990-09-13: 18 on 2008-09-13, 58 on 2048-09-13 (after today, so never reached here).
    ("199009132008091001", "PNS", True, None),  # TMT 2008-09: the month of the 18th birthday
    ("199009132008081001", "PNS", False, "tmt_age"),  # TMT 2008-08: aged 17
    ("199009132004011001", "PNS", False, "tmt_age"),  # aged 13
    # PNS born 1960-03-10: 58 on 2018-03-10.
    ("196003102018031001", "PNS", True, None),  # TMT 2018-03: the month of the 58th birthday
    ("196003102018041001", "PNS", False, "tmt_retired"),  # TMT 2018-04: past the retirement age
    # PPPK born 2001-06-01: 18 in 2019.
    ("200106012019212001", "PPPK", True, None),
    ("200106012018212001", "PPPK", False, "tmt_age"),  # 2018: aged 17 (and before the first PPPK)
    ("200306012020212001", "PPPK", False, "tmt_age"),  # born 2003, appointed 2020: aged 17
    ("199501012018212001", "PPPK", False, "pppk_year"),  # aged 23, but 2018 is before 2019
    ("199501012019212001", "PPPK", True, None),
    # PPPK born 1962-02-01: 58 in 2020.
    ("196202012020212001", "PPPK", True, None),
    ("196202012021212001", "PPPK", False, "tmt_retired"),
]


@pytest.mark.parametrize("value, asn_type, accepted, code", TABLE)
def test_it_applies_the_appointment_rules_as_the_table_says(value, asn_type, accepted, code):
    if accepted:
        assert nip.parse_nip(value, asn_type, limits=LIMITS, today=TODAY).nip == value
        return
    with pytest.raises(ValidationError) as error:
        nip.parse_nip(value, asn_type, limits=LIMITS, today=TODAY)
    assert error.value.code == code


def test_it_names_the_rule_and_its_source_in_indonesian():
    with pytest.raises(ValidationError) as error:
        nip.parse_nip("199009132008081001", "PNS", limits=LIMITS, today=TODAY)
    assert "sebelum pegawai berusia 18 tahun" in error.value.messages[0]
    assert "UU 20/2023" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        nip.parse_nip("196003102018041001", "PNS", limits=LIMITS, today=TODAY)
    assert "batas usia pensiun 58 tahun" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        nip.parse_nip("199501012018212001", "PPPK", limits=LIMITS, today=TODAY)
    assert "sebelum 2019" in error.value.messages[0] and "PP 49/2018" in error.value.messages[0]


def test_a_rule_switched_off_is_not_applied():
    off = nip.Limits(None, None, None)
    assert nip.parse_nip("199501012018212001", "PPPK", limits=off, today=TODAY)
    assert nip.parse_nip("199009132004011001", "PNS", limits=off, today=TODAY)


@pytest.mark.django_db
def test_the_rows_are_seeded_with_their_source_and_editable():
    rows = {r.key: r for r in RegulationRule.objects.all()}
    for key in (regulation.APPOINTMENT_MIN_AGE, regulation.RETIREMENT_AGE, regulation.PPPK_FIRST_YEAR):
        assert rows[key].value == regulation.DEFAULTS[key].value
        assert rows[key].source and not rows[key].verified  # not in DOMAIN.md: unverified
    RegulationRule.objects.filter(key=regulation.RETIREMENT_AGE).update(value=60)
    assert RegulationRule.nip_limits().retirement_age == 60
    RegulationRule.objects.filter(key=regulation.PPPK_FIRST_YEAR).update(enabled=False)
    assert RegulationRule.nip_limits().pppk_first_year is None


FORM = {
    "full_name": "Maya Sari",
    "asn_type": "PPPK",
    "position_title": "Perawat",
    "position_category": "fungsional",
    "service_role": "tenaga_kesehatan",
    "role": "staff",
    "start_date": "2019-03-01",
    "is_active": "on",
}


def test_the_staff_form_refuses_a_pppk_appointed_before_2019(client, world):
    login(client, world.admin_user)
    html = client.post("/pegawai/baru/", {**FORM, "nip": "199501012018212001", "unit": world.kel_alpha1.pk}).content
    assert "sebelum 2019, tahun pengangkatan PPPK yang pertama" in html.decode()
    assert not Employee.objects.filter(full_name="Maya Sari").exists()
    RegulationRule.objects.filter(key=regulation.PPPK_FIRST_YEAR).update(value=2018)
    response = client.post("/pegawai/baru/", {**FORM, "nip": "199501012018212001", "unit": world.kel_alpha1.pk})
    assert response.status_code == 302


def test_the_staff_import_uses_the_same_check(db, world):
    rows = [
        {"line": 2, "nip": "199009132008081001", "full_name": "Terlalu Muda", "asn_type": "PNS", "position_title": "Staf",
         "position_category": "pelaksana", "unit": world.kel_alpha1.code},
        {"line": 3, "nip": "196003102018041001", "full_name": "Lewat Pensiun", "asn_type": "PNS", "position_title": "Staf",
         "position_category": "pelaksana", "unit": world.kel_alpha1.code},
    ]
    checked = importer.check_table(rows)
    assert [r["action"] for r in checked] == ["error", "error"]
    assert any("sebelum pegawai berusia 18 tahun" in e for e in checked[0]["errors"])
    assert any("batas usia pensiun 58 tahun" in e for e in checked[1]["errors"])
