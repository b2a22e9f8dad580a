"""Sign-in throttling (django-axes, config/throttle.py): guessing a NIP's password, or many NIPs' passwords
from one address, is stopped for a while with a page that says why and until when. Every test signs in
through the real form on /masuk/, as a person would."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from tests.conftest import PASSWORD, login

WRONG = "bukan-kata-sandinya"


def sign_in(client, username, password, ip="10.1.1.1", **headers):
    return client.post(
        "/masuk/", {"username": username, "password": password}, REMOTE_ADDR=ip, **headers
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(client, username, times, ip="10.1.1.1", **headers):
    for _ in range(times):
        response = sign_in(client, username, WRONG, ip=ip, **headers)
        assert response.status_code == 200, "locked out earlier than expected"
        assert "kata sandi salah" in response.content.decode()


def assert_locked(response):
    assert response.status_code == 429
    html = response.content.decode()
    assert "Terlalu banyak percobaan masuk" in html and "Coba lagi setelah pukul" in html
    assert int(response["Retry-After"]) > 0


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    settings.LOGIN_FAILURE_LIMIT_IP = 20
    settings.LOGIN_COOLOFF_MINUTES = 15


def test_it_locks_a_nip_after_five_wrong_passwords_even_from_different_addresses(client, world):
    nip = world.staff_alpha1.nip
    for n in range(4):
        fail(client, nip, 1, ip=f"10.2.0.{n}")
    response = sign_in(client, nip, WRONG, ip="10.2.0.9")
    assert_locked(response)
    html = response.content.decode()
    assert "NIP atau nama pengguna ini sudah 5 kali salah" in html
    last = AccessAttempt.objects.latest("attempt_time").attempt_time
    until = timezone.localtime(last + dt.timedelta(minutes=15))
    assert f"Coba lagi setelah pukul {until:%H:%M}" in html

    # The right password, from yet another address, is refused too until the cool-off ends.
    assert_locked(sign_in(client, nip, PASSWORD, ip="10.3.3.3"))
    assert not signed_in(client)
    # Another person on the same address is not affected.
    assert sign_in(client, world.staff_alpha2.nip, PASSWORD, ip="10.2.0.9").status_code == 302


def test_it_counts_a_nip_typed_with_spaces_as_the_same_nip(client, world):
    nip = world.staff_alpha1.nip
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    fail(client, spaced, 3)
    fail(client, nip, 1)
    assert_locked(sign_in(client, spaced, WRONG))
    assert_locked(sign_in(client, nip, PASSWORD))


def test_it_locks_an_address_after_twenty_failures_whatever_the_nip(client, world):
    people = [world.staff_alpha1, world.staff_alpha2, world.staff_beta1, world.lurah_alpha1]
    for person in people:
        fail(client, person.nip, 4, ip="10.9.9.9")
    fail(client, "bukan-siapa-siapa", 3, ip="10.9.9.9")
    response = sign_in(client, world.camat_alpha.nip, WRONG, ip="10.9.9.9")  # the 20th
    assert_locked(response)
    assert "Dari jaringan ini sudah 20 kali" in response.content.decode()
    assert_locked(sign_in(client, world.camat_alpha.nip, PASSWORD, ip="10.9.9.9"))
    # Each NIP is below its own limit: from another address they sign in.
    assert sign_in(client, world.staff_alpha1.nip, PASSWORD, ip="10.8.8.8").status_code == 302


def test_it_forgets_a_persons_own_mistakes_once_they_sign_in(client, world):
    nip = world.staff_alpha1.nip
    fail(client, nip, 4)
    assert sign_in(client, nip, PASSWORD).status_code == 302
    client.post("/keluar/")
    fail(client, nip, 4)  # four more typos, still not locked
    assert sign_in(client, nip, PASSWORD).status_code == 302


def test_it_still_locks_a_nip_when_a_colleague_signs_in_between_guesses(client, world):
    """Axes' own reset would forget every failure from the address at each successful sign-in."""
    target, insider = world.staff_alpha1.nip, world.staff_alpha2.nip
    fail(client, target, 3, ip="10.4.4.4")
    assert sign_in(client, insider, PASSWORD, ip="10.4.4.4").status_code == 302
    client.post("/keluar/")
    fail(client, target, 1, ip="10.4.4.4")
    assert_locked(sign_in(client, target, WRONG, ip="10.4.4.4"))


def test_it_refuses_without_counting_while_locked_and_lets_in_after_the_cool_off(client, world):
    nip = world.staff_alpha1.nip
    fail(client, nip, 4)
    assert_locked(sign_in(client, nip, WRONG))
    before = list(AccessAttempt.objects.values_list("failures_since_start", "attempt_time"))
    assert_locked(sign_in(client, nip, WRONG))  # not recorded: the time on the page stays true
    assert list(AccessAttempt.objects.values_list("failures_since_start", "attempt_time")) == before

    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    assert sign_in(client, nip, PASSWORD).status_code == 302
    assert signed_in(client)


def test_an_admin_unlocks_a_person_in_the_django_admin(client, world):
    nip = world.staff_alpha1.nip
    fail(client, nip, 4)
    assert_locked(sign_in(client, nip, WRONG))
    attempt = AccessAttempt.objects.get()

    admin = client.__class__()
    login(admin, world.admin_user)
    changelist = admin.get("/admin/axes/accessattempt/")
    assert changelist.status_code == 200 and nip in changelist.content.decode()
    deleted = admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302 and not AccessAttempt.objects.exists()

    assert sign_in(client, nip, PASSWORD).status_code == 302


def test_the_admin_sign_in_page_is_throttled_too(client, world):
    def admin_sign_in(password):
        data = {"username": "admin", "password": password}
        return client.post("/admin/login/", data, REMOTE_ADDR="10.5.5.5")

    for _ in range(4):
        assert admin_sign_in(WRONG).status_code == 200
    assert_locked(admin_sign_in(WRONG))
    assert_locked(admin_sign_in(PASSWORD))
    assert_locked(sign_in(client, "admin", PASSWORD, ip="10.6.6.6"))  # the same account on /masuk/


def test_behind_the_proxy_it_counts_the_address_the_proxy_saw_not_what_the_client_claims(
    client, world, settings
):
    settings.BEHIND_PROXY = True
    people = [world.staff_alpha1, world.staff_alpha2, world.staff_beta1, world.lurah_alpha1]
    for n, person in enumerate(people):
        # The client makes up a new first entry each time; the proxy appends what it saw: 203.0.113.7.
        fail(client, person.nip, 4, ip="127.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7")
    fail(client, "bukan-siapa-siapa", 3, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    spoofed = {"HTTP_X_FORWARDED_FOR": "192.0.2.1, 203.0.113.7"}
    assert_locked(sign_in(client, world.camat_alpha.nip, WRONG, ip="127.0.0.1", **spoofed))
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    # Another office behind the same proxy is not affected.
    other = {"HTTP_X_FORWARDED_FOR": "203.0.113.8"}
    assert sign_in(client, world.camat_alpha.nip, PASSWORD, ip="127.0.0.1", **other).status_code == 302


def test_behind_the_proxy_a_garbled_forwarded_for_falls_back_to_the_proxys_address(
    client, world, settings
):
    settings.BEHIND_PROXY = True
    fail(client, world.staff_alpha1.nip, 1, ip="10.7.7.7", HTTP_X_FORWARDED_FOR="unknown")
    assert AccessAttempt.objects.get().ip_address == "10.7.7.7"


def test_without_the_proxy_setting_forwarded_for_is_ignored(client, world, settings):
    settings.BEHIND_PROXY = False
    fail(client, world.staff_alpha1.nip, 1, ip="10.7.7.8", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert AccessAttempt.objects.get().ip_address == "10.7.7.8"


def test_force_login_in_tests_is_not_throttled(client, world):
    fail(client, world.staff_alpha1.nip, 4)
    assert_locked(sign_in(client, world.staff_alpha1.nip, WRONG))
    login(client, world.staff_alpha1)
    assert client.get("/saya/").status_code == 200


def test_a_client_that_reaches_the_app_directly_cannot_forge_its_address(client, world, settings):
    """Finding 8 of issue 11: with BEHIND_PROXY=1 and gunicorn reachable, a made-up X-Forwarded-For
    used to give every guess a fresh address. Only a trusted proxy's header counts now."""
    settings.BEHIND_PROXY = True
    people = [world.staff_alpha1, world.staff_alpha2, world.staff_beta1, world.lurah_alpha1]
    for n, person in enumerate(people):  # 16 guesses, each claiming a new address
        fail(client, person.nip, 4, ip="192.0.2.50", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    fail(client, "bukan-siapa-siapa", 3, ip="192.0.2.50", HTTP_X_FORWARDED_FOR="198.51.100.50")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.50"}
    forged = {"HTTP_X_FORWARDED_FOR": "198.51.100.99"}
    assert_locked(sign_in(client, world.camat_alpha.nip, WRONG, ip="192.0.2.50", **forged))


def test_it_trusts_the_forwarded_headers_of_the_configured_proxies_only(rf, settings):
    from config.proxy import ProxyHeadersMiddleware, client_address

    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    seen = {}

    def view(request):
        seen.update(secure=request.is_secure(), address=client_address(request))
        return None

    middleware = ProxyHeadersMiddleware(view)
    headers = {"HTTP_X_FORWARDED_FOR": "203.0.113.7, 10.0.0.2", "HTTP_X_FORWARDED_PROTO": "https"}
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    middleware(rf.get("/", REMOTE_ADDR="10.0.0.1", **headers))  # the proxy, through a second one
    assert seen == {"secure": True, "address": "203.0.113.7"}
    middleware(rf.get("/", REMOTE_ADDR="127.0.0.1", **headers))  # not listed any more
    assert seen == {"secure": False, "address": "127.0.0.1"}


def test_a_wrong_trusted_proxies_value_stops_the_app_from_starting():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1",
             "TRUSTED_PROXIES": "10.0.0.0/33"},
        capture_output=True, text=True,
    )
    assert result.returncode != 0 and "TRUSTED_PROXIES" in result.stderr
