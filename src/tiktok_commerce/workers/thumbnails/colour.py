"""HDR and wide-gamut video to sRGB, and sRGB to HDR for synthetic test videos.

Phones film HDR: an iPhone writes 10-bit HEVC in BT.2020 with the HLG transfer, other cameras PQ
(HDR10). Read as if it were SDR BT.709, such a frame looks grey and washed out and its colours are
off. The way back follows ITU-R BT.2100 (the transfer functions, HLG's OOTF on a 1,000 cd/m2
display) and BT.2408 (HDR reference white, 203 cd/m2, is SDR's white): the signal is decoded to
display light, scaled so reference white is 1.0, mapped from BT.2020 to BT.709 primaries, highlights
above 0.9 rolled off smoothly (hue kept), then encoded with sRGB's curve. Colours up to sRGB ~243
come back as they went in. The YCbCr matrix (BT.2020 or BT.709) is swscale's job when a frame is
converted to RGB; this module works on R'G'B' signals in 0..1.

SDR video in BT.2020 primaries (rare) gets the gamut mapping alone.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

HLG = "hlg"
PQ = "pq"
WIDE_SDR = "bt2020-sdr"  # SDR transfer, BT.2020 primaries

# ffmpeg's AVColorTransferCharacteristic / AVColorPrimaries numbers (PyAV's ColorTrc, ColorPrimaries)
TRC_SMPTE2084 = 16
TRC_ARIB_STD_B67 = 18
PRIMARIES_BT2020 = 9

REFERENCE_WHITE_NITS = 203.0  # BT.2408: HDR reference white, shown as SDR's white
HLG_PEAK_NITS = 1000.0  # the nominal display HLG's OOTF is worked out for (system gamma 1.2)
HLG_GAMMA = 1.2
KNEE = 0.9  # linear SDR level where highlights start to roll off

# Linear-light primaries conversions (BT.2087 / BT.2020 with D65 white).
BT709_TO_BT2020 = np.array(
    [[0.6274040, 0.3292820, 0.0433136], [0.0690970, 0.9195400, 0.0113612], [0.0163916, 0.0880132, 0.8955950]],
    dtype=np.float32,
)
BT2020_TO_BT709 = np.linalg.inv(BT709_TO_BT2020).astype(np.float32)
BT2020_LUMA = np.array([0.2627, 0.6780, 0.0593], dtype=np.float32)

_HLG_A = 0.17883277
_HLG_B = 1 - 4 * _HLG_A
_HLG_C = 0.5 - _HLG_A * np.log(4 * _HLG_A)
_PQ_M1 = 2610 / 16384
_PQ_M2 = 2523 / 4096 * 128
_PQ_C1 = 3424 / 4096
_PQ_C2 = 2413 / 4096 * 32
_PQ_C3 = 2392 / 4096 * 32


def conversion(color_trc: int | None, color_primaries: int | None) -> str | None:
    """Which conversion a frame with these tags needs to become sRGB (None: it is BT.709 SDR)."""
    if color_trc == TRC_ARIB_STD_B67:
        return HLG
    if color_trc == TRC_SMPTE2084:
        return PQ
    if color_primaries == PRIMARIES_BT2020:
        return WIDE_SDR
    return None


# ---- transfer functions -------------------------------------------------------------------------


def srgb_to_linear(v: np.ndarray) -> np.ndarray:
    return np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(v: np.ndarray) -> np.ndarray:
    v = np.clip(v, 0.0, 1.0)
    return np.where(v <= 0.0031308, v * 12.92, 1.055 * v ** (1 / 2.4) - 0.055)


def hlg_inverse_oetf(e: np.ndarray) -> np.ndarray:
    e = np.clip(e, 0.0, 1.0)
    high: np.ndarray = (np.exp((np.maximum(e, 0.5) - _HLG_C) / _HLG_A) + _HLG_B) / 12
    return np.where(e <= 0.5, e * e / 3, high)


def hlg_oetf(e: np.ndarray) -> np.ndarray:
    e = np.clip(e, 0.0, 1.0)
    high: np.ndarray = _HLG_A * np.log(np.maximum(12 * e - _HLG_B, 1e-6)) + _HLG_C
    return np.where(e <= 1 / 12, np.sqrt(3 * e), high)


def pq_eotf(e: np.ndarray) -> np.ndarray:
    """PQ signal -> display light in cd/m2."""
    p: np.ndarray = np.clip(e, 0.0, 1.0) ** (1 / _PQ_M2)
    return 10000.0 * (np.maximum(p - _PQ_C1, 0.0) / (_PQ_C2 - _PQ_C3 * p)) ** (1 / _PQ_M1)


def pq_inverse_eotf(nits: np.ndarray) -> np.ndarray:
    y: np.ndarray = (np.clip(nits, 0.0, 10000.0) / 10000.0) ** _PQ_M1
    return ((_PQ_C1 + _PQ_C2 * y) / (1 + _PQ_C3 * y)) ** _PQ_M2


@lru_cache(maxsize=8)
def _lut(kind: str) -> np.ndarray:
    """Signal (4096 steps of 0..1) -> linear light, for the decoders' hot path."""
    e = np.linspace(0.0, 1.0, 4096, dtype=np.float64)
    if kind == HLG:
        return hlg_inverse_oetf(e).astype(np.float32)  # scene light, 0..1
    if kind == PQ:
        return (pq_eotf(e) / REFERENCE_WHITE_NITS).astype(np.float32)  # 1.0 = reference white
    return (e**2.4).astype(np.float32)  # BT.1886 display gamma for SDR


@lru_cache(maxsize=8)
def _lut8(kind: str) -> np.ndarray:
    """8-bit signal -> linear light: _lut's entries at level * 4095 // 255, looked up once per level
    rather than once per pixel."""
    return _lut(kind)[np.arange(256, dtype=np.int32) * 4095 // 255]


def _rolloff(rgb: np.ndarray) -> np.ndarray:
    """Highlights above KNEE compressed smoothly below 1.0, on the brightest channel (hue kept).
    The brightest channel is taken with np.maximum (numpy reduces a 3-long axis slowly), and the
    curve worked out only where it applies: the same values as over every pixel."""
    peak = np.maximum(np.maximum(rgb[..., 0], rgb[..., 1]), rgb[..., 2])[..., None]
    over = peak > KNEE
    if not over.any():
        return rgb
    high = peak[over]
    scale = np.ones_like(peak)
    scale[over] = (KNEE + (1 - KNEE) * np.tanh((high - KNEE) / (1 - KNEE))) / np.maximum(high, 1e-6)
    rolled: np.ndarray = rgb * scale
    return rolled


def to_srgb(signal: np.ndarray, kind: str) -> np.ndarray:
    """R'G'B' of an HDR or wide-gamut frame (uint8, uint16 or float 0..1) -> sRGB uint8."""
    if signal.dtype == np.uint8:
        linear = _lut8(kind)[signal]
    else:
        if signal.dtype == np.uint16:
            index = signal >> 4
        else:
            index = np.clip(signal * 4095 + 0.5, 0, 4095).astype(np.uint16)
        linear = _lut(kind)[index]
    if kind == HLG:
        # BT.2100 OOTF: display light = peak * Ys^(gamma-1) * scene light; then 203 cd/m2 -> 1.0.
        luma = np.maximum(linear @ BT2020_LUMA, 1e-6)[..., None]
        linear = linear * (HLG_PEAK_NITS / REFERENCE_WHITE_NITS) * luma ** (HLG_GAMMA - 1)
    linear = np.clip(linear @ BT2020_TO_BT709.T, 0.0, None)
    srgb = linear_to_srgb(_rolloff(linear))
    return (srgb * 255 + 0.5).astype(np.uint8)


def from_srgb(rgb: np.ndarray, kind: str) -> np.ndarray:
    """sRGB uint8 -> R'G'B' float32 0..1 in BT.2020 with the HLG or PQ transfer (for test videos):
    SDR white becomes HDR reference white, as BT.2408 maps it."""
    linear = srgb_to_linear(rgb.astype(np.float32) / 255) @ BT709_TO_BT2020.T
    if kind == PQ:
        return pq_inverse_eotf(linear * REFERENCE_WHITE_NITS).astype(np.float32)
    if kind == HLG:
        display = linear * (REFERENCE_WHITE_NITS / HLG_PEAK_NITS)  # 0..1 of the nominal peak
        luma = np.maximum(display @ BT2020_LUMA, 1e-9)[..., None]
        scene = display * luma ** ((1 - HLG_GAMMA) / HLG_GAMMA)  # the inverse OOTF
        return hlg_oetf(scene).astype(np.float32)
    return np.clip(linear, 0, 1) ** (1 / 2.4)
