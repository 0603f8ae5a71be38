"""The ``form4`` command line. It parses arguments and turns exceptions into exit codes;
everything it calls is usable from Python.

Exit codes (see :class:`extractor.errors.ExitCode`):
  0 success; 1 some inputs failed (others were processed); 2 bad arguments;
  3 unreadable / corrupt / unsupported input; 4 encrypted PDF; 5 not a Form 4;
  6 image over the pixel limit; 7 missing dependency (tesseract, poppler);
  8 a record failed schema validation; 15 other error.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from extractor.errors import ExitCode, Form4Error  # noqa: E402

EPILOG = """exit codes: 0 ok, 1 some inputs failed, 2 bad arguments, 3 unreadable/corrupt/unsupported
input, 4 encrypted PDF, 5 not a Form 4, 6 image over the pixel limit, 7 missing dependency,
8 record failed schema validation, 15 other error"""


def _split(value: str, allowed: tuple[str, ...], what: str) -> list[str]:
    items = [v.strip() for v in value.split(",") if v.strip()]
    if items == ["all"]:
        return list(allowed)
    bad = [v for v in items if v not in allowed]
    if bad or not items:
        raise argparse.ArgumentTypeError(
            f"unknown {what} {', '.join(bad) or value!r}; choose from {', '.join(allowed)} or all"
        )
    return items


# --- synth ----------------------------------------------------------------------------------


def cmd_synth(args: argparse.Namespace) -> int:
    from extractor.synth import (
        DEGRADATIONS,
        plan_jobs,
        run_jobs,
        synthetic_sources,
        xml_sources,
    )
    from extractor.synth.records import LAYOUTS

    if not args.xml and args.synthetic is None:
        print("form4 synth: give --xml PATH and/or --synthetic N", file=sys.stderr)
        return ExitCode.bad_args
    try:
        layouts = _split(args.layout, LAYOUTS, "layout")
        degradations = _split(args.degradation, DEGRADATIONS, "degradation")
    except argparse.ArgumentTypeError as exc:
        print(f"form4 synth: {exc}", file=sys.stderr)
        return ExitCode.bad_args
    notes: list[str] = []
    jobs = []
    for xml in args.xml or []:
        if not Path(xml).exists():
            print(f"form4 synth: {xml}: no such file or directory", file=sys.stderr)
            return ExitCode.input_file
        jobs += plan_jobs(xml_sources(xml), layouts, degradations, args.seed, "xml", notes)
    if args.synthetic is not None:
        jobs += plan_jobs(
            synthetic_sources(args.synthetic, args.seed), layouts, degradations, args.seed,
            "synthetic", notes,
        )
    if args.limit is not None:
        jobs = jobs[: args.limit]
    start = time.perf_counter()
    done = [0]

    def progress(result: object) -> None:
        done[0] += 1
        if not args.quiet and (done[0] % 25 == 0 or done[0] == len(jobs)):
            print(f"  rendered {done[0]}/{len(jobs)}", file=sys.stderr)

    results = run_jobs(jobs, args.output, workers=args.workers, progress=progress)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    pages = sum(r.pages for r in results)
    print(
        f"synth: {len(results)} documents ({pages} pages) -> {args.output}/scans, "
        f"{args.output}/truth; {len(notes)} sources skipped; "
        f"{time.perf_counter() - start:.1f}s"
    )
    return ExitCode.ok


# --- eval -----------------------------------------------------------------------------------


def cmd_eval(args: argparse.Namespace) -> int:
    from extractor.evaluate import evaluate_dirs, format_report

    for d in (args.pred_dir, args.truth_dir):
        if not Path(d).is_dir():
            print(f"form4 eval: {d}: not a directory", file=sys.stderr)
            return ExitCode.bad_args
    report = evaluate_dirs(args.pred_dir, args.truth_dir)
    if args.json:
        from extractor.record import write_json_atomic

        write_json_atomic(args.json, report.to_dict())
    if getattr(args, "plot", None):
        from extractor.evaluate import plot_reliability

        plot_reliability(report, args.plot)
    print(format_report(report))
    return ExitCode.ok


# --- extract --------------------------------------------------------------------------------


def cmd_extract(args: argparse.Namespace) -> int:
    from extractor.pipeline import ExtractOptions, extract_file_to_dir

    options = ExtractOptions(
        dpi=args.dpi,
        ocr_engine=args.ocr_engine,
        table_backend=args.tables,
        use_osd=args.osd,
        checks=not args.no_checks,
        calibrate=not args.no_calibration,
        calibration_model=args.calibration,
    )
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    worst = ExitCode.ok
    failures = 0
    for item in args.inputs:
        start = time.perf_counter()
        try:
            summary = extract_file_to_dir(item, out, options)
        except Form4Error as exc:
            failures += 1
            worst = exc.exit_code if worst == ExitCode.ok else worst
            print(f"FAILED  {item}: [{exc.category}] {exc}", file=sys.stderr)
            continue
        print(f"{summary}  ({time.perf_counter() - start:.1f}s)")
    if failures and len(args.inputs) > 1:
        return ExitCode.some_inputs_failed if failures < len(args.inputs) else worst
    return worst


def cmd_calibrate(args: argparse.Namespace) -> int:
    from extractor.calibration import Calibrator, fit, training_samples
    from extractor.evaluate import evaluate_dirs
    from extractor.record import write_json_atomic

    samples = training_samples(args.pred, args.truth)
    try:
        model = fit(samples, note=args.note or f"pred={args.pred} truth={args.truth}")
    except ValueError as exc:
        print(f"form4 calibrate: {exc}", file=sys.stderr)
        return ExitCode.bad_args
    write_json_atomic(args.output, model)
    right = sum(c for _, c in samples)
    print(f"calibrate: {len(samples)} fields ({right} right) -> {args.output}")
    if args.report:
        # The fitted model applied to the same predictions (in-sample: for a fair figure
        # evaluate renders of another seed).
        import json
        import tempfile

        cal = Calibrator(model)
        with tempfile.TemporaryDirectory() as tmp:
            for p in Path(args.pred).glob("*.json"):
                rec = json.loads(p.read_text("utf-8"))
                write_json_atomic(Path(tmp) / p.name, cal.apply(rec))
            print(evaluate_dirs(tmp, args.truth).to_dict()["ece"], "in-sample ece")
    return ExitCode.ok


# --- batch, export --------------------------------------------------------------------------


def cmd_batch(args: argparse.Namespace) -> int:
    from extractor.batch import BatchOptions, run_batch

    if args.workers < 1 or args.page_timeout <= 0 or (args.memory_limit or 0) < 0:
        print("form4 batch: --workers, --page-timeout and --memory-limit must be positive",
              file=sys.stderr)
        return ExitCode.bad_args
    extract_options = {"dpi": args.dpi, "ocr_engine": args.ocr_engine,
                       "calibrate": not args.no_calibration}
    if args.calibration:
        extract_options["calibration_model"] = args.calibration
    options = BatchOptions(
        workers=args.workers, scheduler=args.scheduler, retry_failed=args.retry_failed,
        page_timeout=args.page_timeout, memory_limit_mb=args.memory_limit or None,
        partial_below=args.partial_below, extract=extract_options, export=not args.no_export,
    )
    result = run_batch(args.input, args.output, options)
    print(result.summary())
    if result.exports:
        xml = result.exports.get("xml") or []
        parquet = result.exports.get("parquet")
        where = "skipped" if isinstance(parquet, str) else f"{len(parquet or [])} tables"
        print(f"export: {result.exports['records']} records -> {Path(args.output) / 'export'} "
              f"(parquet {where}, xml {len(xml)} files, json lines)")
    return result.exit_code


def cmd_export(args: argparse.Namespace) -> int:
    from extractor.batch import export_all

    out = Path(args.outdir)
    if not out.is_dir():
        print(f"form4 export: {out}: not a directory", file=sys.stderr)
        return ExitCode.bad_args
    chosen = args.parquet or args.xml or args.json
    done = export_all(out, parquet=args.parquet or not chosen, xml=args.xml or not chosen,
                      json_lines=args.json or not chosen)
    parquet = done.get("parquet")
    if isinstance(parquet, str):
        print(f"form4 export: parquet {parquet}", file=sys.stderr)
        if args.parquet:
            return ExitCode.missing_dependency
    parts = []
    if isinstance(parquet, list):
        parts.append(f"{len(parquet)} parquet tables")
    if "xml" in done:
        parts.append(f"{len(done['xml'])} xml files")
    if "json" in done:
        parts.append(str(done["json"]))
    print(f"export: {done['records']} records -> {out / 'export'}: {', '.join(parts)}")
    return ExitCode.ok


def _add_batch_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "batch",
        help="extract many scans, resumable and exactly once, on local processes or Dask",
        description="Extracts every scan of INPUT (a directory, searched recursively for "
        ".pdf .tif .tiff .png .jpg .jpeg, or a text file listing paths) into "
        "OUTDIR/records/<input stem>.json, with a catalog in OUTDIR/catalog.sqlite keyed by "
        "the inputs' sha256 (status success, partial = written but with warnings or values "
        "below --partial-below confidence, or failure with its category). Run it again to "
        "resume: documents done are skipped, new files picked up, failures retried only with "
        "--retry-failed; identical files are extracted once. A kill at any moment leaves "
        "neither duplicates nor half-written records. At the end it writes the exports of "
        "form4 export.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("input", metavar="INPUT_DIR_OR_LIST")
    p.add_argument("-o", "--output", required=True, metavar="OUTDIR")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                   help="local worker processes (default: CPU count; with --scheduler the "
                   "cluster's threads decide)")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                   help="run on this dask.distributed scheduler instead (inputs and OUTDIR "
                   "on a file system the workers share)")
    p.add_argument("--retry-failed", action="store_true",
                   help="extract documents that failed before again")
    p.add_argument("--page-timeout", type=float, default=300.0, metavar="SECONDS",
                   help="wall-clock limit per page; a document gets pages x this before its "
                   "worker is stopped (default 300)")
    p.add_argument("--memory-limit", type=int, metavar="MB",
                   help="address-space limit of each worker process (RLIMIT_AS; default none)")
    p.add_argument("--partial-below", type=float, default=0.5, metavar="P",
                   help="a record with a value below this confidence is 'partial' (0.5)")
    p.add_argument("--dpi", type=int, default=300, help="rasterisation DPI for PDFs (300)")
    p.add_argument("--ocr-engine", default="pytesseract", choices=["pytesseract", "tesserocr"])
    p.add_argument("--no-calibration", action="store_true",
                   help="keep the raw first scores (do not load models/calibration.json)")
    p.add_argument("--calibration", metavar="MODEL_JSON",
                   help="calibration model to use instead of models/calibration.json")
    p.add_argument("--no-export", action="store_true", help="skip the exports at the end")
    p.set_defaults(func=cmd_batch)

    p = sub.add_parser(
        "export",
        help="export a batch as SEC data-set Parquet tables, EDGAR XML and JSON lines",
        description="From OUTDIR's catalog and records: OUTDIR/export/parquet/<TABLE>.parquet "
        "(SUBMISSION, REPORTINGOWNER, NONDERIV_TRANS, NONDERIV_HOLDING, DERIV_TRANS, "
        "DERIV_HOLDING, FOOTNOTES, OWNER_SIGNATURE in the SEC Insider Transactions Data Sets' "
        "columns plus <COLUMN>_CONFIDENCE, and DOCUMENT_STATUS), OUTDIR/export/xml/<name>.xml "
        "(EDGAR ownershipDocument) and OUTDIR/export/json/records.jsonl. Without a flag, all "
        "three. Also works on a form4 extract output directory.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("outdir", metavar="OUTDIR")
    p.add_argument("--parquet", action="store_true", help="Parquet tables (needs pyarrow)")
    p.add_argument("--xml", action="store_true", help="EDGAR ownership XML per document")
    p.add_argument("--json", action="store_true", help="JSON lines, one document a line")
    p.set_defaults(func=cmd_export)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="form4",
        description="Scanned SEC Form 4 filings to structured, confidence-scored records.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from extractor import __version__

    parser.add_argument("--version", action="version", version=f"form4-extractor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "extract",
        help="extract Form 4 records from scans (PDF, TIFF, PNG, JPEG) or OCR text",
        description="Extract one record per input file: OUTDIR/<input stem>.json "
        "(form4-record/1, schema-validated, written atomically). Prints one summary line per "
        "document; exits non-zero if any input failed.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("-o", "--output", required=True, metavar="OUTDIR")
    p.add_argument("--dpi", type=int, default=300, help="rasterisation DPI for PDFs (300)")
    p.add_argument("--ocr-engine", default="pytesseract", choices=["pytesseract", "tesserocr"])
    p.add_argument("--tables", default="auto", help="table finder: auto, camelot-image, "
                   "camelot-pdf, rules (default auto)")
    p.add_argument("--osd", action="store_true",
                   help="also ask Tesseract OSD for the orientation (slower; by default the "
                   "text-line direction and the OCR confidence decide)")
    p.add_argument("--no-checks", action="store_true",
                   help="skip consistency checks and repairs")
    p.add_argument("--no-calibration", action="store_true",
                   help="keep the raw first scores (do not load models/calibration.json)")
    p.add_argument("--calibration", metavar="MODEL_JSON",
                   help="calibration model to use instead of models/calibration.json")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser(
        "calibrate",
        help="fit the field-confidence calibrator on predictions scored against truth",
        description="Fits a calibrator (logistic regression + isotonic map, scikit-learn) "
        "mapping field features to the probability the value is right, from PRED records "
        "of renders whose truth is known. Use renders of seeds you do not evaluate on. "
        "Writes readable JSON; form4 extract loads models/calibration.json by default.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--truth", required=True, metavar="DIR")
    p.add_argument("--pred", required=True, metavar="DIR")
    p.add_argument("-o", "--output", required=True, metavar="MODEL_JSON")
    p.add_argument("--note", help="provenance to record in the model file")
    p.add_argument("--report", action="store_true", help="print the in-sample ECE")
    p.set_defaults(func=cmd_calibrate)

    p = sub.add_parser(
        "synth",
        help="render truth records as scanned-looking image-only PDFs with ground truth",
        description="Writes OUT/scans/<id>.pdf (image-only), OUT/truth/<id>.json and "
        "OUT/manifest.jsonl. Layouts: edgar (the SEC's rendering), paper (form SEC 1474), "
        "paper-pre2002 (the form before August 2002). Degradations: clean, moderate, heavy "
        "(parameter ranges in extractor/synth/degrade.py and the README).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--xml", action="append", metavar="PATH",
                   help="EDGAR ownership XML file or directory (Forms 3 and 5 are skipped)")
    p.add_argument("--synthetic", type=int, metavar="N", help="N fictional filings")
    p.add_argument("--layout", default="edgar", help="edgar, paper, paper-pre2002, "
                   "comma-separated, or all (default edgar)")
    p.add_argument("--degradation", default="clean", help="clean, moderate, heavy, "
                   "comma-separated, or all (default clean)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--limit", type=int, help="render at most this many documents")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    p.add_argument("-q", "--quiet", action="store_true")
    p.add_argument("-o", "--output", required=True, metavar="OUT")
    p.set_defaults(func=cmd_synth)

    p = sub.add_parser(
        "eval",
        help="score predicted records against truth records",
        description="Compares PRED_DIR/<id>.json with TRUTH_DIR/<id>.json for every truth file. "
        "Prints per-group field accuracy, per-table row precision/recall/F1, the worst fields, "
        "and as its last line: field_acc=... row_f1=... doc_exact=... ece=... "
        "coverage@99.5=... docs=N",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("pred_dir", metavar="PRED_DIR")
    p.add_argument("truth_dir", metavar="TRUTH_DIR")
    p.add_argument("--json", metavar="REPORT", help="also write the full report as JSON")
    p.add_argument("--plot", metavar="FILE", help="write a reliability diagram (PNG)")
    p.set_defaults(func=cmd_eval)

    _add_batch_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return ExitCode.bad_args
    try:
        return int(args.func(args))
    except Form4Error as exc:
        print(f"form4: [{exc.category}] {exc}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
