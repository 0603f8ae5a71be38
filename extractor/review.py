"""Human review of extracted records: the fields least likely right first, the page beside
each value, corrections kept durably and applied to copies of the records.

    >>> from extractor import review
    >>> s = review.ReviewSession("out/samples")          # form4 extract -o / form4 batch OUTDIR
    >>> df = s.fields(threshold=0.9)                     # most expected errors first
    >>> s.crop(df.document[0], df.path[0])               # PIL image: the box on the page
    >>> s.correct(df.document[0], df.path[0], "1,250", who="ana")
    >>> s.accept(df.document[1], df.path[1])
    >>> review.load_corrected_records("out/samples")     # copies with the corrections applied

Where things live:

* records: ``OUTDIR/*.json`` (``form4 extract -o OUTDIR``) or ``OUTDIR/records/*.json``
  (``form4 batch``; used whenever ``records/`` exists). They are never written to.
* corrections: ``OUTDIR/corrections.jsonl``, one JSON object a line, appended under a file
  lock and fsynced: document, field path, action (``accept`` / ``correct``), the extraction's
  value, text and confidence, the new value (normalized as the contract wants), when (UTC ISO
  8601), who, and the source's sha256. The latest line per (document, path) wins; ``accept``
  after ``correct`` restores the extracted value.
* a correction whose field has changed since it was made (the document was extracted again and
  now reads differently) is *stale*: it is not applied, and the record's warnings say so.

Crops are rendered again from ``source.path`` at ``source.dpi`` with :mod:`extractor.ingest`
and straightened with :func:`extractor.deskew.straighten`, turned further when the record's
warnings say the pipeline turned the page another way (the upside-down re-read), so the bbox
lands where the pipeline saw the value.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import json
import math
import os
import re
import threading
import warnings
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractor.evaluate import GROUPS, TABLE_GROUP
from extractor.record import (
    BOOL_FIELDS,
    HEADER_FIELDS,
    NUMBER_FIELDS,
    SCHEMA_ID,
    TABLES,
    Field,
    Record,
    iter_fields,
    value_kind,
    write_json_atomic,
)

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd
    from PIL import Image

__all__ = [
    "CORRECTIONS_FILE",
    "GROUPS",
    "HUMAN_VERIFIED",
    "Correction",
    "CorrectionStore",
    "ReviewSession",
    "accept",
    "apply_corrections",
    "correct",
    "corrected_record",
    "corrections_as_training",
    "corrections_by_document",
    "corrections_training_samples",
    "export_corrected",
    "field_group",
    "load_corrected_records",
    "load_record",
    "load_records",
    "normalize_input",
    "records_dir",
    "review_table",
]

CORRECTIONS_FILE = "corrections.jsonl"
HUMAN_VERIFIED = "human-verified"
HUMAN_CORRECTED = "human-corrected"
ACCEPT = "accept"
CORRECT = "correct"

_CODES: dict[str, frozenset[str]] = {
    "transaction_code": frozenset("PSVAMFIDGCXOEHJKLUWZ"),
    "acquired_disposed_code": frozenset("AD"),
    "direct_or_indirect_ownership": frozenset("DI"),
    "document_type": frozenset({"4", "4/A"}),
}
_TRUE = {"true", "yes", "y", "x", "1", "checked", "on", "t"}
_FALSE = {"false", "no", "n", "0", "unchecked", "off", "f"}
_ROTATED = re.compile(r"^page (\d+): page was rotated: turned (\d+) degrees clockwise")


# --------------------------------------------------------------------------- records


def records_dir(outdir: str | os.PathLike[str]) -> Path:
    """Where the records of an output directory are: ``OUTDIR/records`` if it exists."""
    out = Path(outdir)
    return out / "records" if (out / "records").is_dir() else out


def load_records(outdir: str | os.PathLike[str]) -> dict[str, Record]:
    """The records of an output directory as extracted, by document name (the file stem).
    Files that are not ``form4-record/1`` JSON objects are skipped."""
    out: dict[str, Record] = {}
    for p in sorted(records_dir(outdir).glob("*.json")):
        if p.name.startswith(".") or not p.is_file():
            continue
        try:
            data = json.loads(p.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue
        if isinstance(data, dict) and data.get("schema") == SCHEMA_ID:
            out[p.stem] = data
    return out


def load_record(outdir: str | os.PathLike[str], document: str) -> Record:
    """One record of OUTDIR as extracted (``<records dir>/<document>.json``)."""
    p = records_dir(outdir) / f"{document}.json"
    try:
        data = json.loads(p.read_text("utf-8"))
    except FileNotFoundError:
        raise KeyError(f"no record {document!r} in {records_dir(outdir)}") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA_ID:
        raise KeyError(f"{p} is not a {SCHEMA_ID} record")
    return data


def field_name(path: str) -> str:
    """``non_derivative_transactions[1].shares`` -> ``shares``; ``remarks`` -> ``remarks``."""
    return path.rsplit(".", 1)[-1].split("[")[0]


def field_group(path: str) -> str:
    """The evaluator's group of a field path: header, reporting_owners, table1, table2,
    footnotes, signatures or remarks."""
    head = path.split(".", 1)[0].split("[", 1)[0]
    if head in HEADER_FIELDS or head == "issuer":
        return "header"
    if head in TABLE_GROUP:
        return TABLE_GROUP[head]
    return head


def get_field(record: Record, path: str) -> Field:
    """The field of ``record`` at ``path`` (as :func:`extractor.record.iter_fields` names it)."""
    for p, f in iter_fields(record):
        if p == path:
            return f
    raise KeyError(f"no field {path!r} in this record")


# --------------------------------------------------------------------------- normalization


def _check_iso(value: str) -> str:
    if re.fullmatch(r"\d{4}-\d{2}", value):
        if not 1 <= int(value[5:]) <= 12:
            raise ValueError(f"not a month: {value!r}")
        return value
    dt.date.fromisoformat(value)  # raises ValueError on 2023-02-30
    return value


def normalize_input(path: str, value: Any) -> Any:
    """A reviewer's value for the field at ``path`` in the contract's format, using the
    pipeline's parsers (:mod:`extractor.mapping.normalize`) but strictly: input that needs an
    OCR repair to parse is refused. Dates become ``YYYY-MM-DD`` (or ``YYYY-MM``), numbers JSON
    numbers, checkboxes booleans, codes upper case, text collapsed. None or a blank string
    means the box is empty. Raises ``ValueError`` for a value the field cannot hold."""
    from extractor.mapping import normalize as nz

    name = field_name(path)
    kind = value_kind(name)
    if value is None:
        return None
    if isinstance(value, str):
        value = nz.clean_text(value)
        if not value:
            return None
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        low = str(value).strip().lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise ValueError(f"{path}: {value!r} is not a checkbox value (true/false, x, yes/no)")
    if kind == "number":
        if isinstance(value, bool):
            raise ValueError(f"{path}: a number is needed, not {value!r}")
        if isinstance(value, int):
            return value
        if isinstance(value, float | Decimal):
            if not math.isfinite(float(value)):
                raise ValueError(f"{path}: {value!r} is not a finite number")
            if isinstance(value, Decimal) and value == value.to_integral_value():
                return int(value)
            return float(value)
        text, _ = nz.split_footnotes(str(value))
        if not re.fullmatch(r"\(?-?\$?\s*[\d,]*\.?\d+\s*\)?", text):
            raise ValueError(f"{path}: {value!r} is not a number")
        number, flags = nz.parse_number(text)
        if number is None or any(f.startswith("repaired:") for f in flags):
            raise ValueError(f"{path}: {value!r} is ambiguous as a number (write e.g. 1250.5)")
        return number
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        text, _ = nz.split_footnotes(str(value))
        if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", text):
            return _check_iso(text)
        parsed, flags = nz.parse_date(text)
        if parsed is None:
            parsed, flags = nz.parse_month_year(text)
        if parsed is None or any(f.startswith("repaired:") for f in flags):
            raise ValueError(f"{path}: {value!r} is not a date (MM/DD/YYYY or YYYY-MM-DD)")
        return _check_iso(parsed)
    if kind == "code":
        text, _ = nz.split_footnotes(str(value))
        code = text.upper().replace(" ", "")
        if name == "document_type" and code in ("4A", "4-A"):
            code = "4/A"
        if code not in _CODES[name]:
            allowed = ", ".join(sorted(_CODES[name]))
            raise ValueError(f"{path}: {value!r} is not one of {allowed}")
        return code
    if not isinstance(value, str):
        raise ValueError(f"{path}: text is needed, not {type(value).__name__}")
    return value


def _same_value(path: str, a: Any, b: Any) -> bool:
    from extractor.evaluate import normalize_value

    name = field_name(path)
    return normalize_value(name, a) == normalize_value(name, b)


# --------------------------------------------------------------------------- the store


@dataclass(frozen=True)
class Correction:
    """One reviewer decision, as one line of ``corrections.jsonl``."""

    document: str
    path: str
    action: str  # "accept" (the extracted value is right) or "correct"
    old_value: Any
    new_value: Any
    old_text: str | None
    old_confidence: float | None
    when: str  # UTC ISO 8601
    who: str | None = None
    source_sha256: str | None = None

    @property
    def original_was_right(self) -> bool:
        """An accept, or a correction to the same value (as the evaluator compares)."""
        return self.action == ACCEPT or _same_value(self.path, self.old_value, self.new_value)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class CorrectionStore:
    """``OUTDIR/corrections.jsonl``: append-only, one decision a line; latest per field wins.

    Appends take an exclusive ``flock`` and are fsynced, so two reviewers (or two kernels) on
    the same outputs never interleave lines, and a decision survives a crash once the call
    returned. A torn last line (a crash mid-write) is skipped with a warning when read."""

    def __init__(self, outdir: str | os.PathLike[str]) -> None:
        self.outdir = Path(outdir)
        self.path = self.outdir / CORRECTIONS_FILE
        self._lock = threading.Lock()

    def append(self, correction: Correction) -> Correction:
        line = json.dumps(correction.to_dict(), ensure_ascii=False, sort_keys=True)
        self.outdir.mkdir(parents=True, exist_ok=True)
        with self._lock, open(self.path, "a+b") as fh:
            with _locked(fh):
                fh.seek(0, os.SEEK_END)
                if fh.tell() > 0:  # never glue onto a torn line
                    fh.seek(-1, os.SEEK_END)
                    if fh.read(1) != b"\n":
                        fh.write(b"\n")
                fh.write(line.encode("utf-8") + b"\n")
                fh.flush()
                os.fsync(fh.fileno())
        return correction

    def all(self) -> list[Correction]:
        """Every decision in the order made."""
        if not self.path.exists():
            return []
        out: list[Correction] = []
        names = set(Correction.__dataclass_fields__)
        for n, line in enumerate(self.path.read_text("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                out.append(Correction(**{k: v for k, v in data.items() if k in names}))
            except (json.JSONDecodeError, TypeError) as exc:
                warnings.warn(f"{self.path}:{n}: unreadable correction skipped ({exc})",
                              stacklevel=2)
        return out

    def latest(self) -> dict[tuple[str, str], Correction]:
        """The decision in force per (document, path)."""
        out: dict[tuple[str, str], Correction] = {}
        for c in self.all():
            out[(c.document, c.path)] = c
        return out

    def for_document(self, document: str) -> dict[str, Correction]:
        return {p: c for (d, p), c in self.latest().items() if d == document}


@contextlib.contextmanager
def _locked(fh: Any) -> Any:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


# --------------------------------------------------------------------------- applying


def _is_stale(field: Field, c: Correction, record: Record) -> bool:
    sha = (record.get("source") or {}).get("sha256")
    if c.source_sha256 and sha and c.source_sha256 != sha:
        return True
    return field.get("value") != c.old_value or field.get("text") != c.old_text


def _already_applied(field: Field, c: Correction) -> bool:
    review = field.get("review")
    return (isinstance(review, dict) and review.get("when") == c.when
            and review.get("action") == c.action and field.get("value") == c.new_value)


def apply_corrections(record: Record, corrections: Mapping[str, Correction] | Iterable[Correction]
                      ) -> Record:
    """A deep copy of ``record`` with the decisions applied (pure): the value of a correction,
    ``confidence`` 1.0 and the ``human-verified`` flag (``human-corrected`` too when the value
    changed); the extracted value and confidence are kept under ``original_value`` and
    ``original_confidence``. Stale decisions are left out and named in ``warnings``. The
    record's ``review`` key counts what was applied."""
    items = list(corrections.values()) if isinstance(corrections, Mapping) else list(corrections)
    latest: dict[str, Correction] = {}
    for c in items:
        latest[c.path] = c
    out = copy.deepcopy(record)
    fields = dict(iter_fields(out))
    verified = corrected = 0
    stale: list[str] = []
    for path, c in latest.items():
        field = fields.get(path)
        if field is not None and _already_applied(field, c):  # applying twice is a no-op
            verified += 1
            corrected += int(HUMAN_CORRECTED in (field.get("flags") or []))
            continue
        if field is None or _is_stale(field, c, out):
            stale.append(path)
            continue
        changed = c.action == CORRECT and not _same_value(path, c.new_value, field.get("value"))
        field["original_value"] = field.get("value")
        field["original_confidence"] = field.get("confidence")
        if c.action == CORRECT:
            field["value"] = c.new_value
        field["confidence"] = 1.0
        flags = [f for f in field.get("flags") or [] if f not in (HUMAN_VERIFIED, HUMAN_CORRECTED)]
        flags.append(HUMAN_VERIFIED)
        if changed:
            flags.append(HUMAN_CORRECTED)
        field["flags"] = flags
        field["review"] = {"action": c.action, "when": c.when, "who": c.who}
        verified += 1
        corrected += int(changed)
    for path in stale:
        out.setdefault("warnings", []).append(
            f"review: the decision on {path} was not applied: the field has changed since it "
            "was reviewed (extracted again?)")
    if latest:
        out["review"] = {"store": CORRECTIONS_FILE, "verified": verified,
                         "corrected": corrected, "stale": len(stale)}
    return out


def corrected_record(outdir: str | os.PathLike[str], document: str) -> Record:
    """One document of OUTDIR with its corrections applied (a copy; the file is untouched)."""
    return apply_corrections(load_record(outdir, document),
                             CorrectionStore(outdir).for_document(document))


def corrections_by_document(outdir: str | os.PathLike[str]) -> dict[str, list[Correction]]:
    """The decisions in force, by document name (the record file's stem)."""
    per_doc: dict[str, list[Correction]] = {}
    for (doc, _), c in CorrectionStore(outdir).latest().items():
        per_doc.setdefault(doc, []).append(c)
    return per_doc


def load_corrected_records(outdir: str | os.PathLike[str]) -> dict[str, Record]:
    """Every record of OUTDIR (either layout) with its corrections applied, by document name.

    What exports call to carry the reviewers' values. A loader with its own list of records
    (``extractor.batch.export.load_records``) can instead do, per record file ``<name>.json``,
    ``apply_corrections(record, corrections_by_document(outdir).get(name, []))``; applying
    the same decisions twice changes nothing."""
    per_doc = corrections_by_document(outdir)
    return {name: apply_corrections(rec, per_doc.get(name, []))
            for name, rec in load_records(outdir).items()}


def tables_frames(records: Mapping[str, Record]) -> dict[str, pd.DataFrame]:
    """One DataFrame per table (Table I and II transactions and holdings): document, row,
    each field's value and confidence, typed (numbers float, checkboxes boolean, rest text)."""
    import pandas as pd

    frames: dict[str, pd.DataFrame] = {}
    for table, names in TABLES.items():
        rows = []
        for doc, rec in records.items():
            for i, row in enumerate(rec.get(table) or []):
                out: dict[str, Any] = {"document": doc, "row": i}
                for name in names:
                    f = row.get(name) or {}
                    out[name] = f.get("value")
                    out[f"{name}_confidence"] = f.get("confidence")
                rows.append(out)
        cols = ["document", "row"] + [c for n in names for c in (n, f"{n}_confidence")]
        df = pd.DataFrame(rows, columns=cols)
        df["row"] = df["row"].astype("int64")
        for name in names:
            if name in NUMBER_FIELDS:
                df[name] = pd.to_numeric(df[name], errors="coerce").astype("float64")
            elif name in BOOL_FIELDS:
                df[name] = df[name].astype("boolean")
            else:
                df[name] = df[name].astype("string")
            df[f"{name}_confidence"] = df[f"{name}_confidence"].astype("float64")
        df["document"] = df["document"].astype("string")
        frames[table] = df
    return frames


def export_corrected(outdir: str | os.PathLike[str], dest: str | os.PathLike[str],
                     *, parquet: bool = True) -> list[Path]:
    """Write the corrected records to ``DEST/<document>.json`` (schema-validated, atomic;
    ``form4 eval DEST TRUTH`` reads them) and, with ``parquet``, the tables with the corrected
    values: the SEC data-set tables of :func:`extractor.batch.export.export_parquet`
    (``DEST/export/parquet/NONDERIV_TRANS.parquet`` ...) when the batch package is there,
    else one ``DEST/<table>.parquet`` per record table (:func:`tables_frames`). Returns the
    files written."""
    from extractor.schema import schema_errors

    target = Path(dest)
    target.mkdir(parents=True, exist_ok=True)
    records = load_corrected_records(outdir)
    written: list[Path] = []
    for name, rec in records.items():
        errors = schema_errors(rec)
        if errors:
            raise ValueError(f"{name}: corrected record fails the schema: {errors[:3]}")
        p = target / f"{name}.json"
        write_json_atomic(p, rec)
        written.append(p)
    if not parquet:
        return written
    try:
        from extractor.batch import export as batch_export
    except ImportError:
        batch_export = None
    if batch_export is not None:
        # The batch's own list (it honours the catalog), carrying the corrected records.
        items = []
        for item in batch_export.load_records(outdir):
            if item.name in records:
                item.record = records[item.name]
                item.record_path = target / f"{item.name}.json"
                items.append(item)
        written += batch_export.export_parquet(target, items)
        return written
    for table, df in tables_frames(records).items():
        p = target / f"{table}.parquet"
        tmp = target / f".{table}.parquet.tmp"
        df.to_parquet(tmp, index=False)
        os.replace(tmp, p)
        written.append(p)
    return written


# --------------------------------------------------------------------------- training data


def corrections_as_training(outdir: str | os.PathLike[str]) -> list[tuple[str, Field, bool]]:
    """Reviewed fields as labelled data for the calibrator: (path, field as extracted,
    correct) per decision in force; ``accept`` means the extracted value was right,
    ``correct`` to a different value that it was wrong. Stale decisions are left out.
    ``extractor.calibration.features(path, field)`` turns each into the model's inputs."""
    records = load_records(outdir)
    out: list[tuple[str, Field, bool]] = []
    for (doc, path), c in CorrectionStore(outdir).latest().items():
        rec = records.get(doc)
        if rec is None:
            continue
        try:
            field = get_field(rec, path)
        except KeyError:
            continue
        if _is_stale(field, c, rec):
            continue
        out.append((path, copy.deepcopy(field), c.original_was_right))
    return out


def corrections_training_samples(outdir: str | os.PathLike[str]
                                 ) -> list[tuple[dict[str, float], bool]]:
    """The same as ``(features, correct)`` pairs, the form of
    :func:`extractor.calibration.training_samples` that :func:`extractor.calibration.fit`
    takes."""
    from extractor.calibration import features

    return [(features(path, field), ok) for path, field, ok in corrections_as_training(outdir)]


# --------------------------------------------------------------------------- pages and crops


def rotation_from_warnings(record: Record) -> dict[int, int]:
    """Page -> degrees clockwise the pipeline turned it, from the record's warnings."""
    out: dict[int, int] = {}
    for w in record.get("warnings") or []:
        m = _ROTATED.match(w)
        if m:
            out[int(m.group(1))] = int(m.group(2)) % 360
    return out


def straighten_like_pipeline(gray: np.ndarray, recorded_rotation: int = 0) -> np.ndarray:
    """The page as the pipeline's later stages saw it: :func:`extractor.deskew.straighten`
    (deterministic), then turned further if the pipeline ended up turning the page by another
    angle (it re-reads a garbled page upside down)."""
    from extractor import deskew

    straight = deskew.straighten(gray)
    extra = (recorded_rotation - straight.rotated_clockwise) % 360
    return deskew.rotate_clockwise(straight.image, extra) if extra else straight.image


class SourceNotFoundError(FileNotFoundError):
    """The scan a record was extracted from is not where ``source.path`` says."""


class ReviewSession:
    """Review over one output directory: the records, the store, a small page cache.

    ``source_dirs``: folders to look in for a scan by its file name when ``source.path``
    (often relative to where ``form4 extract`` ran) does not exist from here."""

    def __init__(self, outdir: str | os.PathLike[str], *,
                 source_dirs: Iterable[str | os.PathLike[str]] = (), who: str | None = None,
                 cache_pages: int = 6) -> None:
        self.outdir = Path(outdir)
        self.records = load_records(self.outdir)
        self.store = CorrectionStore(self.outdir)
        self.who = who
        self.source_dirs = [Path(d) for d in source_dirs]
        self.cache_pages = cache_pages
        self._pages: OrderedDict[tuple[str, int], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def reload(self) -> None:
        """Read the records again (after a new extraction) and forget the cached pages."""
        self.records = load_records(self.outdir)
        with self._lock:
            self._pages.clear()

    # -- the table of fields

    def fields(self, threshold: float | None = None, *,
               groups: str | Iterable[str] | None = None,
               documents: str | Iterable[str] | None = None,
               include_empty: bool = False, include_reviewed: bool = True) -> pd.DataFrame:
        """Fields to review, the most expected errors (1 - confidence) first.

        ``threshold``: only fields with confidence below it. ``groups``: header,
        reporting_owners, table1, table2, footnotes, signatures, remarks. ``documents``: names.
        ``include_empty``: also fields where nothing was read (no value, text or box).
        ``include_reviewed``: also fields already accepted or corrected (``status`` says)."""
        return _fields_frame(self.records, self.store.latest(), threshold=threshold,
                             groups=groups, documents=documents, include_empty=include_empty,
                             include_reviewed=include_reviewed)

    def field(self, document: str, path: str) -> Field:
        return get_field(self._record(document), path)

    def _record(self, document: str) -> Record:
        try:
            return self.records[document]
        except KeyError:
            raise KeyError(f"no record {document!r} in {records_dir(self.outdir)}") from None

    # -- decisions

    def accept(self, document: str, path: str, *, who: str | None = None) -> Correction:
        """The extracted value is right: recorded, applied as confidence 1.0."""
        return self._decide(document, path, ACCEPT, None, who)

    def correct(self, document: str, path: str, value: Any, *, who: str | None = None
                ) -> Correction:
        """The right value for the field (normalized by :func:`normalize_input`)."""
        return self._decide(document, path, CORRECT, value, who)

    def _decide(self, document: str, path: str, action: str, value: Any, who: str | None
                ) -> Correction:
        return _decide(self.store, document, self._record(document), path, action, value,
                       who if who is not None else self.who)

    def corrections(self) -> pd.DataFrame:
        """The audit trail: every decision in the order made."""
        import pandas as pd

        cols = list(Correction.__dataclass_fields__)
        return pd.DataFrame([c.to_dict() for c in self.store.all()], columns=cols)

    def corrected_record(self, document: str) -> Record:
        return apply_corrections(self._record(document), self.store.for_document(document))

    def corrected_records(self) -> dict[str, Record]:
        return load_corrected_records(self.outdir)

    def export(self, dest: str | os.PathLike[str], *, parquet: bool = True) -> list[Path]:
        return export_corrected(self.outdir, dest, parquet=parquet)

    # -- pages and crops

    def source_path(self, document: str) -> Path:
        """The scan of a document: ``source.path`` as recorded (absolute, from here or from
        the output directory's parent), else its file name in ``source_dirs``."""
        raw = (self._record(document).get("source") or {}).get("path") or ""
        p = Path(raw)
        candidates = [p] if p.is_absolute() else [p, self.outdir / p, self.outdir.parent / p,
                                                  Path.cwd() / p]
        candidates += [d / p.name for d in self.source_dirs]
        for c in candidates:
            if raw and c.is_file():
                return c
        raise SourceNotFoundError(
            f"{document}: the scan {raw!r} is not found; pass source_dirs=[folder with it]")

    def page_image(self, document: str, page: int) -> np.ndarray:
        """The straightened page (8-bit grayscale) in the pixels the record's boxes use."""
        key = (document, int(page))
        with self._lock:
            if key in self._pages:
                self._pages.move_to_end(key)
                return self._pages[key]
        from extractor import ingest

        rec = self._record(document)
        source = rec.get("source") or {}
        dpi = int(source.get("dpi") or ingest.DEFAULT_DPI)
        doc = ingest.open_document(self.source_path(document), dpi=dpi)
        sha = source.get("sha256")
        if sha and doc.sha256 != sha:
            raise ValueError(f"{document}: {doc.path} is not the file this record was "
                             "extracted from (sha256 differs)")
        if doc.kind == ingest.TEXT:
            raise ValueError(f"{document}: the source is OCR text, there is no page image")
        if not 1 <= page <= doc.page_count:
            raise ValueError(f"{document}: no page {page} (the scan has {doc.page_count})")
        turns = rotation_from_warnings(rec)
        found = None
        for p in doc.iter_pages():  # pages render in order; keep those on the way
            image = straighten_like_pipeline(p.image, turns.get(p.number, 0))
            self._remember((document, p.number), image)
            if p.number == page:
                found = image
                break
        assert found is not None
        return found

    def _remember(self, key: tuple[str, int], image: np.ndarray) -> None:
        with self._lock:
            self._pages[key] = image
            self._pages.move_to_end(key)
            while len(self._pages) > max(1, self.cache_pages):
                self._pages.popitem(last=False)

    def crop(self, document: str, path: str, *, margin: int | None = None,
             draw_box: bool = True, max_width: int | None = None) -> Image.Image:
        """The part of the page around a field's bbox as an RGB PIL image with the box drawn in
        red; ``margin`` pixels of context (default a quarter inch at the record's DPI)."""
        field = self.field(document, path)
        if not field.get("page") or not field.get("bbox"):
            raise ValueError(f"{document} {path}: the field has no box on the page")
        page = self.page_image(document, int(field["page"]))
        dpi = int((self._record(document).get("source") or {}).get("dpi") or 300)
        return crop_box(page, field["bbox"], margin=margin if margin is not None else dpi // 4,
                        draw_box=draw_box, max_width=max_width)

    def review_widget(self, df: pd.DataFrame | None = None, **kwargs: Any) -> Any:
        """An ipywidgets reviewer over ``df`` (default: unreviewed fields below 0.9)."""
        from extractor.review_widget import Reviewer

        return Reviewer(self, df, **kwargs)


def crop_box(page: np.ndarray, bbox: Iterable[float], *, margin: int = 75,
             draw_box: bool = True, max_width: int | None = None) -> Image.Image:
    """Crop ``bbox`` plus ``margin`` out of a grayscale page; the box drawn in red."""
    from PIL import Image, ImageDraw

    h, w = page.shape[:2]
    x0, y0, x1, y1 = (int(round(float(v))) for v in bbox)
    cx0, cy0 = max(0, x0 - margin), max(0, y0 - margin)
    cx1, cy1 = min(w, x1 + margin), min(h, y1 + margin)
    if cx1 <= cx0 or cy1 <= cy0:
        raise ValueError(f"bbox {list(bbox)} lies outside the {w}x{h} page")
    img = Image.fromarray(page[cy0:cy1, cx0:cx1]).convert("RGB")
    if draw_box:
        pad = 3
        ImageDraw.Draw(img).rectangle(
            [x0 - cx0 - pad, y0 - cy0 - pad, x1 - cx0 + pad, y1 - cy0 + pad],
            outline=(220, 30, 30), width=2)
    if max_width and img.width > max_width:
        img = img.resize((max_width, max(1, round(img.height * max_width / img.width))),
                         Image.LANCZOS)
    return img


# --------------------------------------------------------------------------- the table


_COLUMNS = ["document", "path", "group", "field", "value", "text", "confidence",
            "expected_error", "flags", "footnote_ids", "warnings", "page", "bbox", "status",
            "reviewed_value"]


def _as_set(v: str | Iterable[str] | None) -> set[str] | None:
    if v is None:
        return None
    return {v} if isinstance(v, str) else set(v)


def _fields_frame(records: Mapping[str, Record], latest: Mapping[tuple[str, str], Correction],
                  *, threshold: float | None, groups: str | Iterable[str] | None,
                  documents: str | Iterable[str] | None, include_empty: bool,
                  include_reviewed: bool) -> pd.DataFrame:
    import pandas as pd

    want_groups, want_docs = _as_set(groups), _as_set(documents)
    if want_groups and want_groups - set(GROUPS):
        raise ValueError(f"unknown groups {sorted(want_groups - set(GROUPS))}; "
                         f"choose from {', '.join(GROUPS)}")
    rows = []
    for doc, rec in records.items():
        if want_docs is not None and doc not in want_docs:
            continue
        doc_warnings = list(rec.get("warnings") or [])
        for path, f in iter_fields(rec):
            group = field_group(path)
            if want_groups is not None and group not in want_groups:
                continue
            conf = float(f.get("confidence") or 0.0)
            if threshold is not None and not conf < threshold:
                continue
            if not include_empty and f.get("value") is None and not f.get("text") \
                    and not f.get("bbox"):
                continue
            c = latest.get((doc, path))
            if c is not None and _is_stale(f, c, rec):
                c = None
            if c is not None and not include_reviewed:
                continue
            status = None if c is None else ("accepted" if c.action == ACCEPT else "corrected")
            rows.append({
                "document": doc, "path": path, "group": group, "field": field_name(path),
                "value": f.get("value"), "text": f.get("text"), "confidence": conf,
                "expected_error": 1.0 - conf, "flags": list(f.get("flags") or []),
                "footnote_ids": list(f.get("footnote_ids") or []), "warnings": doc_warnings,
                "page": f.get("page"), "bbox": f.get("bbox"), "status": status,
                "reviewed_value": None if c is None else c.new_value,
            })
    df = pd.DataFrame(rows, columns=_COLUMNS)
    df["page"] = df["page"].astype("Int64")
    df = df.sort_values("expected_error", ascending=False, kind="stable")
    return df.reset_index(drop=True)


def review_table(outdir: str | os.PathLike[str], threshold: float | None = None,
                 **filters: Any) -> pd.DataFrame:
    """:meth:`ReviewSession.fields` for an output directory (see there for the filters)."""
    return ReviewSession(outdir).fields(threshold, **filters)


# --------------------------------------------------------------------------- plain functions


def _decide(store: CorrectionStore, document: str, record: Record, path: str, action: str,
            value: Any, who: str | None) -> Correction:
    field = get_field(record, path)
    new = field.get("value") if action == ACCEPT else normalize_input(path, value)
    return store.append(Correction(
        document=document, path=path, action=action, old_value=field.get("value"),
        new_value=new, old_text=field.get("text"), old_confidence=field.get("confidence"),
        when=_now(), who=who, source_sha256=(record.get("source") or {}).get("sha256")))


def accept(outdir: str | os.PathLike[str], document: str, path: str, *,
           who: str | None = None) -> Correction:
    """Record that the extracted value of ``path`` in ``document`` is right."""
    return _decide(CorrectionStore(outdir), document, load_record(outdir, document), path,
                   ACCEPT, None, who)


def correct(outdir: str | os.PathLike[str], document: str, path: str, value: Any, *,
            who: str | None = None) -> Correction:
    """Record the right value of ``path`` in ``document`` (normalized like the contract)."""
    return _decide(CorrectionStore(outdir), document, load_record(outdir, document), path,
                   CORRECT, value, who)
