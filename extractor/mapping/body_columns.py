"""Columns from what their cells hold (pure): the fallback for a table whose header OCR lost.

A bad fax can leave a table's ruled grid intact while its small header print is unreadable
("1*Tjtte nf Security (Instr 3)"), so no column heading matches the lexicon. The body still
says what each column is: dates, one-letter transaction codes, share counts with thousands
separators, (A)/(D), prices with "$", D/I, words. This module matches the leaf columns (the
spaces between vertical rules), in order, to the form's leaf fields in order, by how well each
column's cell texts fit the field; fields a filing often leaves blank (deemed execution date,
the V box, the nature of indirect ownership) may be absent or empty.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

# The kind of one cell word, footnote markers taken off.
DATE, NUMBER, PRICE, LETTER, WORD, OTHER = "date", "number", "price", "letter", "word", "other"
COUNT = "count"  # a whole number of a million or more ("2,151,981"): shares, never a price
SHORT = "short"  # two or three characters led by a letter: a garbled code or a short word

_MARKERS = re.compile(r"(?:\(\s*[0-9IlO]{1,2}\s*\)?)+$|^\(\s*[0-9IlO]{1,2}\s*\)$")
_DATE = re.compile(r"^\d{1,2}[/\-.]\d{1,2}[/\-.]\d{2,4}$"
                   r"|^[01]?\d\W{0,2}[0-3]?\d\W{0,2}(?:19|20)\d\d$")  # separators lost
_NUMBER = re.compile(r"^\(?[\d,.]*\d[\d,.]*\)?$")
_PRICE = re.compile(r"^\$\s?[\d,.]*\d[\d,.]*$")
_COUNT = re.compile(r"^\d{1,3}(?:,\d{3}){2,}$")
_LETTER = re.compile(r"^\(?([A-Z])\)?$")
_WORD = re.compile(r"^[A-Za-z][A-Za-z'&.,\-/]+$")

TRANSACTION_LETTERS = frozenset("PSVAIDFGMCXEHOUZJKLW")

# Per leaf field: which word kinds (and letters) it holds.
_KINDS: dict[str, frozenset[str]] = {
    "security_title": frozenset({WORD, OTHER}),
    "underlying_security_title": frozenset({WORD, OTHER}),
    "nature_of_ownership": frozenset({WORD, OTHER}),
    "transaction_date": frozenset({DATE}),
    "deemed_execution_date": frozenset({DATE}),
    "exercise_date": frozenset({DATE, WORD}),
    "expiration_date": frozenset({DATE, WORD}),
    "transaction_code": frozenset({LETTER}),
    "equity_swap_involved": frozenset({LETTER}),
    "shares": frozenset({NUMBER, COUNT}),
    "shares_acquired": frozenset({NUMBER, COUNT}),
    "shares_disposed": frozenset({NUMBER, COUNT}),
    "underlying_security_shares": frozenset({NUMBER, COUNT}),
    "shares_owned_following_transaction": frozenset({NUMBER, COUNT}),
    "acquired_disposed_code": frozenset({LETTER}),
    "price_per_share": frozenset({PRICE, NUMBER}),
    "conversion_or_exercise_price": frozenset({PRICE, NUMBER}),
    "direct_or_indirect_ownership": frozenset({LETTER}),
}
_LETTERS: dict[str, frozenset[str]] = {
    "transaction_code": TRANSACTION_LETTERS,
    "equity_swap_involved": frozenset("V"),
    "acquired_disposed_code": frozenset("AD"),
    "direct_or_indirect_ownership": frozenset("DI"),
}
# Often blank on a filing: a blank column may be one of these, and they may go unfound.
OFTEN_BLANK = frozenset({"deemed_execution_date", "equity_swap_involved", "nature_of_ownership",
                         "price_per_share", "conversion_or_exercise_price", "exercise_date",
                         "expiration_date", "shares_acquired", "shares_disposed"})


@lru_cache(maxsize=4096)
def word_kind(text: str) -> tuple[str, str]:
    """(kind, letter) of one cell word; the letter for a one-letter word and for a short
    one led by a capital (a code whose marker came out garbled)."""
    core = _MARKERS.sub("", text.strip()).strip() or text.strip()
    if _DATE.match(core):
        return DATE, ""
    if _PRICE.match(core):
        return PRICE, ""
    if _COUNT.match(core):
        return COUNT, ""
    if _NUMBER.match(core) and sum(ch.isdigit() for ch in core) >= 1:
        return NUMBER, ""
    m = _LETTER.match(core)
    if m:
        return LETTER, m.group(1)
    if core and len(core) <= 3 and core[0].isupper() and \
            not any(ch.isupper() for ch in core[1:]):
        # A code with its marker garbled ("Sh", "Ss!") or a short word: either.
        return SHORT, core[0].upper()
    if _WORD.match(core):
        return WORD, ""
    return OTHER, ""


def is_data(text: str) -> bool:
    """A date, an amount or a price: what a table row holds and a scrap of noise does not."""
    kind, _ = word_kind(text)
    return kind in (DATE, PRICE, COUNT) or (kind == NUMBER and
                                            sum(ch.isdigit() for ch in text) >= 3)


def counts(text: str) -> bool:
    """Whether a cell word says what its column holds: not a bare footnote marker, not a
    scrap of marks."""
    return bool(text.strip()) and not _MARKERS.fullmatch(text.strip()) and \
        word_kind(text)[0] != OTHER


def compatible(field_id: str, text: str) -> bool | None:
    """Whether a cell word is of a kind the field holds (None for a word that does not
    count)."""
    if not counts(text):
        return None
    return _fits(field_id, *word_kind(text))


def _fits(field_id: str, kind: str, letter: str) -> bool:
    letters = _LETTERS.get(field_id)
    if kind == SHORT:
        return letter in letters if letters is not None else \
            WORD in _KINDS.get(field_id, frozenset({WORD}))
    return kind in _KINDS.get(field_id, frozenset({WORD, OTHER})) and (
        letters is None or kind != LETTER or letter in letters)


def agreement(words: Sequence[tuple[str, str | None]]) -> int:
    """Words that fit the field their column gives them, less those that do not or lie in no
    column: ``words`` holds (text, field or None) for the words of a table's body."""
    total = 0
    for text, field_id in words:
        ok = compatible(field_id, text) if field_id is not None else \
            (False if counts(text) else None)
        if ok is not None:
            total += 1 if ok else -1
    return total


def fit(field_id: str, texts: Sequence[str]) -> float:
    """How well a column's cell words fit a field: +1 per word of a kind the field holds,
    -1 per other word; a field often blank gains 0.5 when blank and loses 0.5 when not (a
    blank column of another field loses 0.5)."""
    scored = [ok for ok in (compatible(field_id, t) for t in texts) if ok is not None]
    blank_prior = 0.5 if field_id in OFTEN_BLANK else -0.5
    if not scored:
        return blank_prior
    return float(2 * sum(scored) - len(scored)) - max(0.0, blank_prior)


def assign(columns: Sequence[Sequence[str]], fields: Sequence[str]) -> list[str | None]:
    """The field of each column (None: none fits), columns and fields both in order, chosen
    to maximize the summed :func:`fit` (a monotone alignment). ``columns`` holds each leaf
    column's cell words."""
    n, m = len(columns), len(fields)
    neg = float("-inf")
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: dict[tuple[int, int], tuple[int, int, bool]] = {}
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            cur = best[i][j]
            if cur == neg:
                continue
            if j < m:  # field j not on the page
                v = cur - (0.0 if fields[j] in OFTEN_BLANK else 1.0)
                if v > best[i][j + 1]:
                    best[i][j + 1], back[(i, j + 1)] = v, (i, j, False)
            if i < n:  # column i is none of the fields (a stray rule's sliver)
                v = cur - 0.2 - sum(counts(t) for t in columns[i])
                if v > best[i + 1][j]:
                    best[i + 1][j], back[(i + 1, j)] = v, (i, j, False)
            if i < n and j < m:
                v = cur + fit(fields[j], columns[i])
                if v > best[i + 1][j + 1]:
                    best[i + 1][j + 1], back[(i + 1, j + 1)] = v, (i, j, True)
    out: list[str | None] = [None] * n
    i, j = n, m
    while (i, j) in back:
        pi, pj, matched = back[(i, j)]
        if matched:
            out[pi] = fields[pj]
        i, j = pi, pj
    return out
