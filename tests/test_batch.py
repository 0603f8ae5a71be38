"""form4 batch / form4 export: real OCR on a few one-page renders of ``form4 synth``.

Local process pool and a real Dask cluster on 127.0.0.1 give identical records; SIGKILL at
random moments never leaves duplicates, half-written or temporary files; bad inputs and
injected worker faults (a hang, a crash, a memory hog) fail alone; the exports have the SEC
data sets' columns and parse back as EDGAR XML.
"""

from __future__ import annotations

import html
import io
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from extractor import cli
from extractor.batch import BatchOptions, BatchResult, export_parquet, export_xml, run_batch
from extractor.batch.catalog import Catalog, record_counts, status_of
from extractor.batch.export import SEC_COLUMNS, accession_number, load_records, sec_date
from extractor.batch.progress import Progress
from extractor.batch.worker import process_document
from extractor.record import BOOL_FIELDS, iter_fields
from extractor.schema import schema_errors

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SEED = 5  # synthetic records 0-3 of seed 5: one owner, one Table I row, one page each


def _shared_data() -> Path | None:
    env = os.environ.get("FORM4_SHARED_DATA")
    path = Path(env) if env else ROOT.parent / "shared" / "data"
    return path if path.is_dir() else None


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Four clean one-page ``edgar`` renders."""
    from extractor.synth import SynthJob, run_job
    from extractor.synth.records import synthetic_records

    out = tmp_path_factory.mktemp("batch-synth")
    records = list(synthetic_records(4, SEED))
    paths = []
    for i, rec in enumerate(records):
        result = run_job(SynthJob(f"b{SEED}-{i:03d}", rec, "edgar", "clean", SEED, "synthetic"),
                         str(out))
        assert result.pages == 1
        paths.append(out / "scans" / f"b{SEED}-{i:03d}.pdf")
    return paths


def _catalog_rows(outdir: Path) -> list[dict[str, Any]]:
    db = sqlite3.connect(outdir / "catalog.sqlite")
    db.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in db.execute("SELECT * FROM documents ORDER BY name")]
    finally:
        db.close()


def _records(outdir: Path) -> dict[str, dict[str, Any]]:
    return {p.stem: json.loads(p.read_text("utf-8"))
            for p in sorted((outdir / "records").glob("*.json"))}


@pytest.fixture(scope="module")
def local_run(scans: list[Path], tmp_path_factory: pytest.TempPathFactory
              ) -> tuple[Path, Path, BatchResult]:
    """Three documents, given as a list file, through the local pool with two workers."""
    base = tmp_path_factory.mktemp("batch-local")
    listing = base / "inputs.txt"
    listing.write_text("# three scans\n" + "\n".join(str(p) for p in scans[:3]) + "\n\n")
    out = base / "out"
    log = io.StringIO()
    result = run_batch(listing, out, BatchOptions(workers=2), stream=log, tty=False)
    assert result.exit_code == 0, log.getvalue()
    return listing, out, result


# --- fast checks --------------------------------------------------------------------------


def test_catalog_names_duplicates_and_status(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a" / "x.pdf", tmp_path / "b" / "x.pdf", tmp_path / "c" / "copy.pdf"
    for p, data in ((a, b"%PDF-one"), (b, b"%PDF-two"), (c, b"%PDF-one")):
        p.parent.mkdir(parents=True)
        p.write_bytes(data)
    with Catalog(tmp_path / "out") as cat:
        with cat.transaction():
            assert cat.register(str(a), "1" * 64, 8, 1, 1) is True
            assert cat.register(str(b), "2" * 64, 8, 1, 1) is True  # same stem, other content
            assert cat.register(str(c), "1" * 64, 8, 1, 1) is False  # same content as a
        docs = {d.sha256[0]: d for d in cat.documents()}
        assert docs["1"].name == "x" and docs["2"].name == "x-22222222"
        assert docs["1"].paths == sorted([str(a), str(c)])
        assert cat.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    record = {"warnings": [], "issuer": {"name": {"value": "A", "confidence": 0.9}},
              "remarks": {"value": "r", "confidence": 0.3}}
    counts = record_counts(record)
    assert counts == {"fields": 2, "low_confidence": 1, "warnings": 0}
    assert status_of(counts) == "partial"
    assert status_of(record_counts(record, partial_below=0.2)) == "success"
    assert sec_date("2024-09-27") == "27-SEP-2024" and sec_date("2001-05") == "MAY-2001"
    assert len(accession_number("ab" * 32)) <= 25


def test_progress_line_on_a_terminal_and_log_lines_otherwise() -> None:
    tty = io.StringIO()
    p = Progress(2, 3, stream=tty, tty=True)
    p.started()
    p.done(2, False, "OK a")
    p.done(1, True, "FAILED b: [timeout] ...")
    p.close()
    text = tty.getvalue()
    assert "\r" in text and "2/2 documents, 3/3 pages" in text and "1 failed" in text
    assert "FAILED b" in text and "OK a" not in text
    log = io.StringIO()
    p = Progress(1, 1, stream=log, tty=False)
    p.done(1, False, "OK a")
    assert "\r" not in log.getvalue() and log.getvalue().startswith("OK a\n")
    assert "progress: 1/1 documents, 1/1 pages" in log.getvalue()


# --- local pool, Dask ---------------------------------------------------------------------


def test_local_batch_writes_one_valid_record_each_and_resumes(local_run: tuple) -> None:
    listing, out, result = local_run
    assert (result.documents, result.ran, result.failure) == (3, 3, 0)
    rows = _catalog_rows(out)
    assert [r["name"] for r in rows] == [f"b{SEED}-{i:03d}" for i in range(3)]
    assert all(r["status"] in ("success", "partial") and r["attempts"] == 1 for r in rows)
    assert all(r["pages"] == 1 and r["seconds"] > 0 and r["peak_rss_mb"] > 0 for r in rows)
    records = _records(out)
    for row in rows:
        rec = records[row["name"]]
        assert schema_errors(rec) == []
        assert rec["source"]["sha256"] == row["sha256"]
        assert row["output"] == f"records/{row['name']}.json"
    again = run_batch(listing, out, BatchOptions(workers=2, export=False), stream=io.StringIO(),
                      tty=False)
    assert (again.ran, again.skipped, again.exit_code) == (0, 3, 0)


def test_dask_cluster_gives_the_local_pool_records(local_run: tuple, tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    listing, local_out, _ = local_run
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        with Client(cluster) as client:
            pids = set(client.run(os.getpid).values())
        result = run_batch(listing, tmp_path / "out",
                           BatchOptions(scheduler=cluster.scheduler_address, export=False),
                           stream=io.StringIO(), tty=False)
    assert result.exit_code == 0 and result.ran == 3
    rows = _catalog_rows(tmp_path / "out")
    assert {int(r["worker"].rsplit(":", 1)[1]) for r in rows} <= pids  # ran on the cluster
    assert _records(tmp_path / "out") == _records(local_out)  # records carry no timings
    keep = ("sha256", "name", "status", "pages", "output", "fields", "low_confidence", "warnings")
    assert ([{k: r[k] for k in keep} for r in rows]
            == [{k: r[k] for k in keep} for r in _catalog_rows(local_out)])


# --- exactly once under SIGKILL -----------------------------------------------------------


def test_sigkill_at_random_moments_then_resume(scans: list[Path], tmp_path: Path) -> None:
    import psutil

    inputs = tmp_path / "in"
    inputs.mkdir()
    for p in scans:
        (inputs / p.name).write_bytes(p.read_bytes())
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "extractor.cli", "batch", str(inputs), "-o", str(out),
           "--workers", "2", "--no-export"]
    rng = random.Random(20240927)
    # Kill 1 and 3 after random sleeps; kill 2 a moment after a new record file lands, in or
    # near the window between the worker's rename and the parent's commit.
    for attempt in range(3):
        seen = set((out / "records").glob("*.json")) if (out / "records").is_dir() else set()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + (rng.uniform(2.0, 6.0), 60.0, rng.uniform(3.0, 12.0))[attempt]
        children: list[psutil.Process] = []
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                children = psutil.Process(proc.pid).children(recursive=True) or children
            except psutil.NoSuchProcess:
                break
            if attempt == 1 and set((out / "records").glob("*.json")) - seen:
                time.sleep(rng.uniform(0.0, 0.05))
                break
            time.sleep(0.02 if attempt == 1 else 0.2)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        _, alive = psutil.wait_procs(children, timeout=10)
        assert not [c for c in alive if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]
    final = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert final.returncode == 0, final.stdout + final.stderr
    records = _records(out)
    assert sorted(records) == sorted(p.stem for p in scans)  # exactly one record per input
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    rows = _catalog_rows(out)
    assert len(rows) == len({r["sha256"] for r in rows}) == len(scans)
    assert all(r["status"] in ("success", "partial") for r in rows)
    for row in rows:
        rec = records[row["name"]]
        assert schema_errors(rec) == [] and rec["source"]["sha256"] == row["sha256"]
    db = sqlite3.connect(out / "catalog.sqlite")
    assert db.execute("SELECT count(*), count(DISTINCT path) FROM paths").fetchone() == (4, 4)
    db.close()


def test_restart_adopts_complete_records_and_redoes_broken_ones(
        local_run: tuple, scans: list[Path], tmp_path: Path) -> None:
    """A kill between the record's rename and the catalog's commit, and a broken record."""
    from extractor.ingest import file_sha256

    _, local_out, _ = local_run
    out = tmp_path / "out"
    records = out / "records"
    records.mkdir(parents=True)
    with Catalog(out) as cat:
        with cat.transaction():
            for p in scans[:2]:
                st = p.stat()
                cat.register(str(p), file_sha256(p), st.st_size, st.st_mtime_ns, 1)
        for doc in cat.documents():
            cat.mark_running(doc.sha256)
    complete = (local_out / "records" / scans[0].with_suffix(".json").name).read_bytes()
    (records / scans[0].with_suffix(".json").name).write_bytes(complete)
    (records / scans[1].with_suffix(".json").name).write_bytes(complete[: len(complete) // 2])
    (records / f".{scans[1].stem}.json.x1y2z3.tmp").write_bytes(b"{")
    listing = tmp_path / "list.txt"
    listing.write_text("\n".join(str(p) for p in scans[:2]))
    log = io.StringIO()
    result = run_batch(listing, out, BatchOptions(workers=1, export=False), stream=log,
                       tty=False)
    assert (result.adopted, result.ran, result.exit_code) == (1, 1, 0), log.getvalue()
    rows = {r["name"]: r for r in _catalog_rows(out)}
    assert "adopted" in rows[scans[0].stem]["note"] and rows[scans[0].stem]["attempts"] == 1
    assert rows[scans[1].stem]["attempts"] == 2
    assert all(r["status"] in ("success", "partial") for r in rows.values())
    assert sorted(p.name for p in records.iterdir()) == sorted(
        p.with_suffix(".json").name for p in scans[:2])
    got = _records(out)
    assert got[scans[1].stem] == _records(local_out)[scans[1].stem]


# --- bad inputs and worker faults ---------------------------------------------------------


def _letter_png(path: Path) -> Path:
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("L", (1275, 1650), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(28)
    for i, line in enumerate([
        "Dear Shareholder,",
        "Thank you for your continued support of our company during the past year.",
        "We are pleased to invite you to our annual meeting, held in the spring.",
        "Sincerely, the Board of Directors",
    ]):
        draw.text((100, 150 + 60 * i), line, fill=0, font=font)
    img.save(path, dpi=(150, 150))
    return path


def test_bad_inputs_are_recorded_and_the_rest_lands(scans: list[Path], tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from pypdf import PdfReader, PdfWriter

    inputs = tmp_path / "in"
    (inputs / "sub").mkdir(parents=True)
    good = scans[3].read_bytes()
    (inputs / "good.pdf").write_bytes(good)
    (inputs / "sub" / "again.pdf").write_bytes(good)  # same content, another name
    (inputs / "corrupt.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20)
    (inputs / "empty.pdf").write_bytes(b"")
    writer = PdfWriter()
    for page in PdfReader(str(scans[0])).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    with (inputs / "locked.pdf").open("wb") as fh:
        writer.write(fh)
    _letter_png(inputs / "letter.png")
    out = tmp_path / "out"
    code = cli.main(["batch", str(inputs), "-o", str(out), "--workers", "2"])
    printed = capsys.readouterr().out
    assert code == 1, printed  # some inputs failed, the others were written
    assert "batch: 5 documents from 6 inputs (1 duplicate" in printed
    by_name = {r["name"]: r for r in _catalog_rows(out)}
    assert by_name["good"]["status"] in ("success", "partial")
    expected = {"corrupt": "input-file", "empty": "input-file", "locked": "encrypted",
                "letter": "not-form4"}
    for name, category in expected.items():
        row = by_name[name]
        assert (row["status"], row["category"]) == ("failure", category), row
        assert name in row["message"] and row["exit_code"] > 1
    assert sorted(_records(out)) == ["good"]  # the duplicate is extracted once
    import pyarrow.parquet as pq

    status = pq.read_table(out / "export" / "parquet" / "DOCUMENT_STATUS.parquet").to_pylist()
    by_path = {Path(r["path"]).name: r for r in status}
    assert len(status) == 6 and by_path["again.pdf"]["sha256"] == by_path["good.pdf"]["sha256"]
    assert by_path["locked.pdf"]["category"] == "encrypted"


def inject_faults(task: dict[str, Any]) -> dict[str, Any]:
    """Fault injection only: hang, crash or exhaust memory on the inputs named so."""
    name = Path(task["path"]).stem
    if name == "hang":
        # a page in flight to tesseract when the worker is killed, as ocr.py writes one
        fd, _ = tempfile.mkstemp(prefix="form4-ocr-", suffix=".bmp")
        os.close(fd)
        time.sleep(600)
    elif name == "crash":
        os.kill(os.getpid(), signal.SIGSEGV)
    elif name == "hog":
        bytearray(4 * 1024**3)  # beyond the worker's address-space limit: MemoryError
    return process_document(task)


def test_a_hang_a_crash_and_a_memory_hog_fail_alone(scans: list[Path], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    temp = tmp_path / "tmp"  # where the workers' temporary directories go
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setenv("TMPDIR", str(temp))  # the spawned workers' default
    inputs = tmp_path / "in"
    inputs.mkdir()
    data = scans[2].read_bytes()
    for i, name in enumerate(("crash", "good", "hang", "hog")):  # distinct bytes, same page
        (inputs / f"{name}.pdf").write_bytes(data + b"\n%" + str(i).encode() + b"\n")
    options = BatchOptions(workers=2, page_timeout=20, memory_limit_mb=1500,
                           function=inject_faults, export=False)
    log = io.StringIO()
    result = run_batch(inputs, tmp_path / "out", options, stream=log, tty=False)
    assert result.exit_code == 1 and result.ran == 4, log.getvalue()
    by_name = {r["name"]: r for r in _catalog_rows(tmp_path / "out")}
    assert by_name["good"]["status"] in ("success", "partial")
    assert (by_name["hang"]["category"], by_name["crash"]["category"],
            by_name["hog"]["category"]) == ("timeout", "crash", "memory")
    assert "timed out after 20s" in by_name["hang"]["message"]
    assert "SIGSEGV" in by_name["crash"]["message"]
    assert sorted(_records(tmp_path / "out")) == ["good"]
    assert list(temp.iterdir()) == []  # the killed workers' temporary files are gone


# --- exports ------------------------------------------------------------------------------


def _readme_columns(readme: Path) -> dict[str, list[str]]:
    """Field names per table from FORM_345_readme.htm (tables without a TSV here)."""
    text = readme.read_text("utf-8", errors="replace")
    out: dict[str, list[str]] = {}
    for table in re.findall(r"<table.*?</table>", text, flags=re.S | re.I):
        names = []
        for row in re.findall(r"<tr.*?</tr>", table, flags=re.S | re.I):
            cells = re.findall(r"<td.*?</td>", row, flags=re.S | re.I)
            if cells:
                names.append(re.sub(r"\s+", "", html.unescape(re.sub(r"<[^>]+>", "", cells[0]))))
        if names and names[0] == "FieldName" and names[1] == "ACCESSION_NUMBER":
            key = {"RPTOWNERCIK": "REPORTINGOWNER", "NONDERIV_TRANS_SK": "NONDERIV_TRANS",
                   "FOOTNOTE_ID": "FOOTNOTES"}.get(names[2])
            if key:
                out[key] = names[1:]
    return out


def test_parquet_columns_are_the_sec_data_sets(local_run: tuple) -> None:
    import pyarrow.parquet as pq

    shared = _shared_data()
    if shared is None:
        pytest.skip("shared data (SEC data set headers) not found; set FORM4_SHARED_DATA")
    folder = shared / "insider-dataset-2024q3"
    expected = _readme_columns(folder / "FORM_345_readme.htm")
    for tsv in folder.glob("*.tsv"):
        if tsv.stem in SEC_COLUMNS:
            expected[tsv.stem] = tsv.read_text("utf-8").splitlines()[0].split("\t")
    assert set(expected) == set(SEC_COLUMNS)
    _, out, _ = local_run
    export_parquet(out)
    for table, columns in expected.items():
        names = pq.read_schema(out / "export" / "parquet" / f"{table}.parquet").names
        sec = [c for c in names if not c.endswith("_CONFIDENCE")]
        assert sec == columns, table
        assert all(c[: -len("_CONFIDENCE")] in columns for c in names if c not in sec), table


def test_parquet_export_values(local_run: tuple) -> None:
    import pyarrow.parquet as pq

    _, out, _ = local_run
    assert cli.main(["export", str(out), "--parquet"]) == 0
    folder = out / "export" / "parquet"
    loaded = load_records(out)
    assert len(loaded) == 3
    sub = pq.read_table(folder / "SUBMISSION.parquet").to_pylist()
    trans = pq.read_table(folder / "NONDERIV_TRANS.parquet").to_pylist()
    status = pq.read_table(folder / "DOCUMENT_STATUS.parquet").to_pylist()
    assert len(sub) == 3 and len(status) == 3
    assert len(trans) == sum(len(x.record["non_derivative_transactions"]) for x in loaded)
    assert len({r["NONDERIV_TRANS_SK"] for r in trans}) == len(trans)
    for item in loaded:
        row = next(r for r in trans if r["ACCESSION_NUMBER"] == item.accession_number)
        first = item.record["non_derivative_transactions"][0]
        assert row["TRANS_SHARES"] == first["shares"]["value"]
        assert row["TRANS_SHARES_CONFIDENCE"] == first["shares"]["confidence"]
        assert row["TRANS_DATE"] == sec_date(first["transaction_date"]["value"])
        assert re.fullmatch(r"\d\d-[A-Z]{3}-\d{4}", row["TRANS_DATE"])
        s = next(r for r in sub if r["ACCESSION_NUMBER"] == item.accession_number)
        assert s["ISSUERNAME"] == item.record["issuer"]["name"]["value"]
    assert {r["status"] for r in status} <= {"success", "partial"}
    assert {"sha256", "path", "status", "category", "message", "pages", "seconds"} <= set(status[0])


def _values(record: dict[str, Any]) -> dict[str, tuple[Any, list[str]]]:
    out = {}
    for path, field in iter_fields(record):
        value = field.get("value")
        if path.rsplit(".", 1)[-1] in BOOL_FIELDS and value is None:
            value = False  # an empty box; the XML reader reads an absent flag as unchecked
        out[path] = (value, sorted(field.get("footnote_ids") or []))
    return out


def test_edgar_xml_export_parses_back(local_run: tuple) -> None:
    from extractor.synth.xml_truth import record_from_xml

    _, out, _ = local_run
    assert cli.main(["export", str(out), "--xml"]) == 0
    for item in load_records(out):
        path = out / "export" / "xml" / f"{item.name}.xml"
        root = ET.parse(path).getroot()
        assert root.tag == "ownershipDocument"
        assert root.findtext("documentType") == item.record["document_type"]["value"]
        back = record_from_xml(path)  # the EDGAR XML reader of form4 synth
        assert _values(back) == _values(item.record), item.name


def test_edgar_xml_export_reads_in_edgartools(local_run: tuple) -> None:
    pytest.importorskip("edgar.ownership")
    from edgar.ownership.models import Footnotes
    from edgar.ownership.table_containers import NonDerivativeTable
    from edgar.xmltools import child_text, find_all_elements, find_element, parse_xml

    # edgartools' Form4.parse_xml looks each owner's CIK up at the SEC (network); its element
    # readers do not, so read the parts with those.
    _, out, _ = local_run
    export_xml(out)
    for item in load_records(out):
        rec = item.record
        root = parse_xml((out / "export" / "xml" / f"{item.name}.xml").read_text("utf-8"))
        issuer = find_element(root, "issuer")
        assert child_text(issuer, "issuerName") == rec["issuer"]["name"]["value"]
        assert child_text(root, "periodOfReport") == rec["period_of_report"]["value"]
        table = NonDerivativeTable.extract(find_element(root, "nonDerivativeTable"), form="4")
        rows = table.transactions.data.to_dict("records")
        assert len(rows) == len(rec["non_derivative_transactions"])
        for got, want in zip(rows, rec["non_derivative_transactions"], strict=True):
            assert got["Shares"] == want["shares"]["value"]
            assert got["Price"] == want["price_per_share"]["value"]
            assert got["Code"] == want["transaction_code"]["value"]
            assert got["Date"] == want["transaction_date"]["value"]
        notes = Footnotes.extract(root)
        for note in rec["footnotes"]:
            assert notes.get(note["id"]) == note["text"]["value"]
        sigs = [child_text(s, "signatureName") for s in find_all_elements(root, "ownerSignature")]
        assert sigs == [s["name"]["value"] for s in rec["signatures"]]
