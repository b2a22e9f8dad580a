from django.urls import path

from attendance.month import views

urlpatterns = [
    path("saya/bulan/", views.my_month, name="my_month"),
    path("pegawai/<uuid:code>/bulan/", views.employee_month, name="employee_month"),
]
