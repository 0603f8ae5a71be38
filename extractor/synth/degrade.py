"""Make clean rendered Form 4 pages look scanned or faxed.

Input is a clean page as a PIL grayscale image rendered at 300 DPI (``SOURCE_DPI``): white
paper, black text and ruled table lines.  :func:`degrade_page` returns a :class:`DegradedPage`
holding the degraded image, its output resolution and every parameter actually drawn, so that
tests and the extraction stage know the true skew and rotation.

Three levels (the exact ranges are in :data:`PARAMETERS`; :func:`describe_parameters` renders
them as a Markdown table):

``clean``
    Straight (no skew, no rotation), 300 DPI.  The paper gets a faint tone (245-255) and slight
    gaussian sensor noise (sigma 2-4 gray levels).  Output mode ``"L"``.

``moderate``
    A decent office scan.  Skew drawn uniformly from [-3, +3] degrees (rotation about the page
    centre, white fill, page size kept), output resolution 200, 240 or 300 DPI (the 300 DPI
    page is resampled with ``cv2.INTER_AREA``), reduced contrast (paper 232-250, ink 15-45),
    150-500 dust specks (a quarter of them white), uneven lighting (a smooth low-frequency
    darkening of 5-25 gray levels), gaussian blur sigma 0.4-1.0 output pixels, gaussian noise
    sigma 3-7 and JPEG artefacts (quality 40-75).  Output mode ``"L"``.

``heavy``
    A bad fax.  Long horizontal and vertical rules are found by morphological opening; 30-70 %
    of them get 1-4 gaps (each 5 px up to a per-page maximum of 5-40 px) and 20-50 % of the rest
    are faded to gray 60-120.  A mirrored, blurred copy of the page bleeds through at 10-20 %
    intensity.  One mark is added: a rectangular or circular "RECEIVED"-style stamp or a
    handwriting-like scribble, turned by -30..+30 degrees and placed at the emptiest of several
    random candidate positions.  Then skew from [-6, +6] degrees, 200 or 300 DPI (square
    pixels), lighting, blur sigma 0.5-1.1, noise sigma 12-25, a global threshold at 120-165 (so
    faint strokes break up) and 200-800 black/white specks.  Output mode ``"L"`` holding only
    the values 0 and 255.  With probability 0.15 the finished page is turned by an exact 90, 180
    or 270 degrees.

Conventions recorded in ``DegradedPage.params``:

* ``skew_degrees``: the page content was rotated counterclockwise (as displayed) by this angle
  about the image centre; a horizontal rule then runs up to the right for positive values.
  To deskew, first undo ``rotation``, then rotate counterclockwise by ``-skew_degrees``
  (``cv2.getRotationMatrix2D(centre, -skew_degrees, 1.0)``).
* ``rotation``: applied last, an exact counterclockwise turn (``numpy.rot90`` with
  ``k = rotation // 90``); undo with ``numpy.rot90(array, -k)``, i.e. turn the image
  clockwise by ``rotation`` degrees.
* ``dpi``: resolution of the output image; ``source_dpi`` is always 300.
* ``mark_box``: the mark's bounding box ``[x0, y0, x1, y1]`` in source-page (300 DPI,
  unskewed) pixel coordinates.

All randomness comes from the ``numpy.random.Generator`` passed in, so the output is a pure
function of the input image, the level and the generator state.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from PIL import Image

__all__ = [
    "LEVELS",
    "PARAMETERS",
    "SOURCE_DPI",
    "Choice",
    "DegradedPage",
    "IntRange",
    "Uniform",
    "degrade_page",
    "degrade_pages",
    "describe_parameters",
    "document_rng",
]

SOURCE_DPI = 300
LEVELS = ("clean", "moderate", "heavy")


# --------------------------------------------------------------------------------------------
# Parameter specifications


@dataclass(frozen=True)
class Uniform:
    """A float drawn uniformly from ``[low, high]``."""

    low: float
    high: float

    def draw(self, rng: np.random.Generator) -> float:
        if self.low == self.high:
            return float(self.low)
        return float(rng.uniform(self.low, self.high))

    def __str__(self) -> str:
        if self.low == self.high:
            return f"{self.low:g}"
        return f"uniform [{self.low:g}, {self.high:g}]"


@dataclass(frozen=True)
class IntRange:
    """An integer drawn uniformly from ``low..high`` inclusive."""

    low: int
    high: int

    def draw(self, rng: np.random.Generator) -> int:
        return int(rng.integers(self.low, self.high + 1))

    def __str__(self) -> str:
        if self.low == self.high:
            return f"{self.low}"
        return f"integer {self.low}..{self.high}"


@dataclass(frozen=True)
class Choice:
    """One of ``values``, with optional probabilities ``weights``."""

    values: tuple[Any, ...]
    weights: tuple[float, ...] | None = None

    def draw(self, rng: np.random.Generator) -> Any:
        if len(self.values) == 1:
            return self.values[0]
        index = int(rng.choice(len(self.values), p=self.weights))
        return self.values[index]

    def __str__(self) -> str:
        if len(self.values) == 1:
            return f"{self.values[0]}"
        if self.weights is None:
            return "one of " + ", ".join(str(v) for v in self.values)
        return "one of " + ", ".join(
            f"{v} (p={w:g})" for v, w in zip(self.values, self.weights, strict=True)
        )


Spec = Uniform | IntRange | Choice

#: Parameter ranges per level, in the order they are drawn.  Pixel sizes are in output pixels
#: except the ``rule_*`` and ``mark_*`` sizes, which are in 300 DPI source pixels.
PARAMETERS: dict[str, dict[str, Spec]] = {
    "clean": {
        "skew_degrees": Uniform(0.0, 0.0),
        "rotation": Choice((0,)),
        "dpi": Choice((300,)),
        "paper_level": Uniform(245.0, 255.0),
        "noise_sigma": Uniform(2.0, 4.0),
    },
    "moderate": {
        "skew_degrees": Uniform(-3.0, 3.0),
        "rotation": Choice((0,)),
        "dpi": Choice((200, 240, 300)),
        "paper_level": Uniform(232.0, 250.0),
        "ink_level": Uniform(15.0, 45.0),
        "speckle_count": IntRange(150, 500),
        "speckle_salt_fraction": Uniform(0.25, 0.25),
        "lighting_amplitude": Uniform(5.0, 25.0),
        "blur_sigma": Uniform(0.4, 1.0),
        "noise_sigma": Uniform(3.0, 7.0),
        "jpeg_quality": IntRange(40, 75),
    },
    "heavy": {
        "skew_degrees": Uniform(-6.0, 6.0),
        "rotation": Choice((0, 90, 180, 270), (0.85, 0.05, 0.05, 0.05)),
        "dpi": Choice((200, 300)),
        "rule_break_fraction": Uniform(0.3, 0.7),
        "rule_gaps_per_rule": IntRange(1, 4),
        "rule_gap_max_length": IntRange(5, 40),
        "rule_fade_fraction": Uniform(0.2, 0.5),
        "rule_fade_level": Uniform(60.0, 120.0),
        "bleed_alpha": Uniform(0.10, 0.20),
        "bleed_blur_sigma": Uniform(2.0, 5.0),
        "mark_kind": Choice(("stamp_rect", "stamp_circle", "handwriting")),
        "mark_angle": Uniform(-30.0, 30.0),
        "mark_gray": Uniform(30.0, 100.0),
        "lighting_amplitude": Uniform(0.0, 30.0),
        "blur_sigma": Uniform(0.5, 1.1),
        "noise_sigma": Uniform(12.0, 25.0),
        "threshold": Uniform(120.0, 165.0),
        "speckle_count": IntRange(200, 800),
        "speckle_salt_fraction": Uniform(0.3, 0.3),
    },
}

# Fixed constants of the heavy pipeline (300 DPI source pixels).
_RULE_MIN_LENGTH = 120  # a dark run at least this long (0.4 in) counts as a rule
_MARK_CANDIDATES = 200
_MARK_PAD = 40


def describe_parameters() -> str:
    """Return the parameter ranges of every level as a Markdown table."""
    names: list[str] = []
    for level in LEVELS:
        for name in PARAMETERS[level]:
            if name not in names:
                names.append(name)
    lines = [
        "| parameter | " + " | ".join(LEVELS) + " |",
        "|---|" + "---|" * len(LEVELS),
    ]
    for name in names:
        cells = [str(PARAMETERS[level].get(name, "-")) for level in LEVELS]
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Public API


@dataclass(frozen=True)
class DegradedPage:
    """A degraded page: the image, its resolution and the parameters actually used."""

    image: Image.Image
    dpi: int
    params: dict[str, Any]


def degrade_page(
    image: Image.Image,
    level: str,
    rng: np.random.Generator,
    *,
    dpi: int | None = None,
) -> DegradedPage:
    """Degrade one clean 300 DPI page to ``level`` using only ``rng`` for randomness.

    ``dpi`` overrides the drawn output resolution (used by :func:`degrade_pages` so all pages
    of a document share one scanner setting).
    """
    if level not in LEVELS:
        raise ValueError(f"unknown degradation level {level!r}; expected one of {LEVELS}")
    if dpi is not None and (not isinstance(dpi, int) or dpi <= 0):
        raise ValueError(f"dpi must be a positive integer, got {dpi!r}")

    params: dict[str, Any] = {"level": level}
    for name, spec in PARAMETERS[level].items():
        params[name] = spec.draw(rng)
    if dpi is not None:
        params["dpi"] = dpi
    params["source_dpi"] = SOURCE_DPI
    params["source_size"] = [image.width, image.height]

    src = np.asarray(image.convert("L"), dtype=np.float32)
    if level == "clean":
        out = _clean(src, params, rng)
    elif level == "moderate":
        out = _moderate(src, params, rng)
    else:
        out = _heavy(src, params, rng)

    k = params["rotation"] // 90
    if k:
        out = np.ascontiguousarray(np.rot90(out, k))
    params["output_size"] = [int(out.shape[1]), int(out.shape[0])]
    return DegradedPage(image=Image.fromarray(out, mode="L"), dpi=int(params["dpi"]), params=params)


def document_rng(seed: int, doc_key: str) -> np.random.Generator:
    """Return a generator derived stably (across processes) from ``seed`` and ``doc_key``."""
    digest = hashlib.sha256(f"{seed}:{doc_key}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:16], "big"))


def degrade_pages(
    images: Sequence[Image.Image], level: str, seed: int, doc_key: str
) -> list[DegradedPage]:
    """Degrade all pages of one document: one shared DPI, independent per-page draws.

    Page ``i`` depends only on ``(seed, doc_key, i)`` and its image, not on later pages.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown degradation level {level!r}; expected one of {LEVELS}")
    rng = document_rng(seed, doc_key)
    dpi = int(PARAMETERS[level]["dpi"].draw(rng))
    pages = []
    for image in images:
        page_rng = np.random.default_rng(int(rng.integers(0, 2**63)))
        pages.append(degrade_page(image, level, page_rng, dpi=dpi))
    return pages


# --------------------------------------------------------------------------------------------
# Level pipelines (float32 arrays, 0 = black, 255 = white)


def _clean(src: np.ndarray, p: dict[str, Any], rng: np.random.Generator) -> np.ndarray:
    arr = src * (p["paper_level"] / 255.0)
    arr += rng.standard_normal(arr.shape, dtype=np.float32) * np.float32(p["noise_sigma"])
    return _to_uint8(arr)


def _moderate(src: np.ndarray, p: dict[str, Any], rng: np.random.Generator) -> np.ndarray:
    ink, paper = p["ink_level"], p["paper_level"]
    arr = src * np.float32((paper - ink) / 255.0) + np.float32(ink)
    arr = _skew(arr, p["skew_degrees"], paper)
    arr = _resample(arr, p["dpi"])
    _specks(arr, rng, p["speckle_count"], p["speckle_salt_fraction"], 2, ink, paper)
    arr *= 1.0 - _smooth_field(rng, arr.shape, (3, 4)) * np.float32(p["lighting_amplitude"] / 255.0)
    arr = cv2.GaussianBlur(arr, (0, 0), p["blur_sigma"])
    arr += rng.standard_normal(arr.shape, dtype=np.float32) * np.float32(p["noise_sigma"])
    ok, buf = cv2.imencode(".jpg", _to_uint8(arr), [cv2.IMWRITE_JPEG_QUALITY, p["jpeg_quality"]])
    if not ok:  # pragma: no cover - cv2 always encodes a valid uint8 array
        raise RuntimeError("JPEG encoding failed")
    return cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)


def _heavy(src: np.ndarray, p: dict[str, Any], rng: np.random.Generator) -> np.ndarray:
    arr = src.copy()
    p["rules_broken"], p["rules_faded"] = _damage_rules(arr, p, rng)
    dark = 255.0 - arr
    bleed = cv2.GaussianBlur(np.fliplr(dark), (0, 0), p["bleed_blur_sigma"])
    arr -= bleed * np.float32(p["bleed_alpha"])
    p["mark_box"] = _add_mark(arr, src, p, rng)
    arr = _skew(arr, p["skew_degrees"], 255.0)
    arr = _resample(arr, p["dpi"])
    arr *= 1.0 - _smooth_field(rng, arr.shape, (3, 3)) * np.float32(p["lighting_amplitude"] / 255.0)
    arr = cv2.GaussianBlur(arr, (0, 0), p["blur_sigma"])
    arr += rng.standard_normal(arr.shape, dtype=np.float32) * np.float32(p["noise_sigma"])
    out = np.where(arr < p["threshold"], 0, 255).astype(np.uint8)
    _specks(out, rng, p["speckle_count"], p["speckle_salt_fraction"], 1, 0, 255)
    return out


# --------------------------------------------------------------------------------------------
# Building blocks


def _to_uint8(arr: np.ndarray) -> np.ndarray:
    return np.clip(arr + 0.5, 0, 255).astype(np.uint8)


def _skew(arr: np.ndarray, degrees: float, fill: float) -> np.ndarray:
    """Rotate counterclockwise by ``degrees`` about the centre, keeping the size."""
    if degrees == 0.0:
        return arr
    h, w = arr.shape
    matrix = cv2.getRotationMatrix2D(((w - 1) / 2.0, (h - 1) / 2.0), degrees, 1.0)
    return cv2.warpAffine(
        arr,
        matrix,
        (w, h),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=float(fill),
    )


def _resample(arr: np.ndarray, dpi: int) -> np.ndarray:
    if dpi == SOURCE_DPI:
        return arr
    h, w = arr.shape
    size = (max(1, round(w * dpi / SOURCE_DPI)), max(1, round(h * dpi / SOURCE_DPI)))
    interp = cv2.INTER_AREA if dpi < SOURCE_DPI else cv2.INTER_CUBIC
    return cv2.resize(arr, size, interpolation=interp)


def _smooth_field(
    rng: np.random.Generator, shape: tuple[int, ...], grid: tuple[int, int]
) -> np.ndarray:
    """A smooth random field in [0, 1] of ``shape``, from a coarse ``grid`` of random values."""
    coarse = rng.random(grid, dtype=np.float32)
    field = cv2.resize(coarse, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC)
    lo, hi = float(field.min()), float(field.max())
    if hi - lo < 1e-6:
        return np.zeros(shape[:2], np.float32)
    return (field - np.float32(lo)) * np.float32(1.0 / (hi - lo))


def _specks(
    arr: np.ndarray,
    rng: np.random.Generator,
    count: int,
    salt_fraction: float,
    max_radius: int,
    dark: float,
    light: float,
) -> None:
    """Draw ``count`` small dark (and ``salt_fraction`` light) specks into ``arr`` in place."""
    h, w = arr.shape
    xs = rng.integers(0, w, count)
    ys = rng.integers(0, h, count)
    axes = rng.integers(0, max_radius + 1, (count, 2))
    angles = rng.integers(0, 180, count)
    salt = rng.random(count) < salt_fraction
    for x, y, (ax, ay), angle, is_salt in zip(xs, ys, axes, angles, salt, strict=True):
        color = float(light if is_salt else dark)
        cv2.ellipse(arr, (int(x), int(y)), (int(ax), int(ay)), int(angle), 0, 360, color, -1)


def _damage_rules(arr: np.ndarray, p: dict[str, Any], rng: np.random.Generator) -> tuple[int, int]:
    """Punch gaps into some long rules and fade others, in place.  Returns (broken, faded)."""
    ink = (arr < 128).astype(np.uint8)
    broken = faded = 0
    for horizontal in (True, False):
        ksize = (_RULE_MIN_LENGTH, 1) if horizontal else (1, _RULE_MIN_LENGTH)
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, ksize)
        lines = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
        n, labels, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
        for i in range(1, n):
            x, y, w, h = (int(v) for v in stats[i, :4])
            length = w if horizontal else h
            if rng.random() < p["rule_break_fraction"]:
                broken += 1
                for _ in range(p["rule_gaps_per_rule"]):
                    gap = min(int(rng.integers(5, p["rule_gap_max_length"] + 1)), length)
                    start = int(rng.integers(0, length - gap + 1))
                    if horizontal:
                        sl = (slice(y, y + h), slice(x + start, x + start + gap))
                    else:
                        sl = (slice(y + start, y + start + gap), slice(x, x + w))
                    arr[sl][labels[sl] == i] = 255.0
            elif rng.random() < p["rule_fade_fraction"]:
                faded += 1
                sl = (slice(y, y + h), slice(x, x + w))
                region = arr[sl]
                mask = labels[sl] == i
                region[mask] = np.maximum(region[mask], np.float32(p["rule_fade_level"]))
    return broken, faded


def _fit_font_scale(text: str, font: int, thickness: int, width: float) -> float:
    (tw, _), _ = cv2.getTextSize(text, font, 1.0, thickness)
    return width / max(tw, 1)


def _put_centered(
    canvas: np.ndarray, text: str, cx: float, cy: float, width: float, thickness: int
) -> None:
    font = cv2.FONT_HERSHEY_DUPLEX
    scale = _fit_font_scale(text, font, thickness, width)
    (tw, th), _ = cv2.getTextSize(text, font, scale, thickness)
    org = (int(round(cx - tw / 2)), int(round(cy + th / 2)))
    cv2.putText(canvas, text, org, font, scale, 0, thickness, cv2.LINE_AA)


_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def _stamp_date(rng: np.random.Generator) -> str:
    month = _MONTHS[int(rng.integers(0, 12))]
    return f"{month} {int(rng.integers(1, 29)):02d} {int(rng.integers(2003, 2025))}"


def _draw_mark(kind: str, rng: np.random.Generator) -> np.ndarray:
    """Render the mark unrotated as ink coverage in [0, 1] (300 DPI pixels)."""
    if kind == "stamp_rect":
        w, h = int(rng.integers(520, 700)), int(rng.integers(220, 300))
        canvas = np.full((h, w), 255, np.uint8)
        cv2.rectangle(canvas, (4, 4), (w - 5, h - 5), 0, 7)
        cv2.rectangle(canvas, (18, 18), (w - 19, h - 19), 0, 3)
        title = ("RECEIVED", "RECEIVED", "FILED", "SEC MAIL PROCESSING")[int(rng.integers(0, 4))]
        _put_centered(canvas, title, w / 2, h * 0.36, w * 0.78, 5)
        _put_centered(canvas, _stamp_date(rng), w / 2, h * 0.70, w * 0.55, 4)
    elif kind == "stamp_circle":
        d = int(rng.integers(320, 420))
        canvas = np.full((d, d), 255, np.uint8)
        c = d // 2
        cv2.circle(canvas, (c, c), c - 5, 0, 7, cv2.LINE_AA)
        cv2.circle(canvas, (c, c), c - 26, 0, 3, cv2.LINE_AA)
        _put_centered(canvas, "SEC", c, d * 0.26, d * 0.22, 4)
        _put_centered(canvas, "RECEIVED", c, d * 0.50, d * 0.68, 5)
        _put_centered(canvas, _stamp_date(rng), c, d * 0.70, d * 0.55, 3)
    else:
        w, h = int(rng.integers(380, 560)), int(rng.integers(120, 180))
        canvas = np.full((h, w), 255, np.uint8)
        thickness = int(rng.integers(3, 6))
        words = int(rng.integers(1, 4))
        x = w * 0.04
        for _ in range(words):
            width = (w * 0.92 - x) / words * rng.uniform(0.8, 1.0)
            stroke = _cursive_stroke(rng, x, width, h)
            cv2.polylines(canvas, [stroke], False, 0, thickness, cv2.LINE_AA)
            x += width + w * 0.03
        if rng.random() < 0.5:  # underline flourish
            ys = h * rng.uniform(0.82, 0.92, 3)
            pts = np.array([[w * 0.05, ys[0]], [w * 0.5, ys[1]], [w * 0.93, ys[2]]])
            cv2.polylines(canvas, [_smooth_polyline(pts)], False, 0, thickness - 1, cv2.LINE_AA)
    alpha = (255.0 - canvas.astype(np.float32)) / 255.0
    if kind != "handwriting":  # stamps take ink unevenly
        alpha *= 0.55 + 0.45 * _smooth_field(rng, alpha.shape, (4, 4))
    return alpha


def _smooth_polyline(points: np.ndarray, iterations: int = 4) -> np.ndarray:
    """Chaikin corner cutting; returns int32 points shaped for ``cv2.polylines``."""
    pts = points.astype(np.float64)
    for _ in range(iterations):
        q = 0.75 * pts[:-1] + 0.25 * pts[1:]
        r = 0.25 * pts[:-1] + 0.75 * pts[1:]
        pts = np.vstack([pts[:1], np.column_stack([q, r]).reshape(-1, 2), pts[-1:]])
    return np.round(pts).astype(np.int32).reshape(-1, 1, 2)


def _cursive_stroke(rng: np.random.Generator, x0: float, width: float, h: int) -> np.ndarray:
    """A handwriting-like zigzag of humps and the odd ascender, smoothed into a curve."""
    n = int(rng.integers(6, 14))
    xs = x0 + np.sort(rng.uniform(0.0, 1.0, n)) * width
    xs[0], xs[-1] = x0, x0 + width
    low = rng.uniform(0.55, 0.75, n) * h
    high = rng.uniform(0.25, 0.45, n) * h
    ys = np.where(np.arange(n) % 2 == 0, low, high)
    ascender = (np.arange(n) % 2 == 1) & (rng.random(n) < 0.25)
    ys[ascender] = rng.uniform(0.03, 0.15, int(ascender.sum())) * h
    xs += rng.normal(0.0, width / n * 0.25, n)
    return _smooth_polyline(np.column_stack([xs, ys]))


def _rotate_expand(alpha: np.ndarray, degrees: float) -> np.ndarray:
    h, w = alpha.shape
    rad = math.radians(degrees)
    cos, sin = abs(math.cos(rad)), abs(math.sin(rad))
    nw, nh = int(math.ceil(w * cos + h * sin)), int(math.ceil(w * sin + h * cos))
    matrix = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), degrees, 1.0)
    matrix[0, 2] += (nw - w) / 2.0
    matrix[1, 2] += (nh - h) / 2.0
    return cv2.warpAffine(alpha, matrix, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=0.0)


def _add_mark(
    arr: np.ndarray, src: np.ndarray, p: dict[str, Any], rng: np.random.Generator
) -> list[int]:
    """Composite one stamp or scribble onto ``arr`` where ``src`` looks emptiest."""
    alpha = _rotate_expand(_draw_mark(p["mark_kind"], rng), p["mark_angle"])
    page_h, page_w = arr.shape
    scale = min(1.0, 0.45 * page_w / alpha.shape[1], 0.45 * page_h / alpha.shape[0])
    if scale < 1.0:
        size = (max(1, int(alpha.shape[1] * scale)), max(1, int(alpha.shape[0] * scale)))
        alpha = cv2.resize(alpha, size, interpolation=cv2.INTER_AREA)
    mh, mw = alpha.shape

    integral = cv2.integral((src < 128).astype(np.uint8)).astype(np.int64)
    xs = rng.integers(0, page_w - mw + 1, _MARK_CANDIDATES)
    ys = rng.integers(0, page_h - mh + 1, _MARK_CANDIDATES)
    x0, y0 = np.maximum(xs - _MARK_PAD, 0), np.maximum(ys - _MARK_PAD, 0)
    x1, y1 = np.minimum(xs + mw + _MARK_PAD, page_w), np.minimum(ys + mh + _MARK_PAD, page_h)
    dark = integral[y1, x1] - integral[y0, x1] - integral[y1, x0] + integral[y0, x0]
    best = int(np.argmin(dark))  # first of equally empty candidates
    x, y = int(xs[best]), int(ys[best])
    region = arr[y : y + mh, x : x + mw]
    region += (np.float32(p["mark_gray"]) - region) * alpha * (region > p["mark_gray"])
    p["mark_dark_pixels_covered"] = int(dark[best])
    return [x, y, x + mw, y + mh]
