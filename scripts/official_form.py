"""Records typed onto the SEC's own blank Form 4, scanned, extracted and scored.

    .venv/bin/python scripts/official_form.py SYNTH_DIR [--limit 30] [--out DIR] [--blank PDF]

The blank is the form as the SEC publishes it today (SEC 1474 (03-26),
``$FORM4_SHARED_DATA/form/form4-sec1474-03-26-blank.pdf``; skipped cleanly when absent), a
version ``form4 synth`` never draws: four pages (boxes 1-6 with "2a. Foreign Trading Symbol"
and "(Country)" on page 1, Table I alone on page 2, Table II and the Explanation of Responses
on page 3, the signature on page 4), its own Times labels and pre-ruled rows, the page
numbers "Page 2 of 12". Each record of ``SYNTH_DIR/truth/*-clean.json`` (take a seed you never
tuned on) is typed into it as a filer fills it in: the values in a face form4 synth does not
use (URW's Courier, Helvetica or Times clones, one per filing), each on the line above its
caption in box 1, in the rows of the tables, the notes under their heading, an X on the
blank line of each relationship; notes that do not fit page 3 run on to a continuation sheet
("FORM 4 (continued)") before the signature page. A filing with more than one reporting owner,
or with more rows than the blank form's tables hold, is skipped (counted).

The pages are then scanned plain (300 DPI, a slight turn, light noise) or in one of
``foreign_styles.py``'s styles (print150, thin-jpeg, photocopy), one style per filing in turn,
written as TIFFs, extracted with ``form4 extract``'s pipeline and scored against the record.
Prints the ``form4 eval`` line per style and for all. Figures, not tests.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from foreign_styles import STYLES, _extract_all, _score, _write_tiff, degrade  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from extractor.synth import draw as d  # noqa: E402

DPI = 300
SCALE = DPI / 72.0
BLANK_NAME = "form4-sec1474-03-26-blank.pdf"
URW = Path("/usr/share/fonts/opentype/urw-base35")
FACES = ("NimbusMonoPS-Regular.otf", "NimbusSans-Regular.otf", "NimbusRoman-Regular.otf")

Box = tuple[float, float, float, float]


# --- the blank form --------------------------------------------------------------------------


def _words(blank: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """Words of a page of the blank with their boxes in pixels at 300 DPI."""
    out = subprocess.run(["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page),
                          str(blank), "-"], capture_output=True, text=True, check=True).stdout
    words = []
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                         r'yMax="([\d.]+)">([^<]*)</word>', out):
        x0, y0, x1, y1 = (float(m.group(k)) * SCALE for k in range(1, 5))
        words.append((x0, y0, x1, y1, m.group(5)))
    return words


def _find(words: list[tuple[float, float, float, float, str]], phrase: str,
          below: float = 0.0) -> Box:
    """The box of the first run of words reading ``phrase`` (at or below ``below``)."""
    want = phrase.split()
    for i in range(len(words) - len(want) + 1):
        run = words[i:i + len(want)]
        if run[0][1] >= below and [w[4] for w in run] == want:
            return (min(w[0] for w in run), min(w[1] for w in run),
                    max(w[2] for w in run), max(w[3] for w in run))
    raise LookupError(f"{phrase!r} not on the blank form")


def _raster(blank: Path, page: int, work: Path) -> np.ndarray:
    stem = work / f"blank-{page}"
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", "-f", str(page), "-l",
                    str(page), "-singlefile", str(blank), str(stem)], check=True)
    return cv2.imread(f"{stem}.png", cv2.IMREAD_GRAYSCALE)


def _horizontal_rules(gray: np.ndarray) -> list[int]:
    """y of the page's horizontal rules (pixels), each rule's rows taken as one."""
    ink = (gray < 128).astype(np.uint8)
    hor = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, 150), np.uint8))
    groups: list[list[int]] = []
    for i in np.flatnonzero(hor.sum(axis=1) > 0):
        if groups and i - groups[-1][-1] <= 2:
            groups[-1].append(int(i))
        else:
            groups.append([int(i)])
    return [round(sum(g) / len(g)) for g in groups]


class Blank:
    """The four form pages as images and where their boxes, rows and lines are."""

    def __init__(self, blank: Path, work: Path) -> None:
        work.mkdir(parents=True, exist_ok=True)
        self.images = [_raster(blank, p, work) for p in (1, 2, 3, 4)]
        self.words = [_words(blank, p) for p in (1, 2, 3, 4)]
        self.table_i = self._table(1)
        self.table_ii = self._table(2)

    def _table(self, index: int) -> tuple[list[int], list[tuple[int, int]]]:
        """(x of the columns' rules in the body, (top, bottom) of each body row): the body
        starts at the first rule below the heading's leaf labels (its "V")."""
        hs = _horizontal_rules(self.images[index])
        leaf = _find(self.words[index], "V")
        ink = (self.images[index] < 128).astype(np.uint8)
        body_top = min(y for y in hs if y > leaf[3] + 5)
        # the rows of the body: rules below the heading's last, down to the table's bottom
        rows_y = [y for y in hs if y >= body_top]
        rows = [(a, b) for a, b in zip(rows_y, rows_y[1:], strict=False) if 40 < b - a < 200]
        band = ink[rows[0][0] + 5:rows[0][1] - 5]
        xs: list[int] = []
        for x in np.flatnonzero(band.all(axis=0)).tolist():  # rules down the whole row
            if not xs or x - xs[-1] > 3:
                xs.append(x)
        return xs, rows


# --- typing a record into it -----------------------------------------------------------------


_v = d.field_value


class Typist:
    def __init__(self, page: np.ndarray, face: str, size: int) -> None:
        self.image = Image.fromarray(page.copy())
        self.page = d.Page(self.image.width, self.image.height)
        self.page.image = self.image
        self.page.draw = ImageDraw.Draw(self.image)
        self.font = d.Font(str(URW / face), size)

    def line(self, x: float, bottom: float, text: str, marks: str = "",
             right: float | None = None) -> None:
        """A value typed with its last line's foot at ``bottom``."""
        if not text and not marks:
            return
        width = (right - x) if right else 2000
        lay = d.lay_out(d.Cell(text, marks, "left", keep=False), width, self.font)
        self.page.laid(lay, x, x + width, bottom - lay.height, "left")

    def mark_in(self, x0: float, y0: float, x1: float, y1: float) -> None:
        """An X typed into a printed box."""
        fnt = self.font.resized(round((y1 - y0) * 0.8))
        top = (y0 + y1) / 2 - fnt.ascent * 0.62
        self.page.text((x0 + x1) / 2, top, "X", fnt, "center")

    def fitted(self, x: float, bottom: float, text: str, right: float) -> None:
        """One line ending at ``bottom``, in a smaller size when it must fit before ``right``."""
        fnt = self.font
        while fnt.length(text) > right - x and fnt.size > 18:
            fnt = fnt.resized(fnt.size - 1)
        self.page.text(x, bottom - fnt.line_height, text, fnt)

    def cell(self, box: Box, cell: d.Cell) -> None:
        """A table cell's value fitted into its ruled box."""
        x0, y0, x1, y1 = box
        pad = 8
        fnt = self.font
        while True:
            # (an amount, date or code shrinks as far as it must rather than break: a filer
            # types "96,116,105" small, never over two lines)
            lay = d.lay_out(cell, x1 - x0 - 2 * pad, fnt, min_scale=0.45 if cell.keep else 0.72)
            if lay.height <= y1 - y0 - 6 or fnt.size <= 18:
                break
            fnt = fnt.resized(fnt.size - 2)
        if lay.height:
            top = y0 + max(3, (y1 - y0 - lay.height) / 2)
            self.page.laid(lay, x0 + pad, x1 - pad, top, cell.align)


class DoesNotFit(Exception):
    pass


def type_record(rec: dict[str, Any], blank: Blank, face: str) -> list[np.ndarray]:
    owners = rec.get("reporting_owners") or []
    if len(owners) != 1:
        raise DoesNotFit("more than one reporting owner")
    owner = owners[0]
    vs = d.ValueStyle(price_decimals=2)
    t_rows = d.non_derivative_rows(rec, vs)
    ii_rows = d.derivative_rows(rec, vs)
    if len(t_rows) > len(blank.table_i[1]) or len(ii_rows) > len(blank.table_ii[1]):
        raise DoesNotFit("more rows than the blank form has")
    pages = []

    # page 1: boxes 1-6
    w = blank.words[0]
    p = Typist(blank.images[0], face, 38)
    last = _find(w, "(Last) (First) (Middle)")
    street_cap = _find(w, "(Street)")
    city_cap = _find(w, "(City)")
    state_cap, zip_cap = _find(w, "(State)"), _find(w, "(Zip/Postal Code)")
    x_box1 = last[0] + 10
    p.line(x_box1, last[1] - 22, d.fmt_text(_v(owner.get("name"))), right=last[0] + 800)
    # the street lines, each on one line (smaller when it must be) within box 1
    s1, s2 = d.fmt_text(_v(owner.get("street1"))), d.fmt_text(_v(owner.get("street2")))
    box1_right = _find(w, "2. Issuer Name")[0] - 30
    foot = street_cap[1] - 22
    for text in ([s1, s2] if s2 else [s1]):
        p.fitted(x_box1, foot - (p.font.line_height if text == s1 and s2 else 0), text,
                 box1_right)
    # city, state and zip on one line, each over its caption or after what came before it
    x, foot = x_box1, city_cap[1] - 22
    for key, cap in (("city", city_cap), ("state", state_cap), ("zip_code", zip_cap)):
        text = d.fmt_text(_v(owner.get(key)))
        if text:
            x = max(x, cap[0])
            p.page.text(x, foot - p.font.line_height, text, p.font)
            x += p.font.length(text) + p.font.length("  ")
    issuer = rec.get("issuer") or {}
    box2 = _find(w, "Symbol")
    name, sym = d.fmt_text(_v(issuer.get("name"))), d.fmt_text(_v(issuer.get("trading_symbol")))
    # The box holds little more than its label: the name goes after "Symbol", as small as
    # it must be to fit before box 5.
    right = _find(w, "5. Relationship")[0] - 25
    p.fitted(box2[2] + 25, box2[3] + 4, f"{name} [{sym}]" if sym else name, right)
    box3 = _find(w, "(Month/Day/Year)")
    p.line(box3[0] + 10, box3[3] + 20 + p.font.line_height,
           d.fmt_date(_v(rec.get("period_of_report"))))
    box4 = _find(w, "(Month/Day/Year)", below=box3[3] + 10)
    amended = _v(rec.get("date_of_original_submission"))
    if amended:
        p.line(box4[0] + 10, box4[3] + 20 + p.font.line_height, d.fmt_date(amended))
    for flag, label in (("is_director", "Director"), ("is_officer", "Officer"),
                        ("is_ten_percent_owner", "10%"), ("is_other", "Other")):
        if _v(owner.get(flag)):
            lab = _find(w, label)
            p.page.text(lab[0] - 70, lab[1], "X", p.font)
    title = d.fmt_text(_v(owner.get("officer_title")) or _v(owner.get("other_text")))
    if title:
        rule = _find(w, "_" * 43)
        p.line(rule[0] + 20, rule[1] + 30, title, right=rule[2])
    one = _find(w, "Form filed by One Reporting Person")
    p.page.text(one[0] - 70, one[1], "X", p.font)
    if _v(rec.get("not_subject_to_section16")):
        glyph = _find(w, "☐ Check this box if no longer")
        side = glyph[3] - glyph[1]  # the box glyph is about as wide as the line is tall
        p.mark_in(glyph[0], glyph[1], glyph[0] + side * 0.85, glyph[3])
    pages.append(np.array(p.image))

    # pages 2 and 3: the tables
    for index, (xs, rows), cells, keys in (
            (1, blank.table_i, t_rows, _TABLE_I_KEYS), (2, blank.table_ii, ii_rows, _TABLE_II_KEYS)):
        p = Typist(blank.images[index], face, 36)
        if len(xs) - 1 != len(keys):
            raise DoesNotFit(f"page {index + 1}: {len(xs) - 1} columns, {len(keys)} expected")
        for row, (top, bottom) in zip(cells, rows, strict=False):
            for k, key in enumerate(keys):
                cell = row.get(key)
                if cell is not None and not cell.empty:
                    p.cell((xs[k], top, xs[k + 1], bottom), cell)
        if index == 2:
            # The notes under their heading; what does not fit goes onto a continuation
            # sheet the filer attaches ("FORM 4 (continued)"), as many as it takes.
            head = _find(blank.words[2], "Explanation of Responses:")
            bottom = _find(blank.words[2], "Page 3 of 12")[1] - 20
            x0, x1 = head[0], blank.table_ii[0][-1]
            paragraphs = [f"{num}. {text}" for num, text in d.footnote_items(rec)]
            remarks = d.fmt_text(_v(rec.get("remarks")))
            if remarks:
                paragraphs.append(f"Remarks: {remarks}")
            y = head[3] + 14
            sheets: list[Typist] = []
            for para in paragraphs:
                for ln in d.wrap_text(para, p.font, x1 - x0):
                    if y + p.font.line_height > bottom:
                        sheet = Typist(np.full_like(blank.images[2], 255), face, 36)
                        sheet.page.text(x0, 300, "FORM 4 (continued)", sheet.font)
                        sheet.page.text(x0, 300 + 2 * sheet.font.line_height,
                                        "Explanation of Responses (continued):", sheet.font)
                        sheets.append(sheet)
                        y = 300 + 4 * sheet.font.line_height
                        bottom = blank.images[2].shape[0] - 300
                    (sheets[-1] if sheets else p).page.text(x0, y, ln, p.font)
                    y += p.font.line_height
                y += 8
            pages.append(np.array(p.image))
            pages += [np.array(sh.image) for sh in sheets]
            continue
        pages.append(np.array(p.image))

    # page 4: the signature
    w = blank.words[3]
    p = Typist(blank.images[3], face, 36)
    sig_label = _find(w, "**Signature of Reporting Person")
    date_label = _find(w, "Date")
    sigs = rec.get("signatures") or []
    y = sig_label[1] - 14
    for sig in reversed(sigs):
        p.line(sig_label[0], y, d.fmt_text(_v(sig.get("name"))), right=date_label[0] - 30)
        p.line(date_label[0], y, d.fmt_date(_v(sig.get("date"))))
        y -= p.font.line_height + 10
    pages.append(np.array(p.image))
    return pages


_TABLE_I_KEYS = ("security_title", "transaction_date", "deemed_execution_date",
                 "transaction_code", "equity_swap_involved", "shares", "acquired_disposed_code",
                 "price_per_share", "shares_owned_following_transaction",
                 "direct_or_indirect_ownership", "nature_of_ownership")
_TABLE_II_KEYS = ("security_title", "conversion_or_exercise_price", "transaction_date",
                  "deemed_execution_date", "transaction_code", "equity_swap_involved",
                  "shares_acquired", "shares_disposed", "exercise_date", "expiration_date",
                  "underlying_security_title", "underlying_security_shares", "price_per_share",
                  "shares_owned_following_transaction", "direct_or_indirect_ownership",
                  "nature_of_ownership")


def scan_plain(gray: np.ndarray, seed: int) -> np.ndarray:
    """A flat-bed scan of a clean print: a slight turn, a little grey noise."""
    rng = np.random.default_rng(seed)
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), float(rng.uniform(-0.8, 0.8)), 1.0)
    im = cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    noisy = im.astype(np.float32) + rng.normal(0, 6, im.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir")
    ap.add_argument("--limit", type=int, default=30)
    ap.add_argument("--out")
    ap.add_argument("--blank", help=f"the blank form (default $FORM4_SHARED_DATA/form/{BLANK_NAME})")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    shared = os.environ.get("FORM4_SHARED_DATA")
    blank_pdf = Path(args.blank) if args.blank else (
        Path(shared) / "form" / BLANK_NAME if shared else None)
    if blank_pdf is None or not blank_pdf.is_file():
        print("skipped: no blank form (give --blank or set FORM4_SHARED_DATA)")
        return 0
    src = Path(args.dir)
    out = Path(args.out or tempfile.mkdtemp(prefix="official-form-"))
    blank = Blank(blank_pdf, out / "work")
    scans = out / "scans"
    scans.mkdir(parents=True, exist_ok=True)
    names: list[tuple[str, str, str]] = []
    skipped: dict[str, int] = {}
    variants = ("plain", *STYLES)
    truths = sorted((src / "truth").glob("*-clean.json"))
    stems = {t.stem for t in truths}
    for truth in truths:
        if len(names) >= args.limit:
            break
        if "-paper-pre2002-" in truth.name or (
                "-edgar-" in truth.name and truth.stem.replace("-edgar-", "-paper-") in stems):
            # one record once; the pre-2002 records hold Month/Year dates this form does not ask
            continue
        rec = json.loads(truth.read_text())
        k = len(names)
        face = FACES[k % len(FACES)]
        try:
            pages = type_record(rec, blank, face)
        except DoesNotFit as exc:
            skipped[str(exc)] = skipped.get(str(exc), 0) + 1
            continue
        style = variants[k % len(variants)]
        seed = 500 + 17 * k
        scanned = [scan_plain(pg, seed + i) if style == "plain" else degrade(pg, style, seed + i)
                   for i, pg in enumerate(pages)]
        name = f"{truth.stem}-official-{style}"
        _write_tiff(scanned, scans / f"{name}.tif")
        names.append((name, truth.stem, style))
    print(f"# {len(names)} filings typed onto {blank_pdf.name}; skipped: {skipped or 'none'}")
    _extract_all(sorted(scans.glob("*.tif")), out / "pred", args.workers)
    with tempfile.TemporaryDirectory() as tmp:
        for style in variants:
            chosen = [(n, t) for n, t, s in names if s == style]
            if chosen:
                _score(out / "pred", src / "truth", chosen, style, Path(tmp))
        _score(out / "pred", src / "truth", [(n, t) for n, t, _ in names], "all", Path(tmp))
    print(f"scans, predictions: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
