from django.urls import path

from attendance.public import views

urlpatterns = [
    path("status/", views.public_status, name="public_status"),
    path("status/<str:code>/", views.public_unit_status, name="public_unit_status"),
]
