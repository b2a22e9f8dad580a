"""Policy pages for city admins: the list, drafts, versions, revocation, the impact preview and
activation; and the help page on how a policy is chosen, for everyone signed in.

An active policy is never edited in place: it is replaced by a new version from a date, or revoked
with a reason. Every activation, supersession and revocation is written to the audit trail.
"""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from policy import audit
from policy.models import AuditEvent, Policy
from policy.policies import impact, versions, wording
from policy.policies.forms import ActivateForm, MinimumFormSet, PolicyForm, RevokeForm, unit_choices
from units import clock
from units.access import ADMIN, role_required, signed_in_user
from units.validators import validate_workable_date

SCOPE = ("scope_units__unit", "scope_employees")


def _policy(code: str, *, lock: bool = False) -> Policy:
    queryset = Policy.objects.select_for_update() if lock else Policy.objects.all()
    return get_object_or_404(queryset.prefetch_related(*SCOPE), code=code)


def _refuse_unless(request: HttpRequest, policy: Policy, status: str) -> HttpResponse | None:
    """A redirect to the policy page saying why, when the policy is not in `status`; else None."""
    if policy.status == status:
        return None
    if status == Policy.Status.DRAFT:
        messages.error(
            request,
            _(
                "Kebijakan ini berstatus '%(status)s', bukan draf, sehingga tidak dapat diubah langsung. "
                "Buat versi baru untuk mengubahnya, atau cabut untuk menghentikannya."
            )
            % {"status": policy.get_status_display()},
        )
    else:
        messages.error(
            request,
            _("Tindakan ini hanya untuk kebijakan yang berlaku; status kebijakan ini '%(status)s'.")
            % {"status": policy.get_status_display()},
        )
    return redirect("policy_detail", code=policy.code)


def _refuse_unworkable_dates(request: HttpRequest, policy: Policy) -> HttpResponse | None:
    """A redirect to the draft's form saying why, when one of its dates lies outside the years Hadir works
    with (a draft stored before the form bounded them): its two weeks would run off the calendar."""
    for value in (policy.decided_on, policy.effective_from, policy.effective_until):
        if value is None:
            continue
        try:
            validate_workable_date(value)
        except ValidationError as error:
            messages.error(
                request,
                _("Tanggal %(date)s pada draf ini tidak dapat dipakai. %(problem)s Ubah tanggalnya dulu.")
                % {"date": value.isoformat(), "problem": error.messages[0]},
            )
            return redirect("policy_edit", code=policy.code)
    return None


def _describe(policy: Policy, today: dt.date, *, scope: bool = True) -> dict[str, Any]:
    """The policy and its words; `scope` needs SCOPE prefetched when describing many."""
    return {
        "policy": policy,
        "rule": wording.rule_words(policy),
        "scope": wording.scope_words(policy, name_employees=False) if scope else "",
        "period": wording.period_words(policy),
        "not_yet": policy.status == Policy.Status.ACTIVE and policy.effective_from > today,
        "ended": policy.effective_until is not None and policy.effective_until < today,
    }


@role_required(ADMIN)
def policy_list(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    policies = (
        Policy.objects.select_related("supersedes")
        .prefetch_related(*SCOPE)
        .order_by("-effective_from", "title", "-version")
    )
    groups: dict[str, list[dict[str, Any]]] = {
        Policy.Status.ACTIVE: [],
        Policy.Status.DRAFT: [],
        "ended": [],
    }
    for policy in policies:
        groups.get(policy.status, groups["ended"]).append(_describe(policy, today))
    return render(
        request,
        "policy/policies/list.html",
        {
            "groups": [
                (
                    "berlaku",
                    _("Berlaku"),
                    groups[Policy.Status.ACTIVE],
                    _("Belum ada kebijakan yang berlaku."),
                ),
                ("draf", _("Draf"), groups[Policy.Status.DRAFT], _("Tidak ada draf.")),
                ("riwayat", _("Digantikan atau dicabut"), groups["ended"], _("Belum ada.")),
            ],
            "empty": not any(groups.values()),
        },
    )


@login_required
def policy_help(request: HttpRequest) -> HttpResponse:
    return render(request, "policy/policies/help.html")


def _edit_draft(request: HttpRequest, policy: Policy | None) -> HttpResponse:
    today = clock.today()
    choices = unit_choices()
    initial: dict[str, Any] = {}
    if policy is None:
        initial = {
            "decided_on": today,
            "effective_from": versions.next_working_day(today),
            "wfh_days_per_week": 2,
        }
    form = PolicyForm(request.POST or None, instance=policy, initial=initial, unit_choices=choices)
    minimums = MinimumFormSet(
        request.POST or None,
        instance=policy or Policy(),
        prefix="minimum",
        form_kwargs={"unit_choices": choices},
    )
    if request.method == "POST" and form.is_valid() and minimums.is_valid():
        with transaction.atomic():
            locked = None if policy is None else Policy.objects.select_for_update().get(pk=policy.pk)
            if locked is not None and (refusal := _refuse_unless(request, locked, Policy.Status.DRAFT)):
                return refusal
            draft = form.save(commit=False)
            if policy is None:
                draft.created_by = signed_in_user(request)
            draft.save()
            if form.cap_overridden is not None:
                audit.record(
                    signed_in_user(request), AuditEvent.Action.CAP_OVERRIDDEN, policy=draft,
                    note=draft.cap_override_reason, days=draft.wfh_days_per_week, cap=form.cap_overridden,
                    rule="PermenPANRB 4/2025",
                )
            form.save_scope(draft)
            minimums.instance = draft
            minimums.save()
        messages.success(
            request,
            _("Draf '%(title)s' disimpan. Periksa dampaknya sebelum diberlakukan.")
            % {"title": draft.title},
        )
        return redirect("policy_detail", code=draft.code)
    return render(
        request, "policy/policies/form.html", {"form": form, "minimums": minimums, "policy": policy}
    )


@role_required(ADMIN)
@require_http_methods(["GET", "POST"])
def policy_create(request: HttpRequest) -> HttpResponse:
    return _edit_draft(request, None)


@role_required(ADMIN)
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest, code: str) -> HttpResponse:
    policy = _policy(code)
    return _refuse_unless(request, policy, Policy.Status.DRAFT) or _edit_draft(request, policy)


@role_required(ADMIN)
def policy_detail(request: HttpRequest, code: str) -> HttpResponse:
    today = clock.today()
    policy = get_object_or_404(
        Policy.objects.select_related("created_by__employee").prefetch_related(
            *SCOPE, "minimums__unit"
        ),
        code=code,
    )
    history = list(
        Policy.objects.filter(lineage=policy.lineage)
        .select_related("created_by__employee")
        .order_by("-version")
    )
    events = list(
        AuditEvent.objects.filter(policy__lineage=policy.lineage).select_related(
            "actor__employee", "policy"
        )
    )
    return render(
        request,
        "policy/policies/detail.html",
        {
            **_describe(policy, today),
            "scope": wording.scope_words(policy),
            "minimums": [wording.minimum_words(m) for m in policy.minimums.all()],
            "history": [_describe(version, today, scope=False) for version in history],
            "events": events,
            "next_version": next(
                (v for v in history if v.supersedes_id == policy.pk and v.is_draft), None
            ),
            "recorded": any(e.policy_id == policy.pk for e in events),
        },
    )


@role_required(ADMIN)
@require_http_methods(["GET", "POST"])
def policy_delete(request: HttpRequest, code: str) -> HttpResponse:
    policy = _policy(code)
    if refusal := _refuse_unless(request, policy, Policy.Status.DRAFT):
        return refusal
    # The audit trail is append-only and keeps its policies: a draft already in it stays.
    recorded = policy.audit.exists()
    if request.method == "POST" and not recorded:
        with transaction.atomic():
            locked = _policy(code, lock=True)
            if refusal := _refuse_unless(request, locked, Policy.Status.DRAFT):
                return refusal
            locked.delete()
        messages.success(request, _("Draf '%(title)s' dihapus.") % {"title": policy.title})
        return redirect("policy_list")
    return render(request, "policy/policies/delete.html", {"policy": policy, "recorded": recorded})


@role_required(ADMIN)
@require_POST
def policy_new_version(request: HttpRequest, code: str) -> HttpResponse:
    with transaction.atomic():
        policy = _policy(code, lock=True)
        if refusal := _refuse_unless(request, policy, Policy.Status.ACTIVE):
            return refusal
        pending = Policy.objects.filter(supersedes=policy).first()
        if pending is not None:
            messages.info(
                request,
                _("Draf versi %(v)s sudah ada: lanjutkan dari sana.") % {"v": pending.version},
            )
            return redirect("policy_detail", code=pending.code)
        draft = versions.new_version(policy, signed_in_user(request), clock.today())
    messages.success(
        request,
        _("Draf versi %(v)s dibuat dari versi %(old)s. Ubah yang perlu, lalu periksa dampaknya.")
        % {"v": draft.version, "old": policy.version},
    )
    return redirect("policy_edit", code=draft.code)


@role_required(ADMIN)
@require_http_methods(["GET", "POST"])
def policy_revoke(request: HttpRequest, code: str) -> HttpResponse:
    policy = _policy(code)
    if refusal := _refuse_unless(request, policy, Policy.Status.ACTIVE):
        return refusal
    today = clock.today()
    form = RevokeForm(request.POST or None, today=today, initial={"date": today})
    if request.method == "POST" and form.is_valid():
        revoked_on, reason = form.cleaned_data["date"], form.cleaned_data["reason"]
        with transaction.atomic():
            policy = _policy(code, lock=True)
            if refusal := _refuse_unless(request, policy, Policy.Status.ACTIVE):
                return refusal
            versions.revoke(policy, signed_in_user(request), revoked_on, reason)
        messages.success(request, _("Kebijakan '%(title)s' dicabut.") % {"title": policy.title})
        return redirect("policy_detail", code=policy.code)
    return render(request, "policy/policies/revoke.html", {**_describe(policy, today), "form": form})


def _render_impact(
    request: HttpRequest, policy: Policy, result: impact.Impact, form: ActivateForm
) -> HttpResponse:
    return render(
        request,
        "policy/policies/impact.html",
        {
            **_describe(policy, clock.today()),
            "scope": wording.scope_words(policy),
            "impact": result,
            "form": form,
        },
    )


@role_required(ADMIN)
def policy_impact(request: HttpRequest, code: str) -> HttpResponse:
    policy = _policy(code)
    if refusal := _refuse_unless(request, policy, Policy.Status.DRAFT):
        return refusal
    if refusal := _refuse_unworkable_dates(request, policy):
        return refusal
    result = impact.preview(policy, clock.today())
    return _render_impact(
        request, policy, result, ActivateForm(blocking=len(result.blocking_units))
    )


@role_required(ADMIN)
@require_POST
def policy_activate(request: HttpRequest, code: str) -> HttpResponse:
    with transaction.atomic():
        found = Policy.objects.filter(code=code).values_list("pk", "supersedes_id").first()
        if found is None:
            raise Http404
        pk, supersedes_id = found
        locked = {
            p.pk: p
            for p in Policy.objects.select_for_update()
            .filter(pk__in=[pk, supersedes_id])
            .prefetch_related(*SCOPE)
            .order_by("pk")
        }
        policy = locked[pk]
        if refusal := _refuse_unless(request, policy, Policy.Status.DRAFT):
            return refusal
        if refusal := _refuse_unworkable_dates(request, policy):
            return refusal
        result = impact.preview(policy, clock.today())
        form = ActivateForm(request.POST, blocking=len(result.blocking_units))
        if not form.is_valid():
            return _render_impact(request, policy, result, form)
        versions.activate(
            policy,
            locked.get(policy.supersedes_id),
            signed_in_user(request),
            override=form.cleaned_data["override_reason"] if result.blocking_units else "",
            short_units=[u.unit.name for u in result.blocking_units],
            changed_staff=result.changed_staff,
            changed_units=result.changed_units,
        )
    messages.success(
        request, _("Kebijakan '%(title)s' sekarang berlaku.") % {"title": policy.title}
    )
    # An explicit fragment: otherwise the browser keeps the form's, which this page lacks.
    return redirect(reverse("policy_detail", args=[policy.code]) + "#main")
