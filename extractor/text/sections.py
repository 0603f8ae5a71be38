"""The form's sections in OCR text (pure): header boxes, Table I, Table II, explanations,
remarks and signatures, found by their headings; then the rows of each table (with the
fragments of wrapped cells), the footnotes, the remarks and the signatures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from extractor.mapping.lexicon import is_header_like
from extractor.text import formtext as ft
from extractor.text import header as hd
from extractor.text import rows as rw
from extractor.text import tokens as tk

HEADER, TABLE1, TABLE2, NOTES, REMARKS, OWNERS, TAIL = (
    "header", "table1", "table2", "notes", "remarks", "owners", "tail")

_TABLE_NUM = re.compile(r"^\W*table\s*([il1|!\]\[]{1,3})(?![a-z])\W*(.*)$", re.IGNORECASE)


# 'Reporting Owners' (specks around it aside) or its table's first column heading
_OWNERS_HEADING = re.compile(r"^(?:\W*\w{1,3}\W+)?\W*reporting owners?(?:\s*\(\s*continued\s*\)?)?"
                             r"(?:[\W_]|\s\w{1,2}(?!\w))*$|^\W*reporting owner name\b", re.IGNORECASE)


def anchor(line: str) -> str | None:
    """The section a heading line opens, or None."""
    line = re.sub(r"^\W*\w{1,3}\W+(?=table\b)", "", line, flags=re.IGNORECASE)
    n = ft.norm(line)
    if not n:
        return None
    m = _TABLE_NUM.match(line)
    if m:
        num = m.group(1).replace("|", "I").replace("!", "I").replace("]", "I").replace("[", "I")
        rest = ft.norm(m.group(2))
        if rest.startswith("non") or (len(num) == 1 and "non" in rest[:12]):
            return TABLE1
        if len(num) >= 2 or rest.startswith("derivative"):
            return TABLE2
    if len(n) < 160 and fuzz.partial_ratio("acquired disposed of or beneficially owned", n) >= 88:
        head = n[: max(20, n.find("acquired"))]
        if "non" in head.split() or "non derivative" in head:
            return TABLE1
        if "derivative" in head and n.startswith("table"):
            return TABLE2
    if 15 <= len(n) < 60 and fuzz.partial_ratio("explanation of responses", n[:40]) >= 85:
        return NOTES
    if re.match(r"^\W*remarks\b", line, re.IGNORECASE):
        return REMARKS
    if _OWNERS_HEADING.match(line):
        return OWNERS
    return None


def _strong_row(line: str, captions: bool = False) -> bool:
    """A Table I transaction line read cleanly (five typed cells; four below the table's
    column captions, when only its heading was lost)."""
    if not re.search(r"\d{1,2}/\d{1,2}/\d{2,4}", line) or not re.search(r"\d,\d{3}|\$\s?\d", line):
        return False
    p = rw.parse_row(line, "table1")
    return rw.is_data_row(p) and p is not None and not p.holding and \
        rw.strength(p) >= (4 if captions else 5)


_TABLE1_CAPTION = re.compile(r"title of security", re.IGNORECASE)


@dataclass
class Sections:
    header: list[str] = field(default_factory=list)
    table1: list[str] = field(default_factory=list)
    table2: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)
    spill: list[str] = field(default_factory=list)  # after the notes' end: their lost texts?
    all: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)


def segment(lines: list[str]) -> Sections:
    """Assign each line to the section whose heading came last (header before any)."""
    s = Sections(all=[line for line in lines if line])
    region = HEADER
    seen_table = False
    spilling = False  # in the small print after the notes, where psm 3 may put their texts
    captions = False  # Table I's column captions read (its heading lost)
    for line in lines:
        if not line:  # a paragraph break: it matters to the explanations only
            if region == NOTES and s.notes and s.notes[-1]:
                s.notes.append("")
            elif region == TAIL and spilling and s.spill and s.spill[-1]:
                s.spill.append("")
            continue
        a = anchor(line)
        if a:
            spilling = a == REMARKS and (region == NOTES or spilling)
            s.anchors.append(a)
            if a in (TABLE1, TABLE2):
                seen_table = True
            if a in (TABLE1, TABLE2, NOTES, OWNERS):
                region = a
                continue
            if a == REMARKS:
                region = REMARKS
                rest = re.sub(r"^\W*remarks\W*", "", line, flags=re.IGNORECASE)
                if rest:
                    s.remarks.append(rest)
                continue
        if ft.is_page_noise(line):
            continue
        if region != HEADER and ft.is_end_marker(line):
            spilling = region == NOTES or spilling and region in (REMARKS, TAIL)
            region = TAIL
        if region == TAIL and spilling:
            s.spill.append(line)
        captions = captions or region == HEADER and bool(_TABLE1_CAPTION.search(line))
        if region == HEADER and not seen_table and _strong_row(line, captions):
            region = TABLE1  # rows of Table I whose heading OCR lost
        if region == HEADER and not seen_table:
            s.header.append(line)
        elif region == TABLE1:
            s.table1.append(line)
        elif region == TABLE2:
            s.table2.append(line)
        elif region == NOTES:
            s.notes.append(line)
        elif region == REMARKS:
            s.remarks.append(line)
        elif region == OWNERS:
            s.owners.append(line)
    return s


# --- table rows -----------------------------------------------------------------------------

_HEADER_BITS = re.compile(r"\(instr|month/day|/day/year|\binstr\.|beneficially owned|"
                          r"transaction\(s\)|code\s*\|?\s*v\b|exercisable|\(a\)\s*or\s*\(d\)|"
                          r"direct \(d\)|indirect \(i\)|amount or|number of shares",
                          re.IGNORECASE)


def is_table_heading(line: str) -> bool:
    """A line of the table's column headings (not data, not a wrapped cell)."""
    if _HEADER_BITS.search(line) and not tk.read_date(line.split()[-1] if line.split() else ""):
        has_data = re.search(r"\d{1,2}/\d{1,2}/\d{2,4}|\d,\d{3}|\$\s?\d", line)
        if not has_data:
            return True
    return is_header_like(line) or ft.form_word_share(line) >= 0.75


def _balanced(lines: list[str]) -> bool:
    text = " ".join(lines)
    return text.count("(") == text.count(")")


def _split_run(prev: TableRow, run: list[str]) -> int:
    """How many of the fragment lines between two rows belong to the first (below its main
    line); the rest belong to the second (above its). A wrapped cell's lines stand around
    its row's main line, which is centred: as many below as above, parentheses balanced, no
    title ending in 'of' or '(right to'."""
    best, best_t = -1e9, len(run)
    for t in range(len(run) + 1):
        mine, theirs = prev.above + [prev.line] + run[:t], run[t:]
        score = -0.6 * abs(len(prev.above) - t)
        score += 1.0 if _balanced(prev.above + run[:t]) else 0.0
        score += 1.0 if _balanced(theirs) else 0.0
        if _INCOMPLETE_END.search(" ".join(mine[-1:]).strip()) and t < len(run):
            score -= 0.5
        if theirs and theirs[0].strip()[:1].islower():
            score -= 0.7
        if score > best:
            best, best_t = score, t
    return best_t


@dataclass
class TableRow:
    parse: rw.RowParse
    line: str
    above: list[str] = field(default_factory=list)  # fragments of wrapped cells
    below: list[str] = field(default_factory=list)


_INCOMPLETE_END = re.compile(r"(\(|,|\b(of|to|and|or|for|per|par|value|the|a|an|by|right|"
                             r"with|in|on|non|class|series))$", re.IGNORECASE)


_PROSE_WORDS = frozenset("the of to and or on this that were was is are which with from".split())


def _prose(line: str) -> bool:
    """A line of sentences (a note whose heading OCR lost), no table row: eight words or
    more, half of them in lower case, three of them the little words of sentences."""
    words = re.findall(r"\b[A-Za-z]{3,}\b", line)
    little = sum(w in _PROSE_WORDS for w in re.findall(r"[A-Za-z]+", line))
    return len(words) >= 8 and little >= 3 and sum(w.islower() for w in words) >= 0.5 * len(
        words)


def _is_fragment(line: str) -> bool:
    words = [w for w in line.split() if sum(c.isalpha() for c in w) >= 2]
    if not words:
        return _lone_code(line) is not None  # a code psm 3 read apart (': A 2')
    if ft.form_word_share(line) >= 0.7 or ft.is_boilerplate(line):
        return False
    return len(line) <= 80


def table_rows(lines: list[str], table: str) -> tuple[list[TableRow], list[str]]:
    """The data rows of a table section, each with the fragments of its wrapped cells; and
    the lines that were neither (headings, noise)."""
    items: list[tuple[str, object, str]] = []
    other: list[str] = []
    for line in lines:
        if is_table_heading(line) or _prose(line):
            other.append(line)
            continue
        p = rw.parse_row(line, table)
        if rw.is_data_row(p):
            items.append(("row", p, line))
        elif _is_fragment(line):
            items.append(("frag", None, line))
        else:
            other.append(line)
    rows: list[TableRow] = []
    run: list[str] = []  # fragment lines since the last row
    for kind, p, line in items:
        if kind == "frag":
            run.append(line)
            continue
        row = TableRow(p, line)  # type: ignore[arg-type]
        if rows:
            t = _split_run(rows[-1], run)
            rows[-1].below.extend(run[:t])
            row.above = run[t:]
        else:
            row.above = run
        run = []
        rows.append(row)
    if run and rows:
        rows[-1].below.extend(run)
    for row in rows:
        _adopt_fragment_code(row, table)
    return rows, other


_DATE_IN_ROW = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}")


def _adopt_fragment_code(row: TableRow, table: str) -> None:
    """A row whose transaction code psm 3 read on a line of its wrapped title (': A 2' above
    'Stock Units (1) 01/31/2011 8,300 ...'), the row read as a holding or without its code:
    the main line read again with that code after its date, taken when that reads as a
    transaction with it more cheaply. Letters that may be another column's (D and I, and
    Table I's A) are left alone."""
    p = row.parse
    date = _DATE_IN_ROW.search(row.line)
    if date is None or not p.holding and p.has("transaction_code"):
        return
    others = "DI" if table == "table2" else "ADI"
    for frag in row.above + row.below:
        code = _lone_code(frag)
        if code is None or code in others:
            continue
        line = f"{row.line[:date.end()]} {code}{row.line[date.end():]}"
        q = rw.parse_row(line, table)
        if q is not None and not q.holding and q.value("transaction_code") == code and \
                rw.is_data_row(q) and q.cost < p.cost:
            row.parse = q
            return


def _lone_code(line: str) -> str | None:
    """The one capital letter of a short line that is a transaction code, the rest of the
    line no word (': A 2'); or None."""
    toks = line.split()
    codes = [t for t in toks if len(t) == 1 and t in tk.TRANSACTION_CODES]
    if len(toks) > 4 or len(codes) != 1 or any(sum(c.isalpha() for c in t) >= 2 for t in toks):
        return None
    return codes[0]


# --- footnotes, remarks, signatures ---------------------------------------------------------

_NOTE_START = re.compile(r"^[-*•'‘’\"“”.,_~\s]{0,3}(?:[({\[]\s*([0-9Il]{1,2})\s*[)}\]]|"
                         r"([0-9]{1,2})\s*(?:[.)](?=\s|$)|\.\.(?=\s*[A-Z])|,(?=\s+[A-Z][a-z])))\s*")


def _ends_sentence(line: str) -> bool:
    """Whether a line ends a sentence, specks OCR read after its stop ('price. j') aside."""
    core = re.sub(r"(?:\s+(?:[^\w\s]{1,2}|[a-z]))+\s*$", "", line.rstrip())
    return bool(re.search(r"[.)\"'”]$", core))


def _note_start_score(prev: str, line: str, brk: bool, width: int) -> float:
    """How likely a note of a run of notes begins at ``line`` (after ``prev``): a paragraph
    break, a finished sentence before, a capital first, a short line before (a paragraph's
    last line). Below 1.5 it is no place to begin one."""
    score = 2.0 if brk else 0.0
    if _ends_sentence(prev):
        score += 1.5
    first = line.lstrip(" '\"“‘")[:1]
    if first.isupper():
        score += 1.0
    elif first.islower():
        score -= 2.0
    if width:
        score += 0.5 * (1 - min(len(prev), width) / width)
    return score


def split_note_run(lines: list[str], k: int) -> list[list[str]]:
    """The text of ``k`` notes whose numbers OCR read as a column of their own, the texts
    following in one run (empty strings are paragraph breaks): cut before the ``k - 1``
    lines most like the start of a note (:func:`_note_start_score`). Fewer places to cut
    give fewer notes; a new paragraph after a finished sentence beyond those is one more
    note (its number lost)."""
    body: list[tuple[str, bool]] = []
    brk = False
    for line in lines:
        if not line:
            brk = bool(body)
            continue
        body.append((line, brk))
        brk = False
    if not body:
        return []
    width = max(len(x) for x, _ in body)
    scored = [(_note_start_score(body[i - 1][0], body[i][0], body[i][1], width), i)
              for i in range(1, len(body))]
    ranked = sorted(scored, reverse=True)
    cuts = sorted({i for s, i in ranked[: max(0, k - 1)] if s >= 1.5} |
                  {i for s, i in ranked[max(0, k - 1):] if s >= 4.5 and body[i][1]})
    bounds = [0, *cuts, len(body)]
    return [[x for x, _ in body[a:b]] for a, b in zip(bounds, bounds[1:], strict=False)]


_NUMBER_ONLY = re.compile(r"^[-*•.\s]{0,3}[({\[]?\s*[0-9Il]{1,2}\s*[.)}\]]?[\s,.;:]*$")


def _starts_lower(line: str) -> bool:
    return line.lstrip(" '\"‘’“”.,;:-_|")[:1].islower()


def _starts_upper(line: str) -> bool:
    return line.lstrip(" '\"‘’“”.,;:-_|")[:1].isupper()


def stitch_note_columns(lines: list[str]) -> list[str]:
    """The lines of 'Explanation of Responses' with notes OCR read as two columns put back
    together. Where Tesseract sees a gap running down a block of notes it reads the left
    halves of the lines first, each note a narrow paragraph ('The price reported in Column
    4' / '$9.43 to $9.57, inclusive. The' / ... / 'price.'), then the right halves, each a
    paragraph beginning inside a sentence ('is a weighted average price. These ...'). The
    k-th such right-half paragraph belongs to the k-th narrow paragraph still without one,
    line by line; a narrow paragraph has at least as many lines as its right half, at most
    two more (its last lines short of the gap). Empty strings are paragraph breaks, kept."""
    paras: list[list[str]] = []
    cur: list[str] = []
    for line in [*lines, ""]:
        if line:
            cur.append(line)
        elif cur:
            paras.append(cur)
            cur = []
    if len(paras) < 2:
        return lines
    width = max(len(x) for p in paras for x in p)
    merged: list[list[str] | None] = list(paras)
    heads: list[int] = []  # narrow paragraphs waiting for their right halves
    for i, p in enumerate(paras):
        if all(_NUMBER_ONLY.match(x) for x in p):
            continue
        narrow = all(len(x) < 0.6 * width for x in p)
        if _starts_lower(p[0]) and heads and not narrow:
            h = heads[0]
            head = paras[h]
            if len(p) <= len(head) <= len(p) + 2:
                merged[h] = [f"{a} {b}" for a, b in zip(head, p, strict=False)] + head[len(p):]
                merged[i] = None
                heads.pop(0)
                continue
        if narrow and not _starts_lower(p[0]):
            heads.append(i)
        elif not narrow:
            heads = []
    if all(m is not None for m in merged):
        return lines
    out: list[str] = []
    for m in merged:
        if m is not None:
            out.extend([*m, ""])
    return out[:-1]


_MISREAD_NUMBER = re.compile(r"[(\[{C]?\s*[^\s()]{1,2}\s*[)\]}]")


def _note_words(line: str) -> list[str]:
    """The words of a line of notes for :func:`regraft_note_pieces`, lower case, amounts as
    one token ('$16.67,' -> '#')."""
    out = []
    for w in line.lower().split():
        w = w.strip("\"'‘’“”()[];:,.")
        if re.fullmatch(r"\$?\d[\d,.]*", w):
            w = "#"
        if w:
            out.append(w)
    return out


def _join(a: str, b: str, pairs: dict[tuple[str, str], int], words: set[str]) -> str | None:
    """How line ``b`` continues line ``a``, if it does: ' ' when the pair of words across the
    break is one the notes hold twice at least, '' when the two halves of a word cut at the
    break make a word of the notes ('The re' / 'porting person'); None otherwise."""
    wa, wb = _note_words(a), _note_words(b)
    if not wa or not wb:
        return None
    if pairs.get((wa[-1], wb[0]), 0) >= 2:
        return " "
    joined = wa[-1] + wb[0]
    if joined in words and not a.rstrip().endswith((",", ".")) and len(wa) >= 2 and \
            pairs.get((wa[-2], joined), 0) >= 2:
        return ""
    return None


def regraft_note_pieces(lines: list[str]) -> list[str]:
    """Notes whose long lines psm 3 cut at a gap, reading the right-hand pieces later as a
    block of their own ('...multiple transactions at' ... 'prices ranging from $16.69 to
    $17.25, inclusive.'): each piece that does not go on from the line before it is put
    back after the first line still open (ending mid-sentence, not continued by the line
    after it) that it goes on from, judged by the pairs of words the filing's repeated notes
    hold (:func:`_piece_runs`). Empty strings are paragraph breaks, kept."""
    pairs: dict[tuple[str, str], int] = {}
    words: set[str] = set()
    for line in lines:
        ws = _note_words(line)
        words.update(ws)
        for p in zip(ws, ws[1:], strict=False):
            pairs[p] = pairs.get(p, 0) + 1
    body = [k for k, x in enumerate(lines) if x]
    nxt = {a: b for a, b in zip(body, body[1:], strict=False)}
    prev = {b: a for a, b in nxt.items()}
    gaps = [k for k in body if k in nxt and not _ends_sentence(lines[k]) and
            _join(lines[k], lines[nxt[k]], pairs, words) is None]
    moved: dict[int, tuple[int, str]] = {}
    for k in _piece_runs(lines, body):
        if _join(lines[prev[k]], lines[k], pairs, words) is not None:
            continue
        for g in gaps:
            sep = _join(lines[g], lines[k], pairs, words) if g < k else None
            if sep is not None:
                gaps.remove(g)
                moved[g] = (k, sep)
                break
    if not moved:
        return lines
    gone = {k for k, _ in moved.values()}
    out: list[str] = []
    for k, line in enumerate(lines):
        if k in gone:
            continue
        if k in moved:
            j, sep = moved[k]
            piece = lines[j].strip()
            line = f"{line.rstrip()}{'' if piece.startswith((',', '.')) else sep}{piece}"
        out.append(line)
    return out


def _piece_runs(lines: list[str], body: list[int]) -> list[int]:
    """The lines of runs of three or more that begin inside a sentence (lower case, or a
    comma): the right-hand pieces psm 3 read as a block after the notes (a wrapped note has
    one such line between lines that begin with a capital or an amount)."""
    out: list[int] = []
    run: list[int] = []
    for k in [*body, -1]:
        if k >= 0 and k != body[0] and re.match(r"[a-z,]", lines[k].lstrip(" '\"‘’“”")):
            run.append(k)
            continue
        if len(run) >= 3:
            out += run
        run = []
    return out


def _note_number(line: str) -> int | None:
    """The number a line of notes begins with ('(2) The ...', '3. Each ...'), or None."""
    m = _NOTE_START.match(line)
    if not m:
        return None
    digits = (m.group(1) or m.group(2)).replace("I", "1").replace("l", "1")
    return int(digits) if digits.isdigit() else None


def _heading_paragraph(para: list[str]) -> bool:
    """Column headings of a table OCR read after the notes ('11. Nature of' / 'Indirect' /
    'Beneficial' / 'Ownership' / '(Instr. 4)'): short lines of the form's heading words that
    end no sentence."""
    return all(len(x.split()) <= 4 and is_header_like(x) and not _NUMBER_ONLY.match(x)
               and not re.search(r"[a-z]\.$", x) for x in para)


def drop_heading_paragraphs(lines: list[str]) -> list[str]:
    """The lines of 'Explanation of Responses' without the paragraphs of table headings
    (:func:`_heading_paragraph`); empty strings are paragraph breaks, kept."""
    out: list[str] = []
    para: list[str] = []
    for line in [*lines, ""]:
        if line:
            para.append(line)
            continue
        if para and not _heading_paragraph(para):
            out.extend([*para, ""])
        para = []
    return out[:-1]


def _fragment(line: str) -> bool:
    """A line that cannot begin a note: inside a sentence, or a sentence's last few words."""
    return _starts_lower(line) or len(line.split()) < 4 and _ends_sentence(line)


def _spilled_prose(line: str) -> bool:
    """A line of the small print after the notes that may be a note's text: words, neither
    the form's wording nor a signature, its capacity or its date."""
    return (len(re.findall(r"[A-Za-z]{2,}", line)) >= 3 and not _starts_lower(line)
            and not _SIG.search(line)
            and not _ATTORNEY.search(line) and not ft.is_end_marker(line)
            and not ft.is_boilerplate(line))


def read_footnotes(lines: list[str], spill: list[str] | None = None) -> list[tuple[str, str]]:
    """[(id, text)] from the lines of 'Explanation of Responses' (empty strings mark paragraph
    breaks: a new paragraph after a finished sentence is the next note when OCR lost its
    number). Numbers OCR read as a column of their own ('(1)', '(2)', ... each alone on a
    line) take the run of text that follows, cut into as many notes
    (:func:`split_note_run`). Numbers still without a text, or whose text begins inside a
    sentence, take first the prose psm 3 put after the small print (``spill``: the lines
    after the section's end, up to the next heading)."""
    notes: list[tuple[str, list[str]]] = []
    lines = regraft_note_pieces(stitch_note_columns(drop_heading_paragraphs(lines)))
    queued: list[str] = []  # numbers OCR read as a column of their own, texts to follow
    run: list[str] = []  # the text of the queued numbers
    run_ids: list[str] = []
    brk = False

    def flush() -> None:
        if run_ids:
            last = int(run_ids[-1][1:])
            for n, part in enumerate(split_note_run(run, len(run_ids))):
                notes.append((run_ids[n] if n < len(run_ids) else
                              f"F{last + n - len(run_ids) + 1}", part))
        run.clear()
        run_ids.clear()

    numbers = [_note_number(x) for x in lines]
    for k, line in enumerate(lines):
        if not line:
            brk = True
            if run_ids:
                run.append("")
            continue
        if "/s/" in line or ft.is_boilerplate(line) and len(line) > 30:
            continue
        m = _NOTE_START.match(line)
        num = numbers[k]
        count = len(notes) + len(run_ids) + len(queued)
        if num is not None and num > count + 1 and \
                next((n for n in numbers[k + 1:] if n is not None), None) == count + 2:
            num = count + 1  # a misread number ('9.' for '2.') between the two around it
        if num is not None and 0 < num < 100 and num > count - 1:
            flush()
            rest = line[m.end():]  # type: ignore[union-attr]
            if re.search(r"\w", rest):
                notes.append((f"F{num}", [rest]))
            else:  # numbers of a column OCR lost between two it read are queued too
                last = int(queued[-1][1:]) if queued else num - 1
                queued.extend(f"F{k}" for k in range(last + 1, num) if num - last <= 12)
                queued.append(f"F{num}")
            brk = False
            continue
        if queued and not run_ids and _MISREAD_NUMBER.fullmatch(line.strip()):
            queued.append(f"F{int(queued[-1][1:]) + 1}")  # 'CY)' for '(7)' in their column
            continue
        if _NUMBER_ONLY.match(line) or not re.search(r"\w", line):
            continue  # a number out of order (a misread or one of a column read apart), specks
        if run_ids:
            run.append(line)
        elif queued and notes and _starts_lower(line) and not _ends_sentence(notes[-1][1][-1]):
            notes[-1][1].append(line)  # the last line of the note before, after the number
        elif queued and (not notes or brk or _ends_sentence(notes[-1][1][-1]) and
                         _starts_upper(line)):
            run_ids.extend(queued)
            queued.clear()
            run.append(line)
        elif notes and brk and notes[-1][1] and _ends_sentence(notes[-1][1][-1]) and \
                _starts_upper(line):
            notes.append((f"F{len(notes) + 1}", [line]))
        elif notes:
            notes[-1][1].append(line)
        brk = False
    prose = [x for x in spill or [] if not x or _spilled_prose(x)]
    if any(prose) and (queued or run_ids and _fragment(next((x for x in run if x), ""))):
        run_ids.extend(queued)
        queued.clear()
        run[:0] = [*prose, ""]
    flush()
    out: list[tuple[str, str]] = []
    seen = set()
    for fid, parts in notes:
        if fid in seen:
            continue
        seen.add(fid)
        text = re.sub(r"\s+", " ", " ".join(parts)).strip()
        out.append((fid, text))
    return out


def read_remarks(lines: list[str], signature_lines: frozenset[str] = frozenset()) -> str | None:
    """The remarks: the lines after 'Remarks:' up to the signature or the small print."""
    parts = []
    for line in lines:
        if _SIG.search(line) or ft.is_end_marker(line) or line in signature_lines:
            break
        if ft.is_boilerplate(line):
            continue
        parts.append(line)
    text = re.sub(r"\s+", " ", " ".join(parts)).strip(" :;'\"|")
    if len(re.findall(r"[A-Za-z]{3,}", text)) < 2:
        return None
    return text


_SIG = re.compile(r"/\s*s\s*/", re.IGNORECASE)
# '/s/' with its first stroke read as a letter ('15 U.S.C. Is/ Mei Ostrowski')
_MISREAD_SIG = re.compile(r"(?<![\w/.])[Il|]s/(?=\s+[A-Z])")
_DATE = re.compile(r"[0-9OoIl](?:\s?[0-9OoIl])?\s?/\s?[0-9OoIl](?:\s?[0-9OoIl])?\s?/\s?"
                   r"[0-9OoIl](?:\s?[0-9OoIl]){1,3}(?![0-9])")


def _date_in(text: str) -> tuple[str | None, str]:
    for m in _DATE.finditer(text):
        r = tk.read_date(re.sub(r"\s", "", m.group(0)))
        if r is not None:
            return r.value, m.group(0)
    return None, ""


_CAPACITY = re.compile(r"(?<=[A-Za-z.])\s+(?=(?:attorney[- ]?in[- ]?fact|as attorney|"
                       r"by power of attorney|pursuant to)\b)", re.IGNORECASE)


# a date psm 6 read spaced out past reading, at the end of a signature ('02 / O01 /2 011')
_SPACED_DATE_TAIL = re.compile(r"[\s,]+(?=[0-9OIl> ]*/[0-9OIl> ]*/)[0-9][0-9OIl>/ ]{4,16}$")


def _clean_signature(name: str) -> str:
    words = name.split()
    keep: list[str] = []
    for w in words:
        if keep and len(keep) >= 3 and (re.fullmatch(r"[^\w/]+", w) or (
                len(w) <= 2 and w.islower() and w not in ("by", "as", "of", "on", "in", "to",
                                                          "at"))):
            break
        keep.append(w)
    out = " ".join(keep).rstrip(" ,;:'\"|_-")
    out = _ATTORNEY.sub("Attorney-in-Fact", out)
    out = re.sub(r"(?<=Attorney-in-Fact)\.$", "", out)
    out = re.sub(r"(?<=\s[A-Z])(?=\s[A-Z][a-z])", ".", out)  # a middle initial's stop

    def comma(m: re.Match[str]) -> str:
        before = out[: m.start()].split()
        return m.group(0) if before and before[-1].lower() in _NO_COMMA_AFTER else ", "

    return _CAPACITY.sub(comma, out)


_NO_COMMA_AFTER = frozenset("as by his her its their the an a for".split())


def _signature_caption(line: str) -> bool:
    n = ft.norm(line)
    return len(n) >= 20 and fuzz.partial_ratio("signature of reporting person", n) >= 85


def signature_label_lines(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if _signature_caption(line)]


def read_signatures(lines: list[str]) -> list[tuple[str, str, str | None, str]]:
    """[(name, raw name text, date, raw date text)], in reading order: each '/s/' signature,
    and the name typed above a 'Signature of Reporting Person' caption with no '/s/' line
    above it. A date on the signature's line is its date; the others take the lone dates
    near the captions in order."""
    labels = signature_label_lines(lines)
    found: list[tuple[int, str, str, str | None, str]] = []
    for i, line in enumerate(lines):
        line = _MISREAD_SIG.sub("/s/", line)
        m = _SIG.search(line)
        if not m:
            continue
        rest = line[m.start():]
        above = lines[i - 1] if i and re.fullmatch(r"\W*By:?\s*", line[:m.start()]) else ""
        entity = _signing_entity(line[:m.start()], above)
        date, date_text = _date_in(rest)
        if not date and entity and above:
            date, _ = _date_in(above)  # 'Northgate Capital Partners IX, L.P., 09/25/2018'
            date_text = ""
        name = rest.split(date_text)[0] if date_text else _SPACED_DATE_TAIL.sub("", rest)
        name = re.sub(r"\s+[^\w\s]{1,2}(?=\s|$)", " ", name)
        name = re.sub(r"\s+", " ", name).strip(" :;|_'\"")
        name = "/s/ " + re.sub(r"^(?:/\s*s\s*/?\s*)+", "", name, flags=re.IGNORECASE)
        after = rest.split(date_text, 1)[1] if date_text else ""
        after = after.strip(" :;|_'\".,")
        # a continuation ("Attorney-in-Fact") after the date or on the next line
        cont = ""
        if after and re.search(r"[A-Za-z]{3}", after) and len(after) < 40:
            cont = after
        elif not _ATTORNEY.search(name.split(",")[-1]):
            cont = _continuation(lines, i + 1)
        if not cont and name.split()[-1].lower().strip(",") in _OPEN_CAPACITY:
            cont = _tail_below(lines, i + 1)
        if cont:
            name = f"{name.rstrip(',')}, {cont}" if name.endswith(",") else f"{name} {cont}"
        found.append((i, entity + _clean_signature(name.rstrip(" ,")), rest, date, date_text))
    for n, k in enumerate(labels):
        top = labels[n - 1] + 1 if n else max(0, k - 4)
        if any(top <= i < k for i, *_ in found):
            continue
        for j in range(k - 1, max(top, k - 4) - 1, -1):
            d, t = _date_in(lines[j])
            cand = _trailing_name(lines[j].split(t)[0] if t else lines[j])
            if cand:
                found.append((j, _clean_signature(cand), lines[j], d, t))
                break
    found.sort(key=lambda x: x[0])
    # lone dates near the captions, in order, for the signatures without one
    lone = [(j, *_date_in(lines[j])) for j in range(len(lines))
            if labels and labels[0] - 4 <= j <= labels[-1] + 6 and len(lines[j]) < 24]
    lone = [(j, d, t) for j, d, t in lone if d]
    used = {i for i, *_ in found}
    out = []
    for _i, name, raw, date, dt in found:
        if not date:
            for q, (j, d, t) in enumerate(lone):
                if j not in used:
                    date, dt = d, t
                    used.add(j)
                    lone.pop(q)
                    break
        out.append((name, raw, date, dt))
    return out


_ENTITY_END = re.compile(r"\b(?:L\.?\s?P\.?|LLC|L\.L\.C\.|Inc\.?|Ltd\.?|Corp\.?|Co\.|Fund|Trust|"
                         r"Partners|Foundation|Holdings)[.,]*$", re.IGNORECASE)


def _signing_entity(before: str, above: str) -> str:
    """'Northgate Capital Partners IX, L.P., By: ' when an entity signs by a person: the
    entity's name before 'By:' on the signature's line, or on the line above (its date
    aside) when 'By:' begins the line; '' otherwise."""
    m = re.search(r"\bBy:?\s*$", before)
    if not m:
        return ""
    head = before[:m.start()].strip(" ;|_'\"")
    if not head:
        head = _DATE.sub("", above).strip(" ;|_'\"")
    words: list[str] = []
    for w in reversed(head.split()):  # the name's words, the small print before them aside
        if not (w[:1].isupper() or w[:1].isdigit() or w in ("&", "of", "and")) or len(words) > 9:
            break
        words.insert(0, w)
    head = " ".join(words).strip(" ,")
    if not _ENTITY_END.search(head) or len(words) < 2:
        return ""
    return f"{head}, By: "


def _capacity_below(lines: list[str], start: int) -> str:
    """'Attorney-in-Fact' when psm 3 read a signature's capacity a few lines below it, alone
    (specks aside: psm 6 reads the blank left of it as ': ; eee ;') or at the end of a line
    of small print, before the next signature or its caption."""
    for line in lines[start:start + 8]:
        if _SIG.search(line) or _signature_caption(line):
            break
        tail = _ATTORNEY.search(line)
        before = line[:tail.start()] if tail else ""
        if tail and tail.end() >= len(line.rstrip(" .,;:'\"|*")) and (
                not re.search(r"[A-Za-z]{4}", before) or ft.is_boilerplate(before)):
            return "Attorney-in-Fact"
    return ""


# the words a signer's capacity starts with, that a capacity cut short ends in
_OPEN_CAPACITY = frozenset("as for of authorized managing general".split())


def _tail_below(lines: list[str], start: int) -> str:
    """The rest of a capacity cut short ('Authorized'), where psm 6 read it at the end of a
    line of the small print below ('... are not required to respond Signatory'): the
    capitalized words after the printed wording, none of them the form's."""
    for line in lines[start:start + 3]:
        words = line.split()
        for k in range(max(4, len(words) - 4), len(words)):
            tail = words[k:]
            if ft.is_boilerplate(" ".join(words[:k])) and all(
                    w[:1].isupper() and w.isalpha() and ft.form_word_share(w) == 0
                    for w in tail):
                return " ".join(tail)
    return ""


def _continuation_line(line: str) -> str:
    """A line that may continue a signature ('Attorney-in-Fact'), specks before it gone; or
    ''."""
    nxt = re.sub(r"^(?:[^A-Za-z\s]{1,2}\s+|[a-z]\s+)+(?=[A-Z])", "", line)
    nxt = nxt.strip(" :;|_'\".,")
    tokens = nxt.split()
    if tokens and re.search(r"\d", tokens[0]):
        return ""  # the small print's end ('78ff(a).'), not a capacity
    words = [w for w in tokens if re.fullmatch(r"[A-Za-z][A-Za-z.,'\-]+", w)]
    if nxt and len(words) >= 0.7 * len(tokens) and len(nxt) < 40 and not ft.is_boilerplate(nxt) and \
            not _DATE.search(nxt) and not ft.is_end_marker(nxt) and not _SIG.search(nxt) \
            and re.search(r"[A-Za-z]{3}", nxt) and not re.search(r"signature", nxt, re.I):
        return nxt
    return ""


def _continuation(lines: list[str], start: int) -> str:
    """The continuation of a signature on the lines from ``start``: a date alone on a line
    is passed over; a continuation ending in 'for' or 'of' goes on with the name below it
    ('as Attorney-in-Fact for Andrew' / 'Rasmussen')."""
    j = start
    while j < len(lines) and j < start + 2 and _DATE.fullmatch(lines[j].strip(" .,;:'\"|")):
        j += 1
    if j >= len(lines):
        return ""
    cont = _continuation_line(lines[j])
    if not cont:
        return _capacity_below(lines, j)  # beside the small print, read into its lines
    if cont and j + 1 < len(lines):
        more = _continuation_line(lines[j + 1])
        if more and len(more.split()) <= 3 and all(w[:1].isupper() for w in more.split()) \
                and re.search(r"\b(for|of|by)(\s+[A-Z][a-z]+){0,2}$", cont):
            cont = f"{cont} {more}"
    return cont


_ATTORNEY = re.compile(r"\bA\s?t\s?t\s?o\s?r\s?[nm]\s?e\s?y\s?[-~ ]{0,3}\s?i\s?n\s?[-~ ]{0,3}"
                       r"\s?F\s?a\s?c\s?t\b", re.IGNORECASE)


def _trailing_name(text: str) -> str:
    """The person's name at the end of a line ('... 78ff(a). Marcus Nakamura')."""
    words = text.split()
    keep: list[str] = []
    for w in reversed(words):
        core = w.strip(",")
        if re.fullmatch(r"[A-Z][a-zA-Z'\-]*\.?|[A-Z]\.|/s/", core) and len(keep) < 6:
            keep.insert(0, w)
        else:
            break
    name = " ".join(keep).strip(" ,")
    if len(keep) < 2 or ft.form_word_share(name) > 0.5:
        return ""
    return name


# --- the Reporting Owners table of a joint filing -------------------------------------------

_OWNER_CSZ = re.compile(r"^(?P<city>[A-Za-z][A-Za-z .'\-]*?),?\s+(?P<state>[A-Z]{2})\s+"
                        r"(?P<zip>\d{5}(?:-\d{4})?)\b")
_MARKS_TAIL = re.compile(r"(?:(?:^|\s+)[Xx×]{1,2})+\s*$")


@dataclass
class OwnerBlock:
    name: str
    streets: list[str]
    city: str | None
    state: str | None
    zip_code: str | None
    marks: int
    text: list[str]  # officer title or other text written in the relationship columns
    raw: str


_OWNERS_END = re.compile(r"/\s*s\s*/|misstat|intentional|criminal|u\.\s?s\.\s?c\.|sec\s*1474|"
                         r"\bpage\s*\d|signature of", re.IGNORECASE)
STREET_WORDS = frozenset("""road rd street st avenue ave drive dr boulevard blvd way lane ln
place pl court ct parkway pkwy circle cir square sq plaza highway hwy terrace trail""".split())
# a street line in capitals, its marks, then a title psm 3 read into the line
_STREET_THEN_TITLE = re.compile(r"^(?P<left>[^a-z]+?)(?:\s+(?P<marks>[Xx×]{1,2}(?:\s+[Xx×]{1,2})*))?"
                                r"(?:\s+[^\w\s]{1,2})*\s+(?P<right>[A-Z][a-z].*)$")


def _strip_specks(line: str) -> str:
    """A line of the owners table without the specks psm 3 read after it ('... L.P. ; : :',
    '... DRIVE i x ; .'), its marks kept."""
    words = line.split()
    marks: list[str] = []
    while words and (not re.search(r"[A-Za-z0-9]", words[-1]) or (
            len(words[-1]) == 1 and words[-1].islower()) or words[-1] in ("X", "XX", "Xx", "xX")):
        w = words.pop()
        if w.lower() in ("x", "xx"):
            marks.insert(0, w)
    return " ".join(words + marks)


def _numberless_street(line: str) -> bool:
    """A street line without its house number ('PEACHTREE ROAD NE'), marks after it aside."""
    line = _MARKS_TAIL.sub("", line).strip()
    words = line.lower().rstrip(" .,").split()
    return bool(words) and not re.search(r"\d", line) and bool(
        set(words[-2:]) & STREET_WORDS) and line.upper() == line


def owner_table_lines(lines: list[str]) -> list[str]:
    """The lines of a 'Reporting Owners' table, tidied for :func:`read_owner_blocks`: up to
    the small print or a signature; headings and specks gone; 'GREENWICH,' / 'CT 06838' one
    line; a house number psm 3 read apart ('3609' ... 'PEACHTREE ROAD NE') put before its
    street; an officer title read into a street's line ('5TH FLOOR X Chairman and CEO') a
    line of its own."""
    work: list[str] = []
    for raw in lines:
        if _OWNERS_END.search(raw) or ft.is_end_marker(raw):
            break
        line = _strip_specks(raw)
        n = ft.norm(line)
        if _MARKS_TAIL.fullmatch(" " + line.strip()):
            work.append(line)
            continue
        if not n or re.search(r"owner name|name address|relationships", n) or \
                re.fullmatch(r"(director|10% owner|officer|other| )+", n) or \
                ft.is_boilerplate(line):
            continue
        if work and work[-1].endswith(",") and re.match(r"^[A-Z]{2}\s+\d{5}", line):
            work[-1] = f"{work[-1]} {line}"  # 'GREENWICH,' / 'CT 06838'
            continue
        m = _STREET_THEN_TITLE.match(line)
        if m and _looks_street(m.group("left")) and _relationship_text(m.group("right")):
            work += [f"{m.group('left')} {m.group('marks') or ''}".strip(), m.group("right")]
            continue
        work.append(line)
    for k, line in enumerate(work):
        if re.fullmatch(r"\d{1,6}", line.strip()):
            later = next((j for j in range(k + 1, min(k + 6, len(work)))
                          if _numberless_street(work[j])), None)
            if later is not None:
                work[later] = f"{line.strip()} {work[later]}"
                work[k] = ""
    return [x for x in work if x]


def read_owner_blocks(lines: list[str]) -> list[OwnerBlock]:
    """The owners of a 'Reporting Owners' table (:func:`owner_table_lines`): a name line,
    street lines and a 'CITY, ST ZIP' line each, with the relationship marks ('X') at the
    ends of lines. An officer title or other text psm 3 read after a block is that block's;
    address lines read before any name are the next block's that has none of its own."""
    work = owner_table_lines(lines)
    blocks: list[OwnerBlock] = []
    cur: list[str] = []
    orphans: list[str] = []  # address lines read before any name

    def close(csz: re.Match[str] | None) -> None:
        body = cur[:-1] if csz else cur[:]
        if not body:
            return
        marks = sum(_mark_count(x) for x in body[1:])
        rest = [_MARKS_TAIL.sub("", x).strip() for x in body[1:]]
        streets = [x for x in rest if x and _looks_street(x)]
        text = [x for x in rest if x and not _looks_street(x)]
        if not streets and orphans:
            plain = [_MARKS_TAIL.sub("", x).strip() for x in orphans]
            streets = [x for x in plain if not _OWNER_CSZ.match(x)]
            csz = csz or next((m for m in map(_OWNER_CSZ.match, plain) if m), None)
            orphans.clear()
        blocks.append(OwnerBlock(body[0].strip(), streets,  # a name may end in 'X' ('Fund X')
                                 csz.group("city").strip() if csz else None,
                                 csz.group("state") if csz else None,
                                 csz.group("zip") if csz else None, marks, text,
                                 "\n".join(cur)))

    for line in work:
        plain = _MARKS_TAIL.sub("", line).strip()
        if not plain:  # marks alone on a line: the block just read
            if blocks and not cur:
                blocks[-1].marks += _mark_count(line)
            elif cur:
                cur.append(line)
            continue
        m = _OWNER_CSZ.match(plain)
        titled = _relationship_text(plain) and not _looks_street(plain)
        if not cur and (m or _looks_street(plain)):
            orphans.append(line)
            continue
        if not cur and titled and blocks:
            blocks[-1].text.append(plain)  # the block's title, read after it
            blocks[-1].marks += _mark_count(line)
            continue
        if not m and not titled and len(cur) >= 2 and not _looks_street(plain) and \
                any(_looks_street(_MARKS_TAIL.sub("", x)) for x in cur[1:]):
            close(None)  # the next owner's name after street lines: the city line was lost
            cur = []
        cur.append(line)
        if m and len(cur) >= 2:
            close(m)
            cur = []
    if len(cur) >= 2:
        close(None)
    _place_orphans(blocks, orphans)
    return blocks


def _place_orphans(blocks: list[OwnerBlock], orphans: list[str]) -> None:
    """Street lines psm 3 read apart from their blocks ('3609' ... 'PEACHTREE ROAD NE' after
    the city line) to the blocks without a numbered street, in order."""
    streets = [x for x in (_MARKS_TAIL.sub("", y).strip() for y in orphans)
               if re.match(r"\d+ \S", x) and not _OWNER_CSZ.match(x)]
    for b in blocks:
        if streets and not any(re.match(r"\d", x) for x in b.streets):
            b.streets.insert(0, streets.pop(0))


def _relationship_text(text: str) -> bool:
    """An officer title or other text of the relationship columns ('Chairman and CEO',
    'Member of 13(d) group', 'See Remarks')."""
    return hd.title_like(text) or ft.norm(text).startswith(("see remarks", "former "))


def _mark_count(line: str) -> int:
    m = _MARKS_TAIL.search(line)
    return len(m.group(0).split()) if m else 0


def _looks_street(text: str) -> bool:
    return _numberless_street(text) or bool(re.match(r"c/o\b|attn|p\.?\s?o\.?\s+box|suite\b|ste\.?\s|floor\b|"
                         r"\w{1,2}(st|nd|rd|th)\s+floor\b|\d", text, re.IGNORECASE))
