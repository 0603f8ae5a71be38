"""Consistency checks and repairs (pure): Form 4's redundancy used to catch OCR errors.

Every repair is recorded in the field's ``flags`` (``repaired:<check>``) and every failed check
in the record's ``warnings``.
"""

from __future__ import annotations

from extractor.record import Record, iter_fields


def check_footnote_references(record: Record) -> list[str]:
    """Every footnote marker refers to a footnote that exists, and every footnote is used."""
    ids = {n["id"] for n in record.get("footnotes") or []}
    used: set[str] = set()
    problems = []
    for path, field in iter_fields(record):
        for fid in field.get("footnote_ids") or []:
            used.add(fid)
            if ids and fid not in ids:
                problems.append(f"{path}: footnote marker {fid} has no footnote")
                field["flags"].append("check-failed:footnote-missing")
    for fid in sorted(ids - used, key=lambda s: int(s[1:])):
        problems.append(f"footnote {fid} is not referred to by any value")
    return problems


def apply_checks(record: Record) -> Record:
    record["warnings"].extend(check_footnote_references(record))
    return record
