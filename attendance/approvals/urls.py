from django.urls import path

from attendance.approvals import views

urlpatterns = [
    path("koreksi/", views.correction_list, name="correction_list"),
    path("koreksi/baru/", views.correction_create, name="correction_create"),
    path("koreksi/<uuid:code>/", views.correction_detail, name="correction_detail"),
    path("koreksi/<uuid:code>/lampiran/", views.correction_attachment, name="correction_attachment"),
    path("koreksi/<uuid:code>/setujui/", views.correction_approve, name="correction_approve"),
    path("koreksi/<uuid:code>/tolak/", views.correction_reject, name="correction_reject"),
    path("pegawai/<uuid:code>/riwayat/", views.employee_history, name="employee_history"),
]
