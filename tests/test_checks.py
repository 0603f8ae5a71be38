"""One test per consistency check, each with a hand-built record that violates it (pure)."""

from __future__ import annotations

from typing import Any

import pytest

from extractor import checks
from extractor.mapping.assemble import field_from_text
from extractor.record import empty_owner, empty_record, empty_row, make_field


def _row(date: str, code: str, shares: str, ad: str, following: str,
         title: str = "Common Stock", form: str = "D") -> dict[str, Any]:
    row = empty_row("non_derivative_transactions")
    for name, text in (("security_title", title), ("transaction_date", date),
                       ("transaction_code", code), ("shares", shares),
                       ("acquired_disposed_code", ad),
                       ("shares_owned_following_transaction", following),
                       ("direct_or_indirect_ownership", form)):
        row[name] = field_from_text(name, text, conf=95.0, page=1, bbox=None)
    return row


def _record(*rows: dict[str, Any]) -> dict[str, Any]:
    rec = empty_record(path="x.pdf", sha256="0", pages=1, dpi=300)
    rec["non_derivative_transactions"] = list(rows)
    rec["reporting_owners"] = [empty_owner()]
    return rec


def test_holdings_arithmetic_repairs_split_digits() -> None:
    """The seed's '40 5,274' is 46,274: the next row (45,223 after disposing of 1,051) says so."""
    rec = _record(_row("02/06/2023", "A", "3,638", "A", "40 5,274"),
                  _row("02/06/2023", "F", "1,051", "D", "45,223"))
    first = rec["non_derivative_transactions"][0]["shares_owned_following_transaction"]
    assert first["value"] == 405274 and "repaired:split-digits" in first["flags"]
    clean_conf = rec["non_derivative_transactions"][1]["shares"]["confidence"]
    checks.apply_checks(rec)
    assert first["value"] == 46274
    assert "repaired:holdings-arithmetic" in first["flags"]
    assert first["confidence"] < clean_conf


def test_holdings_arithmetic_failure_is_reported() -> None:
    rec = _record(_row("01/02/2020", "P", "100", "A", "1,000"),
                  _row("01/03/2020", "P", "100", "A", "5,555"))
    problems = checks.check_holdings_arithmetic(rec)
    assert problems and "shares owned following" in problems[0]
    assert "check-failed:holdings-arithmetic" in \
        rec["non_derivative_transactions"][1]["shares"]["flags"]


def test_an_acquisition_above_the_holdings_after_it_is_doubted() -> None:
    """The first row of a holding: 211,000 acquired (21,100 with its marker read as a 0)
    and 29,020 owned after; a disposal, or a row the holdings arithmetic checks, is not."""
    rec = _record(_row("02/12/2004", "A", "21,1000", "A", "29,020"))
    shares = rec["non_derivative_transactions"][0]["shares"]
    assert "check-failed:digit-groups" in shares["flags"]
    problems = checks.check_acquisition_within_holdings(rec)
    assert problems and "acquired 211000" in problems[0]
    assert "check-failed:acquired-over-holdings" in shares["flags"]
    for rows in ((_row("02/12/2004", "S", "211,000", "D", "29,020"),),
                 (_row("02/12/2004", "A", "21,100", "A", "29,020"),)):
        assert checks.check_acquisition_within_holdings(_record(*rows)) == []
    # So in Table II.
    rec = _record()
    rec["derivative_transactions"] = [_row("12/15/2016", "P", "25,600,000", "A", "25,000,000")]
    assert checks.check_acquisition_within_holdings(rec)
    assert "check-failed:acquired-over-holdings" in rec["derivative_transactions"][0][
        "shares"]["flags"]


def test_holdings_arithmetic_fills_an_unread_amount() -> None:
    """A sale's amount read as garbage with its marker ('heefn(2)', a moderate render of a real
    filing) is what the holdings before and after it give; one with legible digits that cannot
    be that amount is left unread, and so is a row whose holdings rose on a disposal."""
    rec = _record(_row("12/02/2021", "S", "6,900(2)", "D", "2,145,000"),
                  _row("12/02/2021", "S", "heefn(2)", "D", "2,139,045"),
                  _row("12/02/2021", "S", "7,883(2)", "D", "2,131,162"))
    checks.apply_checks(rec)
    filled = rec["non_derivative_transactions"][1]["shares"]
    assert filled["value"] == 5955 and "repaired:holdings-arithmetic" in filled["flags"]
    assert filled["confidence"] <= 0.6
    rec = _record(_row("12/02/2021", "S", "6,900(2)", "D", "2,145,000"),
                  _row("12/02/2021", "S", "88888", "D", "2,139,045"))
    rec["non_derivative_transactions"][1]["shares"]["value"] = None  # legible, not parsed
    checks.check_holdings_arithmetic(rec)
    assert rec["non_derivative_transactions"][1]["shares"]["value"] is None
    rec = _record(_row("12/02/2021", "S", "6,900(2)", "D", "2,145,000"),
                  _row("12/02/2021", "S", "heefn(2)", "D", "2,150,000"))
    checks.check_holdings_arithmetic(rec)
    assert rec["non_derivative_transactions"][1]["shares"]["value"] is None


def test_a_marker_is_not_a_digit_of_the_misread_amount() -> None:
    """'iel7(2)' for 5,717 is 17 with digits lost, not 172: the holdings mend it."""
    rec = _record(_row("11/23/2021", "S", "5,496(2)", "D", "1,000,000"),
                  _row("11/23/2021", "S", "iel7(2)", "D", "994,283"))
    checks.check_holdings_arithmetic(rec)
    assert rec["non_derivative_transactions"][1]["shares"]["value"] == 5717


def test_an_amount_its_confirmed_holdings_give_is_mended() -> None:
    """'12,060.909' read for 12,369.999, three digits off: the holdings before and after it
    each balance with the rows on their other side, so the amount is what they give. With a
    holding that balances nowhere else, or an amount of another length, it stays reported."""
    def rows(middle: str, last: str = "210,226.584") -> list[dict[str, Any]]:
        return [_row("12/20/2013", "S", "5,800", "D", "230,141.583"),
                _row("12/20/2013", "S", "5,800", "D", "224,341.583"),
                _row("12/20/2013", "S", middle, "D", "211,971.584"),
                _row("12/20/2013", "S", "1,745", "D", last)]
    rec = _record(*rows("12,060.909"))
    assert checks.check_holdings_arithmetic(rec) == []
    shares = rec["non_derivative_transactions"][2]["shares"]
    assert shares["value"] == 12369.999
    assert "repaired:holdings-arithmetic" in shares["flags"]
    assert not any(f.startswith("check-failed") for f in shares["flags"])
    for middle, last in (("12,060.909", "210,000"), ("112,060.909", "210,226.584")):
        rec = _record(*rows(middle, last))
        assert any("is not" in p for p in checks.check_holdings_arithmetic(rec))
        assert rec["non_derivative_transactions"][2]["shares"]["value"] != 12369.999


def test_a_holding_that_lost_its_point_takes_its_rows_fraction() -> None:
    """Holdings that carry one fraction (".838", whole shares sold): one read as a whole
    number ending in it, a thousand times the others, had its point read as a comma. A
    whole number of the holdings' size, or ending otherwise, is as read."""
    rec = _record(_row("05/06/2013", "S", "1,618", "D", "330,638.838"),
                  _row("05/06/2013", "S", "26,600", "D", "304,038,838"),
                  _row("05/06/2013", "S", "14,300", "D", "289,738.838"),
                  _row("05/06/2013", "S", "1,000", "D", "288,738,000"))
    checks.check_holdings_fraction(rec)
    held = [r["shares_owned_following_transaction"] for r in rec["non_derivative_transactions"]]
    assert held[1]["value"] == 304038.838 and "repaired:fraction-point" in held[1]["flags"]
    assert held[3]["value"] == 288738000
    assert checks.check_holdings_arithmetic(rec)  # the last row stays wrong, and reported
    rec = _record(_row("05/06/2013", "S", "1,618", "D", "330,638.838"),
                  _row("05/06/2013", "S", "26,600", "D", "304,038.838"),
                  _row("05/06/2013", "P", "26,800", "A", "330,838"))
    checks.check_holdings_fraction(rec)
    assert rec["non_derivative_transactions"][2]["shares_owned_following_transaction"][
        "value"] == 330838


def test_holdings_arithmetic_passes() -> None:
    rec = _record(_row("01/02/2020", "P", "100", "A", "1,000"),
                  _row("01/03/2020", "S", "300", "D", "700"))
    assert checks.check_holdings_arithmetic(rec) == []
    assert "check-passed:holdings-arithmetic" in \
        rec["non_derivative_transactions"][1]["shares"]["flags"]


def test_code_vs_acquired_disposed() -> None:
    rec = _record(_row("01/02/2020", "S", "100", "A", "900"),
                  _row("01/03/2020", "P", "100", "", "1,000"))
    problems = checks.check_code_vs_acquired_disposed(rec)
    assert len(problems) == 1 and "code S" in problems[0]
    second = rec["non_derivative_transactions"][1]["acquired_disposed_code"]
    assert second["value"] == "A" and "repaired:code-vs-acquired-disposed" in second["flags"]


def test_exercise_is_disposed_in_table_two() -> None:
    rec = _record()
    row = empty_row("derivative_transactions")
    row["transaction_code"] = make_field("M", confidence=0.9)
    row["acquired_disposed_code"] = make_field("A", confidence=0.9)
    row["shares"] = make_field(100, confidence=0.9)
    rec["derivative_transactions"] = [row]
    assert checks.check_code_vs_acquired_disposed(rec)


def test_period_of_report_is_earliest_transaction() -> None:
    rec = _record(_row("02/06/2023", "A", "1", "A", "1"), _row("02/07/2023", "A", "1", "A", "2"))
    rec["period_of_report"] = make_field("2023-02-07", confidence=0.9, text="02/07/2023")
    assert checks.check_period_of_report(rec, repair=False)
    rec["period_of_report"] = make_field("2023-02-08", confidence=0.9, text="02/08/2023")
    assert checks.check_period_of_report(rec) == []  # one digit off: mended
    assert rec["period_of_report"]["value"] == "2023-02-06"
    assert "repaired:period-of-report" in rec["period_of_report"]["flags"]


def _signed(text: str) -> dict[str, Any]:
    return {"name": make_field("/s/ A. Filer", confidence=0.9, text="/s/ A. Filer"),
            "date": field_from_text("transaction_date", text, conf=40.0, page=1, bbox=None)}


def test_a_signature_date_read_as_no_date_is_the_nearest_after_the_last_trade() -> None:
    rec = _record(_row("11/11/2024", "S", "1", "D", "1"), _row("11/13/2024", "S", "1", "D", "0"))
    rec["signatures"] = [_signed("14/15/2024"), _signed("96/13/2613"), _signed("11/14/2024"),
                         _signed("06/30/202")]
    assert [s["date"]["value"] for s in rec["signatures"]] == [None, None, "2024-11-14", None]
    checks.check_signature_date(rec)
    got = [s["date"]["value"] for s in rec["signatures"]]
    # 11/15 (one digit, two days after the last trade; not 12/15); 06/13/2613 is two digits
    # from no date near the trades: left unread; a date read as one and a torn year stay.
    assert got == ["2024-11-15", None, "2024-11-14", None]
    assert "repaired:signature-date" in rec["signatures"][0]["date"]["flags"]
    rec = _record(_row("06/11/2013", "S", "1", "D", "0"))
    rec["signatures"] = [_signed("96/13/2613")]
    checks.check_signature_date(rec)
    assert rec["signatures"][0]["date"]["value"] == "2013-06-13"  # two digits off


def test_a_signature_date_whose_year_was_torn_takes_the_year_of_the_trades() -> None:
    rec = _record(_row("07/22/2025", "S", "1", "D", "0"))
    rec["signatures"] = [_signed("07/28/20"), _signed("07/24/202"), _signed("07/28/2025"),
                         _signed("03/01/20")]
    assert rec["signatures"][0]["date"]["value"] == "2020-07-28"
    checks.check_signature_date(rec)
    got = [s["date"]["value"] for s in rec["signatures"]]
    # 2025 puts both days after the trade; March 1 fits no year within 60 days: left alone.
    assert got == ["2025-07-28", "2025-07-24", "2025-07-28", "2020-03-01"]
    assert "repaired:torn-year" in rec["signatures"][0]["date"]["flags"]


def test_a_signature_date_with_a_part_lost_is_completed_from_the_trades() -> None:
    rec = _record(_row("05/09/2019", "S", "1", "D", "0"))
    rec["signatures"] = [_signed("09/25"), _signed("05/13"), _signed("13/2019"),
                         _signed("05/2019"), _signed("5/10/2019")]
    checks.check_signature_date(rec)
    got = [s["date"]["value"] for s in rec["signatures"]]
    # "09/25": no September 25 within 60 days of the trade; "05/13": the year of the trade;
    # "13/2019": May 13 (June 13 is a month later); "05/2019": May 10 to 31 all fit (as a day
    # lost) and June 5 (as a month lost) too close to tell: left alone.
    assert got == [None, "2019-05-13", "2019-05-13", None, "2019-05-10"]
    assert "repaired:signature-date-part" in rec["signatures"][1]["date"]["flags"]
    rec = _record(_row("12/30/2019", "S", "1", "D", "0"))
    rec["signatures"] = [_signed("01/02")]
    checks.check_signature_date(rec)
    assert rec["signatures"][0]["date"]["value"] == "2020-01-02"  # the next year


def test_a_date_whose_year_the_filing_contradicts() -> None:
    """Seed 13600, heavy faxes: "82/23/2618" taken for 2018-02-23 beside a signature of
    02/25/2010 and a row reading ".92/23/2010"; "12/08/2024" beside box 3's 02/08/2021 and a
    signature "92/10/2021"."""
    rec = _record(_row("82/23/2618", "S", "1", "D", "1"), _row(".92/23/2010", "S", "1", "D", "0"))
    rows = rec["non_derivative_transactions"]
    assert rows[0]["transaction_date"]["value"] == "2018-02-23"
    rec["signatures"] = [_signed("02/25/2010")]
    checks.check_missing_date(rec)  # the second row takes the first's date
    assert rows[1]["transaction_date"]["value"] == "2018-02-23"
    checks.check_date_years(rec)
    assert [r["transaction_date"]["value"] for r in rows] == ["2010-02-23"] * 2
    assert "repaired:date-year" in rows[0]["transaction_date"]["flags"]
    # not the same day of that year: the date a digit or two away that the filing names
    rec = _record(_row("12/08/2024", "S", "1", "D", "0"))
    rec["period_of_report"] = field_from_text("period_of_report", "02/08/2021", conf=90.0,
                                              page=1, bbox=None)
    rec["signatures"] = [_signed("02/10/2021")]
    checks.check_date_years(rec)
    assert rec["non_derivative_transactions"][0]["transaction_date"]["value"] == "2021-02-08"


def test_dates_of_another_year_the_filing_explains_stay() -> None:
    # traded in December, signed in January
    rec = _record(_row("12/11/2015", "S", "1", "D", "1"), _row("12/11/2015", "S", "1", "D", "0"))
    rec["signatures"] = [_signed("01/10/2016")]
    checks.check_date_years(rec)
    assert rec["signatures"][0]["date"]["value"] == "2016-01-10"
    # a late report of old trades: two rows read the same old date
    rec = _record(_row("07/17/2020", "S", "1", "D", "3"), _row("07/17/2020", "S", "1", "D", "2"),
                  _row("06/29/2021", "S", "1", "D", "1"), _row("06/29/2021", "S", "1", "D", "0"))
    rec["signatures"] = [_signed("07/01/2021")]
    checks.check_date_years(rec)
    assert [r["transaction_date"]["value"] for r in rec["non_derivative_transactions"]][:2] == \
        ["2020-07-17"] * 2
    # signed months later by several owners: their signatures count once
    rec = _record(_row("12/09/2024", "P", "1", "A", "1"))
    rec["signatures"] = [_signed("03/07/2025") for _ in range(8)]
    checks.check_date_years(rec)
    assert rec["non_derivative_transactions"][0]["transaction_date"]["value"] == "2024-12-09"


def test_transaction_dated_well_after_the_signature_is_mended_or_flagged() -> None:
    # A year misread ("08/28/2025" for 2015): one digit from 2015-08-28, which another row
    # of the filing names.
    rec = _record(_row("08/28/2015", "S", "1", "D", "2"), _row("08/28/2025", "S", "1", "D", "1"))
    rec["signatures"] = [_signed("08/29/2015")]
    checks.check_transaction_after_signature(rec)
    date = rec["non_derivative_transactions"][1]["transaction_date"]
    assert date["value"] == "2015-08-28" and "repaired:date-after-signature" in date["flags"]
    # "08/08/20: 3" read as 2020 for 2003: two digits away; box 3 names the date.
    rec = _record(_row("08/08/2020", "S", "1", "D", "0"))
    rec["period_of_report"] = make_field("2003-08-08", confidence=0.9)
    rec["signatures"] = [_signed("08/09/2003")]
    checks.check_transaction_after_signature(rec)
    assert rec["non_derivative_transactions"][0]["transaction_date"]["value"] == "2003-08-08"
    # Nothing near the signature one or two digits away: flagged, left as read.
    rec = _record(_row("01/02/2003", "S", "1", "D", "1"), _row("07/19/2011", "S", "1", "D", "0"))
    rec["signatures"] = [_signed("01/05/2003")]
    problems = checks.check_transaction_after_signature(rec)
    date = rec["non_derivative_transactions"][1]["transaction_date"]
    assert date["value"] == "2011-07-19" and "check-failed:date-after-signature" in date["flags"]
    assert problems
    # Most of the filing after the signature: the signature is the suspect, the rows stay.
    rec = _record(_row("02/18/2019", "S", "1", "D", "1"), _row("02/19/2019", "S", "1", "D", "0"))
    rec["signatures"] = [_signed("08/02/2010")]
    assert checks.check_transaction_after_signature(rec) == []
    assert [r["transaction_date"]["value"] for r in rec["non_derivative_transactions"]] == [
        "2019-02-18", "2019-02-19"]
    # A few days after it: as likely a signature misread early; left to check_plausibility.
    rec = _record(_row("03/10/2025", "S", "1", "D", "1"), _row("03/19/2025", "S", "1", "D", "0"))
    rec["signatures"] = [_signed("03/18/2025")]
    assert checks.check_transaction_after_signature(rec) == []


def test_footnote_references() -> None:
    rec = _record(_row("02/06/2023", "A", "3,638(2)", "A", "3,638"))
    rec["footnotes"] = [{"id": "F1", "text": make_field("Award.", confidence=0.9)}]
    problems = checks.check_footnote_references(rec)
    assert any("F2 has no footnote" in p for p in problems)
    assert any("F1 is not referred to" in p for p in problems)


def test_plausibility() -> None:
    rec = _record(_row("02/06/2023", "A", "10", "A", "10"))
    rec["signatures"] = [{"name": make_field("/s/ A", confidence=1.0),
                          "date": make_field("2023-01-01", confidence=0.9)}]
    row = empty_row("derivative_holdings")
    row["exercise_date"] = make_field("2030-01-01", confidence=0.9)
    row["expiration_date"] = make_field("2025-01-01", confidence=0.9)
    rec["derivative_holdings"] = [row]
    rec["non_derivative_transactions"][0]["price_per_share"] = make_field(-1.5, confidence=0.9)
    rec["non_derivative_transactions"][0]["shares"] = make_field(10.5, confidence=0.9,
                                                                 text="105")
    problems = " | ".join(checks.check_plausibility(rec))
    assert "signed 2023-01-01" in problems
    assert "after expiration" in problems
    assert "negative" in problems
    assert "fractional shares" in problems


def test_missing_code_taken_from_rows_that_go_the_same_way() -> None:
    rec = _record(_row("12/21/2018", "S", "4,386", "D", "9,000"),
                  _row("12/21/2018", "", "2,636", "D", "6,364"),
                  _row("12/21/2018", "S", "1,364", "D", "5,000"),
                  _row("12/21/2018", "S", "1,000", "D", "4,000"))
    lost = rec["non_derivative_transactions"][1]["transaction_code"]
    assert lost["value"] is None
    assert checks.check_missing_code(rec) == []
    assert lost["value"] == "S" and "repaired:code-from-neighbours" in lost["flags"]
    assert lost["confidence"] < rec["non_derivative_transactions"][0]["transaction_code"][
        "confidence"]
    # ... also on a row whose date was lost too, when it gives an amount (seed 13000)
    rec["non_derivative_transactions"][1] = _row("", "", "2,636", "D", "6,364")
    checks.check_missing_code(rec)
    assert rec["non_derivative_transactions"][1]["transaction_code"]["value"] == "S"
    rec["non_derivative_transactions"][1] = _row("", "", "", "D", "6,364")
    checks.check_missing_code(rec)  # neither date nor amount: perhaps no transaction
    assert rec["non_derivative_transactions"][1]["transaction_code"]["value"] is None


def test_missing_code_without_agreeing_neighbours_is_a_reported_guess() -> None:
    rec = _record(_row("12/21/2018", "S", "4,386", "D", "9,000"),
                  _row("12/21/2018", "", "2,636", "D", "6,364"),
                  _row("12/21/2018", "F", "1,364", "D", "5,000"))
    problems = checks.check_missing_code(rec)
    assert problems and "no transaction code" in problems[0] and "likeliest" in problems[0]
    lost = rec["non_derivative_transactions"][1]["transaction_code"]
    # A row always carries a code: the likeliest disposition in Table I, scored low.
    assert lost["value"] == "S" and lost["confidence"] <= 0.3
    assert "repaired:code-guessed" in lost["flags"]
    assert checks.check_missing_code(rec, repair=False) == []  # nothing left to report


def test_missing_code_from_the_other_side_of_an_exercise() -> None:
    rec = _record(_row("05/16/2022", "", "37,489", "A", "40,000"))
    option = empty_row("derivative_transactions")
    for name, text in (("security_title", "Stock Option (right to buy)"),
                       ("transaction_date", "05/16/2022"), ("transaction_code", "M"),
                       ("shares", "37,489"), ("acquired_disposed_code", "D")):
        option[name] = field_from_text(name, text, conf=95.0, page=1, bbox=None)
    rec["derivative_transactions"] = [option]
    assert checks.check_missing_code(rec) == []
    lost = rec["non_derivative_transactions"][0]["transaction_code"]
    assert lost["value"] == "M" and "repaired:code-from-exercise" in lost["flags"]


def test_code_one_stroke_from_its_direction_is_mended() -> None:
    rec = _record(_row("06/01/2018", "E", "2,709", "D", "10,000"),
                  _row("06/01/2018", "P", "100", "D", "9,900"),
                  _row("06/02/2018", "P", "100", "A", "10,000"),
                  _row("06/03/2018", "E", "2,300", "A", "12,300"))
    assert checks.check_code_vs_acquired_disposed(rec) == []
    rows = rec["non_derivative_transactions"]
    assert [r["transaction_code"]["value"] for r in rows] == ["F", "F", "P", "P"]
    assert "repaired:code-vs-acquired-disposed" in rows[0]["transaction_code"]["flags"]
    assert rows[0]["transaction_code"]["confidence"] < rows[2]["transaction_code"]["confidence"]


def test_ownership_form_from_nature_of_ownership() -> None:
    direct = _row("01/02/2020", "P", "100", "A", "1,000", form="")
    indirect = _row("01/02/2020", "P", "100", "A", "2,000", form="")
    indirect["nature_of_ownership"] = field_from_text("nature_of_ownership", "By Trust",
                                                      conf=95.0, page=1, bbox=None)
    wrong = _row("01/02/2020", "P", "100", "A", "3,000", form="I")
    rec = _record(direct, indirect, wrong)
    problems = checks.check_ownership_form(rec)
    assert direct["direct_or_indirect_ownership"]["value"] == "D"
    assert indirect["direct_or_indirect_ownership"]["value"] == "I"
    assert "repaired:ownership-form-from-nature" in indirect["direct_or_indirect_ownership"][
        "flags"]
    assert problems == ["non_derivative_transactions[2]: indirect ownership without its nature"]


def test_title_read_once_follows_the_title_on_other_rows() -> None:
    rows = [_row("12/21/2018", "S", "100", "D", f"{9000 - 100 * k:,}") for k in range(3)]
    rows.append(_row("12/21/2018", "S", "100", "D", "8,600", title="Cowmen Stock"))
    rows.append(_row("12/21/2018", "S", "100", "D", "8,500", title="Preferred Stock"))
    rows.append(_row("12/21/2018", "S", "100", "D", "8,400", title="Class B Common Stock"))
    rows += [_row("12/21/2018", "S", "100", "D", "8,300", title="Class A Common Stock")] * 2
    rec = _record(*rows)
    checks.check_title_consensus(rec)
    titles = [r["security_title"]["value"] for r in rec["non_derivative_transactions"]]
    # Class B is another security, not a misreading of Class A.
    assert titles == ["Common Stock"] * 4 + ["Preferred Stock", "Class B Common Stock"] + [
        "Class A Common Stock"] * 2
    assert "repaired:title-consensus" in rec["non_derivative_transactions"][3][
        "security_title"]["flags"]


def test_title_read_once_with_a_small_word_lost_follows_the_filings_title() -> None:
    """'per' lost and a scrap read after the title: the title read on another row; a lost
    capitalised word may name another security, and a garbled reading is no title to follow."""
    full = "Common Stock, par value $0.001 per share"
    rec = _record(_row("02/12/2004", "S", "100", "D", "900", title=full),
                  _row("02/12/2004", "S", "100", "D", "800",
                       title="Common Stock, par value $0.001 share Be"))
    checks.check_title_consensus(rec)
    assert [r["security_title"]["value"] for r in rec["non_derivative_transactions"]] == [
        full, full]
    rec = _record(_row("02/12/2004", "S", "100", "D", "900", title="Employee Stock Option"),
                  _row("02/12/2004", "S", "100", "D", "800", title="Stock Option"),
                  _row("02/12/2004", "S", "100", "D", "700", title="te Common Stock"),
                  _row("02/12/2004", "S", "100", "D", "600", title="Common Stock"))
    checks.check_title_consensus(rec)
    assert [r["security_title"]["value"] for r in rec["non_derivative_transactions"]] == [
        "Employee Stock Option", "Stock Option", "te Common Stock", "Common Stock"]


def _field(name: str, text: str) -> dict[str, Any]:
    return field_from_text(name, text, conf=95.0, page=1, bbox=None)


def test_minus_read_before_an_amount_goes() -> None:
    rec = _record(_row("01/02/2020", "S", "-5,100", "D", "1,000"))
    shares = rec["non_derivative_transactions"][0]["shares"]
    assert shares["value"] == -5100
    checks.check_signs(rec)
    assert shares["value"] == 5100 and "repaired:sign" in shares["flags"]


def test_derivative_holding_amounts_agree() -> None:
    rec = _record()
    good, lost, odd = (empty_row("derivative_holdings") for _ in range(3))
    good["underlying_security_shares"] = _field("underlying_security_shares", "55,900")
    good["shares_owned_following_transaction"] = _field("shares_owned_following_transaction",
                                                        "55,900")
    lost["underlying_security_shares"] = _field("underlying_security_shares", "55,900")
    lost["shares_owned_following_transaction"] = _field("shares_owned_following_transaction",
                                                        "5,900")
    lost["shares_owned_following_transaction"]["confidence"] = 0.5
    odd["underlying_security_shares"] = _field("underlying_security_shares", "10,000")
    odd["shares_owned_following_transaction"] = _field("shares_owned_following_transaction",
                                                       "2,500")
    rec["derivative_holdings"] = [good, lost, odd]
    problems = checks.check_derivative_amounts(rec)
    assert "check-passed:derivative-amounts" in good["underlying_security_shares"]["flags"]
    assert lost["shares_owned_following_transaction"]["value"] == 55900
    assert "repaired:derivative-amounts" in lost["shares_owned_following_transaction"]["flags"]
    assert odd["shares_owned_following_transaction"]["value"] == 2500
    assert len(problems) == 1 and "derivative_holdings[2]" in problems[0]


def test_price_far_from_the_others_is_mended_or_failed() -> None:
    rows = [_row("12/21/2018", "S", "100", "D", f"{9000 - 100 * k:,}") for k in range(5)]
    for row, text in zip(rows, ("$16.28", "$16.02", "$914.2132", "$16652", "$16.08"),
                         strict=True):
        row["price_per_share"] = _field("price_per_share", text)
    rec = _record(*rows)
    problems = checks.check_prices(rec)
    prices = [r["price_per_share"] for r in rows]
    assert prices[2]["value"] == 14.2132 and "repaired:price-outlier" in prices[2]["flags"]
    assert prices[3]["value"] == 16.652 and "repaired:price-outlier" in prices[3]["flags"]
    assert prices[0]["value"] == 16.28 and not prices[0]["flags"]
    assert problems == []
    rows[4]["price_per_share"] = _field("price_per_share", "$3")
    assert any("far from" in p for p in checks.check_prices(rec))
    assert "check-failed:price-outlier" in rows[4]["price_per_share"]["flags"]
    # "$ 98(3)": a gap after the "$" where the "16." was lost.
    rows[4]["price_per_share"] = _field("price_per_share", "$ 98(3)")
    checks.check_prices(rec)
    assert rows[4]["price_per_share"]["value"] == 16.98
    assert rows[4]["price_per_share"]["footnote_ids"] == ["F3"]
    # "$16,283(7)": the decimal comma placed again, the marker's 7 no digit of the price
    rows[4]["price_per_share"] = _field("price_per_share", "$16,283(7)")
    rows[4]["price_per_share"]["value"] = 16283
    checks.check_prices(rec)
    assert rows[4]["price_per_share"]["value"] == 16.283


def test_care_of_line_takes_the_issuers_spelling() -> None:
    rec = _record()
    rec["issuer"]["name"] = _field("name", "Wexley Financial Group, Inc.")
    rec["reporting_owners"][0]["street1"] = _field("street1", "C/O WEXLEY FINANCIAL GROUP INC")
    checks.check_care_of_issuer(rec)
    street = rec["reporting_owners"][0]["street1"]
    assert street["value"] == "C/O WEXLEY FINANCIAL GROUP, INC."
    assert "repaired:care-of-issuer" in street["flags"]
    rec["reporting_owners"][0]["street1"] = _field("street1", "C/O ACME HOLDINGS LLC")
    checks.check_care_of_issuer(rec)
    assert rec["reporting_owners"][0]["street1"]["value"] == "C/O ACME HOLDINGS LLC"
    # the filer's own stops, read clearly, stand ("C/O YELP INC." under "YELP INC")
    rec["issuer"]["name"] = _field("name", "YELP INC")
    rec["reporting_owners"][0]["street1"] = _field("street1", "C/O YELP INC.")
    rec["reporting_owners"][0]["street1"]["ocr_min_conf"] = 95.0
    checks.check_care_of_issuer(rec)
    street = rec["reporting_owners"][0]["street1"]
    assert street["value"] == "C/O YELP INC." and not street["flags"]
    # ... but not a doubled stop
    rec["reporting_owners"][0]["street1"] = _field("street1", "C/O YELP INC..")
    rec["reporting_owners"][0]["street1"]["ocr_min_conf"] = 95.0
    checks.check_care_of_issuer(rec)
    assert rec["reporting_owners"][0]["street1"]["value"] == "C/O YELP INC"


def test_title_cut_short_and_unbalanced_parentheses() -> None:
    rec = _record()
    whole = empty_row("derivative_holdings")
    whole["security_title"] = _field("security_title", "Employee Stock Option (right to buy)")
    cut = empty_row("derivative_transactions")
    cut["security_title"] = _field("security_title", "Employee Stock Option (right to")
    odd = empty_row("derivative_transactions")
    odd["security_title"] = _field("security_title", "Warrants (Series B")
    rec["derivative_holdings"], rec["derivative_transactions"] = [whole], [cut, odd]
    checks.check_title_consensus(rec)
    assert cut["security_title"]["value"] == "Employee Stock Option (right to buy)"
    problems = checks.check_plausibility(rec)
    assert any("unbalanced parentheses" in p for p in problems)
    assert "check-failed:parentheses" in odd["security_title"]["flags"]


def test_lost_date_taken_from_the_filing() -> None:
    rec = _record(_row("12/21/2018", "S", "100", "D", "9,900"),
                  _row("42/21/2018", "S", "100", "D", "9,800"),
                  _row("pba", "S", "100", "D", "9,700"))
    rows = rec["non_derivative_transactions"]
    assert rows[1]["transaction_date"]["value"] is None
    checks.check_missing_date(rec)
    assert rows[1]["transaction_date"]["value"] == "2018-12-21"
    assert "repaired:date-from-filing" in rows[1]["transaction_date"]["flags"]
    assert rows[2]["transaction_date"]["value"] == "2018-12-21"  # every other row's date


def test_lost_date_between_rows_of_one_date() -> None:
    rec = _record(_row("05/07/2009", "P", "100", "A", "9,900"),
                  _row("05/08/2009", "P", "100", "A", "10,000"),
                  _row("poses '2009", "P", "100", "A", "10,100"))
    checks.check_missing_date(rec)
    assert rec["non_derivative_transactions"][2]["transaction_date"]["value"] == "2009-05-08"
    rec = _record(_row("05/07/2009", "P", "100", "A", "9,900"),
                  _row("poses '2010", "P", "100", "A", "10,000"),
                  _row("05/08/2009", "P", "100", "A", "10,100"))
    checks.check_missing_date(rec)  # neighbours differ, and the year read is neither's
    assert rec["non_derivative_transactions"][1]["transaction_date"]["value"] is None


def test_unreadable_dates_take_the_date_of_the_rows_around_them() -> None:
    """Rows of a fax's table whose dates none of the filing's dates explains ("VOTLOLS",
    "ONOBFL0 15", "7/2043"; seed 13000): the date of the dated rows around them when they
    agree, else of the one whose digits are nearer to what was read; at a table's end
    none."""
    rec = _record(_row("05/07/2013", "S", "100", "D", "9,900"),
                  _row("7/2043", "S", "100", "D", "9,800"),
                  _row("xyzzy", "S", "100", "D", "9,700"),
                  _row("05/08/2013", "S", "100", "D", "9,600"),
                  _row("ONOBFL0 15", "S", "100", "D", "9,500"),
                  _row("05/08/2013", "S", "100", "D", "9,400"),
                  _row("DBZ 4", "S", "100", "D", "9,300"))
    problems = checks.check_missing_date(rec)
    dates = [r["transaction_date"]["value"] for r in rec["non_derivative_transactions"]]
    # ("xyzzy", no digit, takes the one dated row beside it when first looked at)
    assert dates == ["2013-05-07", "2013-05-07", "2013-05-08", "2013-05-08", "2013-05-08",
                     "2013-05-08", None]
    assert len(problems) == 1
    flags = rec["non_derivative_transactions"][4]["transaction_date"]["flags"]
    assert "repaired:date-from-neighbours" in flags and "check-failed:missing-date" not in flags


def test_lost_date_one_digit_from_a_date() -> None:
    rec = _record(_row("95/06/2019", "X", "100", "A", "9,900"))
    checks.check_missing_date(rec)
    assert rec["non_derivative_transactions"][0]["transaction_date"]["value"] == "2019-05-06"
    rec = _record(_row("13/05/2019", "X", "100", "A", "9,900"))  # 03/05, 12/05, 11/05 ...
    problems = checks.check_missing_date(rec)
    assert rec["non_derivative_transactions"][0]["transaction_date"]["value"] is None
    assert problems and "no transaction date" in problems[0]


def test_holdings_arithmetic_across_interleaved_rows() -> None:
    """Direct and indirect sales alternate: each holding's chain still runs."""
    rec = _record(_row("12/04/2017", "S", "1,900", "D", "128,777", form="I"),
                  _row("12/04/2017", "S", "3,005", "D", "46,673", form="D"),
                  _row("12/04/2017", "S", "406.947", "D", "128,370.053", form="I"),
                  _row("12/04/2017", "S", "4,554", "D", "42,119", form="D"))
    for row in rec["non_derivative_transactions"]:
        if row["direct_or_indirect_ownership"]["value"] == "I":
            row["nature_of_ownership"] = field_from_text("nature_of_ownership", "By Trust",
                                                         conf=95.0, page=1, bbox=None)
    shares = rec["non_derivative_transactions"][2]["shares"]
    assert shares["value"] == 406947  # read as a thousands point
    checks.check_holdings_arithmetic(rec)
    assert shares["value"] == 406.947 and "repaired:holdings-arithmetic" in shares["flags"]


def _sales_priced(*prices: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A record of sales on one day, one per price text as read."""
    rows = [_row("12/21/2018", "S", "100", "D", f"{9000 - 100 * k:,}") for k in range(len(prices))]
    for row, text in zip(rows, prices, strict=True):
        row["price_per_share"] = field_from_text("price_per_share", text, conf=90.0, page=1,
                                                 bbox=None)
    return _record(*rows), rows


def test_price_gives_back_a_swallowed_marker() -> None:
    rec, rows = _sales_priced("$16.28(1)", "$16.0702)")
    rec["footnotes"] = [{"id": "F1", "text": make_field("a")}, {"id": "F2", "text": make_field("b")}]
    problems = checks.check_footnote_references(rec)
    price = rows[1]["price_per_share"]
    assert price["value"] == 16.07 and price["footnote_ids"] == ["F2"]
    assert problems == []


def test_price_with_a_marker_read_as_decimals() -> None:
    rec, rows = _sales_priced("$16.28(1)", "$15.987129")
    rec["footnotes"] = [{"id": f"F{k}", "text": make_field("a")} for k in (1, 20)]
    assert checks.check_footnote_references(rec) == []
    price = rows[1]["price_per_share"]
    assert price["value"] == 15.9871 and price["footnote_ids"] == ["F20"]


def test_price_outside_its_noted_range() -> None:
    note = ("The price reported in Column 4 is a weighted average price. These shares were sold"
            " in multiple transactions at prices ranging from ${} to ${}, inclusive.")
    rows = [_row("12/21/2018", "S", "100", "D", f"{9000 - 100 * k:,}") for k in range(3)]
    for row, (text, fid) in zip(rows, (("$14|.5631(1)", "F1"), ("$27.1915(2)", "F2"),
                                       ("$14.40(1)", "F1")), strict=True):
        row["price_per_share"] = field_from_text("price_per_share", text, conf=90.0, page=1,
                                                 bbox=None)
        row["price_per_share"]["footnote_ids"] = [fid]
    rec = _record(*rows)
    rec["footnotes"] = [{"id": "F1", "text": make_field(note.format("14.31", "14.60"))},
                        {"id": "F2", "text": make_field(note.format("27.78", "28.51"))}]
    problems = checks.check_price_in_noted_range(rec)
    prices = [r["price_per_share"] for r in rows]
    # A bar read as 1 put the price ten times off: mended into its range.
    assert prices[0]["value"] == 14.5631 and "repaired:price-range" in prices[0]["flags"]
    # A little outside: perhaps its marker was misread; reported, not changed.
    assert prices[1]["value"] == 27.1915 and "check-failed:price-range" in prices[1]["flags"]
    assert len(problems) == 1 and "27.1915" in problems[0]
    assert "check-passed:price-range" in prices[2]["flags"]


def test_price_whose_marker_was_read_into_it_takes_the_note_due() -> None:
    """Seed 13400, heavy: "$11.92(12)" read "$11.92012)" (the "(" as 0, then taken for F2)
    and "$18.96(12)" read "$18.96''2)" (here $11.91), between prices citing notes 11 and 13."""
    note = ("The price reported in Column 4 is a weighted average price. These shares were sold"
            " in multiple transactions at prices ranging from ${} to ${}, inclusive.")
    for read, kept in (("$11.92012)", 11.92), ("$11.91''2)", 11.91), ("$11.98012)", None),
                       ("$11.9312)", 11.93)):
        rows = [_row("12/21/2018", "S", "100", "D", f"{9000 - 100 * k:,}") for k in range(3)]
        for row, text in zip(rows, ("$11.90(11)", read, "$12.00(13)"), strict=True):
            row["price_per_share"] = field_from_text("price_per_share", text, conf=90.0,
                                                     page=1, bbox=None)
        rec = _record(*rows)
        rec["footnotes"] = [{"id": f"F{k}", "text": make_field(note.format("11.87", "11.95"))}
                            for k in (2, 11, 12, 13)]
        before = rows[1]["price_per_share"]["value"]
        checks.check_price_marker_sequence(rec)
        price = rows[1]["price_per_share"]
        if kept is None:  # 11.98 lies outside note 12's range: left as read
            assert price["value"] == before
        else:
            assert price["value"] == kept and price["footnote_ids"] == ["F12"], read


def test_price_its_noted_range_reads_back() -> None:
    """Seed 11700's heavy fax of a real filing (prices $1,0xx.xxx): the thousands lost
    ('102.562') and the point lost ('1131672') are mended by the range of the note; a
    marker read into the decimals ('1,129.4915') is not: dropping a last decimal keeps any
    price in its range, so the range cannot tell; a price it cannot settle stays."""
    note = ("The price reported in Column 4 is a weighted average price. These shares were sold"
            " in multiple transactions at prices ranging from ${} to ${}, inclusive.")
    texts = [("$102.562(1)", ["F1"]), ("$1131672(2)", ["F2"]), ("$1,129.4915", []),
             ("$2.6(1)", ["F1"])]
    rows = [_row("11/23/2021", "S", "100", "D", f"{9000 - 100 * k:,}") for k in range(4)]
    for row, (text, ids) in zip(rows, texts, strict=True):
        row["price_per_share"] = field_from_text("price_per_share", text, conf=90.0, page=1,
                                                 bbox=None)
        row["price_per_share"]["footnote_ids"] = ids
    rec = _record(*rows)
    rec["footnotes"] = [{"id": f"F{k}", "text": make_field(note.format(lo, hi))}
                        for k, (lo, hi) in enumerate((("1,102.07", "1,103.06"),
                                                      ("1,131.20", "1,132.19"), ("x", "y"),
                                                      ("x", "y"), ("1,129.00", "1,129.99")),
                                                     start=1)]
    checks.check_price_in_noted_range(rec)
    prices = [r["price_per_share"] for r in rows]
    assert [p["value"] for p in prices] == [1102.562, 1131.672, 1129.4915, 2.6]
    assert "check-failed:price-range" in prices[3]["flags"]


def test_care_of_line_wrapped_or_missing_its_suffix() -> None:
    rec = _record()
    rec["issuer"]["name"] = _field("name", "Evergreen Hollow Medical Holdings, Inc.")
    owner = rec["reporting_owners"][0]
    owner["street1"] = _field("street1", "C/O EVERGREEN HOLLOW MEDICAL HOLDINGS")
    owner["street2"] = _field("street2", "INC. 2845 PEACHTREE ROAD NE")
    checks.check_care_of_issuer(rec)
    assert owner["street1"]["value"] == "C/O EVERGREEN HOLLOW MEDICAL HOLDINGS, INC."
    assert owner["street2"]["value"] == "2845 PEACHTREE ROAD NE"
    owner["street1"] = _field("street1", "C/O EVERGREEN HOLLOW MEDICAL HOLDINGS")
    owner["street2"] = _field("street2", "2845 PEACHTREE ROAD NE")
    checks.check_care_of_issuer(rec)
    assert owner["street1"]["value"] == "C/O EVERGREEN HOLLOW MEDICAL HOLDINGS, INC."
    owner["street1"] = _field("street1", "C/O EVERGREEN CAPITAL")
    checks.check_care_of_issuer(rec)
    assert owner["street1"]["value"] == "C/O EVERGREEN CAPITAL"
    owner["street1"] = _field("street1", "C/O EVERGREEN HOLLOW MEDICAL")  # two words wrapped
    owner["street2"] = _field("street2", "HOLDINGS, INC. 2845 PEACHTREE ROAD NE")
    checks.check_care_of_issuer(rec)
    assert owner["street1"]["value"] == "C/O EVERGREEN HOLLOW MEDICAL HOLDINGS, INC."
    assert owner["street2"]["value"] == "2845 PEACHTREE ROAD NE"
    # torn words, a misread letter, the suffix cut short
    for read in ("C/O EVERGREEN HOLLOW MEDICAL HOLD INGS, INC.",
                 "C/O EVERGREEN HOLLOW MEDICAL HOLDINGS, IHC.",
                 "C/O EVERGREEN HOLLOW MEDICAL HOLDINGS, I"):
        owner["street1"] = _field("street1", read)
        owner["street1"]["ocr_min_conf"] = 60.0  # read less surely than the issuer's line
        rec["issuer"]["name"]["ocr_min_conf"] = 90.0
        checks.check_care_of_issuer(rec)
        assert owner["street1"]["value"] == "C/O EVERGREEN HOLLOW MEDICAL HOLDINGS, INC.", read
    owner["street1"] = _field("street1", "C/O EVERGREEN HOLLOW MEDICAL HOLD INGS, INC.")
    owner["street1"]["ocr_min_conf"] = 95.0  # the surer reading of the two stays
    checks.check_care_of_issuer(rec)
    assert owner["street1"]["value"] == "C/O EVERGREEN HOLLOW MEDICAL HOLD INGS, INC."


def test_derivative_amount_one_digit_from_its_underlying_fails() -> None:
    rec = _record()
    row = empty_row("derivative_transactions")
    row["shares"] = _field("shares", "757,576(1)")
    row["underlying_security_shares"] = _field("underlying_security_shares", "757,976")
    rec["derivative_transactions"] = [row]
    problems = checks.check_derivative_amounts(rec)
    assert problems and "one digit" in problems[0]
    assert "check-failed:derivative-amounts" in row["shares"]["flags"]
    assert row["shares"]["value"] == 757576  # which one is wrong the page does not say


def test_derivative_amount_left_blank_stays_blank() -> None:
    """A transaction's column 5 empty on the form (a note's row, given in dollars) is null,
    not its underlying amount; a cell read but not parsed stays as it is too."""
    rec = _record()
    row = empty_row("derivative_transactions")
    row["underlying_security_shares"] = _field("underlying_security_shares", "163,664")
    rec["derivative_transactions"] = [row]
    checks.check_derivative_amounts(rec)
    assert row["shares"]["value"] is None
    assert not row["shares"]["flags"]
    row = empty_row("derivative_transactions")
    row["underlying_security_shares"] = _field("underlying_security_shares", "163,664")
    row["shares"] = _field("shares", "abc")
    rec["derivative_transactions"] = [row]
    checks.check_derivative_amounts(rec)
    assert row["shares"]["value"] is None


def test_nature_of_ownership_follows_the_filing_and_its_note() -> None:
    rows = [_row("01/02/2020", "S", "100", "D", "900", form="I"),
            _row("01/02/2020", "S", "100", "D", "800", form="I"),
            _row("01/02/2020", "S", "100", "D", "700", form="I"),
            _row("01/03/2020", "S", "100", "D", "600", form="I")]
    readings = ["By Palisade Opportun ity Fund VI, L.P.", "By Palisade Opportunity Fund VI, LP",
                "By Palisade Opportunity Fund VI, LP", "By Bellhaven Fund VII, LP"]
    for row, text in zip(rows, readings, strict=True):
        row["nature_of_ownership"] = make_field(text, confidence=0.9)
    rec = _record(*rows)
    rec["footnotes"] = [
        {"id": "F1", "text": make_field("The securities are held directly by Palisade "
                                        "Opportunity Fund VI, LP. The reporting person "
                                        "disclaims beneficial ownership.", confidence=0.9)},
        {"id": "F2", "text": make_field("Held by Bellhaven Fund VIII, LP.", confidence=0.9)}]
    assert checks.check_nature_consensus(rec) == []
    natures = [r["nature_of_ownership"] for r in rec["non_derivative_transactions"]]
    # Two rows and the note against one reading; the note alone against a word it never uses.
    assert [f["value"] for f in natures] == ["By Palisade Opportunity Fund VI, LP"] * 3 + [
        "By Bellhaven Fund VIII, LP"]
    assert "repaired:nature-consensus" in natures[0]["flags"]
    assert "repaired:nature-consensus" in natures[3]["flags"]
    assert natures[0]["confidence"] < natures[1]["confidence"]


def test_relationship_boxes_read_together() -> None:
    rec = _record()
    owner = rec["reporting_owners"][0]
    owner["is_director"] = make_field(True, confidence=0.9)
    owner["is_ten_percent_owner"] = make_field(False, confidence=0.9)
    owner["officer_title"] = make_field("Chief Executive Officer", confidence=0.9)
    assert checks.check_relationship_boxes(rec) == []
    assert owner["is_officer"]["value"] is True
    assert "repaired:officer-from-title" in owner["is_officer"]["flags"]
    assert owner["is_other"]["value"] is False and owner["is_other"]["confidence"] < 0.9
    # Nothing read at all: nothing to go on.
    rec = _record()
    checks.check_relationship_boxes(rec)
    assert rec["reporting_owners"][0]["is_director"]["value"] is None


def test_owner_name_follows_the_signed_name() -> None:
    rec = _record()
    rec["reporting_owners"] = [empty_owner(), empty_owner(), empty_owner()]
    for owner, text in zip(rec["reporting_owners"], ("DRISCOLL ROSAA", "PRESCOTT GRACE",
                                                     "LINDAVIST DIANE"), strict=True):
        owner["name"] = make_field(text, confidence=0.9)
    rec["signatures"] = [
        {"name": make_field("/s/ Rosa A. Driscoll"), "date": make_field("2023-01-01")},
        {"name": make_field("/s/ Ann Lee, as Attorney-in-Fact for Grace F. Prescott"),
         "date": make_field("2023-01-01")},
        {"name": make_field("/s/ Diane Lindqvist"), "date": make_field("2023-01-01")}]
    assert checks.check_owner_name_vs_signature(rec) == []
    names = [o["name"] for o in rec["reporting_owners"]]
    # A middle initial only the signature gives stays out (real filings often omit it in box
    # 1); a name a letter apart is left alone.
    assert [n["value"] for n in names] == ["DRISCOLL ROSA A", "PRESCOTT GRACE",
                                           "LINDAVIST DIANE"]
    assert "repaired:name-from-signature" in names[0]["flags"] and names[0]["confidence"] < 0.9


def test_signed_name_a_letter_off_box_1() -> None:
    rec = _record()
    rec["reporting_owners"] = [empty_owner(), empty_owner()]
    for owner, text, conf in zip(rec["reporting_owners"], ("GALLAGHER DIANE A", "LINDAVIST ANN"),
                                 (96.0, 70.0), strict=True):
        owner["name"] = make_field(text, confidence=0.9)
        owner["name"]["ocr_min_conf"] = conf
    rec["signatures"] = [
        {"name": make_field("/s/ Diane A. Gallacher"), "date": make_field("2023-01-01")},
        {"name": make_field("/s/ Ann Lindqvist"), "date": make_field("2023-01-01")}]
    for sig in rec["signatures"]:
        sig["name"]["ocr_min_conf"] = 80.0
    problems = checks.check_signature_vs_owner_name(rec)
    first, second = (s["name"] for s in rec["signatures"])
    # box 1 read the more surely: the signature takes its spelling
    assert first["value"] == "/s/ Diane A. Gallagher"
    assert "repaired:name-from-owner" in first["flags"]
    # box 1 read less surely: both marked, neither changed
    assert second["value"] == "/s/ Ann Lindqvist" and len(problems) == 1
    assert "check-failed:owner-vs-signature" in second["flags"]
    assert "check-failed:owner-vs-signature" in rec["reporting_owners"][1]["name"]["flags"]


def test_two_prices_far_apart_are_left_alone() -> None:
    rows = [_row("12/21/2018", "M", "100", "A", "9,100"), _row("12/21/2018", "S", "100", "D",
                                                                  "9,000")]
    for row, text in zip(rows, ("$8.12", "$29.98"), strict=True):
        row["price_per_share"] = field_from_text("price_per_share", text, conf=90.0, page=1,
                                                 bbox=None)
    rec = _record(*rows)
    assert checks.check_prices(rec) == []
    assert [r["price_per_share"]["value"] for r in rows] == [8.12, 29.98]


def test_share_count_gives_back_a_swallowed_marker() -> None:
    rows = [_row("12/21/2018", "A", "2500)", "A", "18,227"),
            _row("12/22/2018", "A", "14,633)", "A", "32,860")]
    rec = _record(*rows)
    rows[1]["shares_owned_following_transaction"]["footnote_ids"] = ["F3"]
    rec["footnotes"] = [{"id": "F1", "text": make_field("a")}, {"id": "F3", "text": make_field("b")}]
    checks.check_footnote_references(rec)
    first, second = rows[0]["shares"], rows[1]["shares"]
    assert first["value"] == 250 and first["footnote_ids"] == ["F1"]
    # "14,63" is no number as printed: the ")" is all that is left of a marker, not digits.
    assert second["value"] == 14633


def test_nature_of_ownership_cut_short() -> None:
    rows = [_row("01/02/2020", "S", "100", "D", f"{900 - 100 * k}", form="I") for k in range(4)]
    for row, text in zip(rows, ("By Windward Growth", "By Windward Growth Fund VIII, L.P.",
                                "By Family Trust", "By Family Trust II"), strict=True):
        row["nature_of_ownership"] = make_field(text, confidence=0.9)
    rec = _record(*rows)
    checks.check_nature_consensus(rec)
    assert [r["nature_of_ownership"]["value"] for r in rows] == [
        "By Windward Growth Fund VIII, L.P.", "By Windward Growth Fund VIII, L.P.",
        "By Family Trust", "By Family Trust II"]


def test_sibling_funds_keep_their_own_names() -> None:
    """Real filings list funds whose names differ by one word the notes use ("Principals",
    "(Q)", "Seed"): two rows of one are no misreading of the other."""
    natures = ["Kestrel Growth Fund, L.P."] + ["Kestrel Growth Principals Fund, L.P."] * 3 + [
        "By Kestrel Venture Fund (Q), LP"] + ["By Kestrel Venture Fund, LP"] * 3 + [
        "Kestrel Growth Principals Fund, L.F."]
    rows = [_row("01/02/2020", "S", "100", "D", f"{900 - 100 * k}", form="I")
            for k in range(len(natures))]
    for row, text in zip(rows, natures, strict=True):
        row["nature_of_ownership"] = make_field(text, confidence=0.9)
    rec = _record(*rows)
    rec["footnotes"] = [{"id": "F1", "text": make_field(
        "Held by Kestrel Growth Fund, L.P. and Kestrel Growth Principals Fund, L.P. The "
        "general partner of Kestrel Venture Fund, LP and Kestrel Venture Fund (Q), LP is "
        "Kestrel Management.", confidence=0.9)}]
    checks.check_nature_consensus(rec)
    # The last reading, a letter garbled, still follows the filing's spelling.
    assert [r["nature_of_ownership"]["value"] for r in rows] == natures[:8] + [natures[1]]
    assert not checks._other_holder("By Kestrel Venture Fund, LF", "By Kestrel Venture Fund, LP",
                                    {"kestrel", "venture", "fund", "lp"})


def test_nature_keeps_the_suffix_another_row_reads() -> None:
    rows = [_row("01/02/2020", "J", "100", "D", f"{900 - 100 * k}", form="I") for k in range(2)]
    for row, text in zip(rows, ("By Kestrel Principals Fund, LLC",
                                "By Kestrel Principals Fund, |WBe"), strict=True):
        row["nature_of_ownership"] = make_field(text, confidence=0.9)
    rec = _record(*rows)
    rec["footnotes"] = [{"id": "F1", "text": make_field(
        "Kestrel Management LLC is the managing member of Kestrel Principals Fund, which "
        "holds the shares.", confidence=0.9)}]
    checks.check_nature_consensus(rec)
    assert [r["nature_of_ownership"]["value"] for r in rows] == [
        "By Kestrel Principals Fund, LLC"] * 2


def test_fractional_shares_read_alike_in_amount_and_underlying() -> None:
    rec = _record()
    award, other = empty_row("derivative_transactions"), empty_row("derivative_transactions")
    for row, amount, underlying in ((award, "329.381", "329.381"), (other, "24.377", "24,377")):
        row["shares"] = field_from_text("shares", amount, conf=95.0, page=1, bbox=None)
        row["underlying_security_shares"] = field_from_text(
            "underlying_security_shares", underlying, conf=95.0, page=1, bbox=None)
    rec["derivative_transactions"] = [award, other]
    assert award["shares"]["value"] == 329381  # a worn comma, as read alone
    checks.check_fractional_shares(rec)
    assert award["shares"]["value"] == 329.381
    assert award["underlying_security_shares"]["value"] == 329.381
    assert "repaired:fractional-shares" in award["shares"]["flags"]
    assert other["shares"]["value"] == 24377  # the other cell reads a comma


def test_points_for_commas_in_conversions_table_one_acquires_whole() -> None:
    """A fax reads the comma of both amounts of Table II conversions as a point ("90.884"
    twice, seed 13000): they are whole, as Table I acquires that day the sum of the
    underlying shares; without that sum they are taken as fractions, as before."""
    conversions = [_disposed_in_table_two("02/21/2013", "C", a) for a in ("835,393", "90.884")]
    conversions.append(_disposed_in_table_two("02/21/2013", "", "26.388"))  # code not read
    rec = _record(_row("02/21/2013", "C", "952,665", "A", "952,665"))
    rec["derivative_transactions"] = conversions
    checks.check_fractional_shares(rec)
    assert [r["shares"]["value"] for r in conversions] == [835393, 90884, 26388]
    rec = _record(_row("02/21/2013", "C", "900,000", "A", "900,000"))
    rec["derivative_transactions"] = [_disposed_in_table_two("02/21/2013", "C", "90.884")]
    checks.check_fractional_shares(rec)
    assert rec["derivative_transactions"][0]["shares"]["value"] == 90.884


def test_fractional_shares_the_holdings_account_for() -> None:
    """'907.847' sold from 130,490 leaves 129,582.153: the point is a decimal point."""
    rec = _record(_row("07/16/2014", "S", "907.847", "D", "129,582.153"),
                  _row("07/17/2014", "S", "890", "D", "128,692.153"),
                  _row("07/18/2014", "S", "24.377", "D", "104,315.153"))
    first, _, third = rec["non_derivative_transactions"]
    assert first["shares"]["value"] == 907847  # a worn comma, as read alone
    checks.check_fractional_shares(rec)
    assert first["shares"]["value"] == 907.847
    assert "repaired:fractional-shares" in first["shares"]["flags"]
    assert third["shares"]["value"] == 24377  # the row before accounts for the whole amount
    alone = _record(_row("07/16/2014", "S", "329.381", "D", "1,000,000"))
    checks.check_fractional_shares(alone)  # a whole holding says nothing of the point
    assert alone["non_derivative_transactions"][0]["shares"]["value"] == 329381


def test_lost_code_among_several_kinds_of_exercise_that_day() -> None:
    """Conversions (C) and an exercise (X) the same day: a lost code is the kind most rows
    of that day show, not the table's likeliest (M)."""
    t1 = [_row("07/02/2010", code, amount, "A", after) for code, amount, after in
          (("C", "20,655,342", "23,322,008"), ("X", "113,908", "23,435,916"))]
    rec = _record(*t1)
    t2 = []
    for code, amount in (("C", "4,880,343"), ("", "12,162,167"), ("C", "10,572,687"),
                         ("X", "325,441")):
        row = empty_row("derivative_transactions")
        for name, text in (("transaction_date", "07/02/2010"), ("transaction_code", code),
                           ("shares", amount), ("acquired_disposed_code", "D")):
            row[name] = field_from_text(name, text, conf=95.0, page=1, bbox=None)
        t2.append(row)
    rec["derivative_transactions"] = t2
    checks.check_missing_code(rec)
    assert t2[1]["transaction_code"]["value"] == "C"
    assert "repaired:code-from-exercise" in t2[1]["transaction_code"]["flags"]


def test_same_digits_whole_and_fractional_in_a_derivative_row() -> None:
    rec = _record()
    row = empty_row("derivative_transactions")
    for name, text in (("shares", "19,066.032"), ("underlying_security_shares", "19,066,032")):
        row[name] = field_from_text(name, text, conf=95.0, page=1, bbox=None)
    rec["derivative_transactions"] = [row]
    checks.check_derivative_amounts(rec)
    assert row["shares"]["value"] == 19066032
    assert "repaired:derivative-amounts" in row["shares"]["flags"]


def test_an_amount_a_check_confirmed_keeps_the_digit_a_worn_marker_left() -> None:
    """'252)' beside its underlying 252 is 252(1), not 25 and the marker (2)."""
    rec = _record()
    rec["footnotes"] = [{"id": "F1", "text": make_field("Granted under the plan.")}]
    row = empty_row("derivative_transactions")
    for name, text in (("shares", "252)"), ("underlying_security_shares", "252")):
        row[name] = field_from_text(name, text, conf=95.0, page=1, bbox=None)
    rec["derivative_transactions"] = [row]
    checks.check_derivative_amounts(rec)
    checks.check_footnote_references(rec)
    assert row["shares"]["value"] == 252
    row["underlying_security_shares"] = field_from_text(
        "underlying_security_shares", "25", conf=95.0, page=1, bbox=None)
    row["shares"]["flags"] = []
    checks.check_footnote_references(rec)  # unconfirmed: the debris is the unused marker
    assert row["shares"]["value"] == 25 and row["shares"]["footnote_ids"] == ["F1"]


def test_wrapped_title_taken_for_a_holding_goes_back() -> None:
    rec = _record()
    option, tail = empty_row("derivative_transactions"), empty_row("derivative_holdings")
    option["security_title"] = make_field("Incentive Stock Option", confidence=0.9)
    option["shares"] = make_field(1961, confidence=0.9)
    tail["security_title"] = make_field("(right to buy)", confidence=0.9)
    tail["direct_or_indirect_ownership"] = make_field("D", confidence=0.9)
    rec["derivative_transactions"], rec["derivative_holdings"] = [option], [tail]
    checks.check_title_overflow(rec)
    assert option["security_title"]["value"] == "Incentive Stock Option (right to buy)"
    assert rec["derivative_holdings"] == []


def test_conversion_read_as_gift_on_both_tables() -> None:
    common = _row("03/01/2020", "G", "1,000", "A", "1,000")
    rec = _record(common)
    pref = empty_row("derivative_transactions")
    for name, text in (("transaction_date", "03/01/2020"), ("transaction_code", "G"),
                       ("shares", "1,000"), ("acquired_disposed_code", "D"),
                       ("underlying_security_shares", "1,000")):
        pref[name] = field_from_text(name, text, conf=95.0, page=1, bbox=None)
    rec["derivative_transactions"] = [pref]
    checks.check_conversion_pairs(rec)
    assert common["transaction_code"]["value"] == "C" == pref["transaction_code"]["value"]
    assert "repaired:conversion-pair" in pref["transaction_code"]["flags"]


def test_conversion_whose_amount_columns_table_two_lost() -> None:
    """Seed 13600, an EDGAR filing at moderate: Table II's column 5 read empty (so its (A) is
    a default) and Table I's C read G: the pair is a conversion all the same, and the Class B
    shares converted are the Class A shares acquired; a note's row stays without a number."""
    rec = _record(_row("05/27/2021", "C", "2,248,637", "A", "2,248,637"),
                  _row("05/27/2021", "G", "258,628", "A", "2,506,265"))
    rows = []
    for title, amount in (("Class B Common Stock", "2,248,637"),
                          ("Class B Common Stock", "258,628"),
                          ("Convertible Promissory Note", "258,628")):
        row = empty_row("derivative_transactions")
        for name, text in (("security_title", title), ("transaction_date", "05/27/2021"),
                           ("transaction_code", "C"), ("underlying_security_shares", amount)):
            row[name] = field_from_text(name, text, conf=95.0, page=1, bbox=None)
        row["acquired_disposed_code"] = make_field(None, confidence=0.5, text="(A)")
        rows.append(row)
    rec["derivative_transactions"] = rows
    checks.check_conversion_pairs(rec)
    assert rec["non_derivative_transactions"][1]["transaction_code"]["value"] == "C"
    checks.check_code_vs_acquired_disposed(rec)
    checks.check_exercise_amounts(rec)
    assert [r["shares"]["value"] for r in rows] == [2248637, 258628, None]
    assert "repaired:amount-from-pair" in rows[0]["shares"]["flags"]


def test_transfers_for_nothing_are_no_sales() -> None:
    """Seed 13600, heavy: two codes lost on rows disposing of shares for no price, the
    filing's other rows reading J: J, not the likeliest S (nor the first guess copied to the
    next); an S mended from "gai)" at $0 beside J rows is J too."""
    rows = [_row("05/27/2021", "", "100", "D", "900"), _row("05/27/2021", "", "100", "D", "800"),
            _row("05/27/2021", "J", "100", "A", "900")]
    rec = _record(*rows)
    checks.check_missing_code(rec)
    assert [r["transaction_code"]["value"] for r in rows] == ["J", "J", "J"]
    rec = _record(_row("05/27/2021", "", "100", "D", "900"))
    checks.check_missing_code(rec)  # no J read in the filing: the likeliest
    assert rec["non_derivative_transactions"][0]["transaction_code"]["value"] == "S"
    sold = _row("05/27/2021", "gai)", "100", "D", "900")
    sold["price_per_share"] = field_from_text("price_per_share", "$0", conf=90.0, page=1,
                                              bbox=None)
    assert sold["transaction_code"]["value"] == "S"
    rec = _record(sold, _row("05/27/2021", "J", "100", "A", "900"))
    checks.check_sale_for_nothing(rec)
    assert sold["transaction_code"]["value"] == "J"


def test_rare_code_on_table_two_beside_a_conversion() -> None:
    """Seed 13400: Table II's C read "£L", disposing of the 82,200 shares Table I's C
    acquires that day: C. An L disposing of another amount stays."""
    for amount, code in (("82,200", "C"), ("1,000", "L")):
        rec = _record(_row("02/19/2013", "C", "82,200", "A", "82,200"))
        rec["derivative_transactions"] = [_disposed_in_table_two("02/19/2013", "L", amount)]
        checks.check_conversion_pairs(rec)
        assert rec["derivative_transactions"][0]["transaction_code"]["value"] == code


def test_lost_code_beside_a_conversion_read_as_gift() -> None:
    """Seed 11600: Table I's C lost, Table II's two C read G (the shares converted 1:1.1, so
    the amounts do not pair): the Table I row is the conversion, and so are the G rows."""
    common = _row("05/06/2024", "", "1,027,232", "A", "1,027,232")
    rec = _record(common)
    rec["derivative_transactions"] = [_disposed_in_table_two("05/06/2024", "G", "898,100"),
                                      _disposed_in_table_two("05/06/2024", "G", "258,264")]
    checks.check_missing_code(rec)
    checks.check_conversion_pairs(rec)
    assert common["transaction_code"]["value"] == "C"
    assert [r["transaction_code"]["value"] for r in rec["derivative_transactions"]] == ["C", "C"]


def test_code_read_as_two_letters_is_the_one_the_filing_names() -> None:
    """'CG(1)' beside conversions (C) and an exercise (M) on Table II: C, not the A guess."""
    rows = [_row("02/17/2021", "C", "3,891", "A", "3,891"),
            _row("02/17/2021", "CG(1)", "6,944,440", "A", "6,948,331"),
            _row("02/17/2021", "J", "5,000", "D", "6,943,331")]
    rec = _record(*rows)
    rec["derivative_transactions"] = [_disposed_in_table_two("02/17/2021", "C", "3,891"),
                                      _disposed_in_table_two("02/17/2021", "M", "100")]
    lost = rows[1]["transaction_code"]
    assert lost["value"] is None and "unreadable:code" in lost["flags"]
    checks.check_missing_code(rec)
    assert lost["value"] == "C"


@pytest.mark.parametrize(("date", "read", "guess", "neighbours", "printed_reported"), [
    # 'a(1)' taken as A on a disposal among J disposals is J (seed 11600, a clean page); an
    # A read as printed that goes the wrong way is reported, not changed
    ("05/14/2020", "a", "A", "J", True),
    # '(0)' read for 'S(1)', its S lost (seed 12900, moderate), among sales: S; a rare O read
    # as printed stays
    ("04/03/2013", "(0)", "O", "S", False),
])
def test_code_guessed_from_a_misreading_is_the_one_its_neighbours_agree_on(
        date: str, read: str, guess: str, neighbours: str, printed_reported: bool) -> None:
    rows = [_row(date, neighbours, "100", "D", "900"),
            _row(date, read, "100", "D", "800"),
            _row(date, neighbours, "100", "D", "700")]
    rec = _record(*rows)
    assert rows[1]["transaction_code"]["value"] == guess
    checks.check_code_vs_acquired_disposed(rec)
    assert rows[1]["transaction_code"]["value"] == neighbours
    assert "repaired:code-vs-acquired-disposed" in rows[1]["transaction_code"]["flags"]
    # a code read as printed stays
    rows[1]["transaction_code"] = field_from_text("transaction_code", guess, conf=95.0, page=1,
                                                  bbox=None)
    assert bool(checks.check_code_vs_acquired_disposed(rec)) == printed_reported
    assert rows[1]["transaction_code"]["value"] == guess


def test_code_from_the_exercise_it_pairs_with() -> None:
    """'S(1)' read for a conversion's C: Table I acquires exactly the underlying shares a
    Table II conversion disposes of that day (seed 11600); a lower-case 'a' among J rows
    that go the same way is J."""
    conversion = _row("02/17/2021", "S", "32,212,328", "A", "32,212,328")
    rec = _record(conversion)
    rec["derivative_transactions"] = [_disposed_in_table_two("02/17/2021", "C", "32,212,328")]
    checks.check_code_vs_acquired_disposed(rec)
    assert conversion["transaction_code"]["value"] == "C"
    rows = [_row("03/25/2010", "J", "8,799", "A", "8,799"),
            _row("03/25/2010", "a", "180,966", "A", "189,765"),
            _row("03/25/2010", "J", "1,000", "A", "190,765")]
    rec = _record(*rows)
    checks.check_code_vs_acquired_disposed(rec)
    assert [r["transaction_code"]["value"] for r in rows] == ["J", "J", "J"]
    # a code read clean and agreeing with its direction stays, whatever its neighbours
    rec = _record(_row("03/25/2010", "A", "10", "A", "10"), _row("03/25/2010", "J", "10", "A",
                                                                 "20"),
                  _row("03/25/2010", "J", "10", "A", "30"))
    checks.check_code_vs_acquired_disposed(rec)
    assert rec["non_derivative_transactions"][0]["transaction_code"]["value"] == "A"


def test_lower_case_guess_against_its_direction_takes_the_likeliest() -> None:
    """'a(1)' on a disposal whose neighbours disagree (S and F): A cannot dispose; the
    likeliest code of a Table I disposal (S) is the better guess (seed 11700, clean)."""
    rows = [_row("12/13/2021", "S", "100", "D", "900"), _row("12/13/2021", "a(1)", "100", "D",
                                                            "800"),
            _row("12/13/2021", "F", "100", "D", "700")]
    rec = _record(*rows)
    checks.check_code_vs_acquired_disposed(rec)
    assert rows[1]["transaction_code"]["value"] == "S"


def test_code_and_direction_both_lost_from_the_same_security_that_day() -> None:
    rows = [_row("12/11/2020", "A", "", "", ""), _row("12/11/2020", "", "", "", ""),
            _row("12/15/2020", "C", "", "", "")]
    for row in rows:
        row["security_title"] = make_field("Convertible Note", confidence=0.9)
    rec = _record(*rows)
    checks.check_missing_code(rec)
    checks.check_code_vs_acquired_disposed(rec)
    assert rows[1]["transaction_code"]["value"] == "A"
    assert rows[1]["acquired_disposed_code"]["value"] == "A"


def test_date_read_without_its_slashes_is_weighed_against_the_filing() -> None:
    """'0425/2010' parses (eight digits) as April 25, a digit from the filing's March 25:
    it is March 25; 'O413. 2022' among rows whose dates were lost stands."""
    rows = [_row("03/25/2010", "J", "100", "A", "100"), _row("0425/2010", "J", "100", "A", "200")]
    assert rows[1]["transaction_date"]["value"] == "2010-04-25"
    checks.check_missing_date(_record(*rows))
    assert rows[1]["transaction_date"]["value"] == "2010-03-25"
    rows = [_row("O413. 2022", "S", "400", "D", "2,410"), _row("O13 2022", "S", "1,010", "D",
                                                               "1,400")]
    checks.check_missing_date(_record(*rows))
    assert [r["transaction_date"]["value"] for r in rows] == ["2022-04-13", "2022-04-13"]


def test_sale_price_with_its_first_digit_worn() -> None:
    """'$55.28' read '95.28' among sales at $55-58 (a heavy fax of seed 11500); an exercise
    price far from them stays, and so does a sale that no one digit brings among them."""
    rows = [_row("01/02/2020", "S", "100", "D", f"{900 - 100 * k}") for k in range(6)]
    for row, price in zip(rows, ["$55.48", "$95.28", "$56.75", "$57.11", "$15.30", "$31.00"],
                          strict=True):
        row["price_per_share"] = field_from_text("price_per_share", price, conf=95.0, page=1,
                                                 bbox=None)
    rows[4]["transaction_code"] = field_from_text("transaction_code", "M", conf=95.0, page=1,
                                                  bbox=None)
    rec = _record(*rows)
    checks.check_prices(rec)
    assert [r["price_per_share"]["value"] for r in rows] == [55.48, 55.28, 56.75, 57.11,
                                                             15.3, 31.0]
    assert "repaired:price-outlier" in rows[1]["price_per_share"]["flags"]


def test_lost_code_of_a_priced_acquisition_is_a_purchase() -> None:
    row = _row("03/02/2020", "", "500", "A", "1,500")
    row["price_per_share"] = field_from_text("price_per_share", "$12.50", conf=95.0, page=1,
                                             bbox=None)
    rec = _record(row)
    checks.check_missing_code(rec)
    assert row["transaction_code"]["value"] == "P"


def test_title_consensus_keeps_the_class_letter() -> None:
    rows = [_row("01/02/2020", "S", "100", "D", f"{900 - 100 * k}") for k in range(4)]
    for row, text in zip(rows, ["Class Common Stock"] * 3 + ["Class B Common Stock"],
                         strict=True):
        row["security_title"] = make_field(text, confidence=0.9)
    rec = _record(*rows)
    checks.check_title_consensus(rec)
    # Three rows lost the lone capital; the one that read it names the class for all.
    assert [r["security_title"]["value"] for r in rows] == ["Class B Common Stock"] * 4


def test_lost_disposition_from_the_holdings() -> None:
    rows = [_row("01/02/2020", "S", "100", "D", "900"), _row("01/02/2020", "S", "250", "D", "650")]
    rows[1]["acquired_disposed_code"] = make_field(None, confidence=0.2)
    rec = _record(*rows)
    checks.check_disposition_from_holdings(rec)
    ad = rows[1]["acquired_disposed_code"]
    assert ad["value"] == "D" and "repaired:disposition-from-holdings" in ad["flags"]
    assert ad["confidence"] < 0.9


def test_nature_of_ownership_written_both_ways_is_kept() -> None:
    # One real filing writes "See Footnotes" on its transaction rows and "See Footnote" on a
    # holding row: a plural s is how the filer wrote it, not a misreading to mend.
    rows = [_row("01/02/2020", "S", "100", "D", f"{900 - 100 * k}", form="I") for k in range(3)]
    for row, text in zip(rows, ["See Footnotes", "See Footnotes", "See Footnote"], strict=True):
        row["nature_of_ownership"] = make_field(text, confidence=0.9)
    rec = _record(*rows)
    checks.check_nature_consensus(rec)
    assert [r["nature_of_ownership"]["value"] for r in rec["non_derivative_transactions"]] == [
        "See Footnotes", "See Footnotes", "See Footnote"]
    # a slip of one letter is still mended by the rows that agree
    rows[2]["nature_of_ownership"] = make_field("See Foatnotes", confidence=0.9)
    checks.check_nature_consensus(rec)
    assert rec["non_derivative_transactions"][2]["nature_of_ownership"]["value"] == (
        "See Footnotes")


def test_decimals_taken_for_a_marker() -> None:
    """Holdings in fractional shares whose point was lost: '236,341 98' is not 236,341 with
    a note 98 the filing lacks, when other amounts end so too; one such amount alone stays."""
    rec = _record(_row("03/02/2015", "S", "32,200", "D", "236,341 98"),
                  _row("03/02/2015", "S", "32,200", "D", "204,141 98"))
    rec["footnotes"] = [{"id": "F1", "text": make_field("A note.", confidence=0.9)}]
    checks.apply_checks(rec)
    rows = rec["non_derivative_transactions"]
    assert [r["shares_owned_following_transaction"]["value"] for r in rows] == [236341.98,
                                                                                204141.98]
    assert rows[0]["shares_owned_following_transaction"]["footnote_ids"] == []
    assert "check-passed:holdings-arithmetic" in rows[1]["shares"]["flags"]
    alone = _record(_row("03/02/2015", "S", "32,200", "D", "212,172 72"))
    alone["footnotes"] = [{"id": "F1", "text": make_field("A note.", confidence=0.9)}]
    checks.apply_checks(alone)
    assert alone["non_derivative_transactions"][0]["shares_owned_following_transaction"][
        "value"] == 212172


def test_care_of_line_whose_c_o_a_fax_garbled() -> None:
    rec = _record()
    rec["issuer"]["name"] = _field("name", "Kestrel Biologics, Ltd.")
    rec["issuer"]["name"]["ocr_min_conf"] = 90.0
    owner = rec["reporting_owners"][0]
    for read in ("O KESTREL BIOLOGICS, LTD", "CAO KESTREL BIOLOGICS, LTD.",
                 "CAD KESTREL BIOLOGICS LTD"):
        owner["street1"] = _field("street1", read)
        owner["street1"]["ocr_min_conf"] = 40.0
        checks.check_care_of_issuer(rec)
        assert owner["street1"]["value"] == "C/O KESTREL BIOLOGICS, LTD.", read
    # a street that starts with a short word is no care-of line
    owner["street1"] = _field("street1", "10 KESTREL BIOLOGICS WAY")
    owner["street1"]["ocr_min_conf"] = 40.0
    checks.check_care_of_issuer(rec)
    assert owner["street1"]["value"] == "10 KESTREL BIOLOGICS WAY"


def test_title_consensus_takes_a_title_one_unknown_word_off_another() -> None:
    rows = [_row("01/02/2020", "S", "100", "D", f"{900 - 100 * k}") for k in range(4)]
    for row, text in zip(rows, ["Class A Common Stock", "Class A Cuntion Stock",
                                "Stock .Option (Right to Buy)", "Stock Option (Right to Buy)"],
                         strict=True):
        row["security_title"] = make_field(text, confidence=0.9)
    rec = _record(*rows)
    checks.check_title_consensus(rec)
    assert [r["security_title"]["value"] for r in rows] == [
        "Class A Common Stock", "Class A Common Stock", "Stock Option (Right to Buy)",
        "Stock Option (Right to Buy)"]
    # Another class, or a word that is a title's word, is another security.
    assert not checks._one_word_misread("Class B Common Stock", "Class A Common Stock")
    assert not checks._one_word_misread("Series A Preferred Stock", "Series A Common Stock")


def _disposed_in_table_two(date: str, code: str, amount: str) -> dict[str, Any]:
    """A Table II row disposing of ``amount`` derivatives for as many underlying shares."""
    row = empty_row("derivative_transactions")
    for name, text in (("transaction_date", date), ("transaction_code", code),
                       ("shares", amount), ("acquired_disposed_code", "D"),
                       ("underlying_security_shares", amount)):
        row[name] = field_from_text(name, text, conf=95.0, page=1, bbox=None)
    return row


def test_an_exercise_takes_table_twos_amount_when_table_one_lost_digits() -> None:
    rec = _record(_row("03/31/2005", "M", "17 faa", "A", "19,667"))
    rec["derivative_transactions"] = [_disposed_in_table_two("03/31/2005", "M", "17,217")]
    checks.check_derivative_amounts(rec)  # Table II's two amounts agree: confirmed
    checks.check_exercise_amounts(rec)
    shares = rec["non_derivative_transactions"][0]["shares"]
    assert shares["value"] == 17217 and "repaired:exercise-amounts" in shares["flags"]
    # An amount that is no misreading of the other (another lot) is left alone.
    rec["non_derivative_transactions"][0]["shares"] = field_from_text(
        "shares", "5,000", conf=95.0, page=1, bbox=None)
    checks.check_exercise_amounts(rec)
    assert rec["non_derivative_transactions"][0]["shares"]["value"] == 5000


def test_an_exercise_read_whole_on_one_table_is_whole_on_the_other() -> None:
    rec = _record(_row("11/04/2024", "C", "352,425", "A", "742,119"))
    conv = _disposed_in_table_two("11/04/2024", "C", "352.425")
    conv["shares"]["value"] = conv["underlying_security_shares"]["value"] = 352.425
    rec["derivative_transactions"] = [conv]
    checks.check_exercise_amounts(rec)
    assert conv["underlying_security_shares"]["value"] == 352425
    assert conv["shares"]["value"] == 352425
    assert rec["non_derivative_transactions"][0]["shares"]["value"] == 352425


def test_transaction_days_after_the_signature_takes_a_date_named_elsewhere() -> None:
    # "06/27/2021" among rows of 05/27-05/31, signed 05/31: one digit from 05/27.
    rec = _record(_row("06/27/2021", "S", "1", "D", "3"), _row("05/27/2021", "S", "1", "D", "2"),
                  _row("05/31/2021", "S", "1", "D", "1"))
    rec["signatures"] = [_signed("05/31/2021")]
    checks.check_transaction_after_signature(rec)
    assert rec["non_derivative_transactions"][0]["transaction_date"]["value"] == "2021-05-27"
    # A few days after it with no date of the filing one digit away: left to the plausibility
    # check (the signature may as well be the one misread).
    rec = _record(_row("06/03/2021", "S", "1", "D", "3"), _row("05/27/2021", "S", "1", "D", "2"),
                  _row("05/28/2021", "S", "1", "D", "1"))
    rec["signatures"] = [_signed("05/31/2021")]
    assert checks.check_transaction_after_signature(rec) == []
    assert rec["non_derivative_transactions"][0]["transaction_date"]["value"] == "2021-06-03"


def test_holdings_arithmetic_fills_an_amount_read_as_garbage() -> None:
    # "52,777" read "§2. a": one digit of five in garbage, as good as nothing read.
    rec = _record(_row("03/17/2025", "S", "3,525", "D", "706,620"),
                  _row("03/17/2025", "S", "§2. a", "D", "653,843"))
    checks.check_holdings_arithmetic(rec)
    assert rec["non_derivative_transactions"][1]["shares"]["value"] == 52777
    # Clean digits that are a part of the balancing amount are a reading, not garbage.
    rec = _record(_row("03/17/2025", "S", "3,525", "D", "706,620"),
                  _row("03/17/2025", "S", "196", "D", "510,620"))
    checks.check_holdings_arithmetic(rec)
    assert rec["non_derivative_transactions"][1]["shares"]["value"] == 196


def test_a_lone_date_a_digit_from_its_neighbours_is_theirs() -> None:
    """'03/14/2024' between two rows of 03/11/2024, on no other row: 03/11/2024. Two dates
    that alternate (each on more than one row) stay as read."""
    rec = _record(_row("03/11/2024", "S", "100", "D", "900"),
                  _row("03/14/2024", "S", "100", "D", "800"),
                  _row("03/11/2024", "S", "100", "D", "700"))
    checks.check_missing_date(rec)
    date = rec["non_derivative_transactions"][1]["transaction_date"]
    assert date["value"] == "2024-03-11" and "repaired:date-from-neighbours" in date["flags"]
    rec = _record(_row("02/27/2020", "S", "100", "D", "900"),
                  _row("02/28/2020", "S", "100", "D", "800"),
                  _row("02/27/2020", "S", "100", "D", "700"),
                  _row("02/28/2020", "S", "100", "D", "600"))
    checks.check_missing_date(rec)
    assert rec["non_derivative_transactions"][1]["transaction_date"]["value"] == "2020-02-28"


def _disposal(owned_text: str, value: Any = "parse") -> dict[str, Any]:
    row = empty_row("derivative_transactions")
    for name, text in (("security_title", "Stock Option (right to buy)"),
                       ("transaction_date", "03/01/2024"), ("transaction_code", "M"),
                       ("shares", "10,000"), ("acquired_disposed_code", "D"),
                       ("shares_owned_following_transaction", owned_text)):
        row[name] = field_from_text(name, text, conf=80.0, page=1, bbox=None)
    if value != "parse":
        row["shares_owned_following_transaction"]["value"] = value
    return row


def test_a_derivative_disposal_read_as_leaving_one_glyph_leaves_nothing() -> None:
    """A lone '0' worn into '8' or 'Q' after an exercise is 0 (4,294 of the SEC data sets'
    10,780 Table II disposals leave 0, 11 leave one to nine); a holding of 18 or one read
    whole stays, and so does one after an acquisition."""
    rec = _record()
    rows = [_disposal("8"), _disposal("Q(2)", None), _disposal("18"), _disposal("1"),
            _disposal("25,000")]
    acquired = _disposal("8")
    acquired["acquired_disposed_code"]["value"] = "A"
    rec["derivative_transactions"] = rows + [acquired]
    checks.check_derivative_zero_holding(rec)
    owned = [r["shares_owned_following_transaction"] for r in rec["derivative_transactions"]]
    assert [f["value"] for f in owned] == [0, 0, 18, 1, 25000, 8]
    assert "repaired:emptied-holding" in owned[0]["flags"] and owned[0]["confidence"] <= 0.8


def test_a_title_lost_or_read_after_a_speck_takes_the_tables_title() -> None:
    """Heavy faxes: a row's title cell read empty, or with a speck before it ('C common
    Stock', '(Common Stock'), among rows of Common Stock. A table of two titles fills none."""
    rows = [_row("11/23/2021", "S", "100", "D", f"{9000 - 100 * k:,}", title=t)
            for k, t in enumerate(("Common Stock", "", "C common Stock", "(Common Stock",
                                   "Common Stock"))]
    rec = _record(*rows)
    checks.check_title_consensus(rec)
    titles = [r["security_title"] for r in rec["non_derivative_transactions"]]
    assert [t["value"] for t in titles] == ["Common Stock"] * 5
    assert "repaired:title-from-table" in titles[1]["flags"] and titles[1]["confidence"] <= 0.6
    rows = [_row("11/23/2021", "S", "100", "D", "900", title=t)
            for t in ("Common Stock", "", "Class B Stock", "Common Stock")]
    rec = _record(*rows)
    checks.check_title_consensus(rec)
    assert rec["non_derivative_transactions"][1]["security_title"]["value"] is None


def test_a_lost_date_takes_the_date_most_rows_give() -> None:
    """A heavy fax of a real filing: '132021' is as near to 12/13/2021 (four rows) as to
    01/03/2021 (one row's misreading), and 'bYV 2021' is no date at all; both take the
    date the rows give far more often. Two dates given alike leave it unread."""
    rows = [_row(d, "S", "100", "D", f"{9000 - 100 * k:,}") for k, d in enumerate(
        ("12/13/2021", "12/13/2021", "12/13/2021", "12/13/2021", "01/03/2021", "132021",
         "bYV 2021"))]
    rec = _record(*rows)
    checks.check_missing_date(rec)
    dates = [r["transaction_date"] for r in rec["non_derivative_transactions"]]
    assert [d["value"] for d in dates[5:]] == ["2021-12-13", "2021-12-13"]
    assert all(d["confidence"] <= 0.5 for d in dates[5:])
    rows = [_row(d, "S", "100", "D", f"{9000 - 100 * k:,}") for k, d in enumerate(
        ("12/13/2021", "01/03/2021", "132021", "12/13/2021", "01/03/2021"))]
    rec = _record(*rows)
    checks.check_missing_date(rec)
    assert rec["non_derivative_transactions"][2]["transaction_date"]["value"] is None


def test_a_row_that_lost_code_and_direction_among_a_days_sales_is_a_sale() -> None:
    """Twenty-odd sales of one day on a heavy fax, one read as I and one as J: a row that
    lost both its code and its (A)/(D) takes the code nearly all that day's rows have (and
    from it its direction); among rows of two codes alike it stays unread."""
    codes = ["S"] * 6 + ["I"] + [""]
    rows = [_row("11/23/2021", c, "100", "D" if c else "", f"{9000 - 100 * k:,}")
            for k, c in enumerate(codes)]
    rec = _record(*rows)
    checks.apply_checks(rec)
    last = rec["non_derivative_transactions"][-1]
    assert (last["transaction_code"]["value"], last["acquired_disposed_code"]["value"]) == \
        ("S", "D")
    rows = [_row("11/23/2021", c, "100", "", f"{9000 - 100 * k:,}")
            for k, c in enumerate(["S", "S", "S", "P", "P", "P", ""])]
    rec = _record(*rows)
    checks.check_missing_code(rec)
    assert rec["non_derivative_transactions"][-1]["transaction_code"]["value"] is None


def test_a_word_the_filing_writes_elsewhere_mends_its_misreading() -> None:
    """"Alfirm Holdings" in box 2 beside "Affirm" written three times in the notes and rows;
    a dictionary word, an abbreviation ("FFIVM" beside "FFIIM") and a word read as often as
    its look-alike stay."""
    rec = _record(_row("01/04/2021", "S", "100", "D", "900"), _row("01/04/2021", "S", "100",
                                                                    "D", "800"))
    rec["issuer"]["name"] = make_field("Alfirm Holdings, Inc.", confidence=0.9)
    for row, nature in zip(rec["non_derivative_transactions"],
                           ("By FF Affirm Growth, LLC", "By FF Affirm Growth, LLC"),
                           strict=True):
        row["nature_of_ownership"] = make_field(nature, confidence=0.9)
    rec["footnotes"] = [
        {"id": "F1", "text": make_field("Held by FF Affirm Growth, LLC (FFIIM). FFIIM is its "
                                        "manager; FFIVM is another; Holdings hold.",
                                        confidence=0.9)},
        {"id": "F2", "text": make_field("Held by FFIVM.", confidence=0.9)}]
    rec["remarks"] = make_field("Kestrel and Kestral.", confidence=0.9)
    checks.check_document_spelling(rec)
    assert rec["issuer"]["name"]["value"] == "Affirm Holdings, Inc."
    assert "repaired:document-spelling" in rec["issuer"]["name"]["flags"]
    assert rec["issuer"]["name"]["confidence"] <= 0.81
    assert "FFIVM is another" in rec["footnotes"][0]["text"]["value"]
    assert rec["remarks"]["value"] == "Kestrel and Kestral."
    # a name is not mended to a word the filing writes only in small letters (seed 13000)
    rec["signatures"] = [{"name": make_field("/s/ Christopher Iverson, Attorney-in-Fact",
                                             confidence=0.9), "date": make_field(None)}]
    rec["footnotes"][1]["text"] = make_field("The reporting person is a person; a person.",
                                             confidence=0.9)
    checks.check_document_spelling(rec)
    assert rec["signatures"][0]["name"]["value"] == "/s/ Christopher Iverson, Attorney-in-Fact"
    assert checks.check_document_spelling(rec, repair=False) == []
