"""OCR text in, record out (issue: garbled text without geometry). Not implemented yet: the
entry points exist so that ``form4 extract FILE.txt`` fails with a clear message."""

from __future__ import annotations

from typing import Any

from extractor.errors import UnsupportedFormatError


def extract_text(text: str) -> Any:
    raise UnsupportedFormatError("extraction from OCR text (.txt/.md) is not implemented yet")


def extract_text_file(doc: Any, *, checks: bool = True) -> Any:
    raise UnsupportedFormatError(
        "extraction from OCR text (.txt/.md) is not implemented yet", path=doc.path
    )
