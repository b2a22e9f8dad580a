from django.urls import path

from policy.policies import views

urlpatterns = [
    path("kebijakan/", views.policy_list, name="policy_list"),
    path("kebijakan/panduan/", views.policy_help, name="policy_help"),
    path("kebijakan/baru/", views.policy_create, name="policy_create"),
    path("kebijakan/<uuid:code>/", views.policy_detail, name="policy_detail"),
    path("kebijakan/<uuid:code>/ubah/", views.policy_edit, name="policy_edit"),
    path("kebijakan/<uuid:code>/hapus/", views.policy_delete, name="policy_delete"),
    path("kebijakan/<uuid:code>/versi-baru/", views.policy_new_version, name="policy_new_version"),
    path("kebijakan/<uuid:code>/cabut/", views.policy_revoke, name="policy_revoke"),
    path("kebijakan/<uuid:code>/dampak/", views.policy_impact, name="policy_impact"),
    path("kebijakan/<uuid:code>/berlakukan/", views.policy_activate, name="policy_activate"),
]
