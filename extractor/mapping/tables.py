"""Field mapping for Tables I and II (pure): words + rules of a page -> rows of cell readings.

1. find the table sections (title line, header zone, body) on the page;
2. reconstruct the columns: leaf columns from the vertical rules crossing the body, grouped
   into the form's numbered columns where a rule does not reach up through the header, each
   group's garbled header text matched to the lexicon (monotone alignment, fuzzy scores), the
   sub-columns (Code | V, Amount | (A) or (D) | Price, ...) assigned in order;
3. cut the body into rows (horizontal rules, else text lines) and read each cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from extractor.mapping import body_columns
from extractor.mapping.lexicon import (
    Column,
    TableLexicon,
    column_score,
    contains_phrase,
    header_vocabulary,
    is_header_like,
    load_lexicon,
    starts_with_phrase,
    sub_score,
)
from extractor.page import (
    PageLayout,
    Word,
    group_lines,
    join_words,
    rule_end,
    union_box,
    words_in,
)

END_MARKERS = ("Explanation of Responses", "Reminder: Report on a separate line", "Remarks:",
               "Reporting Owner Name / Address", "Reporting Owners")


@dataclass
class Section:
    kind: str  # "table1" | "table2"
    x0: int
    x1: int
    title_y: int  # top of the title line (or of the header when no title was read)
    header_y0: int
    header_y1: int  # header/body boundary
    body_y1: int  # bottom of the body


@dataclass
class LeafColumn:
    field_id: str  # lexicon id: security_title, shares, acquired_disposed_code ...
    x0: int
    x1: int
    header_text: str = ""
    score: float = 0.0


@dataclass
class CellReading:
    text: str
    words: list[Word]
    bbox: list[int] | None
    conf: float  # mean Tesseract word confidence 0-100 (-1 when empty)


@dataclass
class TableRow:
    cells: dict[str, CellReading]
    y0: int
    y1: int
    notes: list[str] = field(default_factory=list)


@dataclass
class TableReading:
    kind: str
    columns: list[LeafColumn]
    rows: list[TableRow]
    notes: list[str] = field(default_factory=list)


# --- sections -------------------------------------------------------------------------------


def _line_text(line: Sequence[Word]) -> str:
    return " ".join(w.text for w in line)


UNNUMBERED = "table?"  # a table's title read without the numeral that says which


def _title_kind(text: str) -> tuple[str | None, float]:
    low = text.lower()
    if "table" not in low and "derivative" not in low:
        return None, 0.0
    if len(low) < 30:
        # The heading cut short, "Table 1" / "Table II" alone on its line (the rest of a title
        # on a shaded bar lost): the numeral says which.
        m = re.fullmatch(r"\s*table\s+([il1|]{1,2})\s*[-.:]?\s*", low)
        if m:
            return ("table2" if len(m.group(1)) == 2 else "table1"), 75.0
        return None, 0.0
    s1 = fuzz.partial_ratio("table i - non-derivative securities acquired, disposed of", low)
    s2 = fuzz.partial_ratio("table ii - derivative securities acquired, disposed of", low)
    if max(s1, s2) < 75:
        # A title garbled past fuzzy matching ("Table Il - shantaihek Sanertiee Acquired,
        # bliseeed of"): the roman numeral after "Table" and one intact word of the title.
        m = re.match(r"\s*ta[bh][l1i]e\s+([il1|]{1,2})\b", low)  # (or "Tabie li")
        words = set(re.findall(r"[a-z]+", low))
        if m and words & {"acquired", "disposed", "beneficially", "owned", "securities"}:
            return ("table2" if len(m.group(1)) == 2 else "table1"), 75.0
        # Its numeral lost too, after a speck ("WY, Table et - ae Sereeeiies Securiti
        # Hoqeves, epee or Beneficially Owned (continued)"): a table all the same, which one
        # the page and the column headings say (find_sections).
        if re.search(r"\btable\b", low[:16]) and words & {"beneficially", "owned"} and \
                not re.match(r"\s*\(?\d", low):
            return UNNUMBERED, 50.0
        return None, 0.0
    # "Nen-Derivative", "N0n- Derivative": a three-letter word hyphened to "Derivative" that
    # starts or ends like "Non" ("Tabie ft - Derivative" is Table II's numeral garbled).
    hyphened = re.search(r"\b([a-z0-9]{3})\s?-\s?derivative", low[:60])
    if "non" in low.replace(" ", "")[:40] or s1 > s2 + 3 or (
            hyphened and (hyphened.group(1)[0] in "nm" or hyphened.group(1)[2] in "nm")):
        return "table1", s1
    return "table2", s2


def find_sections(page: PageLayout) -> list[Section]:
    """Table I / Table II sections of a page, top to bottom."""
    lines = group_lines(page.words)
    titles: list[tuple[str, int, int]] = []  # (kind, line index, y)
    for i, line in enumerate(lines):
        kind, _ = _title_kind(_line_text(line))
        if kind:
            titles.append((kind, i, min(w.y0 for w in line)))
    titles = sorted(titles + _untitled_headers(lines, titles), key=lambda t: t[2])
    titles = [(_numbered(kind, li, ty, lines, titles), li, ty) for kind, li, ty in titles]
    end_ys = [
        min(w.y0 for w in line)
        for line in lines
        if any(starts_with_phrase(_line_text(line), m) for m in END_MARKERS)
    ]
    # The notes below the tables end them even when their heading was lost: a line across
    # the page "1. The ..." with a "2. ..." after it.
    texts = [_line_text(line) for line in lines]
    for i, (line, text) in enumerate(zip(lines, texts, strict=True)):
        if re.match(r"^\(?1[.)]\s+[A-Z][a-z]", text) and \
                max(w.x1 for w in line) - min(w.x0 for w in line) > 0.4 * page.width and \
                any(re.match(r"^\(?2[.)]\s+[A-Z][a-z]", u) for u in texts[i + 1:i + 6]):
            end_ys.append(min(w.y0 for w in line))
    vocab = header_vocabulary()
    data_centres = _data_centres(lines)
    # (and, for the rows past a faded border, those that read like a holding's)
    row_centres = sorted(data_centres + _holding_centres(lines))
    sections: list[Section] = []
    for n, (kind, li, ty) in enumerate(titles):
        limit = titles[n + 1][2] if n + 1 < len(titles) else page.height
        later_ends = [y for y in end_ys if y > ty]
        if later_ends:
            limit = min(limit, min(later_ends))
        # Header zone: the lines after the title that read as header vocabulary.
        header_lines: list[list[Word]] = []
        body_start = None
        first_data: int | None = None  # the first line below the title holding data
        for k, line in enumerate(lines[li + 1:], start=li + 1):
            y = min(w.y0 for w in line)
            if y >= limit:
                break
            if first_data is None and _holds_row_data(line):
                first_data = k
            if is_header_like(_line_text(line), vocab):
                header_lines.append(line)
                continue
            if header_lines:
                body_start = y
                break
        if first_data is not None and first_data > li + 1 and (
                not header_lines or min(w.y0 for w in header_lines[0])
                > min(w.y0 for w in lines[first_data])):
            # No heading could be read above the first row of data (a fax's small header
            # print lost): the lines between the title and that row are the header.
            header_lines = list(lines[li + 1:first_data])
            body_start = min(w.y0 for w in lines[first_data])
        if not header_lines:
            continue
        header_lines = [ln for ln in header_lines if not _is_title_tail(_line_text(ln))]
        if not header_lines:
            continue
        kind = _kind_from_header(kind, [w.text for line in header_lines for w in line])
        hy0 = min(w.y0 for w in header_lines[0])
        title_bottom = max(w.y1 for w in lines[li])
        tops = [y for (y, a, b) in page.h_rules if title_bottom - 2 <= y <= hy0 + 2 and b - a > 300]
        if tops:
            hy0 = max(tops)
        hy1_text = max(w.y1 for line in header_lines for w in line)
        boundary = _rule_between(page, hy1_text, body_start if body_start is not None else limit)
        xs = [w for line in header_lines for w in line]
        x0 = min(w.x0 for w in xs)
        x1 = max(w.x1 for w in xs)
        x0, x1 = _table_extent(page, x0, x1, hy0, limit)
        bottom = _frame_bottom(page, x0, boundary, limit)
        if bottom < limit and not _holds_data(data_centres, boundary, bottom) and \
                _holds_data(data_centres, bottom, limit):
            # The border's piece under the header, the rest of it too faint to find: the
            # rows below are the table's all the same.
            bottom = limit
        elif bottom < limit:
            bottom = _rows_past_the_border(row_centres, boundary, bottom, limit,
                                           _text_height(page))
        sections.append(Section(kind, x0, x1, ty, hy0, boundary, bottom))
    return sections


def _numbered(kind: str, li: int, ty: int, lines: Sequence[Sequence[Word]],
              titles: Sequence[tuple[str, int, int]]) -> str:
    """A title without its numeral is Table II's above the second line of Table II's title,
    and Table I's above Table II's title; otherwise the headings say (_kind_from_header)."""
    if kind != UNNUMBERED:
        return kind
    if li + 1 < len(lines) and _is_title_tail(_line_text(lines[li + 1])):
        return "table2"
    if any(k == "table2" for k, _, y in titles if y > ty):
        return "table1"
    return kind


def _text_height(page: PageLayout) -> float:
    """The height of the page's words of three characters or more (the median)."""
    heights = sorted(w.height for w in page.words if len(w.text) >= 3) or [28 * page.dpi / 300]
    return float(heights[len(heights) // 2])


def _rows_past_the_border(data_centres: Sequence[float], top: int, bottom: int,
                          limit: int, text_height: float) -> int:
    """Where a table whose left border fades out mid-table really ends: rows of data that go
    on below the border's last piece at the table's own pace (no farther apart than two and
    a half of its row gaps) are its rows too (a heavy fax's Table I: 4 of 18 rows read; one
    of 21 where the border ended under the first row). With two rows in all, no pace to
    take, the second is the table's when it is within four text heights of the first."""
    centres = [c for c in data_centres if top <= c < limit]
    inside = [c for c in centres if c < bottom]
    if not inside or len(centres) < 2:
        return bottom
    if len(centres) == 2:
        step = 4 * text_height
    else:
        # the table's pace: the rows inside the border, or all of them when one or two are
        # (a border that ends under the first row)
        paced = inside if len(inside) >= 3 else centres
        gaps = sorted(b - a for a, b in zip(paced, paced[1:], strict=False))
        step = 2.5 * gaps[len(gaps) // 2]  # (a holding's row between two of data)
    last = inside[-1]
    for c in centres:
        if c >= bottom and c - last <= step:
            last = c
    if last <= bottom:
        return bottom
    return int(min(limit, last + step / 2))


def _holds_row_data(line: Sequence[Word]) -> bool:
    """A text line holding a row's data: two dates or amounts at least."""
    return sum(body_columns.is_data(w.text) for w in line) >= 2


def _data_centres(lines: Sequence[Sequence[Word]]) -> list[float]:
    """The heights of the page's text lines that hold a row's data, top to bottom."""
    return sorted(sum(w.cy for w in line) / len(line) for line in lines if _holds_row_data(line))


def _holding_centres(lines: Sequence[Sequence[Word]]) -> list[float]:
    """The heights of text lines that read like a holding's row, not already rows of data:
    a title's words, then one amount ("Class A Common Stock 674,719 I See Footnote")."""
    out = []
    for line in lines:
        if _holds_row_data(line):
            continue
        first = next((k for k, w in enumerate(line) if body_columns.is_data(w.text)), None)
        if first is not None and sum(sum(ch.isalpha() for ch in w.text) >= 3
                                     for w in line[:first]) >= 2:
            out.append(sum(w.cy for w in line) / len(line))
    return out


def _holds_data(data_centres: Sequence[float], y0: int, y1: int) -> bool:
    """Some text line centred between two heights holds a row's data."""
    return any(y0 <= c < y1 for c in data_centres)


_TABLE2_HEADER_WORDS = ("exercisable", "expiration", "conversion", "underlying")


# The second column's heading of Table I ("2. Transaction Date") or Table II ("2. Conversion
# or Exercise Price of Derivative Security")
_SECOND_HEADING = re.compile(r"\b2\s*[.,]?\s*(Transaction|Conversion)\b")


def _untitled_headers(lines: Sequence[Sequence[Word]], titles: Sequence[tuple[str, int, int]]
                      ) -> list[tuple[str, int, int]]:
    """Tables whose title was lost or read into the header ("Table or Beneficially Owned",
    "2. Transaction Table 2A. A.Non-DerivativeDeemed_"): a header opening "1. Title of
    Security" or "1. Title of Derivative Security" with no title in the lines just above
    stands for one; the line above it takes the title's place (the headings say which)."""
    found: list[tuple[str, int, int]] = []
    for i, line in enumerate(lines):
        if i == 0 or any(i - 3 <= li < i for _, li, _ in [*titles, *found]):
            continue
        text = _line_text(line)
        if _is_title_tail(text):
            # Table II's second title line read whole below a first line garbled past
            # knowing ("Table It - Gerivaiue Secmides Kewuired"): that line is the title.
            above = lines[i - 1]
            close = min(w.y0 for w in line) - max(w.y1 for w in above) < \
                2 * max(w.height for w in line)
            li = i - 1 if close else i
            found.append(("table2", li, min(w.y0 for w in lines[li]) - (0 if close else 1)))
            continue
        # (or "1. Title of" with its "Security" garbled, "1. Title of a (instr. 3) 2.
        # Transaction ...": the next column's heading on the line says it is a header)
        second = set(_SECOND_HEADING.findall(text))
        if not starts_with_phrase(text, "1. Title of Security", 85) and \
                not starts_with_phrase(text, "1. Title of Derivative Security", 85) and \
                not (second and starts_with_phrase(text, "1. Title of", 90)):
            continue
        kind = "table2" if starts_with_phrase(text, "1. Title of Derivative", 85) or \
            "Conversion" in second else "table1"
        found.append((kind, i - 1, min(w.y0 for w in line) - 1))
    return found


def _kind_from_header(kind: str, header_words: Sequence[str]) -> str:
    """The column headings settle which table a garbled title belongs to: only Table II has
    "Date Exercisable", "Expiration Date", "Conversion or Exercise Price", "Underlying"."""
    words = {re.sub(r"[^a-z]", "", w.lower()) for w in header_words}
    hits = sum(any(fuzz.ratio(w, m) >= 80 for w in words if len(w) >= 6)
               for m in _TABLE2_HEADER_WORDS)
    if kind == UNNUMBERED:
        return "table2" if hits else "table1"
    if kind == "table2" and hits == 0 and len(header_words) >= 15:
        return "table1"
    if kind == "table1" and hits >= 3:
        return "table2"
    return kind


def _is_title_tail(text: str) -> bool:
    """The second line of Table II's title: '(e.g., puts, calls, warrants, options, ...)'."""
    return contains_phrase(text, "(e.g., puts, calls, warrants, options, convertible securities)",
                           80)


def _frame_bottom(page: PageLayout, x0: int, y: int, limit: int, max_gap: int = 400) -> int:
    """Where the table's left border ends below ``y``: the bottom of the ruled table. A poor
    scan breaks the border into pieces; pieces less than ``max_gap`` apart (and above the
    next section) are one border."""
    end = rule_end(page, x0, y, tol=15, max_gap=max_gap, start_slack=5, limit=limit)
    if end is not None:
        return min(limit, end + 5)
    return limit


def _rule_between(page: PageLayout, y_a: int, y_b: int) -> int:
    """The first long horizontal rule between two heights, else the midpoint."""
    candidates = [y for (y, a, b) in page.h_rules if y_a - 2 <= y <= y_b + 2 and b - a > 200]
    if candidates:
        return min(candidates)
    return (y_a + y_b) // 2


def _table_extent(page: PageLayout, x0: int, x1: int, y0: int, y1: int) -> tuple[int, int]:
    """Widen the header's word extent to the rules that frame the table: those across its top
    (a scan's dark page edge or a rule of the form's footer lower down frames nothing)."""
    rules = [(a, b) for (y, a, b) in page.h_rules
             if y0 - 50 <= y <= min(y1, y0 + 400) and b - a > 0.5 * (x1 - x0)]
    if rules:
        left = min(a for a, _ in rules)
        right = max(b for _, b in rules)
        return min(x0, left), max(x1, right)
    return x0, x1


# --- columns --------------------------------------------------------------------------------


def _straddled(words: Sequence[Word], x: int) -> bool:
    """A header word runs across x. A column number does not count: "6." read together
    with the remnant of the rule beside it spans the rule too."""
    return any(w.x0 + 3 < x < w.x1 - 3 and not _COLUMN_NUMBER.fullmatch(w.text)
               for w in words)


_COLUMN_NUMBER = re.compile(r"\d{1,2}[A-Za-z]?[.,]?")


@dataclass
class _Group:
    x0: int
    x1: int
    leaves: list[tuple[int, int]]
    top_text: str
    sub_texts: list[str]


def _coverage(page: PageLayout, x: int, y0: int, y1: int, tol: int = 10) -> float:
    """Share of [y0, y1] covered by vertical rule pieces at ``x`` (broken rules add up)."""
    pieces = sorted((max(a, y0), min(b, y1)) for (vx, a, b) in page.v_rules
                    if abs(vx - x) <= tol and min(b, y1) > max(a, y0))
    covered, end = 0, y0
    for a, b in pieces:
        a = max(a, end)
        if b > a:
            covered += b - a
            end = b
    return covered / max(1, y1 - y0)


_COLUMN_NUMBER = re.compile(r"^\d{1,2}[Aa]?[.,]?$")


def _number_anchors(header_words: Sequence[Word], sec: Section) -> list[int]:
    """Left edges of the form's numbered column headings ("1.", "2A.", "10.") on the first
    header lines: where a top-level column starts, whatever happened to its rule. A number
    counts when a capitalised word follows it and nothing stands just before it (which
    rules out the "3, 4 and 5" of "(Instr. 3, 4 and 5)")."""
    top = sec.header_y0 + 0.45 * (sec.header_y1 - sec.header_y0)
    anchors = []
    for line in group_lines([w for w in header_words if w.cy < top]):
        for i, w in enumerate(line):
            if not _COLUMN_NUMBER.match(w.text) or w.x0 <= sec.x0 + 40:
                continue
            nxt = line[i + 1] if i + 1 < len(line) else None
            prev = line[i - 1] if i else None
            if nxt is None or not nxt.text[:1].isupper() or nxt.x0 - w.x1 > 2 * w.height:
                continue
            if prev is not None and w.x0 - prev.x1 < 30:
                continue
            anchors.append(w.x0)
    return sorted(anchors)


@dataclass
class _LeafEvidence:
    leaves: list[tuple[int, int]]
    strong: set[int]  # separators that start a numbered column (rule up to the top, or a number)
    straddled: set[int]  # separators a top heading runs across: inside a spanning column
    header_words: list[Word]


def _leaf_evidence(page: PageLayout, sec: Section) -> _LeafEvidence:
    header_words = [w for w in page.words
                    if sec.header_y0 - 5 <= w.cy <= sec.header_y1 and sec.x0 <= w.cx <= sec.x1]
    body_y1 = max(sec.header_y1 + 40, min(sec.body_y1, sec.header_y1 + 600))
    mid = (sec.header_y0 + sec.header_y1) // 2
    # Candidate separators: every vertical rule piece inside the table, clustered by x.
    xs = sorted(x for (x, a, b) in page.v_rules
                if sec.x0 + 10 < x < sec.x1 - 10 and min(b, body_y1) > max(a, sec.header_y0))
    clusters: list[list[int]] = []
    for x in xs:
        if clusters and x - clusters[-1][-1] <= 12:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    anchors = _number_anchors(header_words, sec)
    top_level: set[int] = set()
    leaf_seps: list[int] = []
    for c in clusters:
        x = int(sum(c) / len(c))
        body = _coverage(page, x, sec.header_y1 + 4, body_y1)
        lower = _coverage(page, x, mid, sec.header_y1)
        upper = _coverage(page, x, sec.header_y0, mid)
        if max(body, lower) < 0.35 and upper < 0.35:
            continue  # a stroke of a letter, a stamp, a scrap of rule
        leaf_seps.append(x)
        near_anchor = any(0 <= a - x <= 60 for a in anchors)
        if (upper >= 0.35 or near_anchor) and not _straddled(
                [w for w in header_words if w.cy < mid], x):
            top_level.add(x)
    # A numbered heading with no rule found to its left still starts a column.
    for a in anchors:
        if not any(0 <= a - x <= 60 for x in leaf_seps):
            x = a - 12
            leaf_seps.append(x)
            top_level.add(x)
    leaf_seps.sort()
    edges = [sec.x0] + leaf_seps + [sec.x1]
    leaves = [(edges[i], edges[i + 1]) for i in range(len(edges) - 1) if edges[i + 1] - edges[i] > 8]
    upper_words = [w for w in header_words if w.cy < mid]
    straddled = {x for x in leaf_seps if _straddled(upper_words, x)}
    return _LeafEvidence(leaves, top_level - straddled, straddled, header_words)


def _make_group(page: PageLayout, sec: Section, leaves: list[tuple[int, int]],
                header_words: Sequence[Word]) -> _Group:
    g = _Group(leaves[0][0], leaves[-1][1], list(leaves), "", [])
    gwords = [w for w in header_words if g.x0 <= w.cx <= g.x1]
    if len(g.leaves) > 1:
        split = _sub_header_split(page, g, sec, header_words)
        g.top_text = join_words([w for w in gwords if w.cy < split])
        g.sub_texts = [join_words([w for w in gwords if w.cy >= split and a <= w.cx <= b])
                       for a, b in g.leaves]
    else:
        g.top_text = join_words(gwords)
    return g


def _segment(page: PageLayout, sec: Section, ev: _LeafEvidence,
             columns: Sequence[Column]) -> list[tuple[_Group, Column]]:
    """Partition the leaf columns into the form's numbered columns, in order, maximizing the
    fuzzy match of each part's header text to the lexicon plus the rule evidence (a rule that
    reaches the top of the header starts a column; a heading that runs across a rule does
    not). A column may be absent (the pre-2002 form has no deemed execution date) and a leaf
    may be left unmatched."""
    leaves, n, m = ev.leaves, len(ev.leaves), len(columns)
    neg = float("-inf")
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: dict[tuple[int, int], tuple[int, int, int | None]] = {}
    best[0][0] = 0.0
    cache: dict[tuple[int, int], _Group] = {}

    def group(i: int, j: int) -> _Group:
        if (i, j) not in cache:
            cache[(i, j)] = _make_group(page, sec, leaves[i:j], ev.header_words)
        return cache[(i, j)]

    def score(i: int, j: int, c: Column) -> float:
        g = group(i, j)
        text = g.top_text if j - i > 1 else g.top_text
        s = column_score(text, c) - 50.0
        want, k = max(1, len(c.sub)), j - i
        if k == want:
            s += 8.0
        elif not (k == 1 and want > 1):
            s -= 25.0 * abs(k - want)
        inner = [leaves[t][0] for t in range(i + 1, j)]
        s -= 40.0 * sum(x in ev.strong for x in inner)
        bounds = ([leaves[i][0]] if i > 0 else []) + ([leaves[j][0]] if j < n else [])
        s -= 40.0 * sum(x in ev.straddled for x in bounds)
        return s

    for i in range(n + 1):
        for c in range(m + 1):
            cur = best[i][c]
            if cur == neg:
                continue
            if c < m and cur > best[i][c + 1]:  # column c absent on this form
                best[i][c + 1], back[(i, c + 1)] = cur, (i, c, None)
            if i < n and cur - 5.0 > best[i + 1][c]:  # leaf i matches nothing
                best[i + 1][c], back[(i + 1, c)] = cur - 5.0, (i, c, None)
            if c < m:
                col = columns[c]
                for j in range(i + 1, min(n, i + max(1, len(col.sub)) + 1) + 1):
                    v = cur + score(i, j, col)
                    if v > best[j][c + 1]:
                        best[j][c + 1], back[(j, c + 1)] = v, (i, c, c)
    out: list[tuple[_Group, Column]] = []
    i, c = n, m
    while (i, c) in back:
        pi, pc, matched = back[(i, c)]
        if matched is not None:
            out.append((group(pi, i), columns[matched]))
        i, c = pi, pc
    return list(reversed(out))


def _sub_header_split(page: PageLayout, g: _Group, sec: Section,
                      header_words: Sequence[Word]) -> int:
    """Height of the rule under a spanning header (e.g. under '4. Securities Acquired').
    ``header_words``: the table header's words (a superset of those the group's own)."""
    width = g.x1 - g.x0
    ys = [y for (y, a, b) in page.h_rules
          if sec.header_y0 + 10 < y < sec.header_y1 - 10
          and min(b, g.x1) - max(a, g.x0) >= 0.6 * width]
    if ys:
        return max(ys)
    # No rule: the last text line of the group is the sub-header.
    gw = [w for w in header_words
          if sec.header_y0 <= w.cy <= sec.header_y1 and g.x0 <= w.cx <= g.x1]
    lines = group_lines(gw)
    if len(lines) >= 2:
        return min(w.y0 for w in lines[-1]) - 2
    return sec.header_y1


def reconstruct_columns(page: PageLayout, sec: Section,
                        lexicon: TableLexicon | None = None) -> list[LeafColumn]:
    lex = lexicon or load_lexicon()[sec.kind]
    evidence = _leaf_evidence(page, sec)
    leaves: list[LeafColumn] = []
    for g, col in _segment(page, sec, evidence, lex.columns):
        score = column_score(g.top_text, col)
        if not col.sub:
            leaves.append(LeafColumn(col.id, g.x0, g.x1, g.top_text, score))
            continue
        bounds = list(g.leaves)
        texts = list(g.sub_texts) if g.sub_texts else [""] * len(bounds)
        if len(bounds) < len(col.sub):
            bounds, texts = _split_by_sub_header(page, sec, g, col, bounds)
        # Assign sub-columns to leaves in order, using the sub-header text when counts differ.
        if len(bounds) == len(col.sub):
            for (a, b), sub, t in zip(bounds, col.sub, texts, strict=True):
                leaves.append(LeafColumn(sub.id, a, b, t, score))
        else:
            for (a, b), t in zip(bounds, texts, strict=False):
                best = max(col.sub, key=lambda s, t=t: sub_score(t, s))
                leaves.append(LeafColumn(best.id, a, b, t, score))
    body = _data_lines(page, sec)
    by_body = _columns_from_body(page, sec, body, evidence.leaves, lex)
    if "security_title" in {c.field_id for c in by_body}:
        margin = max(4, len(body) // 8)
        if _agreement(body, by_body) > _agreement(body, leaves) + margin:
            return by_body
    return leaves


def _agreement(words: Sequence[Word], columns: list[LeafColumn]) -> int:
    return body_columns.agreement([(w.text, _column_of(w, columns)) for w in words])


def _data_lines(page: PageLayout, sec: Section) -> list[Word]:
    """The words of the body's text lines that hold a date, an amount or a price (a line of
    nothing but scraps is a stamp or noise)."""
    body = [w for w in page.words
            if sec.header_y1 < w.cy < sec.body_y1 and sec.x0 <= w.cx <= sec.x1]
    return [w for line in group_lines(body) if any(body_columns.is_data(v.text) for v in line)
            for w in line]


def _columns_from_body(page: PageLayout, sec: Section, body: Sequence[Word],
                       leaves: Sequence[tuple[int, int]], lex: TableLexicon
                       ) -> list[LeafColumn]:
    """The leaf columns named by what the cells of ``body`` hold (:mod:`body_columns`)."""
    fields = [f for c in lex.columns for f in ([s.id for s in c.sub] or [c.id])]
    leaves = [part for a, b in leaves
              for part in _split_at_gaps([w for w in body if a <= w.cx <= b], a, b,
                                         gap=page.dpi // 7)]
    edges = sorted({x for leaf in leaves for x in leaf})
    texts = [[w.text for w in body if a <= w.cx <= b and not _rule_remnant(w, edges)]
             for a, b in leaves]
    return [LeafColumn(f, a, b, "", 0.0)
            for (a, b), f in zip(leaves, body_columns.assign(texts, fields), strict=True)
            if f is not None]


def _split_at_gaps(words: Sequence[Word], x0: int, x1: int, gap: int
                   ) -> list[tuple[int, int]]:
    """A leaf column cut where no word of any row stands for ``gap`` pixels or more between
    words (two columns whose rule was lost: "Common Stock" and its dates)."""
    spans = sorted((w.x0, w.x1) for w in words)
    cuts: list[int] = []
    end = None
    for a, b in spans:
        if end is not None and a - end >= gap:
            cuts.append((a + end) // 2)
        end = b if end is None else max(end, b)
    edges = [x0, *cuts, x1]
    return [(edges[i], edges[i + 1]) for i in range(len(edges) - 1)]


def _split_by_sub_header(page: PageLayout, sec: Section, g: _Group, col: Column,
                         bounds: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[str]]:
    """A spanning column whose sub-column rules were not found: split it at the gaps between
    the sub-header words, or in equal parts."""
    split = _sub_header_split(page, g, sec, page.words)
    sub_words = sorted((w for w in page.words
                        if split <= w.cy <= sec.header_y1 and g.x0 <= w.cx <= g.x1),
                       key=lambda w: w.x0)
    k = len(col.sub)
    clusters: list[list[Word]] = []
    for w in sub_words:
        if clusters and w.x0 - clusters[-1][-1].x1 < 25:
            clusters[-1].append(w)
        else:
            clusters.append([w])
    if len(clusters) == k:
        cuts = [(clusters[i][-1].x1 + clusters[i + 1][0].x0) // 2 for i in range(k - 1)]
    else:
        step = (g.x1 - g.x0) / k
        cuts = [int(g.x0 + step * (i + 1)) for i in range(k - 1)]
    edges = [g.x0] + cuts + [g.x1]
    new_bounds = [(edges[i], edges[i + 1]) for i in range(k)]
    texts = [join_words([w for w in sub_words if a <= w.cx <= b]) for a, b in new_bounds]
    return new_bounds, texts


# --- rows -----------------------------------------------------------------------------------

# Columns whose text wraps onto further lines (a line with words only here continues a row).
WRAPPING = frozenset({"security_title", "nature_of_ownership", "underlying_security_title"})


def _row_bounds(page: PageLayout, sec: Section) -> list[tuple[int, int]]:
    width = sec.x1 - sec.x0
    # Rule pieces at one height add up: a rule a poor scan broke still separates rows.
    pieces = sorted((y, max(a, sec.x0), min(b, sec.x1)) for (y, a, b) in page.h_rules
                    if sec.header_y1 - 3 <= y <= sec.body_y1 + 3 and min(b, sec.x1) > max(a, sec.x0))
    groups: list[list[tuple[int, int, int]]] = []
    for piece in pieces:
        if groups and piece[0] - groups[-1][-1][0] <= 6:
            groups[-1].append(piece)
        else:
            groups.append([piece])
    merged: list[int] = []
    for g in groups:
        if sum(b - a for _, a, b in g) >= 0.5 * width:
            y = int(sum(p[0] for p in g) / len(g))
            if not merged or y - merged[-1] > 10:
                merged.append(y)
    if not merged or merged[0] > sec.header_y1 + 10:
        merged.insert(0, sec.header_y1)
    body_words = [w for w in page.words
                  if merged[0] < w.cy < sec.body_y1 and sec.x0 <= w.cx <= sec.x1]
    if body_words and max(w.y1 for w in body_words) > merged[-1]:
        merged.append(min(sec.body_y1, max(w.y1 for w in body_words) + 5))
    return [(merged[i], merged[i + 1]) for i in range(len(merged) - 1)
            if merged[i + 1] - merged[i] >= 12]


def _alnum(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def _read_twice(w: Word, words: Sequence[Word]) -> bool:
    """A word lying within another word of the cell that already holds its letters: the
    same ink read a second time ("$10.9398(17)" with "9398" inside it)."""
    core = _alnum(w.text)
    if len(core) < 2:
        return False
    for v in words:
        if v is w or len(_alnum(v.text)) <= len(core) or core not in _alnum(v.text):
            continue
        across = min(w.x1, v.x1) - max(w.x0, v.x0)
        down = min(w.y1, v.y1) - max(w.y0, v.y0)
        if across >= 0.9 * (w.x1 - w.x0) and down >= 0.5 * (w.y1 - w.y0):
            return True
    return False


def _cell(words: Sequence[Word]) -> CellReading:
    words = [w for w in words if not _read_twice(w, words)]
    if not words:
        return CellReading("", [], None, -1.0)
    return CellReading(join_words(words), list(words), union_box(words),
                       sum(w.conf for w in words) / len(words))


ANCHORS = ("transaction_date", "shares", "shares_acquired", "shares_disposed",
           "shares_owned_following_transaction", "transaction_code", "price_per_share",
           "exercise_date", "expiration_date", "conversion_or_exercise_price",
           "direct_or_indirect_ownership")


# The anchors that hold a letter, not an amount or a date.
_CODE_ANCHORS = frozenset({"transaction_code", "direct_or_indirect_ownership"})
# Two or three small letters where an amount stands: a footnote marker garbled ("ny").
_SCRAP = re.compile(r"[a-z]{2,3}")
# Ink smaller than this both ways (at 300 DPI; a line of the form's 8-point type is some 25 px
# high) is a speck.
_SPECK_SIZE = 12
# A footnote marker alone, its digit perhaps read as a look-alike ("(i", "(l)"; not "(I)",
# which may be the Indirect code in its brackets).
_MARKER_ONLY = re.compile(r"\(?[\dil|]{1,2}\)|\([\dil|]{1,2}\)?")


def _split_band_by_lines(words: list[Word], columns: list[LeafColumn]) -> list[list[Word]]:
    """A band may hold several rows when a rule between them is missing: the rows are where
    the one-line columns (dates, amounts, codes) hold a value; wrapped text (titles, nature
    of ownership) goes to the nearest row."""
    lines = group_lines(words)
    if len(lines) <= 1:
        return [list(words)]
    best: list[float] = []
    stacked = 0
    for name in ANCHORS:
        # A raised footnote marker ("S" with its "(2)" above) is no row of its own, nor is
        # a speck (read as a dash, a stop or a letter a third of a line high).
        col_lines = [ln for ln in lines if any(_column_of(w, columns) == name
                                               and not _MARKER_ONLY.fullmatch(w.text)
                                               and any(ch.isalnum() for ch in w.text)
                                               and max(w.height, w.x1 - w.x0) >= _SPECK_SIZE
                                               for w in ln)]
        spans = [(min(w.x0 for w in ln if _column_of(w, columns) == name),
                  max(w.x1 for w in ln if _column_of(w, columns) == name)) for ln in col_lines]
        if any(a0 < b1 and b0 < a1 for i, (a0, a1) in enumerate(spans)
               for (b0, b1) in spans[i + 1:]):
            stacked += 1
        if len(col_lines) > len(best):
            best = [sum(w.cy for w in ln) / len(ln) for ln in col_lines]
    # Values stacked one over another in some column are rows; pieces side by side at
    # slightly different heights are one value read apart ("07/ 13" beside "08/20").
    if len(best) <= 1 or not stacked:
        return [list(words)]
    rows: list[list[Word]] = [[] for _ in best]
    for w in words:
        i = min(range(len(best)), key=lambda k: abs(w.cy - best[k]))
        rows[i].append(w)
    return [r for r in rows if r]


def _column_of(w: Word, columns: list[LeafColumn]) -> str | None:
    for c in columns:
        if c.x0 <= w.cx <= c.x1:
            return c.field_id
    return None


def _rule_remnant(w: Word, edges: Sequence[int]) -> bool:
    """A '1', 'I' or '|' standing on a column boundary is what is left of a broken rule, not a
    value (a real code sits in the middle of its cell)."""
    return (len(w.text) == 1 and w.text in "1Il|!" and
            any(abs(w.cx - x) <= 14 for x in edges))


def read_rows(page: PageLayout, sec: Section, columns: list[LeafColumn]) -> list[TableRow]:
    rows: list[TableRow] = []
    if not columns:
        return rows
    edges = sorted({c.x0 for c in columns} | {c.x1 for c in columns})
    vocab = header_vocabulary()
    for y0, y1 in _row_bounds(page, sec):
        band_words = [w for w in page.words if y0 < w.cy < y1 and sec.x0 <= w.cx <= sec.x1
                      and not _rule_remnant(w, edges)]
        if not band_words:
            continue
        if is_header_like(join_words(band_words), vocab):
            continue
        groups = _split_band_by_lines(band_words, columns) if len(group_lines(band_words)) > 1 \
            else [band_words]
        multi = len(groups) > 1
        for gw in groups:
            cells = {}
            for c in columns:
                cw = [w for w in gw if c.x0 <= w.cx <= c.x1]
                if c.field_id in cells and cells[c.field_id].words:
                    continue
                cells[c.field_id] = _cell(words_in(cw, (c.x0, y0 - 5, c.x1, y1 + 5)))
            _give_back_spilled_amount(cells)
            notes = ["row split by text lines (no rule between rows)"] if multi else []
            rows.append(TableRow(cells, min(w.y0 for w in gw), max(w.y1 for w in gw), notes))
    return _join_overflow(rows)


# An amount in thousands ("36,394", "87, 963", "26,200(3)", fractional shares "88,656 .627"):
# no price is written so after a price in the same cell.
_GROUPED_AMOUNT = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d{1,4})?(?:\(\d{1,2}\))?")


def _give_back_spilled_amount(cells: dict[str, CellReading]) -> None:
    """A price cell that ends in a whole amount in thousands while the holdings cell to its
    right is empty or was not found ("$6.96 (2) 36,394"): the amount is the holding, set over
    the column edge on a skewed or shifted scan."""
    price, owned = cells.get("price_per_share"), cells.get("shares_owned_following_transaction")
    if price is None or (owned is not None and owned.words) or len(price.words) < 2:
        return
    words = sorted(price.words, key=lambda w: w.x0)
    for k in range(len(words) - 1, 0, -1):
        tail = words[k:]
        if not _GROUPED_AMOUNT.fullmatch("".join(w.text for w in tail)):
            continue
        head = words[:k]
        if not re.search(r"\d", join_words(head)):
            return
        cells["price_per_share"] = _cell(head)
        cells["shares_owned_following_transaction"] = _cell(tail)
        return


def _join_overflow(rows: list[TableRow]) -> list[TableRow]:
    """A band holding nothing but the wrapped end of text columns (a title or the nature of
    ownership typed on past its ruled line into the next one) continues the row above."""
    out: list[TableRow] = []
    for row in rows:
        # a value's marker that wrapped below it goes with the wrapped text, read as a marker
        # or as a scrap of two or three small letters ("ny")
        # (only beside words of a title or nature: "Stock", not "J t4")
        texts = {k: c.text.strip() for k, c in row.cells.items() if c.text.strip()}
        filled = {k for k, t in texts.items() if not (
            k not in WRAPPING and k not in _CODE_ANCHORS and
            (_MARKER_ONLY.fullmatch(t) or _SCRAP.fullmatch(t)))}
        if filled != set(texts) and not any(re.search(r"[A-Za-z]{3}", texts[k]) for k in filled):
            filled = set(texts)
        prev = out[-1] if out else None
        if prev is not None and filled and filled <= WRAPPING and any(
                prev.cells.get(k) is not None and prev.cells[k].text.strip() for k in ANCHORS) \
                and row.y0 - prev.y1 < 2.5 * max(1, prev.y1 - prev.y0):
            for k in texts:
                before = prev.cells.get(k)
                prev.cells[k] = _cell((before.words if before else []) + row.cells[k].words)
            prev.y1 = max(prev.y1, row.y1)
            prev.notes.append("text wrapped into the next ruled line")
            continue
        out.append(row)
    return out


def read_tables(page: PageLayout) -> list[TableReading]:
    return read_document_tables([page])[0]


def read_document_tables(pages: Sequence[PageLayout]) -> list[list[TableReading]]:
    """The tables of every page of one filing. A continuation sheet repeats the form, so a
    table whose columns came out poorly on one page (rules lost on a bad fax: "Common Stock
    12/26/2023" in one wide title column) takes them from the page where the same table's
    columns were read best, moved to where the table sits."""
    found = [[(sec, reconstruct_columns(page, sec)) for sec in find_sections(page)]
             for page in pages]
    best: dict[str, tuple[int, Section, list[LeafColumn]]] = {}
    for page, secs in zip(pages, found, strict=True):
        for sec, columns in secs:
            if sec.kind not in best or len(columns) > len(best[sec.kind][2]):
                best[sec.kind] = (page.number, sec, columns)
    out = []
    for page, secs in zip(pages, found, strict=True):
        readings = []
        for sec, columns in secs:
            notes = []
            ref = best.get(sec.kind)
            if ref is not None and ref[2] is not columns and _poorer(sec, columns, ref[1], ref[2]):
                dx = sec.x0 - ref[1].x0
                columns = [LeafColumn(c.field_id, c.x0 + dx, c.x1 + dx, c.header_text, c.score)
                           for c in ref[2]]
                notes.append(f"page {page.number}: {sec.kind} columns as on page {ref[0]}")
            columns = _title_to_next_column(page, sec, columns)
            if "security_title" not in {c.field_id for c in columns}:
                notes.append(f"page {page.number}: {sec.kind} header not recognised")
            readings.append(TableReading(sec.kind, columns, read_rows(page, sec, columns),
                                         notes))
        out.append(readings)
    return out


# The column that follows the title of security on each table of the form.
_AFTER_TITLE = {"table1": "transaction_date", "table2": "conversion_or_exercise_price"}


def _title_to_next_column(page: PageLayout, sec: Section,
                          columns: list[LeafColumn]) -> list[LeafColumn]:
    """The title of security reaches as far as its words run on into a gap before the column
    the form puts after it (a scrap of rule in the header cut the title short: "Common" of
    "Common Stock"), when no column is missing there: words a word-space apart from a title
    word, not specks further off."""
    out = list(columns)
    for i, (a, b) in enumerate(zip(out, out[1:], strict=False)):
        if a.field_id != "security_title" or b.field_id != _AFTER_TITLE.get(sec.kind) or \
                b.x0 <= a.x1:
            continue
        body = [w for w in page.words if sec.header_y1 < w.cy < sec.body_y1
                and a.x0 <= w.cx < b.x0]
        reach = a.x1
        for line in group_lines(body):
            ordered = sorted(line, key=lambda w: w.x0)
            run = [w for w in ordered if w.cx < a.x1]
            if not run:
                continue
            end = run[-1].x1
            for w in ordered:
                if w.cx >= a.x1 and w.x0 - end <= 45 and w.x1 < b.x0:
                    end = w.x1
            reach = max(reach, end + 5)
        if reach > a.x1:
            out[i] = LeafColumn(a.field_id, a.x0, min(b.x0, reach), a.header_text, a.score)
    return out


def _poorer(sec: Section, columns: Sequence[LeafColumn], ref_sec: Section,
            ref: Sequence[LeafColumn]) -> bool:
    """Whether a table's columns are clearly worse than those of the same table on another
    page of the filing: the same width (the same form), two columns fewer or no title of
    security where the other has one, or fewer columns with one of them a quarter wider (the
    rule after it lost, the dates taken into the title)."""
    width, ref_width = sec.x1 - sec.x0, ref_sec.x1 - ref_sec.x0
    if abs(width - ref_width) > 0.03 * ref_width:
        return False
    if len(columns) <= len(ref) - 2:
        return True
    widths = {c.field_id: c.x1 - c.x0 for c in columns}
    ref_widths = {c.field_id: c.x1 - c.x0 for c in ref}
    if "security_title" in ref_widths and "security_title" not in widths:
        return True
    # A column a quarter wider than on the other page took in its neighbour (a price column
    # reading "3041.210443": the price and the holdings after it).
    return len(columns) < len(ref) and any(
        w > 1.25 * ref_widths[f] + 20 for f, w in widths.items() if f in ref_widths)
