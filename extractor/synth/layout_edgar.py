"""The "edgar" layout: the SEC's HTML rendering of an XML Form 4, as a browser prints it.

Mirrors the EDGAR XSL output (see ``shared/data/edgar-html``): "SEC Form 4", the title block
with the OMB box, header boxes 1-6 in a bordered table, Table I and Table II with their
two-row headings and every cell ruled, then "Explanation of Responses:", "Remarks:", the
signature and the small print. Form labels are Arial-like, values Times-like (the page's
``FormData``), footnote markers small and raised. A browser repeats a table's ``<thead>``
on each printed page, so a table that runs over repeats its headings on the next page.

Joint filings: box 1 and box 5 show the first reporting owner; a "Reporting Owners" table
after Table II lists every owner with his relationships.
"""

from __future__ import annotations

import random
from typing import Any

from extractor.synth import draw as d
from extractor.synth.draw import Cell, Column, Flow, Font, Page, TableStyle

LEFT, RIGHT = 120, d.PAGE_WIDTH - 120
TOP, BOTTOM = 90, d.PAGE_HEIGHT - 120
LINE = 2

TABLE_I_TITLE = "Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned"
TABLE_II_TITLE = "Table II - Derivative Securities Acquired, Disposed of, or Beneficially Owned"
TABLE_II_SUBTITLE = "(e.g., puts, calls, warrants, options, convertible securities)"


def table_i_columns() -> list[Column]:
    g3 = "3. Transaction Code (Instr. 8)"
    g4 = "4. Securities Acquired (A) or Disposed Of (D) (Instr. 3, 4 and 5)"
    return [
        Column("security_title", "1. Title of Security (Instr. 3)", 22, "left", False),
        Column("transaction_date", "2. Transaction Date (Month/Day/Year)", 7.6),
        Column("deemed_execution_date",
               "2A. Deemed Execution Date, if any (Month/Day/Year)", 7.6),
        Column("transaction_code", "Code", 4.2, group=g3),
        Column("equity_swap_involved", "V", 3, group=g3),
        Column("shares", "Amount", 9, group=g4),
        Column("acquired_disposed_code", "(A) or (D)", 5, group=g4),
        Column("price_per_share", "Price", 7.4, group=g4),
        Column("shares_owned_following_transaction",
               "5. Amount of Securities Beneficially Owned Following Reported Transaction(s) "
               "(Instr. 3 and 4)", 10.5),
        Column("direct_or_indirect_ownership",
               "6. Ownership Form: Direct (D) or Indirect (I) (Instr. 4)", 7),
        Column("nature_of_ownership", "7. Nature of Indirect Beneficial Ownership (Instr. 4)",
               12, "left", False),
    ]


def table_ii_columns() -> list[Column]:
    g4 = "4. Transaction Code (Instr. 8)"
    g5 = ("5. Number of Derivative Securities Acquired (A) or Disposed of (D) "
          "(Instr. 3, 4 and 5)")
    g6 = "6. Date Exercisable and Expiration Date (Month/Day/Year)"
    g7 = "7. Title and Amount of Securities Underlying Derivative Security (Instr. 3 and 4)"
    return [
        Column("security_title", "1. Title of Derivative Security (Instr. 3)", 10, "left",
               False),
        Column("conversion_or_exercise_price",
               "2. Conversion or Exercise Price of Derivative Security", 5.6),
        Column("transaction_date", "3. Transaction Date (Month/Day/Year)", 6.9),
        Column("deemed_execution_date",
               "3A. Deemed Execution Date, if any (Month/Day/Year)", 6.9),
        Column("transaction_code", "Code", 3.4, group=g4),
        Column("equity_swap_involved", "V", 2.6, group=g4),
        Column("shares_acquired", "(A)", 6.2, group=g5),
        Column("shares_disposed", "(D)", 6.2, group=g5),
        Column("exercise_date", "Date Exercisable", 6.9, group=g6),
        Column("expiration_date", "Expiration Date", 6.9, group=g6),
        Column("underlying_security_title", "Title", 8, "center", False, group=g7),
        Column("underlying_security_shares", "Amount or Number of Shares", 6.4, group=g7),
        Column("price_per_share", "8. Price of Derivative Security (Instr. 5)", 5.6),
        Column("shares_owned_following_transaction",
               "9. Number of derivative Securities Beneficially Owned Following Reported "
               "Transaction(s) (Instr. 4)", 6.8),
        Column("direct_or_indirect_ownership",
               "10. Ownership Form: Direct (D) or Indirect (I) (Instr. 4)", 5.6),
        Column("nature_of_ownership", "11. Nature of Indirect Beneficial Ownership (Instr. 4)",
               7.2, "left", False),
    ]


OWNER_COLUMNS = [
    Column("owner", "Reporting Owner Name / Address", 40, "left", False),
    Column("is_director", "Director", 10, group="Relationships"),
    Column("is_ten_percent_owner", "10% Owner", 10, group="Relationships"),
    Column("is_officer", "Officer", 20, "center", False, group="Relationships"),
    Column("is_other", "Other", 20, "center", False, group="Relationships"),
]


class _Fonts:
    """The fonts of one rendering (a browser's Arial and Times substitutes, by seed)."""

    def __init__(self, rng: random.Random) -> None:
        sans, sans_bold = rng.choice([(d.SANS, d.SANS_BOLD), (d.SANS_ALT, d.SANS_ALT_BOLD),
                                      (d.SANS_CONDENSED, d.SANS_CONDENSED_BOLD)])
        serif = rng.choice([d.SERIF, d.SERIF_ALT, d.SERIF])
        scale = rng.uniform(0.97, 1.03)

        def f(names: tuple[str, ...], size: float) -> Font:
            return d.font(names, round(size * scale))

        self.small = f(sans, 27)  # SmallFormText (xx-small)
        self.med = f(sans, 30)  # MedSmallFormText (x-small)
        self.text = f(sans, 38)  # FormText (small)
        self.text_bold = f(sans_bold, 38)
        self.med_bold = f(sans_bold, 31)
        self.title = f(sans_bold, 47)  # FormTitle (medium, bold)
        self.name = f(sans_bold, 58)  # FormName (large, bold)
        self.value = f(serif, 40)  # FormData (small)
        self.value_small = f(serif, 37)  # SmallFormData (Table II)
        self.note = f(serif, 35)  # FootnoteData
        self.body = f(serif, 40)


def render_edgar(record: dict[str, Any], rng: random.Random) -> list[Page]:
    """Pages of the SEC's printed HTML rendering of ``record``."""
    fonts = _Fonts(rng)
    vs = d.ValueStyle()

    def start_page(flow: Flow, number: int) -> int:
        if number == 1:
            return TOP
        flow.page.text(LEFT, TOP, "SEC Form 4 (continued)", fonts.body)
        return TOP + fonts.body.line_height + 20

    flow = Flow(start_page, BOTTOM)
    flow.y = _title_block(flow.page, record, fonts, flow.y)
    flow.y = _header_boxes(flow.page, record, fonts, flow.y + 6) + 24

    def style(title: str, subtitle: str, value: Font) -> TableStyle:
        return TableStyle(label_font=fonts.small, value_font=value, title_font=fonts.med_bold,
                          title=title, subtitle=subtitle, line=LINE, pad_x=10, pad_y=8,
                          min_row=value.line_height + 22, label_align="left",
                          sub_label_align="center", sub_label_valign="bottom")

    cols_i = d.jitter_widths(table_i_columns(), rng)
    d.flow_table(flow, LEFT, RIGHT, cols_i, d.non_derivative_rows(record, vs),
                 style(TABLE_I_TITLE, "", fonts.value), gap_after=24, name="table_i")
    cols_ii = d.jitter_widths(table_ii_columns(), rng)
    d.flow_table(flow, LEFT, RIGHT, cols_ii, d.derivative_rows(record, vs),
                 style(TABLE_II_TITLE, TABLE_II_SUBTITLE, fonts.value_small), gap_after=24,
                 name="table_ii")
    owners = record.get("reporting_owners") or []
    if len(owners) > 1:
        owner_style = style("Reporting Owners", "", fonts.value)
        d.flow_table(flow, LEFT, RIGHT, OWNER_COLUMNS, owner_rows(owners), owner_style,
                     gap_after=24, name="reporting_owners")
    _explanations(flow, record, fonts)
    _signatures(flow, record, fonts)
    _small_print(flow, fonts)
    pages = flow.pages
    for i, page in enumerate(pages, 1):
        page.text(RIGHT, d.PAGE_HEIGHT - 85, f"{i}/{len(pages)}", fonts.small, "right")
    return pages


def _relationship(owner: dict[str, Any], flag: str, text_key: str | None = None) -> Cell:
    """"X" (or the officer title / other text) when the owner has that relationship."""
    if d.field_value(owner.get(flag)) is not True:
        return Cell()
    text = d.fmt_text(d.field_value(owner.get(text_key))) if text_key else ""
    return Cell(text or "X", keep=False)


def owner_rows(owners: list[dict[str, Any]]) -> list[dict[str, Cell]]:
    """One row per reporting owner: name and address, then the relationship columns."""
    rows = []
    for o in owners:
        v = {k: d.fmt_text(d.field_value(o.get(k))) for k in o}
        city_line = ", ".join(p for p in (v.get("city"), v.get("state")) if p)
        if v.get("zip_code"):
            city_line = f"{city_line} {v['zip_code']}".strip()
        address = "\n".join(p for p in (v.get("name"), v.get("street1"), v.get("street2"),
                                         city_line) if p)
        rows.append({
            "owner": Cell(address, d.field_marks(o.get("name")), "left", keep=False),
            "is_director": _relationship(o, "is_director"),
            "is_ten_percent_owner": _relationship(o, "is_ten_percent_owner"),
            "is_officer": _relationship(o, "is_officer", "officer_title"),
            "is_other": _relationship(o, "is_other", "other_text"),
        })
    return rows


# --------------------------------------------------------------------------- page 1 header


def _title_block(page: Page, record: dict[str, Any], f: _Fonts, y: int) -> int:
    page.text(LEFT, y, "SEC Form 4", f.body)
    y += f.body.line_height + 14
    width = RIGHT - LEFT
    left_r = LEFT + int(width * 0.2)
    right_l = LEFT + int(width * 0.8)
    amendment = str(d.field_value(record.get("document_type")) or "").upper() == "4/A"
    page.text((LEFT + left_r) / 2, y + 8, "FORM 4/A" if amendment else "FORM 4", f.name,
              "center")
    # checkbox: no longer subject to Section 16
    box_top = y + f.name.line_height + 40
    page.checkbox(LEFT + 12, box_top + 4, 34,
                  d.field_value(record.get("not_subject_to_section16")) is True, f.text)
    page.paragraph(LEFT + 70, box_top, left_r, "Check this box if no longer subject to Section "
                   "16. Form 4 or Form 5 obligations may continue. See Instruction 1(b).",
                   f.small)
    cx = (left_r + right_l) / 2
    cy = y + 20
    for text, fnt, gap in (
        ("UNITED STATES SECURITIES AND EXCHANGE COMMISSION", f.title, 0),
        ("Washington, D.C. 20549", f.med, 30),
        ("STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP", f.title, 30),
        ("Filed pursuant to Section 16(a) of the Securities Exchange Act of 1934", f.med, 0),
        ("or Section 30(h) of the Investment Company Act of 1940", f.med, 0),
    ):
        page.text(cx, cy, text, fnt, "center")
        cy += fnt.line_height + gap
    # OMB approval box
    bx0, bx1, by = right_l + 20, RIGHT, y + 4
    row = f.small.line_height + 8
    page.rect(bx0, by, bx1, by + row * 4 + 12, LINE)
    page.hline(bx0, bx1, by + row, LINE)
    page.text((bx0 + bx1) / 2, by + 4, "OMB APPROVAL", f.med, "center")
    yy = by + row + 6
    page.text(bx0 + 10, yy, "OMB Number:", f.small)
    page.text(bx1 - 10, yy, "3235-0287", f.small, "right")
    page.text(bx0 + 10, yy + row, "Estimated average burden", f.small)
    page.text(bx0 + 10, yy + 2 * row, "hours per response:", f.small)
    page.text(bx1 - 10, yy + 2 * row, "0.5", f.small, "right")
    return max(cy, box_top + 3 * f.small.line_height) + 20


def _box_value(page: Page, x0: float, x1: float, y: int, fld: Any, fnt: Font,
               text: str | None = None, underline: bool = False) -> int:
    """A header value (``text``, else the field's value) with its footnote marks, wrapped in
    ``x0..x1``; returns the y below it."""
    if text is None:
        text = d.fmt_text(d.field_value(fld))
    lay = d.lay_out(Cell(text, d.field_marks(fld), "left", keep=False), x1 - x0, fnt)
    if lay.height:
        page.laid(lay, x0, x1, y, "left")
        if underline:
            for i, line in enumerate(lay.lines):
                base = y + i * lay.font.line_height + lay.font.ascent + 5
                page.hline(x0, x0 + lay.font.length(line), base, 2)
    return y + max(lay.height, fnt.line_height)


def _header_boxes(page: Page, record: dict[str, Any], f: _Fonts, y0: int) -> int:
    owners = record.get("reporting_owners") or [{}]
    owner = owners[0]
    width = RIGHT - LEFT
    c1, c2 = LEFT + int(width * 0.35), LEFT + int(width * 0.70)
    pad = 12
    # ---- column 1: box 1
    y = y0 + pad
    y = page.paragraph(LEFT + pad, y, c1 - pad, "1. Name and Address of Reporting Person*",
                       f.med) + 8
    y = _box_value(page, LEFT + pad + 10, c1 - pad, y, owner.get("name"), f.value,
                   underline=True) + 10
    page.hline(LEFT + 20, c1 - 20, y, 2)
    y += 6
    thirds = [LEFT + pad + i * (c1 - LEFT - 2 * pad) / 3 for i in range(4)]
    for i, cap in enumerate(("(Last)", "(First)", "(Middle)")):
        page.text(thirds[i], y, cap, f.med)
    y += f.med.line_height + 10
    y = _box_value(page, LEFT + pad + 10, c1 - pad, y, owner.get("street1"), f.value)
    y = _box_value(page, LEFT + pad + 10, c1 - pad, y, owner.get("street2"), f.value) + 6
    page.hline(LEFT + 20, c1 - 20, y, 2)
    y += 6
    page.text(LEFT + pad, y, "(Street)", f.med)
    y += f.med.line_height + 10
    ys = [
        _box_value(page, thirds[i] + 4, thirds[i + 1] - 8, y, owner.get(k), f.value)
        for i, k in enumerate(("city", "state", "zip_code"))
    ]
    y = max(ys) + 6
    page.hline(LEFT + 20, c1 - 20, y, 2)
    y += 6
    for i, cap in enumerate(("(City)", "(State)", "(Zip)")):
        page.text(thirds[i], y, cap, f.med)
    box1_bottom = y + f.med.line_height + pad
    # ---- column 2: boxes 2, 3, 4
    issuer = record.get("issuer") or {}
    y = page.paragraph(c1 + pad, y0 + pad, c2 - pad,
                       "2. Issuer Name and Ticker or Trading Symbol", f.med) + 8
    name = d.fmt_text(d.field_value(issuer.get("name")))
    tick = d.fmt_text(d.field_value(issuer.get("trading_symbol")))
    issuer_text = f"{name} [ {tick} ]" if name or tick else ""
    ids = [*(issuer.get("name") or {}).get("footnote_ids", []),
           *(issuer.get("trading_symbol") or {}).get("footnote_ids", [])]
    y = _box_value(page, c1 + pad + 10, c2 - pad, y, {"footnote_ids": ids}, f.value,
                   issuer_text)
    box2_bottom = y + pad
    y = page.paragraph(c1 + pad, box2_bottom + pad, c2 - pad,
                       "3. Date of Earliest Transaction (Month/Day/Year)", f.med) + 8
    period = record.get("period_of_report")
    y = _box_value(page, c1 + pad + 10, c2 - pad, y, period, f.value,
                   d.fmt_date(d.field_value(period)))
    box3_bottom = y + pad
    # ---- column 3: box 5 (beside boxes 2 and 3), box 6 (beside box 4)
    y = page.paragraph(c2 + pad, y0 + pad, RIGHT - pad,
                       "5. Relationship of Reporting Person(s) to Issuer", f.med)
    y = page.paragraph(c2 + pad, y, RIGHT - pad, "(Check all applicable)", f.med) + 10
    w3 = RIGHT - c2
    mark_x = [c2 + w3 * 0.06, c2 + w3 * 0.58]
    label_x = [c2 + w3 * 0.11, c2 + w3 * 0.63]
    grid = (("is_director", "Director", "is_ten_percent_owner", "10% Owner"),
            ("is_officer", "Officer (give title below)", "is_other", "Other (specify below)"))
    for k1, l1, k2, l2 in grid:
        row_bottom = y + f.value.line_height
        for j, (key, label) in enumerate(((k1, l1), (k2, l2))):
            if d.field_value(owner.get(key)) is True:
                page.text(mark_x[j], y, "X", f.value, "center")
            right = c2 + w3 * 0.56 if j == 0 else RIGHT - pad
            row_bottom = max(row_bottom, page.paragraph(label_x[j], y + 6, right, label, f.med))
        y = row_bottom + 12
    title_bits = [d.fmt_text(d.field_value(owner.get(k))) for k in ("officer_title",
                                                                      "other_text")]
    title_text = " ".join(b for b in title_bits if b)
    if title_text:
        lay = d.lay_out(Cell(title_text, "", "center", False), w3 - 2 * pad, f.value)
        page.laid(lay, c2 + pad, RIGHT - pad, y, "center")
        y += lay.height
    box5_bottom = y + pad
    top_rows = max(box3_bottom, box5_bottom)
    # box 4 and box 6 share the last row
    y4 = page.paragraph(c1 + pad, top_rows + pad, c2 - pad,
                        "4. If Amendment, Date of Original Filed (Month/Day/Year)", f.med) + 8
    original = record.get("date_of_original_submission")
    y4 = _box_value(page, c1 + pad + 10, c2 - pad, y4, original, f.value,
                    d.fmt_date(d.field_value(original)))
    y6 = page.paragraph(c2 + pad, top_rows + pad, RIGHT - pad,
                        "6. Individual or Joint/Group Filing (Check Applicable Line)", f.med) + 8
    joint = len(record.get("reporting_owners") or []) > 1
    for j, label in enumerate(("Form filed by One Reporting Person",
                               "Form filed by More than One Reporting Person")):
        if (j == 1) == joint:
            page.text(mark_x[0], y6, "X", f.value, "center")
        page.text(label_x[0], y6 + 6, label, f.med)
        y6 += f.value.line_height + 6
    bottom = max(box1_bottom, y4 + pad, y6 + pad)
    # rules: outer border, column rules, the box separators
    page.rect(LEFT, y0, RIGHT, bottom, LINE)
    page.vline(c1, y0, bottom, LINE)
    page.vline(c2, y0, bottom, LINE)
    page.hline(c1, c2, box2_bottom, LINE)
    page.hline(c1, RIGHT, top_rows, LINE)
    return bottom


# --------------------------------------------------------------------------- after the tables


def _explanations(flow: Flow, record: dict[str, Any], f: _Fonts) -> None:
    flow.need(f.med_bold.line_height + f.note.line_height * 2)
    flow.page.text(LEFT, flow.y, "Explanation of Responses:", f.med_bold)
    flow.y += f.med_bold.line_height + 6
    for num, text in d.footnote_items(record):
        flow.paragraph(LEFT, RIGHT, f"{num}. {text}", f.note)
        flow.y += 4
    flow.y += 10
    flow.need(f.text_bold.line_height + f.note.line_height)
    flow.page.text(LEFT, flow.y, "Remarks:", f.text_bold)
    flow.y += f.text_bold.line_height + 4
    remarks = d.fmt_text(d.field_value(record.get("remarks")))
    if remarks:
        flow.paragraph(LEFT, RIGHT, remarks, f.note)
    flow.y += 30


def _signatures(flow: Flow, record: dict[str, Any], f: _Fonts) -> None:
    width = RIGHT - LEFT
    sx0, sx1 = LEFT + int(width * 0.6), LEFT + int(width * 0.8)
    sigs = record.get("signatures") or [{}]
    for sig in sigs:
        name = Cell(d.fmt_text(d.field_value(sig.get("name"))), d.field_marks(sig.get("name")),
                    "left", keep=False)
        lay = d.lay_out(name, sx1 - sx0 - 24, f.value)
        date = d.date_cell(sig.get("date"))
        date_lay = d.lay_out(date, RIGHT - sx1 - 24, f.value)
        caption = f.med.line_height + 8
        flow.need(max(lay.height, date_lay.height, f.value.line_height) + caption + 20)
        page, y = flow.page, flow.y
        page.laid(lay, sx0 + 8, sx1 - 16, y, "left")
        # Table cells are centred vertically: beside a name that wraps, the date sits level
        # with the middle of it (between its lines when they are two).
        date_y = y + max(0, lay.height - date_lay.height) // 2
        page.laid(date_lay, sx1 + 8, RIGHT - 16, date_y, "left")
        for k, line in enumerate(lay.lines):  # the HTML underlines both (<u>)
            base = y + k * lay.font.line_height + lay.font.ascent + 5
            page.hline(sx0 + 8, sx0 + 8 + lay.font.length(line), base, 2)
        for k, line in enumerate(date_lay.lines):
            base = date_y + k * date_lay.font.line_height + date_lay.font.ascent + 5
            page.hline(sx1 + 8, sx1 + 8 + date_lay.font.length(line), base, 2)
        flow.y = y + max(lay.height, date_lay.height, f.value.line_height) + 10
        page.text(sx0 + 8, flow.y, "** Signature of Reporting Person", f.med)
        page.text(sx1 + 8, flow.y, "Date", f.med)
        flow.y += f.med.line_height + 16


SMALL_PRINT = (
    "Reminder: Report on a separate line for each class of securities beneficially owned "
    "directly or indirectly.",
    "* If the form is filed by more than one reporting person, see Instruction 4 (b)(v).",
    "** Intentional misstatements or omissions of facts constitute Federal Criminal "
    "Violations See 18 U.S.C. 1001 and 15 U.S.C. 78ff(a).",
    "Note: File three copies of this Form, one of which must be manually signed. If space is "
    "insufficient, see Instruction 6 for procedure.",
    "Persons who respond to the collection of information contained in this form are not "
    "required to respond unless the form displays a currently valid OMB Number.",
)


def _small_print(flow: Flow, f: _Fonts) -> None:
    for text in SMALL_PRINT:
        flow.paragraph(LEFT, RIGHT, text, f.med)
        flow.y += 2
