from django.urls import path

from policy.plan import views

urlpatterns = [
    path("rencana/", views.plan_home, name="plan_home"),
    path("rencana/unit/<str:code>/", views.plan_unit, name="plan_unit"),
    path("rencana/unit/<str:code>/pegawai/<uuid:employee>/<str:day>/", views.plan_cell, name="plan_cell"),
]
