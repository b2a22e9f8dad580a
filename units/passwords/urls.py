from django.contrib.auth import views as auth_views
from django.urls import path

from units.passwords import views

urlpatterns = [
    path("kata-sandi/", views.OwnPasswordChangeView.as_view(), name="password_change"),
    path(
        "kata-sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("kata-sandi/atur-ulang/", views.redeem, name="password_reset_redeem"),
    path("pegawai/<uuid:code>/kode-sandi/", views.issue_code, name="password_reset_issue"),
    path("pegawai/<uuid:code>/sandi-sementara/", views.set_temporary, name="password_set_temporary"),
]
