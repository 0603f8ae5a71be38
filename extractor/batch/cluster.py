"""``form4 batch --scheduler tcp://HOST:PORT``: the same per-document function on Dask.

The cluster must see the inputs and ``OUTDIR`` under the same paths (a shared file system):
workers read the scans and write the records; the parent keeps the catalog. At most as many
documents are in flight as the cluster has worker threads, so a document's wall-clock budget
(pages x ``page_timeout``) starts when it can start. A document over its budget is given up
and the worker running it restarted through its nanny; a worker that dies fails the document
with ``crash`` (``KilledWorker``). Use one thread per worker process
(``dask worker --nthreads 1``): OCR is single-threaded and one stuck page then blocks no other
document.
"""

from __future__ import annotations

import time
import uuid
from collections import deque
from collections.abc import Iterator
from typing import Any

from distributed import Client, WorkerPlugin, wait

from extractor.batch.runner import (
    BatchError,
    DocumentFunction,
    Event,
    budget_seconds,
    crash_result,
    timeout_result,
)
from extractor.batch.worker import init_worker_env, process_document


class Form4WorkerSetup(WorkerPlugin):
    """Runs on every worker (present and future): thread limits and the memory cap."""

    idempotent = True

    def __init__(self, memory_limit_mb: int | None = None) -> None:
        self.memory_limit_mb = memory_limit_mb

    def setup(self, worker: Any) -> None:
        init_worker_env(self.memory_limit_mb)


def _restart_worker_running(client: Client, key: str) -> list[str]:
    try:
        processing = client.processing()
    except Exception:
        return []
    addrs = [addr for addr, keys in processing.items() if key in keys]
    if addrs:
        try:
            client.restart_workers(addrs, raise_for_error=False)
        except Exception:
            pass
    return addrs


def run_dask(tasks: list[dict[str, Any]], scheduler: str, page_timeout: float,
             memory_limit_mb: int | None = None,
             function: DocumentFunction = process_document) -> Iterator[Event]:
    """Run ``tasks`` on the cluster at ``scheduler``; yields start and done events."""
    if not tasks:
        return
    try:
        client = Client(scheduler, timeout=30)
    except (OSError, TimeoutError) as exc:
        raise BatchError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    try:
        client.register_plugin(Form4WorkerSetup(memory_limit_mb), name="form4-worker-setup")
        pending = deque(tasks)
        inflight: dict[Any, tuple[dict[str, Any], float, float]] = {}
        while pending or inflight:
            slots = max(1, sum(client.nthreads().values()))
            while pending and len(inflight) < slots:
                task = pending.popleft()
                budget = budget_seconds(task, page_timeout)
                yield ("start", task, None)
                key = f"form4-{task['sha256'][:16]}-{uuid.uuid4().hex[:8]}"
                fut = client.submit(function, task, key=key, pure=False, retries=0)
                inflight[fut] = (task, budget, time.monotonic() + budget)
            soonest = min(deadline for _, _, deadline in inflight.values())
            timeout = min(1.0, max(0.05, soonest - time.monotonic()))
            try:
                done, _ = wait(list(inflight), timeout=timeout, return_when="FIRST_COMPLETED")
            except TimeoutError:  # nothing finished within the timeout
                done = set()
            for fut in done:
                task, _, _ = inflight.pop(fut)
                if fut.status == "finished":
                    yield ("done", task, fut.result())
                    continue
                exc = fut.exception() if fut.status == "error" else None
                how = f"{type(exc).__name__}: {exc}" if exc is not None else fut.status
                yield ("done", task, crash_result(task, how))
            now = time.monotonic()
            for fut, (task, budget, deadline) in list(inflight.items()):
                if now <= deadline or fut.done():
                    continue
                del inflight[fut]
                fut.cancel()
                restarted = _restart_worker_running(client, fut.key)
                yield ("done", task, timeout_result(task, budget, page_timeout))
                if restarted:  # other documents on that worker start over
                    for other, (t, b, _) in list(inflight.items()):
                        inflight[other] = (t, b, time.monotonic() + b)
    finally:
        client.close()
