"""A garbled-text corpus from ``form4 synth`` renders, and the tools to tune and score the text
extractor (``extractor.text``) on it.

    # 1. render, then OCR every scan with Tesseract (--psm 3 and --psm 6), keeping the truth
    .venv/bin/form4 synth --synthetic 6 --layout all --degradation clean,moderate \\
        --seed 300 -o /tmp/tc300
    .venv/bin/python scripts/text_corpus.py ocr /tmp/tc300 -o /tmp/tc300txt

    # 2. extract every text file (raw confidences for fitting, or calibrated for scoring)
    .venv/bin/python scripts/text_corpus.py extract /tmp/tc300txt -o /tmp/tc300pred --raw

    # 3. fit the text calibrator on the tuning seeds only (pairs of PRED_DIR TRUTH_DIR)
    .venv/bin/python scripts/text_corpus.py calibrate /tmp/tc300pred /tmp/tc300txt/truth \\
        /tmp/tc302pred /tmp/tc302txt/truth -o models/calibration-text.json

    # 4. per-group figures (degradation x psm); each group is also a truth folder that
    #    ``form4 eval PRED OUT/groups/<group>/truth`` scores on its own
    .venv/bin/python scripts/text_corpus.py report /tmp/tc301pred /tmp/tc301txt

    # 5. what the text still holds: Table I rows whose share count appears in it verbatim
    .venv/bin/python scripts/text_corpus.py verbatim /tmp/tc301txt

Layout written by ``ocr``::

    OUT/text/<id>-psm3.txt          Tesseract's text of every page, pages joined by a blank line
    OUT/truth/<id>-psm3.json        the synth truth, copied (so ``form4 eval`` can score it)
    OUT/groups/<degradation>-psm3/truth/<id>-psm3.json    the same, one folder per group

Tesseract runs as a subprocess with ``OMP_THREAD_LIMIT=1``; pages are rasterised with
pdf2image at 300 DPI.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")


# --- OCR ------------------------------------------------------------------------------------


def ocr_pdf(pdf: Path, psms: Iterable[int], dpi: int = 300) -> dict[int, str]:
    """Tesseract's plain text of every page of ``pdf`` for each page segmentation mode."""
    from pdf2image import convert_from_path

    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    out: dict[int, list[str]] = {p: [] for p in psms}
    with tempfile.TemporaryDirectory(prefix="tc-") as tmp:
        pages = convert_from_path(str(pdf), dpi=dpi, grayscale=True)
        for k, page in enumerate(pages):
            png = Path(tmp) / f"p{k}.png"
            page.save(png, dpi=(dpi, dpi))
            for psm in out:
                res = subprocess.run(
                    ["tesseract", str(png), "-", "--psm", str(psm), "--dpi", str(dpi)],
                    capture_output=True, text=True, env=env, check=True)
                out[psm].append(res.stdout)
    return {p: "\n\n".join(t.rstrip() for t in texts) + "\n" for p, texts in out.items()}


def _ocr_job(args: tuple[str, str, tuple[int, ...], int]) -> tuple[str, float]:
    pdf, out, psms, dpi = args
    start = time.perf_counter()
    texts = ocr_pdf(Path(pdf), psms, dpi)
    for psm, text in texts.items():
        (Path(out) / "text" / f"{Path(pdf).stem}-psm{psm}.txt").write_text(text, "utf-8")
    return pdf, time.perf_counter() - start


def _degradation(synth_dir: Path) -> dict[str, str]:
    manifest = synth_dir / "manifest.jsonl"
    out: dict[str, str] = {}
    if manifest.exists():
        for line in manifest.read_text("utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                out[item["id"]] = item.get("degradation", "unknown")
    return out


def cmd_ocr(args: argparse.Namespace) -> int:
    synth, out = Path(args.synth_dir), Path(args.output)
    psms = tuple(int(p) for p in args.psm.split(","))
    (out / "text").mkdir(parents=True, exist_ok=True)
    (out / "truth").mkdir(parents=True, exist_ok=True)
    degradation = _degradation(synth)
    pdfs = sorted((synth / "scans").glob("*.pdf"))
    if args.limit:
        pdfs = pdfs[: args.limit]
    todo = [p for p in pdfs if args.force or not all(
        (out / "text" / f"{p.stem}-psm{psm}.txt").exists() for psm in psms)]
    jobs = [(str(p), str(out), psms, args.dpi) for p in todo]
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=max(1, args.workers)) as pool:
        for n, (pdf, secs) in enumerate(pool.map(_ocr_job, jobs), 1):
            print(f"  [{n}/{len(jobs)}] {Path(pdf).stem} {secs:.1f}s", file=sys.stderr)
    for pdf in pdfs:
        truth = synth / "truth" / f"{pdf.stem}.json"
        group_of = degradation.get(pdf.stem) or pdf.stem.rsplit("-", 1)[-1]
        for psm in psms:
            name = f"{pdf.stem}-psm{psm}.json"
            shutil.copyfile(truth, out / "truth" / name)
            group = out / "groups" / f"{group_of}-psm{psm}" / "truth"
            group.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(truth, group / name)
    print(f"ocr: {len(pdfs)} documents x psm {','.join(map(str, psms))} -> {out}/text, "
          f"{out}/truth ({time.perf_counter() - start:.0f}s)")
    return 0


# --- extraction, calibration, report ---------------------------------------------------------


def _extract_job(args: tuple[str, str, bool, str | None]) -> tuple[str, str | None]:
    from extractor.ingest import open_document
    from extractor.record import write_json_atomic
    from extractor.text import extract_text_file

    path, out, raw, model = args
    try:
        rec = extract_text_file(open_document(path), calibrate=not raw, calibration_model=model)
        write_json_atomic(Path(out) / f"{Path(path).stem}.json", rec.data)
        return path, None
    except Exception as exc:  # counted as missing by the evaluation
        return path, f"{type(exc).__name__}: {exc}"


def cmd_extract(args: argparse.Namespace) -> int:
    corpus, out = Path(args.corpus), Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    texts = sorted((corpus / "text").glob("*.txt"))
    jobs = [(str(t), str(out), args.raw, args.model) for t in texts]
    failed = 0
    with ProcessPoolExecutor(max_workers=max(1, args.workers)) as pool:
        for path, err in pool.map(_extract_job, jobs):
            if err:
                failed += 1
                print(f"FAILED {path}: {err}", file=sys.stderr)
    print(f"extract: {len(texts) - failed}/{len(texts)} records -> {out}")
    return 0 if not failed else 1


def cmd_calibrate(args: argparse.Namespace) -> int:
    from extractor.calibration import fit, training_samples
    from extractor.record import write_json_atomic

    dirs = args.dirs
    if len(dirs) % 2:
        print("calibrate: give PRED_DIR TRUTH_DIR pairs", file=sys.stderr)
        return 2
    samples = []
    for pred, truth in zip(dirs[::2], dirs[1::2], strict=True):
        samples += training_samples(pred, truth)
    model = fit(samples, note=args.note or f"text extractor (extractor.text), {' '.join(dirs)}")
    write_json_atomic(args.output, model)
    right = sum(c for _, c in samples)
    print(f"calibrate: {len(samples)} fields ({right} right) -> {args.output}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from extractor.evaluate import evaluate_dirs, format_report

    corpus = Path(args.corpus)
    groups = sorted(p for p in (corpus / "groups").iterdir() if p.is_dir())
    print(f"{'group':<16} {'docs':>4} {'field_acc':>9} {'ece':>7} {'row_f1':>7} "
          f"{'doc_exact':>9} {'cov@99.5':>8}")
    for g in [*groups, corpus]:
        rep = evaluate_dirs(args.pred_dir, g / "truth")
        name = g.name if g != corpus else "all"
        print(f"{name:<16} {rep.docs:>4} {rep.field_acc:>9.4f} {rep.ece:>7.4f} "
              f"{rep.row_f1:>7.4f} {rep.doc_exact:>9.4f} {rep.coverage_at_995:>8.4f}")
    if args.full:
        print()
        print(format_report(evaluate_dirs(args.pred_dir, corpus / "truth")))
    return 0


def cmd_verbatim(args: argparse.Namespace) -> int:
    """How much of Table I the OCR text still holds: for each Table I transaction in the
    truth, is its share count, as the form prints it ("1,051"), anywhere in the text? What a
    text lost no text-only reading can recover: this bounds each group's accuracy."""
    corpus = Path(args.corpus)
    groups = sorted(p for p in (corpus / "groups").iterdir() if p.is_dir())
    print(f"{'group':<16} {'rows':>5} {'share count in text':>20}")
    for g in groups:
        found = total = 0
        for truth in sorted((g / "truth").glob("*.json")):
            text = re.sub(r"\s+", " ", (corpus / "text" / f"{truth.stem}.txt").read_text("utf-8"))
            for row in json.loads(truth.read_text("utf-8"))["non_derivative_transactions"]:
                value = row["shares"]["value"]
                if value is None:
                    continue
                printed = f"{value:,}".removesuffix(".0")
                total += 1
                found += printed in text
        print(f"{g.name:<16} {total:>5} {found / max(1, total):>20.3f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("ocr", help="OCR form4 synth scans to text, keeping the truth")
    p.add_argument("synth_dir")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--psm", default="3,6")
    p.add_argument("--dpi", type=int, default=300)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--limit", type=int)
    p.add_argument("--force", action="store_true", help="OCR again what exists already")
    p.set_defaults(func=cmd_ocr)
    p = sub.add_parser("extract", help="extract every OUT/text/*.txt")
    p.add_argument("corpus")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--raw", action="store_true", help="no calibration (first scores)")
    p.add_argument("--model", help="calibration model (default models/calibration-text.json)")
    p.add_argument("--workers", type=int, default=1)
    p.set_defaults(func=cmd_extract)
    p = sub.add_parser("calibrate", help="fit the text calibrator on raw predictions")
    p.add_argument("dirs", nargs="+", metavar="PRED_DIR TRUTH_DIR",
                   help="one or more pairs of raw-prediction and truth folders")
    p.add_argument("-o", "--output", default="models/calibration-text.json")
    p.add_argument("--note")
    p.set_defaults(func=cmd_calibrate)
    p = sub.add_parser("report", help="form4 eval figures per group")
    p.add_argument("pred_dir")
    p.add_argument("corpus")
    p.add_argument("--full", action="store_true")
    p.set_defaults(func=cmd_report)
    p = sub.add_parser("verbatim", help="share of Table I rows whose share count the text holds")
    p.add_argument("corpus")
    p.set_defaults(func=cmd_verbatim)
    args = ap.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
