from django.urls import path

from attendance.privacy import views

urlpatterns = [
    path("privasi/", views.privacy_notice, name="privacy_notice"),
    path("saya/data/", views.my_data_download, name="my_data_download"),
]
