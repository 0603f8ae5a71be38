"""Truth-record sources for ``form4 synth``: fictional records and EDGAR ownership XML."""

from __future__ import annotations

import copy
import csv
import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from extractor.record import iter_fields
from extractor.schema import schema_errors
from extractor.synth.records import LAYOUTS, position_key, synthetic_records, truth_for_layout
from extractor.synth.xml_truth import NotForm4Source, record_from_xml

TX_TABLES = ("non_derivative_transactions", "derivative_transactions")
ALL_TABLES = TX_TABLES + ("non_derivative_holdings", "derivative_holdings")
ACQUIRE = {"P", "A", "M", "C", "X"}
DISPOSE = {"S", "F", "D"}


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return synthetic_records(150, seed=7)


def v(field: dict[str, Any]) -> Any:
    return field["value"]


def ids(field: dict[str, Any]) -> list[str]:
    return field["footnote_ids"]


def tx_dates(rec: dict[str, Any]) -> list[str]:
    return [v(row["transaction_date"]) for t in TX_TABLES for row in rec[t]]


# --------------------------------------------------------------------------- synthetic records


def test_deterministic_for_a_seed_and_prefix_stable() -> None:
    a = synthetic_records(15, seed=3)
    b = synthetic_records(15, seed=3)
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    assert json.dumps(synthetic_records(5, seed=3)) == json.dumps(a[:5])


def test_different_seeds_differ() -> None:
    a = synthetic_records(5, seed=1)
    b = synthetic_records(5, seed=2)
    assert [r["source"]["sha256"] for r in a] != [r["source"]["sha256"] for r in b]
    assert json.dumps(a) != json.dumps(b)


def test_leaves_the_global_random_state_alone() -> None:
    random.seed(1234)
    expected = random.random()
    random.seed(1234)
    synthetic_records(3, seed=0)
    assert random.random() == expected


def test_zero_and_negative_counts() -> None:
    assert synthetic_records(0, seed=1) == []
    with pytest.raises(ValueError):
        synthetic_records(-1, seed=1)


def test_every_record_is_schema_valid_in_every_layout(records) -> None:
    for rec in records:
        assert schema_errors(rec) == [], rec["source"]["path"]
        # edgar and paper return the record unchanged (checked below)
        assert schema_errors(truth_for_layout(rec, "paper-pre2002")) == []


def test_truth_fields_are_certain_and_unlocated(records) -> None:
    for rec in records[:50]:
        for path, field in iter_fields(rec):
            assert field["confidence"] == 1.0, path
            assert field["text"] is None and field["page"] is None and field["bbox"] is None
            assert field["flags"] == []
        assert rec["warnings"] == []
        assert rec["source"]["pages"] == 0 and rec["source"]["dpi"] is None
        assert len(rec["source"]["sha256"]) == 64


def test_holdings_arithmetic(records) -> None:
    checked = 0
    for rec in records:
        for space in (
            ("non_derivative_transactions", "non_derivative_holdings"),
            ("derivative_transactions", "derivative_holdings"),
        ):
            position: dict[tuple, float] = {}
            for table in space:
                for row in rec[table]:
                    key = position_key(table, row)
                    after = v(row["shares_owned_following_transaction"])
                    assert after is not None and after >= 0
                    if key in position:
                        if "shares" in row:
                            sign = 1 if v(row["acquired_disposed_code"]) == "A" else -1
                            expected = position[key] + sign * v(row["shares"])
                        else:
                            expected = position[key]
                        assert after == pytest.approx(expected, abs=1e-6), rec["source"]["path"]
                        checked += 1
                    position[key] = after
    assert checked > 100  # plenty of chained rows were actually checked


def test_footnotes_referenced_both_ways_and_numbered_in_order(records) -> None:
    for rec in records:
        defined = [n["id"] for n in rec["footnotes"]]
        assert defined == [f"F{i}" for i in range(1, len(defined) + 1)]
        seen: list[str] = []
        for _, field in iter_fields(rec):
            for fid in field["footnote_ids"]:
                if fid not in seen:
                    seen.append(fid)
        assert seen == defined, rec["source"]["path"]  # every marker defined, every note used
        for note in rec["footnotes"]:
            text = v(note["text"])
            assert text and text == " ".join(text.split())
        long_filing = len(rec["non_derivative_transactions"]) >= 12
        assert 1 <= len(defined) <= (60 if long_filing else 6)


def test_code_agrees_with_acquired_disposed(records) -> None:
    codes: Counter[tuple[str, str]] = Counter()
    for rec in records:
        for table in TX_TABLES:
            for row in rec[table]:
                code, ad = v(row["transaction_code"]), v(row["acquired_disposed_code"])
                codes[(code, ad)] += 1
                assert ad in ("A", "D")
                if table == "non_derivative_transactions":
                    assert code in ACQUIRE | DISPOSE | {"G", "J"}
                    if code in ACQUIRE:
                        assert ad == "A"
                    if code in DISPOSE:
                        assert ad == "D"
                else:
                    if code in ("A", "P"):
                        assert ad == "A"
                    if code in ("M", "C", "X", "S", "F", "D"):
                        assert ad == "D"
    nd_codes = {c for (c, _), n in codes.items() if n}
    assert {"P", "S", "A", "M", "F", "G", "C", "D", "X", "J"} <= nd_codes


def test_dates_and_period_of_report(records) -> None:
    for rec in records:
        dates = tx_dates(rec)
        assert dates, "every filing reports at least one transaction"
        assert v(rec["period_of_report"]) == min(dates)
        sigs = [v(s["date"]) for s in rec["signatures"]]
        assert len(sigs) == len(rec["reporting_owners"]) >= 1
        assert all(s >= max(dates) for s in sigs)
        for d in dates + sigs:
            assert "2003-01-01" <= d <= "2025-12-31"
        if v(rec["document_type"]) == "4/A":
            orig = v(rec["date_of_original_submission"])
            assert max(dates) <= orig < min(sigs)
        else:
            assert v(rec["document_type"]) == "4"
            assert v(rec["date_of_original_submission"]) is None
        for table in ("derivative_transactions", "derivative_holdings"):
            for row in rec[table]:
                ex, exp = v(row["exercise_date"]), v(row["expiration_date"])
                if ex and exp:
                    assert ex < exp
        for table in TX_TABLES:
            for row in rec[table]:
                deemed = v(row["deemed_execution_date"])
                if deemed:
                    assert deemed >= v(row["transaction_date"])


def test_owners_issuer_and_values_look_like_filings(records) -> None:
    for rec in records:
        assert v(rec["issuer"]["name"]) and 2 <= len(v(rec["issuer"]["trading_symbol"])) <= 5
        for owner in rec["reporting_owners"]:
            assert v(owner["name"]) and v(owner["street1"]) and v(owner["city"])
            assert len(v(owner["state"])) == 2 and len(v(owner["zip_code"])) == 5
            flags = [v(owner[k]) for k in ("is_director", "is_officer", "is_ten_percent_owner")]
            assert any(flags) or v(owner["is_other"])
            assert (v(owner["officer_title"]) is not None) == v(owner["is_officer"])
            assert (v(owner["other_text"]) is not None) == v(owner["is_other"])
        for table in ALL_TABLES:
            for row in rec[table]:
                own = v(row["direct_or_indirect_ownership"])
                assert own in ("D", "I")
                assert (v(row["nature_of_ownership"]) is not None) == (own == "I")
                for name in ("shares", "price_per_share", "conversion_or_exercise_price"):
                    value = v(row[name]) if name in row else None
                    assert value is None or (isinstance(value, int | float) and value >= 0)
                    if isinstance(value, float):
                        assert value != int(value)  # integral numbers are ints


def test_mix_covers_the_brief(records) -> None:
    seen: Counter[str] = Counter()
    for rec in records:
        seen[f"owners={min(len(rec['reporting_owners']), 3)}"] += 1
        seen[v(rec["document_type"])] += 1
        for owner in rec["reporting_owners"]:
            for k in ("is_director", "is_officer", "is_ten_percent_owner", "is_other"):
                seen[k] += bool(v(owner[k]))
            seen["street2"] += v(owner["street2"]) is not None
        for table in ALL_TABLES:
            seen[table] += bool(rec[table])
        rows = [row for t in TX_TABLES for row in rec[t]]
        seen["deemed"] += any(v(r["deemed_execution_date"]) for r in rows)
        seen["swap"] += any(v(r["equity_swap_involved"]) for r in rows)
        seen["null price"] += any(v(r["price_per_share"]) is None for r in rows)
        seen["indirect"] += any(v(r["direct_or_indirect_ownership"]) == "I" for r in rows)
        seen["remarks"] += v(rec["remarks"]) is not None
        seen["footnote-only value"] += any(
            v(f) is None and ids(f) for r in rows for f in r.values()
        )
    for key in (
        "owners=1", "owners=2", "owners=3", "4", "4/A", "is_director", "is_officer",
        "is_ten_percent_owner", "is_other", "street2", "non_derivative_transactions",
        "non_derivative_holdings", "derivative_transactions", "derivative_holdings", "deemed",
        "swap", "null price", "indirect", "remarks", "footnote-only value",
    ):  # fmt: skip
        assert seen[key] > 0, key
    assert seen["owners=1"] > 0.7 * len(records)
    assert 0.05 * len(records) < seen["4/A"] < 0.3 * len(records)


def test_a_long_filing_among_forty() -> None:
    recs = synthetic_records(40, seed=0)
    lengths = [len(r["non_derivative_transactions"]) for r in recs]
    assert any(12 <= n <= 31 for n in lengths)
    assert sorted(lengths)[len(lengths) // 2] <= 4  # mostly simple, like real filings


def test_truth_for_layout(records) -> None:
    rec = copy.deepcopy(next(r for r in records if v(r["document_type"]) == "4/A"))
    # a footnoted deemed execution date, so that the pre-2002 rule has something to remove
    table = TX_TABLES[0] if rec[TX_TABLES[0]] else TX_TABLES[1]
    row = rec[table][0]
    row["deemed_execution_date"]["value"] = v(row["transaction_date"])
    row["deemed_execution_date"]["footnote_ids"] = ["F1"]
    before = json.dumps(rec, sort_keys=True)

    for layout in ("edgar", "paper"):
        out = truth_for_layout(rec, layout)
        assert out == rec and out is not rec
        assert out["issuer"] is not rec["issuer"]  # a deep copy

    old = truth_for_layout(rec, "paper-pre2002")
    assert json.dumps(rec, sort_keys=True) == before  # input untouched
    assert v(old["period_of_report"]) == v(rec["period_of_report"])[:7]
    assert v(old["date_of_original_submission"]) == v(rec["date_of_original_submission"])[:7]
    for table in TX_TABLES:
        for r_old, r_new in zip(old[table], rec[table], strict=True):
            assert v(r_old["deemed_execution_date"]) is None
            assert ids(r_old["deemed_execution_date"]) == []
            assert v(r_old["equity_swap_involved"]) == v(r_new["equity_swap_involved"])
            assert v(r_old["transaction_date"]) == v(r_new["transaction_date"])
    assert schema_errors(old) == []

    with pytest.raises(ValueError, match="layout"):
        truth_for_layout(rec, "paper-1990")
    assert LAYOUTS == ("edgar", "paper", "paper-pre2002")


# --------------------------------------------------------------------------- XML, no shared data

MINIMAL = """<?xml version="1.0"?>
<ownershipDocument{ns}>
  <schemaVersion>X0508</schemaVersion>
  <documentType>{doc}</documentType>
  <periodOfReport>2021-03-04-05:00</periodOfReport>
  <issuer><issuerName>Example  Holdings,
     Inc.</issuerName><issuerTradingSymbol>exh</issuerTradingSymbol></issuer>
  <reportingOwner>
    <reportingOwnerId><rptOwnerName>DOE JANE</rptOwnerName></reportingOwnerId>
    <reportingOwnerRelationship><isOfficer>true</isOfficer>
      <officerTitle>  Chief   Financial Officer </officerTitle></reportingOwnerRelationship>
  </reportingOwner>
  <nonDerivativeTable>
    <nonDerivativeTransaction>
      <securityTitle><value>Common Stock</value></securityTitle>
      <transactionDate><value>2021-03-04</value><footnoteId id="F2"/></transactionDate>
      <transactionCoding><transactionFormType>4</transactionFormType>
        <transactionCode>s</transactionCode><equitySwapInvolved>1</equitySwapInvolved>
        <footnoteId id="F1"/></transactionCoding>
      <transactionAmounts>
        <transactionShares><value>1,200.50</value></transactionShares>
        <transactionPricePerShare><value>10.00</value></transactionPricePerShare>
        <transactionAcquiredDisposedCode><value>d</value></transactionAcquiredDisposedCode>
      </transactionAmounts>
      <postTransactionAmounts><valueOwnedFollowingTransaction><value>5000</value>
        <footnoteId id="F1"/></valueOwnedFollowingTransaction></postTransactionAmounts>
      <ownershipNature><directOrIndirectOwnership><value>D</value></directOrIndirectOwnership>
      </ownershipNature>
    </nonDerivativeTransaction>
  </nonDerivativeTable>
  <footnotes><footnote id="F1">First
     note.</footnote><footnote id="F2">Second note.</footnote></footnotes>
  <remarks></remarks>
  <ownerSignature><signatureName>/s/ Jane Doe</signatureName>
    <signatureDate>2021-03-05</signatureDate></ownerSignature>
</ownershipDocument>
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("ns", ["", ' xmlns="http://www.sec.gov/edgar/ownership"'])
def test_minimal_xml_conventions(tmp_path: Path, ns: str) -> None:
    rec = record_from_xml(write(tmp_path, "f.xml", MINIMAL.format(ns=ns, doc="4/A")))
    assert schema_errors(rec) == []
    assert v(rec["document_type"]) == "4/A"
    assert v(rec["period_of_report"]) == "2021-03-04"  # timezone suffix stripped
    assert v(rec["not_subject_to_section16"]) is False  # absent checkbox reads unchecked
    assert v(rec["issuer"]["name"]) == "Example Holdings, Inc."
    assert v(rec["issuer"]["trading_symbol"]) == "exh"  # free text: kept as printed
    owner = rec["reporting_owners"][0]
    assert v(owner["is_officer"]) is True and v(owner["is_director"]) is False
    assert v(owner["officer_title"]) == "Chief Financial Officer"
    assert v(owner["street1"]) is None
    row = rec["non_derivative_transactions"][0]
    assert v(row["transaction_code"]) == "S" and ids(row["transaction_code"]) == ["F1"]
    assert v(row["acquired_disposed_code"]) == "D"
    assert ids(row["transaction_date"]) == ["F2"]
    assert v(row["equity_swap_involved"]) is True
    assert v(row["shares"]) == 1200.5
    assert v(row["price_per_share"]) == 10 and isinstance(v(row["price_per_share"]), int)
    assert v(row["shares_owned_following_transaction"]) is None
    assert ids(row["shares_owned_following_transaction"]) == ["F1"]
    assert [(n["id"], v(n["text"])) for n in rec["footnotes"]] == [
        ("F1", "First note."),
        ("F2", "Second note."),
    ]
    assert v(rec["remarks"]) is None
    assert rec["source"]["path"] == str(tmp_path / "f.xml") and rec["source"]["pages"] == 0


@pytest.mark.parametrize("doc", ["3", "5", "3/A"])
def test_other_forms_are_not_form4_sources(tmp_path: Path, doc: str) -> None:
    path = write(tmp_path, f"form{doc[0]}.xml", MINIMAL.format(ns="", doc=doc))
    with pytest.raises(NotForm4Source) as info:
        record_from_xml(path)
    assert str(path) in str(info.value) and doc in str(info.value)
    assert isinstance(info.value, ValueError)


def test_malformed_and_foreign_xml(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.xml", "<ownershipDocument><documentType>4</documentType>")
    with pytest.raises(ValueError, match="bad.xml") as info:
        record_from_xml(bad)
    assert not isinstance(info.value, NotForm4Source)
    other = write(tmp_path, "other.xml", "<edgarSubmission/>")
    with pytest.raises(NotForm4Source, match="other.xml"):
        record_from_xml(other)
    with pytest.raises(ValueError, match="missing.xml"):
        record_from_xml(tmp_path / "missing.xml")


# --------------------------------------------------------------------------- XML, shared data


@pytest.fixture(scope="module")
def edgar_xml(shared_data: Path) -> Path:
    path = shared_data / "edgar-xml"
    if not path.is_dir():
        pytest.skip(f"no edgar-xml folder in {shared_data}")
    return path


def real(edgar_xml: Path, name: str) -> dict[str, Any]:
    path = edgar_xml / name
    if not path.exists():
        pytest.skip(f"{name} not in {edgar_xml}")
    return record_from_xml(path)


@pytest.mark.shared
def test_mongodb_botha_derivative_conversions(edgar_xml: Path) -> None:
    rec = real(edgar_xml, "john-friedman__datamule-python__000089924317024633__doc4.xml")
    assert v(rec["document_type"]) == "4"
    assert v(rec["period_of_report"]) == "2017-10-23"
    assert v(rec["not_subject_to_section16"]) is False
    assert v(rec["date_of_original_submission"]) is None
    assert v(rec["issuer"]["name"]) == "MongoDB, Inc."
    assert v(rec["issuer"]["trading_symbol"]) == "MDB"
    (owner,) = rec["reporting_owners"]
    assert {k: v(f) for k, f in owner.items()} == {
        "name": "BOTHA ROELOF",
        "street1": "2800 SAND HILL ROAD, SUITE 101",
        "street2": None,
        "city": "MENLO PARK",
        "state": "CA",
        "zip_code": "94025",
        "is_director": True,
        "is_officer": False,
        "is_ten_percent_owner": True,
        "is_other": False,
        "officer_title": None,
        "other_text": None,
    }
    assert rec["non_derivative_transactions"] == [] and rec["derivative_holdings"] == []
    rows = rec["derivative_transactions"]
    assert len(rows) == 17
    first = rows[0]
    assert v(first["security_title"]) == "Series C Redeemable Convertible Preferred Stock"
    assert v(first["conversion_or_exercise_price"]) is None  # footnote only
    assert ids(first["conversion_or_exercise_price"]) == ["F1"]
    assert v(first["transaction_date"]) == "2017-10-23"
    assert v(first["deemed_execution_date"]) is None
    assert v(first["transaction_code"]) == "C" and v(first["equity_swap_involved"]) is False
    assert v(first["shares"]) == 3681872
    assert v(first["price_per_share"]) == 0
    assert v(first["acquired_disposed_code"]) == "D"
    assert v(first["exercise_date"]) is None and ids(first["exercise_date"]) == ["F1"]
    assert v(first["expiration_date"]) is None and ids(first["expiration_date"]) == ["F1"]
    assert v(first["underlying_security_title"]) == "Class B Common Stock"
    assert v(first["underlying_security_shares"]) == 2761404
    assert v(first["shares_owned_following_transaction"]) == 0
    assert v(first["direct_or_indirect_ownership"]) == "I"
    assert v(first["nature_of_ownership"]) == "By Sequoia Capital U.S. Venture 2010 Fund, LP"
    assert ids(first["nature_of_ownership"]) == ["F2"]
    last = rows[-1]
    assert v(last["security_title"]) == "Class B Common Stock"
    assert v(last["transaction_code"]) == "J" and ids(last["transaction_code"]) == ["F8"]
    assert v(last["acquired_disposed_code"]) == "A"
    assert v(last["underlying_security_title"]) == "Class A Common Stock"
    assert [n["id"] for n in rec["footnotes"]] == [f"F{i}" for i in range(1, 9)]
    assert v(rec["footnotes"][0]["text"]).startswith(
        "The Series C Redeemable Convertible Preferred Stock automatically converted"
    )
    assert '"Permitted Transfers"' in v(rec["footnotes"][6]["text"])  # entity decoded
    assert v(rec["remarks"]) is None
    (sig,) = rec["signatures"]
    assert v(sig["name"]) == "/s/ Jung Yeon Son, by power of attorney for Roelof F. Botha"
    assert v(sig["date"]) == "2017-10-25"
    assert rec["warnings"] == []


@pytest.mark.shared
def test_square_holdings_and_footnote_only_price(edgar_xml: Path) -> None:
    rec = real(edgar_xml, "john-friedman__datamule-python__000089924318015035__doc4.xml")
    assert v(rec["issuer"]["name"]) == "Square, Inc." and v(rec["issuer"]["trading_symbol"]) == "SQ"
    owner = rec["reporting_owners"][0]
    assert v(owner["street1"]) == "C/O SEQUOIA CAPITAL,"
    assert v(owner["street2"]) == "2800 SAND HILL ROAD SUITE 101"
    assert v(owner["is_director"]) is True and v(owner["is_ten_percent_owner"]) is False
    holdings = rec["non_derivative_holdings"]
    assert [v(h["shares_owned_following_transaction"]) for h in holdings] == [45171, 899976]
    assert [v(h["direct_or_indirect_ownership"]) for h in holdings] == ["D", "I"]
    assert v(holdings[0]["nature_of_ownership"]) is None
    assert v(holdings[1]["nature_of_ownership"]) == (
        "Sequoia Capital U.S. Venture 2010-Seed Fund, L.P."
    )
    assert ids(holdings[1]["nature_of_ownership"]) == ["F1"]
    txs = rec["non_derivative_transactions"]
    assert [v(t["shares"]) for t in txs] == [854606, 35515]
    assert all(v(t["transaction_code"]) == "A" for t in txs)
    assert all(v(t["price_per_share"]) is None and ids(t["price_per_share"]) == ["F2"] for t in txs)
    assert [v(t["nature_of_ownership"]) for t in txs] == [
        "Sequoia Capital U.S. Growth Fund IV, LP",
        "Sequoia Capital USGF Principals Fund IV, L.P.",
    ]
    assert v(rec["signatures"][0]["name"]) == "/s/ Jung Yeon Son, Attorney-in-Fact"
    assert v(rec["signatures"][0]["date"]) == "2018-06-04"


@pytest.mark.shared
def test_timezone_suffixed_dates_and_text_booleans(edgar_xml: Path) -> None:
    rec = real(edgar_xml, "feiseli__edgar-pipeline__form4_tz_suffix_date.xml")
    assert v(rec["period_of_report"]) == "2024-07-19"
    assert v(rec["non_derivative_transactions"][0]["transaction_date"]) == "2024-07-19"
    assert v(rec["signatures"][0]["date"]) == "2024-07-19"
    assert v(rec["not_subject_to_section16"]) is False
    owner = rec["reporting_owners"][0]
    assert v(owner["is_ten_percent_owner"]) is True and v(owner["is_director"]) is False
    assert (v(owner["state"]), v(owner["zip_code"])) == ("A1", "V6E 2K3")


@pytest.mark.shared
def test_value_owned_following_only(edgar_xml: Path) -> None:
    rec = real(edgar_xml, "john-friedman__datamule-python__000106299322021877__form4.xml")
    row = rec["derivative_transactions"][0]
    assert v(row["security_title"]) == "2.0% Convertible Senior Notes due 2027"
    assert v(row["conversion_or_exercise_price"]) == 48.8935
    assert v(row["shares"]) is None  # only transactionTotalValue is given
    assert v(row["shares_owned_following_transaction"]) is None  # only a dollar value
    assert v(row["expiration_date"]) == "2027-11-15"


def doc_types(edgar_xml: Path) -> dict[str, str]:
    with (edgar_xml / "SOURCES.tsv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return {r["file"]: r["docType"].strip() for r in rows if r.get("file")}


@pytest.mark.shared
def test_every_shared_xml_file(edgar_xml: Path) -> None:
    files = sorted(edgar_xml.glob("*.xml"))
    if not files:
        pytest.skip(f"no XML files in {edgar_xml}")
    expected = doc_types(edgar_xml) if (edgar_xml / "SOURCES.tsv").exists() else {}
    parsed = skipped = 0
    for path in files:
        want = expected.get(path.name)
        try:
            rec = record_from_xml(path)
        except NotForm4Source as exc:
            skipped += 1
            assert path.name in str(exc)
            assert want is None or want not in ("4", "4/A"), path.name
            continue
        parsed += 1
        assert want is None or want in ("4", "4/A"), path.name
        assert rec["warnings"] == [], path.name  # record_from_xml validated the schema
        defined = {n["id"] for n in rec["footnotes"]}
        for where, field in iter_fields(rec):
            assert set(field["footnote_ids"]) <= defined, (path.name, where)
    assert parsed > 0
    if expected:
        n4 = sum(1 for f in files if expected.get(f.name) in ("4", "4/A"))
        assert parsed == n4 and skipped == len(files) - n4
