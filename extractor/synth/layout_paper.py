"""The paper layouts: Form 4 (SEC 1474) typed or printed into its ruled boxes.

``paper`` is the form since the August 2002 changes (boxes 1-6, Deemed Execution Date columns
2A and 3A); ``paper-pre2002`` the form before them (box 3 I.R.S. number, box 4 "Statement
for Month/Year", box 5 "If Amendment, Date of Original (Month/Year)", boxes 6 and 7, no deemed
dates, holdings "at End of Month"), with typewritten values.

As on the printed form, page 1 holds the title block, the header boxes and Table I with its
pre-ruled empty rows; page 2 ("FORM 4 (continued)") holds Table II, the "Explanation of
Responses", the signature and the form's small print. A table that does not fit continues on
a further "FORM 4 (continued)" page with its headings repeated, as a filer's continuation
sheet would; footnotes continue the same way.

Joint filings: box 1 and the relationship box show the first reporting owner; a
"Reporting Owners" table after the explanations lists every owner.
"""

from __future__ import annotations

import random
from typing import Any

from extractor.synth import draw as d
from extractor.synth.draw import Cell, Column, Flow, Font, Page, TableStyle
from extractor.synth.layout_edgar import owner_rows

LEFT, RIGHT = 110, d.PAGE_WIDTH - 110
TOP = 100
BOTTOM = d.PAGE_HEIGHT - 190  # content; the form's footer line sits below
LINE = 3

TABLE_I_TITLE = "Table I \u2014 Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned"
TABLE_II_TITLE = "Table II \u2014 Derivative Securities Acquired, Disposed of, or Beneficially Owned"
TABLE_II_SUBTITLE = "(e.g., puts, calls, warrants, options, convertible securities)"
REMINDER = ("Reminder: Report on a separate line for each class of securities beneficially "
            "owned directly or indirectly.")


def table_i_columns(pre2002: bool) -> list[Column]:
    g3 = "3. Transaction Code (Instr. 8)"
    if pre2002:
        g4 = "4. Securities Acquired (A) or Disposed of (D) (Instr. 3, 4 and 5)"
        owned = "5. Amount of Securities Beneficially Owned at End of Month (Instr. 3 and 4)"
    else:
        g4 = "4. Securities Acquired (A) or Disposed of (D) (Instr. 3, 4 and 5)"
        owned = ("5. Amount of Securities Beneficially Owned Following Reported "
                 "Transaction(s) (Instr. 3 and 4)")
    cols = [
        Column("security_title", "1. Title of Security (Instr. 3)", 16, "left", False),
        Column("transaction_date", "2. Transaction Date (Month/Day/Year)", 8.6),
        Column("deemed_execution_date",
               "2A. Deemed Execution Date, if any (Month/Day/Year)", 8.6),
        Column("transaction_code", "Code", 4.6, group=g3),
        Column("equity_swap_involved", "V", 3.2, group=g3),
        Column("shares", "Amount", 10, group=g4),
        Column("acquired_disposed_code", "(A) or (D)", 5.4, group=g4),
        Column("price_per_share", "Price", 8.4, group=g4),
        Column("shares_owned_following_transaction", owned, 12),
        Column("direct_or_indirect_ownership",
               "6. Ownership Form: Direct (D) or Indirect (I) (Instr. 4)", 7.6),
        Column("nature_of_ownership", "7. Nature of Indirect Beneficial Ownership (Instr. 4)",
               12.5, "left", False),
    ]
    if pre2002:
        cols = [c for c in cols if c.key != "deemed_execution_date"]
        for c in cols:
            if c.key in ("transaction_date", "price_per_share", "shares"):
                c.width += 1.2
        cols[0].width += 2.8
        cols[-1].width += 2.2
    return cols


def table_ii_columns(pre2002: bool) -> list[Column]:
    g4 = "4. Transaction Code (Instr. 8)"
    g6 = "6. Date Exercisable and Expiration Date (Month/Day/Year)"
    if pre2002:
        g5 = ("5. Number of Derivative Securities Acquired (A) or Disposed of (D) "
              "(Instr. 3, 4, and 5)")
        g7 = "7. Title and Amount of Underlying Securities (Instr. 3 and 4)"
        owned = ("9. Number of Derivative Securities Beneficially Owned at End of Month "
                 "(Instr. 4)")
        form = ("10. Ownership Form of Derivative Security: Direct (D) or Indirect (I) "
                "(Instr. 4)")
    else:
        g5 = ("5. Number of Derivative Securities Acquired (A) or Disposed of (D) "
              "(Instr. 3, 4, and 5)")
        g7 = "7. Title and Amount of Underlying Securities (Instr. 3 and 4)"
        owned = ("9. Number of Derivative Securities Beneficially Owned Following Reported "
                 "Transaction(s) (Instr. 4)")
        form = ("10. Ownership Form of Derivative Security: Direct (D) or Indirect (I) "
                "(Instr. 4)")
    cols = [
        Column("security_title", "1. Title of Derivative Security (Instr. 3)", 7.6, "left",
               False),
        Column("conversion_or_exercise_price",
               "2. Conversion or Exercise Price of Derivative Security", 5.8),
        Column("transaction_date", "3. Transaction Date (Month/Day/Year)", 7.2),
        Column("deemed_execution_date",
               "3A. Deemed Execution Date, if any (Month/Day/Year)", 7.2),
        Column("transaction_code", "Code", 3.0, group=g4),
        Column("equity_swap_involved", "V", 2.3, group=g4),
        Column("shares_acquired", "(A)", 6.8, group=g5),
        Column("shares_disposed", "(D)", 6.8, group=g5),
        Column("exercise_date", "Date Exercisable", 7.2, group=g6),
        Column("expiration_date", "Expiration Date", 7.2, group=g6),
        Column("underlying_security_title", "Title", 7.0, "center", False, group=g7),
        Column("underlying_security_shares", "Amount or Number of Shares", 6.4, group=g7),
        Column("price_per_share", "8. Price of Derivative Security (Instr. 5)", 5.6),
        Column("shares_owned_following_transaction", owned, 6.8),
        Column("direct_or_indirect_ownership", form, 5.0),
        Column("nature_of_ownership", "11. Nature of Indirect Beneficial Ownership (Instr. 4)",
               6.2, "left", False),
    ]
    if pre2002:
        cols = [c for c in cols if c.key != "deemed_execution_date"]
        for c in cols:
            if c.key in ("transaction_date", "exercise_date", "expiration_date"):
                c.width += 0.8
        cols[0].width += 2
        cols[-1].width += 1.4
        cols[-2].width += 1.4
    return cols


class _Fonts:
    """Printed labels (a sans face) and the filer's values: typewriter or printed."""

    def __init__(self, rng: random.Random, pre2002: bool) -> None:
        sans, sans_bold = rng.choice([(d.SANS, d.SANS_BOLD), (d.SANS_ALT, d.SANS_ALT_BOLD),
                                      (d.SANS_CONDENSED, d.SANS_CONDENSED_BOLD)])
        scale = rng.uniform(0.97, 1.03)

        def f(names: tuple[str, ...], size: float, stroke: int = 0) -> Font:
            return d.font(names, round(size * scale), stroke)

        self.label = f(sans, 27)
        self.table_label = f(sans, 25)
        self.label_bold = f(sans_bold, 28)
        self.caption = f(sans, 25)
        self.small = f(sans, 25)
        self.head = f(sans_bold, 44)
        self.head_small = f(sans_bold, 36)
        self.text = f(sans, 31)
        self.form_name = f(sans_bold, 76)
        self.table_title = f(sans_bold, 36)
        typed = ["mono", "mono_free", "mono_bold"] if pre2002 else [
            "mono", "mono_free", "mono_dejavu", "sans", "sans_alt", "serif"]
        kind = rng.choice(typed)
        self.typed = kind.startswith("mono")
        faces = {
            "mono": (d.MONO, 0),
            "mono_free": (d.MONO_FREE, 1),
            "mono_bold": (("LiberationMono-Bold.ttf", *d.MONO), 0),
            "mono_dejavu": (d.MONO_DEJAVU, 0),
            "sans": (d.SANS, 0),
            "sans_alt": (d.SANS_ALT, 0),
            "serif": (d.SERIF, 0),
        }
        names, stroke = faces[kind]
        self.value = f(names, 40, stroke)
        self.value_small = f(names, 35 if self.typed else 37, stroke)
        self.note = f(names, 36 if self.typed else 37, stroke)


def render_paper(record: dict[str, Any], rng: random.Random, *, pre2002: bool) -> list[Page]:
    """Pages of the paper Form 4 filled in with ``record``."""
    fonts = _Fonts(rng, pre2002)
    vs = d.ValueStyle(price_decimals=2 if rng.random() < 0.5 else 0, month_year=pre2002)
    edition = "SEC 1474 (3-99)" if pre2002 else "SEC 1474 (9-02)"

    def jitter() -> tuple[int, int]:
        return (rng.randint(0, 8), rng.randint(-3, 3)) if fonts.typed else (0, 0)

    def start_page(flow: Flow, number: int) -> int:
        page = flow.page
        foot_y = d.PAGE_HEIGHT - 140
        page.text(LEFT, foot_y, edition, fonts.small)
        if number == 1:
            page.text(RIGHT, foot_y, "(Over)", fonts.small, "right")
            return TOP
        page.text(d.PAGE_WIDTH / 2, foot_y, f"Page {number}", fonts.small, "center")
        page.text(LEFT, TOP, "FORM 4 (continued)", fonts.head_small)
        return TOP + fonts.head_small.line_height + 14

    flow = Flow(start_page, BOTTOM)
    y = _title_block(flow.page, record, fonts, flow.y, pre2002)
    y = _header_boxes(flow.page, record, fonts, y, pre2002, vs)
    flow.page.text(LEFT, y + 8, "* If the form is filed by more than one reporting person, see "
                   "Instruction 4(b)(v).", fonts.caption)
    flow.y = y + fonts.caption.line_height + 30

    def style(title: str, subtitle: str, value: Font) -> TableStyle:
        return TableStyle(label_font=fonts.table_label, value_font=value,
                          title_font=fonts.table_title, title=title, subtitle=subtitle,
                          title_in_grid=False, line=LINE, pad_x=13, pad_y=12,
                          min_row=value.line_height + 30, filler_row=value.line_height + 30,
                          label_align="left", sub_label_align="center",
                          sub_label_valign="top", jitter=jitter, jitter_room=8)

    # Table I fills page 1 with ruled rows; the reminder line follows it
    reminder_h = fonts.text.line_height + 16
    flow.bottom = BOTTOM - reminder_h
    rows_i = d.non_derivative_rows(record, vs)
    cols_i = d.jitter_widths(table_i_columns(pre2002), rng)
    d.flow_table(flow, LEFT, RIGHT, cols_i, rows_i, style(TABLE_I_TITLE, "", fonts.value),
                 fill_to=flow.bottom, name="table_i")
    flow.page.text(LEFT + 100, flow.y + 10, REMINDER, fonts.text)
    flow.bottom = BOTTOM

    # Table II starts page 2, with at least 8 ruled rows
    flow.new_page()
    rows_ii = d.derivative_rows(record, vs)
    cols_ii = d.jitter_widths(table_ii_columns(pre2002), rng)
    d.flow_table(flow, LEFT, RIGHT, cols_ii, rows_ii,
                 style(TABLE_II_TITLE, TABLE_II_SUBTITLE, fonts.value_small), fill_rows=8,
                 gap_after=16, name="table_ii")
    _explanations(flow, record, fonts)
    owners = record.get("reporting_owners") or []
    if len(owners) > 1:
        st = style("Reporting Owners", "", fonts.value)
        st.filler_row = 0
        d.flow_table(flow, LEFT, RIGHT, d.jitter_widths(_owner_columns(), rng),
                     owner_rows(owners), st, gap_after=20, name="reporting_owners")
    _signature_block(flow, record, fonts)
    return flow.pages


def _owner_columns() -> list[Column]:
    from extractor.synth.layout_edgar import OWNER_COLUMNS

    return [Column(c.key, c.label, c.width, c.align, c.keep, c.group) for c in OWNER_COLUMNS]


# --------------------------------------------------------------------------- page 1 header


def _title_block(page: Page, record: dict[str, Any], f: _Fonts, y0: int, pre2002: bool) -> int:
    width = RIGHT - LEFT
    left_r = LEFT + int(width * 0.27)
    right_l = LEFT + int(width * 0.76)
    amendment = str(d.field_value(record.get("document_type")) or "").upper() == "4/A"
    name = "FORM 4/A" if amendment else "FORM 4"
    nw = f.form_name.length(name)
    page.rect(LEFT, y0, LEFT + nw + 24, y0 + f.form_name.line_height + 8, LINE)
    page.text(LEFT + 12, y0 + 6, name, f.form_name)
    y = y0 + f.form_name.line_height + 36
    page.checkbox(LEFT, y + 4, 30, d.field_value(record.get("not_subject_to_section16")) is True,
                  f.value_small)
    check = ("Check this box if no longer subject to Section 16. Form 4 or Form 5 "
             "obligations may continue. See Instruction 1(b).")
    y_left = page.paragraph(LEFT + 48, y, left_r, check, f.label_bold)
    cy = y0 + 40
    agency = ("U.S. SECURITIES AND EXCHANGE COMMISSION" if pre2002
              else "UNITED STATES SECURITIES AND EXCHANGE COMMISSION")
    for text, fnt, gap in (
        (agency, f.head, 4),
        ("Washington, D.C. 20549", f.head_small, 26),
        ("STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP", f.head, 14),
    ):
        cy = page.paragraph(left_r + 20, cy, right_l - 20, text, fnt, "center") + gap
    act = "30(f)" if pre2002 else "30(h)"
    cy = page.paragraph(left_r + 40, cy, right_l - 40,
                        "Filed pursuant to Section 16(a) of the Securities Exchange Act of 1934, "
                        "Section 17(a) of the Public Utility Holding Company Act of 1935 or "
                        f"Section {act} of the Investment Company Act of 1940", f.text, "center")
    # OMB box
    bx0, bx1, by = right_l + 30, RIGHT, y0
    row = f.small.line_height + 6
    page.rect(bx0, by, bx1, by + row * 5 + 10, 2)
    page.hline(bx0, bx1, by + row + 4, 2)
    page.text((bx0 + bx1) / 2, by + 6, "OMB APPROVAL", f.label_bold, "center")
    expires = "December 31, 2001" if pre2002 else "January 31, 2005"
    yy = by + row + 10
    for left_text, right_text in (("OMB Number:", "3235-0287"), ("Expires:", expires),
                                  ("Estimated average burden", ""),
                                  ("hours per response . . . . . .", "0.5")):
        page.text(bx0 + 10, yy, left_text, f.small)
        page.text(bx1 - 10, yy, right_text, f.small, "right")
        yy += row
    y = max(y_left, cy) + 16
    page.text(LEFT, y, "(Print or Type Responses)", f.label)
    return y + f.label.line_height + 8


def _typed(page: Page, x0: float, x1: float, y: int, text: str, marks: str, fnt: Font,
           align: str = "left") -> int:
    """A typed header value wrapped in ``x0..x1``; returns the y below its lines."""
    lay = d.lay_out(Cell(text, marks, align, keep=False), x1 - x0, fnt)
    if lay.height:
        page.laid(lay, x0, x1, y, align)
    return y + max(lay.height, fnt.line_height)


def _val(fld: Any) -> tuple[str, str]:
    return d.fmt_text(d.field_value(fld)), d.field_marks(fld)


def _header_boxes(page: Page, record: dict[str, Any], f: _Fonts, y0: int, pre2002: bool,
                  vs: d.ValueStyle) -> int:
    owners = record.get("reporting_owners") or [{}]
    owner = owners[0]
    width = RIGHT - LEFT
    c1 = LEFT + int(width * (0.31 if pre2002 else 0.33))
    c2 = LEFT + int(width * (0.66 if pre2002 else 0.63))
    pad = 12
    gap = 16  # typing space above a rule
    # ---- box 1
    y = page.paragraph(LEFT + pad, y0 + pad, c1 - pad, "1. Name and Address of Reporting "
                       "Person*", f.label) + gap
    y = _typed(page, LEFT + pad + 8, c1 - pad, y, *_val(owner.get("name")), f.value) + gap
    page.hline(LEFT, c1, y, 2)
    thirds = [LEFT + pad + frac * (c1 - LEFT - 2 * pad) for frac in (0, 0.42, 0.68, 1)]
    for i, cap in enumerate(("(Last)", "(First)", "(Middle)")):
        page.text(thirds[i], y + 6, cap, f.caption)
    y += f.caption.line_height + gap
    for key in ("street1", "street2"):
        text, marks = _val(owner.get(key))
        if text or marks or key == "street1":
            y = _typed(page, LEFT + pad + 8, c1 - pad, y, text, marks, f.value)
    y += gap
    page.hline(LEFT, c1, y, 2)
    page.text((LEFT + c1) / 2, y + 6, "(Street)", f.caption, "center")
    y += f.caption.line_height + gap
    bottoms = [_typed(page, thirds[i] + 4, thirds[i + 1] - 8, y, *_val(owner.get(k)), f.value)
               for i, k in enumerate(("city", "state", "zip_code"))]
    y = max(bottoms) + gap
    page.hline(LEFT, c1, y, 2)
    for i, cap in enumerate(("(City)", "(State)", "(Zip)")):
        page.text(thirds[i], y + 6, cap, f.caption)
    box1_bottom = y + f.caption.line_height + pad
    # ---- middle column
    issuer = record.get("issuer") or {}
    name, name_marks = _val(issuer.get("name"))
    tick, tick_marks = _val(issuer.get("trading_symbol"))
    y = page.paragraph(c1 + pad, y0 + pad, c2 - pad,
                       "2. Issuer Name and Ticker or Trading Symbol", f.label) + gap
    issuer_text = f"{name}{name_marks} ({tick})" if tick else name + name_marks
    y = _typed(page, c1 + pad + 8, c2 - pad, y, issuer_text, tick_marks, f.value) + gap
    box2_bottom = y
    period = record.get("period_of_report")
    original = record.get("date_of_original_submission")
    if pre2002:
        mid = (c1 + c2) // 2
        y3 = page.paragraph(c1 + pad, box2_bottom + pad, mid - pad, "3. I.R.S. Identification "
                            "Number of Reporting Person, if an entity (Voluntary)", f.label)
        y4 = page.paragraph(mid + pad, box2_bottom + pad, c2 - pad,
                            "4. Statement for Month/Year", f.label) + gap
        y4 = _typed(page, mid + pad + 8, c2 - pad, y4, d.fmt_month_year(d.field_value(period)),
                    d.field_marks(period), f.value)
        row_bottom = max(y3 + f.value.line_height, y4) + gap
        page.vline(mid, box2_bottom, row_bottom, 2)
        col2_top_bottom = row_bottom
    else:
        y3 = page.paragraph(c1 + pad, box2_bottom + pad, c2 - pad,
                            "3. Date of Earliest Transaction (Month/Day/Year)", f.label) + gap
        y3 = _typed(page, c1 + pad + 8, c2 - pad, y3, d.fmt_date(d.field_value(period)),
                    d.field_marks(period), f.value)
        col2_top_bottom = y3 + gap
    # ---- right column: relationship, then joint filing
    rel_no, joint_no = ("6", "7") if pre2002 else ("5", "6")
    y = page.paragraph(c2 + pad, y0 + pad, RIGHT - pad, f"{rel_no}. Relationship of Reporting "
                       "Person(s) to Issuer (Check all applicable)", f.label) + gap
    w3 = RIGHT - c2
    blank_w = 110
    cols_x = [c2 + pad + 10, c2 + int(w3 * 0.52)]
    grid = (("is_director", "Director", "is_ten_percent_owner", "10% Owner"),
            ("is_officer", "Officer (give title below)", "is_other", "Other (specify below)"))
    row_h = f.value.line_height + 10
    for row in grid:
        for j in range(2):
            key, label = row[2 * j], row[2 * j + 1]
            x = cols_x[j]
            base = y + f.value.line_height - 4
            page.hline(x, x + blank_w, base, 2)
            if d.field_value(owner.get(key)) is True:
                page.text(x + blank_w / 2, y, "X", f.value, "center")
            page.text(x + blank_w + 12, y + f.value.line_height - f.label.line_height, label,
                      f.label)
        y += row_h
    title = " ".join(t for t in (_val(owner.get("officer_title"))[0],
                                 _val(owner.get("other_text"))[0]) if t)
    y += 6
    y = _typed(page, c2 + pad + 60, RIGHT - pad - 60, y, title, "", f.value, "center")
    page.hline(c2 + pad + 60, RIGHT - pad - 60, y + 2, 2)
    col3_top_bottom = y + gap + 6
    split = max(col2_top_bottom, col3_top_bottom)
    # ---- the last row: amendment box, joint filing box
    if pre2002:
        y5 = page.paragraph(c1 + pad, split + pad, c2 - pad,
                            "5. If Amendment, Date of Original (Month/Year)", f.label) + gap
        y5 = _typed(page, c1 + pad + 8, c2 - pad, y5, d.fmt_month_year(d.field_value(original)),
                    d.field_marks(original), f.value)
    else:
        y5 = page.paragraph(c1 + pad, split + pad, c2 - pad,
                            "4. If Amendment, Date of Original Filed (Month/Day/Year)",
                            f.label) + gap
        y5 = _typed(page, c1 + pad + 8, c2 - pad, y5, d.fmt_date(d.field_value(original)),
                    d.field_marks(original), f.value)
    y6 = page.paragraph(c2 + pad, split + pad, RIGHT - pad, f"{joint_no}. Individual or "
                        "Joint/Group Filing (Check Applicable Line)", f.label) + gap
    joint = len(record.get("reporting_owners") or []) > 1
    for j, label in enumerate(("Form filed by One Reporting Person",
                               "Form filed by More than One Reporting Person")):
        x = cols_x[0]
        page.hline(x, x + blank_w, y6 + f.value.line_height - 4, 2)
        if (j == 1) == joint:
            page.text(x + blank_w / 2, y6, "X", f.value, "center")
        page.text(x + blank_w + 12, y6 + f.value.line_height - f.label.line_height, label,
                  f.label)
        y6 += row_h
    bottom = max(box1_bottom, y5 + gap + pad, y6 + pad)
    page.rect(LEFT, y0, RIGHT, bottom, LINE)
    page.vline(c1, y0, bottom, LINE)
    page.vline(c2, y0, bottom, LINE)
    page.hline(c1, c2, box2_bottom, 2)
    page.hline(c1, RIGHT, split, 2)
    return bottom


# --------------------------------------------------------------------------- page 2


def _explanations(flow: Flow, record: dict[str, Any], f: _Fonts) -> None:
    flow.need(f.label_bold.line_height + 2 * f.note.line_height)
    flow.page.text(LEFT, flow.y, "Explanation of Responses:", f.label_bold)
    flow.y += f.label_bold.line_height + 8
    hang = int(f.note.length("(00) "))
    for num, text in d.footnote_items(record):
        flow.paragraph(LEFT + 20, RIGHT, text, f.note, prefix=f"({num})", hanging=hang)
        flow.y += 6
    remarks = d.fmt_text(d.field_value(record.get("remarks")))
    if remarks:
        flow.y += 10
        flow.paragraph(LEFT + 20, RIGHT, f"Remarks: {remarks}", f.note)
    flow.y += 24


SMALL_PRINT = (
    "** Intentional misstatements or omissions of facts constitute Federal Criminal "
    "Violations. See 18 U.S.C. 1001 and 15 U.S.C. 78ff(a).",
    "Note: File three copies of this Form, one of which must be manually signed. If space is "
    "insufficient, see Instruction 6 for procedure.",
    "Potential persons who are to respond to the collection of information contained in this "
    "form are not required to respond unless the form displays a currently valid OMB Number.",
)


def _signature_block(flow: Flow, record: dict[str, Any], f: _Fonts) -> None:
    """Small print on the left, signature lines on the right (bottom of the last page)."""
    width = RIGHT - LEFT
    left_r = LEFT + int(width * 0.45)
    sx0, sx1, dx1 = LEFT + int(width * 0.52), LEFT + int(width * 0.84), RIGHT
    sigs = record.get("signatures") or [{}]
    lays = []
    for sig in sigs:
        name = d.lay_out(Cell(*_val(sig.get("name")), "left", keep=False), sx1 - sx0 - 30,
                         f.value)
        date = d.lay_out(d.date_cell(sig.get("date")), dx1 - sx1 - 30, f.value)
        lays.append((name, date, max(name.height, date.height, f.value.line_height)))
    sig_h = sum(h + f.caption.line_height + 30 for *_, h in lays)
    small_h = sum(len(d.wrap_text(t, f.small, left_r - LEFT)) * f.small.line_height + 14
                  for t in SMALL_PRINT)
    block_h = max(sig_h, small_h)
    if block_h + 10 <= flow.bottom - TOP - 200:
        # the whole block fits on a page: set it at the foot of the (last) page
        flow.need(block_h + 10)
        top = max(flow.y, flow.bottom - block_h)
    else:  # very many signers: one after another down the pages
        flow.need(small_h + 10)
        top = flow.y
    page = flow.page
    y = top
    for text in SMALL_PRINT:
        y = page.paragraph(LEFT, y, left_r, text, f.small) + 14
    small_bottom, small_page = y, page
    flow.y = top
    for name, date, h in lays:
        flow.need(h + f.caption.line_height + 30)
        page, y = flow.page, flow.y
        page.laid(name, sx0 + 10, sx1 - 20, y, "left")
        page.laid(date, sx1 + 20, dx1 - 10, y, "left")
        y += h + 6
        page.hline(sx0, sx1 - 10, y, 2)
        page.hline(sx1 + 10, dx1, y, 2)
        page.text(sx0, y + 6, "**Signature of Reporting Person", f.caption)
        page.text(sx1 + 10, y + 6, "Date", f.caption)
        flow.y = y + f.caption.line_height + 24
    if flow.page is small_page:
        flow.y = max(flow.y, small_bottom)
