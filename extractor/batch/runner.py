"""``form4 batch``: many inputs, one catalog, exactly one record per distinct input.

The order of a document's life, and why a kill at any moment is harmless:

1. *register*: the parent hashes the input and inserts ``documents``/``paths`` rows (status
   ``pending``, the output name fixed once and for all) in one transaction;
2. *dispatch*: the parent commits ``running`` (attempts + 1), then hands the task to a worker;
3. *extract*: the worker writes ``records/<name>.json`` atomically (temporary file, fsync,
   rename, fsync of the directory) and only then returns its result;
4. *commit*: the parent records ``success``/``partial``/``failure`` in one transaction.

A kill between 2 and 4 leaves ``running``: on the next run the record file, if it is there and
validates against the schema and the sha256, is adopted; otherwise the document is extracted
again into the same name, overwriting by rename. Record files are never appended to or
written in place, so there is never a half-written record, and because the name belongs to
the sha256 there is never a second record of one input. Stale temporary files of killed
workers are removed at start. An ``flock`` on ``OUTDIR/.batch.lock`` keeps two batches off
one directory, and local workers die with their parent (``PR_SET_PDEATHSIG``).

Local workers are processes of our own small pool rather than ``concurrent.futures``: the
parent enforces a wall-clock budget per document (pages x ``page_timeout``) and, when it runs
out or the worker dies, kills that one worker (and its tesseract children) and starts a fresh
one, while the others keep going. ``scheduler`` runs the same :func:`process_document` on an
existing dask.distributed cluster instead (:mod:`extractor.batch.cluster`).
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import wait as wait_connections
from pathlib import Path
from typing import Any, TextIO

from extractor.batch.catalog import (
    DONE,
    FAILURE,
    PARTIAL,
    PARTIAL_BELOW,
    PENDING,
    RECORDS_DIR,
    RUNNING,
    SUCCESS,
    Catalog,
    OutdirLock,
    record_counts,
    status_of,
)
from extractor.batch.progress import Progress
from extractor.batch.worker import init_worker_env, process_document
from extractor.errors import ExitCode, Form4Error, MissingDependencyError

INPUT_SUFFIXES = frozenset({".pdf", ".tif", ".tiff", ".png", ".jpg", ".jpeg"})
DEFAULT_PAGE_TIMEOUT = 300.0

Event = tuple[str, dict[str, Any], dict[str, Any] | None]  # ("start"|"done", task, result)
DocumentFunction = Callable[[dict[str, Any]], dict[str, Any]]


class BatchError(Form4Error):
    """The batch itself cannot run (locked output directory, workers that cannot start)."""

    category = "batch"


@dataclass
class BatchOptions:
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    scheduler: str | None = None  # tcp://host:port of a dask.distributed scheduler
    retry_failed: bool = False
    page_timeout: float = DEFAULT_PAGE_TIMEOUT  # seconds per page, per document
    memory_limit_mb: int | None = None  # RLIMIT_AS of each worker process
    partial_below: float = PARTIAL_BELOW
    extract: dict[str, Any] = field(default_factory=dict)  # ExtractOptions fields
    export: bool = True
    #: what a worker runs per document; another importable function only to inject faults
    function: DocumentFunction = process_document


@dataclass
class BatchResult:
    outdir: Path
    inputs: int = 0  # input paths found
    documents: int = 0  # distinct documents among them
    duplicates: int = 0  # paths whose content another path already has
    skipped: int = 0  # done earlier (or failed earlier, without --retry-failed)
    ran: int = 0  # extracted in this run
    adopted: int = 0  # record found complete after an interrupted run
    success: int = 0
    partial: int = 0
    failure: int = 0  # documents whose status is failure at the end
    missing: list[str] = field(default_factory=list)  # listed paths that cannot be read
    pages: int = 0  # pages extracted in this run
    seconds: float = 0.0
    exit_code: int = 0
    exports: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> str:
        rate = self.pages / self.seconds if self.seconds else 0.0
        return (
            f"batch: {self.documents} documents from {self.inputs} inputs "
            f"({self.duplicates} duplicate, {self.skipped} done before, {self.ran} run now, "
            f"{self.adopted} adopted): {self.success} success, {self.partial} partial, "
            f"{self.failure + len(self.missing)} failed; {self.pages} pages in "
            f"{self.seconds:.1f}s ({rate:.2f} pages/s) -> {self.outdir}"
        )


# --- inputs -------------------------------------------------------------------------------


def discover_inputs(source: str | os.PathLike[str], *, exclude: Path | None = None
                    ) -> tuple[list[Path], list[str]]:
    """Input files of ``source`` and the problems met (listed files that do not exist).

    A directory is searched recursively for .pdf .tif .tiff .png .jpg .jpeg (any case); a scan
    file is itself; any other file is a list of paths, one a line (blank lines and lines
    starting with ``#`` ignored, relative paths relative to the list's directory).
    """
    src = Path(source)
    problems: list[str] = []
    if src.is_dir():
        skip = exclude.resolve() if exclude is not None else None
        found = []
        for p in src.rglob("*"):
            if p.suffix.lower() not in INPUT_SUFFIXES or not p.is_file():
                continue
            if skip is not None and skip in p.resolve().parents:
                continue
            found.append(p.resolve())
        return sorted(set(found)), problems
    if not src.exists():
        raise BatchError("no such file or directory", path=str(src))
    if src.suffix.lower() in INPUT_SUFFIXES:
        return [src.resolve()], problems
    files: list[Path] = []
    for raw in src.read_text("utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        p = Path(line).expanduser()
        if not p.is_absolute():
            p = src.parent / p
        if p.is_file():
            files.append(p.resolve())
        else:
            what = "is a directory" if p.is_dir() else "does not exist"
            problems.append(f"{p}: listed in {src} but {what}")
    return sorted(set(files)), problems


def _hash_and_count(path: Path) -> tuple[str, int | None]:
    """sha256 and page count; a document ingest refuses gets its pages counted as unknown."""
    import logging

    from extractor import ingest

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # the worker reports the problem
    try:
        doc = ingest.open_document(path)
        return doc.sha256, doc.page_count
    except Form4Error:
        return ingest.file_sha256(path), None


def register_inputs(catalog: Catalog, files: list[Path], problems: list[str]
                    ) -> dict[str, list[str]]:
    """Hash and register ``files``: sha256 -> its paths in this run (sorted)."""
    by_sha: dict[str, list[str]] = {}
    batch: list[tuple[str, str, int, int, int | None]] = []

    def flush() -> None:
        with catalog.transaction():
            for item in batch:
                catalog.register(*item)
        batch.clear()

    for p in files:
        try:
            st = p.stat()
            sha = catalog.known_path(str(p), st.st_size, st.st_mtime_ns)
            pages = None
            if sha is None:
                sha, pages = _hash_and_count(p)
        except OSError as exc:
            problems.append(f"{p}: cannot read ({exc.strerror or exc})")
            continue
        batch.append((str(p), sha, st.st_size, st.st_mtime_ns, pages))
        by_sha.setdefault(sha, []).append(str(p))
        if len(batch) >= 200:
            flush()
    if batch:
        flush()
    return by_sha


# --- recovery -----------------------------------------------------------------------------


def valid_record(path: Path, sha256: str) -> dict[str, Any] | None:
    """The record at ``path`` when it is complete JSON, schema-valid and of ``sha256``."""
    from extractor.schema import schema_errors

    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or (data.get("source") or {}).get("sha256") != sha256:
        return None
    return None if schema_errors(data) else data


def remove_temp_files(outdir: Path) -> list[Path]:
    """Temporary files left by writers killed mid-write (``.<name>.<random>.tmp``)."""
    removed = []
    for folder in (outdir / RECORDS_DIR, outdir / "export", *(outdir / "export").glob("*")):
        if folder.is_dir():
            for tmp in folder.glob(".*.tmp"):
                tmp.unlink(missing_ok=True)
                removed.append(tmp)
    return removed


def recover(catalog: Catalog, outdir: Path, shas: list[str], partial_below: float
            ) -> tuple[int, list[str]]:
    """Bring interrupted documents of ``shas`` to a clean state; returns (adopted, notes)."""
    notes = [f"removed stale temporary file {p}" for p in remove_temp_files(outdir)]
    adopted = 0
    for doc in catalog.documents(shas, statuses=(RUNNING, PENDING, SUCCESS, PARTIAL)):
        out = outdir / doc.output_name
        if doc.status in DONE:
            if not out.is_file():
                catalog.set_status(doc.sha256, PENDING, "record file was missing; extracted again")
                notes.append(f"{doc.path}: record {out} was missing; extracting again")
            continue
        record = valid_record(out, doc.sha256) if out.is_file() else None
        if record is not None:
            counts = record_counts(record, partial_below)
            catalog.mark_result({
                "sha256": doc.sha256, "status": status_of(counts), "output": doc.output_name,
                "pages": record["source"].get("pages"), "seconds": None,
                "note": "record found complete after an interrupted run; adopted", **counts,
            })
            adopted += 1
            notes.append(f"{doc.path}: record of an interrupted run adopted ({out.name})")
            continue
        if out.exists():
            out.unlink()
            notes.append(f"{doc.path}: removed invalid record {out}")
        if doc.status == RUNNING:
            catalog.set_status(doc.sha256, PENDING, "interrupted; extracted again")
    return adopted, notes


# --- the local pool -----------------------------------------------------------------------


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (no orphans writing records)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    except OSError:
        return


def _worker_main(conn: Any, parent_pid: int, memory_limit_mb: int | None,
                 function: DocumentFunction, tmpdir: str | None = None) -> None:
    """A local worker: set up, import the pipeline, then run tasks until told to stop. Its
    temporary files (the page handed to tesseract, tesseract's own) go to ``tmpdir``, which
    the parent removes when the worker ends, killed or not."""
    os.setpgrp()  # its own process group: a timeout kills it together with tesseract
    _die_with_parent()
    if os.getppid() != parent_pid:
        os._exit(0)
    if tmpdir:
        os.environ["TMPDIR"] = tempfile.tempdir = tmpdir
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides
    try:
        init_worker_env(memory_limit_mb)
        import extractor.pipeline  # noqa: F401  (imports count against start-up, not a page)
    except BaseException as exc:  # e.g. MemoryError under a tiny --memory-limit
        conn.send(("broken", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            result = function(task)
        except MemoryError:
            result = crash_result(task, "MemoryError outside the extraction", "memory")
            result["restart"] = True
        except Exception as exc:
            result = crash_result(task, f"{type(exc).__name__}: {exc}", "other")
        conn.send(("result", result))
        if result.get("restart"):
            return


class _Worker:
    def __init__(self, ctx: Any, memory_limit_mb: int | None,
                 function: DocumentFunction) -> None:
        self.conn, child = ctx.Pipe()
        self.tmpdir = tempfile.mkdtemp(prefix="form4-worker-")
        self.proc = ctx.Process(target=_worker_main,
                                args=(child, os.getpid(), memory_limit_mb, function,
                                      self.tmpdir),
                                daemon=True, name="form4-batch-worker")
        self.proc.start()
        child.close()
        self.ready = False
        self.dead = False
        self.task: dict[str, Any] | None = None
        self.deadline = 0.0
        self.budget = 0.0

    def kill(self) -> None:
        pid = self.proc.pid
        if pid is not None:
            for kill in (os.killpg, os.kill):  # its group (tesseract too), then itself
                try:
                    kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        self.proc.join(5)
        self.conn.close()
        self.remove_tmpdir()

    def remove_tmpdir(self) -> None:
        """What a killed worker left in its temporary directory (an 8 MB page each)."""
        shutil.rmtree(self.tmpdir, ignore_errors=True)


def budget_seconds(task: dict[str, Any], page_timeout: float) -> float:
    return max(1, int(task.get("pages") or 1)) * float(page_timeout)


def timeout_result(task: dict[str, Any], budget: float, page_timeout: float) -> dict[str, Any]:
    pages = max(1, int(task.get("pages") or 1))
    return {
        "sha256": task["sha256"], "path": task["path"], "status": FAILURE, "category": "timeout",
        "message": (f"{task['path']}: timed out after {budget:g}s ({pages} page(s) x "
                    f"{page_timeout:g}s per page); its worker was stopped"),
        "exit_code": int(ExitCode.other_error), "seconds": round(budget, 3),
    }


def crash_result(task: dict[str, Any], how: str, category: str = "crash") -> dict[str, Any]:
    return {
        "sha256": task["sha256"], "path": task["path"], "status": FAILURE, "category": category,
        "message": f"{task['path']}: the worker process died while extracting it ({how})",
        "exit_code": int(ExitCode.other_error),
    }


def _death(exitcode: int | None, memory_limit_mb: int | None) -> tuple[str, str]:
    """(description, category) of a worker that exited on its own."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        if -exitcode == signal.SIGKILL:
            return f"killed by {name}, most likely out of memory", "memory"
        limit = f"; memory limit {memory_limit_mb} MB" if memory_limit_mb else ""
        return f"killed by {name}{limit}", "crash"
    return f"exit code {exitcode}", "crash"


def run_local(tasks: list[dict[str, Any]], workers: int, page_timeout: float,
              memory_limit_mb: int | None = None,
              function: DocumentFunction = process_document) -> Iterator[Event]:
    """Run ``tasks`` on a pool of ``workers`` processes; yields start and done events.

    ``function`` (an importable module-level function) runs each task in a worker.
    """
    if not tasks:
        return
    ctx = mp.get_context("spawn")
    pending = deque(tasks)
    pool = [_Worker(ctx, memory_limit_mb, function)
            for _ in range(max(1, min(workers, len(tasks))))]
    failed_starts = 0
    try:
        while pending or any(w.task is not None for w in pool):
            now = time.monotonic()
            for w in pool:
                if w.ready and not w.dead and w.task is None and pending:
                    task = pending.popleft()
                    w.task, w.budget = task, budget_seconds(task, page_timeout)
                    w.deadline = now + w.budget
                    yield ("start", task, None)
                    w.conn.send(task)
            busy = [w.deadline for w in pool if w.task is not None]
            timeout = min(1.0, max(0.0, min(busy) - time.monotonic())) if busy else 1.0
            live = [w for w in pool if not w.dead]
            wait_connections([w.conn for w in live] + [w.proc.sentinel for w in live], timeout)
            for i, w in enumerate(pool):
                if w.dead:
                    continue
                replace = False
                try:
                    while w.conn.poll():
                        kind, payload = w.conn.recv()
                        if kind == "ready":
                            w.ready, failed_starts = True, 0
                        elif kind == "broken":
                            raise BatchError(f"a worker could not start: {payload}")
                        elif kind == "result" and w.task is not None:
                            task, w.task = w.task, None
                            yield ("done", task, payload)
                            replace = bool(payload.get("restart"))
                except (EOFError, OSError):
                    pass  # the worker is gone; handled below
                if not replace and not w.proc.is_alive():
                    w.proc.join(1)
                    if w.task is not None:
                        how, category = _death(w.proc.exitcode, memory_limit_mb)
                        task, w.task = w.task, None
                        yield ("done", task, crash_result(task, how, category))
                    elif not w.ready:
                        failed_starts += 1
                        if failed_starts > 3:
                            raise BatchError("worker processes die while starting "
                                             f"(exit code {w.proc.exitcode})")
                    replace = True
                elif w.task is not None and time.monotonic() > w.deadline:
                    task, w.task = w.task, None
                    w.kill()
                    yield ("done", task, timeout_result(task, w.budget, page_timeout))
                    replace = True
                if replace:
                    w.kill()
                    w.dead = True
                    if pending:
                        pool[i] = _Worker(ctx, memory_limit_mb, function)
    finally:
        for w in pool:
            if not w.dead and w.proc.is_alive() and w.task is None and w.ready:
                try:
                    w.conn.send(None)
                except OSError:
                    pass
        for w in pool:
            if not w.dead:
                w.proc.join(2)
                if w.proc.is_alive():
                    w.kill()
                w.conn.close()
                w.remove_tmpdir()


# --- the batch ----------------------------------------------------------------------------


def _result_line(task: dict[str, Any], result: dict[str, Any]) -> str:
    secs = f"  ({result['seconds']:.1f}s)" if result.get("seconds") is not None else ""
    if result["status"] in DONE:
        tag = "OK     " if result["status"] == SUCCESS else "PARTIAL"
        summary = result.get("summary") or task["path"]
        if summary.startswith("OK      "):
            summary = summary[8:]
        return f"{tag} {summary}{secs}"
    return f"FAILED  {task['path']}: [{result.get('category')}] {result.get('message')}{secs}"


def _terminate(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def run_batch(source: str | os.PathLike[str], outdir: str | os.PathLike[str],
              options: BatchOptions | None = None, *, stream: TextIO | None = None,
              tty: bool | None = None) -> BatchResult:
    """Extract every input of ``source`` not done yet into ``outdir``; see the module doc."""
    options = options or BatchOptions()
    out = Path(outdir).resolve()
    stream = stream or sys.stdout
    lock = OutdirLock(out)
    if not lock.acquire():
        raise BatchError("another form4 batch is running on this output directory",
                         path=str(out))
    main_thread = threading.current_thread() is threading.main_thread()
    old_term = signal.signal(signal.SIGTERM, _terminate) if main_thread else None
    start = time.perf_counter()
    result = BatchResult(out)
    catalog = Catalog(out)
    try:
        files, problems = discover_inputs(source, exclude=out)
        by_sha = register_inputs(catalog, files, problems)
        result.missing = problems
        for problem in problems:
            stream.write(f"FAILED  {problem}\n")
        if not files and not problems:
            stream.write(f"note: no inputs (.pdf .tif .tiff .png .jpg .jpeg) found in {source}\n")
        result.inputs = sum(len(v) for v in by_sha.values())
        result.documents = len(by_sha)
        result.duplicates = result.inputs - result.documents
        shas = sorted(by_sha)
        (out / RECORDS_DIR).mkdir(parents=True, exist_ok=True)
        result.adopted, notes = recover(catalog, out, shas, options.partial_below)
        for note in notes:
            stream.write(f"note: {note}\n")
        for paths in by_sha.values():
            for dup in paths[1:]:
                stream.write(f"note: {dup}: same content as {paths[0]}; extracted once\n")
        wanted = (PENDING, FAILURE) if options.retry_failed else (PENDING,)
        todo = catalog.documents(shas, statuses=wanted)
        result.skipped = result.documents - len(todo) - result.adopted
        run_id = catalog.start_run({
            "input": str(source), "workers": options.workers, "scheduler": options.scheduler,
            "retry_failed": options.retry_failed, "page_timeout": options.page_timeout,
            "memory_limit_mb": options.memory_limit_mb, "extract": options.extract,
            "pid": os.getpid(),
        })
        tasks = [{
            "sha256": d.sha256, "path": by_sha[d.sha256][0], "pages": d.pages,
            "output": str(out / d.output_name), "output_rel": d.output_name,
            "options": options.extract, "partial_below": options.partial_below,
            "memory_limit_mb": options.memory_limit_mb,
        } for d in todo]
        progress = Progress(len(tasks), sum(max(1, t["pages"] or 1) for t in tasks),
                            stream=stream, tty=tty)
        if options.scheduler:
            try:
                from extractor.batch.cluster import run_dask
            except ImportError as exc:
                raise MissingDependencyError(
                    f"--scheduler needs dask.distributed ({exc}); pip install '.[batch]'"
                ) from exc

            events = run_dask(tasks, options.scheduler, options.page_timeout,
                              options.memory_limit_mb, options.function)
        else:
            events = run_local(tasks, options.workers, options.page_timeout,
                               options.memory_limit_mb, options.function)
        progress.started()
        try:
            for kind, task, res in events:
                if kind == "start":
                    catalog.mark_running(task["sha256"])
                    continue
                assert res is not None
                catalog.mark_result(res)
                result.ran += 1
                pages = int(res.get("pages") or 0) if res["status"] in DONE else 0
                result.pages += pages
                progress.done(pages or max(1, task["pages"] or 1), res["status"] == FAILURE,
                              _result_line(task, res))
        finally:
            progress.close()
        result.seconds = time.perf_counter() - start
        docs = catalog.documents(shas)
        result.success = sum(d.status == SUCCESS for d in docs)
        result.partial = sum(d.status == PARTIAL for d in docs)
        failed = [d for d in docs if d.status == FAILURE]
        result.failure = len(failed)
        n_failed = len(failed) + len(problems)
        if n_failed == 0:
            result.exit_code = int(ExitCode.ok)
        elif n_failed < result.documents + len(problems):
            result.exit_code = int(ExitCode.some_inputs_failed)
        else:
            result.exit_code = int(failed[0].exit_code or ExitCode.input_file) if failed \
                else int(ExitCode.input_file)
        catalog.finish_run(run_id, {
            k: getattr(result, k) for k in ("inputs", "documents", "duplicates", "skipped",
                                            "ran", "adopted", "success", "partial", "failure",
                                            "pages", "seconds", "exit_code")
        } | {"missing": len(problems)})
    finally:
        catalog.close()
        if main_thread:
            signal.signal(signal.SIGTERM, old_term)
        lock.release()
    if options.export:
        from extractor.batch.export import export_all

        result.exports = export_all(out)
    return result
