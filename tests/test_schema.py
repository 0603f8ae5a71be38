"""The output contract's JSON Schema is itself a valid 2020-12 schema (checked here rather than
on every run, where the meta-schema check costs 0.2 s a process)."""

from __future__ import annotations

import jsonschema
import pytest

from extractor.schema import record_schema, schema_errors


def test_the_record_schema_is_a_valid_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(record_schema())


def test_a_record_missing_its_schema_tag_is_reported() -> None:
    errors = schema_errors({"document_type": {"value": "4"}})
    assert errors, "an incomplete record must not validate"


def test_a_broken_schema_would_be_caught() -> None:
    broken = dict(record_schema(), type="no-such-type")
    with pytest.raises(jsonschema.SchemaError):
        jsonschema.Draft202012Validator.check_schema(broken)
