"""The framework floor: what plain Django costs on this machine, served by the same gunicorn as Hadir.

floor_insert: signed in, CSRF-checked POST, one INSERT. floor_rows: signed in, one SELECT of the 200
staff of the bench's big unit, a plain template. Hadir's check-in and unit board are reported as ratios
of these two.
"""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from bench.seed import BIG_UNIT, FLOOR_TABLE


@login_required
@require_POST
def floor_insert(request):
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {FLOOR_TABLE} (user_id, at) VALUES (%s, now()) RETURNING id", [request.user.pk]
        )
        (row_id,) = cursor.fetchone()
    return HttpResponse(f"ok {row_id}", content_type="text/plain")


@login_required
def floor_rows(request):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.full_name, e.nip FROM units_employee e JOIN units_unit u ON u.id = e.unit_id "
            "WHERE u.code = %s ORDER BY e.full_name, e.nip",
            [BIG_UNIT],
        )
        rows = cursor.fetchall()
    return render(request, "bench/floor_rows.html", {"rows": rows})
