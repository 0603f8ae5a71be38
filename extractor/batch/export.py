"""Exports of a batch output directory: SEC data-set tables (Parquet), EDGAR XML, JSON lines.

Everything reads the records through :func:`load_records`, the one place where stored human
corrections are to be applied. Exports are rebuilt from scratch each time and written
atomically; ``OUTDIR/export`` belongs to them.

Parquet (``OUTDIR/export/parquet/<TABLE>.parquet``) follows the SEC Insider Transactions
Data Sets (``FORM_345_readme.htm``; column names as in the data sets' TSV headers): SUBMISSION,
REPORTINGOWNER, NONDERIV_TRANS, NONDERIV_HOLDING, DERIV_TRANS, DERIV_HOLDING, FOOTNOTES,
OWNER_SIGNATURE, in the data sets' value formats (dates ``DD-MON-YYYY``, booleans ``0``/``1``,
footnote ids ``F1, F2``, amounts as numbers). After the SEC columns, each value read from
the scan has a ``<COLUMN>_CONFIDENCE`` column. A scan has no accession number: ACCESSION_NUMBER
is ``SCAN-`` and the first 20 hex digits of the input's sha256; surrogate keys (``*_SK``) are
derived from the sha256 and the row number; what paper does not carry (CIKs, filing date,
EDGAR-derived flags, values in dollars) is null. DOCUMENT_STATUS adds one row per input path:
accession_number, sha256, path, status, category, message, pages, seconds and more.

EDGAR XML (``OUTDIR/export/xml/<name>.xml``): an ``ownershipDocument`` (schema X0508) per
extracted document, with values, ``footnoteId`` references, footnotes, remarks and
signatures. CIKs are unknown on paper and written as ``0000000000``.

JSON (``OUTDIR/export/json/records.jsonl``): one line per document, its status and record.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from extractor.batch.catalog import CATALOG_NAME, DONE, RECORDS_DIR, Catalog
from extractor.record import (
    BOOL_FIELDS,
    DATE_FIELDS,
    NUMBER_FIELDS,
    TABLES,
    Field,
    Record,
    write_atomic,
)

EXPORT_DIR = "export"
UNKNOWN_CIK = "0000000000"
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")

# Column names of the SEC Insider Transactions Data Sets (TSV headers; the readme for the
# tables without a TSV here). Order as published.
SEC_COLUMNS: dict[str, tuple[str, ...]] = {
    "SUBMISSION": (
        "ACCESSION_NUMBER", "FILING_DATE", "PERIOD_OF_REPORT", "DATE_OF_ORIG_SUB",
        "NO_SECURITIES_OWNED", "NOT_SUBJECT_SEC16", "FORM3_HOLDINGS_REPORTED",
        "FORM4_TRANS_REPORTED", "DOCUMENT_TYPE", "ISSUERCIK", "ISSUERNAME",
        "ISSUERTRADINGSYMBOL", "REMARKS",
    ),
    "REPORTINGOWNER": (
        "ACCESSION_NUMBER", "RPTOWNERCIK", "RPTOWNERNAME", "RPTOWNER_RELATIONSHIP",
        "RPTOWNER_TITLE", "RPTOWNER_TXT", "RPTOWNER_STREET1", "RPTOWNER_STREET2",
        "RPTOWNER_CITY", "RPTOWNER_STATE", "RPTOWNER_ZIPCODE", "RPTOWNER_STATE_DESC",
        "FILE_NUMBER",
    ),
    "NONDERIV_TRANS": (
        "ACCESSION_NUMBER", "NONDERIV_TRANS_SK", "SECURITY_TITLE", "SECURITY_TITLE_FN",
        "TRANS_DATE", "TRANS_DATE_FN", "DEEMED_EXECUTION_DATE", "DEEMED_EXECUTION_DATE_FN",
        "TRANS_FORM_TYPE", "TRANS_CODE", "EQUITY_SWAP_INVOLVED", "EQUITY_SWAP_TRANS_CD_FN",
        "TRANS_TIMELINESS", "TRANS_TIMELINESS_FN", "TRANS_SHARES", "TRANS_SHARES_FN",
        "TRANS_PRICEPERSHARE", "TRANS_PRICEPERSHARE_FN", "TRANS_ACQUIRED_DISP_CD",
        "TRANS_ACQUIRED_DISP_CD_FN", "SHRS_OWND_FOLWNG_TRANS", "SHRS_OWND_FOLWNG_TRANS_FN",
        "VALU_OWND_FOLWNG_TRANS", "VALU_OWND_FOLWNG_TRANS_FN", "DIRECT_INDIRECT_OWNERSHIP",
        "DIRECT_INDIRECT_OWNERSHIP_FN", "NATURE_OF_OWNERSHIP", "NATURE_OF_OWNERSHIP_FN",
    ),
    "NONDERIV_HOLDING": (
        "ACCESSION_NUMBER", "NONDERIV_HOLDING_SK", "SECURITY_TITLE", "SECURITY_TITLE_FN",
        "TRANS_FORM_TYPE", "TRANS_FORM_TYPE_FN", "SHRS_OWND_FOLWNG_TRANS",
        "SHRS_OWND_FOLWNG_TRANS_FN", "VALU_OWND_FOLWNG_TRANS", "VALU_OWND_FOLWNG_TRANS_FN",
        "DIRECT_INDIRECT_OWNERSHIP", "DIRECT_INDIRECT_OWNERSHIP_FN", "NATURE_OF_OWNERSHIP",
        "NATURE_OF_OWNERSHIP_FN",
    ),
    "DERIV_TRANS": (
        "ACCESSION_NUMBER", "DERIV_TRANS_SK", "SECURITY_TITLE", "SECURITY_TITLE_FN",
        "CONV_EXERCISE_PRICE", "CONV_EXERCISE_PRICE_FN", "TRANS_DATE", "TRANS_DATE_FN",
        "DEEMED_EXECUTION_DATE", "DEEMED_EXECUTION_DATE_FN", "TRANS_FORM_TYPE", "TRANS_CODE",
        "EQUITY_SWAP_INVOLVED", "EQUITY_SWAP_TRANS_CD_FN", "TRANS_TIMELINESS",
        "TRANS_TIMELINESS_FN", "TRANS_SHARES", "TRANS_SHARES_FN", "TRANS_TOTAL_VALUE",
        "TRANS_TOTAL_VALUE_FN", "TRANS_PRICEPERSHARE", "TRANS_PRICEPERSHARE_FN",
        "TRANS_ACQUIRED_DISP_CD", "TRANS_ACQUIRED_DISP_CD_FN", "EXCERCISE_DATE",
        "EXCERCISE_DATE_FN", "EXPIRATION_DATE", "EXPIRATION_DATE_FN", "UNDLYNG_SEC_TITLE",
        "UNDLYNG_SEC_TITLE_FN", "UNDLYNG_SEC_SHARES", "UNDLYNG_SEC_SHARES_FN",
        "UNDLYNG_SEC_VALUE", "UNDLYNG_SEC_VALUE_FN", "SHRS_OWND_FOLWNG_TRANS",
        "SHRS_OWND_FOLWNG_TRANS_FN", "VALU_OWND_FOLWNG_TRANS", "VALU_OWND_FOLWNG_TRANS_FN",
        "DIRECT_INDIRECT_OWNERSHIP", "DIRECT_INDIRECT_OWNERSHIP_FN", "NATURE_OF_OWNERSHIP",
        "NATURE_OF_OWNERSHIP_FN",
    ),
    "DERIV_HOLDING": (
        "ACCESSION_NUMBER", "DERIV_HOLDING_SK", "SECURITY_TITLE", "SECURITY_TITLE_FN",
        "CONV_EXERCISE_PRICE", "CONV_EXERCISE_PRICE_FN", "TRANS_FORM_TYPE", "TRANS_FORM_TYPE_FN",
        "EXERCISE_DATE", "EXERCISE_DATE_FN", "EXPIRATION_DATE", "EXPIRATION_DATE_FN",
        "UNDLYNG_SEC_TITLE", "UNDLYNG_SEC_TITLE_FN", "UNDLYNG_SEC_SHARES",
        "UNDLYNG_SEC_SHARES_FN", "UNDLYNG_SEC_VALUE", "UNDLYNG_SEC_VALUE_FN",
        "SHRS_OWND_FOLWNG_TRANS", "SHRS_OWND_FOLWNG_TRANS_FN", "VALU_OWND_FOLWNG_TRANS",
        "VALU_OWND_FOLWNG_TRANS_FN", "DIRECT_INDIRECT_OWNERSHIP",
        "DIRECT_INDIRECT_OWNERSHIP_FN", "NATURE_OF_OWNERSHIP", "NATURE_OF_OWNERSHIP_FN",
    ),
    "FOOTNOTES": ("ACCESSION_NUMBER", "FOOTNOTE_ID", "FOOTNOTE_TXT"),
    "OWNER_SIGNATURE": ("ACCESSION_NUMBER", "OWNERSIGNATURENAME", "OWNERSIGNATUREDATE"),
}

#: Record table behind each SEC row table.
ROW_TABLES = {
    "NONDERIV_TRANS": "non_derivative_transactions",
    "NONDERIV_HOLDING": "non_derivative_holdings",
    "DERIV_TRANS": "derivative_transactions",
    "DERIV_HOLDING": "derivative_holdings",
}

#: SEC column -> record field of a table row (the ``_FN`` column takes its footnote ids).
ROW_FIELDS = {
    "SECURITY_TITLE": "security_title",
    "CONV_EXERCISE_PRICE": "conversion_or_exercise_price",
    "TRANS_DATE": "transaction_date",
    "DEEMED_EXECUTION_DATE": "deemed_execution_date",
    "TRANS_CODE": "transaction_code",
    "EQUITY_SWAP_INVOLVED": "equity_swap_involved",
    "TRANS_SHARES": "shares",
    "TRANS_PRICEPERSHARE": "price_per_share",
    "TRANS_ACQUIRED_DISP_CD": "acquired_disposed_code",
    "EXCERCISE_DATE": "exercise_date",
    "EXERCISE_DATE": "exercise_date",
    "EXPIRATION_DATE": "expiration_date",
    "UNDLYNG_SEC_TITLE": "underlying_security_title",
    "UNDLYNG_SEC_SHARES": "underlying_security_shares",
    "SHRS_OWND_FOLWNG_TRANS": "shares_owned_following_transaction",
    "DIRECT_INDIRECT_OWNERSHIP": "direct_or_indirect_ownership",
    "NATURE_OF_OWNERSHIP": "nature_of_ownership",
}

OWNER_COLUMNS = {
    "RPTOWNERNAME": "name",
    "RPTOWNER_TITLE": "officer_title",
    "RPTOWNER_TXT": "other_text",
    "RPTOWNER_STREET1": "street1",
    "RPTOWNER_STREET2": "street2",
    "RPTOWNER_CITY": "city",
    "RPTOWNER_STATE": "state",
    "RPTOWNER_ZIPCODE": "zip_code",
}
RELATIONSHIPS = (("is_director", "Director"), ("is_officer", "Officer"),
                 ("is_ten_percent_owner", "TenPercentOwner"), ("is_other", "Other"))

NUMBER_COLUMNS = frozenset({
    "CONV_EXERCISE_PRICE", "TRANS_SHARES", "TRANS_TOTAL_VALUE", "TRANS_PRICEPERSHARE",
    "UNDLYNG_SEC_SHARES", "UNDLYNG_SEC_VALUE", "SHRS_OWND_FOLWNG_TRANS",
    "VALU_OWND_FOLWNG_TRANS",
})

STATUS_COLUMNS = (
    "accession_number", "sha256", "path", "status", "category", "message", "pages", "seconds",
    "attempts", "output", "extracted_from", "fields", "low_confidence", "warnings", "note",
    "updated_at",
)


def accession_number(sha256: str) -> str:
    """A synthetic ACCESSION_NUMBER (25 characters at most, like the SEC's) for a scan."""
    return f"SCAN-{sha256[:20]}"


def surrogate_key(sha256: str, table: str, index: int) -> int:
    """A stable ``*_SK`` for row ``index`` of ``table`` of one document (fits NUMBER(22))."""
    base = int(sha256[:12], 16)
    return base * 10_000 + list(ROW_TABLES).index(table) * 1_000 + index


# --- records ------------------------------------------------------------------------------


@dataclass
class LoadedRecord:
    """A record as the exports see it (after corrections, once there are any)."""

    sha256: str
    accession_number: str
    name: str  # the record file's stem: records/<name>.json, export/xml/<name>.xml
    record_path: Path
    paths: list[str]  # input paths with this content
    status: str  # success | partial
    record: Record


def _open_catalog(outdir: Path) -> Catalog | None:
    if not (outdir / CATALOG_NAME).is_file():
        return None
    try:
        return Catalog(outdir, readonly=True)
    except Exception:
        return Catalog(outdir)


def load_records(outdir: str | os.PathLike[str]) -> list[LoadedRecord]:
    """Every extracted record of ``outdir``, in input-path order: the exports' one source.

    With a batch catalog: the documents marked ``success`` or ``partial``, read from
    ``records/``. Without one (a ``form4 extract`` directory): every record JSON in
    ``records/`` or directly in ``outdir``. Human corrections kept beside the outputs
    (``corrections.jsonl``, see :mod:`extractor.review`) are applied to the copies returned.
    """
    loaded = _load_extracted(Path(outdir))
    if (Path(outdir) / "corrections.jsonl").exists():
        from extractor.review import apply_corrections, corrections_by_document

        decisions = corrections_by_document(outdir)
        for item in loaded:
            mine = decisions.get(item.record_path.stem)
            if mine:
                item.record = apply_corrections(item.record, mine)
    return loaded


def _load_extracted(out: Path) -> list[LoadedRecord]:
    from extractor.batch.catalog import record_counts, status_of

    loaded: list[LoadedRecord] = []
    catalog = _open_catalog(out)
    if catalog is not None:
        with catalog:
            docs = catalog.documents(statuses=DONE)
        for doc in docs:
            path = out / (doc.output or doc.output_name)
            try:
                record = json.loads(path.read_text("utf-8"))
            except (OSError, ValueError):
                continue
            loaded.append(LoadedRecord(doc.sha256, accession_number(doc.sha256), doc.name,
                                       path, doc.paths, doc.status, record))
        return loaded
    folder = out / RECORDS_DIR if (out / RECORDS_DIR).is_dir() else out
    for path in sorted(folder.glob("*.json")):
        try:
            record = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(record, dict) or record.get("schema") != "form4-record/1":
            continue
        source = record.get("source") or {}
        sha = source.get("sha256") or ""
        loaded.append(LoadedRecord(sha, accession_number(sha), path.stem, path,
                                   [source.get("path") or str(path)],
                                   status_of(record_counts(record)), record))
    return loaded


# --- value formats ------------------------------------------------------------------------


def sec_date(value: Any) -> str | None:
    """``2024-09-27`` -> ``27-SEP-2024`` (``2001-05`` -> ``MAY-2001``), as the data sets."""
    if not isinstance(value, str):
        return None
    parts = value.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2]):02d}-{MONTHS[int(parts[1]) - 1]}-{int(parts[0]):04d}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]}-{int(parts[0]):04d}"
    except (ValueError, IndexError):
        return None
    return None


def _footnotes(*fields: Field | None) -> str | None:
    ids: list[str] = []
    for f in fields:
        for fid in (f or {}).get("footnote_ids") or []:
            if fid not in ids:
                ids.append(fid)
    return ", ".join(ids) or None


def _sec_value(name: str, field: Field | None) -> Any:
    value = (field or {}).get("value")
    if value is None:
        return None
    if name in DATE_FIELDS:
        return sec_date(value)
    if name in NUMBER_FIELDS:
        return float(value) if isinstance(value, int | float) else None
    if name in BOOL_FIELDS:
        return "1" if value else "0"
    return str(value)


def _confidence(field: Field | None) -> float | None:
    if not field:
        return None
    conf = field.get("confidence")
    return float(conf) if conf is not None else None


def _min_confidence(fields: Iterable[Field | None]) -> float | None:
    confs = [c for c in (_confidence(f) for f in fields) if c is not None]
    return min(confs) if confs else None


# --- SEC tables ---------------------------------------------------------------------------


class _Table:
    """Rows of one SEC table: its SEC columns, then the confidence columns."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.columns = SEC_COLUMNS.get(name, ())
        self.rows: list[dict[str, Any]] = []

    def add(self, values: dict[str, Any], confidences: dict[str, float | None]) -> None:
        row = {c: values.get(c) for c in self.columns}
        row |= {f"{col}_CONFIDENCE": conf for col, conf in confidences.items()}
        self.rows.append(row)

    def confidence_columns(self) -> list[str]:
        """``<COLUMN>_CONFIDENCE`` for every value column read from a record, in SEC order."""
        names = [c for c in self.columns if f"{c}_CONFIDENCE" in _CONFIDENCE_OF[self.name]]
        return [f"{c}_CONFIDENCE" for c in names]


def _row_value_columns(table: str) -> set[str]:
    fields = set(TABLES[ROW_TABLES[table]])
    return {c for c in SEC_COLUMNS[table] if ROW_FIELDS.get(c) in fields}


_CONFIDENCE_OF: dict[str, set[str]] = {
    "SUBMISSION": {f"{c}_CONFIDENCE" for c in (
        "PERIOD_OF_REPORT", "DATE_OF_ORIG_SUB", "NOT_SUBJECT_SEC16", "DOCUMENT_TYPE",
        "ISSUERNAME", "ISSUERTRADINGSYMBOL", "REMARKS")},
    "REPORTINGOWNER": {f"{c}_CONFIDENCE" for c in (*OWNER_COLUMNS, "RPTOWNER_RELATIONSHIP")},
    "FOOTNOTES": {"FOOTNOTE_TXT_CONFIDENCE"},
    "OWNER_SIGNATURE": {"OWNERSIGNATURENAME_CONFIDENCE", "OWNERSIGNATUREDATE_CONFIDENCE"},
    **{t: {f"{c}_CONFIDENCE" for c in _row_value_columns(t)} for t in ROW_TABLES},
}


def sec_tables(records: list[LoadedRecord]) -> dict[str, list[dict[str, Any]]]:
    """The SEC data-set tables of ``records``: table name -> rows (SEC columns, then
    ``<COLUMN>_CONFIDENCE`` columns)."""
    tables = {name: _Table(name) for name in SEC_COLUMNS}
    for item in records:
        rec, acc = item.record, item.accession_number
        issuer = rec.get("issuer") or {}
        head = {
            "PERIOD_OF_REPORT": ("period_of_report", rec.get("period_of_report")),
            "DATE_OF_ORIG_SUB": ("date_of_original_submission",
                                 rec.get("date_of_original_submission")),
            "NOT_SUBJECT_SEC16": ("not_subject_to_section16", rec.get("not_subject_to_section16")),
            "DOCUMENT_TYPE": ("document_type", rec.get("document_type")),
            "ISSUERNAME": ("name", issuer.get("name")),
            "ISSUERTRADINGSYMBOL": ("trading_symbol", issuer.get("trading_symbol")),
            "REMARKS": ("remarks", rec.get("remarks")),
        }
        tables["SUBMISSION"].add(
            {"ACCESSION_NUMBER": acc, **{c: _sec_value(n, f) for c, (n, f) in head.items()}},
            {c: _confidence(f) for c, (_, f) in head.items()},
        )
        for owner in rec.get("reporting_owners") or []:
            flags = [owner.get(k) for k, _ in RELATIONSHIPS]
            relation = ",".join(label for (k, label) in RELATIONSHIPS
                                if (owner.get(k) or {}).get("value") is True)
            values = {"ACCESSION_NUMBER": acc, "RPTOWNER_RELATIONSHIP": relation or None}
            values |= {c: _sec_value(n, owner.get(n)) for c, n in OWNER_COLUMNS.items()}
            confs = {c: _confidence(owner.get(n)) for c, n in OWNER_COLUMNS.items()}
            confs["RPTOWNER_RELATIONSHIP"] = _min_confidence(flags)
            tables["REPORTINGOWNER"].add(values, confs)
        for sec_name, rec_table in ROW_TABLES.items():
            value_cols = _row_value_columns(sec_name)
            for i, row in enumerate(rec.get(rec_table) or []):
                values = {"ACCESSION_NUMBER": acc,
                          f"{sec_name}_SK": surrogate_key(item.sha256, sec_name, i)}
                confs: dict[str, float | None] = {}
                for col in value_cols:
                    name = ROW_FIELDS[col]
                    values[col] = _sec_value(name, row.get(name))
                    confs[col] = _confidence(row.get(name))
                    if f"{col}_FN" in SEC_COLUMNS[sec_name]:
                        values[f"{col}_FN"] = _footnotes(row.get(name))
                if "EQUITY_SWAP_TRANS_CD_FN" in SEC_COLUMNS[sec_name]:
                    values["EQUITY_SWAP_TRANS_CD_FN"] = _footnotes(
                        row.get("transaction_code"), row.get("equity_swap_involved"))
                if rec_table.endswith("transactions"):
                    values["TRANS_FORM_TYPE"] = "4"
                tables[sec_name].add(values, confs)
        for note in rec.get("footnotes") or []:
            text = note.get("text")
            tables["FOOTNOTES"].add(
                {"ACCESSION_NUMBER": acc, "FOOTNOTE_ID": note.get("id"),
                 "FOOTNOTE_TXT": _sec_value("text", text)},
                {"FOOTNOTE_TXT": _confidence(text)},
            )
        for sig in rec.get("signatures") or []:
            tables["OWNER_SIGNATURE"].add(
                {"ACCESSION_NUMBER": acc, "OWNERSIGNATURENAME": _sec_value("name", sig.get("name")),
                 "OWNERSIGNATUREDATE": sec_date((sig.get("date") or {}).get("value"))},
                {"OWNERSIGNATURENAME": _confidence(sig.get("name")),
                 "OWNERSIGNATUREDATE": _confidence(sig.get("date"))},
            )
    out: dict[str, list[dict[str, Any]]] = {}
    for name, table in tables.items():
        conf_cols = table.confidence_columns()
        out[name] = [{**{c: r.get(c) for c in table.columns}, **{c: r.get(c) for c in conf_cols}}
                     for r in table.rows]
    return out


def table_schema(name: str) -> Any:
    """The pyarrow schema of one exported table."""
    import pyarrow as pa

    if name == "DOCUMENT_STATUS":
        types = {"pages": pa.int64(), "seconds": pa.float64(), "attempts": pa.int64(),
                 "fields": pa.int64(), "low_confidence": pa.int64(), "warnings": pa.int64()}
        return pa.schema([(c, types.get(c, pa.string())) for c in STATUS_COLUMNS])
    cols: list[tuple[str, Any]] = []
    for c in SEC_COLUMNS[name]:
        if c.endswith("_SK"):
            cols.append((c, pa.int64()))
        elif c in NUMBER_COLUMNS:
            cols.append((c, pa.float64()))
        else:
            cols.append((c, pa.string()))
    conf = _Table(name).confidence_columns()
    return pa.schema(cols + [(c, pa.float64()) for c in conf])


def document_status_rows(outdir: Path, records: list[LoadedRecord]) -> list[dict[str, Any]]:
    """One row per input path (a catalog-less directory: one per record)."""
    catalog = _open_catalog(outdir)
    rows: list[dict[str, Any]] = []
    if catalog is None:
        from extractor.batch.catalog import record_counts

        for item in records:
            counts = record_counts(item.record)
            rows.append({
                "accession_number": item.accession_number, "sha256": item.sha256,
                "path": item.paths[0], "status": item.status,
                "pages": (item.record.get("source") or {}).get("pages"),
                "output": (str(item.record_path.relative_to(outdir))
                           if item.record_path.is_relative_to(outdir) else str(item.record_path)),
                "extracted_from": item.paths[0], **counts,
            })
        return rows
    with catalog:
        found = catalog.rows(
            "SELECT p.path AS input, d.* FROM paths p JOIN documents d ON d.sha256=p.sha256 "
            "ORDER BY p.path")
    for r in found:
        rows.append({
            "accession_number": accession_number(r["sha256"]), "sha256": r["sha256"],
            "path": r["input"], "status": r["status"], "category": r["category"],
            "message": r["message"], "pages": r["pages"], "seconds": r["seconds"],
            "attempts": r["attempts"], "output": r["output"], "extracted_from": r["path"],
            "fields": r["fields"], "low_confidence": r["low_confidence"],
            "warnings": r["warnings"], "note": r["note"], "updated_at": r["updated_at"],
        })
    return rows


# --- writing ------------------------------------------------------------------------------


def _write_bytes(path: Path, data: bytes) -> None:
    write_atomic(path, lambda tmp: Path(tmp).write_bytes(data))


def export_parquet(outdir: str | os.PathLike[str],
                   records: list[LoadedRecord] | None = None) -> list[Path]:
    """Write ``OUTDIR/export/parquet/<TABLE>.parquet`` for the SEC tables and DOCUMENT_STATUS."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(outdir)
    records = load_records(out) if records is None else records
    folder = out / EXPORT_DIR / "parquet"
    tables = sec_tables(records)
    tables["DOCUMENT_STATUS"] = document_status_rows(out, records)
    written = []
    for name, rows in tables.items():
        schema = table_schema(name)
        table = pa.Table.from_pylist(
            [{c: r.get(c) for c in schema.names} for r in rows], schema=schema)
        path = folder / f"{name}.parquet"
        write_atomic(path, lambda tmp, t=table: pq.write_table(t, tmp))
        written.append(path)
    return written


# --- EDGAR XML ----------------------------------------------------------------------------


def _xml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = format(Decimal(repr(value)), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    el = ET.SubElement(parent, tag)
    if text is not None:
        el.text = text
    return el


def _valued(parent: ET.Element, tag: str, field: Field | None,
            extra_ids: Iterable[str] = ()) -> None:
    """``<tag><value>..</value><footnoteId id=".."/></tag>``; nothing when empty."""
    field = field or {}
    value = field.get("value")
    ids = list(dict.fromkeys([*(field.get("footnote_ids") or []), *extra_ids]))
    if value is None and not ids:
        return
    el = _sub(parent, tag)
    if value is not None:
        _sub(el, "value", _xml_value(value))
    for fid in ids:
        ET.SubElement(el, "footnoteId", {"id": fid})


def _plain(parent: ET.Element, tag: str, field: Field | None) -> None:
    value = (field or {}).get("value")
    if value is not None:
        _sub(parent, tag, _xml_value(value))


def _xml_row(parent: ET.Element, tag: str, table: str, row: dict[str, Field]) -> None:
    el = _sub(parent, tag)
    names = set(TABLES[table])
    _valued(el, "securityTitle", row.get("security_title"))
    if "conversion_or_exercise_price" in names:
        _valued(el, "conversionOrExercisePrice", row.get("conversion_or_exercise_price"))
    if "transaction_date" in names:
        _valued(el, "transactionDate", row.get("transaction_date"))
        _valued(el, "deemedExecutionDate", row.get("deemed_execution_date"))
        coding = _sub(el, "transactionCoding")
        _sub(coding, "transactionFormType", "4")
        _plain(coding, "transactionCode", row.get("transaction_code"))
        _plain(coding, "equitySwapInvolved", row.get("equity_swap_involved"))
        ids = [*((row.get("transaction_code") or {}).get("footnote_ids") or []),
               *((row.get("equity_swap_involved") or {}).get("footnote_ids") or [])]
        for fid in dict.fromkeys(ids):
            ET.SubElement(coding, "footnoteId", {"id": fid})
        amounts = _sub(el, "transactionAmounts")
        _valued(amounts, "transactionShares", row.get("shares"))
        _valued(amounts, "transactionPricePerShare", row.get("price_per_share"))
        _valued(amounts, "transactionAcquiredDisposedCode", row.get("acquired_disposed_code"))
    if "exercise_date" in names:
        _valued(el, "exerciseDate", row.get("exercise_date"))
        _valued(el, "expirationDate", row.get("expiration_date"))
        under = _sub(el, "underlyingSecurity")
        _valued(under, "underlyingSecurityTitle", row.get("underlying_security_title"))
        _valued(under, "underlyingSecurityShares", row.get("underlying_security_shares"))
    post = _sub(el, "postTransactionAmounts")
    _valued(post, "sharesOwnedFollowingTransaction", row.get("shares_owned_following_transaction"))
    nature = _sub(el, "ownershipNature")
    _valued(nature, "directOrIndirectOwnership", row.get("direct_or_indirect_ownership"))
    _valued(nature, "natureOfOwnership", row.get("nature_of_ownership"))


def ownership_xml(item: LoadedRecord) -> bytes:
    """The EDGAR ``ownershipDocument`` of one record, UTF-8 encoded and indented."""
    rec = item.record
    root = ET.Element("ownershipDocument")
    source = rec.get("source") or {}
    note = (f" form4-extractor: read from a scan ({source.get('path')}, sha256 {item.sha256});"
            f" accession {item.accession_number} is synthetic; CIKs are unknown on paper "
            f"({UNKNOWN_CIK}); confidences are in the record JSON ")
    root.append(ET.Comment(note.replace("--", "- -")))
    _sub(root, "schemaVersion", "X0508")
    _plain(root, "documentType", rec.get("document_type"))
    _plain(root, "periodOfReport", rec.get("period_of_report"))
    _plain(root, "dateOfOriginalSubmission", rec.get("date_of_original_submission"))
    _plain(root, "notSubjectToSection16", rec.get("not_subject_to_section16"))
    issuer = _sub(root, "issuer")
    _sub(issuer, "issuerCik", UNKNOWN_CIK)
    _plain(issuer, "issuerName", (rec.get("issuer") or {}).get("name"))
    _plain(issuer, "issuerTradingSymbol", (rec.get("issuer") or {}).get("trading_symbol"))
    for owner in rec.get("reporting_owners") or []:
        el = _sub(root, "reportingOwner")
        ident = _sub(el, "reportingOwnerId")
        _sub(ident, "rptOwnerCik", UNKNOWN_CIK)
        _plain(ident, "rptOwnerName", owner.get("name"))
        addr = _sub(el, "reportingOwnerAddress")
        for key, tag in (("street1", "rptOwnerStreet1"), ("street2", "rptOwnerStreet2"),
                         ("city", "rptOwnerCity"), ("state", "rptOwnerState"),
                         ("zip_code", "rptOwnerZipCode")):
            _plain(addr, tag, owner.get(key))
        rel = _sub(el, "reportingOwnerRelationship")
        for key, tag in (("is_director", "isDirector"), ("is_officer", "isOfficer"),
                         ("is_ten_percent_owner", "isTenPercentOwner"), ("is_other", "isOther"),
                         ("officer_title", "officerTitle"), ("other_text", "otherText")):
            _plain(rel, tag, owner.get(key))
    for table_tag, parts in (
        ("nonDerivativeTable", (("nonDerivativeTransaction", "non_derivative_transactions"),
                                ("nonDerivativeHolding", "non_derivative_holdings"))),
        ("derivativeTable", (("derivativeTransaction", "derivative_transactions"),
                             ("derivativeHolding", "derivative_holdings"))),
    ):
        if any(rec.get(table) for _, table in parts):
            table_el = _sub(root, table_tag)
            for row_tag, table in parts:
                for row in rec.get(table) or []:
                    _xml_row(table_el, row_tag, table, row)
    if rec.get("footnotes"):
        notes = _sub(root, "footnotes")
        for note in rec["footnotes"]:
            text = (note.get("text") or {}).get("value")
            _sub(notes, "footnote", text or "").set("id", note.get("id") or "")
    _plain(root, "remarks", rec.get("remarks"))
    for sig in rec.get("signatures") or []:
        el = _sub(root, "ownerSignature")
        _plain(el, "signatureName", sig.get("name"))
        _plain(el, "signatureDate", sig.get("date"))
    ET.indent(root, space="    ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def export_xml(outdir: str | os.PathLike[str],
               records: list[LoadedRecord] | None = None) -> list[Path]:
    """Write ``OUTDIR/export/xml/<name>.xml`` per record; drop XML of records gone since."""
    out = Path(outdir)
    records = load_records(out) if records is None else records
    folder = out / EXPORT_DIR / "xml"
    written = []
    for item in records:
        path = folder / f"{item.name}.xml"
        _write_bytes(path, ownership_xml(item))
        written.append(path)
    keep = set(written)
    for old in folder.glob("*.xml") if folder.is_dir() else []:
        if old not in keep:
            old.unlink()
    return written


def export_json(outdir: str | os.PathLike[str],
                records: list[LoadedRecord] | None = None) -> Path:
    """Write ``OUTDIR/export/json/records.jsonl``: status and record per document."""
    out = Path(outdir)
    records = load_records(out) if records is None else records
    by_sha = {r.sha256: r for r in records}
    lines = []
    seen: set[str] = set()
    for row in document_status_rows(out, records):
        if row["sha256"] in seen:
            continue
        seen.add(row["sha256"])
        item = by_sha.get(row["sha256"])
        lines.append(json.dumps({
            "accession_number": row["accession_number"], "sha256": row["sha256"],
            "paths": item.paths if item else [row["path"]], "status": row["status"],
            "category": row.get("category"), "message": row.get("message"),
            "record": item.record if item else None,
        }, ensure_ascii=False))
    path = out / EXPORT_DIR / "json" / "records.jsonl"
    _write_bytes(path, ("\n".join(lines) + "\n" if lines else "").encode("utf-8"))
    return path


def export_all(outdir: str | os.PathLike[str], *, parquet: bool = True, xml: bool = True,
               json_lines: bool = True) -> dict[str, Any]:
    """The chosen exports from one :func:`load_records`; Parquet is skipped (with a note)
    when pyarrow is missing."""
    out = Path(outdir)
    records = load_records(out)
    done: dict[str, Any] = {"records": len(records)}
    if parquet:
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            done["parquet"] = "skipped: pyarrow is not installed (pip install '.[batch]')"
        else:
            done["parquet"] = export_parquet(out, records)
    if xml:
        done["xml"] = export_xml(out, records)
    if json_lines:
        done["json"] = export_json(out, records)
    return done
