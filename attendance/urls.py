from django.urls import path

from attendance import views

urlpatterns = [
    path("saya/", views.my_day, name="my_day"),
]
