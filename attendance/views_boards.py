"""Stub: being written."""
from django.http import HttpResponse
from django.urls import path


def stub(request, **kwargs):
    return HttpResponse("")


urlpatterns = []
urlpatterns += [
    path("papan/", stub, name="board_home"),
    path("papan/kota/", stub, name="board_city"),
]
