"""Stage 4, tables: the ruled table regions of a page and their rules.

Backends (interchangeable, in the spirit of Camelot's registry):

* ``camelot-image`` (default): Camelot's lattice line finder (``camelot.image_processing``:
  adaptive threshold, morphological line extraction, table contours) run directly on the
  deskewed page image, which saves the PDF round trip. Rules broken by a poor scan are bridged
  by a morphological closing before segments and contours are taken.
* ``rules``: the same line extraction written with plain OpenCV.

The output is plain data: rules as ``(y, x0, x1)`` / ``(x, y0, y1)`` tuples and table
outlines. The mapping layer cuts them into columns and rows and assigns OCR words to cells.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import cv2
import numpy as np

HRule = tuple[int, int, int]  # (y, x0, x1)
VRule = tuple[int, int, int]  # (x, y0, y1)


@dataclass
class PageRules:
    horizontal: list[HRule]
    vertical: list[VRule]
    regions: list[tuple[int, int, int, int]]  # table outlines (x0, y0, x1, y1)
    mask: np.ndarray | None = None  # the rule pixels as found (before gaps were bridged)


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


@lru_cache(maxsize=1)
def camelot_image_processing() -> ModuleType | None:
    """Camelot's image line finder (``camelot.image_processing``), loaded without running
    ``camelot/__init__``, which pulls in pandas, matplotlib and the PDF stack (half a second
    per process that only needs ``find_lines`` and ``find_contours``). Falls back to the
    ordinary import; None when Camelot is missing."""
    try:
        spec = importlib.util.find_spec("camelot")
        if spec is not None and spec.submodule_search_locations:
            path = Path(next(iter(spec.submodule_search_locations))) / "image_processing.py"
            sub = importlib.util.spec_from_file_location("_camelot_image_processing", path)
            if sub is not None and sub.loader is not None:
                module = importlib.util.module_from_spec(sub)
                sub.loader.exec_module(module)
                return module
    except Exception:  # noqa: BLE001 - any surprise: the plain import below
        pass
    try:
        import camelot.image_processing as module
    except ImportError:  # pragma: no cover - camelot is a dependency
        return None
    return module


def _open_masks(ink: np.ndarray, line_scale: int, backend: str) -> tuple[np.ndarray, ...]:
    """Pixels of long horizontal and vertical strokes (Camelot's ``find_lines``)."""
    cip = camelot_image_processing() if backend != "rules" else None
    if cip is not None:
        return tuple(cip.find_lines(ink, direction=d, line_scale=line_scale)[0]
                     for d in ("horizontal", "vertical"))
    h, w = ink.shape
    return _long_runs(ink, (w // line_scale, 1)), _long_runs(ink, (1, h // line_scale))


def _long_runs(mask: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """The pixels of ``mask`` in unbroken runs of ``size`` (a morphological opening)."""
    el = cv2.getStructuringElement(cv2.MORPH_RECT, size)
    return cv2.dilate(cv2.erode(mask, el), el)


def _dotted_masks(ink: np.ndarray, line_scale: int, gap: int) -> tuple[np.ndarray, ...]:
    """Long rules a bad fax has broken into dots and dashes: only ink components thin across
    the rule's direction (at most 3 px, so no letter) are joined along it by a closing over
    ``gap`` pixels, then kept where the joined run is as long as a rule (``find_lines``
    would need an unbroken run)."""
    from extractor.deskew import components

    n, labels, stats = components(ink)
    h, w = ink.shape
    masks = []
    for thin_stat, direction, run in ((cv2.CC_STAT_HEIGHT, "horizontal", (w // line_scale, 1)),
                                      (cv2.CC_STAT_WIDTH, "vertical", (1, h // line_scale))):
        thin = stats[:, thin_stat] <= 3
        thin[0] = False
        mask = np.where(thin[labels], 255, 0).astype(np.uint8)
        masks.append(_long_runs(_bridge(mask, gap, direction), run))
    return tuple(masks)


def _anchored(vdots: np.ndarray, vopen: np.ndarray, hmask: np.ndarray, reach: int,
              long_run: int) -> np.ndarray:
    """The runs of ``vdots`` that are rules, not letters: thin letter strokes ('i', 'l', '1',
    the stems of broken letters) stacked in consecutive text lines join into a vertical run
    as well, above all where lines repeat their words ("Reflects securities held directly
    by ..." three times). A run is kept when it meets a rule (one found whole, or a
    horizontal one) or when the vertical pieces on its x (to 2 px) within half ``long_run``
    above and below add up to ``long_run``: a rule broken all along, whose pieces line up
    as a text stack's do only for a few lines."""
    from extractor.deskew import components

    n, labels, stats = components(vdots)
    if n <= 1:
        return vdots
    el = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * reach + 1, 2 * reach + 1))
    near_rule = cv2.dilate(vopen | hmask, el) > 0
    keep = np.zeros(n, dtype=bool)
    keep[np.unique(labels[near_rule & (vdots > 0)])] = True
    _, _, whole = components(vopen)
    pieces = np.concatenate([stats[1:], whole[1:]])
    px = pieces[:, cv2.CC_STAT_LEFT] + pieces[:, cv2.CC_STAT_WIDTH] / 2
    py0 = pieces[:, cv2.CC_STAT_TOP]
    ph = pieces[:, cv2.CC_STAT_HEIGHT]
    near = long_run // 2
    for i in np.flatnonzero(~keep[1:]):  # pieces[i] is run i + 1 of ``vdots``
        x, y0, y1 = px[i], py0[i], py0[i] + ph[i]
        column = (np.abs(px - x) <= 2) & (py0 + ph >= y0 - near) & (py0 <= y1 + near)
        keep[i + 1] = int(ph[column].sum()) >= long_run
    keep[0] = False
    return np.where(keep[labels], 255, 0).astype(np.uint8)


def _bridge(mask: np.ndarray, gap: int, direction: str) -> np.ndarray:
    el = cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1) if direction == "horizontal"
                                   else (1, gap))
    return cv2.morphologyEx(mask, cv2.MORPH_CLOSE, el)


def _regions_from_masks(hmask: np.ndarray, vmask: np.ndarray) -> list[tuple[int, int, int, int]]:
    cip = camelot_image_processing()
    if cip is not None:
        contours = cip.find_contours(vmask, hmask)
    else:  # pragma: no cover - camelot is a dependency
        contours = []
        cs, _ = cv2.findContours((vmask | hmask).astype(np.uint8), cv2.RETR_EXTERNAL,
                                 cv2.CHAIN_APPROX_SIMPLE)
        for c in cs:
            contours.append(cv2.boundingRect(c))
    return [(x, y, x + w, y + h) for (x, y, w, h) in contours if w > 50 and h > 20]


def find_rules(gray: np.ndarray, *, backend: str = "camelot-image", dpi: int = 300,
               broken: bool = False) -> PageRules:
    """Horizontal and vertical rules of a page and the table outlines they form. ``broken``:
    a fax-like page, whose faded rules the threshold broke into dots and dashes, which are
    then joined (on an office scan the same joining would take strokes of letters)."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown table backend {backend!r}; choose from {sorted(BACKENDS)}")
    # Rules are found at half resolution (a quarter of the pixels; positions are still good to
    # a pixel or two at 300 DPI) and scaled back.
    scale = 2 if dpi >= 250 else 1
    small = gray if scale == 1 else cv2.resize(
        gray, (gray.shape[1] // scale, gray.shape[0] // scale), interpolation=cv2.INTER_AREA)
    sdpi = dpi / scale
    ink = _ink(small)
    # Rules at least ~1/40 of the page (Camelot's default line_scale); gaps up to ~1/7 inch
    # left by broken or faded rules are bridged.
    hopen, vopen = _open_masks(ink, 40, backend)
    if broken:
        hdots, vdots = _dotted_masks(ink, 40, max(3, int(round(sdpi * 0.06))))
        vdots = _anchored(vdots, vopen, hopen | hdots, max(3, int(round(sdpi * 0.03))),
                          int(round(sdpi)))
        hopen, vopen = hopen | hdots, vopen | vdots
    gap = max(3, int(round(sdpi * 0.15)))
    hmask, vmask = _bridge(hopen, gap, "horizontal"), _bridge(vopen, gap, "vertical")

    def up(seg: tuple[int, int, int]) -> tuple[int, int, int]:
        return (seg[0] * scale + scale // 2, seg[1] * scale, seg[2] * scale + scale - 1)

    horizontal = [up(s) for s in _segments(hmask, "horizontal") if s[2] - s[1] >= sdpi * 0.25]
    vertical = [up(s) for s in _segments(vmask, "vertical") if s[2] - s[1] >= sdpi * 0.08]
    regions = [tuple(v * scale for v in r) for r in _regions_from_masks(hmask, vmask)]
    mask = hopen | vopen
    if scale != 1:
        mask = cv2.resize(mask, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_NEAREST)
    return PageRules(sorted(horizontal), sorted(vertical), regions, mask)


def remove_rules(gray: np.ndarray, rules: PageRules, *, thickness: int = 3) -> np.ndarray:
    """The page with table rules painted white, so OCR reads no '|' or '_' artefacts."""
    mask = rules.mask
    if mask is None:
        mask = np.bitwise_or(*_open_masks(_ink(gray), 40, "rules"))
    mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (thickness, thickness)))
    out = gray.copy()
    out[mask > 0] = 255
    return out


#: Interchangeable line finders; ``find_rules(backend=...)`` picks one.
BACKENDS = ("camelot-image", "rules")
