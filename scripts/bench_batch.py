"""Throughput of ``form4 batch`` (1 and 2 local workers) against ``form4 extract``, same pages.

    .venv/bin/python scripts/bench_batch.py [PDF_OR_DIR ...] [--workers 1,2]

Inputs default to the bundled ``samples/scans`` (8 PDFs, 16 pages). ``form4 extract`` runs
once per document, one process at a time (imports included, as a user would run it); each
``form4 batch`` run starts from an empty output directory (no exports). Prints wall seconds
and pages/s of each, the speedup of 2 workers over 1, batch seconds per page relative to
``form4 extract``, and the peak RSS of each batch worker process (from the catalog). CPU
seconds per page and "cores busy" (CPU seconds / wall seconds, workers and tesseract
included) show how much of the machine a run got: on a shared host the wall-clock figures
move with the load average, printed too.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORM4 = [sys.executable, "-m", "extractor.cli"]


def _inputs(items: list[str]) -> list[Path]:
    out: list[Path] = []
    for item in items:
        p = Path(item)
        out += sorted(p.glob("*.pdf")) if p.is_dir() else [p]
    return out


def _pages(paths: list[Path]) -> int:
    from pypdf import PdfReader

    return sum(len(PdfReader(str(p)).pages) for p in paths)


CPU = [0.0]  # CPU seconds (user + system) of every finished child process, workers included


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(cmd: list[str]) -> float:
    start, cpu = time.perf_counter(), _cpu_children()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd[:5])} ... failed ({proc.returncode}): "
                         f"{proc.stderr[-800:]}")
    CPU[0] += _cpu_children() - cpu
    return time.perf_counter() - start


def bench_extract(paths: list[Path], tmp: Path) -> float:
    total = 0.0
    for p in paths:
        total += _timed([*FORM4, "extract", str(p), "-o", str(tmp / "extract")])
    return total


def bench_batch(paths: list[Path], tmp: Path, workers: int) -> tuple[float, dict[str, float]]:
    """(wall seconds, peak RSS MB per worker process) of one fresh batch run."""
    out = tmp / f"batch-{workers}"
    shutil.rmtree(out, ignore_errors=True)
    listing = tmp / "inputs.txt"
    listing.write_text("\n".join(str(p) for p in paths) + "\n")
    seconds = _timed([*FORM4, "batch", str(listing), "-o", str(out), "--workers", str(workers),
                      "--no-export"])
    db = sqlite3.connect(out / "catalog.sqlite")
    rss = dict(db.execute("SELECT worker, max(peak_rss_mb) FROM documents "
                          "WHERE worker IS NOT NULL GROUP BY worker").fetchall())
    failed = db.execute("SELECT count(*) FROM documents WHERE status='failure'").fetchone()[0]
    db.close()
    if failed:
        print(f"  note: {failed} documents failed in the {workers}-worker run")
    return seconds, rss


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="*", default=[str(ROOT / "samples" / "scans")])
    ap.add_argument("--workers", default="1,2", help="batch worker counts (default 1,2)")
    args = ap.parse_args()
    paths = _inputs(args.inputs)
    pages = _pages(paths)
    counts = [int(w) for w in args.workers.split(",")]
    print(f"inputs: {len(paths)} documents, {pages} pages; cpus {os.cpu_count()}; "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmpdir:
        tmp = Path(tmpdir)
        CPU[0] = 0.0
        t_extract = bench_extract(paths, tmp)
        print(f"form4 extract, one process per document: {t_extract:7.1f}s  "
              f"{pages / t_extract:.3f} pages/s  {t_extract / pages:.2f} s/page  "
              f"(CPU {CPU[0] / pages:.2f} s/page, {CPU[0] / t_extract:.2f} cores busy)")
        results: dict[int, float] = {}
        for n in counts:
            CPU[0] = 0.0
            seconds, rss = bench_batch(paths, tmp, n)
            results[n] = seconds
            peaks = ", ".join(f"{v:.0f}" for v in sorted(rss.values(), reverse=True))
            print(f"form4 batch --workers {n}:                  {seconds:7.1f}s  "
                  f"{pages / seconds:.3f} pages/s  {seconds / pages:.2f} s/page  "
                  f"(x{(seconds / pages) / (t_extract / pages):.2f} of extract's s/page; "
                  f"CPU {CPU[0] / pages:.2f} s/page, {CPU[0] / seconds:.2f} cores busy); "
                  f"peak RSS per worker MB: {peaks}")
        if 1 in results and 2 in results:
            print(f"speedup 2 workers vs 1: x{results[1] / results[2]:.2f}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
