"""Stub: being written."""
from django.http import HttpResponse
from django.urls import path


def stub(request, **kwargs):
    return HttpResponse("")


urlpatterns = []
urlpatterns += [
    path("tren/", stub, name="trends"),
]
