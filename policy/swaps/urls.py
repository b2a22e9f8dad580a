from django.urls import path

from policy.approvals import views as decisions
from policy.swaps import views

KIND = {"kind": views.SWAPS}

urlpatterns = [
    path("tukar-shift/", views.swap_list, name="swap_list"),
    path("tukar-shift/baru/", views.swap_create, name="swap_create"),
    path("tukar-shift/<uuid:code>/", views.swap_detail, name="swap_detail"),
    path("tukar-shift/<uuid:code>/terima/", views.swap_accept, name="swap_accept"),
    path("tukar-shift/<uuid:code>/tolak-rekan/", views.swap_decline, name="swap_decline"),
    path("persetujuan/tukar-shift/", views.swap_approval_list, name="swap_approval_list"),
    path("persetujuan/tukar-shift/<uuid:code>/setujui/", decisions.approve, KIND, name="swap_approve"),
    path("persetujuan/tukar-shift/<uuid:code>/tolak/", decisions.reject, KIND, name="swap_reject"),
]
