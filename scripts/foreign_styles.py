"""Accuracy on renders and scans in styles form4 synth never draws.

    .venv/bin/python scripts/foreign_styles.py synth SYNTH_DIR [--limit 35] [--out DIR]
    .venv/bin/python scripts/foreign_styles.py html [HTML_DIR] [--out DIR]

``synth``: the clean scans of a ``form4 synth`` output (``SYNTH_DIR/scans/*clean*.pdf``; take a
seed you never tuned on) are rasterised and every page degraded in one of three styles this
script alone draws (below), written as multi-page TIFFs, extracted, and scored against
``SYNTH_DIR/truth``.

``html``: the SEC's own HTML renderings of Form 4 (``$FORM4_SHARED_DATA/edgar-html`` by
default; skipped cleanly when absent) are printed to PDF by headless Chromium (a browser's
layout, fonts, page header and footer), rasterised at 300 DPI, and scanned plain and in the
three styles. A rendering whose XML is paired in ``SOURCES.tsv`` (``paired_xml_in_xml_dir``)
is scored against that XML's record (made by ``form4 synth``'s XML reader); the others are
extracted and summarised only.

The styles (seeded, deterministic):
  print150   printed at 150 DPI and rescanned at 300, rotated up to 2.5 degrees, cut at a fixed
             grey level (170) with 0.2 % specks either way
  thin-jpeg  printed at 150 DPI, rotated, strokes thinned (a 2x2 maximum filter), JPEG q35
  photocopy  printed at 150 DPI, rotated, darkened to 85 %, grey noise (sigma 18)

Prints the ``form4 eval`` line per style and for all. Figures, not tests: nothing here has a
threshold.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from extractor.evaluate import evaluate_dirs, format_report  # noqa: E402
from extractor.pipeline import extract_file_to_dir  # noqa: E402

STYLES = ("print150", "thin-jpeg", "photocopy")


def degrade(gray: np.ndarray, style: str, seed: int) -> np.ndarray:
    """One page in one of the styles above."""
    rng = np.random.default_rng(seed)
    h, w = gray.shape
    small = cv2.resize(gray, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
    im = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
    m = cv2.getRotationMatrix2D((w / 2, h / 2), float(rng.uniform(-2.5, 2.5)), 1.0)
    im = cv2.warpAffine(im, m, (w, h), borderValue=255)
    if style == "print150":
        im = np.where(im < 170, 0, 255).astype(np.uint8)
        r = rng.random(im.shape)
        im[r < 0.002] = 0
        im[r > 0.998] = 255
    elif style == "thin-jpeg":
        im = cv2.dilate(im, np.ones((2, 2), np.uint8))  # white grows: strokes thin
        ok, buf = cv2.imencode(".jpg", im, [cv2.IMWRITE_JPEG_QUALITY, 35])
        im = cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)
    elif style == "photocopy":
        noisy = im.astype(np.float32) * 0.85 + rng.normal(0, 18, im.shape)
        im = np.clip(noisy, 0, 255).astype(np.uint8)
    else:
        raise ValueError(style)
    return im


def _pages(pdf: Path, work: Path) -> list[np.ndarray]:
    work.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", str(pdf), str(work / "p")],
                   check=True)
    return [cv2.imread(str(p), cv2.IMREAD_GRAYSCALE) for p in sorted(work.glob("p*.png"))]


def _write_tiff(pages: list[np.ndarray], target: Path) -> None:
    from PIL import Image

    ims = [Image.fromarray(p) for p in pages]
    ims[0].save(target, save_all=True, append_images=ims[1:], compression="tiff_lzw",
                dpi=(300, 300))


def _extract(args: tuple[str, str]) -> str:
    path, out = args
    try:
        return extract_file_to_dir(path, out)
    except Exception as exc:  # counted as missing by the evaluation
        return f"FAILED {path}: {type(exc).__name__}: {exc}"


def _extract_all(scans: list[Path], out: Path, workers: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(workers) as ex:
        for line in ex.map(_extract, [(str(s), str(out)) for s in scans]):
            if line.startswith("FAILED"):
                print(line)


def _score(pred: Path, truth: Path, names: list[str], label: str, tmp: Path) -> None:
    t, p = tmp / label / "truth", tmp / label / "pred"
    t.mkdir(parents=True)
    p.mkdir(parents=True)
    for n, truth_name in names:
        shutil.copy(truth / f"{truth_name}.json", t / f"{n}.json")
        if (pred / f"{n}.json").exists():
            shutil.copy(pred / f"{n}.json", p / f"{n}.json")
    report = evaluate_dirs(p, t)
    print(f"{label:12s} {format_report(report).splitlines()[-1]}")


def run_synth(args: argparse.Namespace) -> int:
    src = Path(args.dir)
    pdfs = sorted((src / "scans").glob("*clean*.pdf"))[: args.limit]
    if not pdfs:
        print(f"no clean scans in {src / 'scans'}")
        return 2
    out = Path(args.out or tempfile.mkdtemp(prefix="foreign-synth-"))
    scans, names = out / "scans", []
    scans.mkdir(parents=True, exist_ok=True)
    for k, pdf in enumerate(pdfs):
        style = STYLES[k % len(STYLES)]
        pages = _pages(pdf, out / "work" / pdf.stem)
        name = f"{pdf.stem}-{style}"
        _write_tiff([degrade(p, style, 1000 + 31 * k + i) for i, p in enumerate(pages)],
                    scans / f"{name}.tif")
        names.append((name, pdf.stem, style))
    _extract_all(sorted(scans.glob("*.tif")), out / "pred", args.workers)
    with tempfile.TemporaryDirectory() as tmp:
        for style in STYLES:
            _score(out / "pred", src / "truth", [(n, t) for n, t, s in names if s == style],
                   style, Path(tmp))
        _score(out / "pred", src / "truth", [(n, t) for n, t, _ in names], "all", Path(tmp))
    print(f"scans, predictions: {out}")
    return 0


def _chromium() -> str | None:
    return next((c for c in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(c)), None)


def run_html(args: argparse.Namespace) -> int:
    shared = os.environ.get("FORM4_SHARED_DATA")
    html_dir = Path(args.dir) if args.dir else (Path(shared) / "edgar-html" if shared else None)
    if html_dir is None or not html_dir.is_dir():
        print("skipped: no HTML directory (give one or set FORM4_SHARED_DATA)")
        return 0
    browser = _chromium()
    if browser is None:
        print("skipped: no chromium on PATH (apt-get install chromium)")
        return 0
    out = Path(args.out or tempfile.mkdtemp(prefix="foreign-html-"))
    pairs: dict[str, str] = {}
    sources = html_dir / "SOURCES.tsv"
    if sources.exists():
        for row in csv.DictReader(sources.open(), delimiter="\t"):
            if row.get("paired_xml_in_xml_dir"):
                pairs[Path(row["file"]).stem] = row["paired_xml_in_xml_dir"]
    xml_dir = html_dir.parent / "edgar-xml"
    scans = out / "scans"
    scans.mkdir(parents=True, exist_ok=True)
    scored: list[tuple[str, str]] = []
    truth = out / "truth"
    truth.mkdir(exist_ok=True)
    for html in sorted(html_dir.glob("*.html")):
        text = html.read_text(errors="replace")
        if "FORM 4" not in text.upper() or "form3" in html.stem.lower() or \
                "form5" in html.stem.lower():
            continue  # Forms 3 and 5 are not what form4 extract reads
        pdf = out / "work" / f"{html.stem}.pdf"
        pdf.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                        f"--print-to-pdf={pdf}", html.resolve().as_uri()],
                       check=True, capture_output=True, timeout=120)
        pages = _pages(pdf, out / "work" / html.stem)
        variants = {"plain": pages} | {
            s: [degrade(p, s, 7 + 13 * k + i) for i, p in enumerate(pages)]
            for k, s in enumerate(STYLES)}
        paired = pairs.get(html.stem)
        if paired and (xml_dir / paired).exists():
            synth_out = out / "work" / f"{html.stem}-synth"
            subprocess.run([sys.executable, "-m", "extractor.cli", "synth", "--xml",
                            str(xml_dir / paired), "-q", "-o", str(synth_out)], check=True)
            truth_file = next((synth_out / "truth").glob("*.json"))
            shutil.copy(truth_file, truth / f"{html.stem}.json")
        for style, imgs in variants.items():
            name = f"{html.stem}-{style}"
            _write_tiff(imgs, scans / f"{name}.tif")
            if (truth / f"{html.stem}.json").exists():
                scored.append((name, html.stem))
    _extract_all(sorted(scans.glob("*.tif")), out / "pred", args.workers)
    for f in sorted((out / "pred").glob("*.json")):
        rec = json.loads(f.read_text())
        values = sum(1 for _ in _values(rec))
        print(f"{f.stem}: {values} values, issuer {rec['issuer']['name']['value']!r}")
    if scored:
        with tempfile.TemporaryDirectory() as tmp:
            for style in ("plain", *STYLES):
                _score(out / "pred", truth, [(n, t) for n, t in scored
                                             if n.endswith(f"-{style}")], style, Path(tmp))
            _score(out / "pred", truth, scored, "all", Path(tmp))
    print(f"scans, predictions: {out}")
    return 0


def _values(node: object):  # type: ignore[no-untyped-def]
    if isinstance(node, dict):
        if "value" in node and "confidence" in node:
            if node["value"] is not None:
                yield node
            return
        for v in node.values():
            yield from _values(v)
    elif isinstance(node, list):
        for v in node:
            yield from _values(v)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    s = sub.add_parser("synth")
    s.add_argument("dir")
    s.add_argument("--limit", type=int, default=35)
    h = sub.add_parser("html")
    h.add_argument("dir", nargs="?")
    for p in (s, h):
        p.add_argument("--out")
        p.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    return run_synth(args) if args.what == "synth" else run_html(args)


if __name__ == "__main__":
    sys.exit(main())
