"""Checking in: the phone form on the staff day page, the rotating QR kiosk, and the scanned QR link."""

import datetime as dt
import uuid

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from attendance.checkin import device, kiosk, photos, recording, undo
from attendance.evaluation.bulk import local
from attendance.models import CheckIn
from policy.models import Arrangement
from policy.plan import day_plan
from policy.plan.building import tables as plan_tables
from units import clock
from units.access import ADMIN, HEAD, OPERATOR, access_for, get_unit_or_404, role_required
from units.http import HtmxHttpRequest
from units.models import Employee, Passkey, Unit
from units.passkeys import ceremony

# A scanned code stays good this long for someone who first had to sign in (seconds).
SIGN_IN_ALLOWANCE = 300
SEEN_KEY = "kiosk_seen"
# The largest accuracy (metres) taken from a phone. A browser without GPS or Wi-Fi reports its guess from
# the network, which can be tens of kilometres; anything beyond this is not a position (and a value past
# the stored integer's range was a server error).
MAX_ACCURACY_M = 1_000_000
POSITION_FIELDS = ("latitude", "longitude", "accuracy")
NOT_SENT_BACK = ("passkey",)  # a signature is never written back into the form: the phone signs each press afresh


class CheckInForm(forms.Form):
    """The check-in button's form. The location fields are filled by static/js/hadir.js; without
    the script they stay empty and the location counts as unavailable (a reason is then asked for).
    A coordinate or accuracy out of its range, infinite or NaN makes the form invalid: nothing a phone
    sends, so the view answers 400 (`bad_position`) rather than record it."""

    token = forms.UUIDField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(required=False, choices=CheckIn.Kind.choices, widget=forms.HiddenInput)
    latitude = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    accuracy = forms.FloatField(required=False, min_value=0, max_value=MAX_ACCURACY_M, widget=forms.HiddenInput)
    location_status = forms.CharField(required=False, max_length=12, widget=forms.HiddenInput)
    # The attempts answered "wait for a better fix" so far (recording.RETRY): the server counts them here.
    tries = forms.IntegerField(required=False, min_value=0, max_value=100, widget=forms.HiddenInput)
    # "Ya, presensi pulang sekarang": the answer to the question a check-out well before the end of the hours
    # asks first (recording.confirm_early_out).
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # The registered phone's signature of this check-in (units/passkeys/ceremony.py), written by static/js/passkey.js.
    passkey = forms.CharField(required=False, max_length=20_000, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=gettext_lazy("Alasan"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Misalnya: rapat di kantor kecamatan, GPS ponsel tidak akurat di dalam gedung."),
    )
    # The face photo (SE BKPSDM 4/2025), taken by static/js/photo.js when the person presses the button;
    # checked (attendance.checkin.photos) only where the unit asks for one (Unit.photo_required).
    photo = forms.FileField(required=False, allow_empty_file=True)

    def __init__(self, *args, photo_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.photo_required = photo_required

    def clean_photo(self) -> photos.Photo | None:
        """The photo ready to store (one face in it), None where none is asked for; refusals say why."""
        if not self.photo_required:
            return None
        try:
            return photos.check(self.cleaned_data.get("photo"))
        except photos.Refused as refusal:
            raise forms.ValidationError(refusal.message, code=refusal.code) from None

    @property
    def photo_problem(self) -> str:
        return " ".join(str(error) for error in self.errors.get("photo", []))

    def position(self) -> recording.Position:
        data = self.cleaned_data
        status = data.get("location_status") or ""
        if status == recording.POSITION_OK and any(data.get(name) is None for name in POSITION_FIELDS):
            status = "unavailable"
        return recording.Position(data.get("latitude"), data.get("longitude"), data.get("accuracy"), status)

    def hidden_inputs(self) -> list[tuple[str, str, str | None]]:
        """(name, id, value) of each hidden field, the value as its widget formats it (None: no value
        attribute): the card writes the inputs out rather than render a widget template for each, the
        larger part of its cost (docs/performance.md, "Check-in")."""
        return [
            (field.html_name, field.auto_id, None if field.name in NOT_SENT_BACK else field.field.widget.format_value(field.value()))
            for field in self.hidden_fields()
        ]

    @classmethod
    def fresh_inputs(cls, token: uuid.UUID, kind: str | None) -> list[tuple[str, str, str | None]]:
        """hidden_inputs() of a new form for the next press (this token, this kind), read from the class's
        fields: an instance would first deep-copy all of them, the larger part of the answer's second form
        (docs/performance.md, "Check-in"). tests/attendance/checkin/test_checkin_card.py keeps the two equal."""
        initial = {"token": token, "kind": kind}
        return [
            (name, f"id_{name}", None if name in NOT_SENT_BACK else field.widget.format_value(field.prepare_value(initial.get(name, field.initial))))
            for name, field in cls.base_fields.items()
            if field.widget.is_hidden
        ]

    @property
    def bad_position(self) -> bool:
        return any(name in self.errors for name in POSITION_FIELDS)


def page_context(
    employee: Employee,
    *,
    day: recording.Day | None = None,
    form: CheckInForm | None = None,
    outcome: recording.Outcome | None = None,
    full: bool = True,
    request: HttpRequest | None = None,
    passkeys: list[Passkey] | None = None,
) -> dict:
    """Everything my_day.html shows; `day` is reused when the POST has already built it. full=False: only
    what the check-in card (the htmx answer to the button) shows, without a query. `form`: the one sent, shown
    again (its reason, its refusal); without one the card holds a fresh form (a new token, the next kind)."""
    today, now = clock.today(), clock.now()
    if day is None:
        day = recording.day_for(employee, today, now)
    day.evaluate(now)
    cell = day.cell
    token = form["token"].value() if form is not None else uuid.uuid4()
    context = {
        "employee": employee,
        "today": today,
        "now": now,
        "day": day,
        "status": day.status,
        "cell": cell,
        "modes": day_plan,
        "hours": day.hours,
        "fences": recording.fences_for(employee, cell),
        "form": form,
        "hidden_inputs": form.hidden_inputs() if form is not None else CheckInForm.fresh_inputs(token, day.next_kind),
        "outcome": outcome,
        "not_needed": "" if day.needs_checkin else recording.not_needed_text(cell),
        "photo_needed": day.needs_checkin and employee.unit.photo_required,
        "show_photos": True,  # the person's own photos beside their check-ins (attendance/checkin/_event.html)
    }
    undoable = day.undoable(now)
    if undoable is not None:  # "Batalkan presensi pulang" (attendance.checkin.undo)
        context.update(undoable=undoable, undo_until=undoable.at + recording.undo_window())
    context.update(passkey_context(request, employee, day, token, passkeys))
    if full:
        tables = plan_tables()  # schedules and holidays from memory, as the plan read them (policy.plan.reference)
        context.update(
            arrangement=Arrangement.objects.filter(pk=cell.arrangement_id).first() if cell.arrangement_id else None,
            schedule=tables.schedules[employee.effective_schedule_id],
            upcoming=tables.upcoming_holidays(today),
        )
    return context


def passkey_context(
    request: HttpRequest | None, employee: Employee, day: recording.Day, token: object, passkeys: list[Passkey] | None
) -> dict:
    """What the check-in form needs of passkeys (issue 15): where the unit asks for them and the person has a
    registered phone, the options that make the phone sign the form's `token`; where the unit requires them
    and the person has none, words saying so. `passkeys`: the person's active ones when already known (the
    answer to a check-in knows the one that signed it), else read here (one query, on the full page only)."""
    mode = employee.unit.passkeys
    if mode == Unit.Passkeys.OFF or not day.needs_checkin or employee.user_id is None or request is None:
        return {}
    if passkeys is None:
        passkeys = ceremony.active(employee.user)
    if not passkeys:
        return {"passkey_missing": mode}
    return {"passkey_options": ceremony.assertion_options(request, employee.user, str(token), passkeys)}


def passkey_refusal(why: str) -> str:
    return why + " " + _(
        "Presensi dari ponsel di unit Anda harus ditandatangani passkey ponsel yang terdaftar. Daftarkan ponsel "
        "ini di menu Ponsel saya, atau presensi dengan kode QR di kios unit."
    )


def _own_employee(request: HttpRequest) -> Employee | None:
    return access_for(request).employee


@login_required
@require_POST
def checkin_post(request: HtmxHttpRequest) -> HttpResponse:
    """The check-in button (hot path): one insert, answered (htmx) with the page's `checkin` partial, the
    card as the page shows it; or the form again asking for a reason. The browser's id (attendance.checkin
    .device) goes with the check-in, and into a cookie when it had none."""
    known = device.of(request)
    browser = known or device.new()
    response = _checkin_post(request, browser)
    if not known:
        device.keep(response, browser)
    return response


def _checkin_post(request: HtmxHttpRequest, browser: str) -> HttpResponse:
    today = clock.today()
    employee = _own_employee(request)
    if employee is None:
        return redirect("home")
    form = CheckInForm(request.POST, request.FILES, photo_required=employee.unit.photo_required)
    if not form.is_valid():
        if form.photo_problem and len(form.errors) == 1:
            # Checked before anything is recorded: the same form again (its token, the reason typed), the
            # refusal beside the camera, and the button to press once the face is in the picture.
            return _answer(request, employee, form=form)
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
    photo, now = form.cleaned_data["photo"], clock.now()
    signed_with: Passkey | None = None
    if employee.unit.passkeys != Unit.Passkeys.OFF:
        try:
            signed_with = ceremony.verify_checkin(request, request.user, str(form.cleaned_data["token"]), form.cleaned_data["passkey"])
        except ceremony.PasskeyError as refused:
            if employee.unit.passkeys == Unit.Passkeys.REQUIRED:
                day = recording.day_for(employee, today, now)
                outcome = recording.Outcome(recording.REFUSED, day, message=passkey_refusal(str(refused)))
                return _answer(request, employee, day=day, form=None, outcome=outcome)  # reads their phones again
            # The switch-over period: saved without one (the row says so: no passkey).
    stored: list[str] = []  # the key of the photo written, once the check-in is about to be inserted

    def store_photo() -> str:
        stored.append(photos.store(photo, now))
        return stored[-1]

    outcome = recording.record(
        employee,
        request.user,
        today=today,
        now=now,
        position=form.position(),
        reason=form.cleaned_data["reason"],
        token=form.cleaned_data["token"],
        intended=form.cleaned_data["kind"],
        early_out_confirmed=form.cleaned_data["confirmed"],
        tries=form.cleaned_data["tries"] or 0,
        photo=store_photo if photo is not None else None,
        passkey=signed_with,
        device=browser,
    )  # on an error (the database gone) the file stays: the row may be saved; the purge sweeps strays
    known = [signed_with] if signed_with else []  # the card after it asks for no query
    for key in stored:
        if not (outcome.result == recording.RECORDED and outcome.checkin and outcome.checkin.photo.name == key):
            photos.discard(key)  # the insert lost to a row already saved (a retry, a double tap): no second file
    if outcome.ok:
        if not request.htmx:
            messages.success(request, _("Presensi tersimpan."))
            return redirect("my_day")
        return _answer(request, employee, day=outcome.day, outcome=outcome, passkeys=known)
    if outcome.result == recording.REFUSED:  # nothing to fix in the form: the refusal says what to do
        return _answer(request, employee, day=outcome.day, form=None, outcome=outcome, passkeys=known)
    if outcome.result in (recording.RETRY, recording.CONFIRM):  # the same form again, counting the attempt
        data = request.POST.copy()
        data["tries"] = str(outcome.tries)
        data["confirmed"] = "True" if outcome.result == recording.CONFIRM else ""
        form.data = data
        return _answer(request, employee, day=outcome.day, form=form, outcome=outcome, passkeys=known)
    form.fields["reason"].widget.attrs["autofocus"] = True
    return _answer(request, employee, day=outcome.day, form=form, outcome=outcome, passkeys=known)


def _answer(request: HtmxHttpRequest, employee: Employee, status: int = 200, **kwargs) -> HttpResponse:
    """The check-in page, or for htmx its `checkin` partial alone (rendered without a query)."""
    template = "attendance/checkin/my_day.html"
    if request.htmx:
        template += "#checkin"
    known = kwargs.pop("passkeys", None)
    context = page_context(employee, full=not request.htmx, request=request, passkeys=known, **kwargs)
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def checkin_qr(request: HttpRequest, token: str) -> HttpResponse:
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


def _remember_scan(request: HttpRequest, scan: kiosk.Scan, now: dt.datetime) -> None:
    seen = request.session.get(SEEN_KEY, {})
    seen = {nonce: at for nonce, at in seen.items() if now.timestamp() - at <= SIGN_IN_ALLOWANCE}
    seen[scan.nonce] = now.timestamp()
    request.session[SEEN_KEY] = seen


def _qr_refusal(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "attendance/checkin/qr.html", {"refusal": message}, status=status)


def kiosk_context(request: HttpRequest, unit: Unit, poll_url: str) -> dict:
    """What the kiosk's QR partial shows (attendance/checkin/kiosk.html#qr): the code of this 30-second window as
    an SVG, the moment a scan records now, the countdown and the server's clock; `poll_url` refreshes it."""
    now = clock.now()
    today = clock.today()
    timetable = plan_tables().timetables.get(unit.schedule_id)  # from memory (policy.plan.reference)
    hours = timetable.hours_on(today) if timetable is not None else None
    url = request.build_absolute_uri(reverse("checkin_qr", args=[kiosk.issue(unit.code, now)]))
    title = _("Kode QR presensi %(unit)s") % {"unit": unit.short_name}
    svg = segno.make(url, error="m").svg_inline(scale=1, border=2, omitsize=True, title=title)
    return {
        "unit": unit,
        "now": now,
        "svg": mark_safe(svg),  # segno escapes the title; the rest is our own URL
        "seconds_left": kiosk.seconds_left(now),
        "checkin_url": url,
        "hours": hours,
        "moment": kiosk.moment(hours, today, local(now)),
        "poll_url": poll_url,
    }


@never_cache
@role_required(ADMIN, HEAD, OPERATOR)
def kiosk_page(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """The kiosk in a head's or operator's own session: a QR code that changes every 30 seconds (htmx polls the
    partial), and the way to make this browser the unit's registered kiosk (attendance.kiosk)."""
    unit = get_unit_or_404(request, code)
    template = "attendance/checkin/kiosk.html"
    if request.htmx:
        template += "#qr"
    context = kiosk_context(request, unit, reverse("kiosk", args=[unit.code]))
    context["can_register"] = access_for(request).role in (ADMIN, HEAD)
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def my_day(request: HttpRequest) -> HttpResponse:
    """The check-in page (staff land here): today's hours, what is required and why, the state of the
    day, and one button to check in or out."""
    employee = access_for(request).employee
    if employee is None:
        return redirect("home")
    response = render(request, "attendance/checkin/my_day.html", page_context(employee, request=request))
    if not device.of(request):  # the browser's id, for its first check-in (attendance.checkin.device)
        device.keep(response, device.new())
    return response


@login_required
@require_POST
def checkout_undo(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """"Batalkan presensi pulang": the person takes back their own check-out made moments ago (attendance.checkin
    .undo); answered like the button, with the check-in card (htmx) or the page."""
    employee = _own_employee(request)
    if employee is None or not CheckIn.objects.filter(pk=pk, employee=employee).exists():
        raise Http404  # only one's own check-outs; another's id says nothing of it
    try:
        taken_back = undo.undo(employee, request.user, pk, clock.now())
    except undo.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("Presensi pulang pukul %(time)s dibatalkan. Tekan Presensi pulang lagi saat Anda benar-benar pulang.")
            % {"time": f"{local(taken_back.at):%H:%M}"},
        )
    if not request.htmx:
        return redirect("my_day")
    return _answer(request, employee)


@login_required
def checkin_photo(request: HttpRequest, pk: int, ref: str) -> FileResponse:
    """A check-in's face photo, for the person, the heads above them and admins only (UU 27/2022: the
    same as the home location); 404 for anyone else, and for an id without the photo's random reference.
    Never cached, never sniffed."""
    row = CheckIn.objects.select_related("employee__unit").filter(pk=pk).first()
    if row is None or not photos.matches(row.photo.name, ref):
        raise Http404
    if not access_for(request).can_see_personal_data(row.employee):
        raise Http404
    try:
        file = row.photo.open("rb")
    except OSError:  # purged meanwhile
        raise Http404 from None
    response = FileResponse(file, content_type="image/jpeg", filename=f"foto-presensi-{row.date:%Y%m%d}.jpg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
