"""What the fifth never-tuned set taught (issue 13, seventh round): a German title naming an
astronaut (a poster, a figure) finds the person label; frames whose sharpness was measured over
the whole picture (nothing stands out of a busy backdrop) are judged against frames measured the
same way, not against a small sharp object's; for a product with a label, a frame where the
detector saw only a person or the table ranks after a frame where it saw nothing."""

from __future__ import annotations

import numpy as np
from scene_support import SOURCE, frame_measures

from tiktok_commerce.workers.thumbnails import pipeline
from tiktok_commerce.workers.thumbnails.content import Content
from tiktok_commerce.workers.thumbnails.detection import Detection
from tiktok_commerce.workers.thumbnails.labels import product_labels
from tiktok_commerce.workers.thumbnails.select import Candidate, choose


def test_a_german_title_naming_an_astronaut_finds_the_person_label():
    # "Astronautin" (the woman) and "Astronauten" (inflected): a figure or a print of one is
    # detected as a person, as the English pack's "astronaut" is.
    title = "Astronautin Poster 30x40 cm 🚀 Kunstdruck mit Rahmen – Geschenkidee!!"
    assert product_labels(title) == {"person"}
    assert product_labels("Astronauten Figur fürs Auto") == {"person", "car"}


def test_frames_measured_whole_are_judged_against_frames_measured_whole(monkeypatch):
    # A small figure on a dashboard under a bright windscreen: in most frames nothing stands out
    # of the busy picture, so sharpness is measured over all of it (0.07-0.09); in two frames a
    # small region stands out and scores 2.8 and 0.7. Against one reference every whole-picture
    # frame looked blurred and only the two were kept, with an empty frame and a distractor.
    whole = (0, 0, *SOURCE)
    small = (490, 930, 650, 1100)
    measured = [frame_measures(2.0 * k, 0.07 + 0.005 * (k % 3), whole) for k in range(1, 9)]
    measured += [frame_measures(t, s, small) for t, s in ((0.0, 0.5), (20.0, 2.8), (22.0, 0.7))]
    measured.append(frame_measures(24.0, 0.01, whole))  # a blurred frame of the busy picture
    monkeypatch.setattr(pipeline, "_measure", lambda frames, content: measured)
    monkeypatch.setattr(pipeline, "_shots", lambda ms: {id(m.frame): 0 for m in ms})
    kept, reference = pipeline._screen([], Content((0.0, 0.0, 1.0, 1.0), ()), 5, [])
    times = [c.time_s for c in kept]
    assert all(2.0 * k in times for k in range(1, 9)), times  # every sharp whole-picture frame
    assert 24.0 not in times  # the blurred one still goes
    assert 20.0 in times  # and the located frames keep their own measure
    # Too few frames of a kind for a reference of its own: measured against all, as before.
    few = [frame_measures(0.0, 2.8, small), frame_measures(1.0, 2.6, small), frame_measures(2.0, 2.7, small)]
    few += [frame_measures(3.0, 0.08, whole)]
    monkeypatch.setattr(pipeline, "_measure", lambda frames, content: few)
    kept, _ = pipeline._screen([], Content((0.0, 0.0, 1.0, 1.0), ()), 3, [])
    assert 3.0 not in [c.time_s for c in kept]


def _frame(time_s: float, shot: int, *found: tuple[str, float]) -> Candidate:
    box = (300.0, 600.0, 800.0, 1300.0)
    detections = [Detection(label, 0, confidence, box) for label, confidence in found]
    cand = Candidate(int(time_s * 1000), time_s, 1.0, np.full((16, 16), float(shot)), detections,
                     float(SOURCE[0] * SOURCE[1]), quality=1.0)  # fmt: skip
    cand.shot = shot
    return cand


def test_a_person_alone_ranks_after_nothing_seen_for_a_labelled_product():
    # A cup on a cluttered counter the detector never finds; an astronaut figure (a distractor)
    # and a hand are detected as people. The person frames scored above the frames where nothing
    # was seen and took the cup's picks, cropped on the figure.
    blank = [_frame(3.0 + 3 * k, k) for k in range(3)]
    people = [_frame(2.0 + 3 * k, 10 + k, ("person", 0.9)) for k in range(4)]
    picks = choose(blank + people, [{"cup"}], 3, 30.0)
    assert sorted(p.candidate.time_s for p in picks) == [3.0, 6.0, 9.0], picks
    # They still fill the picks when nothing better is left.
    picks = choose(blank + people, [{"cup"}], 5, 30.0)
    assert len(picks) == 5 and {3.0, 6.0, 9.0} <= {p.candidate.time_s for p in picks}
    # A product shown as a person (a figure, clothes) is unchanged: its frames show it.
    picks = choose(blank + people, [{"person"}], 3, 30.0)
    assert all(p.detection is not None and p.detection.label == "person" for p in picks), picks
    # A title no label fits keeps the prominent-object rule.
    picks = choose(blank + people, [set()], 3, 30.0)
    assert any(p.detection is not None for p in picks), picks
