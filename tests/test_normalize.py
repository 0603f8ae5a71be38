"""Normalization of raw cell text (pure, no OCR)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.mapping import normalize as nz


def _value(name: str, text: str, **kw: object) -> object:
    """What the mapping makes of a cell or box read as ``text`` (Tesseract sure at 80)."""
    from extractor.mapping.assemble import field_from_text

    return field_from_text(name, text, conf=80.0, page=1, bbox=None, **kw)["value"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("02/06/2023", "2023-02-06"),
        ("2/6/2023", "2023-02-06"),
        ("02/06/20 23", "2023-02-06"),  # digits split by OCR
        ("O2/O6/2O23", "2023-02-06"),  # O read for 0
        ("2023-02-06", "2023-02-06"),
        ("", None),
        ("Immediately", None),
        ("13/45/2023", None),
        ("LI/16/2018", "2018-11-16"),  # a month's ones read as letters (seed 13400, heavy)
        ("05:24/2011", "2011-05-24"),  # a slash read as a colon
        ("AB/12/2019", None),
    ],
)
def test_parse_date(text: str, value: str | None) -> None:
    assert nz.parse_date(text)[0] == value


def test_parse_month_year() -> None:
    assert nz.parse_month_year("03/1999")[0] == "1999-03"
    assert nz.parse_month_year("3/99")[0] == "1999-03"
    assert nz.parse_month_year("11/2010 (MonttVear)")[0] == "2010-11"  # the caption after it
    assert nz.parse_month_year("")[0] is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("46,274", 46274),
        ("$121.02", 121.02),
        ("$ 0.00", 0),
        ("3,638", 3638),
        ("1,000.5", 1000.5),
        ("l,OOO", 1000),
        ("", None),
        ("N/A", None),
    ],
)
def test_parse_number(text: str, value: float | None) -> None:
    assert nz.parse_number(text)[0] == value


def test_a_speck_after_a_number_read_as_a_point_goes() -> None:
    assert nz.parse_number("$17.23.") == (17.23, [])
    assert nz.parse_number("907.847.", share_count=True) == (907847, ["repaired:thousands-point"])
    assert nz.parse_number("1,234.")[0] == 1234
    assert nz.parse_number(".50")[0] == 0.5


def test_repairs_are_flagged() -> None:
    value, flags = nz.parse_number("l,OOO")
    assert value == 1000 and "repaired:ocr-digit" in flags
    value, flags = nz.parse_date("02/06/20 23")
    assert value == "2023-02-06" and "repaired:split-digits" in flags
    # A space after a thousands comma splits no digit group; one inside a group does.
    assert nz.parse_number("14, 250") == (14250, [])
    assert nz.parse_number("40 5,274") == (405274, ["repaired:split-digits"])


@pytest.mark.parametrize(
    ("text", "rest", "ids"),
    [
        ("3,638(1)", "3,638", ["F1"]),
        ("$121.02 (2)(3)", "$121.02", ["F2", "F3"]),
        ("By Trust (4)", "By Trust", ["F4"]),
        ("Common Stock", "Common Stock", []),
        ("(1)", "", ["F1"]),
        ("(12)", "", ["F12"]),
    ],
)
def test_split_footnotes(text: str, rest: str, ids: list[str]) -> None:
    assert nz.split_footnotes(text) == (rest, ids)


def test_codes() -> None:
    assert nz.parse_code("S", nz.TRANSACTION_CODES)[0] == "S"
    assert nz.parse_code("5", nz.TRANSACTION_CODES)[0] == "S"  # OCR digit for letter
    assert nz.parse_code("(A)", frozenset("AD"))[0] == "A"
    assert nz.parse_code("Q", frozenset("AD"))[0] is None
    assert nz.parse_code("©(1)", nz.TRANSACTION_CODES) == ("C", ["repaired:ocr-code"])
    # What a fax left of "D(1)": the marker without its "(", not the code I.
    for remnant in ("1)", "I)", "l )"):
        assert nz.parse_code(remnant, frozenset("DI")) == (None, ["unreadable:code"])
    assert nz.parse_code("I", frozenset("DI")) == ("I", [])
    assert nz.parse_code("1", frozenset("DI")) == ("I", ["repaired:ocr-code"])
    assert nz.parse_mark("X") is True
    assert nz.parse_mark("Vv") is True  # the V column's mark read twice
    assert nz.parse_mark("") is False


def test_a_dollar_and_five_read_as_two_letters() -> None:
    for text in ("SS.4504", "§S.4504", "$S.4504", "S5.4504"):
        rest, ids, flags = nz.mend_amount(text, price=True)
        assert (rest, ids, flags) == ("$5.4504", [], ["repaired:dollar-sign"]), text
    assert nz.mend_amount("$55.25", price=True) == ("$55.25", [], [])
    assert nz.mend_amount("SS.4504", price=False)[0] == "SS.4504"  # share counts: no "$"


def test_a_two_digit_year_with_digits_after_it_is_in_doubt() -> None:
    for text in ("08/29/20 :(4)", "08/08/20: 3", "08/29/20(4)"):
        assert nz.torn_year(text), text
    for text in ("08/29/2020(4)", "08/29/20", "02/06/2023"):
        assert not nz.torn_year(text), text


def test_clean_text_collapses_space() -> None:
    assert nz.clean_text("  Common \n  Stock ") == "Common Stock"


@pytest.mark.parametrize(
    ("text", "price", "rest", "ids"),
    [
        ("$16.296)", True, "$16.29", ["F6"]),
        ("$16.28)", True, "$16.28", []),
        ("$15.987129", True, "$15.987129", []),  # no sign of a marker: left alone
        ("$15.9871 29", True, "$15.9871", ["F29"]),
        ("$16 2672", True, "$16.2672", []),
        ("$16:137202)", True, "$16.1372", ["F2"]),
        ("3,6381)", False, "3,638", ["F1"]),
        ("46,274", False, "46,274", []),
        ("2.728M@2)", False, "2.728", ["F2"]),  # "(1)(2)" run together and garbled
        ("2.654(D", False, "2.654", []),  # what is left once the last marker "2)" is split off
        ("2,639M2)G)", False, "2,639", ["F2"]),  # "(1)(2)(3)"
        ("2,63O(1)", False, "2,63O(1)", []),  # a digit read as a letter: not a marker
        ("3,000 M", False, "3,000 M", []),  # a letter apart from the amount: not a marker
        ("{2)", True, "", ["F2"]),  # a marker alone, its "(" read as a brace: no price
        ("24,7 38", False, "24,7 38", []),  # a group torn in two (24,738): no marker
        ("24,73 8", False, "24,73 8", []),
        ("1,234 5", False, "1,234", ["F5"]),  # a whole group, then a marker
    ],
)
def test_mend_amount(text: str, price: bool, rest: str, ids: list[str]) -> None:
    got, got_ids, _ = nz.mend_amount(text, price=price)
    assert (got, got_ids) == (rest, ids)


@pytest.mark.parametrize(("text", "value", "repaired"), [
    ("- Represents shares withheld.", "Represents shares withheld.", True),
    ("held by the trust. NW", "held by the trust.", True),
    ("sold at each separate price. t", "sold at each separate price.", True),
    ("each separate price:", "each separate price.", True),
    ("vest on the first anniversary of the grant date", "vest on the first anniversary of the "
     "grant date.", True),
    ("Held by X. The reporting person disclaims beneficial ownership",
     "Held by X. The reporting person disclaims beneficial ownership.", True),
    ("See Remarks.", "See Remarks.", False),
    ("(Continued from Footnote 3) Vests in full.", "(Continued from Footnote 3) Vests in full.",
     False),
    # a receipt stamp read on after the last word
    ("her pecuniary interest therein SEC MAIL PROCESSING FEB 03 2008",
     "her pecuniary interest therein.", True),
    ("held for the reporting person's children FILE", "held for the reporting person's "
     "children.", True),
    ("held by the trust. RECEIVED", "held by the trust.", True),
    ("Shares held in the FILE Trust for the reporting person's children",
     "Shares held in the FILE Trust for the reporting person's children.", True),  # a name
])
def test_tidy_note(text: str, value: str, repaired: bool) -> None:
    from extractor.mapping.normalize import tidy_note

    out, flags = tidy_note(text)
    assert out == value
    assert bool(flags) == repaired


def test_a_stamp_read_as_a_last_sentence_goes() -> None:
    """Heavy faxes' stamps read after the last note as a 'sentence' of their own, with a point
    ("price. TYE ne."); a short last sentence of words stays ("See Remarks.")."""
    from extractor.mapping.normalize import Vocabulary, tidy_note

    vocab = Vocabulary({"price": 900, "see": 500, "remarks": 300, "exhibit": 80, "the": 9000})
    for text, value in (("at each separate price. TYE ne.", "at each separate price."),
                        ("at each separate price. A 4.", "at each separate price."),
                        ("at each separate price. See Remarks.",
                         "at each separate price. See Remarks."),
                        ("at each separate price. See Exhibit 99.",
                         "at each separate price. See Exhibit 99.")):
        assert tidy_note(text, vocab)[0] == value, text


def test_a_stamp_read_on_after_the_last_word_goes() -> None:
    """A stamp read on after a note's last word with no point of its own ("children SEc IVED
    ey."): a short run of tokens with one no note is written with (a case no word takes, a
    sign inside it, a scrap of no word) after a known word in lower case. Acronyms as written,
    a misread last word and prose stay."""
    from extractor.mapping.normalize import Vocabulary, tidy_note

    vocab = Vocabulary({w: 50 for w in "children trustee therein vesting price separate units "
                        "hay the by trust".split()})
    for text, value in (("held for the children SEc IVED ey.", "held for the children."),
                        ("after vesting [V1 Nod.", "after vesting."),
                        ("the reporting person is trustee S&q &o Stp VED 262.",
                         "the reporting person is trustee."),
                        ("interest therein, nls NM.", "interest therein."),
                        ("at each separate price. VEp lL.", "at each separate price."),
                        ("the reporting person is trustee Hay.",
                         "the reporting person is trustee Hay."),
                        ("restricted stock units (PRSUs).", "restricted stock units (PRSUs)."),
                        ("at each separate piace:", "at each separate piace."),
                        ("held by the Doe Trust FBO JD.", "held by the Doe Trust FBO JD."),
                        ("held by the trust of the SEc.", "held by the trust of the SEc.")):
        assert tidy_note(text, vocab)[0] == value, text


def test_a_longer_garble_read_on_after_the_last_word_goes() -> None:
    """A stamp or scribble read as a longer run of garble after the note's last word (five
    tokens or more, no word of the note's own): it goes; a date, a known word, prose stay."""
    from extractor.mapping.normalize import Vocabulary, tidy_note

    vocab = Vocabulary({w: 50 for w in "price weighted average voluntarily form filing "
                        "february person sec attorney power exhibit the".split()})
    for text, value in (("a weighted average price. egin aie? os sec G32 ae aa.",
                         "a weighted average price."),
                        ("filing this Form 4 voluntarily. el I 49 2032 Ne pr",
                         "filing this Form 4 voluntarily."),
                        ("Exhibit 24 - Power of Attorney - sec Hl ] RECE A VED ey",
                         "Exhibit 24 - Power of Attorney."),
                        ("adopted by the person on February 15, 2003. Mee Mh, Shee, p",
                         "adopted by the person on February 15, 2003."),
                        ("held by Kestrel Growth Fund IV Kestrel Partners GP LLC",
                         "held by Kestrel Growth Fund IV Kestrel Partners GP LLC."),
                        # not cut after a word no note ends with
                        ("filing this Form 4 voluntarily. eee set APR 27 the a HF i! 71 ty",
                         "filing this Form 4 voluntarily.")):
        assert tidy_note(text, vocab)[0] == value, text


def test_price_in_prose_keeps_its_point() -> None:
    from extractor.mapping.normalize import Vocabulary, mend_words

    out, flags = mend_words("prices ranging from $15 63 to $16.03, inclusive", Vocabulary({}))
    assert out == "prices ranging from $15.63 to $16.03, inclusive" and flags


def test_mend_title_words() -> None:
    from extractor.mapping.normalize import Vocabulary, mend_title_words

    vocab = Vocabulary({"common": 40000, "stock": 60000, "right": 7000, "rights": 600,
                        "option": 9000})
    assert mend_title_words("Common Steck", vocab) == ("Common Stock", ["repaired:spelling"])
    assert mend_title_words("COMON STOCK", vocab)[0] == "COMMON STOCK"
    assert mend_title_words("Stock Option (Right to Buy)", vocab) == (
        "Stock Option (Right to Buy)", [])
    # A word torn in two by a gap, and the comma before "par value".
    assert mend_title_words("Common St k", vocab) == ("Common Stock", ["repaired:spelling"])
    assert mend_title_words("Common Stock par value $0.001 per share", vocab)[0] == (
        "Common Stock, par value $0.001 per share")
    # The first word's capital read apart (seed 13400, heavy): joined again; a letter that
    # names a class or a tranche stays.
    for read in ("C common Stock", "C Common Stock", "Cc ommon Stock", "C 'omnion Stock"):
        assert mend_title_words(read, vocab)[0] == "Common Stock", read
    for title in ("Class C Common Stock", "Tranche C Common Stock", "A Common Stock"):
        assert mend_title_words(title, vocab) == (title, [])
    assert mend_title_words("Common Shares, no par value", vocab)[0] == (
        "Common Shares, no par value")
    assert mend_title_words("Alclear Units", vocab)[0] == "Alclear Units"
    # A word's first letter read onto the class letter before it; a known word keeps its own.
    assert mend_title_words("Class BC ommon Stock", vocab) == ("Class B Common Stock",
                                                               ["repaired:spelling"])
    assert mend_title_words("Series BC Common Stock", vocab)[0] == "Series BC Common Stock"


def test_consensus_texts_mend_repeated_boilerplate() -> None:
    from extractor.mapping.normalize import Vocabulary, consensus_texts

    base = ("The price reported in Column 4 is a weighted average price. These shares were "
            "sold at prices ranging from ${} to ${}, inclusive.")
    texts = [base.format("15.63", "16.03"),
             base.format("15.78", "16.10").replace("weighted average", "weighted"),
             base.format("15.95", "16.11").replace("Column 4 is", "Column '4 is"),
             base.format("16.04", "16.38").replace("were sold", "were fegeiding")]
    vocab = Vocabulary({w: 1 for w in base.replace(",", "").replace(".", " ").split()})
    out = consensus_texts(texts, vocab)
    assert out[0] == (texts[0], False)
    assert out[1] == (base.format("15.78", "16.10"), True)
    assert out[2] == (base.format("15.95", "16.11"), True)
    assert out[3] == (base.format("16.04", "16.38"), True)
    # Notes that differ in substance are left alone.
    notes = ["Held by the Smith Family Trust.", "Held by the Jones Family Trust.",
             "Held by the Brown Family Trust."]
    assert [t for t, _ in consensus_texts(notes, vocab)] == notes


def test_consensus_texts_twin_notes_mend_misread_words_only() -> None:
    from extractor.mapping.normalize import Vocabulary, consensus_texts

    tail = ("The reporting person may be deemed to share voting and dispositive power over "
            "these securities and disclaims beneficial ownership.")
    first = "The securities are held directly by Kestrel Fund III, L.P. " + tail
    second = "The securities are held directly by Ashgrove Partners III, L.P. " + tail
    vocab = Vocabulary({w.strip(",."): 1 for w in (first + " " + second).split()
                        if w.strip(",.") not in ("Kestrel", "Ashgrove")})
    misread = first.replace("voting and", "voting amd").replace("person may", "person ~ may")
    out = consensus_texts([misread, second], vocab)
    assert out[0] == (first, True) and out[1] == (second, False)
    # A word only the twin has is kept out: real twins differ by a word ("sole").
    shorter = second.replace("share voting", "share")
    assert consensus_texts([shorter, first], vocab)[0] == (shorter, False)


def test_consensus_texts_restore_lost_punctuation_by_plurality() -> None:
    from extractor.mapping.normalize import Vocabulary, consensus_texts

    base = ("The reporting person undertakes to provide to the Issuer, any security holder of "
            "the Issuer, or the staff of the Commission, upon request, full information at "
            "prices from ${} to ${}.")
    prices = [("1.10", "1.20"), ("1.30", "1.40"), ("1.50", "1.60"), ("1.70", "1.80"),
              ("1.90", "2.00")]
    texts = [base.format(*prices[0]).replace("Issuer, any", "Issuer any"),
             base.format(*prices[1]).replace("Issuer, any", "Issuer any"),
             base.format(*prices[2]).replace("Commission, upon", "Commission ly upon"),
             base.format(*prices[3]), base.format(*prices[4])]
    vocab = Vocabulary({w.strip(",."): 1 for w in base.split()})
    out = [t for t, _ in consensus_texts(texts, vocab)]
    # Three of the four others read "Issuer," where two read "Issuer": the comma is back.
    assert out[0] == base.format(*prices[0])
    assert out[2] == base.format(*prices[2])
    assert out[3] == base.format(*prices[3])


def test_lower_case_code_is_a_misreading() -> None:
    assert nz.parse_code("g", nz.TRANSACTION_CODES) == ("S", ["repaired:ocr-code"])
    assert nz.parse_code("m", nz.TRANSACTION_CODES) == ("M", ["repaired:ocr-code"])
    assert nz.parse_code("s", nz.TRANSACTION_CODES) == ("S", [])
    assert nz.parse_code("G", nz.TRANSACTION_CODES) == ("G", [])


def test_entity_suffix_and_name_punctuation() -> None:
    from extractor.mapping.normalize import mend_entity_suffix, mend_name_punctuation

    assert mend_entity_suffix("Sequoia Capital Fund XV, LB:")[0] == "Sequoia Capital Fund XV, L.P."
    assert mend_entity_suffix("By Kingsford Ventures II, L.P.2")[0] == \
        "By Kingsford Ventures II, L.P."
    assert mend_entity_suffix("Windward Partners, LP") == ("Windward Partners, LP", [])
    for garbled in ("1..P.", "1,.P.", "L.?", "1.2"):  # a heavy fax's dotted L.P.
        assert mend_entity_suffix(f"Sequoia Capital Fund XV, {garbled}")[0] == \
            "Sequoia Capital Fund XV, L.P.", garbled
    assert mend_entity_suffix("Smith, John") == ("Smith, John", [])
    assert mend_name_punctuation("Sequoia Capital U.S Venture Fund XV L.P.")[0] == \
        "Sequoia Capital U.S. Venture Fund XV, L.P."
    assert mend_name_punctuation("/s/ Roelof Botha. by Kathy Hibbs. attorney-in-fact")[0] == \
        "/s/ Roelof Botha, by Kathy Hibbs, attorney-in-fact"
    assert mend_name_punctuation("/s/ David Cohen as attorney-in-fact") == (
        "/s/ David Cohen as attorney-in-fact", [])
    # a stop read for the comma before an entity's suffix, or after it before "By"
    assert mend_name_punctuation("Kingsford Management. LLC. By: /s/ N. Radcliffe")[0] == \
        "Kingsford Management, LLC, By: /s/ N. Radcliffe"
    assert mend_name_punctuation("Northgate Growth Fund V. L.P., By /s/ A. Ostrowski")[0] == \
        "Northgate Growth Fund V, L.P., By /s/ A. Ostrowski"
    for real in ("KKR & CO. L.P. By: KKR & Co. GP LLC", "Seletar Investments Pte. Ltd., By /s/ T",
                 "Northgate Growth Fund V, L.P. By: /s/ A. Ostrowski"):
        assert mend_name_punctuation(real) == (real, [])


def test_non_hyphen_with_a_speck_beside_it() -> None:
    # seed 13500, heavy; a filer's own "Non-Qualifed" (a real filing of seed 13600) stays
    for read in ("Non -Qualified Stock Option (right to buy)",
                 "Non-(Qualified Stock Option (right to buy)"):
        assert _value("security_title", read) == "Non-Qualified Stock Option (right to buy)"
    filed = "Non-Qualifed Stock Option (right to buy)"
    assert _value("security_title", filed) == filed


def test_series_d_read_as_a_bar_and_a_bracket() -> None:
    # seed 13400, heavy: in a title and in a note
    assert _value("security_title", "Series 1) Convertible Preferred Stock") == \
        "Series D Convertible Preferred Stock"
    assert _value("footnote", "Each share of Series I) Convertible Preferred Stock converted.") \
        == "Each share of Series D Convertible Preferred Stock converted."
    assert _value("security_title", "Series A (1) Preferred Stock") == "Series A Preferred Stock"


def test_prose_punctuation() -> None:
    from extractor.mapping.normalize import mend_prose_punctuation as mend

    assert mend("a weighted average' price. The, securities are held by SC US (TTGP), Ltd The "
                "Reporting Person") == ("a weighted average price. The securities are held by "
                                        "SC US (TTGP), Ltd. The Reporting Person",
                                        ["repaired:punctuation"])
    assert mend("Management, L..P., and Fund XV (Q). L.P.")[0] == \
        "Management, L.P., and Fund XV (Q), L.P."
    assert mend("the holders' shares and the Issuer's") == (
        "the holders' shares and the Issuer's", [])


def test_date_one_digit_from_a_date() -> None:
    assert nz.parse_date("93/30/2011") == ("2011-03-30", ["repaired:date-digit"])
    assert nz.parse_date("13/05/2019") == (None, [])  # 03/05, 11/05, 12/05, 10/05 ...


def test_prose_punctuation_more() -> None:
    from extractor.mapping.normalize import Vocabulary, mend_prose_punctuation, mend_words

    assert mend_prose_punctuation("Fund XV (Q) L.P. and for any. other purposes of the "
                                  "person' 's")[0] == ("Fund XV (Q), L.P. and for any other "
                                                       "purposes of the person's")
    vocab = Vocabulary({"these": 50, "shares": 40, "were": 30})
    assert mend_words("Th ese shares were", vocab)[0] == "These shares were"


def test_marker_that_lost_its_opening_parenthesis() -> None:
    from extractor.mapping.assemble import field_from_text

    f = field_from_text("nature_of_ownership", "By Kingsford Ventures II, L.P.2)", conf=90.0,
                        page=1, bbox=None)
    assert f["value"] == "By Kingsford Ventures II, L.P." and f["footnote_ids"] == ["F2"]
    assert "repaired:lost-footnote-marker" in f["flags"]


def test_prose_marks_in_numbers() -> None:
    from extractor.mapping.normalize import (
        Vocabulary,
        mend_prose_punctuation,
        mend_words,
        tidy_note,
    )

    assert mend_prose_punctuation("a Rule 10b5- 1 plan of the: Issuer")[0] == \
        "a Rule 10b5-1 plan of the Issuer"
    assert mend_words("par value $0. 001 per share", Vocabulary({}))[0] == \
        "par value $0.001 per share"
    assert tidy_note("adopted on February 18, 2017..")[0] == "adopted on February 18, 2017."


def test_comma_before_attorney_in_fact_and_lp() -> None:
    from extractor.mapping.normalize import mend_name_punctuation

    assert mend_name_punctuation("/s/ Lauren Nordstrom Attorney-in-Fact")[0] == \
        "/s/ Lauren Nordstrom, Attorney-in-Fact"
    assert mend_name_punctuation("/s/ Ann Lee as Attorney-in-Fact")[0] == \
        "/s/ Ann Lee as Attorney-in-Fact"
    assert mend_name_punctuation("By Bellhaven Opportunity Fund VIII LP")[0] == \
        "By Bellhaven Opportunity Fund VIII, LP"


def test_marker_read_as_a_symbol_or_after_a_comma() -> None:
    from extractor.mapping.assemble import field_from_text

    f = field_from_text("nature_of_ownership", "Sequoia Capital Fund IV, L.P.@)", conf=90.0,
                        page=1, bbox=None)
    assert f["value"] == "Sequoia Capital Fund IV, L.P."
    f = field_from_text("nature_of_ownership", "Sequoia Principals Fund, LP,(3)", conf=90.0,
                        page=1, bbox=None)
    assert f["value"] == "Sequoia Principals Fund, L.P." and f["footnote_ids"] == ["F3"]
    f = field_from_text("nature_of_ownership", "Windward Fund, LP(2)", conf=90.0, page=1,
                        bbox=None)
    assert f["value"] == "Windward Fund, LP"


def test_by_and_hyphen_slips_in_short_texts() -> None:
    from extractor.mapping.assemble import field_from_text

    f = field_from_text("nature_of_ownership", "B Palisade Opportunity Fund VI, LP", conf=90.0,
                        page=1, bbox=None)
    assert f["value"] == "By Palisade Opportunity Fund VI, LP"
    f = field_from_text("nature_of_ownership", "oy Family Trust", conf=90.0, page=1, bbox=None)
    assert f["value"] == "By Family Trust"
    # a lower-case "by" is as filed (EDGAR holds more "by Trust" than "By Trust")
    f = field_from_text("nature_of_ownership", "by Trust", conf=90.0, page=1, bbox=None)
    assert f["value"] == "by Trust"
    f = field_from_text("security_title", "Non- Qualified Stock Option (right to buy)",
                        conf=90.0, page=1, bbox=None)
    assert f["value"] == "Non-Qualified Stock Option (right to buy)"


def test_stray_marks_in_addresses_and_titles() -> None:
    from extractor.mapping.boxes import fix_company_suffix
    from extractor.mapping.normalize import tidy_text

    assert tidy_text("3333' SHORELINE BOULEVARD")[0] == "3333 SHORELINE BOULEVARD"
    assert tidy_text("Class A. Common Stock")[0] == "Class A Common Stock"
    assert fix_company_suffix("Larkspur Foods, Inc") == "Larkspur Foods, Inc."


def test_prose_marks_between_words_and_amounts() -> None:
    from extractor.mapping.normalize import mend_prose_punctuation

    assert mend_prose_punctuation(
        "these securities:and prices from $26.70'to $27.22 and from $27.16 fo $27.91, "
        "inclusive.' The interest therein. SEC Form 4 cede.")[0] == (
        "these securities and prices from $26.70 to $27.22 and from $27.16 to $27.91, "
        "inclusive. The interest therein.")


def test_roman_numerals_and_address_specks() -> None:
    from extractor.mapping.assemble import field_from_text
    from extractor.mapping.normalize import mend_roman_numerals, tidy_text

    assert mend_roman_numerals("By Bellhaven Opportunity Fund Will, LP")[0] == \
        "By Bellhaven Opportunity Fund VIII, LP"
    assert mend_roman_numerals("NORTHGATE GROWTH FUND IIl, L.P.")[0] == \
        "NORTHGATE GROWTH FUND III, L.P."
    assert mend_roman_numerals("Capital Partners") == ("Capital Partners", [])
    # a heavy fax's numerals (seed 11600): H for II, a bracket for I
    for worn, right in (("Capital XH, L.P.", "Capital XII, L.P."),
                        ("Capital X11 Principals", "Capital XII Principals"),
                        ("Growth Fund II] - Endurance", "Growth Fund III - Endurance"),
                        ("Growth Fund TH - Endurance", "Growth Fund III - Endurance"),
                        ("Principals Fund {V, L.P.", "Principals Fund IV, L.P."),
                        ("Fund H", "Fund H"), ("Capital TX", "Capital TX")):
        assert mend_roman_numerals(worn)[0] == right, worn
    assert tidy_text("1050 MAIN STREET.")[0] == "1050 MAIN STREET"
    assert tidy_text("Quarry: Point Technologies, Inc.")[0] == "Quarry Point Technologies, Inc."
    assert tidy_text("vP, Controller")[0] == "VP, Controller"
    f = field_from_text("officer_title", "Chief Technology Officer 6. sla or JoinUGrou",
                        conf=90.0, page=1, bbox=None)
    assert f["value"] == "Chief Technology Officer"


def test_word_split_by_a_space_is_joined() -> None:
    from extractor.mapping.normalize import Vocabulary, mend_words

    vocab = Vocabulary({"these": 900, "reporting": 5000, "report": 300, "person": 5000,
                        "series": 400, "preferred": 300, "ventures": 100})
    assert mend_words("Th ese shares", vocab)[0] == "These shares"
    assert mend_words("the report ting person", vocab)[0] == "the reporting person"
    # A class letter or a fund's numeral is no scrap of the word before it.
    assert mend_words("Series C Preferred", vocab)[0] == "Series C Preferred"
    assert mend_words("Lodestar Ventures V, L.P.", vocab)[0] == "Lodestar Ventures V, L.P."


def test_issuer_name_suffix() -> None:
    assert nz.mend_issuer_name("Block, Inc. I") == ("Block, Inc.", ["repaired:entity-suffix"])
    assert nz.mend_issuer_name("Block; Inc.")[0] == "Block, Inc."
    assert nz.mend_issuer_name("Nettlefield Holdings, mc.")[0] == "Nettlefield Holdings, Inc."
    assert nz.mend_issuer_name("Summitline, Ltd")[0] == "Summitline, Ltd."
    assert nz.mend_issuer_name("ACME HOLDINGS INC") == ("ACME HOLDINGS INC", [])


def test_signature_name() -> None:
    assert nz.mend_signature_name("/s/ Hélen H. Whitlock, Attorney-in-Fact")[0] == (
        "/s/ Helen H. Whitlock, Attorney-in-Fact")
    assert nz.mend_signature_name("/s/ Helen M. Espinoza, Atto ney: in ack")[0] == (
        "/s/ Helen M. Espinoza, Attorney-in-Fact")
    assert nz.mend_signature_name("Sofia D. Goldberg.")[0] == "Sofia D. Goldberg"
    assert nz.mend_signature_name("/s/'Rosa J. Lockhart")[0] == "/s/ Rosa J. Lockhart"
    for read in ("/s/ Priya Ashford, Attorney- in- Fact", "/s/ Priya Ashford, Attorney -in-Fact",
                 "/s/ Priya Ashford, Attorney-in-Fact."):
        assert nz.mend_signature_name(read)[0] == "/s/ Priya Ashford, Attorney-in-Fact", read
    assert nz.mend_signature_name("/s/ Susan.Szotek")[0] == "/s/ Susan Szotek"
    assert nz.mend_signature_name("Ashgrove Ventures X, L.P., By: /S/ Diane Finnegan")[0] == (
        "Ashgrove Ventures X, L.P., By: /s/ Diane Finnegan")
    assert nz.mend_signature_name("/s/ A. B. Smith, Inc.")[0] == "/s/ A. B. Smith, Inc."
    assert nz.mend_signature_name("/s/.Natalie Lockhart")[0] == "/s/ Natalie Lockhart"
    assert nz.mend_signature_name("/s/ A. Lee, as Attorney-in-Fact for Jonathan S Ostrowski")[
        0] == "/s/ A. Lee, as Attorney-in-Fact for Jonathan S. Ostrowski"
    assert nz.mend_signature_name("/s/ Hannah E, Iverson")[0] == "/s/ Hannah E. Iverson"
    assert nz.mend_signature_name("Ashgrove Ventures II, L.P.. By: /s/ T. Ibarra")[0] == (
        "Ashgrove Ventures II, L.P., By: /s/ T. Ibarra")
    assert nz.mend_signature_name("/s/ Hannah Kessler., Authorized Signatory")[0] == (
        "/s/ Hannah Kessler, Authorized Signatory")
    assert nz.mend_signature_name("Acme Inc., By: /s/ J. Doe")[0] == "Acme Inc., By: /s/ J. Doe"
    assert nz.mend_signature_name("Acme LP By : /s/ J. Doe")[0] == "Acme LP By : /s/ J. Doe"
    assert nz.mend_signature_name("as soon as practicable /s/ Helen Delacroix")[0] == (
        "/s/ Helen Delacroix")  # a note's last words on the signature's line
    for kept in ("/s/ Jane Doe, Attorney in Fact", "/s/ J. Doe, Authorized Signatory",
                 "/s/ John Smith, Jr.", "/s/ A. Lee, as Attorney-in-Fact for Grace F. Prescott"):
        assert nz.mend_signature_name(kept) == (kept, [])


def test_common_english_word_is_no_misspelling() -> None:
    from extractor.mapping.normalize import Vocabulary, mend_words

    vocab = Vocabulary({"filed": 500, "information": 900})
    assert mend_words("Joint Filer Information", vocab)[0] == "Joint Filed Information"
    english = Vocabulary({"filed": 500, "information": 900}, frozenset({"filer"}))
    assert mend_words("Joint Filer Information", english) == ("Joint Filer Information", [])


def test_possessive_and_short_words_with_a_digit_for_a_letter() -> None:
    """"the Issuet's Class A": a possessive's word misspelled; "reported 1n Column 4", "0f
    the": a short word with a digit for its letter. Numbers, ordinals and Rule 10b5-1 stay."""
    from extractor.mapping.normalize import Vocabulary, mend_words

    vocab = Vocabulary({"Issuer": 479, "issuer": 170, "the": 9000, "class": 300,
                        "reported": 400, "column": 300, "shares": 900, "person": 800})
    assert mend_words("of the Issuet's Class A", vocab)[0] == "of the Issuer's Class A"
    assert mend_words("the reporting person's spouse", vocab)[0] == \
        "the reporting person's spouse"
    assert mend_words("reported 1n Column 4, one 0f the shares t0 be sold 0r held", vocab)[0] \
        == "reported in Column 4, one of the shares to be sold or held"
    kept = "in Column 1 on a 1:1 basis, 10 shares, 1st and 2nd, Rule 10b5-1 plan, 1a, a1."
    assert mend_words(kept, vocab) == (kept, [])


def test_a_stop_read_for_the_comma_after_a_price() -> None:
    """"$33.98. inclusive": real notes write a price before "inclusive" with a comma (the
    pair "$# inclusive" of models/prose_pairs.json, a price standing for every price)."""
    from extractor.mapping.lexicon import prose_pairs, prose_stops, prose_triples
    from extractor.mapping.normalize import mend_pair_punctuation, pair_key

    assert pair_key("$33.98.", "inclusive") == "$# inclusive"
    assert pair_key("1,200", "shares") == "# shares" and pair_key("10b5-1", "plan") == \
        "10b5-1 plan"
    read = "prices ranging from $32.94 to $33.98. inclusive. The reporting person"
    assert mend_pair_punctuation(read, prose_pairs(), prose_stops(), prose_triples())[0] == \
        "prices ranging from $32.94 to $33.98, inclusive. The reporting person"


@pytest.mark.parametrize(("read", "value"), [
    ("ranging from $32.94 t $33.98, inclusive", "ranging from $32.94 to $33.98, inclusive"),
    ("ranging from $295.73 te $299.76, inclusive", "ranging from $295.73 to $299.76, inclusive"),
    ("ranging from $338.35 to $33.95, inclusive", "ranging from $33.35 to $33.95, inclusive"),
    ("ranging from $860.02 to $81.26, inclusive", "ranging from $80.02 to $81.26, inclusive"),
    # a range the wrong way round that no digit fewer mends within a fifth stays as read
    ("from $10.00 to $9.50", "from $10.00 to $9.50"),
    ("between $5.00 and $6.00", "between $5.00 and $6.00"),
])
def test_a_price_range_in_a_note(read: str, value: str) -> None:
    assert nz.mend_note_marks(read)[0] == value


@pytest.mark.parametrize(("read", "value"), [
    ("/s/ Nadia A. Chowdhury, Attorney:in-Fact", "/s/ Nadia A. Chowdhury, Attorney-in-Fact"),
    ("/s/ Nadia A. Chowdhury, Attorney~in-Fact", "/s/ Nadia A. Chowdhury, Attorney-in-Fact"),
    ("/s/ Elena D. Ibarra, At torney-in-Fact", "/s/ Elena D. Ibarra, Attorney-in-Fact"),
    ("/s/ S. Caro del Castillo as altorney-in-fa act", "/s/ S. Caro del Castillo as "
     "attorney-in-fact"),
    ("/s/ Susan Svotek, Attornes -in Pact", "/s/ Susan Svotek, Attorney-in-Fact"),
    ("/s/ V. Lockhart, as Attumey-in-Fact for Mei", "/s/ V. Lockhart, as Attorney-in-Fact for Mei"),
    # its F read as another letter: the case most write after a capital A
    ("/s/ Rosa W. Lindqvist, Attorney-in-lact", "/s/ Rosa W. Lindqvist, Attorney-in-Fact"),
    # as filers write it (the SEC's 2024Q3 signatures: 39,236, of which 24 change, all typos)
    ("/s/ Phillip Abraham, Attorney-In Fact", "/s/ Phillip Abraham, Attorney-In Fact"),
    ("/s/ S. Hickox  Attorney in Fact for R. Butler", "/s/ S. Hickox  Attorney in Fact for R. Butler"),
    ("/s/ L. Kenwick, as-attorney-in-fact", "/s/ L. Kenwick, as-attorney-in-fact"),
    ("/s/ A. Sepulveda, Esq., Attorney-in-Law", "/s/ A. Sepulveda, Esq., Attorney-in-Law"),
])
def test_the_capacity_through_a_fax_slips(read: str, value: str) -> None:
    assert nz.mend_capacity(read)[0] == value


def test_a_garbled_capacity_keeps_the_case_it_was_written_in() -> None:
    import extractor.mapping.normalize as nz

    assert nz.mend_signature_name("/s/ Carlos Murillo, as attomey-in-fact")[0] == \
        "/s/ Carlos Murillo, as attorney-in-fact"
    assert nz.mend_signature_name("/s/ Carlos Murillo, as Attomey-in-Fact")[0] == \
        "/s/ Carlos Murillo, as Attorney-in-Fact"


def test_a_speck_read_as_a_second_stop() -> None:
    """",." and ".," are no marks of EDGAR's names, addresses or notes; nor is a word that
    starts with a stop."""
    from extractor.mapping.normalize import mend_prose_punctuation, tidy_text

    assert tidy_text("Evergreen Hollow Realty Holdings,. Inc.")[0] == \
        "Evergreen Hollow Realty Holdings, Inc."
    assert tidy_text("C/O .FOXGLOVE BANCORP CO.")[0] == "C/O FOXGLOVE BANCORP CO."
    assert tidy_text(".Foxglove Bancorp Co.")[0] == "Foxglove Bancorp Co."
    assert mend_prose_punctuation("$81.25, inclusive., The reporting person. .The shares")[0] \
        == "$81.25, inclusive. The reporting person. The shares"
    kept = "by and among Rumble, Inc., CallIn Corp., Acme Assoc., The Fund"
    assert mend_prose_punctuation(kept) == (kept, [])


def test_capital_i_read_as_a_bar_or_a_tall_letter() -> None:
    """'the [ssuer', 'the fssuer', 'the lssuer': a capital I misread; the filings' usual
    capital is kept ("Issuer"), and a word they write in lower case stays so."""
    from extractor.mapping.normalize import Vocabulary, mend_words

    vocab = Vocabulary({"Issuer": 479, "issuer": 170, "investment": 900, "the": 9000})
    assert mend_words("the [ssuer, or", vocab)[0] == "the Issuer, or"
    assert mend_words("the fssuer, or", vocab)[0] == "the Issuer, or"
    assert mend_words("the lssuer.", vocab)[0] == "the Issuer."
    assert mend_words("and fnvestment", vocab)[0] == "and investment"
    assert mend_words("the [other]", vocab)[0] == "the [other]"  # no word with an I


def test_exhibit_title_dash() -> None:
    from extractor.mapping.normalize import mend_prose_punctuation

    assert mend_prose_punctuation("Exhibit 24 Power of Attorney")[0] == (
        "Exhibit 24 - Power of Attorney")
    assert mend_prose_punctuation("Exhibit 99.1 Joint Filer Information.")[0] == (
        "Exhibit 99.1 - Joint Filer Information.")
    assert mend_prose_punctuation("See Exhibit 24 attached") == ("See Exhibit 24 attached", [])


def test_thousands_commas_in_a_price_are_no_lost_point() -> None:
    assert nz.mend_amount("$60,000,000", price=True)[0] == "$60,000,000"
    assert nz.mend_amount("$16 2672", price=True)[0] == "$16.2672"
    assert nz.mend_signature_name("/s/ Jung Yeon Son, as attorney-in-fact") == (
        "/s/ Jung Yeon Son, as attorney-in-fact", [])


def test_street_line_keeps_the_comma_it_was_filed_with() -> None:
    from extractor.mapping.assemble import field_from_text

    f = field_from_text("street1", "C/O KESTREL CAPITAL,", conf=90.0, page=1, bbox=None)
    assert f["value"] == "C/O KESTREL CAPITAL,"
    # A comma left between footnote markers is no part of the line.
    f = field_from_text("street1", "100 MAIN STREET (1),", conf=90.0, page=1, bbox=None)
    assert f["value"] == "100 MAIN STREET"


def test_remarks_end_with_a_full_stop_only_when_written_as_prose() -> None:
    from extractor.mapping.normalize import tidy_note

    prose = "All transactions reported in this Form 4 were effected under a Rule 10b5-1 plan"
    assert tidy_note(prose, full_stop=False)[0] == prose + "."
    for heading in ("Exhibit 24 - Power of Attorney",
                    "Title: Senior Vice President of Quality and Enabling Functions"):
        assert tidy_note(heading, full_stop=False)[0] == heading


def test_street_line_speck_after_house_number_or_suite() -> None:
    from extractor.mapping.assemble import field_from_text

    for read, value in (("3630.ELM AVENUE", "3630 ELM AVENUE"), ("SUITE:210", "SUITE 210"),
                        ("1345 AVENUE OF THE AMERICAS, FL. 11",
                         "1345 AVENUE OF THE AMERICAS, FL. 11")):
        assert field_from_text("street1", read, conf=90.0, page=1, bbox=None)["value"] == value


@pytest.mark.parametrize(("read", "value"), [
    ('By Spouse"', "By Spouse"),
    ("Incentive Stock Option (right to buy)!", "Incentive Stock Option (right to buy)"),
    ("By Trust).", "By Trust"),
    ("See footnote (", "See footnote"),
    ("Series C Convertible' Preferred Stock", "Series C Convertible Preferred Stock"),
    ("Stock Option (Right:to Buy)", "Stock Option (Right to Buy)"),
    ("Employee Stock Option (right. to buy)", "Employee Stock Option (right to buy)"),
    ("Common * Stock", "Common Stock"),
    ("- Common Stock", "Common Stock"),
    # As written: left alone.
    ("By Trust (1)", "By Trust (1)"),
    ("Warrants (right to buy)", "Warrants (right to buy)"),
    ("O'BRIEN SEAN", "O'BRIEN SEAN"),
])
def test_tidy_text_specks_glued_to_words(read: str, value: str) -> None:
    from extractor.mapping.normalize import tidy_text

    assert tidy_text(read)[0] == value


def test_officer_title_and_entity_suffix_slips() -> None:
    from extractor.mapping import normalize as nz

    assert nz.mend_officer_title("SvP. Chief Accounting Officer.")[0] == (
        "SVP, Chief Accounting Officer")
    assert nz.mend_officer_title("Chief Operating officer")[0] == "Chief Operating Officer"
    assert nz.mend_officer_title("Chief People Officer I")[0] == "Chief People Officer"
    # scraps in small letters before it, a lone digit after it
    assert nz.mend_officer_title("caer erate eaten President")[0] == "President"
    assert nz.mend_officer_title("EVP, General Counsel 1")[0] == "EVP, General Counsel"
    for filed in ("SVP, GC and Secretary", "SVP Powertrain and Energy Eng.", "See remarks",
                  "Vice President II"):
        assert nz.mend_officer_title(filed) == (filed, [])
    assert nz.mend_suffix_comma("By Kestrel Fund. LP")[0] == "By Kestrel Fund, LP"
    assert nz.mend_suffix_comma("Kestrel Ventures V L.P., By: /s/ Ann Lee")[0] == (
        "Kestrel Ventures V, L.P., By: /s/ Ann Lee")
    assert nz.mend_suffix_comma("Acme Co. LLC") == ("Acme Co. LLC", [])


def test_a_note_citing_another_note_keeps_the_number() -> None:
    from extractor.mapping.assemble import field_from_text
    from extractor.mapping.normalize import split_footnotes

    text = "Shares received in the distributions described in footnote (1) above."
    assert field_from_text("footnote", text, conf=90.0, page=1, bbox=None)["value"] == text
    assert split_footnotes("See footnotes (2) through (5).(1)", keep_cited=True) == (
        "See footnotes (2) through (5).", ["F1"])
    # In a table cell the number after "See footnote" is the marker.
    f = field_from_text("nature_of_ownership", "See footnote (3)", conf=90.0, page=1, bbox=None)
    assert f["value"] == "See footnote" and f["footnote_ids"] == ["F3"]


def test_marks_between_words_as_filings_write_them() -> None:
    from extractor.mapping.normalize import mend_pair_punctuation

    pairs = {"the price": "", "request full": ",", "multiple transactions": "",
             "the vesting": ""}
    assert mend_pair_punctuation("The. price", pairs)[0] == "The price"
    assert mend_pair_punctuation("upon request full information", pairs)[0] == (
        "upon request, full information")
    assert mend_pair_punctuation("upon request; full information", pairs)[0] == (
        "upon request, full information")
    assert mend_pair_punctuation("upon request. full information", pairs)[0] == (
        "upon request, full information")
    assert mend_pair_punctuation("upon request. Full information", pairs)[0] == (
        "upon request. Full information")
    assert mend_pair_punctuation("in multiple - transactions", pairs)[0] == (
        "in multiple transactions")
    assert mend_pair_punctuation("with the -vesting of", pairs)[0] == "with the vesting of"
    # Pairs the filings write either way, and abbreviations, are left alone.
    assert mend_pair_punctuation("Fund, L.P. and Inc. the", pairs) == (
        "Fund, L.P. and Inc. the", [])
    # A full stop lost before the next sentence's capital comes back.
    stops = frozenset({"price the"})
    assert mend_pair_punctuation("average price The shares", pairs, stops) == (
        "average price. The shares", ["repaired:punctuation"])
    assert mend_pair_punctuation("the price the shares", pairs, stops)[0] == (
        "the price the shares")
    # A pair written both ways, settled by the word after it.
    triples = {"issuer or the": ","}
    assert mend_pair_punctuation("holder of the Issuer or the staff", pairs, stops,
                                 triples)[0] == "holder of the Issuer, or the staff"
    assert mend_pair_punctuation("to the Issuer or its affiliates", pairs, stops,
                                 triples)[0] == "to the Issuer or its affiliates"


def test_shipped_prose_pairs_come_from_real_filings() -> None:
    from extractor.mapping.lexicon import prose_pairs

    pairs = prose_pairs()
    assert pairs["request full"] == "," and pairs["the price"] == ""
    from extractor.mapping.lexicon import prose_stops
    assert "price these" in prose_stops() and "the price" not in prose_stops()


@pytest.mark.parametrize(("read", "value"), [
    ("from $3.02 to $3.08 inclusive The reporting",
     "from $3.02 to $3.08, inclusive. The reporting"),
    ("converted ona 1 1 basis upon", "converted on a 1:1 basis upon"),
    ("on a 1: -1 basis", "on a 1:1 basis"),
    ("the reporting person s continued service", "the reporting person's continued service"),
])
def test_prose_punctuation_of_common_phrases(read: str, value: str) -> None:
    from extractor.mapping.normalize import mend_prose_punctuation

    assert mend_prose_punctuation(read)[0] == value


def test_form_small_print_run_on_after_the_last_note_goes() -> None:
    from extractor.mapping.normalize import tidy_note

    read = ("Held by the reporting person's spouse. misstatements or omissions of facts "
            "constitute Federal Criminal Violations. See 18 U.S.C. 1001 and 15 U.S.C.")
    assert tidy_note(read)[0] == "Held by the reporting person's spouse."


@pytest.mark.parametrize(("read", "value"), [
    ("9562 ELM AVENU E", "9562 ELM AVENUE"), ("1438 EXECUTIVE CIRC LE", "1438 EXECUTIVE CIRCLE"),
    ("3630 ELM AVENU", "3630 ELM AVENUE"), ("2331 PEACHTREE. ROAD NE", "2331 PEACHTREE ROAD NE"),
    ("clo DUNMORE THERAPEUTICS CORP", "C/O DUNMORE THERAPEUTICS CORP"),
    ("100 PARK AVE", "100 PARK AVE"), ("CLOVER LANE", "CLOVER LANE"), ("c/o Acme", "c/o Acme"),
    # "C/O" worn past its slash; a street word's last letter misread; "INC." without its stop
    ("CO REINVENT TECHNOLOGY PARTNERS,", "C/O REINVENT TECHNOLOGY PARTNERS,"),
    ("YO SEQUOIA CAPITAL", "C/O SEQUOIA CAPITAL"), ("O SEQUOIA CAPITAL", "C/O SEQUOIA CAPITAL"),
    ("ONE MARKET PLAZA", "ONE MARKET PLAZA"), ("7280 WATER STREEI", "7280 WATER STREET"),
    ("ONE LETTERMAN DRIVI", "ONE LETTERMAN DRIVE"), ("C/O TESLA, INC", "C/O TESLA, INC"),
    ("SUITE SOO", "SUITE 500"), ("1018 C COMMERCE PARKWAY", "1018 COMMERCE PARKWAY"),
    ("SUITE ONE", "SUITE ONE"), ("BUILDING A SUITE 100", "BUILDING A SUITE 100"),
    ("C/O OAKHURST HOLDINGS, INC.", "C/O OAKHURST HOLDINGS, INC."),
    ("ONE APPLE PARK WAY", "ONE APPLE PARK WAY"),  # two words as filed, no tear
    ("C/O WEXLEY SEMICONDUCTOR, ING", "C/O WEXLEY SEMICONDUCTOR, INC."),
])
def test_street_line_slips(read: str, value: str) -> None:
    from extractor.mapping.normalize import mend_street_line

    assert mend_street_line(read)[0] == value


def test_word_whose_last_letter_stands_apart() -> None:
    from extractor.mapping.assemble import _vocabulary
    from extractor.mapping.normalize import mend_words

    vocab = _vocabulary()
    assert vocab is not None
    assert mend_words("By Palisade Opportunit y Fund IV, LP", vocab)[0] == (
        "By Palisade Opportunity Fund IV, LP")
    assert mend_words("the shares of which a", vocab)[0] == "the shares of which a"


def test_scanned_note_capital_inside_a_sentence() -> None:
    from extractor.mapping.assemble import field_from_text

    read = "The shares were sold in multiple transactions at Prices ranging from $1.00 to $2.00."
    assert field_from_text("footnote", read, conf=90.0, page=1, bbox=None)["value"] == (
        "The shares were sold in multiple transactions at prices ranging from $1.00 to $2.00.")


@pytest.mark.parametrize(("read", "value"), [
    ("s Richard Nordstrom", "/s/ Richard Nordstrom"),
    ("esf Rosa Gallagher, Authorized Signatory", "/s/ Rosa Gallagher, Authorized Signatory"),
    ("gy /s/ Frederick Radcliffe", "/s/ Frederick Radcliffe"),
    ("s! Diane Prescott, as Attomey-in-Fact", "/s/ Diane Prescott, as Attorney-in-Fact"),
    ("Mei Chowdhury", "Mei Chowdhury"), ("Sue Smith", "Sue Smith"),
    ("As/ Tami Chen, Attorney-in-Fact", "/s/ Tami Chen, Attorney-in-Fact"),
    ("/S Tami Chen", "/s/ Tami Chen"), ("/s/Jessica L. Brosius", "/s/Jessica L. Brosius"),
    ("Is! Rosa W. Thornbury", "/s/ Rosa W. Thornbury"),
    ("/s/ .David Hawthorne", "/s/ David Hawthorne"),
    ("/s/ William N. Baldwin, .as Attorney-in-Fact for Olivia Rasmussen",
     "/s/ William N. Baldwin, as Attorney-in-Fact for Olivia Rasmussen"),
    # the caption under the line, with the last line of the signature above it
    ("Authorized Person ** Signature of Reporting Person /s/ Peter Thiel", "/s/ Peter Thiel"),
])
def test_signature_mark_worn_to_a_scrap(read: str, value: str) -> None:
    from extractor.mapping.assemble import field_from_text

    assert field_from_text("signature_name", read, conf=90.0, page=1, bbox=None)["value"] == value


def test_owner_name_comma_only_before_a_suffix() -> None:
    from extractor.mapping.assemble import field_from_text

    def name(text: str) -> str:
        return field_from_text("name", text, conf=90.0, page=1, bbox=None)["value"]

    assert name("NORTHGATE, GROWTH FUND X, L.P.") == "NORTHGATE GROWTH FUND X, L.P."
    assert name("ACME HOLDINGS, LLC") == "ACME HOLDINGS, LLC"
    assert name("SMITH JOHN, JR.") == "SMITH JOHN, JR."
    assert name("ACHTERBERG PATRICK S$") == "ACHTERBERG PATRICK S"  # a speck read as a sign


def test_par_value_that_lost_its_point() -> None:
    from extractor.mapping.assemble import field_from_text

    f = field_from_text("security_title", "Common Stock, $0 01 par value", conf=90.0, page=1,
                        bbox=None)
    assert f["value"] == "Common Stock, $0.01 par value"


def test_code_whose_marker_lost_its_parenthesis() -> None:
    from extractor.mapping.normalize import TRANSACTION_CODES, parse_code

    assert parse_code("sa)", TRANSACTION_CODES)[0] == "S"  # "S(1)"
    assert parse_code("M2)", TRANSACTION_CODES)[0] == "M"


def test_issuer_and_signature_slips_seen_on_seeds_9500_9600() -> None:
    from extractor.mapping import normalize as nz
    from extractor.mapping.assemble import field_from_text

    assert nz.mend_issuer_name("Evergreen Diagnostics. Corporation")[0] == (
        "Evergreen Diagnostics Corporation")
    assert nz.mend_issuer_name("Wexley Minerals. Inc.")[0] == "Wexley Minerals, Inc."
    assert nz.mend_issuer_name("wexley Networks, Ltd.")[0] == "Wexley Networks, Ltd."
    assert nz.mend_issuer_name("Highmark Holdings Carp")[0] == "Highmark Holdings Corp"
    assert nz.mend_issuer_name("Acme Corp. Holdings")[0] == "Acme Corp. Holdings"

    def sig(text: str) -> str:
        return field_from_text("signature_name", text, conf=90.0, page=1, bbox=None)["value"]

    assert sig("Signature of Reporting Person /s/ Diane Kessler") == "/s/ Diane Kessler"
    assert sig("Catherine R., Thornbury") == "Catherine R. Thornbury"
    # The issuer's line keeps its comma before a lower-case suffix.
    assert field_from_text("name", "Quarry Point Technologies, inc.", conf=90.0, page=1,
                           bbox=None)["value"].startswith("Quarry Point Technologies,")


def test_slips_seen_on_seeds_9700_9800() -> None:
    from extractor.mapping.assemble import _title_vocabulary, field_from_text

    assert nz.parse_date("02/30/2007")[0] is None  # no such day; several one-digit fixes
    assert nz.parse_date("02/29/2024")[0] == "2024-02-29"
    assert nz.tidy_text("Stock Options (Right to Buy')")[0] == "Stock Options (Right to Buy)"
    assert nz.tidy_text("Member of 13(d).group")[0] == "Member of 13(d) group"
    assert nz.tidy_text("Quintero Christopher:")[0] == "Quintero Christopher"
    assert nz.mend_issuer_name("Cedar Ridge Holdings, inc.")[0] == "Cedar Ridge Holdings, Inc."
    assert nz.mend_issuer_name("lululemon athletica inc.")[0] == "lululemon athletica inc."
    vocab = _title_vocabulary()
    assert nz.mend_title_words("Class A Conimon Stock", vocab)[0] == "Class A Common Stock"
    assert nz.mend_title_words("Comnion Stock", vocab)[0] == "Common Stock"
    f = field_from_text("nature_of_ownership", "By 401(k) Plan.", conf=90.0, page=1, bbox=None)
    assert f["value"] == "By 401(k) Plan"
    f = field_from_text("nature_of_ownership", "By Acme Corp.", conf=90.0, page=1, bbox=None)
    assert f["value"] == "By Acme Corp."


@pytest.mark.parametrize("text, value", [
    ("average price. \u00bbThese shares were sold", "average price. These shares were sold"),
    ("pursuant to a Rule 10b5~-1 trading plan", "pursuant to a Rule 10b5-1 trading plan"),
    ("pecuniary interest therein * *", "pecuniary interest therein"),
    ('These "shares were sold', "These shares were sold"),
    ('one share of the Issuer"s common stock', "one share of the Issuer's common stock"),
    ('under the "Plan" and', 'under the "Plan" and'),  # a quotation stays
])
def test_drop_note_specks(text: str, value: str) -> None:
    from extractor.mapping.normalize import drop_note_specks

    out, flags = drop_note_specks(text)
    assert out == value
    assert bool(flags) == (text != value)


def test_mend_in_context() -> None:
    from extractor.mapping.normalize import ProseContext, Vocabulary, mend_in_context

    context = ProseContext({"tax withholding": 9, "withholding obligations": 9,
                            "tax withheld": 2, "the issuer": 5, "issuer any": 3,
                            "the kessler": 2, "kessler revocable": 2,
                            "our cats": 2, "cats of": 2, "our cots": 2, "cots of": 2})
    vocab = Vocabulary({"withholding": 9, "withheld": 3, "Issuer": 40, "issuer": 2})
    assert mend_in_context("to satisfy tax withieidine obligations", context, vocab) == (
        "to satisfy tax withholding obligations", ["repaired:context-word"])
    # written as the filings write it most
    assert mend_in_context("provide to the leouer, any holder", context, vocab)[0] == (
        "provide to the Issuer, any holder")
    # a name (capitalised) is never mended; nor a word without known neighbours
    assert mend_in_context("held by the Kesler Revocable Trust", context, vocab)[1] == []
    assert mend_in_context("to satisfy our withieidine duties", context, vocab)[1] == []
    # two words fit the neighbours about as well: neither is taken
    assert mend_in_context("to satisfy our cxts of care", context, vocab)[1] == []
    # the only word filings write between two words, and often, needs less likeness
    sole = ProseContext({"these shares": 40, "shares were": 40, "these stocks": 1,
                         "stocks were": 1})
    assert mend_in_context("These sieieie were sold", sole, vocab)[1] == []  # two fit
    sole = ProseContext({"these shares": 40, "shares were": 40})
    assert mend_in_context("These sieieie were sold", sole, vocab)[0] == "These shares were sold"
    assert mend_in_context("These xqzkv were sold", sole, vocab)[1] == []  # nothing alike
    # a garble with a capital inside a sentence, where the filings write that word alone
    weighted = ProseContext({"weighted average": 60, "average price": 60})
    assert mend_in_context("is a weighted Soarace price.", weighted, vocab)[0] == (
        "is a weighted average price.")
    assert mend_in_context("The Soarace price", weighted, vocab)[1] == []  # none written there
    two = ProseContext({"weighted average": 60, "average price": 60, "weighted mean": 30,
                        "mean price": 30})
    assert mend_in_context("is a weighted Soarace price.", two, vocab)[1] == []  # not alone
    # a short word whose glyphs came out as digits or capitals
    short = ProseContext({"# is": 30, "is a": 90, "in #": 50, "# equal": 20, "price is": 25,
                          "is the": 40})
    for read in ("1S", "15", "18", "iS"):
        assert mend_in_context(f"Column 4 {read} a weighted", short, vocab)[0] == (
            "Column 4 is a weighted")
    assert mend_in_context("vested in 15 equal parts", short, vocab)[1] == []  # a number
    assert mend_in_context("Column 4 15 A weighted", short, vocab)[1] == []  # no word after


@pytest.mark.parametrize("text, value", [
    ("warrants (right to buy)", "Warrants (right to buy)"),
    ("Stock Options (Right to uy)", "Stock Options (Right to Buy)"),
    ("Employee Stock Option (right fo buy)", "Employee Stock Option (right to buy)"),
    ("Common Stock, $0.01 par value.", "Common Stock, $0.01 par value"),
    ("Class 'B Common Stock", "Class B Common Stock"),
    ("UMH Properties, Inc.", "UMH Properties, Inc."),
    ('Restricted Stock Unit ("RSU")', 'Restricted Stock Unit ("RSU")'),
    ("Directors' Deferred Compensation", "Directors' Deferred Compensation"),
    ("Option (right to by)", "Option (right to by)"),
    ("Common Stock, por value $0.001 per share", "Common Stock, par value $0.001 per share"),
    ("Common Stock, pat value $0,001 per share", "Common Stock, par value $0.001 per share"),
    ("Common Stock, $1,000 stated value", "Common Stock, $1,000 stated value"),
    ("Stock Option (Right to Buy) Aa", "Stock Option (Right to Buy)"),
    ("Series A (Class B) Preferred", "Series A (Class B) Preferred"),
])
def test_tidy_title(text: str, value: str) -> None:
    from extractor.mapping.normalize import tidy_title

    out, flags = tidy_title(text)
    assert out == value
    assert bool(flags) == (text != value)


def test_title_case_before_a_parenthesis() -> None:
    from extractor.mapping.normalize import fix_title_case

    assert fix_title_case("Stock option (Right to Buy)", {"option": "Option"}) == (
        "Stock Option (Right to Buy)", ["repaired:title-case"])


@pytest.mark.parametrize("text, value", [
    ("/s/ Aisha. Thornbury, Attorney-in-Fact", "/s/ Aisha Thornbury, Attorney-in-Fact"),
    ("/s/ Natalie P.. Nakamura", "/s/ Natalie P. Nakamura"),
    ("/s/ Kenneth-N. Goldberg", "/s/ Kenneth N. Goldberg"),
    ("/s/ William L.-Underhill", "/s/ William L. Underhill"),
    ("/s/ Michael H. Santoro, ere: -Fact", "/s/ Michael H. Santoro, Attorney-in-Fact"),
    ("/s/ Michael H. Santoro, Att cekareisteck", "/s/ Michael H. Santoro, Attorney-in-Fact"),
    ("Seth R. Weissman. Atty-in-Fact for Elon Musk", "Seth R. Weissman, Atty-in-Fact for Elon Musk"),
    ("/s/ Kevin Lee., attorney-in-fact", "/s/ Kevin Lee, attorney-in-fact"),
    ("/s/ Susan Szotek. Attornev-in-Fact", "/s/ Susan Szotek, Attorney-in-Fact"),
    ("/s/ Yijun Han, Attomney-in-fact for Reid Hoffman",
     "/s/ Yijun Han, Attorney-in-fact for Reid Hoffman"),
    ("/s/ Kate DeHoff, Attorney- -Fact for Reid Hoffman",
     "/s/ Kate DeHoff, Attorney-in-Fact for Reid Hoffman"),
    ("/s/ Jessica McBride, -Attorney-in-fact for Reid Hoffman",
     "/s/ Jessica McBride, Attorney-in-fact for Reid Hoffman"),
    ('/s/ Yijun Han, Attorney-in-fact for, "Reid Hoffman',
     "/s/ Yijun Han, Attorney-in-fact for Reid Hoffman"),
    ("/s/ Marcus. R. Boateng, Attorney-in-Fact", "/s/ Marcus R. Boateng, Attorney-in-Fact"),
    # as filers write them
    ("/s/ Attila Nagy, Attorney-in-Fact", "/s/ Attila Nagy, Attorney-in-Fact"),
    ("/s/ Anna Attwood, Attorney in fact", "/s/ Anna Attwood, Attorney in fact"),
    ("/s/ Ronald Palmese, Jr., Esq. Attorney-in-Fact", "/s/ Ronald Palmese, Jr., Esq. Attorney-in-Fact"),
    ("/s/ Jane Doe, Chief Fact Officer", "/s/ Jane Doe, Chief Fact Officer"),
    ("Fund II, L.P.. By: /s/ Jane Doe", "Fund II, L.P., By: /s/ Jane Doe"),
])
def test_signature_name_slips(text: str, value: str) -> None:
    assert nz.mend_signature_name(text)[0] == value


@pytest.mark.parametrize("text, value", [
    ('"718 MAIN STREET', "718 MAIN STREET"),
    ("- 156, SHORELINE BOULEVARD", "156 SHORELINE BOULEVARD"),
    ("BUILDING A SUITE 100.", "BUILDING A SUITE 100"),
    ("BUILDING A'SUITE 100", "BUILDING A SUITE 100"),
    ("3055 CLEARVIEW.WAY", "3055 CLEARVIEW WAY"),
    ("9336 CONGRESS - AVENUE", "9336 CONGRESS AVENUE"),
    ("BUILDING D, STH FLOOR", "BUILDING D, 5TH FLOOR"),
    # as filers write them
    ("#500", "#500"), ("1 O'HARE PLAZA", "1 O'HARE PLAZA"), ("C/O ALPHABET INC.", "C/O ALPHABET INC."),
    ("P.O. BOX 100", "P.O. BOX 100"),
])
def test_street_line_specks(text: str, value: str) -> None:
    assert nz.mend_street_line(text)[0] == value


def test_code_with_the_marker_paren_read_as_o() -> None:
    assert nz.parse_code("FO", nz.TRANSACTION_CODES) == ("F", ["repaired:ocr-code"])
    assert nz.parse_code("O", nz.TRANSACTION_CODES) == ("O", [])


def test_lower_case_s_with_the_scraps_of_its_marker_is_s() -> None:
    for text in ("sib", "sth", "so", "sO}", "50)"):
        assert nz.parse_code(text, nz.TRANSACTION_CODES) == ("S", ["repaired:ocr-code"]), text
    assert nz.parse_code("sib", "AD") == (None, ["unreadable:code"])  # no S to be had
    assert nz.parse_code("gi", nz.TRANSACTION_CODES)[0] is None  # G or S: left unread


def test_care_of_read_with_q_and_par_value_comma() -> None:
    assert nz.mend_street_line("C/Q QUARRY POINT MINERALS, INC.")[0] == (
        "C/O QUARRY POINT MINERALS, INC.")
    assert nz.tidy_title("Common Stock $0.01 par value")[0] == "Common Stock, $0.01 par value"


@pytest.mark.parametrize("text, value", [
    ("in Column 4 is a. weighted average", "in Column 4 is a weighted average"),
    ("Represents shares. withheld by the Issuer", "Represents shares withheld by the Issuer"),
    ("Includes 723.shares acquired", "Includes 723 shares acquired"),
    ("cash for services.as a director", "cash for services as a director"),
    ("as soon as as practicable", "as soon as practicable"),
    ("Employee Stock k Purchase Plan", "Employee Stock Purchase Plan"),
    ("shares were sold i in multiple", "shares were sold in multiple"),
    ("the reporting person 's last report.", "the reporting person's last report."),
    ("to a Rule 10b5 - 1 trading plan", "to a Rule 10b5-1 trading plan"),
    ("$30.22, inclusive.-The reporting", "$30.22, inclusive. The reporting"),
    ("from $102.50. to $103.95", "from $102.50 to $103.95"),
    ("pursuant to a Rule 106b5-1 trading plan", "pursuant to a Rule 10b5-1 trading plan"),
    ("to a Rule 1Qb5-1 trading plan", "to a Rule 10b5-1 trading plan"),
    ("to a Rule - 10b5-1 plan", "to a Rule 10b5-1 plan"),
    ("exempt under Rule 16b-3 plan", "exempt under Rule 16b-3 plan"),  # another rule
    ("to a Rule i0b5-1 trading plan", "to a Rule 10b5-1 trading plan"),
    ("to a Rule 10b5-1-trading plan", "to a Rule 10b5-1 trading plan"),
    ("made on the Ist anniversary", "made on the 1st anniversary"),
    ("to a Rule }ObS-1 trading plan", "to a Rule 10b5-1 trading plan"),
    ("held by STS Holdings 1] LLC.", "held by STS Holdings II LLC."),
    ("is the sole general g partner", "is the sole general partner"),
    ("that occurs rs following the", "that occurs following the"),
    ("a distribution of Class 4 Common Stock", "a distribution of Class A Common Stock"),
    ("the shares as soon as practicable", "the shares as soon as practicable"),
    ("held by Kingsford Growth Fund Vi, L.P. The", "held by Kingsford Growth Fund VI, L.P. The"),
    ("Opportunity Fund Ill, LP. The", "Opportunity Fund III, LP. The"),
    ("Fund I, L.P. and Apollo Fund L.P.", "Fund I, L.P. and Apollo Fund L.P."),
    # as notes are written, or noise a stop may end
    ("Alphabet Inc. and its", "Alphabet Inc. and its"),
    ("Tesla, Jnc. or the staff", "Tesla, Jnc. or the staff"),
    ("last report. ie.", "last report. ie."),
    ("Class A Common Stock", "Class A Common Stock"),
    # a defined name's quotes worn off, or half of them; a name's bracketed word stays
    ("held by Reinvent Sponsor LLC (Sponsor). The", 'held by Reinvent Sponsor LLC ("Sponsor"). '
     "The"),
    ('held by Sponsor LLC ("Sponsor). The', 'held by Sponsor LLC ("Sponsor"). The'),
    ("SVF II Aggregator (Jersey) L.P., which", "SVF II Aggregator (Jersey) L.P., which"),
])
def test_mend_note_slips(text: str, value: str) -> None:
    vocab = nz.Vocabulary({w: 3 for w in ("weighted", "withheld", "shares", "and", "or",
                                          "staff", "the", "as", "director")})
    assert nz.mend_note_slips(text, vocab)[0] == value


@pytest.mark.parametrize("text, value", [
    ("Performance e Stock Units", "Performance Stock Units"),
    ("Series D Convertible e Preferred Stock", "Series D Convertible Preferred Stock"),
    ("Performance *Stock Units", "Performance Stock Units"),
    ("Class A Common Stock!", "Class A Common Stock"),
    ("Series A Preferred", "Series A Preferred"),
])
def test_title_specks(text: str, value: str) -> None:
    assert nz.tidy_title(text)[0] == value


def test_officer_title_speck_and_lower_case_abbreviation() -> None:
    assert nz.mend_officer_title("svP, Chief Accounting Officer")[0] == (
        "SVP, Chief Accounting Officer")
    assert nz.mend_officer_title(".Chairman, President & CEO")[0] == "Chairman, President & CEO"


@pytest.mark.parametrize("text, value", [
    ("Incentive Stock Option (righi.to buy)", "Incentive Stock Option (right to buy)"),
    ("Employee Stock Option wer? to buy", "Employee Stock Option (right to buy)"),
    ("Employee Stock Option (right to", "Employee Stock Option (right to buy)"),
    ("Call Option (obligation to buy)", "Call Option (obligation to buy)"),
    ("Stock Option (Option to Buy)", "Stock Option (Option to Buy)"),
])
def test_title_right_to_buy_torn(text: str, value: str) -> None:
    assert nz.tidy_title(text)[0] == value


def test_owner_name_bracket_and_speck_before_initial() -> None:
    from extractor.mapping.assemble import field_from_text

    def name(text: str) -> str:
        return field_from_text("name", text, conf=90.0, page=1, bbox=None)["value"]

    assert name("JANSSEN ME] W") == "JANSSEN MEI W"
    assert name("HALVORSEN CATHERINE -K") == "HALVORSEN CATHERINE K"
    assert name("Smith-Jones Mary") == "Smith-Jones Mary"


@pytest.mark.parametrize("text, value", [
    ("Greywater Biologics Incorporate d", "Greywater Biologics Incorporated"),
    ("Marrowind,Pharmaceuticals, Inc.", "Marrowind Pharmaceuticals, Inc."),
    ("Amberly Foods Hoidings, Inc.", "Amberly Foods Holdings, Inc."),
    ("Summitline Minerais Corporation", "Summitline Minerals Corporation"),
    ("Apple Inc.", "Apple Inc."),
])
def test_issuer_name_slips(text: str, value: str) -> None:
    assert nz.mend_issuer_name(text)[0] == value


def test_more_title_street_and_signature_specks() -> None:
    assert nz.tidy_title("Ordinary. Shares")[0] == "Ordinary Shares"
    assert nz.mend_street_line("3494 TECHNOLOGY .WAY")[0] == "3494 TECHNOLOGY WAY"
    assert nz.mend_signature_name("/s/ Helen Gallagher, _Attorney-in-Fact")[0] == (
        "/s/ Helen Gallagher, Attorney-in-Fact")


def test_number_read_as_a_title_fails_a_check() -> None:
    from extractor.mapping.assemble import field_from_text

    f = field_from_text("underlying_security_title", "27,574", conf=95.0, page=1, bbox=None)
    assert "check-failed:number-as-title" in f["flags"]
    g = field_from_text("underlying_security_title", "Common Stock", conf=95.0, page=1,
                        bbox=None)
    assert not any(x.startswith("check-failed") for x in g["flags"])


def test_number_with_a_scrap_of_rule_after_it() -> None:
    """A dash after a whole number is a scrap of the rule beside the cell; one inside a
    number (a point worn to a dash) leaves it unread."""
    from extractor.mapping.normalize import parse_number

    assert parse_number("5,508 - -", share_count=True) == (5508, ["repaired:trailing-dash"])
    assert parse_number("$2.39 -") == (2.39, ["repaired:trailing-dash"])
    assert parse_number("16, 660 - 268", share_count=True)[0] is None
    assert parse_number("-")[0] is None


@pytest.mark.parametrize("name, text, value, ids", [
    ("price_per_share", "$34.62!)", 34.62, []),  # the marker's "(1" lost, its "1" read "!"
    ("price_per_share", "$34.46(!2)", 34.46, ["F12"]),  # a 1 of the marker read as "!"
    ("price_per_share", "$26.53'2)\"", 26.53, ["F2"]),  # the marker's "(" read as a quote
    ("price_per_share", "$18.96''2)", 18.96, ["F2"]),  # ... as two (the "1" of (12) too)
    ("price_per_share", "$26.3028|(3)", 26.3028, ["F3"]),  # a bar before the marker
    ("shares", "17,70)", 17700, []),  # the last group's 0 read as a parenthesis
    ("shares", "6.3 77", 6377, []),  # a thousands point, the last group torn: no marker
    ("shares", "1,234 5", 1234, ["F5"]),
    ("price_per_share", "$92.98(2) i(2)", 92.98, ["F2"]),  # a marker read twice
    ("price_per_share", "3,638|", 3638, []),
    ("price_per_share", "$34.52", 34.52, []),
    ("shares", "2,639(D2V3)", 2639, ["F3", "F2"]),  # markers read as letters and digits
    ("shares", "1,500(1", 1500, ["F1"]),  # a marker that lost its ")"
    ("shares", "$12.50(12", 12.5, ["F12"]),
    ("shares", "1,000(A)", 1000, []),
])
def test_amount_with_scraps_of_its_marker(name: str, text: str, value: float,
                                          ids: list[str]) -> None:
    from extractor.mapping.assemble import field_from_text

    f = field_from_text(name, text, conf=90.0, page=1, bbox=None)
    assert (f["value"], f["footnote_ids"]) == (value, ids)


def test_first_name_one_slip_from_a_signers_name() -> None:
    names = {"Priya": 10, "Benjamin": 147, "Jon": 40, "Jan": 12, "Lena": 5, "Lina": 5}
    assert nz.mend_first_name("/s/ Priva Driscoll", names) == ("/s/ Priya Driscoll",
                                                              ["repaired:first-name"])
    assert nz.mend_first_name("/s/ Beniamin Marchetti", names)[0] == "/s/ Benjamin Marchetti"
    assert nz.mend_first_name("/s/ Jon Smith", names)[1] == []  # a name as written
    assert nz.mend_first_name("/s/ Jen Smith", names)[1] == []  # e/a, e/o: spellings, no slip
    assert nz.mend_first_name("/s/ Lqna Smith", names)[1] == []  # two names fit


@pytest.mark.parametrize("text, value", [
    ("NORTHGATE_ MANAGEMENT, LLC", "NORTHGATE MANAGEMENT, LLC"),
    ("FINNEGAN .GREGORY", "FINNEGAN GREGORY"),
    ("KINGSFORD OPPORTUNITY. FUND IX, LP", "KINGSFORD OPPORTUNITY FUND IX, LP"),
    ("SAGEBRUSH HEALTHCARE FUND X,'L.P.", "SAGEBRUSH HEALTHCARE FUND X, L.P."),
    ("WINDWARD CAPITAL PARTNERS VIII L. P.", "WINDWARD CAPITAL PARTNERS VIII, L.P."),
    ("Bellhaven Growth Fund VIII L.P", "Bellhaven Growth Fund VIII, L.P."),
    # as written
    ("Smith John A.", "Smith John A."),
    ("ACME CORP. FUND", "ACME CORP. FUND"),
])
def test_name_specks(text: str, value: str) -> None:
    assert nz.mend_name_punctuation(text)[0] == value


@pytest.mark.parametrize("name, text, value", [
    ("city", "/RALEIGH", "RALEIGH"), ("city", "SOUTH SAN- FRANCISCO", "SOUTH SAN FRANCISCO"),
    ("city", "WINSTON-SALEM", "WINSTON-SALEM"),
    ("street2", "SUITE.210", "SUITE 210"), ("street1", "P.O. BOX 123", "P.O. BOX 123"),
])
def test_address_specks(name: str, text: str, value: str) -> None:
    from extractor.mapping.assemble import field_from_text

    assert field_from_text(name, text, conf=90.0, page=1, bbox=None)["value"] == value


@pytest.mark.parametrize("text, value", [
    ("reported on this' Form 4", "reported on this Form 4"),
    ("The- transactions reported", "The transactions reported"),
    ("shares to non- employee directors", "shares to non-employee directors"),
    ("these shares -except to the", "these shares except to the"),
    ("of the Issuer,.or the staff", "of the Issuer, or the staff"),
    ("inclusive.: The reporting", "inclusive. The reporting"),
    ("November 22, 2006. vested units will", "November 22, 2006. Vested units will"),
    # as written
    ("the holders' shares", "the holders' shares"),
    ("pre- and post-split", "pre- and post-split"),
])
def test_note_specks_no_real_note_has(text: str, value: str) -> None:
    from extractor.mapping.assemble import _vocabulary

    assert nz.mend_note_slips(text, _vocabulary())[0] == value


def test_a_j_read_as_a_bar_or_a_lower_case_letter_is_j() -> None:
    """Seeds 11500/11600: a serif J read "1", "i", "jo", "ye", "yeu" (its hook a j or y)."""
    for reading in ("1", "i", "l", "!", "jo", "jet", "ye", "yeu", "y"):
        assert nz.parse_code(reading, nz.TRANSACTION_CODES) == ("J", ["repaired:ocr-code"]), \
            reading
    assert nz.parse_code("J", nz.TRANSACTION_CODES) == ("J", [])
    assert nz.parse_code("I", nz.TRANSACTION_CODES) == ("I", [])  # taken as read
    assert nz.parse_code("1", frozenset("DI")) == ("I", ["repaired:ocr-code"])  # column 10
    assert nz.parse_code("yes please", nz.TRANSACTION_CODES)[0] is None


def test_code_with_a_marker_in_braces_or_a_speck_after_it() -> None:
    """Seed 11500's heavy codes: 'g {i}' and 'g f2)' are an S and its marker; '5 H' an S and
    a speck."""
    for reading in ("g {i}", "g f2)", "5 H"):
        assert nz.parse_code(reading, nz.TRANSACTION_CODES)[0] == "S", reading
    assert nz.parse_code("C {1}", nz.TRANSACTION_CODES) == ("C", [])
    assert nz.parse_code("cS)", nz.TRANSACTION_CODES) == ("S", [])  # a speck, S, the ")"
    assert nz.parse_code("sO)", nz.TRANSACTION_CODES)[0] == "S"  # S, its "(" read as O
    assert nz.parse_code("i)", nz.TRANSACTION_CODES) == (None, ["unreadable:code"])  # "(1)"
    # A capital of the lower case's shape, its marker's "(" read as o or e (seed 11800's
    # moderate render of a real filing: Table I's C read "co" and "ce"); not other letters.
    for reading in ("co", "ce"):
        assert nz.parse_code(reading, nz.TRANSACTION_CODES) == ("C", ["repaired:ocr-code"])
    assert nz.parse_code("mo", nz.TRANSACTION_CODES)[0] is None


def test_a_date_whose_slashes_were_lost() -> None:
    """A thin fax type loses a date's slashes ('O413. 2022', box 3's '04 14.2022' after the
    words of box 5): eight digits that make a date are that date; other digits are not."""
    assert nz.parse_date("O413. 2022") == ("2022-04-13", ["repaired:ocr-digit",
                                                         "repaired:date-separators"])
    assert nz.parse_date("Other (specify below) 04 14.2022")[0] == "2022-04-14"
    assert nz.parse_date("12345678") == (None, [])
    assert nz.parse_date("13322022") == (None, [])  # no month 13


def test_share_counts_with_thousands_read_as_points() -> None:
    """'18.969, 380' (a point among thousands commas) and '§.730.132' (its 5 a section
    sign) are whole numbers of shares; '280,163.376' is a fraction as written."""
    assert nz.parse_number("18.969, 380", share_count=True)[0] == 18969380
    assert nz.parse_number("§.730.132", share_count=True)[0] == 5730132
    assert nz.parse_number("280,163.376", share_count=True)[0] == 280163.376
    # ... also with a scrap of rule after it read as a dash
    assert nz.parse_number("17.130,000 -", share_count=True)[0] == 17130000
    assert nz.parse_number("24,7 38", share_count=True)[0] == 24738
    # a speck before a count read as its point (".63(1)"); a fraction is written "0.63"
    assert nz.parse_number(".63", share_count=True) == (63, ["repaired:speck-point"])
    assert nz.parse_number("0.63", share_count=True)[0] == 0.63
    assert nz.parse_number(".63")[0] == 0.63  # (a price)


def test_notes_read_right_keep_what_english_writes() -> None:
    """EDGAR notes that the text repairs spoiled when read perfectly (session 13)."""
    from extractor.mapping.assemble import field_from_text

    def note(text: str) -> str:
        return str(field_from_text("footnote", text, conf=95.0, page=1, bbox=None)["value"])

    for text in ("The PSUs vest in full.", "Of the 212,552 PRSUs, each vests.",
                 "Over a three-year period.", "The 20-day volume-weighted average price.",
                 "A liquidity event-based condition.", "One ADS and one-tenth of a share.",
                 "Held by the GGF Funds; and (iii) the rest.",
                 "Each ADS represents twenty (20) Ordinary Shares.",
                 "It vests over four (4) years.",
                 "Converted on a 1:0.75 basis immediately."):
        assert note(text) == text, text
    assert note("Prices-ranging from $1.00 to $2.00.") == "Prices ranging from $1.00 to $2.00."
    assert note("Converted ona 1 1 basis.") == "Converted on a 1:1 basis."
    assert note("Held by the Trust; and the rest.") == "Held by the Trust, and the rest."
    # a footnote marker after a word is still a marker
    assert field_from_text("footnote", "Held by the Trust (2).", conf=95.0, page=1,
                           bbox=None)["footnote_ids"] == ["F2"]


def test_a_price_whose_dollar_sign_reads_as_s() -> None:
    from extractor.mapping.assemble import field_from_text

    for text, value in (("SO", 0), ("S0", 0), ("S12.50", 12.5), ("SS.25", 5.25), ("50", 50),
                        ("sO", 0), ("so", 0), ("SO.", 0), ("i so", 0), ("s12.50", 12.5),
                        ("150", 150)):
        assert field_from_text("price_per_share", text, conf=90.0, page=1,
                               bbox=None)["value"] == value, text


def test_specks_a_moderate_scan_leaves_in_prose() -> None:
    """Seed 11500's moderate notes, one speck each."""
    from extractor.mapping.assemble import field_from_text

    def note(text: str) -> str:
        return str(field_from_text("footnote", text, conf=95.0, page=1, bbox=None)["value"])

    for worn, right in (
            ("Held directly by. Northgate Fund.", "Held directly by Northgate Fund."),
            ("He may be deemed .to share power.", "He may be deemed to share power."),
            ("From $1.00 to $2.00, inclusive.The seller.",
             "From $1.00 to $2.00, inclusive. The seller."),
            ("Of the Issuer's'common stock.", "Of the Issuer's common stock."),
            ("Of the Issuer's'*common stock.", "Of the Issuer's common stock."),
            ("From $1.00 to $2.00, inclusive.:The seller.",
             "From $1.00 to $2.00, inclusive. The seller."),
            ("Of the Issuer's: common stock.", "Of the Issuer's common stock."),
            ("It includes 140-shares acquired.", "It includes 140 shares acquired."),
            ("The price was-$15.00 to $16.00.", "The price was $15.00 to $16.00."),
            ("Prices from $1 1.99 to $12.50.", "Prices from $11.99 to $12.50."),
            ("An additional 6:25% of the shares.", "An additional 6.25% of the shares."),
            ("They vest on November l, 2021.", "They vest on November 1, 2021.")):
        assert note(worn) == right, worn
    for kept in ("A 10-day period.", "Held by U.S. Venture Fund.", "Sold 5 shares.",
                 "Fund III-2. The rest."):
        assert note(kept) == kept, kept


def test_scraps_after_an_entity_suffix() -> None:
    from extractor.mapping.normalize import mend_entity_suffix

    assert mend_entity_suffix("By Sequoia Venture 2010 Fund, LP ay")[0] == \
        "By Sequoia Venture 2010 Fund, LP"
    assert mend_entity_suffix("Sequoia Global Growth Fund, L.P. wads")[0] == \
        "Sequoia Global Growth Fund, L.P."
    assert mend_entity_suffix("Sequoia Partners Fund. LP«!!")[0] == "Sequoia Partners Fund, LP"
    assert mend_entity_suffix("By Foo Fund, LP and Bar") == ("By Foo Fund, LP and Bar", [])


def test_a_funds_roman_numeral_worn() -> None:
    from extractor.mapping.assemble import field_from_text

    def note(text: str) -> str:
        return str(field_from_text("footnote", text, conf=95.0, page=1, bbox=None)["value"])

    assert note("Held by SCGF TV Management, LLC.") == "Held by SCGF IV Management, LLC."
    assert note("Held by SCGF [TV Management.") == "Held by SCGF IV Management."
    assert note("Held by Thiel Holdings IT LLC.") == "Held by Thiel Holdings II LLC."
    assert note("Run by the IT department.") == "Run by the IT department."


def test_rare_transaction_code_is_kept_but_marked() -> None:
    from extractor.mapping.assemble import field_from_text

    f = field_from_text("transaction_code", "I", conf=96.0, page=1, bbox=None)
    assert f["value"] == "I" and "ambiguous:rare-code" in f["flags"]
    assert "ambiguous:rare-code" not in field_from_text("transaction_code", "S", conf=96.0,
                                                        page=1, bbox=None)["flags"]


def test_marker_read_as_at_signs_and_a_spaced_par_value() -> None:
    from extractor.mapping.assemble import field_from_text

    def value(name: str, text: str) -> object:
        return field_from_text(name, text, conf=90.0, page=1, bbox=None)["value"]

    assert value("nature_of_ownership", "See Footnotes@)@") == "See Footnotes"
    assert value("security_title", "Common Stock, par value $0 .001 per share") == (
        "Common Stock, par value $0.001 per share")


def test_date_whose_zeros_a_thin_type_turned_into_sixes() -> None:
    from extractor.mapping.normalize import confusable_date_fixes, parse_date

    assert parse_date("11/67/2622") == ("2022-11-07", ["repaired:date-digit"])
    assert parse_date("16/69/2617")[0] == "2017-10-09"
    # A date as read stays; no date a few look-alike swaps away stays unread.
    assert confusable_date_fixes("11072022") == []
    assert parse_date("13/45/2099") == (None, [])
    # The fewest swaps win; several dates at the fewest are no answer (parse_date reads none).
    assert confusable_date_fixes("00152020") == ["2020-06-15", "2020-08-15"]
    assert parse_date("00/15/2020") == (None, [])


def test_marks_around_a_note_s_price_range_and_date() -> None:
    from extractor.mapping.normalize import mend_note_marks

    def fixed(text: str) -> str:
        return mend_note_marks(text)[0]

    assert fixed("at prices ranging from. $10.30 to $10.59, inclusive") == (
        "at prices ranging from $10.30 to $10.59, inclusive")
    assert fixed("ranging from $12.26 to.$12.63, inclusive") == (
        "ranging from $12.26 to $12.63, inclusive")
    assert fixed("ranging from $5.15 ta.$5.22, inclusive") == (
        "ranging from $5.15 to $5.22, inclusive")
    assert fixed("from $40.14 to $40.68; inclusive") == "from $40.14 to $40.68, inclusive"
    assert fixed("ranging from -$94.02 to $96.35, inclusive") == (
        "ranging from $94.02 to $96.35, inclusive")
    assert fixed("on April 22; 2010.") == "on April 22, 2010."
    # Digits where "to" stands could belong to the price (real filings write three
    # decimals as often as not): left as read.
    assert fixed("ranging from $14.4340 $14.64, inclusive") == (
        "ranging from $14.4340 $14.64, inclusive")
    assert mend_note_marks("ranging from $1.00 to $2.00, inclusive") == (
        "ranging from $1.00 to $2.00, inclusive", [])


def test_words_a_worn_print_broke_or_glued() -> None:
    from extractor.mapping.normalize import Vocabulary, mend_broken_words

    vocab = Vocabulary({"prices": 1450, "ranging": 1441, "plan": 141, "within": 1416,
                        "trading": 900, "of": 11129, "the": 18075, "to": 5331, "on": 733,
                        "report": 261, "re": 3, "port": 2, "share": 500, "with": 2000,
                        "Employee": 40, "Stock": 900})

    def fixed(text: str) -> str:
        return mend_broken_words(text, vocab)[0]

    assert fixed("at pr ces ranging from") == "at prices ranging from"  # an i lost
    assert fixed("trading p an adopted") == "trading plan adopted"  # an l lost
    assert fixed("price with n the range") == "price within the range"
    assert fixed("the Em ployee Stock") == "the Employee Stock"
    assert fixed("one share ofthe Issuer") == "one share of the Issuer"
    assert fixed("pursuant toa Rule") == "pursuant to a Rule"
    # Two words that are words stay apart; a scrap that joins either way is left.
    assert fixed("the price to the") == "the price to the"
    assert fixed("the re port") == "the re port"


def test_price_with_more_than_four_decimals_lost_a_marker() -> None:
    def price(text: str) -> object:
        return _value("price_per_share", text)

    assert price("$10.995609") == 10.9956  # "$10.9956(9)"
    assert price("$47 .9212!?)") == 47.9212
    assert price("$10.87") == 10.87 and price("$5.1741") == 5.1741
    shares = _value("shares", "1,234.56789")
    assert shares == 1234.56789  # share counts are not cut


def test_officer_title_with_box_6_run_on_or_the_rule_before_it() -> None:
    def title(text: str) -> object:
        return _value("officer_title", text)

    assert title("Chief Executive Officer 6 Indwetual ot JowwGroup Filing (Check Applic") == (
        "Chief Executive Officer")
    assert title("I EVP & Chief Commercial Officer") == "EVP & Chief Commercial Officer"
    assert title("Chief Financial Officer") == "Chief Financial Officer"


def test_slips_seen_on_the_sec_html_printed_by_a_browser() -> None:
    """scripts/foreign_styles.py html: a marker's '(' read as '!', braces for parentheses,
    two title words run together, the end of box 5's label before the officer's title."""
    from extractor.mapping.assemble import field_from_text

    def read(name: str, text: str) -> tuple[object, list[str]]:
        f = field_from_text(name, text, conf=80.0, page=1, bbox=None)
        return f["value"], f["footnote_ids"]

    assert read("shares", "757,576! 1)") == (757576, ["F1"])
    assert read("security_title", "Stock options {right to buy")[0] == (
        "Stock options (right to buy)")
    assert read("underlying_security_title", "CommonStock")[0] == "Common Stock"
    assert read("officer_title", "low; Chief Technology Officer")[0] == "Chief Technology Officer"
    assert read("officer_title", "Lower Division Head")[0] == "Lower Division Head"


def test_name_words_whose_capital_has_one_shape_and_signature_marks() -> None:
    read = _value
    assert read("name", "Talbot william") == "Talbot William"
    assert read("signature_name", "/s/ Michael Yamada, as Attorney-in-Fact for william "
                "Talbot") == "/s/ Michael Yamada, as Attorney-in-Fact for William Talbot"
    assert read("name", "Ludwig van Beethoven") == "Ludwig van Beethoven"
    assert read("signature_name", "Ridgeline Ventures II, L.P., By:/s/ Elena P. Driscoll") == (
        "Ridgeline Ventures II, L.P., By: /s/ Elena P. Driscoll")
    assert read("signature_name", "Partners III, L.P., - By: /s/ Ann Lee") == (
        "Partners III, L.P., By: /s/ Ann Lee")
    assert read("nature_of_ownership", 'By Kingsford Ventures X, L.P."') == (
        "By Kingsford Ventures X, L.P.")


def test_a_word_turned_into_another_word_mended_from_its_neighbours() -> None:
    from extractor.mapping.normalize import ProseContext, mend_real_words

    context = ProseContext({"reporting person": 900, "person disclaims": 300,
                            "reporting peer": 0, "the reporting": 900, "a trust": 100,
                            "trust for": 50})
    assert mend_real_words("the reporting peer disclaims any", context)[0] == (
        "the reporting person disclaims any")
    # A word the filings write after its left neighbour stays; so does one no word is like.
    assert mend_real_words("held by a trust for them", context)[0] == "held by a trust for them"
    assert mend_real_words("the reporting xyzzy disclaims any", context)[0] == (
        "the reporting xyzzy disclaims any")


def test_a_past_date_read_in_the_future_and_slips_of_moderate_renders() -> None:
    read = _value
    # No statement is dated in the future; an expiration date may be.
    assert read("period_of_report", "07/2069", month_year=True) == "2009-07"
    assert read("transaction_date", "08/28/2079") == "2019-08-28"
    assert read("expiration_date", "08/28/2069") == "2069-08-28"
    assert read("signature_name", "/s/ Ken Driscoll, Attorney-in- -Fact") == (
        "/s/ Ken Driscoll, Attorney-in-Fact")
    assert read("signature_name", "/s/ Rosa Espinoza, as Attorney-ii n-Fact for Mei C. Okafor") == (
        "/s/ Rosa Espinoza, as Attorney-in-Fact for Mei C. Okafor")
    assert read("signature_name", "/s/ Ann Lee, as Attorney-in-Fact for Lauren W: Kessler") == (
        "/s/ Ann Lee, as Attorney-in-Fact for Lauren W. Kessler")
    assert read("signature_name", "Ashgrove Partners III. L.P., By: /s/ Ann Lee") == (
        "Ashgrove Partners III, L.P., By: /s/ Ann Lee")
    assert read("security_title", "Common Stock, par.value.$0.001 per. share") == (
        "Common Stock, par value $0.001 per share")
    assert read("security_title", "Stock Options (Right to Buy) ded") == (
        "Stock Options (Right to Buy)")


def test_nature_of_ownership_specks_and_a_serifed_numeral() -> None:
    def nature(text: str) -> object:
        return _value("nature_of_ownership", text)

    assert nature("See. footnote") == "See footnote"
    assert nature("See Footnotes'?") == "See Footnotes"
    assert nature("By Bayfront Opportunity Fund TIT, LP") == "By Bayfront Opportunity Fund III, LP"
    assert nature("By Growth Fund TX LP") != "By Growth Fund IX, LP"  # a state, maybe


def test_markers_run_together_and_garbled_after_a_nature_are_split_off() -> None:
    assert nz.split_broken_marker("See Footnotes'2)4") == ("See Footnotes", "F2")
    assert nz.split_broken_marker("See Footnotes'?)\\#)") == ("See Footnotes", "")
    assert nz.split_broken_marker("See Footnotes(4") == ("See Footnotes", "F4")
    # A letter in parentheses or a year is the holder's name, not a marker.
    for text in ("Sequoia Capital Fund XV (Q)", "By Trust (2005)", "By Estate"):
        assert nz.split_broken_marker(text) == (text, None)


def test_date_whose_slash_a_scan_made_a_degree_sign() -> None:
    assert nz.parse_date("03°01/2021") == ("2021-03-01", [])


def test_a_designations_comma_is_no_speck_after_an_article() -> None:
    for text in ("and/or Greylock 15-A, except to the extent", "shares of Class A, Class B and"):
        assert nz.mend_prose_punctuation(text) == (text, [])
    assert nz.mend_prose_punctuation("the, shares")[0] == "the shares"
    assert nz.mend_prose_punctuation("A, contingent right")[0] == "A contingent right"


def test_terms_designations_and_sentence_ends_stay_as_written() -> None:
    from extractor.mapping.lexicon import text_vocabulary

    counts = text_vocabulary()
    assert nz.lower_inside_sentence("by the General Partner of", counts) == (
        "by the General Partner of")
    assert nz.lower_inside_sentence("weighted average Price The shares", counts) == (
        "weighted average price The shares")
    vocab = nz.Vocabulary(counts)
    assert nz.mend_words("Fund FF-III and I-A", vocab)[0] == "Fund FF-III and I-A"
    pairs = {nz.pair_key("shares", "as"): ""}
    assert nz.mend_pair_punctuation("such shares. As of", pairs)[0] == "such shares. As of"
    assert nz.mend_pair_punctuation("such shares. as of", pairs)[0] == "such shares as of"


def test_signatures_as_filed_stay_as_filed() -> None:
    """Real conformed signatures (the SEC's 2024Q3 data sets) the signature repairs had
    changed: "By:" and "For:" and the words after the capacity are as filed."""
    from extractor.mapping.assemble import field_from_text

    for text in ("By: Pat Cipolla, Attorney-in-Fact For: Kevin L. Burdick",
                 "By: /s/ Yanda Ma",
                 "Scott Faber, under Power of Attorney dated March 5, 2018",
                 "Pure Health Capital LLC, By: /s/ Farhan Malik, Name: Farhan Malik, "
                 "Title: Manager",
                 "/s/ Janeen B. Kastner, by Gregory J. Dziak, her attorney-in-fact",
                 "Charles Leonard Anderson, /s/ Charles Leonard Anderson",
                 "Angela P. Winter, Attorney-in-Fact of Steven R. Bower",
                 "By: /s/ Sandra Felton by power of attorney for: David H. Batchelder",
                 "Joseph C. Wolfe via P.O.A. for Nabanita C. Nag",
                 "/s/ Liz Dunshee as Attorney-in-Fact pursuant to a Power of Attorney filed "
                 "herewith."):
        assert field_from_text("signature_name", text, conf=95.0, page=1,
                               bbox=None)["value"] == text, text
    # what a note's last words leave before the mark still goes
    assert field_from_text("signature_name", "as soon as practicable /s/ Helen Delacroix",
                           conf=95.0, page=1, bbox=None)["value"] == "/s/ Helen Delacroix"


def test_real_signatures_read_right_stay_right(shared_data: Path) -> None:
    """Of the 16,823 distinct signatures of the SEC's 2024Q3 data sets, the repairs change
    975 (mostly a middle initial's stop, which 96 % of them write); 2,695 before session 13."""
    import csv

    from extractor.mapping.assemble import field_from_text

    path = shared_data / "insider-dataset-2024q3" / "OWNER_SIGNATURE.tsv"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    with path.open(newline="", encoding="utf-8", errors="replace") as fh:
        names = {row["OWNERSIGNATURENAME"] for row in csv.DictReader(fh, delimiter="\t")
                 if row.get("OWNERSIGNATURENAME")}

    def norm(text: str | None) -> str:
        return " ".join((text or "").split())

    changed = sum(norm(field_from_text("signature_name", n, conf=95.0, page=1,
                                       bbox=None)["value"]) != norm(n) for n in names)
    assert len(names) > 10000
    assert changed <= 0.07 * len(names), f"{changed} of {len(names)} signatures changed"


def test_real_filings_notes_read_right_stay_right(shared_data: Path) -> None:
    """A note OCR read without a slip must come out as written: the text repairs (spelling,
    punctuation, capitals) may change only a few of EDGAR's own notes (44 of 2,025 at the
    time of writing: commas the pair model drops or adds, context-word swaps)."""
    from extractor.mapping.assemble import field_from_text
    from extractor.synth.xml_truth import record_from_xml

    seen: set[str] = set()
    changed = 0
    for path in sorted((shared_data / "edgar-xml").glob("*.xml")):
        try:
            record = record_from_xml(path)
        except Exception:  # noqa: BLE001 - forms 3 and 5, files that are no ownership XML
            continue
        for note in record.get("footnotes") or []:
            text = note["text"]["value"]
            if not text or text in seen:
                continue
            seen.add(text)
            got = field_from_text("footnote", text, conf=95.0, page=1, bbox=None)["value"]
            changed += got != text
    assert len(seen) > 500
    assert changed <= 0.03 * len(seen), f"{changed} of {len(seen)} notes changed"


def test_range_prices_whose_point_was_read_as_a_comma() -> None:
    """A heavy fax of a real filing's 33 price-range notes ("from $1,066.300 to $1,067.270"):
    a three-decimal price read with a comma for its point takes the point the filing's other
    range prices of those thousands have; an amount outside a range, or a range of millions
    written so throughout, stays. The comma before "inclusive" is not doubled."""
    from extractor.mapping import normalize as nz
    from extractor.mapping.assemble import _range_points

    notes = ["prices ranging from $1,064,060 to $1,064.970, inclusive.",
             "prices ranging from $1,066,300 to $1,067,270, inclusive.",
             "an aggregate purchase price of $1,066,300.", "from $2,000,000 to $3,000,000"]
    assert _range_points(notes) == [
        "prices ranging from $1,064.060 to $1,064.970, inclusive.",
        "prices ranging from $1,066.300 to $1,067.270, inclusive.",
        "an aggregate purchase price of $1,066,300.", "from $2,000,000 to $3,000,000"]
    assert _range_points(notes[1:]) == notes[1:]
    assert nz.mend_prose_punctuation("ranging from $15.61 to $16,600, inclusive.")[0] == \
        "ranging from $15.61 to $16,600, inclusive."


def test_a_companys_comma_read_as_a_point_and_range_prices_torn() -> None:
    """Heavy faxes of a real filing's notes: 'Tesla. Inc.' and 'Tesla, inc.' (EDGAR's notes
    write 'Name, Inc.' 2,490 times and neither of these), a range price with two points or a
    space at its point; an abbreviation's own stop stays ('Co. LLC', 'PTE. Ltd.')."""
    from extractor.mapping import normalize as nz
    from extractor.mapping.assemble import _range_points

    assert nz.mend_prose_punctuation("provide Tesla. Inc., any holder of Tesla, inc. or "
                                     "Fund IV. L.P.")[0] == \
        "provide Tesla, Inc., any holder of Tesla, Inc. or Fund IV, L.P."
    for kept in ("By Pensco Trust Co. LLC Custodian", "Affluence Asset Holdings PTE. Ltd."):
        assert nz.mend_prose_punctuation(kept)[0] == kept
    assert _range_points(["ranging from $1.111.290 to $1,112.100, inclusive.",
                          "from $1,078.150 to $1,079. 140, inclusive.",
                          "he paid $1,079. 140 shares were sold"]) == [
        "ranging from $1,111.290 to $1,112.100, inclusive.",
        "from $1,078.150 to $1,079.140, inclusive.", "he paid $1,079. 140 shares were sold"]


def test_a_signature_read_with_the_prose_above_it() -> None:
    """The end of a note or of the remarks read onto the signature's line goes; a signature
    that names the reporting person before '/s/' keeps it."""
    from extractor.mapping.assemble import _signature_after_prose
    from extractor.record import make_field

    prose = ["The reporting person undertakes to provide full information regarding the "
             "number of shares sold at each separate price.",
             "Each Form 4 will be filed by the Reporting Person and the Trust."]
    for read, kept in (
            ("number of shares sold at each separate price. Nadia C. Hawthorne",
             "Nadia C. Hawthorne"),
            ("Each Form 4 will be filed by the Reporting By: Aaron Beckman by Power of Attorney",
             "By: Aaron Beckman by Power of Attorney"),
            ("The Reporting Person, by /s/ Jane Doe", "The Reporting Person, by /s/ Jane Doe"),
            ("/s/ John Smith", "/s/ John Smith")):
        name = make_field(read, confidence=0.9)
        _signature_after_prose(name, prose)
        assert name["value"] == kept, read


@pytest.mark.parametrize(("read", "value"), [
    ("Mithril Il GP LP", "Mithril II GP LP"), ("each of UGP II and GP Il may", "each of UGP II and GP II may"),
    ("Fund VIl, L.P.", "Fund VII, L.P."),
    # no numeral: kept
    ("IL LP", "IL LP"), ("Illinois", "Illinois"), ("Il-Sung", "Il-Sung"),
])
def test_numerals_whose_i_a_worn_print_made_an_l(read: str, value: str) -> None:
    assert nz.mend_roman_lookalikes(read)[0] == value
    assert nz.mend_roman_numerals(read)[0] == value


def test_a_title_word_a_few_filings_misspelt_is_read_as_the_common_one() -> None:
    """'Commonn' is in the SEC's titles 3 times, 'Common' 45,978: read from a scan, the
    doubled n is OCR's."""
    assert _value("security_title", "Commonn Stock") == "Common Stock"
    assert _value("security_title", "Class A Common Stock") == "Class A Common Stock"
    assert _value("security_title", "Restricted Stock Units") == "Restricted Stock Units"


def test_nature_with_its_marker_read_as_marks() -> None:
    for read in ("See footnote!!)", "See footnote?)"):
        assert _value("nature_of_ownership", read) == "See footnote"
    assert _value("nature_of_ownership", "By Trust (see note)") == "By Trust (see note)"


def test_a_title_word_whose_first_letter_the_cell_rule_took() -> None:
    assert _value("security_title", "lass A Common Stock") == "Class A Common Stock"
    assert _value("security_title", "Common tock") == "Common Stock"
    assert _value("security_title", "COMMON TOCK") == "COMMON STOCK"
    assert _value("security_title", "Units") == "Units"  # a word as it stands


@pytest.mark.parametrize(("field", "read", "value"), [
    ("name", "''NORTHGATE MANAGEMENT, LLC", "NORTHGATE MANAGEMENT, LLC"),
    ("name", "LOCKHART - THOMAS", "LOCKHART THOMAS"),
    ("name", "PALISADE VENTURES V,-L.P.", "PALISADE VENTURES V, L.P."),
    ("name", "SMITH-JONES MARY", "SMITH-JONES MARY"),
    ("signature_name", "Northgate Management, LLC, By: /s/ Margaret G. Achterberg. Managing Member",
     "Northgate Management, LLC, By: /s/ Margaret G. Achterberg, Managing Member"),
    ("signature_name", "/s/ John Smith Jr. Managing Member", "/s/ John Smith Jr. Managing Member"),
])
def test_name_specks_and_a_stop_before_the_signer_s_capacity(field: str, read: str,
                                                              value: str) -> None:
    assert _value(field, read) == value


def test_mend_short_words() -> None:
    from extractor.mapping.normalize import ProseContext, Vocabulary, mend_short_words

    context = ProseContext({"as of": 60, "of the": 900, "as a": 30, "a weighted": 90,
                            "is a": 90, "# is": 30, "the option": 40, ". the": 500,
                            "the reporting": 300, "extent of": 90, "of his": 40,
                            "person nor": 2, "nor the": 2, "person for": 25, "for the": 200,
                            "to #": 50, "to a": 60, "a rule": 30})
    vocab = Vocabulary({"the": 900, "of": 800, "nor": 3, "option": 40})
    mend = lambda text: mend_short_words(text, context, vocab)  # noqa: E731
    assert mend("reported as af the date") == ("reported as of the date",
                                               ["repaired:context-word"])
    assert mend("to the extent ol his")[0] == "to the extent of his"
    # an "a" read as a digit, where no number is written before the next word
    assert mend("Column 4 is 4 weighted average")[0] == "Column 4 is a weighted average"
    assert mend("pursuant to 4 Rule 10b5-1")[0] == "pursuant to a Rule 10b5-1"
    assert mend("Column 4 is 4 reported")[1] == []  # nothing written between
    # a sentence's first word keeps its capital: at the start and after a full stop
    assert mend("Phe option was issued")[0] == "The option was issued"
    assert mend("Fund X, L.P. Phe reporting person")[0] == "Fund X, L.P. The reporting person"
    # a word the filings write stays as read, however rare ("nor"); a capital mid-sentence
    # is a name
    assert mend("neither the reporting person nor the holder")[1] == []
    assert mend("held by Phe reporting")[1] == []
    # two words fit about as well: neither is taken
    two = ProseContext({"as of": 60, "of the": 60, "as if": 50, "if the": 50})
    assert mend_short_words("as af the", two, vocab)[1] == []
