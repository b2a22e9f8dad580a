"""Rotating kiosk QR codes: a signed token naming a unit and a 30-second window. No ORM.

The kiosk also says which moment a scan records now by the unit's hours (`moment`): the break inside the
day's break window, else arrival or departure (attendance.checkin.recording.Day.next_kind decides per person).

The token is `signing.dumps({"u": unit code, "w": window number})`: anyone can read it, nobody can
forge it without SECRET_KEY. It is the same for every render within a window, so the kiosk's polling
shows one code per window. A code is accepted until the end of its window plus GRACE_SECONDS: a person
who scans just before it changes still has time to open the link.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core import signing

from units.schedule import Hours, in_window

WINDOW_SECONDS = 30
GRACE_SECONDS = 30
SALT = "hadir.attendance.kiosk"


class BadToken(Exception):
    """Not a token we signed (altered, truncated, or from another installation)."""


@dataclass(frozen=True)
class Scan:
    unit_code: str
    window: int

    @property
    def nonce(self) -> str:
        """Identifies this code: stored on the check-in so one person cannot use it twice."""
        return hashlib.sha256(f"{self.unit_code}:{self.window}".encode()).hexdigest()[:32]

    @property
    def valid_until(self) -> float:
        """POSIX time after which the code is refused."""
        return (self.window + 1) * WINDOW_SECONDS + GRACE_SECONDS


def window_of(now: dt.datetime) -> int:
    return int(now.timestamp()) // WINDOW_SECONDS


def seconds_left(now: dt.datetime) -> int:
    """Seconds until the code shown now is replaced (1–30)."""
    return WINDOW_SECONDS - int(now.timestamp()) % WINDOW_SECONDS


def issue(unit_code: str, now: dt.datetime) -> str:
    """The code of `unit_code` for the window of `now`: the same for every poll in that window (a plain signature:
    signing.dumps would add the wall clock's second, so two polls a second apart drew different codes)."""
    return signing.Signer(salt=SALT).sign_object({"u": unit_code, "w": window_of(now)}, compress=True)


def read(token: str) -> Scan:
    """The scan a token stands for; BadToken when it was not signed by us."""
    try:
        data = signing.Signer(salt=SALT).unsign_object(token)
        return Scan(str(data["u"]), int(data["w"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise BadToken from error


def expired(scan: Scan, now: dt.datetime) -> bool:
    """Past its window and the grace, or (clock skew between servers aside) not yet shown."""
    return now.timestamp() > scan.valid_until or scan.window > window_of(now) + 1


# What the kiosk says a scan records now (`moment`).
BREAK_NOW = "brk"
BREAK_LATER = "later"
IN_OR_OUT = ""


def moment(hours: Hours | None, day: dt.date, now: dt.datetime) -> str:
    """BREAK_NOW inside the break window of `day` (naive local `now`), BREAK_LATER before it opens, else
    IN_OR_OUT (no break asked for that day, or the window is over)."""
    window = hours.break_window(day) if hours is not None else None
    if window is None:
        return IN_OR_OUT
    if in_window(now, window):
        return BREAK_NOW
    return BREAK_LATER if now < window[0] else IN_OR_OUT
