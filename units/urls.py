from django.contrib.auth import views as auth_views
from django.urls import include, path

from units import views
from units.forms import SignInForm

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "masuk/",
        auth_views.LoginView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("units.passwords.urls")),
    path("kota/", views.city_overview, name="city_overview"),
    path("unit/", views.unit_list, name="unit_list"),
    path("unit/baru/", views.unit_create, name="unit_create"),
    path("unit/<str:code>/", views.unit_detail, name="unit_detail"),
    path("unit/<str:code>/ubah/", views.unit_edit, name="unit_edit"),
    path("pegawai/", views.employee_list, name="employee_list"),
    path("pegawai/baru/", views.employee_create, name="employee_create"),
    path("pegawai/<uuid:code>/", views.employee_detail, name="employee_detail"),
    path("pegawai/<uuid:code>/ubah/", views.employee_edit, name="employee_edit"),
]

# Staff import (units/views_import.py)
from units import views_import  # noqa: E402

urlpatterns += [
    path("pegawai/impor/", views_import.employee_import, name="employee_import"),
    path(
        "pegawai/impor/templat.csv", views_import.import_template, name="employee_import_template"
    ),
    path("pegawai/impor/<uuid:code>/", views_import.import_preview, name="employee_import_preview"),
    path("pegawai/impor/<uuid:code>/proses/", views_import.import_run, name="employee_import_run"),
    path(
        "pegawai/impor/<uuid:code>/batal/",
        views_import.import_cancel,
        name="employee_import_cancel",
    ),
    path(
        "pegawai/impor/<uuid:code>/galat.csv",
        views_import.import_errors,
        name="employee_import_errors",
    ),
]
