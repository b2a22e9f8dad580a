"""The face photo of a phone check-in (SE BKPSDM 4/2025): checked, stored, served to few, purged.

`check` accepts a picture only when it is one (JPEG, PNG or WebP by its first bytes, with a sane size in
pixels read from its header before anything is decoded, so a small file cannot unpack into a huge image)
and exactly one face is in it. The face is found by one of OpenCV's frontal-face Haar cascades, which
ship inside the opencv-python-headless wheel (cv2.data.haarcascades): nothing is downloaded at run time.
Only the number of faces is used: no face template, landmark or biometric comparison is computed or kept
(UU 27/2022: a face picture is specific personal data; the less derived from it, the better).

The picture the phone sends (static/js/photo.js: a JPEG of at most about 100 KB drawn in a canvas, which
carries no metadata) is stored as sent. Anything else (a PNG or WebP, or a JPEG with EXIF or other
metadata, such as a phone camera's own file with its GPS position) is stored re-encoded as a plain JPEG of
what was decoded, so no metadata is kept.

`store` writes the file to CheckIn.photo's storage (MEDIA_ROOT by default) under a random name; the row keeps
only its key, so the photo's bytes never pass through the database.
"""

import datetime as dt
import hmac
import posixpath
import threading
import uuid
from dataclasses import dataclass
from pathlib import PurePath

import cv2
import numpy as np
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from attendance.models import CheckIn

MAX_BYTES = 300 * 1024  # the phone sends about 100 KB; a little room for a phone without the script
MAX_SIDE = 4096  # pixels: a larger picture is refused before it is decoded
MIN_SIDE = 120
# The face is looked for in a grey copy whose longest side is DETECT_SIDE, as a square of at least MIN_FACE of
# its shorter side (a face at arm's length fills more), by the cascade below, its scale growing SCALE_STEP at a
# time and kept where NEIGHBOURS detections agree. How these were chosen, with the measurements:
# docs/performance.md, "Face photo"; tests/attendance/checkin/test_face_sample.py keeps the drawn faces found.
DETECT_SIDE = 160
MIN_FACE = 0.25
SCALE_STEP = 1.25
NEIGHBOURS = 3
CASCADE = "haarcascade_frontalface_alt2.xml"
STORED_SIDE = 800  # a re-encoded picture's longest side at most
JPEG, PNG, WEBP = "jpeg", "png", "webp"

# One thread per detection: a server's threads and processes already share the cores between requests.
cv2.setNumThreads(1)


class Refused(Exception):
    """The photo cannot be used; `message` says why and what to do, in the person's words."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Photo:
    data: bytes  # what is stored: always a JPEG


# --- The header: what kind of picture, how large --------------------------------------------------------


def _jpeg_header(data: bytes) -> tuple[int, int, bool] | None:
    """(width, height, clean) from the markers before the image data; clean: no APP1–APP15 or comment
    segment (EXIF, XMP, ICC, maker notes). None when the markers do not make sense."""
    i, n, size, clean = 2, len(data), None, True
    while i + 4 <= n:
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # no length
            i += 2
            continue
        if marker == 0xDA:  # start of scan: the image data follows
            return (*size, clean) if size else None
        length = int.from_bytes(data[i + 2 : i + 4], "big")
        if length < 2:
            return None
        if 0xE1 <= marker <= 0xEF or marker == 0xFE:
            clean = False
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # a start of frame
            if i + 9 > n:
                return None
            size = int.from_bytes(data[i + 7 : i + 9], "big"), int.from_bytes(data[i + 5 : i + 7], "big")
        i += 2 + length
    return None


def _webp_header(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30 and data[23:26] == b"\x9d\x01\x2a":
        return int.from_bytes(data[26:28], "little") & 0x3FFF, int.from_bytes(data[28:30], "little") & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25 and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(data) >= 30:
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    return None


def header(data: bytes) -> tuple[str, int, int, bool] | None:
    """(kind, width, height, stored as sent) read from the first bytes, or None for anything that is not
    a JPEG, PNG or WebP picture."""
    if data.startswith(b"\xff\xd8\xff"):
        found = _jpeg_header(data)
        return (JPEG, *found) if found else None
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR" and len(data) >= 24:
        return PNG, int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big"), False
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        size = _webp_header(data)
        return (WEBP, *size, False) if size else None
    return None


# --- The face -------------------------------------------------------------------------------------------

_local = threading.local()


def _detector() -> tuple[cv2.CascadeClassifier, cv2.CLAHE]:
    """A cascade and a contrast equaliser per thread: neither is safe to share between threads."""
    found = getattr(_local, "detector", None)
    if found is None:
        cascade = cv2.CascadeClassifier(cv2.data.haarcascades + CASCADE)  # type: ignore[attr-defined]
        if cascade.empty():
            raise RuntimeError(f"OpenCV's {CASCADE} is missing from cv2.data.haarcascades")
        found = _local.detector = cascade, cv2.createCLAHE(clipLimit=2.0, tileGridSize=(4, 4))
    return found


def _grey_for_detection(data: bytes, kind: str, width: int, height: int) -> np.ndarray | None:
    """The picture in grey, its longest side DETECT_SIDE. A JPEG two or four times larger is decoded at a
    half or a quarter of its size directly (the decoder skips the detail): the cheapest part of the check."""
    longest = max(width, height)
    flag = cv2.IMREAD_GRAYSCALE
    if kind == JPEG and longest >= 4 * DETECT_SIDE:
        flag = cv2.IMREAD_REDUCED_GRAYSCALE_4
    elif kind == JPEG and longest >= 2 * DETECT_SIDE:
        flag = cv2.IMREAD_REDUCED_GRAYSCALE_2
    grey = cv2.imdecode(np.frombuffer(data, np.uint8), flag)
    if grey is None:
        return None
    height, width = grey.shape[:2]
    if max(width, height) != DETECT_SIDE:
        ratio = DETECT_SIDE / max(width, height)
        interpolation = cv2.INTER_AREA if ratio < 1 else cv2.INTER_LINEAR
        size = (max(1, round(width * ratio)), max(1, round(height * ratio)))
        grey = cv2.resize(grey, size, interpolation=interpolation)
    return grey


def count_faces(grey: np.ndarray) -> int:
    """Faces of at least MIN_FACE of the shorter side in a grey picture (_grey_for_detection). Local
    contrast is evened first (CLAHE): a face against a bright window or in a dark room is found too."""
    cascade, clahe = _detector()
    smallest = int(min(grey.shape[:2]) * MIN_FACE)
    found = cascade.detectMultiScale(
        clahe.apply(grey), scaleFactor=SCALE_STEP, minNeighbors=NEIGHBOURS, minSize=(smallest, smallest)
    )
    return len(found)


# --- The check ------------------------------------------------------------------------------------------


def _not_an_image() -> Refused:
    return Refused(
        "not_image",
        _("Berkas yang dikirim bukan foto yang dapat dibaca (JPEG, PNG atau WebP). Ambil foto wajah lagi, lalu tekan tombol presensi."),
    )


def missing() -> Refused:
    return Refused(
        "missing",
        _(
            "Presensi di unit Anda memerlukan foto wajah. Izinkan akses kamera untuk situs ini, atau ambil "
            "foto lewat “Ambil foto wajah”, lalu tekan tombol presensi lagi."
        ),
    )


def check(upload: UploadedFile | None) -> Photo:
    """The photo ready to store, or Refused (missing, too big, not an image, no face, more than one)."""
    if upload is None or not upload.size:
        raise missing()
    if upload.size > MAX_BYTES:
        raise Refused(
            "too_big",
            _("Foto terlalu besar (%(size)s KB; paling besar %(max)s KB). Ambil foto lagi, lalu tekan tombol presensi.")
            % {"size": -(-upload.size // 1024), "max": MAX_BYTES // 1024},
        )
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    return check_bytes(data)


def check_bytes(data: bytes) -> Photo:
    found = header(data)
    if found is None:
        raise _not_an_image()
    kind, width, height, as_sent = found
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise _not_an_image()
    grey = _grey_for_detection(data, kind, width, height)
    if grey is None:
        raise _not_an_image()
    faces = count_faces(grey)
    if faces == 0:
        raise Refused(
            "no_face",
            _(
                "Wajah tidak terlihat pada foto. Hadapkan wajah ke kamera dari dekat, di tempat yang cukup "
                "terang, lalu tekan tombol presensi lagi."
            ),
        )
    if faces > 1:
        raise Refused(
            "faces",
            _("Ada lebih dari satu wajah pada foto. Pastikan hanya wajah Anda yang terlihat, lalu tekan tombol presensi lagi."),
        )
    return Photo(data if kind == JPEG and as_sent else _plain_jpeg(data))


def _plain_jpeg(data: bytes) -> bytes:
    """The decoded picture (turned upright as its EXIF said) as a JPEG without metadata, at most STORED_SIDE."""
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise _not_an_image()
    height, width = image.shape[:2]
    if max(height, width) > STORED_SIDE:
        ratio = STORED_SIDE / max(height, width)
        image = cv2.resize(image, (round(width * ratio), round(height * ratio)), interpolation=cv2.INTER_AREA)
    ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 82])
    if not ok:
        raise _not_an_image()
    return encoded.tobytes()


# --- The file -------------------------------------------------------------------------------------------


def _field():
    return CheckIn._meta.get_field("photo")


def store(photo: Photo, now: dt.datetime) -> str:
    """Write the photo under a random name in the folder of the day (CheckIn.photo's upload_to,
    presensi/YYYY/MM/DD/, in Asia/Jakarta from the app's clock); the key."""
    field = _field()
    folder = timezone.localtime(now).strftime(field.upload_to)
    return field.storage.save(posixpath.join(folder, f"{uuid.uuid4().hex}.jpg"), ContentFile(photo.data))


def discard(key: str) -> None:
    """Delete a stored photo that no row kept (a retry answered with the row already saved)."""
    if key:
        _field().storage.delete(key)


def reference(key: str) -> str:
    """The photo's part of its address: the random file name without its suffix, which nobody can guess."""
    return PurePath(key).stem


def matches(key: str, ref: str) -> bool:
    return bool(key) and hmac.compare_digest(reference(key).encode(), ref.encode())
