"""OCR text -> Form 4 record: sections, header boxes, table rows, footnotes, remarks and
signatures mapped to the contract's fields, with first confidences from how cleanly each value
parsed; then the consistency checks and the text calibrator.
"""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from extractor.errors import NotAForm4Error
from extractor.mapping import normalize as nz
from extractor.mapping.lexicon import models_dir, title_words
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
from extractor.text import sections as sc
from extractor.text import tokens as tk
from extractor.text.lines import clean_lines
from extractor.text.rows import Cell

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
    out = " ".join(words)
    if not re.search(r"[A-Za-z]{4}", out) and words[0].lower() not in ("by", "see", "ira"):
        return None
    return out


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
        return known_raw.get(_known_match(value, set(known_raw)) or "")
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
        if nb and _known_match(b, known):
            s += 3.0
        if _COMMON_TITLE.match(b):
            s += 2.0
        if not nb:
            s -= 1.0
    else:
        if na in known:
            s += 2.0
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


def _cell_field(name: str, cell: Cell | None, *, required: bool) -> Field:
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
            if value and name in ("security_title", "underlying_security_title") and \
                    (p.table == "table1") == (name == "security_title"):
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
        nature = out.get("nature_of_ownership", {}).get("value")
        di.update(value="I" if nature else "D", confidence=0.55 if nature else 0.5,
                  flags=["inferred:ownership-form"])
    return table, out


def infer_from_neighbours(rows: list[dict[str, Field]]) -> None:
    """Fill a code or ownership form OCR lost from the filing's other rows when they agree:
    a missing transaction code from the rows with the same (A)/(D), a missing D/I (with no
    nature of ownership) from the rows read without one."""
    from collections import Counter

    codes: dict[Any, Counter[str]] = {}
    forms: Counter[str] = Counter()
    for row in rows:
        code, ad = row["transaction_code"]["value"], row["acquired_disposed_code"]["value"]
        if code:
            codes.setdefault(ad, Counter())[code] += 1
        di = row["direct_or_indirect_ownership"]
        if di["value"] and "inferred:ownership-form" not in di["flags"] and \
                not row["nature_of_ownership"]["value"]:
            forms[di["value"]] += 1
    for row in rows:
        f = row["transaction_code"]
        ad = row["acquired_disposed_code"]["value"]
        seen = codes.get(ad)
        if f["value"] is None and ad and seen:
            code, n = seen.most_common(1)[0]
            if n >= 2 and n >= 0.8 * sum(seen.values()):
                f.update(value=code, confidence=0.5,
                         flags=[x for x in f["flags"] if not x.startswith("unparsed")] +
                         ["inferred:code-from-other-rows"])
        di = row["direct_or_indirect_ownership"]
        if "inferred:ownership-form" in di["flags"] and not row["nature_of_ownership"]["value"] \
                and forms:
            form, n = forms.most_common(1)[0]
            if n >= 0.8 * sum(forms.values()):
                di.update(value=form, confidence=0.55)


_PRICE_CELLS = ("conversion_or_exercise_price", "price_per_share")


def resolve_markers(rows: list[sc.TableRow]) -> None:
    """Prices whose footnote marker OCR glued on as digits and ')' are read against the
    marker expected next: footnotes are numbered in order of first appearance on the form."""
    from extractor.record import TABLES

    max_id = 0
    for row in rows:
        p = row.parse
        table = ("non_derivative" if p.table == "table1" else "derivative") + "_transactions"
        for name in TABLES[table]:
            cell = p.cells.get(name)
            if cell is None:
                continue
            if name in _PRICE_CELLS and "marker:partial" in cell.flags and not cell.footnotes:
                got = tk.resolve_partial_price(cell.text, max_id + 1)
                if got is not None:
                    value, fid = got
                    if value != cell.value:
                        cell.flags.append("repaired:footnote-marker")
                    cell.value = value
                    cell.cost += 0.5
                    if fid:
                        cell.footnotes.append(fid)
            for fid in cell.footnotes:
                if fid[1:].isdigit() and int(fid[1:]) <= max_id + 2:
                    max_id = max(max_id, int(fid[1:]))
            if any(f in ("marker:unread", "marker:partial") for f in cell.flags) and \
                    not cell.footnotes:
                max_id += 1  # a marker was there, unread: it was most likely the next one


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


# --- the record -----------------------------------------------------------------------------

_ENTITY = re.compile(r"\b(fund|partners|capital|l\.?p\.?|llc|ltd|inc|holdings|management|"
                     r"ventures|trust|corp|corporation|group|associates)\b", re.IGNORECASE)


def _table_owners(blocks: list[sc.OwnerBlock], first: dict[str, Field]) -> list[dict[str, Field]]:
    """Owners after the first from a joint filing's Reporting Owners table (box 1 and box 5
    hold the first); the first owner's empty boxes are filled from the table."""
    out: list[dict[str, Field]] = []
    for i, b in enumerate(blocks):
        streets = b.streets + [None, None]
        values = {"name": b.name, "street1": streets[0], "street2": streets[1], "city": b.city,
                  "state": b.state, "zip_code": b.zip_code}
        if i == 0:
            for key, v in values.items():
                if first[key]["value"] is None and v:
                    first[key] = _field(v, 0.8, b.raw)
            continue
        owner = empty_owner()
        for key, v in values.items():
            owner[key] = _field(v, 0.5, b.raw) if v else make_field(None, confidence=0.6,
                                                                       page=PAGE)
        text = " ".join(b.text).strip()
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
            owner[key] = _field(v, 0.9 if b.marks else 1.5, None,
                                flags=["inferred:relationship-column"])
        out.append(owner)
    return out



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
    owner["city"] = _val_field(h.city, empty_conf=0.3)
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
    record["reporting_owners"] = [owner] + _table_owners(sc.read_owner_blocks(sec.owners),
                                                        owner)

    # tables
    rows1, _ = sc.table_rows(sec.table1, "table1")
    rows2, _ = sc.table_rows(sec.table2, "table2")
    known = _known_titles(rows1)
    resolve_markers(rows1 + rows2)
    for row in rows1 + rows2:
        table, out = _row_record(row, known)
        record[table].append(out)
    for table in ("non_derivative_transactions", "derivative_transactions"):
        infer_from_neighbours(record[table])

    # footnotes, remarks, signatures
    notes = sc.read_footnotes(sec.notes)
    record["footnotes"] = [{"id": fid, "text": _field(t, 0.3 + 0.002 * len(t), t)}
                           for fid, t in notes]
    sigs = sc.read_signatures(lines)
    remarks = sc.read_remarks(sec.remarks, frozenset(raw for _, raw, _, _ in sigs))
    if remarks:
        record["remarks"] = _field(remarks, 0.3 + 0.002 * len(remarks), remarks)
    record["signatures"] = [
        {"name": _field(name, 0.4, raw),
         "date": _field(date, 0.1, dt) if date else make_field(None, confidence=0.3, page=PAGE)}
        for name, raw, date, dt in sigs[:4]]
    for _, f in iter_fields(record):
        f["page"] = PAGE  # one text page; no geometry
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
