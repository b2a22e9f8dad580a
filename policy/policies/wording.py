"""Policies said in words for people: the rule, the scope, the period, a minimum. No queries here:
callers prefetch `scope_units__unit` and `scope_employees`."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from policy.models import Policy
from units.models import Employee, Unit


def join(items: list[str]) -> str:
    """'A', 'A dan B', 'A, B dan C'."""
    items = [str(i) for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s dan %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def day(value) -> str:
    return date_format(value, "j F Y")


def rule_words(policy: Policy) -> str:
    if policy.rule == Policy.Rule.WFO_REQUIRED:
        return _("WFO wajib: di kantor setiap hari kerja")
    if policy.rule == Policy.Rule.WFH_ALLOWED:
        words = ngettext(
            "WFH diizinkan paling banyak %(days)s hari kerja per minggu, tiap hari diajukan dan disetujui",
            "WFH diizinkan paling banyak %(days)s hari kerja per minggu, tiap hari diajukan dan disetujui",
            policy.wfh_days_per_week,
        ) % {"days": policy.wfh_days_per_week}
        if policy.cap_override_reason:
            words += _(" (melampaui batas PermenPANRB 4/2025 dengan alasan: %(reason)s)") % {
                "reason": policy.cap_override_reason
            }
        return words
    return _("WFH/WFA wajib: semua yang tercakup bekerja dari rumah atau lokasi lain")


def period_words(policy: Policy) -> str:
    if policy.effective_until is None:
        return _("sejak %(start)s, tanpa batas akhir") % {"start": day(policy.effective_from)}
    if policy.effective_until == policy.effective_from:
        return _("hanya %(start)s") % {"start": day(policy.effective_from)}
    return _("%(start)s sampai %(end)s") % {
        "start": day(policy.effective_from),
        "end": day(policy.effective_until),
    }


def _labels(values, choices, *, lower=False) -> list[str]:
    labels = dict(choices)
    words = [str(labels.get(v, v)) for v in values]
    return [w.lower() for w in words] if lower else words


def scope_words(policy: Policy, *, name_employees: bool = True) -> str:
    """E.g. 'Seluruh ASN Kota Bengkulu, hanya unit non-layanan'."""
    places = []
    if policy.scope_city:
        places.append(_("Seluruh ASN Kota Bengkulu"))
    else:
        if policy.scope_unit_kinds:
            places.append(
                _("ASN di unit jenis %(kinds)s")
                % {"kinds": join(_labels(policy.scope_unit_kinds, Unit.Kind.choices))}
            )
        named_units = []
        for scoped in sorted(policy.scope_units.all(), key=lambda s: s.unit.tree_path):
            if scoped.include_sub_units:
                named_units.append(_("%(unit)s (termasuk sub-unit)") % {"unit": scoped.unit.name})
            else:
                named_units.append(scoped.unit.name)
        if named_units:
            places.append(_("ASN di %(units)s") % {"units": join(named_units)})
    parts = [join(places)] if places else []
    if places:
        if policy.scope_frontline == Policy.Frontline.ONLY:
            parts.append(_("hanya unit layanan garis depan"))
        elif policy.scope_frontline == Policy.Frontline.EXCLUDED:
            parts.append(_("hanya unit non-layanan"))
        if policy.scope_service_roles:
            parts.append(
                _("hanya peran layanan %(roles)s")
                % {
                    "roles": join(
                        _labels(
                            policy.scope_service_roles, Employee.ServiceRole.choices, lower=True
                        )
                    )
                }
            )
        if policy.scope_position_categories:
            parts.append(
                _("hanya kategori jabatan %(cats)s")
                % {
                    "cats": join(
                        _labels(
                            policy.scope_position_categories,
                            Employee.PositionCategory.choices,
                            lower=True,
                        )
                    )
                }
            )
    sentence = ", ".join(parts)
    employees = list(policy.scope_employees.all())
    if employees:
        if name_employees:
            people = join([f"{e.full_name} ({e.nip})" for e in employees])
        else:
            people = ngettext(
                "%(count)s pegawai tertentu", "%(count)s pegawai tertentu", len(employees)
            ) % {"count": len(employees)}
        if sentence:
            sentence = _("%(scope)s; ditambah pegawai tertentu: %(people)s") % {
                "scope": sentence,
                "people": people,
            }
        else:
            sentence = _("Pegawai tertentu: %(people)s") % {"people": people}
    return sentence or _("Belum ada cakupan")


def minimum_words(minimum) -> str:
    """E.g. 'Setiap Kelurahan: paling sedikit 2 orang atau 50% pegawai di kantor (yang lebih besar)'."""
    if minimum.unit_id:
        target = minimum.unit.name
    else:
        target = _("Setiap unit jenis %(kind)s") % {"kind": minimum.get_unit_kind_display()}
    who = str(minimum.get_service_role_display()).lower() if minimum.service_role else _("pegawai")
    amounts = []
    if minimum.min_count:
        amounts.append(
            ngettext("%(count)s %(who)s", "%(count)s %(who)s", minimum.min_count)
            % {"count": minimum.min_count, "who": who}
        )
    if minimum.min_percent:
        amounts.append(
            _("%(percent)s%% dari %(who)s unit") % {"percent": minimum.min_percent, "who": who}
        )
    amount = _(" atau ").join(amounts)
    if len(amounts) == 2:
        amount += _(" (yang lebih besar)")
    return _("%(target)s: paling sedikit %(amount)s di kantor setiap hari kerja") % {
        "target": target,
        "amount": amount,
    }
