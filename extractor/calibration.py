"""Calibrated confidence (pure apart from loading and saving the model file).

The first score of a field (``raw_confidence``: Tesseract's word confidences, parse success,
repairs) is not a probability. A small model turns features of the field into the probability
that its value is exactly right:

* a logistic regression over: the raw score (as a logit), the field's kind (date, number, code,
  checkbox, short text, long text) and section of the form, whether a value was read, repairs
  applied, checks passed and failed, values that did not parse, inferred values, Tesseract's
  word confidences, the page's reading quality and the share of words real filings do not use,
  and each repair or check by name that enough training fields carry (a guessed code is not
  as sure as one taken from the neighbouring rows);
* then an isotonic map of the regression's output, for the last bit of calibration: one for
  fields of badly read pages (a share of low-confidence words of 6 % or more, mostly heavy
  faxes), one for the others.

The model is fitted by ``form4 calibrate`` on synthetic renders (seeds disjoint from the ones
evaluated on) and stored as readable JSON (``models/calibration.json``): coefficients by
feature name and the isotonic curve's points. No pickle.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractor.record import Field, Record, iter_fields, value_kind

MODEL_VERSION = 1
KINDS = ("date", "number", "code", "bool", "text_short", "text_long")


def field_kind(name: str, field: Field) -> str:
    kind = value_kind(name)
    if kind != "text":
        return kind
    text = field.get("text") or str(field.get("value") or "")
    return "text_long" if len(text) > 40 else "text_short"


SECTIONS = ("header", "owner", "table", "footnote", "signature", "remarks")


def _section(path: str) -> str:
    """Where on the form a field sits (error rates differ: footnotes are long texts)."""
    head = path.split(".", 1)[0].split("[", 1)[0]
    if head.endswith(("_transactions", "_holdings")):
        return "table"
    if head == "reporting_owners":
        return "owner"
    if head in ("footnotes", "remarks"):
        return "footnote" if head == "footnotes" else "remarks"
    if head == "signatures":
        return "signature"
    return "header"


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def features(path: str, field: Field) -> dict[str, float]:
    """The calibrator's inputs for one field (by name, so the model file reads plainly)."""
    name = path.rsplit(".", 1)[-1].split("[")[0]
    raw = field.get("raw_confidence", field.get("confidence", 0.0))
    flags = field.get("flags") or []
    kind = field_kind(name, field)
    has_value = field.get("value") is not None
    f = {
        "raw_logit": _logit(float(raw)),
        "has_value": 1.0 if has_value else 0.0,
        "repaired": 1.0 if any(x.startswith("repaired:") for x in flags) else 0.0,
        "check_passed": 1.0 if any(x.startswith("check-passed:") for x in flags) else 0.0,
        "check_failed": 1.0 if any(x.startswith("check-failed:") for x in flags) else 0.0,
        "unparsed": 1.0 if any(x.startswith(("unparsed:", "unreadable:")) for x in flags)
        else 0.0,
        "inferred": 1.0 if any(x.startswith(("inferred:", "ambiguous:")) for x in flags)
        else 0.0,
        "text_len_log": math.log1p(len(field.get("text") or "")),
        "ocr_min_conf": float(field.get("ocr_min_conf", 100.0 * float(raw))) / 100.0,
        "ocr_low_share": float(field.get("ocr_low_share", 0.0)),
        "page_quality": float(field.get("page_quality", 0.9)),
        "oov_share": float(field.get("oov_share", 0.0)),
        "page_low_share": float(field.get("page_low_share", 0.05)),
    }
    f["raw_x_page_low"] = f["raw_logit"] * f["page_low_share"]
    section = _section(path)
    for k in SECTIONS:
        f[f"section_{k}"] = 1.0 if section == k else 0.0
    for k in KINDS:
        f[f"kind_{k}"] = 1.0 if kind == k else 0.0
        f[f"kind_{k}_x_raw"] = f["raw_logit"] if kind == k else 0.0
    # Each repair and check by name: they are not equally sure ("repaired:code-guessed" is
    # a guess, "repaired:code-from-neighbours" nearly always right). The model keeps those
    # seen often enough in its training fields; others weigh nothing.
    for x in flags:
        if x.startswith(_FLAG_FEATURE_PREFIXES):
            f[FLAG_FEATURE + x] = 1.0
    return f


FLAG_FEATURE = "flag:"
_FLAG_FEATURE_PREFIXES = ("repaired:", "check-failed:", "check-passed:", "inferred:",
                          "ambiguous:", "unreadable:", "unparsed:", "dropped:")
POOR_PAGE_LOW_SHARE = 0.06
MIN_FLAG_FIELDS = 20  # a flag becomes a feature of the model when this many fields carry it
FEATURE_NAMES = tuple(features("x.shares", {"confidence": 0.5}).keys())


_TIE_BREAK = 1e-4
_MAX_CONFIDENCE = 0.999


class Calibrator:
    def __init__(self, model: dict[str, Any]) -> None:
        if model.get("version") != MODEL_VERSION:
            raise ValueError(f"calibration model version {model.get('version')} is not "
                             f"{MODEL_VERSION}")
        self.model = model
        self.coef = {k: float(v) for k, v in model["coef"].items()}
        self.intercept = float(model["intercept"])
        iso = model.get("isotonic") or {}
        self.iso_x = [float(v) for v in iso.get("x", [])]
        self.iso_y = [float(v) for v in iso.get("y", [])]
        poor = model.get("isotonic_poor_pages") or {}
        self.poor_from = float(poor.get("page_low_share_min", 2.0))
        self.poor_x = [float(v) for v in poor.get("x", [])]
        self.poor_y = [float(v) for v in poor.get("y", [])]

    def linear(self, feats: dict[str, float]) -> float:
        z = self.intercept + sum(self.coef.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def probability(self, path: str, field: Field) -> float:
        """The isotonic map of the regression's score. Fields the map puts on one step (often
        hundreds) keep the regression's order through a tie-break far below the steps'
        spacing: the calibration is unchanged, the ranking a reviewer's threshold cuts is
        finer (on the seed-400 renders, coverage at 99.5 % on moderate 0.66 -> 0.77)."""
        feats = features(path, field)
        p = self.linear(feats)
        xs, ys = self.iso_x, self.iso_y
        if self.poor_x and feats["page_low_share"] >= self.poor_from:
            xs, ys = self.poor_x, self.poor_y  # a badly read page: its own map
        q = _interp(p, xs, ys) if xs else p
        # No reading is certain: the top step (every training field on it right) is capped,
        # so that the tie-break still orders the best-read fields.
        q = min(q, _MAX_CONFIDENCE)
        return min(1.0, max(0.0, q + _TIE_BREAK * (p - 0.5)))

    def apply(self, record: Record) -> Record:
        for path, field in iter_fields(record):
            if "human-verified" in (field.get("flags") or []):
                continue
            field.setdefault("raw_confidence", field["confidence"])
            field["confidence"] = round(self.probability(path, field), 7)
        return record


def _interp(x: float, xs: Sequence[float], ys: Sequence[float]) -> float:
    if x <= xs[0]:
        return ys[0]
    if x >= xs[-1]:
        return ys[-1]
    lo, hi = 0, len(xs) - 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if xs[mid] <= x:
            lo = mid
        else:
            hi = mid
    if xs[hi] == xs[lo]:
        return ys[hi]
    t = (x - xs[lo]) / (xs[hi] - xs[lo])
    return ys[lo] + t * (ys[hi] - ys[lo])


def fit(samples: Iterable[tuple[dict[str, float], bool]], *, note: str = "") -> dict[str, Any]:
    """Fit the model on (features, correct) pairs; returns the JSON-ready model."""
    import numpy as np
    from sklearn.isotonic import IsotonicRegression
    from sklearn.linear_model import LogisticRegression

    rows = list(samples)
    if len(rows) < 50 or len({c for _, c in rows}) < 2:
        raise ValueError("need at least 50 fields, right and wrong, to fit a calibrator")
    flag_counts = Counter(k for f, _ in rows for k in f if k.startswith(FLAG_FEATURE))
    names = FEATURE_NAMES + tuple(sorted(k for k, n in flag_counts.items()
                                         if n >= MIN_FLAG_FIELDS))
    X = np.array([[f.get(k, 0.0) for k in names] for f, _ in rows])
    y = np.array([1 if c else 0 for _, c in rows])
    # Cross-fitted: the isotonic step learns from every field's score by a regression that did
    # not see it (two interleaved halves, each scored by the other's fit); the shipped
    # regression is fitted on all fields. Less variance than one split: the figures no longer
    # hang on which half a field fell in.
    halves = [np.arange(len(rows)) % 2 == k for k in (0, 1)]
    z = np.zeros(len(rows))
    for held, fit_on in (halves, halves[::-1]):
        part = LogisticRegression(C=1.0, max_iter=2000).fit(X[fit_on], y[fit_on])
        z[held] = part.decision_function(X[held])
    lr = LogisticRegression(C=1.0, max_iter=2000).fit(X, y)
    p = 1.0 / (1.0 + np.exp(-z))

    def isotonic(mask: Any) -> dict[str, list[float]]:
        iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip", increasing=True)
        iso.fit(p[mask], y[mask])
        return {"x": [round(float(v), 6) for v in iso.X_thresholds_],
                "y": [round(float(v), 6) for v in iso.y_thresholds_]}

    # Fields of badly read pages (a share of low-confidence words at or above
    # POOR_PAGE_LOW_SHARE: most heavy faxes, few others) get an isotonic map of their own;
    # one map for all left them overconfident.
    poor = np.array([f["page_low_share"] >= POOR_PAGE_LOW_SHARE for f, _ in rows])
    good_map = isotonic(~poor if (~poor).any() else np.ones(len(rows), dtype=bool))
    poor_map = isotonic(poor) if poor.sum() >= 50 else None
    return {
        "version": MODEL_VERSION,
        "description": "form4-extractor field-confidence calibrator: logistic regression on "
                       "the features below, then an isotonic map (points x -> y).",
        "fitted_on": {"fields": int(len(rows)), "right": int(y.sum()), "note": note},
        "intercept": float(lr.intercept_[0]),
        "coef": {k: round(float(v), 6) for k, v in zip(names, lr.coef_[0], strict=True)},
        "isotonic": good_map,
        **({"isotonic_poor_pages": {"page_low_share_min": POOR_PAGE_LOW_SHARE, **poor_map}}
           if poor_map else {}),
    }


def training_samples(pred_dir: str | Path, truth_dir: str | Path
                     ) -> list[tuple[dict[str, float], bool]]:
    """(features, correct) for every counted field of every predicted document."""
    from extractor.evaluate import compare_records

    out: list[tuple[dict[str, float], bool]] = []
    for truth_path in sorted(Path(truth_dir).glob("*.json")):
        pred_path = Path(pred_dir) / truth_path.name
        if not pred_path.exists():
            continue
        truth = json.loads(truth_path.read_text("utf-8"))
        pred = json.loads(pred_path.read_text("utf-8"))
        fields = dict(iter_fields(pred))
        for outcome in compare_records(pred, truth).outcomes:
            field = fields.get(outcome.pred_path or "")
            if field is None:
                continue
            out.append((features(outcome.pred_path or outcome.path, field), outcome.correct))
    return out


DEFAULT_MODEL = "calibration.json"


@lru_cache(maxsize=4)
def load_calibrator(path: str | None = None) -> Calibrator | None:
    """The calibrator in ``path`` or ``models/calibration.json``; None when there is none."""
    from extractor.mapping.lexicon import models_dir

    p = Path(path) if path else models_dir() / DEFAULT_MODEL
    if not p.exists():
        return None
    return Calibrator(json.loads(p.read_text("utf-8")))
