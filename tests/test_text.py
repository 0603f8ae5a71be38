"""OCR text in, record out (extractor.text): the seed filing, the row grammar on hand-made
garbled lines, and one end-to-end run over real Tesseract text of a rendered filing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from extractor.text import extract_text, extract_text_file
from extractor.text import tokens as tk
from extractor.text.extract import resolve_markers
from extractor.text.lines import clean_line, clean_lines
from extractor.text.rows import is_data_row, parse_row
from extractor.text.sections import TableRow, anchor, read_footnotes, read_signatures

SEED = "seed/000_d8ce4ece6e55602e.txt"


# --- the seed filing ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_record(shared_data: Path) -> dict:
    from extractor.ingest import open_document

    path = shared_data / SEED
    if not path.exists():
        pytest.skip(f"{path} not found")
    rec = extract_text_file(open_document(path))
    return rec.data


def _v(field: dict) -> object:
    return field["value"]


@pytest.mark.shared
def test_seed_header(seed_record: dict) -> None:
    from extractor.schema import validate_record

    validate_record(seed_record)
    r = seed_record
    assert _v(r["issuer"]["name"]) == "QUALYS, INC."
    assert _v(r["issuer"]["trading_symbol"]) == "QLYS"
    assert _v(r["period_of_report"]) == "2023-02-06"
    assert _v(r["document_type"]) == "4"
    assert r["source"]["pages"] == 1 and r["source"]["dpi"] is None
    assert r["source"]["path"].endswith("000_d8ce4ece6e55602e.txt")
    assert len(r["source"]["sha256"]) == 64
    (owner,) = r["reporting_owners"]
    assert _v(owner["name"]) == "Peters Allan"
    # the care-of line and the street OCR ran together are two street lines
    assert _v(owner["street1"]) == "C/O QUALYS, INC."
    assert _v(owner["street2"]) == "919 E. HILLSDALE BLVD."
    assert (_v(owner["city"]), _v(owner["state"]), _v(owner["zip_code"])) == (
        "FOSTER CITY", "CA", "94404")
    assert _v(owner["is_officer"]) is True
    assert str(_v(owner["officer_title"])).startswith("Chief Revenu")
    for path, field in _fields(r):
        assert field["page"] == 1 and field["bbox"] is None, path
        assert 0.0 <= field["confidence"] <= 1.0, path


def _fields(record: dict) -> list[tuple[str, dict]]:
    from extractor.record import iter_fields

    return list(iter_fields(record))


@pytest.mark.shared
def test_seed_table_rows(seed_record: dict) -> None:
    r = seed_record
    assert r["derivative_transactions"] == [] and r["derivative_holdings"] == []
    assert r["non_derivative_holdings"] == []
    rows = r["non_derivative_transactions"]
    assert len(rows) == 2
    want = [
        ("A", 3638, "F1", 0.0, "A", 46274),
        ("F", 1051, "F2", 121.02, "D", 45223),
    ]
    for row, (code, shares, fid, price, ad, after) in zip(rows, want, strict=True):
        assert _v(row["security_title"]) == "Common Stock"
        assert _v(row["transaction_date"]) == "2023-02-06"
        assert _v(row["transaction_code"]) == code
        assert _v(row["shares"]) == shares
        assert row["shares"]["footnote_ids"] == [fid]
        assert _v(row["price_per_share"]) == price
        assert _v(row["acquired_disposed_code"]) == ad
        assert _v(row["shares_owned_following_transaction"]) == after
        assert _v(row["direct_or_indirect_ownership"]) == "D"
        assert _v(row["equity_swap_involved"]) is False
    # 46,274 was read as '40 5,274' and mended by the holdings arithmetic
    mended = rows[0]["shares_owned_following_transaction"]
    assert any(f.startswith("repaired:") for f in mended["flags"])
    assert "repaired:holdings-arithmetic" in mended["flags"]
    clean = [rows[1]["shares_owned_following_transaction"], rows[1]["shares"],
             rows[0]["shares"], rows[1]["price_per_share"]]
    assert all(mended["confidence"] < f["confidence"] for f in clean)


@pytest.mark.shared
def test_seed_footnotes_and_signature(seed_record: dict) -> None:
    r = seed_record
    notes = {n["id"]: _v(n["text"]) for n in r["footnotes"]}
    assert set(notes) == {"F1", "F2"}
    assert notes["F1"].startswith("Represents the acquisition of shares upon the determination")
    assert notes["F1"].endswith("on October 28, 2021.")
    assert notes["F2"].startswith("The reported shares were withheld to cover")
    (sig,) = r["signatures"]
    assert _v(sig["name"]) == "/s/ Bruce Posey, by Power of Attorney for Allan Peters"
    assert _v(sig["date"]) == "2023-02-08"
    assert _v(r["remarks"]) is None


@pytest.mark.shared
def test_seed_through_the_pipeline(shared_data: Path, tmp_path: Path) -> None:
    from extractor.pipeline import extract_file_to_dir

    src = tmp_path / "seed.txt"
    shutil.copyfile(shared_data / SEED, src)
    line = extract_file_to_dir(src, tmp_path / "out")
    assert line.startswith("OK")
    data = json.loads((tmp_path / "out" / "seed.json").read_text("utf-8"))
    assert data["issuer"]["trading_symbol"]["value"] == "QLYS"


def test_not_a_form4(tmp_path: Path) -> None:
    from extractor.errors import NotAForm4Error

    with pytest.raises(NotAForm4Error):
        extract_text("Minutes of the annual meeting.\nNothing to see here.\n")


# --- markup, tokens, row grammar ------------------------------------------------------------


def test_clean_line_removes_markup() -> None:
    assert clean_line("## **UNITED STATES**") == "UNITED STATES"
    assert clean_line("D \\$\t\t121.02") == "D $ 121.02"
    assert clean_line("A\t-\t<b>5</b> 0.00") == "A - 5 0.00"
    assert clean_line("- 1. Represents the acquisition") == "1. Represents the acquisition"
    assert clean_lines("a\n\n\nb", keep_breaks=True) == ["a", "", "b"]


@pytest.mark.parametrize(
    ("raw", "core", "ids"),
    [
        ("3,638(1)", "3,638", ("F1",)),
        ("$15.64(2)(3)", "$15.64", ("F2", "F3")),
        ("(4)", "", ("F4",)),
        ("Trust(I)", "Trust", ("F1",)),
        ("$28.68°)", "$28.68", ()),
        ("17,649()", "17,649", ()),
        ("Common", "Common", ()),
    ],
)
def test_split_marker(raw: str, core: str, ids: tuple[str, ...]) -> None:
    t = tk.split_marker(raw)
    assert (t.core, t.footnotes) == (core, ids)


def test_token_readers() -> None:
    assert tk.read_date("02/06/2023").value == "2023-02-06"
    assert tk.read_date("O2/06/2023").value == "2023-02-06"
    assert tk.read_date("13/45/2023") is None
    assert tk.read_split_date("02/06/20", "023").value == "2023-02-06"
    assert tk.read_split_date("02/06/", "2023").value == "2023-02-06"
    assert tk.read_number("1O,000").value == 10000
    assert tk.read_number("D") is None
    assert tk.read_split_number("40", "5,274").value == 405274
    assert tk.read_split_number("17,", "649").value == 17649
    assert tk.read_price("$121.02").value == 121.02
    assert tk.read_dollar_split("5", "0.00").value == 0
    assert tk.read_split_price("$28", ".3683").value == 28.3683
    assert tk.read_code("Ss", "SPA").value == "S"
    assert tk.read_code("5", "SPA").value == "S"
    # a superscript marker read as digits: the expected next marker decides
    assert tk.resolve_partial_price("$28.2218)", 8) == (28.22, "F8")
    assert tk.resolve_partial_price("$28.53)", 1) == (28.53, None)


def _cells(line: str, table: str = "table1") -> dict:
    p = parse_row(clean_line(line), table)
    assert p is not None and is_data_row(p), line
    return {k: c.value for k, c in p.cells.items() if c.value is not None}


def test_row_split_date_split_number_and_dollar_read_as_5() -> None:
    c = _cells("Common Stock 02/06/20\t\t023\t\tA\t3,638(1)\tA\t-\t<b>5</b> 0.00\t40\t5,274\tD")
    assert c["transaction_date"] == "2023-02-06"
    assert c["transaction_code"] == "A" and c["acquired_disposed_code"] == "A"
    assert c["shares"] == 3638
    assert c["price_per_share"] == 0
    assert c["shares_owned_following_transaction"] == 405274  # mended later by the checks
    assert c["direct_or_indirect_ownership"] == "D"


def test_row_stray_digit_is_noise_not_a_split_number() -> None:
    c = _cells("Common Stock 02/06/20 023 F 1,051(2) D \\$ 121.02 2 45,223 D")
    assert c["price_per_share"] == 121.02
    assert c["shares_owned_following_transaction"] == 45223


def test_row_stray_pipes_and_glued_markers() -> None:
    p = parse_row("Common Stock | 03/01/2021 | S(1) | 500 | D | $9.10(2) | 4,500 | I | "
                  "By Spouse(3) |", "table1")
    assert p is not None and is_data_row(p) and not p.holding
    assert p.value("transaction_code") == "S"
    assert p.cells["transaction_code"].footnotes == ["F1"]
    assert p.value("price_per_share") == 9.10
    assert p.cells["price_per_share"].footnotes == ["F2"]
    assert p.value("direct_or_indirect_ownership") == "I"
    assert p.value("nature_of_ownership") == "By Spouse"
    assert p.cells["nature_of_ownership"].footnotes == ["F3"]


def test_row_ocr_letters_for_digits_and_lowercase_code() -> None:
    c = _cells("Class A Common Stock O3/15/2019 s 1,2O0 D $45.10 98,800 D")
    assert c["transaction_date"] == "2019-03-15"
    assert c["transaction_code"] == "S"
    assert c["shares"] == 1200
    assert c["security_title"] == "Class A Common Stock"


def test_row_holding() -> None:
    p = parse_row("Common Stock 4,149 I By Trust(1)", "table1")
    assert p is not None and is_data_row(p) and p.holding
    assert p.value("shares_owned_following_transaction") == 4149
    assert p.value("nature_of_ownership") == "By Trust"


def test_row_table2() -> None:
    c = _cells("Stock Option (right to buy) $6.48 09/30/2013 M 1,839 02/13/2013 | 02/12/2022 "
               "Common Stock 1,839 $0 23,100 D", "table2")
    assert c["conversion_or_exercise_price"] == 6.48
    assert c["transaction_date"] == "2013-09-30" and c["transaction_code"] == "M"
    assert c["shares"] == 1839
    assert (c["exercise_date"], c["expiration_date"]) == ("2013-02-13", "2022-02-12")
    assert c["underlying_security_title"] == "Common Stock"
    assert c["underlying_security_shares"] == 1839
    assert c["price_per_share"] == 0
    assert c["shares_owned_following_transaction"] == 23100


def test_headings_are_not_rows() -> None:
    for line in ("Code V Amount (A) or (D) Price", "(Month/Day/Year) Transaction(s) (Instr. 3"):
        p = parse_row(line, "table1")
        assert not is_data_row(p)


def test_marker_sequence_mends_prices() -> None:
    rows = [TableRow(parse_row(line, "table1"), line) for line in (
        "Common Stock 05/25/2015 S 9,600 D $28.53(1) 177,243 D",
        "Common Stock 05/25/2015 S 9,375 D $28.7102) 167,868 D",
    )]
    resolve_markers(rows)
    cell = rows[1].parse.cells["price_per_share"]
    assert cell.value == 28.71 and cell.footnotes == ["F2"]


def test_sections() -> None:
    assert anchor("Table | - Non-Derivative Securities Acquired, Disposed of, or Beneficially "
                  "Owned") == "table1"
    assert anchor("5 Table II - Derivative Securities Acquired, Disposed of, or Beneficially "
                  "Owned") == "table2"
    assert anchor("Explanation of Responses:") == "notes"
    assert anchor("O") is None
    notes = read_footnotes(["(1)", "The first note.", "", "The second note, its number lost.",
                            "3. The third."])
    assert notes == [("F1", "The first note."), ("F2", "The second note, its number lost."),
                     ("F3", "The third.")]
    sigs = read_signatures(["/s/ Kenneth L. Achterberg, 07/28/2011", "Attorney-in-Fact",
                            "** Signature of Reporting Person Date"])
    assert sigs[0][0] == "/s/ Kenneth L. Achterberg, Attorney-in-Fact"
    assert sigs[0][2] == "2011-07-28"


def test_footnote_numbers_read_as_a_column() -> None:
    notes = read_footnotes(["(1)", "", "(2)", "", "The first note.", "", "The second",
                            "note."])
    assert notes == [("F1", "The first note."), ("F2", "The second note.")]


def test_signatures_typed_and_signed() -> None:
    sigs = read_signatures(["Diane H. Brennan", "** Signature of Reporting Person",
                            "/s/ Priya M. Thornbury,", "Attorney-in-Fact",
                            "** Signature of Reporting Person", "02/01/2022", "Date",
                            "02/03/2022", "Date"])
    assert [(n, d) for n, _, d, _ in sigs] == [
        ("Diane H. Brennan", "2022-02-01"),
        ("/s/ Priya M. Thornbury, Attorney-in-Fact", "2022-02-03")]


def test_reporting_owners_table() -> None:
    from extractor.text.sections import read_owner_blocks

    blocks = read_owner_blocks([
        "Reporting Owner Name / Address Relationships", "Director 10% Owner Officer Other",
        "Lockhart Richard C", "3609 PEACHTREE ROAD NE X X", "SUITE 210", "GREENWICH, CT 06838",
        "Ridgeline Growth Fund X, L.P.", "3609 PEACHTREE ROAD NE", "SUITE 210", "GREENWICH,",
        "CT 06838", "x"])
    assert [(b.name, b.streets, b.city, b.state, b.zip_code, b.marks) for b in blocks] == [
        ("Lockhart Richard C", ["3609 PEACHTREE ROAD NE", "SUITE 210"], "GREENWICH", "CT",
         "06838", 2),
        ("Ridgeline Growth Fund X, L.P.", ["3609 PEACHTREE ROAD NE", "SUITE 210"], "GREENWICH",
         "CT", "06838", 1)]


def test_header_boxes_run_together() -> None:
    from extractor.text.header import read_header

    h = read_header([
        "1. Name and Address of Reporting Person* 2. Issuer Name and Ticker or Trading Symbol "
        "5. Relationship of Reporting Person(s) to Issuer",
        "RADCLIFFE ROBERT S Quarry Point Robotics Group, Inc. [ QPRO ] (Check all applicable)",
        "X Director X 10% Owner",
        "(Last) (First) (Middle) 3. Date of Earliest Transaction (Month/Day/Year)",
        "C/O QUARRY POINT ROBOTICS GROUP, INC. 07/26/2011 Officer (give title below) Other "
        "(specify below)",
        "1230 BROADWAY",
        "(Street) 4. If Amendment, Date of Original Filed (Month/Day/Year) 6. Individual or "
        "Joint/Group Filing (Check Applicable Line)",
        "SEATTLE WA 98118 X Form filed by One Reporting Person",
        "(City) (State) (Zip) Form filed by More than One Reporting Person"])
    assert h.owner_name.value == "RADCLIFFE ROBERT S"
    assert (h.issuer_name.value, h.ticker.value) == ("Quarry Point Robotics Group, Inc.", "QPRO")
    assert (h.street1.value, h.street2.value) == ("C/O QUARRY POINT ROBOTICS GROUP, INC.",
                                                  "1230 BROADWAY")
    assert (h.city.value, h.state.value, h.zip_code.value) == ("SEATTLE", "WA", "98118")
    assert h.period.value == "2011-07-26" and h.amendment is None
    assert set(h.relationship) == {"is_director", "is_ten_percent_owner"}


# --- end to end: rendered filing -> Tesseract text -> record --------------------------------


def _tesseract_text(pdf: Path) -> str:
    from pdf2image import convert_from_path

    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    texts = []
    for k, page in enumerate(convert_from_path(str(pdf), dpi=300, grayscale=True)):
        png = pdf.parent / f"{pdf.stem}-p{k}.png"
        page.save(png, dpi=(300, 300))
        out = subprocess.run(["tesseract", str(png), "-", "--psm", "3", "--dpi", "300"],
                             capture_output=True, text=True, env=env, check=True)
        texts.append(out.stdout)
        png.unlink()
    return "\n\n".join(texts)


@pytest.mark.slow
@pytest.mark.parametrize("doc", ["syn11-000-edgar-clean", "syn11-001-paper-clean"])
def test_end_to_end_tesseract_text(rendered: Path, tmp_path: Path, doc: str) -> None:
    from extractor.evaluate import compare_records
    from extractor.schema import validate_record

    if shutil.which("tesseract") is None:
        pytest.skip("tesseract not installed")
    pdf = tmp_path / f"{doc}.pdf"
    shutil.copyfile(rendered / "scans" / f"{doc}.pdf", pdf)
    rec = extract_text(_tesseract_text(pdf))
    validate_record(rec.data)
    truth = json.loads((rendered / "truth" / f"{doc}.json").read_text("utf-8"))
    result = compare_records(rec.data, truth, name=doc)
    assert result.field_acc is not None and result.field_acc >= 0.8, [
        (o.path, o.truth, o.pred) for o in result.errors]


# --- free text, signatures, titles and rows mended (issue 5 tuning) ---------------------------


def test_notes_mended_as_prose() -> None:
    from extractor.text.extract import mend_notes

    boiler = ("The price reported in Column 4 is a weighted average price. These shares were "
              "sold at prices ranging from $1.{0} to $2.{0}, inclusive.")
    notes = [("F1", "The shares are held by the Trust, of which the reporting person is "
                    "trustee. . ' - ' ="),
             ("F2", "Vested units will be settled in shares as soon as practicable "
                    "after:vesting"),
             ("F3", boiler.format("10").replace("weighted", "weigted")),
             ("F4", boiler.format("20")), ("F5", boiler.format("30")),
             ("F6", "includes 701 shares held by the staff - ' of the Issuer, OF the "
                    "undertakes _ to")]
    out = {fid: text for fid, text, _, _ in mend_notes(notes)}
    assert out["F1"] == ("The shares are held by the Trust, of which the reporting person is "
                         "trustee.")
    assert out["F2"] == ("Vested units will be settled in shares as soon as practicable "
                         "after vesting.")
    assert out["F3"] == boiler.format("10")
    assert out["F6"] == ("Includes 701 shares held by the staff of the Issuer, of the "
                         "undertakes to.")


def test_free_text_keeps_real_words_the_vocabulary_lacks() -> None:
    from extractor.text.extract import mend_free_text, mend_remarks

    assert mend_free_text("The person is filing this Form 4 voluntarily.")[0] == \
        "The person is filing this Form 4 voluntarily."
    assert mend_free_text("full information tegarding the number")[0] == \
        "full information regarding the number"
    assert mend_remarks("This amendment is filed solely to add a footnote. et")[0] == \
        "This amendment is filed solely to add a footnote."
    assert mend_remarks("Exhibit 99. 1 - Joint Filer Information")[0] == \
        "Exhibit 99.1 - Joint Filer Information"


def test_signature_continuations() -> None:
    sigs = read_signatures(["/s/ Anthony N. Quintero,", "01/21/2006", "Attorney-in-Fact",
                            "** Signature of Reporting Person"])
    assert sigs[0][0] == "/s/ Anthony N. Quintero, Attorney-in-Fact"
    assert sigs[0][2] == "2006-01-21"
    sigs = read_signatures(["/s/ Andrew P. Lockhart, as 10/04/2022",
                            "Attorney-in-Fact for Andrew", "Rasmussen",
                            "** Signature of Reporting Person Date"])
    assert sigs[0][0] == "/s/ Andrew P. Lockhart, as Attorney-in-Fact for Andrew Rasmussen"
    sigs = read_signatures(["y 2 /s/ Marcus M Rasmussen, ' 07/2 8/2015",
                            "; . Attor ney-in-Fact", "Signature of Reporting Person Date"])
    assert sigs[0][0] == "/s/ Marcus M. Rasmussen, Attorney-in-Fact"
    assert sigs[0][2] == "2015-07-28"
    sigs = read_signatures(["/s/ David A. Fairchild, 12/15/2012",
                            "Note: File three copies of this Form, one of which must be "
                            "manually signed. If space is insufficient, see Instruction 6 for "
                            "Attorney-in-Fact", "** Signature of Reporting Person Date"])
    assert sigs[0][0] == "/s/ David A. Fairchild, Attorney-in-Fact"
    sigs = read_signatures(["raf) /s/ Mei Ostrowski, Attorney-in-Fact 12/10/2005",
                            "a ' 5 . * Tae * . ans} ii", "Signature of Reporting Person Date"])
    assert sigs[0][0] == "/s/ Mei Ostrowski, Attorney-in-Fact"


def test_dates_from_neighbouring_rows() -> None:
    from extractor.record import make_field
    from extractor.text.extract import _dates_from_neighbours

    rows = [{"transaction_date": make_field(d, confidence=0.9)}
            for d in ("2005-06-24", None, "2005-06-24", "2005-06-25", None, "2005-06-26")]
    _dates_from_neighbours(rows)  # type: ignore[arg-type]
    assert [r["transaction_date"]["value"] for r in rows] == [
        "2005-06-24", "2005-06-24", "2005-06-24", "2005-06-25", None, "2005-06-26"]
    assert "inferred:date-from-other-rows" in rows[1]["transaction_date"]["flags"]
    rows = [{"transaction_date": make_field(d, confidence=0.9)}
            for d in (None, "2015-11-13", "2015-11-13")]
    _dates_from_neighbours(rows)  # type: ignore[arg-type]
    assert rows[0]["transaction_date"]["value"] == "2015-11-13"


def test_titles_mended_and_split() -> None:
    from extractor.text.extract import _snap_title, _split_score, mend_title_word, tidy_street

    assert mend_title_word("Connon") == "Common"
    assert mend_title_word("Stack") == "Stock"
    assert mend_title_word("Bellhaven") == "Bellhaven"
    assert _snap_title("Common por", {"common stock": "Common Stock"}) == "Common Stock"
    # a wrapped nature of ownership goes to the nature, not the title
    good = _split_score("table1", "Common Stock", "By Bellhaven Opportunity Fund VIII, LP",
                        set(), "I")
    bad = _split_score("table1", "Common Stock Fund VIII, LP", "By Bellhaven Opportunity",
                       set(), "I")
    assert good > bad
    assert tidy_street("C/O. UPLAND NETWORKS, INC.") == "C/O UPLAND NETWORKS, INC."
    assert tidy_street("2791 CANYON ROAD 5") == "2791 CANYON ROAD"
    assert tidy_street("100 MAIN STREET SUITE 5") == "100 MAIN STREET SUITE 5"
    assert tidy_street("HOLDINGS CO..") == "HOLDINGS CO."


def test_nearest_consensus_outvotes_damaged_repetitions() -> None:
    from extractor.text.extract import nearest_consensus

    base = ("The reporting person undertakes to provide to the Issuer, upon request, full "
            "information regarding the number of shares sold at each separate price of ${}.")
    texts = [base.format(n) for n in ("1.10", "1.20", "1.30", "1.40")]
    texts.append(base.format("1.50").replace("full", "ful]").replace("undertakes",
                                                                     "undertakes,"))
    texts.append("The reporting person undertakes $1.60 sold at each.")  # badly damaged
    out = nearest_consensus(texts)
    assert out[4] == (base.format("1.50"), True)
    assert out[0] == (texts[0], False)


def test_footnote_numbers_column_then_one_run_of_texts() -> None:
    notes = read_footnotes(["(1)", "", "(2)", "", "(3)", "",
                            "The first note runs over", "two lines.",
                            "The second note.", "The third note", "ends here."])
    assert notes == [("F1", "The first note runs over two lines."),
                     ("F2", "The second note."), ("F3", "The third note ends here.")]


def test_footnote_number_misread_and_out_of_order_numbers() -> None:
    notes = read_footnotes(["1. The first note.", "‘2. The second note.",
                            "3, The third note.", "(2)", "and its tail."])
    assert notes == [("F1", "The first note."), ("F2", "The second note."),
                     ("F3", "The third note. and its tail.")]
    assert read_footnotes(["(1) The grant vests on October", "8, 2004."]) == [
        ("F1", "The grant vests on October 8, 2004.")]


def test_notes_read_as_two_columns_stitched() -> None:
    from extractor.text.sections import stitch_note_columns

    wide = "is a weighted average price. These shares were sold in multiple transactions"
    lines = ["(1) The price reported in Column 4", "$9.43 to $9.57, inclusive. The", "price.",
             "", "The price reported in Column 4", "$9.39 to $9.54, inclusive. The", "price.",
             "", wide, "reporting person undertakes to provide the details of each",
             "", wide, "reporting person undertakes to provide the details of each"]
    out = stitch_note_columns(lines)
    assert out[:3] == [f"(1) The price reported in Column 4 {wide}",
                       "$9.43 to $9.57, inclusive. The reporting person undertakes to "
                       "provide the details of each", "price."]
    notes = read_footnotes(lines)
    assert [f for f, _ in notes] == ["F1", "F2"]
    assert notes[1][1].startswith(f"The price reported in Column 4 {wide} $9.39")
    # one column of prose whose paragraph OCR broke inside a sentence stays as read
    prose = ["The shares are held by a trust of which the reporting person is the trustee",
             "and the reporting person disclaims beneficial ownership of the shares.", "",
             "except to the extent of his pecuniary interest therein."]
    assert stitch_note_columns(prose) == prose


def test_prose_slips_mended() -> None:
    from extractor.mapping.normalize import lower_inside_sentence
    from extractor.text.extract import mend_free_text

    counts = {"price": 4000, "Price": 0, "provide": 900, "Issuer": 400, "issuer": 150,
              "Information": 30, "information": 900}
    assert lower_inside_sentence("a weighted average Price. Then to Provide to the Issuer",
                                 counts) == \
        "a weighted average price. Then to provide to the Issuer"
    assert lower_inside_sentence("Joint Filer Information.", counts) == \
        "Joint Filer Information."
    assert mend_free_text("ranging from $28.15 to'$28.43, inclusive..")[0] == \
        "ranging from $28.15 to $28.43, inclusive."
    assert mend_free_text("shares sold at. each price in Column 4'is")[0] == \
        "shares sold at each price in Column 4 is"


@pytest.mark.parametrize(
    ("raw", "core"),
    [("$68.34?)", "$68.34"), ("$28.6822('8)", "$28.6822"), ("$68.0925'*)", "$68.0925"),
     ("$68.82\"!", "$68.82"), ("7,632'", "7,632'")],
)
def test_split_marker_junk_tail(raw: str, core: str) -> None:
    assert tk.split_marker(raw).core == core


def test_prices_split_or_doubled_point() -> None:
    assert tk.read_price("$37..3796").value == 37.3796
    assert _cells("Common Stock 06/24/2005 S 7,337 D $68 . 25 (13) 62,429 D")[
        "price_per_share"] == 68.25
    assert _cells("Common Stock 06/24/2005 S 4,122 D $68. 21(10) 80,009 D")[
        "price_per_share"] == 68.21


def test_partial_price_readings_against_expected_markers() -> None:
    # digits that name no marker expected are the price's own
    assert tk.partial_price_readings("$27.8788)", [9])[0][1:] == (27.8788, None)
    assert tk.partial_price_readings("$28.492)", [5])[0][1:] == (28.492, None)
    assert tk.partial_price_readings("$69.057)", [17, 18])[0][1:] == (69.05, "F17")


def test_note_price_ranges() -> None:
    from extractor.text.extract import note_price_ranges

    notes = [("F1", "The transactions were effected pursuant to a Rule 10b5-1 plan."),
             ("F2", "The price reported is a weighted average price. These shares were sold at "
                    "prices ranging from $28.23 to $28.93, inclusive.")]
    assert note_price_ranges(notes) == {2: (28.23, 28.93)}


def test_code_with_garbled_marker_and_weak_code_from_neighbours() -> None:
    from extractor.text.extract import infer_from_neighbours

    assert tk.read_code("si", tk.TRANSACTION_CODES).value == "S"
    assert tk.read_code("$s)", tk.TRANSACTION_CODES).value == "S"
    assert tk.read_code("S“)", tk.TRANSACTION_CODES).value == "S"

    def row(code: str, text: str, flags: list[str]) -> dict:
        f = {"value": code, "text": text, "flags": flags, "confidence": 0.8}
        return {"transaction_code": f, "acquired_disposed_code": {"value": "D"},
                "direct_or_indirect_ownership": {"value": "D", "flags": []},
                "nature_of_ownership": {"value": None}, "transaction_date":
                    {"value": "2005-06-24", "flags": []}}

    rows = [row("S", "S(1)", []) for _ in range(4)] + [
        row("E", "e))", []), row("D", "0)", ["repaired:ocr-code"]), row("D", "D", [])]
    infer_from_neighbours(rows)
    assert [r["transaction_code"]["value"] for r in rows] == ["S"] * 6 + ["D"]


def test_par_value_titles_settled_from_the_rows() -> None:
    from extractor.text.extract import settle_par_value_titles

    def f(v: str | None) -> dict:
        return {"value": v, "flags": [], "confidence": 0.8}

    want = "Common Stock, par value $0.001 per share"
    titles = [f("$0.00! per share value"), f("Sota value"), f("S0.001D et pat alle"),
              f("$0.001 per share"), f("Rae ee ae value"), f(None)]
    settle_par_value_titles(titles)
    assert all(t["value"] == want for t in titles)
    # a title read whole in one row; other classes stay
    titles = [f("Common Stock, par value $0.01 per share"), f("ee value"), f("Rate ogi value"),
              f("Series A Preferred Stock")]
    settle_par_value_titles(titles)
    assert [t["value"] for t in titles] == ["Common Stock, par value $0.01 per share"] * 3 + [
        "Series A Preferred Stock"]


# --- box 1's city line, box 5's marks, street specks, text quality ---------------------------


def test_city_line_read_through_noise() -> None:
    from extractor.text.header import read_city_line

    assert read_city_line("TAMPA Seo) I 33682")[:3] == ("TAMPA", None, "33682")
    assert read_city_line("SEATTLE WA ‘ 98118 -_X__")[:3] == ("SEATTLE", "WA", "98118")
    assert read_city_line("COLUMBUS OH 4327 1 X")[:3] == ("COLUMBUS", "OH", "43271")
    assert read_city_line("PORTLAND © OR 97288 ” 4")[:3] == ("PORTLAND", "OR", "97288")
    assert read_city_line("STAMFORD | _CT 06934")[:3] == ("STAMFORD", "CT", "06934")
    assert read_city_line("GREENWICH Cilia 06892 X_")[:3] == ("GREENWICH", None, "06892")
    # a digit too many: only one reading lies in the state's ZIP codes
    assert read_city_line("HOUSTON TX 717072")[:3] == ("HOUSTON", "TX", "77072")
    assert read_city_line("NEW YORK, NY 10022")[:3] == ("NEW YORK", "NY", "10022")
    # no street, no form words; a city and a state alone only where no ZIP is needed
    assert read_city_line("2791 CANYON ROAD") is None
    assert read_city_line("X Form filed by One") is None
    assert read_city_line("HOUSTON TX Te : ;") is None
    assert read_city_line("HOUSTON TX Te : ;", zip_needed=False)[:3] == ("HOUSTON", "TX", None)


def test_relationship_marks_with_blank_dashes() -> None:
    from extractor.text.header import _read_marks

    def keys(line: str) -> set[str]:
        return set(_read_marks([line]))

    assert keys("Underhill Jonathan (EITU) X--- Director 40% Owner") == {"is_director"}
    assert keys("X= Director. 10% Owner") == {"is_director"}
    assert keys("3. Date X_‘Oficer (give title below)") == {"is_officer"}
    assert keys("Officer (give title below) _—_X__ other (specify below)") == {"is_other"}
    assert keys("X 10% Owner") == {"is_ten_percent_owner"}
    assert keys("X Form filed by One Reporting Person") == set()
    assert keys("mi Xiled") == set()


def test_unmarked_relationship_by_kind_of_owner() -> None:
    from extractor.text.extract import unmarked_relationship

    assert unmarked_relationship("IBARRA HELEN C") == "is_director"
    assert unmarked_relationship("Ridgeline Growth Fund X, L.P.") == "is_ten_percent_owner"
    assert unmarked_relationship(None) == "is_director"


def test_tidy_street_drops_trailing_specks_and_words_out_of_case() -> None:
    from extractor.text.extract import tidy_street

    assert tidy_street("781 ELM AVENUE Member of 13(d) group") == "781 ELM AVENUE"
    assert tidy_street("SUITE 210 Stare") == "SUITE 210"
    assert tidy_street("163 WATER STREET X : =") == "163 WATER STREET"
    assert tidy_street("374 MARKET STREET ; '") == "374 MARKET STREET"
    assert tidy_street("C/O QUALYS, INC.") == "C/O QUALYS, INC."
    assert tidy_street("3609 PEACHTREE ROAD NE") == "3609 PEACHTREE ROAD NE"


def test_city_line_is_no_street_line() -> None:
    from extractor.text.header import read_header

    lines = ["1. Name and Address of Reporting Person*",
             "RADCLIFFE ROBERT S",
             "(Last) (First) (Middle)",
             "C/O QUARRY POINT ROBOTICS GROUP, INC.",
             "1230 BROADWAY",
             "SEATTLE WA ‘ 98118 -_X__ Form filed by One Reporting Person",
             "(City) (State) (Zip)"]
    h = read_header(lines)
    assert h.street2 is not None and h.street2.value == "1230 BROADWAY"
    assert (h.city.value, h.state.value, h.zip_code.value) == ("SEATTLE", "WA", "98118")


def test_text_quality_inputs() -> None:
    from extractor.text.quality import (
        garble,
        noisy_token_share,
        speck_share,
        unknown_word_share,
    )

    assert speck_share("Common Stock 100 $ 10.00 D") == 0.0
    assert speck_share("Common : ‘ Stock") == 0.5
    assert noisy_token_share("By Trust ‘ ;") == 0.5
    assert unknown_word_share("The shares are held by the trust.") == 0.0
    assert unknown_word_share("Healtheare Fund") == 0.5
    assert garble("The shares are held by the trust.") == 0.0
    assert garble("The shres ‘ ar held : by") > 0.5


def test_fields_carry_text_quality() -> None:
    text = "\n".join([
        "FORM 4 UNITED STATES SECURITIES AND EXCHANGE COMMISSION",
        "STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP",
        "1. Name and Address of Reporting Person* 2. Issuer Name and Ticker or Trading Symbol",
        "Peters Allan QUALYS, INC. [ QLYS ]",
        "Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned",
        "1. Title of Security (Instr. 3) 3. Transaction Code 7. Nature of Indirect Beneficial",
        "Common Stock 02/06/2023 A 3,638 A $0.00 46,274 D",
        "Explanation of Responses:",
        "1. Restricted stock units granted under the plan.",
    ])
    rec = extract_text(text, checks=False, calibrate=False).data
    name = rec["reporting_owners"][0]["name"]
    assert 0.0 <= name["page_low_share"] <= 1.0 and 0.0 <= name["page_quality"] <= 1.0
    note = rec["footnotes"][0]["text"]
    assert "oov_share" in note and "ocr_low_share" in note


# --- psm 3 text: notes, natures, signatures, owners, rows read apart ---------------------------


def test_note_numbers_misread() -> None:
    notes = read_footnotes(["1. The first note.", "9. The second note.", "3. The third note.",
                            "4..The fourth note.", ".(5) The fifth note."])
    assert [f for f, _ in notes] == ["F1", "F2", "F3", "F4", "F5"]
    assert notes[3][1] == "The fourth note."
    # a numbers column with numbers lost ('{9)' read, 3..8 lost) or misread ('CY)' for '(3)')
    notes = read_footnotes(["(1)", "(2)", "CY)", "", "The first.", "", "The second.", "",
                            "The third."])
    assert [f for f, _ in notes] == ["F1", "F2", "F3"]
    notes = read_footnotes(["(1)", "{4)", "", "One.", "", "Two.", "", "Three.", "", "Four."])
    assert [f for f, _ in notes] == ["F1", "F2", "F3", "F4"]


def test_note_specks_and_quoted_starts() -> None:
    notes = read_footnotes(["(1) The price of the first", ".", "(2)", "of the first note.",
                            "'The second note."])
    assert notes == [("F1", "The price of the first of the first note."),
                     ("F2", "'The second note.")]


def test_table_headings_after_notes_dropped() -> None:
    notes = read_footnotes(["1. The only note.", "", "11. Nature of", "Indirect", "Beneficial",
                            "Ownership", "(Instr. 4)", "", "3. Transaction", "Date",
                            "(Month/Day/", "Year)"])
    assert notes == [("F1", "The only note.")]


def test_note_texts_spilled_after_the_small_print() -> None:
    from extractor.text.lines import clean_lines
    from extractor.text.sections import segment

    text = "\n".join([
        "Explanation of Responses:", "(1)", "(2)", "",
        "as soon as practicable after vesting.", "",
        "** Intentional misstatements or omissions of facts constitute Federal Criminal "
        "Violations.", "/s/ Elena Ashford,", "Attorney-in-Fact", "",
        "The shares are held by the Ashford Revocable Trust.",
        "The units vest in three equal annual installments, to be settled in shares",
        "", "11/10/2023", "**Signature of Reporting Person"])
    sec = segment(clean_lines(text, keep_breaks=True))
    assert read_footnotes(sec.notes, sec.spill) == [
        ("F1", "The shares are held by the Ashford Revocable Trust."),
        ("F2", "The units vest in three equal annual installments, to be settled in shares "
               "as soon as practicable after vesting.")]


def test_consensus_keeps_a_series_letter() -> None:
    from extractor.text.extract import nearest_consensus

    base = ("Each share of Series {} Convertible Preferred Stock automatically converted into "
            "Common Stock upon the closing of the offering.")
    out = nearest_consensus([base.format("D"), base.format("C"), base.format("D")])
    assert out[1] == (base.format("C"), False)


def test_nature_of_ownership_from_the_note_naming_the_holder() -> None:
    from extractor.record import make_field
    from extractor.text.extract import natures_from_notes, note_holders

    notes = [("F1", "The securities are held directly by Ridgeline Healthcare Fund VI, L.P. "
                    "The reporting person may be deemed to share voting power."),
             ("F2", "The shares are held by the Smith Family Trust, of which the reporting "
                    "person is trustee.")]
    assert note_holders(notes) == {"F1": "Ridgeline Healthcare Fund VI, L.P.",
                                   "F2": "Smith Family Trust"}

    def row(value: str | None, di: str = "I") -> dict:
        return {"nature_of_ownership": make_field(value, confidence=0.5),
                "direct_or_indirect_ownership": make_field(di, confidence=0.9)}

    rows = [row("By Ridgeline Healthcare Bund VIL LP."), row("Healthcare Fund VI"),
            row("By Trust"), row("By Smith Foundation"), row("Stock, par value")]
    natures_from_notes(rows, notes)
    assert [r["nature_of_ownership"]["value"] for r in rows] == [
        "By Ridgeline Healthcare Fund VI, L.P.", "By Ridgeline Healthcare Fund VI, L.P.",
        "By Trust", "By Smith Foundation", "Stock, par value"]
    # a nature OCR lost: the one holder, when every nature read names it
    rows = [row("Healthcare Fund VI"), row(None), row(None, "D")]
    natures_from_notes(rows, notes[:1])
    assert rows[2]["nature_of_ownership"]["value"] is None
    assert rows[1]["nature_of_ownership"]["value"] == "By Ridgeline Healthcare Fund VI, L.P."


def test_signatures_read_apart_by_psm3() -> None:
    sigs = read_signatures([
        "** Intentional misstatements ... See 18 U.S.C. 1001 and 15 U.S.C. /s/ /s Diane H. "
        "Goldberg, 07/ 18 /20 12", "78ff(a).",
        "Note: File three copies of this Form, one of which must be manually signed.",
        "Attorney-in-Fact", "**Signature of Reporting Person Date",
        "Northgate Capital Partners IX, L.P., 09/25/2018",
        "By: /s/ Elena Baldwin, Managing Member", "**Signature of Reporting Person Date"])
    assert [(n, d) for n, _, d, _ in sigs] == [
        ("/s/ Diane H. Goldberg, Attorney-in-Fact", "2012-07-18"),
        ("Northgate Capital Partners IX, L.P., By: /s/ Elena Baldwin, Managing Member",
         "2018-09-25")]


def test_rows_read_apart_by_psm3() -> None:
    from extractor.text.sections import table_rows

    # an indirect holding whose thin 'I' OCR lost or read as a speck
    for line in ("Common Stock 463 | By GRAT(2)", "Common Stock 4,149 q By Trust"):
        p = parse_row(line, "table1")
        assert is_data_row(p) and p is not None and p.holding
    assert not is_data_row(parse_row("Common Stock coe ee 33,252 By LLC", "table1"))
    assert is_data_row(parse_row("Common Stock : : 6,600 I _| By Trust \")", "table1"))
    # a Table II holding whose amounts OCR lost: no transaction without a code or an amount
    p = parse_row("(right to $2.91 01/03/2016 | 01/02/2025 Stock ' , D", "table2")
    assert is_data_row(p) and p is not None and p.holding
    assert p.value("expiration_date") == "2025-01-02"
    # a transaction code read on a line of the wrapped title
    rows, _ = table_rows(["Performance Common", ": A 2",
                          "Stock Units (1) 01/31/2011 8,300 (2) (2) Stock 8,300 8,300 D"],
                         "table2")
    assert len(rows) == 1 and not rows[0].parse.holding
    assert rows[0].parse.value("transaction_code") == "A"
    assert rows[0].parse.value("shares") == 8300


def test_reporting_owners_table_read_apart_by_psm3() -> None:
    from extractor.text.sections import OWNERS, read_owner_blocks

    assert anchor("Reporting Owner Name / Address Relationships FS") == OWNERS
    assert anchor("Reporting Owners é") == OWNERS
    blocks = read_owner_blocks([
        "Director 10% Owner Officer Other", "3351", "SUITE 1200 :", "AUSTIN, TX 78708",
        "Nakamura Kenneth C : : : : ;", "RIVERSIDE DRIVE i x ' .", "3351",
        "Bellhaven Healthcare Fund IX, L.P.", "RIVERSIDE DRIVE", "SUITE 1200 i ee",
        "AUSTIN, TX 78708", "SEC 1474 (9-02) Page 2", "Palisade Fund"])
    assert [(b.name, b.streets[:1], b.city) for b in blocks] == [
        ("Nakamura Kenneth C", ["3351 RIVERSIDE DRIVE"], None),
        ("Bellhaven Healthcare Fund IX, L.P.", ["3351 RIVERSIDE DRIVE"], "AUSTIN")]
    blocks = read_owner_blocks([
        "Lockhart Margaret B", "781 ELM AVENUE X Chairman and CEO", "ATLANTA, GA 30309",
        "781 ELM AVENUE", "ATLANTA, GA 30309", "Northgate Capital Partners IX, L.P.",
        "Member of 13(d) group"])
    assert [(b.name, b.streets, b.city, b.marks, b.text) for b in blocks] == [
        ("Lockhart Margaret B", ["781 ELM AVENUE"], "ATLANTA", 1, ["Chairman and CEO"]),
        ("Northgate Capital Partners IX, L.P.", ["781 ELM AVENUE"], "ATLANTA", 0,
         ["Member of 13(d) group"])]


def test_names_and_streets_mended() -> None:
    from extractor.text.extract import roman_case, tidy_street
    from extractor.text.header import mend_company_suffix

    assert roman_case("Palisade Growth Fund Iv, L.P.") == "Palisade Growth Fund IV, L.P."
    assert roman_case("Northgate Capital Partners iX, L.P.") == "Northgate Capital Partners IX, L.P."
    assert mend_company_suffix("Lakeshore Genomics ple") == "Lakeshore Genomics plc"
    assert mend_company_suffix("Harborview Pharmaceuticals, Ine.") == \
        "Harborview Pharmaceuticals, Inc."
    assert tidy_street("111 LAKEVIEW ROAD J") == "111 LAKEVIEW ROAD"
    assert tidy_street("100 MAIN STREET N") == "100 MAIN STREET N"


def test_right_hand_pieces_of_notes_regrafted() -> None:
    from extractor.text.sections import regraft_note_pieces

    full = ("{n}. The price reported in Column 4 is a weighted average price. These shares were "
            "sold at prices ranging from ${lo} to ${hi}, inclusive. The reporting person "
            "undertakes to provide to the")
    tail = "Issuer, any security holder of the Issuer, upon request, the details of each price."
    lines = [full.format(n=1, lo="1.10", hi="1.20"), tail, "",
             full.format(n=2, lo="1.30", hi="1.40"), tail, "",
             "3. The price reported in Column 4 is a weighted average price. These shares "
             "were sold at prices ranging from $1.50 to $1.60, inclusive. The re", tail, "",
             "4. The price reported in Column 4 is a weighted average price. These shares "
             "were sold at", tail, "",
             "porting person undertakes to provide to the",
             "prices ranging from $1.70 to $1.80, inclusive. The reporting person undertakes "
             "to provide to the", "and one line more"]
    out = regraft_note_pieces(lines)
    assert out[6] == full.format(n=3, lo="1.50", hi="1.60")
    assert out[9] == full.format(n=4, lo="1.70", hi="1.80")
    assert out[-1] == "and one line more"
    wrapped = ["(1) The price reported in Column 4 is a weighted average price, sold from",
               "$1.10 to $1.20, inclusive, the reporting person undertakes to provide the",
               "number of shares at each price."]
    assert regraft_note_pieces(wrapped) == wrapped


def test_title_debris_and_split_amounts() -> None:
    from extractor.text.extract import drop_title_debris

    assert drop_title_debris("Employee Stock Option g6 4g (right to buy)") == \
        "Employee Stock Option (right to buy)"
    assert drop_title_debris("Common Stock eae") == "Common Stock"
    assert drop_title_debris("Common Stock 12/23/2003") == "Common Stock"
    assert drop_title_debris("Series A-1 Preferred Stock") == "Series A-1 Preferred Stock"
    assert drop_title_debris("2.00% Convertible Senior Notes due 2027") == \
        "2.00% Convertible Senior Notes due 2027"
    assert tk.read_split_number("1,166,", "482").value == 1166482  # type: ignore[union-attr]
    assert read_footnotes(["SEC Form 4 (continued) : :"]) == []


def test_dates_from_the_date_most_rows_have() -> None:
    from extractor.record import make_field
    from extractor.text.extract import infer_from_neighbours

    def row(date: str | None) -> dict:
        return {"transaction_date": make_field(date, confidence=0.9),
                "transaction_code": make_field("S", confidence=0.9),
                "acquired_disposed_code": make_field("D", confidence=0.9),
                "direct_or_indirect_ownership": make_field("D", confidence=0.9),
                "nature_of_ownership": make_field(None, confidence=0.9)}

    rows = [row(d) for d in ("2005-06-24", "2005-08-24", None, "2005-06-24", "2005-06-24",
                             "2005-06-24", "2005-06-24")]
    infer_from_neighbours(rows)
    assert rows[2]["transaction_date"]["value"] == "2005-06-24"
    assert rows[1]["transaction_date"]["value"] == "2005-08-24"  # a date read stays


def test_header_boxes_read_apart_by_psm3() -> None:
    from extractor.text.header import read_header

    h = read_header([
        "1. Name and Address of Reporting Person*", "ACHTERBERG RICHARD T",
        "2. Issuer Name and Ticker or Trading Symbol",
        "5. Relationship of Reporting Person(s) to Issuer (Check all applicable)",
        "Harborview Pharmaceuticals,", "Inc.",
        "(Last) (First) (Middle) (HPT) Officer (give title below) Other (specify below)",
        "2673 INNOVATION DRIVE", "(Street)", "PITTSBURGH", "15250", "(City)", "(Zip)"])
    assert h.issuer_name is not None and h.issuer_name.value == "Harborview Pharmaceuticals, Inc."
    assert (h.city.value, h.state.value, h.zip_code.value) == (  # type: ignore[union-attr]
        "PITTSBURGH", "PA", "15250")
    h = read_header(["1. Name and Address of Reporting Person*", "DOE JANE",
                     "5. Relationship of Reporting Person(s) to Issuer",
                     "Officer (give title below) x", "Former Officer",
                     "Other (specify below)"])
    assert h.other_text is not None and h.other_text.value == "Former Officer"
    assert h.officer_title is None
    h = read_header(["1. Name and Address of Reporting Person*", "DOE JANE",
                     "6. Relationship of Reporting Person(s) to Issuer",
                     "Officer (give title below) __X_ Other (specify below)",
                     "374 MARKET STREET Person, if an entity (Voluntary) 11/2015 See Remarks"])
    assert h.other_text is not None and h.other_text.value == "See Remarks"


def test_first_owner_completed_from_the_owners_table() -> None:
    text = "\n".join([
        "FORM 4 UNITED STATES SECURITIES AND EXCHANGE COMMISSION",
        "STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP",
        "1. Name and Address of Reporting Person* 2. Issuer Name and Ticker or Trading Symbol",
        "Lockhart Richard C Evergreen Hollow X [ EHI ]",
        "5. Relationship of Reporting Person(s) to Issuer",
        "X 10% Owner",
        "Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned",
        "Common Stock 02/06/2023 S 3,638 D $10.00 46,274 D",
        "Reporting Owners", "Reporting Owner Name / Address Relationships",
        "Lockhart Richard C", "3609 PEACHTREE ROAD NE x x", "SUITE 210",
        "GREENWICH, CT 06838", "Ridgeline Growth Fund iX, L.P.",
        "3609 PEACHTREE ROAD NE x", "SUITE 210", "GREENWICH, CT 06838"])
    rec = extract_text(text, checks=False, calibrate=False).data
    first, second = rec["reporting_owners"]
    assert first["name"]["value"] == "Lockhart Richard C"
    assert first["is_director"]["value"] is True
    assert first["is_ten_percent_owner"]["value"] is True
    assert second["name"]["value"] == "Ridgeline Growth Fund IX, L.P."
    assert second["street1"]["value"] == "3609 PEACHTREE ROAD NE"


def test_underlying_title_as_table_one_writes_it() -> None:
    from extractor.text.extract import snap_underlying

    known = {"class a common stock": "Class A Common Stock"}
    assert snap_underlying("Common Stock", known) == "Class A Common Stock"
    assert snap_underlying("Common skaak", known) == "Class A Common Stock"
    assert snap_underlying("Ordinary Shares", known) is None
    par = {"common stock par value 0 001 per share": "Common Stock, par value $0.001 per share"}
    assert snap_underlying("Common Stock", par) is None


def test_title_tails_of_other_cells_trimmed() -> None:
    from extractor.text.extract import trim_title_tail

    assert trim_title_tail("Employee Stock Option (right to buy) Stock Option Canmen") == \
        "Employee Stock Option (right to buy)"
    assert trim_title_tail("Common Stock Fund VIII, LP") == "Common Stock"
    assert trim_title_tail("Common Stock By Bellhaven") == "Common Stock"
    assert trim_title_tail("Class A Common Stock Class A Common Stock") == "Class A Common Stock"
    assert trim_title_tail("Common Stock, par value $0.00! per share") == \
        "Common Stock, par value $0.00! per share"


# --- psm 6 text (each line across the whole page) ---------------------------------------------


def _t1_row(shares: float | None, after: float | None, price: float | None = 9.5,
            code: str | None = None, ad: str | None = None) -> dict:
    from extractor.record import make_field

    return {"transaction_date": make_field("2012-06-18", confidence=0.9),
            "transaction_code": make_field(code, confidence=0.9),
            "shares": make_field(shares, confidence=0.9),
            "price_per_share": make_field(price, confidence=0.9),
            "acquired_disposed_code": make_field(ad, confidence=0.9),
            "shares_owned_following_transaction": make_field(after, confidence=0.9),
            "direct_or_indirect_ownership": make_field("D", confidence=0.9),
            "nature_of_ownership": make_field(None, confidence=0.9)}


def test_disposition_from_the_amounts_owned() -> None:
    from extractor.text.extract import disposition_from_holdings

    rows = [_t1_row(500, 500), _t1_row(200, 300), _t1_row(100, 400), _t1_row(50, 999)]
    disposition_from_holdings(rows)
    assert [r["acquired_disposed_code"]["value"] for r in rows] == ["A", "D", "A", None]
    assert "inferred:acquired-disposed-from-holdings" in rows[1]["acquired_disposed_code"][
        "flags"]


def test_disposition_from_the_code() -> None:
    from extractor.text.extract import disposition_from_code

    rows = [_t1_row(5, 10, code="S"), _t1_row(5, 15, code="M"), _t1_row(5, 10, code="G"),
            _t1_row(5, 10, code="S", ad="A")]
    disposition_from_code(rows)
    assert [r["acquired_disposed_code"]["value"] for r in rows] == ["D", "A", None, "A"]


def test_row_with_a_garbled_date_is_a_row() -> None:
    # psm 6 reads a table row as one line, its date sometimes past reading
    p = parse_row("Common Stock oe/is/2o1z2} S 5,300 D $9.4867 36,652 I By LLC", "table1")
    assert is_data_row(p) and p is not None and not p.holding
    assert p.value("transaction_date") is None
    assert (p.value("shares"), p.value("shares_owned_following_transaction")) == (5300, 36652)
    assert "unparsed:garbled-date" in p.cells["transaction_date"].flags
    p = parse_row("Common Stock o72e2011 | | s | | soo | D | $15.64 55,065 | 1 | By Trust®)",
                  "table1")  # its slashes lost too
    assert is_data_row(p) and p is not None and p.value("transaction_code") == "S"
    assert (p.value("price_per_share"), p.value("shares_owned_following_transaction")) == (
        15.64, 55065)


def test_table_two_code_is_no_underlying_title() -> None:
    p = parse_row("Convertible (3) 10/15/2004 C 249,000 (3) (3) Stock 249,000 I Opportunity",
                  "table2")
    assert p is not None and not p.holding
    assert (p.value("transaction_date"), p.value("transaction_code"), p.value("shares")) == (
        "2004-10-15", "C", 249000)


def test_nature_of_ownership_debris_dropped() -> None:
    from extractor.text.extract import _clean_nature, _garbled_holder

    assert _clean_nature("Pees ah ales ee Bl") is None
    assert _clean_nature("By Trust") == "By Trust"
    assert _clean_nature("Healthcare Fund VI, Ridgeline") == "Healthcare Fund VI, Ridgeline"
    assert _garbled_holder("th nye(2) eins Bellhaven Grow : Fund X, L.P.")
    assert not _garbled_holder("Common Stock, par value $0.001 per")


def test_signatures_beside_the_small_print() -> None:
    sigs = read_signatures([
        "** Intentional misstatements or omissions of facts constitute Federal Criminal "
        "Violations. See 18 U.S.C. 1001 and 15 U.S.C. /s/ Stephen S. Goldberg 05/16/2016",
        "78ff(a). er Rl 5 ee ee ee ee ee eee", "**Signature of Reporting Person Date"])
    assert sigs[0][0] == "/s/ Stephen S. Goldberg"
    sigs = read_signatures(["/s / Julia Pemberton 02 / O01 /2 011",
                            "**Signature of Reporting Person Date"])
    assert sigs[0][0] == "/s/ Julia Pemberton"
    sigs = read_signatures([
        "SSIES: /s/ Elena Ostrowski, Authorized 05/13/2016",
        "Potential persons who are to respond to the collection of information contained in "
        "this form are not required to respond Signatory"])
    assert sigs[0][0] == "/s/ Elena Ostrowski, Authorized Signatory"
    sigs = read_signatures([
        "we misstatements or omissions of facts constitute Federal Criminal Violations. See 18 "
        "U.S.C. 1001 and 15 U.S.C. /s/ Kenneth L. Achterberg, 07/28/2011",
        ": ; ; ; ; eee ; Attorney-in-Fact", "**Signature of Reporting Person Date"])
    assert sigs[0][0] == "/s/ Kenneth L. Achterberg, Attorney-in-Fact"


def test_psm6_table_row_end_to_end() -> None:
    text = "\n".join([
        "FORM 4 UNITED STATES SECURITIES AND EXCHANGE COMMISSION",
        "STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP",
        "1. Name and Address of Reporting Person* 2. Issuer Name and Ticker or Trading Symbol "
        "5. Relationship of Reporting Person(s) to Issuer",
        "JANSSEN NADIA A Granite Peak Resources, Inc. [ GPR ] X Director",
        "Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned",
        "Common Stock 06/18/2012 | Ss | | 5,300 | D | $9.4867 36,652 | D |",
        "Common Stock oe/ts/aora| | | 3,500 | | $9.3957 | 33,152 | D |",
        "Common Stock 06/18/2012 | S | | 1,000 | D | $9.50 | 32,152 | D |"])
    rec = extract_text(text, calibrate=False).data
    rows = rec["non_derivative_transactions"]
    assert len(rows) == 3
    second = {k: f["value"] for k, f in rows[1].items()}
    assert second["transaction_date"] == "2012-06-18"  # from the row above
    assert second["acquired_disposed_code"] == "D"  # 36,652 - 3,500 = 33,152
    assert second["transaction_code"] == "S"
    assert (second["shares"], second["price_per_share"]) == (3500, 9.3957)


def test_address_without_the_shading_psm6_reads_beside_it() -> None:
    from extractor.text.extract import tidy_street

    assert tidy_street("9088 MARKET STREET SS") == "9088 MARKET STREET"
    assert tidy_street("3026 WESTLAKE AVENUE NORTH PSSPD: WAN COU VORITALY)") == \
        "3026 WESTLAKE AVENUE NORTH"
    assert tidy_street("C/O EASTWICK INSTRUMENTS, LTD. CO A SOE RY") == \
        "C/O EASTWICK INSTRUMENTS, LTD."
    assert tidy_street("5TH FLOOR SR I") == "5TH FLOOR"
    assert tidy_street("3609 PEACHTREE ROAD NE. x") == "3609 PEACHTREE ROAD NE"
    assert tidy_street("1 MARKET STREET SPEAR TOWER") == "1 MARKET STREET SPEAR TOWER"
    assert tidy_street("100 MAIN STREET SUITE 5") == "100 MAIN STREET SUITE 5"


def test_table_one_rows_below_its_captions_without_heading() -> None:
    from extractor.text.sections import segment

    lines = ["1. Title of Security (Instr. 3) 2. Transaction 2A. Deemed 3. Transaction",
             "(Month/Day/Year) Transaction(s) (Instr. 3 and | (Instr. 4)",
             "Common Stock, par value $0.001 per share] 06/24/2005 | == | M | — | ___ 30,148 "
             "$49.06 POURRA | De ee |",
             "Common Stock, par value $0.001 per share] 06/24/2005 | | SM | 2,000 | D | "
             "$68.04 127,367 a Se"]
    assert segment(lines).table1 == lines[2:]


def test_officer_title_after_box_three_date_on_one_line() -> None:
    from extractor.text.header import _pick_title

    # psm 6: box 1's street, box 3's caption and date and box 5's title on one line
    line = "C/O SILVERLINE INDUSTRIES CO. Person, if an entity (Voluntary) 12/2014 Chief Legal " \
        "officer"
    assert _pick_title([(0, line)], set()) == "Chief Legal Officer"


def test_underlying_class_from_the_wrapped_lines() -> None:
    from extractor.text.extract import _merge_fragments, snap_underlying

    line = "Stock Option $16.9 | 05/25/2015 M 9,167 10/23/2014 | 10/22/2023 Common 9,167 $0 8,800"
    p = parse_row(line, "table2")
    assert p is not None
    merged = _merge_fragments(TableRow(p, line, ["Non-Qualified Class B"],
                                       ["(right to buy) Stock"]), set())
    assert merged["security_title"][0] == "Non-Qualified Stock Option (right to buy)"
    assert merged["underlying_security_title"][0] == "Class B Common Stock"
    assert snap_underlying("Common", {}) == "Common Stock"  # its second line lost
    assert snap_underlying("Stock", {"class a common stock": "Class A Common Stock"}) == \
        "Class A Common Stock"


def test_table_heading_after_specks_and_notes_without_heading() -> None:
    from extractor.text.sections import table_rows

    assert anchor(": eee Table Il — Derivative Securities Acquired, Disposed of, or "
                  "Beneficially Owned ;") == "table2"
    note = "Try. Tha velendiona repose' on this Form 4 were effected pursuant to a Rule " \
        "10b5-1 trading plan adopted by the reporting person on August 18, 2015."
    rows, other = table_rows([note], "table2")
    assert rows == [] and other == [note]


def test_psm6_names_line_with_ticker_below() -> None:
    from extractor.text.header import read_header

    h = read_header([
        "1. Name and Address of Reporting Person* 2. Issuer Name and Ticker or Trading Symbol "
        "5. Relationship of Reporting Person(s) to Issuer (Check all applicable)",
        "ACHTERBERG RICHARD T Harborview Pharmaceuticals, Inc. Director 410% Owner",
        "(Last) (First) (Middle) (HPT) X__ Officer (give title below) Other (specify below)"])
    assert h.issuer_name is not None and h.issuer_name.value == "Harborview Pharmaceuticals, Inc."
    assert h.owner_name is not None and h.owner_name.value == "ACHTERBERG RICHARD T"
    assert h.ticker is not None and h.ticker.value == "HPT"


def test_signature_beside_the_misstatement_line() -> None:
    from extractor.text.formtext import is_end_marker

    line = "aie misstatements or omissions of facts constitute Federal Criminal Violations. " \
        "See 18 U.S.C. 1001 and 15 U.S.C. Is/ Mei Ostrowski, Attorney-in-Fact 12/10/2005"
    assert is_end_marker(line)  # the notes end here, its first word garbled or not
    assert read_signatures([line])[0][:3] == (
        "/s/ Mei Ostrowski, Attorney-in-Fact", "/s/ Mei Ostrowski, Attorney-in-Fact 12/10/2005",
        "2005-12-10")


def test_lone_table_two_date_before_the_period_is_exercisable() -> None:
    from extractor.record import make_field
    from extractor.text.extract import exercisable_dates

    def row(ex: str | None, exp: str | None) -> dict:
        return {"exercise_date": make_field(ex, confidence=0.9),
                "expiration_date": make_field(exp, confidence=0.9, text=exp)}

    rows = [row(None, "2016-01-03"), row(None, "2025-01-02"), row("2016-01-03", "2015-01-02")]
    exercisable_dates(rows, "2022-05-25")
    assert [(r["exercise_date"]["value"], r["expiration_date"]["value"]) for r in rows] == [
        ("2016-01-03", None), (None, "2025-01-02"), ("2016-01-03", "2015-01-02")]


def test_no_stop_after_a_legal_form_written_out() -> None:
    from extractor.text.header import mend_company_suffix

    assert mend_company_suffix("Marrowind Diagnostics Corporation.") == \
        "Marrowind Diagnostics Corporation"
    assert mend_company_suffix("Harborview Pharmaceuticals, Inc.") == \
        "Harborview Pharmaceuticals, Inc."
