from django.urls import path

from attendance.kiosk import views

urlpatterns = [
    path("kios/layar/", views.screen, name="kiosk_screen"),
    path("kios/<str:code>/perangkat/", views.device_list, name="kiosk_devices"),
    path("kios/<str:code>/perangkat/<uuid:device>/cabut/", views.device_revoke, name="kiosk_device_revoke"),
]
