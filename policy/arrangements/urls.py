from django.urls import path

from policy.approvals import views as decisions
from policy.arrangements import views

KIND = {"kind": views.REQUESTS}

urlpatterns = [
    path("pengajuan/", views.request_list, name="request_list"),
    path("pengajuan/baru/", views.request_create, name="request_create"),
    path("pengajuan/<uuid:code>/", views.request_detail, name="request_detail"),
    path("pengajuan/<uuid:code>/batal/", views.request_cancel, name="request_cancel"),
    path("pengajuan/<uuid:code>/tarik/", decisions.withdraw, KIND, name="request_withdraw"),
    path("pengajuan/<uuid:code>/surat/", decisions.download, {**KIND, "file_name": "surat"}, name="request_letter"),
    path("persetujuan/", views.approval_list, name="approval_list"),
    path("persetujuan/<uuid:code>/setujui/", decisions.approve, KIND, name="approval_approve"),
    path("persetujuan/<uuid:code>/tolak/", decisions.reject, KIND, name="approval_reject"),
]
