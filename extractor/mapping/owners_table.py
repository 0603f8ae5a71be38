"""Field mapping for the "Reporting Owners" table of joint filings (pure).

The SEC's rendering (and many attachments to paper filings) list every reporting owner in a
table: "Reporting Owner Name / Address" | Relationships: Director | 10% Owner | Officer |
Other. The Officer and Other cells hold the title or text, or just an "X".
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from extractor.mapping.boxes import (
    Reading,
    cross_marks,
    is_city_line,
    is_mark,
    reading,
    split_address,
)
from extractor.mapping.lexicon import contains_phrase, tokens
from extractor.page import PageLayout, Word, group_lines, rule_end

RELATION_COLUMNS = (("is_director", "Director"), ("is_ten_percent_owner", "10% Owner"),
                    ("is_officer", "Officer"), ("is_other", "Other"))
END_PHRASES = ("Explanation of Responses", "Remarks", "Signatures", "Reminder: Report on",
               "Table I", "Table II")


@dataclass
class OwnerRow:
    name: Reading | None
    address: dict[str, Reading | None]
    flags: dict[str, tuple[bool, Reading | None]]
    officer_title: Reading | None
    other_text: Reading | None


def _fill_columns(col_x: dict[str, float]) -> dict[str, float]:
    """Relationship columns whose labels were lost, placed from those read: the four come in
    the form's order at an even pitch. Empty when the labels read are out of order."""
    order = {key: i for i, (key, _label) in enumerate(RELATION_COLUMNS)}
    known = sorted((order[k], x) for k, x in col_x.items())
    (i0, x0), (i1, x1) = known[0], known[-1]
    if x1 <= x0:
        return {}
    pitch = (x1 - x0) / (i1 - i0)
    return {key: col_x.get(key, x0 + (order[key] - i0) * pitch) for key, _ in RELATION_COLUMNS}


def _lines_run_on(page: PageLayout, top: float, border_end: float, limit: float,
                  left: float) -> float:
    """Where the table's body ends: at the end of its left border, unless the owners' lines
    run on past it, level with the lines above, each close below the last (a fax broke the
    border off); never past ``limit`` (the next section's heading)."""
    lines = group_lines([w for w in page.words if top < w.cy < limit and w.x0 < left + 400])
    lines = [ln for ln in lines if any(ch.isalnum() for w in ln for ch in w.text)]
    inside = [ln for ln in lines if max(w.cy for w in ln) < border_end]
    if not inside:
        return border_end
    x0 = sorted(ln[0].x0 for ln in inside)[len(inside) // 2]
    height = sorted(max(w.y1 for w in ln) - min(w.y0 for w in ln) for ln in inside)[
        len(inside) // 2]
    end, last = border_end, max(w.y1 for w in inside[-1])
    for ln in lines[len(inside):]:
        y0 = min(w.y0 for w in ln)
        if abs(ln[0].x0 - x0) > 25 or y0 - last > 1.6 * height:
            break
        last = max(w.y1 for w in ln)
        end = last + 3
    return end


def _split_at_address_ends(edges: list[float], name_words: list[Word]) -> list[float]:
    """Row edges with a band holding several owners split after each address's city line
    ("MENLO PARK, CA 94027"): the rules between rows a fax broke, the owners run on in one
    band. An address ends with its city, state and ZIP code; the next line names the next
    owner."""
    out = [edges[0]]
    for top, bottom in zip(edges, edges[1:], strict=False):
        lines = group_lines([w for w in name_words if top < w.cy < bottom])
        for k, line in enumerate(lines[:-1]):
            if k >= 1 and is_city_line(line):  # (a name line before it, one after)
                out.append((max(w.y1 for w in line) + min(w.y0 for w in lines[k + 1])) / 2)
        out.append(bottom)
    return out


def _speck(w: Word, dpi: int) -> bool:
    """A speck read as a word: no letter or digit ("-", "."), or far smaller than a letter
    (a dot read as "X")."""
    return not any(ch.isalnum() for ch in w.text) or w.height < 14 * dpi / 300.0


def _worded(w: Word) -> bool:
    """A word of a title or a note in a relationship column: three letters or more, read
    with some confidence; of three only a capitalised one ("CEO", not a fax's "yer" or a
    stamp's "VAIN" read at 35)."""
    letters = sum(ch.isalpha() for ch in w.text)
    return w.conf >= 50 and (letters >= 4 or letters == 3 and w.text[:1].isupper())


def _with_level_line(lines: list[list[Word]], i: int, dpi: int, merge: bool = True
                     ) -> list[Word]:
    """Line ``i`` with the words of the next line when that is level with it (a caption
    Tesseract split in two: "Reporting Owner Name" | "/ Address"), in reading order, without
    the scraps of a dotted rule read as words (a pixel or two high)."""
    scale = dpi / 300.0
    line = lines[i]
    if merge and i + 1 < len(lines):
        # the next line begins above the foot of this one's letters (the median, not a
        # noisy word's)
        feet = sorted(w.y1 for w in line if w.height >= 8 * scale) or [line[0].y1]
        if min(w.y0 for w in lines[i + 1]) < feet[len(feet) // 2]:
            line = sorted(line + lines[i + 1], key=lambda w: w.x0)
    return [w for w in line if w.height >= 8 * scale] or line


def _line_text(line: list[Word]) -> str:
    return " ".join(w.text for w in line)


def _title_line(lines: list[list[Word]], page: PageLayout) -> int | None:
    """The table's title, "Reporting Owners" or "Reporting Owners (continued)", a line of
    its own set right of the name column."""
    for i, line in enumerate(lines):
        words = [t for t in tokens(_line_text(line)) if t != "continued"]
        if 1 <= len(words) <= 3 and contains_phrase(" ".join(words), "reporting owners") and \
                min(w.x0 for w in line) > 0.3 * page.width:
            return i
    return None


def _garbled_labels(line: list[Word], page: PageLayout) -> dict[str, float]:
    """The relationship labels garbled past reading ("Drees lire Once Come ower"): four runs
    of words right of the name column, taken in the form's order; empty unless four."""
    scale = page.dpi / 300.0
    runs: list[list[Word]] = []
    for w in sorted((w for w in line if w.cx > 0.35 * page.width and w.height >= 8 * scale),
                    key=lambda w: w.x0):
        if runs and w.x0 - runs[-1][-1].x1 < 120 * scale:
            runs[-1].append(w)
        else:
            runs.append([w])
    if len(runs) != len(RELATION_COLUMNS):
        return {}
    return {key: (run[0].x0 + run[-1].x1) / 2 for (key, _), run in zip(RELATION_COLUMNS, runs,
                                                                       strict=True)}


def read_owners_table(page: PageLayout) -> list[OwnerRow]:
    lines = group_lines(page.words)
    head, head_line = None, []
    # the header read as one line, else with the next line level with it (not the title
    # above it, which a tall word can reach down to)
    for merge in (False, True):
        for i in range(len(lines)):
            head_line = _with_level_line(lines, i, page.dpi, merge=merge)
            if contains_phrase(" ".join(tokens(_line_text(head_line))),
                               "reporting owner name address"):
                head = i
                break
        if head is not None:
            break
    by_title = False
    if head is None:
        # The header's small print garbled past reading ("Re ering ere aaron dere"): the
        # line below the table's title.
        title = _title_line(lines, page)
        if title is None or title + 1 >= len(lines):
            return []
        head, head_line, by_title = title + 1, _with_level_line(lines, title + 1, page.dpi), True
    # The line naming the relationship columns.
    col_x: dict[str, float] = {}
    header_bottom = max(w.y1 for w in head_line)
    for line in lines[head:head + 3]:
        for key, label in RELATION_COLUMNS:
            ltoks = tokens(label)
            # (a label's words read run together, "10%Owner", as one)
            for j, n in ((j, n) for n in {len(ltoks), max(1, len(ltoks) - 1)}
                         for j in range(len(line))):
                cand = "".join(tokens(" ".join(w.text for w in line[j:j + n])))
                if cand and fuzz.ratio(cand, "".join(ltoks)) >= 80 and key not in col_x:
                    ws = line[j:j + n]
                    col_x[key] = (min(w.x0 for w in ws) + max(w.x1 for w in ws)) / 2
                    header_bottom = max(header_bottom, max(w.y1 for w in ws))
    if len(col_x) < 2 and by_title:
        for line in lines[head:head + 3]:
            col_x = _garbled_labels(line, page)
            if col_x:
                header_bottom = max(header_bottom, max(w.y1 for w in line))
                break
    if len(col_x) < 2:
        return []
    if len(col_x) < len(RELATION_COLUMNS):
        col_x = _fill_columns(col_x)
        if not col_x:
            return []
    centres = sorted(col_x.items(), key=lambda kv: kv[1])
    first_x = centres[0][1]
    name_right = first_x - 0.5 * (centres[1][1] - centres[0][1])
    bounds: dict[str, tuple[float, float]] = {}
    for k, (key, cx) in enumerate(centres):
        left = (centres[k - 1][1] + cx) / 2 if k else name_right
        right = (cx + centres[k + 1][1]) / 2 if k + 1 < len(centres) else page.width
        bounds[key] = (left, right)
    # Body: until the next section heading.
    body_end = page.height
    for line in lines[head + 1:]:
        y = min(w.y0 for w in line)
        if y <= header_bottom:
            continue
        t = " ".join(tokens(_line_text(line)))
        # the heading begins the line ("See Remarks" in the Other column ends nothing)
        if any(fuzz.ratio(t[:len(" ".join(tokens(p)))], " ".join(tokens(p))) >= 88
               for p in END_PHRASES):
            body_end = y
            break
    # The ruled table ends where its left border ends.
    head_x0 = min(w.x0 for w in head_line)
    # (its pieces a fax broke apart, up to 60 px at 300 DPI, taken as one)
    border_end = rule_end(page, head_x0, header_bottom + 5, tol=40, max_gap=60 * page.dpi / 300)
    if border_end is not None:
        body_end = _lines_run_on(page, header_bottom, min(body_end, border_end + 5), body_end,
                                 head_x0)
    body = [w for w in page.words if header_bottom + 3 < w.cy < body_end]
    # Rows: between rules across the table, else one row per name block.
    width_rules = sorted(y for (y, a, b) in page.h_rules
                         if header_bottom - 5 < y < body_end and b - a > 0.5 * page.width)
    edges = [header_bottom + 3] + [y for y in width_rules if y > header_bottom + 20] + [body_end]
    edges = _split_at_address_ends(edges, [w for w in body if w.cx < name_right])
    rows: list[OwnerRow] = []
    crosses = cross_marks(page)
    for top, bottom in zip(edges, edges[1:], strict=False):
        band = [w for w in body if top < w.cy < bottom]
        name_words = [w for w in band if w.cx < name_right]
        if all(_speck(w, page.dpi) for w in name_words):
            continue  # no name: a speck below the last owner is no owner
        if len(name_words) == 1 and len(name_words[0].text) <= 2 and \
                not any(w.cx < name_right for w in band if w.cy > name_words[0].y1):
            continue  # nor a rule's scrap read as a letter ("I") with no address below
        nlines = group_lines(name_words)
        while len(nlines) > 1 and all(len(w.text) <= 3 and w.conf < 50 for w in nlines[0]):
            nlines = nlines[1:]  # scraps of a fax read above the name ("oe")
        name = reading(nlines[0], page.number)
        address = split_address([ln for ln in nlines[1:]], page.number, comma_city=True)
        flags: dict[str, tuple[bool, Reading | None]] = {}
        officer_title = other_text = None
        for key, (left, right) in bounds.items():
            cell = [w for w in band if left <= w.cx < right]
            marks = [w for w in cell if is_mark(w)]
            text_words = [w for w in cell if not is_mark(w)]
            if all(_speck(w, page.dpi) for w in text_words) or not any(_worded(w) for w in
                                                                        text_words):
                text_words = []  # specks alone mark nothing, nor scraps ("4", ") 2", "Zn")
            if not marks and not text_words:
                marks = [w for w in crosses if left <= w.cx < right and top < w.cy < bottom]
            present = bool(marks or text_words)
            r = reading(marks or text_words, page.number) if present else None
            flags[key] = (present, r)
            if key == "is_officer" and text_words:
                officer_title = reading(text_words, page.number)
            if key == "is_other" and text_words:
                other_text = reading(text_words, page.number)
        rows.append(OwnerRow(name, address, flags, officer_title, other_text))
    return rows
