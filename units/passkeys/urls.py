from django.urls import path

from units.passkeys import views

urlpatterns = [
    path("akun/ponsel/", views.my_phones, name="passkey_list"),
    path("akun/ponsel/opsi/", views.registration_options, name="passkey_options"),
    path("akun/ponsel/daftar/", views.register, name="passkey_register"),
    path("pegawai/<str:code>/ponsel/<int:pk>/hapus/", views.remove, name="passkey_remove"),
    path("masuk/passkey/opsi/", views.sign_in_options, name="passkey_sign_in_options"),
    path("masuk/passkey/", views.sign_in, name="passkey_sign_in"),
]
