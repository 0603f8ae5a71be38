"""Drawing helpers shared by the Form 4 page layouts: fonts, wrapped text, ruled tables, pages.

Everything works in device pixels of a 300 DPI landscape US-letter page (3300 x 2550, mode
"L", white paper, black ink). Text is placed by its top edge; wrapping and font shrinking keep
every value inside its cell, and :class:`Flow` continues tables and paragraphs onto new pages
so that nothing is ever dropped.

Also here: how record values are written on the form (``fmt_*``: dates MM/DD/YYYY, numbers with
thousands separators, prices with "$", footnote markers "(1)").
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

PAGE_DPI = 300
PAGE_WIDTH = 3300  # 11 in landscape at 300 DPI
PAGE_HEIGHT = 2550  # 8.5 in
INK = 0
PAPER = 255

# --------------------------------------------------------------------------- fonts

FONT_DIRS: tuple[Path, ...] = (
    Path(__file__).resolve().parent / "fonts",
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/truetype/freefont"),
    Path("/usr/share/fonts/truetype/noto"),
    Path("/usr/share/fonts/truetype"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts"),
    Path("/Library/Fonts"),
    Path("C:/Windows/Fonts"),
)


@functools.cache
def find_font(*names: str) -> str | None:
    """The path of the first of ``names`` (font file names) found in :data:`FONT_DIRS`."""
    for name in names:
        for folder in FONT_DIRS:
            path = folder / name
            if path.is_file():
                return str(path)
    return None


@functools.lru_cache(maxsize=512)
def _load_font(path: str | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if path is not None:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            pass
    return ImageFont.load_default(size)


@dataclass(frozen=True)
class Font:
    """A font file at a pixel size; ``stroke`` thickens thin faces (a typewriter's ink)."""

    path: str | None
    size: int
    stroke: int = 0

    @property
    def pil(self) -> Any:
        return _load_font(self.path, self.size)

    def resized(self, size: int) -> Font:
        return Font(self.path, max(8, int(round(size))), self.stroke)

    def length(self, text: str) -> float:
        return float(self.pil.getlength(text)) + 2 * self.stroke

    @property
    def ascent(self) -> int:
        return _metrics(self.path, self.size)[0] + self.stroke

    @property
    def line_height(self) -> int:
        asc, desc = _metrics(self.path, self.size)
        return asc + desc + 2 * self.stroke


@functools.lru_cache(maxsize=512)
def _metrics(path: str | None, size: int) -> tuple[int, int]:
    font = _load_font(path, size)
    try:
        asc, desc = font.getmetrics()  # type: ignore[union-attr]
    except AttributeError:
        asc, desc = int(size * 0.8), int(size * 0.2)
    return int(asc), int(desc)


def font(names: Sequence[str], size: int, stroke: int = 0) -> Font:
    """A :class:`Font` from candidate file names (the first one installed is used)."""
    return Font(find_font(*names), int(size), stroke)


SANS = ("LiberationSans-Regular.ttf", "FreeSans.ttf", "DejaVuSans.ttf")
SANS_BOLD = ("LiberationSans-Bold.ttf", "FreeSansBold.ttf", "DejaVuSans-Bold.ttf")
SANS_ALT = ("FreeSans.ttf", "LiberationSans-Regular.ttf", "DejaVuSans.ttf")
SANS_ALT_BOLD = ("FreeSansBold.ttf", "LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf")
SANS_CONDENSED = ("DejaVuSansCondensed.ttf", "LiberationSans-Regular.ttf", "DejaVuSans.ttf")
SANS_CONDENSED_BOLD = ("DejaVuSansCondensed-Bold.ttf", "LiberationSans-Bold.ttf")
SERIF = ("LiberationSerif-Regular.ttf", "FreeSerif.ttf", "DejaVuSerif.ttf")
SERIF_BOLD = ("LiberationSerif-Bold.ttf", "FreeSerifBold.ttf", "DejaVuSerif-Bold.ttf")
SERIF_ALT = ("FreeSerif.ttf", "LiberationSerif-Regular.ttf", "DejaVuSerif.ttf")
SERIF_CONDENSED = ("DejaVuSerifCondensed.ttf", "LiberationSerif-Regular.ttf")
MONO = ("LiberationMono-Regular.ttf", "FreeMono.ttf", "DejaVuSansMono.ttf")
MONO_FREE = ("FreeMono.ttf", "LiberationMono-Regular.ttf", "DejaVuSansMono.ttf")
MONO_DEJAVU = ("DejaVuSansMono.ttf", "NotoMono-Regular.ttf", "LiberationMono-Regular.ttf")


# --------------------------------------------------------------------------- values on the form


def marker_text(footnote_ids: Sequence[str] | None, style: str = "paren") -> str:
    """Footnote markers as printed after a value: ``["F1", "F2"]`` -> "(1)(2)"."""
    out = []
    for fid in footnote_ids or []:
        num = str(fid).strip()
        num = num[1:] if num[:1] in ("F", "f") else num
        out.append(f"({num})" if style == "paren" else num)
    return "".join(out)


def field_value(fld: Any) -> Any:
    return fld.get("value") if isinstance(fld, dict) else None


def field_marks(fld: Any) -> str:
    return marker_text(fld.get("footnote_ids") if isinstance(fld, dict) else None)


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        dec = Decimal(str(value).replace(",", "").replace("$", "").strip())
    except InvalidOperation:
        return None
    return dec if dec.is_finite() else None


def fmt_number(value: Any) -> str:
    """46274 -> "46,274"; 5381.2 -> "5,381.2" (decimals as given, none added)."""
    dec = _decimal(value)
    if dec is None:
        return "" if value is None else str(value)
    if dec == dec.to_integral_value():
        return f"{int(dec):,}"
    text = format(dec.normalize(), "f")
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-') or 0):,}.{frac}"


def fmt_price(value: Any, *, min_decimals: int = 0) -> str:
    """121.02 -> "$121.02"; ``min_decimals=2`` turns 39.5 into "$39.50" (typed forms)."""
    dec = _decimal(value)
    if dec is None:
        return "" if value is None else str(value)
    text = fmt_number(value)
    if min_decimals and dec != dec.to_integral_value():
        frac = text.partition(".")[2]
        text += "0" * max(0, min_decimals - len(frac))
    return "$" + text


def fmt_date(value: Any) -> str:
    """"2023-01-24" -> "01/24/2023"; other text is printed as it is."""
    if not isinstance(value, str):
        return "" if value is None else str(value)
    parts = value.strip().split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{parts[1]}/{parts[2]}/{parts[0]}"
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        return f"{parts[1]}/{parts[0]}"
    return value


def fmt_month_year(value: Any) -> str:
    """"2001-06" or "2001-06-14" -> "06/2001" (the pre-2002 form's Month/Year boxes)."""
    if not isinstance(value, str):
        return "" if value is None else str(value)
    parts = value.strip().split("-")
    if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit():
        return f"{parts[1]}/{parts[0]}"
    return value


def fmt_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "X" if value else ""
    return " ".join(str(value).split())


# --------------------------------------------------------------------------- text layout


@dataclass
class Cell:
    """What is printed in one cell: ``text`` then the raised footnote ``marks``.

    ``keep`` values (numbers, dates, codes) shrink to stay on one line before they wrap.
    """

    text: str = ""
    marks: str = ""
    align: str = "center"
    keep: bool = True

    @property
    def empty(self) -> bool:
        return not self.text and not self.marks


@dataclass
class Laid:
    """A cell's text broken into lines at a font size, with its size in pixels."""

    lines: list[str]
    marks: str
    font: Font
    mark_font: Font
    marks_own_line: bool
    width: int
    height: int


def mark_font_for(value_font: Font) -> Font:
    return value_font.resized(max(14, round(value_font.size * 0.72)))


def _break_word(word: str, fnt: Font, width: float) -> list[str]:
    """Split a word wider than a line: after a "/" or "-" if one fits, else by characters."""
    parts: list[str] = []
    rest = word
    while rest and fnt.length(rest) > width:
        cut = 0
        for i, ch in enumerate(rest[:-1], 1):
            if ch in "/-" and fnt.length(rest[:i]) <= width:
                cut = i
        if not cut:
            cut = 1
            while cut < len(rest) and fnt.length(rest[: cut + 1]) <= width:
                cut += 1
        parts.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        parts.append(rest)
    return parts or [""]


def wrap_text(text: str, fnt: Font, width: float) -> list[str]:
    """Greedy word wrap to ``width`` pixels; a word wider than a line is broken."""
    lines: list[str] = []
    for para in text.split("\n"):
        cur = ""
        for word in para.split():
            cand = f"{cur} {word}" if cur else word
            if fnt.length(cand) <= width:
                cur = cand
                continue
            if cur:
                lines.append(cur)
            if fnt.length(word) <= width:
                cur = word
            else:
                pieces = _break_word(word, fnt, width)
                lines.extend(pieces[:-1])
                cur = pieces[-1]
        lines.append(cur)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def lay_out(cell: Cell, width: float, value_font: Font, min_scale: float = 0.72) -> Laid:
    """Fit ``cell`` into ``width`` pixels: shrink ``keep`` values, wrap the rest."""
    width = max(10.0, width)
    if cell.empty:
        return Laid([], "", value_font, mark_font_for(value_font), False, 0, 0)
    fnt = value_font
    text = "\n".join(" ".join(part.split()) for part in cell.text.split("\n")).strip()
    if cell.keep and text:
        full = fnt.length(text) + (mark_font_for(fnt).length(cell.marks) + 2 if cell.marks else 0)
        if full > width:
            scale = max(min_scale, width / full)
            fnt = value_font.resized(value_font.size * scale)
            while fnt.size > value_font.size * min_scale and (
                fnt.length(text) + (mark_font_for(fnt).length(cell.marks) + 2 if cell.marks else 0)
                > width
            ):
                fnt = fnt.resized(fnt.size - 1)
    longest = max((fnt.length(w) for w in text.split()), default=0.0)
    if longest > width:  # a word wider than the cell: shrink a little before breaking it
        floor = value_font.size * (min_scale if cell.keep else max(min_scale, 0.85))
        fnt = fnt.resized(max(floor, fnt.size * width / longest - 1))
    mfnt = mark_font_for(fnt)
    lines = wrap_text(text, fnt, width) if text else []
    own = False
    if cell.marks:
        mw = mfnt.length(cell.marks)
        if not lines or fnt.length(lines[-1]) + 2 + mw > width:
            own = True
            if mw > width:  # a long run of markers: let them wrap like text
                lines.extend(wrap_text(cell.marks.replace(")(", ") ("), mfnt, width))
                own = False
                cell = Cell(cell.text, "", cell.align, cell.keep)
    widths = [fnt.length(line) for line in lines]
    if cell.marks and not own and lines:
        widths[-1] += 2 + mfnt.length(cell.marks)
    if own:
        widths.append(mfnt.length(cell.marks))
    height = len(lines) * fnt.line_height + (mfnt.line_height if own else 0)
    return Laid(lines, cell.marks, fnt, mfnt, own, int(max(widths or [0]) + 1), height)


# --------------------------------------------------------------------------- the page


class Page:
    """A blank page and the primitives the layouts draw with."""

    def __init__(self, width: int = PAGE_WIDTH, height: int = PAGE_HEIGHT) -> None:
        self.image = Image.new("L", (width, height), PAPER)
        self.draw = ImageDraw.Draw(self.image)
        self.width = width
        self.height = height
        # named boxes (x0, y0, x1, y1) of what was drawn where: "table_i.header",
        # "table_i.row0" ...; handed out as ``image.info["form4_regions"]``
        self.regions: dict[str, tuple[int, int, int, int]] = {}

    # lines and boxes
    def hline(self, x0: float, x1: float, y: float, w: int = 2) -> None:
        self.draw.rectangle([int(x0), int(y), int(x1) + w - 1, int(y) + w - 1], fill=INK)

    def vline(self, x: float, y0: float, y1: float, w: int = 2) -> None:
        self.draw.rectangle([int(x), int(y0), int(x) + w - 1, int(y1) + w - 1], fill=INK)

    def rect(self, x0: float, y0: float, x1: float, y1: float, w: int = 2) -> None:
        self.hline(x0, x1, y0, w)
        self.hline(x0, x1, y1, w)
        self.vline(x0, y0, y1, w)
        self.vline(x1, y0, y1, w)

    # text
    def text(self, x: float, top: float, s: str, fnt: Font, align: str = "left") -> int:
        """Draw one line with its top at ``top``; ``align`` says what ``x`` is. Returns width."""
        if not s:
            return 0
        w = fnt.length(s)
        if align == "center":
            x -= w / 2
        elif align == "right":
            x -= w
        self.draw.text(
            (int(round(x)) + fnt.stroke, int(top) + fnt.ascent),
            s,
            font=fnt.pil,
            fill=INK,
            anchor="ls",
            stroke_width=fnt.stroke,
            stroke_fill=INK,
        )
        return int(w)

    def paragraph(
        self,
        x0: float,
        top: float,
        x1: float,
        text: str,
        fnt: Font,
        align: str = "left",
        spacing: float = 1.0,
    ) -> int:
        """Wrap ``text`` between ``x0`` and ``x1``; returns the y below the last line."""
        y = top
        for line in wrap_text(text, fnt, x1 - x0):
            x = {"left": x0, "center": (x0 + x1) / 2, "right": x1}[align]
            self.text(x, y, line, fnt, align)
            y += int(fnt.line_height * spacing)
        return int(y)

    def laid(self, lay: Laid, x0: float, x1: float, top: float, align: str = "center") -> None:
        """Draw a laid-out cell between ``x0`` and ``x1`` starting at ``top``."""
        y = top
        n = len(lay.lines)
        for i, line in enumerate(lay.lines):
            lw = lay.font.length(line)
            tail = lay.mark_font.length(lay.marks) + 2 if (lay.marks and not lay.marks_own_line
                                                          and i == n - 1) else 0
            total = lw + tail
            x = {"left": x0, "center": (x0 + x1 - total) / 2, "right": x1 - total}[align]
            self.text(x, y, line, lay.font)
            if tail:
                self._mark(x + lw + 2, y, lay)
            y += lay.font.line_height
        if lay.marks and lay.marks_own_line:
            mw = lay.mark_font.length(lay.marks)
            x = {"left": x0, "center": (x0 + x1 - mw) / 2, "right": x1 - mw}[align]
            self.text(x, y, lay.marks, lay.mark_font)

    def _mark(self, x: float, line_top: float, lay: Laid) -> None:
        """A footnote marker after a value: smaller and raised (the SEC's ``<sup>``)."""
        baseline = line_top + lay.font.ascent - int(lay.font.size * 0.3)
        self.text(x, max(0, baseline - lay.mark_font.ascent), lay.marks, lay.mark_font)

    def checkbox(self, x: float, top: float, size: int, checked: bool, fnt: Font) -> None:
        self.rect(x, top, x + size, top + size, 2)
        if checked:
            self.text(x + size / 2, top + (size - fnt.line_height) / 2, "X", fnt, "center")


# --------------------------------------------------------------------------- pagination


class Flow:
    """A cursor down a sequence of pages; ``need(h)`` starts a new page when ``h`` won't fit.

    ``start_page(flow, number)`` prepares a page and returns the y where content begins
    (it draws the continuation heading on pages after the first).
    """

    def __init__(self, start_page: Callable[[Flow, int], int], bottom: int) -> None:
        self.pages: list[Page] = []
        self._start_page = start_page
        self.bottom = bottom
        self.y = 0
        self.page_top = 0  # where content starts on the current page
        self.new_page()

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def new_page(self) -> None:
        self.pages.append(Page())
        self.y = self.page_top = self._start_page(self, len(self.pages))

    def room(self) -> int:
        return self.bottom - self.y

    def need(self, h: int) -> bool:
        """Break to a new page unless ``h`` pixels fit; True when a page was started.

        A fresh page is never left empty: what does not fit on it goes there anyway."""
        if self.y + h <= self.bottom or self.y <= self.page_top:
            return False
        self.new_page()
        return True

    def paragraph(
        self,
        x0: float,
        x1: float,
        text: str,
        fnt: Font,
        *,
        first_indent: float = 0,
        hanging: float = 0,
        prefix: str = "",
        spacing: float = 1.0,
    ) -> None:
        """Wrapped text that may continue on the next page (line by line, never lost)."""
        width = x1 - x0 - hanging
        lines = wrap_text(text, fnt, width) or [""]
        lh = int(fnt.line_height * spacing)
        for i, line in enumerate(lines):
            self.need(lh)
            if i == 0 and prefix:
                self.page.text(x0 + first_indent, self.y, prefix, fnt)
            self.page.text(x0 + hanging, self.y, line, fnt)
            self.y += lh


# --------------------------------------------------------------------------- ruled tables


@dataclass
class Column:
    """One leaf column of a form table; ``key`` names what goes in it (record language)."""

    key: str
    label: str
    width: float
    align: str = "center"
    keep: bool = True
    group: str | None = None  # a spanning header above consecutive columns (e.g. "3. ...")


@dataclass
class TableStyle:
    label_font: Font
    value_font: Font
    title_font: Font
    title: str = ""
    subtitle: str = ""
    title_in_grid: bool = True  # EDGAR: the title is the first header row of the grid
    line: int = 2
    pad_x: int = 10
    pad_y: int = 9
    min_row: int = 64
    label_align: str = "left"
    sub_label_align: str = "center"
    sub_label_valign: str = "top"
    filler_row: int = 0  # height of pre-ruled empty rows (paper forms), 0: none
    jitter: Callable[[], tuple[int, int]] | None = None  # typed values: small (dx, dy)
    jitter_room: int = 0  # the most ``jitter`` moves a value sideways
    continued_title: str = " (continued)"
    value_valign: str = "middle"
    row_fonts: dict[str, Font] = field(default_factory=dict)  # per column key


def column_edges(columns: Sequence[Column], x0: float, x1: float) -> list[int]:
    total = sum(c.width for c in columns)
    edges = [int(round(x0))]
    acc = 0.0
    for c in columns:
        acc += c.width
        edges.append(int(round(x0 + (x1 - x0) * acc / total)))
    return edges


def jitter_widths(columns: list[Column], rng: random.Random, amount: float = 0.03) -> list[Column]:
    """Vary column widths by a few percent (a different print run / typesetting)."""
    return [
        Column(c.key, c.label, c.width * (1 + rng.uniform(-amount, amount)), c.align, c.keep,
               c.group)
        for c in columns
    ]


def _groups(columns: Sequence[Column]) -> list[tuple[str | None, int, int]]:
    """Runs of columns sharing a group label: (group, first index, last index)."""
    runs: list[tuple[str | None, int, int]] = []
    for i, c in enumerate(columns):
        if runs and c.group is not None and runs[-1][0] == c.group:
            runs[-1] = (c.group, runs[-1][1], i)
        else:
            runs.append((c.group, i, i))
    return runs


def _label_height(text: str, fnt: Font, width: float) -> int:
    return len(wrap_text(text, fnt, width)) * fnt.line_height


def header_height(columns: Sequence[Column], edges: Sequence[int], st: TableStyle) -> tuple[
    int, int
]:
    """(height of the group row, total header height) of a table's column headings."""
    px, py = st.pad_x, st.pad_y
    group_h, sub_h, single_h = 0, 0, 0
    for group, a, b in _groups(columns):
        if group is None:
            c = columns[a]
            single_h = max(single_h, _label_height(c.label, st.label_font,
                                                   edges[a + 1] - edges[a] - 2 * px) + 2 * py)
        else:
            group_h = max(group_h, _label_height(group, st.label_font,
                                                 edges[b + 1] - edges[a] - 2 * px) + 2 * py)
            for i in range(a, b + 1):
                sub_h = max(sub_h, _label_height(columns[i].label, st.label_font,
                                                 edges[i + 1] - edges[i] - 2 * px) + 2 * py)
    if group_h:
        if single_h > group_h + sub_h:
            group_h = single_h - sub_h
        return group_h, group_h + sub_h
    return 0, single_h


def _title_height(st: TableStyle, continued: bool) -> int:
    if not st.title:
        return 0
    lines = 2 if st.subtitle else 1
    return lines * st.title_font.line_height + 2 * st.pad_y


def _draw_title(page: Page, st: TableStyle, x0: float, x1: float, y: int, continued: bool) -> int:
    if not st.title:
        return y
    h = _title_height(st, continued)
    title = st.title + (st.continued_title if continued else "")
    ty = y + st.pad_y
    page.text((x0 + x1) / 2, ty, title, st.title_font, "center")
    if st.subtitle:
        page.text((x0 + x1) / 2, ty + st.title_font.line_height, st.subtitle, st.title_font,
                  "center")
    if st.title_in_grid:
        page.rect(x0, y, x1, y + h, st.line)
    return y + h


def draw_header(page: Page, columns: Sequence[Column], edges: Sequence[int], st: TableStyle,
                y: int) -> int:
    """Draw the ruled column headings at ``y``; returns the y of their bottom rule."""
    group_h, total = header_height(columns, edges, st)
    px, py, lw = st.pad_x, st.pad_y, st.line
    x0, x1 = edges[0], edges[-1]
    page.hline(x0, x1, y, lw)
    page.hline(x0, x1, y + total, lw)
    for group, a, b in _groups(columns):
        left, right = edges[a], edges[b + 1]
        page.vline(left, y, y + total, lw)
        if group is None:
            c = columns[a]
            page.paragraph(left + px, y + py, right - px, c.label, st.label_font,
                           st.label_align)
            continue
        page.paragraph(left + px, y + py, right - px, group, st.label_font, st.label_align)
        page.hline(left, right, y + group_h, lw)
        for i in range(a, b + 1):
            if i > a:
                page.vline(edges[i], y + group_h, y + total, lw)
            label = columns[i].label
            top = y + group_h + py
            if st.sub_label_valign == "bottom":
                top = y + total - py - _label_height(label, st.label_font,
                                                     edges[i + 1] - edges[i] - 2 * px)
            page.paragraph(edges[i] + px, top, edges[i + 1] - px, label, st.label_font,
                           st.sub_label_align)
    page.vline(x1, y, y + total, lw)
    return y + total


def _lay_row(row: dict[str, Cell], columns: Sequence[Column], edges: Sequence[int],
             st: TableStyle, max_height: int | None = None) -> tuple[list[Laid], int]:
    """Lay out one row's cells; a cell taller than ``max_height`` is set in smaller type."""
    lays = []
    for i, c in enumerate(columns):
        cell = row.get(c.key) or Cell()
        cell = Cell(cell.text, cell.marks, c.align, c.keep and cell.keep)
        base = st.row_fonts.get(c.key, st.value_font)
        room = edges[i + 1] - edges[i] - 2 * st.pad_x - st.line - st.jitter_room
        for scale in (1.0, 0.9, 0.8, 0.7, 0.6, 0.5):
            fnt = base if scale == 1 else base.resized(base.size * scale)
            lay = lay_out(cell, room, fnt)
            if max_height is None or lay.height + 2 * st.pad_y <= max_height:
                break
        lays.append(lay)
    height = max(st.min_row, max([lay.height for lay in lays] + [0]) + 2 * st.pad_y)
    return lays, height


def _draw_row(page: Page, lays: list[Laid], columns: Sequence[Column], edges: Sequence[int],
              st: TableStyle, y: int, h: int, name: str = "") -> None:
    lw = st.line
    for i, (c, lay) in enumerate(zip(columns, lays, strict=True)):
        page.vline(edges[i], y, y + h, lw)
        if not lay.lines and not lay.marks:
            continue
        if name:
            page.regions[f"{name}.{c.key}"] = (edges[i] + lw, y + lw, edges[i + 1], y + h)
        dx, dy = st.jitter() if st.jitter else (0, 0)
        top = y + st.pad_y + dy
        if st.value_valign == "middle":
            top = y + (h - lay.height) // 2 + dy
        left = edges[i] + st.pad_x + lw
        right = edges[i + 1] - st.pad_x
        dx = max(0, min(st.jitter_room, dx))
        if c.align == "left":
            left += dx
        elif c.align == "right":
            right -= dx
        else:
            left += dx - st.jitter_room / 2
            right += dx - st.jitter_room / 2
        page.laid(lay, left, right, top, c.align)
    page.vline(edges[-1], y, y + h, lw)
    page.hline(edges[0], edges[-1], y + h, lw)


def flow_table(
    flow: Flow,
    x0: float,
    x1: float,
    columns: Sequence[Column],
    rows: Sequence[dict[str, Cell]],
    st: TableStyle,
    *,
    fill_rows: int = 0,
    fill_to: int | None = None,
    gap_after: int = 0,
    name: str = "table",
) -> None:
    """Draw a titled, ruled table down the flow, repeating title and headings on new pages.

    ``fill_rows`` pre-ruled rows in all (paper forms) are drawn empty after the data rows
    while they fit; ``fill_to`` fills empty rows down to that y instead.
    """
    edges = column_edges(columns, x0, x1)
    _, head_h = header_height(columns, edges, st)
    # the most a row can take: a continuation page below the table's title and headings
    max_row = flow.bottom - flow.page_top - _title_height(st, True) - head_h - 100
    here = flow.bottom - flow.y - _title_height(st, False) - head_h - 8
    if here >= max_row * 0.4:  # and the first rows should not leave this page's table empty
        max_row = min(max_row, here)
    laid = [_lay_row(row, columns, edges, st, max_row) for row in rows]
    first_h = laid[0][1] if laid else st.min_row
    continued = False

    def start() -> None:
        flow.need(_title_height(st, continued) + head_h + first_h)
        y = _draw_title(flow.page, st, edges[0], edges[-1], flow.y, continued)
        if st.title and not st.title_in_grid:
            y += 4
        flow.y = draw_header(flow.page, columns, edges, st, y)
        flow.page.regions[f"{name}.header"] = (edges[0], y, edges[-1], flow.y)

    start()
    for i, (lays, h) in enumerate(laid):
        if flow.y + h > flow.bottom:
            flow.new_page()
            continued = True
            first_h = h
            start()
        _draw_row(flow.page, lays, columns, edges, st, flow.y, h, f"{name}.row{i}")
        flow.page.regions[f"{name}.row{i}"] = (edges[0], flow.y, edges[-1], flow.y + h)
        flow.y += h
    empty = [Laid([], "", st.value_font, st.value_font, False, 0, 0)] * len(columns)
    filler = st.filler_row or st.min_row
    drawn = len(laid)
    limit = min(flow.bottom, fill_to) if fill_to is not None else flow.bottom
    while (fill_to is not None or drawn < fill_rows) and flow.y + filler <= limit:
        _draw_row(flow.page, empty, columns, edges, st, flow.y, filler)
        flow.y += filler
        drawn += 1
    flow.y += gap_after


# --------------------------------------------------------------------------- record -> cells


@dataclass(frozen=True)
class ValueStyle:
    """How a filer wrote values: ``price_decimals`` pads "$39.5" to "$39.50"."""

    price_decimals: int = 0
    month_year: bool = False  # pre-2002 form: Month/Year boxes


def _f(row: dict[str, Any] | None, name: str) -> Any:
    return (row or {}).get(name)


def text_cell(fld: Any, align: str = "left") -> Cell:
    return Cell(fmt_text(field_value(fld)), field_marks(fld), align, keep=False)


def number_cell(fld: Any) -> Cell:
    return Cell(fmt_number(field_value(fld)), field_marks(fld))


def price_cell(fld: Any, vs: ValueStyle) -> Cell:
    return Cell(fmt_price(field_value(fld), min_decimals=vs.price_decimals), field_marks(fld))


def date_cell(fld: Any) -> Cell:
    value = field_value(fld)
    if value is None and isinstance(fld, dict) and fld.get("text"):
        # a word in a date column ("Immediately") is kept as text with a null value
        return Cell(fmt_text(fld["text"]), field_marks(fld), keep=False)
    return Cell(fmt_date(value), field_marks(fld))


def code_cell(fld: Any) -> Cell:
    return Cell(fmt_text(field_value(fld)), field_marks(fld))


def flag_cell(fld: Any, mark: str = "X") -> Cell:
    return Cell(mark if field_value(fld) is True else "", field_marks(fld))


def non_derivative_rows(record: dict[str, Any], vs: ValueStyle) -> list[dict[str, Cell]]:
    """Table I rows in record order: transactions, then holdings (empty transaction cells)."""
    rows: list[dict[str, Cell]] = []
    for tx in record.get("non_derivative_transactions") or []:
        rows.append({
            "security_title": text_cell(_f(tx, "security_title")),
            "transaction_date": date_cell(_f(tx, "transaction_date")),
            "deemed_execution_date": date_cell(_f(tx, "deemed_execution_date")),
            "transaction_code": code_cell(_f(tx, "transaction_code")),
            "equity_swap_involved": flag_cell(_f(tx, "equity_swap_involved"), "V"),
            "shares": number_cell(_f(tx, "shares")),
            "acquired_disposed_code": code_cell(_f(tx, "acquired_disposed_code")),
            "price_per_share": price_cell(_f(tx, "price_per_share"), vs),
            "shares_owned_following_transaction": number_cell(
                _f(tx, "shares_owned_following_transaction")),
            "direct_or_indirect_ownership": code_cell(_f(tx, "direct_or_indirect_ownership")),
            "nature_of_ownership": text_cell(_f(tx, "nature_of_ownership")),
        })
    for h in record.get("non_derivative_holdings") or []:
        rows.append({
            "security_title": text_cell(_f(h, "security_title")),
            "shares_owned_following_transaction": number_cell(
                _f(h, "shares_owned_following_transaction")),
            "direct_or_indirect_ownership": code_cell(_f(h, "direct_or_indirect_ownership")),
            "nature_of_ownership": text_cell(_f(h, "nature_of_ownership")),
        })
    return rows


def _derivative_common(row: dict[str, Any], vs: ValueStyle) -> dict[str, Cell]:
    return {
        "security_title": text_cell(_f(row, "security_title")),
        "conversion_or_exercise_price": price_cell(_f(row, "conversion_or_exercise_price"), vs),
        "exercise_date": date_cell(_f(row, "exercise_date")),
        "expiration_date": date_cell(_f(row, "expiration_date")),
        "underlying_security_title": text_cell(_f(row, "underlying_security_title"), "center"),
        "underlying_security_shares": number_cell(_f(row, "underlying_security_shares")),
        "shares_owned_following_transaction": number_cell(
            _f(row, "shares_owned_following_transaction")),
        "direct_or_indirect_ownership": code_cell(_f(row, "direct_or_indirect_ownership")),
        "nature_of_ownership": text_cell(_f(row, "nature_of_ownership")),
    }


def derivative_rows(record: dict[str, Any], vs: ValueStyle) -> list[dict[str, Cell]]:
    """Table II rows: the shares go under (A) or (D) by the acquired/disposed code."""
    rows: list[dict[str, Cell]] = []
    for tx in record.get("derivative_transactions") or []:
        cells = _derivative_common(tx, vs)
        shares = number_cell(_f(tx, "shares"))
        code_fld = _f(tx, "acquired_disposed_code")
        shares.marks += field_marks(code_fld)
        disposed = str(field_value(code_fld) or "").upper() == "D"
        cells.update({
            "transaction_date": date_cell(_f(tx, "transaction_date")),
            "deemed_execution_date": date_cell(_f(tx, "deemed_execution_date")),
            "transaction_code": code_cell(_f(tx, "transaction_code")),
            "equity_swap_involved": flag_cell(_f(tx, "equity_swap_involved"), "V"),
            "shares_disposed" if disposed else "shares_acquired": shares,
            "price_per_share": price_cell(_f(tx, "price_per_share"), vs),
        })
        rows.append(cells)
    for h in record.get("derivative_holdings") or []:
        rows.append(_derivative_common(h, vs))
    return rows


def footnote_items(record: dict[str, Any]) -> list[tuple[str, str]]:
    """(number, text) of each footnote in record order: ("1", "The shares ...")."""
    out = []
    for note in record.get("footnotes") or []:
        fid = str(note.get("id") or "")
        num = fid[1:] if fid[:1] in ("F", "f") else fid
        out.append((num, fmt_text(field_value(note.get("text")))))
    return out


def record_rng(record: dict[str, Any], layout: str, seed: int) -> random.Random:
    """A generator fixed by (layout, seed, the record's identity): same inputs, same page."""
    import hashlib
    import json

    owners = record.get("reporting_owners") or []
    ident = json.dumps(
        [
            field_value((record.get("issuer") or {}).get("name")),
            [field_value(o.get("name")) for o in owners],
            field_value(record.get("period_of_report")),
            len(record.get("non_derivative_transactions") or []),
            len(record.get("derivative_transactions") or []),
        ],
        default=str,
    )
    digest = hashlib.sha256(f"{layout}|{seed}|{ident}".encode()).hexdigest()
    return random.Random(int(digest[:16], 16))
