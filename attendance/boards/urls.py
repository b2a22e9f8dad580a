from django.urls import path

from attendance.boards import views

urlpatterns = [
    path("papan/", views.board_home, name="board_home"),
    path("papan/kota/", views.board_city, name="board_city"),
    path("papan/unit/<str:code>/", views.board_unit, name="board_unit"),
]
