"""form4-extractor: scanned SEC Form 4 filings to structured, confidence-scored records."""

from __future__ import annotations

from extractor.record import Form4Record

__version__ = "0.1.0"
__all__ = ["Form4Record", "__version__"]
