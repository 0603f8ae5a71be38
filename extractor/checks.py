"""Consistency checks and repairs (pure): Form 4's redundancy used to catch and mend OCR errors.

Every repair is recorded in the field's ``flags`` (``repaired:<check>``), every failed check
in the record's ``warnings`` and in the flags of the fields involved (``check-failed:<check>``),
and fields a check confirmed carry ``check-passed:<check>``; the confidence model reads these.

Checks:
* holdings arithmetic: consecutive rows of one security and ownership form satisfy
  following = previous following +/- shares (sign from (A)/(D)); a value that breaks it is
  replaced by the one that satisfies it when that value is a plausible misreading of its text
  (one or two digits apart, or a digit group OCR split);
* transaction code vs (A)/(D): P, A (and M, C, X in Table I) acquire; S, F, D dispose (and M, C,
  X dispose of the derivative in Table II); a missing (A)/(D) is filled from the code;
* amounts are never negative (a dash read as a minus);
* a title read once that is a few letters from one read on other rows is that title;
* an exercise or conversion's shares agree on both tables (Table I acquires what Table II
  disposes of the same day): a misread side is mended from the side a check confirmed;
* Table II: a holding's underlying amount equals the number owned;
* Table I prices lie close together (a price several times off the others is mended or failed);
* a care-of street line that reads as the issuer's name takes the issuer's spelling;
* a transaction row has a date: one lost is taken from the filing's other dates when what
  was read is a misreading of one of them, or all other rows share one;
* a transaction row has a code: one lost is taken from the rows that go the same way when
  they all share one;
* Direct (D) or Indirect (I) agrees with the nature of indirect ownership (a lost one is
  filled from it);
* period of report (box 3) equals the earliest transaction date;
* a signature date that reads as no date is the date one or two digits away from it that
  falls first on or after the filing's last transaction (within 60 days);
* footnote markers refer to footnotes that exist, and every footnote is referred to;
* dates plausible and ordered, prices not negative, share counts whole unless written with a
  fraction, parentheses of short texts balanced.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from extractor.mapping.assemble import _vocabulary, today
from extractor.mapping.boxes import PARTIAL_DATE
from extractor.mapping.normalize import (
    DIGIT_CONFUSIONS,
    RARE_TRANSACTION_CODES,
    TRANSACTION_CODES,
    bare_words,
    date_fixes,
    edit_distance,
    is_calendar_day,
    match_case,
    one_digit_date_fixes,
)
from extractor.record import TABLES, Field, Record, iter_fields

# G, J, L, W, Z and the rest can go either way and are not checked.
ALWAYS_ACQUIRED = frozenset("PA")
ALWAYS_DISPOSED = frozenset("SFD")
EXERCISE_CODES = frozenset("MCX")


def _flag(field: Field, flag: str) -> None:
    if flag not in field["flags"]:
        field["flags"].append(flag)


def _digits(text: str | None) -> str:
    return re.sub(r"\D", "", text or "")


def _value_digits(value: float) -> str:
    """The digits of an amount as it would be written (to four decimals, no trailing zeros)."""
    return _digits(f"{value:.4f}".rstrip("0").rstrip("."))


# Footnote markers after a number ('5,717(2)', '(F3)'): not digits of the number (notes are
# numbered from 1: '6 o(0)' is 600 read badly).
_MARKER = re.compile(r"(\(\s*[A-Za-z]?[1-9]\d?\s*\)\s*)+$")


def _plausible_misreading(field: Field, value: float) -> int | None:
    """How many digit edits turn what was read into ``value`` (None when more than two).
    Footnote markers read with the number are not its digits."""
    if value < 0 or value != value:
        return None
    want = _value_digits(value)
    got = (_digits(_MARKER.sub("", field.get("text") or ""))
           or _digits(str(field.get("value") or "")))
    if not got:
        return 2  # nothing legible was read: any consistent value is as good a reading
    if len(got) <= len(want) // 2 and _is_subsequence(got, want) and \
            re.search(r"[^\d,.$()\s]", str(field.get("text") or "")):
        return 2  # most digits lost in garbage ('§2. a' for 52,777): as good as nothing read
    d = edit_distance(got, want)
    return d if d <= 2 else None


def _num(field: Field) -> float | None:
    v = field.get("value")
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _fill(field: Field, value: Any, confidence: float, flag: str) -> None:
    """A value OCR lost, filled in from the rest of the filing, at a modest confidence."""
    field["value"] = value
    field["confidence"] = confidence
    _flag(field, flag)


def _mend(field: Field, value: Any, flag: str, factor: float = 0.9) -> None:
    """A value read wrong, replaced by what the rest of the filing says: never above 0.9 and
    lowered by how much the evidence leaves open."""
    field["value"] = value
    field["confidence"] = round(min(field["confidence"], 0.9) * factor, 4)
    _flag(field, flag)


def _set_number(field: Field, value: float, flag: str) -> None:
    _mend(field, int(value) if float(value).is_integer() else round(value, 6), flag, 0.95)


def _set_code(field: Field, code: str, flag: str) -> None:
    _mend(field, code, flag, 0.7)


def _chains(rows: list[dict[str, Field]]) -> Iterator[list[dict[str, Field]]]:
    """The rows of one security and ownership form, in table order (the holdings arithmetic
    runs along each chain; rows of another holding in between, as when direct and indirect
    sales alternate, do not break it)."""
    chains: dict[tuple[str, Any, str], list[dict[str, Field]]] = {}
    for row in rows:
        k = ((row["security_title"]["value"] or "").lower(),
             row["direct_or_indirect_ownership"]["value"],
             (row["nature_of_ownership"]["value"] or "").lower())
        chains.setdefault(k, []).append(row)
    yield from chains.values()


def check_disposition_from_holdings(record: Record, repair: bool = True) -> list[str]:
    """A lost (A)/(D) in Table I is the one the holdings say: the shares owned after the row
    are those after the row before plus the amount (A) or minus it (D). Only when exactly
    one of the two balances."""
    if not repair:
        return []
    for chain in _chains(record.get("non_derivative_transactions") or []):
        for prev, row in zip(chain, chain[1:], strict=False):
            ad = row["acquired_disposed_code"]
            if ad["value"] is not None:
                continue
            b = _num(prev["shares_owned_following_transaction"])
            s, a = _num(row["shares"]), _num(row["shares_owned_following_transaction"])
            if b is None or s is None or a is None or s == 0:
                continue
            fits = [code for code, sign in (("A", 1), ("D", -1)) if abs(b + sign * s - a) < 1e-6]
            if len(fits) == 1:
                _fill(ad, fits[0], 0.7, "repaired:disposition-from-holdings")
    return []


def check_holdings_arithmetic(record: Record, table: str = "non_derivative_transactions",
                              repair: bool = True) -> list[str]:
    problems: list[str] = []
    rows = record.get(table) or []
    index = {id(r): i for i, r in enumerate(rows)}
    failed: list[tuple[dict[str, Field], dict[str, Field], int]] = []
    for chain in _chains(rows):
        for prev, row in zip(chain, chain[1:], strict=False):
            before, shares, after = (prev["shares_owned_following_transaction"], row["shares"],
                                     row["shares_owned_following_transaction"])
            code = row["acquired_disposed_code"]["value"]
            b, s, a = _num(before), _num(shares), _num(after)
            if code not in ("A", "D"):
                continue
            sign = 1 if code == "A" else -1
            if repair and [b, s, a].count(None) == 1:
                _solve_unread(before, shares, after, sign)
                continue
            if b is None or s is None or a is None:
                continue
            if abs(b + sign * s - a) < 1e-6:
                for f in (before, shares, after):
                    _flag(f, "check-passed:holdings-arithmetic")
                continue
            fixed = False
            if repair:
                # Solve for each of the three in turn; mend the one whose text is the most
                # plausible misreading of the value that would balance the row.
                options = [(after, b + sign * s), (before, a - sign * s), (shares, sign * (a - b))]
                # Cost: digit edits needed, plus how sure we were of the reading.
                scored = []
                for f, v in options:
                    d = _plausible_misreading(f, v)
                    if d is not None:
                        scored.append((d + 3.0 * float(f["confidence"]), id(f), f, v))
                if scored:
                    scored.sort(key=lambda t: t[0])
                    best = scored[0]
                    tie = len(scored) > 1 and scored[1][0] - best[0] < 0.1
                    if not tie:
                        _set_number(best[2], best[3], "repaired:holdings-arithmetic")
                        for f in (before, shares, after):
                            if f is not best[2]:
                                _flag(f, "check-passed:holdings-arithmetic")
                        fixed = True
            if not fixed:
                failed.append((prev, row, sign))
                for f in (before, shares, after):
                    _flag(f, "check-failed:holdings-arithmetic")
    for prev, row, sign in failed:
        before, shares, after = (prev["shares_owned_following_transaction"], row["shares"],
                                 row["shares_owned_following_transaction"])
        b, s, a = _num(before), _num(shares), _num(after)
        if repair and _confirmed_amount(before, shares, after, sign):
            for f in (before, shares, after):
                f["flags"].remove("check-failed:holdings-arithmetic")
            _set_number(shares, sign * (a - b), "repaired:holdings-arithmetic")
            continue
        problems.append(f"{table}[{index[id(row)]}]: shares owned following ({a:g}) is not "
                        f"{b:g} {'+' if sign > 0 else '-'} {s:g}")
    return problems


def _confirmed_amount(before: Field, shares: Field, after: Field, sign: int) -> bool:
    """Whether a row's amount, more than two digits off, is what its holdings say: both
    holdings balance with the rows on their other side (so neither is the misread one), and
    the amount they give has as many digits as were read, half of them the same
    ("12,060.909" read for 12,369.999 between 224,341.583 and 211,971.584)."""
    b, s, a = _num(before), _num(shares), _num(after)
    if b is None or s is None or a is None or sign * (a - b) <= 0:
        return False
    if not all("check-passed:holdings-arithmetic" in f["flags"] for f in (before, after)):
        return False
    got, want = _value_digits(s), _value_digits(sign * (a - b))
    return len(got) == len(want) >= 3 and \
        sum(x == y for x, y in zip(got, want, strict=True)) * 2 >= len(want)


def check_acquisition_within_holdings(record: Record, repair: bool = True) -> list[str]:
    """The first row of a holding's chain (no row before it to balance against): shares
    acquired are at most the shares owned after ("211,000" acquired, 29,020 owned after: one
    of the two misread). 451 of the 463 acquisitions of the EDGAR XML filings we hold keep
    to it; the others (a fund's distribution reported with the holdings of one partner) are
    rare enough that a row breaking it is doubted: its amounts are read again alone. So in
    Table II (8,053 of the 8,138 acquisitions of the SEC's 2024 Q3 data set keep to it)."""
    problems: list[str] = []
    for table in ("non_derivative_transactions", "derivative_transactions"):
        rows = record.get(table) or []
        index = {id(r): i for i, r in enumerate(rows)}
        for chain in _chains(rows):
            row = chain[0]
            shares, after = row["shares"], row["shares_owned_following_transaction"]
            s, a = _num(shares), _num(after)
            if row["acquired_disposed_code"]["value"] != "A" or s is None or a is None or \
                    s <= a + 1e-6 or _passed(shares) or _passed(after):
                continue
            problems.append(f"{table}[{index[id(row)]}]: acquired {s:g} is more than the "
                            f"{a:g} owned after")
            for f in (shares, after):
                _flag(f, "check-failed:acquired-over-holdings")
    return problems


def _solve_unread(before: Field, shares: Field, after: Field, sign: int) -> None:
    """One of a row's three holdings numbers unread ('heefn(2)' for 5,955): the value the
    other two give, when it is a positive amount (a holding may be nil) and what was read
    of it could be that value (its legible digits two edits from it at most). The other two
    are no more checked by this row than before; a wrong one makes a wrong fill of a field
    that was empty, at the modest confidence of a fill."""
    b, s, a = _num(before), _num(shares), _num(after)
    if s is None and b is not None and a is not None:
        field, value, positive = shares, sign * (a - b), True
    elif a is None and b is not None and s is not None:
        field, value, positive = after, b + sign * s, False
    elif b is None and s is not None and a is not None:
        field, value, positive = before, a - sign * s, False
    else:
        return
    if value < 0 or (positive and value == 0) or _plausible_misreading(field, value) is None:
        return
    _fill(field, int(value) if float(value).is_integer() else round(value, 6), 0.6,
          "repaired:holdings-arithmetic")


# Letters one stroke apart, as a worn scan turns one code into another: (code read, (A)/(D))
# -> the code that goes that way. E (expiration of a short derivative position) belongs to
# Table II: in Table I it is an F that lost its foot, or acquiring, a P whose bowl read as
# arms (no EDGAR filing we hold writes E in Table I).
_CODE_MISREADINGS = {("P", "D"): "F", ("E", "D"): "F", ("F", "A"): "P", ("E", "A"): "P"}


def _direction(code: str | None, derivative: bool) -> str | None:
    """The (A)/(D) a transaction code goes with, when it always goes one way."""
    if code in ALWAYS_ACQUIRED:
        return "A"
    if code in ALWAYS_DISPOSED:
        return "D"
    if code in EXERCISE_CODES:
        return "D" if derivative else "A"
    return None


def _code_the_filing_names(record: Record, table: str, row: dict[str, Field],
                           derivative: bool) -> str | None:
    """Another code for a row whose code is in doubt, when the filing says which:
    - an acquisition in Table I of exactly the underlying shares a Table II exercise or
      conversion disposes of that day is that exercise ('S(1)' read for the C of a
      conversion, its (A) read right), when its code goes the other way or was guessed;
    - a code guessed from a misread letter ('a' taken as A: codes are printed in capitals)
      (or taken from a cell read with no letter, "(0)") that the rows going the same way
      all contradict is theirs (or the exercise's); one
      that goes against its (A)/(D) gives way even to the likeliest code of that direction.
    A code read as printed that goes its row's way, and a J read by its hook, stay."""
    field, ad = row["transaction_code"], row["acquired_disposed_code"]["value"]
    code, date, shares = field["value"], row["transaction_date"]["value"], _num(row["shares"])
    against = _direction(code, derivative) not in (None, ad)
    # (a J read by its hook, "jim", "ye", is no guess: that shape is a J's)
    guessed = "repaired:ocr-code" in field["flags"] and not (
        code == "J" and re.match(r"[^A-Za-z]*[jy]", field.get("text") or ""))
    if not (against or guessed):
        return None  # a code read as printed that goes its row's way stays
    if not derivative and ad == "A" and date and shares:
        pair = {r["transaction_code"]["value"] for r in _other_side(record, table, date)
                if r["transaction_code"]["value"] in EXERCISE_CODES
                and _num(r["underlying_security_shares"]) == shares}
        if len(pair) == 1 and code not in pair:
            return pair.pop()
    if not guessed:
        return None
    letters = re.sub(r"[^A-Za-z]", "", re.sub(r"\(.*$", "", field.get("text") or ""))
    lower_case = bool(letters) and letters.islower()  # 'a(1)', not 'cS' (a speck and an S)
    # (nor a code read with no letter at all: "(0)" for "S(1)", its letter lost)
    if not (against or lower_case or not letters):
        return None
    found = _code_from_filing(record, table, row)
    # (against its direction, even the likeliest code of that direction beats the guess)
    if found is None or (found[2] == "repaired:code-guessed" and not against) or \
            found[0] == code or _direction(found[0], derivative) not in (None, ad) or \
            (not against and found[1] < 0.6):
        return None
    return found[0]


def check_code_vs_acquired_disposed(record: Record, repair: bool = True) -> list[str]:
    """The transaction code goes with (A) or (D): purchases and awards acquire, sales and tax
    withholding dispose, exercises and conversions acquire in Table I and dispose in Table II.
    A code that contradicts its (A)/(D) but is one stroke from one that agrees ("P" for "F")
    is that code, and a doubted one the filing names otherwise is that one
    (:func:`_code_the_filing_names`); a lost (A)/(D) is filled from the code."""
    problems = []
    for table, derivative in (("non_derivative_transactions", False),
                              ("derivative_transactions", True)):
        for i, row in enumerate(record.get(table) or []):
            code = row["transaction_code"]["value"]
            ad = row["acquired_disposed_code"]
            if not code:
                continue
            better = _CODE_MISREADINGS.get((code, ad["value"])) if not derivative else None
            if repair and better is None and ad["value"] is not None:
                better = _code_the_filing_names(record, table, row, derivative)
            if repair and better is not None:
                _set_code(row["transaction_code"], better, "repaired:code-vs-acquired-disposed")
                code = better
            expected = _direction(code, derivative)
            if expected is None:
                continue
            if ad["value"] is None and repair and (row["shares"]["value"] is not None or
                                                   row["transaction_date"]["value"] is not None):
                # (a row that gives a dollar value, not an amount, still goes one way)
                _fill(ad, expected, 0.6, "repaired:code-vs-acquired-disposed")
            elif ad["value"] == expected:
                _flag(ad, "check-passed:code-vs-acquired-disposed")
                _flag(row["transaction_code"], "check-passed:code-vs-acquired-disposed")
            elif ad["value"] is not None:
                problems.append(f"{table}[{i}]: code {code} usually goes with ({expected}), "
                                f"not ({ad['value']})")
                _flag(ad, "check-failed:code-vs-acquired-disposed")
                _flag(row["transaction_code"], "check-failed:code-vs-acquired-disposed")
    return problems


# What a row without a legible code most likely is, by table and (A)/(D), when nothing else in
# the filing tells: sales and awards in Table I, exercises and grants in Table II (the SEC's
# data sets: 8,151 of 10,305 derivative dispositions are M, 7,338 of 8,191 acquisitions A).
_LIKELIEST_CODE = {("non_derivative_transactions", "D"): "S",
                   ("non_derivative_transactions", "A"): "A",
                   ("derivative_transactions", "D"): "M",
                   ("derivative_transactions", "A"): "A"}
_OTHER_TABLE = {"non_derivative_transactions": ("derivative_transactions", "D"),
                "derivative_transactions": ("non_derivative_transactions", "A")}


def _other_side(record: Record, table: str, date: Any) -> list[dict[str, Field]]:
    """The rows on the other side of an exercise or conversion that day: Table II's
    dispositions for a Table I row, Table I's acquisitions for a Table II row."""
    other, other_ad = _OTHER_TABLE[table]
    return [r for r in record.get(other) or [] if r["transaction_date"]["value"] == date
            and r["acquired_disposed_code"]["value"] == other_ad]


def _code_from_filing(record: Record, table: str, row: dict[str, Field]
                      ) -> tuple[str, float, str] | None:
    """(code, confidence, flag) for a transaction row whose code OCR lost, from the best
    evidence the filing holds: the other side of an exercise or conversion on the same date
    (Table I acquires what Table II disposes of, under one code; a G there is a C worn), the
    codes of the rows that go the same way, else the likeliest code for the table and
    direction (a guess; a row always carries a code). When the cell was read as several
    code letters ("CG"), the filing chooses among them."""
    ad = row["acquired_disposed_code"]["value"]
    if ad not in ("A", "D"):
        # Neither code nor direction read (a row that gives dollars, not an amount): the
        # rows of the same security on the same day, when they agree.
        title, date = row["security_title"]["value"], row["transaction_date"]["value"]
        same = [r["transaction_code"]["value"] for r in record.get(table) or []
                if r is not row and title and date and r["security_title"]["value"] == title
                and r["transaction_date"]["value"] == date and r["transaction_code"]["value"]]
        if len(set(same)) == 1:
            return same[0], 0.45, "repaired:code-from-neighbours"
        # or when nearly all of them do (twenty sales that day, a misread I or J among them)
        top = max(set(same), key=same.count, default=None)
        if top is not None and same.count(top) >= 5 and same.count(top) >= 0.8 * len(same):
            return top, 0.4, "repaired:code-from-neighbours"
        return None
    read = frozenset(c for c in row["transaction_code"].get("text") or "" if c in TRANSACTION_CODES)

    def among(codes: set[str]) -> set[str]:
        return codes & read if len(read) >= 2 and codes & read else codes

    date = row["transaction_date"]["value"]
    pair: set[str] = set()
    if ad == ("A" if table == "non_derivative_transactions" else "D"):
        pair = among({"C" if code == "G" else code for r in _other_side(record, table, date)
                      if (code := r["transaction_code"]["value"]) in EXERCISE_CODES | {"G"}})
        if len(pair) == 1:
            return pair.pop(), 0.6, "repaired:code-from-exercise"
    # (a code that is itself a guess is no evidence)
    rows = [r for r in record.get(table) or [] if r is not row
            and r["transaction_code"]["value"] and r["acquired_disposed_code"]["value"] == ad
            and "repaired:code-guessed" not in (r["transaction_code"].get("flags") or [])]
    codes = [r["transaction_code"]["value"] for r in rows]
    if len(pair) >= 2:
        # Exercises and conversions of several kinds that day (C and X): the kind most rows
        # of that day show on both tables, when one leads.
        counts = Counter(c for r in (*rows, *_other_side(record, table, date))
                         if r["transaction_date"]["value"] == date
                         and (c := r["transaction_code"]["value"]) in pair)
        ranked = counts.most_common(2)
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            return ranked[0][0], 0.45, "repaired:code-from-exercise"
    if len(read) >= 2 and (chosen := [c for c in codes if c in read]):
        # the one most rows have (of a tie, the first on the page)
        return max(chosen, key=chosen.count), 0.5, "repaired:code-from-neighbours"
    if codes and len(set(codes)) == 1:
        return codes[0], (0.6 if len(codes) >= 2 else 0.5), "repaired:code-from-neighbours"
    same_day = [r["transaction_code"]["value"] for r in rows
                if r["transaction_date"]["value"] == date]
    if same_day and len(set(same_day)) == 1:
        return same_day[0], 0.45, "repaired:code-from-neighbours"
    price = _num(row["price_per_share"]) or 0.0
    if table == "non_derivative_transactions" and ad == "A" and price > 0:
        return "P", 0.3, "repaired:code-guessed"  # bought at a price: awards come at $0
    if table == "non_derivative_transactions" and ad == "D" and price == 0 and \
            _reads_code(record, table, "J"):
        # disposed of for nothing: no sale; the filing's other transfers are J
        return "J", 0.35, "repaired:code-guessed"
    return _LIKELIEST_CODE[(table, ad)], 0.3, "repaired:code-guessed"


def _reads_code(record: Record, table: str, code: str) -> bool:
    """Whether a row of the table reads ``code`` as printed (not mended or guessed)."""
    return any(r["transaction_code"]["value"] == code and
               not any(x.startswith("repaired:") for x in r["transaction_code"].get("flags") or [])
               for r in record.get(table) or [])


def check_conversion_pairs(record: Record, repair: bool = True) -> list[str]:
    """A conversion shows on both tables the same day: Table II disposes of the convertible
    (code C, (D)) and Table I acquires the shares (code C, (A)). "C" worn to "G" (a gift) on
    either side, where the other side reads C or G too, is C: a gift does not take one
    security away and bring another in on the same day. So is a rare code on Table II ("L")
    disposing of as many shares as Table I's C acquires that day."""
    if not repair:
        return []
    t1 = record.get("non_derivative_transactions") or []
    t2 = record.get("derivative_transactions") or []
    for out_row in t2:
        if out_row["transaction_code"]["value"] in RARE_TRANSACTION_CODES and \
                out_row["acquired_disposed_code"]["value"] == "D" and any(
                r["transaction_date"]["value"] == out_row["transaction_date"]["value"]
                and r["transaction_code"]["value"] == "C"
                and r["acquired_disposed_code"]["value"] == "A"
                and _num(r["shares"]) is not None
                and _num(r["shares"]) == _num(out_row["underlying_security_shares"])
                for r in t1):
            # A rare code ("£L" for C) disposing of what Table I acquires by conversion that
            # day, the same number of shares: the conversion's C
            _set_code(out_row["transaction_code"], "C", "repaired:conversion-pair")
            continue
        # (neither amount column read: its (A) is no reading, only a default)
        unread = out_row["shares"]["value"] is None
        if out_row["transaction_code"]["value"] not in ("C", "G") or \
                out_row["acquired_disposed_code"]["value"] != "D" and not unread:
            continue
        date = out_row["transaction_date"]["value"]
        ins = [r for r in t1 if r["transaction_date"]["value"] == date and date is not None
               and r["acquired_disposed_code"]["value"] == "A"
               and r["transaction_code"]["value"] in ("C", "G")]
        if not ins or all(r["transaction_code"]["value"] == "G" for r in [out_row, *ins]) and \
                out_row["underlying_security_shares"]["value"] is None:
            continue
        for r in (out_row, *ins):
            if r["transaction_code"]["value"] == "G":
                _set_code(r["transaction_code"], "C", "repaired:conversion-pair")
    return []


def _passed(field: Field) -> bool:
    return any(f.startswith("check-passed:") for f in field["flags"])


def _comma_read_as_point(a: Field, b: Field) -> bool:
    """Two amounts that show the same digits, one whole and the other a fraction ('352.425'
    beside '352,425'): the point is a thousands comma misread."""
    x, y = _num(a), _num(b)
    return x is not None and y is not None and \
        _digits(a.get("text")) == _digits(b.get("text")) and x.is_integer() != y.is_integer()


def _lost_digits_of(field: Field, value: float) -> bool:
    """What was read is ``value`` misread (two digit edits at most) or with digits lost
    ('17 faa' for 17,217). The same digits are no misreading: they differ in a separator
    ('352,425' and '352.425'), which is for the fractional-shares check to settle."""
    got, want = _digits(field.get("text")), _value_digits(value)
    if got == want:
        return False
    if _plausible_misreading(field, value) is not None:
        return True
    return len(got) >= 2 and _is_subsequence(got, want)


# Derivatives counted in money, not in shares: column 5 gives a principal or is left empty.
_NOT_SHARES = re.compile(r"\b(?:notes?|debentures?|loans?|principal|bonds?)\b", re.IGNORECASE)


def check_exercise_amounts(record: Record, repair: bool = True) -> list[str]:
    """An exercise or conversion (code M, C or X) shows on both tables the same day: the
    shares Table I acquires are the underlying shares Table II disposes of. Pairs that agree
    are set aside; when one pair of a day and code is left that differs, one side confirmed
    by a check of its own (holdings arithmetic, Table II's amounts agreeing) and the other a
    misreading of it, the other is mended."""
    if not repair:
        return []
    # Per day and code: Table II's rows disposing of the derivative, Table I's acquiring.
    days: dict[tuple[Any, Any], tuple[list[dict[str, Field]], list[dict[str, Field]]]] = {}
    for table, ad, name, side in (("derivative_transactions", "D", "underlying_security_shares",
                                   0), ("non_derivative_transactions", "A", "shares", 1)):
        for row in record.get(table) or []:
            date, code = row["transaction_date"]["value"], row["transaction_code"]["value"]
            if date is not None and code in EXERCISE_CODES and \
                    row["acquired_disposed_code"]["value"] == ad and _num(row[name]) is not None:
                days.setdefault((date, code), ([], []))[side].append(row)
    for outs, ins in days.values():
        left_in = list(ins)
        left_out = []
        for out_row in outs:
            same = next((r for r in left_in if _num(r["shares"]) ==
                         _num(out_row["underlying_security_shares"])), None)
            if same is None:
                left_out.append(out_row)
            else:
                left_in.remove(same)
                own = out_row["shares"]
                if own["value"] is None and not (own.get("text") or "").strip() and \
                        not _NOT_SHARES.search(out_row["security_title"]["value"] or ""):
                    # Column 5 lost: the derivatives exercised or converted are the shares
                    # the pair's two sides agree on (not a note's principal, which no
                    # number of shares gives)
                    v = _num(same["shares"]) or 0.0
                    _fill(own, int(v) if v.is_integer() else v, 0.6, "repaired:amount-from-pair")
        if len(left_out) != 1 or len(left_in) != 1:
            continue
        underlying, shares = left_out[0]["underlying_security_shares"], left_in[0]["shares"]
        u, s = _num(underlying) or 0.0, _num(shares) or 0.0
        if _comma_read_as_point(underlying, shares):  # (across the two tables)
            if u.is_integer():
                _set_number(shares, u, "repaired:exercise-amounts")
            else:
                _set_number(underlying, s, "repaired:exercise-amounts")
                own = left_out[0]["shares"]  # Table II's own amount, read alike
                if _num(own) == u:
                    _set_number(own, s, "repaired:exercise-amounts")
            continue
        if _passed(underlying) and not _passed(shares) and _lost_digits_of(shares, u):
            _set_number(shares, u, "repaired:exercise-amounts")
        elif _passed(shares) and not _passed(underlying) and _lost_digits_of(underlying, s):
            _set_number(underlying, s, "repaired:exercise-amounts")
    return []


def check_missing_code(record: Record, repair: bool = True) -> list[str]:
    """A transaction row always has a code. When OCR lost a row's code (a lone letter the
    page pass dropped), it is filled from the rest of the filing (:func:`_code_from_filing`);
    a code that is only the likeliest one for its table and direction stays reported."""
    problems = []
    for table in ("non_derivative_transactions", "derivative_transactions"):
        for i, row in enumerate(record.get(table) or []):
            code = row["transaction_code"]
            # (a row with neither date nor amount may be no transaction at all)
            if code["value"] or (row["transaction_date"]["value"] is None and
                                 row["shares"]["value"] is None):
                continue
            found = _code_from_filing(record, table, row) if repair else None
            if found is not None:
                _fill(code, *found)
            if found is None or found[2] == "repaired:code-guessed":
                problems.append(f"{table}[{i}]: no transaction code read"
                                + (f" (taken as {found[0]}, the likeliest)" if found else ""))
                _flag(code, "check-failed:missing-code")
    return problems


def check_sale_for_nothing(record: Record, repair: bool = True) -> list[str]:
    """A sale has a price. A Table I disposal at $0 whose S was itself a mended misreading
    ("gai)" read for "J(1)") is the other transfer (J) the filing's other rows read."""
    if not repair or not _reads_code(record, "non_derivative_transactions", "J"):
        return []
    for row in record.get("non_derivative_transactions") or []:
        code = row["transaction_code"]
        if code["value"] == "S" and row["acquired_disposed_code"]["value"] == "D" and \
                _num(row["price_per_share"]) == 0 and \
                any(x in ("repaired:ocr-code", "repaired:code-guessed")
                    for x in code.get("flags") or []):
            _set_code(code, "J", "repaired:sale-for-nothing")
    return []


def check_missing_date(record: Record, repair: bool = True) -> list[str]:
    """A transaction row always has a date. One OCR could not read is taken from the dates
    the filing gives elsewhere (other rows, box 3) when what was read is a plausible
    misreading of exactly one of them, or, when nothing legible was read, when every other
    transaction of the filing has one and the same date. A date read from eight digits whose
    slashes were lost is weighed against the others (:func:`_settle_separator_date`); one
    none of them explains takes the date of the rows around it (:func:`_date_between`)."""
    problems = []
    rows = [(t, i, r) for t in ("non_derivative_transactions", "derivative_transactions")
            for i, r in enumerate(record.get(t) or [])]
    now = today()
    known = {r["transaction_date"]["value"] for _, _, r in rows
             if isinstance(r["transaction_date"]["value"], str)
             and r["transaction_date"]["value"] <= now}  # ("02/02 2032": a year misread)
    period = record.get("period_of_report", {}).get("value")
    candidates = set(known) | ({period} if isinstance(period, str) and len(period) == 10
                               else set())
    dated = Counter(r["transaction_date"]["value"] for _, _, r in rows)
    support = {d: n for d, n in dated.items() if d in known}
    unread: list[tuple[str, int, dict[str, Field]]] = []
    for table, i, row in rows:
        f = row["transaction_date"]
        if f["value"] is not None:
            if repair and "repaired:date-separators" in f["flags"]:
                _settle_separator_date(f, rows, period)
            if repair:
                _settle_lone_date(f, record.get(table) or [], i, dated[f["value"]], period)
            continue
        if row["shares"]["value"] is None and row["transaction_code"]["value"] is None:
            continue  # not a transaction row after all
        read = _digits(f.get("text"))
        choice = None
        fixes = one_digit_date_fixes(read)
        if len(read) >= 4 and not any(edit_distance(read, _date_digits(c), 1) <= 1
                                      for c in candidates) and len(fixes) == 1:
            choice = fixes[0]  # "95/06/2019": only 05/06/2019 is a date one digit away
        elif len(read) >= 4:
            near = sorted((edit_distance(read, _date_digits(c), 3), c) for c in candidates)
            near = [(d, c) for d, c in near if d <= 3]
            if near and (len(near) == 1 or near[0][0] < near[1][0]):
                choice = near[0][1]
            elif near:
                # As near to several: the one the filing's rows give far more often than
                # the others ("132021" between 12/13/2021, given by 20 rows, and 01/03/2021,
                # one row's misreading)
                tied = [c for d, c in near if d == near[0][0]]
                choice = _dominant(tied, support)
        elif len(known) == 1:
            choice = next(iter(known))
        else:
            choice = _dominant(sorted(known), support, share=0.8)
        if choice is None:
            # The rows above and below (dates run in order down a table) agree on one date
            # that holds what was read ("'2009" between two rows of 05/08/2009).
            table_rows = record.get(table) or []
            near_dates = {table_rows[k]["transaction_date"]["value"] for k in (i - 1, i + 1)
                          if 0 <= k < len(table_rows)} - {None}
            if len(near_dates) == 1:
                only = next(iter(near_dates))
                if _is_subsequence(read, _date_digits(only)):
                    choice = only
        if repair and choice is not None:
            _fill(f, choice, 0.5, "repaired:date-from-filing")
        else:
            unread.append((table, i, row))
    for table, i, row in unread:
        if not (repair and _date_between(record.get(table) or [], i)):
            problems.append(f"{table}[{i}]: no transaction date read")
            _flag(row["transaction_date"], "check-failed:missing-date")
    return problems


def _date_between(rows: list[dict[str, Field]], i: int) -> bool:
    """A row whose date none of the filing's dates explains, between dated rows: a table
    runs in date order, so the date of the nearest dated rows above and below when they
    agree ("VOTLOLS" between two rows of 05/08/2013), or of the one whose digits are nearer
    to what was read ("7/2043" between 05/07/2013 and 05/08/2013: 05/07)."""
    dates = [r["transaction_date"]["value"] for r in rows]
    f = rows[i]["transaction_date"]
    above = next((d for d in reversed(dates[:i]) if d), None)
    below = next((d for d in dates[i + 1:] if d), None)
    if above is None or below is None:
        return False
    choice = above if above == below else None
    read = _digits(f.get("text"))
    if choice is None and len(read) >= 3:
        near = {d: edit_distance(read, _date_digits(d)) for d in (above, below)}
        if near[above] != near[below]:
            choice = min(near, key=near.__getitem__)
    if choice is not None:
        _fill(f, choice, 0.45, "repaired:date-from-neighbours")
    return choice is not None


def _dominant(dates: list[str], support: dict[str, int], share: float = 0.0) -> str | None:
    """The date of ``dates`` the filing's rows give three times or more and at least three
    times as often as any other of them (and on ``share`` of all dated rows)."""
    if not dates:
        return None
    ranked = sorted(dates, key=lambda c: -support.get(c, 0))
    top = support.get(ranked[0], 0)
    others = [support.get(c, 0) for c in ranked[1:]]
    if top >= 3 and all(top >= 3 * n for n in others) and \
            top >= share * sum(support.values()):
        return ranked[0]
    return None


def _settle_separator_date(f: Field, rows: list[tuple[str, int, dict[str, Field]]],
                           period: Any) -> None:
    """A date read without its slashes ('0425/2010') is eight digits taken on trust: when
    the filing's other dates do not include it but one of them is a digit away, that one."""
    others = {r["transaction_date"]["value"] for _, _, r in rows
              if r["transaction_date"] is not f and isinstance(r["transaction_date"]["value"], str)}
    if isinstance(period, str) and len(period) == 10:
        others.add(period)
    if f["value"] in others:
        return
    read = _date_digits(f["value"])
    near = [c for c in others if edit_distance(read, _date_digits(c), 1) <= 1]
    if len(near) == 1:
        _mend(f, near[0], "repaired:date-from-filing", 0.8)


def _settle_lone_date(f: Field, table_rows: list[dict[str, Field]], i: int, given: int,
                      period: Any) -> None:
    """A date a digit from the one date of the rows above and below it, given by no other row
    of the filing nor by box 3 ('03/14/2024' between two rows of 03/11/2024): that date. Of
    the 1,977 rows of the EDGAR XML filings we hold between two rows of one date, 18 have a
    date a digit away, and all 18 repeat in the filing (two dates alternating). ``given``:
    how many of the filing's rows give this row's date."""
    if not 0 < i < len(table_rows) - 1:
        return
    above, below = (table_rows[k]["transaction_date"]["value"] for k in (i - 1, i + 1))
    value = f["value"]
    if not isinstance(above, str) or above != below or value == above or value == period:
        return
    if not isinstance(value, str) or len(value) != 10 or len(above) != 10:
        return
    if given > 1:
        return
    read, near = _date_digits(value), _date_digits(above)
    if sum(a != b for a, b in zip(read, near, strict=True)) == 1:
        _mend(f, above, "repaired:date-from-neighbours", 0.8)


def _is_subsequence(part: str, whole: str) -> bool:
    it = iter(whole)
    return all(ch in it for ch in part)


def _date_digits(iso: str) -> str:
    """'2018-12-21' as the form prints it, digits only: '12212018'."""
    y, m, d = iso.split("-")
    return f"{m}{d}{y}"


def check_ownership_form(record: Record, repair: bool = True) -> list[str]:
    """Direct (D) or Indirect (I) against column 7/11, the nature of indirect ownership: in
    EDGAR's ownership XML a row with no nature is direct (all 1,256 we hold) and one with a
    nature is indirect (97 %). A lost D or I is filled from it; a disagreement is a warning."""
    problems = []
    for table in TABLES:
        for i, row in enumerate(record.get(table) or []):
            form, nature = row["direct_or_indirect_ownership"], row["nature_of_ownership"]
            expected = "I" if nature["value"] else "D"
            if form["value"] is None:
                if repair:
                    _fill(form, expected, 0.6, "repaired:ownership-form-from-nature")
            elif form["value"] == expected:
                _flag(form, "check-passed:ownership-form")
            elif form["value"] == "I":
                problems.append(f"{table}[{i}]: indirect ownership without its nature")
                _flag(form, "check-failed:ownership-form")
    return problems


_TITLE_FIELDS = (("non_derivative_transactions", "security_title"),
                 ("non_derivative_holdings", "security_title"),
                 ("derivative_transactions", "security_title"),
                 ("derivative_holdings", "security_title"),
                 ("derivative_transactions", "underlying_security_title"),
                 ("derivative_holdings", "underlying_security_title"))


def _other_class(a: str, b: str) -> bool:
    """'Series E Preferred Stock' and 'Series C Preferred Stock', 'Class A' and 'Class B': two
    securities that differ in a one- or two-character designation are two securities."""
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb):
        return False
    differ = [(x, y) for x, y in zip(ta, tb, strict=True) if x != y]
    def designation(t: str) -> bool:
        t = t.strip(",.()")
        return 0 < len(t) <= 2 and t.isalnum()

    return bool(differ) and all(designation(x) and designation(y) for x, y in differ)


_NO_DESIGNATOR = re.compile(r"\b(?:Class|Series)\s+(?=(?:Common|Preferred|Stock|Ordinary|Shares"
                            r"|Units?|Convertible)\b)", re.IGNORECASE)
_DESIGNATOR = re.compile(r"\b(Class|Series)\s+[A-Z0-9][A-Z0-9-]{0,3}\s+", re.IGNORECASE)


def _title_word(token: str) -> str:
    return token.strip(",.;:()").lower()


def _one_word_misread(v: str, w: str) -> bool:
    """Two titles of a filing alike but for one word, which in ``v`` is no word of any
    security's title and in ``w`` is one, not far from it ("Class A Cuntion Stock" and
    "Class A Common Stock", "Stock .Option (Right to Buy)" and "Stock Option (Right to
    Buy)"): ``v`` is ``w`` misread. A designation ("Class B") is never taken for another."""
    from extractor.mapping.lexicon import title_vocabulary

    tv, tw = v.split(), w.split()
    if len(tv) != len(tw):
        return False
    differ = [(a, b) for a, b in zip(tv, tw, strict=True) if a != b]
    if len(differ) != 1:
        return False
    a, b = differ[0]
    if a.lstrip(".,'`") == b:  # a speck read before the word
        return True
    known = title_vocabulary()
    word_a, word_b = _title_word(a), _title_word(b)
    if len(word_b) < 3 or word_a in known or word_b not in known:
        return False
    return edit_distance(a.lower(), b.lower()) <= 0.6 * max(len(a), len(b))


def _small_word_lost(v: str, w: str) -> bool:
    """``v`` is the filing's title ``w`` with one word in lower case lost and perhaps a scrap
    of two letters or fewer read after it ("Common Stock, par value $0.001 share Be" for
    "... $0.001 per share"): a word of real titles ("te Common Stock" is no title the other
    is misread from). A capitalised word lost may name another security ("Stock Option" and
    "Employee Stock Option"): not taken."""
    tv, tw = v.split(), w.split()
    while tv and len(tv[-1].strip(".,;:'`")) <= 2 and len(tv) >= len(tw):
        tv = tv[:-1]
    if len(tw) != len(tv) + 1:
        return False
    from extractor.mapping.lexicon import title_vocabulary

    for i, word in enumerate(tw):
        if tw[:i] + tw[i + 1:] == tv:
            return word.isalpha() and word.islower() and len(word) >= 3 and \
                word in title_vocabulary()
    return False


def check_title_consensus(record: Record, repair: bool = True) -> list[str]:
    """A filing names its securities the same way on every row. A title read once that is a
    couple of letters away from one read on at least two other rows ("Common Steck" among
    "Common Stock") is that title."""
    fields = [row[name] for table, name in _TITLE_FIELDS for row in record.get(table) or []
              if isinstance(row.get(name), dict)]
    counts: dict[str, int] = {}
    for f in fields:
        if isinstance(f["value"], str):
            counts[f["value"]] = counts.get(f["value"], 0) + 1
    if not repair:
        return []
    for f in fields:
        # "Class Common Stock": the class's letter lost (on every row, as a lone capital
        # often is) is no title; a reading elsewhere that has it is the whole of it.
        v = f["value"]
        if isinstance(v, str) and _NO_DESIGNATOR.search(v):
            whole = {w for w in counts if _DESIGNATOR.sub(r"\1 ", w) == v and w != v}
            if len(whole) == 1:
                _mend(f, whole.pop(), "repaired:title-consensus")
    for f in fields:
        v = f["value"]
        if not isinstance(v, str) or counts[v] > 1:
            continue
        # A speck or two before the title ("C common Stock", "(Common Stock", "lc common
        # Stock"): the title read elsewhere that the rest is.
        rest = re.sub(r"^(?:[^A-Za-z0-9\s]+|[A-Za-z]{1,2}\s+(?=[A-Za-z]{3}))", "", v).strip()
        same = [w for w, n in counts.items() if n >= 2 and rest and w != v
                and w.lower() == rest.lower()]
        if rest != v and len(same) == 1:
            _mend(f, same[0], "repaired:title-consensus")
            continue
        if v.count("(") > v.count(")") or re.search(r"(,| par value| per| of| to)$", v):
            # "Employee Stock Option (right to", "Common Stock, par value": the end of a
            # wrapped title lost; a title read elsewhere that it begins is the whole of it.
            longer = [w for w in counts if w != v and w.startswith(v) and
                      w.count("(") == w.count(")")]
            if len(longer) == 1:
                _mend(f, longer[0], "repaired:title-consensus")
                continue
        lost = [w for w in counts if _small_word_lost(v, w)]
        if len(lost) == 1:
            _mend(f, lost[0], "repaired:title-consensus")
            continue
        one_word = [w for w in counts if _one_word_misread(v, w)]
        if len(one_word) == 1:
            _mend(f, one_word[0], "repaired:title-consensus")
            continue
        limit = max(1, len(v) // 6)
        best = min(((edit_distance(v.lower(), w.lower(), limit), -n, w)
                    for w, n in counts.items() if w != v and n >= 2
                    and not _other_class(v, w)
                    and not (_NO_DESIGNATOR.search(w) and not _NO_DESIGNATOR.search(v))),
                   default=None)
        if best is not None and best[0] <= limit:
            _mend(f, best[2], "repaired:title-consensus")
    _fill_lost_titles(record)
    return []


def _fill_lost_titles(record: Record) -> None:
    """Every row of the tables names its security. A row whose title was lost (its cell read
    empty) in a table whose other rows read one title, at least twice, takes that title."""
    for table in TABLES:
        rows = record.get(table) or []
        titles = [r["security_title"]["value"] for r in rows
                  if isinstance(r["security_title"]["value"], str)]
        if len(titles) < 2 or len(set(titles)) != 1:
            continue
        for r in rows:
            f = r["security_title"]
            if f["value"] is None and not (f.get("text") or "").strip() and any(
                    r[name]["value"] is not None for name in ("transaction_date", "shares",
                                                              "shares_owned_following_transaction")
                    if name in r):
                _fill(f, titles[0], 0.6, "repaired:title-from-table")


# Words that end in a full stop of their own, not the sentence's.
_ABBREVIATIONS = {"inc.", "ltd.", "co.", "corp.", "jr.", "sr.", "n.a.", "l.p.", "l.l.c.",
                  "llc.", "u.s.", "s.a.", "b.v.", "n.v.", "p.c."}


def _note_spelling(name: str, note: str) -> str | None:
    """The stretch of a footnote that spells ``name`` ("... held directly by Palisade
    Opportunity Fund VI, LP. The ..."), as written there, without the sentence's stop."""
    from rapidfuzz import fuzz

    words, size = note.split(), len(name.split())
    best: tuple[float, str] = (0.0, "")
    for n in range(max(1, size - 1), size + 2):
        for i in range(0, len(words) - n + 1):
            cand = " ".join(words[i:i + n])
            score = fuzz.ratio(name, cand)
            if score > best[0]:
                best = (score, cand)
    score, cand = best
    if score < 85:
        return None
    last = cand.split()[-1]
    if cand[-1] in ".;:," and not (cand[-1] == "." and last.lower() in _ABBREVIATIONS):
        cand = cand[:-1]
    return cand


def check_nature_consensus(record: Record, repair: bool = True) -> list[str]:
    """A filing names the holder of indirect shares the same way on every row and in the note
    that explains it ("By Palisade Opportunity Fund VI, LP"). A nature of ownership read
    differently is mended to the spelling that more of the filing's readings agree on (two at
    least), or to the note's when the row's reading has words the notes never use (a name
    broken by OCR: "Princi ipals", "VII" for "VIII"); never to a reading with more such words
    than its own."""
    fields = [row["nature_of_ownership"] for table in TABLES
              for row in record.get(table) or []
              if isinstance(row.get("nature_of_ownership"), dict)
              and isinstance(row["nature_of_ownership"]["value"], str)]
    notes = [n["text"]["value"] for n in record.get("footnotes") or []
             if isinstance(n.get("text"), dict) and isinstance(n["text"]["value"], str)
             and n["text"]["confidence"] >= 0.7]  # not notes read as garbage
    if not repair or not fields:
        return []
    note_words = {w for t in notes for w in bare_words(t)}
    readings: dict[str, int] = {}
    for f in fields:
        readings[f["value"]] = readings.get(f["value"], 0) + 1
    for f in fields:
        best = _better_nature(f["value"], readings, notes, note_words)
        if best is not None:
            _mend(f, best, "repaired:nature-consensus", 0.85)
    return []


def _better_nature(value: str, readings: dict[str, int], notes: list[str],
                   note_words: set[str]) -> str | None:
    """The spelling a nature of ownership should take (see :func:`check_nature_consensus`),
    or None to keep it."""
    from rapidfuzz import fuzz

    prefix = "By " if value.startswith("By ") else ""
    name = value[len(prefix):]
    if len(name) < 8:
        return None
    longer = {c for c in readings if c.startswith(value + " ")
              and len(c.split()) - len(value.split()) >= 2}
    if len(longer) == 1 and len(value.split()) >= 3:
        # "By Windward Growth": the rest of the name lost ("By Trust" and "By Trust II", a
        # word apart, may be two holders)
        return longer.pop()

    def strange(text: str) -> int:
        """Words of a reading that no note of the filing uses."""
        return sum(1 for w in bare_words(text) if w and w not in note_words)

    support = dict(readings)
    from_notes: set[str] = set()
    for note in notes:
        spelled = _note_spelling(name, note)
        if spelled is not None:
            support[prefix + spelled] = support.get(prefix + spelled, 0) + 1
            from_notes.add(prefix + spelled)
            # A note may name the holder without its suffix ("managing member of Kestrel
            # Principals Fund, which ..."): a row that reads the name with one ("..., LLC")
            # is the note's holder, spelled in full.
            fuller = [c for c in readings if c.startswith(prefix + spelled + ",") and
                      re.search(r",\s*(?:LLC|L\.L\.C\.|L\.P\.|LP|Inc\.|Ltd\.)$", c)]
            if len(fuller) == 1:
                support[fuller[0]] = support.get(fuller[0], 0) + 1
                from_notes.add(fuller[0])
    own = strange(name)
    # without the specks and garbled markers after its words ("See Footnotes'2)4")
    bare = re.sub(r"[\s!?\"'*#:;,\d()\[\]{}@©®]+$", "", value)
    alike = {c: fuzz.ratio(value, c) for c in support if c != value and strange(c) <= own
             and not _written_twin(bare, c)}
    best = max((c for c, r in alike.items() if r >= 80 and not _other_holder(value, c,
                                                                            note_words)),
               key=lambda c: (support[c], alike[c]), default=None)
    if best is None:
        return None
    if strange(best) < own and best in from_notes and support[best] >= support[value]:
        return best
    return best if support[best] >= 2 and support[best] > support[value] else None


def _written_twin(a: str, b: str) -> bool:
    """Two natures a filing writes both ways, not an OCR slip: the same words but for a
    plural s ("See Footnote" in the holdings, "See Footnotes" in the transactions of one
    real filing)."""
    return a + "s" == b or b + "s" == a


def _other_holder(value: str, other: str, note_words: set[str]) -> bool:
    """Whether two natures of ownership name different holders rather than one read twice.
    Real filings list sibling funds whose names differ by a word: "Sequoia Capital Global
    Growth Fund" and "... Global Growth Principals Fund", "2010 Fund" and "2010-Seed Fund",
    "Partners Fund (Q)" and "Partners Fund". A reading is of
    another holder when "By" is on one side only, or when a word in which they differ is,
    on this reading's side, a word the filing's notes use (OCR garbles words into strings
    the notes do not hold; it does not write "Principals" or "(Q)" where there were none)."""
    import difflib

    def by(text: str) -> bool:  # "By ..." (after a speck read as a letter, "I By ...")
        return "by" in [w.lower() for w in text.split()[:2]]

    if by(value) != by(other):
        return True

    def words(text: str) -> list[str]:
        return [w for w in bare_words(text.replace("-", " ")) if w]

    mine, theirs = words(value), words(other)
    ops = difflib.SequenceMatcher(None, mine, theirs, autojunk=False).get_opcodes()
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            continue
        # A word only the other reading has (nothing in its place here) is a word this
        # reading does not name; a word replaced is judged on this reading's side.
        side, text = (theirs[j1:j2], other) if op == "insert" else (mine[i1:i2], value)
        for w in side:
            plain = w.replace(".", "")
            significant = len(plain) >= 3 or (
                len(plain) == 1 and plain.isalpha() and f"({plain})" in text.lower())
            if significant and w in note_words:
                return True
    return False


_NAME_CONFUSIONS = str.maketrans({"$": "S", "0": "O", "1": "I", "5": "S", "8": "B"})


def _signed_name(owner_tokens: list[str], signature: str) -> tuple[str, str | None, str] | None:
    """(first, middle initial or None, last) of the owner as a signature writes them
    ("/s/ Rosa A. Driscoll", "... as Attorney-in-Fact for Rosa A. Driscoll"), when the
    signature names the owner ("DRISCOLL ROSA A": last name first)."""
    from rapidfuzz import fuzz

    words = [w.strip(",.;:") for w in signature.replace("/s/", " ").split()]
    last, first = owner_tokens[0].lower(), owner_tokens[1].lower()
    for i, w in enumerate(words):
        if fuzz.ratio(w.lower(), first) < 80 or not w[:1].isupper():
            continue
        for j in (i + 1, i + 2):
            if j < len(words) and fuzz.ratio(words[j].lower(), last) >= 80:
                middle = words[i + 1] if j == i + 2 else None
                if middle is not None and not (len(middle) == 1 and middle.isalpha()):
                    middle = None
                return words[i], middle, words[j]
    return None


def check_owner_name_vs_signature(record: Record, repair: bool = True) -> list[str]:
    """An owner who signs (or for whom an attorney signs) is named twice: "DRISCOLL ROSA A" in
    box 1 and "Rosa A. Driscoll" under the signature. A box-1 reading that differs from the
    signed name only in spacing, punctuation or a letter read as a sign ("ROSAA",
    "Abernathy, Hannah G", "CAROLINE $"), follows it."""
    for owner in record.get("reporting_owners") or []:
        field = owner.get("name")
        if not repair or not isinstance(field, dict) or not isinstance(field["value"], str):
            continue
        value = field["value"]
        tokens = value.replace(",", " ").split()
        if not 2 <= len(tokens) <= 4 or any(t.upper().rstrip(".") in _CORPORATE_SUFFIXES
                                             for t in tokens):
            continue
        for sig in record.get("signatures") or []:
            text = sig.get("name", {}).get("value")
            found = _signed_name(tokens, text) if isinstance(text, str) else None
            if found is None:
                continue
            first, middle, last = found
            parts = [last, first] + ([middle] if middle else [])
            expected = " ".join(t.upper() if value.isupper() else t for t in parts)
            letters = re.sub(r"[^A-Z]", "", value.upper().translate(_NAME_CONFUSIONS))
            want = re.sub(r"[^A-Z]", "", expected.upper())
            # (A middle initial only the signature gives is no lost letter: real filings name
            # the owner without it 13 times where both agree on it 6.)
            if expected != value and letters == want:
                _mend(field, expected, "repaired:name-from-signature")
            break
    return []


def check_signature_vs_owner_name(record: Record, repair: bool = True) -> list[str]:
    """The converse: a word of a signature one letter off a word of an owner's name in box 1
    ("/s/ Diane A. Gallacher" beside "GALLAGHER DIANE A", "Kvle" beside "MORAN KYLE"): one of
    the two readings is wrong, and both are marked so. The signature takes box 1's word when
    box 1 was read the more surely of the two."""
    problems = []
    names = [o["name"] for o in record.get("reporting_owners") or []
             if isinstance(o.get("name"), dict) and isinstance(o["name"]["value"], str)]
    for i, sig in enumerate(record.get("signatures") or []):
        field = sig.get("name")
        if not isinstance(field, dict) or not isinstance(field["value"], str):
            continue
        for owner_name in names:
            words = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", owner_name["value"])}
            pairs = [(m, _one_letter_off(m.group(0), words))
                     for m in re.finditer(r"[A-Za-z]{4,}", field["value"])]
            pairs = [(m, w) for m, w in pairs if w is not None]
            if not pairs:
                continue
            surer = float(owner_name.get("ocr_min_conf", 0.0)) > float(
                field.get("ocr_min_conf", 100.0))
            if repair and surer:
                value = field["value"]
                for m, w in reversed(pairs):
                    token = m.group(0)
                    w = w.upper() if token.isupper() else w.capitalize()
                    value = value[:m.start()] + w + value[m.end():]
                _mend(field, value, "repaired:name-from-owner")
            else:
                problems.append(f"signatures[{i}]: the signed name and box 1 differ by a letter")
                _flag(field, "check-failed:owner-vs-signature")
                _flag(owner_name, "check-failed:owner-vs-signature")
    return problems


def _one_letter_off(token: str, words: set[str]) -> str | None:
    """The one word of ``words`` (lower case) that ``token`` misses by one letter, if any."""
    if token.lower() in words:
        return None
    near = [w for w in words if len(w) == len(token) and edit_distance(token.lower(), w, 1) == 1]
    return near[0] if len(near) == 1 else None


def _as_printed(field: Field) -> float | None:
    """The number a share count's text shows with its point taken as a decimal point."""
    m = re.fullmatch(r"\$?(\d{1,3}(?:,\d{3})*\.\d+)(?:\(\w{1,2}\))?",
                     (field.get("text") or "").replace(" ", "").removesuffix("."))
    return float(m.group(1).replace(",", "")) if m else None


def check_fractional_shares(record: Record, repair: bool = True) -> list[str]:
    """'329.381' read in a share column is usually '329,381' with its comma worn to a point,
    and is read so; but when a Table II row shows the point in both its amount and its
    underlying amount, two cells read alike are no accident: the shares are fractional
    (dividend equivalents, plan purchases), unless Table I acquires the whole numbers that
    day (:func:`_table_one_takes_the_whole`)."""
    rows = record.get("derivative_transactions") or []
    whole = [_table_one_takes_the_whole(record, row) for row in rows]
    for row, accounted in zip(rows, whole, strict=True):
        pair = [row.get("shares"), row.get("underlying_security_shares")]
        if not repair or accounted or not all(isinstance(f, dict) for f in pair):
            continue
        if not all("repaired:thousands-point" in f["flags"] for f in pair):
            continue
        values = [_as_printed(f) for f in pair]
        if values[0] is not None and values[0] == values[1]:
            for f, v in zip(pair, values, strict=True):
                f["flags"].remove("repaired:thousands-point")
                _set_number(f, v, "repaired:fractional-shares")
    if repair:
        for table in ("non_derivative_transactions", "derivative_transactions"):
            for chain in _chains(record.get(table) or []):
                for prev, row in zip([None, *chain], chain, strict=False):
                    _fraction_the_holdings_show(prev, row)
    return []


def _fraction_digits(value: float | None) -> str:
    """The digits after an amount's point as written ("" for a whole amount or none)."""
    if value is None or float(value).is_integer():
        return ""
    return f"{value:.6f}".rstrip("0").split(".")[1]


def check_holdings_fraction(record: Record, repair: bool = True) -> list[str]:
    """A holding read without its point: when a table's holdings carry one fraction (".838":
    the shares sold are whole, so the fraction stays), a holding read as a whole number that
    ends in the fraction's digits and is about a thousand times the others ("304,038,838"
    among "330,638.838" and "289,738.838") is that holding with its point read as a comma or
    lost."""
    if not repair:
        return []
    for table in ("non_derivative_transactions", "derivative_transactions"):
        holdings = [r["shares_owned_following_transaction"]
                    for r in record.get(table) or []]
        fractions = Counter(d for d in (_fraction_digits(_num(f)) for f in holdings) if d)
        if not fractions:
            continue
        fraction, n = fractions.most_common(1)[0]
        if n < 2 or 2 * n < sum(fractions.values()) or len(fraction) < 2:
            continue
        carrying = sorted(v for v in map(_num, holdings)
                          if v is not None and _fraction_digits(v) == fraction)
        middle, scale = carrying[len(carrying) // 2], 10 ** len(fraction)
        for f in holdings:
            v = _num(f)
            if v is not None and float(v).is_integer() and int(v) and \
                    str(int(v)).endswith(fraction) and middle / 4 <= v / scale <= middle * 4:
                _set_number(f, v / scale, "repaired:fraction-point")
    return []


def _table_one_takes_the_whole(record: Record, row: dict[str, Field]) -> bool:
    """Whether Table I acquires, on a Table II exercise or conversion row's date and under
    its code, exactly the underlying shares that Table II's rows of that date and code give
    as read (points taken as thousands commas): the whole numbers are right ("90.884" twice
    on a fax's row is 90,884 when the conversions add up to Table I's 5,741,552)."""
    date, code = row["transaction_date"]["value"], row["transaction_code"]["value"]
    if code is None:  # not yet read: the code of the day's other rows, if they agree
        codes = {r["transaction_code"]["value"] for r in record.get("derivative_transactions")
                 or [] if r["transaction_date"]["value"] == date} - {None}
        code = codes.pop() if len(codes) == 1 else None
    if code not in EXERCISE_CODES or not date:
        return False
    acquired = [_num(r["shares"]) for r in record.get("non_derivative_transactions") or []
                if r["transaction_date"]["value"] == date
                and r["transaction_code"]["value"] == code
                and r["acquired_disposed_code"]["value"] == "A"]
    given = [_num(r["underlying_security_shares"]) for r in
             record.get("derivative_transactions") or []
             if r["transaction_date"]["value"] == date
             and r["transaction_code"]["value"] in (code, None)]  # (a code not yet read)
    if not acquired or None in acquired or None in given:
        return False
    return abs(sum(acquired) - sum(given)) < 0.5  # type: ignore[arg-type]


def _fraction_the_holdings_show(prev: dict[str, Field] | None, row: dict[str, Field]) -> None:
    """A share count read with its point taken as a thousands comma ('907.847') is the
    fraction it shows when the holdings say so: the shares owned after the row carry a
    fraction that the fractional amount, and not the whole one, accounts for (whole before
    the row, or the holding of the row before)."""
    shares, after = row["shares"], row["shares_owned_following_transaction"]
    if "repaired:thousands-point" not in shares["flags"]:
        return
    fraction, a = _as_printed(shares), _num(after)
    if fraction is None or a is None or float(a).is_integer():
        return
    ad = row["acquired_disposed_code"]["value"]
    signs = {"A": (1,), "D": (-1,)}.get(ad, (1, -1))
    b = _num(prev["shares_owned_following_transaction"]) if prev is not None else None
    whole = _num(shares) or 0.0

    def fits(s: float) -> bool:
        return any((b is not None and abs(b + sign * s - a) < 1e-6) or
                   (b is None and abs(round(a - sign * s, 6) % 1) < 1e-6) for sign in signs)

    if fits(fraction) and not fits(whole):
        shares["flags"].remove("repaired:thousands-point")
        _set_number(shares, fraction, "repaired:fractional-shares")


_RELATIONSHIP = ("is_director", "is_officer", "is_ten_percent_owner", "is_other")


def check_relationship_boxes(record: Record, repair: bool = True) -> list[str]:
    """An owner's relationship boxes are read together: when some of them were read (marked or
    not) and another was not found at all, that one is unmarked; an officer's title read
    makes the officer box marked."""
    for owner in record.get("reporting_owners") or []:
        flags = [owner.get(k) for k in _RELATIONSHIP]
        if not repair or not all(isinstance(f, dict) for f in flags):
            continue
        title = owner.get("officer_title")
        if isinstance(title, dict) and title["value"] and owner["is_officer"]["value"] is None:
            _fill(owner["is_officer"], True, 0.7, "repaired:officer-from-title")
        if any(f["value"] is not None for f in flags):
            for f in flags:
                if f["value"] is None:
                    _fill(f, False, 0.7, "repaired:unmarked-box")
    return []


_AMOUNTS = ("shares", "price_per_share", "shares_owned_following_transaction",
            "underlying_security_shares", "conversion_or_exercise_price", "transaction_date",
            "exercise_date", "expiration_date")


def check_title_overflow(record: Record, repair: bool = True) -> list[str]:
    """'Incentive Stock Option' on one row and a row of its own reading only '(right to buy)':
    the title wrapped and its last line was taken for a holding. It goes back to the title
    above it (which has no parenthesis yet) and the empty row goes."""
    for tx_table, hold_table in (("non_derivative_transactions", "non_derivative_holdings"),
                                 ("derivative_transactions", "derivative_holdings")):
        above = [*(record.get(tx_table) or []), *(record.get(hold_table) or [])]
        for row in list(record.get(hold_table) or []):
            title = row.get("security_title") or {}
            text = title.get("value")
            if not repair or not isinstance(text, str) or not re.fullmatch(r"\(.*\)", text) \
                    or any((row.get(k) or {}).get("value") is not None for k in _AMOUNTS):
                continue
            k = next(i for i, r in enumerate(above) if r is row)
            prev = above[k - 1]["security_title"] if k > 0 else None
            if prev is None or not isinstance(prev["value"], str) or "(" in prev["value"]:
                continue
            _mend(prev, f"{prev['value']} {text}", "repaired:title-overflow")
            record[hold_table].remove(row)
            above.remove(row)
    return []


_AMOUNT_FIELDS = ("shares", "shares_acquired", "shares_disposed", "price_per_share",
                  "shares_owned_following_transaction", "underlying_security_shares",
                  "conversion_or_exercise_price")


# One glyph of a holding emptied by a disposal, worn: what a lone "0" reads as on a fax.
_ZERO_GLYPH = re.compile(r"^[035689OoQ]$")  # (not D: the next column's Direct)


def check_derivative_zero_holding(record: Record, repair: bool = True) -> list[str]:
    """A derivative disposal leaves nothing far more often than a handful: of the SEC data
    sets' 10,780 Table II disposals, 4,294 leave 0 and 11 leave one to nine. A holding after
    one read as a lone digit or letter a worn "0" looks like ('8', '6', 'Q') is 0."""
    if not repair:
        return []
    for row in record.get("derivative_transactions") or []:
        f = row["shares_owned_following_transaction"]
        if row["acquired_disposed_code"]["value"] != "D" or f["value"] == 0:
            continue
        read = _MARKER.sub("", (f.get("text") or "").strip()).strip()
        if _ZERO_GLYPH.match(read) and (f["value"] is None or 0 < (_num(f) or 0) < 10):
            _mend(f, 0, "repaired:emptied-holding", 0.8)
    return []


def check_signs(record: Record, repair: bool = True) -> list[str]:
    """Amounts on Form 4 are never negative: a minus is a dash or speck read before the
    number ("-5,100"); the number stays, the sign goes."""
    for table in TABLES:
        for row in record.get(table) or []:
            for name in _AMOUNT_FIELDS:
                f = row.get(name)
                v = f.get("value") if isinstance(f, dict) else None
                if repair and isinstance(v, (int, float)) and not isinstance(v, bool) and v < 0:
                    _set_number(f, -v, "repaired:sign")
    return []


def _fill_unread_amount(a: Field, b: Field) -> None:
    """Of two amounts that should agree, one read and one not read at all (no text): the
    unread one takes the other's value, at a modest confidence."""
    src, dst = (a, b) if _num(a) is not None else (b, a)
    if dst.get("value") is None and dst.get("text") is None:
        _set_number(dst, _num(src) or 0.0, "repaired:derivative-amounts")
        dst["confidence"] = round(min(dst["confidence"], 0.6), 4)


def check_derivative_amounts(record: Record, repair: bool = True) -> list[str]:
    """Table II: a holding's underlying amount (column 7) equals the number of derivative
    securities owned (column 9) in every holding of EDGAR's ownership XML we hold (42 of 42),
    and a transaction's underlying amount equals the securities acquired or disposed of in
    91 %. Holdings: when the two differ by a plausible misreading (or one was not read), the
    better read one is taken for both; otherwise both are marked failed. Transactions: an
    agreement is a confirmation; one of the two blank stays blank (a convertible note's row
    gives a dollar value, not a number of securities, and leaves column 5 empty: on seeds
    11500 and 11600 all 18 such fills were wrong, none right)."""
    problems = []
    for i, row in enumerate(record.get("derivative_holdings") or []):
        u, o = row["underlying_security_shares"], row["shares_owned_following_transaction"]
        uv, ov = _num(u), _num(o)
        if uv is not None and ov is not None and uv == ov:
            _flag(u, "check-passed:derivative-amounts")
            _flag(o, "check-passed:derivative-amounts")
            continue
        if uv is None and ov is None:
            continue
        if uv is None or ov is None:
            if repair:
                _fill_unread_amount(u, o)
            continue
        good, bad = (u, o) if u["confidence"] >= o["confidence"] else (o, u)
        if repair and _plausible_misreading(bad, _num(good) or 0.0) is not None:
            _set_number(bad, _num(good) or 0.0, "repaired:derivative-amounts")
        else:
            problems.append(f"derivative_holdings[{i}]: underlying amount {uv} is not the "
                            f"number owned {ov}")
            _flag(u, "check-failed:derivative-amounts")
            _flag(o, "check-failed:derivative-amounts")
    for i, row in enumerate(record.get("derivative_transactions") or []):
        u, f = row["underlying_security_shares"], row["shares"]
        if _num(u) is None or _num(f) is None:
            continue
        if _num(u) == _num(f):
            _flag(u, "check-passed:derivative-amounts")
            _flag(f, "check-passed:derivative-amounts")
        elif repair and _digits(u.get("text")) and _comma_read_as_point(u, f):
            # ('19,066.032' beside '19,066,032' in one row)
            whole, fraction = (u, f) if (_num(u) or 0.0).is_integer() else (f, u)
            _set_number(fraction, _num(whole) or 0.0, "repaired:derivative-amounts")
        elif edit_distance(f"{_num(u):g}", f"{_num(f):g}", 1) == 1:
            # One digit apart ('757976' beside '757576') is a misreading, not one of the
            # amounts that differ for a reason; which one is wrong the page does not say.
            problems.append(f"derivative_transactions[{i}]: underlying amount {_num(u):g} is "
                            f"one digit from the amount {_num(f):g}")
            _flag(u, "check-failed:derivative-amounts")
            _flag(f, "check-failed:derivative-amounts")
    return problems


_PRICE_RANGE = re.compile(r"ranging from \$?\s?(\d[\d,]*\.\d+) to \$?\s?(\d[\d,]*\.\d+)")


def _noted_range(record: Record, field: Field) -> tuple[float, float] | None:
    """The price range a weighted-average note gives for a price ("... at prices ranging
    from $14.31 to $14.60, inclusive")."""
    notes = {n.get("id"): n["text"]["value"] for n in record.get("footnotes") or []
             if isinstance(n.get("text"), dict) and isinstance(n["text"]["value"], str)}
    for fid in field.get("footnote_ids") or []:
        m = _PRICE_RANGE.search(notes.get(fid) or "")
        if m:
            lo, hi = (float(g.replace(",", "")) for g in m.groups())
            if 0 < lo <= hi:
                return lo, hi
    return None


def check_price_marker_sequence(record: Record, repair: bool = True) -> list[str]:
    """Weighted-average prices each cite a note of their own, numbered in table order
    ("$19.01(10)", "$19.01(11)", "$18.96(12)"). A price between two such whose marker was read
    into its digits ("$11.92012)": the "(" of (12) read as 0; "$18.96''2)": read as quotes)
    has the note due cut off again, when its reading ends in that number (or its last digit
    after debris) and the price left is one of four decimals at most that lies in the note's
    range, when the note gives one."""
    if not repair:
        return []
    notes = {n.get("id") for n in record.get("footnotes") or []}
    rows = record.get("non_derivative_transactions") or []

    def cited(f: Field) -> int | None:
        ids = f.get("footnote_ids") or []
        return int(ids[0][1:]) if len(ids) == 1 and ids[0][1:].isdigit() else None

    nums = [cited(r["price_per_share"]) for r in rows]
    for i in range(1, len(rows) - 1):
        before, after = nums[i - 1], nums[i + 1]
        if before is None or after != before + 2 or nums[i] == before + 1 or \
                f"F{before + 1}" not in notes:
            continue
        due, f = before + 1, rows[i]["price_per_share"]
        m = re.fullmatch(rf"\$?\s*(\d+\.\d*?)(?:[0(]?{due}|[^\d\s]{{1,3}}{due % 10})\)?\W*",
                         (f.get("text") or "").strip())
        if not m or len(m.group(1).split(".")[1]) > 4 or not m.group(1).split(".")[1]:
            continue
        price = float(m.group(1))
        probe = {**f, "footnote_ids": [f"F{due}"]}
        span = _noted_range(record, probe)
        if span is not None and not span[0] - 0.005 <= price <= span[1] + 0.005:
            continue
        f["footnote_ids"] = [f"F{due}"]
        if f["value"] != price:
            _set_number(f, price, "repaired:marker-in-sequence")
    return []


def check_price_in_noted_range(record: Record, repair: bool = True) -> list[str]:
    """A weighted-average price lies within the range its note gives. One far outside it (by
    its magnitude) is mended when dropping one digit (a bar read as 1, '$' as 9) brings it
    inside the range, and to a single such value; otherwise it is marked failed."""
    problems = []
    for i, row in enumerate(record.get("non_derivative_transactions") or []):
        f = row["price_per_share"]
        v = _num(f)
        span = _noted_range(record, f)
        if v is None or span is None:
            continue
        lo, hi = span

        def in_range(price: float, lo: float = lo, hi: float = hi) -> bool:
            return lo - 0.005 <= price <= hi + 0.005

        if in_range(v):
            _flag(f, "check-passed:price-range")
            continue
        text = f"{v:.6f}".rstrip("0").rstrip(".")
        readings = [float(c) for k in range(len(text)) if text[k].isdigit()
                    for c in [text[:k] + text[k + 1:]] if re.fullmatch(r"\d+(\.\d+)?", c)]
        # The thousands lost ('$1,102.562' read '102.562'), or the point ('1131672').
        readings += [v + 1000 * k for k in range(1, 10)]
        if "." not in text:
            readings += [float(text[:k] + "." + text[k:]) for k in range(1, len(text))]
        inside = {c for c in readings if in_range(c)}  # what lands in the range
        # Only a reading off by its magnitude is mended: one a little outside may be a sound
        # price whose marker was misread (F3 for F13), pointing at another note's range.
        if repair and len(inside) == 1 and not lo / 2 <= v <= hi * 2:
            _set_number(f, inside.pop(), "repaired:price-range")
        else:
            problems.append(f"non_derivative_transactions[{i}]: price {v:g} outside the "
                            f"range its note gives ({lo:g}-{hi:g})")
            _flag(f, "check-failed:price-range")
    return problems


def _price_as_read(field: Field) -> str:
    """The digits and points of a price's reading, without the markers after it (they are no
    digits of the price: '$2,593(7)')."""
    core = re.sub(r"(?:\s*\(\w{1,3}\)?)+$", "", field.get("text") or "")
    return re.sub(r"[^\d.]", "", core)


def check_prices(record: Record, repair: bool = True) -> list[str]:
    """Prices of one filing's Table I rows lie close together. One several times off the
    median of them all (three or more) is a misreading: mended when dropping a stray first
    digit ('$' read as 9 or 5) or placing a lost decimal point brings it among them,
    otherwise marked failed."""
    problems = []
    rows = record.get("non_derivative_transactions") or []
    prices = [(i, row["price_per_share"]) for i, row in enumerate(rows)
              if (_num(row["price_per_share"]) or 0) > 0]
    if len(prices) < 3:
        return problems
    values = sorted(_num(g) or 0.0 for _, g in prices)
    median = values[(len(values) - 1) // 2]
    for i, f in prices:
        v = _num(f) or 0.0
        if median / 3 <= v <= median * 3 or any(x.endswith(":price-range") and
                                                 not x.startswith("check-failed")
                                                 for x in f["flags"]):
            continue  # among the others, or borne out by the range its note gives
        text = _price_as_read(f)
        digits = text.replace(".", "") or _digits(str(v))
        candidates: list[float] = []
        if len(text) > 1:
            try:
                candidates.append(float(text[1:]))
            except ValueError:
                pass
        for k in range(1, min(4, len(digits))):
            candidates.append(float(digits[:k] + "." + digits[k:]))
        near = [c for c in candidates if median / 1.5 <= c <= median * 1.5]
        if not near and re.match(r"\$\s+\d[\d,]*(\(|$)", f.get("text") or "") and median >= 1:
            # "$ 18(3)" among prices of $5.xx: the gap after "$" is the "5." a fax lost
            lost = float(f"{int(median)}.{_digits(text) or digits}")
            near = [lost] if median / 1.5 <= lost <= median * 1.5 else []
        if repair and near:
            _set_number(f, min(near, key=lambda c: abs(c - median)), "repaired:price-outlier")
        else:
            problems.append(f"non_derivative_transactions[{i}]: price {v} far from the "
                            f"filing's other prices (median {median})")
            _flag(f, "check-failed:price-outlier")
    if repair:
        _mend_worn_first_digit(rows)
    return problems


_CLUSTER = 1.25  # sales within this factor of each other are one cluster of market prices


def _mend_worn_first_digit(rows: list[dict[str, Field]]) -> None:
    """Market prices of sales (or purchases) in one filing cluster tightly ($55.28 to $57.99):
    one well outside a tight cluster of three or more (three in four of the others), whose
    reading with its first digit changed is the only one that falls inside it, had that
    digit worn ('$55.28' read '95.28', the "$5" taken for a 9). Exercise and award prices
    are no market prices and are left alone."""
    for code in ("S", "P"):
        priced = [(row["price_per_share"], _num(row["price_per_share"]) or 0.0) for row in rows
                  if row["transaction_code"]["value"] == code
                  and (_num(row["price_per_share"]) or 0) > 0]
        for f, v in priced:
            others = sorted(x for g, x in priced if g is not f)
            if not others:
                continue
            median = others[(len(others) - 1) // 2]
            cluster = [x for x in others if median / _CLUSTER <= x <= median * _CLUSTER]
            if len(cluster) < 3 or len(cluster) < 0.75 * len(others) or \
                    min(cluster) / _CLUSTER <= v <= max(cluster) * _CLUSTER or \
                    any(x.endswith((":price-range", ":price-outlier")) for x in f["flags"]):
                continue
            text = _price_as_read(f)
            if not text[:1].isdigit() or text.count(".") > 1:
                continue
            lo, hi = min(cluster) / 1.05, max(cluster) * 1.05
            inside = {c for c in (float(d + text[1:]) for d in "123456789") if lo <= c <= hi}
            if len(inside) == 1:
                _set_number(f, inside.pop(), "repaired:price-outlier")


_CORPORATE_SUFFIXES = frozenset({"INC", "CORP", "LTD", "LLC", "CO", "LP", "PLC", "NV", "SA",
                                  "AG", "LLP", "CORPORATION", "COMPANY", "LIMITED"})


def _misread_name(read: str, name: str) -> bool:
    """The issuer's name as OCR garbles it on the care-of line: torn words ("CORP ORAT ION"),
    a letter or two misread in a long name ("INCORPGRATED"), the suffix cut short
    ("THERAPEUTICS C" for "THERAPEUTICS CO")."""
    if len(name) < 12 or not read:
        return False
    if read.replace(" ", "") == name.replace(" ", ""):
        return True
    last = name.rsplit(" ", 1)[-1]
    if name.startswith(read) and last in _CORPORATE_SUFFIXES and \
            len(read) > len(name) - len(last):
        return True
    return edit_distance(read, name, 2) <= (2 if len(name) >= 20 else 1)


_CLEAR_READING = 85.0  # Tesseract's least word confidence on a line read without doubt


def _stops(text: str) -> int:
    return len(re.findall(r"[.,]", text))


def _only_stops_differ(a: str, b: str) -> bool:
    """The same words and case, but for stops and commas."""
    def bare(t: str) -> str:
        return " ".join(re.sub(r"[.,]", " ", t).split())
    return bare(a) == bare(b)


_CARE_OF = re.compile(r"^\s*C\s*[/|]\s*[O0]\s*\.?\s*", re.IGNORECASE)
# "C/O" as a fax garbles it: "CAO", "CAD", "CO", "C7O", "YO", "(O", "O".
_GARBLED_CARE_OF = re.compile(r"^\s*(?:[CcYy(]?[A-Za-z/7]?[O0D]|[O0])\.?\s+")


def check_care_of_issuer(record: Record, repair: bool = True) -> list[str]:
    """A care-of street line names the issuer ("C/O WEXLEY FINANCIAL GROUP, INC."): when it
    reads as the issuer's name but for a lost stop or a case slip, the issuer's name (box 2)
    mends it, in the line's capitals."""
    issuer = record.get("issuer", {}).get("name", {}).get("value")
    if not isinstance(issuer, str) or not issuer:
        return []
    def key(text: str) -> str:  # words as written, without punctuation or case
        return " ".join(re.sub(r"[^A-Z0-9 ]", "", text.upper()).split())

    want = key(issuer)
    issuer_conf = float(record["issuer"]["name"].get("ocr_min_conf", 0.0))
    for owner in record.get("reporting_owners") or []:
        f = owner.get("street1")
        v = f.get("value") if isinstance(f, dict) else None
        if not isinstance(v, str):
            continue
        m = _CARE_OF.match(v)
        garbled = None if m else _GARBLED_CARE_OF.match(v)
        if garbled is not None and repair and _misread_name(key(v[garbled.end():]), want) \
                and float(f.get("ocr_min_conf", 0.0)) < issuer_conf:
            # "CAO NATERA, ING.", "O BLUEFIELD SYSTEMS, ING": a care-of line whose "C/O"
            # a fax garbled, known by the issuer's name after it
            f["value"] = v = "C/O " + v[garbled.end():]
            m = _CARE_OF.match(v)
        if not m:
            continue
        rest = v[m.end():]
        street2 = owner.get("street2")
        s2 = street2.get("value") if isinstance(street2, dict) else None
        if key(rest) != want and isinstance(s2, str):
            # the care-of line wrapped: its last words start the next line ("INC. 2845 ...",
            # "HOLDINGS, INC. 3757 SHORELINE BOULEVARD")
            parts = s2.split(" ")
            for k in range(1, min(4, len(parts))):
                head = " ".join(parts[:k])
                if key(rest + " " + head) == want and repair:
                    rest = rest + " " + head
                    street2["value"] = " ".join(parts[k:])
                    _flag(street2, "repaired:care-of-issuer")
                    break
        missing = want[len(key(rest)):].strip() if want.startswith(key(rest) + " ") else None
        if key(rest) != want and missing not in _CORPORATE_SUFFIXES and not (
                _misread_name(key(rest), want)
                and float(f.get("ocr_min_conf", 0.0)) < issuer_conf):
            # (a lost suffix, "... HOLDINGS" for "... HOLDINGS, INC.", is mended; a misread
            # name when the issuer's line was read the more surely of the two)
            continue
        letters = [c for c in rest if c.isalpha()]
        upper = sum(c.isupper() for c in letters) >= 0.8 * max(1, len(letters))
        name = issuer.upper() if upper else issuer
        mended = "C/O " + name
        clear = float(f.get("ocr_min_conf", 0.0)) >= _CLEAR_READING
        if mended != v and clear and _only_stops_differ(mended, v) and \
                _stops(v) >= _stops(mended) and not re.search(r"[.,]\s*[.,]", v):
            # Filers punctuate the care-of line their own way, most often with stops the
            # issuer's name on file lacks ("C/O YELP INC." under "YELP INC", "C/O FACEBOOK,
            # INC." under "Facebook Inc": 39 of the 195 such lines in EDGAR's XML we hold). A
            # clear reading with those stops stands; one that lost a stop is mended.
            continue
        if mended != v and repair:
            f["value"] = mended
            _flag(f, "repaired:care-of-issuer")
        elif mended == v:
            _flag(f, "check-passed:care-of-issuer")
    return []


def _transaction_dates(record: Record) -> list[str]:
    out = []
    for table in ("non_derivative_transactions", "derivative_transactions"):
        for row in record.get(table) or []:
            v = row["transaction_date"]["value"]
            if isinstance(v, str) and len(v) == 10:
                out.append(v)
    return out


def check_period_of_report(record: Record, repair: bool = True) -> list[str]:
    dates = _transaction_dates(record)
    period = record["period_of_report"]
    if not dates:
        return []
    earliest = min(dates)
    value = period["value"]
    if value is None:
        if repair:
            month_only = record.get("form_edition") == "pre-2002"
            _fill(period, earliest[:7] if month_only else earliest, 0.5,
                  "repaired:period-from-earliest-transaction")
        return []
    if len(value) == 7:  # the pre-2002 form's Statement for Month/Year
        if earliest[:7] == value:
            _flag(period, "check-passed:period-of-report")
            return []
        return [f"statement month {value} differs from the earliest transaction {earliest}"]
    if value == earliest:
        _flag(period, "check-passed:period-of-report")
        return []
    if repair and edit_distance(_digits(value), _digits(earliest)) == 1:
        _mend(period, earliest, "repaired:period-of-report")
        return []
    _flag(period, "check-failed:period-of-report")
    return [f"period of report {value} is not the earliest transaction date {earliest}"]


SIGNED_WITHIN_DAYS = 60  # a Form 4 is due two business days after the trade; late ones exist


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def _year_read(field: Field) -> str | None:
    """The year a date's text names (its last), even when the rest of it did not parse
    ("92/10/2021", ".92/23/2010")."""
    years = _YEAR.findall(field.get("text") or "")
    return years[-1] if years else None


def check_date_years(record: Record, repair: bool = True) -> list[str]:
    """A filing's dates fall within weeks of each other: its transactions, box 3 and the
    signatures. A date whose year the others contradict (a fax's 0 read as 8 or 6, 1 as 4:
    "82/23/2618" taken for 2018 beside "02/25/2010" signed and "11/2010" in box 3) takes the
    year the others name: two of them at least, and more than name its own (the signatures,
    dated alike, count once). It becomes the same day of that year, else the one date a
    digit or two from what was read (one the filing names first), that lies within
    SIGNED_WITHIN_DAYS of the others on the right side (a trade on or before the signature).
    A date already that near them stays (December's trades signed in January), and so does
    one that another row reads alike (a late report of an old trade). Dates filled in from
    the one mended follow it."""
    if not repair:
        return []
    period = record["period_of_report"]
    signatures = [s["date"] for s in record.get("signatures") or []]
    rows = [row["transaction_date"] for table in ("non_derivative_transactions",
                                                  "derivative_transactions")
            for row in record.get(table) or []]
    years = {id(f): _year_read(f) for f in [period, *signatures, *rows]}
    for f in [*rows, *signatures]:
        v = f["value"]
        if not _full_date(f) or "repaired:date-from-filing" in (f.get("flags") or []):
            continue
        is_row = any(f is g for g in rows)
        if is_row and any(g is not f and g["value"] == v and years[id(g)] == v[:4]
                          for g in rows):
            continue
        votes = Counter(y for g in [period, *rows] if g is not f and (y := years[id(g)]))
        votes.update({y for g in signatures if g is not f and (y := years[id(g)])})
        if not votes:
            continue
        (best, n), = votes.most_common(1)
        if best == v[:4] or n < 2 or n <= votes.get(v[:4], 0) + (years[id(f)] == v[:4]):
            continue
        signed = [g["value"] for g in signatures if g is not f and _full_date(g)
                  and g["value"][:4] == best]
        traded = [g["value"] for g in [period, *rows] if g is not f and _full_date(g)
                  and g["value"][:4] == best]
        choice = _date_in_year(v, best, signed, traded, is_row)
        if choice is None:
            continue
        _mend(f, choice, "repaired:date-year", 0.85)
        for g in rows:  # the dates filled in from it
            if g["value"] == v and "repaired:date-from-filing" in (g.get("flags") or []):
                _mend(g, choice, "repaired:date-year", 0.85)
    return []


def _full_date(field: Field) -> bool:
    return isinstance(field["value"], str) and len(field["value"]) == 10


def _date_in_year(value: str, year: str, signed: list[str], traded: list[str],
                  is_row: bool) -> str | None:
    """The date of ``year`` that ``value`` (ISO) was misread from, for
    :func:`check_date_years`; None when ``value`` already lies near the filing's other dates
    of that year (``signed``, ``traded``) or no single date does."""
    anchors = sorted(set(signed + traded))
    if not anchors:
        return None

    def near(d: str) -> bool:
        """Within days of the others, on the right side: a trade on or before the
        signature, a signature on or after the trades."""
        if is_row and signed and d > max(signed) or not is_row and traded and d < max(traded):
            return False
        day = datetime.date.fromisoformat(d)
        return any(abs((day - datetime.date.fromisoformat(a)).days) <= SIGNED_WITHIN_DAYS
                   for a in anchors)

    if near(value):
        return None
    same_day = f"{year}{value[4:]}"
    if is_calendar_day(int(year), int(value[5:7]), int(value[8:])) and near(same_day):
        return same_day
    y, m, d = value.split("-")
    for changes in (1, 2):
        fits = [c for c in date_fixes(m + d + y, changes) if c[:4] == year and near(c)]
        named = [c for c in fits if c in anchors]
        if len(named) == 1:
            return named[0]
        if fits:
            return fits[0] if len(fits) == 1 else None
    return None


def check_transaction_after_signature(record: Record, repair: bool = True) -> list[str]:
    """A transaction dated well after the filing was signed (a month or more), where the
    filing's other dates are not: its date was misread ('07/02/20) io' read as 2020 for
    2010). Of the dates one digit away from it (else two) on or before the signature and within
    SIGNED_WITHIN_DAYS of it, the one the filing names elsewhere (another transaction, the
    date of box 3) is taken, else the only one a single digit away; with none, or several,
    the date is flagged. When most transactions fall after the signature (or the only one
    does and box 3 agrees with it), the signature date is the suspect and nothing changes
    here (``check_plausibility`` flags it)."""
    signed_dates = [s["date"]["value"] for s in record.get("signatures") or []
                    if isinstance(s["date"]["value"], str) and len(s["date"]["value"]) == 10]
    if not signed_dates:
        return []
    signed = max(signed_dates)
    rows = [row["transaction_date"]
            for table in ("non_derivative_transactions", "derivative_transactions")
            for row in record.get(table) or []
            if isinstance(row["transaction_date"]["value"], str)
            and len(row["transaction_date"]["value"]) == 10]
    # Well after it: a date a few days late is as likely a signature date misread early.
    late = (datetime.date.fromisoformat(signed) + datetime.timedelta(days=30)).isoformat()
    # Or a few days after it and one digit from a date the filing names elsewhere ('06/27'
    # among rows of 05/27-05/31).
    after = [f for f in rows if f["value"] > signed]
    period = record["period_of_report"]["value"]
    period_before = isinstance(period, str) and len(period) == 10 and period <= signed
    if not after or (2 * len(after) > len(rows) and not period_before):
        return []
    seen = {f["value"] for f in rows if f["value"] <= signed}
    if period_before:
        seen.add(period)
    last = datetime.date.fromisoformat(signed)
    problems = []
    for f in after:
        y, m, d = f["value"].split("-")
        digits = m + d + y
        choice = None
        if f["value"] <= late:
            named = [c for c in date_fixes(digits, 1) if c in seen and c <= signed]
            if repair and len(named) == 1:
                _mend(f, named[0], "repaired:date-after-signature", 0.85)
            continue
        for changes in (1, 2):
            near = [c for c in date_fixes(digits, changes)
                    if 0 <= (last - datetime.date.fromisoformat(c)).days <= SIGNED_WITHIN_DAYS]
            named = [c for c in near if c in seen]
            if len(named) == 1:
                choice = named[0]
            elif changes == 1 and len(near) == 1 and not named:
                choice = near[0]
            if choice or named:
                break
        if repair and choice:
            _mend(f, choice, "repaired:date-after-signature", 0.85)
            continue
        problems.append(f"transaction dated {f['value']}, after the signature of {signed}")
        _flag(f, "check-failed:date-after-signature")
    return problems




def check_signature_date(record: Record, repair: bool = True) -> list[str]:
    """A signature date read as no date ("14/15/2024", "96/13/2613"): the Form is signed on or
    after its last transaction, within days. Of the dates one digit away from what was read
    (two when none is), the first that falls on or after the last transaction, within
    SIGNED_WITHIN_DAYS of it, is taken."""
    dates = _transaction_dates(record)
    if not dates or not repair:
        return []
    last = datetime.date.fromisoformat(max(dates))
    for sig in record.get("signatures") or []:
        f = sig["date"]
        parts = re.findall(r"\d+", (f.get("text") or "").translate(DIGIT_CONFUSIONS))
        if len(parts) == 3 and parts[2] in ("19", "20", "199", "200", "201", "202") and \
                all(1 <= len(p) <= 2 for p in parts[:2]):
            # The year torn after its first digits ("10/07/20" for 10/07/2022, "08/14/201"):
            # the year that puts it on or after the last transaction, within days.
            month, day = int(parts[0]), int(parts[1])
            years = [y for y in range(last.year, last.year + 2)
                     if str(y).startswith(parts[2]) and is_calendar_day(y, month, day) and
                     0 <= (datetime.date(y, month, day) - last).days <= SIGNED_WITHIN_DAYS]
            if len(years) == 1 and f["value"] != (fix := f"{years[0]}-{month:02d}-{day:02d}"):
                if f["value"] is None:
                    _fill(f, fix, 0.6, "repaired:signature-date")
                else:
                    _mend(f, fix, "repaired:torn-year", 0.7)
            continue
        if f["value"] is None and len(parts) == 2 and \
                PARTIAL_DATE.fullmatch((f.get("text") or "").strip()):
            # A part lost on a fax: "09/25" (the year), "13/2019" (the month; or the day,
            # when it can be a month): the one date on or after the last transaction,
            # within days, that keeps both parts read, when the next such date is weeks
            # later (most filings are signed within a week of the trade).
            a, b = int(parts[0]), int(parts[1])
            if len(parts[1]) == 4:
                cands = [(b, a, d) for d in range(1, 32)] + [(b, m, a) for m in range(1, 13)]
            else:
                cands = [(y, a, b) for y in (last.year, last.year + 1)]
            within = sorted({datetime.date(*c) for c in cands if is_calendar_day(*c) and
                             0 <= (datetime.date(*c) - last).days <= SIGNED_WITHIN_DAYS})
            if within and (len(within) == 1 or (within[1] - within[0]).days >= 20):
                _fill(f, within[0].isoformat(), 0.5, "repaired:signature-date-part")
            continue
        if f["value"] is not None or len(parts) != 3 or len(parts[2]) != 4 or \
                not all(1 <= len(p) <= 2 for p in parts[:2]):
            continue
        digits = parts[0].zfill(2) + parts[1].zfill(2) + parts[2]
        for changes in (1, 2):
            near = [d for d in date_fixes(digits, changes)
                    if 0 <= (datetime.date.fromisoformat(d) - last).days <= SIGNED_WITHIN_DAYS]
            if near:
                _fill(f, near[0], 0.6, "repaired:signature-date")
                break
    return []


_DECIMALS_AS_MARKER = re.compile(r"^\$?\s*(\d{1,3}(?:,\s?\d{3})+|\d+)\s+(\d{2})$")


def check_decimals_taken_for_a_marker(record: Record, repair: bool = True) -> list[str]:
    """'236,341 98' read as 236,341 with the marker (98), when the filing has no note 98 and
    other amounts of it end so too: the point was lost and the two digits are the amounts'
    fraction (236,341.98, a holding in fractional shares). One such amount alone is more
    likely a garbled marker."""
    if not repair:
        return []
    ids = {n["id"] for n in record.get("footnotes") or []}
    found = []
    for table in ("non_derivative_transactions", "non_derivative_holdings",
                  "derivative_transactions", "derivative_holdings"):
        for row in record.get(table) or []:
            for name in ("shares", "shares_owned_following_transaction", "price_per_share",
                         "underlying_security_shares", "conversion_or_exercise_price"):
                f = row.get(name)
                if not isinstance(f, dict) or f.get("footnote_ids") is None:
                    continue
                m = _DECIMALS_AS_MARKER.match((f.get("text") or "").strip())
                fid = f"F{int(m.group(2))}" if m else None
                if m and fid in f["footnote_ids"] and fid not in ids:
                    found.append((f, m, fid))
    if len(found) >= 2:
        for f, m, fid in found:
            whole = m.group(1).replace(",", "").replace(" ", "")
            f["footnote_ids"] = [x for x in f["footnote_ids"] if x != fid]
            _set_number(f, float(f"{whole}.{m.group(2)}"), "repaired:decimal-point")
    return []


def check_footnote_references(record: Record, repair: bool = True) -> list[str]:
    """Every footnote marker refers to a footnote that exists, and every footnote is used (a
    price that swallowed an unused footnote's marker gives it back)."""
    ids = {n["id"] for n in record.get("footnotes") or []}
    used: set[str] = set()
    problems = []
    for path, field in iter_fields(record):
        for fid in field.get("footnote_ids") or []:
            used.add(fid)
            if ids and fid not in ids:
                problems.append(f"{path}: footnote marker {fid} has no footnote")
                _flag(field, "check-failed:footnote-missing")
    unused = sorted(ids - used, key=lambda s: int(s[1:]))
    if repair and unused:
        unused = _give_back_markers(record, unused)
    for fid in unused:
        problems.append(f"footnote {fid} is not referred to by any value")
    return problems


_SWALLOWED = re.compile(r"^\$?(\d[\d,]*\.\d{2})([\d(lI|]{1,3})\)$")
_MARKER_AS_DECIMALS = re.compile(r"^\$?(\d[\d,]*\.\d{4})(\d{1,2})$")


def _give_back_markers(record: Record, unused: list[str]) -> list[str]:
    """Footnotes no value refers to, and prices that swallowed a marker whose '(' was lost
    or read as a digit ('$16.0701)' for '$16.07(11)'): a price gives its marker back to the
    unused footnote whose number its debris reads as (one digit off at most, no tie).
    Returns the footnotes still unused."""
    broken = []
    for table in ("non_derivative_transactions", "derivative_transactions"):
        for row in record.get(table) or []:
            for name in ("shares", "shares_owned_following_transaction"):
                f = row.get(name)
                # (not an amount another check confirmed as read: "252)" beside its
                # underlying 252 is 252(1) with its marker worn to the ")")
                if isinstance(f, dict) and not f.get("footnote_ids") and f.get("text") \
                        and not _passed(f):
                    text = f["text"].replace(" ", "")
                    # "2500)" for "250(1)": the marker's "(" lost, its number read as a digit
                    broken.append((f, [(text[:k], text[k:-1])
                                       for k in (len(text) - 2, len(text) - 3)
                                       if text.endswith(")") and "(" not in text and k > 0
                                       and re.fullmatch(r"\d+|\d{1,3}(,\d{3})+", text[:k])]))
            f = row.get("price_per_share")
            if not isinstance(f, dict) or f.get("footnote_ids") or not f.get("text"):
                continue
            m = _SWALLOWED.match(f["text"].replace(" ", ""))
            if m and f["text"].count("(") < f["text"].count(")"):
                broken.append((f, [(m.group(1), re.sub(r"\D", "", m.group(2)))]))
            m = _MARKER_AS_DECIMALS.match(f["text"].replace(" ", ""))
            if m:  # "$15.987129": a four-decimal price and the marker (20) read as digits
                broken.append((f, [(m.group(1), m.group(2))]))
    left = list(unused)
    for f, readings in broken:
        # the unused note whose number the debris reads as ("01" for 11), if one stands out
        scored = sorted((edit_distance(debris, fid[1:], 2), int(fid[1:]), fid, amount)
                        for amount, debris in readings for fid in left)
        if not scored or scored[0][0] > 1 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
            continue
        fid, amount = scored[0][2], scored[0][3]
        _set_number(f, float(amount.replace(",", "")), "repaired:footnote-marker")
        f["footnote_ids"] = [fid]
        left.remove(fid)
    return left


def check_plausibility(record: Record) -> list[str]:
    problems = []
    dates = _transaction_dates(record)
    for i, sig in enumerate(record.get("signatures") or []):
        d = sig["date"]["value"]
        if isinstance(d, str) and len(d) == 10 and dates and d < max(dates):
            problems.append(f"signatures[{i}]: signed {d}, before the transaction of "
                            f"{max(dates)}")
            _flag(sig["date"], "check-failed:signature-date")
    for table in ("derivative_transactions", "derivative_holdings"):
        for i, row in enumerate(record.get(table) or []):
            ex, exp = row["exercise_date"]["value"], row["expiration_date"]["value"]
            if isinstance(ex, str) and isinstance(exp, str) and ex > exp:
                problems.append(f"{table}[{i}]: exercisable {ex} after expiration {exp}")
                _flag(row["exercise_date"], "check-failed:exercise-before-expiration")
                _flag(row["expiration_date"], "check-failed:exercise-before-expiration")
    for path, field in iter_fields(record):
        v = field.get("value")
        name = path.rsplit(".", 1)[-1]
        if isinstance(v, str) and v.count("(") != v.count(")") and not path.startswith(
                ("footnotes", "remarks")):
            problems.append(f"{path}: unbalanced parentheses in {v!r}")
            _flag(field, "check-failed:parentheses")
        if isinstance(v, (int, float)) and not isinstance(v, bool) and v < 0:
            problems.append(f"{path}: negative value {v}")
            _flag(field, "check-failed:negative")
        if name in ("shares", "shares_owned_following_transaction",
                    "underlying_security_shares") and isinstance(v, float) and \
                not v.is_integer() and "." not in (field.get("text") or ""):
            problems.append(f"{path}: fractional shares {v} without a written fraction")
            _flag(field, "check-failed:fractional-shares")
        if isinstance(v, str) and len(v) == 10 and name.endswith("date") and not (
                "1990-01-01" <= v <= "2100-12-31"):
            problems.append(f"{path}: implausible date {v}")
            _flag(field, "check-failed:date-range")
    return problems


# The fields whose words a filing repeats: names of the issuer, owners and holders, titles,
# notes, remarks and signatures.
_SPELLED_FIELDS = re.compile(
    r"^(?:issuer\.name|reporting_owners\[\d+\]\.(?:name|street1|street2|city)|"
    r"\w+\[\d+\]\.(?:nature_of_ownership|security_title|underlying_security_title)|"
    r"footnotes\[\d+\]\.text|remarks|signatures\[\d+\]\.name)$")
_WORD_CORE = re.compile(r"^[(\"'“‘]*([A-Za-z]{4,})[)\"'”’.,;:]*$")


def _known_word(word: str) -> bool:
    """A word of real filings' notes, of common English or of the form's print (``word`` in
    lower case)."""
    from extractor.mapping.lexicon import english_words
    from extractor.text.formtext import vocabulary

    prose = _vocabulary()
    return word in vocabulary() or (prose.known(word) if prose is not None
                                    else word in english_words())


def _slips(read: str, word: str) -> int:
    """How many slips of OCR make ``word`` into ``read``: one, two where both have five
    letters or more and one of them seven ("Founde" of "Founders")."""
    return 2 if min(len(read), len(word)) >= 5 and max(len(read), len(word)) >= 7 else 1


def check_document_spelling(record: Record, repair: bool = True) -> list[str]:
    """A filing writes its names again and again: the issuer's in box 2, the notes and the
    care-of line, a fund's on every row it holds and in the note about it, a signer's under
    each signature. A word no dictionary knows, read once or twice, that is one slip (two
    in longer words, :func:`_slips`) from a word the same filing writes at least twice as often (and
    twice or more) is that word misread: "Alfirm Holdings" beside "Affirm" in the notes,
    "Bund" among "Fund"s. Only letters are compared, in lower case; the mend takes the case
    the word was read in."""
    if not repair:
        return []
    fields = [(path, f) for path, f in iter_fields(record) if _SPELLED_FIELDS.match(path)
              and isinstance(f.get("value"), str)]
    counts: Counter[str] = Counter()
    short_capitals: set[str] = set()  # "FFIVM" beside "FFIIM": abbreviations, not misreadings
    capitalised: set[str] = set()  # words the filing writes with a capital somewhere
    for _, f in fields:
        for token in f["value"].split():
            m = _WORD_CORE.match(token)
            if m:
                counts[m.group(1).lower()] += 1
                if m.group(1).isupper() and len(m.group(1)) <= 5:
                    short_capitals.add(m.group(1).lower())
                if m.group(1)[:1].isupper():
                    capitalised.add(m.group(1).lower())
    if not counts:
        return []
    frequent = [w for w, n in counts.items() if n >= 2]
    mends: dict[str, str] = {}
    for word, n in counts.items():
        if _known_word(word) or word in short_capitals or not re.search(r"[aeiouy]", word):
            continue  # (nor an abbreviation: "FFGM" beside "FFGP")
        # (a name is mended to a name: "Iverson" is not the notes' "person"; and two slips
        # leave the first letter as it was)
        best = max((v for v in frequent if v != word and counts[v] >= 2 * n and
                    abs(len(v) - len(word)) <= (limit := _slips(word, v)) and
                    (d := edit_distance(word, v, limit)) <= limit and
                    (d < 2 or v[0] == word[0]) and
                    (word not in capitalised or v in capitalised) and
                    v.rstrip("s") != word.rstrip("s")),
                   key=lambda v: (counts[v], _known_word(v)), default=None)
        if best is not None:
            mends[word] = best
    if not mends:
        return []

    def mend(m: re.Match[str]) -> str:
        core = m.group(0)
        return match_case(core, mends[core.lower()]) if core.lower() in mends else core

    for _, f in fields:
        value = re.sub(r"(?<![A-Za-z])[A-Za-z]{4,}(?![A-Za-z])", mend, f["value"])
        if value != f["value"]:
            _mend(f, value, "repaired:document-spelling", 0.9)
    return []


CHECKS = (
    check_holdings_arithmetic,
    check_code_vs_acquired_disposed,
    check_period_of_report,
    check_footnote_references,
    check_plausibility,
)


def apply_checks(record: Record, *, repair: bool = True) -> Record:
    """Run every check (repairing where allowed); warnings go to ``record['warnings']``."""
    warnings: list[str] = record["warnings"]
    warnings += check_title_overflow(record, repair=repair)
    warnings += check_signs(record, repair=repair)
    warnings += check_fractional_shares(record, repair=repair)
    warnings += check_holdings_fraction(record, repair=repair)
    warnings += check_title_consensus(record, repair=repair)
    warnings += check_nature_consensus(record, repair=repair)
    warnings += check_relationship_boxes(record, repair=repair)
    warnings += check_owner_name_vs_signature(record, repair=repair)
    warnings += check_signature_vs_owner_name(record, repair=repair)
    warnings += check_derivative_amounts(record, repair=repair)
    warnings += check_derivative_zero_holding(record, repair=repair)
    warnings += check_price_marker_sequence(record, repair=repair)
    warnings += check_price_in_noted_range(record, repair=repair)
    warnings += check_decimals_taken_for_a_marker(record, repair=repair)
    warnings += check_prices(record, repair=repair)
    warnings += check_care_of_issuer(record, repair=repair)
    warnings += check_document_spelling(record, repair=repair)
    warnings += check_missing_date(record, repair=repair)
    warnings += check_disposition_from_holdings(record, repair=repair)
    warnings += check_missing_code(record, repair=repair)
    warnings += check_conversion_pairs(record, repair=repair)
    warnings += check_sale_for_nothing(record, repair=repair)
    warnings += check_code_vs_acquired_disposed(record, repair=repair)
    warnings += check_ownership_form(record, repair=repair)
    warnings += check_holdings_arithmetic(record, "non_derivative_transactions", repair=repair)
    warnings += check_acquisition_within_holdings(record, repair=repair)
    warnings += check_exercise_amounts(record, repair=repair)
    warnings += check_date_years(record, repair=repair)
    warnings += check_transaction_after_signature(record, repair=repair)
    warnings += check_period_of_report(record, repair=repair)
    warnings += check_signature_date(record, repair=repair)
    warnings += check_footnote_references(record, repair=repair)
    warnings += check_plausibility(record)
    return record


def summary(record: Record) -> dict[str, Any]:
    """Counts of repairs and failed checks in a record (for reports)."""
    repaired = failed = 0
    for _, f in iter_fields(record):
        repaired += any(x.startswith("repaired:") for x in f["flags"])
        failed += any(x.startswith("check-failed:") for x in f["flags"])
    return {"repaired": repaired, "check_failed": failed}
