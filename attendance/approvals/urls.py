from django.urls import path

from attendance.approvals import views
from policy.approvals import views as decisions

KIND = {"kind": views.CORRECTIONS}

urlpatterns = [
    path("koreksi/", views.correction_list, name="correction_list"),
    path("koreksi/baru/", views.correction_create, name="correction_create"),
    path("koreksi/<uuid:code>/", views.correction_detail, name="correction_detail"),
    path("koreksi/<uuid:code>/lampiran/", decisions.download, {**KIND, "file_name": "lampiran-koreksi"}, name="correction_attachment"),
    path("koreksi/<uuid:code>/tarik/", decisions.withdraw, KIND, name="correction_withdraw"),
    path("koreksi/<uuid:code>/setujui/", decisions.approve, KIND, name="correction_approve"),
    path("koreksi/<uuid:code>/tolak/", decisions.reject, KIND, name="correction_reject"),
    path("pegawai/<uuid:code>/riwayat/", views.employee_history, name="employee_history"),
]
