"""The whole pipeline on documents rendered by `form4 synth`: real Tesseract, OpenCV, Camelot's
line finder and poppler, scored with the yardstick."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from extractor import cli, deskew
from extractor.evaluate import evaluate_dirs
from extractor.schema import schema_errors
from extractor.synth.degrade import degrade_page
from extractor.synth.records import synthetic_records
from extractor.synth.render import render_pages


def test_extract_clean_renders(rendered: Path, tmp_path: Path, capsys) -> None:
    scans = sorted((rendered / "scans").glob("*.pdf"))
    out = tmp_path / "pred"
    code = cli.main(["extract", *map(str, scans), "-o", str(out)])
    assert code == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == len(scans) and all(line.startswith("OK") for line in lines)
    for p in out.glob("*.json"):
        rec = json.loads(p.read_text())
        assert schema_errors(rec) == []
        assert rec["source"]["sha256"] and rec["source"]["dpi"] == 300
        for owner in rec["reporting_owners"]:
            assert owner["name"]["page"] == 1 and owner["name"]["bbox"]
    report = evaluate_dirs(out, rendered / "truth")
    # Clean renders of all three layouts: nearly every field right, every row found.
    assert report.field_acc >= 0.93, report.worst_fields(5)
    assert report.row_recall >= 0.95


def test_python_api(form4_pdf: Path) -> None:
    import extractor

    rec = extractor.extract(form4_pdf)
    df = rec.transactions_df()
    truth = json.loads((form4_pdf.parent.parent / "truth" / f"{form4_pdf.stem}.json").read_text())
    assert len(df) == len(truth["non_derivative_transactions"])
    assert json.loads(rec.to_json())["schema"] == "form4-record/1"
    assert not rec.fields_df().empty


@pytest.mark.parametrize("level,seed", [("moderate", 3), ("heavy", 5), ("heavy", 8)])
def test_residual_skew(level: str, seed: int) -> None:
    """Known skew from the degradation; after straightening at most 0.2 degrees remain."""
    rec = synthetic_records(1, seed)[0]
    page = render_pages(rec, "paper", seed=seed)[0]
    out = degrade_page(page, level, np.random.default_rng(seed))
    img = np.asarray(out.image.convert("L"))
    straight = deskew.straighten(img)
    assert straight.rotated_clockwise == out.params["rotation"]
    assert abs(straight.skew_degrees - out.params["skew_degrees"]) <= 0.2
