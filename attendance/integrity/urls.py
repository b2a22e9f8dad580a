from django.urls import path

from attendance.integrity import views

urlpatterns = [
    path("presensi-mencurigakan/", views.case_list, name="suspicion_list"),
    path("presensi-mencurigakan/<int:pk>/", views.case_detail, name="suspicion_detail"),
    path("presensi-mencurigakan/<int:pk>/tinjau/", views.case_review, name="suspicion_review"),
]
