"""The generated faces (attendance.checkin.face_sample) are what the tests, the demo, the fake camera and the
bench rely on: OpenCV's bundled cascade must find exactly one face in each, and none in the pictures
without one, whatever the skin tone, background, size and position."""

import cv2
import numpy as np
import pytest

from attendance.checkin import face_sample, photos


def faces_in(image) -> int:
    height, width = image.shape[:2]
    return photos.count_faces(photos._grey_for_detection(face_sample.jpeg(image), photos.JPEG, width, height))


@pytest.mark.parametrize("skin", range(len(face_sample.SKINS)))
@pytest.mark.parametrize("background", range(len(face_sample.BACKGROUNDS)))
def test_it_draws_a_face_the_cascade_finds_on_every_skin_and_background(skin, background):
    for scale, centre in ((0.7, (250, 250)), (1.0, (320, 240)), (1.3, (360, 230))):
        image = face_sample.face(seed=skin * 7 + background, skin=skin, background=background, scale=scale, centre=centre)
        assert faces_in(image) == 1, (skin, background, scale)


def poorer(image, how: str):
    if how == "blurred":
        return cv2.GaussianBlur(image, (0, 0), 2.0)
    if how == "dark":
        return (image * 0.55).astype(np.uint8)
    noise = np.random.default_rng(0).normal(0, 18, image.shape)
    return np.clip(image + noise, 0, 255).astype(np.uint8)


@pytest.mark.parametrize("how", ["blurred", "dark", "noisy"])
def test_it_finds_the_face_in_a_portrait_picture_and_in_poorer_ones(how):
    """A phone held upright gives a portrait picture; a face there fills a quarter of the width or more."""
    for seed, scale in ((1, 0.45), (2, 0.6), (3, 0.9)):
        assert faces_in(poorer(face_sample.face(480, 640, seed=seed, scale=scale, centre=(240, 300)), how)) == 1
        assert faces_in(poorer(face_sample.face(seed=seed, scale=scale + 0.2), how)) == 1


def test_it_draws_two_faces_and_pictures_without_one():
    for seed in range(5):
        assert faces_in(face_sample.two_faces(seed=seed)) == 2
    for seed in range(10):
        assert faces_in(face_sample.no_face(seed=seed)) == 0


def test_it_makes_a_face_jpeg_of_about_the_size_asked():
    data = face_sample.face_jpeg_of_about(100_000)
    assert 90_000 <= len(data) <= 100_000
    assert photos.header(data)[:3] == ("jpeg", 640, 480)


def test_it_writes_a_still_y4m_video_chromium_can_play():
    video = face_sample.y4m(face_sample.face(320, 240), frames=3)
    head, _, rest = video.partition(b"\n")
    assert head == b"YUV4MPEG2 W320 H240 F30:1 Ip A1:1 C420jpeg"
    frame = 320 * 240 * 3 // 2
    assert rest == (b"FRAME\n" + rest[6 : 6 + frame]) * 3
    with pytest.raises(ValueError):
        face_sample.y4m(face_sample.face(321, 240))
