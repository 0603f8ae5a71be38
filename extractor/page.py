"""Plain data that flows from the image stages into the pure mapping layer.

Words with boxes (from OCR), table rules (from the table finder) and the page they sit on. No OCR, OpenCV or file I/O here: the mapping layer is tested with hand-built pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Word:
    text: str
    conf: float  # Tesseract's word confidence, 0-100 (not calibrated)
    x0: int
    y0: int
    x1: int
    y1: int
    line_key: tuple[int, int, int] = (0, 0, 0)  # (block, paragraph, line) as Tesseract grouped it

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2.0

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2.0

    @property
    def height(self) -> int:
        return self.y1 - self.y0

    def shifted(self, dx: int, dy: int) -> Word:
        return Word(self.text, self.conf, self.x0 + dx, self.y0 + dy, self.x1 + dx, self.y1 + dy,
                    self.line_key)


Box = tuple[int, int, int, int]


@dataclass
class PageLayout:
    """Everything the mapping layer knows about one page."""

    number: int  # 1-based page number in the source
    width: int
    height: int
    dpi: int
    words: list[Word]
    h_rules: list[tuple[int, int, int]] = field(default_factory=list)  # (y, x0, x1)
    v_rules: list[tuple[int, int, int]] = field(default_factory=list)  # (x, y0, y1)
    notes: list[str] = field(default_factory=list)
    # Boxes (x0, y0, x1, y1) of cross-shaped ink that no OCR reading made out: an X in a
    # checkbox that Tesseract lost. Weighed only where a mark belongs.
    crosses: list[tuple[int, int, int, int]] = field(default_factory=list)


def without_flat_words(page: PageLayout) -> PageLayout:
    """The page without 'words' far flatter than its text (a scrap of rule or a smear read as
    "eerste were wo", a speck read as "7"): letters or digits under a third of the median
    word height. Flat punctuation ("-", ".", ",") stays."""
    heights = sorted(w.height for w in page.words if len(w.text) >= 2)
    if len(heights) < 20:
        return page
    floor = 0.35 * heights[len(heights) // 2]
    kept = [w for w in page.words
            if w.height >= floor or not any(ch.isalnum() for ch in w.text)]
    if len(kept) == len(page.words):
        return page
    return replace(page, words=kept)


def words_in(words: Sequence[Word], box: Box, *, pad: int = 0) -> list[Word]:
    """Words whose centre lies inside ``box`` (grown by ``pad``), in reading order."""
    x0, y0, x1, y1 = box
    inside = [w for w in words
              if x0 - pad <= w.cx <= x1 + pad and y0 - pad <= w.cy <= y1 + pad]
    return sort_reading_order(inside)


# The mapping reads a page's lines many times over: the last few full pages' lines are kept,
# keyed by the identity of their word list (fresh lists are handed out each time).
_LINES_CACHE: dict[int, tuple[Sequence[Word], int, list[list[Word]]]] = {}


def group_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into text lines by vertical overlap, each line left to right."""
    if not words:
        return []
    if len(words) < 50:
        return _group_lines(words)
    hit = _LINES_CACHE.get(id(words))
    if hit is None or hit[0] is not words or hit[1] != len(words):
        if len(_LINES_CACHE) >= 8:
            _LINES_CACHE.pop(next(iter(_LINES_CACHE)))
        hit = (words, len(words), _group_lines(words))
        _LINES_CACHE[id(words)] = hit
    return [list(line) for line in hit[2]]


def _group_lines(words: Sequence[Word]) -> list[list[Word]]:
    ws = sorted(words, key=lambda w: w.cy)
    lines: list[list[Word]] = []
    # Running sums of the last line's centres, heights and tops (its means, kept as it grows).
    sum_cy = sum_h = sum_top = 0.0
    for w in ws:
        cy, height, y0 = w.cy, w.height, w.y0
        if lines:
            last = lines[-1]
            k = len(last)
            ref = sum_cy / k
            h = max(8.0, sum_h / k)
            top = sum_top / k
            # Same line: centres level, or a taller box (a word read with the rule or caption
            # under it) whose top is level with the line's.
            if abs(cy - ref) <= 0.5 * h or (height > 1.3 * h and abs(y0 - top) <= 0.25 * h):
                last.append(w)
                sum_cy, sum_h, sum_top = sum_cy + cy, sum_h + height, sum_top + y0
                continue
        lines.append([w])
        sum_cy, sum_h, sum_top = 0.0 + cy, 0.0 + height, 0.0 + y0
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def rule_end(page: PageLayout, x: float, y: float, *, tol: float, max_gap: float,
             start_slack: float = 0, limit: float | None = None) -> int | None:
    """Where the vertical rule within ``tol`` of ``x`` that runs past height ``y`` ends: the
    piece reaching up to ``y`` (``start_slack`` below it at most), and the pieces after it
    less than ``max_gap`` apart (and starting above ``limit``) taken as one rule, as a poor
    scan breaks a border into pieces. None when no piece reaches ``y``."""
    pieces = sorted((a, b) for (vx, a, b) in page.v_rules if abs(vx - x) <= tol and b > y)
    end = None
    for a, b in pieces:
        if end is None:
            if a <= y + start_slack:
                end = b
        elif a - end <= max_gap and (limit is None or a < limit):
            end = max(end, b)
    return end


def sort_reading_order(words: Sequence[Word]) -> list[Word]:
    """Top-to-bottom lines, left-to-right within a line."""
    return [w for line in group_lines(words) for w in line]


def join_words(words: Sequence[Word]) -> str:
    """Text of words in reading order, lines joined by a space."""
    return " ".join(" ".join(w.text for w in line) for line in group_lines(words))


def union_box(words: Sequence[Word]) -> list[int] | None:
    if not words:
        return None
    return [min(w.x0 for w in words), min(w.y0 for w in words),
            max(w.x1 for w in words), max(w.y1 for w in words)]
