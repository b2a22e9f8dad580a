from django.urls import path

from attendance.boards import views

urlpatterns = [
    path("papan/", views.board_home, name="board_home"),
    path("papan/kota/", views.board_city, name="board_city"),
    path("papan/unit/<str:code>/", views.board_unit, name="board_unit"),
    path("papan/unit/<str:code>/daftar-hadir/", views.board_daily, name="board_daily"),
    path(
        "papan/unit/<str:code>/daftar-hadir.xlsx", views.board_daily_export, {"kind": "xlsx"}, name="board_daily_xlsx"
    ),
    path("papan/unit/<str:code>/daftar-hadir.csv", views.board_daily_export, {"kind": "csv"}, name="board_daily_csv"),
]
