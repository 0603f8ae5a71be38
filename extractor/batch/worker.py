"""The per-document function every batch worker runs (local process or Dask worker).

:func:`process_document` takes a plain task dict and returns a plain result dict; it never
raises for a bad document and never touches the catalog. On success the record is already on
disk, written atomically (temporary file, fsync, rename, then fsync of the directory), before
the result travels back to the parent, which only then marks the document done.
"""

from __future__ import annotations

import logging
import os
import re
import resource
import socket
import time
from pathlib import Path
from typing import Any

#: Thread pools we keep at one thread per worker process: parallelism comes from processes.
THREAD_ENV = ("OMP_THREAD_LIMIT", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
_OUT_OF_MEMORY = re.compile(r"bad_alloc|out of memory|cannot allocate memory|MemoryError", re.I)


def init_worker_env(memory_limit_mb: int | None = None) -> None:
    """One thread per OCR/BLAS pool (unless the user set the variable); optional address cap.

    ``memory_limit_mb`` caps the address space of this process (``RLIMIT_AS``); children
    (tesseract) inherit the cap. An allocation beyond it fails with ``MemoryError`` (Python) or
    kills the worker (native code); either way only this document fails.
    """
    for name in THREAD_ENV:
        os.environ.setdefault(name, "1")
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a bad PDF is reported as a result
    if memory_limit_mb:
        limit = int(memory_limit_mb) * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def peak_rss_mb() -> float:
    """Peak resident set size of this worker process so far, in MB (Linux: ru_maxrss in kB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (the new directory entry survives power loss)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _failure(task: dict[str, Any], category: str, message: str, exit_code: int,
             start: float, **extra: Any) -> dict[str, Any]:
    return {
        "sha256": task["sha256"], "path": task["path"], "status": "failure",
        "category": category, "message": message, "exit_code": exit_code,
        "pages": None, "seconds": round(time.perf_counter() - start, 3),
        "worker": worker_id(), "peak_rss_mb": peak_rss_mb(), **extra,
    }


def process_document(task: dict[str, Any]) -> dict[str, Any]:
    """Extract ``task['path']`` into ``task['output']``; return the outcome as plain data.

    ``task``: ``sha256``, ``path`` (absolute), ``output`` (absolute record path), ``options``
    (:class:`extractor.pipeline.ExtractOptions` fields), ``partial_below``.
    """
    from extractor.errors import ExitCode, Form4Error, InputFileError, OutputInvalidError

    start = time.perf_counter()
    path = task["path"]
    try:
        from extractor.batch.catalog import record_counts, status_of
        from extractor.pipeline import ExtractOptions, extract, summarize
        from extractor.record import write_json_atomic
        from extractor.schema import schema_errors

        rec = extract(path, ExtractOptions(**task.get("options", {})))
        if rec.data["source"]["sha256"] != task["sha256"]:
            raise InputFileError("the file changed while the batch was running; run it again",
                                 path=path)
        errors = schema_errors(rec.data)
        if errors:
            raise OutputInvalidError("; ".join(errors[:3]), path=path)
        output = Path(task["output"])
        write_json_atomic(output, rec.data)
        fsync_dir(output.parent)
        counts = record_counts(rec.data, float(task.get("partial_below", 0.5)))
        return {
            "sha256": task["sha256"], "path": path, "status": status_of(counts),
            "pages": int(rec.data["source"]["pages"] or 0),
            "seconds": round(time.perf_counter() - start, 3),
            "output": task["output_rel"], "summary": summarize(rec, path), **counts,
            "worker": worker_id(), "peak_rss_mb": peak_rss_mb(),
        }
    except Form4Error as exc:
        return _failure(task, exc.category, str(exc), int(exc.exit_code), start)
    except MemoryError:
        return _failure(task, "memory", f"{path}: out of memory (the worker's memory limit is "
                        f"{task.get('memory_limit_mb') or 'not set'} MB)",
                        int(ExitCode.other_error), start, restart=True)
    except Exception as exc:  # a bug or an unforeseen library error: this document only
        message = f"{path}: {type(exc).__name__}: {exc}"
        if _OUT_OF_MEMORY.search(message):  # e.g. tesseract's std::bad_alloc under the cap
            return _failure(task, "memory", f"{message} (memory limit "
                            f"{task.get('memory_limit_mb') or 'not set'} MB)",
                            int(ExitCode.other_error), start, restart=True)
        return _failure(task, "other", message, int(ExitCode.other_error), start)
