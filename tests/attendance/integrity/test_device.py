"""The browser's id on phone check-ins (attendance.checkin.device, issue 15): the check-in page gives a browser a
random id in a long-lived cookie, each phone check-in keeps it, a garbled cookie is replaced, and the scoring
finds one browser used for several people."""

from attendance.checkin import device
from attendance.integrity import planted, scoring, signals
from attendance.models import CheckIn, SuspicionCase
from tests.attendance.checkin.test_checkin_page import MONDAY, OFFICE, _frozen, _office, post  # noqa: F401
from tests.conftest import login


def test_the_page_gives_the_browser_an_id_and_each_phone_check_in_keeps_it(client, world, office, frozen):
    login(client, world.staff_alpha1)
    page = client.get("/saya/")
    browser = page.cookies[device.COOKIE]
    assert device.VALID.match(browser.value) and browser["httponly"] and int(browser["max-age"]) == device.MAX_AGE
    post(client, OFFICE)
    assert CheckIn.objects.get().device == browser.value
    assert device.COOKIE not in client.get("/saya/").cookies  # kept, not renewed


def test_a_garbled_id_is_replaced(client, world, office, frozen):
    login(client, world.staff_alpha1)
    client.cookies[device.COOKIE] = "<script>"
    response = post(client, OFFICE)
    fresh = response.cookies[device.COOKIE].value
    assert device.VALID.match(fresh) and CheckIn.objects.get().device == fresh


def test_one_browser_checking_in_two_people_is_flagged_for_both(client, world, office, frozen):
    for n, person in enumerate((world.staff_alpha1, world.operator_alpha1)):
        for hh in (7, 8):
            frozen.set(MONDAY, hh, 20)
            login(client, person)
            post(client, planted.moved(OFFICE, 3 + hh + n, 5 - n), kind="in" if hh == 7 else "out",
                 confirmed=hh == 8)  # GPS wanders
    assert CheckIn.objects.values("device").distinct().count() == 1  # the same browser (its cookie) for both
    frozen.set(MONDAY.replace(day=MONDAY.day + 1), 1, 30)
    scoring.score()
    cases = {c.employee_id: c for c in SuspicionCase.objects.all()}
    assert set(cases) == {world.staff_alpha1.pk, world.operator_alpha1.pk}
    assert [s["kind"] for s in cases[world.staff_alpha1.pk].signals] == [signals.SHARED_DEVICE]
