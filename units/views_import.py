"""Staff import screens: upload, preview with row-level errors, confirm, progress.

The reading, checking and writing live in units.imports; these views only move between the steps.
"""

import csv

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from units import imports
from units.access import ADMIN, role_required
from units.models import StaffImport

PREVIEW_PAGE_SIZE = 200
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


class StaffFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas daftar pegawai (CSV atau XLSX)"),
        help_text=gettext_lazy(
            "Berkas .csv (pemisah koma atau titik koma) atau .xlsx (lembar pertama dibaca), "
            "paling banyak 20.000 baris."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={"required": gettext_lazy("Pilih berkas yang akan diimpor.")},
    )

    def clean_file(self) -> list[dict]:
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Berkas terlalu besar (lebih dari %(mb)s MB). Bagi menjadi beberapa berkas.")
                % {"mb": f"{limit / (1024 * 1024):g}".replace(".", ",")}
            )
        try:
            return imports.read_table(upload)
        except imports.ImportFileError as error:
            raise forms.ValidationError(str(error)) from error


def _job_or_404(code) -> StaffImport:
    return get_object_or_404(StaffImport.objects.select_related("created_by"), code=code)


def _question(counts: dict) -> str:
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


def _run_context(job: StaffImport, auto: bool = False) -> dict:
    counts = job.summary.get("counts") or imports.counts(job.rows)
    total = len(job.rows)
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
        "auto": auto,
    }


@role_required(ADMIN)
@require_http_methods(["GET", "POST"])
def employee_import(request):
    """Upload: parse and check the file, keep the checked rows for the preview; no Employee yet."""
    if request.method == "POST":
        form = StaffFileForm(request.POST, request.FILES)
    else:
        form = StaffFileForm()
    if form.is_bound and form.is_valid():
        rows = imports.check_table(form.cleaned_data["file"])
        job = StaffImport.objects.create(
            filename=request.FILES["file"].name[:255],
            created_by=request.user,
            rows=rows,
            summary={"counts": imports.counts(rows)},
        )
        return redirect("employee_import_preview", code=job.code)
    recent = StaffImport.objects.select_related("created_by").defer("rows")[:10]
    return render(request, "units/import_upload.html", {"form": form, "recent": recent})


@role_required(ADMIN)
def import_preview(request, code):
    job = _job_or_404(code)
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
    return render(request, "units/import_preview.html", context)


@role_required(ADMIN)
@require_POST
def import_run(request, code):
    """Write the next chunk; htmx gets the progress partial, which posts again until done."""
    job = _job_or_404(code)
    was_done = job.status == StaffImport.Status.DONE
    try:
        job = imports.run_chunk(job.pk)
    except IntegrityError:
        # A NIP was added elsewhere between the check and the write; the retry sees it.
        messages.error(request, _("Data pegawai berubah saat impor berjalan. Tekan Lanjutkan."))
        job.refresh_from_db()
    else:
        if job.status == StaffImport.Status.DONE and not was_done:
            messages.success(request, _("Impor %(name)s selesai.") % {"name": job.filename})
    if request.htmx:
        auto = job.status == StaffImport.Status.RUNNING
        return render(request, "units/import_preview.html#run", _run_context(job, auto=auto))
    return redirect("employee_import_preview", code=job.code)


@role_required(ADMIN)
@require_POST
def import_cancel(request, code):
    job = _job_or_404(code)
    stopped = StaffImport.objects.filter(
        pk=job.pk, status__in=[StaffImport.Status.PREVIEW, StaffImport.Status.RUNNING]
    ).update(status=StaffImport.Status.CANCELLED)
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
def import_template(request):
    """An empty staff list with the expected header, semicolon-separated for Excel in Indonesia."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="templat-impor-pegawai.csv"'
    response.write("\ufeff")  # Excel reads the file as UTF-8 only with a BOM
    csv.writer(response, delimiter=";").writerow(imports.TEMPLATE_HEADER)
    return response


@role_required(ADMIN)
def import_errors(request, code):
    """The rows with errors as CSV, to fix in the spreadsheet and upload again."""
    job = _job_or_404(code)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="galat-{job.code}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    # Same headers as the template, so the fixed file can be uploaded again as it is.
    writer.writerow([_("Baris"), *imports.TEMPLATE_HEADER, _("Galat")])
    fields = ["nip", "full_name", "asn_type", "position_title", "position_category", "unit"]
    for row in job.rows:
        if row["errors"]:
            data = row["data"]
            writer.writerow(
                [row["line"], *(data[f] for f in fields), data["service_role"] or "",
                 data["start_date"] or "", " ".join(row["errors"])]
            )
    return response
