"""The yardstick on hand-made records: no OCR, no pipeline."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from extractor.evaluate import (
    DocResult,
    EvalReport,
    FieldOutcome,
    compare_records,
    coverage_at_accuracy,
    evaluate_dirs,
    expected_calibration_error,
    format_report,
    normalize_value,
    reliability_bins,
)
from extractor.record import empty_owner, empty_record, empty_row, make_field
from extractor.schema import schema_errors

LAST_LINE = re.compile(
    r"^field_acc=\d\.\d{4} row_f1=\d\.\d{4} doc_exact=\d\.\d{4} ece=\d\.\d{4} "
    r"coverage@99\.5=\d\.\d{4} docs=\d+$"
)


def F(value, confidence=0.0):  # noqa: N802 - a short builder reads better in fixtures
    return make_field(value, confidence=confidence)


def transaction(date: str, code: str, shares: float, price: float, after: float) -> dict:
    row = empty_row("non_derivative_transactions")
    row.update(
        security_title=F("Common Stock"),
        transaction_date=F(date),
        transaction_code=F(code),
        equity_swap_involved=F(False),
        shares=F(shares),
        price_per_share=F(price),
        acquired_disposed_code=F("D" if code == "S" else "A"),
        shares_owned_following_transaction=F(after),
        direct_or_indirect_ownership=F("D"),
    )
    return row


def truth_record() -> dict:
    rec = empty_record(path="a.pdf", pages=1, dpi=300)
    rec["document_type"] = F("4")
    rec["period_of_report"] = F("2023-02-06")
    rec["not_subject_to_section16"] = F(False)
    rec["issuer"] = {"name": F("Acme Corp"), "trading_symbol": F("ACME")}
    owner = empty_owner()
    owner.update(name=F("Doe John"), city=F("Springfield"), is_director=F(True))
    rec["reporting_owners"] = [owner]
    rec["non_derivative_transactions"] = [
        transaction("2023-02-06", "S", 1000, 12.5, 5000),
        transaction("2023-02-07", "S", 2000, 12.75, 3000),
    ]
    holding = empty_row("non_derivative_holdings")
    holding.update(
        security_title=F("Common Stock"),
        shares_owned_following_transaction=F(3638),
        direct_or_indirect_ownership=F("I"),
        nature_of_ownership=F("By Trust"),
    )
    rec["non_derivative_holdings"] = [holding]
    deriv = empty_row("derivative_transactions")
    deriv.update(
        security_title=F("Stock Option (right to buy)"),
        conversion_or_exercise_price=F(10.0),
        transaction_date=F("2023-02-06"),
        transaction_code=F("M"),
        shares=F(1000),
        acquired_disposed_code=F("D"),
        expiration_date=F("2030-01-01"),
        underlying_security_title=F("Common Stock"),
        underlying_security_shares=F(1000),
        shares_owned_following_transaction=F(0),
        direct_or_indirect_ownership=F("D"),
    )
    rec["derivative_transactions"] = [deriv]
    rec["footnotes"] = [
        {"id": "F1", "text": F("Sold under a 10b5-1 plan.")},
        {"id": "F2", "text": F("Held by a family trust.")},
    ]
    rec["remarks"] = F("None.")
    rec["signatures"] = [{"name": F("/s/ John Doe"), "date": F("2023-02-08")}]
    assert schema_errors(rec) == []
    return rec


def predicted(truth: dict, confidence: float = 0.99) -> dict:
    """A copy of the truth with every field given ``confidence``."""
    pred = copy.deepcopy(truth)

    def walk(node):
        if isinstance(node, dict):
            if "confidence" in node and "value" in node:
                node["confidence"] = confidence
            else:
                for v in node.values():
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(pred)
    return pred


def counted_truth_fields(truth: dict) -> int:
    return compare_records(predicted(truth), truth).counted


def outcomes(pairs: list[tuple[float, bool]]) -> list[FieldOutcome]:
    return [FieldOutcome(f"f[{i}]", "header", 1, 1, ok, c) for i, (c, ok) in enumerate(pairs)]


def write(path: Path, data) -> None:
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")


# --------------------------------------------------------------------------- one document


def test_perfect_prediction():
    truth = truth_record()
    doc = compare_records(predicted(truth), truth, name="a")
    assert doc.status == "ok" and doc.exact
    assert doc.counted > 40 and doc.correct == doc.counted
    report = EvalReport([doc])
    assert report.field_acc == 1.0
    assert report.row_f1 == 1.0
    assert report.doc_exact == 1.0
    assert all(t.accuracy in (None, 1.0) for t in report.groups.values())
    assert report.groups["table2"].total > 0 and report.groups["footnotes"].total == 2
    assert report.ece == pytest.approx(0.01)
    assert report.coverage_at_995 == 1.0


def test_one_wrong_digit():
    truth = truth_record()
    pred = predicted(truth)
    pred["non_derivative_transactions"][0]["shares"]["value"] = 1001
    doc = compare_records(pred, truth)
    wrong = doc.errors
    assert [o.path for o in wrong] == ["non_derivative_transactions[0].shares"]
    assert (wrong[0].truth, wrong[0].pred, wrong[0].confidence) == (1000, 1001, 0.99)
    assert wrong[0].group == "table1" and wrong[0].name == "non_derivative_transactions.shares"
    assert not doc.exact
    stat = doc.tables["non_derivative_transactions"]
    assert (stat.truth, stat.pred, stat.matched) == (2, 2, 1)
    report = EvalReport([doc])
    assert report.tables["non_derivative_transactions"].recall == 0.5
    assert report.row_precision == pytest.approx(3 / 4) and report.row_recall == pytest.approx(
        3 / 4
    )
    assert report.field_acc == pytest.approx((doc.counted - 1) / doc.counted)
    assert report.doc_exact == 0.0
    assert report.field_names["non_derivative_transactions.shares"].accuracy == 0.5
    assert report.worst_fields(1)[0][0] == "non_derivative_transactions.shares"


def test_missing_row():
    truth = truth_record()
    pred = predicted(truth)
    del pred["non_derivative_transactions"][0]
    doc = compare_records(pred, truth)
    wrong = doc.errors
    # The surviving predicted row aligns with the second true row: only row 0 is wrong.
    assert wrong and {o.path.split(".")[0] for o in wrong} == {"non_derivative_transactions[0]"}
    assert all(o.pred is None and o.confidence == 0.0 for o in wrong)
    assert len(wrong) == 9  # the non-null fields of the lost row
    report = EvalReport([doc])
    t1 = report.tables["non_derivative_transactions"]
    assert (t1.precision, t1.recall) == (1.0, 0.5)
    assert report.row_recall < 1.0 and report.row_precision == 1.0


def test_extra_row():
    truth = truth_record()
    pred = predicted(truth)
    extra = transaction("2023-02-06", "P", 50, 9.0, 5050)
    pred["non_derivative_transactions"].insert(1, extra)
    doc = compare_records(pred, truth)
    wrong = doc.errors
    assert wrong and {o.path.split(".")[0] for o in wrong} == {
        "non_derivative_transactions[pred:1]"
    }
    assert all(
        o.truth is None and o.pred_path.startswith("non_derivative_transactions[1].") for o in wrong
    )
    report = EvalReport([doc])
    t1 = report.tables["non_derivative_transactions"]
    assert (t1.precision, t1.recall) == (pytest.approx(2 / 3), 1.0)
    assert report.row_precision < 1.0 and report.row_recall == 1.0


def test_substituted_row_pairs_with_its_true_row():
    truth = truth_record()
    pred = predicted(truth)
    row = pred["non_derivative_holdings"][0]
    for name, value in [
        ("security_title", "Preferred"),
        ("shares_owned_following_transaction", 1),
        ("direct_or_indirect_ownership", "D"),
        ("nature_of_ownership", "Spouse"),
    ]:
        row[name]["value"] = value
    doc = compare_records(pred, truth)
    assert [o.path for o in doc.errors] == [
        f"non_derivative_holdings[0].{n}"
        for n in (
            "security_title",
            "shares_owned_following_transaction",
            "direct_or_indirect_ownership",
            "nature_of_ownership",
        )
    ]


def test_null_rules():
    truth = truth_record()
    pred = predicted(truth)
    pred["date_of_original_submission"]["value"] = "2023-01-01"  # truth null: wrong
    pred["issuer"]["trading_symbol"]["value"] = None  # truth present: wrong, confidence kept
    doc = compare_records(pred, truth)
    by_path = {o.path: o for o in doc.outcomes}
    assert not by_path["date_of_original_submission"].correct
    assert by_path["issuer.trading_symbol"].pred is None
    assert not by_path["issuer.trading_symbol"].correct
    # null vs null is never counted
    assert "reporting_owners[0].street1" not in by_path
    assert "non_derivative_transactions[0].deemed_execution_date" not in by_path


def test_numbers_and_whitespace_compare_normalized():
    assert normalize_value("shares", 3638) == normalize_value("shares", 3638.0)
    assert normalize_value("shares", 0) == normalize_value("shares", 0.00)
    assert normalize_value("shares", "3,638") != normalize_value("shares", 3638)
    assert normalize_value("price_per_share", " 12.50 ") == normalize_value("price_per_share", 12.5)
    assert normalize_value("security_title", "Common\n  Stock ") == normalize_value(
        "security_title", "Common Stock"
    )
    assert normalize_value("security_title", "common stock") != normalize_value(
        "security_title", "Common Stock"
    )
    assert normalize_value("security_title", "Ｃommon Stock") == ("text", "Common Stock")  # NFKC
    assert normalize_value("transaction_code", "s") == normalize_value("transaction_code", "S")
    assert normalize_value("is_director", True) == ("bool", True)
    assert normalize_value("remarks", "   ") is None

    truth = truth_record()
    truth["non_derivative_holdings"][0]["shares_owned_following_transaction"]["value"] = "3638"
    truth["non_derivative_transactions"][0]["security_title"]["value"] = "Common   Stock"
    pred = predicted(truth_record())
    pred["non_derivative_holdings"][0]["shares_owned_following_transaction"]["value"] = 3638.0
    pred["non_derivative_transactions"][0]["security_title"]["value"] = " Common Stock\t"
    pred["derivative_transactions"][0]["shares_owned_following_transaction"]["value"] = 0.0
    doc = compare_records(pred, truth)
    assert doc.exact, [o.path for o in doc.errors]


def test_footnotes_align_by_id():
    truth = truth_record()
    pred = predicted(truth)
    pred["footnotes"].reverse()
    pred["footnotes"].append({"id": "F3", "text": F("Extra.", 0.5)})
    doc = compare_records(pred, truth)
    assert [o.path for o in doc.errors] == ["footnotes[pred:2].text"]
    notes = [o for o in doc.outcomes if o.group == "footnotes"]
    assert [(o.path, o.pred_path, o.correct) for o in notes[:2]] == [
        ("footnotes[0].text", "footnotes[1].text", True),
        ("footnotes[1].text", "footnotes[0].text", True),
    ]


def test_missing_and_invalid_prediction_in_memory():
    truth = truth_record()
    n = counted_truth_fields(truth)
    missing = compare_records(None, truth, name="a")
    assert missing.status == "missing" and missing.counted == n and missing.correct == 0
    assert all(o.confidence == 0.0 and o.pred is None for o in missing.outcomes)
    assert not missing.exact

    bad = predicted(truth)
    bad["non_derivative_transactions"][0]["shares"]["value"] = "1,000"  # not a number
    invalid = compare_records(bad, truth)
    assert invalid.status == "malformed" and "form4-record/1" in (invalid.reason or "")
    assert invalid.counted == n and invalid.correct == 0
    assert invalid.tables["non_derivative_transactions"].pred == 0

    assert compare_records([1, 2], truth).status == "malformed"


def test_no_rows_anywhere():
    truth = empty_record()
    truth["document_type"] = F("4")
    pred = predicted(truth)
    assert EvalReport([compare_records(pred, truth)]).row_f1 == 1.0
    pred["non_derivative_holdings"] = [empty_row("non_derivative_holdings")]
    pred["non_derivative_holdings"][0]["security_title"] = F("Common Stock", 0.9)
    report = EvalReport([compare_records(pred, truth)])
    assert report.row_f1 == 0.0 and report.row_precision == 0.0


# --------------------------------------------------------------------------- directories


def test_missing_prediction_files(tmp_path: Path):
    truth_dir, pred_dir = tmp_path / "truth", tmp_path / "pred"
    truth_dir.mkdir()
    pred_dir.mkdir()
    write(truth_dir / "a.json", truth_record())
    write(truth_dir / "b.json", truth_record())
    report = evaluate_dirs(pred_dir, truth_dir)
    assert report.docs == 2
    assert report.missing == ["a", "b"]
    assert report.field_acc == 0.0 and report.doc_exact == 0.0 and report.row_f1 == 0.0
    text = format_report(report)
    assert text.splitlines()[-1].startswith("field_acc=0.0000 row_f1=0.0000 doc_exact=0.0000")
    assert "Missing predictions (2):" in text and "  a" in text.splitlines()

    write(pred_dir / "a.json", predicted(truth_record()))
    write(pred_dir / "zzz.json", predicted(truth_record()))
    report = evaluate_dirs(pred_dir, truth_dir)
    assert report.missing == ["b"]
    assert report.field_acc == pytest.approx(0.5)
    assert report.doc_exact == 0.5
    assert report.unexpected == 1 and report.unexpected_names == ["zzz"]
    data = json.loads(json.dumps(report.to_dict()))
    assert data["missing"] == ["b"] and data["unexpected"] == 1 and data["docs"] == 2


def test_malformed_prediction_files(tmp_path: Path):
    truth_dir, pred_dir = tmp_path / "truth", tmp_path / "pred"
    truth_dir.mkdir()
    pred_dir.mkdir()
    for stem in ("broken", "invalid", "null", "good"):
        write(truth_dir / f"{stem}.json", truth_record())
    write(pred_dir / "broken.json", '{"schema": "form4-record/1", ')
    invalid = predicted(truth_record())
    del invalid["issuer"]
    write(pred_dir / "invalid.json", invalid)
    write(pred_dir / "null.json", "null")
    write(pred_dir / "good.json", predicted(truth_record()))
    report = evaluate_dirs(pred_dir, truth_dir)
    assert report.missing == []
    assert sorted(report.malformed) == ["broken", "invalid", "null"]
    assert report.malformed["broken"].startswith("invalid JSON")
    assert "issuer" in report.malformed["invalid"]
    assert report.field_acc == pytest.approx(0.25)
    assert report.doc_exact == 0.25
    broken = next(d for d in report.documents if d.name == "broken")
    assert broken.correct == 0 and all(o.confidence == 0.0 for o in broken.outcomes)
    text = format_report(report)
    assert "Malformed predictions (3):" in text and "  broken: invalid JSON" in text


def test_truth_dir_errors(tmp_path: Path):
    from extractor.evaluate import TruthFileError

    (tmp_path / "t").mkdir()
    with pytest.raises(TruthFileError):
        evaluate_dirs(tmp_path, tmp_path / "t")
    write(tmp_path / "t" / "x.json", "[")
    with pytest.raises(TruthFileError):
        evaluate_dirs(tmp_path, tmp_path / "t")
    with pytest.raises(NotADirectoryError):
        evaluate_dirs(tmp_path / "nope", tmp_path / "t")


# --------------------------------------------------------------------------- calibration


def test_ece_perfectly_calibrated():
    outs = outcomes([(0.8, i < 8) for i in range(10)])
    assert expected_calibration_error(outs) == pytest.approx(0.0, abs=1e-12)
    mixed = outs + outcomes([(0.35, i < 1) for i in range(4)] * 5)  # 0.35 conf, 25 % right
    assert expected_calibration_error(mixed) == pytest.approx(20 / 30 * 0.0 + 20 / 30 * 0.1)


def test_ece_badly_calibrated():
    outs = outcomes([(1.0, i % 2 == 0) for i in range(10)])
    assert expected_calibration_error(outs) == pytest.approx(0.5)
    assert expected_calibration_error([]) == 0.0


def test_reliability_bins():
    bins = reliability_bins(outcomes([(0.0, False), (0.05, True), (0.8, True), (1.0, True)]))
    assert len(bins) == 10 and bins[0].lo == 0.0 and bins[-1].hi == 1.0
    assert [b.count for b in bins] == [2, 0, 0, 0, 0, 0, 0, 0, 1, 1]
    assert bins[0].accuracy == 0.5 and bins[0].mean_confidence == pytest.approx(0.025)
    assert bins[1].accuracy is None and bins[1].mean_confidence is None
    assert [b.count for b in reliability_bins(outcomes([(0.5, True)]), n_bins=2)] == [0, 1]


def test_coverage_at_995():
    assert coverage_at_accuracy(outcomes([(0.9, True)] * 5 + [(0.2, True)] * 5)) == 1.0
    # 99 right at 0.9, one wrong at 0.1: accept the 99.
    assert coverage_at_accuracy(outcomes([(0.9, True)] * 99 + [(0.1, False)])) == pytest.approx(
        0.99
    )
    # the wrong one ties with the right ones: no threshold reaches 99.5 %
    assert coverage_at_accuracy(outcomes([(0.9, True)] * 99 + [(0.9, False)])) == 0.0
    # exactly 99.5 % qualifies (199 right + 1 wrong, all accepted)
    assert coverage_at_accuracy(outcomes([(0.9, True)] * 199 + [(0.5, False)])) == 1.0
    # not monotone: a confident error on top is diluted by 400 right answers below it
    assert coverage_at_accuracy(outcomes([(1.0, False)] + [(0.9, True)] * 400)) == 1.0
    assert coverage_at_accuracy(outcomes([(1.0, False)] + [(0.9, True)] * 10)) == 0.0
    assert coverage_at_accuracy([]) == 0.0


def test_report_calibration_from_documents():
    truth = truth_record()
    doc = compare_records(predicted(truth, confidence=1.0), truth)
    report = EvalReport([doc, compare_records(None, truth, name="b")])
    # half the fields right at confidence 1.0, half wrong at 0.0: perfectly calibrated
    assert report.ece == pytest.approx(0.0)
    assert report.coverage_at_995 == pytest.approx(0.5)
    assert sum(b["count"] for b in report.to_dict()["reliability"]) == 2 * doc.counted


# --------------------------------------------------------------------------- output


def test_format_last_line():
    truth = truth_record()
    pred = predicted(truth)
    pred["non_derivative_transactions"][0]["shares"]["value"] = 1001
    report = EvalReport(
        [compare_records(pred, truth, name="a"), compare_records(None, truth, name="b")]
    )
    text = format_report(report)
    last = text.splitlines()[-1]
    assert LAST_LINE.match(last), last
    assert text.endswith(last)
    assert last.endswith(" docs=2") and "doc_exact=0.0000" in last
    assert f"field_acc={report.field_acc:.4f}" in last
    assert "non_derivative_transactions.shares" in text
    for group in ("header", "reporting_owners", "table1", "table2", "footnotes", "signatures"):
        assert group in text


def test_to_dict_is_json():
    truth = truth_record()
    report = EvalReport([compare_records(predicted(truth), truth, name="a")], ["extra"])
    data = json.loads(json.dumps(report.to_dict()))
    for key in ("field_acc", "row_f1", "doc_exact", "ece", "coverage_at_995", "docs"):
        assert key in data
    assert data["rows"]["overall"]["f1"] == 1.0
    assert data["groups"]["table1"]["accuracy"] == 1.0
    assert data["field_names"]["non_derivative_transactions.shares"]["total"] == 2
    assert data["unexpected_predictions"] == ["extra"]
    assert isinstance(report.documents[0], DocResult)


def test_yardstick_never_imports_the_pipeline():
    import ast

    import extractor.evaluate as module

    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    ours = {name for name in imported if name.split(".")[0] == "extractor"}
    assert ours <= {"extractor.record", "extractor.schema"}


def test_calibrator_keeps_order_inside_an_isotonic_step() -> None:
    from extractor.calibration import Calibrator

    model = {"version": 1, "intercept": 0.0, "coef": {"raw_logit": 1.0},
             "isotonic": {"x": [0.0, 0.5, 0.6, 1.0], "y": [0.1, 0.9, 0.9, 0.99]}}
    cal = Calibrator(model)
    lo = cal.probability("issuer.name", {"value": "A", "confidence": 0.52})
    hi = cal.probability("issuer.name", {"value": "A", "confidence": 0.58})
    # Both on the 0.9 step (calibration unchanged to 1e-4), the better score ranked higher.
    assert lo == pytest.approx(0.9, abs=1e-4) and hi == pytest.approx(0.9, abs=1e-4)
    assert hi > lo


def test_calibrator_maps_badly_read_pages_on_their_own() -> None:
    from extractor.calibration import Calibrator

    model = {"version": 1, "intercept": 0.0, "coef": {"raw_logit": 1.0},
             "isotonic": {"x": [0.0, 1.0], "y": [0.0, 1.0]},
             "isotonic_poor_pages": {"page_low_share_min": 0.06, "x": [0.0, 1.0],
                                     "y": [0.0, 0.5]}}
    cal = Calibrator(model)
    field = {"value": "A", "confidence": 0.8, "page_low_share": 0.02}
    assert cal.probability("issuer.name", field) == pytest.approx(0.8, abs=1e-3)
    field["page_low_share"] = 0.2
    assert cal.probability("issuer.name", field) == pytest.approx(0.4, abs=1e-3)


def test_calibrator_weighs_repairs_by_name() -> None:
    from extractor.calibration import Calibrator, features, fit

    guessed = {"value": "S", "confidence": 0.3, "flags": ["repaired:code-guessed"]}
    read = {"value": "S", "confidence": 0.3, "flags": ["repaired:code-from-neighbours"]}
    assert "flag:repaired:code-guessed" in features("x.transaction_code", guessed)
    # guesses mostly wrong, neighbours' codes right: the fitted model tells them apart
    samples = ([(features("x.transaction_code", guessed), k % 3 == 0) for k in range(60)]
               + [(features("x.transaction_code", read), k % 20 != 0) for k in range(60)])
    model = fit(samples)
    assert "flag:repaired:code-guessed" in model["coef"]
    cal = Calibrator(model)
    assert cal.probability("x.transaction_code", read) > cal.probability(
        "x.transaction_code", guessed) + 0.3
