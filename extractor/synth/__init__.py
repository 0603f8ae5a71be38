"""``form4 synth``: truth records -> scanned-looking image-only PDFs with exact ground truth.

Layout of the output directory::

    OUT/scans/<id>.pdf      image-only PDF, one page image per page (no text layer)
    OUT/truth/<id>.json     the truth record (form4-record/1), schema-valid
    OUT/manifest.jsonl      one line per document: source, layout, degradation, per-page
                            parameters actually drawn (skew, rotation, dpi, ...)

A document id is ``<base>-<layout>-<degradation>``; ``<base>`` is ``syn<seed>-<n>`` for
synthetic records and the XML file's stem for EDGAR XML.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractor.record import write_json_atomic
from extractor.schema import validate_record

DEGRADATIONS = ("clean", "moderate", "heavy")


@dataclass
class SynthJob:
    doc_id: str
    base_record: dict[str, Any]
    layout: str
    degradation: str
    seed: int
    source: str


@dataclass
class SynthResult:
    doc_id: str
    pages: int
    manifest: dict[str, Any]


def _safe_id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_")[:120] or "doc"


def xml_sources(path: str | Path) -> Iterator[tuple[str, dict[str, Any] | None, str]]:
    """(base id, record or None, note) for each XML file under ``path``."""
    from extractor.synth.xml_truth import NotForm4Source, record_from_xml

    p = Path(path)
    files = sorted(p.rglob("*.xml")) if p.is_dir() else [p]
    for f in files:
        try:
            yield _safe_id(f.stem), record_from_xml(f), ""
        except NotForm4Source as exc:
            yield _safe_id(f.stem), None, f"skipped: {exc}"
        except ValueError as exc:
            yield _safe_id(f.stem), None, f"skipped (unreadable XML): {exc}"


def synthetic_sources(n: int, seed: int) -> Iterator[tuple[str, dict[str, Any] | None, str]]:
    from extractor.synth.records import synthetic_records

    for i, rec in enumerate(synthetic_records(n, seed)):
        yield f"syn{seed}-{i:03d}", rec, ""


def plan_jobs(
    sources: Iterable[tuple[str, dict[str, Any] | None, str]],
    layouts: list[str],
    degradations: list[str],
    seed: int,
    source_label: str,
    notes: list[str],
) -> list[SynthJob]:
    jobs: list[SynthJob] = []
    for base, rec, note in sources:
        if rec is None:
            notes.append(f"{base}: {note}")
            continue
        for layout in layouts:
            for degradation in degradations:
                jobs.append(
                    SynthJob(f"{base}-{layout}-{degradation}", rec, layout, degradation, seed,
                             source_label)
                )
    return jobs


def _image_pdf(pages: list[Any]) -> bytes:
    """An image-only PDF: each page is one embedded image at its DPI, no text layer."""
    import img2pdf

    blobs = []
    for page in pages:
        img, dpi = page.image, int(page.dpi)
        buf = io.BytesIO()
        extrema = img.convert("L").getextrema() if img.mode != "1" else (0, 255)
        if img.mode == "1" or set(extrema) <= {0, 255} and _is_bilevel(img):
            # Fax-like pages: bilevel CCITT G4, as a fax or a bilevel scanner stores them.
            img.convert("1").save(buf, format="TIFF", compression="group4", dpi=(dpi, dpi))
        else:
            img.convert("L").save(buf, format="JPEG", quality=60, dpi=(dpi, dpi))
        blobs.append(buf.getvalue())
    layout = img2pdf.get_fixed_dpi_layout_fun((pages[0].dpi, pages[0].dpi))
    # No dates, no random file id: the same seed gives the same bytes.
    return img2pdf.convert(blobs, layout_fun=layout, nodate=True, engine=img2pdf.Engine.internal)


def _is_bilevel(img: Any) -> bool:
    hist = img.convert("L").histogram()
    return sum(hist[1:255]) == 0


def run_job(job: SynthJob, out_dir: str) -> SynthResult:
    """Render, degrade and write one document (a plain function; safe in a worker process)."""
    from extractor.synth.degrade import degrade_pages
    from extractor.synth.records import truth_for_layout
    from extractor.synth.render import render_pages

    out = Path(out_dir)
    truth = truth_for_layout(job.base_record, job.layout)
    clean = render_pages(truth, job.layout, seed=job.seed)
    degraded = degrade_pages(clean, job.degradation, job.seed, job.doc_id)
    pdf_path = out / "scans" / f"{job.doc_id}.pdf"
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = pdf_path.with_suffix(".pdf.tmp")
    tmp.write_bytes(_image_pdf(degraded))
    tmp.replace(pdf_path)
    truth["source"] = {
        "path": f"scans/{job.doc_id}.pdf",
        "sha256": _sha256(pdf_path),
        "pages": len(degraded),
        "dpi": int(degraded[0].dpi),
    }
    validate_record(truth)
    write_json_atomic(out / "truth" / f"{job.doc_id}.json", truth)
    manifest = {
        "id": job.doc_id,
        "source": job.source,
        "layout": job.layout,
        "degradation": job.degradation,
        "seed": job.seed,
        "pages": [dict(p.params) for p in degraded],
    }
    return SynthResult(job.doc_id, len(degraded), manifest)


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_jobs(
    jobs: list[SynthJob],
    out_dir: str | Path,
    *,
    workers: int = 1,
    progress: Callable[[SynthResult], None] | None = None,
) -> list[SynthResult]:
    out = Path(out_dir)
    (out / "scans").mkdir(parents=True, exist_ok=True)
    (out / "truth").mkdir(parents=True, exist_ok=True)
    results: list[SynthResult] = []
    if workers <= 1 or len(jobs) <= 1:
        iterator: Iterable[SynthResult] = (run_job(j, str(out)) for j in jobs)
        for r in iterator:
            results.append(r)
            if progress:
                progress(r)
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for r in pool.map(run_job, jobs, [str(out)] * len(jobs), chunksize=1):
                results.append(r)
                if progress:
                    progress(r)
    _merge_manifest(out / "manifest.jsonl", [r.manifest for r in results])
    return results


def _merge_manifest(path: Path, entries: list[dict[str, Any]]) -> None:
    """Keep earlier runs' entries into the same directory; a re-rendered id is replaced."""
    merged: dict[str, dict[str, Any]] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                entry = json.loads(line)
                merged[entry["id"]] = entry
    for entry in entries:
        merged[entry["id"]] = entry
    text = "".join(json.dumps(merged[k]) + "\n" for k in sorted(merged))
    tmp = path.with_suffix(".jsonl.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def read_manifest(out_dir: str | Path) -> dict[str, dict[str, Any]]:
    """The manifest of a synth output directory, by document id."""
    path = Path(out_dir) / "manifest.jsonl"
    if not path.exists():
        return {}
    entries = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line)
    return {e["id"]: e for e in entries}
