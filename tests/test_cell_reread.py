"""Stage 5b, the second look at doubted number cells: the pure parts on hand-built data, the
whole stage with real Tesseract on a rendered filing whose page reading is made to fail."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

from extractor.cell_reread import (
    REREAD_FLAG,
    CellJob,
    PageInk,
    cell_region,
    doubtful_cells,
    mark_rereads,
    read_cells,
    reassembled,
    replacement,
    with_readings,
)
from extractor.page import PageLayout, Word
from extractor.pipeline import ExtractOptions, read_document, record_from_pages
from extractor.record import empty_record, empty_row, make_field


def _read(value, text, flags=(), bbox=(400, 100, 480, 130), conf=90.0, notes=()):
    """A field as the page pass read it: its text, box, flags and Tesseract's confidence."""
    f = make_field(value, confidence=0.9, text=text, page=1, bbox=list(bbox),
                   footnote_ids=list(notes))
    f["flags"] = list(flags)
    f["ocr_min_conf"] = conf
    return f


def accepted(job: CellJob, text: str, conf: float) -> bool:
    return replacement(job, text, conf) is not None


def _job(value, text, conf=90.0, notes=(), stray=False):
    return CellJob("non_derivative_transactions", 0, "shares", 1, (400, 100, 480, 130), text,
                   value, conf, tuple(notes), (), stray)


def test_doubtful_cells_are_the_number_fields_a_check_a_repair_or_the_parser_doubted() -> None:
    rec = empty_record()
    row = empty_row("non_derivative_transactions")
    row["shares"] = _read(5, "JH bs yak 5", ["check-failed:holdings-arithmetic"])
    row["price_per_share"] = _read(12.5, "$12.50")  # read cleanly: left alone
    row["shares_owned_following_transaction"] = _read(None, "aiid", ["unparsed:number"])
    row["security_title"] = make_field("Common Stock", confidence=0.5, text="Cmmon Stock",
                                       page=1, bbox=[10, 100, 200, 130])
    row["security_title"]["flags"] = ["repaired:spelling"]  # not a number
    rec["non_derivative_transactions"].append(row)
    jobs = doubtful_cells(rec)
    assert [(j.name, j.value, j.text) for j in jobs] == [
        ("shares", 5, "JH bs yak 5"), ("shares_owned_following_transaction", None, "aiid")]
    assert jobs[0].bbox == (400, 100, 480, 130) and jobs[0].page == 1


def test_a_new_reading_is_taken_when_it_is_a_clean_number_that_says_something_new() -> None:
    assert accepted(_job(5, "JH bs yak 5", conf=23), "115,335", 95)
    assert accepted(_job(None, "aiid", conf=0), "1,284", 11)  # nothing parsed: any number
    assert not accepted(_job(5, "JH bs yak 5", conf=23), "115,335", 40)  # too unsure
    assert not accepted(_job(5596896, "5,596,896", conf=96), "9,096,896", 74)  # less sure
    assert accepted(_job(52044822, "52,044,822", conf=93), "52,044.822", 91)
    assert not accepted(_job(None, "(ty", conf=20), "()06/06/2005", 29)  # not a number
    assert not accepted(_job(None, "ca", conf=20), "|0", 61)
    assert not accepted(_job(2555, "2,555", conf=50), "2,555", 96)  # the same reading
    # The first reading had a footnote marker; one that lost it read the marker as digits.
    assert not accepted(_job(851, "851(1)", conf=60, notes=["F1"]), "8510", 90)
    assert not accepted(_job(2367, "2,367(1)", conf=84, notes=["F1"]), "2,3671", 95)
    # ... unless it names a footnote well past the filing's last: then it was digits.
    assert accepted(_job(16.5, "16,5(83)", conf=84, notes=["F83"], stray=True), "16,583", 95)
    # A marker worn to its bracket after a number its digit groups end: the number.
    assert replacement(_job(211000, "21,1000", conf=57), "21,100)", 76) == "21,100"
    assert not accepted(_job(211000, "21,1000", conf=57), "21,1001)", 76)
    # A speck read before a number whose digit groups show it whole.
    assert replacement(_job(None, "eg", conf=9), ".6,448", 40) == "6,448"
    assert not accepted(_job(None, "eg", conf=9), ".6448", 40)
    # A marker worn to its number and bracket after a whole group, where the first reading
    # saw the marker: the number and that marker ("giesbs(1)" for 7,992(1)).
    assert replacement(_job(None, "giesbs(1)", conf=33, notes=["F1"]), "7,9920)", 72) == \
        "7,992(1)"
    assert not accepted(_job(None, "giesbs", conf=33), "7,9920)", 72)
    # A cell the first reading made nothing of, read again with one digit as its look-alike.
    assert replacement(_job(None, "ike", conf=17), "B51)", 52) == "851"
    assert not accepted(_job(None, "ike", conf=17), "BB1)", 52)  # two look-alikes
    assert not accepted(_job(None, "ike", conf=17), "S1", 52)  # one digit
    assert not accepted(_job(85, "85", conf=60), "B51", 90)  # a number was read: not this way


def test_a_code_read_unsurely_is_doubted_and_a_clear_letter_replaces_it() -> None:
    rec = empty_record()
    row = empty_row("non_derivative_transactions")
    row["transaction_code"] = _read("J", "Je)", bbox=(300, 100, 330, 130), conf=20.0)
    row["acquired_disposed_code"] = _read("D", "D", bbox=(500, 100, 512, 130), conf=93.0)
    rec["non_derivative_transactions"].append(row)
    (job,) = doubtful_cells(rec)
    assert job.name == "transaction_code"
    assert replacement(job, "S", 91) == "S"
    # What is left of a footnote marker after the letter goes; the first reading's stay.
    assert replacement(job, "S()", 91) == replacement(job, "So)", 91) == "S"
    assert replacement(replace(job, footnote_ids=("F2",)), "Sc)", 91) == "S(2)"
    assert not accepted(job, "Se", 91) and not accepted(job, "5", 91)
    assert not accepted(job, "Q", 91)  # no transaction code
    assert not accepted(job, "J", 91)  # what was read already


def test_a_code_guessed_from_no_code_gives_way_to_a_letter_read_alone() -> None:
    """'p (1)' read at 67 became F by the (A)/(D) column; the cell read alone says 'D(1)' at 52:
    Tesseract's 67 was its confidence in the 'p', not in the F."""
    job = CellJob("non_derivative_transactions", 0, "transaction_code", 1, (300, 100, 330, 130),
                  "p (1)", "F", 67.0, ("F1",),
                  ("repaired:ocr-code", "repaired:code-vs-acquired-disposed"))
    assert replacement(job, "D(1)", 52.0) == "D(1)"
    assert replacement(job, "D(1)", 45.0) is None  # below the floor for a code
    read = replace(job, flags=())  # an F read as F at 67 is not given up for a 52
    assert replacement(read, "D(1)", 52.0) is None


def test_a_date_read_unsurely_is_doubted_and_read_again_only_as_a_whole_date() -> None:
    rec = empty_record()
    row = empty_row("non_derivative_transactions")
    row["transaction_date"] = _read("2014-01-24", "1/24/2014", bbox=(100, 100, 200, 130),
                                    conf=10.0)
    rec["non_derivative_transactions"].append(row)
    (job,) = doubtful_cells(rec)
    assert replacement(job, "11/24/2014", 88) == "11/24/2014"
    assert replacement(job, "11/24/20", 88) is None  # not a whole date
    assert replacement(job, "11/24/2814", 88) is None  # a date only after a repair
    assert replacement(job, "11/24/2063", 88) is None  # no transaction in the future


def test_a_marker_past_the_filings_last_footnote_is_taken_for_digits() -> None:
    rec = empty_record()
    rec["footnotes"] = [{"id": "F1", "text": "a"}, {"id": "F2", "text": "b"}]
    row = empty_row("non_derivative_transactions")
    row["shares"] = _read(16.5, "16,5(83)", ["repaired:decimal-comma"], notes=["F83"])
    row["shares_owned_following_transaction"] = _read(
        2367, "2,367(3)", ["check-failed:holdings-arithmetic"], bbox=(600, 100, 680, 130),
        notes=["F3"])
    rec["non_derivative_transactions"].append(row)
    stray, near = doubtful_cells(rec)
    assert stray.markers_stray and not near.markers_stray


def _pair_record(pages: list[PageLayout]) -> dict:
    """A stand-in for the mapping: two amounts read from two boxes that must agree."""
    rec = empty_record()
    row = empty_row("derivative_transactions")
    for name, box in (("shares", (400, 100, 480, 130)),
                      ("underlying_security_shares", (600, 100, 680, 130))):
        text = "".join(w.text for w in pages[0].words if box[0] <= w.cx <= box[2])
        row[name] = _read(int(text.replace(",", "")), text, bbox=box, conf=80.0)
    if row["shares"]["value"] != row["underlying_security_shares"]["value"]:
        for name in ("shares", "underlying_security_shares"):
            row[name]["flags"].append("check-failed:derivative-amounts")
    rec["derivative_transactions"].append(row)
    return rec


def test_of_two_amounts_read_again_the_one_that_breaks_their_agreement_keeps_its_first() -> None:
    page = _page([Word("27,460", 80, 400, 100, 480, 130), Word("27,400", 80, 600, 100, 680, 130)])
    first = _pair_record([page])
    jobs = doubtful_cells(first)
    assert len(jobs) == 2
    new = reassembled([page], first, jobs, [("27,400", 82.0), ("27,480", 81.0)], _pair_record)
    row = new["derivative_transactions"][0]
    assert row["shares"]["value"] == 27400 and REREAD_FLAG in row["shares"]["flags"]
    assert row["underlying_security_shares"]["value"] == 27400
    assert REREAD_FLAG not in row["underlying_security_shares"]["flags"]
    # Nothing taken: the first record as it was.
    assert reassembled([page], first, jobs, [("x", 0.0), ("y", 0.0)], _pair_record) is first


def _page(words, v_rules=()) -> PageLayout:
    return PageLayout(1, 1000, 400, 300, list(words), [], list(v_rules))


def test_the_cell_reaches_to_its_column_rules_when_they_are_near() -> None:
    page = _page([], v_rules=[(350, 50, 200), (520, 50, 200), (900, 50, 200)])
    assert cell_region(page, (400, 100, 480, 130)) == (353, 94, 517, 136)
    far = _page([], v_rules=[(20, 50, 200)])  # the nearest rule is another column's
    assert cell_region(far, (400, 100, 480, 130)) == (370, 94, 510, 136)


def test_an_accepted_reading_replaces_the_cells_words_and_no_other_fields() -> None:
    words = [Word("2", 50, 400, 100, 412, 130), Word("i", 30, 470, 100, 480, 130),
             Word("55", 20, 484, 104, 496, 128),  # a scrap of the same cell, outside the box
             Word("D", 95, 500, 100, 512, 130)]  # the next field, inside the cell's region
    page = _page(words, v_rules=[(350, 50, 200), (560, 50, 200)])
    rec = empty_record()
    row = empty_row("non_derivative_transactions")
    row["shares"] = _read(2, "2 i", ["check-failed:holdings-arithmetic"], conf=30)
    row["acquired_disposed_code"] = make_field("D", confidence=0.9, text="D", page=1,
                                               bbox=[500, 100, 512, 130])
    row["acquired_disposed_code"]["ocr_min_conf"] = 95.0  # read surely: not doubted
    rec["non_derivative_transactions"].append(row)
    jobs = doubtful_cells(rec)
    pages, taken = with_readings([page], rec, jobs, [("2,555", 92.0)])
    assert taken == jobs
    assert sorted(w.text for w in pages[0].words) == ["2,555", "D"]
    assert [w.text for w in page.words] == ["2", "i", "55", "D"]  # the input is not changed
    pages, taken = with_readings([page], rec, jobs, [("2 555 x", 92.0)])
    assert taken == [] and pages[0] is page
    mark_rereads(rec, jobs)
    assert REREAD_FLAG in rec["non_derivative_transactions"][0]["shares"]["flags"]
    assert REREAD_FLAG not in rec["non_derivative_transactions"][0]["acquired_disposed_code"][
        "flags"]


def test_page_ink_keeps_a_crop_as_black_ink_on_white() -> None:
    gray = np.full((40, 50), 230, np.uint8)
    gray[10:20, 5:45] = 20
    ink = PageInk.from_gray(gray)
    assert ink.bits.nbytes <= 40 * 7
    crop = ink.crop((0, 5, 50, 25))
    assert crop.shape == (20, 50) and crop.dtype == np.uint8
    assert (crop[5:15, 5:45] == 0).all() and (crop[:5] == 255).all() and crop[5, 0] == 255


def test_a_code_the_page_pass_lost_is_read_from_the_lone_letter_before_the_amount() -> None:
    """A code the mapping guessed (the page pass dropped the bold "P"): the one letter of ink
    between the row's date and its amount is read again alone with real Tesseract; a row
    with two blobs there (a "V" beside the code), or none, gets no job."""
    import cv2

    from extractor.cell_reread import lost_code_jobs

    def page_with(*letters: tuple[str, int]) -> tuple[PageLayout, PageInk]:
        gray = np.full((300, 1400), 235, np.uint8)
        cv2.putText(gray, "12/18/2017", (100, 160), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
        cv2.putText(gray, "25,000,000", (900, 160), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
        for text, x in letters:
            cv2.putText(gray, text, (x, 160), cv2.FONT_HERSHEY_DUPLEX, 1.0, 0, 3)
        return PageLayout(1, 1400, 300, 300, [], [], []), PageInk.from_gray(gray)

    def record() -> dict:
        rec = empty_record()
        row = empty_row("derivative_transactions")
        row["transaction_date"] = _read("2017-12-18", "12/18/2017", bbox=(100, 135, 290, 162))
        row["shares"] = _read(25000000, "25,000,000", bbox=(900, 135, 1090, 162))
        row["transaction_code"] = make_field("A", confidence=0.5, text=None, page=1, bbox=None)
        row["transaction_code"]["flags"] = ["repaired:code-guessed", "check-failed:missing-code"]
        rec["derivative_transactions"].append(row)
        return rec

    page, ink = page_with(("P", 560))
    [job] = lost_code_jobs(record(), [page], [ink])
    assert job.name == "transaction_code" and 540 <= job.bbox[0] < job.bbox[2] <= 600
    [(text, conf)] = read_cells([ink], [page], [job])
    assert replacement(job, text, conf) == "P"
    for letters in ((("P", 560), ("V", 700)), ()):
        page, ink = page_with(*letters)
        assert lost_code_jobs(record(), [page], [ink]) == []
    rec = record()
    rec["derivative_transactions"][0]["transaction_code"]["flags"] = []  # read, not guessed
    page, ink = page_with(("P", 560))
    assert lost_code_jobs(rec, [page], [ink]) == []


def test_a_number_the_page_pass_misread_is_read_again_from_its_cell(form4_pdf: Path) -> None:
    """Fault injection: the page pass is made to misread the first Table I amount as letters
    ('JH bs'); the second look reads the cell from the page again (real Tesseract)."""
    truth = json.loads((form4_pdf.parent.parent / "truth" / f"{form4_pdf.stem}.json").read_text())
    want = truth["non_derivative_transactions"][0]["shares"]["value"]
    read = read_document(form4_pdf)
    good = record_from_pages(read).data["non_derivative_transactions"][0]["shares"]
    assert good["value"] == want
    box = good["bbox"]
    page = read.layouts[0]
    inside = [w for w in page.words
              if box[0] <= w.cx <= box[2] and box[1] <= w.cy <= box[3]]
    assert inside
    garbled = [w for w in page.words if w not in inside] + [Word("JH bs", 21, *box)]
    broken = replace(read, layouts=[replace(page, words=garbled), *read.layouts[1:]])

    without = record_from_pages(broken, ExtractOptions(reread_cells=False)).data
    assert without["non_derivative_transactions"][0]["shares"]["value"] is None
    mended = record_from_pages(broken).data["non_derivative_transactions"][0]["shares"]
    assert mended["value"] == want
    assert REREAD_FLAG in mended["flags"]
    # The cell on its own reads as the number printed there.
    job = CellJob("non_derivative_transactions", 0, "shares", 1, tuple(box), "JH bs", None,
                  21.0, ())
    (text, conf), = read_cells(read.inks, read.layouts, [job])
    assert accepted(job, text, conf)


def _lost_and_read_again(form4_pdf: Path, pick: Callable[[dict], dict]) -> None:
    """Fault injection: the page pass loses the words of the field ``pick`` takes from a
    record; without the second look the field is empty, with it (real Tesseract) it comes
    back as first read, flagged."""
    read = read_document(form4_pdf)
    good = pick(record_from_pages(read).data)
    assert good["value"] is not None and good["bbox"]
    box = good["bbox"]
    page = read.layouts[good["page"] - 1]
    kept = [w for w in page.words
            if not (box[0] <= w.cx <= box[2] and box[1] <= w.cy <= box[3])]
    layouts = list(read.layouts)
    layouts[good["page"] - 1] = replace(page, words=kept)
    broken = replace(read, layouts=layouts)
    assert pick(record_from_pages(broken, ExtractOptions(reread_cells=False)).data)[
        "value"] is None
    mended = pick(record_from_pages(broken).data)
    assert mended["value"] == good["value"]
    assert REREAD_FLAG in mended["flags"]


def test_a_signature_date_the_page_pass_lost_is_read_from_above_its_caption(
        form4_pdf: Path) -> None:
    """The signature's date: the region above the 'Date' caption, level with the signature,
    is read again."""
    _lost_and_read_again(form4_pdf, lambda rec: rec["signatures"][0]["date"])


def test_a_zip_code_the_page_pass_lost_is_read_from_beside_the_state(form4_pdf: Path) -> None:
    """The owner's ZIP code: the stretch right of the state word is read again."""
    _lost_and_read_again(form4_pdf, lambda rec: rec["reporting_owners"][0]["zip_code"])


def test_zip_code_jobs_only_for_zip_codes_not_read() -> None:
    from extractor.cell_reread import zip_code_jobs
    from extractor.record import empty_owner

    rec = empty_record(path="x.pdf", sha256="0", pages=1, dpi=300)
    owner = empty_owner()
    owner["state"] = make_field("WA", confidence=0.9, text="WA", page=1, bbox=[488, 796, 544, 822])
    rec["reporting_owners"] = [owner]
    page = PageLayout(1, 3300, 2550, 300, [], [], [])
    [job] = zip_code_jobs(rec, [page])
    assert job.bbox == (552, 784, 964, 834) and cell_region(page, job.bbox, job.table) == job.bbox
    owner["zip_code"] = make_field("98113", confidence=0.9)
    assert zip_code_jobs(rec, [page]) == []


def _signed(caption: Word, name_bottom: int = 2180) -> tuple[PageLayout, dict]:
    """A page signed "/s/ Ann" with the date caption ``caption``, and its record with the
    signature's date not read."""
    words = [Word("/s/", 95, 1700, 2150, 1740, 2180),
             Word("Ann", 95, 1750, 2150, 1820, name_bottom), caption]
    rec = empty_record(path="x.pdf", sha256="0", pages=1, dpi=300)
    rec["signatures"] = [{"name": make_field("/s/ Ann", confidence=0.9, text="/s/ Ann", page=1,
                                             bbox=[1700, 2150, 1820, name_bottom]),
                          "date": make_field(None, confidence=0.5)}]
    return PageLayout(1, 3300, 2550, 300, words, [], []), rec


def test_signature_date_jobs_only_for_dates_not_read() -> None:
    from extractor.cell_reread import signature_date_jobs

    page, rec = _signed(Word("Date", 95, 2700, 2205, 2780, 2230))
    [job] = signature_date_jobs(rec, [page])
    assert job.table == "signatures" and job.bbox == (2660, 2135, 3260, 2203)
    assert cell_region(page, job.bbox, job.table) == job.bbox
    rec["signatures"][0]["date"] = make_field("2024-01-02", confidence=0.9)
    assert signature_date_jobs(rec, [page]) == []
    # a date completed from a part the page pass read ("17/2020") is read again
    rec["signatures"][0]["date"] = make_field("2024-01-02", confidence=0.5, text="02/2024",
                                              flags=["repaired:signature-date-part"])
    assert len(signature_date_jobs(rec, [page])) == 1


def test_signature_date_job_under_a_caption_a_fax_garbled() -> None:
    """The "Date" caption read with a mark ("Date!") and a stamp's noise making it tall, its
    top above the foot of the signature: the region above it is still read again."""
    from extractor.cell_reread import signature_date_jobs

    page, rec = _signed(Word("Date!", 88, 2700, 2185, 2772, 2244), name_bottom=2190)
    [job] = signature_date_jobs(rec, [page])
    assert job.bbox == (2660, 2135, 3260, 2183)


def test_an_empty_crop_reads_as_nothing() -> None:
    """A cell box at the page's edge can crop to nothing: it reads as no text instead of
    failing the document (real Tesseract on the other crop)."""
    import cv2

    from extractor.ocr import read_crops

    word = np.full((60, 200), 255, np.uint8)
    cv2.putText(word, "4,200", (10, 45), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 2)
    texts = read_crops([word, np.zeros((0, 30), np.uint8)], engine="pytesseract", dpi=300)
    assert texts[1] == ("", -1.0)
    assert texts[0][0].replace(",", "") == "4200"


def test_a_code_is_read_again_without_its_raised_marker() -> None:
    """Beside a raised "(1)" Tesseract reads a lone code letter as another; the marker is
    whitened before the cell is read again (the first reading's markers are kept), and a
    letter with nothing raised after it is read as it is (real Tesseract)."""
    import cv2

    from extractor.cell_reread import without_raised_marker
    from extractor.ocr import read_crops

    cell = np.full((70, 150), 255, np.uint8)
    cv2.putText(cell, "D", (10, 58), cv2.FONT_HERSHEY_SIMPLEX, 1.5, 0, 3)
    cv2.putText(cell, "(1)", (60, 30), cv2.FONT_HERSHEY_SIMPLEX, 0.7, 0, 2)
    alone = without_raised_marker(cell)
    assert (alone[:, 60:] == 255).all() and (alone[:, :50] == cell[:, :50]).all()
    assert read_crops([alone], engine="pytesseract", dpi=300)[0][0] == "D"
    level = np.full((70, 150), 255, np.uint8)
    cv2.putText(level, "D1", (10, 58), cv2.FONT_HERSHEY_SIMPLEX, 1.5, 0, 3)
    assert (without_raised_marker(level) == level).all()


def test_signature_date_read_alone_with_a_separator_lost() -> None:
    from extractor.cell_reread import _signature_date_as_read

    assert _signature_date_as_read("10/24.2007") == "10/24/2007"
    assert _signature_date_as_read("05/03/2024.") == "05/03/2024"
    assert _signature_date_as_read("11252024") == "11/25/2024"
    # one separator read, the other lost
    assert _signature_date_as_read("10/242007") == "10/24/2007"
    assert _signature_date_as_read("11.252024") == "11/25/2024"
    assert _signature_date_as_read("1125/2024") == "11/25/2024"
    assert _signature_date_as_read("0143sRy.") == "0143sRy"  # no date: left for the test
    assert _signature_date_as_read("13252024") == "13252024"  # no month 13
