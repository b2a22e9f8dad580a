from django.urls import path

from units.staff import views

urlpatterns = [
    path("pegawai/", views.employee_list, name="employee_list"),
    path("pegawai/baru/", views.employee_create, name="employee_create"),
    path("pegawai/<uuid:code>/", views.employee_detail, name="employee_detail"),
    path("pegawai/<uuid:code>/ubah/", views.employee_edit, name="employee_edit"),
]
