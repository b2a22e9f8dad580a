from django.urls import path

from units.organisation import views

urlpatterns = [
    path("", views.home, name="home"),
    path("kota/", views.city_overview, name="city_overview"),
    path("unit/", views.unit_list, name="unit_list"),
    path("unit/baru/", views.unit_create, name="unit_create"),
    path("unit/<str:code>/", views.unit_detail, name="unit_detail"),
    path("unit/<str:code>/ubah/", views.unit_edit, name="unit_edit"),
]
