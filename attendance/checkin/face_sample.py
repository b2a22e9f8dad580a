"""Generated face pictures: a drawn face (shaded oval, hair, eyes, brows, nose, mouth), never a real person.

One source for everything that needs a face without a camera: the tests of attendance.checkin.photos, the
demo's check-in photos (units.demo), the browser tests' fake camera (a .y4m video Chromium plays as the
front camera) and the bench's 100 KB check-in photo. OpenCV's bundled frontal-face cascade finds exactly one
face in every `face()` and none in `no_face()`; tests/attendance/checkin/test_face_sample.py keeps it so over
skin tones, backgrounds, sizes and positions.
"""

import cv2
import numpy as np

SKINS = ((140, 175, 215), (100, 135, 180), (80, 110, 150), (170, 200, 235), (60, 85, 120))  # BGR
BACKGROUNDS = ((170, 180, 190), (60, 60, 60), (230, 230, 230), (90, 140, 90), (30, 30, 120))
HAIR = ((40, 45, 55), (20, 20, 25), (30, 50, 80))


def face(
    width: int = 640,
    height: int = 480,
    *,
    seed: int = 0,
    scale: float = 1.0,
    centre: tuple[int, int] | None = None,
    skin: int | None = None,
    background: int | None = None,
    grain: float = 5.0,
) -> np.ndarray:
    """A BGR picture of one drawn face; `scale` 1 fills about half the width of a 640×480 frame. `skin`,
    `background` pick from SKINS and BACKGROUNDS (by default from the seed); `grain` is the noise's
    standard deviation (more grain, a larger JPEG)."""
    rng = np.random.default_rng(seed)
    skin_colour = np.array(SKINS[seed % len(SKINS) if skin is None else skin], np.float32)
    back = np.array(BACKGROUNDS[seed // 3 % len(BACKGROUNDS) if background is None else background], np.float32)
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    img: np.ndarray = np.empty((height, width, 3), np.float32)
    img[:] = back
    img *= (0.8 + 0.2 * (xs / width))[..., None]  # light from one side
    cx, cy = centre if centre is not None else (width // 2, height // 2)
    s = scale * height / 480

    def at(x: float, y: float) -> tuple[int, int]:
        return int(cx + x * s), int(cy + y * s)

    def size(a: float, b: float) -> tuple[int, int]:
        return max(1, int(a * s)), max(1, int(b * s))

    cv2.rectangle(img, at(-45, 100), (int(cx + 45 * s), height), (110, 140, 180), -1)  # neck
    cv2.ellipse(img, at(0, -25), size(122, 160), 0, 0, 360, HAIR[seed % len(HAIR)], -1)
    ax, ay = 108 * s, 140 * s
    d = ((xs - cx) / ax) ** 2 + ((ys - cy - 10 * s) / ay) ** 2
    inside = (d <= 1).astype(np.float32)[..., None]
    shade = np.clip(1.05 - 0.45 * d**1.5, 0.5, 1.0)[..., None]
    img = img * (1 - inside) + skin_colour * shade * inside
    for side in (-1, 1):
        socket: np.ndarray = np.zeros((height, width), np.float32)
        cv2.ellipse(socket, at(side * 42, -18), size(34, 20), 0, 0, 360, 1.0, -1)
        socket = cv2.GaussianBlur(socket, (0, 0), 6 * s)
        img *= (1 - 0.4 * socket)[..., None]
        cv2.ellipse(img, at(side * 42, -18), size(17, 8), 0, 0, 360, (200, 205, 210), -1)
        cv2.circle(img, at(side * 42, -18), max(1, int(8 * s)), (35, 28, 22), -1)
        cv2.ellipse(img, at(side * 42, -46), size(30, 8), 0, 180, 360, (30, 30, 40), max(2, int(8 * s)))
    bridge = np.zeros((height, width), np.float32)
    cv2.ellipse(bridge, at(0, 5), size(10, 38), 0, 0, 360, 1.0, -1)
    img *= (1 + 0.12 * cv2.GaussianBlur(bridge, (0, 0), 5 * s))[..., None]
    cv2.ellipse(img, at(0, 42), size(22, 10), 0, 0, 180, (80, 100, 140), -1)  # nostrils
    cv2.ellipse(img, at(0, 80), size(36, 12), 0, 0, 180, (60, 60, 130), -1)  # mouth
    cv2.line(img, at(-36, 80), at(36, 80), (40, 40, 90), max(2, int(3 * s)))
    img += rng.normal(0, grain, img.shape).astype(np.float32)
    img = cv2.GaussianBlur(img, (0, 0), 1.0)
    return np.clip(img, 0, 255).astype(np.uint8)


def two_faces(width: int = 640, height: int = 480, *, seed: int = 0) -> np.ndarray:
    """Two drawn faces side by side (a colleague in the picture)."""
    left = face(width, height, seed=seed, scale=0.6, centre=(width * 26 // 100, height // 2))
    right = face(width, height, seed=seed + 1, scale=0.6, centre=(width * 74 // 100, height // 2))
    left[:, width // 2 :] = right[:, width // 2 :]
    return left


def no_face(width: int = 640, height: int = 480, *, seed: int = 0) -> np.ndarray:
    """Shapes and a line of text on a plain background: a picture, but of no face (a wall, a desk)."""
    rng = np.random.default_rng(seed)
    img = np.full((height, width, 3), rng.integers(0, 255, 3), np.uint8)
    for k in range(10):
        colour = tuple(int(v) for v in rng.integers(0, 255, 3))
        x, y = int(rng.integers(0, width)), int(rng.integers(0, height))
        if k % 2:
            axes = (int(rng.integers(10, width // 4)), int(rng.integers(10, height // 3)))
            cv2.ellipse(img, (x, y), axes, 0, 0, 360, colour, -1)
        else:
            cv2.rectangle(img, (x, y), (int(rng.integers(0, width)), int(rng.integers(0, height))), colour, -1)
    cv2.putText(img, "HADIR", (width // 10, height * 2 // 3), cv2.FONT_HERSHEY_SIMPLEX, width / 320, (0, 0, 0), 4)
    noise = rng.normal(0, 8, img.shape)
    return np.clip(img.astype(np.float32) + noise, 0, 255).astype(np.uint8)


def jpeg(image: np.ndarray, quality: int = 85) -> bytes:
    ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return encoded.tobytes()


def png(image: np.ndarray) -> bytes:
    ok, encoded = cv2.imencode(".png", image)
    assert ok
    return encoded.tobytes()


def webp(image: np.ndarray, quality: int = 80) -> bytes:
    ok, encoded = cv2.imencode(".webp", image, [cv2.IMWRITE_WEBP_QUALITY, quality])
    assert ok
    return encoded.tobytes()


def face_jpeg_of_about(target: int, *, width: int = 640, height: int = 480, seed: int = 0) -> bytes:
    """A JPEG of one face within 10% under `target` bytes (the bench's "100 KB photo"): the grain and the
    quality are raised until the file is as large as a phone's would be."""
    best = b""
    for grain in (5.0, 10.0, 14.0, 18.0, 24.0, 32.0):
        image = face(width, height, seed=seed, grain=grain)
        for quality in range(60, 97, 3):
            data = jpeg(image, quality)
            if len(data) > target:
                break
            best = data
        if len(best) >= target * 0.9:
            return best
    return best


def y4m(image: np.ndarray, frames: int = 2, fps: int = 30) -> bytes:
    """A YUV4MPEG2 video of the picture standing still: Chromium's --use-file-for-fake-video-capture plays
    it (in a loop) as the camera. 4:2:0 chroma, as Chromium requires; even width and height."""
    height, width = image.shape[:2]
    if width % 2 or height % 2:
        raise ValueError("y4m needs an even width and height")
    planes = cv2.cvtColor(image, cv2.COLOR_BGR2YUV_I420).tobytes()
    header = f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode()
    return header + b"".join(b"FRAME\n" + planes for _ in range(frames))
