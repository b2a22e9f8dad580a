from django.urls import path

from policy.arrangements import views

urlpatterns = [
    path("pengajuan/", views.request_list, name="request_list"),
    path("pengajuan/baru/", views.request_create, name="request_create"),
    path("pengajuan/<uuid:code>/", views.request_detail, name="request_detail"),
    path("pengajuan/<uuid:code>/batal/", views.request_cancel, name="request_cancel"),
    path("pengajuan/<uuid:code>/surat/", views.request_letter, name="request_letter"),
    path("persetujuan/", views.approval_list, name="approval_list"),
    path("persetujuan/<uuid:code>/setujui/", views.approval_approve, name="approval_approve"),
    path("persetujuan/<uuid:code>/tolak/", views.approval_reject, name="approval_reject"),
]
