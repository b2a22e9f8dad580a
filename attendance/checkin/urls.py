from django.urls import path

from attendance.checkin import views

urlpatterns = [
    path("saya/", views.my_day, name="my_day"),
    path("saya/presensi/", views.checkin_post, name="checkin"),
    path("saya/pulang/<int:pk>/batal/", views.checkout_undo, name="checkout_undo"),
    path("presensi/qr/<str:token>/", views.checkin_qr, name="checkin_qr"),
    path("presensi/foto/<int:pk>/<str:ref>/", views.checkin_photo, name="checkin_photo"),
    path("kios/<str:code>/", views.kiosk_page, name="kiosk"),
]
