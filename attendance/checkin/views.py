"""Checking in: the phone form on the staff day page, the rotating QR kiosk, and the scanned QR link."""

import uuid

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from attendance.checkin import kiosk, recording
from attendance.checkin.fragments import escaped as _e
from attendance.checkin.fragments import event_html as _event_html
from attendance.checkin.fragments import hm as _hm
from attendance.models import CheckIn
from policy.models import Arrangement
from policy.plan import day_plan
from policy.plan.building import tables as plan_tables
from units import clock
from units.access import ADMIN, HEAD, OPERATOR, access_for, get_unit_or_404, role_required
from units.models import Unit

# A scanned code stays good this long for someone who first had to sign in (seconds).
SIGN_IN_ALLOWANCE = 300
SEEN_KEY = "kiosk_seen"
# The largest accuracy (metres) taken from a phone. A browser without GPS or Wi-Fi reports its guess from
# the network, which can be tens of kilometres; anything beyond this is not a position (and a value past
# the stored integer's range was a server error).
MAX_ACCURACY_M = 1_000_000
POSITION_FIELDS = ("latitude", "longitude", "accuracy")


class HiddenInput(forms.HiddenInput):
    """Django's hidden input, written without the template engine: the check-in answer renders six of them
    on the hot path (the same HTML as django/forms/widgets/input.html and attrs.html)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        html = [f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"']
        if widget["value"] is not None:
            html.append(f' value="{escape(widget["value"])}"')
        for key, item in widget["attrs"].items():
            if item is not False:
                html.append(f" {key}" if item is True else f' {key}="{escape(item)}"')
        return mark_safe("".join(html) + ">")


class CheckInForm(forms.Form):
    """The check-in button's form. The location fields are filled by static/js/hadir.js; without
    the script they stay empty and the location counts as unavailable (a reason is then asked for).
    A coordinate or accuracy out of its range, infinite or NaN makes the form invalid: nothing a phone
    sends, so the view answers 400 (`bad_position`) rather than record it."""

    token = forms.UUIDField(widget=HiddenInput)
    kind = forms.ChoiceField(required=False, choices=CheckIn.Kind.choices, widget=HiddenInput)
    latitude = forms.FloatField(required=False, min_value=-90, max_value=90, widget=HiddenInput)
    longitude = forms.FloatField(required=False, min_value=-180, max_value=180, widget=HiddenInput)
    accuracy = forms.FloatField(required=False, min_value=0, max_value=MAX_ACCURACY_M, widget=HiddenInput)
    location_status = forms.CharField(required=False, max_length=12, widget=HiddenInput)
    reason = forms.CharField(
        label=gettext_lazy("Alasan"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Misalnya: rapat di kantor kecamatan, GPS ponsel tidak akurat di dalam gedung."),
    )

    def position(self) -> recording.Position:
        data = self.cleaned_data
        status = data.get("location_status") or ""
        if status == recording.POSITION_OK and (data.get("latitude") is None or data.get("longitude") is None):
            status = "unavailable"
        return recording.Position(data.get("latitude"), data.get("longitude"), data.get("accuracy"), status)

    @property
    def bad_position(self) -> bool:
        return any(name in self.errors for name in POSITION_FIELDS)


def fresh_form(day) -> CheckInForm:
    return CheckInForm(initial={"token": uuid.uuid4(), "kind": day.next_kind})


def page_context(employee, *, day=None, form=None, outcome=None, full=True) -> dict:
    """Everything my_day.html shows; `day` is reused when the POST has already built it. full=False: only
    what the check-in card (the htmx answer to the button) shows, without a query."""
    today, now = clock.today(), clock.now()
    if day is None:
        day = recording.day_for(employee, today, now)
    day.evaluate(now)
    cell = day.cell
    context = {
        "employee": employee,
        "today": today,
        "now": now,
        "day": day,
        "status": day.status,
        "cell": cell,
        "modes": day_plan,
        "hours": day.hours,
        "fence": recording.fence_for(employee, cell.mode),
        "form": form or fresh_form(day),
        "outcome": outcome,
        "not_needed": "" if day.needs_checkin else recording.not_needed_text(cell),
    }
    if full:
        tables = plan_tables()  # schedules and holidays from memory, as the plan read them (policy.plan.reference)
        context.update(
            arrangement=Arrangement.objects.filter(pk=cell.arrangement_id).first() if cell.arrangement_id else None,
            schedule=tables.schedules[employee.effective_schedule_id],
            upcoming=tables.upcoming_holidays(today),
        )
    return context


def _own_employee(request):
    return access_for(request).employee


@login_required
@require_POST
def checkin_post(request):
    """The check-in button (hot path): one insert, or the form again asking for a reason."""
    today = clock.today()
    employee = _own_employee(request)
    if employee is None:
        return redirect("home")
    form = CheckInForm(request.POST)
    if not form.is_valid():
        if form.bad_position:
            messages.error(
                request,
                _(
                    "Lokasi yang dikirim tidak masuk akal (lintang, bujur atau akurasi di luar batas), "
                    "jadi presensi belum tercatat. Muat ulang halaman, lalu tekan tombol presensi sekali lagi."
                ),
            )
            return _answer(request, employee, form=None, status=400)
        # The token is missing or garbled: start again with a fresh form.
        messages.error(request, _("Formulir presensi tidak lengkap. Silakan tekan tombol sekali lagi."))
        return _answer(request, employee, form=None)
    outcome = recording.record(
        employee,
        request.user,
        today=today,
        now=clock.now(),
        position=form.position(),
        reason=form.cleaned_data["reason"],
        token=form.cleaned_data["token"],
        intended=form.cleaned_data["kind"],
    )
    if outcome.ok:
        if not request.htmx:
            messages.success(request, _("Presensi tersimpan."))
            return redirect("my_day")
        return _card_answer(request, employee, outcome)
    if outcome.result == recording.REFUSED:
        form = None  # nothing to fix in the form: the refusal says what to do
    else:
        form.fields["reason"].widget.attrs["autofocus"] = True
    return _answer(request, employee, day=outcome.day, form=form, outcome=outcome)


def _answer(request, employee, status=200, **kwargs):
    template = "attendance/checkin/my_day.html"
    if request.htmx:
        template += "#checkin"
    response = render(request, template, page_context(employee, full=not request.htmx, **kwargs), status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _card_answer(request, employee, outcome):
    """The htmx answer to a recorded (or repeated) check-in: the card written out by `card_html`."""
    day = outcome.day
    day.evaluate(clock.now())
    response = HttpResponse(card_html(request, employee, day, outcome, uuid.uuid4()))
    patch_vary_headers(response, ["HX-Request"])
    return response


# The check-in card, written out. The answer to the check-in button is most of what a check-in costs the
# server in the morning rush: rendered by the template engine (my_day.html#checkin with checkin_state.html
# and checkin_event.html: ~50 variable lookups, ~20 translation tags, six form widgets) it cost more than the
# rest of the view. `card_html` writes the same HTML for the one shape the rush answers (a recorded or
# repeated check-in, a fresh form), with the same message ids and the same escaping as the template tags;
# every other answer (a reason to give, a refusal, the full page) still renders the template. As in the
# tags, translations are written as they are (a template's literal is safe, and so is its translation)
# and the values put into them are escaped (`_e`).
# tests/attendance/test_checkin_card.py renders both for many days and asserts the same HTML (whitespace
# aside): a change to those templates must be made here too.


def _recorded_html(event: CheckIn, code: str, minutes: int, off_by: str) -> str:
    """One <dd> of checkin_state.html for a recorded event: the time, the lateness or early leave (`off_by`,
    an ngettext message with %(minutes)s and %(code)s) or "tepat waktu", and how it was made."""
    recorded = _("Tercatat %(time)s") % {"time": _e(_hm(event.at))}
    if code:
        verdict = ngettext(off_by, off_by, minutes) % {"code": _e(code), "minutes": _e(minutes)}
    else:
        verdict = _("tepat waktu")
    return f"\n    <strong>{recorded}</strong> —\n    {verdict}\n    {_event_html(event)}\n  "


def _state_html(day: recording.Day) -> str:
    """templates/attendance/checkin_state.html."""
    status = day.status
    if day.first_in:
        arrived = _recorded_html(day.first_in, day.late_code, status.late_minutes, "terlambat %(minutes)s menit (%(code)s)")
    elif status.code == "TK":
        arrived = _("Tidak ada presensi masuk; hari kerja sudah berakhir (TK).")
    else:
        arrived = _("Belum presensi masuk.")
    if day.last_out:
        left = _recorded_html(day.last_out, day.early_code, status.early_minutes, "%(minutes)s menit lebih awal (%(code)s)")
    elif status.missing_out:
        left = _("Tidak ada presensi pulang (dihitung pulang sebelum waktunya).")
    else:
        left = _("Belum presensi pulang.")
    return (
        f'<dl class="state">\n  <dt>{_("Masuk")}</dt>\n  <dd>{arrived}</dd>\n'
        f"  <dt>{_('Pulang')}</dt>\n  <dd>{left}</dd>\n</dl>\n"
    )


def card_html(request, employee, day: recording.Day, outcome: recording.Outcome, token: uuid.UUID) -> str:
    """my_day.html's `checkin` partial for an evaluated day that needs check-ins, after `outcome` (recorded
    or duplicate), with a fresh form carrying `token`."""
    row, hours = outcome.checkin, day.hours
    if day.night_shift_out:
        title = _("Presensi shift yang mulai %(date)s") % {"date": _e(date_format(day.date, "l, j F"))}
    else:
        title = _("Presensi hari ini")
    if outcome.result == recording.DUPLICATE:
        result = _("Sudah tercatat sebelumnya: %(kind)s pukul %(time)s.")
    else:
        result = _("Tersimpan: %(kind)s pukul %(time)s.")
    result %= {"kind": _e(row.get_kind_display()), "time": _e(_hm(row.at))}
    html = [
        '\n<section class="card checkin" id="checkin" aria-labelledby="checkin-title">\n',
        f'  <h2 id="checkin-title">{title}</h2>\n',
        f'  <p class="result" role="status" data-checkin="{_e(row.pk)}">{result}</p>\n',
    ]
    if hours:
        line = _("WFH") if day.cell.mode == day_plan.WFH else _("Di kantor")
        times = {"start": _e(_hm(hours.start)), "end": _e(_hm(hours.end))}
        line += " · " + _("Jam kerja %(start)s–%(end)s") % times
        if hours.break_start:
            times = {"start": _e(_hm(hours.break_start)), "end": _e(_hm(hours.break_end))}
            line += " · " + _("istirahat %(start)s–%(end)s") % times
        html.append(f'  <p class="plan-line">{line}</p>\n')
    url = _e(reverse("checkin"))
    kind = day.next_kind
    hidden = "".join(
        f'<input type="hidden" name="{name}"{value} id="id_{name}">'
        for name, value in (
            ("token", f' value="{_e(token)}"'),
            ("kind", "" if kind is None else f' value="{_e(kind)}"'),
            ("latitude", ""),
            ("longitude", ""),
            ("accuracy", ""),
            ("location_status", ""),
        )
    )
    fence = recording.fence_for(employee, day.cell.mode)
    if fence is not None and fence.place == "office":
        where = _("Lokasi Anda dibandingkan dengan titik kantor (radius %(r)s m).")
        where %= {"r": _e(fence.radius_m)}
    elif fence is not None and fence.place == "home":
        where = _("Hari ini WFH: lokasi Anda dibandingkan dengan rumah terdaftar (radius %(r)s m).")
        where %= {"r": _e(fence.radius_m)}
    else:
        where = _("Lokasi Anda dicatat, tetapi jaraknya tidak diperiksa (titik pembanding belum diisi).")
    html += [
        _state_html(day),
        f'  <form method="post" action="{url}" class="checkin-form" data-geolocate\n'
        f'        hx-post="{url}" hx-target="#checkin" hx-swap="outerHTML" '
        f'hx-disabled-elt="find button[type=submit]">\n',
        f'    <input type="hidden" name="csrfmiddlewaretoken" value="{_e(get_token(request))}">\n',
        f"    {hidden}\n",
        f'    <button type="submit" class="big" data-busy="{_("Mengambil lokasi…")}">'
        f"{_('Presensi masuk') if kind == recording.IN else _('Presensi pulang')}</button>\n",
        f'    <p class="help">\n      {_("Waktu diambil dari jam server, bukan dari ponsel.")}\n      {where}\n',
    ]
    if kind == recording.OUT:
        html.append(f"      {_('Presensi pulang boleh diulang; yang terakhir yang dihitung.')}\n")
    html.append("    </p>\n  </form>\n</section>\n")
    return "".join(html)


@never_cache
@require_http_methods(["GET", "POST"])
def checkin_qr(request, token):
    """A scanned kiosk code: check the signed-in person in (or out) as present at the kiosk's unit.
    A check-out before the end of the hours is confirmed with a POST to the same address."""
    now = clock.now()
    try:
        scan = kiosk.read(token)
    except kiosk.BadToken:
        return _qr_refusal(request, _("Kode QR ini tidak dikenali. Pindai kode yang tampil di layar kios."), 400)
    if not request.user.is_authenticated:
        if not kiosk.expired(scan, now):
            _remember_scan(request, scan, now)
        return redirect_to_login(request.get_full_path())
    employee = _own_employee(request)
    if employee is None:
        return _qr_refusal(request, _("Akun ini bukan akun pegawai, jadi tidak dapat presensi."), 403)
    seen_at = request.session.get(SEEN_KEY, {}).get(scan.nonce)
    seen_recently = seen_at is not None and now.timestamp() - seen_at <= SIGN_IN_ALLOWANCE
    if kiosk.expired(scan, now) and not seen_recently:
        # A retry after a 503 comes a minute later: if this scan was saved, record() answers with it.
        if not CheckIn.objects.filter(employee=employee, qr_nonce=scan.nonce).exists():
            return _qr_refusal(
                request,
                _("Kode QR ini sudah kedaluwarsa (kode berganti setiap 30 detik). Pindai kode yang sedang tampil di layar kios."),
                400,
            )
    unit = Unit.objects.filter(code=scan.unit_code).first()
    if unit is None:
        return _qr_refusal(request, _("Kode QR ini tidak dikenali. Pindai kode yang tampil di layar kios."), 400)
    if not employee.unit.tree_path.startswith(unit.tree_path):
        message = _(
            "Kode QR ini milik kios %(kiosk)s, sedangkan Anda terdaftar di %(own)s. Pindai kode di kios unit Anda "
            "sendiri, atau presensi dengan tombol di halaman Presensi."
        ) % {"kiosk": unit.name, "own": employee.unit.name}
        return _qr_refusal(request, message, 403)
    outcome = recording.record(
        employee,
        request.user,
        today=clock.today(),
        now=now,
        kiosk_unit=unit,
        qr_nonce=scan.nonce,
        early_out_confirmed=request.method == "POST",
    )
    outcome.day.evaluate(now)
    if outcome.result == recording.CONFIRM:
        _remember_scan(request, scan, now)  # the code may change while the person decides
    status = 200 if outcome.ok or outcome.result == recording.CONFIRM else 409
    return render(
        request,
        "attendance/checkin/qr.html",
        {"outcome": outcome, "day": outcome.day, "status": outcome.day.status, "unit": unit, "now": now},
        status=status,
    )


def _remember_scan(request, scan, now):
    seen = request.session.get(SEEN_KEY, {})
    seen = {nonce: at for nonce, at in seen.items() if now.timestamp() - at <= SIGN_IN_ALLOWANCE}
    seen[scan.nonce] = now.timestamp()
    request.session[SEEN_KEY] = seen


def _qr_refusal(request, message, status):
    return render(request, "attendance/checkin/qr.html", {"refusal": message}, status=status)


@never_cache
@role_required(ADMIN, HEAD, OPERATOR)
def kiosk_page(request, code):
    """The counter tablet's page: a QR code that changes every 30 seconds (htmx polls the partial)."""
    unit = get_unit_or_404(request, code)
    now = clock.now()
    url = request.build_absolute_uri(reverse("checkin_qr", args=[kiosk.issue(unit.code, now)]))
    title = _("Kode QR presensi %(unit)s") % {"unit": unit.short_name}
    svg = segno.make(url, error="m").svg_inline(scale=1, border=2, omitsize=True, title=title)
    template = "attendance/checkin/kiosk.html"
    if request.htmx:
        template += "#qr"
    response = render(
        request,
        template,
        {
            "unit": unit,
            "now": now,
            "svg": mark_safe(svg),  # segno escapes the title; the rest is our own URL
            "seconds_left": kiosk.seconds_left(now),
            "checkin_url": url,
        },
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def my_day(request):
    """The check-in page (staff land here): today's hours, what is required and why, the state of the
    day, and one button to check in or out."""
    employee = access_for(request).employee
    if employee is None:
        return redirect("home")
    return render(request, "attendance/checkin/my_day.html", page_context(employee))
