from django.urls import path

from attendance.trends import views

urlpatterns = [
    path("tren/", views.trends, name="trends"),
]
