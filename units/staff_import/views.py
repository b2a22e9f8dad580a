"""Staff import screens: upload, reading progress, preview with row-level errors, confirm,
writing progress.

The reading, checking and writing live in units.staff_import.importer and run on the task runner; these views
store the upload, enqueue the work and show where it stands (htmx polls the import's page).
"""

import csv
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRefresh

from units import clock
from units.access import ADMIN, role_required, signed_in_user
from units.http import HtmxHttpRequest
from units.models import StaffImport
from units.spreadsheet import inert_row
from units.staff_import import importer
from units.staff_import.forms import StaffFileForm

PREVIEW_PAGE_SIZE = 200
POLL_SECONDS = 2
ACTION_LABELS = {
    "create": gettext_lazy("Baru"),
    "update": gettext_lazy("Diperbarui"),
    "same": gettext_lazy("Tidak berubah"),
    "error": gettext_lazy("Galat"),
}
ACTION_TAGS = {"error": "bad", "create": "ok", "update": "ok", "same": "muted"}


def _n(value: int) -> str:
    """1000 as "1.000" (Indonesian grouping) whatever USE_THOUSAND_SEPARATOR says."""
    return number_format(value, force_grouping=True)


def _job_or_404(code: str, with_rows: bool = True) -> StaffImport:
    """The import by its code, never with the stored upload; without its rows (which may be
    megabytes) for what polls."""
    jobs = StaffImport.objects.select_related("created_by").defer("upload")
    return get_object_or_404(jobs if with_rows else jobs.defer("rows"), code=code)


def _question(counts: dict[str, int]) -> str:
    create, update = _n(counts["create"]), _n(counts["update"])
    if counts["create"] and counts["update"]:
        text = _("Impor %(create)s pegawai baru dan perbarui %(update)s?")
    elif counts["create"]:
        text = _("Impor %(create)s pegawai baru?")
    else:
        text = _("Perbarui data %(update)s pegawai?")
    text %= {"create": create, "update": update}
    if counts["error"]:
        text += " " + _("%(error)s baris bergalat tidak diimpor.") % {"error": _n(counts["error"])}
    return text


def _run_context(job: StaffImport) -> dict[str, Any]:
    """What the confirm/progress card shows; reads job.rows only when the counts were not kept."""
    counts = job.summary.get("counts") or importer.counts(job.rows)
    total = sum(counts.values())
    summary = {k: _n(job.summary.get(k, 0)) for k in ("created", "updated", "unchanged", "skipped")}
    return {
        "job": job,
        "counts": counts,
        "writable": counts["create"] + counts["update"],
        "question": _question(counts),
        "total": total,
        "total_text": _n(total),
        "processed_text": _n(min(job.processed, total)),
        "percent": round(100 * job.processed / total) if total else 100,
        "summary": summary,
        "stalled": importer.stalled(job),
        "poll": POLL_SECONDS,
    }


def _wait_context(job: StaffImport) -> dict[str, Any]:
    """The reading card (PARSING, FAILED); a file still unread after minutes has no worker."""
    late = job.created_at < clock.now() - importer.STALLED_AFTER
    return {
        "job": job,
        "late": job.status == StaffImport.Status.PARSING and late,
        "poll": POLL_SECONDS,
    }


@role_required(ADMIN)
@require_http_methods(["GET", "POST"])
def employee_import(request: HttpRequest) -> HttpResponse:
    """Upload: keep the file on a new import and let the task runner read and check it; the
    person waits on the import's page. No Employee is touched before they confirm."""
    if request.method == "POST":
        form = StaffFileForm(request.POST, request.FILES)
    else:
        form = StaffFileForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        upload.seek(0)
        # One transaction: with the database backend the task's row commits with the import it
        # reads, so a worker never picks up a task whose import it cannot see yet.
        with transaction.atomic():
            job = StaffImport.objects.create(
                filename=upload.name[:255],
                created_by=signed_in_user(request),
                status=StaffImport.Status.PARSING,
                upload=upload.read(),
            )
            importer.parse_upload.enqueue(job.pk, get_language())
        return redirect("employee_import_preview", code=job.code)
    recent = StaffImport.objects.select_related("created_by").defer("rows", "upload")[:10]
    return render(request, "units/staff_import/upload.html", {"form": form, "recent": recent})


WAITING = (StaffImport.Status.PARSING, StaffImport.Status.FAILED)


@role_required(ADMIN)
@vary_on_headers("HX-Request", "HX-Target")
def import_preview(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """The import's page: reading progress, then the preview and confirmation, then the writing's
    progress. htmx polls it: the reading card (#import-wait) until the preview is ready, then the
    whole page once; the writing card (#import-run) until done. Polls never load the rows."""
    if request.htmx:
        job = _job_or_404(code, with_rows=False)
        if request.htmx.target == "import-wait":
            if job.status == StaffImport.Status.PARSING:
                return render(request, "units/staff_import/preview.html#wait", _wait_context(job))
            return HttpResponseClientRefresh()  # read: load the preview as a whole page
        if job.status not in WAITING:
            return render(request, "units/staff_import/preview.html#run", _run_context(job))
    job = _job_or_404(code)
    if job.status in WAITING:
        return render(request, "units/staff_import/preview.html", _wait_context(job))
    context = _run_context(job)
    show = request.GET.get("tampil", "")
    rows = [r for r in job.rows if r["action"] == show] if show in ACTION_LABELS else job.rows
    rows = sorted(rows, key=lambda r: r["action"] != "error")  # stable: file order within groups
    page = Paginator(rows, PREVIEW_PAGE_SIZE).get_page(request.GET.get("halaman"))
    for row in page.object_list:
        row["label"] = ACTION_LABELS[row["action"]]
        row["tag"] = ACTION_TAGS[row["action"]]
    filters = [("", _("Semua"), len(job.rows))] + [
        (key, label, context["counts"][key]) for key, label in ACTION_LABELS.items()
    ]
    context.update(
        page=page,
        show=show,
        filters=[(key, label, _n(count)) for key, label, count in filters],
        first=_n(page.start_index()),
        last=_n(page.end_index()),
        shown_total=_n(len(rows)),
    )
    return render(request, "units/staff_import/preview.html", context)


@role_required(ADMIN)
@require_POST
def import_run(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """Confirm (or resume a stalled import): the task runner writes every chunk; htmx gets the
    progress card, which polls the import's page until done. A second confirmation starts nothing."""
    job = _job_or_404(code, with_rows=False)
    if importer.start_writing(job.pk) or importer.resume_writing(job):
        importer.write_rows.enqueue(job.pk, get_language())
    if request.htmx:
        job = _job_or_404(code, with_rows=False)
        if job.status in WAITING:
            return HttpResponseClientRefresh()
        return render(request, "units/staff_import/preview.html#run", _run_context(job))
    return redirect("employee_import_preview", code=job.code)


@role_required(ADMIN)
@require_POST
def import_cancel(request: HttpRequest, code: str) -> HttpResponse:
    job = _job_or_404(code, with_rows=False)
    stopped = StaffImport.objects.filter(
        pk=job.pk,
        status__in=[
            StaffImport.Status.PARSING, StaffImport.Status.PREVIEW, StaffImport.Status.RUNNING
        ],
    ).update(status=StaffImport.Status.CANCELLED, upload=None)
    # Read after the UPDATE, which waited for a chunk being written: no chunk follows it.
    job.refresh_from_db(fields=["processed"])
    if stopped and job.processed:
        messages.warning(
            request,
            _("Impor %(name)s dihentikan; %(n)s baris yang sudah diproses tetap tersimpan.")
            % {"name": job.filename, "n": _n(job.processed)},
        )
    elif stopped:
        messages.success(
            request,
            _("Impor %(name)s dibatalkan; tidak ada data yang diubah.") % {"name": job.filename},
        )
    return redirect("employee_import")


@role_required(ADMIN)
def import_template(request: HttpRequest) -> HttpResponse:
    """An empty staff list with the expected header, semicolon-separated for Excel in Indonesia."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="templat-impor-pegawai.csv"'
    response.write("\ufeff")  # Excel reads the file as UTF-8 only with a BOM
    csv.writer(response, delimiter=";").writerow(inert_row(importer.TEMPLATE_HEADER))
    return response


@role_required(ADMIN)
def import_errors(request: HttpRequest, code: str) -> HttpResponse:
    """The rows with errors as CSV, to fix in the spreadsheet and upload again. What was uploaded is
    written back as text that cannot start a formula (units.spreadsheet)."""
    job = _job_or_404(code)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="galat-{job.code}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    # Same headers as the template, so the fixed file can be uploaded again as it is.
    writer.writerow(inert_row([_("Baris"), *importer.TEMPLATE_HEADER, _("Galat")]))
    fields = ["nip", "full_name", "asn_type", "position_title", "position_category", "unit"]
    for row in job.rows:
        if row["errors"]:
            data = row["data"]
            writer.writerow(
                inert_row(
                    [row["line"], *(data[f] for f in fields), data["service_role"] or "",
                     data["start_date"] or "", " ".join(row["errors"])]
                )
            )
    return response
