from django.urls import path

from attendance.checkin import views

urlpatterns = [
    path("saya/", views.my_day, name="my_day"),
    path("saya/presensi/", views.checkin_post, name="checkin"),
    path("presensi/qr/<str:token>/", views.checkin_qr, name="checkin_qr"),
    path("kios/<str:code>/", views.kiosk_page, name="kiosk"),
]
