from django.urls import path

from attendance.recap import views

urlpatterns = [
    path("rekap/", views.recap_home, name="recap_home"),
    path("rekap/unit/<str:code>/", views.recap_unit, name="recap_unit"),
    path("rekap/unit/<str:code>/cetak/", views.recap_unit_print, name="recap_unit_print"),
    path("rekap/unit/<str:code>/rekap.xlsx", views.recap_unit_export, {"kind": "xlsx"}, name="recap_unit_xlsx"),
    path("rekap/unit/<str:code>/rekap.csv", views.recap_unit_export, {"kind": "csv"}, name="recap_unit_csv"),
    path("rekap/kota/", views.recap_city, name="recap_city"),
    path("rekap/kota/cetak/", views.recap_city_print, name="recap_city_print"),
    path("rekap/kota/unduh/", views.recap_city_export, name="recap_city_export"),
    path("rekap/kota/rekap.xlsx", views.recap_city_file, {"kind": "xlsx"}, name="recap_city_xlsx"),
    path("rekap/kota/rekap.csv", views.recap_city_file, {"kind": "csv"}, name="recap_city_csv"),
    path("rekap/kunci/", views.recap_lock, name="recap_lock"),
]
