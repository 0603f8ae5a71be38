"""The row grammar (pure): one line of OCR text from Table I or II -> typed cells.

A data line is tokenized, footnote markers are split off each token, and the tokens are
parsed against the table's columns in order by dynamic programming: every column takes zero
(empty), one or two tokens (a date or number OCR split in two, a ``$`` read as a separate
``5``) or, for free text (titles, nature of ownership), any run of tokens; any token may also
be skipped as noise. Each choice has a cost (see :mod:`extractor.text.tokens`); the parse of
least total cost wins. Transactions and holdings are separate grammars and the cheaper one is
taken.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from extractor.text import tokens as tk
from extractor.text.tokens import Reading, Token, Val

# --- the grammars ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Col:
    name: str
    kind: str  # text | date | datew | code | v | number | ad | price | di
    empty: float  # cost of leaving the column empty
    present: float = 0.0  # extra cost of filling it (rare columns)


TABLE1_TRANSACTION = (
    Col("security_title", "text", 1.5),
    Col("transaction_date", "date", 3.0),
    Col("deemed_execution_date", "date", 0.0, 1.0),
    Col("transaction_code", "code", 2.5),
    Col("equity_swap_involved", "v", 0.0, 0.3),
    Col("shares", "number", 3.5),
    Col("acquired_disposed_code", "ad", 2.0),
    Col("price_per_share", "price", 1.0),
    Col("shares_owned_following_transaction", "number", 3.0),
    Col("direct_or_indirect_ownership", "di", 1.5),
    Col("nature_of_ownership", "nature", 0.0),
)
TABLE1_HOLDING = (
    Col("security_title", "text", 3.0),
    Col("shares_owned_following_transaction", "number", 4.0),
    Col("direct_or_indirect_ownership", "di", 1.5),
    Col("nature_of_ownership", "nature", 0.0),
)
TABLE2_TRANSACTION = (
    Col("security_title", "text", 1.5),
    Col("conversion_or_exercise_price", "price", 0.4),
    Col("transaction_date", "date", 3.0),
    Col("deemed_execution_date", "date", 0.0, 1.0),
    Col("transaction_code", "code", 2.5),
    Col("equity_swap_involved", "v", 0.0, 0.3),
    Col("shares", "number", 3.5),
    Col("exercise_date", "datew", 0.5),
    Col("expiration_date", "datew", 0.5),
    Col("underlying_security_title", "text", 1.5),
    Col("underlying_security_shares", "number", 2.0),
    Col("price_per_share", "price", 0.8),
    Col("shares_owned_following_transaction", "number", 2.5),
    Col("direct_or_indirect_ownership", "di", 1.5),
    Col("nature_of_ownership", "nature", 0.0),
)
TABLE2_HOLDING = (
    Col("security_title", "text", 2.0),
    Col("conversion_or_exercise_price", "price", 0.4),
    Col("exercise_date", "datew", 0.5),
    Col("expiration_date", "datew", 0.5),
    Col("underlying_security_title", "text", 1.5),
    Col("underlying_security_shares", "number", 2.0),
    Col("shares_owned_following_transaction", "number", 2.5),
    Col("direct_or_indirect_ownership", "di", 1.5),
    Col("nature_of_ownership", "nature", 0.0),
)

GRAMMARS: dict[str, tuple[tuple[Col, ...], tuple[Col, ...]]] = {
    "table1": (TABLE1_TRANSACTION, TABLE1_HOLDING),
    "table2": (TABLE2_TRANSACTION, TABLE2_HOLDING),
}

# --- tokens ---------------------------------------------------------------------------------

_PURE_MARK = re.compile(r"^(?:\(\s*[0-9IlO!]{1,2}\s*\),?)+$")
_EDGE_JUNK = "\"'`~_=[]{}<>«»‘’“”„*"


_SPLIT_PRICE = re.compile(r"(?<!\S)([$S§]\d{1,3}(?:,\d{3})*) ?\. (\d{1,4})(?=[\s(|)]|$)")


def _join_split_prices(line: str) -> str:
    """A price OCR split after its decimal point put together: '$68 . 25 (13)', '$68. 21'
    -> '$68.25 (13)', '$68.21' ('$68 .40' is a split the grammar reads itself)."""
    return _SPLIT_PRICE.sub(r"\1.\2", line)


def tokenize(line: str) -> list[Token]:
    """Split a data line into tokens, markers split off; '|' and edge noise dropped; a marker
    standing alone ('$15.64 (1)') joins the token before it."""
    raw = re.findall(r"[^\s|]+", _join_split_prices(line))
    out: list[Token] = []
    for r in raw:
        s = r.strip(_EDGE_JUNK)
        if not s:
            continue
        if _PURE_MARK.match(s) and out and out[-1].core:
            prev = out[-1]
            t = tk.split_marker(s)
            out[-1] = Token(prev.raw + s, prev.core, prev.footnotes + t.footnotes, prev.flags)
            continue
        out.append(tk.split_marker(s))
    return out


# --- costs of single tokens -----------------------------------------------------------------


def text_cost(t: Token) -> float:
    """Cost of a token as a word of a security title."""
    c = t.core
    if not c:
        return 0.05
    if tk.is_word(c):
        return 0.0
    if re.fullmatch(r"\$?0?\.\d{2,5}", c):
        return 0.4  # a par value: 'Common Stock, par value $0.001 per share'
    if tk.read_date(c) is not None:
        return 6.0
    if tk.is_punct(c):
        return 0.15
    if re.fullmatch(r"[\d,.$]+", c):
        return 1.8
    return 0.35


_NATURE_START = frozenset({"by", "see", "held", "through", "as", "trust", "spouse", "ira",
                           "custodian", "footnote", "footnotes", "via", "in", "owned", "for"})


def nature_cost(t: Token) -> float:
    """Cost of a token as a word of the nature of indirect ownership."""
    c = t.core
    if not c:
        return 0.05
    if tk.is_word(c):
        letters = sum(ch.isalpha() for ch in c)
        return 0.25 if letters >= 3 or c.lower() in _NATURE_START else 0.8
    if tk.read_date(c) is not None:
        return 6.0
    if tk.is_punct(c):
        return 0.2
    if re.fullmatch(r"[\d,.$]+", c):
        return 3.5
    return 0.5


def junk_cost(t: Token) -> float:
    """Cost of skipping a token as noise."""
    c = t.core
    if not c:
        return 0.1
    if tk.is_punct(c):
        return 0.05
    if tk.read_date(c) is not None:
        return 6.0
    if len(c) == 1:
        return 0.9
    if re.fullmatch(r"[\d,.$]+", c):
        return 2.2 if len(c) < 4 else 3.0
    return 1.4 + 0.1 * min(len(c), 10)


# --- cells ----------------------------------------------------------------------------------


def _cell(r: Reading, toks: Sequence[Token], extra: float = 0.0) -> Val:
    notes = [f for t in toks for f in t.footnotes]
    flags = list(r.flags) + [f for t in toks for f in t.flags]
    return Val(r.value, " ".join(t.raw for t in toks), r.cost + extra,
               flags=list(dict.fromkeys(flags)), footnotes=list(dict.fromkeys(notes)))


_EXERCISE_WORDS = re.compile(r"^(immed(iately|\.)?|upon|n/?a|none|various|vest(ing|ed)?|"
                             r"see|note|footnote|\(\d\)|-)$", re.IGNORECASE)


# a date OCR garbled past reading that still shows its shape ('oe/is/2o1z2', 'as/se/aoiz')
# or its year ('o72e2011': the slashes lost)
GARBLED_DATE = re.compile(r"^[0-9A-Za-z]{1,3}/[0-9A-Za-z]{1,3}/[0-9A-Za-z]{2,5}[)}\]]?$|"
                          r"^(?=.*[A-Za-z])[0-9A-Za-z]{4}(?:19|20)\d{2}$")


def match(col: Col, toks: Sequence[Token]) -> Val | None:
    """The cell ``col`` makes of ``toks`` (one or two tokens), or None."""
    n = len(toks)
    kind = col.kind
    if kind in ("date", "datew"):
        if n == 1:
            core = toks[0].core
            r = tk.read_date(core)
            if r is not None:
                return _cell(r, toks, col.present)
            if kind == "date" and GARBLED_DATE.match(core):
                return _cell(Reading(None, 1.2, (), ("unparsed:garbled-date",), core), toks)
            if kind == "datew":
                if not core and toks[0].footnotes:
                    return _cell(Reading(None, 0.1), toks)
                if _EXERCISE_WORDS.match(core):
                    return _cell(Reading(None, 0.3), toks)
            return None
        if n == 2 and not toks[0].footnotes:
            r = tk.read_split_date(toks[0].core, toks[1].core)
            if r is not None:
                return _cell(r, toks, col.present)
            if kind == "datew" and _EXERCISE_WORDS.match(toks[0].core) and \
                    _EXERCISE_WORDS.match(toks[1].core):
                return _cell(Reading(None, 0.5), toks)
        return None
    if kind == "number":
        if n == 1:
            r = tk.read_number(toks[0].core)
            return _cell(r, toks) if r is not None else None
        if n == 2 and not toks[0].footnotes:
            r = tk.read_split_number(toks[0].core, toks[1].core)
            return _cell(r, toks) if r is not None else None
        return None
    if kind == "price":
        if n == 1:
            if not toks[0].core and toks[0].footnotes:
                return _cell(Reading(None, 0.3), toks)
            r = tk.read_price(toks[0].core)
            return _cell(r, toks) if r is not None else None
        if n == 2 and not toks[0].footnotes:
            r = tk.read_dollar_split(toks[0].core, toks[1].core) or tk.read_split_price(
                toks[0].core, toks[1].core)
            return _cell(r, toks) if r is not None else None
        return None
    if n != 1:
        return None
    core = toks[0].core
    if kind == "code":
        r = tk.read_code(core, tk.TRANSACTION_CODES)
    elif kind == "ad":
        r = tk.read_code(core, "AD")
    elif kind == "di":
        r = tk.read_code(core, "DI")
        if r is not None and r.value == "I" and core in ("1", "l", "|"):
            r = Reading("I", 0.7, (), ("repaired:ocr-code",), core)
    elif kind == "v":
        r = Reading(True, col.present, (), (), core) if core in ("V", "v") else None
    else:
        return None
    return _cell(r, toks) if r is not None else None


# --- the parse ------------------------------------------------------------------------------


@dataclass
class RowParse:
    table: str  # table1 | table2
    holding: bool
    cells: dict[str, Val]
    cost: float
    tokens: int
    junk: list[str]

    def value(self, name: str) -> Any:
        c = self.cells.get(name)
        return c.value if c else None

    def has(self, name: str) -> bool:
        c = self.cells.get(name)
        return c is not None and (c.value is not None and c.value != "" or bool(c.footnotes))


def _parse(toks: list[Token], cols: Sequence[Col]) -> tuple[float, dict[str, Val], list[str]]:
    n, m = len(toks), len(cols)
    inf = math.inf
    best = [[inf] * (n + 1) for _ in range(m + 1)]
    back: list[list[Any]] = [[None] * (n + 1) for _ in range(m + 1)]
    best[0][0] = 0.0
    prefix = [0.0]
    for t in toks:
        prefix.append(prefix[-1] + text_cost(t))
    nprefix = [0.0]
    for t in toks:
        nprefix.append(nprefix[-1] + nature_cost(t))
    jcost = [junk_cost(t) for t in toks]
    for c in range(m + 1):
        col = cols[c] if c < m else None
        for i in range(n + 1):
            b = best[c][i]
            if b == inf:
                continue
            if i < n and b + jcost[i] < best[c][i + 1]:
                best[c][i + 1] = b + jcost[i]
                back[c][i + 1] = ("junk", c, i)
            if col is None:
                continue
            # empty column
            if b + col.empty < best[c + 1][i]:
                best[c + 1][i] = b + col.empty
                back[c + 1][i] = ("empty", c, i, None)
            if col.kind == "text":
                for j in range(i + 1, n + 1):
                    cost = b + prefix[j] - prefix[i] + 0.02 * (j - i)
                    if cost < best[c + 1][j]:
                        best[c + 1][j] = cost
                        back[c + 1][j] = ("text", c, i, None)
                continue
            if col.kind == "nature" and i < n:
                start = 0.5 - (0.5 if toks[i].core.lower() in _NATURE_START else 0.0)
                for j in range(i + 1, n + 1):
                    cost = b + start + nprefix[j] - nprefix[i]
                    if toks[j - 1].core in ("D", "I"):
                        cost += 1.5  # a lone D or I ends the ownership column, not the nature
                    if cost < best[c + 1][j]:
                        best[c + 1][j] = cost
                        back[c + 1][j] = ("text", c, i, None)
                continue
            if col.kind == "nature":
                continue
            for length in (1, 2):
                j = i + length
                if j > n:
                    break
                cell = match(col, toks[i:j])
                if cell is None:
                    continue
                cost = b + cell.cost
                if cost < best[c + 1][j]:
                    best[c + 1][j] = cost
                    back[c + 1][j] = ("cell", c, i, cell)
    # backtrack
    cells: dict[str, Val] = {}
    junk: list[str] = []
    c, i = m, n
    while c > 0 or i > 0:
        step = back[c][i]
        if step is None:  # pragma: no cover - the DP always reaches (0, 0)
            break
        kind = step[0]
        if kind == "junk":
            junk.append(toks[step[2]].raw)
            c, i = step[1], step[2]
            continue
        pc, pi = step[1], step[2]
        col = cols[pc]
        if kind == "empty":
            cells[col.name] = Val(None, "", 0.0)
        elif kind == "text":
            part = toks[pi:i]
            words = " ".join(t.core for t in part if t.core).strip()
            notes = [f for t in part for f in t.footnotes]
            spent = (prefix if col.kind == "text" else nprefix)
            cells[col.name] = Val(words or None, " ".join(t.raw for t in part),
                                  spent[i] - spent[pi], footnotes=list(dict.fromkeys(notes)))
        else:
            cells[col.name] = step[3]
        c, i = pc, pi
    junk.reverse()
    return best[m][n], cells, junk


def parse_row(line: str | list[Token], table: str) -> RowParse | None:
    """The cheapest parse of a data line as a transaction or holding row of ``table``
    ("table1" or "table2"); None when the line has no tokens."""
    toks = tokenize(line) if isinstance(line, str) else line
    if not toks:
        return None
    transaction, holding = GRAMMARS[table]
    cost_t, cells_t, junk_t = _parse(toks, transaction)
    cost_h, cells_h, junk_h = _parse(toks, holding)
    as_t = RowParse(table, False, cells_t, cost_t, len(toks), junk_t)
    as_h = RowParse(table, True, cells_h, cost_h, len(toks), junk_h)
    first, second = (as_h, as_t) if (cost_h + 0.5 < cost_t or _no_transaction(as_t, as_h)) \
        and not _code_as_title(as_t, as_h) else (as_t, as_h)
    if not is_data_row(first) and is_data_row(second):
        return second  # the cheaper reading is no row at all: a row after all
    return first


def _code_as_title(as_t: RowParse, as_h: RowParse) -> bool:
    """A Table II line read as a holding whose underlying title is one letter or two (the
    transaction code after the date, 'Convertible 10/15/2004 C 249,000 Stock 249,000'),
    where it reads as a transaction with its date, code and shares."""
    title = as_h.value("underlying_security_title")
    return as_t.table == "table2" and isinstance(title, str) and len(title) <= 2 and all(
        as_t.has(n) for n in ("transaction_date", "transaction_code", "shares"))


def _no_transaction(as_t: RowParse, as_h: RowParse) -> bool:
    """A Table II line read as a transaction without a code or any amount where it reads as
    a holding with both its dates: the dates are the option's, the amounts lost."""
    return as_t.table == "table2" and not any(as_t.has(n) for n in (
        "transaction_code", "shares", "underlying_security_shares",
        "shares_owned_following_transaction")) and as_h.has("exercise_date") and as_h.has(
        "expiration_date")


_STRONG = ("transaction_date", "transaction_code", "shares", "acquired_disposed_code",
           "price_per_share", "shares_owned_following_transaction",
           "direct_or_indirect_ownership", "exercise_date", "expiration_date",
           "underlying_security_shares", "conversion_or_exercise_price")


def strength(p: RowParse) -> int:
    """How many typed (non-text) cells the parse filled."""
    return sum(p.has(n) for n in _STRONG)


def garbled_date(p: RowParse) -> bool:
    """Whether the row's transaction date is there but OCR garbled it past reading."""
    c = p.cells.get("transaction_date")
    return c is not None and "unparsed:garbled-date" in c.flags


def is_data_row(p: RowParse | None) -> bool:
    """Enough typed cells, cheaply enough, to be a row of the table (not a header line or a
    fragment of wrapped text)."""
    if p is None:
        return False
    per_token = p.cost / max(1, p.tokens)
    if p.holding:
        title = p.cells.get("security_title")
        if p.table == "table2":  # the title often stands on the lines around (wrapped)
            dates = p.has("exercise_date") + p.has("expiration_date")
            return (p.has("shares_owned_following_transaction") and (
                p.has("underlying_security_shares") and (dates or p.has(
                    "conversion_or_exercise_price")) or dates == 2) or dates == 2 and p.has(
                "conversion_or_exercise_price") and not any(
                    c.isdigit() for j in p.junk for c in j)) and len(p.junk) <= 3
            # (the last: its amounts lost, none passed over as junk)
        # without its D or I only cleanly: every word of the title a title's, no junk but a
        # speck (the 'I' misread: '4,149 q By Trust')
        sure = p.has("direct_or_indirect_ownership") or _names_holder(p) and \
            len(_word_junk(p)) <= 1 and all(len(j) == 1 for j in _word_junk(p))
        ok = p.has("shares_owned_following_transaction") and sure and title is not None and \
            title.value is not None and title.cost < 2.0 and len(_word_junk(p)) <= 2
        if ok and title is not None:
            from extractor.text.formtext import norm

            words = norm(title.value or "").split()
            share = 0.5 if p.has("direct_or_indirect_ownership") else 1.0
            ok = bool(words) and sum(w in TITLE_VOCAB for w in words) >= share * len(words)
        if p.table == "table2":
            ok = ok and (p.has("underlying_security_shares") or p.has("exercise_date")
                         or p.has("expiration_date") or p.has("conversion_or_exercise_price"))
        return ok and per_token < 1.2 and p.cost < 9
    garbled = garbled_date(p)
    s = strength(p) + garbled
    ok = (p.has("transaction_date") or garbled) and s >= 3 or (
        p.has("transaction_code") and p.has("shares") and s >= 4) or (
        p.has("shares") and p.has("shares_owned_following_transaction") and s >= 4)
    return ok and p.cost < 12 + 0.3 * p.tokens


def _word_junk(p: RowParse) -> list[str]:
    """The tokens a parse passed over that hold a letter or a digit (specks aside)."""
    return [j for j in p.junk if any(c.isalnum() for c in j)]


def _names_holder(p: RowParse) -> bool:
    """Whether a row's nature of ownership begins as one does ('By GRAT', 'See footnote'):
    an indirect holding whose thin 'I' OCR lost or read as a rule ('463 | By GRAT')."""
    nature = p.cells.get("nature_of_ownership")
    words = (nature.value or "").split() if nature else []
    return bool(words) and words[0].lower() in ("by", "see", "held", "through") and len(words) >= 2


TITLE_VOCAB = frozenset("""common stock shares share class a b c d series ordinary preferred
units unit restricted option options right to buy sell warrant warrants performance deferred
phantom employee incentive non qualified nonqualified par value per of the convertible notes
note depositary american receipts ads adr limited partnership interests interest partnership
llc lp capital trust beneficial subordinate voting non-voting nonvoting membership stock-settled
cash settled appreciation rights sar sars psu psus rsu rsus award awards""".split())
