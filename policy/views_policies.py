"""Stub: being written."""
from django.http import HttpResponse
from django.urls import path


def stub(request, **kwargs):
    return HttpResponse("")


urlpatterns = []
urlpatterns += [
    path("kebijakan/", stub, name="policy_list"),
    path("kebijakan/panduan/", stub, name="policy_help"),
]
