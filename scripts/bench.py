"""Speed and memory: plain ``tesseract PAGE.png - --psm 3`` against ``form4 extract`` on the
same pages, in one run.

    .venv/bin/python scripts/bench.py [PDF_OR_DIR ...] [--pages N] [--engines pytesseract,tesserocr]

Pages are the bundled samples by default, rasterised once at 300 DPI to PNG; both sides read
the same PNG files, one process at a time, with one Tesseract thread (OMP_THREAD_LIMIT=1).
Prints seconds per page for each, their ratio and the peak resident memory of the
``form4 extract`` process (from wait4's rusage).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise SystemExit(f"{' '.join(cmd[:3])}... failed: {err[-500:]}")
    return elapsed, usage.ru_maxrss / 1024.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="*", default=[str(ROOT / "samples" / "scans")])
    ap.add_argument("--pages", type=int, default=12, help="at most this many pages")
    ap.add_argument("--engines", default="pytesseract,tesserocr")
    args = ap.parse_args()

    from pdf2image import convert_from_path

    pdfs: list[Path] = []
    for item in args.inputs:
        p = Path(item)
        pdfs += sorted(p.glob("*.pdf")) if p.is_dir() else [p]
    work = Path(tempfile.mkdtemp(prefix="form4-bench-"))
    pages: list[Path] = []
    for pdf in pdfs:
        for i, img in enumerate(convert_from_path(str(pdf), dpi=300, grayscale=True)):
            if len(pages) >= args.pages:
                break
            out = work / f"{pdf.stem}-p{i + 1}.png"
            img.save(out, dpi=(300, 300))
            pages.append(out)
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    print(f"# {len(pages)} pages at 300 DPI from {len(pdfs)} files; one process at a time, "
          f"OMP_THREAD_LIMIT=1")

    base_total, base_peak = 0.0, 0.0
    for page in pages:
        t, rss = _run(["tesseract", str(page), "-", "--psm", "3"], env)
        base_total += t
        base_peak = max(base_peak, rss)
    base = base_total / len(pages)
    print(f"tesseract --psm 3        {base:6.2f} s/page   peak RSS {base_peak:6.0f} MB")

    form4 = [sys.executable, "-m", "extractor.cli", "extract"]
    for engine in [e for e in args.engines.split(",") if e]:
        if engine == "tesserocr":
            try:
                import tesserocr  # noqa: F401
            except ImportError:
                print("form4 extract (tesserocr)  skipped: tesserocr not installed")
                continue
        out = work / f"out-{engine}"
        # One process for all pages, as a user runs it; the start-up is part of the cost.
        t, rss = _run(form4 + [*map(str, pages), "-o", str(out), "--ocr-engine", engine], env)
        per = t / len(pages)
        print(f"form4 extract ({engine:11s}) {per:6.2f} s/page   peak RSS {rss:6.0f} MB   "
              f"ratio {per / base:5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
