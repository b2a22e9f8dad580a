"""Stub: being written."""
from django.http import HttpResponse
from django.urls import path


def stub(request, **kwargs):
    return HttpResponse("")


urlpatterns = []
urlpatterns += [
    path("rencana/", stub, name="plan_home"),
]
