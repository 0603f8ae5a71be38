"""Accuracy on fresh renders: synth -> extract -> eval, reported per degradation and layout.

    .venv/bin/python scripts/eval_synth.py --seed 9001 --synthetic 20 [--xml DIR --xml-limit 30]
        [--workers 2] [--out /tmp/eval9001]

Renders ``--synthetic`` fictional filings (and optionally EDGAR XML filings) in every layout and
degradation, extracts each scan as ``form4 extract`` does in worker processes (one Tesseract
thread each; the pages are read once and the record assembled with and without the consistency
checks), and prints ``form4 eval`` figures for each degradation, each layout and the whole set,
then checks on against off. Use a seed you never tuned on.
"""

from __future__ import annotations

import argparse
import os
import pickle
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from extractor.evaluate import evaluate_dirs, format_report  # noqa: E402
from extractor.pipeline import ExtractOptions, read_document, record_from_pages  # noqa: E402
from extractor.record import write_json_atomic  # noqa: E402
from extractor.schema import validate_record  # noqa: E402


def _extract(args: tuple[str, str, str, str | None]) -> tuple[str, str | None]:
    """What `form4 extract` does, with the page reading done once and the record assembled
    twice: with consistency checks and repairs (pred/) and without (pred-nochecks/). With a
    pages directory, the pages as read (stages 1-4) are kept there and taken from there."""
    pdf, out, out_nochecks, pages = args
    try:
        kept = Path(pages) / f"{Path(pdf).stem}.pkl" if pages else None
        if kept is not None and kept.exists():
            with open(kept, "rb") as fh:
                read = pickle.load(fh)  # written by this script (see --pages)
        else:
            read = read_document(pdf)
            if kept is not None:
                kept.parent.mkdir(parents=True, exist_ok=True)
                with open(kept.with_suffix(".tmp"), "wb") as fh:
                    pickle.dump(read, fh)
                kept.with_suffix(".tmp").replace(kept)
        for checks, target in ((True, out), (False, out_nochecks)):
            rec = record_from_pages(read, ExtractOptions(checks=checks)).to_dict()
            validate_record(rec)
            write_json_atomic(Path(target) / f"{Path(pdf).stem}.json", rec)
        return pdf, None
    except Exception as exc:  # recorded, the evaluation counts the file as missing
        return pdf, f"{type(exc).__name__}: {exc}"


def _subset(truth: Path, pred: Path, names: list[str], where: Path) -> tuple[Path, Path]:
    t, p = where / "truth", where / "pred"
    t.mkdir(parents=True, exist_ok=True)
    p.mkdir(parents=True, exist_ok=True)
    for n in names:
        (t / f"{n}.json").symlink_to(truth / f"{n}.json")
        if (pred / f"{n}.json").exists():
            (p / f"{n}.json").symlink_to(pred / f"{n}.json")
    return p, t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=9001)
    ap.add_argument("--synthetic", type=int, default=20)
    ap.add_argument("--xml", help="EDGAR XML directory to render as well")
    ap.add_argument("--xml-limit", type=int, default=30)
    ap.add_argument("--layout", default="all")
    ap.add_argument("--degradation", default="all")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--out", help="working directory (default: a temporary one)")
    ap.add_argument("--full", action="store_true", help="print the full report per group")
    ap.add_argument("--plot", help="reliability diagram of the whole set (PNG)")
    ap.add_argument("--pages", help="keep the pages as read (pickled) in this directory and "
                    "take them from it: records are remade from them without OCR (delete it "
                    "after changing ingest, deskew or OCR)")
    args = ap.parse_args()

    work = Path(args.out or tempfile.mkdtemp(prefix=f"form4-eval{args.seed}-"))
    synth = work / "synth"
    form4 = [sys.executable, "-m", "extractor.cli"]
    start = time.perf_counter()
    if not (synth / "truth").exists():
        cmd = form4 + ["synth", "--synthetic", str(args.synthetic), "--layout", args.layout,
                       "--degradation", args.degradation, "--seed", str(args.seed),
                       "-o", str(synth), "-q", "--workers", str(args.workers)]
        subprocess.run(cmd, check=True)
        if args.xml:
            cmd = form4 + ["synth", "--xml", args.xml, "--limit", str(args.xml_limit),
                           "--layout", "edgar", "--degradation", args.degradation,
                           "--seed", str(args.seed), "-o", str(synth), "-q",
                           "--workers", str(args.workers)]
            subprocess.run(cmd, check=True)
    pred = work / "pred"
    pred.mkdir(parents=True, exist_ok=True)
    nochecks = work / "pred-nochecks"
    nochecks.mkdir(parents=True, exist_ok=True)
    scans = sorted((synth / "scans").glob("*.pdf"))
    todo = [(str(p), str(pred), str(nochecks), args.pages) for p in scans
            if not (pred / f"{p.stem}.json").exists()]
    failures = []
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        for pdf, err in pool.map(_extract, todo, chunksize=1):
            if err:
                failures.append(f"{Path(pdf).name}: {err}")
    elapsed = time.perf_counter() - start

    names = sorted(p.stem for p in (synth / "truth").glob("*.json"))
    groups: dict[str, list[str]] = {}
    for n in names:
        layout, degradation = n.rsplit("-", 2)[-2:] if "pre2002" not in n else (
            "paper-pre2002", n.rsplit("-", 1)[-1])
        if n.startswith("syn"):
            groups.setdefault(f"degradation={degradation}", []).append(n)
            groups.setdefault(f"layout={layout}", []).append(n)
        else:
            groups.setdefault(f"edgar-xml {degradation}", []).append(n)
    tmp = Path(tempfile.mkdtemp(prefix="form4-groups-"))
    print(f"# {len(names)} documents, seed {args.seed}, {elapsed:.0f}s; work dir {work}")
    for key in sorted(groups):
        p, t = _subset(synth / "truth", pred, groups[key], tmp / key.replace("=", "_"))
        report = evaluate_dirs(p, t)
        text = format_report(report)
        if args.full:
            print(f"\n## {key}\n{text}")
        else:
            worst = ", ".join(f"{n} {tally.accuracy:.2f}" for n, tally in
                              report.worst_fields(4))
            print(f"{key:28s} {text.splitlines()[-1]}  row_recall={report.row_recall:.4f}")
            print(f"{'':28s} worst: {worst}")
    report = evaluate_dirs(pred, synth / "truth")
    print("\n## all\n" + format_report(report))
    if args.plot:
        from extractor.evaluate import plot_reliability

        plot_reliability(report, args.plot)
    off = evaluate_dirs(nochecks, synth / "truth")
    print(f"\nconsistency checks and repairs: on field_acc={report.field_acc:.4f} "
          f"row_f1={report.row_f1:.4f} ece={report.ece:.4f} | off field_acc={off.field_acc:.4f} "
          f"row_f1={off.row_f1:.4f} ece={off.ece:.4f} (same documents, same OCR)")
    for f in failures:
        print(f"failed: {f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
