"""Stage 5b, a second look at doubted table cells: the cell cut from the page and read alone.

The page pass reads a table's amounts, codes and dates among everything else on the page, and
a few come out wrong in ways the mapping cannot undo: digits lost to specks ("2 i" for 2,555),
a word read as letters ("JH bs yak 5" for 115,335), a comma read as a point, a code read "jo",
a date "41/20/2014". The consistency checks notice many of them (holdings that do not add up,
a value that does not parse, a repair they had to guess), and Tesseract is unsure of others
(codes and dates read below 50). Those cells are cut from the page, between their column's
rules, binarized, and read again on their own: all of a document's cells in one Tesseract
call, each on its own line of a mosaic (:func:`extractor.ocr.read_crops`). So are a signature
date the page pass could not read (above its "Date" caption) and a transaction code it lost,
when the ink between the row's date and amount is one letter's (the mapping guessed the code).

A new reading replaces the words of the cell when it is clean (a number: digits, separators,
a "$", footnote markers; a code letter, the first reading's markers kept; a whole date that
needs no repair) and says something new. Where the first reading gave a value, only when
Tesseract is about as sure of the new one (at most 5 points less sure, and at least 60, 50 for
a code); never when it lost a footnote marker the first reading had (unless that marker named
a footnote well past the filing's last: then it was digits, "16,5(83)" for 16,583). A field
doubted only by a repair that squared it with the filing's other readings is left alone.
The record is then assembled again from the mended words, so the checks see the new values; a
new reading of a field that failed a check stays only if the record fails no more checks with
it. Each field read again carries ``repaired:cell-reread``.

Choosing the cells, their regions, accepting a reading, mending the words and choosing among
the readings are pure functions; :func:`read_cells` is the one OCR call.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from extractor.mapping.assemble import field_from_text, today
from extractor.mapping.boxes import is_date_caption, read_zip
from extractor.mapping.normalize import DIGIT_CONFUSIONS
from extractor.page import Box, PageLayout, Word
from extractor.record import DATE_FIELDS, NUMBER_FIELDS, TABLES, Field, Record, iter_fields

REREAD_FLAG = "repaired:cell-reread"
# Flags that say a value was doubted: a check it failed, a repair, a reading that did not parse.
_DOUBT = ("check-failed:", "repaired:", "unparsed:")
# Repairs that squared a value with the filing's other readings: a field doubted only by one
# of these already agrees with them, and a new reading of it would be weighed against them.
_SETTLED = frozenset({"repaired:derivative-amounts", "repaired:holdings-arithmetic"})
_CLEAN_NUMBER = re.compile(r"\$?\d[\d,.]*(\(\d{1,2}\))*")
# A code letter, perhaps in brackets, and perhaps what is left of a footnote marker after it
# ("Jo)", "S()", "C(1)"): the letter is the reading, the marker the first reading's.
_CODE_READING = re.compile(r"\(?([A-Z])\)?((?:[(\[{]?[0-9IlOoc|]{0,2}[)\]}])*)")
_WORN_MARKER_AFTER = re.compile(r"^(\$?\d{1,3}(?:(?:,\d{3})+|(?:,\d{3})*\.\d{2}))\)$")
# ... or to its number and bracket after a whole group ("7,9920)" for 7,992(1): a group has
# three digits)
_WORN_MARKER_DIGITS = re.compile(r"^(\$?\d{1,3}(?:,\d{3})+)\d{1,2}\)$")
# A number with one letter that looks like a digit ("B51", "3,4O0"), perhaps a worn marker's ")"
_ONE_LOOK_ALIKE = re.compile(r"((?=[\d,.]*[BOSlIZG§][\d,.]*\)?$)[\dBOSlIZG§][\d,.BOSlIZG§]*\d)\)?")
_CLEAN_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}(\(\d{1,2}\))*")
# The codes read again: a subset of record.CODE_FIELDS (Direct/Indirect was not tried).
READ_CODES = frozenset({"transaction_code", "acquired_disposed_code"})
_CODE_DOUBT = ("unreadable:", "ambiguous:")
# Repairs that made a code of a reading that was none ("ee", "p (1)").
_GUESSED_CODE = frozenset({"repaired:ocr-code", "repaired:code-vs-acquired-disposed",
                           "repaired:code-guessed"})
_UNSURE = 50.0  # a code or date Tesseract read less surely than this is doubted too
_MIN_CONF = 60.0  # a reading replacing a number that parsed needs at least this confidence
_MIN_CODE_CONF = 50.0  # ... or a code (Tesseract is less sure of lone letters)
_LESS_SURE = 5.0  # ... and may be this much less sure than the first reading, no more
_RULE_REACH = 300  # px: a column rule farther than this from the words is not the cell's
_PAD = 30  # px each side of the words when no rule bounds the cell
_RISE = 6  # px above and below the words
_STRAY_MARKER = 2  # a marker this far past the filing's last footnote was never one


@dataclass(frozen=True)
class CellJob:
    """One doubted cell (a number, code or date): where it sits and what the first reading made
    of it."""

    table: str
    row: int
    name: str
    page: int
    bbox: Box
    text: str
    value: Any
    ocr_min_conf: float | None
    footnote_ids: tuple[str, ...]
    flags: tuple[str, ...] = ()
    # Whether its markers name footnotes beyond any the filing has (then they were digits).
    markers_stray: bool = False


@dataclass(frozen=True)
class PageInk:
    """A page's ink at one bit per pixel (about 1 MB for a page at 300 DPI), kept from the
    image stages for the second look."""

    bits: np.ndarray  # np.packbits of the ink mask, row by row
    width: int
    height: int

    @classmethod
    def from_gray(cls, gray: np.ndarray) -> PageInk:
        import cv2

        _, paper = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        return cls(np.packbits(paper == 0, axis=1), gray.shape[1], gray.shape[0])

    def crop(self, box: Box) -> np.ndarray:
        """The region as black ink on white paper (uint8)."""
        x0, y0, x1, y1 = box
        ink = np.unpackbits(self.bits[y0:y1], axis=1, count=self.width)[:, x0:x1]
        return np.where(ink > 0, 0, 255).astype(np.uint8)


def _cell_fields(record: Record) -> Iterator[tuple[str, int, str, Field]]:
    """The tables' number, code and date fields."""
    for table, names in TABLES.items():
        for i, row in enumerate(record.get(table) or []):
            for name in names:
                if (name in NUMBER_FIELDS or name in READ_CODES or
                        name in DATE_FIELDS) and isinstance(row.get(name), dict):
                    yield table, i, name, row[name]


def _note_number(note_id: str) -> int:
    digits = note_id.lstrip("F")
    return int(digits) if digits.isdigit() else 0


def doubtful_cells(record: Record) -> list[CellJob]:
    """The tables' number, code and date fields read from the page that a check, a repair or
    the parser doubted, and the codes and dates Tesseract was unsure of."""
    last_note = max((_note_number(str(n.get("id") or "")) for n in record.get("footnotes") or []),
                    default=0)
    jobs = []
    grouped = sum(1 for _, _, name, f in _cell_fields(record)
                  if name in NUMBER_FIELDS and re.search(r"\d,\d{3}", f.get("text") or ""))
    for table, i, name, f in _cell_fields(record):
        if not f.get("page") or not f.get("bbox") or not (f.get("text") or "").strip():
            continue
        flags = f.get("flags") or []
        doubted = any(flag.startswith(_DOUBT) and flag not in _SETTLED for flag in flags)
        if name in NUMBER_FIELDS:
            # Five digits and more without the thousands commas the filing's other amounts
            # have: a comma read as a digit ("115773" for 11,773).
            doubted = doubted or (grouped >= 2 and re.fullmatch(
                r"\$?\d{5,}(\(\d{1,2}\))*", (f.get("text") or "").strip()) is not None)
        else:
            conf = f.get("ocr_min_conf")
            doubted = doubted or any(flag.startswith(_CODE_DOUBT) for flag in flags) or \
                (conf is not None and float(conf) < _UNSURE)
        if not doubted:
            continue
        x0, y0, x1, y1 = (int(v) for v in f["bbox"])
        notes = tuple(f.get("footnote_ids") or ())
        stray = bool(notes) and all(_note_number(n) > last_note + _STRAY_MARKER for n in notes)
        jobs.append(CellJob(table, i, name, int(f["page"]), (x0, y0, x1, y1), f["text"],
                            f.get("value"), f.get("ocr_min_conf"), notes, tuple(flags), stray))
    return jobs


SIGNATURES = "signatures"  # the table name of a signature date's job


def signature_date_jobs(record: Record, pages: Sequence[PageLayout]) -> list[CellJob]:
    """Signature dates the page pass could not read (or read only a part of): the date is
    typed above its "Date" caption, level with the signature, to the right of it; that
    region is read again."""
    jobs = []
    for i, sig in enumerate(record.get(SIGNATURES) or []):
        name, date = sig.get("name") or {}, sig.get("date") or {}
        # (a date completed from a part the page pass read, "17/2020", is read again too)
        guessed = "repaired:signature-date-part" in (date.get("flags") or [])
        if date.get("value") is not None and not guessed or not name.get("bbox") or \
                not name.get("page") or int(name["page"]) > len(pages):
            continue
        page = pages[int(name["page"]) - 1]
        x0, y0, x1, y1 = (int(v) for v in name["bbox"])
        captions = [w for w in page.words if is_date_caption(w)
                    and w.x0 > x1 - 200 and 0 < w.cy - y1 < 130]
        if not captions:
            continue
        cap = min(captions, key=lambda w: w.y0 - y1)
        region = (max(0, cap.x0 - 40), max(0, y0 - 15), min(page.width, cap.x0 + 560),
                  cap.y0 - 2)
        if region[3] - region[1] < 20:
            continue
        jobs.append(CellJob(SIGNATURES, i, "transaction_date", page.number, region,
                            str(date.get("text") or ""), None, None, ()))
    return jobs


OWNERS = "reporting_owners"  # the table name of a ZIP code's job


def zip_code_jobs(record: Record, pages: Sequence[PageLayout]) -> list[CellJob]:
    """ZIP codes the page pass could not read: the ZIP follows the state on the address's
    last line; the stretch right of the state word is read again."""
    jobs = []
    for i, owner in enumerate(record.get(OWNERS) or []):
        zip_code, state = owner.get("zip_code") or {}, owner.get("state") or {}
        if zip_code.get("value") is not None or state.get("value") is None or \
                not state.get("bbox") or not 0 < int(state.get("page") or 0) <= len(pages):
            continue
        page = pages[int(state["page"]) - 1]
        scale = page.dpi / 300.0
        x0, y0, x1, y1 = (int(v) for v in state["bbox"])
        region = (min(page.width, x1 + int(8 * scale)), max(0, y0 - int(12 * scale)),
                  min(page.width, x1 + int(420 * scale)), min(page.height, y1 + int(12 * scale)))
        if region[2] - region[0] < 100 * scale:
            continue
        jobs.append(CellJob(OWNERS, i, "zip_code", page.number, region, "", None, None, ()))
    return jobs


def lost_code_jobs(record: Record, pages: Sequence[PageLayout], inks: Sequence[PageInk]
                   ) -> list[CellJob]:
    """Transaction codes the page pass lost and the mapping guessed from the other columns
    (a bold "P" dropped beside its amount): where the ink between the row's date and its
    amount is one letter's, that letter is read again alone."""
    jobs = []
    for table in ("non_derivative_transactions", "derivative_transactions"):
        for i, row in enumerate(record.get(table) or []):
            code = row.get("transaction_code") or {}
            date, shares = row.get("transaction_date") or {}, row.get("shares") or {}
            if code.get("bbox") or "repaired:code-guessed" not in (code.get("flags") or []) \
                    or not date.get("bbox") or not shares.get("bbox") \
                    or date.get("page") != shares.get("page") \
                    or not 0 < int(date.get("page") or 0) <= min(len(pages), len(inks)):
                continue
            page = pages[int(date["page"]) - 1]
            box = _lone_letter(inks[page.number - 1], page.dpi, date["bbox"], shares["bbox"])
            if box is not None:
                jobs.append(CellJob(table, i, "transaction_code", page.number, box, "",
                                    code.get("value"), None, (),
                                    tuple(code.get("flags") or ())))
    return jobs


def _lone_letter(ink: PageInk, dpi: int, left: Sequence[int], right: Sequence[int]
                 ) -> Box | None:
    """The box of the one letter-sized blob of ink between two fields' boxes on a line, or
    None (no ink there, or more than one blob: a deemed date, a "V" beside the code)."""
    from extractor.deskew import components

    scale = dpi / 300.0
    x0, x1 = int(left[2]) + int(15 * scale), int(right[0]) - int(15 * scale)
    y0 = max(0, min(int(left[1]), int(right[1])) - int(8 * scale))
    y1 = min(ink.height, max(int(left[3]), int(right[3])) + int(8 * scale))
    if x1 - x0 < 30 * scale or y1 - y0 < 14 * scale:
        return None
    blobs = 255 - ink.crop((x0, y0, x1, y1))
    n, _, stats = components(blobs)
    letters = [st for st in stats[1:n] if st[3] >= 14 * scale]
    if len(letters) != 1:
        return None
    bx, by, bw, bh = (int(v) for v in letters[0][:4])
    if bw > 60 * scale or bh > 60 * scale:
        return None
    return (x0 + bx, y0 + by, x0 + bx + bw, y0 + by + bh)


def cell_region(page: PageLayout, bbox: Box, table: str = "") -> Box:
    """The cell round a field's words: across to its column's rules (when they are near),
    a little above and below. A signature date's job and a ZIP code's hold their whole region
    already."""
    if table in (SIGNATURES, OWNERS):
        return bbox
    x0, y0, x1, y1 = bbox
    cy = (y0 + y1) / 2
    rules = [x for (x, a, b) in page.v_rules if a <= cy <= b]
    left = max((x for x in rules if x <= x0 + 3), default=None)
    right = min((x for x in rules if x >= x1 - 3), default=None)
    rx0 = left + 3 if left is not None and x0 - left < _RULE_REACH else x0 - _PAD
    rx1 = right - 3 if right is not None and right - x1 < _RULE_REACH else x1 + _PAD
    return (max(0, rx0), max(0, y0 - _RISE), min(page.width, rx1), min(page.height, y1 + _RISE))


def read_cells(inks: Sequence[PageInk], pages: Sequence[PageLayout], jobs: Sequence[CellJob],
               *, engine: str = "pytesseract", dpi: int = 300) -> list[tuple[str, float]]:
    """(text, confidence) of each job's cell, read alone: one Tesseract call for all."""
    from extractor.ocr import read_crops

    crops = [inks[j.page - 1].crop(cell_region(pages[j.page - 1], j.bbox, j.table)) for j in jobs]
    crops = [without_raised_marker(c) if j.name in READ_CODES and j.footnote_ids else c
             for j, c in zip(jobs, crops, strict=True)]
    return read_crops(crops, engine=engine, dpi=dpi, psm=6) if crops else []


def without_raised_marker(crop: np.ndarray) -> np.ndarray:
    """A code cell with the raised footnote marker after its letter whitened: beside a
    superscript "(1)" Tesseract reads a lone letter as another ("p(1)" for D(1), "g(4)" for
    J(4)), alone it reads the letter. The markers are the first reading's, kept in any case
    (:func:`_as_read`)."""
    from extractor.deskew import components
    from extractor.ocr import _raised_tail

    n, _, stats = components(np.where(crop < 128, 255, 0).astype(np.uint8))
    comps = [(int(x), int(y), int(w), int(h), int(y + h))
             for x, y, w, h, area in stats[1:n] if area >= 4]
    split = _raised_tail(comps)
    if split is None:
        return crop
    out = crop.copy()
    out[:, split:] = 255
    return out


def _signature_date_as_read(text: str) -> str:
    """A signature date read alone, with what the region's edges add taken off ("05/03/2024.")
    and one separator read as a point or a space, or one or both lost ("10/24.2007",
    "10/242007", "11252024"), as a date written with slashes; the date must still be one
    (replacement() parses it)."""
    text = text.strip(".,;:'`‘’\"|_- ")
    m = re.fullmatch(r"(\d{1,2})[/.,\s](\d{1,2})[/.,\s]{1,2}(\d{4})", text) or \
        re.fullmatch(r"(\d{2})(\d{2})(\d{4})", text) or \
        re.fullmatch(r"(\d{1,2})[/.,\s](\d{2})(\d{4})", text) or \
        re.fullmatch(r"(\d{2})(\d{1,2})[/.,\s](\d{4})", text)
    if m and 1 <= int(m.group(1)) <= 12 and 1 <= int(m.group(2)) <= 31:
        return f"{m.group(1)}/{m.group(2)}/{m.group(3)}"
    return text


def _as_read(job: CellJob, text: str) -> str | None:
    """The new reading as the cell's text: a clean number or date, or a code letter with the
    first reading's footnote markers; None when it is none of these."""
    if job.name == "zip_code":
        return read_zip(re.sub(r"\s+", "", text))
    if job.name in DATE_FIELDS:
        if job.table == SIGNATURES and job.value is None:
            text = _signature_date_as_read(text)
        return text if _CLEAN_DATE.fullmatch(text) else None
    if job.name not in READ_CODES:
        # a footnote marker worn to its closing bracket after a number whose digit groups end
        # it ("21,100)" for 21,100(1)): the number
        text = _WORN_MARKER_AFTER.sub(r"\1", text)
        worn = _WORN_MARKER_DIGITS.fullmatch(text)
        if worn and job.footnote_ids:  # (the first reading saw the marker)
            text = worn.group(1) + "".join(f"({_note_number(n)})" for n in job.footnote_ids)
        # a speck read before a number whose digit groups show it whole (".6,448")
        text = re.sub(r"^[.,'`‘’]+(?=\$?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:\(\d{1,2}\))*$)", "",
                      text)
        if _CLEAN_NUMBER.fullmatch(text):
            return text
        # A cell the first reading made nothing of ("ike" for 851(1)), read again with one
        # digit as its look-alike and the marker worn to its bracket ("B51)"): the number.
        m = _ONE_LOOK_ALIKE.fullmatch(text)
        if job.value is None and m and sum(c.isdigit() for c in m.group(1)) >= 2:
            return m.group(1).translate(DIGIT_CONFUSIONS)
        return None
    m = _CODE_READING.fullmatch(text)
    if not m:
        return None
    letter = f"({m.group(1)})" if job.name == "acquired_disposed_code" else m.group(1)
    return letter + "".join(f"({_note_number(n)})" for n in job.footnote_ids)


def replacement(job: CellJob, text: str, conf: float) -> str | None:
    """The text that replaces the cell's words, when its new reading does; else None."""
    text = _as_read(job, text.strip()) or ""
    if not text or text == job.text.strip():
        return None
    floor = _MIN_CODE_CONF if job.name in READ_CODES else _MIN_CONF
    # A code the mapping guessed from what was no code ("p (1)" -> F by the (A)/(D) column):
    # Tesseract's confidence was in that reading, not in the guess.
    guessed = job.name in READ_CODES and any(f in _GUESSED_CODE for f in job.flags)
    first = 0.0 if guessed else (job.ocr_min_conf or 0.0)
    if job.value is not None and conf < max(floor, first - _LESS_SURE):
        return None
    new = field_from_text(job.name, text, conf=conf, page=job.page, bbox=list(job.bbox))
    if new["value"] is None:
        return None
    if job.name in DATE_FIELDS and (
            any(x.startswith("repaired:") for x in new["flags"])
            or (job.name == "transaction_date" and str(new["value"]) > today())):
        return None  # a date read again must read as a date as it stands ("04/29/2826": no),
        # and a transaction cannot lie in the future ("08/08/2063")
    if job.footnote_ids and not new["footnote_ids"] and not job.markers_stray:
        return None  # the marker read as digits ("851(1)" as "8510"), unless it was none
    return text if new["value"] != job.value else None


def _inside(word: Word, box: Sequence[int]) -> bool:
    return box[0] <= word.cx <= box[2] and box[1] <= word.cy <= box[3]


def with_readings(pages: Sequence[PageLayout], record: Record, jobs: Sequence[CellJob],
                  readings: Sequence[tuple[str, float]]) -> tuple[list[PageLayout], list[CellJob]]:
    """The pages with each accepted reading in place of its cell's words, and the jobs taken.

    A cell's words are those inside the field's box, and the others inside the cell's region
    that no other field of the record was read from (digits the first reading left aside)."""
    out = list(pages)
    taken = []
    for job, (read, conf) in zip(jobs, readings, strict=True):
        text = replacement(job, read, conf)
        if text is None:
            continue
        k = job.page - 1
        page = out[k]
        region = cell_region(page, job.bbox, job.table)
        others = [b for b in _field_boxes(record, job.page) if tuple(b) != job.bbox]
        words = [w for w in page.words
                 if not (_inside(w, job.bbox) or
                         (_inside(w, region) and not any(_inside(w, b) for b in others)))]
        words.append(Word(text, conf, *job.bbox))
        out[k] = replace(page, words=words)
        taken.append(job)
    return out, taken


def _field_boxes(record: Record, page: int) -> list[list[int]]:
    return [f["bbox"] for _, f in iter_fields(record) if f.get("page") == page and f.get("bbox")]


def _reread_fields(record: Record, taken: Sequence[CellJob]) -> Iterator[tuple[CellJob, Field]]:
    """Each taken job with the field of the new record read from its cell."""
    by_spot = {(j.page, j.bbox): j for j in taken}
    fields = [f for *_, f in _cell_fields(record)] + [
        sig["date"] for sig in record.get(SIGNATURES) or [] if isinstance(sig.get("date"), dict)
    ] + [owner["zip_code"] for owner in record.get(OWNERS) or []
         if isinstance(owner.get("zip_code"), dict)]
    for f in fields:
        bbox = f.get("bbox")
        job = by_spot.get((f.get("page"), tuple(int(v) for v in bbox))) if bbox else None
        if job is not None:
            yield job, f


def mark_rereads(record: Record, taken: Sequence[CellJob]) -> None:
    """Flag the fields of the new record that were read from a cell read again."""
    for _, f in _reread_fields(record, taken):
        flags = f.setdefault("flags", [])
        if REREAD_FLAG not in flags:
            flags.append(REREAD_FLAG)


def _failures(record: Record) -> int:
    return sum(1 for _, f in iter_fields(record)
               if any(x.startswith("check-failed:") for x in f.get("flags") or []))


def reassembled(pages: Sequence[PageLayout], record: Record, jobs: Sequence[CellJob],
                readings: Sequence[tuple[str, float]],
                assemble: Callable[[list[PageLayout]], Record]) -> Record:
    """The record assembled again with the accepted readings (``record`` itself when none is).

    A new reading of a field that failed a check stays only if the record fails no more checks
    with it than without it: of two amounts that should agree and were both read again, the
    one whose new reading breaks their agreement keeps its first reading."""
    by_job = dict(zip(jobs, readings, strict=True))
    layouts, taken = with_readings(pages, record, jobs, readings)
    if not taken:
        return record
    new = assemble(layouts)
    for job in [j for j in taken if any(x.startswith("check-failed:") for x in j.flags)]:
        fewer = [j for j in taken if j != job]
        layouts, _ = with_readings(pages, record, fewer, [by_job[j] for j in fewer])
        without = assemble(layouts)
        if _failures(without) < _failures(new):
            new, taken = without, fewer
    if taken:
        mark_rereads(new, taken)
        return new
    return record
