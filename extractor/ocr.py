"""Stage 3, OCR: a page image -> words with boxes and confidences (Tesseract).

Two interchangeable engines share one result type:

* ``pytesseract`` (default): one ``tesseract`` process per call; fine per page.
* ``tesserocr`` (optional ``fast`` extra): binds libtesseract directly, no process start-up,
  which matters when many small regions are read.

``OMP_THREAD_LIMIT=1`` is set unless the user set it: parallelism comes from processes.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from extractor.errors import MissingDependencyError  # noqa: E402
from extractor.page import Word  # noqa: E402

DEFAULT_PSM = 11
LANG = "eng"


def load_pytesseract() -> Any:
    """pytesseract, imported without pandas: it imports pandas (~0.2 s) only to offer
    DataFrame output, which we never ask for; a one-page run pays for it in start-up."""
    import sys

    if "pandas" in sys.modules or "pytesseract" in sys.modules:
        import pytesseract
        return pytesseract
    sys.modules["pandas"] = None  # type: ignore[assignment]  # makes `import pandas` fail
    try:
        import pytesseract
    finally:
        del sys.modules["pandas"]
    return pytesseract


def _config(psm: int, dpi: int) -> str:
    return f"--psm {psm} --dpi {dpi} -c preserve_interword_spaces=0"


def _words_from_data(data: dict, min_conf: float) -> list[Word]:
    words: list[Word] = []
    n = len(data.get("text", []))
    for i in range(n):
        text = str(data["text"][i]).strip()
        if not text:
            continue
        try:
            conf = float(data["conf"][i])
        except (TypeError, ValueError):
            conf = -1.0
        if conf < min_conf:
            continue
        x, y, w, h = (int(data[k][i]) for k in ("left", "top", "width", "height"))
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        words.append(Word(text, conf, x, y, x + w, y + h, key))
    return words


def ocr_words_pytesseract(image: np.ndarray, *, psm: int = DEFAULT_PSM, dpi: int = 300,
                          min_conf: float = 0.0) -> list[Word]:
    try:
        pytesseract = load_pytesseract()
    except ImportError as exc:  # pragma: no cover
        raise MissingDependencyError("pytesseract is not installed") from exc
    import cv2

    # The page goes to Tesseract as a BMP written by OpenCV: handing pytesseract the array
    # makes it encode a PNG through PIL, some 0.2 s a page.
    fd, path = tempfile.mkstemp(prefix="form4-ocr-", suffix=".bmp")
    os.close(fd)
    try:
        if not cv2.imwrite(path, image):
            raise OSError(f"could not write {path}")
        data = pytesseract.image_to_data(
            path, lang=LANG, config=_config(psm, dpi), output_type=pytesseract.Output.DICT
        )
    except pytesseract.TesseractNotFoundError as exc:
        raise MissingDependencyError(
            "the tesseract program is not installed (apt-get install tesseract-ocr)"
        ) from exc
    finally:
        os.unlink(path)
    return _words_from_data(data, min_conf)


_TESSEROCR_API: dict[str, object] = {}


def _tesserocr_api() -> object:
    """One libtesseract handle per process, created on first use (loading the model is the
    expensive part; a handle is reused for every page and region)."""
    api = _TESSEROCR_API.get("api")
    if api is None:
        import tesserocr

        try:
            api = tesserocr.PyTessBaseAPI(path=_tessdata_dir(), lang=LANG)
        except RuntimeError as exc:
            raise MissingDependencyError(f"tesserocr cannot load the '{LANG}' model ({exc}); "
                                         "set TESSDATA_PREFIX") from exc
        _TESSEROCR_API["api"] = api
    return api


def _tessdata_dir() -> str:
    """Where the installed Tesseract keeps its models (the tesserocr wheel does not know)."""
    env = os.environ.get("TESSDATA_PREFIX")
    if env:
        return env.rstrip("/") + "/"
    import glob
    import subprocess

    try:
        out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                             timeout=30).stdout
        m = re.search(r'"([^"]+)"', out)
        if m:
            return m.group(1).rstrip("/") + "/"
    except (OSError, subprocess.SubprocessError):
        pass
    found = sorted(glob.glob("/usr/share/tesseract-ocr/*/tessdata"))
    return (found[-1] + "/") if found else "./"


def ocr_words_tesserocr(image: np.ndarray, *, psm: int = DEFAULT_PSM, dpi: int = 300,
                        min_conf: float = 0.0) -> list[Word]:
    try:
        import tesserocr
        from PIL import Image
    except ImportError as exc:
        raise MissingDependencyError("tesserocr is not installed (pip install tesserocr)") from exc
    api = _tesserocr_api()
    api.SetPageSegMode(psm)  # type: ignore[attr-defined]
    api.SetVariable("user_defined_dpi", str(dpi))  # type: ignore[attr-defined]
    api.SetImage(Image.fromarray(image))  # type: ignore[attr-defined]
    api.Recognize()  # type: ignore[attr-defined]
    words: list[Word] = []
    level = tesserocr.RIL.WORD
    block = par = line = 0
    it = api.GetIterator()  # type: ignore[attr-defined]
    for r in tesserocr.iterate_level(it, level):
        if r.IsAtBeginningOf(tesserocr.RIL.BLOCK):
            block += 1
        if r.IsAtBeginningOf(tesserocr.RIL.PARA):
            par += 1
        if r.IsAtBeginningOf(tesserocr.RIL.TEXTLINE):
            line += 1
        text = (r.GetUTF8Text(level) or "").strip()
        if not text:
            continue
        conf = float(r.Confidence(level))
        box = r.BoundingBox(level)
        if conf < min_conf or box is None:
            continue
        x0, y0, x1, y1 = box
        words.append(Word(text, conf, x0, y0, x1, y1, (block, par, line)))
    return words


ENGINES = {
    "pytesseract": ocr_words_pytesseract,
    "tesserocr": ocr_words_tesserocr,
}


class OcrFailed(RuntimeError):
    """Tesseract could not read an image (the pipeline names the file and page)."""


def ocr_words(image: np.ndarray, *, engine: str = "pytesseract", psm: int = DEFAULT_PSM,
              dpi: int = 300, min_conf: float = 0.0) -> list[Word]:
    """Words of a page (or region) with pixel boxes in ``image`` coordinates."""
    try:
        fn = ENGINES[engine]
    except KeyError as exc:
        raise ValueError(f"unknown OCR engine {engine!r}; choose from {sorted(ENGINES)}") from exc
    try:
        return fn(image, psm=psm, dpi=dpi, min_conf=min_conf)
    except MissingDependencyError:
        raise
    except Exception as exc:  # TesseractError, RuntimeError from libtesseract
        raise OcrFailed(f"Tesseract failed: {exc}") from exc


# --- footnote markers printed as superscripts -------------------------------------------------

# A footnote marker as read: "(1)", "1)", "(12", "(I)"; inside it a letter is a misread digit.
_MARKER = re.compile(r"[(\[{]?([0-9IlOo|]{1,2})[)\]}]?")
_SUP_DIGITS = str.maketrans({"I": "1", "l": "1", "i": "1", "|": "1", "O": "0", "o": "0",
                             "Z": "2", "S": "5", "B": "8"})


def _raised_tail(comps: list[tuple[int, ...]]) -> int | None:
    """x where a trailing group of raised glyphs (a superscript) starts, if there is one."""
    if len(comps) < 2:
        return None
    comps = sorted(comps, key=lambda c: c[0])
    # The baseline from the left part of the word, which a trailing marker cannot be; the
    # median, so that a comma or a descender does not pull it down.
    head = sorted(c[4] for c in comps[: max(1, (len(comps) + 1) // 2)])
    baseline = head[len(head) // 2]
    ref = sorted(c[3] for c in comps if abs(c[4] - baseline) <= 3) or [c[3] for c in comps]
    height = ref[len(ref) // 2]
    lift = max(3, int(0.2 * height))
    tail: list[tuple[int, ...]] = []
    for c in reversed(comps):
        if c[4] < baseline - lift:
            tail.append(c)
        else:
            break
    if not tail or len(tail) == len(comps) or len(tail) > 6:
        return None
    main_right = max(c[0] + c[2] for c in comps[: len(comps) - len(tail)])
    start = min(c[0] for c in tail)
    if start < main_right - 2:
        return None
    return (main_right + start) // 2


_MOSAIC_MAX_HEIGHT = 30_000  # Tesseract refuses images over 32767 px


def read_crops(crops: list[np.ndarray], *, engine: str, dpi: int,
               psm: int = 6) -> list[tuple[str, float]]:
    """OCR many small crops in few calls: each on its own line of a tall white image (split
    into several images when it would grow beyond what Tesseract takes)."""
    import cv2

    if any(c.size == 0 for c in crops):
        # An empty region (a cell box at the page's edge) reads as nothing, not as an error.
        full = [c for c in crops if c.size]
        texts = iter(read_crops(full, engine=engine, dpi=dpi, psm=psm) if full else [])
        return [next(texts) if c.size else ("", -1.0) for c in crops]
    gap = 40
    scaled = []
    for c in crops:
        f = max(1.0, 72.0 / max(1, c.shape[0]))  # letters ~50 px tall: single glyphs read best
        scaled.append(cv2.resize(c, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC))
    out: list[tuple[str, float]] = []
    start = 0
    while start < len(scaled):
        end, height = start, gap
        while end < len(scaled) and (end == start or
                                     height + scaled[end].shape[0] + gap <= _MOSAIC_MAX_HEIGHT):
            height += scaled[end].shape[0] + gap
            end += 1
        out += _read_mosaic(scaled[start:end], engine=engine, dpi=dpi, psm=psm, gap=gap)
        start = end
    return out


def _read_mosaic(scaled: list[np.ndarray], *, engine: str, dpi: int, psm: int,
                 gap: int) -> list[tuple[str, float]]:
    width = max(c.shape[1] for c in scaled) + 2 * gap
    height = sum(c.shape[0] + gap for c in scaled) + gap
    canvas = np.full((height, width), 255, dtype=np.uint8)
    spans = []
    y = gap
    for c in scaled:
        canvas[y:y + c.shape[0], gap:gap + c.shape[1]] = c
        spans.append((y, y + c.shape[0]))
        y += c.shape[0] + gap
    words = ocr_words(canvas, engine=engine, psm=psm, dpi=dpi)
    out = []
    for top, bottom in spans:
        mine = sorted((w for w in words if top - gap / 2 <= w.cy <= bottom + gap / 2),
                      key=lambda w: w.x0)
        conf = min((w.conf for w in mine), default=-1.0)
        out.append(("".join(w.text for w in mine), conf))
    return out


def _superscript_jobs(ink: np.ndarray, words: list[Word]) -> list[tuple[int, int]]:
    """(word index, x where its raised trailing marker starts) for words that end in one.
    The glyphs come from one connected-component pass over the page: each word takes the
    components inside its box (clipped to it)."""
    from extractor.deskew import components

    n, _, stats = components(ink)
    st = stats[1:n].astype(np.int64)
    cx0, cy0 = st[:, 0], st[:, 1]
    cx1, cy1 = cx0 + st[:, 2], cy0 + st[:, 3]
    order = np.argsort(cx0, kind="stable")
    sorted_x0 = cx0[order]
    widest = int(st[:, 2].max()) if len(st) else 0
    jobs: list[tuple[int, int]] = []
    for i, w in enumerate(words):
        if len(w.text) < 2 or w.height < 10:
            continue
        bx0, by0, bx1, by1 = max(0, w.x0 - 1), max(0, w.y0 - 2), w.x1 + 1, w.y1 + 2
        lo = int(np.searchsorted(sorted_x0, bx0 - widest, side="left"))
        hi = int(np.searchsorted(sorted_x0, bx1, side="left"))
        cand = order[lo:hi]
        cand = cand[(cx1[cand] > bx0) & (cy1[cand] > by0) & (cy0[cand] < by1)]
        comps = []
        for k in cand:
            x0, y0 = max(int(cx0[k]), bx0), max(int(cy0[k]), by0)
            x1, y1 = min(int(cx1[k]), bx1), min(int(cy1[k]), by1)
            if x1 > x0 and y1 > y0 and int(st[k, 4]) >= 4:
                comps.append((x0, y0, x1 - x0, y1 - y0, y1))
        split = _raised_tail(comps)
        if split is not None:
            jobs.append((i, split))
    return jobs


# --- glyphs the page pass dropped ------------------------------------------------------------


def _keep(word: Word) -> bool:
    """Drop what is left of rules and specks: words with no letter, digit or sign."""
    return any(ch.isalnum() for ch in word.text) or word.text in {
        "$", "%", "&", "#", "*", "**", "[", "]", "(", ")", "/", "-"}


# The widest blob read again (px at 300 DPI): a word or a date the page pass dropped whole
# ("Non-Qualified" above "Stock Option" in a cell, thick strokes touching the line below).
_WORD_WIDTH = 600


def _word_blobs(ink: np.ndarray, dpi: int) -> np.ndarray:
    """The page's ink joined into words (the letters of a word, not neighbouring words):
    stats rows (x, y, w, h, area) of the joined components, background left out."""
    import cv2

    from extractor.deskew import components

    scale = dpi / 300.0
    joined = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT,
                                                       (max(3, int(9 * scale)), 3)))
    n, _, stats = components(joined)
    return stats[1:n]


def _clipped_words(blobs: np.ndarray, words: list[Word], dpi: int
                   ) -> list[tuple[int, tuple[int, int, int, int]]]:
    """(word index, the box of its blob and itself) for words Tesseract read short of their
    ink: a word's blob that no other word touches reaches past the word by most of a
    character's width ("170" read of "3,170", its "3," dropped; "SAN DIEG")."""
    if not words or not len(blobs):
        return []
    scale = dpi / 300.0
    box = np.array([(w.x0, w.y0, w.x1, w.y1) for w in words], dtype=np.int64)
    st = blobs.astype(np.int64)
    sized = np.flatnonzero((st[:, 3] >= 14 * scale) & (st[:, 3] <= 70 * scale) &
                           (st[:, 2] <= _WORD_WIDTH * scale))
    out = []
    for i in sized:
        x, y, w, h = (int(v) for v in st[i, :4])
        over = np.flatnonzero((box[:, 0] < x + w) & (box[:, 2] > x) &
                              (box[:, 1] < y + h) & (box[:, 3] > y))
        if len(over) != 1:
            continue
        word = words[int(over[0])]
        reach = max(word.x0 - x, x + w - word.x1)
        if reach >= 0.8 * word.height and word.x1 - word.x0 >= 0.5 * word.height:
            # (the blob and the word's box together: its last glyph may be a blob of its
            # own, "3,32" | "1")
            out.append((int(over[0]), (min(x, word.x0), min(y, word.y0),
                                       max(x + w, word.x1), max(y + h, word.y1))))
    return out


def _whole_reading(word: Word, text: str, conf: float) -> bool:
    """Whether a blob's reading is the word with what the page pass dropped of it: the word
    as read inside it, and beyond it a letter or digit more (not a speck read as a mark, nor
    one small letter, nor words run on: "LP" -> "LP:", "currently" -> "acurrently",
    "holder" -> "holderofthe" stay)."""
    core = word.text.strip()
    if not text or " " in text or conf < 60 or len(text) <= len(core) or core not in text:
        return False
    extra = text.replace(core, "", 1)
    alnum = [ch for ch in extra if ch.isalnum()]
    # (words of a crop are joined without spaces: "holder" -> "holderofthe" is three words;
    # an amount or a date grows by any number of digits)
    if len(extra) > 3 and not re.fullmatch(r"[\d$,./()-]+", text):
        return False
    return bool(alnum) and not (len(alnum) == 1 and alnum[0].islower())


def _dropped_blobs(blobs: np.ndarray, ink: np.ndarray, words: list[Word], dpi: int,
                   max_blobs: int, bars: bool = True,
                   v_rules: Sequence[tuple[int, int, int]] = ()
                   ) -> list[tuple[int, int, int, int]]:
    """Ink blobs of letter size that no OCR word covers."""
    scale = dpi / 300.0
    covered = np.zeros(ink.shape, dtype=np.uint8)
    for w in words:
        covered[max(0, w.y0 - 3):w.y1 + 3, max(0, w.x0 - 3):w.x1 + 3] = 1
    min_h, max_h = int(14 * scale), int(70 * scale)
    # Only blobs of a letter's height and width can be kept (the tests below): the share of
    # their box that words cover is counted for those alone.
    st = blobs.astype(np.int64)
    sized = np.flatnonzero((st[:, 3] >= min(min_h, 18 * scale)) & (st[:, 3] <= max_h) &
                           (st[:, 2] <= _WORD_WIDTH * scale))
    boxes = []
    for i in sized:
        x, y, w, h, _area = (int(v) for v in blobs[i])
        if int(np.count_nonzero(covered[y:y + h, x:x + w])) > 0.2 * w * h:
            continue
        fill = float(np.count_nonzero(ink[y:y + h, x:x + w])) / max(1, w * h)
        # The dilation above widened every blob by ~8 px: a sans-serif "I" is a bar that
        # came out some 10-14 px wide, nearly solid.
        bar = bars and 18 * scale <= h <= 45 * scale and w <= 20 * scale and fill >= 0.5 and \
            not any(abs(rx - (x + w / 2)) <= 12 * scale and a - 60 <= y and y + h <= b + 60
                    for (rx, a, b) in v_rules)  # a piece of a broken rule is no letter
        if not bar and not (min_h <= h <= max_h and 6 * scale <= w <= _WORD_WIDTH * scale):
            continue
        if not bar and (fill < 0.08 or fill > 0.75):  # hairlines, specks, solid blots
            continue
        if w > 160 * scale and fill > 0.6:  # a word's ink is no solid bar
            continue
        boxes.append((x, y, x + w, y + h))
    return sorted(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]), reverse=True)[:max_blobs]


def _ink_box(ink: np.ndarray) -> np.ndarray | None:
    ys, xs = np.nonzero(ink)
    if len(ys) < 10:
        return None
    return ink[int(ys.min()):int(ys.max()) + 1, int(xs.min()):int(xs.max()) + 1] > 0


def looks_like_cross(ink: np.ndarray) -> bool:
    """Whether a blob's ink (non-zero = ink) is a cross, or a box with a cross in it: strokes
    along both diagonals and none at the middles of its sides, as an X has and a letter
    (K, N, H, Z, V), an empty box or a scrap of rule has not."""
    box = _ink_box(ink)
    if box is None:
        return False
    h, w = box.shape
    edge = max(2, round(0.1 * min(h, w)))
    rims = (box[:edge].mean(axis=0), box[-edge:].mean(axis=0),
            box[:, :edge].mean(axis=1), box[:, -edge:].mean(axis=1))
    if sum(float((rim > 0).mean()) >= 0.8 for rim in rims) >= 3:
        # A printed box round the mark: look inside it.
        cut_y, cut_x = max(edge, round(0.15 * h)), max(edge, round(0.15 * w))
        box = _ink_box(box[cut_y:h - cut_y, cut_x:w - cut_x])
        if box is None:
            return False
        h, w = box.shape
    if h < 10 or not 0.5 <= w / h <= 2.0:
        return False
    r = max(2, round(0.08 * min(w, h)))

    def along(flip: bool) -> float:
        hits = 0
        ts = np.linspace(0.1, 0.9, 17)
        for t in ts:
            y, x = round(t * (h - 1)), round((1 - t if flip else t) * (w - 1))
            hits += bool(box[max(0, y - r):y + r + 1, max(0, x - r):x + r + 1].any())
        return hits / len(ts)

    def ink_share(y0: float, y1: float, x0: float, x1: float) -> float:
        part = box[round(y0 * h):max(round(y0 * h) + 1, round(y1 * h)),
                   round(x0 * w):max(round(x0 * w) + 1, round(x1 * w))]
        return float(part.mean())

    # A stem at the left or right (K, N, H) or a bar at the top or bottom (Z); the notches of
    # a bold X come close to the middles of its top and bottom, not to those of its sides.
    sides = max(ink_share(0.35, 0.65, 0.0, 0.18), ink_share(0.35, 0.65, 0.82, 1.0))
    ends = max(ink_share(0.0, 0.15, 0.4, 0.6), ink_share(0.85, 1.0, 0.4, 0.6))
    return along(False) >= 0.85 and along(True) >= 0.85 and sides < 0.1 and ends < 0.4


@dataclass
class Reread:
    """What the second look found: the page's words mended and added to, counts of each kind
    of mend, and the boxes of cross-shaped ink no reading made out (an X in a checkbox that
    Tesseract reads as "»4"): the mapping weighs those only where a mark belongs."""

    words: list[Word]
    counts: dict[str, int]
    crosses: list[tuple[int, int, int, int]] = field(default_factory=list)


def reread(gray: np.ndarray, words: list[Word], *, engine: str = "pytesseract",
           dpi: int = 300, max_blobs: int = 150, bars: bool = True,
           v_rules: Sequence[tuple[int, int, int]] = ()) -> Reread:
    """Second look at what the page pass gets wrong, in one extra OCR call per page (each
    region on its own line of a mosaic):

    * footnote markers printed raised and small (the SEC's ``<sup>(1)</sup>``), which
      Tesseract misreads inside the word they follow ("$2.5287(1)" -> "$2.52870)"): the value
      and the marker are read apart and joined as "$2.5287(1)";
    * isolated one- or two-letter cells ("A", "D", "I", "V", an "X" in a checkbox) that the
      page pass drops: ink blobs no word covers are read and added as words; those whose
      reading is not kept but whose ink is cross-shaped are returned as ``crosses``;
    * words read short of their ink ("170" of "3,170", its "3," dropped with the word's
      reading confident): the word's whole blob is read and taken when it holds the word and
      a letter or digit more.
    """
    import cv2

    words = [w for w in words if _keep(w)]
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    jobs = _superscript_jobs(ink, words)
    joined = _word_blobs(ink, dpi)
    blobs = _dropped_blobs(joined, ink, words, dpi, max_blobs, bars, v_rules)
    doubtful = _doubtful_words(words, set(i for i, _ in jobs))
    read_again = set(doubtful) | {i for i, _ in jobs}
    clipped = [(i, box) for i, box in _clipped_words(joined, words, dpi) if i not in read_again]
    if not jobs and not blobs and not doubtful and not clipped:
        return Reread(words, {"superscripts": 0, "recovered": 0, "reread": 0, "widened": 0})
    crops = []
    for i, split in jobs:
        w = words[i]
        crops.append(gray[max(0, w.y0 - 4):w.y1 + 4, max(0, w.x0 - 4):split])
        crops.append(gray[max(0, w.y0 - 4):w.y1 + 4, split:w.x1 + 4])
    pad = 6
    crops += [gray[max(0, y0 - pad):y1 + pad, max(0, x0 - pad):x1 + pad]
              for (x0, y0, x1, y1) in blobs]
    for i in doubtful:
        w = words[i]
        crop = gray[max(0, w.y0 - 4):w.y1 + 4, max(0, w.x0 - 4):w.x1 + 4]
        # On its own, binarized: the paper's grain around a short word (a lone "77") is what
        # throws Tesseract's reading of it.
        _, crop = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        crops.append(crop)
    crops += [gray[max(0, y0 - pad):y1 + pad, max(0, x0 - pad):x1 + pad]
              for _, (x0, y0, x1, y1) in clipped]
    texts = read_crops(crops, engine=engine, dpi=dpi, psm=6)
    out = list(words)
    fixed = 0
    for k, (i, _split) in enumerate(jobs):
        main, sup = texts[2 * k][0], texts[2 * k + 1][0].replace(" ", "")
        m = _MARKER.fullmatch(sup)
        if not main or not m or not (any(c.isdigit() for c in sup) or "(" in sup or ")" in sup):
            continue
        digits = m.group(1).translate(_SUP_DIGITS)
        w = words[i]
        out[i] = Word(f"{main}({digits})", w.conf, w.x0, w.y0, w.x1, w.y1, w.line_key)
        fixed += 1
    reread_n = 0
    start = 2 * len(jobs) + len(blobs)
    for i, (text, conf) in zip(doubtful, texts[start:start + len(doubtful)], strict=True):
        text = text.strip()
        w = words[i]
        if text and " " not in text and conf >= 60 and conf >= w.conf + 20 and \
                any(ch.isalnum() for ch in text):
            out[i] = Word(text, conf, w.x0, w.y0, w.x1, w.y1, w.line_key)
            reread_n += 1
    widened = 0
    for (i, (x0, _y0, x1, _y1)), (text, conf) in zip(
            clipped, texts[start + len(doubtful):], strict=True):
        w, text = out[i], text.strip()
        if _whole_reading(w, text, conf):
            out[i] = Word(text, conf, min(w.x0, x0), w.y0, max(w.x1, x1), w.y1, w.line_key)
            widened += 1
    added = []
    crosses = []
    for (x0, y0, x1, y1), (text, conf) in zip(blobs, texts[2 * len(jobs):start], strict=True):
        word = _blob_word(text, conf, (x0, y0, x1, y1), dpi)
        if word is not None:
            added.append(word)
        elif looks_like_cross(ink[y0:y1, x0:x1]):
            crosses.append((x0, y0, x1, y1))
    return Reread(out + added, {"superscripts": fixed, "recovered": len(added),
                                "reread": reread_n, "widened": widened}, crosses)


_WORD_CONF = 70.0  # a longer reading of a dropped blob is kept when Tesseract is this sure


def _blob_word(text: str, conf: float, box: tuple[int, int, int, int], dpi: int
               ) -> Word | None:
    """The word a dropped blob's reading makes, or None when the reading is not to be kept."""
    x0, y0, x1, y1 = box
    text = text.strip()
    if len(text) == 2 and text[0].upper() == text[1].upper() and text[0].isalpha():
        text = text[0].upper()  # one letter read twice: "Ss" for "S"
    if text in ("|", "l", "]", "[", "!") and (x1 - x0) <= 20 * dpi / 300.0:
        text = "I"  # a bare upright bar: the letter I of "Direct (D) or Indirect (I)"
    single_code = len(text) == 1 and text in "ADIPSMFGCXJVK"
    if len(text) > 6 and conf >= _WORD_CONF and " " not in text and \
            sum(ch.isalnum() for ch in text) >= 0.75 * len(text):
        return Word(text, conf, x0, y0, x1, y1, (0, 0, 0))  # a whole word the page pass lost
    if not text or len(text) > 6 or conf < (45 if single_code else 60):
        return None
    if not any(ch.isalnum() for ch in text):
        return None
    if len(text) == 1 and text not in "ADIPSMFGCXJVKOEHLUWZ0123456789$":
        return None  # a lone 'i', 'l', '.' read from a speck
    return Word(text, conf, x0, y0, x1, y1, (0, 0, 0))


def _doubtful_words(words: list[Word], skip: set[int], limit: int = 60) -> list[int]:
    """Short words Tesseract was unsure of (a lone "77" read as "Li"): read again alone."""
    cand = [i for i, w in enumerate(words) if i not in skip and w.conf < 50 and
            1 <= len(w.text) <= 6 and w.height >= 12]
    return sorted(cand, key=lambda i: words[i].conf)[:limit]
