"""Rebuild records from pages kept by ``eval_synth.py --pages`` and see what a change moved.

    .venv/bin/python scripts/rebuild.py records PAGES OUT [--no-checks] [--workers 2]
    .venv/bin/python scripts/rebuild.py diff BEFORE AFTER TRUTH [--only SUBSTR]
    .venv/bin/python scripts/rebuild.py errors PRED TRUTH [--only SUBSTR] [--field SUBSTR]
    .venv/bin/python scripts/rebuild.py groups PRED TRUTH [--manifest SYNTH/manifest.jsonl]

``records`` assembles a record from each kept page reading (stages 5-7 only: field mapping,
normalization, record), so a change to the mapping layer is measured in a minute instead of a
fresh OCR run. ``diff`` lists, field by field, what a tree gained and lost against another
tree's records of the same pages. ``errors`` lists the wrong fields. ``groups`` prints field
accuracy, row recall, ECE and coverage@99.5 per degradation (the ``-clean``/``-moderate``/
``-heavy`` suffix of a render's name), for the fictional (``syn*``) and the EDGAR XML renders
apart, and with the manifest the heavy renders by scan resolution.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from extractor.evaluate import (  # noqa: E402
    DocResult,
    RowStat,
    compare_records,
    coverage_at_accuracy,
    expected_calibration_error,
)

DEGRADATIONS = ("clean", "moderate", "heavy")


def _rebuild(args: tuple[str, str, bool]) -> str | None:
    from extractor.pipeline import ExtractOptions, record_from_pages
    from extractor.record import write_json_atomic

    kept, out, checks = args
    try:
        with open(kept, "rb") as fh:
            read = pickle.load(fh)  # written by eval_synth.py --pages
        rec = record_from_pages(read, ExtractOptions(checks=checks)).to_dict()
        write_json_atomic(Path(out) / f"{Path(kept).stem}.json", rec)
        return None
    except Exception as exc:  # reported, the others go on
        return f"{Path(kept).name}: {type(exc).__name__}: {exc}"


def records(pages: Path, out: Path, checks: bool, workers: int) -> int:
    out.mkdir(parents=True, exist_ok=True)
    jobs = [(str(p), str(out), checks) for p in sorted(pages.glob("*.pkl"))]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        failed = [e for e in pool.map(_rebuild, jobs, chunksize=4) if e]
    for e in failed:
        print(e, file=sys.stderr)
    print(f"{len(jobs) - len(failed)} records in {out}, {len(failed)} failed")
    return 1 if failed else 0


def _results(pred: Path, truth: Path, only: str | None) -> dict[str, DocResult]:
    out: dict[str, DocResult] = {}
    for t in sorted(truth.glob("*.json")):
        if only and only not in t.stem:
            continue
        p = pred / t.name
        rec = json.loads(p.read_text()) if p.exists() else None
        out[t.stem] = compare_records(rec, json.loads(t.read_text()), name=t.stem)
    return out


def _short(a: object, b: object, room: int = 40) -> str:
    """``a -> b`` in full, or for long texts only where they part (with ``room`` around)."""
    if not (isinstance(a, str) and isinstance(b, str)) or len(a) + len(b) < 160:
        return f"{a!r} -> {b!r}" if b is not None or a is not None else "None"
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    j = 0
    while j < min(len(a), len(b)) - i and a[-1 - j] == b[-1 - j]:
        j += 1
    cut = max(0, i - room)
    return f"'…{a[cut:len(a) - j + room]}…' -> '…{b[cut:len(b) - j + room]}…'"


def diff(before: Path, after: Path, truth: Path, only: str | None) -> int:
    a, b = _results(before, truth, only), _results(after, truth, only)
    gained = lost = 0
    for name in a:
        was = {o.path: o for o in a[name].outcomes}
        now = {o.path: o for o in b[name].outcomes}
        for path in sorted(set(was) | set(now)):
            x, y = was.get(path), now.get(path)
            ok_x, ok_y = bool(x and x.correct), bool(y and y.correct)
            if ok_x == ok_y:
                continue
            o = y or x
            sign = "+" if ok_y else "-"
            gained += ok_y
            lost += ok_x
            was_v, now_v = x.pred if x else None, y.pred if y else None
            truth = "" if ok_y else f" (truth {o.truth!r})"[:200]
            print(f"{sign} {name} {path}: {_short(was_v, now_v)}{truth}")
    print(f"gained {gained}, lost {lost}")
    return 0


def errors(pred: Path, truth: Path, only: str | None, field: str | None) -> int:
    count: Counter[str] = Counter()
    for name, res in _results(pred, truth, only).items():
        for o in res.outcomes:
            if o.correct or (field and field not in o.path):
                continue
            count[o.name] += 1
            print(f"{name} {o.path}: {o.pred!r} (truth {o.truth!r}) conf={o.confidence:.2f}")
    for name, n in count.most_common():
        print(f"{n:5d} {name}")
    return 0


def groups(pred: Path, truth: Path, manifest: Path | None = None) -> int:
    res = _results(pred, truth, None)
    dpi: dict[str, int] = {}
    if manifest is not None:
        for line in manifest.read_text().splitlines():
            doc = json.loads(line)
            dpi[doc["id"]] = doc["pages"][0]["dpi"]
    tests = [(d, lambda n, d=d: n.endswith(f"-{d}")) for d in DEGRADATIONS]
    tests += [(f"syn-{d}", lambda n, d=d: n.startswith("syn") and n.endswith(f"-{d}"))
              for d in DEGRADATIONS]
    tests += [(f"xml-{d}", lambda n, d=d: not n.startswith("syn") and n.endswith(f"-{d}"))
              for d in DEGRADATIONS]
    tests += [(f"heavy-{r}dpi", lambda n, r=r: n.endswith("-heavy") and dpi.get(n) == r)
              for r in sorted(set(dpi.values()))]
    tests += [("all", lambda n: True)]
    for label, test in tests:
        picked = [r for n, r in res.items() if test(n)]
        outcomes = [o for r in picked for o in r.outcomes]
        right = sum(o.correct for o in outcomes)
        rows = RowStat()
        for r in picked:
            for stat in r.tables.values():
                rows.add(stat)
        if outcomes:
            print(f"{label:12s} docs={len(picked):4d} field_acc={right / len(outcomes):.4f}"
                  f" ({len(outcomes) - right} wrong of {len(outcomes)})"
                  f" row_recall={rows.recall:.4f} row_precision={rows.precision:.4f}"
                  f" ece={expected_calibration_error(outcomes):.4f}"
                  f" coverage@99.5={coverage_at_accuracy(outcomes):.2f}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    r = sub.add_parser("records")
    r.add_argument("pages", type=Path)
    r.add_argument("out", type=Path)
    r.add_argument("--no-checks", action="store_true")
    r.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    d = sub.add_parser("diff")
    d.add_argument("before", type=Path)
    d.add_argument("after", type=Path)
    d.add_argument("truth", type=Path)
    d.add_argument("--only")
    e = sub.add_parser("errors")
    e.add_argument("pred", type=Path)
    e.add_argument("truth", type=Path)
    e.add_argument("--only")
    e.add_argument("--field")
    g = sub.add_parser("groups")
    g.add_argument("pred", type=Path)
    g.add_argument("truth", type=Path)
    g.add_argument("--manifest", type=Path, help="synth/manifest.jsonl: heavy by scan DPI too")
    a = ap.parse_args()
    if a.command == "records":
        return records(a.pages, a.out, not a.no_checks, a.workers)
    if a.command == "diff":
        return diff(a.before, a.after, a.truth, a.only)
    if a.command == "errors":
        return errors(a.pred, a.truth, a.only, a.field)
    return groups(a.pred, a.truth, a.manifest)


if __name__ == "__main__":
    sys.exit(main())
