"""The yardstick: compare predicted records with true records, field by field and row by row.

Pure: reads JSON files and plain dicts, never imports the extraction pipeline it measures
(only :mod:`extractor.record` and :mod:`extractor.schema`).

What counts:

* **Fields.** Every contract field whose value is non-null (and not blank) on at least one side.
  Null vs null is not counted; a value predicted where the truth is null is wrong; a true value
  missing from the prediction is wrong with confidence 0. Values are compared normalized:
  strings NFKC with white space collapsed (case-sensitive), numbers as ``Decimal`` of their
  ``repr`` (``3638 == 3638.0``; numeric strings in number fields too), dates as strings,
  booleans as bools, codes upper-cased.
* **Alignment.** Table rows, reporting owners and signatures are aligned in order by a monotone
  alignment (Needleman-Wunsch) that maximizes the number of agreeing fields, then the number of
  paired rows. Fields of unaligned rows are all wrong. Footnotes align by ``id``.
* **Rows.** Separately, a predicted table row *matches* a true row when transaction date,
  transaction code and shares agree (holdings: security title and shares owned following),
  matched in order (LCS); precision, recall and F1 per table and micro over all tables.
* **Documents.** A missing prediction, or one that is not a schema-valid record, counts every
  true field wrong with confidence 0. A document is exact when its prediction is present and
  every counted field is right.
* **Calibration.** ECE over all counted fields in 10 equal-width bins; coverage@99.5 is the
  largest share of counted fields one confidence threshold accepts at >= 99.5 % accuracy.

Paths are those of :func:`extractor.record.iter_fields` on the truth record; a predicted row
without a true counterpart is written ``table[pred:2].field``.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

from extractor.record import (
    BOOL_FIELDS,
    CODE_FIELDS,
    HEADER_FIELDS,
    ISSUER_FIELDS,
    NUMBER_FIELDS,
    OWNER_FIELDS,
    TABLES,
)
from extractor.schema import schema_errors

__all__ = [
    "GROUPS",
    "ROW_KEYS",
    "DocResult",
    "EvalReport",
    "FieldOutcome",
    "ReliabilityBin",
    "RowStat",
    "Tally",
    "TruthFileError",
    "compare_records",
    "coverage_at_accuracy",
    "evaluate_dirs",
    "expected_calibration_error",
    "format_report",
    "normalize_value",
    "reliability_bins",
]

GROUPS = ("header", "reporting_owners", "table1", "table2", "footnotes", "signatures", "remarks")

TABLE_GROUP = {
    "non_derivative_transactions": "table1",
    "non_derivative_holdings": "table1",
    "derivative_transactions": "table2",
    "derivative_holdings": "table2",
}

# The fields that identify a row for the row metrics.
ROW_KEYS: dict[str, tuple[str, ...]] = {
    "non_derivative_transactions": ("transaction_date", "transaction_code", "shares"),
    "non_derivative_holdings": ("security_title", "shares_owned_following_transaction"),
    "derivative_transactions": ("transaction_date", "transaction_code", "shares"),
    "derivative_holdings": ("security_title", "shares_owned_following_transaction"),
}

SIGNATURE_FIELDS = ("name", "date")
FOOTNOTE_FIELDS = ("text",)

OK, MISSING, MALFORMED = "ok", "missing", "malformed"

_WS = re.compile(r"\s+")
_INDEX = re.compile(r"\[[^\]]*\]")


class TruthFileError(ValueError):
    """A truth file (or the truth directory) cannot be read as a record."""


# --------------------------------------------------------------------------- normalization


def _norm_text(value: str) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFKC", value)).strip()


def _to_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        text = repr(value)
    elif isinstance(value, str):
        text = _norm_text(value)
    else:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _to_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        return {"true": True, "false": False, "1": True, "0": False}.get(_norm_text(value).lower())
    return None


def normalize_value(name: str, value: Any) -> Any:
    """The comparable form of ``value`` for the field called ``name`` (None when blank).

    Returns a tagged tuple so that values of different kinds never compare equal by accident.
    """
    if value is None:
        return None
    if isinstance(value, str) and not _norm_text(value):
        return None
    if name in NUMBER_FIELDS:
        number = _to_decimal(value)
        if number is not None:
            return ("number", number)
    elif name in BOOL_FIELDS:
        flag = _to_bool(value)
        if flag is not None:
            return ("bool", flag)
    if isinstance(value, str):
        text = _norm_text(value)
        return ("text", text.upper() if name in CODE_FIELDS else text)
    return ("raw", json.dumps(value, sort_keys=True, default=str))


def _value(field_: Any) -> Any:
    """The value of a field; a bare (non-dict) leaf in a hand-written truth is its own value."""
    if isinstance(field_, Mapping):
        return field_.get("value")
    return field_


def _confidence(field_: Any) -> float:
    if not isinstance(field_, Mapping):
        return 0.0
    conf = field_.get("confidence")
    if isinstance(conf, bool) or not isinstance(conf, int | float) or not math.isfinite(conf):
        return 0.0
    return min(1.0, max(0.0, float(conf)))


def _rows(record: Mapping[str, Any] | None, section: str) -> list[Mapping[str, Any]]:
    if not record:
        return []
    rows = record.get(section)
    if not isinstance(rows, list):
        return []
    return [row if isinstance(row, Mapping) else {} for row in rows]


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class FieldOutcome:
    """One counted field: where it is, both values, whether they agree, the predicted confidence."""

    path: str
    group: str
    truth: Any
    pred: Any
    correct: bool
    confidence: float
    pred_path: str | None = None

    @property
    def name(self) -> str:
        """The path without row indices, e.g. ``non_derivative_transactions.shares``."""
        return _INDEX.sub("", self.path)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "pred_path": self.pred_path,
            "group": self.group,
            "truth": self.truth,
            "pred": self.pred,
            "correct": self.correct,
            "confidence": self.confidence,
        }


@dataclass
class Tally:
    """Correct out of total."""

    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None

    def add(self, correct: bool) -> None:
        self.total += 1
        self.correct += int(correct)

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": self.accuracy}


@dataclass
class RowStat:
    """Row counts of one table (or of all tables); empty sides count as vacuously perfect."""

    truth: int = 0
    pred: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.pred if self.pred else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.truth if self.truth else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: RowStat) -> None:
        self.truth += other.truth
        self.pred += other.pred
        self.matched += other.matched

    def to_dict(self) -> dict[str, Any]:
        return {
            "truth": self.truth,
            "pred": self.pred,
            "matched": self.matched,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass
class DocResult:
    """All outcomes of one document; ``status`` is ok, missing or malformed (with ``reason``)."""

    name: str
    status: str
    outcomes: list[FieldOutcome]
    tables: dict[str, RowStat]
    reason: str | None = None

    @property
    def present(self) -> bool:
        return self.status == OK

    @property
    def counted(self) -> int:
        return len(self.outcomes)

    @property
    def correct(self) -> int:
        return sum(o.correct for o in self.outcomes)

    @property
    def field_acc(self) -> float | None:
        return self.correct / self.counted if self.counted else None

    @property
    def exact(self) -> bool:
        return self.present and all(o.correct for o in self.outcomes)

    @property
    def errors(self) -> list[FieldOutcome]:
        return [o for o in self.outcomes if not o.correct]

    def to_dict(self, *, with_errors: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "status": self.status,
            "reason": self.reason,
            "counted": self.counted,
            "correct": self.correct,
            "field_acc": self.field_acc,
            "exact": self.exact,
            "rows": {t: s.to_dict() for t, s in self.tables.items()},
        }
        if with_errors and self.present:
            out["errors"] = [o.to_dict() for o in self.errors]
        return out


@dataclass(frozen=True)
class ReliabilityBin:
    """One confidence bin [lo, hi) (the last one includes hi); mean/accuracy None when empty."""

    lo: float
    hi: float
    count: int
    correct: int
    mean_confidence: float | None
    accuracy: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "lo": self.lo,
            "hi": self.hi,
            "count": self.count,
            "correct": self.correct,
            "mean_confidence": self.mean_confidence,
            "accuracy": self.accuracy,
        }


# --------------------------------------------------------------------------- comparison


class _Collector:
    def __init__(self) -> None:
        self.outcomes: list[FieldOutcome] = []

    def field(
        self,
        name: str,
        path: str,
        pred_path: str | None,
        group: str,
        truth_field: Any,
        pred_field: Any,
    ) -> None:
        tv, pv = _value(truth_field), _value(pred_field)
        tn, pn = normalize_value(name, tv), normalize_value(name, pv)
        if tn is None and pn is None:
            return
        self.outcomes.append(
            FieldOutcome(
                path=path,
                group=group,
                truth=tv,
                pred=pv,
                correct=tn is not None and tn == pn,
                confidence=_confidence(pred_field) if pred_field is not None else 0.0,
                pred_path=pred_path if pred_field is not None else None,
            )
        )


def _agreement(
    truth_row: Mapping[str, Any], pred_row: Mapping[str, Any], names: Iterable[str]
) -> int:
    count = 0
    for name in names:
        tn = normalize_value(name, _value(truth_row.get(name)))
        if tn is not None and tn == normalize_value(name, _value(pred_row.get(name))):
            count += 1
    return count


def _align(
    truth_rows: Sequence[Mapping[str, Any]],
    pred_rows: Sequence[Mapping[str, Any]],
    names: Sequence[str],
) -> list[tuple[int | None, int | None]]:
    """Monotone alignment maximizing (agreeing fields, paired rows); gaps as None."""
    n, m = len(truth_rows), len(pred_rows)
    agree = [[_agreement(t, p, names) for p in pred_rows] for t in truth_rows]
    best = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            options = []
            if i and j:
                a, p = best[i - 1][j - 1]
                options.append((a + agree[i - 1][j - 1], p + 1))
            if i:
                options.append(best[i - 1][j])
            if j:
                options.append(best[i][j - 1])
            best[i][j] = max(options)
    pairs: list[tuple[int | None, int | None]] = []
    i, j = n, m
    while i or j:
        if i and j:
            a, p = best[i - 1][j - 1]
            if best[i][j] == (a + agree[i - 1][j - 1], p + 1):
                pairs.append((i - 1, j - 1))
                i, j = i - 1, j - 1
                continue
        if i and best[i][j] == best[i - 1][j]:
            pairs.append((i - 1, None))
            i -= 1
        else:
            pairs.append((None, j - 1))
            j -= 1
    pairs.reverse()
    return pairs


def _footnote_pairs(
    truth_notes: Sequence[Mapping[str, Any]], pred_notes: Sequence[Mapping[str, Any]]
) -> list[tuple[int | None, int | None]]:
    """Pair footnotes by id (the k-th occurrence of an id with the k-th occurrence)."""

    def key(note: Mapping[str, Any]) -> str:
        ident = note.get("id")
        return _norm_text(ident).upper() if isinstance(ident, str) else ""

    free: dict[str, list[int]] = {}
    for j, note in enumerate(pred_notes):
        free.setdefault(key(note), []).append(j)
    pairs: list[tuple[int | None, int | None]] = []
    used: set[int] = set()
    for i, note in enumerate(truth_notes):
        queue = free.get(key(note))
        j = queue.pop(0) if queue else None
        if j is not None:
            used.add(j)
        pairs.append((i, j))
    pairs.extend((None, j) for j in range(len(pred_notes)) if j not in used)
    return pairs


def _compare_rows(
    out: _Collector,
    section: str,
    group: str,
    names: Sequence[str],
    truth_rows: Sequence[Mapping[str, Any]],
    pred_rows: Sequence[Mapping[str, Any]],
    pairs: Iterable[tuple[int | None, int | None]],
) -> None:
    for ti, pi in pairs:
        truth_row = truth_rows[ti] if ti is not None else {}
        pred_row = pred_rows[pi] if pi is not None else None
        for name in names:
            path = f"{section}[{ti if ti is not None else f'pred:{pi}'}].{name}"
            pred_path = f"{section}[{pi}].{name}" if pi is not None else None
            pred_field = pred_row.get(name) if pred_row is not None else None
            out.field(name, path, pred_path, group, truth_row.get(name), pred_field)


def _lcs(a: Sequence[Any], b: Sequence[Any]) -> int:
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def _row_key(row: Mapping[str, Any], table: str) -> tuple[Any, ...]:
    return tuple(normalize_value(name, _value(row.get(name))) for name in ROW_KEYS[table])


def _schema_reason(errors: list[str]) -> str:
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"not a form4-record/1 record: {errors[0]}{more}"


def _compare(
    pred: Mapping[str, Any] | None,
    truth: Mapping[str, Any],
    *,
    name: str,
    status: str,
    reason: str | None,
) -> DocResult:
    out = _Collector()
    has = pred is not None

    def pf(section: Mapping[str, Any] | None, key: str) -> Any:
        return section.get(key) if section is not None else None

    for key in HEADER_FIELDS:
        out.field(key, key, key, "header", truth.get(key), pf(pred, key))
    t_issuer = truth.get("issuer") if isinstance(truth.get("issuer"), Mapping) else {}
    p_issuer = pred.get("issuer") if has and isinstance(pred.get("issuer"), Mapping) else None
    for key in ISSUER_FIELDS:
        path = f"issuer.{key}"
        out.field(key, path, path, "header", t_issuer.get(key), pf(p_issuer, key))

    sections: list[tuple[str, str, Sequence[str]]] = [
        ("reporting_owners", "reporting_owners", OWNER_FIELDS),
        *((table, TABLE_GROUP[table], names) for table, names in TABLES.items()),
    ]
    tables: dict[str, RowStat] = {}
    for section, group, names in sections:
        t_rows, p_rows = _rows(truth, section), _rows(pred, section)
        pairs = _align(t_rows, p_rows, names)
        _compare_rows(out, section, group, names, t_rows, p_rows, pairs)
        if section in ROW_KEYS:
            t_keys = [_row_key(r, section) for r in t_rows]
            p_keys = [_row_key(r, section) for r in p_rows]
            tables[section] = RowStat(len(t_rows), len(p_rows), _lcs(t_keys, p_keys))

    t_notes, p_notes = _rows(truth, "footnotes"), _rows(pred, "footnotes")
    pairs = _footnote_pairs(t_notes, p_notes)
    _compare_rows(out, "footnotes", "footnotes", FOOTNOTE_FIELDS, t_notes, p_notes, pairs)

    out.field("remarks", "remarks", "remarks", "remarks", truth.get("remarks"), pf(pred, "remarks"))

    t_sigs, p_sigs = _rows(truth, "signatures"), _rows(pred, "signatures")
    pairs = _align(t_sigs, p_sigs, SIGNATURE_FIELDS)
    _compare_rows(out, "signatures", "signatures", SIGNATURE_FIELDS, t_sigs, p_sigs, pairs)

    return DocResult(name=name, status=status, outcomes=out.outcomes, tables=tables, reason=reason)


def compare_records(pred: dict | None, truth: dict, *, name: str = "") -> DocResult:
    """All per-field outcomes and row counts of one document.

    ``pred`` None (no prediction) or not a schema-valid record counts every true field wrong
    with confidence 0; the result's ``status``/``reason`` say why.
    """
    if not isinstance(truth, Mapping):
        raise TruthFileError(f"{name or 'truth'}: the truth is not a JSON object")
    if pred is None:
        return _compare(None, truth, name=name, status=MISSING, reason="no prediction")
    if not isinstance(pred, Mapping):
        reason = f"not a JSON object ({type(pred).__name__})"
        return _compare(None, truth, name=name, status=MALFORMED, reason=reason)
    errors = schema_errors(pred)
    if errors:
        return _compare(None, truth, name=name, status=MALFORMED, reason=_schema_reason(errors))
    return _compare(pred, truth, name=name, status=OK, reason=None)


# --------------------------------------------------------------------------- calibration


def reliability_bins(outcomes: Iterable[FieldOutcome], n_bins: int = 10) -> list[ReliabilityBin]:
    """Equal-width confidence bins on [0, 1] (the last includes 1.0): count, mean conf, accuracy."""
    if n_bins < 1:
        raise ValueError("n_bins must be >= 1")
    confs: list[list[float]] = [[] for _ in range(n_bins)]
    hits = [0] * n_bins
    for o in outcomes:
        k = min(int(o.confidence * n_bins), n_bins - 1)
        confs[k].append(o.confidence)
        hits[k] += int(o.correct)
    bins = []
    for k in range(n_bins):
        count = len(confs[k])
        bins.append(
            ReliabilityBin(
                lo=k / n_bins,
                hi=(k + 1) / n_bins,
                count=count,
                correct=hits[k],
                mean_confidence=math.fsum(confs[k]) / count if count else None,
                accuracy=hits[k] / count if count else None,
            )
        )
    return bins


def expected_calibration_error(outcomes: Iterable[FieldOutcome], n_bins: int = 10) -> float:
    """Sum over bins of (n_bin / N) * |accuracy_bin - mean_confidence_bin|; 0.0 with no fields."""
    bins = reliability_bins(outcomes, n_bins)
    total = sum(b.count for b in bins)
    if not total:
        return 0.0
    return math.fsum(
        b.count / total * abs(b.accuracy - b.mean_confidence)
        for b in bins
        if b.count and b.accuracy is not None and b.mean_confidence is not None
    )


def coverage_at_accuracy(outcomes: Iterable[FieldOutcome], target: float = 0.995) -> float:
    """Largest share of fields accepted by one threshold (confidence >= t, ties together)
    whose accepted fields are at least ``target`` correct; 0.0 when no threshold qualifies."""
    items = sorted(((o.confidence, o.correct) for o in outcomes), key=lambda x: -x[0])
    need = Fraction(repr(float(target)))
    best, accepted, correct, i = 0, 0, 0, 0
    while i < len(items):
        conf = items[i][0]
        while i < len(items) and items[i][0] == conf:
            accepted += 1
            correct += int(items[i][1])
            i += 1
        if correct >= need * accepted:
            best = accepted
    return best / len(items) if items else 0.0


# --------------------------------------------------------------------------- the report


@dataclass
class EvalReport:
    """Metrics over a set of documents; everything is derived from ``documents``."""

    documents: list[DocResult]
    unexpected_names: list[str] = field(default_factory=list)

    field_acc: float = field(init=False)
    groups: dict[str, Tally] = field(init=False)
    tables: dict[str, RowStat] = field(init=False)
    rows: RowStat = field(init=False)
    row_precision: float = field(init=False)
    row_recall: float = field(init=False)
    row_f1: float = field(init=False)
    doc_exact: float = field(init=False)
    ece: float = field(init=False)
    coverage_at_995: float = field(init=False)
    docs: int = field(init=False)
    unexpected: int = field(init=False)
    field_names: dict[str, Tally] = field(init=False)
    missing: list[str] = field(init=False)
    malformed: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        outcomes = self.outcomes
        self.docs = len(self.documents)
        self.unexpected = len(self.unexpected_names)
        self.missing = [d.name for d in self.documents if d.status == MISSING]
        self.malformed = {d.name: d.reason or "" for d in self.documents if d.status == MALFORMED}

        self.groups = {g: Tally() for g in GROUPS}
        names: dict[str, Tally] = {}
        for o in outcomes:
            self.groups.setdefault(o.group, Tally()).add(o.correct)
            names.setdefault(o.name, Tally()).add(o.correct)
        self.field_names = dict(sorted(names.items()))
        total = Tally(sum(t.correct for t in self.groups.values()), len(outcomes))
        if total.total:
            self.field_acc = total.correct / total.total
        else:
            self.field_acc = 0.0 if self.missing or self.malformed else 1.0

        self.tables = {t: RowStat() for t in TABLES}
        for d in self.documents:
            for t, stat in d.tables.items():
                self.tables.setdefault(t, RowStat()).add(stat)
        self.rows = RowStat()
        for stat in self.tables.values():
            self.rows.add(stat)
        self.row_precision = self.rows.precision
        self.row_recall = self.rows.recall
        self.row_f1 = self.rows.f1

        self.doc_exact = sum(d.exact for d in self.documents) / self.docs if self.docs else 0.0
        self.ece = expected_calibration_error(outcomes)
        self.coverage_at_995 = coverage_at_accuracy(outcomes, 0.995)

    @property
    def outcomes(self) -> list[FieldOutcome]:
        """Every counted field of every document."""
        return [o for d in self.documents for o in d.outcomes]

    def worst_fields(self, n: int = 10) -> list[tuple[str, Tally]]:
        """The n field names with the lowest accuracy (more fields first on ties)."""
        ranked = sorted(
            self.field_names.items(), key=lambda kv: (kv[1].accuracy or 0.0, -kv[1].total, kv[0])
        )
        return ranked[:n]

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready data (what ``form4 eval --json`` writes)."""
        return {
            "field_acc": self.field_acc,
            "row_precision": self.row_precision,
            "row_recall": self.row_recall,
            "row_f1": self.row_f1,
            "doc_exact": self.doc_exact,
            "ece": self.ece,
            "coverage_at_995": self.coverage_at_995,
            "docs": self.docs,
            "fields_counted": len(self.outcomes),
            "groups": {g: t.to_dict() for g, t in self.groups.items()},
            "rows": {
                **{t: s.to_dict() for t, s in self.tables.items()},
                "overall": self.rows.to_dict(),
            },
            "field_names": {n: t.to_dict() for n, t in self.field_names.items()},
            "reliability": [b.to_dict() for b in reliability_bins(self.outcomes)],
            "missing": list(self.missing),
            "malformed": dict(self.malformed),
            "unexpected": self.unexpected,
            "unexpected_predictions": list(self.unexpected_names),
            "documents": [d.to_dict() for d in self.documents],
        }


def _json_stems(directory: Path) -> dict[str, Path]:
    return {
        p.stem: p
        for p in sorted(directory.glob("*.json"))
        if p.is_file() and not p.name.startswith(".")
    }


def _load_prediction(path: Path) -> tuple[Any, str, str | None]:
    """(record or None, status, reason) of one prediction file."""
    if not path.is_file():
        return None, MISSING, "no prediction file"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return None, MALFORMED, f"unreadable: {exc}"
    except json.JSONDecodeError as exc:
        return None, MALFORMED, f"invalid JSON: {exc}"
    if not isinstance(data, dict):
        return None, MALFORMED, f"not a JSON object ({type(data).__name__})"
    return data, OK, None


def evaluate_dirs(pred_dir: str | Path, truth_dir: str | Path) -> EvalReport:
    """Compare PRED_DIR/<stem>.json with every TRUTH_DIR/<stem>.json.

    A missing or malformed prediction counts as all wrong and is listed by name; predictions
    without a truth file are ignored but counted as ``unexpected``. Raises
    :class:`TruthFileError` when TRUTH_DIR has no truth file or one cannot be read, and
    ``NotADirectoryError`` when a directory does not exist.
    """
    pred_dir, truth_dir = Path(pred_dir), Path(truth_dir)
    for d in (pred_dir, truth_dir):
        if not d.is_dir():
            raise NotADirectoryError(f"not a directory: {d}")
    truths = _json_stems(truth_dir)
    if not truths:
        raise TruthFileError(f"{truth_dir}: no *.json truth files")
    docs: list[DocResult] = []
    for stem, truth_path in truths.items():
        try:
            truth = json.loads(truth_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise TruthFileError(f"{truth_path}: cannot read the truth: {exc}") from exc
        if not isinstance(truth, dict):
            raise TruthFileError(f"{truth_path}: the truth is not a JSON object")
        pred, status, reason = _load_prediction(pred_dir / f"{stem}.json")
        if status == OK:
            docs.append(compare_records(pred, truth, name=stem))
        else:
            docs.append(_compare(None, truth, name=stem, status=status, reason=reason))
    unexpected = sorted(set(_json_stems(pred_dir)) - set(truths))
    return EvalReport(docs, unexpected)


# --------------------------------------------------------------------------- text output


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], left: int = 1) -> list[str]:
    """Fixed-width columns; the first ``left`` columns left-aligned, the rest right-aligned."""
    widths = [max(len(str(r[k])) for r in [header, *rows]) for k in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        parts: list[str] = []
        for k, cell in enumerate(cells):
            align: Callable[[int], str] = str(cell).ljust if k < left else str(cell).rjust
            parts.append(align(widths[k]))
        return "  " + "  ".join(parts).rstrip()

    return [line(header), *(line(r) for r in rows)]


def format_report(report: EvalReport) -> str:
    """A readable summary; the last line is the one-line summary scripts parse."""
    lines = [
        f"Documents: {report.docs} (missing {len(report.missing)}, "
        f"malformed {len(report.malformed)}, unexpected {report.unexpected})",
        "",
        "Field accuracy by group",
    ]
    group_rows = [
        [g, str(t.correct), str(t.total), _pct(t.accuracy)] for g, t in report.groups.items()
    ]
    all_correct = sum(t.correct for t in report.groups.values())
    all_total = sum(t.total for t in report.groups.values())
    group_rows.append(["all", str(all_correct), str(all_total), _pct(report.field_acc)])
    lines += _table(["group", "correct", "total", "accuracy"], group_rows)

    lines += ["", "Row matching (date + code + shares; holdings: title + shares owned)"]
    row_rows = [
        [
            t,
            str(s.truth),
            str(s.pred),
            str(s.matched),
            _pct(s.precision),
            _pct(s.recall),
            _pct(s.f1),
        ]
        for t, s in [*report.tables.items(), ("overall", report.rows)]
    ]
    lines += _table(["table", "truth", "pred", "matched", "precision", "recall", "f1"], row_rows)

    worst = report.worst_fields(10)
    if worst:
        lines += ["", "Worst fields"]
        lines += _table(
            ["field", "accuracy", "correct", "total"],
            [[n, _pct(t.accuracy), str(t.correct), str(t.total)] for n, t in worst],
        )

    if report.missing:
        lines += ["", f"Missing predictions ({len(report.missing)}):"]
        lines += [f"  {name}" for name in report.missing]
    if report.malformed:
        lines += ["", f"Malformed predictions ({len(report.malformed)}):"]
        lines += [f"  {name}: {_WS.sub(' ', why)}" for name, why in report.malformed.items()]
    if report.unexpected:
        lines += ["", f"Unexpected predictions without truth, ignored ({report.unexpected}):"]
        lines += [f"  {name}" for name in report.unexpected_names]

    lines += [
        "",
        f"field_acc={report.field_acc:.4f} row_f1={report.row_f1:.4f} "
        f"doc_exact={report.doc_exact:.4f} ece={report.ece:.4f} "
        f"coverage@99.5={report.coverage_at_995:.4f} docs={report.docs}",
    ]
    return "\n".join(lines)


def plot_reliability(report: EvalReport, path: str | Path, n_bins: int = 10) -> None:
    """A reliability diagram (PNG): accuracy against mean confidence per bin, with the counts,
    the diagonal of perfect calibration, and ECE and coverage in the title."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    bins = reliability_bins(report.outcomes, n_bins)
    fig, (ax, ax2) = plt.subplots(2, 1, figsize=(5, 6), height_ratios=[3, 1], sharex=True)
    ax.plot([0, 1], [0, 1], color="0.6", linestyle="--", linewidth=1, label="perfect")
    centres = [(b.lo + b.hi) / 2 for b in bins]
    acc = [b.accuracy if b.accuracy is not None else float("nan") for b in bins]
    conf = [b.mean_confidence if b.mean_confidence is not None else float("nan") for b in bins]
    ax.bar(centres, acc, width=1 / n_bins * 0.9, color="#4c72b0", alpha=0.8, label="accuracy")
    ax.plot(conf, acc, marker="o", color="#dd8452", linewidth=1, label="mean confidence")
    ax.set_ylim(0, 1)
    ax.set_ylabel("fraction right")
    ax.set_title(f"ECE {report.ece:.4f}  coverage@99.5 {report.coverage_at_995:.3f}  "
                 f"fields {sum(b.count for b in bins)}", fontsize=9)
    ax.legend(loc="upper left", fontsize=8)
    ax2.bar(centres, [b.count for b in bins], width=1 / n_bins * 0.9, color="0.5")
    ax2.set_yscale("log")
    ax2.set_xlabel("confidence")
    ax2.set_ylabel("fields")
    ax2.set_xlim(0, 1)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
