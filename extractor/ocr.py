"""Stage 3, OCR: a page image -> words with boxes and confidences (Tesseract).

Two interchangeable engines share one result type:

* ``pytesseract`` (default): one ``tesseract`` process per call; fine per page.
* ``tesserocr`` (optional ``fast`` extra): binds libtesseract directly, no process start-up,
  which matters when many small regions are read.

``OMP_THREAD_LIMIT=1`` is set unless the user set it: parallelism comes from processes.
"""

from __future__ import annotations

import os

import numpy as np

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from extractor.errors import MissingDependencyError  # noqa: E402
from extractor.page import Word  # noqa: E402

DEFAULT_PSM = 11
LANG = "eng"


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
        import pytesseract
    except ImportError as exc:  # pragma: no cover
        raise MissingDependencyError("pytesseract is not installed") from exc
    try:
        data = pytesseract.image_to_data(
            image, lang=LANG, config=_config(psm, dpi), output_type=pytesseract.Output.DICT
        )
    except pytesseract.TesseractNotFoundError as exc:
        raise MissingDependencyError(
            "the tesseract program is not installed (apt-get install tesseract-ocr)"
        ) from exc
    return _words_from_data(data, min_conf)


def ocr_words_tesserocr(image: np.ndarray, *, psm: int = DEFAULT_PSM, dpi: int = 300,
                        min_conf: float = 0.0) -> list[Word]:
    try:
        import tesserocr
        from PIL import Image
    except ImportError as exc:
        raise MissingDependencyError("tesserocr is not installed (pip install tesserocr)") from exc
    words: list[Word] = []
    with tesserocr.PyTessBaseAPI(lang=LANG, psm=psm) as api:
        api.SetVariable("user_defined_dpi", str(dpi))
        api.SetImage(Image.fromarray(image))
        api.Recognize()
        it = api.GetIterator()
        level = tesserocr.RIL.WORD
        block = par = line = 0
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
            if conf < min_conf:
                continue
            box = r.BoundingBox(level)
            if box is None:
                continue
            x0, y0, x1, y1 = box
            words.append(Word(text, conf, x0, y0, x1, y1, (block, par, line)))
    return words


ENGINES = {
    "pytesseract": ocr_words_pytesseract,
    "tesserocr": ocr_words_tesserocr,
}


def ocr_words(image: np.ndarray, *, engine: str = "pytesseract", psm: int = DEFAULT_PSM,
              dpi: int = 300, min_conf: float = 0.0) -> list[Word]:
    """Words of a page (or region) with pixel boxes in ``image`` coordinates."""
    try:
        fn = ENGINES[engine]
    except KeyError as exc:
        raise ValueError(f"unknown OCR engine {engine!r}; choose from {sorted(ENGINES)}") from exc
    return fn(image, psm=psm, dpi=dpi, min_conf=min_conf)
