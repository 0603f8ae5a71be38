"""``form4 batch`` and ``form4 export``: resumable, exactly-once extraction of many inputs.

    >>> from extractor.batch import BatchOptions, run_batch, export_all
    >>> result = run_batch("scans/", "out/", BatchOptions(workers=2))
    >>> result.exit_code, result.summary()

Modules: :mod:`~extractor.batch.catalog` (SQLite catalog), :mod:`~extractor.batch.runner`
(local process pool, recovery), :mod:`~extractor.batch.cluster` (dask.distributed),
:mod:`~extractor.batch.worker` (the per-document function), :mod:`~extractor.batch.export`
(SEC data-set Parquet, EDGAR XML, JSON lines), :mod:`~extractor.batch.progress`.
"""

from __future__ import annotations

from extractor.batch.catalog import Catalog, Document
from extractor.batch.export import (
    LoadedRecord,
    export_all,
    export_json,
    export_parquet,
    export_xml,
    load_records,
)
from extractor.batch.runner import BatchError, BatchOptions, BatchResult, run_batch
from extractor.batch.worker import process_document

__all__ = [
    "BatchError",
    "BatchOptions",
    "BatchResult",
    "Catalog",
    "Document",
    "LoadedRecord",
    "export_all",
    "export_json",
    "export_parquet",
    "export_xml",
    "load_records",
    "process_document",
    "run_batch",
]
