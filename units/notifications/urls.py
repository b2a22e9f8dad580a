from django.urls import path

from units.notifications import views

urlpatterns = [
    path("pemberitahuan/", views.notification_list, name="notification_list"),
    path("pemberitahuan/baca/", views.notification_read, name="notification_read"),
    path("pemberitahuan/jumlah/", views.notification_bell, name="notification_bell"),
    path("pemberitahuan/pengaturan/", views.notification_choices, name="notification_choices"),
    path("pemberitahuan/push/", views.push_subscription, name="push_subscription"),
]
