"""Typed readings of single OCR tokens (pure): dates, numbers, prices, codes, marks and the
footnote markers glued to them.

Every reader returns ``None`` when the token cannot be of that type, else a :class:`Reading`
with the normalized value, the footnote ids split off, flags naming what was mended, and a
*cost*: 0 for a clean reading, more for each liberty taken (a letter read as a digit, a lost
``$``, a split). The row grammar adds the costs up to choose between parses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from extractor.mapping import normalize as nz


@dataclass
class Val:
    """A value read from the text (a header box or a table cell): normalized value, raw text,
    parse cost, flags and footnote references."""

    value: Any
    text: str
    cost: float = 0.0
    flags: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)

TRANSACTION_CODES = nz.TRANSACTION_CODES


@dataclass(frozen=True)
class Reading:
    value: Any
    cost: float = 0.0
    footnotes: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class Token:
    """A token with its footnote markers split off: ``core`` is what remains."""

    raw: str
    core: str
    footnotes: tuple[str, ...] = ()
    flags: tuple[str, ...] = field(default_factory=tuple)


# --- footnote markers -----------------------------------------------------------------------

_MARK_DIGITS = str.maketrans({"I": "1", "l": "1", "i": "1", "!": "1", "|": "1", "O": "0",
                              "o": "0", "S": "5", "s": "5", "t": "1"})
_PAREN_MARKS = re.compile(r"(?:\(\s*[0-9IlOo!|ti]{1,2}\s*\)\s*,?\s*)+$")
_ONE_MARK = re.compile(r"\(\s*([0-9IlOo!|ti]{1,2})\s*\)")
_GARBLED_TAIL = re.compile(r"(?<=[\w.])(?:\(?[°®©@™*]+\)?|[°®©@™]\)?\w?\)?)$")
_OPEN_TAIL = re.compile(r"(?<=\d)\((?:[0-9IlOo!]{1,2})?$")
# a superscript marker after an amount's decimals read as quotes, stars or query marks, with
# or without its digits and ')': '$28.6822('8)', '$68.0925'*)', '$68.34?)', '$68.82"!'
_JUNK_TAIL = re.compile(r"(?<=\d)(?=.{2})\(?[\"'‘’“”`?*°>^]{1,3}!?[0-9IlOo!]{0,2}\)?$")


def _mark_ids(text: str) -> tuple[str, ...]:
    ids: list[str] = []
    for m in _ONE_MARK.finditer(text):
        digits = m.group(1).translate(_MARK_DIGITS)
        if digits.isdigit() and 0 < int(digits) < 100:
            fid = f"F{int(digits)}"
            if fid not in ids:
                ids.append(fid)
    return tuple(ids)


def split_marker(raw: str) -> Token:
    """'3,638(1)' -> core '3,638', footnotes ('F1',); '(2)' -> core '', ('F2',);
    '$28.68°)' -> core '$28.68' flagged as carrying an unreadable marker."""
    t = raw.strip()
    m = _PAREN_MARKS.search(t)
    if m:
        ids = _mark_ids(m.group(0))
        if ids:
            return Token(raw, t[: m.start()].strip(), ids)
    m = re.search(r"(?<=[\w.])\(\s*[^\s\w]{0,2}\s*\)$", t)
    if m:
        return Token(raw, t[: m.start()], (), ("marker:unread",))
    m = re.search(r"(?<=\d)['\"`!|]+\s*([0-9]{1,2})\)$", t)
    if m and 0 < int(m.group(1)) < 100:
        return Token(raw, t[: m.start()], (f"F{int(m.group(1))}",), ("marker:garbled",))
    m = re.search(r"(?<=[A-Za-z])[!|]\)$", t)
    if m:
        return Token(raw, t[: m.start()], ("F1",), ("marker:partial",))
    m = _GARBLED_TAIL.search(t)
    if m and m.start() > 0:
        return Token(raw, t[: m.start()], (), ("marker:unread",))
    m = _JUNK_TAIL.search(t)
    if m and m.start() > 0:
        return Token(raw, t[: m.start()], (), ("marker:unread",))
    m = _OPEN_TAIL.search(t)
    if m and m.start() > 0:
        return Token(raw, t[: m.start()], _mark_ids(m.group(0) + ")"), ("marker:partial",))
    return Token(raw, t)


# --- dates ----------------------------------------------------------------------------------

_DIGITISH = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1",
                           "i": "1", "|": "1", "!": "1", "L": "1", "]": "1", "Z": "2",
                           "z": "2", "S": "5", "s": "5", "B": "8", "g": "9", "q": "9",
                           "G": "6", "b": "6", "T": "7", "A": "4"})
_DATE_FULL = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4}|\d{2})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/\-.](\d{4})$")


def _digit_fix(s: str) -> tuple[str, int]:
    fixed = s.translate(_DIGITISH)
    return fixed, sum(a != b for a, b in zip(s, fixed, strict=True))


def _ymd(m: re.Match[str]) -> str | None:
    month, day, y = int(m.group(1)), int(m.group(2)), m.group(3)
    year = int(y) if len(y) == 4 else (2000 + int(y) if int(y) < 70 else 1900 + int(y))
    if not (1950 <= year <= 2099 and nz.is_calendar_day(year, month, day)):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def read_date(core: str) -> Reading | None:
    """'02/06/2023' -> 2023-02-06 (cost 0); 'O2/06/2023' (cost for the O); two-digit years
    cost a little (a four-digit year cut short reads the same)."""
    s = core.strip(".,;:'\"-_~*°")
    if not s or not re.search(r"\d", s) or len(s) > 12:
        return None
    fixed, n = _digit_fix(s)
    m = _DATE_FULL.match(fixed)
    if not m:
        return None
    iso = _ymd(m)
    if iso is None and len(m.group(1)) == 2:
        # '95/27/2015', '16/23/2003': a 0 of the month read as 9, 8, 6 or 5
        month = m.group(1)
        for alt in ("0" + month[1], month[0] + "0"):
            if alt != month and (month[0] in "9865" if alt[0] == "0" else month[1] in "9865"):
                m2 = _DATE_FULL.match(alt + fixed[2:])
                if m2 and _ymd(m2):
                    m, iso, n = m2, _ymd(m2), n + 1
                    break
    if iso is None or m is None:
        return None
    cost = 0.6 * n + (0.6 if len(m.group(3)) == 2 else 0.0)
    flags = ("repaired:ocr-digit",) if n else ()
    return Reading(iso, cost, (), flags, core)


def read_split_date(a: str, b: str) -> Reading | None:
    """A date OCR split in two: '02/06/20' + '023' -> 2023-02-06; '02/06/' + '2023'."""
    fa, na = _digit_fix(a.strip(".,;:"))
    fb, nb = _digit_fix(b.strip(".,;:"))
    if not re.fullmatch(r"\d{1,2}[/\-.]\d{0,2}[/\-.]?\d{0,4}", fa) or not re.fullmatch(
            r"[/\-.]?\d{0,2}[/\-.]?\d{1,5}", fb):
        return None
    joined = fa + fb
    m = re.fullmatch(r"(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{2,6})", joined)
    if not m:
        return None
    y = m.group(3)
    candidates = []
    if len(y) == 4:
        candidates.append(y)
    elif len(y) == 5:  # a digit read twice at the split: '20' + '023'
        candidates += [y[:2] + y[3:], y[:3] + y[4:]]
    elif len(y) == 6:
        candidates.append(y[:2] + y[4:])
    for year in candidates:
        if year[:2] in ("19", "20"):
            iso = _ymd(re.match(r"(\d+)/(\d+)/(\d+)", f"{m.group(1)}/{m.group(2)}/{year}"))
            if iso:
                cost = 0.8 + 0.6 * (na + nb) + (0.4 if len(y) != 4 else 0.0)
                return Reading(iso, cost, (), ("repaired:split-digits",), f"{a} {b}")
    return None


def read_month_year(core: str) -> Reading | None:
    """'07/2011' -> 2011-07 (the pre-2002 form's Month/Year boxes)."""
    fixed, n = _digit_fix(core.strip(".,;:"))
    m = _MONTH_YEAR.match(fixed)
    if not m or not 1 <= int(m.group(1)) <= 12 or not 1950 <= int(m.group(2)) <= 2099:
        return None
    return Reading(f"{int(m.group(2)):04d}-{int(m.group(1)):02d}", 0.6 * n,
                   (), ("repaired:ocr-digit",) if n else (), core)


# --- numbers --------------------------------------------------------------------------------

_NUMBER = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^\.\d+$")
_LOOSE_NUMBER = re.compile(r"^[\d,.]+$")


def _number_value(s: str) -> int | float | None:
    if not _NUMBER.match(s):
        return None
    v, _ = nz.parse_number(s)
    return v


def read_number(core: str, *, share_count: bool = True) -> Reading | None:
    """A share count or amount: '3,638' -> 3638; '1O,000' (O for 0, costs); '24.377' read as
    24,377 when a share count; a trailing ')' left by a superscript marker costs a little."""
    s = core.strip("'\"`;:")
    flags: list[str] = []
    cost = 0.0
    if s.endswith(")") and "(" not in s:
        s = s[:-1]
        flags.append("marker:partial")
        cost += 0.3
    s = s.rstrip(".,") if not re.search(r"\.\d+$", s) else s
    if not s or not re.search(r"\d", s):
        return None
    letters = sum(not (c.isdigit() or c in ",.") for c in s)
    if letters:
        if letters > 1 or sum(c.isdigit() for c in s) < 2:
            return None
        fixed, n = _digit_fix(s)
        if not _LOOSE_NUMBER.match(fixed):
            return None
        s = fixed
        cost += 0.7 * n
        flags.append("repaired:ocr-digit")
    if share_count and re.fullmatch(r"\d{1,3}(\.\d{3})+", s):
        s = s.replace(".", ",")
        flags.append("repaired:thousands-point")
        cost += 0.5
    if re.fullmatch(r"\d{1,3}(,\d{3})*,\d{1,2}", s) and not share_count:
        s = s[: s.rfind(",")] + "." + s[s.rfind(",") + 1:]
        flags.append("repaired:decimal-comma")
        cost += 0.5
    value = _number_value(s)
    if value is None:
        loose = s.replace(",", "")
        if re.fullmatch(r"\d+(\.\d+)?", loose):  # commas misplaced: '1,00,000'
            value = _number_value(loose)
            flags.append("repaired:grouping")
            cost += 0.8
    if value is None:
        return None
    if len(re.sub(r"\D", "", s)) > 1 and s.startswith("0") and not s.startswith("0."):
        cost += 1.5  # '023': a leading zero is rarely an amount
    return Reading(value, cost, (), tuple(flags), core)


def read_split_number(a: str, b: str) -> Reading | None:
    """Digits OCR split by a space: '40 5,274' -> 405274 (the holdings check may mend it);
    '1 ,051' -> 1051; '1,166, 482' -> 1166482."""
    a2, b2 = a.strip("'\"`;:"), b.strip("'\"`;:")
    if re.fullmatch(r"\d{1,3}(,\d{3})*,", a2) and re.fullmatch(r"\d{3}(,\d{3})*(\.\d+)?", b2):
        v = _number_value(a2 + b2)
        return Reading(v, 0.6, (), ("repaired:split-digits",), f"{a} {b}") if v is not None \
            else None
    if not re.fullmatch(r"\d{1,3}", a2):
        return None
    if re.fullmatch(r",\d{3}(,\d{3})*(\.\d+)?", b2):
        joined = a2 + b2
    elif re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", b2):
        joined = a2 + b2
    else:
        return None
    v = _number_value(joined)
    if v is None and re.fullmatch(r"\d+", joined.replace(",", "")):
        v = int(joined.replace(",", ""))
    if v is None:
        return None
    return Reading(v, 1.0, (), ("repaired:split-digits",), f"{a} {b}")


_DOLLAR_LOOKALIKES = ("$", "S", "s", "§", "5", "8")


def read_price(core: str) -> Reading | None:
    """'$121.02' -> 121.02; '121.02' (no $, costs a little); 'S12.50' ('$' read as S)."""
    s = core.strip("'\"`;:")
    cost = 0.0
    flags: list[str] = []
    if re.fullmatch(r"\S*\d\.\.\d\S*", s):  # '$37..3796': a speck read as a second point
        s = s.replace("..", ".")
        cost += 0.3
        flags.append("repaired:specks")
    if s.startswith("$"):
        s = s[1:]
    elif s[:1] in ("S", "§") and len(s) > 1 and s[1:2].isdigit():
        s = s[1:]
        cost += 0.4
        flags.append("repaired:dollar-sign")
    else:
        cost += 0.35 if "." in s else 1.2  # no '$' and no cents: rarely a price
    s = s.strip()
    if s.endswith(")") and "(" not in s:
        s = s[:-1]
        flags.append("marker:partial")
        cost += 0.3
    if not s or not s[0].isdigit() and s[0] != ".":
        return None
    r = read_number(s, share_count=False)
    if r is None:
        return None
    return Reading(r.value, cost + r.cost, (), tuple(flags) + r.flags, core)


def read_split_price(a: str, b: str) -> Reading | None:
    """A price OCR split at its decimal point: '$28' + '.3683' -> 28.3683."""
    if not re.fullmatch(r"[$S§]?\d{1,3}(,\d{3})*", a) or not re.fullmatch(r"\.\d{1,4}\)?", b):
        return None
    r = read_price(a + b)
    if r is None:
        return None
    return Reading(r.value, r.cost + 0.6, (), ("repaired:split-digits",) + r.flags, f"{a} {b}")


def partial_price_readings(text: str, ids: Sequence[int]) -> list[tuple[float, float | int,
                                                                        str | None]]:
    """The readings of a price whose superscript footnote marker OCR read as digits and ')'
    ('$28.2218)' for $28.22 with marker 8): [(cost, value, footnote id or None)], cheapest
    first. A reading fits a price's usual 2 or 4 decimals and takes as its marker digits
    that name one of the markers ``ids`` that may come next (the first the likeliest; the
    more of them, the less a match tells); digits that name none of them are the price's
    own. Empty when ``text`` is no such
    price."""
    m = re.search(r"(\d[\d,]*)\.(\d+)\)\s*$", text)
    if not m:
        return []
    whole, frac = m.group(1).replace(",", ""), m.group(2)
    prior = {2: 0.0, 4: 0.3, 1: 0.8, 3: 1.0}
    sure = 1.0 / (1.0 + 0.25 * (len(ids) - 1))  # many markers possible: a match means less
    out: list[tuple[float, float | int, str | None]] = []
    for k in range(0, min(3, len(frac))):
        digits = frac[len(frac) - k:] if k else ""
        keep = frac[: len(frac) - k]
        opts = [(keep, digits)]
        if keep.endswith("1") and digits:  # '(' read as '1'
            opts.append((keep[:-1], "1" + digits))
        for kept, mark in opts:
            cost = prior.get(len(kept), 1.5)
            fid = None
            if mark:
                num = int(mark)
                tail = int(mark[1:]) if len(mark) > 1 and mark[0] == "1" else None
                full = [n for n in ids if n in (num, tail)]
                ends = [n for n in ids if str(n).endswith(mark)]
                if full:
                    cost -= (1.0 if full[0] == ids[0] else 0.9) * sure
                    fid = f"F{full[0]}"
                elif ends:
                    cost -= (0.5 if ends[0] == ids[0] else 0.4) * sure
                    fid = f"F{ends[0]}"
                elif mark.strip("0") == "":
                    cost -= 0.2
                else:
                    cost += 1.2  # digits that name no marker expected: the price's own
            value_text = whole + ("." + kept if kept else "")
            value = float(value_text) if kept else int(whole)
            out.append((cost, value, fid))
    out.sort(key=lambda x: x[0])
    return out


def resolve_partial_price(text: str, next_id: int) -> tuple[float | int, str | None] | None:
    """A price whose superscript footnote marker OCR read as digits and ')' ('$28.2218)' for
    $28.22 with marker 8, when marker 8 is the next one expected): the cheapest of
    :func:`partial_price_readings`. Returns (value, footnote id or None), or None when
    ``text`` is not such a price."""
    got = partial_price_readings(text, (next_id,))
    return (got[0][1], got[0][2]) if got else None


def read_dollar_split(a: str, b: str) -> Reading | None:
    """'$' + '121.02', or '5' + '0.00' where OCR read the dollar sign as a separate '5'."""
    if a not in _DOLLAR_LOOKALIKES:
        return None
    if not re.fullmatch(r"[\d,]*\.\d{1,4}\)?|\d{1,3}(,\d{3})*\)?|0\)?", b.strip()):
        return None
    r = read_number(b, share_count=False)
    if r is None:
        return None
    cost = 0.15 if a == "$" else 0.6
    flags = () if a == "$" else ("repaired:dollar-sign",)
    return Reading(r.value, cost + r.cost, (), flags + r.flags, f"{a} {b}")


# --- codes and marks ------------------------------------------------------------------------

_CODE_LOOKALIKE = {"5": "S", "$": "S", "§": "S", "0": "D", "1": "I", "l": "I", "|": "I",
                   "6": "G", "4": "A", "8": "S", "¢": "C", "€": "C"}


def read_code(core: str, allowed: frozenset[str] | str) -> Reading | None:
    """A one-letter code: 'S', 's' (cheap), 'Ss', 'S.', '5' for S (dearer)."""
    s = core.strip(" .,;:'\"_-`~")
    if 2 <= len(s) <= 5 and s[0].isalpha() and s.endswith(")") and "(" not in s[:1]:
        s = re.sub(r"[(\[{]?[QO0@©®°1Il!|it]{0,2}\)$", "", s) or s  # 'sQ)': S, marker (1)
    allowed = frozenset(allowed)
    m = re.fullmatch(r"[$§]?([A-Za-z])[(\[{]?[1Iilt!|'\"“”‘’*°:;,.)]{1,3}", s)
    if m and m.group(1).upper() in allowed and len(allowed) > 2 and (
            m.group(1).isupper() or s[0] in "$§" or m.group(1) in "sS"):
        # 'si', 'st,', '$s)', 'S“)': a code with the marker '(1)' OCR garbled after it
        return Reading(m.group(1).upper(), 0.6, (), ("repaired:ocr-code",), core)
    s = s.strip("()[]{}") if len(s) <= 4 else s
    if not s or len(s) > 3:
        return None
    if "I" in allowed and "A" not in allowed and s in ("li", "Il", "lI", "il", "II", "1l", "l1",
                                                      "I1", "1I", "ll"):
        return Reading("I", 0.7, (), ("repaired:ocr-code",), core)
    if s in allowed:
        return Reading(s, 0.0, (), (), core)
    if len(s) == 1 and s.upper() in allowed:
        return Reading(s.upper(), 0.3, (), (), core)
    if len(s) in (2, 3) and s[0] in allowed and all(c in "$5sS)|.,'!:;" for c in s[1:]):
        return Reading(s[0], 0.5, (), ("repaired:ocr-code",), core)  # 'S$', 'Ss)'
    if len(s) == 3 and s[0] in allowed and s[1:].islower():
        return Reading(s[0], 0.9, (), ("repaired:ocr-code",), core)  # 'Sit'
    if "A" in allowed and "D" in allowed and "S" in allowed and len(s) == 2 and s[0] in allowed \
            and s[1].isalpha() and s[1] not in "aeiu":
        return Reading(s[0], 1.0, (), ("repaired:ocr-code",), core)  # 'SM': S, marker read M
    if "S" in allowed and s in ("so", "sa", "s0", "sO", "s)", "S)"):
        return Reading("S", 1.0, (), ("repaired:ocr-code",), core)
    uppers = [c for c in s if c.isupper()]
    if len(s) == 2 and len(uppers) == 1 and uppers[0] in allowed and s.isalpha():
        return Reading(uppers[0], 0.6, (), ("repaired:ocr-code",), core)
    letters = {c.upper() for c in s if c.isalpha()}
    if len(letters) == 1 and len(s) <= 2 and next(iter(letters)) in allowed and all(
            c.isalpha() for c in s):
        return Reading(next(iter(letters)), 0.5, (), ("repaired:ocr-code",), core)
    if len(s) == 1 and _CODE_LOOKALIKE.get(s) in allowed:
        return Reading(_CODE_LOOKALIKE[s], 1.2, (), ("repaired:ocr-code",), core)
    return None


def read_mark(core: str) -> bool:
    """An X-like mark."""
    return core.strip(" _.,;:'\"|[]()") in {"X", "x", "Xx", "XX", "xX", "K", "×"}


def is_punct(core: str) -> bool:
    return not any(c.isalnum() for c in core)


_WORD = re.compile(r"^[A-Za-z][A-Za-z'&.,\-/()]*$")


def is_word(core: str) -> bool:
    """A word of a title or free text ('Stock', 'Non-Qualified', '(right', 'L.P.')."""
    s = core.strip("(),.;:'\"")
    return bool(s) and bool(_WORD.match(s)) and sum(c.isalpha() for c in s) >= 1


def any_reading(core: str) -> dict[str, Reading]:
    """All the typed readings of one token (for diagnostics and tests)."""
    out: dict[str, Reading] = {}
    for name, fn in (("date", read_date), ("number", read_number), ("price", read_price)):
        r = fn(core)
        if r is not None:
            out[name] = r
    return out
