"""form4-extractor: scanned SEC Form 4 filings to structured, confidence-scored records.

    >>> import extractor
    >>> rec = extractor.extract("filing.pdf")
    >>> rec.transactions_df()
"""

from __future__ import annotations

from typing import Any

from extractor.record import Form4Record

__version__ = "0.1.0"
__all__ = ["Form4Record", "__version__", "extract", "extract_text"]


def __getattr__(name: str) -> Any:
    # The pipeline pulls in OpenCV and Tesseract: load it on first use only.
    if name == "extract":
        from extractor.pipeline import extract

        return extract
    if name == "extract_text":
        from extractor.text import extract_text

        return extract_text
    raise AttributeError(name)
