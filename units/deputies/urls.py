from django.urls import path

from units.deputies import views

urlpatterns = [
    path("unit/<str:code>/plh/", views.deputy_list, name="deputy_list"),
]
