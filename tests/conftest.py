"""Shared fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared data folder (``$FORM4_SHARED_DATA``, default ``../shared/data``), or skip."""
    env = os.environ.get("FORM4_SHARED_DATA")
    path = Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared" / "data"
    if not path.is_dir():
        pytest.skip(f"shared data not found at {path} (set FORM4_SHARED_DATA to its location)")
    return path


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few documents rendered by ``form4 synth`` (seed 11), shared by the slower tests."""
    from extractor.synth import plan_jobs, run_jobs, synthetic_sources

    out = tmp_path_factory.mktemp("synth")
    notes: list[str] = []
    jobs = plan_jobs(synthetic_sources(2, 11), ["edgar", "paper", "paper-pre2002"], ["clean"],
                     11, "synthetic", notes)
    run_jobs(jobs, out, workers=1)
    return out


@pytest.fixture(scope="session")
def form4_pdf(rendered: Path) -> Path:
    return rendered / "scans" / "syn11-000-edgar-clean.pdf"


@pytest.fixture(scope="session")
def form4_png(rendered: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pdf2image import convert_from_path

    page = convert_from_path(str(rendered / "scans" / "syn11-000-edgar-clean.pdf"), dpi=300,
                             first_page=1, last_page=1, grayscale=True)[0]
    p = tmp_path_factory.mktemp("png") / "form4.png"
    page.save(p, dpi=(300, 300))
    return p
