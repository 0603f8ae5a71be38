"""The Form 4 record: plain data in the shape of the output contract ("form4-record/1").

A record is a plain ``dict`` that serialises to JSON as-is. This module names the sections and
their fields (in the language of the EDGAR ownership XML), builds empty fields and records, and
wraps a record in :class:`Form4Record` for the convenience API (``.to_json()``, DataFrames).

Nothing here does I/O beyond ``Form4Record.save``; the pipeline, synth and the evaluator all
depend on this module and on nothing else of each other.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

SCHEMA_ID = "form4-record/1"

Field = dict[str, Any]
Record = dict[str, Any]

FIELD_KEYS = ("value", "confidence", "text", "page", "bbox", "footnote_ids", "flags")

# Scalar fields at the top of the document (box 3, box 4 ...).
HEADER_FIELDS = (
    "document_type",
    "period_of_report",
    "date_of_original_submission",
    "not_subject_to_section16",
)
ISSUER_FIELDS = ("name", "trading_symbol")
OWNER_FIELDS = (
    "name",
    "street1",
    "street2",
    "city",
    "state",
    "zip_code",
    "is_director",
    "is_officer",
    "is_ten_percent_owner",
    "is_other",
    "officer_title",
    "other_text",
)
NON_DERIVATIVE_TRANSACTION_FIELDS = (
    "security_title",
    "transaction_date",
    "deemed_execution_date",
    "transaction_code",
    "equity_swap_involved",
    "shares",
    "price_per_share",
    "acquired_disposed_code",
    "shares_owned_following_transaction",
    "direct_or_indirect_ownership",
    "nature_of_ownership",
)
NON_DERIVATIVE_HOLDING_FIELDS = (
    "security_title",
    "shares_owned_following_transaction",
    "direct_or_indirect_ownership",
    "nature_of_ownership",
)
DERIVATIVE_TRANSACTION_FIELDS = (
    "security_title",
    "conversion_or_exercise_price",
    "transaction_date",
    "deemed_execution_date",
    "transaction_code",
    "equity_swap_involved",
    "shares",
    "price_per_share",
    "acquired_disposed_code",
    "exercise_date",
    "expiration_date",
    "underlying_security_title",
    "underlying_security_shares",
    "shares_owned_following_transaction",
    "direct_or_indirect_ownership",
    "nature_of_ownership",
)
DERIVATIVE_HOLDING_FIELDS = (
    "security_title",
    "conversion_or_exercise_price",
    "exercise_date",
    "expiration_date",
    "underlying_security_title",
    "underlying_security_shares",
    "shares_owned_following_transaction",
    "direct_or_indirect_ownership",
    "nature_of_ownership",
)

# Row tables: section name -> the fields of each row.
TABLES: dict[str, tuple[str, ...]] = {
    "non_derivative_transactions": NON_DERIVATIVE_TRANSACTION_FIELDS,
    "non_derivative_holdings": NON_DERIVATIVE_HOLDING_FIELDS,
    "derivative_transactions": DERIVATIVE_TRANSACTION_FIELDS,
    "derivative_holdings": DERIVATIVE_HOLDING_FIELDS,
}

# Value kinds, used by normalization and by the evaluator's comparison.
DATE_FIELDS = frozenset(
    {
        "period_of_report",
        "date_of_original_submission",
        "transaction_date",
        "deemed_execution_date",
        "exercise_date",
        "expiration_date",
    }
)
NUMBER_FIELDS = frozenset(
    {
        "shares",
        "price_per_share",
        "shares_owned_following_transaction",
        "conversion_or_exercise_price",
        "underlying_security_shares",
    }
)
BOOL_FIELDS = frozenset(
    {
        "not_subject_to_section16",
        "is_director",
        "is_officer",
        "is_ten_percent_owner",
        "is_other",
        "equity_swap_involved",
    }
)
CODE_FIELDS = frozenset(
    {"document_type", "transaction_code", "acquired_disposed_code", "direct_or_indirect_ownership"}
)


def value_kind(name: str) -> str:
    """What a field holds, by its name: "date", "number", "code", "bool" or "text"."""
    if name in DATE_FIELDS or name == "date":
        return "date"
    if name in NUMBER_FIELDS:
        return "number"
    if name in CODE_FIELDS:
        return "code"
    if name in BOOL_FIELDS:
        return "bool"
    return "text"


def make_field(
    value: Any = None,
    *,
    confidence: float = 0.0,
    text: str | None = None,
    page: int | None = None,
    bbox: list[int] | None = None,
    footnote_ids: list[str] | None = None,
    flags: list[str] | None = None,
) -> Field:
    """A field as the contract has it; ``value`` None means empty or unreadable."""
    return {
        "value": value,
        "confidence": float(confidence),
        "text": text,
        "page": page,
        "bbox": [int(v) for v in bbox] if bbox is not None else None,
        "footnote_ids": list(footnote_ids or []),
        "flags": list(flags or []),
    }


def empty_row(table: str) -> dict[str, Field]:
    return {name: make_field() for name in TABLES[table]}


def empty_owner() -> dict[str, Field]:
    return {name: make_field() for name in OWNER_FIELDS}


def empty_record(
    *, path: str = "", sha256: str = "", pages: int = 0, dpi: int | None = None
) -> Record:
    """A record with every section present and every field empty."""
    return {
        "schema": SCHEMA_ID,
        "source": {"path": path, "sha256": sha256, "pages": pages, "dpi": dpi},
        "document_type": make_field(),
        "period_of_report": make_field(),
        "date_of_original_submission": make_field(),
        "not_subject_to_section16": make_field(),
        "issuer": {name: make_field() for name in ISSUER_FIELDS},
        "reporting_owners": [],
        "non_derivative_transactions": [],
        "non_derivative_holdings": [],
        "derivative_transactions": [],
        "derivative_holdings": [],
        "footnotes": [],
        "remarks": make_field(),
        "signatures": [],
        "warnings": [],
    }


def iter_fields(record: Record) -> Iterator[tuple[str, Field]]:
    """Every field of a record with its path, e.g. ``non_derivative_transactions[1].shares``."""
    for name in HEADER_FIELDS:
        if isinstance(record.get(name), dict):
            yield name, record[name]
    for name in ISSUER_FIELDS:
        field = (record.get("issuer") or {}).get(name)
        if isinstance(field, dict):
            yield f"issuer.{name}", field
    for i, owner in enumerate(record.get("reporting_owners") or []):
        for name in OWNER_FIELDS:
            if isinstance(owner.get(name), dict):
                yield f"reporting_owners[{i}].{name}", owner[name]
    for table, names in TABLES.items():
        for i, row in enumerate(record.get(table) or []):
            for name in names:
                if isinstance(row.get(name), dict):
                    yield f"{table}[{i}].{name}", row[name]
    for i, note in enumerate(record.get("footnotes") or []):
        if isinstance(note.get("text"), dict):
            yield f"footnotes[{i}].text", note["text"]
    if isinstance(record.get("remarks"), dict):
        yield "remarks", record["remarks"]
    for i, sig in enumerate(record.get("signatures") or []):
        for name in ("name", "date"):
            if isinstance(sig.get(name), dict):
                yield f"signatures[{i}].{name}", sig[name]


def write_atomic(path: str | os.PathLike[str], write: Callable[[str], None]) -> None:
    """``write(tmp_path)`` into a temporary file beside ``path``, fsync, rename over ``path``:
    readers never see a half-written file."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _write_atomic(path: Path, text: str) -> None:
    write_atomic(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def write_json_atomic(path: str | os.PathLike[str], data: Any) -> None:
    _write_atomic(Path(path), json.dumps(data, indent=2, ensure_ascii=False) + "\n")


class Form4Record:
    """A record with conveniences; ``.data`` is the plain contract dict."""

    def __init__(self, data: Record) -> None:
        self.data = data

    def to_dict(self) -> Record:
        return self.data

    def to_json(self, indent: int = 2) -> str:
        return json.dumps(self.data, indent=indent, ensure_ascii=False)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Validate against the JSON Schema and write atomically."""
        from extractor.schema import validate_record

        validate_record(self.data)
        write_json_atomic(path, self.data)

    @property
    def warnings(self) -> list[str]:
        return list(self.data.get("warnings") or [])

    def fields(self) -> Iterator[tuple[str, Field]]:
        return iter_fields(self.data)

    def table_df(self, table: str, *, with_confidence: bool = True) -> Any:
        """One table of the record as a pandas DataFrame (one row per form row)."""
        import pandas as pd

        names = TABLES[table]
        rows = []
        for row in self.data.get(table) or []:
            out: dict[str, Any] = {}
            for name in names:
                field = row.get(name) or {}
                out[name] = field.get("value")
                if with_confidence:
                    out[f"{name}_confidence"] = field.get("confidence")
            rows.append(out)
        columns = [c for n in names for c in ((n, f"{n}_confidence") if with_confidence else (n,))]
        return pd.DataFrame(rows, columns=columns)

    def transactions_df(self, derivative: bool = False) -> Any:
        return self.table_df("derivative_transactions" if derivative else "non_derivative_transactions")

    def holdings_df(self, derivative: bool = False) -> Any:
        return self.table_df("derivative_holdings" if derivative else "non_derivative_holdings")

    def fields_df(self) -> Any:
        """Every field as one row: path, value, confidence, text, page, bbox, flags."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "path": path,
                    "value": f.get("value"),
                    "confidence": f.get("confidence"),
                    "text": f.get("text"),
                    "page": f.get("page"),
                    "bbox": f.get("bbox"),
                    "footnote_ids": f.get("footnote_ids"),
                    "flags": f.get("flags"),
                }
                for path, f in self.fields()
            ]
        )

    def __repr__(self) -> str:
        issuer = (self.data.get("issuer") or {}).get("name", {}).get("value")
        n1 = len(self.data.get("non_derivative_transactions") or [])
        n2 = len(self.data.get("derivative_transactions") or [])
        return f"<Form4Record issuer={issuer!r} table1={n1} table2={n2}>"
