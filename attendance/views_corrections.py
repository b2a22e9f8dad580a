"""Stub: being written."""
from django.http import HttpResponse
from django.urls import path


def stub(request, **kwargs):
    return HttpResponse("")


urlpatterns = []
urlpatterns += [
    path("koreksi/", stub, name="correction_list"),
    path("saya/bulan/", stub, name="my_month"),
]
