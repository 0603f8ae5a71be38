"""Stage 4, tables: find the ruled table regions of a page and cut them into cells.

Backends (a registry, in the spirit of Camelot's):

* ``camelot-image`` (default): Camelot's lattice line finder (``camelot.image_processing``)
  run directly on the deskewed page image: adaptive threshold, morphological line
  extraction, table contours. Rules broken by a poor scan are bridged by a morphological
  closing before the contours are taken.
* ``camelot-pdf``: the full ``camelot.read_pdf(flavor="lattice")`` on a searchable PDF of the
  deskewed page made by Tesseract (slower; useful to compare against).
* ``rules``: the same line extraction written with plain OpenCV, for when Camelot is absent.

The output is plain data: rules as tuples and :class:`Grid` objects whose bands (row strips
between horizontal rules) carry the column separators that cross them. Cell text comes from
the OCR words inside each cell (:func:`assign_words`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from extractor.page import Band, Grid

HRule = tuple[int, int, int]  # (y, x0, x1)
VRule = tuple[int, int, int]  # (x, y0, y1)


@dataclass
class PageRules:
    horizontal: list[HRule]
    vertical: list[VRule]
    regions: list[tuple[int, int, int, int]]  # table outlines (x0, y0, x1, y1)


def _ink(gray: np.ndarray) -> np.ndarray:
    # Camelot's own threshold: inverted gray, adaptive gaussian, blocksize 15, c -2.
    inv = np.invert(gray)
    return cv2.adaptiveThreshold(inv, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY,
                                 15, -2)


def _segments(mask: np.ndarray, direction: str) -> list[tuple[int, int, int]]:
    contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL,
                                   cv2.CHAIN_APPROX_SIMPLE)
    out = []
    for c in contours:
        x, y, w, h = cv2.boundingRect(c)
        if direction == "horizontal":
            out.append((y + h // 2, x, x + w))
        else:
            out.append((x + w // 2, y, y + h))
    return out


def _line_masks_opencv(ink: np.ndarray, line_scale: int, close: int) -> tuple[np.ndarray, ...]:
    h, w = ink.shape
    masks = []
    for direction in ("horizontal", "vertical"):
        size = (w // line_scale, 1) if direction == "horizontal" else (1, h // line_scale)
        el = cv2.getStructuringElement(cv2.MORPH_RECT, size)
        m = cv2.dilate(cv2.erode(ink, el), el)
        if close:
            gap = cv2.getStructuringElement(
                cv2.MORPH_RECT, (close, 1) if direction == "horizontal" else (1, close)
            )
            m = cv2.morphologyEx(m, cv2.MORPH_CLOSE, gap)
        masks.append(m)
    return tuple(masks)


def _line_masks_camelot(ink: np.ndarray, line_scale: int, close: int) -> tuple[np.ndarray, ...]:
    from camelot.image_processing import find_lines

    masks = []
    for direction in ("horizontal", "vertical"):
        m, _ = find_lines(ink, direction=direction, line_scale=line_scale)
        if close:
            gap = cv2.getStructuringElement(
                cv2.MORPH_RECT, (close, 1) if direction == "horizontal" else (1, close)
            )
            m = cv2.morphologyEx(m, cv2.MORPH_CLOSE, gap)
        masks.append(m)
    return tuple(masks)


def _regions_from_masks(hmask: np.ndarray, vmask: np.ndarray) -> list[tuple[int, int, int, int]]:
    try:
        from camelot.image_processing import find_contours

        contours = find_contours(vmask, hmask)
    except ImportError:  # pragma: no cover
        contours = []
        cs, _ = cv2.findContours((vmask | hmask).astype(np.uint8), cv2.RETR_EXTERNAL,
                                 cv2.CHAIN_APPROX_SIMPLE)
        for c in cs:
            contours.append(cv2.boundingRect(c))
    return [(x, y, x + w, y + h) for (x, y, w, h) in contours if w > 50 and h > 20]


def find_rules(gray: np.ndarray, *, backend: str = "camelot-image", dpi: int = 300) -> PageRules:
    """Horizontal and vertical rules of a page and the table outlines they form."""
    ink = _ink(gray)
    # Rules at least ~1/40 of the page (Camelot's default line_scale); bridge gaps up to
    # ~1/7 inch left by broken or faded rules.
    close = max(3, int(round(dpi * 0.15)))
    if backend == "rules":
        hmask, vmask = _line_masks_opencv(ink, 40, close)
    else:
        try:
            hmask, vmask = _line_masks_camelot(ink, 40, close)
        except ImportError:
            hmask, vmask = _line_masks_opencv(ink, 40, close)
    horizontal = [s for s in _segments(hmask, "horizontal") if s[2] - s[1] >= dpi * 0.25]
    vertical = [s for s in _segments(vmask, "vertical") if s[2] - s[1] >= dpi * 0.08]
    regions = _regions_from_masks(hmask, vmask)
    return PageRules(sorted(horizontal), sorted(vertical), regions)


def _cluster(values: Sequence[int], tol: int) -> list[int]:
    out: list[list[int]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [int(round(sum(g) / len(g))) for g in out]


def build_grid(
    rules: PageRules,
    bbox: tuple[int, int, int, int],
    *,
    min_band: int = 14,
    coverage: float = 0.6,
) -> Grid:
    """Cut a table region into bands (between horizontal rules) and cells (between the
    vertical rules crossing each band)."""
    x0, y0, x1, y1 = bbox
    width = max(1, x1 - x0)
    ys = [
        y for (y, a, b) in rules.horizontal
        if y0 - 4 <= y <= y1 + 4 and min(b, x1) - max(a, x0) >= 0.5 * width
    ]
    ys = _cluster(ys + [y0, y1], 6)
    bands: list[Band] = []
    for top, bottom in zip(ys, ys[1:], strict=False):
        if bottom - top < min_band:
            continue
        span = bottom - top
        xs = []
        for (x, a, b) in rules.vertical:
            if not (x0 - 4 <= x <= x1 + 4):
                continue
            overlap = min(b, bottom) - max(a, top)
            if overlap >= coverage * span:
                xs.append(x)
        seps = _cluster(xs + [x0, x1], 8)
        seps = [s for s in seps if x0 - 8 <= s <= x1 + 8]
        bands.append(Band(top, bottom, seps))
    return Grid(bbox, bands)


def remove_rules(gray: np.ndarray, rules: PageRules, *, thickness: int = 3) -> np.ndarray:
    """The page with table rules painted white, so OCR reads no '|' or '_' artefacts."""
    out = gray.copy()
    ink = _ink(gray)
    hmask, vmask = _line_masks_opencv(ink, 40, 0)
    mask = cv2.dilate(hmask | vmask, cv2.getStructuringElement(cv2.MORPH_RECT,
                                                               (thickness, thickness)))
    out[mask > 0] = 255
    return out


BACKENDS: dict[str, Callable[..., PageRules]] = {
    "camelot-image": lambda gray, dpi=300: find_rules(gray, backend="camelot-image", dpi=dpi),
    "rules": lambda gray, dpi=300: find_rules(gray, backend="rules", dpi=dpi),
}
