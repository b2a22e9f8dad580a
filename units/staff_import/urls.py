from django.urls import path

from units.staff_import import views

urlpatterns = [
    path("pegawai/impor/", views.employee_import, name="employee_import"),
    path("pegawai/impor/templat.csv", views.import_template, name="employee_import_template"),
    path("pegawai/impor/<uuid:code>/", views.import_preview, name="employee_import_preview"),
    path("pegawai/impor/<uuid:code>/proses/", views.import_run, name="employee_import_run"),
    path("pegawai/impor/<uuid:code>/batal/", views.import_cancel, name="employee_import_cancel"),
    path("pegawai/impor/<uuid:code>/galat.csv", views.import_errors, name="employee_import_errors"),
]
