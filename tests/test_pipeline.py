"""The whole pipeline on documents rendered by `form4 synth`: real Tesseract, OpenCV, Camelot's
line finder and poppler, scored with the yardstick."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from extractor import cli, deskew
from extractor.evaluate import evaluate_dirs
from extractor.schema import schema_errors
from extractor.synth.degrade import degrade_page
from extractor.synth.records import synthetic_records
from extractor.synth.render import render_pages


def test_extract_clean_renders(rendered: Path, tmp_path: Path, capsys) -> None:
    scans = sorted((rendered / "scans").glob("*.pdf"))
    out = tmp_path / "pred"
    code = cli.main(["extract", *map(str, scans), "-o", str(out)])
    assert code == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == len(scans) and all(line.startswith("OK") for line in lines)
    for p in out.glob("*.json"):
        rec = json.loads(p.read_text())
        assert schema_errors(rec) == []
        assert rec["source"]["sha256"] and rec["source"]["dpi"] == 300
        for owner in rec["reporting_owners"]:
            assert owner["name"]["page"] == 1 and owner["name"]["bbox"]
    report = evaluate_dirs(out, rendered / "truth")
    # Clean renders of all three layouts: nearly every field right, every row found.
    assert report.field_acc >= 0.93, report.worst_fields(5)
    assert report.row_recall >= 0.95


def test_python_api(form4_pdf: Path) -> None:
    import extractor

    rec = extractor.extract(form4_pdf)
    df = rec.transactions_df()
    truth = json.loads((form4_pdf.parent.parent / "truth" / f"{form4_pdf.stem}.json").read_text())
    assert len(df) == len(truth["non_derivative_transactions"])
    assert json.loads(rec.to_json())["schema"] == "form4-record/1"
    assert not rec.fields_df().empty


@pytest.mark.parametrize("level,seed", [("moderate", 3), ("heavy", 5), ("heavy", 8)])
def test_residual_skew(level: str, seed: int) -> None:
    """Known skew from the degradation; after straightening at most 0.2 degrees remain."""
    rec = synthetic_records(1, seed)[0]
    page = render_pages(rec, "paper", seed=seed)[0]
    out = degrade_page(page, level, np.random.default_rng(seed))
    img = np.asarray(out.image.convert("L"))
    straight = deskew.straighten(img)
    # Sideways or not is decided here; upside down is caught after OCR (see the rotated-page
    # tests in test_bad_input.py), so 90 and 270 are alike at this stage.
    assert straight.rotated_clockwise % 180 == out.params["rotation"] % 180
    assert abs(straight.skew_degrees - out.params["skew_degrees"]) <= 0.2


def test_multipage_tiff_and_tesserocr(rendered: Path, tmp_path: Path) -> None:
    """A two-page filing as a multi-page TIFF reads like its PDF; the tesserocr engine (when
    installed) reads it too."""
    from pdf2image import convert_from_path

    pdf = rendered / "scans" / "syn11-000-paper-clean.pdf"
    pages = convert_from_path(str(pdf), dpi=200, grayscale=True)
    assert len(pages) >= 2
    tif = tmp_path / "filing.tif"
    pages[0].save(tif, save_all=True, append_images=pages[1:], compression="tiff_lzw",
                  dpi=(200, 200))
    import extractor
    from extractor.pipeline import ExtractOptions

    rec = extractor.extract(tif).to_dict()
    # Images are read at the working resolution: boxes are in 300 DPI pixels.
    assert rec["source"]["pages"] == len(pages) and rec["source"]["dpi"] == 300
    truth = json.loads((rendered / "truth" / f"{pdf.stem}.json").read_text())
    assert len(rec["derivative_transactions"]) + len(rec["derivative_holdings"]) == \
        len(truth["derivative_transactions"]) + len(truth["derivative_holdings"])
    pytest.importorskip("tesserocr")
    fast = extractor.extract(tif, ExtractOptions(ocr_engine="tesserocr")).to_dict()
    assert fast["issuer"]["name"]["value"] == rec["issuer"]["name"]["value"]


def test_components_fall_back_to_32_bit_labels_on_a_page_of_specks() -> None:
    import cv2
    import numpy as np

    from extractor.deskew import components

    ink = np.zeros((1200, 1200), np.uint8)
    ink[::3, ::3] = 255  # 160,000 isolated dots: more labels than 16 bits hold
    n, labels, stats = components(ink)
    assert n == 400 * 400 + 1 and labels.dtype == np.int32
    few = np.zeros((100, 100), np.uint8)
    few[10:20, 10:20] = 255
    n, labels, stats = components(few)
    assert n == 2 and stats[1, cv2.CC_STAT_AREA] == 100


def test_pytesseract_loads_without_pandas() -> None:
    import subprocess
    import sys

    code = ("import sys; from extractor.ocr import load_pytesseract; load_pytesseract(); "
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _glyph(text: str, *, font: int = 0, scale: float = 1.2, thickness: int = 3):
    import cv2

    img = np.zeros((60, 60), dtype=np.uint8)
    cv2.putText(img, text, (8, 48), font, scale, 255, thickness)
    return img


def test_looks_like_cross_tells_an_x_from_letters_and_an_empty_box() -> None:
    import cv2

    from extractor.ocr import looks_like_cross

    drawn = np.zeros((40, 40), dtype=np.uint8)
    cv2.line(drawn, (5, 5), (34, 34), 255, 3)
    cv2.line(drawn, (34, 5), (5, 34), 255, 3)
    assert looks_like_cross(drawn)
    assert looks_like_cross(_glyph("X"))
    boxed = drawn.copy()
    cv2.rectangle(boxed, (1, 1), (38, 38), 255, 2)  # a ticked box: the cross touches the box
    assert looks_like_cross(boxed)
    empty = np.zeros((40, 40), dtype=np.uint8)
    cv2.rectangle(empty, (1, 1), (38, 38), 255, 2)
    assert not looks_like_cross(empty)
    for letter in "KNZVAMWH8OY":
        assert not looks_like_cross(_glyph(letter)), letter
    assert not looks_like_cross(np.zeros((40, 40), dtype=np.uint8))


def test_a_whole_word_the_page_pass_dropped_is_read_again_from_its_ink() -> None:
    """Ink of a word's size that no word covers ("Employee" atop a title cell, dropped by the
    page pass) is read again with real Tesseract and kept when read surely; a covered word,
    a solid bar and a long reading with spaces are not."""
    import cv2

    from extractor.ocr import Word, _blob_word, _dropped_blobs, _word_blobs, read_crops

    page = np.full((200, 900), 255, dtype=np.uint8)
    cv2.putText(page, "Employee", (40, 80), cv2.FONT_HERSHEY_SIMPLEX, 1.3, 0, 3)
    cv2.putText(page, "Stock", (40, 150), cv2.FONT_HERSHEY_SIMPLEX, 1.3, 0, 3)
    cv2.rectangle(page, (500, 50), (700, 80), 0, -1)  # a solid bar
    ink = np.where(page < 128, 255, 0).astype(np.uint8)
    read = [Word("Stock", 95.0, 40, 118, 150, 152)]
    blobs = _dropped_blobs(_word_blobs(ink, 300), ink, read, 300, 150)
    assert len(blobs) == 1 and blobs[0][0] < 60 and blobs[0][2] > 200
    [(text, conf)] = read_crops([page[b[1] - 6:b[3] + 6, b[0] - 6:b[2] + 6] for b in blobs],
                                engine="pytesseract", dpi=300)
    word = _blob_word(text, conf, blobs[0], 300)
    assert word is not None and word.text == "Employee"
    assert _blob_word("Employee", 50.0, blobs[0], 300) is None  # unsure
    assert _blob_word("Stock Option", 95.0, blobs[0], 300) is None  # two words
    assert _blob_word("~~--~~--", 95.0, blobs[0], 300) is None  # no word


def test_a_word_read_short_of_its_ink_is_read_whole_again() -> None:
    """The page pass read "170" of an amount "3,170" (its "3," dropped, the rest read
    surely): the second look reads the word's whole ink with real Tesseract and takes it; a
    word read in full, and readings that add only a mark or one small letter, stay."""
    import cv2

    from extractor.ocr import Word, _clipped_words, _whole_reading, _word_blobs, reread

    page = np.full((200, 900), 255, dtype=np.uint8)
    cv2.putText(page, "3,170", (100, 80), cv2.FONT_HERSHEY_SIMPLEX, 1.3, 0, 3)
    cv2.putText(page, "Stock", (500, 80), cv2.FONT_HERSHEY_SIMPLEX, 1.3, 0, 3)
    ink = np.where(page < 128, 255, 0).astype(np.uint8)
    ys, xs = np.nonzero(ink[:, :400])
    left, right = int(xs.min()), int(xs.max())
    top, bottom = int(ys.min()), int(ys.max())
    width = right - left
    sy, sx = np.nonzero(ink[:, 400:])
    stock = Word("Stock", 95.0, 400 + int(sx.min()), int(sy.min()), 400 + int(sx.max()),
                 int(sy.max()))
    short = Word("170", 95.0, left + int(0.45 * width), top, right, bottom)
    clipped = _clipped_words(_word_blobs(ink, 300), [short, stock], 300)
    assert [i for i, _ in clipped] == [0]  # "Stock" was read whole
    second = reread(page, [short, stock], dpi=300, max_blobs=0)
    assert [w.text for w in second.words] == ["3,170", "Stock"]
    assert second.counts["widened"] == 1 and second.words[0].x0 <= left + 3
    assert not _whole_reading(Word("LP", 95.0, 0, 0, 40, 30), "LP:", 90.0)
    assert not _whole_reading(Word("currently", 95.0, 0, 0, 200, 30), "acurrently", 90.0)
    assert not _whole_reading(short, "3,170", 40.0)  # unsure
    assert not _whole_reading(short, "3,1 70", 95.0)
    assert _whole_reading(Word("DIEG", 95.0, 0, 0, 80, 30), "DIEGO", 90.0)
    assert not _whole_reading(Word("holder", 95.0, 0, 0, 80, 30), "holderofthe", 90.0)
    assert _whole_reading(Word("567", 95.0, 0, 0, 80, 30), "1,234,567", 90.0)


def test_rules_a_fax_broke_into_dots_are_found_and_stacked_letters_are_not() -> None:
    """A faded rule thresholded into dots and dashes is still a rule; a column of 'l' and '1'
    on consecutive lines is text (cv2-drawn page, the real line finder)."""
    import cv2

    from extractor.tables import find_rules

    page = np.full((1200, 2400), 255, np.uint8)
    rng = np.random.default_rng(7)
    x = 200
    while x < 2200:  # dashes of 2-14 px with gaps of 2-8 px, one or two pixels thick
        n = int(rng.integers(2, 15))
        page[600:600 + int(rng.integers(1, 3)), x:x + n] = 0
        x += n + int(rng.integers(2, 9))
    y = 200
    while y < 1000:
        n = int(rng.integers(2, 15))
        page[y:y + n, 1200:1200 + int(rng.integers(1, 3))] = 0
        y += n + int(rng.integers(2, 9))
    for i in range(20):  # a column of thin glyphs, one per text line, away from the rules
        cv2.putText(page, "l" if i % 2 else "1", (2000, 120 + 50 * i), cv2.FONT_HERSHEY_PLAIN,
                    2.5, 0, 1)
    assert not any(abs(y - 600) <= 3 for y, _, _ in find_rules(page, dpi=300).horizontal)
    rules = find_rules(page, dpi=300, broken=True)
    assert any(abs(y - 600) <= 3 and x1 - x0 > 1500 for y, x0, x1 in rules.horizontal)
    assert any(abs(x - 1200) <= 3 and y1 - y0 > 600 for x, y0, y1 in rules.vertical)
    # Each glyph's stem is a short stroke, as before; none joins the next line's.
    assert not any(1980 <= x <= 2040 and y1 - y0 > 45 for x, y0, y1 in rules.vertical)


def test_thickened_strokes_join_the_pieces_of_a_broken_letter() -> None:
    import cv2

    from extractor.deskew import thicken_strokes

    page = np.full((60, 60), 255, np.uint8)
    page[10:50, 20] = 0
    page[30, 20] = 255  # a stroke a low threshold broke in two
    n_before = cv2.connectedComponents((page < 128).astype(np.uint8))[0]
    thick = thicken_strokes(page)
    assert n_before == 3 and cv2.connectedComponents((thick < 128).astype(np.uint8))[0] == 2
    assert (thick < 128).sum() > (page < 128).sum()


def test_pinholes_in_a_stroke_are_filled_and_a_lone_speck_is_kept() -> None:
    from extractor.deskew import fill_pinholes

    page = np.full((60, 60), 255, np.uint8)
    page[10:50, 20:26] = 0
    page[30, 22] = 255  # a one-pixel hole the fax's noise punched into the stroke
    page[5, 50] = 0  # a speck of ink on the paper
    filled = fill_pinholes(page)
    assert filled[30, 22] == 0
    assert filled[5, 50] == 0
    assert (filled[10:50, 20:26] == 0).all() and (filled[:, 30:45] == 255).all()


def test_thin_strokes_of_repeated_text_lines_are_no_rule() -> None:
    """Lines that repeat their words ("Reflects securities held directly by ...") stack their
    'l' and 'i' strokes exactly; on a fax-like page the dotted-rule finder would bridge the
    stack into a short rule and erase the letters. A rule is kept when it meets another
    rule or its pieces run on far enough; a few lines' stack is neither."""
    import cv2

    from extractor.tables import find_rules

    page = np.full((1200, 2400), 255, np.uint8)
    page[100:102, 200:2200] = 0  # the table's rules, whole
    page[100:500, 200:202] = 0
    for i in range(5):  # the stems of 'l', 'i', 'd' in five repeated lines, 36 px apart
        for x in (320, 411, 452, 530, 617):
            page[680 + 36 * i:680 + 36 * i + 26, x:x + 3] = 0
        cv2.putText(page, "Reflects held directly", (650, 705 + 36 * i),
                    cv2.FONT_HERSHEY_PLAIN, 2.0, 0, 1)
    rules = find_rules(page, dpi=300, broken=True)
    assert any(abs(x - 201) <= 3 for x, _, _ in rules.vertical)
    assert not any(x > 250 and y1 > 600 for x, _, y1 in rules.vertical)
