"""Thumbnail generator bench: precision@5 and time beside ffmpeg's thumbnail filter, per kind of video.

Every video is 30 s at 1080x1920 (upright), built from ../shared/fixtures/images with known ground
truth and cached in bench/out/thumbnails/. In each the product (or products) shows in some stretches
only; the others are empty, blurred, dark, or show something that is not on sale (the cat, the
astronaut: a distractor elsewhere in the video, and once beside the product in the same frames). On
plain backdrops the product is cut out of its photo and 30-45% of the frame wide.

The kinds: a white sweep, a light box, a bright studio table, a product moving over a gradient, a
textured room (the seed's video), HEVC, 10-bit HDR HEVC in MOV (HLG, as an iPhone films), 10-bit
H.264, 60 fps, variable frame rate, a display rotation, a letterboxed landscape clip with a caption
strip in its bar, a caption strip burnt in over the picture, two products. After them, videos never
tuned on (other backdrops, other objects as the product) are measured once, labelled as such. A
third set (BLIND2, written without reading the generator, measured once blind, then analysed and
tuned on in issue 13's fourth round: no longer blind) runs only when asked for: BENCH_BLIND2=1 (or
its names in BENCH_VIDEOS). A fourth (BLIND3, written blind by a helper session the same way,
measured once blind in the fifth round, then analysed and tuned on in the sixth: no longer blind)
runs only when asked for: BENCH_BLIND3=1 (or its names in BENCH_VIDEOS). A fifth (BLIND4, written
blind by another helper session, measured twice blind in the sixth round, then analysed and tuned
on in the seventh: no longer blind) likewise: BENCH_BLIND4=1. A sixth (BLIND5, written blind by
another helper session that read only this harness and the video builder; measured once blind in
the eighth round, then analysed and tuned on in the ninth: no longer blind) likewise: BENCH_BLIND5=1.
A seventh (BLIND6, written blind by another helper session that read only this harness and the video
builder; measured once blind in the tenth round, then analysed and tuned on: no longer blind)
likewise: BENCH_BLIND6=1 (or its names in BENCH_VIDEOS). An eighth (BLIND7, written blind by another
helper session that read only this harness and the video builder; NOT measured yet: kept for the
next round to measure once, blind) likewise: BENCH_BLIND7=1 (or its names in BENCH_VIDEOS).

For each video, in the same run, alternating, on one core (the last one this process may use):
- ffmpeg: `ffmpeg -threads 1 -i VIDEO -vf thumbnail -frames:v 1` (picks one frame);
- warm: the video handed to a long-running worker process (model loaded and warmed up on another
  video first), timed inside it from file to JPEGs, as the worker runs in production;
- command: `tiktok-commerce thumbnails VIDEO --product ...` as a fresh process, start included.
Each side's CPU time (user + sys: the children's from os.wait4, the worker's from getrusage) is
printed beside its wall time, and the bars are judged on the CPU ratios: on a shared machine other
engineers' benches lengthen wall times unevenly, CPU time much less. The best of REPEATS alternating
runs of each (a neighbour's burst lengthens a run, never shortens one); the medians over the videos
are printed under them. The fixed start (the
command on a one-frame 64x64 video with one product title: interpreter, imports, language packs,
model load, a first inference) is measured apart, best of five. BENCH_REPEATS sets the runs.
Peak RSS: the command's (wait4) and the worker's (VmHWM).

precision@5, per product: the share of its five thumbnails whose frame lies in a stretch where that
product shows sharp and well exposed and whose crop overlaps the true box by at least half of the
smaller of the two (a missing thumbnail counts as a miss).

`python -m bench thumbnails` (or `make bench`); ffmpeg must be installed (the Makefile does that).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "thumbnails"
CACHE_VERSION = "v2"
SIZE = (1080, 1920)
SECONDS = 30.0
REPEATS = int(os.environ.get("BENCH_REPEATS", "7"))
WARM_LIMIT = 0.7  # per video in a warm worker / ffmpeg
COMMAND_LIMIT = 1.3  # the whole command, start included / ffmpeg
PRECISION_FLOOR = 0.9
RSS_LIMIT_MB = 500
PLAIN = (
    "white-sweep",
    "light-box",
    "studio-table",
    "gradient",
    "dark-velvet",
    "marble",
    "kraft",
    "linen",
    "window",
    "pastel",
    "glossy",
    "bathroom",
    "sage-sweep",
)


@dataclass(frozen=True)
class BenchVideo:
    name: str
    kind: str  # what it stands for, printed beside the figures
    products: tuple[str, ...]
    backdrop: str = "room"
    image: str = "coffee.png"  # product 0's photo
    second: str | None = None  # product 1's photo (a video selling two things)
    distractors: tuple[str, str] = ("chelsea.png", "astronaut.png")  # shown, not on sale
    scales: tuple[float, float, float, float] = (0.3, 0.36, 0.41, 0.45)  # product width / frame width
    options: tuple[tuple[str, Any], ...] = ()  # make_product_video's codec, hdr, fps, rotation, ...
    suffix: str = ".mp4"
    unseen: bool = False  # never tuned on: measured once, at the end
    timeline: str = "standard"  # which stretches (segments_for): "standard", "brief", "cuts", "reveal", ...
    flip: bool = False  # the product's photo mirrored
    occlusion: float = 0.0  # a hand covers this share of the product's width in some stretches

    @property
    def cutout(self) -> bool:
        return self.backdrop in PLAIN

    @property
    def path(self) -> Path:
        return OUT / f"{self.name}-{CACHE_VERSION}{self.suffix}"


ROOM = (0.62, 0.55, 0.6, 0.7)  # the seed's bench: whole photos on a busy backdrop
CUP = ("Handmade espresso cup",)
VIDEOS = (
    BenchVideo("white-sweep", "white sweep, H.264", CUP, "white-sweep"),
    BenchVideo("light-box", "white light box, H.264", CUP, "light-box"),
    BenchVideo("studio-table", "bright studio table, H.264", CUP, "studio-table"),
    BenchVideo("gradient", "moving over a gradient, H.264", CUP, "gradient", scales=(0.35, 0.4, 0.45, 0.38)),
    BenchVideo("room", "textured room (the seed's), H.264", CUP, "room", scales=ROOM),
    BenchVideo("hevc", "HEVC 8-bit BT.709", CUP, "wood", scales=ROOM, options=(("codec", "hevc"),)),
    BenchVideo(
        "hevc-hlg-mov",
        "HEVC 10-bit HDR (HLG, BT.2020), MOV",
        CUP,
        "white-sweep",
        options=(("codec", "hevc"), ("hdr", "hlg")),
        suffix=".mov",
    ),
    BenchVideo(
        "h264-10bit", "H.264 10-bit", CUP, "concrete", scales=ROOM, options=(("pix_fmt", "yuv420p10le"),)
    ),
    BenchVideo("60fps", "60 fps, H.264", CUP, "dark-velvet", options=(("fps", 60),)),
    BenchVideo("vfr", "variable frame rate, H.264", CUP, "fabric", scales=ROOM, options=(("vfr", True),)),
    BenchVideo("rotated", "stored landscape + rotation 90", CUP, "studio-table", options=(("rotation", 90),)),
    BenchVideo(
        "letterboxed",
        "landscape in portrait, caption in the bar",
        CUP,
        "room",
        scales=ROOM,
        options=(("content", (1080, 608)), ("text_band", "Only $12 today, free shipping"), ("band_at", 0.8)),
    ),
    BenchVideo(
        "text-band",
        "caption strip burnt in over the picture",
        CUP,
        "white-sweep",
        options=(("text_band", "Link in bio"), ("band_at", 0.86)),
    ),
    BenchVideo(
        "two-products",
        "two products (cup, cat figurine)",
        ("Espresso cup", "Cat figurine"),
        "light-box",
        second="chelsea.png",
        distractors=("astronaut.png", "astronaut.png"),
    ),  # fmt: skip
)
UNSEEN = (
    BenchVideo(
        "unseen-cat-marble",
        "cat plush on marble, HEVC",
        ("Cat plush toy",),
        "marble",
        image="chelsea.png",
        distractors=("coffee.png", "astronaut.png"),
        options=(("codec", "hevc"),),
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "unseen-costume-tiles",
        "astronaut costume on tiles, H.264 10-bit",
        ("Astronaut costume",),
        "tiles",
        image="astronaut.png",
        distractors=("chelsea.png", "coffee.png"),
        scales=(0.7, 0.62, 0.75, 0.66),
        options=(("pix_fmt", "yuv420p10le"),),
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "unseen-cup-bokeh",
        "cup over bokeh, 60 fps, rotated",
        ("Ceramic coffee mug",),
        "bokeh",
        scales=(0.5, 0.6, 0.55, 0.65),
        options=(("fps", 60), ("rotation", 90)),
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "unseen-two-kraft",
        "cat and cup on kraft paper, VFR, HLG",
        ("Cat figurine", "Latte mug"),
        "kraft",
        image="chelsea.png",
        second="coffee.png",
        distractors=("astronaut.png", "astronaut.png"),
        options=(("vfr", True), ("codec", "hevc"), ("hdr", "hlg")),
        unseen=True,
    ),  # fmt: skip
)

# The second never-tuned set: written (this specification) before the generator was run on any of
# them, built, and measured once at the end of the second round; its misses were then analysed and
# fixed (third round), so it is no longer blind: tuned now, like UNSEEN. What the first sets did not
# vary: the cat and the astronaut as products with the cup as a distractor, busy (leaves, books),
# dark (a night street), patterned (stripes) and bright (a blown-out window) backdrops and a plain
# mid-tone one, the product small (15-22% of the width) and large (80-90%), moving fast, mirrored,
# partly hidden by a hand, on screen briefly or in quick cuts, two products taking turns, sparse
# keyframes, PQ.
BLIND = (
    BenchVideo(
        "blind-cup-night",
        "small cup on a night street, H.264",
        ("Mini espresso cup",),
        "night",
        distractors=("astronaut.png", "chelsea.png"),
        scales=(0.16, 0.2, 0.22, 0.18),
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind-cat-window",
        "large cat before a bright window, HEVC",
        ("Cat plush pillow",),
        "window",
        image="chelsea.png",
        distractors=("coffee.png", "astronaut.png"),
        scales=(0.82, 0.88, 0.9, 0.85),
        options=(("codec", "hevc"),),
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind-astronaut-foliage",
        "astronaut (mirrored, half hidden) on leaves, 10-bit",
        ("Kids astronaut costume",),
        "foliage",
        image="astronaut.png",
        distractors=("chelsea.png", "coffee.png"),
        scales=(0.55, 0.6, 0.5, 0.65),
        options=(("pix_fmt", "yuv420p10le"),),
        flip=True,
        occlusion=0.35,
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind-cup-stripes",
        "cup moving fast over stripes, quick cuts, 25 fps",
        ("Glazed coffee mug",),
        "stripes",
        distractors=("chelsea.png", "astronaut.png"),
        scales=(0.3, 0.35, 0.4, 0.33),
        options=(("fps", 25),),
        timeline="cuts",
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind-two-bookshelf",
        "cup and astronaut before books, HEVC PQ, rotated 270",
        ("Stoneware mug", "Astronaut action figure"),
        "bookshelf",
        second="astronaut.png",
        distractors=("chelsea.png", "chelsea.png"),
        scales=(0.35, 0.45, 0.4, 0.5),
        options=(("codec", "hevc"), ("hdr", "pq"), ("rotation", 270)),
        suffix=".mov",
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind-cat-linen",
        "cat on linen, brief, a hand over it, keyframes 5 s apart",
        ("Ceramic cat figurine",),
        "linen",
        image="chelsea.png",
        distractors=("astronaut.png", "coffee.png"),
        scales=(0.4, 0.45, 0.35, 0.5),
        options=(("keyframe_interval_s", 5.0),),
        timeline="brief",
        occlusion=0.3,
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind-two-night",
        "cat and cup taking turns on a night street, VFR",
        ("Cat plush toy", "Travel coffee cup"),
        "night",
        image="chelsea.png",
        second="coffee.png",
        distractors=("astronaut.png", "astronaut.png"),
        scales=(0.45, 0.3, 0.5, 0.35),
        options=(("vfr", True),),
        timeline="cuts",
        unseen=True,
    ),  # fmt: skip
)


# The third never-tuned set: written by a helper session that never read the generator (its code or
# docs/thumbnails.md) and never ran it on these videos; built only to check they decode and look
# right. Not scored yet. What the other sets did not vary, as sellers film: new backdrops (an oak
# floor, a pastel sweep with a lamp's soft shadow, a busy flowered print, kitchen tiles above a
# granite worktop, a car's perforated leather seat), the product 25-35% of the width, small (~20%)
# or large (~75%), HEVC 10-bit SDR, 24 fps, a 180-degree rotation, a 4:5 clip letterboxed in 9:16,
# a price banner at the top, keyframes every 0.5 s or 4 s, a heavily compressed re-upload (CRF 34),
# mirrored and hand-covered products, two products, and titles written the way sellers write them.
BLIND2 = (
    BenchVideo(
        "blind2-mug-floor",
        "mug on oak floorboards, HEVC 10-bit SDR",
        ("Handmade Ceramic Coffee Mug 12oz - Speckled Glaze, Dishwasher Safe",),
        "floor",
        distractors=("chelsea.png", "astronaut.png"),
        scales=(0.28, 0.32, 0.3, 0.26),
        options=(("codec", "hevc"), ("pix_fmt", "yuv420p10le")),
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind2-plush-pastel",
        "large cat (75% wide) on a pastel sweep, 24 fps",
        ("cute cat plushie 🐱 super soft 30cm!!",),
        "pastel",
        image="chelsea.png",
        distractors=("coffee.png", "astronaut.png"),
        scales=(0.72, 0.78, 0.75, 0.7),
        options=(("fps", 24), ("keyframe_interval_s", 1.0)),
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind2-costume-print",
        "small mirrored astronaut on a print, brief, 60 fps, rot 180",
        ("Kids Astronaut Costume (Ages 3-8) Halloween / Dress Up 🚀",),
        "print",
        image="astronaut.png",
        distractors=("chelsea.png", "coffee.png"),
        scales=(0.18, 0.22, 0.2, 0.21),
        options=(("fps", 60), ("rotation", 180)),
        timeline="brief",
        flip=True,
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind2-two-counter",
        "mug and cat in cuts on a counter, 4:5 in 9:16, VFR",
        ("Stoneware Latte Mug – Sage", "Cat Figurine, Ceramic Home Decor"),
        "counter",
        second="chelsea.png",
        distractors=("astronaut.png", "astronaut.png"),
        scales=(0.25, 0.32, 0.28, 0.35),
        options=(("content", (1080, 1350)), ("vfr", True)),
        timeline="cuts",
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind2-mug-car",
        "cup on a car seat, hand over it, HEVC PQ, keyframes 4 s",
        ("Travel Coffee Cup w/ Lid | fits car cup holders",),
        "car",
        distractors=("chelsea.png", "astronaut.png"),
        scales=(0.3, 0.35, 0.32, 0.27),
        options=(("codec", "hevc"), ("hdr", "pq"), ("keyframe_interval_s", 4.0)),
        suffix=".mov",
        occlusion=0.4,
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind2-two-pastel",
        "astronaut and cups on pastel, top banner, keyframes 0.5 s",
        ('Astronaut Action Figure 12"', "Espresso Cups Set of 2 ☕"),
        "pastel",
        image="astronaut.png",
        second="coffee.png",
        distractors=("chelsea.png", "chelsea.png"),
        scales=(0.3, 0.34, 0.27, 0.32),
        options=(("text_band", "50% OFF - TODAY ONLY"), ("band_at", 0.06), ("keyframe_interval_s", 0.5)),
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind2-cat-floor",
        "mirrored cat, hand over it, cuts on a floor, CRF 34",
        ("CAT FIGURINE - hand painted resin",),
        "floor",
        image="chelsea.png",
        distractors=("coffee.png", "astronaut.png"),
        scales=(0.26, 0.33, 0.29, 0.31),
        options=(("crf", 34), ("keyframe_interval_s", 3.0)),
        timeline="cuts",
        flip=True,
        occlusion=0.25,
        unseen=True,
    ),  # fmt: skip
)

# The fourth never-tuned set: written by a helper session under the same rule as BLIND2 (it never
# read the generator's code, docs/thumbnails.md or its tests, and never ran the generator on these
# videos); built only to check they decode and look right. Not measured yet. What the other sets
# did not vary, as sellers film: new backdrops (terrazzo, denim with a felled seam, a dim bedroom
# lit by a warm lamp, beach sand, a glossy black tabletop with reflections, a maple cutting board
# on slate), the product very small (11-15% of the width) to nearly the whole width (86-95%), the
# photos in new roles (the cat as a pet portrait and a wall print, the astronaut as a poster, a
# night light and a tin toy, the cup with its saucer as a set), the cat and the astronaut sold
# together, HLG and PQ HEVC in MP4, HEVC with VFR, H.264 10-bit at 15 fps, 50 fps, rotation 270 on
# H.264, a square clip letterboxed in 9:16, a caption over the lower third, keyframes 10 s or ~
# 0.27 s apart, CRF 38 and 18, a new timeline (an unboxing: the product revealed late), half the
# product under a hand, and titles written the way sellers write them (Spanish, Japanese, emojis,
# sizes, capitals).
BLIND3 = (
    BenchVideo(
        "blind3-cup-terrazzo",
        "very small cup (11-15% wide) on terrazzo, 50 fps, keyframes 10 s",
        ("Taza de cerámica artesanal ☕ 350ml",),
        "terrazzo",
        distractors=("chelsea.png", "astronaut.png"),
        scales=(0.12, 0.14, 0.11, 0.15),
        options=(("fps", 50), ("keyframe_interval_s", 10.0)),
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind3-portrait-denim",
        "cat as a pet portrait, nearly full width, mirrored, cuts on denim, HEVC VFR",
        ("Custom Pet Portrait 🐾 Canvas 8x10in – from YOUR photo!!",),
        "denim",
        image="chelsea.png",
        distractors=("coffee.png", "astronaut.png"),
        scales=(0.88, 0.93, 0.86, 0.95),
        options=(("codec", "hevc"), ("vfr", True)),
        timeline="cuts",
        flip=True,
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind3-two-bedroom",
        "astronaut poster and cat print in a dim bedroom, HEVC HLG in MP4, rotated 90",
        ("Glow in the Dark ASTRONAUT Poster 🚀 A3", "Cat Wall Art Print - A4, unframed"),
        "bedroom",
        image="astronaut.png",
        second="chelsea.png",
        distractors=("coffee.png", "coffee.png"),
        scales=(0.42, 0.38, 0.5, 0.34),
        options=(("codec", "hevc"), ("hdr", "hlg"), ("rotation", 90)),
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind3-mug-sand",
        "camping mug revealed late on sand, half under a hand, 1:1 in 9:16, CRF 38",
        ("enamel camping mug ⛺ 12 OZ ~ perfect for beach mornings",),
        "sand",
        distractors=("astronaut.png", "chelsea.png"),
        scales=(0.45, 0.5, 0.55, 0.4),
        options=(
            ("content", (1080, 1080)),
            ("text_band", "2 FOR $20 | FREE SHIPPING"),
            ("band_at", 0.8),
            ("crf", 38),
        ),
        timeline="reveal",
        occlusion=0.45,
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind3-lamp-glossy",
        "astronaut night light cut out on glossy black, mirrored, brief, H.264 10-bit, 15 fps",
        ("Astronaut Night Light LED lamp - USB rechargeable, 3 colours",),
        "glossy",
        image="astronaut.png",
        distractors=("chelsea.png", "coffee.png"),
        scales=(0.5, 0.6, 0.55, 0.65),
        options=(("pix_fmt", "yuv420p10le"), ("fps", 15)),
        timeline="brief",
        flip=True,
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind3-cup-board",
        "small cup and saucer on a cutting board, cuts, HEVC PQ in MP4, caption, keyframes 0.25 s",
        ("コーヒーカップ 有田焼 ソーサー付き 200ml",),
        "board",
        distractors=("chelsea.png", "astronaut.png"),
        scales=(0.22, 0.26, 0.24, 0.2),
        options=(
            ("codec", "hevc"),
            ("hdr", "pq"),
            ("text_band", "wait for the pour..."),
            ("band_at", 0.7),
            ("keyframe_interval_s", 0.25),
        ),
        timeline="cuts",
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind3-two-denim",
        "cup set and astronaut tin toy unboxed on denim, H.264 rotated 270, CRF 18",
        ("Latte Mug + Saucer SET ☕ (2pcs)", "Retro Astronaut Tin Toy 🚀 wind-up"),
        "denim",
        second="astronaut.png",
        distractors=("chelsea.png", "chelsea.png"),
        scales=(0.3, 0.36, 0.34, 0.38),
        options=(("rotation", 270), ("crf", 18)),
        timeline="reveal",
        occlusion=0.3,
        unseen=True,
    ),  # fmt: skip
)


# The fifth never-tuned set: written by a helper session under the same rule as BLIND2 and BLIND3
# (it never read the generator's code, docs/thumbnails.md or its tests, and never ran the generator
# or this bench's measurement on these videos); built only to check they decode and look right.
# Measured twice blind (sixth round), then analysed and tuned on (seventh): no longer blind. What
# the other sets did not vary, as sellers film: new backdrops (a cream wool knit, a car's
# dashboard under a bright windscreen, a gym's rubber floor, a white bathroom wall of large
# tiles, a kitchen counter crowded with jars, bottles and fruit, a walnut desk), two new timelines
# (a zoom: pushed in and pulled out in 0.5 s steps, a whip pan; handheld: runs of short jittering
# shots, a dim stretch still worth a thumbnail), the product small (14-18%), on white at 32-44%, or
# large (58-96% as the zoom pushes in), H.264 10-bit HLG, HEVC 10-bit 4:2:2, 48 and 60 fps, HEVC
# 10-bit SDR rotated 90 in MOV, H.264 VFR rotated 90, a 4:3 clip letterboxed in 9:16 with a caption
# in its bar, a price banner at the top, keyframes 1, 3 and 6 s apart, CRF 30, and titles as sellers
# write them (Indonesian, Thai, Vietnamese, Taglish and German beside English, emojis, sizes).
BLIND4 = (
    BenchVideo(
        "blind4-mug-knit",
        "cup on a cream knit, zoomed in and out, H.264 60 fps, keyframes 1 s",
        ("Cozy Ceramic Mug ☕️🧶 11oz | perfect gift for her 🎁",),
        "knit",
        distractors=("chelsea.png", "astronaut.png"),
        scales=(0.26, 0.3, 0.28, 0.34),
        options=(("fps", 60), ("keyframe_interval_s", 1.0)),
        timeline="zoom",
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind4-cat-bathroom",
        "cat cut out on white bathroom tiles (32-44% wide), handheld, mirrored, HEVC 10-bit, rot 90, MOV",
        ("Pajangan Kucing Keramik 🐱 hiasan kamar mandi / cat figurine lucu - 15cm",),
        "bathroom",
        image="chelsea.png",
        distractors=("coffee.png", "astronaut.png"),
        scales=(0.32, 0.38, 0.44, 0.36),
        options=(
            ("codec", "hevc"),
            ("pix_fmt", "yuv420p10le"),
            ("rotation", 90),
            ("keyframe_interval_s", 6.0),
        ),
        suffix=".mov",
        timeline="handheld",
        flip=True,
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind4-figure-dashboard",
        "small astronaut figure (14-18% wide) on a car dashboard, handheld, a hand, H.264 10-bit HLG, VFR",
        ("ตุ๊กตานักบินอวกาศ ติดคอนโซลรถ 🚀✨ Astronaut car dashboard figure 8cm",),
        "dashboard",
        image="astronaut.png",
        distractors=("chelsea.png", "coffee.png"),
        scales=(0.14, 0.17, 0.15, 0.18),
        options=(("pix_fmt", "yuv420p10le"), ("hdr", "hlg"), ("vfr", True)),
        timeline="handheld",
        occlusion=0.3,
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind4-cup-gym",
        "cup on a gym floor, zoomed, 4:3 letterboxed in 9:16, caption in the bar, HEVC 60 fps",
        ("Ly sứ espresso 90ml kèm đĩa ☕ kiểu Ý – mua 2 tặng 1 🔥",),
        "gym",
        distractors=("astronaut.png", "chelsea.png"),
        scales=(0.36, 0.42, 0.4, 0.45),
        options=(
            ("codec", "hevc"),
            ("fps", 60),
            ("content", (1080, 810)),
            ("text_band", "FREESHIP 0D - chi 89K"),
            ("band_at", 0.74),
        ),
        timeline="zoom",
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind4-two-clutter",
        "cup and cat figurine on a cluttered kitchen counter, handheld, H.264 VFR, rot 90, CRF 30",
        (
            "Espresso cup w/ saucer ☕ pang-kape sa umaga, sulit!",
            "Lucky cat figurine 😺 pang-display sa kusina ₱149 lang",
        ),
        "clutter",
        second="chelsea.png",
        distractors=("astronaut.png", "astronaut.png"),
        scales=(0.22, 0.28, 0.25, 0.3),
        options=(("vfr", True), ("rotation", 90), ("crf", 30), ("keyframe_interval_s", 3.0)),
        timeline="handheld",
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind4-poster-walnut",
        "large astronaut print on walnut, zoomed, mirrored, a hand, top banner, HEVC 4:2:2 10-bit, 48 fps",
        ("Astronautin Poster 30x40 cm 🚀 Kunstdruck mit Rahmen – Geschenkidee!!",),
        "walnut",
        image="astronaut.png",
        distractors=("coffee.png", "chelsea.png"),
        scales=(0.58, 0.62, 0.64, 0.7),
        options=(
            ("codec", "hevc"),
            ("pix_fmt", "yuv422p10le"),
            ("fps", 48),
            ("text_band", "NUR HEUTE -40% | 19,99 EUR"),
            ("band_at", 0.04),
        ),
        timeline="zoom",
        flip=True,
        occlusion=0.3,
        unseen=True,
    ),  # fmt: skip
)

# The sixth never-tuned set: written by a helper session under the same rule as BLIND2, BLIND3 and
# BLIND4 (it read only this harness and the video builder, src/tiktok_commerce/synthetic_video.py;
# never the generator's code, docs/thumbnails.md or its tests, and it never ran the generator or this
# bench's measurement on these videos); built only to check they decode and look right (frames with
# the ground-truth boxes drawn inspected). Not measured yet. What the other sets did not vary, as
# sellers film: new backdrops (a striped beach towel in hard sun under an umbrella's shadow, a dark
# wooden bar counter at night under a warm pendant lamp, a lawn, a pink bedsheet with a floral print,
# a glass shelf in a lit cabinet with its reflections, a sage-green seamless paper: plain, the product
# cut out), a new timeline (talk: a seller talking to the camera, the product held up small beside
# them, a focus pull onto it in three blurred steps, a moment blown out by the sun), the product
# tiny (10-13% of the width) or large (52-80%), the cat as a plush and a figurine, the astronaut as a
# garden statue and a desk figure, the cup on a towel and on paper, H.264 8 and 10-bit, HEVC 8-bit
# and 10-bit HLG, 30, 50 and 60 fps, VFR on H.264 10-bit, HEVC rotated 180, a 3:4 clip letterboxed in
# 9:16, a price caption near the bottom, keyframes 2-8 s apart, CRF 27-32, and titles as sellers write
# them (Portuguese, Japanese, Spanish, Malay, English slang, French; emojis, sizes, prices).
BLIND5 = (
    BenchVideo(
        "blind5-cup-towel",
        "cup on a striped beach towel in hard sun, seller talking, mirrored, HEVC 10-bit HLG, keyframes 2 s",
        ("Caneca de cerâmica artesanal ☕️ 350ml – presente perfeito! 😍 R$ 49,90",),
        "towel",
        distractors=("astronaut.png", "chelsea.png"),
        scales=(0.46, 0.5, 0.54, 0.48),
        options=(("codec", "hevc"), ("hdr", "hlg"), ("keyframe_interval_s", 2.0)),
        timeline="talk",
        flip=True,
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind5-cat-bar",
        "tiny cat plush (10-13% wide) on a dark bar counter at night, H.264 60 fps, keyframes 8 s, CRF 32",
        ("リアル猫ぬいぐるみ 🐱 茶トラ 高さ30cm ふわふわ ¥2,480 送料無料",),
        "bar",
        image="chelsea.png",
        distractors=("coffee.png", "astronaut.png"),
        scales=(0.1, 0.12, 0.13, 0.11),
        options=(("fps", 60), ("keyframe_interval_s", 8.0), ("crf", 32)),
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind5-statue-grass",
        "large astronaut garden statue (52-80%) revealed late on a lawn, a hand, HEVC 50 fps, rotated 180",
        ("Figura de astronauta para jardín 🚀🌱 resina 40 cm | ¡ENVÍO GRATIS! $299 MXN",),
        "grass",
        image="astronaut.png",
        distractors=("chelsea.png", "coffee.png"),
        scales=(0.52, 0.66, 0.8, 0.6),
        options=(("codec", "hevc"), ("fps", 50), ("rotation", 180), ("keyframe_interval_s", 5.0)),
        timeline="reveal",
        occlusion=0.3,
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind5-two-bedsheet",
        "mug and cat figurine on a pink floral bedsheet, handheld, H.264 10-bit VFR, keyframes 3 s",
        (
            "Mug seramik comel ☕ 350ml - hadiah hari jadi, RM19.90 je!",
            "Patung kucing 🐱 hiasan bilik tidur, saiz 12cm - murah gila!!",
        ),
        "bedsheet",
        second="chelsea.png",
        distractors=("astronaut.png", "astronaut.png"),
        scales=(0.2, 0.24, 0.22, 0.26),
        options=(("pix_fmt", "yuv420p10le"), ("vfr", True), ("keyframe_interval_s", 3.0)),
        timeline="handheld",
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind5-figure-glass",
        "astronaut desk figure on a glass shelf, zoomed, mirrored, 3:4 letterboxed, H.264 50 fps, CRF 27",
        ("ngl this astronaut figure slaps 🚀🔥 lowkey the best desk decor fr | 6in, $24.99",),
        "glass-shelf",
        image="astronaut.png",
        distractors=("coffee.png", "chelsea.png"),
        scales=(0.3, 0.34, 0.32, 0.36),
        options=(("fps", 50), ("content", (1080, 1440)), ("keyframe_interval_s", 6.0), ("crf", 27)),
        timeline="zoom",
        flip=True,
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind5-cup-paper",
        "cup cut out on sage seamless paper (55-80%), seller talking, a hand, caption, HEVC 60 fps, CRF 28",
        ("Tasse à café en grès 🤎 faite main – 250 ml · lot de 2 · 24,90 €",),
        "sage-sweep",
        distractors=("chelsea.png", "astronaut.png"),
        scales=(0.55, 0.68, 0.8, 0.62),
        options=(
            ("codec", "hevc"),
            ("fps", 60),
            ("text_band", "-30% CE WEEK-END · 24,90 EUR"),
            ("band_at", 0.88),
            ("keyframe_interval_s", 4.0),
            ("crf", 28),
        ),
        timeline="talk",
        occlusion=0.35,
        unseen=True,
    ),  # fmt: skip
)


# The seventh never-tuned set: written by a helper session under the same rule as BLIND2..BLIND5
# (it read only this harness and the video builder, src/tiktok_commerce/synthetic_video.py; never
# the generator's code, docs/ or tests/, and it never ran the generator or this bench's measurement
# on these videos); built once only to check they decode and look right (frames with the
# ground-truth boxes drawn inspected). Measured once blind (tenth round, before any of its frames
# was looked at): P@5 cup-vanity 0.00, plush-market 1.00, figure-keyboard 0.40, two-market 0.80,
# plush-vanity 1.00, mug-desk 1.00 (median 0.90, three of six at the bar); CPU ratios warm 0.64,
# command 0.88 (medians). Since then analysed and tuned on. What the other sets did not vary, as
# sellers film: new backdrops (a white marble bathroom counter below a mirror that shows the room
# and a light bar, a chrome tap; a night market stall: swags of warm bulbs, a red and white striped
# awning, a creased blue tarp; a desk seen from above: a keyboard along the top, a grey felt mat, a
# mouse and its cable, oak at the edges), a new timeline (pan: a slow camera pan along a counter or
# a stall, things sliding across the frame one after another, the camera stopping on the product,
# panning on fast, coming back the other way under a hand), the product small (15-19% of the width),
# mid-sized or large (70-85%), the cup as an espresso set, the cat as a plush and a figurine, the
# astronaut as a desk figure, the cup and the cat sold together, H.264 8-bit rotated 180 at 25 fps,
# HEVC 8-bit rotated 270, H.264 10-bit at 60 fps, HEVC 10-bit HLG in MOV at 50 fps, HEVC 10-bit SDR
# at 24 fps, H.264 VFR rotated 90, a 2:1 clip letterboxed in 9:16 with a caption in its bar, a price
# banner near the top, keyframes 0.5-6 s apart, CRF 24-31, and titles as sellers write them
# (German, Vietnamese, Indonesian, Thai, Italian, Tagalog; emojis, sizes, prices).
BLIND6 = (
    BenchVideo(
        "blind6-cup-vanity",
        "espresso cup panned past on a marble bathroom counter, a hand, H.264 25 fps, rotated 180",
        ("Espressotasse mit Untertasse ☕ handgetöpfert, 90 ml – 2er-Set nur 24,90 € 🔥",),
        "vanity",
        distractors=("chelsea.png", "astronaut.png"),
        scales=(0.32, 0.36, 0.34, 0.38),
        options=(("fps", 25), ("rotation", 180), ("keyframe_interval_s", 2.5), ("crf", 26)),
        timeline="pan",
        occlusion=0.25,
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind6-plush-market",
        "small cat plush (15-19% wide) at a night market stall, HEVC 8-bit rotated 270, CRF 29",
        ("Gấu bông mèo mướp 🐱 siêu mềm, cao 25cm – chỉ 99K, mua 2 tặng 1 🎁",),
        "market",
        image="chelsea.png",
        distractors=("coffee.png", "astronaut.png"),
        scales=(0.15, 0.17, 0.19, 0.16),
        options=(("codec", "hevc"), ("rotation", 270), ("keyframe_interval_s", 3.0), ("crf", 29)),
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind6-figure-keyboard",
        "astronaut desk figure by a keyboard, zoomed, mirrored, a hand, H.264 10-bit 60 fps, keyframes 1 s",
        ("Figur Astronot 🚀 pajangan meja kerja / hiasan PC gaming – tinggi 10cm, cuma Rp 45.000!",),
        "keyboard",
        image="astronaut.png",
        distractors=("coffee.png", "chelsea.png"),
        scales=(0.28, 0.32, 0.3, 0.35),
        options=(("pix_fmt", "yuv420p10le"), ("fps", 60), ("keyframe_interval_s", 1.0), ("crf", 24)),
        timeline="zoom",
        flip=True,
        occlusion=0.3,
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind6-two-market",
        "cup and cat figurine panned past at a night market stall, HEVC 10-bit HLG in MOV, 50 fps",
        ("แก้วกาแฟเซรามิก ☕ พร้อมจานรอง 250ml ราคาถูก 159.-", "ตุ๊กตาแมวเซรามิก 🐱 ของแต่งบ้าน สูง 12 ซม."),
        "market",
        second="chelsea.png",
        distractors=("astronaut.png", "astronaut.png"),
        scales=(0.28, 0.32, 0.3, 0.34),
        options=(("codec", "hevc"), ("hdr", "hlg"), ("fps", 50), ("keyframe_interval_s", 4.0)),
        suffix=".mov",
        timeline="pan",
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind6-plush-vanity",
        "large cat plush (70-85% wide) on a bathroom counter, seller talking, mirrored, price banner, "
        "HEVC 10-bit 24 fps, keyframes 0.5 s",
        ("Peluche gatto tigrato 🐱 morbidissimo XXL 60 cm – idea regalo! SOLO 29,99€",),
        "vanity",
        image="chelsea.png",
        distractors=("astronaut.png", "coffee.png"),
        scales=(0.7, 0.78, 0.85, 0.74),
        options=(
            ("codec", "hevc"),
            ("pix_fmt", "yuv420p10le"),
            ("fps", 24),
            ("keyframe_interval_s", 0.5),
            ("text_band", "SCONTO -30% · 29,99 EUR"),
            ("band_at", 0.1),
        ),
        timeline="talk",
        flip=True,
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind6-mug-desk",
        "cup on a desk by a keyboard, handheld, 2:1 letterboxed in 9:16, caption in the bar, H.264 VFR, "
        "rotated 90, keyframes 6 s, CRF 31",
        ("WFH coffee cup ☕ pang-desk setup, 250ml lang! ₱199 only, COD available 😍",),
        "keyboard",
        distractors=("astronaut.png", "chelsea.png"),
        scales=(0.3, 0.34, 0.32, 0.36),
        options=(
            ("vfr", True),
            ("rotation", 90),
            ("content", (1080, 540)),
            ("text_band", "Add to cart na! PHP 199 lang"),
            ("band_at", 0.76),
            ("keyframe_interval_s", 6.0),
            ("crf", 31),
        ),
        timeline="handheld",
        unseen=True,
    ),  # fmt: skip
)


# The eighth never-tuned set: written blind by a helper session that read only this harness and the
# video builder (src/tiktok_commerce/synthetic_video.py); never the generator's code, docs/ or
# tests/, and it never ran the generator or this bench's measurement on these videos. Built once
# only to check they decode and look right (frames with the ground-truth boxes drawn inspected). NOT
# measured yet: kept for the next round to measure once, blind. What the other sets did not vary, as
# sellers film: new backdrops (a car's passenger seat in daylight: grey ribbed fabric, a seatbelt
# across it, a patch of sun; a café table from above: a pale zinc top, a latte with a heart in its
# foam, a spoon, sugar sticks, a receipt; a window in the rain above a white sill: a blurred street
# with a red bus, drops and runs on the glass), a new timeline (compare: the product side by side
# with another object as large that is not on sale, the two swapping places, the product turned
# round, alone, beside the other distractor under a hand), the product small (14-20% of the width),
# mid-sized or large (72-88%), the cup on a car seat and by a latte, the cat as a plush, the
# astronaut as a figure, the cup and the cat sold together, H.264 8-bit rotated 270 at 25 fps, H.264
# 10-bit VFR in a 5:4 clip letterboxed in 9:16 with a caption in its bar, HEVC 8-bit at 60 fps
# rotated 180 with a price banner at the top, HEVC 10-bit SDR at 24 fps rotated 90 in MOV, HEVC
# 10-bit HLG in MOV at 50 fps, keyframes 0.5-7 s apart, CRF 22-33, and titles as sellers write them
# (Spanish from Spain, Brazilian Portuguese, Japanese, Malay, French, English; emojis, sizes,
# prices).
BLIND7 = (
    BenchVideo(
        "blind7-cup-seat",
        "cup beside another object on a car's passenger seat, swapping places, H.264 30 fps, CRF 25",
        ("Taza de cerámica hecha a mano ☕ 350 ml, ideal para el coche – ¡envío 24h! 14,95 €",),
        "passenger-seat",
        distractors=("chelsea.png", "astronaut.png"),
        scales=(0.3, 0.34, 0.32, 0.38),
        options=(("keyframe_interval_s", 2.0), ("crf", 25)),
        timeline="compare",
        occlusion=0.3,
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind7-plush-cafe",
        "small cat plush (14-20% wide) on a café table by a latte, handheld, HEVC 10-bit SDR, 24 fps, "
        "rotated 90, MOV",
        ("Pelúcia gatinho rajado 🐱 super macia 20cm – presente fofo! Frete grátis R$ 39,90",),
        "cafe",
        image="chelsea.png",
        distractors=("coffee.png", "astronaut.png"),
        scales=(0.14, 0.17, 0.2, 0.16),
        options=(
            ("codec", "hevc"),
            ("pix_fmt", "yuv420p10le"),
            ("fps", 24),
            ("rotation", 90),
            ("keyframe_interval_s", 3.0),
        ),
        suffix=".mov",
        timeline="handheld",
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind7-figure-rain",
        "astronaut figure by a rainy window, compared, mirrored, a hand, HEVC 10-bit HLG in MOV, 50 fps",
        ("宇宙飛行士 フィギュア 🚀 高さ15cm 窓辺インテリア 雨の日にも 送料無料 ¥1,980",),
        "rainy-sill",
        image="astronaut.png",
        distractors=("chelsea.png", "coffee.png"),
        scales=(0.3, 0.33, 0.36, 0.4),
        options=(("codec", "hevc"), ("hdr", "hlg"), ("fps", 50), ("keyframe_interval_s", 4.0)),
        suffix=".mov",
        timeline="compare",
        flip=True,
        occlusion=0.35,
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind7-two-seat",
        "cup and cat figurine on a car seat, compared, 5:4 letterboxed, caption in the bar, "
        "H.264 10-bit VFR, keyframes 7 s",
        (
            "Cawan kopi seramik ☕ 300ml buatan tangan – sesuai untuk hadiah, RM24.90 sahaja!",
            "Patung kucing comel 🐱 hiasan kereta / dashboard, 10cm – beli 2 percuma 1",
        ),
        "passenger-seat",
        second="chelsea.png",
        distractors=("astronaut.png", "astronaut.png"),
        scales=(0.26, 0.3, 0.28, 0.33),
        options=(
            ("pix_fmt", "yuv420p10le"),
            ("vfr", True),
            ("content", (1080, 864)),
            ("text_band", "FLASH SALE - RM24.90 SAHAJA"),
            ("band_at", 0.74),
            ("keyframe_interval_s", 7.0),
            ("crf", 22),
        ),
        timeline="compare",
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind7-plush-rain",
        "large cat plush (72-88% wide) revealed late by a rainy window, price banner at the top, "
        "HEVC 8-bit 60 fps, rotated 180, keyframes 0.5 s, CRF 30",
        ("Peluche chat tigré XXL 🐱 tout doux, 55 cm – le câlin des jours de pluie ! 34,90 € ☔",),
        "rainy-sill",
        image="chelsea.png",
        distractors=("astronaut.png", "coffee.png"),
        scales=(0.72, 0.8, 0.88, 0.76),
        options=(
            ("codec", "hevc"),
            ("fps", 60),
            ("rotation", 180),
            ("keyframe_interval_s", 0.5),
            ("crf", 30),
            ("text_band", "-25% AUJOURD'HUI · 34,90 EUR"),
            ("band_at", 0.05),
        ),
        timeline="reveal",
        flip=True,
        unseen=True,
    ),  # fmt: skip
    BenchVideo(
        "blind7-mug-cafe",
        "cup in quick cuts on a café table by a latte, a hand, caption low, H.264 25 fps, rotated 270, "
        "keyframes 5 s, CRF 33",
        ("Latte mug 12oz ☕ matte sage glaze | dishwasher safe | gift for coffee lovers – $18 (2 for $30)",),
        "cafe",
        distractors=("astronaut.png", "chelsea.png"),
        scales=(0.3, 0.36, 0.33, 0.4),
        options=(
            ("fps", 25),
            ("rotation", 270),
            ("keyframe_interval_s", 5.0),
            ("crf", 33),
            ("text_band", "link in bio - 2 for $30"),
            ("band_at", 0.9),
        ),
        timeline="cuts",
        occlusion=0.3,
        unseen=True,
    ),  # fmt: skip
)


def segments_for(video: BenchVideo, images: Path) -> list:
    """The stretches of a video by its timeline (see _standard, _brief, _cuts, _reveal, _zoom,
    _handheld, _talk, _pan, _compare)."""
    if video.timeline == "brief":
        return _brief(video, images)
    if video.timeline == "cuts":
        return _cuts(video, images)
    if video.timeline == "reveal":
        return _reveal(video, images)
    if video.timeline == "zoom":
        return _zoom(video, images)
    if video.timeline == "handheld":
        return _handheld(video, images)
    if video.timeline == "talk":
        return _talk(video, images)
    if video.timeline == "pan":
        return _pan(video, images)
    if video.timeline == "compare":
        return _compare(video, images)
    return _standard(video, images)


def _compare(video: BenchVideo, images: Path) -> list[Any]:
    """A seller comparing: the product side by side with another object that is not on sale (the
    first distractor, as large, in the same frames), the two swapping places (the product
    carried across, smeared), side by side again the other way round (the product turned round:
    mirrored when asked), the other distractor alone, the second product (or the first) alone and
    close, a dim moment, the product beside the other distractor under a hand, an empty shot, the
    second product (or the first) beside the first distractor, a focus hunt, that distractor alone
    and large, and the product alone at the end."""
    from tiktok_commerce.synthetic_video import Segment

    first = images / video.image
    second = images / (video.second or video.image)
    other = 1 if video.second else 0
    d1, d2 = (images / d for d in video.distractors)
    s0, s1, s2, s3 = video.scales
    cut, flip, hidden = video.cutout, video.flip, video.occlusion
    return [
        Segment(0.0, 1.5, product=False),
        Segment(1.5, 5.0, image=first, center=(0.27, 0.48), scale=s0, motion=(0.01, -0.01), cutout=cut,
                distractor=d1, distractor_center=(0.74, 0.5), distractor_scale=s0),
        Segment(5.0, 6.0, image=first, center=(0.27, 0.4), scale=s0, motion=(0.45, 0.0), blur=5.0,
                cutout=cut, distractor=d1, distractor_center=(0.5, 0.62), distractor_scale=s0),
        Segment(6.0, 9.5, image=first, center=(0.73, 0.46), scale=s0, motion=(-0.01, 0.01), cutout=cut,
                flip=flip, distractor=d1, distractor_center=(0.26, 0.5), distractor_scale=s0),
        Segment(9.5, 11.5, image=d2, product_index=None, scale=0.5, center=(0.5, 0.48), cutout=cut),
        Segment(11.5, 15.0, image=second, product_index=other, center=(0.5, 0.45), scale=s1,
                motion=(0.03, 0.02), cutout=cut),
        Segment(15.0, 16.0, image=second, product_index=other, center=(0.5, 0.45), scale=s1,
                brightness=0.15, cutout=cut),
        Segment(16.0, 19.5, image=first, center=(0.3, 0.36), scale=s2, motion=(0.02, 0.0), cutout=cut,
                occlusion=hidden, distractor=d2, distractor_center=(0.72, 0.7), distractor_scale=0.3),
        Segment(19.5, 21.0, product=False),
        Segment(21.0, 24.5, image=second, product_index=other, center=(0.7, 0.5), scale=s2,
                motion=(-0.02, 0.01), cutout=cut, distractor=d1, distractor_center=(0.28, 0.46),
                distractor_scale=s2),
        Segment(24.5, 25.5, image=second, product_index=other, center=(0.7, 0.5), scale=s2, blur=8.0,
                cutout=cut),
        Segment(25.5, 27.0, image=d1, product_index=None, scale=0.6, center=(0.5, 0.5), cutout=cut),
        Segment(27.0, 30.0, image=first, center=(0.5, 0.5), scale=s3, motion=(-0.03, 0.02), cutout=cut,
                flip=flip),
    ]  # fmt: skip


def _pan(video: BenchVideo, images: Path) -> list[Any]:
    """A slow pan along a counter or a stall: things slide across the frame one after another (right
    to left, a quarter to a half of the width in 3-4 s), the camera stopping on the product a while
    (mirrored when asked: its other side), panning on fast (smeared), the second product (or the
    first) sliding past beside a distractor, dim as the pan leaves the light, an empty stretch, the
    pan coming back (left to right) with a hand over the product, and the product held at the end."""
    from tiktok_commerce.synthetic_video import Segment

    first = images / video.image
    second = images / (video.second or video.image)
    other = 1 if video.second else 0
    d1, d2 = (images / d for d in video.distractors)
    s0, s1, s2, s3 = video.scales
    cut, flip, hidden = video.cutout, video.flip, video.occlusion
    return [
        Segment(0.0, 2.0, product=False),
        Segment(2.0, 5.0, image=d1, product_index=None, scale=0.45, center=(0.7, 0.5), motion=(-0.4, 0.0),
                cutout=cut),
        Segment(5.0, 9.0, image=first, center=(0.75, 0.47), scale=s0, motion=(-0.25, 0.01), cutout=cut),
        Segment(9.0, 12.0, image=first, center=(0.5, 0.48), scale=s0, cutout=cut, flip=flip),
        Segment(12.0, 13.0, image=first, center=(0.45, 0.48), scale=s0, motion=(-0.4, 0.0), blur=6.0,
                cutout=cut),
        Segment(13.0, 16.0, image=d2, product_index=None, scale=0.4, center=(0.72, 0.5), motion=(-0.45, 0.0),
                cutout=cut),
        Segment(16.0, 20.0, image=second, product_index=other, center=(0.72, 0.4), scale=s1,
                motion=(-0.3, 0.0), cutout=cut, distractor=d1, distractor_center=(0.3, 0.82),
                distractor_scale=0.26),
        Segment(20.0, 21.5, image=second, product_index=other, center=(0.4, 0.42), scale=s1, brightness=0.3,
                cutout=cut),
        Segment(21.5, 23.0, product=False),
        Segment(23.0, 26.5, image=first, center=(0.3, 0.5), scale=s2, motion=(0.25, -0.01), cutout=cut,
                flip=flip, occlusion=hidden),
        Segment(26.5, 30.0, image=first, center=(0.52, 0.46), scale=s3, motion=(0.02, 0.01), cutout=cut),
    ]  # fmt: skip


def _talk(video: BenchVideo, images: Path) -> list[Any]:
    """A seller talking to the camera: the seller (the first distractor, large) alone, then holding
    the product up beside them (in the same frames), a focus pull onto the product (three blurred
    steps), the product close and sharp (mirrored when asked), a moment blown out as it catches the
    sun, the other distractor, the second product (or the first) under a hand, an empty shot, the
    seller again, the product close once more, dimmed for a moment, and at the end."""
    from tiktok_commerce.synthetic_video import Segment

    first = images / video.image
    second = images / (video.second or video.image)
    other = 1 if video.second else 0
    d1, d2 = (images / d for d in video.distractors)
    s0, s1, s2, s3 = video.scales
    cut, flip, hidden = video.cutout, video.flip, video.occlusion
    pull = [
        Segment(start, end, image=first, center=(0.5, 0.48), scale=s1, blur=radius, cutout=cut, flip=flip)
        for start, end, radius in ((6.5, 7.3, 14.0), (7.3, 8.1, 8.0), (8.1, 8.9, 4.0))
    ]  # fmt: skip
    return [
        Segment(0.0, 3.0, image=d1, product_index=None, scale=0.7, center=(0.5, 0.48), cutout=cut),
        Segment(3.0, 6.5, image=first, center=(0.72, 0.62), scale=s0, motion=(-0.02, -0.02), cutout=cut,
                distractor=d1, distractor_center=(0.38, 0.38), distractor_scale=0.55),
        *pull,
        Segment(8.9, 12.5, image=first, center=(0.5, 0.48), scale=s1, motion=(0.02, -0.01), cutout=cut,
                flip=flip),
        Segment(12.5, 14.0, image=first, center=(0.52, 0.47), scale=s1, brightness=2.6, cutout=cut,
                flip=flip),
        Segment(14.0, 16.5, image=d2, product_index=None, scale=0.5, center=(0.5, 0.55), cutout=cut),
        Segment(16.5, 20.0, image=second, product_index=other, center=(0.45, 0.55), scale=s2,
                motion=(0.03, 0.02), cutout=cut, occlusion=hidden),
        Segment(20.0, 21.5, product=False),
        Segment(21.5, 24.5, image=d1, product_index=None, scale=0.75, center=(0.5, 0.5), cutout=cut),
        Segment(24.5, 27.0, image=first, center=(0.55, 0.42), scale=s3, cutout=cut),
        Segment(27.0, 28.0, image=first, center=(0.55, 0.42), scale=s3, brightness=0.3, cutout=cut),
        Segment(28.0, 30.0, image=first, center=(0.5, 0.5), scale=s3, motion=(-0.03, 0.02), cutout=cut,
                flip=flip),
    ]  # fmt: skip


def _zoom(video: BenchVideo, images: Path) -> list:
    """A seller zooming: the product pushed in on (0.5 s steps, each 6% larger), a whip pan away
    (moving fast, smeared), the product beside a distractor in the same frames, a pull back out
    (0.5 s steps), a close-up held still (mirrored and under a hand when asked), then the second
    product (or the first again) and the product once more at the end."""
    from tiktok_commerce.synthetic_video import Segment

    first = images / video.image
    second = images / (video.second or video.image)
    other = 1 if video.second else 0
    d1, d2 = (images / d for d in video.distractors)
    s0, s1, s2, s3 = video.scales
    cut, flip, hidden = video.cutout, video.flip, video.occlusion
    push = [
        Segment(4.0 + 0.5 * k, 4.5 + 0.5 * k, image=first, center=(0.5, 0.48), scale=s0 * 1.06**k, cutout=cut)
        for k in range(8)
    ]
    pull = [
        Segment(
            13.0 + 0.5 * k,
            13.5 + 0.5 * k,
            image=first,
            center=(0.48 + 0.005 * k, 0.46),
            scale=s2 * 1.06 ** (7 - k),
            cutout=cut,
            flip=flip,
        )
        for k in range(8)
    ]
    return [
        Segment(0.0, 2.0, product=False),
        Segment(2.0, 4.0, image=d1, product_index=None, scale=0.45, center=(0.5, 0.5), cutout=cut),
        *push,
        Segment(8.0, 9.0, image=first, center=(0.3, 0.5), scale=s0, motion=(0.5, 0.05), blur=6.0, cutout=cut),
        Segment(9.0, 11.5, image=first, center=(0.3, 0.45), scale=s1, motion=(0.02, 0.01), cutout=cut,
                distractor=d2, distractor_center=(0.78, 0.5), distractor_scale=0.3),
        Segment(11.5, 13.0, product=False, brightness=0.2),
        *pull,
        Segment(17.0, 19.0, image=d2, product_index=None, scale=0.55, center=(0.45, 0.55), cutout=cut),
        Segment(19.0, 20.0, image=first, scale=s2, blur=9.0, cutout=cut),
        Segment(20.0, 24.0, image=first, center=(0.5, 0.5), scale=s3, cutout=cut, flip=flip,
                occlusion=hidden),
        Segment(24.0, 26.5, image=second, product_index=other, center=(0.6, 0.4), scale=s1,
                motion=(-0.04, 0.03), cutout=cut),
        Segment(26.5, 28.0, image=d1, product_index=None, scale=0.5, center=(0.5, 0.45), cutout=cut),
        Segment(28.0, 30.0, image=first, center=(0.45, 0.6), scale=s0, motion=(0.03, -0.02), cutout=cut),
    ]  # fmt: skip


def _handheld(video: BenchVideo, images: Path) -> list:
    """A phone held in the hand: the product in runs of short shots (0.7-1 s) that jitter a few
    per cent this way and that, each starting where the last one ended; a rack focus (blurred), a
    dim stretch still worth a thumbnail (60% exposure), the product with a distractor under it and a
    hand over it, a fast swing (smeared), the second product (or the first) in two runs."""
    from tiktok_commerce.synthetic_video import Segment

    first = images / video.image
    second = images / (video.second or video.image)
    other = 1 if video.second else 0
    d1, d2 = (images / d for d in video.distractors)
    s0, s1, s2, s3 = video.scales
    cut, flip, hidden = video.cutout, video.flip, video.occlusion
    shakes = ((0.03, -0.02), (-0.04, 0.01), (0.02, 0.03), (-0.01, -0.03), (0.035, 0.015), (-0.03, -0.01))

    def run(
        start: float,
        step: float,
        count: int,
        image: Path,
        index: int,
        center: tuple[float, float],
        scale: float,
        **more: Any,
    ) -> list:
        shots, (x, y) = [], center
        for k in range(count):
            dx, dy = shakes[k % len(shakes)]
            shots.append(
                Segment(
                    start + step * k,
                    start + step * (k + 1),
                    image=image,
                    product_index=index,
                    center=(x, y),
                    scale=scale * (1 + 0.03 * ((k % 3) - 1)),
                    motion=(dx, dy),
                    cutout=cut,
                    **more,
                )
            )
            x, y = x + dx, y + dy
        return shots

    return [
        Segment(0.0, 1.5, product=False),
        Segment(1.5, 3.0, image=d1, product_index=None, scale=0.5, center=(0.5, 0.5), cutout=cut),
        *run(3.0, 1.0, 6, first, 0, (0.45, 0.45), s0, flip=flip),
        Segment(9.0, 10.0, image=first, center=(0.5, 0.5), scale=s0, blur=5.0, cutout=cut),
        *run(10.0, 1.0, 2, second, other, (0.55, 0.4), s1),
        Segment(12.0, 13.5, product=False, brightness=0.3),
        *run(13.5, 1.0, 3, first, 0, (0.5, 0.55), s2, brightness=0.6),
        Segment(16.5, 18.5, image=d2, product_index=None, scale=0.45, center=(0.5, 0.45), cutout=cut),
        Segment(18.5, 21.0, image=first, center=(0.5, 0.38), scale=s1, motion=(0.02, 0.01), cutout=cut,
                occlusion=hidden, distractor=d2, distractor_center=(0.5, 0.84), distractor_scale=0.26),
        Segment(21.0, 22.0, image=first, center=(0.2, 0.5), scale=s1, motion=(0.55, -0.1), blur=4.0,
                cutout=cut),
        *run(22.0, 1.0, 3, second, other, (0.45, 0.5), s3),
        Segment(25.0, 26.5, image=d1, product_index=None, scale=0.6, center=(0.5, 0.5), cutout=cut),
        *run(26.5, 0.7, 5, first, 0, (0.5, 0.47), s3, flip=flip),
    ]  # fmt: skip


def _reveal(video: BenchVideo, images: Path) -> list:
    """An unboxing: a long intro (empty, the seller's pet or self, the box shaken out of focus, the
    product lifted out in the dark), then the product revealed late, turned round (mirrored) and
    held close under a hand; a second product, when there is one, in one late stretch."""
    from tiktok_commerce.synthetic_video import Segment

    first = images / video.image
    second = images / (video.second or video.image)
    other = 1 if video.second else 0
    d1, d2 = (images / d for d in video.distractors)
    s0, s1, s2, s3 = video.scales
    cut, flip, hidden = video.cutout, video.flip, video.occlusion
    return [
        Segment(0.0, 3.0, product=False),
        Segment(3.0, 7.0, image=d1, product_index=None, scale=0.55, center=(0.5, 0.5), cutout=cut),
        Segment(7.0, 9.0, image=first, scale=s1, blur=10.0, cutout=cut),
        Segment(9.0, 12.5, image=d2, product_index=None, scale=0.5, center=(0.5, 0.55), cutout=cut),
        Segment(12.5, 14.0, image=first, scale=s0, brightness=0.1, cutout=cut),
        Segment(14.0, 18.5, image=first, center=(0.5, 0.45), scale=s0, motion=(0.0, -0.04), cutout=cut,
                flip=flip),
        Segment(18.5, 21.0, image=first, center=(0.52, 0.5), scale=s1, cutout=cut, flip=not flip,
                occlusion=hidden),
        Segment(21.0, 23.0, product=False),
        Segment(23.0, 27.0, image=second, product_index=other, center=(0.46, 0.42), scale=s2,
                motion=(0.05, 0.02), cutout=cut, distractor=d1, distractor_center=(0.5, 0.85),
                distractor_scale=0.25),
        Segment(27.0, 28.0, image=second, product_index=other, scale=s2, blur=6.0, cutout=cut),
        Segment(28.0, 30.0, image=first, center=(0.5, 0.5), scale=s3, cutout=cut, flip=flip,
                occlusion=hidden),
    ]  # fmt: skip


def _brief(video: BenchVideo, images: Path) -> list:
    """The product on screen in three short stretches only (2.5 s each), late in the video; the
    rest empty, blurred, dark or a distractor; a hand over it in the middle one."""
    from tiktok_commerce.synthetic_video import Segment

    first = images / video.image
    d1, d2 = (images / d for d in video.distractors)
    s0, s1, s2, _ = video.scales
    cut, flip = video.cutout, video.flip
    return [
        Segment(0.0, 4.0, image=d1, product_index=None, scale=0.6, cutout=cut),
        Segment(4.0, 7.5, product=False),
        Segment(7.5, 10.0, image=first, center=(0.45, 0.4), scale=s0, motion=(0.1, 0.02), cutout=cut,
                flip=flip),
        Segment(10.0, 14.0, image=d2, product_index=None, scale=0.45, cutout=cut),
        Segment(14.0, 17.0, image=first, scale=s1, blur=7.0, cutout=cut, flip=flip),
        Segment(
            17.0, 19.5, image=first, center=(0.55, 0.55), scale=s1, cutout=cut, flip=flip,
            occlusion=video.occlusion,
        ),
        Segment(19.5, 25.0, image=d1, product_index=None, scale=0.5, center=(0.5, 0.6), cutout=cut),
        Segment(25.0, 27.5, image=first, center=(0.5, 0.35), scale=s2, motion=(-0.05, 0.06), cutout=cut),
        Segment(27.5, 30.0, image=first, scale=s2, brightness=0.1, cutout=cut, flip=flip),
    ]  # fmt: skip


def _cuts(video: BenchVideo, images: Path) -> list:
    """Quick cuts (1.5-2.5 s): the product (or the two products in turn) moving fast across the
    frame, between distractors, empty and blurred shots."""
    from tiktok_commerce.synthetic_video import Segment

    first = images / video.image
    second = images / (video.second or video.image)
    other = 1 if video.second else 0
    d1, d2 = (images / d for d in video.distractors)
    s0, s1, s2, s3 = video.scales
    cut, flip = video.cutout, video.flip
    fast = ((0.35, 0.1), (-0.3, 0.15), (0.25, -0.2), (-0.35, -0.05))
    return [
        Segment(0.0, 1.5, image=d1, product_index=None, scale=0.55, cutout=cut),
        Segment(1.5, 3.5, image=first, center=(0.3, 0.4), scale=s0, motion=fast[0], cutout=cut, flip=flip),
        Segment(3.5, 5.0, product=False),
        Segment(5.0, 7.5, image=second, product_index=other, center=(0.7, 0.5), scale=s1, motion=fast[1],
                cutout=cut),
        Segment(7.5, 9.0, image=first, scale=s0, blur=8.0, cutout=cut),
        Segment(9.0, 11.0, image=d2, product_index=None, scale=0.6, cutout=cut),
        Segment(11.0, 13.0, image=first, center=(0.45, 0.6), scale=s2, motion=fast[2], cutout=cut, flip=flip),
        Segment(13.0, 15.0, image=second, product_index=other, scale=s3, brightness=0.12, cutout=cut),
        Segment(15.0, 17.5, image=second, product_index=other, center=(0.35, 0.35), scale=s3, motion=fast[3],
                cutout=cut, occlusion=video.occlusion),
        Segment(17.5, 19.0, image=d1, product_index=None, scale=0.4, center=(0.5, 0.7), cutout=cut),
        Segment(19.0, 21.5, image=first, center=(0.6, 0.45), scale=s1, motion=fast[1], cutout=cut,
                distractor=d2, distractor_center=(0.3, 0.85), distractor_scale=0.25),
        Segment(21.5, 23.0, product=False),
        Segment(23.0, 25.0, image=second, product_index=other, center=(0.4, 0.55), scale=s2, motion=fast[0],
                cutout=cut),
        Segment(25.0, 27.0, image=d2, product_index=None, scale=0.5, cutout=cut),
        Segment(27.0, 30.0, image=first, center=(0.5, 0.5), scale=s3, motion=fast[2], cutout=cut, flip=flip),
    ]  # fmt: skip


def _standard(video: BenchVideo, images: Path) -> list:
    """Product stretches between empty, blurred, dark and distractor ones, boundaries off the
    keyframe grid; a second product, when there is one, in two of the product stretches."""
    from tiktok_commerce.synthetic_video import Segment

    first = images / video.image
    second = images / (video.second or video.image)
    other = 1 if video.second else 0
    d1, d2 = (images / d for d in video.distractors)
    s0, s1, s2, s3 = video.scales
    cut = video.cutout
    flip, hidden = video.flip, video.occlusion  # both off in the first sets
    return [
        Segment(0.0, 2.5, product=False),
        Segment(
            2.5, 7.0, image=first, center=(0.5, 0.42), scale=s0, motion=(0.08, 0.03), cutout=cut, flip=flip
        ),
        Segment(7.0, 9.5, image=first, scale=s1, blur=9.0, cutout=cut),
        Segment(9.5, 12.0, image=d1, product_index=None, scale=0.5, cutout=cut),
        Segment(
            12.0,
            16.5,
            image=second,
            product_index=other,
            center=(0.42, 0.58),
            scale=s1,
            motion=(-0.06, 0.04),
            cutout=cut,
        ),  # fmt: skip
        Segment(16.5, 19.0, image=first, scale=s2, brightness=0.08, cutout=cut),
        Segment(
            19.0,
            23.0,
            image=first,
            center=(0.55, 0.36),
            scale=s2,
            cutout=cut,
            flip=flip,
            occlusion=hidden,
            distractor=d2,
            distractor_center=(0.5, 0.84),
            distractor_scale=0.28,
        ),  # fmt: skip
        Segment(23.0, 25.5, image=d2, product_index=None, scale=0.7),
        Segment(
            25.5,
            30.0,
            image=second,
            product_index=other,
            center=(0.48, 0.5),
            scale=s3,
            motion=(0.04, -0.05),
            cutout=cut,
        ),  # fmt: skip
    ]


def build(video: BenchVideo, images: Path):  # type: ignore[no-untyped-def]
    from tiktok_commerce.synthetic_video import ground_truth, make_product_video

    options = dict(video.options)
    segments = segments_for(video, images)
    fps = options.get("fps", 30)
    truth_options = {k: v for k, v in options.items() if k in ("content", "text_band", "band_at")}
    if video.path.is_file():
        return ground_truth(video.path, images / video.image, SECONDS, SIZE, fps, segments, **truth_options)
    started = time.perf_counter()
    partial = video.path.with_name(
        f".{video.path.stem}.{os.getpid()}.partial{video.suffix}"
    )  # builders may race
    truth = make_product_video(
        partial, images / video.image, SECONDS, SIZE, segments=segments, background=video.backdrop, **options
    )
    partial.rename(video.path)
    truth.path = video.path
    print(f"  built {video.path.name} in {time.perf_counter() - started:.0f} s", flush=True)
    return truth


# ---- what is measured --------------------------------------------------------------------------


def overlap_share(a: list[int], b: tuple[int, int, int, int]) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return ix * iy / smaller if smaller > 0 else 0.0


def precision(truth, thumbnails: list[dict], products: int, count: int = 5) -> tuple[float, list[str]]:  # type: ignore[no-untyped-def]
    """precision@count averaged over the products, and a note per thumbnail."""
    notes = []
    scores = []
    for index in range(products):
        mine = [t for t in thumbnails if (t["product_index"] or 0) == index]
        hits = 0
        for thumb in mine[:count]:
            seg = truth.at(thumb["time_s"])
            box = seg.box_at(thumb["time_s"]) if seg else None
            right = bool(seg and seg.good and (seg.segment.product_index or 0) == index)
            ok = right and box is not None and overlap_share(thumb["crop"], box) >= 0.5
            hits += ok
            why = "ok" if ok else ("wrong stretch" if not right else "crop misses it")
            notes.append(f"p{index} t={thumb['time_s']:.1f} {thumb['label']} {why}")
        scores.append(hits / count)
    return sum(scores) / len(scores), notes


def _core() -> int:
    return sorted(os.sched_getaffinity(0))[-1]


def _pinned() -> None:
    os.sched_setaffinity(0, {_core()})


def _child_env() -> dict[str, str]:
    env = {**os.environ, "THUMBNAIL_THREADS": "1", "OMP_NUM_THREADS": "1"}
    src = str(ROOT / "src")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH", "")]))
    env.pop("LISTING_IMAGE_SIZE", None)
    # An installed package runs from compiled bytecode (pip compiles it; a first run writes it):
    # a machine that forbids writing it would recompile ~20 modules in every command measured.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _cpu(usage: resource.struct_rusage) -> float:
    """User + system CPU seconds of a finished child (os.wait4's usage)."""
    return usage.ru_utime + usage.ru_stime


def run_ffmpeg(path: Path) -> tuple[float, float]:
    """ffmpeg picking one frame: wall time and CPU time (user + sys of the child)."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = ["ffmpeg", "-v", "error", "-nostdin", "-threads", "1", "-i", str(path), "-vf", "thumbnail",
               "-frames:v", "1", "-y", str(Path(tmp) / "thumb.png")]  # fmt: skip
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=_pinned)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        if status != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed")
        return wall, _cpu(usage)


def _command() -> list[str]:
    script = Path(sys.executable).with_name("tiktok-commerce")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "tiktok_commerce.cli"]


def run_command(path: Path, products: tuple[str, ...]) -> tuple[float, float, float]:
    """The whole command as a user runs it: wall time, CPU time (user + sys) and peak RSS (MB)."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [*_command(), "thumbnails", str(path), "--out", tmp, "--json"]
        for title in products:
            cmd += ["--product", title]
        started = time.perf_counter()
        proc = subprocess.Popen(
            cmd, env=_child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=_pinned
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        if status != 0:
            raise RuntimeError(
                f"{' '.join(cmd)} failed: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}"
            )
        if proc.stderr:
            proc.stderr.close()
        return wall, _cpu(usage), usage.ru_maxrss / 1024


@dataclass
class Worker:
    """A long-running worker process: the model loaded once, videos handed to it one by one."""

    proc: subprocess.Popen = field(repr=False)

    @classmethod
    def start(cls, warm_up_video: Path) -> Worker:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bench.thumbnails", "--worker"],
            cwd=ROOT,
            env=_child_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            preexec_fn=_pinned,
        )
        worker = cls(proc)
        worker.run(warm_up_video, ())
        return worker

    def run(self, path: Path, products: tuple[str, ...]) -> dict:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(json.dumps({"path": str(path), "products": list(products)}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the bench worker died")
        return json.loads(line)

    def stop(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)


def worker_main(stdin: IO[str], stdout: IO[str]) -> int:
    """The worker side: model loaded (and warmed up) once, then one JSON line in, one out."""
    from tiktok_commerce.settings import Settings
    from tiktok_commerce.workers.thumbnails import pipeline

    settings = Settings(_env_file=None)
    detector = pipeline.detector_for(settings)
    for line in stdin:
        job = json.loads(line)
        started = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_SELF)
        result = pipeline.generate(
            job["path"], job["products"], count=settings.thumbnail_count, detector=detector, threads=1
        )
        work_s = time.perf_counter() - started
        cpu_s = _cpu(resource.getrusage(resource.RUSAGE_SELF)) - _cpu(before)
        thumbs = [
            {"time_s": t.time_s, "crop": t.crop, "label": t.label, "product_index": t.product_index}
            for t in result.thumbnails
        ]
        stdout.write(
            json.dumps(
                {
                    "work_s": work_s,
                    "cpu_s": cpu_s,
                    "peak_rss_mb": _vm_hwm_mb(),
                    "stats": result.stats,
                    "thumbnails": thumbs,
                    "warnings": result.warnings,
                    "detector": result.detector,
                }
            )
            + "\n"
        )
        stdout.flush()
    return 0


def _vm_hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _tiny_video(folder: Path) -> Path:
    """One 64x64 frame: the command on it is the fixed start (interpreter, imports, model load)."""
    import av
    import numpy as np

    path = folder / "tiny.mp4"
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=1)
        stream.width = stream.height = 64
        stream.pix_fmt = "yuv420p"
        frame = av.VideoFrame.from_ndarray(np.full((64, 64, 3), 128, np.uint8), format="rgb24")
        for packet in [*stream.encode(frame), *stream.encode()]:
            container.mux(packet)
    return path


@dataclass
class Row:
    video: BenchVideo
    p5: float
    warm: float
    command: float
    ffmpeg: float
    warm_cpu: float
    command_cpu: float
    ffmpeg_cpu: float
    command_rss: float
    notes: list[str]
    stats: dict
    warnings: list[str]

    @property
    def warm_ratio(self) -> float:
        return self.warm / self.ffmpeg

    @property
    def command_ratio(self) -> float:
        return self.command / self.ffmpeg

    @property
    def warm_cpu_ratio(self) -> float:
        return self.warm_cpu / self.ffmpeg_cpu

    @property
    def command_cpu_ratio(self) -> float:
        return self.command_cpu / self.ffmpeg_cpu


def measure(video: BenchVideo, worker: Worker, images: Path) -> Row:
    truth = build(video, images)
    warm, command, ffmpeg, rss = [], [], [], []
    warm_cpu, command_cpu, ffmpeg_cpu = [], [], []
    first: dict | None = None
    for _ in range(REPEATS):  # alternating, so a busy moment on the machine hits all three
        wall, cpu = run_ffmpeg(truth.path)
        ffmpeg.append(wall)
        ffmpeg_cpu.append(cpu)
        out = worker.run(truth.path, video.products)
        first = first or out
        warm.append(out["work_s"])
        warm_cpu.append(out["cpu_s"])
        wall, cpu, peak = run_command(truth.path, video.products)
        command.append(wall)
        command_cpu.append(cpu)
        rss.append(peak)
    assert first is not None
    p5, notes = precision(truth, first["thumbnails"], len(video.products))
    # The best of the alternating runs of each: on a shared machine the least disturbed run is the
    # truest (a neighbour's burst lengthens whichever run it lands on, never shortens one).
    return Row(
        video,
        p5,
        min(warm),
        min(command),
        min(ffmpeg),
        min(warm_cpu),
        min(command_cpu),
        min(ffmpeg_cpu),
        max(rss),
        notes,
        first["stats"],
        first["warnings"],
    )


def report(rows: list[Row], title: str) -> bool:
    """A line per video: P@5, then CPU time (user + sys: what the bars are judged on, since a shared
    machine's load lengthens wall time unevenly) and wall time of each side, with the ratios."""
    print(f"\n{title}")
    print(
        f"{'video':24} {'P@5':>4} | {'CPU: ffmpeg':>11} {'warm':>6} {'ratio':>5} {'command':>8} {'ratio':>5} "
        f"| {'wall: ffmpeg':>12} {'warm':>6} {'ratio':>5} {'command':>8} {'ratio':>5} | {'RSS MB':>6}"
    )
    ok = True
    for r in rows:
        flags = []
        if r.p5 < PRECISION_FLOOR:
            flags.append("P@5")
        if r.warm_cpu_ratio > WARM_LIMIT:
            flags.append("warm")
        if r.command_cpu_ratio > COMMAND_LIMIT:
            flags.append("command")
        if r.command_rss > RSS_LIMIT_MB:
            flags.append("RSS")
        ok &= not flags
        print(
            f"{r.video.name[:24]:24} {r.p5:4.2f} | {r.ffmpeg_cpu:10.2f}s {r.warm_cpu:5.2f}s "
            f"{r.warm_cpu_ratio:5.2f} {r.command_cpu:7.2f}s {r.command_cpu_ratio:5.2f} | {r.ffmpeg:11.2f}s "
            f"{r.warm:5.2f}s {r.warm_ratio:5.2f} {r.command:7.2f}s {r.command_ratio:5.2f} | "
            f"{r.command_rss:6.0f}" + (f"  over: {', '.join(flags)}" if flags else "")
        )
    med = statistics.median
    print(
        f"{'median':24} {med(r.p5 for r in rows):4.2f} | {med(r.ffmpeg_cpu for r in rows):10.2f}s "
        f"{med(r.warm_cpu for r in rows):5.2f}s {med(r.warm_cpu_ratio for r in rows):5.2f} "
        f"{med(r.command_cpu for r in rows):7.2f}s {med(r.command_cpu_ratio for r in rows):5.2f} | "
        f"{med(r.ffmpeg for r in rows):11.2f}s {med(r.warm for r in rows):5.2f}s "
        f"{med(r.warm_ratio for r in rows):5.2f} {med(r.command for r in rows):7.2f}s "
        f"{med(r.command_ratio for r in rows):5.2f} |"
    )
    return ok


def details(row: Row) -> None:
    stats = ", ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in row.stats.items())
    print(f"  {row.video.name}: {'; '.join(row.notes)}")
    print(f"    stages: {stats}")
    if row.warnings:
        print(f"    warnings: {row.warnings}")


def main() -> int:
    from tiktok_commerce.settings import Settings, shared_dir

    if shutil.which("ffmpeg") is None:
        print("ffmpeg is not installed (make bench installs it): cannot compare")
        return 1
    settings = Settings(_env_file=None)
    print(
        f"model: {settings.model_path() or 'none (image quality alone)'}; detector frame size "
        f"{settings.detector_input_size}; one core (cpu {_core()}); best of {REPEATS} alternating runs"
    )
    OUT.mkdir(parents=True, exist_ok=True)
    images = shared_dir() / "fixtures" / "images"
    only = os.environ.get("BENCH_VIDEOS", "").split(",") if os.environ.get("BENCH_VIDEOS") else None
    tuned = [v for v in VIDEOS if not only or v.name in only]
    unseen = [
        v
        for v in UNSEEN
        if (not only and os.environ.get("BENCH_UNSEEN", "1") == "1") or (only and v.name in only)
    ]
    blind = [
        v
        for v in BLIND
        if (not only and os.environ.get("BENCH_BLIND", "1") == "1") or (only and v.name in only)
    ]
    blind2 = [  # off unless asked for (BENCH_BLIND2=1): written blind, measured once, tuned on since
        v
        for v in BLIND2
        if (not only and os.environ.get("BENCH_BLIND2", "0") == "1") or (only and v.name in only)
    ]
    blind3 = [  # off unless asked for (BENCH_BLIND3=1): written blind, measured once, tuned on since
        v
        for v in BLIND3
        if (not only and os.environ.get("BENCH_BLIND3", "0") == "1") or (only and v.name in only)
    ]
    blind4 = [  # off unless asked for (BENCH_BLIND4=1): written blind, measured twice, tuned on since
        v
        for v in BLIND4
        if (not only and os.environ.get("BENCH_BLIND4", "0") == "1") or (only and v.name in only)
    ]
    blind5 = [  # off unless asked for (BENCH_BLIND5=1): written blind, measured once, tuned on since
        v
        for v in BLIND5
        if (not only and os.environ.get("BENCH_BLIND5", "0") == "1") or (only and v.name in only)
    ]
    blind6 = [  # off unless asked for (BENCH_BLIND6=1): written blind, never measured yet
        v
        for v in BLIND6
        if (not only and os.environ.get("BENCH_BLIND6", "0") == "1") or (only and v.name in only)
    ]
    blind7 = [  # off unless asked for (BENCH_BLIND7=1): written blind, never measured yet
        v
        for v in BLIND7
        if (not only and os.environ.get("BENCH_BLIND7", "0") == "1") or (only and v.name in only)
    ]
    for video in [*tuned, *unseen, *blind, *blind2, *blind3, *blind4, *blind5, *blind6, *blind7]:
        build(video, images)
    with tempfile.TemporaryDirectory() as tmp:
        tiny = _tiny_video(Path(tmp))
        worker = Worker.start(tiny)
        try:
            starts = [run_command(tiny, ("Coffee cup",)) for _ in range(5)]  # a title reads the packs
            start, start_cpu = min(s[0] for s in starts), min(s[1] for s in starts)
            rows = [measure(v, worker, images) for v in tuned]
            late = [measure(v, worker, images) for v in unseen]
            last = [measure(v, worker, images) for v in blind]
            third = [measure(v, worker, images) for v in blind2]
            fourth = [measure(v, worker, images) for v in blind3]
            fifth = [measure(v, worker, images) for v in blind4]
            sixth = [measure(v, worker, images) for v in blind5]
            seventh = [measure(v, worker, images) for v in blind6]
            eighth = [measure(v, worker, images) for v in blind7]
            worker_rss = worker.run(tiny, ())["peak_rss_mb"]
        finally:
            worker.stop()
    for row in rows:
        details(row)
    ok = report(rows, "Tuned videos (30 s 1080x1920, one core):") if rows else True
    if late:
        for row in late:
            details(row)
        ok &= report(late, "First never-tuned set (since analysed: tuned now; see bench/data/README.md):")
    if last:
        for row in last:
            details(row)
        ok &= report(
            last, "Second never-tuned set (measured once blind in round 2, since analysed: tuned now):"
        )
    if third:
        for row in third:
            details(row)
        ok &= report(third, "Third set (BLIND2, measured once blind, then analysed: no longer blind):")
    if fourth:
        for row in fourth:
            details(row)
        ok &= report(fourth, "Fourth set (BLIND3, measured once blind, then analysed: no longer blind):")
    if fifth:
        for row in fifth:
            details(row)
        ok &= report(fifth, "Fifth set (BLIND4, measured twice blind, tuned on since):")
    if sixth:
        for row in sixth:
            details(row)
        ok &= report(sixth, "Sixth set (BLIND5, measured once blind, tuned on since):")
    if seventh:
        for row in seventh:
            details(row)
        ok &= report(seventh, "Seventh set (BLIND6, measured once blind, tuned on since):")
    if eighth:
        for row in eighth:
            details(row)
        ok &= report(eighth, "Eighth set (BLIND7, never measured):")
    print(
        f"\nfixed start of the command (64x64 one-frame video, one product title): {start:.2f} s wall, "
        f"{start_cpu:.2f} s CPU; "
        f"warm worker peak RSS {worker_rss:.0f} MB. Limits: precision@5 >= {PRECISION_FLOOR}, "
        f"warm/ffmpeg <= {WARM_LIMIT}, command/ffmpeg <= {COMMAND_LIMIT} (CPU time), "
        f"peak RSS <= {RSS_LIMIT_MB} MB."
    )
    print("thumbnails bench:", "ok" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1:] == ["--worker"]:
        sys.exit(worker_main(sys.stdin, sys.stdout))
    sys.exit(main())
