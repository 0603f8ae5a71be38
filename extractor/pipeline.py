"""The pipeline: a scanned filing -> a confidence-scored Form 4 record.

Each stage lives in the module named after it and is a plain function; this module only
strings them together (in the spirit of OCRmyPDF's ``_pipeline.py``):

    ingest.open_document -> deskew.straighten -> tables.find_rules -> ocr.ocr_words
        -> mapping.assemble (tables, boxes 1-7, footnotes, remarks, signatures)
        -> checks (consistency, repairs)
        -> cell_reread (doubted number, code and date cells read again alone; the record
           assembled again when a new reading is taken)
        -> confidence -> record (schema-validated)
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import numpy as np  # noqa: E402

from extractor import cell_reread, deskew, ingest, ocr, tables  # noqa: E402
from extractor.errors import NotAForm4Error, OcrError, OutputInvalidError  # noqa: E402
from extractor.mapping.assemble import assemble_record, looks_like_form4  # noqa: E402
from extractor.page import PageLayout  # noqa: E402
from extractor.record import Form4Record, Record, write_json_atomic  # noqa: E402
from extractor.schema import schema_errors  # noqa: E402

# Specks per megapixel above which a page's strokes are taken as broken (deskew.speck_density:
# 10-40 on office scans, 60-300 on a fax, 400-800 where a low threshold broke the letters).
BROKEN_STROKES_DENSITY = 250


@dataclass
class ExtractOptions:
    dpi: int = ingest.DEFAULT_DPI
    ocr_engine: str = "pytesseract"
    psm: int = ocr.DEFAULT_PSM
    table_backend: str = "auto"
    use_osd: bool = False  # Tesseract OSD as well (slower; see analyse_page)
    checks: bool = True
    max_pixels: int = ingest.DEFAULT_MAX_PIXELS
    calibrate: bool = True  # models/calibration.json when it exists
    calibration_model: str | None = None
    reread_cells: bool = True  # doubted table cells read again alone (cell_reread.py)


@dataclass
class PageResult:
    layout: PageLayout
    rotated_clockwise: int
    skew_degrees: float
    seconds: float
    notes: list[str] = field(default_factory=list)
    ink: cell_reread.PageInk | None = None  # the page as read, for the second look at cells


def reading_quality(words: list[ocr.Word]) -> float:
    """Share of the text in confidently read words of three or more letters and digits:
    about 0.8 on an upright page, under 0.1 on one upside down."""
    good = sum(len(w.text) for w in words
               if w.conf >= 70 and sum(c.isalnum() for c in w.text) >= 3)
    total = sum(len(w.text) for w in words)
    return good / total if total else 0.0


def _read(gray: np.ndarray, options: ExtractOptions, dpi: int, smooth: bool = False,
          thicken: bool = False) -> tuple[tables.PageRules, np.ndarray, list[ocr.Word]]:
    backend = "camelot-image" if options.table_backend == "auto" else options.table_backend
    rules = tables.find_rules(gray, backend=backend, dpi=dpi, broken=smooth)
    for_ocr = tables.remove_rules(gray, rules)
    # A fax-like page: its strokes' pinholes filled, then (very broken strokes) thickened,
    # then blurred, in that order.
    if smooth:
        for_ocr = deskew.fill_pinholes(for_ocr)
    if thicken:
        for_ocr = deskew.thicken_strokes(for_ocr)
    if smooth:
        for_ocr = deskew.smooth_for_ocr(for_ocr)
    words = ocr.ocr_words(for_ocr, engine=options.ocr_engine, psm=options.psm, dpi=dpi)
    return rules, for_ocr, words


def analyse_page(page: ingest.PageImage, options: ExtractOptions) -> PageResult:
    """Stages 2-4 for one page: straighten, find rules, OCR -> plain PageLayout.

    Without ``use_osd`` the page is turned by its text-line direction and, when the OCR reads
    as garbage (an upside-down page), read once more turned 180 degrees; the better reading
    wins. That costs nothing on upright pages, where Tesseract OSD would cost a second pass.
    """
    start = time.perf_counter()
    straight = deskew.straighten(page.image, use_osd=options.use_osd)
    # A fax-like page (many specks before clean-up) is read slightly smoothed; one with
    # very many (its strokes broken into specks by a low threshold) with thickened strokes.
    gray, density = deskew.clean_specks(straight.image)
    smooth, thicken = density > 50, density > BROKEN_STROKES_DENSITY
    rules, for_ocr, words = _read(gray, options, page.dpi, smooth, thicken)
    turned = straight.rotated_clockwise
    notes = list(straight.notes)
    quality = reading_quality(words)
    if quality < 0.4 and len(words) >= 20:
        flipped = deskew.rotate_clockwise(gray, 180)
        rules2, for_ocr2, words2 = _read(flipped, options, page.dpi, smooth, thicken)
        if reading_quality(words2) > quality + 0.2:
            gray, rules, for_ocr, words = flipped, rules2, for_ocr2, words2
            turned = (turned + 180) % 360
            notes = [n for n in notes if not n.startswith("page was rotated")]
            notes.append(f"page was rotated: turned {turned} degrees clockwise "
                         "(text read upside down)")
    # Bare upright bars are read as the letter I only on pages that are not fax-like.
    second = ocr.reread(for_ocr, words, engine=options.ocr_engine, dpi=page.dpi,
                        bars=not smooth, v_rules=rules.vertical)
    h, w = gray.shape
    layout = PageLayout(page.number, w, h, page.dpi, second.words, rules.horizontal,
                        rules.vertical, notes=notes, crosses=second.crosses)
    return PageResult(layout, turned, straight.skew_degrees, time.perf_counter() - start, notes,
                      cell_reread.PageInk.from_gray(for_ocr))


@dataclass
class ReadDocument:
    """A scanned document after the image stages: every page as plain data."""

    doc: ingest.SourceDocument
    layouts: list[PageLayout]
    notes: list[str]
    inks: list[cell_reread.PageInk] = field(default_factory=list)  # one per page, or none


def read_document(path: str | os.PathLike[str], options: ExtractOptions | None = None
                  ) -> ReadDocument:
    """Stages 1-4 for every page: ingest, straighten, rules, OCR. Raises NotAForm4Error when
    the pages carry none of the form's wording."""
    options = options or ExtractOptions()
    doc = ingest.open_document(path, dpi=options.dpi, max_pixels=options.max_pixels)
    layouts: list[PageLayout] = []
    notes: list[str] = []
    inks: list[cell_reread.PageInk] = []
    for page in doc.iter_pages():
        try:
            result = analyse_page(page, options)
        except ocr.OcrFailed as exc:
            raise OcrError(str(exc), path=doc.path, page=page.number) from exc
        layouts.append(result.layout)
        if result.ink is not None:
            inks.append(result.ink)
        notes += [f"page {page.number}: {n}" for n in result.notes]
    if not any(looks_like_form4(p) for p in layouts):
        blank = all(len(p.words) < 5 for p in layouts)
        what = "no text found (blank page?)" if blank else "does not look like a Form 4"
        raise NotAForm4Error(what, path=doc.path, page=1 if blank else None)
    return ReadDocument(doc, layouts, notes, inks if len(inks) == len(layouts) else [])


def record_from_pages(read: ReadDocument, options: ExtractOptions | None = None) -> Form4Record:
    """Stages 5-7: field mapping, checks, calibrated confidence -> the record. Pure but for
    the second look at doubted table cells (one Tesseract call, when ``read`` kept the pages'
    ink and some cell is doubted)."""
    options = options or ExtractOptions()
    record = assemble_record(read.layouts, checks=options.checks)
    if options.reread_cells and read.inks:
        record = second_look(record, read, options)
    if options.calibrate:
        from extractor.calibration import load_calibrator

        calibrator = load_calibrator(options.calibration_model)
        if calibrator is not None:
            calibrator.apply(record)
    doc = read.doc
    record["source"] = {"path": doc.path, "sha256": doc.sha256, "pages": doc.page_count,
                        "dpi": read.layouts[0].dpi if read.layouts else doc.dpi}
    record["warnings"] = read.notes + record["warnings"]
    return Form4Record(record)


def second_look(record: Record, read: ReadDocument, options: ExtractOptions) -> Record:
    """Stage 5b: the record's doubted table cells read again alone; the record assembled again
    from the mended words when a new reading was taken (cell_reread.py)."""
    jobs = cell_reread.doubtful_cells(record) + \
        cell_reread.signature_date_jobs(record, read.layouts) + \
        cell_reread.zip_code_jobs(record, read.layouts) + \
        cell_reread.lost_code_jobs(record, read.layouts, read.inks)
    if not jobs:
        return record
    try:
        readings = cell_reread.read_cells(read.inks, read.layouts, jobs,
                                          engine=options.ocr_engine, dpi=read.layouts[0].dpi)
    except ocr.OcrFailed as exc:
        record["warnings"].append(f"cells not read again: {exc}")
        return record
    return cell_reread.reassembled(read.layouts, record, jobs, readings,
                                   lambda pages: assemble_record(pages, checks=options.checks))


def extract(path: str | os.PathLike[str], options: ExtractOptions | None = None) -> Form4Record:
    """Extract one filing. Raises an :mod:`extractor.errors` exception naming file and page."""
    options = options or ExtractOptions()
    if Path(path).suffix.lower() in ingest.TEXT_SUFFIXES:
        doc = ingest.open_document(path, dpi=options.dpi, max_pixels=options.max_pixels)
        if doc.kind == ingest.TEXT:
            from extractor.text import extract_text_file

            return extract_text_file(doc, checks=options.checks, calibrate=options.calibrate,
                                     calibration_model=options.calibration_model)
    return record_from_pages(read_document(path, options), options)


def extract_file_to_dir(path: str | os.PathLike[str], out_dir: str | os.PathLike[str],
                        options: ExtractOptions | None = None) -> str:
    """Extract and write ``OUTDIR/<input stem>.json`` atomically; returns a summary line."""
    rec = extract(path, options)
    errors = schema_errors(rec.data)
    if errors:
        raise OutputInvalidError("; ".join(errors[:3]), path=str(path))
    target = Path(out_dir) / f"{Path(path).stem}.json"
    write_json_atomic(target, rec.data)
    return summarize(rec, str(path))


def summarize(rec: Form4Record, name: str) -> str:
    fields = [f for _, f in rec.fields() if f.get("value") is not None]
    low = sum(1 for f in fields if float(f.get("confidence") or 0) < 0.9)
    d = rec.data
    n1 = len(d["non_derivative_transactions"]) + len(d["non_derivative_holdings"])
    n2 = len(d["derivative_transactions"]) + len(d["derivative_holdings"])
    issuer = d["issuer"]["name"]["value"] or "?"
    return (f"OK      {name}: {issuer!s:.40} | table I rows {n1}, table II rows {n2} | "
            f"{len(fields)} fields, {low} below 0.90 confidence, {len(d['warnings'])} warnings")
