"""OCR text -> Form 4 record: sections, header boxes, table rows, footnotes, remarks and
signatures mapped to the contract's fields, with first confidences from how cleanly each value
parsed; then the consistency checks and the text calibrator.
"""

from __future__ import annotations

import itertools
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from extractor.errors import NotAForm4Error
from extractor.mapping import normalize as nz
from extractor.mapping.lexicon import (
    models_dir,
    text_vocabulary,
    title_vocabulary,
    title_words,
)
from extractor.record import (
    Field,
    Form4Record,
    Record,
    empty_owner,
    empty_record,
    iter_fields,
    make_field,
)
from extractor.text import formtext as ft
from extractor.text import header as hd
from extractor.text import rows as rw
from extractor.text import sections as sc
from extractor.text import tokens as tk
from extractor.text.lines import clean_lines
from extractor.text.quality import (
    attach_quality,
    garble,
    noisy_token_share,
    unknown_word_share,
)
from extractor.text.tokens import Val

TEXT_CALIBRATION = "calibration-text.json"
PAGE = 1

# Table II codes that acquire the derivative security (the rest dispose of it).
_T2_ACQUIRE = frozenset("APGJWLKUZ")
_T2_DISPOSE = frozenset("MCXSFDEHOI")
_COMMON_TITLE = re.compile(r"^(class [a-z] )?(common|ordinary|capital) (stock|shares)\b",
                           re.IGNORECASE)


def conf_from_cost(cost: float, flags: list[str] | tuple[str, ...] = ()) -> float:
    """A first score in (0, 1) from a parse cost (0 = clean) and the flags of repairs."""
    c = 0.97 * math.exp(-0.45 * max(0.0, cost))
    if any(f.startswith("repaired") for f in flags):
        c *= 0.85
    if any(f.startswith("marker:") for f in flags):
        c *= 0.8
    return round(max(0.02, min(0.99, c)), 4)


def _field(value: Any, cost: float, text: str | None, *, footnotes: list[str] | None = None,
           flags: list[str] | None = None, conf: float | None = None) -> Field:
    flags = list(dict.fromkeys(flags or []))
    c = conf if conf is not None else conf_from_cost(cost, flags)
    return make_field(value, confidence=c, text=(text or None), page=PAGE, bbox=None,
                      footnote_ids=footnotes or [], flags=flags)


def _val_field(v: hd.Val | None, *, empty_conf: float = 0.6, extra: float = 0.0) -> Field:
    if v is None:
        return make_field(None, confidence=empty_conf, page=PAGE)
    return _field(v.value, v.cost + extra, v.text, footnotes=v.footnotes, flags=v.flags)


def _text_value(text: str | None) -> tuple[str | None, list[str], list[str]]:
    """Free text: footnote markers split off, stray marks stripped, usual title case."""
    if not text:
        return None, [], []
    rest, notes = nz.split_footnotes(text)
    rest = nz.strip_stray_marks(rest)
    rest = re.sub(r"\s+([,.)])", r"\1", rest)
    rest = re.sub(r"\(\s+", "(", rest).strip(" |_-")
    rest = re.sub(r"(?<=[A-Za-z]) [\d:;]{1,2}(?= [A-Za-z])", "", rest)  # 'Common 3 Stock'
    while rest.endswith(")") and rest.count(")") > rest.count("("):
        rest = rest[:-1].rstrip()
    if not rest or not re.search(r"[A-Za-z]{2}", rest):
        return None, notes, []
    fixed, flags = nz.fix_title_case(rest, title_words())
    if fixed[:1].islower() and len(fixed) > 1 and fixed.split()[0].lower() in title_words():
        fixed = fixed[0].upper() + fixed[1:]  # 'stock Option' -> 'Stock Option'
        flags = flags + ["repaired:title-case"]
    return fixed, notes, flags


# --- table rows -----------------------------------------------------------------------------


def _clean_nature(text: str) -> str | None:
    """The nature of indirect ownership without noise before its 'By'/'See' and without
    noise alone (no word of four letters)."""
    words = text.split()
    for k, w in enumerate(words[1:4], 1):
        if w in ("By", "See") and not any(len(x) >= 4 and x.isalpha() and x[0].isupper()
                                         for x in words[:k]):
            words = words[k:]
            break
    out = " ".join(words).rstrip("'\"?°“”‘’`")  # a marker's debris ('See footnote“)')
    lead = words[0].lower() in ("by", "see", "ira")
    if not re.search(r"[A-Za-z]{4}", out) and not lead:
        return None
    if not lead and unknown_word_share(out) >= 1.0:
        return None  # no 'By'/'See' and no word a filing uses: OCR debris ('Pees ah ales')
    return out


def _garbled_holder(raw: str) -> bool:
    """Whether the text read in the nature column, too garbled to keep, still names a
    holder: a word a filing uses that no security title has ('eins Bellhaven : Fund X')."""
    words = [w for w in re.findall(r"[A-Za-z]{3,}", raw) if w.lower() not in rw.TITLE_VOCAB]
    return bool(words) and unknown_word_share(" ".join(words)) < 1.0


def _frag_words(line: str) -> list[str]:
    """The words of a wrapped-cell fragment (noise without letters dropped)."""
    words = [tk.split_marker(t).core for t in line.replace("|", " ").split()]
    out = []
    for k, w in enumerate(words):
        if not w or not any(c.isalpha() for c in w) or (len(w) <= 2 and not w.isalpha()):
            continue
        if len(w) == 1 and w.lower() != "a" and not (k and words[k - 1].lower() in (
                "class", "series")):
            continue  # a lone letter: noise, unless a class or series
        out.append(w)
    return out


@lru_cache(maxsize=1)
def _frequent_title_words() -> tuple[str, ...]:
    return tuple(w for w, n in title_vocabulary().items() if n >= 1000 and w.isalpha())


def mend_title_word(word: str) -> str:
    """A word of a security title OCR garbled ('Connon', 'Stack', 'Conimon') as the frequent
    title word it is nearest to (two edits at most, one for words of five letters, and
    only one such word); other words as read."""
    low = word.lower()
    if not word.isalpha() or len(word) < 5 or low in title_vocabulary() or \
            low in _PLAIN_WORDS:
        return word
    limit = 1 if len(word) == 5 else 2
    near = sorted((nz.edit_distance(low, w, limit), w) for w in _frequent_title_words())
    near = [x for x in near if x[0] <= limit]
    if not near or (len(near) > 1 and near[1][0] == near[0][0]):
        return word
    best = near[0][1]
    if word.isupper():
        return best.upper()
    return best[0].upper() + best[1:] if word[0].isupper() else best


def _mend_title_words(text: str) -> str:
    return " ".join(mend_title_word(w) for w in text.split(" "))


def _all_title_words(text: str) -> bool:
    """Every word of ``text`` is a word seen in security titles (no OCR garble in it)."""
    words = title_words()
    return all(w in words or w in _PLAIN_WORDS or w.isdigit() for w in ft.norm(text).split())


_PLAIN_WORDS = frozenset("right to buy sell share shares the of per par value and or for in "
                         "non qualified a an with on at".split())


def _snap_title(value: str, known_raw: dict[str, str]) -> str | None:
    """The Table I title read cleanly elsewhere in the filing that ``value`` is a misreading
    of: the same words with other punctuation, the title with noise around it, or a close
    misspelling (when ``value`` has a word no security title has)."""
    n = ft.norm(value)
    if n in known_raw:
        return known_raw[n]
    for k, raw in known_raw.items():
        if k and f" {k} " in f" {n} ":
            extra = f" {n} ".replace(f" {k} ", " ").split()
            if extra and not _all_title_words(" ".join(extra)):
                return raw
    if not _all_title_words(value):
        hit = _known_match(value, set(known_raw))
        if hit is None and len(n.split()) >= 2:
            # 'Common por': a title's first word and garble: the title read elsewhere
            head = n.split()[0]
            starts = [k for k in known_raw if k.split()[0] == head]
            if len(starts) == 1 and title_vocabulary().get(head, 0) >= 1000 and \
                    not _all_title_words(" ".join(n.split()[1:])):
                hit = starts[0]
        return known_raw.get(hit or "")
    return None


def _title_debris(word: str) -> bool:
    """A token of a security title that is OCR debris: letters and digits mixed ('g6',
    '¢11'), a date ('12/23/2003') or a short lower-case non-word ('eae', 'one')."""
    core = word.strip("()[],.;:'\"")
    if "¢" in core or re.fullmatch(r"\d{1,3}/\d{1,2}/\d{2,4}", core):
        return True
    if re.search(r"\d", core) and re.search(r"[A-Za-z]", core):
        return not re.fullmatch(r"\d+(?:st|nd|rd|th)|[A-Z]-?\d+|\d+-?[A-Z]", core)
    return core.isalpha() and len(core) <= 3 and core.islower() and \
        core not in title_vocabulary() and core not in _PLAIN_WORDS


_RIGHT_TO = re.compile(r"\(\s*right\s+to\s+(?:buy|sell)\s*\)", re.IGNORECASE)


def trim_title_tail(title: str) -> str:
    """A security title without the words of other cells read after its end: after '(right
    to buy)', which ends an option's title ('... (right to buy) Stock Option Canmen'); after
    'Common Stock' (or 'Class A Common Stock', 'Ordinary Shares') when what follows names a
    holder, a nature of ownership's ('Common Stock Fund VIII, LP', 'Common Stock By
    Bellhaven'), or is the same title again."""
    m = _RIGHT_TO.search(title)
    if m and title[m.end():].strip():
        return title[: m.end()]
    m = _COMMON_TITLE.match(title)
    if m:
        rest = title[m.end():].strip(" ,")
        if rest and (_ENTITY.search(rest) or rest.lower().startswith("by ") or
                     ft.norm(rest) == ft.norm(m.group(0))):
            return m.group(0)
    return title


def drop_title_debris(title: str) -> str:
    """A security title without OCR debris among its words (:func:`_title_debris`:
    'Employee Stock Option g6 4g (right to buy)', 'Common Stock eae'), when two words or
    more remain."""
    words = title.split(" ")
    kept = [w for w in words if not _title_debris(w)]
    return " ".join(kept) if len(kept) >= 2 and len(kept) < len(words) else title


# an underlying title OCR kept one word of (its other line lost), with no Table I title to
# complete it from: the usual title with that word
_HALF_UNDERLYING = {"common": "Common Stock", "stock": "Common Stock",
                    "ordinary": "Ordinary Shares"}


def snap_underlying(value: str, known_raw: dict[str, str]) -> str | None:
    """The title of the shares a derivative converts into as Table I writes them, when the
    filing's Table I has one title read cleanly and the underlying title as read is garbled
    ('Common skaak', 'eonnicn') or its end only ('Stock', 'Common Stock' of 'Class A Common
    Stock'); else as :func:`_snap_title`."""
    titles = set(known_raw.values())
    if not titles and ft.norm(value) in _HALF_UNDERLYING:
        return _HALF_UNDERLYING[ft.norm(value)]
    if len(titles) != 1:
        return _snap_title(value, known_raw)
    title = next(iter(titles))
    n, k = ft.norm(value), ft.norm(title)
    if n == k or k.endswith(f" {n}") or not _all_title_words(value):
        return title
    return None


def _known_match(text: str, known: set[str]) -> str | None:
    """The title read elsewhere in the filing that ``text`` is a misreading of, if any."""
    n = ft.norm(text)
    if not n or not known:
        return None
    best = max(known, key=lambda k: fuzz.ratio(n, k))
    return best if fuzz.ratio(n, best) >= 80 else None


_DANGLING = re.compile(r"(?:,|\(|\b(?:of|to|and|or|for|per|par|value|the|a|an|by|right|with|"
                       r"in|on|class|series|fund|\$?0?\.\d+))$", re.IGNORECASE)


def _rare_title_words(text: str) -> int:
    """How many words of ``text`` security titles rarely have ('Fund', 'LP', a name): words
    of a wrapped nature of ownership that a split gave the title."""
    counts = title_vocabulary()
    return sum(1 for w in ft.norm(text).split()
               if counts.get(w, 0) < 100 and w not in _PLAIN_WORDS and not w.isdigit())


# The first words of underlying securities' titles ('Common Stock', 'Class A ...').
_UNDERLYING_START = frozenset("common class ordinary series capital american".split())


def _split_score(table: str, a: str, b: str, known: set[str], di: Any) -> float:
    na, nb = ft.norm(a), ft.norm(b)
    s = 0.0
    if a.count("(") == a.count(")"):
        s += 1.0
    if a and not _DANGLING.search(a.strip()):
        s += 1.0
    if b and _DANGLING.search(b.strip()):
        s -= 0.5
    if table == "table2":
        if re.search(r"(?<=\w) (?:class|series) [a-z]\b", na):
            s -= 0.5  # 'Non-Qualified Class B Stock Option': the underlying's class
        if nb and _known_match(b, known):
            s += 3.0
        if _COMMON_TITLE.match(b):
            s += 2.0
        elif nb and nb.split()[0] in _UNDERLYING_START:
            s += 1.0
        if not nb:
            s -= 1.0
    else:
        if na in known:
            s += 2.0
        if di == "I":
            s -= 0.8 * _rare_title_words(a)
        if di == "D" and nb:
            s -= 3.0
        if nb and nb.split()[0] in ("by", "see", "held", "through"):
            s += 1.0
    return s


def _merge_fragments(row: sc.TableRow, known: set[str]) -> dict[str, tuple[str, float]]:
    """Text cells with the fragments of wrapped cells put back: {name: (text, extra cost)}.
    Each fragment line splits into a part of the first text column (the title) and a part of
    the second (Table II: the underlying title; Table I: the nature of ownership); the split
    that reads best wins (balanced parentheses, a title read elsewhere in the filing)."""
    p = row.parse
    first = "security_title"
    second = "underlying_security_title" if p.table == "table2" else "nature_of_ownership"
    a_main = p.value(first) or ""
    b_main = p.value(second) or ""
    above = [w for w in (_frag_words(x) for x in row.above) if w]
    below = [w for w in (_frag_words(x) for x in row.below) if w]
    a_main = a_main if re.search(r"[A-Za-z]{2}", a_main) else ""  # noise, not a title
    b_main = b_main if re.search(r"[A-Za-z]{2}", b_main) else ""
    if p.table == "table2":  # both columns are titles
        a_main, b_main = _mend_title_words(a_main), _mend_title_words(b_main)
        above = [[mend_title_word(w) for w in ws] for ws in above]
        below = [[mend_title_word(w) for w in ws] for ws in below]
    if not above and not below:
        return {}
    frag = above + below
    choices = [range(len(ws) + 1) for ws in frag]
    total = 1
    for c in choices:
        total *= len(c)
    di = p.value("direct_or_indirect_ownership")
    best: tuple[float, str, str] | None = None
    combos = itertools.product(*choices) if total <= 4096 else [tuple(len(w) for w in frag)]
    for ks in combos:
        a_parts, b_parts = [], []
        for idx, (ws, k) in enumerate(zip(frag, ks, strict=True)):
            if idx == len(above):
                a_parts.append(a_main)
                b_parts.append(b_main)
            a_parts.append(" ".join(ws[:k]))
            b_parts.append(" ".join(ws[k:]))
        if len(above) == len(frag):
            a_parts.append(a_main)
            b_parts.append(b_main)
        a = " ".join(x for x in a_parts if x)
        b = " ".join(x for x in b_parts if x)
        s = _split_score(p.table, a, b, known, di)
        s -= 0.01 * sum(len(ws) - k for ws, k in zip(frag, ks, strict=True))  # ties: title
        if best is None or s > best[0]:
            best = (s, a, b)
    assert best is not None
    return {first: (best[1], 0.6), second: (best[2], 0.6)}


def _cell_field(name: str, cell: Val | None, *, required: bool) -> Field:
    if cell is None or (cell.value is None and not cell.text):
        return make_field(None, confidence=0.25 if required else 0.9, page=PAGE,
                          flags=["unparsed:missing"] if required else [])
    return _field(cell.value, cell.cost, cell.text, footnotes=list(cell.footnotes),
                  flags=list(cell.flags))


_REQUIRED = {
    "non_derivative_transactions": ("transaction_date", "transaction_code", "shares",
                                    "acquired_disposed_code",
                                    "shares_owned_following_transaction"),
    "non_derivative_holdings": ("shares_owned_following_transaction",),
    "derivative_transactions": ("transaction_date", "transaction_code", "shares",
                                "shares_owned_following_transaction"),
    "derivative_holdings": ("shares_owned_following_transaction",),
}
_TEXT_CELLS = ("security_title", "underlying_security_title", "nature_of_ownership")


def _row_record(row: sc.TableRow, known_raw: dict[str, str]) -> tuple[str, dict[str, Field]]:
    from extractor.record import TABLES

    known = set(known_raw)
    p = row.parse
    if p.table == "table1":
        table = "non_derivative_holdings" if p.holding else "non_derivative_transactions"
    else:
        table = "derivative_holdings" if p.holding else "derivative_transactions"
    merged = _merge_fragments(row, known)
    row_extra = 0.1 * p.cost
    out: dict[str, Field] = {}
    for name in TABLES[table]:
        cell = p.cells.get(name)
        if name in _TEXT_CELLS:
            words, extra = merged.get(name, ((cell.value or "") if cell else "", 0.0))
            raw = " ".join(x for x in ([cell.text] if cell and cell.text else []) +
                           row.above + row.below if x) if name in merged else (
                cell.text if cell else "")
            value, notes, flags = _text_value(words)
            if value and name == "nature_of_ownership":
                value = _clean_nature(value)
            if cell is not None:
                notes = list(dict.fromkeys(list(cell.footnotes) + notes))
            if value and name != "nature_of_ownership":
                kept = trim_title_tail(drop_title_debris(value))
                if kept != value:
                    value, flags = kept, flags + ["repaired:title-debris"]
            if value and name == "underlying_security_title":
                snap = snap_underlying(value, known_raw)
                if snap and snap != value:
                    value, flags = snap, flags + ["repaired:title-from-table"]
            elif value and name == "security_title" and p.table == "table1":
                snap = _snap_title(value, known_raw)
                if snap and snap != value:
                    value, flags = snap, flags + ["repaired:title-from-table"]
            if value is None:
                out[name] = make_field(None, confidence=0.85, text=raw or None, page=PAGE,
                                       footnote_ids=notes)
            else:
                cost = (cell.cost if cell else 0.5) + extra + row_extra
                if name == "security_title" and not _COMMON_TITLE.match(value) and \
                        ft.norm(value) not in known:
                    cost += 0.4
                out[name] = _field(value, cost, raw, footnotes=notes, flags=flags)
            continue
        if name == "equity_swap_involved":
            if p.holding:
                continue
            marked = bool(cell and cell.value)
            out[name] = _field(marked, 0.2 if marked else 0.0, cell.text if cell else None,
                               conf=0.6 if marked else 0.95)
            continue
        if name == "acquired_disposed_code" and p.table == "table2":
            code = p.value("transaction_code")
            ad = "A" if code in _T2_ACQUIRE else "D" if code in _T2_DISPOSE else None
            if ad is None:
                out[name] = make_field(None, confidence=0.3, page=PAGE,
                                       flags=["unparsed:missing"])
            else:
                out[name] = _field(ad, 0.3 + row_extra, None,
                                   flags=["inferred:acquired-disposed-from-code"])
            continue
        f = _cell_field(name, cell, required=name in _REQUIRED[table])
        if f["value"] is not None:
            f["confidence"] = conf_from_cost((cell.cost if cell else 0) + row_extra, f["flags"])
        out[name] = f
    di = out.get("direct_or_indirect_ownership")
    if di is not None and di["value"] is None:
        f = out.get("nature_of_ownership", {})
        nature = f.get("value") or _garbled_holder(f.get("text") or "")
        di.update(value="I" if nature else "D", confidence=0.55 if nature else 0.5,
                  flags=["inferred:ownership-form"])
    return table, out


def weak_code(f: Field) -> bool:
    """Whether a transaction code was read only by a liberty: a look-alike ('0' for D), a
    letter in lower case other than 's' ('e))'), a capital among marker debris ('sM')."""
    text = (f.get("text") or "").strip()
    return "repaired:ocr-code" in f.get("flags", ()) or (
        text[:1].islower() and text[:1] != "s")


def _fill(f: Field, value: str, conf: float, flag: str) -> None:
    """Fill a field OCR lost with an inferred value (its 'unparsed' flags dropped)."""
    f.update(value=value, confidence=conf,
             flags=[x for x in f["flags"] if not x.startswith("unparsed")] + [flag])


def infer_from_neighbours(rows: list[dict[str, Field]]) -> None:
    """Fill a code or ownership form OCR lost from the filing's other rows when they agree:
    a missing transaction code from the rows with the same (A)/(D), a code read only by a
    liberty (:func:`weak_code`) that the rows read cleanly with the same (A)/(D) contradict,
    a missing D/I (with no nature of ownership) from the rows read without one."""
    from collections import Counter

    codes: dict[Any, Counter[str]] = {}
    sure: dict[Any, Counter[str]] = {}
    forms: Counter[str] = Counter()
    for row in rows:
        code, ad = row["transaction_code"]["value"], row["acquired_disposed_code"]["value"]
        if code:
            codes.setdefault(ad, Counter())[code] += 1
            if not weak_code(row["transaction_code"]):
                sure.setdefault(ad, Counter())[code] += 1
        di = row["direct_or_indirect_ownership"]
        if di["value"] and "inferred:ownership-form" not in di["flags"] and \
                not row["nature_of_ownership"]["value"] and not (di.get("text") or "")[:1].islower():
            forms[di["value"]] += 1
    _dates_from_neighbours(rows)
    for row in rows:
        f = row["transaction_code"]
        ad = row["acquired_disposed_code"]["value"]
        seen = codes.get(ad)
        if f["value"] is None and ad and seen:
            code, n = seen.most_common(1)[0]
            if n >= 2 and n >= 0.8 * sum(seen.values()):
                _fill(f, code, 0.5, "inferred:code-from-other-rows")
        elif f["value"] is not None and ad and weak_code(f) and sure.get(ad):
            code, n = sure[ad].most_common(1)[0]
            if code != f["value"] and n >= 2 and n >= 0.8 * sum(sure[ad].values()):
                f.update(value=code, confidence=0.5,
                         flags=f["flags"] + ["inferred:code-from-other-rows"])
        di = row["direct_or_indirect_ownership"]
        if "inferred:ownership-form" in di["flags"] and not row["nature_of_ownership"]["value"] \
                and forms:
            form, n = forms.most_common(1)[0]
            if n >= 0.8 * sum(forms.values()):
                di.update(value=form, confidence=0.55)


_ACQUIRING_CODES = frozenset("PMA")  # Table I codes that acquire (the usual reading)
_DISPOSING_CODES = frozenset("SF")


def _number(f: Field) -> float | None:
    v = f["value"]
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def disposition_from_holdings(rows: list[dict[str, Field]]) -> None:
    """An (A)/(D) OCR lost, from the amounts: the amount owned after a row is the amount
    owned after the row above it plus the shares acquired or less the shares disposed of;
    a first row whose amount owned after is its own shares acquired them all."""
    for k, row in enumerate(rows):
        ad = row["acquired_disposed_code"]
        shares = _number(row["shares"])
        after = _number(row["shares_owned_following_transaction"])
        if ad["value"] is not None or not shares or after is None:
            continue
        before = _number(rows[k - 1]["shares_owned_following_transaction"]) if k else None
        guess = None
        if before is not None and abs(before - shares - after) < 0.01:
            guess = "D"
        elif before is not None and abs(before + shares - after) < 0.01:
            guess = "A"
        elif k == 0 and abs(after - shares) < 0.01:
            guess = "A"
        if guess:
            _fill(ad, guess, 0.6, "inferred:acquired-disposed-from-holdings")


def disposition_from_code(rows: list[dict[str, Field]]) -> None:
    """Table I: an (A)/(D) OCR lost from the row's transaction code (a sale or a tax
    withholding disposes, a purchase, an exercise or a grant acquires)."""
    for row in rows:
        ad, code = row["acquired_disposed_code"], row["transaction_code"]["value"]
        if ad["value"] is None and code in _DISPOSING_CODES | _ACQUIRING_CODES:
            _fill(ad, "D" if code in _DISPOSING_CODES else "A", 0.5,
                  "inferred:acquired-disposed-from-code")


def exercisable_dates(rows: list[dict[str, Field]], period: Any) -> None:
    """Table II: the one date of a row read as its expiration that is before the period of
    the report is the date it became exercisable (a derivative held has not expired; psm 6
    often loses one of the two dates)."""
    if not isinstance(period, str):
        return
    for row in rows:
        ex, exp = row["exercise_date"], row["expiration_date"]
        end = exp["value"]
        if ex["value"] is None and isinstance(end, str) and end[:len(period)] < period:
            ex.update(value=end, confidence=exp["confidence"], text=exp["text"],
                      flags=[*exp["flags"], "repaired:date-column"])
            exp.update(value=None, confidence=0.3, text=None, flags=["unparsed:missing"])


def _dates_from_neighbours(rows: list[dict[str, Field]]) -> None:
    """A transaction date OCR lost, from the rows around it: rows are in date order, so a
    row between two rows of one date has that date; the first or last row takes the date
    every other row of the table has (two at least); any row the date three rows in four
    have (three at least)."""
    from collections import Counter

    dates = [r["transaction_date"]["value"] for r in rows]
    known = [d for d in dates if d]
    common, n = Counter(known).most_common(1)[0] if known else (None, 0)
    for k, row in enumerate(rows):
        f = row["transaction_date"]
        if f["value"] is not None:
            continue
        before = next((d for d in reversed(dates[:k]) if d), None)
        after = next((d for d in dates[k + 1:] if d), None)
        guess = None
        if before and after and before == after:
            guess = before
        elif (before is None or after is None) and len(known) >= 2 and len(set(known)) == 1:
            guess = known[0]
        elif n >= 3 and n >= 0.75 * len(known):
            guess = common
        if guess:
            _fill(f, guess, 0.5, "inferred:date-from-other-rows")


# --- the nature of indirect ownership named by a note ---------------------------------------

_HELD_BY = re.compile(r"\bheld (?:directly |indirectly |of record )?by (?:the )?"
                      r"([A-Z][\w&'.,\- ]{3,80}?)(?:\.(?=\s+[A-Z(]|\s*$)|,\s+(?:of which|for|a|an|"
                      r"which|and|as)\b|\s+\((?=[\w\s]*\)))")
_ABBREV_END = re.compile(r"(?:\w\.\w+|\b(?:Inc|Ltd|Co|Corp|Jr|Sr|N\.A))$")
# Words a nature of ownership shares with any other ('By Trust', 'By Spouse', 'Fund', 'L.P.'):
# they tell no holder from another.
_GENERIC_HOLDER = frozenset("""by see the of and a trust trusts spouse wife husband children
child family ira grat llc lp l.p. l.p ltd inc fund funds partners partnership foundation
capital holdings management ventures group plan 401(k) footnote footnotes revocable
irrevocable living as custodian trustee for""".split())


def note_holders(notes: list[tuple[str, str]]) -> dict[str, str]:
    """{note id: holder} for the notes that name who holds the securities ('The securities
    are held directly by Ridgeline Healthcare Fund VI, L.P. The reporting person ...'): what
    the nature of indirect ownership of the rows citing the note says ('By Ridgeline ...')."""
    out: dict[str, str] = {}
    for fid, text in notes:
        m = _HELD_BY.search(text)
        if not m:
            continue
        holder = m.group(1).strip(" ,")
        if _ABBREV_END.search(holder) and m.group(0).endswith("."):
            holder += "."  # 'L.P.' ends the sentence with its own full stop
        if len(holder.split()) >= 2:
            out[fid] = holder
    return out


def _holder_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z][A-Za-z'\-]+", text.lower())
            if w not in _GENERIC_HOLDER and len(w) >= 3]


def _holder_fit(value: str, holder: str) -> float:
    """How well a nature of ownership as read ('By Ridgeline Healthcare Bund VIL LP.',
    'Healthcare Fund VI', 'Opportunity') fits 'By <holder>': the likeness of the two, or for
    a fragment of it the share of its distinctive words found in the holder's name (0 when
    it has none, or words the holder lacks)."""
    ratio = fuzz.ratio(value.lower(), f"by {holder}".lower()) / 100
    mine, theirs = _holder_words(value), _holder_words(holder)
    words = [w for w in re.findall(r"[a-z][a-z'\-]+", value.lower()) if w not in ("by", "see")]
    theirs_all = re.findall(r"[a-z][a-z'\-]+", holder.lower())
    found = sum(any(fuzz.ratio(w, t) >= 80 for t in theirs) for w in mine)
    found_all = sum(any(fuzz.ratio(w, t) >= 80 for t in theirs_all) for w in words)
    if mine and found == len(mine) and found_all == len(words):
        return max(ratio, 0.8)  # a piece of the name
    if found >= 2 and 2 * found_all >= len(words):
        return max(ratio, 0.8)  # the name with debris of other cells
    return ratio if ratio >= 0.8 else 0.0


def natures_from_notes(rows: list[dict[str, Field]], notes: list[tuple[str, str]]) -> None:
    """Natures of indirect ownership read in pieces (a fund's long name wraps over lines of
    the cell, and OCR reads the pieces apart or garbled) set to 'By <holder>' where a note of
    the filing names the holder (:func:`note_holders`) and the value read fits it
    (:func:`_holder_fit`); the note the cell cites first, else the holder that fits best
    when only one does."""
    holders = note_holders(notes)
    if not holders:
        return
    _fit_natures(rows, holders)
    _fill_natures(rows, holders)


def _fit_natures(rows: list[dict[str, Field]], holders: dict[str, str]) -> None:
    for row in rows:
        f = row.get("nature_of_ownership")
        if f is None or not isinstance(f["value"], str):
            continue
        value = f["value"]
        cited = [holders[i] for i in f["footnote_ids"] if i in holders]
        fits = sorted(((_holder_fit(value, h), h) for h in dict.fromkeys(
            cited or holders.values())), reverse=True)
        if not fits or fits[0][0] < 0.8 or (len(fits) > 1 and fits[1][0] == fits[0][0]):
            continue
        new = f"By {fits[0][1]}"
        if new != value:
            f["value"] = new
            f["flags"] = [*f["flags"], "repaired:nature-from-note"]
            f["confidence"] = round(f["confidence"] * 0.9, 4)


def _fill_natures(rows: list[dict[str, Field]], holders: dict[str, str]) -> None:
    """An indirect holding whose nature OCR lost takes the one holder the filing's notes name
    when every nature read says that holder too (or none was read)."""
    names = set(holders.values())
    read = {r["nature_of_ownership"]["value"] for r in rows if "nature_of_ownership" in r} - {None}
    if len(names) != 1 or not read <= {f"By {h}" for h in names}:
        return
    for row in rows:
        f, di = row.get("nature_of_ownership"), row.get("direct_or_indirect_ownership")
        if f is not None and f["value"] is None and di is not None and di["value"] == "I":
            row["nature_of_ownership"] = _field(f"By {next(iter(names))}", 1.5, None,
                                                flags=["inferred:nature-from-note"])


_PRICE_CELLS = ("conversion_or_exercise_price", "price_per_share")


_RANGE = re.compile(r"\$\s?(\d[\d,]*\.\d+)\s*(?:to|and|-|through)\s*\$\s?(\d[\d,]*\.\d+)")


def note_price_ranges(notes: list[tuple[str, str]]) -> dict[int, tuple[float, float]]:
    """{note number: (low, high)} for the notes that quote the range of prices a weighted
    average price was paid at ('prices ranging from $28.43 to $28.61')."""
    out: dict[int, tuple[float, float]] = {}
    for fid, text in notes:
        m = _RANGE.search(text)
        if m and fid[1:].isdigit():
            lo, hi = (float(x.replace(",", "")) for x in m.groups())
            if 0 < lo <= hi <= 1.5 * lo:
                out[int(fid[1:])] = (lo, hi)
    return out


def _marker_slots(rows: list[sc.TableRow], n_notes: int) -> list[tuple[Val, str, int]]:
    """The cells of the table rows that carry footnote markers, in reading order:
    (cell, kind, id) with kind 'known' (a marker read that may be the next new one: no
    greater than the number of notes, after the greatest so far), 'old' (a marker read
    again or implausible) or 'unknown' (a price's marker seen, its number unread: a price's
    note is its own, where the notes of codes and titles repeat from row to row)."""
    from extractor.record import TABLES

    out: list[tuple[Val, str, int]] = []
    top = 0
    for row in rows:
        p = row.parse
        table = ("non_derivative" if p.table == "table1" else "derivative") + "_transactions"
        for name in TABLES[table]:
            cell = p.cells.get(name)
            if cell is None:
                continue
            for fid in cell.footnotes:
                num = int(fid[1:]) if fid[1:].isdigit() else 0
                ok = top < num <= (n_notes if n_notes else top + 2)
                out.append((cell, "known" if ok else "old", num))
                top = max(top, num) if ok else top
            if name in _PRICE_CELLS and not cell.footnotes and any(
                    f in ("marker:unread", "marker:partial") for f in cell.flags):
                out.append((cell, "unknown", 0))
                top += 1
    return out


def resolve_markers(rows: list[sc.TableRow], notes: list[tuple[str, str]] | None = None) -> None:
    """Prices whose footnote marker OCR glued on as digits and ')' ('$28.2218)') are read
    against the markers that may come there: footnotes are numbered in order of first
    appearance, so a marker unread lies between the last one read before it (plus the
    unread ones between) and the next one read after it (less those between; the number of
    notes when none follows). A note that quotes the range of prices of a weighted average
    (:func:`note_price_ranges`) must hold the price that cites it."""
    notes = notes or []
    nums = [int(f[1:]) for f, _ in notes if f[1:].isdigit()]
    n_notes = max(nums) if nums else 0
    ranges = note_price_ranges(notes)
    slots = _marker_slots(rows, n_notes)
    lows: list[int] = []
    top = 0
    for _, kind, num in slots:
        if kind == "known":
            top = num
        elif kind == "unknown":
            top += 1
        lows.append(top)
    highs: list[int] = [0] * len(slots)
    bound = n_notes + 1 if n_notes else 10**6
    for k in range(len(slots) - 1, -1, -1):
        _, kind, num = slots[k]
        if kind == "known" and num > lows[k] - 1:
            bound = num
            highs[k] = num
        elif kind == "unknown":
            bound -= 1
            highs[k] = bound
    for k, (cell, kind, _) in enumerate(slots):
        if kind != "unknown" or "marker:partial" not in cell.flags or cell.footnotes:
            continue
        lo, hi = lows[k], max(lows[k], highs[k])
        ids = list(range(lo, min(hi, lo + 8) + 1))
        readings = tk.partial_price_readings(cell.text, ids)
        if not readings:
            continue
        best: tuple[float, float | int, str | None] | None = None
        for cost, value, fid in readings:
            span = ranges.get(int(fid[1:])) if fid else None
            if fid is None:
                spans = [ranges[i] for i in ids if i in ranges]
                if spans and not any(a <= value <= b for a, b in spans):
                    cost += 0.8
            elif span is not None:
                cost += -0.3 if span[0] <= value <= span[1] else 0.8
            if best is None or cost < best[0]:
                best = (cost, value, fid)
        assert best is not None
        _, value, fid = best
        if value != cell.value:
            cell.flags.append("repaired:footnote-marker")
        cell.value = value
        cell.cost += 0.5
        if fid:
            cell.footnotes.append(fid)


_PAR_TITLE = re.compile(r"((?:(?:Class|Series) [A-Z] )?(?:Common|Ordinary|Capital) (?:Stock|Shares))"
                        r",? par value \$ ?(\d*\.\d+|\d+) per share", re.IGNORECASE)
_CLASS = re.compile(r"\b((?:(?:Class|Series) [A-Z] )?(?:Common|Ordinary) (?:Stock|Shares))\b",
                    re.IGNORECASE)
_PAR_AMOUNT = re.compile(r"(?<![\w.])[$S§] ?0? ?[.,] ?([0-9O!lI]{1,5})(?![\w.])")
_PAR_DEBRIS = frozenset({"value", "par", "per", "share"})


def _par_amount(text: str) -> str | None:
    """The par value an OCR'd title names ('$0.00! per share' -> '0.001')."""
    m = _PAR_AMOUNT.search(text)
    if not m:
        return None
    digits = m.group(1).translate(str.maketrans("O!lI", "0111"))
    return "0." + digits if digits.isdigit() and "1" <= max(digits) else None


def settle_par_value_titles(titles: list[Field], underlying: list[Field] | None = None) -> None:
    """Table I titles of the form 'Common Stock, par value $0.001 per share' that OCR
    garbled in some rows (two lines of a narrow cell run together: '$0.00! per share
    value', 'Sota value'), put right from the rows of the filing: the title read whole in
    one row, else the class read in any row ('Common Stock' when none names one) with the
    par value two rows or more agree on. Titles with debris of the phrase ('value', 'per
    share', the amount) and no other class or par value are replaced; when most rows have
    the phrase, so are titles of garble alone and missing titles. The ``underlying``
    titles of Table II take the title when they have debris of the phrase."""
    from collections import Counter

    values = [f["value"] if isinstance(f["value"], str) else "" for f in titles]
    whole: Counter[str] = Counter()
    classes: Counter[str] = Counter()
    amounts: Counter[str] = Counter()
    debris = 0
    for v in values:
        for m in _PAR_TITLE.finditer(v):
            whole[f"{m.group(1)}, par value ${m.group(2)} per share"] += 1
        for m in _CLASS.finditer(v):
            classes[" ".join(w if w.isupper() else w.capitalize() for w in
                             m.group(1).split())] += 1
        words = set(ft.norm(v).split())
        if words & _PAR_DEBRIS:
            debris += 1
            amount = _par_amount(v)
            if amount:
                amounts[amount] += 1
    if debris < 2:
        return
    if whole:
        title, _ = whole.most_common(1)[0]
    else:
        if not amounts or debris < 3 or amounts.most_common(1)[0][1] < (2 if debris < 5 else 1):
            return
        cls = classes.most_common(1)[0][0] if classes else "Common Stock"
        title = f"{cls}, par value ${amounts.most_common(1)[0][0]} per share"
    cls_key = ft.norm(_CLASS.match(title).group(1)) if _CLASS.match(title) else ""

    def other_title(v: str) -> bool:  # a title of another class, or another par value
        m = _CLASS.search(v)
        if m and ft.norm(m.group(1)) != cls_key and _all_title_words(m.group(1)):
            return True
        amount = _par_amount(v)
        return amount is not None and f"${amount} " not in title and _all_title_words(v)

    settled: list[int] = []
    for k, (f, v) in enumerate(zip(titles, values, strict=True)):
        if v == title:
            settled.append(k)
            continue
        if not v or other_title(v) or not set(ft.norm(v).split()) & _PAR_DEBRIS:
            continue
        f.update(value=title, confidence=0.5,
                 flags=[x for x in f["flags"] if not x.startswith("repaired:title")] +
                 ["inferred:title-from-other-rows"])
        settled.append(k)
    for f in underlying or []:
        v = f["value"] if isinstance(f["value"], str) else ""
        if v and v != title and not other_title(v) and set(ft.norm(v).split()) & _PAR_DEBRIS:
            f.update(value=title, confidence=0.5, flags=f["flags"] +
                     ["inferred:title-from-other-rows"])
    if len(settled) < max(2, 0.6 * len(values)):
        return
    for k, (f, v) in enumerate(zip(titles, values, strict=True)):
        if k not in settled and (not v or not _all_title_words(v) and not other_title(v)):
            f.update(value=title, confidence=0.4,
                     flags=f["flags"] + ["inferred:title-from-other-rows"])


def _known_titles(rows: list[sc.TableRow]) -> dict[str, str]:
    """Table I titles read cleanly (on one line, most frequent first): normalized -> text."""
    from collections import Counter

    counts: Counter[str] = Counter()
    for r in rows:
        if r.parse.table == "table1" and not r.above and not r.below:
            t = _text_value(r.parse.value("security_title"))[0]
            if t and r.parse.cells["security_title"].cost < 0.5:
                counts[t] += 1
    out: dict[str, str] = {}
    for t, _ in counts.most_common():
        out.setdefault(ft.norm(t), t)
    return out


# --- free text ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _vocabulary() -> nz.Vocabulary | None:
    """The words of real filings' free text, with the form's own printed words and the words
    of security titles (which the prose of notes and remarks uses too: 'original', 'units'),
    so that those stay as read and are no misspelling to mend."""
    words = dict(text_vocabulary())
    if not words:
        return None
    for w, n in title_vocabulary().items():
        if w.isalpha() and n >= 20:
            words[w] = words.get(w, 0) + 1
    for w in ft.vocabulary():
        if w.isalpha():
            words[w] = words.get(w, 0) + 1
    return nz.Vocabulary(words)


_LONE_MARKS = re.compile(r"(?<!\S)(?!-\s+[A-Z0-9])(?:[^\w\s$%()&\[\]]|_){1,3}(?!\S)")
_FUNCTION_WORDS = frozenset("a an and or of to the in on at by as is for".split())


def _tidy_prose(text: str) -> str:
    """Prose as OCR garbles it between its words, put right: specks read as lone marks
    ("staff - ' of", "undertakes _ to"), a quote after a stop ("price.'") where no quote
    opens, words run together over a misread stop or colon ("4.is", "after:vesting"), a
    digit of an amount split off ("$28.1 3"), function words in capitals inside a
    sentence ("Issuer, OF the") and a capital read inside a word ("iS")."""
    t = _LONE_MARKS.sub(" ", text)
    if not re.search(r"(?:^|\s)'\w", t):
        t = re.sub(r"(?<=[.,;:])'(?=\s|$)", "", t)
    t = re.sub(r"(?<=\d)\.(?=[a-z]{2,}\b)", " ", t)
    t = re.sub(r"(?<=[a-z]{2}):(?=[a-z]{2,}\b)", " ", t)
    t = re.sub(r"(\$\d{1,6}\.\d) (\d)\b(?!\.\d)", r"\1\2", t)
    t = re.sub(r"(?<=[a-z])\*(?=[a-z])", " ", t)  # 'trading*plan'
    t = re.sub(r"(?<=\s)[-_](?=[A-Za-z]{2})", "", t)  # 'his -or her'
    t = re.sub(r"(?<=\b\d{2})\. (?=\d\b)", ".", t)  # 'Exhibit 99. 1'
    t = re.sub(r"(?<=[a-z]{2})\.\.(?=\s|$)", ".", t)  # 'inclusive..'
    t = re.sub(r"(?<=[a-z])['‘’](?=\$\d)", " ", t)  # "to'$28.43"
    t = re.sub(r"(?<=\d)['‘’](?=[a-z]{2})", " ", t)  # "Column 4'is"
    t = re.sub(r"(?<=\d)-(?=(?:to|and|or)\s)", " ", t)  # '$67.64-to'
    t = re.sub(r"\b(at|to|of|the|and|or|in|on|by|for|his|her|its|their)\. (?=[a-z]+ \w)",
               r"\1 ", t)  # 'at. each', 'his. or her': no sentence ends so
    words = t.split()
    for k in range(1, len(words)):
        w = words[k]
        prev = words[k - 1]
        if w.lower() in _FUNCTION_WORDS and w != w.lower() and len(w) > 1 and \
                (prev[-1:].islower() or prev.endswith(",")):
            words[k] = w.lower()  # 'OF', 'Or' inside a sentence
        elif re.fullmatch(r"[a-z]+[A-Z][a-z]*", w) and len(w) <= 4:
            words[k] = w.lower()  # 'iS'
    return " ".join(words)


def mend_free_text(text: str) -> tuple[str, list[str]]:
    """Footnote or remark text with OCR slips mended as on the scan path: stray marks at the
    ends and between the words (:func:`_tidy_prose`), misspellings against the vocabulary
    of real filings' free text."""
    value = nz.strip_stray_marks(text)
    tidy = _tidy_prose(value)
    flags: list[str] = ["repaired:specks"] if tidy != value else []
    value = tidy
    vocab = _vocabulary()
    if value and vocab is not None:
        value, more = mend_words_safely(value, vocab)
        flags += more
    cased = nz.lower_inside_sentence(value, text_vocabulary())
    if cased != value:
        value = cased
        flags.append("repaired:case")
    return value, flags


def _plausible_word(read: str, mended: str) -> bool:
    """Whether ``read`` may be a real word that ``mended`` (its nearest known word) is only a
    relative of: a word cut short or inflected at its end ('voluntarily' -> 'voluntary',
    'Relationships' -> 'Relationship', 'Filer' -> 'Filed'). OCR slips inside a word or a
    letter it lost at the end ('annua' -> 'annual') are mended; a word is not shortened."""
    a, b = read.lower(), mended.lower()
    if " " in b or not a.isalpha() or not b.isalpha():
        return False
    first = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
                 min(len(a), len(b)))
    if len(b) < len(a) and first >= len(a) - 3:
        return True
    return len(a) == len(b) and first == len(a) - 1 and bool(re.search(r"(er|ed|es|ly)$", a))


def mend_words_safely(text: str, vocab: nz.Vocabulary) -> tuple[str, list[str]]:
    """:func:`extractor.mapping.normalize.mend_words` word by word, keeping the words
    :func:`_plausible_word` says may be real words the vocabulary lacks."""
    out: list[str] = []
    for token in text.split(" "):
        new, fl = nz.mend_words(token, vocab)
        if fl:
            core_a = re.sub(r"^\W+|\W+$", "", token)
            core_b = re.sub(r"^\W+|\W+$", "", new)
            if _plausible_word(core_a, core_b):
                new = token
        out.append(new)
    joined = " ".join(out)
    mended, fl = nz.mend_words(joined, nz.Vocabulary({}))  # amounts in prose: '$15. 94'
    return mended, (["repaired:spelling"] if mended != text else [])


def nearest_consensus(texts: list[str], peers: int = 3) -> list[tuple[str, bool]]:
    """:func:`extractor.mapping.normalize.consensus_texts` of each text with its few nearest
    repetitions only (ratio 0.9 or more): a long run of one boilerplate note holds badly
    damaged readings too, which would otherwise veto what the good ones agree on."""
    from difflib import SequenceMatcher

    toks = [t.split(" ") for t in texts]
    out: list[tuple[str, bool]] = []
    for i, a in enumerate(toks):
        near = sorted(((SequenceMatcher(None, a, b, autojunk=False).ratio(), j)
                       for j, b in enumerate(toks) if j != i and b and texts[j] != texts[i]),
                      reverse=True)
        chosen = [texts[j] for r, j in near[:peers] if r >= 0.9]
        if len(chosen) < 2:
            chosen = [t for j, t in enumerate(texts) if j != i]
        out.append(nz.consensus_texts([texts[i]] + chosen, _designator_vocabulary())[0])
    return out


@lru_cache(maxsize=1)
def _designator_vocabulary() -> nz.Vocabulary | None:
    """:func:`_vocabulary` with the single letters that name a class or series ('Series C'):
    a repeated note that differs by its letter only says so, it is no misreading."""
    vocab = _vocabulary()
    if vocab is None:
        return None
    return nz.Vocabulary({**vocab.lower, **{chr(c): 1 for c in range(ord("a"), ord("z") + 1)}})


def mend_notes(notes: list[tuple[str, str]]) -> list[tuple[str, str, str, list[str]]]:
    """[(id, text, raw text, flags)]: each footnote mended (:func:`mend_free_text`), tidied as
    a sentence (debris after the last full stop, a lost full stop) and, where the filing repeats
    one boilerplate note, mended by the consensus of its repetitions."""
    out: list[tuple[str, str, str, list[str]]] = []
    for fid, raw in notes:
        text, flags = mend_free_text(raw)
        text, more = nz.tidy_note(text)
        if text[:1].islower() and text.split(" ", 1)[0] in (_vocabulary() or ()):
            text = text[0].upper() + text[1:]  # a note begins with a capital
        out.append((fid, text, raw, flags + more))
    agreed = nearest_consensus([t for _, t, _, _ in out])
    for k, (text, changed) in enumerate(agreed):
        if changed:
            fid, _, raw, flags = out[k]
            out[k] = (fid, text, raw, flags + ["repaired:consensus"])
    return [x for x in out if x[1]]


def mend_remarks(text: str) -> tuple[str, list[str]]:
    """Remarks mended as free text (:func:`mend_free_text`), without the scrap of a few
    lower-case words OCR read after their last full stop ("... filing. et")."""
    value, flags = mend_free_text(text)
    stop = value.rfind(". ")
    tail = value[stop + 2:].split() if stop > 0 else []
    if tail and len(tail) <= 3 and tail[0][:1].islower() and not value.endswith("."):
        value = value[:stop + 1]
        flags = flags + ["repaired:note-debris"]
    return value, flags


_UNIT_WORDS = frozenset("suite ste floor fl unit apt box room bldg building no # po".split())


def _street_speck(words: list[str]) -> bool:
    """A lone capital no direction after a street's last word or a mark ('111 LAKEVIEW
    ROAD J', '374 MARKET STREET ; D')."""
    return len(words) >= 3 and re.fullmatch(r"[A-Z]", words[-1]) is not None and \
        words[-1] not in "NSEW" and (words[-2].lower().strip(".,") in sc.STREET_WORDS or
                                     not any(c.isalnum() for c in words[-2]))


_DIRECTIONS = frozenset("N S E W NE NW SE SW NORTH SOUTH EAST WEST".split())
# the words an address line may end in (a unit but 'FLOOR' wants its number after it)
_ADDRESS_END = sc.STREET_WORDS | frozenset(
    "floor inc ltd corp corporation plc llc lp incorporated holdings".split())


def _debris_word(word: str) -> bool:
    """A token psm 6 read from the shading beside an address: four letters or fewer, or
    letters and marks mixed ('SS', 'SNCS', 'PSSPD:', '2]'); no unit word, no number."""
    core = word.rstrip(".,")
    if not core or core.lower() in _UNIT_WORDS or core.isdigit():
        return False
    return (len(core) <= 4 and not any(c.isdigit() for c in core)) or not core.isalnum()


def drop_debris_tail(words: list[str]) -> list[str]:
    """An address line up to its last street, floor or company word (and the directions after
    it), when all that follows is debris ('9088 MARKET STREET SS', '... AVENUE NORTH PSSPD:
    WAN')."""
    ends = [k for k, w in enumerate(words) if w.lower().strip(".,") in _ADDRESS_END]
    if not ends or ends[-1] == 0:
        return words
    keep = ends[-1] + 1
    while keep < len(words) and words[keep].rstrip(".,") in _DIRECTIONS:
        keep += 1
    tail = words[keep:]
    return words[:keep] if tail and all(_debris_word(w) for w in tail) else words


def tidy_street(text: str) -> str:
    """A street line without the specks OCR read around it: a stop after 'C/O', a doubled
    final stop, a lone digit or two after the last word that no unit word ('SUITE', 'BOX')
    calls for ('2791 CANYON ROAD 5'); in a line of capitals, the words out of case after it
    ('781 ELM AVENUE Member of 13(d) group', 'SUITE 210 Stare', 'SUITE 1200 ih') and marks
    or a lone X at its end ('374 MARKET STREET ; \'', '163 WATER STREET X : =') or another
    capital no direction ('111 LAKEVIEW ROAD J'); a full stop after a direction ('... NE.')."""
    t = re.sub(r"^(c/o)\.(?=\s)", r"\1", text, flags=re.IGNORECASE)
    t = re.sub(r"\.{2,}$", ".", t)
    words = t.split()
    for k, w in enumerate(words):
        if any(c.islower() for c in w) and w.lower() != "c/o":
            if k >= 2 and sum(c.isalpha() for c in "".join(words[:k])) >= 3:
                words = words[:k]  # a line of capitals up to here
            break
    words = drop_debris_tail(words)
    while len(words) >= 2 and (not any(c.isalnum() for c in words[-1]) or
                               words[-1] in ("X", "x") or _street_speck(words)):
        words.pop()
    if len(words) >= 3 and re.fullmatch(r"(?:N|S|E|W|NE|NW|SE|SW)\.", words[-1]):
        words[-1] = words[-1][:-1]  # '... ROAD NE.'
    t = " ".join(words)
    if len(words) >= 3 and re.fullmatch(r"\d{1,2}", words[-1]) and \
            words[-2].lower().strip(".#") not in _UNIT_WORDS and not words[-2][-1:].isdigit():
        t = " ".join(words[:-1])
    return t


# --- the record -----------------------------------------------------------------------------

_ENTITY = re.compile(r"\b(fund|partners|capital|l\.?p\.?|llc|ltd|inc|holdings|management|"
                     r"ventures|trust|corp|corporation|group|associates)\b", re.IGNORECASE)


def _table_owners(blocks: list[sc.OwnerBlock], first: dict[str, Field]) -> list[dict[str, Field]]:
    """Owners after the first from a joint filing's Reporting Owners table (box 1 and box 5
    hold the first); the first owner's empty boxes are filled from the table."""
    out: list[dict[str, Field]] = []
    firsts = [first[k]["value"] for k in ("officer_title", "other_text")
              if isinstance(first[k]["value"], str)]
    for i, b in enumerate(blocks):
        streets = b.streets + [None, None]
        values = {"name": roman_case(b.name), "street1": streets[0], "street2": streets[1], "city": b.city,
                  "state": b.state, "zip_code": b.zip_code}
        for key in ("street1", "street2"):
            if values[key]:
                values[key] = tidy_street(values[key]) or values[key]
        if i == 0:
            for key, v in values.items():
                if first[key]["value"] is None and v:
                    first[key] = _field(v, 0.8, b.raw)
            _marks_from_table(first, b)
            name = first["name"]["value"]
            if isinstance(name, str) and name.startswith(values["name"] + " ") and \
                    len(values["name"].split()) >= 2:
                first["name"]["value"] = values["name"]  # box 1 ran on into box 2
                first["name"]["flags"] = [*first["name"]["flags"], "repaired:name-from-table"]
            continue
        owner = empty_owner()
        noise = 4.0 * noisy_token_share(b.raw or "")  # specks in the block: a torn table
        for key, v in values.items():
            owner[key] = _field(v, 0.5 + noise, b.raw) if v else make_field(
                None, confidence=0.6, page=PAGE)
        text = " ".join(t for t in b.text if not any(  # the first owner's title read here
            fuzz.ratio(ft.norm(t), ft.norm(x)) >= 90 for x in firsts)).strip()
        entity = bool(_ENTITY.search(b.name))
        flags = {"is_director": False, "is_officer": False, "is_ten_percent_owner": False,
                 "is_other": False}
        if text and re.search(r"group|former|remarks|member|deputiz", text, re.IGNORECASE):
            flags["is_other"] = True
            owner["other_text"] = _field(text, 0.8, text)
        elif text:
            flags["is_officer"] = True
            owner["officer_title"] = _field(text, 0.8, text)
        if b.marks >= 2:
            flags["is_director"] = flags["is_ten_percent_owner"] = True
        elif b.marks == 1 or not any(flags.values()):
            flags["is_ten_percent_owner" if entity or b.marks == 0 else "is_director"] = True
        for key, v in flags.items():
            owner[key] = _field(v, (0.9 if b.marks else 1.5) + noise, None,
                                flags=["inferred:relationship-column"])
        out.append(owner)
    return out



def _marks_from_table(first: dict[str, Field], block: sc.OwnerBlock) -> None:
    """The first owner's relationships that box 5 lost, from the Reporting Owners table:
    its marks there and its title (the table writes an officer's title, no mark) tell how
    many boxes are checked; the missing are a director's, then a 10% owner's."""
    keys = ("is_director", "is_officer", "is_ten_percent_owner", "is_other")
    have = sum(first[k]["value"] is True for k in keys)
    for key in ("is_director", "is_ten_percent_owner"):
        if have >= block.marks + bool(block.text):
            break
        if first[key]["value"] is not True:
            first[key] = _field(True, 1.0, None, flags=["inferred:relationship-table"])
            have += 1


def roman_case(name: str) -> str:
    """An entity's name with the roman numeral of its series in capitals as written ('Fund
    Iv, L.P.' -> 'Fund IV, L.P.', 'Partners iX' -> 'Partners IX')."""
    words = name.split(" ")
    for k in range(1, len(words)):
        core = words[k].rstrip(",.")
        if re.fullmatch(r"[ivxIVX]{1,4}", core) and core != core.upper() and \
                core.lower() != "xx" and words[k - 1][:1].isupper():
            words[k] = core.upper() + words[k][len(core):]
    return " ".join(words)


def unmarked_relationship(name: Any) -> str:
    """The relationship box of an owner whose X OCR lost everywhere in box 5 (no mark, no
    officer title, no other text): someone who files is a director, an officer or a 10%
    owner, and one without a title is most often a director, or a 10% owner when the owner
    is an entity (a fund, a partnership, a company)."""
    entity = isinstance(name, str) and bool(_ENTITY.search(name))
    return "is_ten_percent_owner" if entity else "is_director"


def looks_like_form4(lines: list[str]) -> bool:
    text = " ".join(lines[:400]).lower()
    hits = sum(k in text for k in (
        "beneficial ownership", "reporting person", "non-derivative", "derivative securities",
        "transaction code", "issuer name", "ticker", "form 4", "explanation of responses",
        "title of security", "ownership form", "table i", "earliest transaction"))
    return hits >= 3


def build_record(text: str) -> Record:
    """The record of one filing's OCR text (before checks and calibration)."""
    with_breaks = clean_lines(text, keep_breaks=True)
    lines = [line for line in with_breaks if line]
    if not looks_like_form4(lines):
        raise NotAForm4Error("the text does not look like a Form 4")
    sec = sc.segment(with_breaks)
    record = empty_record(pages=1, dpi=None)
    warnings: list[str] = record["warnings"]
    warnings.append("read from OCR text without page geometry: page 1, bbox null")

    # header boxes
    h = hd.read_header(sec.header if sec.header else lines[:60])
    record["form_edition"] = "pre-2002" if h.month_year else "current"
    record["issuer"]["name"] = _val_field(h.issuer_name, empty_conf=0.2)
    record["issuer"]["trading_symbol"] = _val_field(h.ticker, empty_conf=0.2)
    record["period_of_report"] = _val_field(h.period, empty_conf=0.3)
    record["date_of_original_submission"] = _val_field(h.amendment, empty_conf=0.85)
    if h.document_type is not None:
        record["document_type"] = _field(h.document_type.value, 0.0, h.document_type.text)
    elif h.amendment is not None:
        record["document_type"] = _field("4/A", 0.6, None, flags=["inferred:amendment-date"])
    else:
        record["document_type"] = _field("4", 0.1, None, flags=["inferred:default"])
    if h.not_subject is not None:
        record["not_subject_to_section16"] = _field(h.not_subject.value, h.not_subject.cost,
                                                    h.not_subject.text)
    else:
        record["not_subject_to_section16"] = _field(False, 0.4, None, flags=["inferred:default"])

    owner = empty_owner()
    owner["name"] = _val_field(h.owner_name, empty_conf=0.2)
    owner["street1"] = _val_field(h.street1, empty_conf=0.3, extra=0.2)
    owner["street2"] = _val_field(h.street2, empty_conf=0.6, extra=0.3)
    for key in ("street1", "street2"):
        v = owner[key]["value"]
        name = owner["name"]["value"]
        if isinstance(v, str) and isinstance(name, str) and v.startswith(name + " "):
            v = owner[key]["value"] = v[len(name) + 1:]  # box 1's name run into the street
        if isinstance(v, str) and tidy_street(v) != v:
            owner[key]["value"] = tidy_street(v)
            owner[key]["flags"].append("repaired:specks")
            owner[key]["confidence"] = round(owner[key]["confidence"] * 0.85, 4)
    owner["city"] = _val_field(h.city, empty_conf=0.3)
    if isinstance(owner["city"]["value"], str):
        owner["city"]["value"] = owner["city"]["value"].rstrip(" .,;:-") or None  # 'AUSTIN.'
    owner["state"] = _val_field(h.state, empty_conf=0.3)
    owner["zip_code"] = _val_field(h.zip_code, empty_conf=0.3)
    for key in ("is_director", "is_officer", "is_ten_percent_owner", "is_other"):
        v = h.relationship.get(key)
        owner[key] = (_field(True, 0.2, v.text) if v else
                      _field(False, 0.6, None, flags=["inferred:no-mark"]))
    if h.officer_title is not None:
        owner["officer_title"] = _val_field(h.officer_title)
        if not owner["is_officer"]["value"]:
            owner["is_officer"] = _field(True, 0.5, None, flags=["inferred:officer-title"])
    if h.other_text is not None:
        owner["other_text"] = _val_field(h.other_text)
        if not owner["is_other"]["value"]:
            owner["is_other"] = _field(True, 0.6, None, flags=["inferred:other-text"])
    blocks = sc.read_owner_blocks(sec.owners)
    if not h.relationship and h.officer_title is None and h.other_text is None:
        key = unmarked_relationship(owner["name"]["value"])
        owner[key] = _field(True, 1.2, None, flags=["inferred:relationship-unmarked"])
    record["reporting_owners"] = [owner] + _table_owners(blocks, owner)

    # tables
    rows1, _ = sc.table_rows(sec.table1, "table1")
    rows2, _ = sc.table_rows(sec.table2, "table2")
    known = _known_titles(rows1)
    notes = sc.read_footnotes(sec.notes, sec.spill)
    resolve_markers(rows1 + rows2, notes)
    for row in rows1 + rows2:
        table, out = _row_record(row, known)
        record[table].append(out)
    exercisable_dates([r for t in ("derivative_transactions", "derivative_holdings")
                       for r in record[t]], record["period_of_report"]["value"])
    table1 = record["non_derivative_transactions"]
    disposition_from_code(table1)
    disposition_from_holdings(table1)
    for table in ("non_derivative_transactions", "derivative_transactions"):
        infer_from_neighbours(record[table])
    mended = mend_notes(notes)
    natures_from_notes([r for t in ("non_derivative_transactions", "non_derivative_holdings",
                                    "derivative_transactions", "derivative_holdings")
                        for r in record[t]],
                       [(fid, t) for fid, t, _, _ in mended])
    settle_par_value_titles([r["security_title"] for t in ("non_derivative_transactions",
                                                           "non_derivative_holdings")
                             for r in record[t]],
                            [r["underlying_security_title"] for t in (
                                "derivative_transactions", "derivative_holdings")
                             for r in record[t]])

    # footnotes, remarks, signatures
    record["footnotes"] = [{"id": fid, "text": _field(t, 0.3 + 0.002 * len(t) + garble(raw),
                                                      raw, flags=flags)}
                           for fid, t, raw, flags in mended]
    sigs = sc.read_signatures(lines)
    remarks = sc.read_remarks(sec.remarks, frozenset(raw for _, raw, _, _ in sigs))
    if remarks:
        text, flags = mend_remarks(remarks)
        record["remarks"] = _field(text, 0.3 + 0.002 * len(text) + garble(remarks), remarks,
                                   flags=flags)
    record["signatures"] = [
        {"name": _field(name, 0.4 + garble(raw), raw),
         "date": _field(date, 0.1, dt) if date else make_field(None, confidence=0.3, page=PAGE)}
        for name, raw, date, dt in sigs[:4]]
    for _, f in iter_fields(record):
        f["page"] = PAGE  # one text page; no geometry
    attach_quality(record, "\n".join(lines))
    return record


# --- public API -----------------------------------------------------------------------------


def text_calibration_path() -> Path:
    return models_dir() / TEXT_CALIBRATION


def extract_text(text: str, *, checks: bool = True, calibrate: bool = True,
                 calibration_model: str | None = None) -> Form4Record:
    """A Form 4 record from OCR text (geometry-free): ``page`` 1, ``bbox`` null."""
    record = build_record(text)
    if checks:
        from extractor.checks import apply_checks

        apply_checks(record)
    if calibrate:
        from extractor.calibration import load_calibrator

        path = calibration_model or str(text_calibration_path())
        calibrator = load_calibrator(path) if Path(path).exists() else None
        if calibrator is not None:
            calibrator.apply(record)
    return Form4Record(record)


def extract_text_file(doc: Any, *, checks: bool = True, calibrate: bool = True,
                      calibration_model: str | None = None) -> Form4Record:
    """The record of a .txt/.md file (``doc``: :class:`extractor.ingest.SourceDocument`)."""
    path = Path(doc.path)
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        rec = extract_text(text, checks=checks, calibrate=calibrate,
                           calibration_model=calibration_model)
    except NotAForm4Error as exc:
        raise NotAForm4Error(exc.message, path=str(doc.path)) from None
    rec.data["source"] = {"path": str(doc.path), "sha256": doc.sha256, "pages": 1, "dpi": None}
    return rec
