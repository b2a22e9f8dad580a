"""A deploy of the feature packages (issue 12) signs nobody out and does not trip over the cache that the
previous code filled: sessions name the sign-in backend by its old dotted path, and a shared cache
holds objects pickled from classes that moved."""

import time

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.cache import cache

from tests.attendance.public.test_public_status import LIST, city  # noqa: F401 (fixture)


def test_a_session_signed_in_before_the_move_stays_signed_in(client, world):
    """The session keeps the backend's dotted path: units.access.EmployeeBackend before the move."""
    user = world.staff_alpha1.user
    session = client.session
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "units.access.EmployeeBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    response = client.get("/saya/")
    assert response.status_code == 200
    assert world.staff_alpha1.full_name in response.content.decode()


def test_the_old_backend_path_never_checks_a_password(rf, world):
    from units.access import EmployeeBackend

    assert EmployeeBackend().authenticate(rf.post("/masuk/"), username=world.staff_alpha1.nip, password="x") is None


def test_an_entry_pickled_by_the_previous_code_is_missed_not_unpickled(client, city):  # noqa: F811
    """The public status page caches coverage rows (a dataclass that moved from attendance.coverage);
    the previous code's entry for this minute, under the previous cache version, must not be read."""
    from attendance.evaluation.bulk import local
    from units import clock

    key = f"hadir:public-status:{local(clock.now()):%Y%m%d%H%M}"
    stale = b"\x80\x04cattendance.coverage\nUnitCoverage\n)\x81."  # what the old class pickled to
    full = cache.make_key(key, version=1)
    cache._cache[full] = stale  # LocMemCache keeps the pickled bytes
    cache._expire_info[full] = time.time() + 60
    response = client.get(LIST)
    assert response.status_code == 200
