from django.urls import path

from attendance.verification import views
from policy.approvals import views as decisions

KIND = {"kind": views.VERIFICATIONS}

urlpatterns = [
    path("verifikasi/", views.verification_list, name="verification_list"),
    path("verifikasi/<uuid:code>/", views.verification_detail, name="verification_detail"),
    path(
        "verifikasi/<uuid:code>/lampiran/",
        decisions.download,
        {**KIND, "file_name": "lampiran-verifikasi"},
        name="verification_attachment",
    ),
    path("verifikasi/<uuid:code>/terima/", decisions.approve, KIND, name="verification_approve"),
    path("verifikasi/<uuid:code>/tolak/", decisions.reject, KIND, name="verification_reject"),
]
