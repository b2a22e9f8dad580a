from django.urls import path

from attendance.alerts import views

urlpatterns = [
    path("peringatan/<int:pk>/tangani/", views.alert_acknowledge, name="alert_acknowledge"),
]
