from django.urls import path

from attendance import views

urlpatterns = [
    path("saya/", views.my_day, name="my_day"),
    path("pegawai/<uuid:code>/riwayat/", views.employee_history, name="employee_history"),
]
