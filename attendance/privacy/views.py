"""Personal data (UU 27/2022): the privacy notice, readable without signing in, and a person's own data."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from attendance.privacy import personal_data
from policy import audit
from policy.models import AuditEvent
from units import clock
from units.access import own_employee, signed_in_user


def privacy_notice(request: HttpRequest) -> HttpResponse:
    """Pemberitahuan Privasi: purpose, legal basis, what is kept, who sees it, for how long, rights."""
    return render(
        request,
        "attendance/privacy/notice.html",
        {"retention_days": settings.PERSONAL_DATA_RETENTION_DAYS, "status_months": personal_data.STATUS_MONTHS},
    )


@never_cache
@login_required
def my_data_download(request: HttpRequest) -> FileResponse:
    """Everything Hadir keeps about the signed-in person, as a ZIP of CSV files: only their own (no id
    is taken), for any account with an employee record (403 for a bare admin login)."""
    employee = own_employee(request)
    today = clock.today()
    archive = personal_data.my_data_zip(employee, today=today, now=clock.now())
    audit.record(signed_in_user(request), AuditEvent.Action.DATA_DOWNLOADED, employee=employee)
    return FileResponse(
        archive, as_attachment=True, filename=f"data-saya-{employee.nip}-{today:%Y%m%d}.zip",
        content_type="application/zip",
    )
