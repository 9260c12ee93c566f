"""Which detection shows the product: labels that fit the title, plausible sizes, people last."""

from __future__ import annotations

import numpy as np
import pytest

from tiktok_commerce.workers.thumbnails.crop import square_around
from tiktok_commerce.workers.thumbnails.detection import Detection
from tiktok_commerce.workers.thumbnails.select import Candidate, best_detection, product_labels


def test_product_words_map_to_detector_labels():
    assert product_labels("Ceramic Coffee Mug 350ml") == {"cup"}
    assert "person" in product_labels("Retro running sneakers")
    assert product_labels("Astronaut action figure") == {"person"}  # a figure of a person is seen as one
    assert product_labels("Porcelain doll") == {"person"}
    assert product_labels("Cat figurine") == {"cat"}
    assert product_labels("Leather tote bag") >= {"handbag"}
    assert product_labels("Crystal wine glass set", known=["wine glass", "cup"]) >= {"wine glass"}
    assert product_labels("Mystery box") == set()


def _candidate(*detections: Detection) -> Candidate:
    return Candidate(0, 0.0, 100.0, np.zeros((16, 16)), list(detections), frame_area=360 * 640, quality=1.0)


def test_a_fitting_label_beats_a_more_confident_wrong_one():
    sticker = Detection("frisbee", 29, 0.87, (10, 10, 60, 60))
    mug = Detection("cup", 41, 0.55, (100, 200, 260, 380))
    detection, _ = best_detection(_candidate(sticker, mug), {"cup"})
    assert detection is mug


def test_without_a_fit_a_plausible_object_beats_a_person_and_a_speck():
    person = Detection("person", 0, 0.9, (0, 0, 360, 640))
    speck = Detection("frisbee", 29, 0.9, (10, 10, 30, 30))
    bottle = Detection("bottle", 39, 0.6, (120, 200, 240, 420))
    detection, _ = best_detection(_candidate(person, speck, bottle), set())
    assert detection is bottle
    detection, _ = best_detection(_candidate(person), set())
    assert detection is person  # a person when nothing else is there


def test_square_crop_with_margin_clamped_inside_the_frame():
    x0, y0, x1, y1 = square_around((100, 200, 260, 380), 360, 640)
    assert x1 - x0 == y1 - y0  # square
    assert x0 <= 100 and y0 <= 200 and x1 >= 260 and y1 >= 380  # holds the box
    assert min(x0, y0) >= 0 and x1 <= 360 and y1 <= 640  # inside the frame
    # A box at the edge: the square shifts inside rather than leaving the frame.
    x0, y0, x1, y1 = square_around((300, 0, 360, 80), 360, 640)
    assert x1 == 360 and y0 == 0 and x1 - x0 == y1 - y0
    # No box: the centred square.
    assert square_around(None, 360, 640) == (0, 140, 360, 500)


@pytest.mark.parametrize(
    ("title", "label"),
    [
        ("Ceramic Coffee Mug", "cup"),  # the English pack's [detector.product_labels]
        ("Caneca de cerâmica 350 ml", "cup"),  # the Portuguese tagger's detector tags, read back
        ("Tazza in ceramica", "cup"),
        ("マグカップ 350ml", "cup"),  # a script without spaces: found inside the title
        ("Bolsa transversal feminina", "handbag"),
        ("コーヒーカップ 有田焼 ソーサー付き 200ml", "cup"),  # the Japanese pack's own カップ
        ("Astronaut Night Light LED lamp", "person"),  # a product in the shape of a person
        ("Retro Astronaut Tin Toy 🚀 wind-up", "person"),
    ],
)
def test_a_title_in_any_packed_language_finds_its_label(title: str, label: str) -> None:
    from tiktok_commerce.workers.thumbnails.labels import product_labels

    assert label in product_labels(title)
