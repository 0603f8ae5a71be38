"""Boxes 1-6 (1-7 on the pre-2002 form) from OCR text lines (pure).

The box labels are found in the lines (:func:`extractor.text.formtext.pieces`); a box's value
is the text that follows its label in reading order: on the same line (text that kept the
form's left-to-right order) or on the next value lines (text read column by column, or lines
that run across several boxes, where the boxes come in the order of their labels).

Owner name and issuer name often share a line with nothing between them; they are told apart
by the ticker (``[ QLYS ]`` or ``(QLYS)``) that ends the issuer's box, the issuer's name in a
``C/O`` address, a change of letter case, and the shape of a person's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from extractor.text import formtext as ft
from extractor.text import tokens as tk
from extractor.text.tokens import Val


@dataclass
class Header:
    owner_name: Val | None = None
    street1: Val | None = None
    street2: Val | None = None
    city: Val | None = None
    state: Val | None = None
    zip_code: Val | None = None
    issuer_name: Val | None = None
    ticker: Val | None = None
    period: Val | None = None
    amendment: Val | None = None
    month_year: bool = False
    relationship: dict[str, Val] = field(default_factory=dict)
    officer_title: Val | None = None
    other_text: Val | None = None
    not_subject: Val | None = None
    document_type: Val | None = None


_TICKER_BRACKET = re.compile(r"[\[{]\s*([A-Z][A-Z0-9.\-]{0,7})\s*(?:[\]|)}]|$)|"
                             r"\|\s*([A-Z][A-Z.]{0,6})\s*[\]|)}]|\(\s*([A-Z]{1,3} [A-Z]{1,3})\s*\)")
_TICKER_PAREN = re.compile(r"\(\s*([A-Z][A-Z.]{0,6})\s*\)")
_NOT_TICKERS = frozenset({"LAST", "FIRST", "MIDDLE", "STREET", "CITY", "STATE", "ZIP", "A",
                          "D", "I", "V", "S", "X", "B", "USA", "US", "OVER", "RSU",
                          "RSUS", "LLC", "LP", "II", "III", "IV", "FORM", "OMB", "SEC", "PSU"})
_DATE_TOKEN = re.compile(r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}|\d{1,2}/\d{4}")
_CSZ = re.compile(r"(?:^|[\s,])([A-Za-z][A-Za-z .'\-]{1,40}?)[\s,]+([A-Z]{2})[\s,.:;]+"
                  r"(\d{5}(?:-\d{4})?)\b")
# The first three digits of a ZIP code -> its state (USPS ranges), for a state OCR garbled.
_ZIP3 = ((10, 27, "MA"), (28, 29, "RI"), (30, 38, "NH"), (39, 49, "ME"), (50, 59, "VT"),
         (60, 69, "CT"), (70, 89, "NJ"), (100, 149, "NY"), (150, 196, "PA"), (197, 199, "DE"),
         (200, 205, "DC"), (206, 219, "MD"), (220, 246, "VA"), (247, 268, "WV"),
         (270, 289, "NC"), (290, 299, "SC"), (300, 319, "GA"), (320, 349, "FL"),
         (350, 369, "AL"), (370, 385, "TN"), (386, 397, "MS"), (398, 399, "GA"),
         (400, 427, "KY"), (430, 459, "OH"), (460, 479, "IN"), (480, 499, "MI"),
         (500, 528, "IA"), (530, 549, "WI"), (550, 567, "MN"), (570, 577, "SD"),
         (580, 588, "ND"), (590, 599, "MT"), (600, 629, "IL"), (630, 658, "MO"),
         (660, 679, "KS"), (680, 693, "NE"), (700, 714, "LA"), (716, 729, "AR"),
         (730, 749, "OK"), (750, 799, "TX"), (800, 816, "CO"), (820, 831, "WY"),
         (832, 838, "ID"), (840, 847, "UT"), (850, 865, "AZ"), (870, 884, "NM"),
         (889, 898, "NV"), (900, 961, "CA"), (967, 968, "HI"), (970, 979, "OR"),
         (980, 994, "WA"), (995, 999, "AK"))


def state_from_zip(zip_code: str) -> str | None:
    """The state a ZIP code belongs to (by its first three digits), or None."""
    if not re.match(r"\d{3}", zip_code):
        return None
    z = int(zip_code[:3])
    return next((st for lo, hi, st in _ZIP3 if lo <= z <= hi), None)
_STATES = frozenset("""AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN
MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR VI GU AS
MP""".split())
_TITLE_WORDS = frozenset("""chief officer president ceo cfo coo cto cio cao clo cmo cso vp evp
svp vice general counsel secretary treasurer controller chairman chair chairwoman executive
operating financial accounting technology technical medical scientific legal people human
resources information commercial revenue sales marketing operations global founder co-founder
partner principal managing director head senior strategy development business corporate
compliance risk investment investments officer, president, ceo, cfo, counsel, secretary,
member manager group""".split())
_CORP_SUFFIXES = frozenset("co inc corp ltd llc lp plc l.p n.v s.a ag".split())
_FUNCTION_WORDS = frozenset("of and & to by in for the a an as on at".split())
_OFFICER_ABBREV = frozenset("""evp svp vp ceo cfo coo cto cio cao clo cmo chief president
chairman chairwoman treasurer secretary controller counsel officer""".split())
_OTHER_WORDS = frozenset("""former member see remarks group deputization possible 13(d) 13 d 10%
10 director trustee beneficial owner affiliate by of""".split())
_LABEL_REMNANTS = re.compile(r"\(?\b(?:give|title|below|specify|check|all|applicable)\b\)?[).]*",
                             re.IGNORECASE)
_CORP = re.compile(r"\b(inc|corp|corporation|co|company|ltd|plc|llc|lp|l\.p|holdings|group|"
                   r"incorporated|trust|bancorp|n\.v|s\.a|ag)\b\.?", re.IGNORECASE)


def _mark(tok: str) -> bool:
    return tk.read_mark(tok) or tok.strip("_.") in ("X", "x", "Xx", "XX")


def _first_date(text: str, month_year: bool = False) -> Val | None:
    for m in re.finditer(r"[0-9OoIl|]{1,2}\s?/\s?[0-9OoIl|]{1,2}\s?/\s?[0-9OoIl|]{2,4}|"
                         r"\b[0-9OoIl]{1,2}/[0-9Oo]{4}\b", text):
        s = re.sub(r"\s", "", m.group(0))
        r = tk.read_date(s)
        if r is None and month_year:
            r = tk.read_month_year(s)
        if r is not None:
            if month_year and len(r.value) == 10:
                return Val(r.value[:7], m.group(0), r.cost + 0.3, list(r.flags))
            return Val(r.value, m.group(0), r.cost, list(r.flags))
    return None


# --- line helpers ---------------------------------------------------------------------------


def _label_lines(all_pieces: list[list[ft.Piece]], label: str) -> list[int]:
    return [i for i, ps in enumerate(all_pieces) if any(p.label == label for p in ps)]


def _after_label(ps: list[ft.Piece], label: str) -> str:
    """The value text right after ``label`` on its line (up to the next label)."""
    for k, p in enumerate(ps):
        if p.label == label:
            if k + 1 < len(ps) and ps[k + 1].label is None:
                return ps[k + 1].text
            return ""
    return ""


def _value_line(ps: list[ft.Piece], line: str) -> bool:
    return any(p.label is None for p in ps) and not ft.is_boilerplate(line)


# --- owner and issuer -----------------------------------------------------------------------


def _find_ticker(lines: list[str]) -> tuple[int, re.Match[str]] | None:
    for i, line in enumerate(lines):
        for m in _TICKER_BRACKET.finditer(line):
            tick = (m.group(1) or m.group(2) or m.group(3) or "").replace(" ", "")
            if tick and tick not in _NOT_TICKERS and m.start() > 2:
                return i, m
    for i, line in enumerate(lines):
        for m in _TICKER_PAREN.finditer(line):
            tick = m.group(1)
            if tick in _NOT_TICKERS or len(tick) < 2:
                continue
            before = line[: m.start()].strip()
            label_end = any(p.label and p.end >= len(before) - 1 for p in ft.pieces(before))
            if re.search(r"(Inc|Corp|Co|Ltd|plc|LLC|Holdings|Group|Incorporated|[a-z])[.,:]?$",
                         before) or not before or label_end:
                return i, m
    return None


def _clean_name(text: str) -> str:
    t = re.sub(r"^[\s\W_]+(?=[A-Za-z])", "", text)
    t = re.sub(r"[\s|_=~*:;]+$", "", t)
    t = re.sub(r"\s+[^\w\s.,&'()/-]+\s*$", "", t)
    t = re.sub(r"(?<=\w)[^\w\s.,&'()/-]+$", "", t)
    t = re.sub(r"\s+\W{1,2}$", "", t)
    return re.sub(r"\s+", " ", t).strip(" ,;:|")


def _case_trim(text: str) -> str:
    """An all-capitals name or address ends at the first word out of its case."""
    words = text.split()
    if len(words) >= 2 and all(w.upper() == w for w in words[:2]) and \
            sum(c.isalpha() for c in "".join(words[:2])) >= 3:
        for k, w in enumerate(words[2:], 2):
            if any(c.islower() for c in w) and w.lower() != "c/o":
                return " ".join(words[:k])
    return text


def _person_split(words: list[str]) -> int:
    """How many leading words of 'LAST FIRST [M] Issuer Name ...' are the person's."""
    upper = [w.isupper() or not any(c.isalpha() for c in w) for w in words]
    for k in range(2, min(5, len(words))):
        if all(upper[:k]) and not upper[k] and any(c.isalpha() for c in words[k]):
            return k
    if len(words) >= 4 and len(words[2].strip(".")) <= 1:
        return 3
    return min(2, len(words))


def _split_owner_issuer(text: str, co_name: str | None) -> tuple[str, str]:
    """'RADCLIFFE ROBERT S Quarry Point Robotics Group, Inc.' -> (owner, issuer)."""
    words = text.split()
    if co_name:
        target = ft.norm(co_name)
        scored = [(fuzz.ratio(ft.norm(" ".join(words[k:])), target), k)
                  for k in range(1, len(words))]
        if scored:
            best, k = max(scored)
            if best >= 85:
                return " ".join(words[:k]), " ".join(words[k:])
    k = _person_split(words)
    return " ".join(words[:k]), " ".join(words[k:])


def title_like(text: str) -> bool:
    """Whether half the words of a text or more are an officer title's ('Chairman and CEO',
    'Member of 13(d) group', 'Former Officer')."""
    words = [ft.norm(w) for w in text.split()]
    return bool(words) and sum(w in _TITLE_WORDS for w in words) >= max(1, len(words) // 2)


def _owner_name_text(lines: list[str], all_pieces: list[list[ft.Piece]],
                     found: tuple[int, re.Match[str]] | None,
                     co_name: str | None = None) -> tuple[str, int]:
    """The raw text of box 1's name and its line: after the label on the same line; else
    the ticker line when the name runs into the issuer there; else the value line just above
    '(Last) (First) (Middle)'; else the first value line after the label."""
    n = len(lines)
    name_idx = _label_lines(all_pieces, "name")
    if name_idx:
        same = _after_label(all_pieces[name_idx[0]], "name")
        if same and re.search(r"[A-Za-z]{2}", same):
            return same, name_idx[0]
    if name_idx:
        i = name_idx[0]
        for j in range(i + 1, min(n, i + 16)):
            ps = all_pieces[j]
            if any(p.label in ("lfm", "street", "csz") for p in ps):
                break
            if not _value_line(ps, lines[j]):
                continue
            first = next(p for p in ps if p.label is None)
            if first.start > 3:
                continue  # a value after another box's label
            text = first.text
            if _first_date(text) or len(re.sub(r"[^A-Za-z]", "", text)) < 3 or \
                    title_like(text) or ft.is_boilerplate(text) or _CSZ.search(f" {text} ") \
                    or ft.form_word_share(text) > 0.5:
                continue
            if found and j == found[0]:
                before = lines[j][: found[1].start()]
                if co_name and fuzz.ratio(ft.norm(before), ft.norm(co_name)) >= 85:
                    continue  # the issuer's box alone
            return text, j
    lfm = _label_lines(all_pieces, "lfm")
    if lfm:
        for j in range(lfm[0] - 1, max(-1, lfm[0] - 3), -1):
            ps = all_pieces[j]
            if not _value_line(ps, lines[j]):
                continue
            first = next(p for p in ps if p.label is None)
            if first.start <= 3 and re.search(r"[A-Za-z]{2}", first.text) and \
                    not title_like(first.text) and not _first_date(first.text):
                return first.text, j
            break
    if found:
        i, m = found
        ps = all_pieces[i]
        label_before = any(p.label == "issuer" and p.end <= m.start() for p in ps)
        before = lines[i][: m.start()]
        only_issuer = co_name and fuzz.ratio(ft.norm(before), ft.norm(co_name)) >= 85
        if not label_before and len(before.split()) >= 3 and not only_issuer:
            return before, i
    return "", -1


# --- address --------------------------------------------------------------------------------

_HOUSE = re.compile(r"^\d{1,6}[A-Z]?$|^P\.?O\.?$|^ONE$|^TWO$", re.IGNORECASE)
_SUITE = re.compile(r"^(SUITE|STE\.?|FLOOR|FL\.?|ROOM|UNIT|BLDG\.?|BUILDING|\d+(ST|ND|RD|TH))$",
                    re.IGNORECASE)


def _trim_address(text: str) -> tuple[str, str]:
    """(address, tail): the address part of a value piece, cut at a date, at a word out of
    the address's letter case, or at noise; the tail may be a title from box 5."""
    after = ""
    m = _DATE_TOKEN.search(text)
    if m:
        t, after = text[: m.start()], text[m.end():]
    else:
        t = text
    words = t.split()
    if not words:
        return "", after.strip()
    caps = sum(1 for w in words[:3] if any(c.isalpha() for c in w) and w.upper() == w)
    keep: list[str] = []
    for w in words:
        core = w.strip(",.")
        if not any(c.isalnum() for c in w):
            break
        if keep and core.lower() in _OFFICER_ABBREV:
            break
        if caps >= 2 and any(c.islower() for c in core) and core.lower() not in ("c/o",):
            if core.lower() in _CORP_SUFFIXES:
                keep.append(w.upper())  # 'HOLDINGS Co.': the suffix in the line's case
                continue
            break
        keep.append(w)
    rest = " ".join(words[len(keep):] + after.split())
    return " ".join(keep).strip(" ,;:—-|"), rest


def _address_like(text: str) -> bool:
    words = text.split()
    if not words or ft.form_word_share(text) > 0.6:
        return False
    if re.match(r"c/o\b|attn|p\.?\s?o\.?\s+box", text, re.IGNORECASE):
        return True
    if any(_HOUSE.match(w) for w in words[:2]) and len(words) >= 2:
        return True
    if any(_SUITE.match(w) for w in words[:2]) and len(words) >= 2:
        return True
    caps = [w for w in words if any(c.isalpha() for c in w) and w.upper() == w and len(w) > 1]
    return len(caps) >= 2 and len(caps) >= 0.7 * len(words)


def _split_co_line(text: str) -> list[str]:
    """'C/O QUALYS, INC. 919 E. HILLSDALE BLVD.' -> ['C/O QUALYS, INC.', '919 E. HILLSDALE
    BLVD.'] (the care-of line and the street OCR joined)."""
    words = text.split()
    if not re.match(r"c/o\b", text, re.IGNORECASE):
        return [text]
    for k in range(2, len(words) - 1):
        if re.fullmatch(r"\d{1,6}", words[k]) and words[k - 1][-1:] in ".,":
            return [" ".join(words[:k]), " ".join(words[k:])]
    return [text]


# --- the header -----------------------------------------------------------------------------


@dataclass
class _Ctx:
    """The header lines with their label pieces."""

    lines: list[str]
    pieces: list[list[ft.Piece]]

    @property
    def n(self) -> int:
        return len(self.lines)

    def label_lines(self, label: str) -> list[int]:
        return _label_lines(self.pieces, label)


def read_header(lines: list[str]) -> Header:
    """Read boxes 1-6 from the lines before Table I (pure)."""
    h = Header()
    ctx = _Ctx(lines, [ft.pieces(line) for line in lines])
    for line in lines[:15]:
        m = re.search(r"\bFORM\s*4\s*/\s*A\b", line, re.IGNORECASE)
        if m:
            h.document_type = Val("4/A", m.group(0))
            break
    owner_line = _read_names(ctx, h)
    tails = _read_address(ctx, h, owner_line)
    _read_dates(ctx, h)
    h.relationship = _read_marks(lines)
    _read_title(ctx, h, tails)
    for j, ps in enumerate(ctx.pieces):
        if any(p.label == "section16" for p in ps):
            before = lines[j][: next(p.start for p in ps if p.label == "section16")]
            mark = bool(re.search(r"[\[(|]?\s*[Xx×]\s*[\])|]?\s*$", before))
            h.not_subject = Val(mark, before.strip() or None, 0.3 if not before.strip() else 0.0)
            break
    return h


_SUFFIX_ONLY = re.compile(r"(?:(?:holdings|group|corp(?:oration)?|inc|co|company|ltd|plc|llc|"
                          r"l\.?p|n\.?v|s\.?a|ag)[.,]*\s*)+", re.IGNORECASE)


_SUFFIX_MISREAD = {"ple": "plc", "Ple": "Plc", "Ine": "Inc", "lnc": "Inc", "€o": "Co", "C0": "Co"}


def mend_company_suffix(name: str) -> str:
    """A company's name with its last word, a legal form OCR misread, put right ('Lakeshore
    Genomics ple' -> '... plc', 'Harborview Pharmaceuticals, Ine.' -> '..., Inc.',
    'Marrowind Diagnostics Corporation.' -> '... Corporation')."""
    words = name.split(" ")
    core = words[-1].rstrip(".")
    if len(words) >= 2 and core in _SUFFIX_MISREAD:
        words[-1] = _SUFFIX_MISREAD[core] + words[-1][len(core):]
    if len(words) >= 2 and core.lower() in _FULL_FORMS:
        words[-1] = core  # a speck read as a stop after a word written out ('Corporation.')
    return " ".join(words)


# legal forms written out: no abbreviation's stop after them
_FULL_FORMS = frozenset("corporation company incorporated limited holdings group".split())


def _value_above(ctx: _Ctx, line: int) -> tuple[int, str]:
    """(line, text): the last value (no label, two letters at least) of the nearest of the
    two lines above ``line`` that is not the form's wording, as read; (line, '') when none."""
    for j in range(line - 1, max(-1, line - 3), -1):
        vals = [p.text for p in ctx.pieces[j] if p.label is None and
                re.search(r"[A-Za-z]{2}", p.text)]  # a speck ('4' of '410% Owner') is none
        if vals and not ft.is_boilerplate(ctx.lines[j]):
            return j, vals[-1].strip()
    return line, ""


def _read_names(ctx: _Ctx, h: Header) -> int:
    """Boxes 2 and 1: issuer, ticker and the owner's name; returns the owner's line."""
    lines, all_pieces = ctx.lines, ctx.pieces
    found = _find_ticker(lines)
    issuer_line = -1
    issuer_before = ""
    issuer_label_before = False
    if found:
        issuer_line, m = found
        tick = next(g for g in m.groups() if g).replace(" ", "")
        clean = re.fullmatch(r"\[ ?[A-Z.]+ ?\]|\([A-Z.]+\)", m.group(0).strip()) is not None
        h.ticker = Val(tick, m.group(0), 0.0 if clean else 0.8)
        # the text before the ticker, after the last label on the line
        start = 0
        for p in all_pieces[issuer_line]:
            if p.label and p.end <= m.start():
                start = p.end
                issuer_label_before = p.label == "issuer"
        issuer_before = _clean_name(lines[issuer_line][start: m.start()])
        at = issuer_line
        if not issuer_before:
            at, above = _value_above(ctx, issuer_line)
            issuer_before = _clean_name(above)
        if _SUFFIX_ONLY.fullmatch(issuer_before):  # 'Harborview Pharmaceuticals,' / 'Inc.'
            head = _value_above(ctx, at)[1]
            issuer_before = _clean_name(f"{head} {issuer_before}") if head else issuer_before
    co_name = None
    for line in lines:
        m2 = re.match(r"^\W*c\s*/\s*o\s+(.+)$", line, re.IGNORECASE)
        if m2:
            co_name = _trim_address(m2.group(1))[0]
            break
    name_text, owner_line = _owner_name_text(lines, all_pieces, found, co_name)
    if name_text:
        if found and (owner_line == issuer_line and not issuer_label_before or
                      issuer_before == _clean_name(name_text)):  # psm 6: boxes 1 and 2 as one
            owner, issuer = _split_owner_issuer(issuer_before, co_name)
            name_text, issuer_before = owner, issuer
        elif issuer_before and issuer_before in name_text and name_text != issuer_before:
            name_text = name_text.split(issuer_before)[0]
        name = _clean_name(_case_trim(_clean_name(name_text)))
        if name:
            h.owner_name = Val(name, name_text, 0.0 if owner_line != issuer_line else 0.5)
    if issuer_before:
        issuer = _clean_name(issuer_before)
        if h.owner_name and issuer.startswith(h.owner_name.value + " "):
            issuer = issuer[len(h.owner_name.value) + 1:]
        h.issuer_name = Val(mend_company_suffix(issuer), issuer_before)
    return owner_line


def _read_address(ctx: _Ctx, h: Header, owner_line: int) -> list[str]:
    """Box 1's street lines, city, state and zip; returns the value text left over (it may
    hold box 5's title)."""
    all_pieces, n = ctx.pieces, ctx.n
    lfm = ctx.label_lines("lfm")
    street = ctx.label_lines("street")
    start = lfm[0] if lfm else (owner_line if owner_line >= 0 else 0)
    stop = street[0] if street and (not lfm or street[0] >= start) else min(n, start + 8)
    tails: list[str] = []
    addresses: list[str] = []
    for j in range(start, min(n, stop + 1)):
        ps = all_pieces[j]
        vals = []
        for k, p in enumerate(ps):
            if p.label is not None:
                continue
            prev = ps[k - 1].label if k else None
            if j == stop and street and any(q.label == "street" for q in ps) and \
                    p.start > next(q.start for q in ps if q.label == "street"):
                continue  # after '(Street)': the city line
            if prev in (None, "lfm"):
                vals.append(p)
            else:
                tails.append(p.text)
        for p in vals[:1]:
            if h.owner_name and p.text.strip() == h.owner_name.text.strip():
                continue
            text, tail = _trim_address(p.text)
            if tail:
                tails.append(tail)
            if text and _address_like(text) and not _CSZ.search(text + " ") and \
                    not _city_state_line(p.text):
                addresses.extend(_split_co_line(text))
            elif p.text:
                tails.append(p.text)
        for p in vals[1:]:
            tails.append(p.text)
    co = [a for a in addresses if re.match(r"c\s*/\s*o\b", a, re.IGNORECASE)]
    if co and addresses[0] != co[0]:  # a care-of line comes first
        addresses.remove(co[0])
        addresses.insert(0, co[0])
    if addresses:
        h.street1 = Val(addresses[0], addresses[0])
    if len(addresses) > 1:
        h.street2 = Val(addresses[1], addresses[1])
        if len(addresses) > 2:
            h.street2 = Val(" ".join(addresses[1:]), " ".join(addresses[1:]), 0.5)
    csz_from = street[0] if street else start
    for j in list(range(csz_from, min(n, csz_from + 5))) + list(range(n)):
        m = None
        for p in all_pieces[j]:
            if p.label is None:
                m = _CSZ.search(" " + p.text + " ")
                if m and m.group(2) in _STATES:
                    break
                m = None
        if m:
            city = re.sub(r"^.*\b(?:Street|STREET\))\s*", "", m.group(1)).strip(" ,")
            words = city.split()
            while words and (ft.norm(words[0]) in ft.vocabulary() and words[0] != words[0].upper()
                             or not any(c.isalpha() for c in words[0])):
                words = words[1:]
            city = " ".join(words[-4:])
            h.city = Val(city, m.group(0).strip())
            h.state = Val(m.group(2), m.group(0).strip())
            h.zip_code = Val(m.group(3), m.group(0).strip())
            break
    if h.city is None:  # the state lost or garbled, noise between: 'TAMPA Seo) I 33682'
        csz = ctx.label_lines("csz")
        near = list(range(csz_from, min(n, csz_from + 5)))
        if csz:
            near += [j for j in range(max(0, csz[0] - 4), csz[0] + 1) if j not in near]
        for j in near:
            first = next((p for p in all_pieces[j] if p.label is None), None)
            if first is None or first.start > 3:
                continue
            got = read_city_line(first.text, zip_needed=not (csz and csz[0] - 2 <= j <= csz[0]))
            if got:
                city, state, zip_code, cost = got
                h.city = Val(city, first.text, cost)
                if zip_code:
                    h.zip_code = Val(zip_code, first.text, cost)
                if state:
                    h.state = Val(state, first.text, cost + 0.4)
                break
    if h.state is None and h.zip_code is not None:
        guess = state_from_zip(h.zip_code.value)
        if guess:
            h.state = Val(guess, h.zip_code.text, 1.5, ["inferred:state-from-zip"])
    if h.city is None:
        _city_apart(ctx, h, start)
    return tails


def _city_apart(ctx: _Ctx, h: Header, start: int) -> None:
    """'STAMFORD CT' (or 'PITTSBURGH', its state lost) and '06934' on lines of their own:
    the state, when lost, from the ZIP code."""
    owner = h.owner_name.value if h.owner_name else ""
    for j in range(start, min(ctx.n, start + 12)):
        m = re.fullmatch(r"([A-Z][A-Z .'\-]{1,30}?)(?:,?\s+([A-Z]{2}))?", ctx.lines[j].strip())
        if not m or m.group(2) and m.group(2) not in _STATES or m.group(1).strip() == owner or \
                not m.group(2) and len(m.group(1).split()) > 2:
            continue
        for k in range(j + 1, min(ctx.n, j + 7)):
            z = re.fullmatch(r"(\d{5}(?:-\d{4})?)", ctx.lines[k].strip())
            state = z and (m.group(2) or state_from_zip(z.group(1)))
            if z and state:
                raw = f"{ctx.lines[j]} {ctx.lines[k]}"
                h.city = Val(m.group(1).strip(), raw, 0.5 if m.group(2) else 1.0)
                h.state = Val(state, raw, 0.5 if m.group(2) else 1.5)
                h.zip_code = Val(z.group(1), raw, 0.5)
                return


_CSZ_NOISE = re.compile(r"[|_©®«»~*‘’“”\"`¢]")
_CITY_WORD = re.compile(r"[A-Z][A-Z.'\-]*[A-Z.],?|[A-Z]{1,2}\.?,?")


def read_city_line(text: str, *, zip_needed: bool = True
                   ) -> tuple[str, str | None, str | None, float] | None:
    """(city, state, zip, cost) of box 1's last line as OCR garbled it: specks and bars
    between the parts ('STAMFORD | _CT 06934', 'PORTLAND © OR 97288'), a word or two of
    noise where the state was or after it ('TAMPA Seo) I 33682', 'GREENWICH CT s 06838'), a
    ZIP code split in two ('4327 1') or with a digit too many that only one reading fits the
    state's ZIP codes ('717072' in TX -> 77072). Without ``zip_needed`` a city and a state
    alone do ('HOUSTON TX' on the line of '(City) (State) (Zip)')."""
    toks = [t for t in _CSZ_NOISE.sub(" ", text).split() if any(c.isalnum() for c in t)]
    city: list[str] = []
    while toks[len(city):] and len(city) < 4 and _CITY_WORD.fullmatch(toks[len(city)]):
        city.append(toks[len(city)].rstrip(","))
    state = None
    if len(city) >= 2 and city[-1].strip(".") in _STATES:
        state = city.pop().strip(".")
    elif len(city) >= 2 and re.fullmatch(r"[A-Z]{2}", city[-1]):
        city.pop()  # a state garbled into other capitals ('CE'): noise
    if not city or sum(c.isalpha() for c in "".join(city)) < 3 or \
            all(ft.norm(w) in ft.vocabulary() for w in city):
        return None
    rest = toks[len(city) + (1 if state else 0):]
    cost = 0.3
    noise = 0
    zip_code = None
    for k, t in enumerate(rest[:4]):
        core = t.strip(".,:;")
        nxt = rest[k + 1].strip(".,:;") if k + 1 < len(rest) else ""
        if state is None and core in _STATES and not noise:
            state = core
            continue
        if re.fullmatch(r"\d{5}(?:-\d{4})?", core):
            zip_code = core
        elif re.fullmatch(r"\d{2,4}", core) and re.fullmatch(r"\d{1,3}", nxt) and \
                len(core + nxt) == 5:
            zip_code, cost = core + nxt, cost + 0.4
        elif re.fullmatch(r"\d{6}", core) and state:
            fits = {core[:i] + core[i + 1:] for i in range(6)}
            fits = {z for z in fits if state_from_zip(z) == state}
            if len(fits) == 1:
                zip_code, cost = fits.pop(), cost + 0.8
        if zip_code or re.fullmatch(r"\d+", core):
            break
        if len(core) > (6 if re.search(r"[a-z]", core) else 4) or noise >= 2:
            break
        noise += 1
        cost += 0.3
    if zip_code is None and (zip_needed or state is None):
        return None
    if state and zip_code and state_from_zip(zip_code) not in (None, state):
        cost += 0.6
    return " ".join(city), state, zip_code, round(cost, 3)


def _city_state_line(text: str) -> bool:
    """Whether ``text`` is box 1's city line ('SEATTLE WA', 'STAMFORD CT 06934'), no street."""
    got = read_city_line(text, zip_needed=False)
    return got is not None and got[1] is not None and not _CORP.search(got[0])


def _read_dates(ctx: _Ctx, h: Header) -> None:
    """Box 3 (date of earliest transaction; box 4 'Statement for Month/Year' on the pre-2002
    form) and box 4 (date of the original filing of an amendment)."""
    lines, all_pieces, n = ctx.lines, ctx.pieces, ctx.n
    earliest = ctx.label_lines("earliest")
    statement = ctx.label_lines("statement")
    h.month_year = bool(statement) and not earliest
    anchor = earliest or statement
    used_date_line = -1
    if anchor:
        i = anchor[0]
        label = "earliest" if earliest else "statement"
        texts = [(i, _after_label(all_pieces[i], label))]
        texts += [(j, lines[j]) for j in range(i + 1, min(n, i + 7))]
        for j, text in texts:
            if any(p.label == "amendment" for p in all_pieces[j]) and j != i:
                text = text.split(next(p.text for p in all_pieces[j] if p.label == "amendment"))[0]
            v = _first_date(text, h.month_year)
            if v:
                h.period = v
                used_date_line = j
                break
    amend = ctx.label_lines("amendment")
    if amend:
        i = amend[0]
        texts = [(i, _after_label(all_pieces[i], "amendment"))]
        texts += [(j, lines[j]) for j in range(i + 1, min(n, i + 3))]
        for j, text in texts:
            if j == used_date_line and j != i:
                continue
            if j != i and any(p.label in ("csz", "street") for p in all_pieces[j]) and \
                    not _first_date(text):
                continue
            v = _first_date(text, h.month_year)
            if v:
                h.amendment = v
                break


_MARK_EDGE = " _.,;:'\"|[]()=~-—‘’"
_GLUED_MARK = re.compile(r"[_\-—=~.‘’'\[(]*[Xx×][_\-—=~.‘’'\])]+([A-Za-z0-9%]{2,}.*)")


def _box_word(word: str) -> str | None:
    """The relationship box a word of box 5 names ('Director', '10% Owner', 'Oficer',
    'other'), garbled starts included; None for other words."""
    w = word.lower().strip("_.,:;()‘’'\"")
    if w.startswith("di"):
        return "is_director"
    if w.startswith(("10", "1o", "lo")) or re.fullmatch(r"[14l][0o]%", w):
        return "is_ten_percent_owner"
    if w.startswith(("off", "ofi", "ofl")) or w == "of":
        return "is_officer"
    if w.startswith("oth"):
        return "is_other"
    return None


def _read_marks(lines: list[str]) -> dict[str, Val]:
    """Box 5: an X before Director, 10% Owner, Officer or Other (or their garbled starts),
    with the dashes of its blank around it ('X= Director', '_—_X__ other') or glued to the
    word ('X_‘Oficer')."""
    rel: dict[str, Val] = {}
    for line in lines:
        toks = line.replace("|", " ").split()
        for k, tok in enumerate(toks):
            glued = _GLUED_MARK.fullmatch(tok)
            if glued:
                key, text = _box_word(glued.group(1)), tok
            elif k + 1 < len(toks) and (_mark(tok) or tk.read_mark(tok.strip(_MARK_EDGE))):
                key, text = _box_word(toks[k + 1]), f"{tok} {toks[k + 1]}"
            else:
                continue
            if key and key not in rel:
                rel[key] = Val(True, text)
    return rel


def _read_title(ctx: _Ctx, h: Header, tails: list[str]) -> None:
    """Box 5's officer title or other text: value text of the header that is no name, address
    or date and reads like a title."""
    known = {v.text for v in (h.owner_name, h.issuer_name, h.street1, h.street2) if v}
    cands: list[tuple[int, str]] = []
    for j, ps in enumerate(ctx.pieces):
        after_label = j > 0 and any(p.label in ("other", "officer") for p in ctx.pieces[
            j - 1]) and all(w in _OTHER_WORDS | _TITLE_WORDS for w in ft.norm(ctx.lines[j]).split())
        if ft.is_boilerplate(ctx.lines[j]) and not after_label:
            continue  # ('See Remarks' under 'Other (specify below)' is no boilerplate)
        for p in ps:
            if p.label is None and not any(p.text.strip() == x.strip() for x in known):
                cands.append((j, p.text))
    cands += [(-1, t) for t in tails]
    rel = h.relationship
    is_other = "is_other" in rel and "is_officer" not in rel
    title = _pick_title(cands, known, other=is_other)
    if not title:
        return
    words = set(ft.norm(title).split())
    former = ft.norm(title).startswith("former ")  # 'Former Officer': an other relationship
    if is_other or former or (words & _OTHER_WORDS and not words & (_TITLE_WORDS - {"director"})):
        h.other_text = Val(title, title, 0.5)
    else:
        h.officer_title = Val(title, title, 0.3 if ctx.label_lines("officer") else 0.6)


def _title_case(text: str) -> str:
    """'Chief Operating officer' -> 'Chief Operating Officer' (a title-case title with one
    word out of case); all-capitals and lower-case titles stay as they are."""
    words = text.split()
    caps = [w[:1].isupper() for w in words if w[:1].isalpha()]
    if len(caps) >= 2 and sum(caps) >= len(caps) - 1 and not text.isupper():
        out = []
        for w in words:
            if w[:1].islower() and ft.norm(w) in _TITLE_WORDS and ft.norm(w) not in (
                    "of", "and", "the"):
                w = w[:1].upper() + w[1:]
            out.append(w)
        return " ".join(out)
    return text


def _pick_title(cands: list[tuple[int, str]], known: set[str], *, other: bool = False
                ) -> str | None:
    """The officer title (or, with ``other``, the text of 'Other (specify below)') among the
    left-over value texts of the header."""
    if other and any(re.search(r"\bsee remarks\b", t, re.IGNORECASE) for _, t in cands):
        return "See Remarks"  # read at the end of another box's line
    best: tuple[float, str] | None = None
    # psm 6 reads box 5's title on the line of boxes 1 and 3, after box 3's date: each part
    # of a line between dates is a candidate of its own
    texts = [t for _, text in cands for t in [text] + (
        _DATE_TOKEN.split(text) if _DATE_TOKEN.search(text) else [])]
    for text in texts:
        t = _DATE_TOKEN.sub(" ", text)
        t = _LABEL_REMNANTS.sub(" ", t)
        t = re.sub(r"\[\s*[A-Z.]{1,8}\s*\]|\((?:[A-Z]{2,6})\)", " ", t)
        t = re.sub(r"\s+", " ", t).strip(" ,;:|_-=.'\"")
        words = [w for w in t.split() if any(c.isalnum() for c in w)]
        if not words or _CSZ.search(" " + t + " ") or _address_like(t):
            continue
        if any(t in k or k in t for k in known if k):
            continue
        vocab = _TITLE_WORDS | _OTHER_WORDS
        hits = sum(ft.norm(w) in vocab for w in words)
        if not sum(ft.norm(w) in (vocab if other else _TITLE_WORDS) for w in words):
            continue
        junk = sum(len(w) <= 2 and not w.isupper() and w.lower() not in _FUNCTION_WORDS
                   for w in words)
        score = hits / len(words) - 0.2 * junk
        lead = 0
        while lead < len(words) and ft.norm(words[lead]) not in _TITLE_WORDS and \
                not words[lead][:1].isupper():
            lead += 1
        words = words[lead:]
        if not words or score < 0.3:
            continue
        text_out = _title_case(" ".join(words))
        if best is None or score > best[0]:
            best = (score, text_out)
    return best[1] if best else None
