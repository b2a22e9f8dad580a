from django.urls import path

from attendance import (
    views,
    views_boards,
    views_checkin,
    views_corrections,
    views_public,
    views_recap,
    views_trends,
)

urlpatterns = [
    path("saya/", views.my_day, name="my_day"),
    path("pegawai/<uuid:code>/riwayat/", views.employee_history, name="employee_history"),
]
# Each area owns its URL list in its own module.
urlpatterns += (
    views_checkin.urlpatterns
    + views_corrections.urlpatterns
    + views_recap.urlpatterns
    + views_boards.urlpatterns
    + views_public.urlpatterns
    + views_trends.urlpatterns
)

# --- Personal data (UU 27/2022): privacy notice and "Unduh data saya" (attendance/views_privacy.py) ---
from attendance import views_privacy  # noqa: E402

urlpatterns += views_privacy.urlpatterns
# --- end personal data ---
