"""The JSON Schema of the output contract, shipped inside the package."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


class RecordSchemaError(ValueError):
    """A record does not follow the form4-record/1 contract."""


@lru_cache(maxsize=1)
def record_schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("form4-record-1.schema.json").read_text("utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema

    # The schema itself is checked against its meta-schema by the tests
    # (tests/test_schema.py), not in every run: that check costs 0.2 s a process.
    return jsonschema.Draft202012Validator(record_schema())


def schema_errors(record: Any) -> list[str]:
    """Every schema violation as 'path: message' (empty when valid)."""
    errors = sorted(_validator().iter_errors(record), key=lambda e: list(e.absolute_path))
    return [
        f"{'/'.join(str(p) for p in e.absolute_path) or '<root>'}: {e.message}" for e in errors
    ]


def validate_record(record: Any) -> None:
    errors = schema_errors(record)
    if errors:
        shown = "; ".join(errors[:5])
        more = f" (+{len(errors) - 5} more)" if len(errors) > 5 else ""
        raise RecordSchemaError(f"record is not form4-record/1: {shown}{more}")
