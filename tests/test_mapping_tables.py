"""Field mapping on hand-built pages (pure: no OCR, no images).

The header text below is torn apart the way OCR tears it ("Transaction Disposed Code",
"ties cially I Following", "Conversio n Date") and the columns must still come out right."""

from __future__ import annotations

import pytest

from extractor.mapping.assemble import assemble_record
from extractor.mapping.tables import find_sections, read_tables, reconstruct_columns
from extractor.page import PageLayout, Word


def W(text: str, x: int, y: int, conf: float = 95.0) -> list[Word]:  # noqa: N802
    """Words of a phrase laid out left to right from (x, y), 28 px high."""
    out = []
    for token in text.split():
        w = 16 * len(token)
        out.append(Word(token, conf, x, y, x + w, y + 28))
        x += w + 14
    return out


# Table I columns: (left edge, right edge) of each leaf column.
T1 = {
    "title": (100, 700), "date": (700, 950), "deemed": (950, 1200), "code": (1200, 1330),
    "v": (1330, 1420), "amount": (1420, 1700), "ad": (1700, 1850), "price": (1850, 2100),
    "owned": (2100, 2450), "form": (2450, 2700), "nature": (2700, 3100),
}


def table1_page(header_garble: bool = True, rules: bool = True) -> PageLayout:
    words: list[Word] = []
    words += W("Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned",
               900, 1000)
    y = 1060
    heads = {
        "title": "1. Title of Security (Instr. 3)",
        "date": "2. Transaction Date (Month/Day/Year)",
        "deemed": "2A. Deemed Execution Date, if any",
        "code": "3. Trans- action Code" if header_garble else "3. Transaction Code (Instr. 8)",
        "amount": "4. Securities Acquired (A) or Disposed Of (D)",
        "owned": "5. Amount of Securi ties Benefi cially Owned Following Reported" if
        header_garble else "5. Amount of Securities Beneficially Owned Following Reported",
        "form": "6. Owner ship Form: Direct (D) or Indirect (I)",
        "nature": "7. Nature of Indirect Beneficial Ownership",
    }
    spans = {"code": (1200, 1420), "amount": (1420, 2100)}
    for key, text in heads.items():
        x0, x1 = spans.get(key, T1[key])
        x0 += 8
        # wrap into lines of the column's width
        line, lines = [], []
        for token in text.split():
            if line and sum(16 * len(t) + 14 for t in line + [token]) > x1 - x0 - 12:
                lines.append(" ".join(line))
                line = []
            line.append(token)
        lines.append(" ".join(line))
        for i, ln in enumerate(lines):
            words += W(ln, x0, y + 34 * i)
    for key, text in {"code": "Code", "v": "V", "amount": "Amount", "ad": "(A) or (D)",
                      "price": "Price"}.items():
        words += W(text, T1[key][0] + 10, 1240)
    rows = [
        {"title": "Common Stock", "date": "02/06/2023", "code": "A", "amount": "3,638(1)",
         "ad": "A", "price": "$0.00", "owned": "46,274", "form": "D"},
        {"title": "Common Stock", "date": "02/06/2023", "code": "F", "amount": "1,051(2)",
         "ad": "D", "price": "$121.02", "owned": "45,223", "form": "D"},
        {"title": "Common Stock", "owned": "1,200", "form": "I", "nature": "By Trust"},
    ]
    for i, row in enumerate(rows):
        for key, text in row.items():
            words += W(text, T1[key][0] + 10, 1300 + 60 * i)
    words += W("Explanation of Responses:", 100, 1520)
    words += W("1. Shares awarded under the 2019 plan.", 100, 1560)
    words += W("2. Shares withheld for taxes.", 100, 1600)
    h_rules, v_rules = [], []
    if rules:
        h_rules = [(1045, 100, 3100), (1230, 1200, 2100), (1285, 100, 3100), (1350, 100, 3100),
                   (1410, 100, 3100), (1470, 100, 3100)]
        tops = {"v": 1230, "ad": 1230, "price": 1230}
        for key, (x0, _x1) in T1.items():
            v_rules.append((x0, tops.get(key, 1045), 1470))
        v_rules.append((3100, 1045, 1470))
    return PageLayout(1, 3300, 2550, 300, words, h_rules, v_rules)


def test_columns_from_garbled_headers() -> None:
    page = table1_page()
    sections = find_sections(page)
    assert [s.kind for s in sections] == ["table1"]
    cols = reconstruct_columns(page, sections[0])
    by_field = {c.field_id: (c.x0, c.x1) for c in cols}
    assert by_field["transaction_code"] == T1["code"]
    assert by_field["equity_swap_involved"] == T1["v"]
    assert by_field["shares"] == T1["amount"]
    assert by_field["acquired_disposed_code"] == T1["ad"]
    assert by_field["price_per_share"] == T1["price"]
    assert by_field["shares_owned_following_transaction"] == T1["owned"]
    assert by_field["direct_or_indirect_ownership"] == T1["form"]


def test_table_whose_title_was_lost() -> None:
    page = table1_page()
    page.words = [w for w in page.words if w.y0 != 1000] + W("Table or Beneficially Owned",
                                                             900, 1000)
    sections = find_sections(page)
    assert [s.kind for s in sections] == ["table1"]
    rec = assemble_record([page])
    assert [r["shares"]["value"] for r in rec["non_derivative_transactions"]] == [3638, 1051]


def test_the_reporting_owners_table_below_ends_the_table_even_garbled() -> None:
    """EDGAR's rendering has a Reporting Owners table under the tables: its title, read
    'Reporting Owned pagal', ends the table as its header line does; the owner's name and
    street below it are no holding."""
    page = table1_page(rules=False)
    page.words = [w for w in page.words if w.y0 < 1500]  # the notes' heading and notes go
    page.words += W("Reporting Owned pagal", 100, 1480) + \
        W("Zimmermann Marcus 1225 BROADWAY", 100, 1540) + W("5TH FLOOR", 100, 1580)
    assert find_sections(page)[0].body_y1 <= 1480
    rec = assemble_record([page])
    assert [r["shares"]["value"] for r in rec["non_derivative_transactions"]] == [3638, 1051]
    titles = [r["security_title"]["value"] for r in rec["non_derivative_holdings"]]
    assert titles == ["Common Stock"]


def test_lines_of_a_note_under_the_columns_are_no_row() -> None:
    from extractor.mapping.assemble import _row_has_substance
    from extractor.mapping.tables import CellReading, TableRow

    def row(**cells: str) -> TableRow:
        return TableRow({k: CellReading(v, [], None, 95.0) for k, v in cells.items()}, 0, 10)

    note = row(security_title="2. The shares are held", conversion_or_exercise_price="by the "
               "Ashford", transaction_date="Revocable", shares_disposed="person is",
               exercise_date="trustee.")
    assert not _row_has_substance(note)
    holding = row(security_title="Stock Option (right to buy)", exercise_date="Immediately",
                  expiration_date="See footnote", underlying_security_shares="none")
    assert _row_has_substance(holding)
    # the header's "(Instr. 3)" and "(Instr. 4)" read as a row of a fax's table
    header = row(shares_owned_following_transaction="Tansactonts! (instr 3",
                 direct_or_indirect_ownership="linsthh 45")
    assert not _row_has_substance(header)
    assert not _row_has_substance(row(shares_owned_following_transaction="Transact. (insty 3"))
    assert _row_has_substance(row(security_title="Common Stock",
                                  shares_owned_following_transaction="1,234 (3)"))
    # the header's last line worn (seed 13400, heavy), and the form's footer under the table
    worn = row(deemed_execution_date="{MonttvOaw Year", shares="7",
               shares_owned_following_transaction="Reported Transacte4) (sit",
               direct_or_indirect_ownership="Sneha @C? (1) (trent")
    assert not _row_has_substance(worn)
    assert not _row_has_substance(row(shares_owned_following_transaction="jana 4) wet e+"))
    footer = row(security_title="the form displays a SEC 1474 (9-02)",
                 conversion_or_exercise_price="currently valid OMB", exercise_date="Page 2")
    assert not _row_has_substance(footer)
    assert _row_has_substance(row(transaction_date="Month 05/14/2019", shares="7",
                                  shares_owned_following_transaction="Reported 12"))


def test_a_speck_in_the_code_column_makes_no_transaction() -> None:
    from extractor.mapping.assemble import _row_is_holding
    from extractor.mapping.tables import CellReading, TableRow

    def row(**cells: str) -> TableRow:
        return TableRow({k: CellReading(v, [], None, 95.0) for k, v in cells.items()}, 0, 10)

    assert _row_is_holding(row(security_title="Common Stock", transaction_code="-",
                               shares_owned_following_transaction="323,406"))
    # A code worn to a symbol ("©" for C) is still a code.
    assert not _row_is_holding(row(security_title="Common Stock", transaction_code="©"))
    assert not _row_is_holding(row(security_title="Common Stock", transaction_date="04/01/2011"))
    # A rule's scrap read where the code stands ("i") with no date makes none either; with a
    # date the row is a transaction.
    assert _row_is_holding(row(security_title="Class A Common Stock", transaction_code="i",
                               shares_owned_following_transaction="212,172"))
    assert not _row_is_holding(row(security_title="Class A Common Stock", transaction_code="i",
                                   transaction_date="05/15/2024"))
    assert not _row_is_holding(row(security_title="Common Stock", transaction_code="J"))
    # The ownership form's "I" read into the code column, with no date and no amount.
    assert _row_is_holding(row(security_title="Common Stock", transaction_code="I",
                               shares_owned_following_transaction="2,000,000",
                               nature_of_ownership="By Reprogrammed Interchange LLC"))
    assert not _row_is_holding(row(security_title="Common Stock", transaction_code="I",
                                   shares="500", shares_owned_following_transaction="2,000"))
    # ... nor does a speck read as a lone letter where the date stands.
    assert _row_is_holding(row(security_title="Common Stock", transaction_date="i",
                               shares_owned_following_transaction="1,312,260"))
    # A rule's scraps in both cells: no date's two digits, no code's capital, no amount.
    assert _row_is_holding(row(security_title="Common Stock", transaction_date="Saal",
                               transaction_code="oe", shares_owned_following_transaction="7,250"))
    assert _row_is_holding(row(security_title="Common Stock", transaction_date="tt",
                               transaction_code="4", shares_owned_following_transaction="7,250"))
    assert not _row_is_holding(row(security_title="Common Stock", transaction_date="tt",
                                   transaction_code="4", shares="1,000",
                                   shares_owned_following_transaction="7,250"))
    assert not _row_is_holding(row(security_title="Common Stock", transaction_date="O5/1",
                                   transaction_code="oe"))


def test_rows_and_values() -> None:
    rec = assemble_record([table1_page()])
    t = rec["non_derivative_transactions"]
    assert len(t) == 2
    assert t[0]["transaction_date"]["value"] == "2023-02-06"
    assert t[0]["transaction_code"]["value"] == "A"
    assert t[0]["shares"]["value"] == 3638 and t[0]["shares"]["footnote_ids"] == ["F1"]
    assert t[0]["price_per_share"]["value"] == 0
    assert t[1]["transaction_code"]["value"] == "F"
    assert t[1]["price_per_share"]["value"] == 121.02
    assert t[1]["acquired_disposed_code"]["value"] == "D"
    assert t[1]["shares_owned_following_transaction"]["value"] == 45223
    holding = rec["non_derivative_holdings"]
    assert len(holding) == 1 and holding[0]["nature_of_ownership"]["value"] == "By Trust"
    assert holding[0]["direct_or_indirect_ownership"]["value"] == "I"
    assert [n["id"] for n in rec["footnotes"]] == ["F1", "F2"]
    assert rec["footnotes"][1]["text"]["value"] == "Shares withheld for taxes."


def test_columns_without_sub_column_rules() -> None:
    """Broken rules under the spanning headers: the sub-header words split the column."""
    page = table1_page()
    page.v_rules = [r for r in page.v_rules if r[1] != 1230]
    tables = read_tables(page)
    row = tables[0].rows[0].cells
    assert row["shares"].text == "3,638(1)"
    assert row["acquired_disposed_code"].text == "A"
    assert row["price_per_share"].text == "$0.00"


def test_sub_header_with_specks_stays_in_the_header() -> None:
    """A speck read as "le" and a stray "-" on the Code / V / Amount line: still header."""
    page = table1_page()
    page.words += [Word("-", 60.0, 1150, 1240, 1170, 1268), Word("le", 40.0, 1290, 1240, 1320, 1268)]
    cols = {c.field_id: (c.x0, c.x1) for c in reconstruct_columns(page, find_sections(page)[0])}
    assert cols["shares"] == T1["amount"]
    assert cols["price_per_share"] == T1["price"]


def test_title_garbled_past_fuzzy_matching() -> None:
    from extractor.mapping.tables import _title_kind

    assert _title_kind("Table Il - shantaihek Sanertiee Acquired, bliseeed of, or Beneficially "
                       "Owned")[0] == "table2"
    assert _title_kind("Table l - Nnn-Dcrivxtive Sccuritics Acquired, Dixposed of")[0] == "table1"
    assert _title_kind("The table below lists what the reporting person holds")[0] is None
    # "Table" read "Tabie", the title's two lines read as one, their words interleaved
    assert _title_kind("Tabie li (e.g., Derivative puts, calls, Securities warrants, options, "
                       "Disposed convertible of. or sec: Beneficially Owned")[0] == "table2"
    # The numeral lost, "Non" garbled: its hyphen to "Derivative" still tells Table I ...
    assert _title_kind("Table —.Nen-Derivative Securities Acquired, Disposed of, or "
                       "Beneficially Owned.")[0] == "table1"
    # The column headings settle a title garbled past reading.
    from extractor.mapping.tables import _kind_from_header

    table1 = ("1. Title of Security 2. Transaction Date 3. Transaction Code 4. Securities "
              "Acquired (A) or Disposed of (D) 5. Amount of Securities Beneficially Owned").split()
    table2 = ("1. Title of Derivative Security 2. Conversion or Exercise Price 6. Date "
              "Exercisable and Expiration Date 7. Title and Amount of Underlying Securities").split()
    assert _kind_from_header("table2", table1) == "table1"
    assert _kind_from_header("table1", table2) == "table2"
    assert _kind_from_header("table2", table2) == "table2"
    # ... where Table II's numeral garbled the same way does not.
    assert _title_kind("Tabie ft - Derivative Securities Acquired, Disposed of, or "
                       "Beneficially Owned")[0] == "table2"
    # The numeral lost with the rest of the first half, after a speck (a continuation sheet's
    # Table I on a heavy fax): a table, which one the headings say; a note is none.
    from extractor.mapping.tables import UNNUMBERED

    garbled = "WY, Table et - ae Sereeeiies Securiti Hoqeves, epee or Beneficially Owned"
    assert _title_kind(garbled + " (continued)")[0] == UNNUMBERED
    assert _kind_from_header(UNNUMBERED, table1) == "table1"
    assert _kind_from_header(UNNUMBERED, table2) == "table2"
    assert _title_kind("(3) The securities in Table I are owned by the reporting person's "
                       "spouse.")[0] is None


def test_footnote_running_on_overleaf_keeps_its_order() -> None:
    """The continuation at the top of page 2 comes after the text on page 1, not before."""
    from extractor.mapping.boxes import read_footnotes

    p1 = PageLayout(1, 3300, 2550, 300,
                    W("Explanation of Responses:", 100, 2200)
                    + W("1. The price reported is a weighted average. The reporting person", 100,
                        2240)
                    + W("undertakes to provide full information", 100, 2280), [], [])
    p2 = PageLayout(2, 3300, 2550, 300,
                    W("FORM 4 (continued)", 100, 100)
                    + W("regarding the number of shares sold at each price.", 100, 160)
                    + W("2. Held by a trust.", 100, 200), [], [])
    notes = dict(read_footnotes([p1, p2]))
    assert notes["F1"].text == ("The price reported is a weighted average. The reporting person "
                                "undertakes to provide full information regarding the number of "
                                "shares sold at each price.")
    assert notes["F1"].page == 1 and notes["F1"].bbox is not None and notes["F1"].bbox[1] >= 2200
    assert notes["F2"].text == "Held by a trust."


def test_address_with_misread_state_and_trailing_specks() -> None:
    from extractor.mapping.boxes import read_state, split_address

    assert [read_state(t) for t in ("CoO", "ca,", "0H", "XX", "GAA")] == ["CO", "CA", "OH",
                                                                         None, "GA"]
    lines = [W("4856 CORPORATE CENTER DRIVE", 100, 100), W("DENVER CoO 8O268 a", 100, 140),
             W("we", 100, 180)]
    a = split_address(lines, 1)
    assert a["street1"] is not None and a["street1"].text == "4856 CORPORATE CENTER DRIVE"
    assert a["street2"] is None
    assert (a["city"].text, a["state"].text, a["zip_code"].text) == ("DENVER", "CO", "80268")


def test_address_abroad_in_edgar_country_codes() -> None:
    from extractor.mapping.boxes import read_foreign_code, read_postal_code, split_address

    assert [read_foreign_code(t) for t in ("X0", "XO", "Al", "m0,", "2M", "ZM", "CA", "XYZ")] \
        == ["X0", "X0", "A1", "M0", "2M", "2M", None, None]
    assert [read_postal_code(p.split()) for p in (
        "W1K 3JP", "WIK 3JP", "V5Y OA1", "JE1 OBD", "105-7537", "O48926", "KY1-9008",
        "1017 XA", "100", "SUITE", "3JP W1K")] == [
        "W1K 3JP", "W1K 3JP", "V5Y 0A1", "JE1 0BD", "105-7537", "048926", "KY1-9008",
        "1017 XA", None, None, None]

    def parts(*lines: str) -> tuple:
        a = split_address([W(t, 100, 100 + 40 * i) for i, t in enumerate(lines)], 1)
        return tuple(a[k].text if a[k] else None
                     for k in ("street1", "street2", "city", "state", "zip_code"))

    assert parts("69 GROSVENOR STREET", "LONDON,, XO W1K 3JP") == (
        "69 GROSVENOR STREET", None, "LONDON,", "X0", "W1K 3JP")
    assert parts("C/O WALKERS, 190 ELGIN AVENUE", "GEORGE TOWN,", "GRAND CAYMAN, E9 KY1-9008") \
        == ("C/O WALKERS, 190 ELGIN AVENUE", "GEORGE TOWN,", "GRAND CAYMAN", "E9", "KY1-9008")
    # Missouri's code is Japan's with a letter for its digit: the postal code decides
    assert parts("1-7-1, KAIGAN", "MINATO-KU TOKYO MO 105-7537")[2:] == (
        "MINATO-KU TOKYO", "M0", "105-7537")
    assert parts("1 MAIN ST", "ST. LOUIS MO 63101")[2:] == ("ST. LOUIS", "MO", "63101")
    # a code read as printed, before a postal code of a US ZIP code's shape
    assert parts("8 RUE ROYALE", "PARIS, I0 75008")[2:] == ("PARIS", "I0", "75008")
    # a street's unit number is no country code
    assert parts("SUITE 1A 100", "BOSTON MA 02110")[:2] == ("SUITE 1A 100", None)


def test_address_state_from_its_zip_code() -> None:
    from extractor.mapping.boxes import split_address, state_of_zip

    assert [state_of_zip(z) for z in ("06815", "43252", "94043", "10001-1234", "00000", "x")] \
        == ["CT", "OH", "CA", "NY", None, None]
    # A dash between state and ZIP.
    a = split_address([W("C/O ACME INC.", 100, 100), W("COLUMBUS OH - 43252", 100, 140)], 1)
    assert (a["street1"].text, a["city"].text, a["state"].text, a["zip_code"].text) == (
        "C/O ACME INC.", "COLUMBUS", "OH", "43252")
    # A state OCR garbled past reading ("Cr") is the ZIP code's.
    a = split_address([W("1 MAIN ST", 100, 100), W("GREENWICH Cr 06815", 100, 140)], 1)
    assert (a["city"].text, a["state"].text, a["zip_code"].text) == ("GREENWICH", "CT", "06815")
    # ... or three marks with a letter among them, just before the ZIP ("itt" for IL), and
    # a bar of the box's edge before the city goes.
    a = split_address([W("1 MAIN ST", 100, 100), W("I CHICAGO itt 60629", 100, 140)], 1)
    assert (a["city"].text, a["state"].text, a["zip_code"].text) == ("CHICAGO", "IL", "60629")
    a = split_address([W("1840 CANYON ROAD", 100, 100), W("SUITE 1200", 100, 140),
                       W("NASHVILLE TMN 37270", 100, 180)], 1)
    assert (a["street2"].text, a["city"].text, a["state"].text) == (
        "SUITE 1200", "NASHVILLE", "TN")
    # The city lost: a state that reads as one, and the ZIP.
    a = split_address([W("9466 CORPORATE CENTER DRIVE", 100, 100), W("co 80243", 100, 140)], 1)
    assert (a["street1"].text, a["city"], a["state"].text, a["zip_code"].text) == (
        "9466 CORPORATE CENTER DRIVE", None, "CO", "80243")
    # A word in capitals that does not hold the ZIP's state is no garbled state.
    a = split_address([W("1 MAIN ST", 100, 100), W("PO BOX 12345", 100, 140)], 1)
    assert a["state"] is None and a["zip_code"] is None
    # A fax's ZIP code: a speck before it, a 1 read as its parenthesis; one letter left of
    # the state ("I" for UT) is the ZIP code's state.
    from extractor.mapping.boxes import read_zip

    assert [read_zip(t) for t in ("°77019", "3314)", "O2115", "0857", "$3.45", "15222?",
                                  "/92113", "1/2115")] == [
        "77019", "33141", "02115", None, None, "15222", "92113", None]
    # a city filed with a comma of its own reads with two and keeps one, to the record
    from extractor.mapping.assemble import field_from_text

    a = split_address([W("1 MAIN ST", 100, 100), W("WILMINGTON,, DE 19801", 100, 140)], 1)
    assert a["city"].text == "WILMINGTON,"
    assert field_from_text("city", a["city"].text, conf=95, page=1, bbox=None)["value"] == \
        "WILMINGTON,"
    a = split_address([W("1 MAIN ST", 100, 100), W("WILMINGTON, DE 19801", 100, 140)], 1)
    assert field_from_text("city", a["city"].text, conf=95, page=1, bbox=None)["value"] == \
        "WILMINGTON"
    # a state code misread into another's one letter away, its ZIP code the first's
    a = split_address([W("1 MAIN ST", 100, 100), W("NASHVILLE, IN 37220", 100, 140)], 1)
    assert a["state"].text == "TN"
    a = split_address([W("1 MAIN ST", 100, 100), W("SALT LAKE CITY I 84159", 100, 140)], 1)
    assert (a["city"].text, a["state"].text, a["zip_code"].text) == (
        "SALT LAKE CITY", "UT", "84159")


def test_lines_keep_a_tall_word_level_with_their_top() -> None:
    from extractor.page import group_lines

    words = [Word("DELACROIX", 90.0, 100, 493, 260, 520), Word("VIKRAM", 90.0, 280, 493, 390, 550),
             Word("7644", 90.0, 100, 595, 170, 621), Word("WAY", 90.0, 190, 595, 250, 621)]
    assert [[w.text for w in line] for line in group_lines(words)] == [
        ["DELACROIX", "VIKRAM"], ["7644", "WAY"]]


def test_flat_scraps_are_not_words() -> None:
    from extractor.page import without_flat_words

    page = table1_page()
    page.words += [Word("eerste", 30.0, 120, 578, 220, 582), Word("-", 50.0, 300, 578, 310, 581)]
    kept = {w.text for w in without_flat_words(page).words}
    assert "eerste" not in kept and "-" in kept and "Common" in kept



def test_footnote_number_in_doubled_parenthesis() -> None:
    from extractor.mapping.boxes import read_footnotes

    page = PageLayout(1, 3300, 2550, 300,
                      W("Explanation of Responses:", 100, 2200)
                      + W("(1) Sold under a trading plan.", 100, 2240)
                      + W("((2) Held by a trust.", 100, 2280), [], [])
    notes = dict(read_footnotes([page]))
    assert notes["F1"].text == "Sold under a trading plan."
    assert notes["F2"].text == "Held by a trust."


def _notes_read(*lines: str | tuple[str, int]) -> dict:
    """The notes read from a page holding the heading and ``lines``, one every 40 px, at
    x = 100 or the x given with a line."""
    from extractor.mapping.boxes import read_footnotes

    words = W("Explanation of Responses:", 100, 2200)
    for i, line in enumerate(lines):
        text, x = (line, 100) if isinstance(line, str) else line
        words += W(text, x, 2240 + 40 * i)
    return dict(read_footnotes([PageLayout(1, 3300, 2550, 300, words, [], [])]))


@pytest.mark.parametrize("scrap", ["t.", "b-", "l)", "|", "A"])
def test_first_footnote_whose_number_a_fax_wore_to_a_scrap(scrap: str) -> None:
    notes = _notes_read(f"{scrap} Disposed of pursuant to the merger agreement.", "",
                        "Remarks:")
    assert notes["F1"].text == "Disposed of pursuant to the merger agreement."


def test_first_footnote_whose_number_a_fax_lost_whole() -> None:
    """The line under the heading opens a sentence, indented where its number stood: note 1;
    not indented, it is no note (nothing says it is one)."""
    from extractor.mapping.boxes import read_footnotes

    words = (W("Explanation of Responses:", 100, 2200) + W("The sales were made under a plan.",
                                                           134, 2240)
             + W("2. Represents a weighted average price.", 100, 2280))
    notes = dict(read_footnotes([PageLayout(1, 3300, 2550, 300, words, [], [])]))
    assert notes["F1"].text == "The sales were made under a plan."
    assert notes["F2"].text == "Represents a weighted average price."
    notes = _notes_read("The sales were made under a plan.",
                        "2. Represents a weighted average price.")
    assert "F1" not in notes
    # A stamp's scrap read on the heading's line far to the right, the note's number below:
    # the note as numbered.
    words = (W("Explanation of Responses:", 100, 2200) + W("Yi", 2821, 2200)
             + W("SEc", 2946, 2220) + W("1. Represents shares withheld.", 100, 2260))
    notes = dict(read_footnotes([PageLayout(1, 3300, 2550, 300, words, [], [])]))
    assert notes["F1"].text == "Represents shares withheld."


def test_footnote_whose_bracket_was_read_as_a_digit() -> None:
    notes = _notes_read("(1) Sold under a trading plan.", "(2) Sold at a weighted average price.",
                        "43) Held by the reporting person's spouse.")
    assert notes["F3"].text == "Held by the reporting person's spouse."


def test_footnote_number_that_lost_its_stop() -> None:
    from extractor.mapping.boxes import read_footnotes

    page = PageLayout(1, 3300, 2550, 300,
                      W("Explanation of Responses:", 100, 2200)
                      + W("9. Sold at prices from $1.00 to $2.00, inclusive", 100, 2240)
                      + W("10 The price reported is a weighted average.", 100, 2280)
                      + W("in 10 Other words of a long note", 140, 2320), [], [])
    notes = dict(read_footnotes([page]))
    assert notes["F9"].text == "Sold at prices from $1.00 to $2.00, inclusive"
    assert notes["F10"].text == ("The price reported is a weighted average. in 10 Other words "
                                 "of a long note")


def test_footnote_whose_number_was_lost_is_cut_off_again() -> None:
    notes = _notes_read("1. The price reported is a weighted average.",
                        ("The price reported is a weighted average again.", 140),
                        "3. The price reported is a weighted average too.",
                        "4. Held by a trust.")
    assert notes["F1"].text == "The price reported is a weighted average."
    assert notes["F2"].text == "The price reported is a weighted average again."
    assert notes["F3"].text == "The price reported is a weighted average too."
    assert notes["F4"].text == "Held by a trust."
    # The lost note's first line after a sentence whose stop was lost too: its indent (past
    # the note's other lines, where the numbers hang) cuts it off.
    notes = _notes_read("1. The price reported is a weighted", "average price",
                        ("The price reported is a weighted", 140), "average price again.",
                        "3. The price reported is a weighted", "average price too.")
    assert notes["F1"].text == "The price reported is a weighted average price"
    assert notes["F2"].text == "The price reported is a weighted average price again."


def test_hanging_note_numbers_a_fax_wore() -> None:
    """Numbers in the margin, the text indented past them: a number worn to its bracket and
    a digit ("{0)" for "(10)", "(it)", "(42)" for "(12)") still opens the next note, though
    the note before lost its stop and a worn capital reads "the"; a bracket inside a
    wrapped line of text opens none."""
    notes = _notes_read("(9) The price reported is a weighted", ("average price", 162),
                        "{0) the shares are held by a trust", ("(a) for his children.", 162),
                        "(it) The shares were gifted.", "(42) Held by the spouse.",
                        "(13) Held by an LLC.")
    assert notes["F9"].text == "The price reported is a weighted average price"
    assert notes["F10"].text == "the shares are held by a trust (a) for his children."
    assert notes["F11"].text == "The shares were gifted."
    assert notes["F12"].text == "Held by the spouse."
    assert notes["F13"].text == "Held by an LLC."
    # An enumeration opening a wrapped line after a full stop opens no note.
    notes = _notes_read("(9) The shares are held as follows.", ("(a) the trust holds half;", 162),
                        ("(b) the spouse the rest.", 162), "(10) Held by an LLC.")
    assert notes["F9"].text == ("The shares are held as follows. (a) the trust holds half; "
                                "(b) the spouse the rest.")
    assert notes["F10"].text == "Held by an LLC."


def test_note_number_read_twice_was_the_lost_one() -> None:
    """"4." after note 2, then "4." again: the first was note 3 misread."""
    notes = _notes_read("1. Sold under a plan.", "2. Held by a trust.", "4. Held by the spouse.",
                        "4. The price reported is a weighted average.", "5. Held by an LLC.")
    assert [notes[f"F{n}"].text for n in range(1, 6)] == [
        "Sold under a plan.", "Held by a trust.", "Held by the spouse.",
        "The price reported is a weighted average.", "Held by an LLC."]
    # A one-digit number read whole below the one due is no worn number: no note of its own.
    notes = _notes_read("1. Sold under a plan.", "2. Held by a trust.", "3. Held by the spouse.",
                        "2. Held by an LLC.")
    assert sorted(notes) == ["F1", "F2", "F3"]


def test_two_notes_lost_in_a_row_are_cut_off_again() -> None:
    notes = _notes_read("1. The price reported is a weighted average.",
                        ("The price reported is a weighted average again.", 140),
                        ("The price reported is a weighted average once more.", 140),
                        "4. The price reported is a weighted average too.")
    assert [notes[f"F{n}"].text for n in range(1, 5)] == [
        "The price reported is a weighted average.",
        "The price reported is a weighted average again.",
        "The price reported is a weighted average once more.",
        "The price reported is a weighted average too."]


def _issuer(text: str, right: int = 3000) -> tuple[str | None, str | None]:
    """Issuer name and symbol read from box 2 holding one line ``text``."""
    from extractor.mapping.boxes import Box, read_issuer_box

    page = PageLayout(1, 3300, 2550, 300, W(text, 1000, 300), [], [])
    name, sym = read_issuer_box(page, Box("issuer", 990, 250, right, 400, []))
    return (name.text if name else None), (sym.text if sym else None)


def test_issuer_line_with_garbled_symbol_brackets() -> None:
    def issuer(text: str) -> tuple[str | None, str | None]:
        return _issuer(text, right=2000)

    assert issuer("Saltmarsh Software, Ltd. I SSSF ]") == ("Saltmarsh Software, Ltd.", "SSSF")
    assert issuer("23andMe Holding Co. I ME") == ("23andMe Holding Co.", "ME")
    assert issuer("Block, Inc. I") == ("Block, Inc.", None)
    assert issuer("Acme Widgets Corp. [ACME]") == ("Acme Widgets Corp.", "ACME")
    assert issuer("MICROSOFT CORP [ MSFT I") == ("MICROSOFT CORP", "MSFT")  # "]" read as I
    assert issuer("Unity Software Inc. [ U ]") == ("Unity Software Inc.", "U")
    assert issuer("Ravenbrook Génomics, Inc. [ RVBG ]") == ("Ravenbrook Genomics, Inc.", "RVBG")
    # a heavy fax's: a quote inside the brackets, both brackets lost after a name in capitals,
    # scraps after the symbol, an I read as "!", box 3's label run on
    assert issuer("Oakhurst Holdings, Inc. [ OPK'T ]") == ("Oakhurst Holdings, Inc.", "OPKT")
    assert issuer("TESLA MOTORS INC TSLA I") == ("TESLA MOTORS INC", "TSLA")
    assert issuer("Wexley Semiconductor Corp WSO I a") == ("Wexley Semiconductor Corp", "WSO")
    assert issuer("Fairhaven Logistics Co. FLUC! ]") == ("Fairhaven Logistics Co.", "FLUCI")
    assert issuer("I Joby Aviation, Inc. JOBY 3 3 Date of Earliest Transaction") == (
        "Joby Aviation, Inc.", "JOBY")
    # the closing bracket read as a letter or "4}", a speck after the opening one, a space
    # read inside the symbol
    assert issuer("Alphabet Inc. I GOOG I") == ("Alphabet Inc.", "GOOG")
    assert issuer("GOOGLE INC. I GOOG 4}") == ("GOOGLE INC.", "GOOG")
    assert issuer("BECTON DICKINSON & CO I BDX J") == ("BECTON DICKINSON & CO", "BDX")
    assert issuer("Juniper Technologies Group, Inc. [ JTTO J") == (
        "Juniper Technologies Group, Inc.", "JTTO")
    assert issuer("Realty Corporation [,HBR J") == ("Realty Corporation", "HBR")
    assert issuer("Blackfen Diagnostics Corp (BDE D)") == ("Blackfen Diagnostics Corp", "BDED")


def test_broken_left_border_still_frames_the_table() -> None:
    """A poor scan leaves the table's left border in pieces: the rows below a gap count."""
    page = table1_page()
    left = [r for r in page.v_rules if r[0] == 100][0]
    page.v_rules = [r for r in page.v_rules if r[0] != 100] + [(100, left[1], 1300),
                                                               (100, 1380, left[2])]
    sec = find_sections(page)[0]
    assert sec.body_y1 >= 1465
    assert len(read_tables(page)[0].rows) == 3


def test_left_border_found_only_under_the_header_does_not_end_the_table() -> None:
    """A faint fax keeps the border's piece beside the header alone: the rows under it,
    which hold dates and amounts, are still the table's."""
    page = table1_page()
    page.v_rules = [r for r in page.v_rules if r[0] != 100] + [(100, 1045, 1288)]
    sec = find_sections(page)[0]
    assert sec.body_y1 >= 1465
    assert len(read_tables(page)[0].rows) == 3


def test_rows_that_go_on_below_a_border_that_fades_out() -> None:
    """A heavy fax's left border ends after four of eighteen rows (seed 11600): the rows
    that go on below it at the table's pace are the table's; the notes far below are not."""
    page = table1_page()
    page.words = [w for w in page.words if w.y0 < 1500]  # the notes move down
    for i in range(3, 8):
        for key, text in {"title": "Common Stock", "date": "02/07/2023", "code": "S",
                          "amount": f"{100 + i}", "ad": "D", "price": "$120.00",
                          "owned": f"{45000 - 100 * i}", "form": "D"}.items():
            page.words += W(text, T1[key][0] + 10, 1300 + 60 * i)
    page.words += W("Explanation of Responses:", 100, 2000)
    page.words += W("1. Shares awarded under the 2019 plan.", 100, 2040)
    for border_end in (1530, 1340):  # after four rows; under the first
        page.v_rules = [r for r in page.v_rules if r[0] != 100] + [(100, 1045, border_end)]
        sec = find_sections(page)[0]
        assert 1300 + 60 * 7 < sec.body_y1 < 2000, border_end
        assert len(read_tables(page)[0].rows) == 8


def test_holdings_that_go_on_below_a_border_that_fades_out() -> None:
    """A heavy fax's border ends under the first holding; the holdings below it (a title,
    one amount and the form, no date) are the table's all the same."""
    page = table1_page()
    page.words = [w for w in page.words if w.y0 < 1500]
    for i in range(3, 6):
        for key, text in {"title": "Class A Common Stock", "owned": f"{674719 + i}",
                          "form": "I"}.items():
            page.words += W(text, T1[key][0] + 10, 1300 + 60 * i)
    page.words += W("Explanation of Responses:", 100, 2000)
    page.words += W("1. Shares awarded under the 2019 plan.", 100, 2040)
    page.v_rules = [r for r in page.v_rules if r[0] != 100] + [(100, 1045, 1340)]
    sec = find_sections(page)[0]
    assert 1300 + 60 * 5 < sec.body_y1 < 2000
    assert len(read_tables(page)[0].rows) == 6


def test_city_that_wraps_under_its_line() -> None:
    from extractor.mapping.boxes import split_address

    lines = [W("349 OYSTER POINT BLVD", 144, 693), W("SOUTH SAN", 139, 797)
             + [Word("CA", 95.0, 487, 797, 520, 825), Word("94080", 95.0, 835, 797, 920, 825)],
             W("FRANCISCO", 137, 843)]
    a = split_address(lines, 1)
    assert (a["city"].text, a["state"].text, a["zip_code"].text) == ("SOUTH SAN FRANCISCO",
                                                                     "CA", "94080")
    assert a["street1"].text == "349 OYSTER POINT BLVD"


def test_city_line_whose_zip_code_was_lost_or_torn() -> None:
    from extractor.mapping.boxes import split_address

    street = [W("3551 EXECUTIVE CIRCLE", 133, 620), W("SUITE 1200", 127, 662)]
    a = split_address(street + [W("DENVER co 802 95", 127, 766)], 1)
    assert (a["street2"].text, a["city"].text, a["state"].text, a["zip_code"].text) == (
        "SUITE 1200", "DENVER", "CO", "80295")
    a = split_address(street + [W("PORTLAND OR", 127, 766)], 1)
    assert (a["city"].text, a["state"].text, a["zip_code"]) == ("PORTLAND", "OR", None)
    # a street line just below the other (no caption's gap) is no city line
    a = split_address(street + [W("PORTLAND OR", 127, 700)], 1)
    assert a["city"] is None
    # specks after a torn ZIP code, or a ZIP code garbled into letters; a line of scraps
    # between the street and the city
    a = split_address(street + [W("MENLO PARK CA 9402 rae", 127, 766)], 1)
    assert (a["street2"].text, a["city"].text, a["state"].text, a["zip_code"]) == (
        "SUITE 1200", "MENLO PARK", "CA", None)
    a = split_address(street + [W("ee oon", 400, 712), W("SAN FRANCISCO CA yap oy", 127, 766)], 1)
    assert (a["street2"].text, a["city"].text, a["state"].text) == (
        "SUITE 1200", "SAN FRANCISCO", "CA")
    # the box's edge read as a bar before a line, and a ZIP code garbled with its digits
    a = split_address([W("I", 100, 622) + W("3551 EXECUTIVE CIRCLE", 133, 620),
                       W("PITTSBURGH PA 1§2>? 4", 127, 766)], 1)
    assert (a["street1"].text, a["city"].text, a["state"].text) == (
        "3551 EXECUTIVE CIRCLE", "PITTSBURGH", "PA")
    # a street number 1 where the lines start is no edge
    a = split_address([W("1 MARKET STREET", 130, 620), W("SUITE 1200", 127, 662)], 1)
    assert a["street1"].text == "1 MARKET STREET"


def test_issuer_line_with_one_bracket_or_none() -> None:
    issuer = _issuer

    assert issuer("Goldcrest Pharmaceuticals, Inc. GPSC ]") == (
        "Goldcrest Pharmaceuticals, Inc.", "GPSC")
    assert issuer("Westbrook Financial ple I WFFO") == ("Westbrook Financial plc", "WFFO")
    assert issuer("Juniper Medical Group, Inc. JMIE |") == ("Juniper Medical Group, Inc.", "JMIE")
    assert issuer('"Saltmarsh Minerals Co.') == ("Saltmarsh Minerals Co.", None)
    assert issuer("Wexley Networks Corp I") == ("Wexley Networks Corp", None)  # symbol lost
    assert issuer("MICROSOFT CORP| MSFT ]") == ("MICROSOFT CORP", "MSFT")  # "[" as a bar
    assert issuer("Ravenbrook Aerospace, Inc.| RAK ]") == ("Ravenbrook Aerospace, Inc.", "RAK")



def test_issuer_box_border_read_as_a_bar_before_the_name() -> None:
    from extractor.mapping.boxes import Box, read_issuer_box

    words = [Word("I", 90.0, 1008, 280, 1020, 340)] + W("Fairhaven Robotics, Inc. (FROB)", 1050, 300)
    page = PageLayout(1, 3300, 2550, 300, words, [], [])
    name, sym = read_issuer_box(page, Box("issuer", 990, 250, 3000, 400, []))
    assert (name.text, sym.text) == ("Fairhaven Robotics, Inc.", "FROB")


def test_notes_without_their_heading_and_a_lost_number() -> None:
    """'Explanation of Responses:' lost, and note 3's number read as a speck."""
    from extractor.mapping.boxes import read_footnotes
    from extractor.mapping.tables import _title_kind

    page = PageLayout(1, 3300, 2550, 300,
                      W("1. The transactions were made under a trading plan.", 124, 1215)
                      + W("2. The shares are held by a trust.", 124, 1270)
                      + [Word("x", 40.0, 117, 1325, 130, 1350)]
                      + W("The price reported is a weighted average.", 161, 1325)
                      + W("4. The price reported is a weighted average too.", 124, 1380), [], [])
    notes = dict(read_footnotes([page]))
    assert sorted(notes) == ["F1", "F2", "F3", "F4"]
    assert notes["F3"].text == "The price reported is a weighted average."
    assert _title_kind("Table 1")[0] == "table1" and _title_kind("Table II")[0] == "table2"


def test_title_typed_past_its_ruled_line_continues_the_row() -> None:
    from extractor.mapping.tables import CellReading, TableRow, _join_overflow

    def cell(text: str, y: int) -> CellReading:
        words = W(text, 120, y)
        return CellReading(text, words, None, 95.0)

    first = TableRow({"security_title": cell("Common Stock, par value", 1200),
                      "transaction_date": cell("11/19/2009", 1200),
                      "shares": cell("2,425,700", 1200)}, 1200, 1228)
    overflow = TableRow({"security_title": cell("$0.001 per share", 1262)}, 1262, 1290)
    holding = TableRow({"security_title": cell("Common Stock", 1340),
                        "shares_owned_following_transaction": cell("11,200", 1340)}, 1340, 1368)
    rows = _join_overflow([first, overflow, holding])
    assert len(rows) == 2
    assert rows[0].cells["security_title"].text == "Common Stock, par value $0.001 per share"


def test_value_read_in_pieces_at_two_heights_is_one_row() -> None:
    from extractor.mapping.tables import LeafColumn, _split_band_by_lines

    columns = [LeafColumn("security_title", 100, 600), LeafColumn("transaction_date", 600, 900),
               LeafColumn("shares", 900, 1200)]

    def word(text: str, x0: int, y0: int) -> Word:
        return Word(text, 90.0, x0, y0, x0 + 20 * len(text), y0 + 28)

    # One ruled row: a title wrapped onto two lines, its date read as "07/ 13" and "08/20"
    # a line apart, side by side.
    band = [word("Common", 120, 1160), word("Stock,", 280, 1160), word("value", 120, 1200),
            word("07/", 640, 1182), word("13", 700, 1182), word("08/20", 740, 1200),
            word("7,920", 1000, 1182)]
    assert len(_split_band_by_lines(band, columns)) == 1
    # Two rows a missing rule left in one band: amounts stacked in their column.
    band = [word("Common", 120, 1160), word("7,920", 1000, 1160),
            word("Common", 120, 1220), word("1,200", 1000, 1220)]
    assert len(_split_band_by_lines(band, columns)) == 2
    # A speck read as a dash above the amount is no row: the title's first line stays with
    # the row its amount stands in.
    band = [Word("-", 36.0, 1040, 1150, 1048, 1154), word("Stock", 120, 1165),
            word("Option", 240, 1165), word("(Right", 120, 1205), word("7,920", 1000, 1205),
            word("Buy)", 120, 1245)]
    assert len(_split_band_by_lines(band, columns)) == 1
    band[0] = Word("s", 10.0, 700, 1150, 704, 1158)  # ... or as a letter, in the date column
    assert len(_split_band_by_lines(band + [word("07/13/2020", 640, 1205)], columns)) == 1


def test_notes_end_a_table_whose_heading_was_lost() -> None:
    page = table1_page()
    page.words = [w for w in page.words if w.y0 < 1500]  # no "Explanation of Responses"
    page.words += W("1. The transactions were made under a trading plan adopted by the "
                    "reporting person on March 1, 2020, as described in the Remarks.", 100, 1560)
    page.words += W("2. The shares are held by a trust of which the reporting person is "
                    "trustee and sole beneficiary of the trust.", 100, 1600)
    page.h_rules = [r for r in page.h_rules if r[0] != 1470]
    page.v_rules = [(x, a, 2500) for (x, a, _b) in page.v_rules]
    sec = find_sections(page)[0]
    assert sec.body_y1 <= 1560
    assert len(read_tables(page)[0].rows) == 3


def test_owners_table_row_with_see_remarks() -> None:
    """'See Remarks' in the Other column neither ends the table nor starts the Remarks."""
    from extractor.mapping.boxes import read_remarks
    from extractor.mapping.owners_table import read_owners_table

    words = (W("Reporting Owner Name / Address", 132, 218) + W("Relationships", 1300, 218)
             + W("Director", 1330, 262) + W("10% Owner", 1700, 262) + W("Officer", 2100, 262)
             + W("Other", 2800, 262)
             + W("BAYFRONT CAPITAL PARTNERS IX, L.P.", 134, 316) + W("2098 HARBOR BOULEVARD", 134, 360)
             + W("See Remarks", 2777, 383) + W("SUITE 210", 135, 404)
             + W("BOSTON, MA 02179", 134, 448)
             + W("Explanation of Responses:", 122, 520) + W("Remarks:", 122, 781))
    page = PageLayout(2, 3300, 2550, 300, words, [], [])
    rows = read_owners_table(page)
    assert len(rows) == 1
    a = rows[0].address
    assert (a["street2"].text, a["city"].text, a["zip_code"].text) == ("SUITE 210", "BOSTON",
                                                                       "02179")
    assert rows[0].other_text is not None and rows[0].other_text.text == "See Remarks"
    remarks = read_remarks(page)
    assert remarks is not None and remarks.text == ""


def test_one_letter_ticker_is_kept() -> None:
    from extractor.mapping.assemble import field_from_text

    assert field_from_text("trading_symbol", "U", conf=95.0, page=1, bbox=None)["value"] == "U"
    assert field_from_text("security_title", "i", conf=95.0, page=1, bbox=None)["value"] is None


def test_continuation_page_takes_the_columns_read_best_elsewhere() -> None:
    from dataclasses import replace

    good = table1_page()
    # The same form on page 2, the rule between title and date lost on a bad fax.
    poor = replace(table1_page(), number=2,
                   v_rules=[v for v in good.v_rules if v[0] != T1["date"][0]])
    alone = assemble_record([poor])["non_derivative_transactions"]
    assert alone[0]["security_title"]["value"] != "Common Stock"  # the date ran into it
    rows = assemble_record([good, poor])["non_derivative_transactions"]
    assert len(rows) == 4
    assert [r["security_title"]["value"] for r in rows] == ["Common Stock"] * 4
    assert [r["transaction_date"]["value"] for r in rows] == ["2023-02-06"] * 4


def test_owners_table_with_two_relationship_labels_lost() -> None:
    from extractor.mapping.owners_table import read_owners_table

    words = (W("Reporting Owner Name / Address", 132, 218) + W("10% Owner", 1700, 262)
             + W("Other", 2800, 262)
             + W("KESTREL GROWTH FUND IV, L.P.", 134, 316) + W("X", 1760, 316)
             + W("1121 LAKEVIEW ROAD", 134, 360) + W("SOUTH SAN FRANCISCO, CA 94011", 134, 404)
             + W("Explanation of Responses:", 122, 520))
    rows = read_owners_table(PageLayout(2, 3300, 2550, 300, words, [], []))
    assert len(rows) == 1 and rows[0].name is not None
    assert rows[0].name.text == "KESTREL GROWTH FUND IV, L.P."
    assert rows[0].flags["is_ten_percent_owner"][0] is True
    assert rows[0].flags["is_director"][0] is False and rows[0].flags["is_officer"][0] is False


def test_owners_table_of_a_fax_with_labels_run_together_and_scraps() -> None:
    """Seed 13400, heavy: "Director" read "Proctor", "10% Owner" run together ("10%Owner"),
    "Officer" read "_Ofeer"; a fax's scraps read above an owner's name ("oe", at 1), a stamp's
    "VAIN" (at 35) and a lower-case "yer" in the Other column."""
    from extractor.mapping.owners_table import read_owners_table

    words = (W("Reporting Owner Name Address", 113, 1511) + W("Relationstips", 1361, 1512)
             + W("Proctor", 1457, 1575) + W("10%Owner", 1754, 1576) + W("_Ofeer", 2230, 1575)
             + W("Other", 2859, 1576)
             + W("DRISCOLL NATALIE N", 120, 1610) + W("X", 1480, 1610)
             + W("593 RIVERSIDE DRIVE", 128, 1679) + W("TAMPA, FL 33651", 126, 1730)
             + W("oe", 367, 1785, conf=1.0) + W("KINGSFORD CAPITAL PARTNERS VIII, L.P.", 121, 1830)
             + W("X", 1790, 1830) + W("VAIN", 2860, 1850, conf=35.0)
             + W("593 RIVERSIDE DRIVE", 128, 1886) + W("TAMPA, FL 33651", 125, 1940)
             + W("Explanation of Responses:", 122, 2100))
    rows = read_owners_table(PageLayout(2, 3300, 2550, 300, words, [], []))
    assert [r.name.text for r in rows if r.name] == ["DRISCOLL NATALIE N",
                                                    "KINGSFORD CAPITAL PARTNERS VIII, L.P."]
    assert rows[0].flags["is_director"][0] is True
    assert rows[1].flags["is_ten_percent_owner"][0] is True
    assert rows[1].flags["is_other"][0] is False
    assert rows[1].address["street1"] is not None and \
        rows[1].address["street1"].text == "593 RIVERSIDE DRIVE"


def test_owners_table_whose_rules_and_border_a_fax_broke() -> None:
    """Three owners in one band (the rules between rows lost), the table's left border broken
    off after the first owner: each owner's address ends with its city line, the next line
    names the next owner; scraps in the Officer and Other cells ("4", ") 2") mark nothing."""
    from extractor.mapping.owners_table import read_owners_table

    words = (W("Reporting Owner Name / Address", 132, 218) + W("Director", 1300, 262)
             + W("10% Owner", 1700, 262) + W("Officer", 2200, 262) + W("Other", 2800, 262))
    y = 316
    for name, marks in (("ELLSWORTH THOMAS B", ("X", 1300)), ("ASHGROVE VENTURES IX, L.P.",
                                                               ("4", 2200)),
                        ("NORTHGATE MANAGEMENT, LLC", (") 2", 2800))):
        words += W(name, 134, y) + W(marks[0], marks[1], y) + W("X", 1760, y + 10)
        words += W("3240 WATER STREET", 134, y + 44) + W("MENLO PARK, CA 94027", 134, y + 88)
        y += 140
    words += W("Explanation of Responses:", 122, y + 60)
    border = [(120, 200, 470)]  # the left border ends below the first owner
    rows = read_owners_table(PageLayout(2, 3300, 2550, 300, words, [], border))
    assert [r.name.text for r in rows if r.name] == [
        "ELLSWORTH THOMAS B", "ASHGROVE VENTURES IX, L.P.", "NORTHGATE MANAGEMENT, LLC"]
    assert [r.address["zip_code"].text for r in rows if r.address["zip_code"]] == ["94027"] * 3
    assert [r.flags["is_director"][0] for r in rows] == [True, False, False]
    assert all(r.flags["is_ten_percent_owner"][0] for r in rows)
    assert not any(r.flags["is_officer"][0] or r.flags["is_other"][0] for r in rows)


def test_other_text_typed_from_under_the_officer_label() -> None:
    from extractor.mapping import boxes as bx

    words = (W("5. Relationship of Reporting Person(s) to Issuer", 2065, 475)
             + W("(Check all applicable)", 2200, 500)
             + W("Director", 2197, 531) + W("10% Owner", 2768, 532)
             + W("Officer (give title below)", 2196, 581) + W("X", 2686, 572)
             + W("Other (specify below)", 2766, 581)
             + W("Member of 13(d) group", 2428, 628))
    page = PageLayout(1, 3300, 2550, 300, words, [], [(2040, 460, 700), (3193, 460, 700)])
    box = bx.find_boxes(page)["relationship"]
    rel = bx.read_relationship(page, box)
    assert rel.flags["is_other"][0] is True and rel.flags["is_officer"][0] is False
    assert rel.other_text is not None and rel.other_text.text == "Member of 13(d) group"


def test_relationship_on_a_fax_director_garbled_and_marks_with_specks() -> None:
    """A fax garbles "Director" past fuzzy matching ("Onector") and adds specks to the marks
    ("xX:", "X="): the options and their marks are still found."""
    from extractor.mapping import boxes as bx

    words = (W("5. Relationship of Reporting Person(s) to Issuer", 2065, 475)
             + W("(Check all applicable)", 2200, 500)
             + W("xX:", 2116, 531) + W("Onector", 2197, 531) + W("10% Owner", 2768, 532)
             + W("X=", 2120, 581) + W("Officer (give title below)", 2196, 581)
             + W("Other (specify below)", 2766, 581))
    page = PageLayout(1, 3300, 2550, 300, words, [], [(2040, 460, 700), (3193, 460, 700)])
    rel = bx.read_relationship(page, bx.find_boxes(page)["relationship"])
    assert rel.flags["is_director"][0] is True and rel.flags["is_officer"][0] is True
    assert rel.flags["is_other"][0] is False and rel.flags["is_ten_percent_owner"][0] is False
    assert [bx.is_mark_text(t) for t in ("-X", "xX:", "X=", "X", "Xmas", "=", "EX")] == [
        True, True, True, True, False, False, False]


def test_label_torn_by_a_wide_gap() -> None:
    from extractor.mapping import boxes as bx

    words = W("1. Name and Address of", 120, 475) + W("Reporting Person*", 620, 475)
    page = PageLayout(1, 3300, 2550, 300, words, [], [])
    assert len(bx.segments(words)) == 2
    assert "owner" in bx.find_boxes(page)


def test_label_after_a_scrap_and_its_number() -> None:
    """A speck read as a scrap before the box's number ("coo 1 Nae ame and Address ..."):
    the label is still found."""
    from extractor.mapping import boxes as bx

    words = W("coo 1 Nae ame and Address of Reporting Person*", 117, 470)
    page = PageLayout(1, 3300, 2550, 300, words, [], [])
    assert "owner" in bx.find_boxes(page)


def test_issuer_label_garbled_but_led_by_its_number() -> None:
    """Seed 13400, a pre-2002 fax: box 2's label read "j2 *yi'](7) Name ar "eT. Mf wert or
    Trading Syne" and box 6's "6 Beanar vst Uv oF Report te] Peron": the issuer's box is
    found by its number, and ends where box 6's number stands."""
    from extractor.mapping import boxes as bx

    words = (W("lL Nae ahd Aadress of Reporting Person?", 126, 481)
             + W("j2 *yi'](7) Name ar \"eT. Mf wert or Trading Syne", 1063, 474)
             + W("6 Beanar vst Uv oF Report te] Peron", 2155, 482)
             + W("Talbot Rosa", 113, 530) + W("Saltmarsh Networks, Inc. (SNH)", 1087, 530)
             + W("x Director", 2209, 532))
    boxes = bx.find_boxes(PageLayout(1, 3300, 2550, 300, words, [], []))
    assert boxes["owner"].x1 < 1063 and boxes["issuer"].x0 < 1087 < boxes["issuer"].x1 < 2155
    name, symbol = bx.read_issuer_box(PageLayout(1, 3300, 2550, 300, words, [], []),
                                      boxes["issuer"])
    assert name is not None and name.text == "Saltmarsh Networks, Inc."
    # A label as garbled without a number stays unknown.
    words = [w for w in words if w.text != "j2"]
    assert "issuer" not in bx.find_boxes(PageLayout(1, 3300, 2550, 300, words, [], []))


def test_relationship_box_found_by_its_options() -> None:
    from extractor.mapping import boxes as bx

    words = (W("1. Name and Address of Reporting Person*", 120, 475)
             + W("5. mie icablotR ting ing Person(s) to Issuer", 2065, 475)
             + W("Director", 2197, 531) + W("10% Owner", 2768, 532)
             + W("X", 2130, 572) + W("Officer (give title below)", 2196, 581)
             + W("Other (specify below)", 2766, 581)
             + W("Chief Financial Officer", 2300, 628)
             + W("6. Individual or Joint/Group Filing", 2065, 700))
    page = PageLayout(1, 3300, 2550, 300, words, [], [])
    boxes = bx.find_boxes(page)
    rel = bx.read_relationship(page, boxes["relationship"])
    assert rel.flags["is_officer"][0] is True and rel.flags["is_director"][0] is False
    assert rel.officer_title is not None and rel.officer_title.text == "Chief Financial Officer"


def test_relationship_box_found_by_its_options_garbled_by_a_fax() -> None:
    """The label lost and the options garbled ("X Dxtector", "Over (give ttle Dalow?", a
    heavy fax of seed 12900): the officer's option, too garbled alone, is taken with the
    director's above it; without that, it is not."""
    from extractor.mapping import boxes as bx

    def page(*director: list[Word]) -> PageLayout:
        words = (W("1. Name and Address of Reporting Person*", 120, 475)
                 + W("$ Ranetionetnp of Ranorteg Persons) 1 teaver", 2063, 420)
                 + [w for d in director for w in d] + W("10% Owner", 2768, 491)
                 + W("Over (give ttle Dalow?", 2195, 540)
                 + W("Other ispecity baliow?", 2761, 540)
                 + W("6. Individual or Joint/Group Filing", 2065, 660))
        return PageLayout(1, 3300, 2550, 300, words, [], [])

    found = page(W("X", 2115, 491), W("Dxtector", 2195, 491))
    rel = bx.read_relationship(found, bx.find_boxes(found)["relationship"])
    assert rel.flags["is_director"][0] is True and rel.flags["is_ten_percent_owner"][0] is False
    assert "relationship" not in bx.find_boxes(page())


def test_relationship_box_with_its_border_broken_and_box_6_garbled() -> None:
    """Box 5's left border a fax broke off above its options (no rule meets it there): the box
    runs on, and the officer's title stops at box 6's garbled label."""
    from extractor.mapping import boxes as bx

    words = (W("1. Name and Address of Reporting Person*", 120, 475)
             + W("5. Relationship of Reporting Person(s) to Issuer", 2277, 481)
             + W("(Check all applicable)", 2276, 515)
             + W("Director", 2365, 565) + W("10% Owner", 2843, 565)
             + W("X", 2307, 620) + W("Officer (give title below)", 2365, 620)
             + W("Other (specify below)", 2841, 620)
             + W("President and CEO", 2400, 660)
             + W("[6 Imme al or JoinUGroup Fibng (Check Appiicabie Li", 2265, 701))
    page = PageLayout(1, 3300, 2550, 300, words, [(466, 100, 3200), (880, 100, 3200)],
                      [(2265, 466, 549), (2265, 678, 875)])
    rel = bx.read_relationship(page, bx.find_boxes(page)["relationship"])
    assert rel.flags["is_officer"][0] is True and rel.flags["is_director"][0] is False
    assert rel.officer_title is not None and rel.officer_title.text == "President and CEO"


def test_signature_without_its_captions() -> None:
    from extractor.mapping import boxes as bx

    words = (W("Remarks: none", 132, 1900) + W("/s/ Ann Radcliffe", 1724, 2177)
             + W("03/14/2017", 2720, 2177) + W("Note: File three copies of this Form.", 111, 2220))
    page = PageLayout(2, 3300, 2550, 300, words, [], [])
    assert bx.read_signatures(page) == []
    [(name, date)] = bx.signed_lines(page)
    assert name.text == "/s/ Ann Radcliffe" and date is not None and date.text == "03/14/2017"
    # Garble read level with it far to its left (a fax's small print): the signature all the
    # same, its date typed well apart to its right.
    garbled = (W("Wy SV Rer eS MW oNTS Qos Ot alts", 195, 2177) + W("/s/ Ann Radcliffe", 1724, 2177)
               + W("03/14/2017", 2720, 2177))
    [(name, date)] = bx.signed_lines(PageLayout(2, 3300, 2550, 300, garbled, [], []))
    assert name.text == "/s/ Ann Radcliffe" and date is not None and date.text == "03/14/2017"
    # With its caption but not the "Date" one: the date typed on the signature's line.
    words += W("** Signature of Reporting Person", 1724, 2230)
    [(name, date)] = bx.read_signatures(PageLayout(2, 3300, 2550, 300, words, [], []))
    assert date is not None and date.text == "03/14/2017"
    # A fax's date: a slash read as a dash, or lost.
    for read in ("07/10-2019", "0321/2004"):
        words = (W("/s/ Ann Radcliffe", 1724, 2177) + W(read, 2720, 2177)
                 + W("** Signature of Reporting Person", 1724, 2230) + W("Date", 2720, 2230))
        [(name, date)] = bx.read_signatures(PageLayout(2, 3300, 2550, 300, words, [], []))
        assert name.text == "/s/ Ann Radcliffe" and date is not None and date.text == read
    # ... or torn in two at its last slash, the year a little lower (seed 12900, heavy)
    torn = [Word("03/26/", 77.0, 2711, 2160, 2860, 2211), Word("2019", 94.0, 2861, 2176, 2962,
                                                                2231)]
    for words in (W("/s/ Ann Radcliffe", 1724, 2177) + torn,
                  W("/s/ Ann Radcliffe", 1724, 2177) + torn
                  + W("** Signature of Reporting Person", 1724, 2250)):
        page = PageLayout(2, 3300, 2550, 300, words, [], [])
        [(name, date)] = bx.read_signatures(page) or bx.signed_lines(page)
        assert name.text == "/s/ Ann Radcliffe" and date is not None and \
            date.text == "03/26/2019"
    # ... or a part of it lost ("09/25", "13/2019"): the date still, never the name's; a
    # whole date under the caption is taken before a part
    for read in ("09/25", "13/2019", "09:17/20"):
        words = (W("/s/ Ann Radcliffe", 1724, 2177) + W(read, 2720, 2177)
                 + W("** Signature of Reporting Person", 1724, 2230))
        [(name, date)] = bx.read_signatures(PageLayout(2, 3300, 2550, 300, words, [], []))
        assert name.text == "/s/ Ann Radcliffe" and date is not None and date.text == read
    words = (W("/s/ Ann Radcliffe 09/25", 1724, 2177) + W("09/25/2019", 2720, 2190)
             + W("** Signature of Reporting Person", 1724, 2230) + W("Date", 2720, 2230))
    [(name, date)] = bx.read_signatures(PageLayout(2, 3300, 2550, 300, words, [], []))
    assert name.text == "/s/ Ann Radcliffe" and date is not None and date.text == "09/25/2019"


def test_remarks_stop_at_a_signature_typed_above_its_caption() -> None:
    """An empty Remarks heading with the signature's three lines below it to the right (the
    first too far above the caption to be its line): no remarks; a remark at the left margin
    stays."""
    from extractor.mapping import boxes as bx

    sig = (W("By: Kristin Johnston,", 1870, 2340) + W("07/15/2020", 2450, 2380)
           + W("Attorney-in-fact For: the Reporting", 1870, 2380) + W("Person", 1870, 2420)
           + W("** Signature of Reporting Person", 1870, 2470) + W("Date", 2450, 2470))
    page = PageLayout(1, 3300, 2550, 300, W("Remarks:", 115, 2270) + sig, [], [])
    rem = bx.read_remarks(page)
    assert rem is not None and rem.text == ""
    page = PageLayout(1, 3300, 2550, 300, W("Remarks:", 115, 2270)
                      + W("Exhibit 24 - Power of Attorney", 115, 2310) + sig, [], [])
    rem = bx.read_remarks(page)
    assert rem is not None and rem.text == "Exhibit 24 - Power of Attorney"


def test_remarks_beside_a_signature_to_their_right_and_a_torn_heading() -> None:
    """Seed 13600: a one-line remark across the left of the page, the signature typed to its
    right a line lower (its caption under the signature, not under the remark); and the
    heading torn in two ("Rema rks:")."""
    from extractor.mapping import boxes as bx

    remark = "This Form 4 is filed jointly by the reporting persons listed above."
    sig = (W("/s/ Margaret D. Nakamura", 1964, 317) + W("09/11/2019", 2577, 303)
           + W("** Signature of Reporting Person", 1966, 367) + W("Date", 2578, 367))
    for heading in ("Remarks:", "Rema rks:"):
        page = PageLayout(2, 3300, 2550, 300, W(heading, 122, 196) + W(remark, 120, 251) + sig,
                          [], [])
        rem = bx.read_remarks(page)
        assert rem is not None and rem.text == remark, heading


def test_city_line_with_its_zip_torn_or_joined_to_the_state() -> None:
    from extractor.mapping import boxes as bx

    for city_line, zip_code in (("PITTSBURGH, PA-15269", "15269"), ("DENVER, CO 802 98", "80298")):
        lines = [W("1 MAIN ST", 100, 100), W("SUITE 210", 100, 140), W(city_line, 100, 180)]
        out = bx.split_address(lines, 1)
        assert out["street2"] is not None and out["street2"].text == "SUITE 210"
        assert out["zip_code"] is not None and out["zip_code"].text == zip_code
        assert out["state"] is not None and out["state"].text == city_line.split()[1][:2]


def test_signature_wrapped_beside_its_date() -> None:
    """The SEC's rendering as a browser prints it: a long conformed signature wraps onto a
    second line and the date, centred in its cell, sits level between the two lines."""
    from extractor.mapping import boxes as bx
    from extractor.mapping.normalize import mend_signature_name

    words = (W("/s/Jessica L. Brosius, Attorney.", 1503, 2284) + W("01/26/2023", 1960, 2306)
             + W("in Fact for Nora B. Sullivan", 1504, 2328)
             + W("** Signature of Reporting Person", 1503, 2381) + W("Date", 1961, 2381))
    [(name, date)] = bx.read_signatures(PageLayout(1, 3300, 2550, 300, words, [], []))
    assert date is not None and date.text == "01/26/2023"
    assert mend_signature_name(name.text)[0] == \
        "/s/Jessica L. Brosius, Attorney in Fact for Nora B. Sullivan"


def test_page_edge_lines_do_not_frame_the_table() -> None:
    from dataclasses import replace

    page = table1_page()
    # A scan's dark left edge (a line at x=13 down to mid-page) and a rule along the bottom
    # from the page's edge: neither is the table's border.
    edged = replace(page, h_rules=[*page.h_rules, (1495, 0, 3150)],
                    v_rules=[*page.v_rules, (13, 0, 1330)])
    rows = assemble_record([edged])["non_derivative_transactions"]
    assert len(rows) == len(assemble_record([page])["non_derivative_transactions"]) == 2


def test_box_number_that_lost_its_stop_starts_a_label() -> None:
    from extractor.mapping import boxes as bx

    irs = W("3. I.R.S. Identification Number of Reporting Person", 1077, 600)
    words = irs + W("4 Statement for Month/Year", irs[-1].x1 + 30, 600) + W("03/2016", 1700, 660)
    page = PageLayout(1, 3300, 2550, 300, words, [], [])
    found = bx.find_boxes(page)
    assert {"irs", "statement"} <= set(found)
    assert [w.text for w in found["statement"].label_words][:2] == ["4", "Statement"]
    # a number inside a label's words with no capitalised word after it splits nothing
    assert len(bx.segments(W("(Instr. 3, 4 and 5)", 100, 100))) == 1


def test_first_footnote_number_misread_is_note_one() -> None:
    from extractor.mapping.boxes import read_footnotes

    # "(4)" read for "(1)", then a speck "97," on the heading's line before "(1)"
    misread = PageLayout(1, 3300, 2550, 300,
                         W("Explanation of Responses:", 100, 2200)
                         + W("(4) Sold under a trading plan.", 100, 2240)
                         + W("(2) Held by a trust.", 100, 2280), [], [])
    assert [(fid, r.text) for fid, r in read_footnotes([misread])] == [
        ("F1", "Sold under a trading plan."), ("F2", "Held by a trust.")]
    speck = PageLayout(1, 3300, 2550, 300,
                       W("Explanation of Responses: 97,", 100, 2200)
                       + W("(1) Sold under a trading plan.", 100, 2240)
                       + W("(2) Held by a trust.", 100, 2280), [], [])
    assert [fid for fid, _ in read_footnotes([speck])] == ["F1", "F2"]


def test_first_footnote_pulled_into_the_heading_line() -> None:
    from extractor.mapping.boxes import read_footnotes

    # The heading's boxes grown tall with specks reach the first note's line, which
    # group_lines then merges into the heading's line.
    heading = [Word(t, 95, x, 2200, x + 16 * len(t), 2280)
               for t, x in (("Explanation", 100), ("of", 300), ("Responses:", 350))]
    note = W("\u201c(1) Represents a gift to a charity.", 100, 2262)
    page = PageLayout(1, 3300, 2550, 300,
                      heading + note + W("(2) Held by a trust.", 100, 2320), [], [])
    notes = dict(read_footnotes([page]))
    assert notes["F1"].text == "Represents a gift to a charity."
    assert notes["F2"].text == "Held by a trust."


def test_care_of_suffix_wrapped_onto_its_own_line() -> None:
    from extractor.mapping.boxes import split_address

    lines = [W("C/O STONEBRIDGE HOLDINGS,", 100, 600), W("INC.", 100, 640),
             W("3987 ELM AVENUE", 100, 680), W("ATLANTA GA 30301", 100, 720)]
    out = split_address(lines, 1)
    assert out["street1"].text == "C/O STONEBRIDGE HOLDINGS, INC."
    assert out["street2"].text == "3987 ELM AVENUE"
    assert (out["city"].text, out["state"].text, out["zip_code"].text) == ("ATLANTA", "GA",
                                                                          "30301")


def test_footnote_semicolon_read_for_a_comma() -> None:
    from extractor.mapping.assemble import field_from_text

    f = field_from_text("footnote", "Any security holder of the Issuer; or the staff of the "
                        "Commission.", conf=90.0, page=1, bbox=None)
    assert f["value"] == "Any security holder of the Issuer, or the staff of the Commission."


@pytest.mark.parametrize(("read", "value"), [
    ("Footnotes", "See Footnotes"), ("footnote(2)", "See footnote"),
    ("Sec Footnote", "See Footnote"),
    ("see footnote", "see footnote"), ("By Footnote Trust", "By Footnote Trust")])
def test_a_nature_that_lost_its_see(read: str, value: str) -> None:
    """No filing's nature of ownership is "Footnote(s)" alone: its "See" was lost."""
    from extractor.mapping.assemble import field_from_text

    assert field_from_text("nature_of_ownership", read, conf=90.0, page=1,
                           bbox=None)["value"] == value


@pytest.mark.parametrize(("read", "value"), [
    ("Class 4 Common Stock", "Class A Common Stock"), ("Class 4A Common Stock",
                                                       "Class A Common Stock"),
    ("Class 1 (convertible) Common Stock", "Class 1 (convertible) Common Stock"),
    ("Class 2 LTIP Units", "Class 2 LTIP Units")])
def test_a_class_a_read_as_a_4(read: str, value: str) -> None:
    from extractor.mapping.assemble import field_from_text

    assert field_from_text("security_title", read, conf=90.0, page=1,
                           bbox=None)["value"] == value


def test_a_note_opens_with_a_capital() -> None:
    """No note of EDGAR's opens with a small letter: one read so had its capital worn."""
    from extractor.mapping.assemble import field_from_text

    f = field_from_text("footnote", "the price reported in Column 4 is a weighted average "
                        "price.", conf=90.0, page=1, bbox=None)
    assert f["value"] == "The price reported in Column 4 is a weighted average price."
    assert "repaired:punctuation" in f["flags"]
    f = field_from_text("remarks", "see the attached exhibit.", conf=90.0, page=1, bbox=None)
    assert f["value"] == "see the attached exhibit."


def test_ticker_with_a_speck_before_its_closing_bracket() -> None:
    from extractor.mapping.boxes import Box, read_issuer_box

    page = PageLayout(1, 3300, 2550, 300, W("Tidewater Robotics Group, Inc. [ TRIR,]", 100, 500),
                      [], [])
    name, symbol = read_issuer_box(page, Box("issuer", 90, 490, 3000, 540, []))
    assert name is not None and symbol is not None
    assert (name.text, symbol.text) == ("Tidewater Robotics Group, Inc.", "TRIR")


def test_ticker_with_a_scrap_after_it_or_its_i_read_as_a_bang() -> None:
    """Seed 11500's moderate issuer lines."""
    from extractor.mapping.boxes import Box, read_issuer_box

    for line, want in (("Evergreen Hollow Bancorp Holdings, Inc. [ EHB as",
                        ("Evergreen Hollow Bancorp Holdings, Inc.", "EHB")),
                       ("Quarry Point Industries Holdings, Inc. (QP!)",
                        ("Quarry Point Industries Holdings, Inc.", "QPI"))):
        page = PageLayout(1, 3300, 2550, 300, W(line, 100, 500), [], [])
        name, symbol = read_issuer_box(page, Box("issuer", 90, 490, 3000, 540, []))
        assert name is not None and symbol is not None
        assert (name.text, symbol.text) == want


def test_unread_cross_marks_a_box_only_where_a_mark_belongs() -> None:
    """An X Tesseract could not read, seen by the shape of its ink (PageLayout.crosses),
    checks the box beside which it sits, as an inferred value; elsewhere it is ignored."""
    from extractor.mapping import boxes as bx

    words = (W("1. Name and Address of Reporting Person*", 120, 475)
             + W("Kestrel Jane", 130, 540)
             + W("5. Relationship of Reporting Person(s) to Issuer", 2065, 475)
             + W("(Check all applicable)", 2200, 500)
             + W("Director", 2197, 531) + W("10% Owner", 2768, 532)
             + W("Officer (give title below)", 2196, 581)
             + W("Other (specify below)", 2766, 581))
    page = PageLayout(1, 3300, 2550, 300, words, [], [(2040, 460, 700), (3193, 460, 700)],
                      crosses=[(2700, 530, 2730, 560), (2150, 1500, 2180, 1530)])
    rel = bx.read_relationship(page, bx.find_boxes(page)["relationship"])
    assert rel.flags["is_ten_percent_owner"][0] is True
    assert bx.seen_by_shape(rel.flags["is_ten_percent_owner"][1])
    assert [rel.flags[k][0] for k in ("is_director", "is_officer", "is_other")] == [False] * 3
    [owner] = assemble_record([page], checks=False)["reporting_owners"]
    assert owner["is_ten_percent_owner"]["value"] is True
    assert owner["is_ten_percent_owner"]["flags"] == ["inferred:mark-by-shape"]
    assert owner["is_director"]["value"] is False and owner["is_director"]["flags"] == []


def test_owners_table_cross_by_shape_and_speck_rows() -> None:
    """In the Reporting Owners table a cell with no word but a cross-shaped blob is marked
    (inferred); a speck in a cell marks nothing, and a speck below the last owner is no
    owner."""
    from extractor.mapping.assemble import _owner_from_row
    from extractor.mapping.owners_table import read_owners_table

    words = (W("Reporting Owner Name / Address", 132, 218) + W("Relationships", 1300, 218)
             + W("Director", 1330, 262) + W("10% Owner", 1700, 262) + W("Officer", 2100, 262)
             + W("Other", 2800, 262)
             + W("KESTREL GROWTH FUND IV, L.P.", 134, 316) + W("-", 1360, 330, conf=26.0)
             + W("1121 LAKEVIEW ROAD", 134, 360) + W("BOSTON, MA 02179", 134, 404)
             + [Word("X", 0.0, 401, 470, 405, 478)]
             + W("Explanation of Responses:", 122, 520))
    page = PageLayout(2, 3300, 2550, 300, words, [], [], crosses=[(1750, 320, 1780, 350)])
    rows = read_owners_table(page)
    assert len(rows) == 1
    assert rows[0].flags["is_director"][0] is False
    assert rows[0].flags["is_ten_percent_owner"][0] is True
    owner = _owner_from_row(rows[0])
    assert owner["is_ten_percent_owner"]["flags"] == ["inferred:mark-by-shape"]
    assert owner["is_ten_percent_owner"]["confidence"] < 0.9


def test_section16_box_checked_by_an_unread_cross() -> None:
    from extractor.mapping import boxes as bx

    words = W("Check this box if no longer subject to Section 16.", 191, 258)
    page = PageLayout(1, 3300, 2550, 300, words, [], [], crosses=[(125, 254, 165, 294)])
    flag, r = bx.checkbox_near(page, "Check this box if no longer subject to Section 16")
    assert flag is True and bx.seen_by_shape(r)
    page.crosses = [(125, 254, 165, 264)]  # too flat for a mark: a scrap
    assert bx.checkbox_near(page, "Check this box if no longer subject to Section 16")[0] is False


def test_relationship_mark_goes_to_the_label_it_is_level_with() -> None:
    """A speck stretches "Director" down to the officer's X below it: the X still goes to
    Officer, the option it sits level with and nearest to; an X read with a speck ("XE")
    is a mark."""
    from extractor.mapping import boxes as bx

    def page_with(mark: str) -> PageLayout:
        words = (W("6. Relationship of Reporting Person(s) to Issuer", 2155, 475)
                 + [Word("Director", 96.0, 2284, 534, 2384, 580)]  # grown by a speck
                 + W("10% Owner", 2811, 539)
                 + [Word(mark, 93.0, 2208, 581, 2232 + 16 * (len(mark) - 1), 610)]
                 + W("Officer (give title below)", 2287, 596)
                 + W("Other (specify below)", 2809, 596) + W("CEO", 2631, 640))
        return PageLayout(1, 3300, 2550, 300, words, [], [(2130, 451, 733), (3193, 451, 733)])

    for mark in ("X", "XE"):
        page = page_with(mark)
        rel = bx.read_relationship(page, bx.find_boxes(page)["relationship"])
        checked = {k for k, (flag, _r) in rel.flags.items() if flag}
        assert checked == {"is_officer"}, mark
        assert rel.officer_title is not None and rel.officer_title.text == "CEO"


def test_ticker_digits_are_letters_misread() -> None:
    from extractor.mapping.boxes import ticker_letters

    assert ticker_letters("NNW1I") == "NNWI"  # an I read twice, once as 1
    assert ticker_letters("SMT1") == "SMTI"
    assert ticker_letters("5LOI") == "SLOI"
    assert ticker_letters("AAPL") == "AAPL"
    assert ticker_letters("1314152") == "1314152"  # digits alone: as read


def test_ticker_whose_brackets_were_lost_and_read_as_i() -> None:
    from extractor.mapping import boxes as bx

    words = (W("2. Issuer Name and Ticker or Trading Symbol", 1200, 440)
             + W("Aurora Innovation, Inc. AUR I", 1214, 491))
    page = PageLayout(1, 3300, 2550, 300, words, [], [])
    name, symbol = bx.read_issuer_box(page, bx.find_boxes(page)["issuer"])
    assert name is not None and name.text == "Aurora Innovation, Inc."
    assert symbol is not None and symbol.text == "AUR"


def test_header_a_fax_made_unreadable_columns_from_what_the_cells_hold() -> None:
    """The header's small print read as scraps, the slashes of the dates lost, the codes'
    footnote markers garbled: the cells' dates, codes, amounts and letters name the columns."""
    page = table1_page()
    header = [w for w in page.words if 1060 <= w.y0 < 1290]
    scraps = ["1*", "Tjtte", "nf", "Saculity", "thew", "vor", "Yea", "evgx'", "cee", "eo"]
    page.words = [w for w in page.words if w not in header] + [
        Word(scraps[i % len(scraps)], 30.0, w.x0, w.y0, w.x1, w.y1)
        for i, w in enumerate(header)]
    page.words = [Word({"02/06/2023": "02062023", "A": "Ah", "F": "Fs!"}.get(w.text, w.text),
                       w.conf, w.x0, w.y0, w.x1, w.y1) for w in page.words]
    rec = assemble_record([page])
    rows = rec["non_derivative_transactions"]
    assert [r["shares"]["value"] for r in rows] == [3638, 1051]
    assert [r["acquired_disposed_code"]["value"] for r in rows] == ["A", "D"]
    assert [r["price_per_share"]["value"] for r in rows] == [0, 121.02]
    assert [r["shares_owned_following_transaction"]["value"] for r in rows] == [46274, 45223]
    assert rows[0]["security_title"]["value"] == "Common Stock"
    held = rec["non_derivative_holdings"]
    assert [(h["direct_or_indirect_ownership"]["value"], h["nature_of_ownership"]["value"])
            for h in held] == [("I", "By Trust")]


def test_cells_name_their_columns_in_the_forms_order() -> None:
    from extractor.mapping.body_columns import assign

    fields = ["security_title", "transaction_date", "deemed_execution_date",
              "transaction_code", "equity_swap_involved", "shares", "acquired_disposed_code",
              "price_per_share", "shares_owned_following_transaction",
              "direct_or_indirect_ownership", "nature_of_ownership"]
    columns = [["Ordinary", "Shares", "Ordinary", "Shares"], ["08082023", "08:09:2023"], [],
               ["Sh", "S(1)"], [], ["1,014", "12,278"], ["D", "D"], ["$26.53", "$26.22"],
               ["104,886", "92,608"], ["D", "I"], ["By", "Trust"]]
    assert assign(columns, fields) == fields
    # The rule between title and date lost and a stray sliver of a column: order still holds.
    merged = [["Ordinary", "Shares"], ["1"], ["08/08/2023"], ["S"], ["1,014"], ["D"],
              ["$26.53"], ["104,886"], ["D"]]
    assert assign(merged, fields) == ["security_title", None, "transaction_date",
                                      "transaction_code", "shares", "acquired_disposed_code",
                                      "price_per_share", "shares_owned_following_transaction",
                                      "direct_or_indirect_ownership"]

    # The price cells garbled on a heavy fax (a real filing's render): the column of holdings
    # in the millions is no price column for all that its cells are plain numbers, and the
    # Direct/Indirect column with a marker read '1)' is no column of holdings.
    garbled = [["Common", "Stock", "Common", "Stock"], ["11/23/2021", "11/23/2021"],
               ["S", "S", "S"], ["2,152,681", "Tiny!", "70a"], ["A", "D", "D"],
               ["ais", "S624", "ae?", "S165.", "2h!"], ["21!", "42,681", "2,151,981", "2,144,481"],
               ["Db", "1)", "bD", "1)"], []]
    assert assign(garbled, fields)[5:8] == [None, "shares_owned_following_transaction",
                                            "direct_or_indirect_ownership"]

def test_owner_box_whose_left_border_a_fax_broke_keeps_its_address() -> None:
    """The box ends where its border ends, the border's pieces taken as one rule."""
    from extractor.mapping.boxes import find_boxes, read_owner_box

    words = W("1. Name and Address of Reporting Person*", 130, 440) + \
        W("PEMBERTON ELIZABETH L", 130, 490) + W("(Last) (First) (Middle)", 130, 545) + \
        W("8515 LAKEVIEW ROAD", 130, 590) + W("SUITE 3100", 130, 630) + \
        W("(Street)", 130, 690) + W("HOUSTON TX 77084", 130, 720) + \
        W("(City) (State) (Zip)", 130, 790) + W("2. Issuer Name and Ticker or Trading Symbol",
                                                1200, 440)
    pieces = [(105, 430, 525), (105, 585, 700), (105, 740, 830)]  # gaps of 60 and 40 px
    page = PageLayout(1, 3300, 2550, 300, words, [(430, 100, 3200), (850, 100, 3200)],
                      pieces + [(1180, 430, 850)])
    owner = read_owner_box(page, find_boxes(page)["owner"])
    assert (owner.street1.text, owner.street2.text) == ("8515 LAKEVIEW ROAD", "SUITE 3100")
    assert (owner.city.text, owner.state.text, owner.zip_code.text) == ("HOUSTON", "TX",
                                                                         "77084")


def test_owner_box_whose_border_a_fax_broke_off_in_mid_air() -> None:
    """The border's piece ends 180 px above its next one, where no rule meets it: no bottom.
    The box ends with its city captions; a speck line (the note's '*') does not hide the city
    line."""
    from extractor.mapping.boxes import find_boxes, read_owner_box

    words = W("1. Name and Address of Reporting Person*", 130, 440) + \
        W("KOWALSKI OLIVIA T", 130, 490) + W("(Last) (First) (Middle)", 130, 545) + \
        W("8155 PARK AVENUE", 130, 590) + W("(Street)", 580, 650) + \
        W("SOUTH SAN CA 94091", 130, 690) + W("FRANCISCO", 130, 735) + \
        W("(City) (State) (Zip)", 130, 795) + W("t", 110, 850) + \
        W("If the form is filed by more than one reporting person", 145, 900) + \
        W("2. Issuer Name and Ticker or Trading Symbol", 1200, 440)
    pieces = [(105, 430, 510), (105, 690, 840)]
    page = PageLayout(1, 3300, 2550, 300, words, [(430, 100, 3200), (885, 100, 3200)],
                      pieces + [(1180, 430, 850)])
    box = find_boxes(page)["owner"]
    assert 810 <= box.y1 < 860
    owner = read_owner_box(page, box)
    assert owner.street1.text == "8155 PARK AVENUE" and owner.street2 is None
    assert (owner.city.text, owner.state.text, owner.zip_code.text) == (
        "SOUTH SAN FRANCISCO", "CA", "94091")
    # Without the captions' line the box runs to the rule; the speck line is passed over.
    page.words = [w for w in page.words if w.y0 != 795]
    owner = read_owner_box(page, find_boxes(page)["owner"])
    assert (owner.city.text, owner.zip_code.text) == ("SOUTH SAN FRANCISCO", "94091")


def test_owner_box_captions_a_fax_garbled_past_reading_word_by_word() -> None:
    """'(Last) (First) (Middle)' read "ASD (Fest) (Midate;", '(Street)' read "iSvee) I" and
    '(City) (State) (Zip)' read "{cave 'State! Wp)" with specks: none of them is address."""
    from extractor.mapping.boxes import find_boxes, read_owner_box

    words = W("1. Name and Address of Reporting Person*", 130, 440) + \
        W("SHEPHERD WILLIAM", 130, 490) + W("ASD (Fest) (Midate;", 130, 545) + \
        W("1289 ELM AVENUE", 130, 590) + W("iSvee) I", 580, 650) + \
        W("HOUSTON TX 77054", 130, 690) + W("Wp) a ed", 400, 740) + \
        W("{cave ‘State! eee -", 130, 780) + \
        W("2. Issuer Name and Ticker or Trading Symbol", 1200, 440)
    page = PageLayout(1, 3300, 2550, 300, words, [(430, 100, 3200), (850, 100, 3200)],
                      [(105, 430, 850), (1180, 430, 850)])
    owner = read_owner_box(page, find_boxes(page)["owner"])
    assert owner.name.text == "SHEPHERD WILLIAM"
    assert (owner.street1.text, owner.street2) == ("1289 ELM AVENUE", None)
    assert (owner.city.text, owner.state.text, owner.zip_code.text) == ("HOUSTON", "TX",
                                                                         "77054")
    # A typed line in mixed case with a word like a caption's stays ("c/o First Mid Bank").
    page.words = [w for w in page.words if w.y0 != 545] + W("c/o First Mid Bank", 130, 545)
    owner = read_owner_box(page, find_boxes(page)["owner"])
    assert (owner.street1.text, owner.street2.text) == ("c/o First Mid Bank", "1289 ELM AVENUE")


def test_address_whose_zip_code_was_read_a_digit_long_keeps_city_and_state() -> None:
    from extractor.mapping.boxes import split_address

    a = split_address([W("ONE LETTERMAN DRIVE", 100, 100), W("BUILDING D, 5TH FLOOR", 100, 140),
                       W("SAN FRANCISCO CA 941429", 100, 240)], 1)
    assert (a["street1"].text, a["street2"].text) == ("ONE LETTERMAN DRIVE",
                                                      "BUILDING D, 5TH FLOOR")
    assert (a["city"].text, a["state"].text, a["zip_code"]) == ("SAN FRANCISCO", "CA", None)


def test_ink_read_twice_within_a_cell_counts_once() -> None:
    """Tesseract gave "$10.9398(17)" and, inside its box, "9398" and "(17)" again: the price
    is 10.9398, not the digits joined (10.93989398)."""
    page = table1_page()
    price = next(w for w in page.words if w.text == "$121.02")
    page.words.remove(price)
    page.words += [Word("$10.9398(17)", 79.0, price.x0, price.y0, price.x0 + 220, price.y1),
                   Word("9398", 37.0, price.x0 + 88, price.y0, price.x0 + 156, price.y1),
                   Word("(17)", 82.0, price.x0 + 172, price.y0 - 4, price.x0 + 222,
                        price.y1 + 8)]
    row = read_tables(page)[0].rows[1].cells
    assert row["price_per_share"].text == "$10.9398(17)"
    # a word beside another, not inside it, stays
    assert row["shares"].text == "1,051(2)"


def test_table2_title_garbled_past_reading_is_known_by_its_second_line() -> None:
    """'Table It - Gerivaiue Secmides Kewuired': a photocopied title no fuzzy match knows; the
    line under it, '(e.g., puts, calls, warrants, ...)', read whole, says it is Table II."""
    from extractor.mapping.tables import UNNUMBERED, _title_kind, _untitled_headers
    from extractor.page import group_lines

    garbled = "Table It - Gerivaiue Secmides Kewuired, Clapoeed of, im Beisticlally Owned"
    assert _title_kind(garbled)[0] in (None, UNNUMBERED)  # not which table, from itself
    lines = group_lines(W("Common Stock 3,398 D", 120, 1390) + W(garbled, 480, 1431)
                        + W("(e.g., puts, calls, warrants, options, convertible securities)",
                            520, 1480) + W("1. Title of 2. Conversion 3. Transaction", 110, 1570))
    assert _untitled_headers(lines, []) == [("table2", 1, 1431)]
    # Its title read: nothing more to find.
    lines[1] = W("Table II - Derivative Securities Acquired, Disposed of", 480, 1431)
    assert _untitled_headers(lines, [("table2", 1, 1431)]) == []


def test_a_header_whose_first_heading_was_garbled_stands_for_its_table() -> None:
    """Table I's title garbled past knowing ("Tie Dinu Desens Securit Raila; ...") and its
    first heading too ("1. Title of a (instr. 3)"): the next heading on the line, "2.
    Transaction" (Table II's: "2. Conversion or Exercise"), says it is a table's header.
    A line "1. Title of" with neither is none."""
    from extractor.mapping.tables import _untitled_headers
    from extractor.page import group_lines

    for second, kind in (("2. Transaction 2A Deemed 3. Transaction", "table1"),
                         ("2. Conversion or Exercise Price 3. Transaction", "table2")):
        lines = group_lines(W("Tie Dinu Desens Securit Raila; Whepeved of", 1039, 869)
                            + W(f"1. Title of a (instr. 3) {second}", 133, 957))
        assert _untitled_headers(lines, []) == [(kind, 0, 956)]
    lines = group_lines(W("Remarks:", 133, 869) + W("1. Title of the plan: Stock Plan", 133, 957))
    assert _untitled_headers(lines, []) == []


def test_issuer_in_capitals_whose_opening_bracket_was_lost() -> None:
    issuer = _issuer

    # The box's left rule read as "I" before the name, the "[" lost.
    assert issuer("I EVANS BANCORP INC EVBN ]") == ("EVANS BANCORP INC", "EVBN")
    # A suffix before the bracket is no symbol: the symbol itself was lost.
    assert issuer("ACME HOLDINGS CORP ]")[1] != "CORP"


def test_a_filing_s_only_note_without_its_heading() -> None:
    """'Explanation of Responses:' garbled to 'E: 1 ation of R': the one note, "1. The ...",
    has no "2." after it; the Remarks heading below says the notes end there."""
    from extractor.mapping.boxes import read_footnotes

    page = PageLayout(1, 3300, 2550, 300,
                      W("E: 1 ation of R", 120, 2094)
                      + W("1. The Restricted Stock shall be vested as follows.", 124, 2138)
                      + W("Remarks:", 124, 2210), [], [])
    notes = dict(read_footnotes([page]))
    assert list(notes) == ["F1"] and notes["F1"].text.startswith("The Restricted Stock")
    # A box label is no note.
    page = PageLayout(1, 3300, 2550, 300,
                      W("1. Name and Address of Reporting Person", 120, 300)
                      + W("Remarks:", 124, 400), [], [])
    assert read_footnotes([page]) == []


def test_note_number_split_by_a_thin_scan() -> None:
    """A thin scan breaks "2." into its upper stroke, read ")", and a flat scrap that is
    dropped; note 1 and note 2 lost their closing stops. Note 2 is cut off note 1 where the
    scrap stands in the numbers' place; "2 )" with a space is a number too."""
    from extractor.mapping.boxes import read_footnotes

    page = PageLayout(1, 3300, 2550, 300,
                      W("Explanation of Responses:", 100, 2150)
                      + W("1. Each restricted stock unit represents a right", 152, 2196)
                      + W(") The restricted stock units are fully vested", 154, 2237)
                      + W("3. Includes 1 share as a result of fractional shares", 154, 2279)
                      + W("Remarks:", 100, 2318), [], [])
    notes = dict(read_footnotes([page]))
    assert notes["F1"].text == "Each restricted stock unit represents a right"
    assert notes["F2"].text == "The restricted stock units are fully vested"
    assert notes["F3"].text.startswith("Includes 1 share")
    page = PageLayout(1, 3300, 2550, 300,
                      W("Explanation of Responses:", 100, 2150)
                      + W("1. Each restricted stock unit represents a right.", 152, 2196)
                      + W("2 ) The restricted stock units are fully vested.", 148, 2237), [], [])
    assert dict(read_footnotes([page]))["F2"].text == "The restricted stock units are fully vested."


def test_signature_with_a_speck_below_it_and_its_date_caption_lost() -> None:
    """The 'Date' caption read 'Late', a speck ('-') under the name: the date typed on the
    signature's line, at the right, is still its date."""
    from extractor.mapping import boxes as bx

    words = (W("/s/ Julia Radcliffe", 1724, 2153) + W("11/02/2017", 2722, 2151)
             + [Word("-", 33.0, 2665, 2198, 2680, 2204)] + W("Late", 2709, 2198)
             + W("** Signature of Reporting Person", 1713, 2211))
    [(name, date)] = bx.read_signatures(PageLayout(1, 3300, 2550, 300, words, [], []))
    assert name.text == "/s/ Julia Radcliffe"
    assert date is not None and date.text == "11/02/2017"


def test_a_date_s_end_wrapped_to_the_head_of_a_line_is_no_note_number() -> None:
    from extractor.mapping.boxes import read_footnotes

    page = PageLayout(1, 3300, 2550, 300,
                      W("Explanation of Responses:", 100, 2150)
                      + W("1. The shares were acquired by the reporting person on January", 100,
                          2196)
                      + W("2, 2003.", 100, 2237)
                      + W("2. The securities are held directly by a fund.", 100, 2279), [], [])
    notes = dict(read_footnotes([page]))
    assert notes["F1"].text.endswith("on January 2, 2003.")
    assert notes["F2"].text == "The securities are held directly by a fund."


def test_owner_box_found_high_leaves_the_printed_line_above_it() -> None:
    """'(Print or Type Responses)', printed above box 1 of the paper forms, is no name when a
    skewed box takes it in."""
    from extractor.mapping.boxes import Box, read_owner_box

    words = W("(Print or Type Responses)", 130, 440) + W("CASTELLANOS JULIA", 130, 500) + \
        W("(Last) (First) (Middle)", 130, 545) + W("8515 LAKEVIEW ROAD", 130, 590) + \
        W("(Street)", 130, 690) + W("HOUSTON TX 77084", 130, 720) + \
        W("(City) (State) (Zip)", 130, 790)
    page = PageLayout(1, 3300, 2550, 300, words, [], [])
    owner = read_owner_box(page, Box("owner", 100, 420, 1150, 840, []))
    assert owner.name is not None and owner.name.text == "CASTELLANOS JULIA"
    assert owner.street1 is not None and owner.street1.text == "8515 LAKEVIEW ROAD"


def test_issuer_typed_after_the_last_word_of_its_label() -> None:
    """SEC 1474 (03-26) leaves box 2 no room below its label: the name typed after "Symbol"
    is the issuer without the label's last word, and its ticker "[LSST]" is no "(Last)"."""
    from extractor.mapping.boxes import find_boxes, read_issuer_box

    words = W("1. Name and Address of Reporting Person*", 130, 440) + \
        W("2. Issuer Name and Ticker or Trading", 1200, 440) + \
        W("Symbol Lakeshore Systems Holdings, Inc. [LSST]", 1200, 480) + \
        W("5. Relationship of Reporting Person(s) to Issuer", 2000, 440) + \
        W("2a. Foreign Trading Symbol", 1200, 560)
    page = PageLayout(1, 3300, 2550, 300, words, [(430, 100, 3200), (850, 100, 3200)],
                      [(1180, 430, 850), (1980, 430, 850)])
    name, symbol = read_issuer_box(page, find_boxes(page)["issuer"])
    assert name is not None and name.text == "Lakeshore Systems Holdings, Inc."
    assert symbol is not None and symbol.text == "LSST"


def test_a_title_wrapped_in_its_ruled_row_with_the_amount_s_marker_below_it() -> None:
    """Narrow columns of a pre-ruled form: 'Common' over 'Stock' in one ruled row, the
    amount's marker wrapped under it and read '(i', the price's read 'ny'. One row each."""
    page = table1_page()
    first = [w for w in page.words if 1300 <= w.y0 < 1330 and w.x0 < 2100]
    page.words = [w for w in page.words if w not in first]
    page.words += W("Common", T1["title"][0] + 10, 1292) + W("Stock", T1["title"][0] + 10, 1322)
    page.words += W("02/06/2023", T1["date"][0] + 10, 1292) + W("A", T1["code"][0] + 10, 1292)
    page.words += W("3,638", T1["amount"][0] + 10, 1292) + W("(i", T1["amount"][0] + 10, 1322)
    page.words += W("A", T1["ad"][0] + 10, 1292) + W("$0.00", T1["price"][0] + 10, 1292)
    page.words += W("ny", T1["price"][0] + 10, 1322)
    rec = assemble_record([page])
    rows = rec["non_derivative_transactions"]
    assert [r["shares"]["value"] for r in rows] == [3638, 1051]
    assert rows[0]["security_title"]["value"] == "Common Stock"
    assert len(rec["non_derivative_holdings"]) == 1


def test_note_numbers_whose_stops_a_small_face_lost() -> None:
    """'1 Each ...', '2 sc US ...' (capitals read small), '3 Total ...', and '2 Total ...'
    where note 4 is due (a 4 read as 2): each after a note that ended its sentence."""
    notes = _notes_read("1 Each share is represented by a restricted stock unit.",
                        "2 sc US (TTGP), Ltd. is the general partner of the fund.",
                        "3 Total includes 2,742 shares held in escrow.",
                        "2 Total includes 113 shares held in escrow.")
    assert sorted(notes, key=lambda k: int(k[1:])) == ["F1", "F2", "F3", "F4"]
    assert notes["F2"].text.startswith("sc US (TTGP)")
    assert notes["F4"].text == "Total includes 113 shares held in escrow."


def test_a_title_column_cut_short_reaches_as_far_as_its_words_run() -> None:
    """A scrap of rule in a continuation page's header ended the title column after "Common";
    "Stock", a word-space on, is the title's; a speck far off in the gap is not."""
    from extractor.mapping.tables import LeafColumn, Section, _title_to_next_column

    words = W("Common Stock", 130, 1300) + W("Common Stock", 130, 1360) + W("L", 700, 1420)
    page = PageLayout(2, 3300, 2550, 300, words, [], [])
    sec = Section("table1", 120, 3100, 1000, 1050, 1280, 1500)
    cols = [LeafColumn("security_title", 120, 240), LeafColumn("transaction_date", 817, 1067)]
    title = _title_to_next_column(page, sec, cols)[0]
    assert 320 <= title.x1 < 700
    # another column between them (Table II's conversion price lost): left as it is
    sec2 = Section("table2", 120, 3100, 1000, 1050, 1280, 1500)
    cols2 = [LeafColumn("security_title", 120, 240), LeafColumn("transaction_date", 817, 1067)]
    assert _title_to_next_column(page, sec2, cols2)[0].x1 == 240


def test_the_owners_table_naming_box_1_s_owner_again_adds_no_owner() -> None:
    from extractor.mapping.assemble import _merge_owners
    from extractor.record import make_field

    def owner(name: str) -> dict:
        return {"name": make_field(name, confidence=0.9)}

    box = [owner("LOCKHART THOMAS")]
    table = [owner("Reporting Owner Name"), owner("I LOCKHART THOMAS"),
             owner("BAYFRONT HEALTHCARE FUND III, L.P.")]
    merged = _merge_owners(box, table, [])
    assert [o["name"]["value"] for o in merged] == ["LOCKHART THOMAS",
                                                    "BAYFRONT HEALTHCARE FUND III, L.P."]


def test_a_holding_set_over_the_edge_into_the_price_cell_goes_back() -> None:
    from extractor.mapping.tables import _cell, _give_back_spilled_amount

    def word(text: str, x0: int) -> Word:
        return Word(text, 90.0, x0, 1200, x0 + 18 * len(text), 1228)

    cells = {"price_per_share": _cell([word("$6.96", 2000), word("(2)", 2100),
                                       word("87,", 2180), word("963", 2240)]),
             "shares_owned_following_transaction": _cell([])}
    _give_back_spilled_amount(cells)
    assert cells["price_per_share"].text == "$6.96 (2)"
    assert cells["shares_owned_following_transaction"].text == "87, 963"
    # fractional shares, their point apart ("88,656 .627")
    cells = {"price_per_share": _cell([word("$15.62", 2000), word("88,656", 2160),
                                       word(".627", 2315)])}
    _give_back_spilled_amount(cells)
    assert cells["price_per_share"].text == "$15.62"
    assert cells["shares_owned_following_transaction"].text == "88,656 .627"
    # The holding read in its own cell: the price cell keeps what it has.
    cells = {"price_per_share": _cell([word("$6.96", 2000), word("36,394", 2180)]),
             "shares_owned_following_transaction": _cell([word("36,394", 2400)])}
    _give_back_spilled_amount(cells)
    assert cells["price_per_share"].text == "$6.96 36,394"
    # A price in thousands alone stays a price.
    cells = {"price_per_share": _cell([word("$1,250", 2000)]),
             "shares_owned_following_transaction": _cell([])}
    _give_back_spilled_amount(cells)
    assert cells["price_per_share"].text == "$1,250"


def test_signature_beside_a_stamp_and_one_whose_caption_a_fax_lost() -> None:
    """A stamp's word several lines tall ("RECEIVED:") left of a signature is no part of
    it; a second signature below the first, its own caption lost, is still one (read as a
    signed line in the first one's column)."""
    from extractor.mapping import boxes as bx

    stamp = [Word("RECEIVED:", 90, 1530, 2110, 2000, 2250)]
    words = (W("Remarks: Exhibit 99.1 - Joint Filer Information", 122, 2100) + stamp
             + W("/s/ Stephen Goldberg", 1978, 2177) + W("01/16/2013", 2577, 2177)
             + W("** Signature of Reporting Person", 1978, 2230) + W("Date", 2577, 2230)
             + W("procedure.", 111, 2290) + W("/s/ Mei Boateng, Authorized Signatory", 1978, 2290)
             + W("11/16/2019", 2577, 2290)
             + W("Potential persons who are to respond", 111, 2350))
    page = PageLayout(1, 3300, 2550, 300, words, [], [])
    [(name, date)] = bx.read_signatures(page)
    assert name.text == "/s/ Stephen Goldberg" and date is not None
    sigs = assemble_record([page])["signatures"]
    assert [s["name"]["value"] for s in sigs] == ["/s/ Stephen Goldberg",
                                                  "/s/ Mei Boateng, Authorized Signatory"]
    assert [s["date"]["value"] for s in sigs] == ["2013-01-16", "2019-11-16"]


def test_owners_table_header_in_two_level_lines_its_border_broken() -> None:
    """The header read as two lines level with each other ("Reporting Owner Name" and
    "/ Address", a dotted rule's scraps among them) and the table's left border broken by a
    fax just below it: the owners are read all the same."""
    from extractor.mapping.owners_table import read_owners_table

    scraps = [Word(t, 60, x, 210, x + 20, 211) for t, x in (("a", 700), ("ee", 1000))]
    words = (W("Reporting Owner Name", 132, 218) + scraps + W("/ Address", 480, 228)
             + W("Relationships", 1300, 228)
             + W("Director", 1300, 262) + W("10% Owner", 1700, 262) + W("Officer", 2200, 262)
             + W("Other", 2800, 262)
             + W("NORTHGATE HEALTHCARE FUND III, L.P.", 134, 340) + W("X", 1760, 340)
             + W("1807 EXECUTIVE CIRCLE", 134, 384) + W("BETHESDA, MD 20897", 134, 428)
             + W("Explanation of Responses:", 122, 700))
    border = [(120, 200, 305), (120, 350, 480)]  # broken where the first owner begins
    rows = read_owners_table(PageLayout(2, 3300, 2550, 300, words, [], border))
    assert [r.name.text for r in rows if r.name] == ["NORTHGATE HEALTHCARE FUND III, L.P."]
    assert rows[0].address["zip_code"] is not None
    assert rows[0].address["zip_code"].text == "20897"
    assert [rows[0].flags[k][0] for k in ("is_director", "is_ten_percent_owner")] == [False,
                                                                                      True]


def test_owners_table_whose_header_a_fax_garbled_past_reading() -> None:
    """Only the title "Reporting Owners" read; the header and the relationship labels below
    it garbled ("Re ering ere", "Drees lire Once Come ower"): the labels' four runs of words
    are the four columns in the form's order."""
    from extractor.mapping.owners_table import read_owners_table

    words = (W("Reporting Owners", 1504, 150) + W("Re ering ere aaron", 123, 218)
             + W("eesates il", 1371, 218)
             + W("Drees", 1473, 262) + W("lire Once", 1762, 262) + W("Come", 2244, 262)
             + W("ower", 2866, 262)
             + W("Goldberg Stephen", 132, 330) + W("x", 1501, 340) + W("X", 1812, 340)
             + W("623 PEACHTREE ROAD NE", 135, 374) + W("PHOENIX, AZ 85007", 133, 418)
             + W("Talus Healthcare Fund VII, L.P.", 132, 480) + W("X", 1812, 480)
             + W("623 PEACHTREE ROAD NE", 135, 524) + W("PHOENIX, AZ 85007", 133, 568)
             + W("Explanation of Responses:", 122, 700))
    rows = read_owners_table(PageLayout(2, 3300, 2550, 300, words, [], []))
    assert [r.name.text for r in rows if r.name] == ["Goldberg Stephen",
                                                     "Talus Healthcare Fund VII, L.P."]
    assert [r.flags["is_director"][0] for r in rows] == [True, False]
    assert [r.flags["is_ten_percent_owner"][0] for r in rows] == [True, True]
    assert not any(r.flags["is_officer"][0] or r.flags["is_other"][0] for r in rows)
    # A rule's scrap read as a letter below the last owner is no owner.
    more = words[:-1] + W("I", 110, 640) + words[-1:]
    assert len(read_owners_table(PageLayout(2, 3300, 2550, 300, more, [], []))) == 2
    # Without the title nothing is taken for the table.
    assert read_owners_table(PageLayout(2, 3300, 2550, 300, words[2:], [], [])) == []


def test_a_second_row_below_a_border_a_fax_broke_under_the_first() -> None:
    """Two rows in all, the table's left border broken under the first: with no pace to go
    by, the second row is the table's when it follows within four text heights; a line of
    data farther down is not."""
    from extractor.mapping.tables import _rows_past_the_border

    assert _rows_past_the_border([1099.0, 1177.0], 1077, 1150, 1243, 28.0) == 1233
    assert _rows_past_the_border([1099.0, 1400.0], 1077, 1150, 1500, 28.0) == 1150
    assert _rows_past_the_border([1099.0], 1077, 1150, 1500, 28.0) == 1150


def test_specks_under_an_empty_remarks_heading_are_no_remarks() -> None:
    """What a stamp's scraps or specks under the Remarks heading read as ("YM oo v2") holds
    no word of a filing's prose: no remarks; a real remark stays."""
    page = PageLayout(1, 3300, 2550, 300, W("Remarks:", 115, 2270) + W("YM oo v2", 400, 2310),
                      [], [])
    assert assemble_record([page])["remarks"]["value"] is None
    page = PageLayout(1, 3300, 2550, 300, W("Remarks:", 115, 2270)
                      + W("Exhibit 24 - Power of Attorney", 115, 2310), [], [])
    assert assemble_record([page])["remarks"]["value"] == "Exhibit 24 - Power of Attorney"


def test_relationship_mark_after_a_speck_read_as_a_digit() -> None:
    """"4 X Director": a speck before the mark read as a digit leaves the label and its mark
    as they are."""
    from extractor.mapping import boxes as bx

    words = (W("5. Relationship of Reporting Person(s) to Issuer", 2065, 475)
             + W("(Check all applicable)", 2200, 500)
             + W("4", 2257, 531) + W("X", 2303, 531) + W("Director", 2365, 531)
             + W("10% Owner", 2843, 532)
             + W("Officer (give title below)", 2365, 581) + W("Other (specify below)", 2843, 581))
    page = PageLayout(1, 3300, 2550, 300, words, [], [(2040, 460, 700), (3193, 460, 700)])
    rel = bx.read_relationship(page, bx.find_boxes(page)["relationship"])
    assert rel.flags["is_director"][0] is True
    assert not any(rel.flags[k][0] for k in ("is_ten_percent_owner", "is_officer", "is_other"))


def test_a_derivative_title_wrapped_apart_from_its_row_is_no_holding() -> None:
    """Table II's rows: "Restricted Stock" alone above the row of data and "Units (RSUs)" below
    it are lines of the row's title, not holdings; a title-only row in a table with no row of
    data stays (a holding whose amounts a fax lost)."""
    from extractor.mapping.assemble import _table_rows
    from extractor.mapping.tables import CellReading, TableReading, TableRow

    def row(y: int, **cells: str) -> TableRow:
        return TableRow({k: CellReading(v, [], [100, y, 300, y + 30], 90.0)
                         for k, v in cells.items()}, y, y + 30)

    rows = [row(1000, security_title="Restricted Stock"),
            row(1040, security_title="Units", transaction_date="09/13/2016",
                transaction_code="M", shares_disposed="28,000", underlying_security_title="Common",
                underlying_security_shares="28,000", shares_owned_following_transaction="0",
                direct_or_indirect_ownership="D"),
            row(1080, security_title="(RSUs)", direct_or_indirect_ownership="D")]
    transactions, holdings = _table_rows(TableReading("table2", [], rows), 1, False)
    assert len(transactions) == 1 and holdings == []
    transactions, holdings = _table_rows(TableReading("table2", [], rows[2:]), 1, False)
    assert transactions == [] and len(holdings) == 1


def test_a_box_label_garbled_further_beside_one_found() -> None:
    """"issaer Name and Ticwer ot Tracbon Syttitey": too garbled to take alone, taken level
    with the owner's label found beside it (the form's labels of a row stand side by side)."""
    from extractor.mapping import boxes as bx

    garbled = W("issaer Name and Ticwer ot Tracbon Syttitey", 1108, 468)
    owner = W("1. Name and Address of Reporting Person*", 108, 468)
    page = PageLayout(1, 3300, 2550, 300, owner + garbled + W("Amberly Medical, Inc (AME)",
                                                              1076, 532), [], [])
    assert "issuer" in bx.find_boxes(page)
    alone = PageLayout(1, 3300, 2550, 300, W("1. Name and Address of Reporting Person*", 108, 300)
                       + garbled, [], [])
    assert "issuer" not in bx.find_boxes(alone)


def test_a_signature_s_first_line_above_its_block_is_no_signature_of_its_own() -> None:
    """A long signature's first line ("/s/ Lora Blum, by power of attorney", no date of its
    own) above the three lines read with its caption is not taken for a signature whose
    caption was lost."""
    words = (W("/s/ Lora Blum, by power of attorney", 1965, 1681)
             + W("for the Reid Hoffman and Michelle", 1965, 1720) + W("05/26/2011", 2577, 1760)
             + W("Yee Living Trust dated", 1965, 1760) + W("October 27, 2009", 1965, 1800)
             + W("** Signature of Reporting Person", 1965, 1860) + W("Date", 2577, 1860))
    sigs = assemble_record([PageLayout(2, 3300, 2550, 300, words, [], [])])["signatures"]
    assert len(sigs) == 1 and sigs[0]["date"]["value"] == "2011-05-26"


def test_owners_table_header_not_merged_into_the_title_above_it() -> None:
    """The title "Reporting Owners" just above the header, a tall word of the header reaching
    up to the title's foot: the header is the header's own line, and the labels two lines
    below it are read."""
    from extractor.mapping.owners_table import read_owners_table

    words = ([Word("Reporting", 95, 1490, 1334, 1660, 1413), Word("Owners", 95, 1676, 1354, 1800, 1413)]
             + [Word("Reporting", 95, 129, 1404, 230, 1452)] + W("Owner Name / Address", 237, 1422)
             + W("Relationships", 1372, 1422)
             + [Word("I", 60, 109, 1461, 115, 1476), Word("J", 60, 1657, 1463, 1665, 1476)]
             + W("Director", 1465, 1480) + W("10% Owner", 1737, 1480) + W("Officer", 2235, 1480)
             + W("Other", 2844, 1480)
             + W("GOLDBERG MEI C", 113, 1527) + W("2355 CORPORATE CENTER DRIVE", 132, 1574)
             + W("X", 1493, 1598) + W("PHOENIX, AZ 85012", 131, 1670)
             + W("CORMORANT GROWTH FUND VI, L.P.", 113, 1739) + W("X", 1800, 1739)
             + W("2355 CORPORATE CENTER DRIVE", 128, 1787) + W("PHOENIX, AZ 85012", 128, 1835)
             + W("Explanation of Responses:", 122, 1950))
    rows = read_owners_table(PageLayout(2, 3300, 2550, 300, words, [], []))
    assert [r.name.text for r in rows if r.name] == ["GOLDBERG MEI C",
                                                     "CORMORANT GROWTH FUND VI, L.P."]
