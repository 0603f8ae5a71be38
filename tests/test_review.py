"""Review of low-confidence fields: the table, crops of the page (checked with real Tesseract),
durable corrections applied to copies (checked from a new process), the widget, the notebooks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pandas as pd
import pytest

from extractor import review
from extractor.record import empty_record, iter_fields, make_field, value_kind, write_json_atomic
from extractor.review import (
    CORRECTIONS_FILE,
    CorrectionStore,
    ReviewSession,
    get_field,
    normalize_input,
)

ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def extracted(rendered: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two rendered filings extracted as ``form4 extract -o OUTDIR`` writes them."""
    from extractor.pipeline import extract_file_to_dir

    out = tmp_path_factory.mktemp("review-out")
    for stem in ("syn11-000-edgar-clean", "syn11-001-paper-clean"):
        extract_file_to_dir(rendered / "scans" / f"{stem}.pdf", out)
    return out


@pytest.fixture()
def outdir(extracted: Path, tmp_path: Path) -> Path:
    """A private copy of the outputs (records only), so corrections do not leak across tests."""
    out = tmp_path / "out"
    shutil.copytree(extracted, out, ignore=shutil.ignore_patterns(CORRECTIONS_FILE))
    return out


def _hand_records(tmp_path: Path) -> Path:
    """Two hand-written records with known confidences (no scan behind them)."""
    out = tmp_path / "hand"
    a = empty_record(path="a.pdf", sha256="aa", pages=1, dpi=300)
    a["document_type"] = make_field("4", confidence=0.99, text="4", page=1, bbox=[1, 1, 5, 5])
    a["period_of_report"] = make_field("2023-02-06", confidence=0.5, text="02/06/2023", page=1,
                                       bbox=[10, 10, 50, 20])
    a["issuer"]["name"] = make_field("Acme Corp", confidence=0.8, text="Acme Corp", page=1,
                                     bbox=[10, 30, 90, 40])
    row = {name: make_field() for name in review.TABLES["non_derivative_transactions"]}
    row["shares"] = make_field(1000, confidence=0.3, text="1,0O0", page=1, bbox=[5, 60, 40, 70])
    row["transaction_code"] = make_field("S", confidence=0.95, text="S", page=1,
                                         bbox=[45, 60, 50, 70])
    a["non_derivative_transactions"] = [row]
    a["warnings"] = ["something to know"]
    b = empty_record(path="b.pdf", sha256="bb", pages=1, dpi=300)
    b["remarks"] = make_field("None.", confidence=0.6, text="None.", page=1, bbox=[1, 1, 9, 9])
    b["signatures"] = [{"name": make_field("/s/ A. B.", confidence=0.7, text="/s/ A. B.", page=1,
                                           bbox=[2, 2, 8, 8]),
                        "date": make_field("2023-02-08", confidence=0.9, text="02/08/2023",
                                           page=1, bbox=[2, 9, 8, 12])}]
    write_json_atomic(out / "a.json", a)
    write_json_atomic(out / "b.json", b)
    (out / "notes.json").write_text('{"not": "a record"}')
    return out


# --------------------------------------------------------------------------- pure parts


def test_normalize_input() -> None:
    p = "non_derivative_transactions[0]."
    assert normalize_input(p + "transaction_date", "02/06/2023") == "2023-02-06"
    assert normalize_input(p + "transaction_date", "2023-02-06") == "2023-02-06"
    assert normalize_input("period_of_report", "03/1999") == "1999-03"
    assert normalize_input("signatures[0].date", "2/8/23") == "2023-02-08"
    assert normalize_input(p + "shares", "1,250") == 1250
    assert normalize_input(p + "shares", "$8.45(1)") == 8.45
    assert normalize_input(p + "price_per_share", 12.5) == 12.5
    assert normalize_input(p + "transaction_code", " s ") == "S"
    assert normalize_input("document_type", "4/a") == "4/A"
    assert normalize_input(p + "equity_swap_involved", "X") is True
    assert normalize_input("reporting_owners[0].is_director", "no") is False
    assert normalize_input("issuer.name", "  Acme   Corp ") == "Acme Corp"
    assert normalize_input("remarks", "   ") is None
    assert normalize_input(p + "shares", None) is None
    for path, bad in [(p + "transaction_date", "2023-02-30"), (p + "transaction_date", "soon"),
                      (p + "transaction_date", "O2/06/2023"), (p + "shares", "12,50"),
                      (p + "shares", "1O0"), (p + "shares", True), (p + "transaction_code", "Q"),
                      (p + "acquired_disposed_code", "S"), ("reporting_owners[0].is_other", "?"),
                      (p + "price_per_share", float("nan"))]:
        with pytest.raises(ValueError):
            normalize_input(path, bad)


def test_table_sorted_and_filtered(tmp_path: Path) -> None:
    out = _hand_records(tmp_path)
    s = ReviewSession(out)
    assert sorted(s.records) == ["a", "b"]  # notes.json is not a record
    df = s.fields()
    assert list(df.expected_error) == sorted(df.expected_error, reverse=True)
    assert df.iloc[0].path == "non_derivative_transactions[0].shares"
    assert df.iloc[0].text == "1,0O0" and df.iloc[0].document == "a"
    assert df.iloc[0].warnings == ["something to know"] and df.iloc[0].group == "table1"
    assert df.iloc[0].bbox == [5, 60, 40, 70] and df.iloc[0].page == 1
    assert (df.expected_error.round(6) == (1 - df.confidence).round(6)).all()
    # fields where nothing was read are left out unless asked for
    assert "non_derivative_transactions[0].price_per_share" not in set(df.path)
    assert len(s.fields(include_empty=True)) > len(df)

    low = s.fields(threshold=0.7)
    assert set(low.path) == {"non_derivative_transactions[0].shares", "period_of_report",
                             "remarks"}
    assert (low.confidence < 0.7).all()
    assert set(s.fields(groups="header").path) == {"document_type", "period_of_report",
                                                   "issuer.name"}
    assert set(s.fields(groups=["remarks", "signatures"]).document) == {"b"}
    assert set(s.fields(documents="b").group) == {"remarks", "signatures"}
    assert s.fields(threshold=0.7, groups="table1", documents="b").empty
    with pytest.raises(ValueError, match="unknown groups"):
        s.fields(groups="table3")

    s.correct("a", "non_derivative_transactions[0].shares", "1,000")
    s.accept("b", "remarks")
    df = s.fields(threshold=0.7)
    status = dict(zip(df.path, df.status, strict=True))
    assert status["non_derivative_transactions[0].shares"] == "corrected"
    assert status["remarks"] == "accepted" and pd.isna(status["period_of_report"])
    assert list(s.fields(threshold=0.7, include_reviewed=False).path) == ["period_of_report"]
    assert review.review_table(out, 0.7, include_reviewed=False).path.tolist() == \
        ["period_of_report"]


def test_store_latest_wins_and_survives_a_torn_line(tmp_path: Path) -> None:
    out = _hand_records(tmp_path)
    path = "non_derivative_transactions[0].shares"
    review.correct(out, "a", path, "1,500", who="ana")
    review.correct(out, "a", path, "2000", who="bo")
    rec = review.corrected_record(out, "a")
    f = get_field(rec, path)
    assert f["value"] == 2000 and f["confidence"] == 1.0 and f["review"]["who"] == "bo"
    assert {"human-verified", "human-corrected"} <= set(f["flags"])
    assert f["original_value"] == 1000 and f["original_confidence"] == 0.3
    # accept after correct restores the extracted value, verified
    review.accept(out, "a", path)
    f = get_field(review.corrected_record(out, "a"), path)
    assert f["value"] == 1000 and f["confidence"] == 1.0 and "human-corrected" not in f["flags"]
    # the extraction itself is never touched
    assert get_field(json.loads((out / "a.json").read_text()), path)["value"] == 1000

    store = out / CORRECTIONS_FILE
    with store.open("a") as fh:  # a crash in the middle of a line
        fh.write('{"document": "a", "path": "rem')
    review.correct(out, "b", "remarks", "None")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        decisions = CorrectionStore(out).all()
    assert len(decisions) == 4 and any("unreadable" in str(w.message) for w in caught)
    with pytest.warns(UserWarning, match="unreadable"):
        assert get_field(review.corrected_record(out, "b"), "remarks")["value"] == "None"
    assert [c.who for c in decisions[:2]] == ["ana", "bo"]
    assert all(c.when.endswith("Z") for c in decisions)


def test_stale_decisions_are_not_applied(tmp_path: Path) -> None:
    out = _hand_records(tmp_path)
    review.correct(out, "a", "issuer.name", "Acme Corp.")
    rec = json.loads((out / "a.json").read_text())
    rec["issuer"]["name"]["value"] = rec["issuer"]["name"]["text"] = "Acme Corporation"
    write_json_atomic(out / "a.json", rec)  # extracted again, read differently
    fixed = review.corrected_record(out, "a")
    assert fixed["issuer"]["name"]["value"] == "Acme Corporation"
    assert "human-verified" not in fixed["issuer"]["name"]["flags"]
    assert any("issuer.name" in w and "not applied" in w for w in fixed["warnings"])
    assert fixed["review"]["stale"] == 1
    assert review.corrections_as_training(out) == []


def test_corrections_as_training(tmp_path: Path) -> None:
    from extractor.calibration import FEATURE_NAMES

    out = _hand_records(tmp_path)
    review.correct(out, "a", "non_derivative_transactions[0].shares", "1000.0")  # same value
    review.correct(out, "a", "period_of_report", "2023-02-07")
    review.accept(out, "b", "remarks")
    got = {path: (field, ok) for path, field, ok in review.corrections_as_training(out)}
    assert {p: ok for p, (_, ok) in got.items()} == {
        "non_derivative_transactions[0].shares": True, "period_of_report": False,
        "remarks": True}
    # the field as extracted (what the calibrator saw), not the corrected one
    assert got["period_of_report"][0]["value"] == "2023-02-06"
    assert got["period_of_report"][0]["confidence"] == 0.5
    samples = review.corrections_training_samples(out)
    assert len(samples) == 3 and set(samples[0][0]) == set(FEATURE_NAMES)


def test_batch_layout(tmp_path: Path) -> None:
    hand = _hand_records(tmp_path)
    out = tmp_path / "batch"
    (out / "records").mkdir(parents=True)
    for p in hand.glob("*.json"):
        shutil.copy(p, out / "records" / p.name)
    (out / "catalog.sqlite").write_bytes(b"")
    assert review.records_dir(out) == out / "records"
    review.correct(out, "a", "issuer.name", "ACME CORP")
    assert (out / CORRECTIONS_FILE).exists() and not (out / "records" / CORRECTIONS_FILE).exists()
    recs = review.load_corrected_records(out)
    assert sorted(recs) == ["a", "b"]
    assert recs["a"]["issuer"]["name"]["value"] == "ACME CORP"
    frames = review.tables_frames(recs)  # the plain tables (without the batch package)
    t1 = frames["non_derivative_transactions"]
    assert t1.shares.tolist() == [1000.0] and t1.document.tolist() == ["a"]
    assert frames["derivative_holdings"].empty


# --------------------------------------------------------------------------- real scans


def test_correction_survives_a_new_process(outdir: Path, tmp_path: Path) -> None:
    doc = "syn11-000-edgar-clean"
    record_file = outdir / f"{doc}.json"
    before = record_file.read_bytes()
    rec = json.loads(before)
    shares = next(p for p, _ in iter_fields(rec)
                  if p.startswith("non_derivative_transactions[0].") and p.endswith(".shares"))
    other = "issuer.name"
    old = get_field(rec, shares)["value"]
    new = 12345 if old != 12345 else 54321

    s = ReviewSession(outdir, who="tester")
    s.correct(doc, shares, f"{new:,}")
    s.accept(doc, other)
    assert record_file.read_bytes() == before

    dest = tmp_path / "corrected"
    code = textwrap.dedent("""
        import json, sys
        import pandas as pd
        from extractor.batch.export import accession_number, surrogate_key
        from extractor.review import export_corrected, load_corrected_records
        out, dest, doc = sys.argv[1:4]
        recs = load_corrected_records(out)
        export_corrected(out, dest)
        sha = recs[doc]["source"]["sha256"]
        table = pd.read_parquet(f"{dest}/export/parquet/NONDERIV_TRANS.parquet")
        row = table[(table.ACCESSION_NUMBER == accession_number(sha))
                    & (table.NONDERIV_TRANS_SK == surrogate_key(sha, "NONDERIV_TRANS", 0))]
        print(json.dumps({"loaded": recs[doc], "exported": json.load(open(f"{dest}/{doc}.json")),
                          "parquet_shares": float(row.TRANS_SHARES.iloc[0]),
                          "parquet_conf": float(row.TRANS_SHARES_CONFIDENCE.iloc[0])}))
    """)
    done = subprocess.run([sys.executable, "-c", code, str(outdir), str(dest), doc],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout.strip().splitlines()[-1])
    for key in ("loaded", "exported"):
        f = get_field(got[key], shares)
        assert f["value"] == new and f["confidence"] == 1.0
        assert "human-verified" in f["flags"] and "human-corrected" in f["flags"]
        assert f["original_value"] == old and f["review"]["who"] == "tester"
        g = get_field(got[key], other)
        assert g["value"] == get_field(rec, other)["value"] and g["confidence"] == 1.0
        assert "human-verified" in g["flags"] and "human-corrected" not in g["flags"]
    assert got["parquet_shares"] == new and got["parquet_conf"] == 1.0
    from extractor.schema import schema_errors

    assert schema_errors(got["exported"]) == []
    assert record_file.read_bytes() == before
    # applying the same decisions again changes nothing
    again = review.apply_corrections(got["loaded"], review.corrections_by_document(outdir)[doc])
    assert get_field(again, shares)["value"] == new and again["review"]["stale"] == 0


def test_form4_batch_outputs(rendered: Path, tmp_path: Path) -> None:
    """A ``form4 batch`` directory (records/ and catalog.sqlite): review and export work on it."""
    import pyarrow.parquet as pq

    from extractor import cli

    scans = tmp_path / "scans"
    scans.mkdir()
    shutil.copy(rendered / "scans" / "syn11-001-edgar-clean.pdf", scans)
    out = tmp_path / "batch"
    assert cli.main(["batch", str(scans), "-o", str(out), "--workers", "1", "--no-export"]) == 0
    assert (out / "catalog.sqlite").exists() and review.records_dir(out) == out / "records"
    s = ReviewSession(out)
    assert list(s.records) == ["syn11-001-edgar-clean"]
    assert s.crop("syn11-001-edgar-clean", "issuer.name").width > 0
    s.correct("syn11-001-edgar-clean", "issuer.name", "Corrected Name Inc.")
    assert (out / CORRECTIONS_FILE).exists()
    written = review.export_corrected(out, tmp_path / "dest")
    sub = pq.read_table(next(p for p in written if p.name == "SUBMISSION.parquet")).to_pylist()
    assert [r["ISSUERNAME"] for r in sub] == ["Corrected Name Inc."]
    assert sub[0]["ISSUERNAME_CONFIDENCE"] == 1.0
    # `form4 export` on the batch itself carries the correction too; the record file does not.
    assert cli.main(["export", str(out), "--parquet"]) == 0
    own = pq.read_table(out / "export" / "parquet" / "SUBMISSION.parquet").to_pylist()
    assert [r["ISSUERNAME"] for r in own] == ["Corrected Name Inc."]
    raw = json.loads((out / "records" / "syn11-001-edgar-clean.json").read_text())
    assert raw["issuer"]["name"]["value"] != "Corrected Name Inc."


def _squash(text: str) -> str:
    return "".join(text.split())


def _assert_crops_read_back(session: ReviewSession, doc: str) -> int:
    import pytesseract

    checked = 0
    for path in ("issuer.name", "reporting_owners[0].name", "period_of_report",
                 "reporting_owners[0].street1"):
        f = session.field(doc, path)
        if float(f["confidence"]) < 0.85 or not f["bbox"] or len(f["text"] or "") < 5:
            continue
        img = session.crop(doc, path)
        assert img.mode == "RGB"
        read = pytesseract.image_to_string(img.convert("L"), config="--psm 6")
        assert _squash(f["text"]) in _squash(read), (path, f["text"], read)
        checked += 1
    return checked


def test_crop_shows_the_value(outdir: Path) -> None:
    s = ReviewSession(outdir)
    assert _assert_crops_read_back(s, "syn11-000-edgar-clean") >= 2
    assert _assert_crops_read_back(s, "syn11-001-paper-clean") >= 2
    # the box is drawn; the page is cached per (document, page)
    f = s.field("syn11-000-edgar-clean", "issuer.name")
    boxed = s.crop("syn11-000-edgar-clean", "issuer.name", margin=20)
    plain = s.crop("syn11-000-edgar-clean", "issuer.name", margin=20, draw_box=False)
    x0, y0, x1, y1 = f["bbox"]
    assert boxed.size == plain.size == (x1 - x0 + 40, y1 - y0 + 40)
    assert boxed.getpixel((20 - 3, (y1 - y0) // 2 + 20))[0] > 150 > \
        boxed.getpixel((20 - 3, (y1 - y0) // 2 + 20))[1]
    assert ("syn11-000-edgar-clean", 1) in s._pages
    boxless = next(p for p, f in iter_fields(s.records["syn11-000-edgar-clean"])
                   if not f["bbox"])
    with pytest.raises(ValueError, match="no box"):
        s.crop("syn11-000-edgar-clean", boxless)


@pytest.mark.parametrize("turn", [90, 180])
def test_crop_on_a_turned_scan(rendered: Path, tmp_path: Path, turn: int) -> None:
    """A scan lying on its side or upside down: the pipeline turned it, and so do the crops."""
    from pdf2image import convert_from_path

    from extractor.pipeline import extract_file_to_dir

    page = convert_from_path(str(rendered / "scans" / "syn11-001-paper-clean.pdf"), dpi=300,
                             first_page=1, last_page=1, grayscale=True)[0]
    scan = tmp_path / f"turned{turn}.png"
    page.rotate(turn, expand=True).save(scan, dpi=(300, 300))
    out = tmp_path / "out"
    extract_file_to_dir(scan, out)
    rec = json.loads((out / f"{scan.stem}.json").read_text())
    assert review.rotation_from_warnings(rec).get(1) in (90, 180, 270)
    assert _assert_crops_read_back(ReviewSession(out), scan.stem) >= 2


def test_source_moved(outdir: Path, tmp_path: Path, rendered: Path) -> None:
    doc = "syn11-001-paper-clean"
    rec = json.loads((outdir / f"{doc}.json").read_text())
    rec["source"]["path"] = f"gone/{doc}.pdf"
    write_json_atomic(outdir / f"{doc}.json", rec)
    with pytest.raises(review.SourceNotFoundError):
        ReviewSession(outdir).crop(doc, "issuer.name")
    s = ReviewSession(outdir, source_dirs=[rendered / "scans"])
    assert s.crop(doc, "issuer.name").width > 0
    rec["source"]["sha256"] = "0" * 64
    write_json_atomic(outdir / f"{doc}.json", rec)
    with pytest.raises(ValueError, match="sha256"):
        ReviewSession(outdir, source_dirs=[rendered / "scans"]).crop(doc, "issuer.name")


def test_widget_drives_the_store(outdir: Path) -> None:
    from extractor.review_widget import Reviewer, display_value

    assert display_value(None) == "" and display_value(True) == "true"
    assert display_value(1956.221) == "1956.221" and display_value(1e-05) == "0.00001"
    s = ReviewSession(outdir)
    df = s.fields(0.999, include_reviewed=False).head(4)
    assert len(df) == 4
    r = Reviewer(s, df, who="widget")
    assert r.current == (df.document[0], df.path[0]) and r.image.value[:4] == b"\x89PNG"
    r.box.value = r.box.value  # Enter on the value as shown accepts it
    r._on_submit(None)
    assert r.current == (df.document[1], df.path[1])
    r.box.value = ">"
    r._on_submit(None)  # skip
    doc, path = r.current
    if value_kind(review.field_name(path)) in ("number", "date", "bool", "code"):
        r.correct("this is not a value")
        assert r.current == (doc, path) and "not" in r.message.value
    r.back()
    assert r.current == (df.document[1], df.path[1])
    r.skip()
    r.accept()
    r.skip()
    assert r.current is None and "All fields seen" in r.info.value
    log = s.corrections()
    assert list(log.action) == ["accept", "accept"] and set(log.who) == {"widget"}
    assert (log.document + " " + log.path).tolist() == [
        f"{df.document[0]} {df.path[0]}", f"{df.document[2]} {df.path[2]}"]
    assert "2 accepted" in r.counts.value


# --------------------------------------------------------------------------- notebooks


@pytest.fixture()
def kernel_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A "python3" kernel spec on this interpreter, found first (JUPYTER_PATH), registered
    nowhere else; notebook outputs under tmp_path."""
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (form4 venv)", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("FORM4_NB_WORK", str(tmp_path / "work"))
    return tmp_path / "work"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["review", "quality"])
def test_notebook_runs_headless(name: str, kernel_env: Path) -> None:
    import nbclient
    import nbformat

    path = ROOT / "notebooks" / f"{name}.ipynb"
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") and not c.get("execution_count")
               for c in nb.cells if c.cell_type == "code"), "commit notebooks without outputs"
    nbclient.NotebookClient(nb, kernel_name="python3", timeout=600,
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    text = "\n".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                     for o in c.outputs if o.output_type == "stream")
    if name == "review":
        assert (kernel_env / "out" / CORRECTIONS_FILE).exists()
        assert "field accuracy" in text and (kernel_env / "corrected").is_dir()
    else:
        assert "pages/s" in text and (kernel_env / "reliability.png").stat().st_size > 0
    assert os.environ["FORM4_NB_WORK"] == str(kernel_env)
