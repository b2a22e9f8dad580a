"""Hadir's URLs plus the framework floor (bench.views); used only by bench.settings."""

from django.urls import path

from bench import views
from config.urls import urlpatterns as hadir_urlpatterns

urlpatterns = [
    path("bench/floor/insert/", views.floor_insert, name="bench_floor_insert"),
    path("bench/floor/rows/", views.floor_rows, name="bench_floor_rows"),
    *hadir_urlpatterns,
]
