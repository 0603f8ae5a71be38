"""Rendering truth records as Form 4 pages: size, determinism, continuation, legibility."""

from __future__ import annotations

import shutil
from typing import Any

import numpy as np
import pytest

from extractor.record import empty_owner, empty_record, empty_row, make_field
from extractor.synth.render import LAYOUTS, PAGE_DPI, render_pages

HAVE_TESSERACT = shutil.which("tesseract") is not None


# --------------------------------------------------------------------------- hand-made records


def _f(value: Any, *notes: str) -> dict[str, Any]:
    return make_field(value, confidence=1.0, footnote_ids=list(notes))


def _owner(name: str, street: str, city: str, state: str, zip_code: str, **rel: Any) -> dict:
    owner = empty_owner()
    owner.update(name=_f(name), street1=_f(street), city=_f(city), state=_f(state),
                 zip_code=_f(zip_code))
    for key in ("is_director", "is_officer", "is_ten_percent_owner", "is_other"):
        owner[key] = _f(bool(rel.get(key, False)))
    owner["officer_title"] = _f(rel.get("officer_title"))
    owner["other_text"] = _f(rel.get("other_text"))
    return owner


def _nd_tx(title: str, date: str, code: str, shares: Any, ad: str, price: Any, after: Any,
           di: str = "D", nature: str | None = None, notes: dict[str, list[str]] | None = None,
           swap: bool = False, deemed: str | None = None) -> dict:
    notes = notes or {}
    row = empty_row("non_derivative_transactions")
    values = dict(security_title=title, transaction_date=date, deemed_execution_date=deemed,
                  transaction_code=code, equity_swap_involved=swap, shares=shares,
                  price_per_share=price, acquired_disposed_code=ad,
                  shares_owned_following_transaction=after, direct_or_indirect_ownership=di,
                  nature_of_ownership=nature)
    for key, value in values.items():
        row[key] = _f(value, *notes.get(key, []))
    return row


def _d_tx(title: str, price: Any, date: str, code: str, shares: Any, ad: str, exercisable: Any,
          expiration: Any, under_title: str, under_shares: Any, deriv_price: Any, after: Any,
          di: str = "D", nature: str | None = None,
          notes: dict[str, list[str]] | None = None) -> dict:
    notes = notes or {}
    row = empty_row("derivative_transactions")
    values = dict(security_title=title, conversion_or_exercise_price=price, transaction_date=date,
                  deemed_execution_date=None, transaction_code=code, equity_swap_involved=False,
                  shares=shares, price_per_share=deriv_price, acquired_disposed_code=ad,
                  exercise_date=exercisable, expiration_date=expiration,
                  underlying_security_title=under_title, underlying_security_shares=under_shares,
                  shares_owned_following_transaction=after, direct_or_indirect_ownership=di,
                  nature_of_ownership=nature)
    for key, value in values.items():
        row[key] = _f(value, *notes.get(key, []))
    return row


def _base(doc_type: str = "4") -> dict:
    rec = empty_record()
    rec["document_type"] = _f(doc_type)
    rec["period_of_report"] = _f("2023-01-24")
    rec["date_of_original_submission"] = _f("2023-01-26" if doc_type == "4/A" else None)
    rec["not_subject_to_section16"] = _f(False)
    rec["issuer"] = {"name": _f("NORTHWIND HOLDINGS INC"), "trading_symbol": _f("NWHD")}
    rec["reporting_owners"] = [
        _owner("QUILL MARGARET A", "1200 HARBOR POINT DRIVE, SUITE 400", "WILLIAMSVILLE", "NY",
               "14221", is_director=True, is_officer=True,
               officer_title="EVP & Chief Financial Officer"),
    ]
    rec["signatures"] = [{"name": _f("/s/ Daniel Ortiz, Attorney-in-Fact for Margaret A. Quill"),
                          "date": _f("2023-01-26")}]
    return rec


def rich_record(doc_type: str = "4") -> dict:
    """Two owners, three Table I rows and a holding, two Table II rows, footnotes, remarks."""
    rec = _base(doc_type)
    rec["reporting_owners"].append(
        _owner("HALVERSEN CAPITAL PARTNERS LP", "88 CANAL STREET", "BOSTON", "MA", "02114",
               is_ten_percent_owner=True))
    rec["non_derivative_transactions"] = [
        _nd_tx("Common Stock", "2023-01-24", "M", 12500, "A", 18.25, 58774,
               notes={"price_per_share": ["F1"]}),
        _nd_tx("Common Stock", "2023-01-24", "S", 12500, "D", 121.02, 46274,
               notes={"price_per_share": ["F2"], "transaction_code": ["F1"]}),
        _nd_tx("Common Stock", "2023-01-25", "S", 3100, "D", 120.5, 1250000, "I",
               "By Halversen Capital Partners LP, a limited partnership of which the reporting "
               "person is general partner", notes={"shares_owned_following_transaction": ["F3"]}),
    ]
    holding = empty_row("non_derivative_holdings")
    holding.update(security_title=_f("Class B Common Stock"),
                   shares_owned_following_transaction=_f(5381.2),
                   direct_or_indirect_ownership=_f("I"), nature_of_ownership=_f("By 401(k) plan"))
    rec["non_derivative_holdings"] = [holding]
    rec["derivative_transactions"] = [
        _d_tx("Employee Stock Option (right to buy)", 18.25, "2023-01-24", "M", 12500, "D", None,
              "2029-03-01", "Common Stock", 12500, 0, 37500,
              notes={"exercise_date": ["F3"]}),
        _d_tx("Restricted Stock Units", None, "2023-01-25", "A", 4000, "A", "2024-01-25",
              "2027-01-25", "Common Stock", 4000, 0, 4000,
              notes={"conversion_or_exercise_price": ["F2"]}),
    ]
    rec["footnotes"] = [
        {"id": "F1", "text": _f("The transaction was effected pursuant to a Rule 10b5-1 trading "
                                "plan adopted by the reporting person on August 15, 2022.")},
        {"id": "F2", "text": _f("The price reported is a weighted average price. These shares "
                                "were sold in multiple transactions at prices ranging from "
                                "$120.61 to $121.48, inclusive. The reporting person undertakes "
                                "to provide full information regarding the number of shares "
                                "sold at each separate price upon request.")},
        {"id": "F3", "text": _f("The option vests in four equal annual installments beginning "
                                "on the first anniversary of the grant date.")},
    ]
    rec["remarks"] = _f("Exhibit 24 - Power of Attorney. This Form 4 is filed jointly by the "
                        "reporting persons listed above.")
    rec["signatures"].append({"name": _f("/s/ Peter Halversen, General Partner"),
                              "date": _f("2023-01-26")})
    return rec


def simple_record() -> dict:
    """One owner, one sale, no derivatives, one footnote."""
    rec = _base()
    rec["non_derivative_transactions"] = [
        _nd_tx("Common Stock", "2023-01-24", "S", 46274, "D", 121.02, 98012)]
    rec["footnotes"] = [{"id": "F1", "text": _f("Shares held jointly with spouse.")}]
    rec["non_derivative_transactions"][0]["shares"]["footnote_ids"] = ["F1"]
    return rec


def empty_tables_record() -> dict:
    """A holdings-only filing with a null value that has only a footnote."""
    rec = _base("4/A")
    rec["not_subject_to_section16"] = _f(True)
    holding = empty_row("derivative_holdings")
    holding.update(security_title=_f("Phantom Stock Units"), conversion_or_exercise_price=_f(None,
                   "F1"), exercise_date=_f(None, "F1"), expiration_date=_f(None, "F1"),
                   underlying_security_title=_f("Common Stock"),
                   underlying_security_shares=_f(1619), shares_owned_following_transaction=_f(
                       4172, "F2"), direct_or_indirect_ownership=_f("D"))
    rec["derivative_holdings"] = [holding]
    rec["footnotes"] = [{"id": "F1", "text": _f("Each unit represents one share.")},
                        {"id": "F2", "text": _f("Includes 1 share from fractional shares.")}]
    return rec


def long_record(n: int = 30) -> dict:
    rec = _base()
    rec["non_derivative_transactions"] = [
        _nd_tx("Common Stock", f"2023-01-{1 + i % 28:02d}", "S", 1000 + 37 * i, "D",
               round(100 + i / 7, 2), 900000 - 1000 * i) for i in range(n)]
    rec["footnotes"] = [{"id": f"F{i}", "text": _f(f"Footnote number {i} text.")}
                        for i in range(1, 4)]
    return rec


def crowded_record() -> dict:
    """Six joint filers, six signatures, long footnotes and remarks: spills over pages."""
    rec = rich_record()
    for i in range(4):
        rec["reporting_owners"].append(
            _owner(f"FUND {i} OPPORTUNITY PARTNERS INTERNATIONAL HOLDINGS LLC",
                   "C/O NORTHWIND HOLDINGS INC, 4500 EXECUTIVE PARKWAY BUILDING C FLOOR 12",
                   "SOUTH SAN FRANCISCO", "CA", "94080-1234", is_other=True,
                   other_text="Member of a Section 13(d) group owning more than 10%"))
        rec["signatures"].append({"name": _f(f"/s/ Fund {i} Opportunity Partners, by its "
                                             "general partner, Jonathan Q. Fairweather-Smythe"),
                                  "date": _f("2023-01-27")})
    long_text = " ".join(["The reporting person disclaims beneficial ownership of these "
                          "securities except to the extent of his pecuniary interest therein."]
                         * 4)
    rec["footnotes"] += [{"id": f"F{i}", "text": _f(f"{long_text} ({i})")} for i in range(4, 14)]
    rec["remarks"] = _f(long_text * 2)
    rec["non_derivative_transactions"][0]["nature_of_ownership"] = _f(long_text, "F4", "F5")
    return rec


RECORDS = {
    "crowded": crowded_record,
    "empty": empty_record,
    "rich": rich_record,
    "rich_amendment": lambda: rich_record("4/A"),
    "simple": simple_record,
    "holdings_only": empty_tables_record,
    "long": long_record,
}


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("name", sorted(RECORDS))
def test_every_record_renders_in_every_layout(layout: str, name: str) -> None:
    pages = render_pages(RECORDS[name](), layout, seed=3)
    assert pages
    for page in pages:
        assert page.mode == "L"
        assert page.size == (3300, 2550)
        assert page.info.get("dpi") == (PAGE_DPI, PAGE_DPI)
        arr = np.asarray(page)
        assert arr[0, 0] == 255  # white paper at the corner
        assert (arr < 128).mean() > (0.005 if page is pages[0] else 0.0002)  # there is ink
        for x0, y0, x1, y1 in page.info["form4_regions"].values():
            assert 0 <= x0 < x1 <= 3300 and 0 <= y0 < y1 <= 2550


@pytest.mark.parametrize("layout", LAYOUTS)
def test_deterministic(layout: str) -> None:
    rec = rich_record()
    a = render_pages(rec, layout, seed=7)
    b = render_pages(rich_record(), layout, seed=7)
    assert len(a) == len(b)
    assert all(np.array_equal(np.asarray(x), np.asarray(y)) for x, y in zip(a, b, strict=True))


def test_seed_varies_the_look() -> None:
    rec = rich_record()
    looks = {np.asarray(render_pages(rec, "paper", seed=s)[0]).tobytes() for s in range(3)}
    assert len(looks) > 1


def test_unknown_layout() -> None:
    with pytest.raises(ValueError):
        render_pages(simple_record(), "fax")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_long_filing_continues_on_more_pages(layout: str) -> None:
    short = len(render_pages(long_record(3), layout))
    long = len(render_pages(long_record(30), layout))
    assert long >= 2
    assert long > short


@pytest.mark.parametrize("layout", LAYOUTS)
def test_page_renders_fast(layout: str) -> None:
    import time

    rec = rich_record()
    render_pages(rec, layout)  # warm the font cache
    t0 = time.perf_counter()
    pages = render_pages(rec, layout, seed=1)
    assert (time.perf_counter() - t0) / len(pages) < 1.0


def _ocr(image: Any, psm: int = 6) -> str:
    import pytesseract

    return pytesseract.image_to_string(image, config=f"--psm {psm}")


def _region(page: Any, name: str) -> tuple[int, int, int, int]:
    return page.info["form4_regions"][name]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_row_is_drawn_in_order(layout: str) -> None:
    """Regions name every Table I/II row, in record order, each inside the page."""
    rec = long_record(30)
    rec["derivative_transactions"] = rich_record()["derivative_transactions"]
    seen: dict[str, list[tuple[int, int]]] = {"table_i": [], "table_ii": []}
    for number, page in enumerate(render_pages(rec, layout, seed=2)):
        for name, (x0, y0, x1, y1) in page.info["form4_regions"].items():
            assert 0 <= x0 < x1 <= 3300 and 0 <= y0 < y1 <= 2550, name
            table, _, rest = name.partition(".row")
            if rest.isdigit() and table in seen:
                seen[table].append((number, y0, int(rest)))
    for table, n in (("table_i", 30), ("table_ii", 2)):
        order = [i for *_, i in sorted(seen[table])]
        assert order == list(range(n)), table


def test_table_ii_shares_go_under_a_or_d() -> None:
    rec = rich_record()
    regions = render_pages(rec, "edgar")[0].info["form4_regions"]
    assert "table_ii.row0.shares_disposed" in regions  # the option exercise: (D)
    assert "table_ii.row0.shares_acquired" not in regions
    assert "table_ii.row1.shares_acquired" in regions  # the RSU grant: (A)
    assert "table_i.row3.transaction_date" not in regions  # a holding: no date
    assert "table_i.row3.shares_owned_following_transaction" in regions


@pytest.mark.skipif(not HAVE_TESSERACT, reason="tesseract not installed")
@pytest.mark.parametrize("layout", LAYOUTS)
def test_first_table_row_is_legible(layout: str) -> None:
    page = render_pages(simple_record(), layout, seed=0)[0]
    text = _ocr(page.crop(_region(page, "table_i.row0")))
    assert "46,274" in text
    assert "121.02" in text
    assert "98,012" in text


@pytest.mark.skipif(not HAVE_TESSERACT, reason="tesseract not installed")
def test_pre2002_has_no_deemed_execution_column() -> None:
    rec = simple_record()
    paper = render_pages(rec, "paper", seed=0)[0]
    old = render_pages(rec, "paper-pre2002", seed=0)[0]
    assert "Deemed" in _ocr(paper.crop(_region(paper, "table_i.header")))
    assert "Deemed" not in _ocr(old.crop(_region(old, "table_i.header")))
    assert "End of" in _ocr(old.crop(_region(old, "table_i.header")))  # "... at End of Month"
