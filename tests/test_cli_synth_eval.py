"""`form4 synth` and `form4 eval` through the command line, as the outside tools call them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from extractor import cli
from extractor.schema import schema_errors

LAST_LINE = re.compile(
    r"^field_acc=(\d\.\d{4}) row_f1=(\d\.\d{4}) doc_exact=(\d\.\d{4}) ece=(\d\.\d{4}) "
    r"coverage@99\.5=(\d\.\d{4}) docs=(\d+)$"
)


@pytest.fixture(scope="module")
def synth_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    code = cli.main(["synth", "--synthetic", "1", "--layout", "all", "--degradation", "all",
                     "--seed", "7", "-o", str(out), "--workers", "2", "-q"])
    assert code == 0
    return out


def test_synth_writes_image_only_scans_and_valid_truth(synth_dir: Path) -> None:
    scans = sorted((synth_dir / "scans").glob("*.pdf"))
    truths = sorted((synth_dir / "truth").glob("*.json"))
    assert len(scans) == 9 and len(truths) == 9  # 1 record x 3 layouts x 3 degradations
    assert [p.stem for p in scans] == [p.stem for p in truths]
    for scan in scans:
        reader = PdfReader(str(scan))
        assert all(not (page.extract_text() or "").strip() for page in reader.pages)
    for truth in truths:
        rec = json.loads(truth.read_text())
        assert schema_errors(rec) == []
    manifest = [json.loads(line) for line in (synth_dir / "manifest.jsonl").read_text().splitlines()]
    assert {m["degradation"] for m in manifest} == {"clean", "moderate", "heavy"}
    pre = json.loads((synth_dir / "truth" / "syn7-000-paper-pre2002-clean.json").read_text())
    assert re.fullmatch(r"\d{4}-\d{2}", pre["period_of_report"]["value"])  # Statement for Month/Year


def test_synth_is_deterministic(synth_dir: Path, tmp_path: Path) -> None:
    code = cli.main(["synth", "--synthetic", "1", "--layout", "paper", "--degradation", "heavy",
                     "--seed", "7", "-o", str(tmp_path), "-q", "--workers", "1"])
    assert code == 0
    name = "syn7-000-paper-heavy.pdf"
    assert (tmp_path / "scans" / name).read_bytes() == (synth_dir / "scans" / name).read_bytes()


def test_eval_truth_against_itself_and_nothing(synth_dir: Path, tmp_path: Path, capsys) -> None:
    truth = synth_dir / "truth"
    assert cli.main(["eval", str(truth), str(truth), "--json", str(tmp_path / "r.json")]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    m = LAST_LINE.match(last)
    assert m and m.group(1) == "1.0000" and m.group(6) == "9"
    assert json.loads((tmp_path / "r.json").read_text())["field_acc"] == 1.0
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli.main(["eval", str(empty), str(truth)]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    m = LAST_LINE.match(last)
    assert m and m.group(1) == "0.0000"


def test_synth_skips_forms_3_and_5(shared_data: Path, tmp_path: Path, capsys) -> None:
    xml = shared_data / "edgar-xml"
    form3 = next(p for p in sorted(xml.glob("*doc3.xml")))
    form4 = next(p for p in sorted(xml.glob("*doc4.xml")))
    files = tmp_path / "in"
    files.mkdir()
    for p in (form3, form4):
        (files / p.name).write_bytes(p.read_bytes())
    assert cli.main(["synth", "--xml", str(files), "-o", str(tmp_path / "out"), "-q"]) == 0
    assert len(list((tmp_path / "out" / "scans").glob("*.pdf"))) == 1
    assert "not a Form 4" in capsys.readouterr().err
