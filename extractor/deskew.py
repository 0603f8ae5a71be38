"""Stage 2, orientation and deskew: a page image -> the page right side up and straight.

* orientation: Tesseract OSD (``--psm 0``) tells 0/90/180/270; when OSD is unsure the text-line
  direction (row vs column projection energy) still separates upright from sideways pages.
* skew: projection-profile search over angles on the dark pixels (coarse on a reduced page,
  fine on a larger one), which works for ruled forms and plain text alike.
* clean-up: speckle removal and, on a copy used only for finding table rules, short gaps in
  long rules are closed (``repair_rules``).

Everything here is a plain function of an 8-bit grayscale array.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import cv2
import numpy as np

os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@dataclass
class Orientation:
    rotate_clockwise: int  # degrees applied to correct the page: 0, 90, 180, 270
    confidence: float
    method: str


@dataclass
class StraightPage:
    image: np.ndarray  # upright, deskewed grayscale page
    rotated_clockwise: int
    skew_degrees: float  # the skew that was measured and removed (counterclockwise positive)
    notes: list[str] = field(default_factory=list)


def binarize(gray: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0 (Otsu on a lightly blurred page)."""
    blur = cv2.GaussianBlur(gray, (3, 3), 0)
    _, ink = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink


def _line_direction_energy(ink: np.ndarray) -> tuple[float, float]:
    """Projection energy along rows and along columns (text lines make rows spiky)."""
    small = cv2.resize(ink, (ink.shape[1] // 4, ink.shape[0] // 4), interpolation=cv2.INTER_AREA)
    rows = small.astype(np.float64).sum(axis=1)
    cols = small.astype(np.float64).sum(axis=0)
    rows_e = float(np.var(np.diff(rows)))
    cols_e = float(np.var(np.diff(cols)))
    return rows_e, cols_e


def detect_orientation(gray: np.ndarray, *, use_osd: bool = True) -> Orientation:
    """How far (clockwise) the page must be turned to stand upright."""
    if use_osd:
        try:
            import pytesseract

            osd = pytesseract.image_to_osd(
                gray, config="--psm 0 -c min_characters_to_try=20",
                output_type=pytesseract.Output.DICT,
            )
            rotate = int(osd.get("rotate", 0)) % 360
            conf = float(osd.get("orientation_conf", 0.0))
            if conf >= 2.0:
                return Orientation(rotate, conf, "osd")
        except Exception:  # OSD fails on pages with too little text: fall through
            pass
    rows_e, cols_e = _line_direction_energy(binarize(gray))
    if cols_e > 1.5 * rows_e:
        # Sideways, direction unknown without OSD: 90 is the commoner scanner mistake.
        return Orientation(90, 0.0, "projection")
    return Orientation(0, 0.0, "projection")


def rotate_clockwise(gray: np.ndarray, degrees: int) -> np.ndarray:
    k = (degrees // 90) % 4
    return np.ascontiguousarray(np.rot90(gray, -k)) if k else gray


def _profile_score(ys: np.ndarray, xs: np.ndarray, angle_deg: float, height: int) -> float:
    a = np.deg2rad(angle_deg)
    proj = (ys * np.cos(a) - xs * np.sin(a)).astype(np.int64)
    proj -= proj.min()
    hist = np.bincount(proj, minlength=height)
    return float(np.dot(hist, hist))


def _search(points: tuple[np.ndarray, np.ndarray], height: int, center: float, span: float,
            step: float) -> float:
    ys, xs = points
    angles = np.arange(center - span, center + span + step / 2, step)
    scores = [_profile_score(ys, xs, float(a), height) for a in angles]
    return float(angles[int(np.argmax(scores))])


def _ink_points(ink: np.ndarray, limit: int, rng_seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    ys, xs = np.nonzero(ink)
    if len(ys) > limit:
        idx = np.random.default_rng(rng_seed).choice(len(ys), size=limit, replace=False)
        ys, xs = ys[idx], xs[idx]
    cy, cx = ink.shape[0] / 2.0, ink.shape[1] / 2.0
    return ys.astype(np.float64) - cy, xs.astype(np.float64) - cx


def measure_skew(gray: np.ndarray, *, max_degrees: float = 8.0) -> float:
    """Skew angle in degrees (positive: content turned counterclockwise), 0 for blank pages."""
    ink = binarize(gray)
    if int(np.count_nonzero(ink)) < 500:
        return 0.0
    # Coarse: quarter size, 0.25 degree steps. Fine: half size around it, 0.02 degree steps.
    q = cv2.resize(ink, (ink.shape[1] // 4, ink.shape[0] // 4), interpolation=cv2.INTER_AREA)
    q = (q > 64).astype(np.uint8)
    coarse = _search(_ink_points(q, 60_000), q.shape[0] * 2, 0.0, max_degrees, 0.25)
    h = cv2.resize(ink, (ink.shape[1] // 2, ink.shape[0] // 2), interpolation=cv2.INTER_AREA)
    h = (h > 64).astype(np.uint8)
    pts = _ink_points(h, 150_000)
    fine = _search(pts, h.shape[0] * 2, coarse, 0.3, 0.05)
    finer = _search(pts, h.shape[0] * 2, fine, 0.05, 0.01)
    # The projection angle that straightens rows is minus the content's rotation.
    return -finer


def rotate_by(gray: np.ndarray, degrees: float) -> np.ndarray:
    """Rotate counterclockwise by ``degrees`` about the centre, white fill, same size."""
    if abs(degrees) < 1e-3:
        return gray
    h, w = gray.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), degrees, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def remove_speckle(gray: np.ndarray, *, max_area: int = 4) -> np.ndarray:
    """Whiten isolated dark specks of at most ``max_area`` pixels (keeps dots of i, j, :)."""
    ink = binarize(gray)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    small = np.zeros(n, dtype=bool)
    small[1:] = stats[1:, cv2.CC_STAT_AREA] <= max_area
    if not small.any():
        return gray
    out = gray.copy()
    out[small[labels]] = 255
    return out


def straighten(gray: np.ndarray, *, use_osd: bool = True, max_skew: float = 8.0) -> StraightPage:
    """Orientation, then skew: the page as the later stages want it."""
    notes: list[str] = []
    orient = detect_orientation(gray, use_osd=use_osd)
    upright = rotate_clockwise(gray, orient.rotate_clockwise)
    if orient.rotate_clockwise:
        notes.append(
            f"page was rotated: turned {orient.rotate_clockwise} degrees clockwise "
            f"({orient.method})"
        )
    skew = measure_skew(upright, max_degrees=max_skew)
    straight = rotate_by(upright, -skew)
    return StraightPage(straight, orient.rotate_clockwise, skew, notes)
