"""Assemble the record (pure): page layouts -> the contract's JSON with first confidences.

Takes what the table and box readers found on every page, normalizes each value, splits
footnote markers off, sorts rows into transactions and holdings, and hands the record to the
consistency checks and the confidence model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from extractor.mapping import boxes as bx
from extractor.mapping import normalize as nz
from extractor.mapping.lexicon import (
    english_words,
    first_names,
    prose_context,
    prose_pairs,
    prose_stops,
    prose_triples,
    text_vocabulary,
    title_vocabulary,
    title_words,
)
from extractor.mapping.owners_table import read_owners_table
from extractor.mapping.tables import (
    CellReading,
    TableReading,
    TableRow,
    read_document_tables,
)
from extractor.page import PageLayout, group_lines, without_flat_words
from extractor.record import (
    DATE_FIELDS,
    NUMBER_FIELDS,
    Field,
    Record,
    empty_owner,
    empty_record,
    empty_row,
    make_field,
)

OWNERSHIP_CODES = frozenset("DI")
SHARE_FIELDS = frozenset({"shares", "shares_owned_following_transaction",
                          "underlying_security_shares"})
TITLE_FIELDS = frozenset({"security_title", "underlying_security_title"})
_STRAY_NAME_COMMA = re.compile(
    r",(?=\s+(?!(?:L\.?P\.?|LLC|L\.L\.C\.|LLP|INC|Inc|LTD|Ltd|CO|Co|CORP|Corp|JR|Jr|SR|Sr|"
    r"PLC|plc|N\.A\.|LP|II|III|IV|V|MD|M\.D\.|PhD|Ph\.D\.|Limited|Corporation|Company|"
    r"N\.V\.|S\.A\.|AG|SE)\b)\S)", re.IGNORECASE)
_WORN_SIGNATURE_MARK = re.compile(r"^(?=\S*[sSf/])(?![a-z]{2,3}\s)[^\sA-Z]{1,3}\s+(?=[A-Z][a-z])|"
                                  r"^(?:esf|inf|fs|sf|s)\s+(?=[A-Z][a-z])")
# The conventional "/s/" of a conformed signature at the start of its text, as OCR reads it.
_SIGNATURE_MARK = re.compile(f"^{bx.SIGNATURE_MARK_OPEN}?{bx.SIGNATURE_MARK_REST}\\s*")


FREE_TEXT_FIELDS = frozenset({"footnote", "remarks", "nature_of_ownership"})


@lru_cache(maxsize=1)
def _title_vocabulary() -> nz.Vocabulary:
    return nz.Vocabulary(title_vocabulary())


@lru_cache(maxsize=1)
def _prose_context() -> nz.ProseContext:
    return nz.ProseContext(prose_context())


@lru_cache(maxsize=1)
def _vocabulary() -> nz.Vocabulary | None:
    words = text_vocabulary()
    return nz.Vocabulary(words, english_words()) if words else None


ACQ_DISP_CODES = frozenset("AD")
# Dates that lie before the filing (exercise and expiration dates may lie after it).
PAST_DATE_FIELDS = frozenset({"transaction_date", "period_of_report",
                              "date_of_original_submission", "deemed_execution_date"})


def today() -> str:
    """Today's date (ISO): no statement of a filing is dated after it."""
    import datetime

    return datetime.date.today().isoformat()


def _base_conf(words_conf: float) -> float:
    if words_conf < 0:
        return 0.5
    return max(0.01, min(0.99, words_conf / 100.0))


def field_from_text(
    name: str,
    text: str,
    *,
    conf: float,
    page: int | None,
    bbox: list[int] | None,
    month_year: bool = False,
    word_confs: Sequence[float] | None = None,
) -> Field:
    """One field from a cell's raw text: normalized value, footnotes split off, flags.
    ``word_confs`` (Tesseract's confidences of the words read) are kept as ``ocr_min_conf``
    and ``ocr_low_share`` for the confidence model."""
    raw = nz.clean_text(text)
    rest, footnotes = nz.split_footnotes(raw, keep_cited=name in ("footnote", "remarks"))
    flags: list[str] = []
    value: Any
    if not rest:
        value = None
    elif name in DATE_FIELDS:
        value, flags = (nz.parse_month_year(rest) if month_year else nz.parse_date(rest))
        if value is None:
            flags = ["unparsed:date"]
        elif name in PAST_DATE_FIELDS and value > (now := today()):
            fixes = nz.past_date_fixes(value, now)
            if len(fixes) == 1:  # "07/2069": no statement is dated in the future
                value, flags = fixes[0], flags + ["repaired:date-digit"]
        elif nz.torn_year(raw):
            flags = flags + ["ambiguous:year"]
    elif name in NUMBER_FIELDS:
        rest, more_ids, mend_flags = nz.mend_amount(rest, price=name not in SHARE_FIELDS)
        footnotes += [f for f in more_ids if f not in footnotes]
        value, flags = nz.parse_number(rest, share_count=name in SHARE_FIELDS)
        flags = mend_flags + flags
        if value is None:
            flags = ["unparsed:number"]
        elif name not in SHARE_FIELDS and isinstance(value, float) and \
                (m := re.fullmatch(r"(\d+\.\d{4})\d+", f"{value}")):
            # No price of the 2,561 in EDGAR's XML we hold has more than four decimals: the
            # digits after the fourth are what a marker left ("$10.995609" for "$10.9956(9)").
            value = float(m.group(1))
            flags = flags + [f for f in ["repaired:marker-debris"] if f not in flags]
    elif name == "transaction_code":
        value, flags = nz.parse_code(rest, nz.TRANSACTION_CODES)
        if value in nz.RARE_TRANSACTION_CODES:
            flags = flags + ["ambiguous:rare-code"]
    elif name == "acquired_disposed_code":
        value, flags = nz.parse_code(rest, ACQ_DISP_CODES)
    elif name == "direct_or_indirect_ownership":
        value, flags = nz.parse_code(rest, OWNERSHIP_CODES)
    elif name == "equity_swap_involved":
        value = nz.parse_mark(rest)
    else:
        value = nz.strip_stray_marks(rest) or None
        if value:
            value, lost_id = nz.split_broken_marker(value)
            if lost_id is not None:
                flags = ["repaired:lost-footnote-marker"]
                if lost_id and lost_id not in footnotes:
                    footnotes.append(lost_id)
        if value and re.search(r"\bLP,\s*\(\s*\d{1,2}\s*\)\s*$", raw) and value.endswith(" LP"):
            value = value[:-2] + "L.P."  # "L.P.(3)" read as "LP,(3)": its last stop a comma
            flags = flags + ["repaired:entity-suffix"]
        if value and name == "signature_name":
            value, capacity_flags = nz.mend_capacity(value)
            flags += capacity_flags
        if value and name not in ("footnote", "remarks"):
            value, tidy_flags = nz.tidy_text(value)
            flags += tidy_flags
        if value and name == "nature_of_ownership":
            # "B Palisade Fund": the y of "By" lost or read as a speck. A lower-case "by" is
            # as filed (732 of EDGAR's natureOfOwnership values we hold open so, 634 "By").
            by = re.sub(r"^(?:B|8y|Bv|8v|By\.|[ac-z]y)\s+(?=[A-Z0-9])", "By ", value)
            if by != value:
                value, flags = by, flags + ["repaired:spelling"]
            # a speck read as a stop after the last word ("By 401(k) Plan."): none of the
            # 5,046 natureOfOwnership values in EDGAR's XML we hold ends so
            bare = re.sub(r"(?<=[a-z]{3})(?<!Corp)(?<!Bros)(?<!Assoc)\.$", "", value)
            # nor with a quote or an empty "()" (the mark of a footnote lost): 'LP"', 'Trust()'
            bare = re.sub(r"(?<=\w)(?:[\"'“”]+|\(\))$", "", bare)
            if bare != value:
                value, flags = bare, flags + ["repaired:specks"]
        if value and name in ("nature_of_ownership", "name"):
            value, suffix_flags = nz.mend_entity_suffix(value)
            flags += suffix_flags
        if value and name == "name":
            # A reporting person's name holds a comma only before a suffix ("..., L.P.",
            # "..., Jr."; all 51 names in EDGAR's XML we hold): others are specks.
            bare = _STRAY_NAME_COMMA.sub("", value)
            if bare != value:
                value, flags = bare, flags + ["repaired:specks"]
        if value and name in TITLE_FIELDS:
            value = re.sub(r"(?<=[A-Za-z])-\s+(?=[A-Z])", "-", value)  # "Non- Qualified"
            value = re.sub(r"\$(\d{1,3}) (\d{2,5})(?= par\b)", r"$\1.\2", value)  # "$0 01 par"
            value = re.sub(r"\$(\d{1,3}) \.(\d{1,5})\b", r"$\1.\2", value)  # "$0 .001 par"
            # "Class 4 Common Stock", "Class 4A Common Stock": an A read as 4, or a marker's
            # 4 glued to it (of the SEC's 2024Q3 titles none names a class 4; classes 1 and 2
            # are "Class 1 (convertible) Common Stock", "Class 2 LTIP Units")
            mended = re.sub(r"\bClass 4A?(?= (?:Common|Ordinary|Preferred)\b)", "Class A",
                            value)
            if mended != value:
                value, flags = mended, flags + ["repaired:spelling"]
        if value and name in ("nature_of_ownership", "name", "signature_name"):
            value, punct_flags = nz.mend_name_punctuation(value)
            flags += punct_flags
            value, roman_flags = nz.mend_roman_numerals(value)
            flags += roman_flags
        if value and name == "officer_title":
            value = re.sub(r"\s+\d\.\s.*$", "", value)  # box 6 ("6. Individual or ...") run on
            value = re.sub(r"\s+6\.?\s+I[a-z]{3,}\b.*$", "", value)  # ... "6 Indwetual ot Jo"
            value = re.sub(r"^[I|l]\s+(?=[A-Z])", "", value)  # the box's rule read as "I"
            # the end of the label above it: "(give title below)" read "low;"
            value = re.sub(r"^(?:\(?give\s+)?(?:title\s+)?(?:be)?low\)?[;:,.)]*\s+(?=[A-Z])", "",
                           value)
            value, title_flags = nz.mend_officer_title(value)
            flags += title_flags
        if value and name in ("street1", "street2"):
            # A speck between a house number and the street, or after "SUITE": "3630.ELM
            # AVENUE", "1459. WATER STREET", "SUITE:210" (EDGAR's street lines never have a
            # point or colon there; "SUITE.210" neither).
            mended = re.sub(r"(?<=\d)[.:;]\s*(?=[A-Z])|(?<=[A-Z]{3})[:.]\s*(?=\d)", " ", value)
            mended = nz.mend_street_line(mended)[0]
            if mended != value:
                value, flags = mended, flags + ["repaired:spelling"]
        if value and name == "nature_of_ownership":
            # 'Ventures X, L.P."' (a lone quote at the end); "See. footnote", "See
            # Footnotes'?", "See Footnote!": specks around the words
            mended = value[:-1] if value.count('"') == 1 and value.endswith('"') else value
            mended = re.sub(r"^See[.,:;]\s+(?=[Ff]ootnotes?\b)", "See ", mended)
            mended = re.sub(r"^(See [Ff]ootnotes?)[!?'\"`.,:;]+$", r"\1", mended)
            # "Footnotes" alone: its "See" lost or read apart (none of the SEC's 2,450
            # natures that name a footnote in the 2024Q3 data sets, nor of EDGAR's XML we
            # hold, is "Footnote(s)" alone; "see" in small letters opens 19 of them)
            mended = re.sub(r"^(?:(?!see\b)[Ss][ec]{2}\s+)?([Ff]ootnotes?)$",
                            lambda m: "See " + m.group(1), mended)
            if mended != value:
                value, flags = mended, flags + ["repaired:specks"]
        if value and name == "nature_of_ownership":
            # Markers read as "@" ("See Footnotes@)@"): no holder's name or nature has one.
            mended = re.sub(r"(?<=[A-Za-z.])\s*[()]*@[@()]*$", "", value)
            if mended != value:
                value, flags = mended, flags + ["repaired:marker-debris"]
        if value and name == "city":
            # A speck before the city ("/RALEIGH") or after a hyphen's place ("SAN- FRANCISCO";
            # a city's own hyphen has no space: "WINSTON-SALEM").
            mended = re.sub(r"(?<=[A-Z])-\s+(?=[A-Z])", " ", re.sub(r"^[^A-Za-z]+", "", value))
            if mended != value:
                value, flags = mended, flags + ["repaired:specks"]
        if value and name in ("street1", "street2") and not footnotes and \
                raw.rstrip().endswith(",") and not value.endswith(","):
            value += ","  # as filed: "C/O SEQUOIA CAPITAL," (32 of our 488 real filings)
        if value and len(value) == 1 and name != "trading_symbol":  # ("U", "F": tickers)
            value, flags = None, ["dropped:single-character"]  # a speck, not a title or name
        if value:
            value, broken = nz.strip_broken_marker(value)
            if broken:
                flags = ["repaired:lost-footnote-marker"]
        if value and name in TITLE_FIELDS:
            value, case_flags = nz.fix_title_case(value, title_words())
            flags += case_flags
            value, spell_flags = nz.mend_title_words(value, _title_vocabulary())
            flags += spell_flags
            value, tidy_flags = nz.tidy_title(value)
            flags += tidy_flags
            if re.fullmatch(r"[$\d.,\s()]+", value):
                flags.append("check-failed:number-as-title")  # another column's amount
        if value and name == "city":
            value = re.sub(r"\b(ST|FT|MT|PT)\.(?=[A-Z]{3})", r"\1. ", value)  # "ST.LOUIS"
            if raw.rstrip().endswith(",") and re.fullmatch(r"[A-Z][A-Z .'-]*[A-Z]", value):
                value += ","  # filed so: split_address kept it of "WILMINGTON,, DE"
        if value and name == "name":
            value = re.sub(r"(?<=[A-Za-z]{5})\.$", "", value)  # a speck after the name
            value = re.sub(r"(?<=[A-Za-z])[$§]$", "", value)  # ... read as a sign ("S$")
            # "JANSSEN ME] W": a bracket read for the I; "CATHERINE -K": a speck before an
            # initial
            value = re.sub(r"(?<=[A-Z])\](?=\s|$)", "I", value)
            value = re.sub(r"(?<=[A-Za-z]) -(?=[A-Z]\b)", " ", value)
            # ... quotes before it ("''NORTHGATE"), a dash standing between two names in
            # capitals ("LOCKHART - THOMAS"; a double name is written "SMITH-JONES"), a dash
            # after a suffix's comma ("V,-L.P.")
            value = re.sub(r"^['\"`‘’“”]+(?=[A-Z])", "", value)
            value = re.sub(r"(?<=[A-Z]{2}) [-–~] (?=[A-Z]{2})", " ", value)
            value = re.sub(r",[-–~]\s*(?=L\.?P\.?|LLC|L\.L\.C\.|INC|Inc)", ", ", value)
        if value and name in FREE_TEXT_FIELDS:
            vocab = _vocabulary()
            if vocab is not None:
                value, broken_flags = nz.mend_broken_words(value, vocab)
                value, spell_flags = nz.mend_words(value, vocab)
                flags += broken_flags + [f for f in spell_flags if f not in broken_flags]
            value, punct_flags = nz.mend_prose_punctuation(value)
            flags += punct_flags
            if name in ("footnote", "remarks"):
                value, roman_flags = nz.mend_roman_lookalikes(value)
                flags += roman_flags
            if name in ("footnote", "remarks") and vocab is not None:
                value, context_flags = nz.mend_in_context(value, _prose_context(), vocab)
                flags += context_flags
                value, real_flags = nz.mend_real_words(value, _prose_context())
                flags += [f for f in real_flags if f not in flags]
                value, short_flags = nz.mend_short_words(value, _prose_context(), vocab)
                flags += [f for f in short_flags if f not in flags]
            if name in ("footnote", "remarks"):
                # a comma read as a semicolon before "or", "and" or an entity's suffix (75
                # semicolons in EDGAR's 3,266 notes)
                # (not before an enumeration's next item: "Funds; and (iii) the")
                semi = re.sub(r";(?=\s+(?:or|and|L\.P\.|LP|LLC|Inc\.|Ltd\.)(?:\s|,|$))"
                              r"(?!\s+(?:or|and)\s+\([a-z]{1,4}\))", ",", value)
                if semi != value:
                    value, flags = semi, flags + ["repaired:punctuation"]
                value, mark_flags = nz.mend_note_marks(value)
                flags += [f for f in mark_flags if f not in flags]
                value, pair_flags = nz.mend_pair_punctuation(value, prose_pairs(),
                                                              prose_stops(), prose_triples())
                flags += pair_flags
                value = nz.lower_inside_sentence(value, text_vocabulary())
        if value and name in ("footnote", "remarks"):
            value, note_flags = nz.tidy_note(value, _vocabulary(), full_stop=name == "footnote")
            flags += note_flags
            if name == "footnote" and re.match(r"[a-z]{2}", value):
                # A note opens with a capital (all 3,125 of the EDGAR ownership XML we hold):
                # a small letter there is a worn one ("the price reported", "each share").
                value, flags = value[0].upper() + value[1:], flags + ["repaired:punctuation"]
            value = value or None
        if value and name == "signature_name":
            # "Y/s/", "gy /s/": specks ("By: /s/" is as written)
            value = re.sub(r"^(?![Bb]y:?\s)\S{1,3}\s?(?=/s/ )", "", value)
            # The caption under the line read into it: "Signature of Reporting Person /s/ ...",
            # with the last line of the signature above it ("Authorized Person ** Signature of
            # Reporting Person /s/ Peter Thiel")
            value = re.sub(r"^\W*(?:\*+\s*)?Signature of Reporting Person\s*(?=\S)", "", value,
                           flags=re.IGNORECASE)
            value = re.sub(r"^.{0,60}?\*+\s*Signature of Reporting Person\s*(?=/s/)", "", value,
                           flags=re.IGNORECASE)
        if value and name == "signature_name" and not value.startswith("/s/"):
            value = _SIGNATURE_MARK.sub("/s/ ", value, count=1)
        if value and name == "signature_name" and "/s/" not in value:
            # The conformed mark worn to a scrap before the name: "s Richard", "s! Diane",
            # "'s/ Frederick", "esf Rosa", "inf Diane" (no word: lower case or marks).
            value = _WORN_SIGNATURE_MARK.sub("/s/ ", value, count=1)
        if value and name in ("signature_name", "name"):
            value, cap_flags = nz.mend_name_capitals(value)
            flags += cap_flags
        if value and name == "signature_name":
            value, sig_flags = nz.mend_signature_name(value)
            flags += sig_flags
            value, name_flags = nz.mend_first_name(value, first_names())
            flags += name_flags
            value, suffix_flags = nz.mend_suffix_comma(value)
            flags += suffix_flags
    c = _base_conf(conf)
    if value is None and rest:
        c = min(c, 0.2)
    if any(f.startswith("repaired") for f in flags):
        c *= 0.85
    if value is None and not rest:
        c = 0.9  # an empty box read as empty
    field = make_field(value, confidence=round(c, 4), text=raw or None, page=page, bbox=bbox,
                       footnote_ids=footnotes, flags=flags)
    if isinstance(value, str) and (name in FREE_TEXT_FIELDS or name in TITLE_FIELDS):
        field["oov_share"] = _unknown_word_share(value, name)
    if word_confs:
        field["ocr_min_conf"] = round(min(word_confs), 1)
        field["ocr_low_share"] = round(sum(c < 85 for c in word_confs) / len(word_confs), 3)
    return field


def _unknown_word_share(text: str, name: str) -> float:
    """Share of the words (three letters or more) that real filings' text does not use: a
    misread word is usually no word at all ("fegeiding"). For the confidence model."""
    vocab = _title_vocabulary() if name in TITLE_FIELDS else _vocabulary()
    words = [w for w in re.findall(r"[A-Za-z]{3,}", text)]
    if not words or vocab is None:
        return 0.0
    return round(sum(w not in vocab for w in words) / len(words), 3)


def _footnote_consensus(notes: list[Field]) -> None:
    """Footnotes that repeat one text with other numbers mend each other's misreadings."""
    texts = [f["value"] if isinstance(f["value"], str) else "" for f in notes]
    mended = _range_points(texts)
    for f, (text, changed), read, point in zip(notes, nz.consensus_texts(mended, _vocabulary()),
                                               texts, mended, strict=True):
        if changed or point != read:
            f["value"] = text
            f["flags"].append("repaired:consensus")


_RANGE_TWO_POINTS = re.compile(r"(?:(?<=\bfrom \$)|(?<=\bto \$))(\d{1,3})\.(\d{3})\.(\d{2,4})\b")
_RANGE_SPLIT = re.compile(r"(?:(?<=\bfrom \$)|(?<=\bto \$))(\d{1,3}),(\d{3})(?: \.|\. )(\d{2,4})\b")
_RANGE_PRICE = re.compile(r"(?:(?<=\bfrom \$)|(?<=\bto \$))\d{1,3},\d{3}[.,]\d{3}\b")


def _range_points(texts: list[str]) -> list[str]:
    """Prices of a range written to three decimals past a thousands comma ("from $1,066.300
    to $1,067.270") whose point was read as a comma ("$1,066,300"): where the filing's notes
    write another range price with the same thousands that way, a point."""
    # a range price's comma read as a point too ("$1.111.290"), or a space after its point
    # or before it ("$1,079. 140", "$1,075 .140")
    texts = [_RANGE_SPLIT.sub(r"\1,\2.\3", _RANGE_TWO_POINTS.sub(r"\1,\2.\3", t))
             for t in texts]
    pointed = {m.group(0).split(",")[0] for t in texts for m in _RANGE_PRICE.finditer(t)
               if "." in m.group(0)}
    if not pointed:
        return texts

    def point(m: re.Match[str]) -> str:
        head, mid, tail = m.group(0).split(",") if "." not in m.group(0) else ("", "", "")
        return f"{head},{mid}.{tail}" if head in pointed else m.group(0)

    return [_RANGE_PRICE.sub(point, t) for t in texts]


def _signature_after_prose(name: Field, prose: list[str]) -> None:
    """A signature read with the end of a note or of the remarks above it ("number of shares
    sold at each separate price. Nadia C. Hawthorne", "Each Form 4 will be filed by the
    Reporting By: Aaron Beckman ..."): the words before it that the filing's notes or remarks
    hold, running prose (half of them lower case), go."""
    value = name["value"]
    if not isinstance(value, str) or not prose:
        return
    words = {w for t in prose for w in nz.bare_words(t)}
    tokens = value.split()
    cut = 0
    for k in range(len(tokens) - 1, 2, -1):
        head = [t.strip(".,;:()'\"") for t in tokens[:k]]
        after = tokens[k].strip(".,;:()'\"").lower()
        signs = tokens[k].startswith("/s/") or after == "by"
        if head[-1].lower() not in words or (after in words and not signs) or \
                not (tokens[k][:1].isupper() or signs) or tokens[k - 1].rstrip(":") == "By":
            continue  # the prose goes on, or the signature's name starts before this
        known = sum(1 for t in head if t.lower() in words)
        lower = sum(1 for t in head if t[:1].islower())
        if known >= 0.8 * k and lower >= 0.5 * k:
            cut = k
            break
    if cut:
        name["value"] = " ".join(tokens[cut:])
        name["confidence"] = round(float(name["confidence"]) * 0.9, 4)
        name["flags"].append("repaired:signature-after-prose")


def _reads_as_words(text: str) -> bool:
    """Some word of three letters or more that filings' notes and remarks use: the specks or
    a stamp's scraps under an empty Remarks heading ("YM oo v2", "wer", "12") hold none (no
    remarks in EDGAR's XML we hold are shorter than 13 characters)."""
    vocab = _vocabulary()
    return vocab is None or any(w in vocab for w in re.findall(r"[A-Za-z]{3,}", text))


def _with_uncaptioned_signatures(pages: Sequence[PageLayout],
                                 signatures: list[dict[str, Field]]) -> list[dict[str, Field]]:
    """The signatures read by their captions, and a signed line ("/s/ Mei Boateng, ...")
    whose own caption a fax lost: in the column of a captioned signature on its page, a few
    lines from it, and not part of one; in the order of the page."""
    found = list(signatures)
    for page in pages:
        scale = page.dpi / 300.0
        taken = [sig["name"]["bbox"] for sig in signatures
                 if sig["name"].get("page") == page.number and sig["name"].get("bbox")]
        for name_r, date_r in bx.signed_lines(page) if taken else []:
            box = name_r.bbox
            if box is None:
                continue
            cy = (box[1] + box[3]) / 2
            # (nor the first line of a captioned one, standing just above it with no date of
            # its own: "/s/ Lora Blum, by power of attorney" over the three lines read with
            # its caption)
            if any(t[1] - 5 <= cy <= t[3] + 5 or (date_r is None and
                                                  0 <= t[1] - box[3] < 60 * scale and
                                                  abs(box[0] - t[0]) < 100 * scale)
                   for t in taken) or not any(
                    abs(box[0] - t[0]) < 100 * scale and abs(box[1] - t[3]) < 300 * scale
                    for t in taken):
                continue
            found.append(_signature(name_r, date_r))
    return sorted(found, key=lambda sig: (sig["name"].get("page") or 0,
                                          (sig["name"].get("bbox") or [0, 0])[1]))


def _signature(name: bx.Reading, date: bx.Reading | None) -> dict[str, Field]:
    return {"name": _reading_field("signature_name", name),
            "date": _reading_field("transaction_date", date) if date
            else make_field(None, confidence=0.5)}


def _cell_field(name: str, cell: CellReading | None, page: int, **kw: Any) -> Field:
    if cell is None:
        return make_field(None, confidence=0.9, page=page)
    return field_from_text(name, cell.text, conf=cell.conf, page=page, bbox=cell.bbox,
                           word_confs=[w.conf for w in cell.words], **kw)


def _reading_field(name: str, r: bx.Reading | None, **kw: Any) -> Field:
    if r is None:
        return make_field(None, confidence=0.5)
    return field_from_text(name, r.text, conf=r.conf, page=r.page, bbox=r.bbox,
                           word_confs=[w.conf for w in r.words], **kw)


# --- tables ---------------------------------------------------------------------------------


def _row_is_holding(row: TableRow) -> bool:
    """No transaction date and no code: a holding. A speck read as "-" or "." is neither, nor
    is one read as a lone letter where the date stands ("i") or, with no date, where the code
    stands."""
    date = row.cells.get("transaction_date")
    code = row.cells.get("transaction_code")
    if date is not None and len(date.text.strip(_SPECKS)) == 1 and \
            not date.text.strip(_SPECKS).isdigit():
        date = None
    if not (date and date.text.strip(_SPECKS)) and code is not None and \
            code.text.strip(_SPECKS) in ("i", "l", "|", "!"):
        code = None  # nor, without a date, a rule's scrap where the code stands
    if not any(cell and cell.text.strip(_SPECKS) for cell in (date, code)):
        return True
    # A rule's scraps in the date and code cells ("Saal", "tt", "oe", "4"): a holding when
    # they hold no two digits of a date, no code's capital letter (nor a code worn to a
    # symbol, "©" for C) and the row no amount of a transaction (shares, price).
    if date is not None and sum(ch.isdigit() for ch in date.text) >= 2:
        return False
    # (a lone "I" with no date and no amount beside it is the ownership form's, read into the
    # code column on a holding's row before "By Trust"; the code I, a discretionary
    # transaction, is rare, and without a date and an amount the row reports none)
    lone = code is not None and code.text.strip(_SPECKS) == "I" and not (
        date and date.text.strip(_SPECKS))
    if code is not None and not lone and (any(ch in nz.TRANSACTION_CODES for ch in code.text)
                                          or re.search(r"[^\x00-\x7f]", code.text)):
        return False
    return not any(
        cell is not None and nz.parse_number(nz.split_footnotes(cell.text)[0])[0] is not None
        for cell in (row.cells.get(name) for name in ("shares", "shares_acquired",
                                                       "shares_disposed", "price_per_share")))


_SPECKS = " -.,'`_~:;\""


# Cells that hold a date, a code or an amount, and the words real filings write in them.
_TYPED_CELLS = frozenset({"transaction_date", "deemed_execution_date", "transaction_code",
                          "shares", "shares_acquired", "shares_disposed", "price_per_share",
                          "conversion_or_exercise_price", "exercise_date", "expiration_date",
                          "underlying_security_shares", "shares_owned_following_transaction"})
_WORDS_IN_TYPED_CELLS = re.compile(r"immediately|footnote|various|none|n/a|exercisable|"
                                   r"expiration|date", re.IGNORECASE)


# The column headers' references to the instructions, "(Instr. 3 and 4)": never a value
_INSTRUCTION_REF = re.compile(r"\(?\s*\binst[a-z]{0,3}\b\.?\s*\d", re.IGNORECASE)
# The form's printed footer read between the table's last rule and the page's foot ("the
# form displays a currently valid OMB ... SEC 1474 (9-02)", "Page 2"): no row.
_FORM_FOOTER = re.compile(r"\bSEC\s*1474\b|\bOMB\b|currently\s+valid|form\s+displays",
                          re.IGNORECASE)


def _digit_among_words(text: str) -> bool:
    return bool(re.search(r"[A-Za-z]{3}", text)) and sum(ch.isdigit() for ch in text) <= 1


def _has_date(row: TableRow) -> bool:
    """A transaction, exercise or expiration date that parses."""
    return any(cell and nz.parse_date(nz.split_footnotes(cell.text)[0])[0]
               for cell in (row.cells.get(name) for name in
                            ("transaction_date", "exercise_date", "expiration_date")))


def _title_only(row: TableRow) -> bool:
    """A row of words with no date and no amount that parses."""
    if _has_date(row):
        return False
    for name, cell in row.cells.items():
        if name in ("security_title", "underlying_security_title", "nature_of_ownership",
                    "direct_or_indirect_ownership", "transaction_code"):
            continue
        if cell.text.strip() and nz.parse_number(nz.split_footnotes(cell.text)[0])[0] is not None:
            return False
    return True


def _row_has_substance(row: TableRow) -> bool:
    """A row worth reporting: a date or an amount that parses, or a legible security title.
    Rows of specks, stamps and bleed-through in the empty ruled lines of a paper form are not;
    nor are lines of a note read under the table's columns ("2. The shares are held" | "by the
    Ashford" | "Revocable" ...): prose where dates, codes and amounts stand.
    """
    if any(_INSTRUCTION_REF.search(cell.text) for name, cell in row.cells.items()
           if name in _TYPED_CELLS):
        return False  # the header's "(Instr. 3)" read as a row ("Tansactonts! (instr 3")
    if any(_FORM_FOOTER.search(cell.text) for cell in row.cells.values()):
        return False
    prose = sum(1 for name, cell in row.cells.items() if name in _TYPED_CELLS
                and re.search(r"[a-z]{3,}", cell.text) and not re.search(r"\d", cell.text)
                and not _WORDS_IN_TYPED_CELLS.search(cell.text))
    if prose >= 3:
        return False
    # The header's last line worn ("{MonttvOaw Year" | "7" | "Reported Transacte4) (sit"):
    # words in two typed cells, and no run of two digits anywhere (a date or an amount has).
    worded = sum(1 for name, cell in row.cells.items() if name in _TYPED_CELLS
                 and re.search(r"[A-Za-z]{4}", cell.text)
                 and not _WORDS_IN_TYPED_CELLS.search(cell.text))
    if worded >= 2 and not any(re.search(r"\d{2}", c.text) for c in row.cells.values()):
        return False
    if _has_date(row):
        return True
    for name in ("shares", "shares_acquired", "shares_disposed",
                 "shares_owned_following_transaction", "underlying_security_shares"):
        cell = row.cells.get(name)
        # (a lone digit among words is a header's "(Instr. 4)" worn: "Reported Transacte4)")
        if cell and cell.conf >= 50 and not _digit_among_words(cell.text) and \
                nz.parse_number(nz.split_footnotes(cell.text)[0])[0] is not None:
            return True
    title = row.cells.get("security_title")
    if title and title.conf >= 60:
        letters = sum(ch.isalpha() for ch in title.text)
        return letters >= 4
    return False


PRICE_FIELDS = ("price_per_share", "conversion_or_exercise_price")


def _mend_dollar_signs(reading: TableReading) -> dict[tuple[int, str], str]:
    """Where a price column prints "$" (most do), a price read without one but starting with
    "5" or "S" had its "$" misread: "50.00" is "$0.00", "5 121.02" is "$121.02"."""
    mended: dict[tuple[int, str], str] = {}
    for name in PRICE_FIELDS:
        texts = [(i, row.cells[name].text) for i, row in enumerate(reading.rows)
                 if name in row.cells and row.cells[name].text.strip()]
        if sum("$" in t for _, t in texts) < max(1, len(texts) // 2):
            continue
        for i, t in texts:
            m = re.match(r"^\s*[5S]\s*(\d[\d,]*(?:\.\d+)?\S*)$", t)
            if "$" not in t and m:
                mended[(i, name)] = "$" + m.group(1)
    return mended


def _table_rows(reading: TableReading, page: int, month_year: bool) -> tuple[list, list]:
    transactions, holdings = [], []
    dollars = _mend_dollar_signs(reading)
    data_rows = reading.kind == "table2" and any(
        not _title_only(row) and not _row_is_holding(row) for row in reading.rows)
    for index, row in enumerate(reading.rows):
        if not any(c.text.strip() for c in row.cells.values()):
            continue
        if not _row_has_substance(row):
            continue
        if data_rows and _title_only(row):
            # a line of a derivative's long title wrapped apart from its row ("Restricted
            # Stock" | "Units (RSUs)"), no holding of its own
            continue
        holding = _row_is_holding(row)
        if reading.kind == "table1":
            table = "non_derivative_holdings" if holding else "non_derivative_transactions"
        else:
            table = "derivative_holdings" if holding else "derivative_transactions"
        out = empty_row(table)
        for name in out:
            if name in ("shares", "acquired_disposed_code") and reading.kind == "table2":
                continue
            out[name] = _cell_field(name, row.cells.get(name), page)
            if (index, name) in dollars:
                cell = row.cells[name]
                out[name] = field_from_text(name, dollars[(index, name)], conf=cell.conf,
                                            page=page, bbox=cell.bbox)
                out[name]["text"] = cell.text
                out[name]["flags"].append("repaired:dollar-read-as-5")
        if reading.kind == "table2" and not holding:
            acq, disp = row.cells.get("shares_acquired"), row.cells.get("shares_disposed")
            has_a = bool(acq and acq.text.strip())
            has_d = bool(disp and disp.text.strip())
            src, code = (acq, "A") if has_a or not has_d else (disp, "D")
            out["shares"] = _cell_field("shares", src, page)
            both = has_a and has_d
            ad_conf = 0.3 if both else (0.95 if (has_a or has_d) else 0.5)
            out["acquired_disposed_code"] = make_field(
                code if (has_a or has_d) else None, confidence=ad_conf,
                text="(A)" if code == "A" else "(D)", page=page,
                bbox=src.bbox if src else None,
                flags=["ambiguous:both-a-and-d"] if both else [],
            )
        if not holding and "equity_swap_involved" in out:
            if out["equity_swap_involved"]["value"] is None:
                out["equity_swap_involved"]["value"] = False
                out["equity_swap_involved"]["confidence"] = 0.9
        if month_year:
            pass
        (holdings if holding else transactions).append((table, out))
    return transactions, holdings


# --- the record -----------------------------------------------------------------------------


def _owner_from_row(row: Any) -> dict[str, Field]:
    owner = empty_owner()
    owner["name"] = _reading_field("name", row.name)
    for key, r in row.address.items():
        owner[key] = _reading_field(key, r) if r else make_field(None, confidence=0.8)
    for key, (flag, r) in row.flags.items():
        owner[key] = _mark_field(flag, r, 0.9 if flag else 0.85)
    if row.officer_title and not bx.is_mark_text(row.officer_title.text):
        owner["officer_title"] = _reading_field("officer_title", row.officer_title)
    if row.other_text and not bx.is_mark_text(row.other_text.text):
        owner["other_text"] = _reading_field("other_text", row.other_text)
    return owner


def _mark_field(flag: bool, r: bx.Reading | None, confidence: float) -> Field:
    """A checkbox; a mark seen only by the shape of its ink is inferred, at a modest score."""
    if flag and bx.seen_by_shape(r):
        return make_field(True, confidence=0.6, text=None, page=r.page if r else None,
                          bbox=r.bbox if r else None, flags=["inferred:mark-by-shape"])
    return make_field(flag, confidence=confidence, text=(r.text or None) if r else None,
                      page=r.page if r else None, bbox=r.bbox if r else None)


def _merge_owners(box_owners: list[dict[str, Field]], table_owners: list[dict[str, Field]],
                  warnings: list[str]) -> list[dict[str, Field]]:
    """Box 1 holds the first owner; a Reporting Owners table, when present, lists them all."""
    if not table_owners:
        return box_owners
    if not box_owners:
        return table_owners
    # (a later row that is box 1's owner again, its name behind the table's left border
    # read as "I", is the same owner: "I LOCKHART THOMAS")
    first = _bare_owner_name(box_owners[0]["name"]["value"])
    merged = [box_owners[0]] + [o for o in table_owners[1:]
                                if not first or _bare_owner_name(o["name"]["value"]) != first]
    first_box = (box_owners[0]["name"]["value"] or "").lower()
    first_table = (table_owners[0]["name"]["value"] or "").lower()
    if first_box and first_table and first_box != first_table:
        warnings.append("box 1 and the Reporting Owners table name different first owners")
    return merged


def _bare_owner_name(name: Any) -> str:
    """An owner's name for comparison: lower case, words only, a rule read as "I" before it
    gone."""
    text = re.sub(r"^[I|l1!]\s+(?=\S{2})", "", str(name or "").strip())
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def looks_like_form4(page: PageLayout) -> bool:
    """Enough of the form's own wording on the page to call it a Form 4."""
    text = " ".join(w.text for w in page.words).lower()
    hits = sum(k in text for k in (
        "beneficial ownership", "reporting person", "non-derivative", "derivative securities",
        "transaction code", "issuer name", "ticker", "form 4", "explanation of responses",
        "title of security", "ownership form",
    ))
    return hits >= 3


def _document_type(pages: Sequence[PageLayout], amendment_value: Any) -> Field:
    first = pages[0]
    for line in group_lines(first.words)[:25]:
        text = " ".join(w.text for w in line)
        m = re.search(r"\bFORM\s*4\s*/\s*A\b", text, re.IGNORECASE)
        if m:
            return make_field("4/A", confidence=0.9, text=m.group(0), page=1)
    if amendment_value is not None:
        return make_field("4/A", confidence=0.7, text=None, page=1,
                          flags=["inferred:amendment-date"])
    for line in group_lines(first.words)[:25]:
        text = " ".join(w.text for w in line)
        m = re.search(r"\bFORM\s*4\b", text, re.IGNORECASE)
        if m:
            return make_field("4", confidence=0.9, text=m.group(0), page=1)
    return make_field("4", confidence=0.6, page=1, flags=["inferred:default"])


def assemble_record(pages: Sequence[PageLayout], *, checks: bool = True) -> Record:
    pages = [without_flat_words(p) for p in pages]
    record = empty_record()
    warnings: list[str] = record["warnings"]
    month_year = False
    owners: list[dict[str, Field]] = []
    header_done = False
    footnotes: dict[str, Field] = {}
    remarks_field: Field | None = None
    signatures: list[dict[str, Field]] = []
    table_owners: list[dict[str, Field]] = []
    page_tables = read_document_tables(pages)

    for index, page in enumerate(pages):
        boxes = bx.find_boxes(page)
        n = page.number
        if not header_done and ("owner" in boxes or "issuer" in boxes):
            header_done = True
            # The pre-2002 form: box 4 "Statement for Month/Year" (or its box 3, the I.R.S.
            # number, when box 4's label was lost) and no date of earliest transaction.
            month_year = ("statement" in boxes or "irs" in boxes) and "earliest" not in boxes
            if "owner" in boxes:
                ob = bx.read_owner_box(page, boxes["owner"])
                owner = empty_owner()
                for name in ("name", "street1", "street2", "city", "state", "zip_code"):
                    r = getattr(ob, name)
                    owner[name] = _reading_field(name, r) if r else make_field(None,
                                                                                confidence=0.8)
                owners.append(owner)
            if "issuer" in boxes:
                name_r, sym_r = bx.read_issuer_box(page, boxes["issuer"])
                record["issuer"]["name"] = _reading_field("name", name_r)
                record["issuer"]["trading_symbol"] = _reading_field("trading_symbol", sym_r)
            date_box = boxes.get("statement" if month_year else "earliest")
            if date_box:
                words = bx.box_value_words(page, date_box)
                record["period_of_report"] = _reading_field(
                    "period_of_report", bx.reading(words, n), month_year=month_year)
            if "amendment" in boxes:
                words = bx.box_value_words(page, boxes["amendment"])
                record["date_of_original_submission"] = _reading_field(
                    "date_of_original_submission", bx.reading(words, n), month_year=month_year)
            if "relationship" in boxes and owners:
                rel = bx.read_relationship(page, boxes["relationship"])
                for key, (flag, r) in rel.flags.items():
                    owners[0][key] = _mark_field(
                        flag, r, r.conf / 100 if flag and r and r.words else 0.85)
                if rel.officer_title:
                    owners[0]["officer_title"] = _reading_field("officer_title",
                                                                rel.officer_title)
                if rel.other_text:
                    owners[0]["other_text"] = _reading_field("other_text", rel.other_text)
            flag, r = bx.checkbox_near(page, "Check this box if no longer subject to Section 16")
            record["not_subject_to_section16"] = _mark_field(flag, r, 0.85)

        for row in read_owners_table(page):
            table_owners.append(_owner_from_row(row))

        for reading in page_tables[index]:
            warnings.extend(reading.notes)
            transactions, holdings = _table_rows(reading, n, month_year)
            for table, row in transactions + holdings:
                record[table].append(row)

        rem = bx.read_remarks(page)
        if rem is not None and rem.words and _reads_as_words(rem.text):
            remarks_field = _reading_field("remarks", rem)
        signatures += [_signature(name_r, date_r)
                       for name_r, date_r in bx.read_signatures(page)]

    if not signatures:
        signatures = [_signature(name_r, date_r)
                      for page in pages for name_r, date_r in bx.signed_lines(page)]
    else:
        signatures = _with_uncaptioned_signatures(pages, signatures)
    for fid, r in bx.read_footnotes(pages):
        if fid not in footnotes:
            footnotes[fid] = _reading_field("footnote", r)
    _footnote_consensus(list(footnotes.values()))
    record["form_edition"] = "pre-2002" if month_year else "current"
    record["reporting_owners"] = _merge_owners(owners, table_owners, warnings)
    amendment = record["date_of_original_submission"]["value"]
    record["document_type"] = _document_type(pages, amendment)
    record["footnotes"] = [{"id": k, "text": v} for k, v in
                           sorted(footnotes.items(), key=lambda kv: int(kv[0][1:]))]
    if remarks_field is not None:
        record["remarks"] = remarks_field
    prose = [f["value"] for f in footnotes.values() if isinstance(f["value"], str)]
    if remarks_field is not None and isinstance(remarks_field["value"], str):
        prose.append(remarks_field["value"])
    for sig in signatures:
        _signature_after_prose(sig["name"], prose)
    record["signatures"] = signatures
    if checks:
        from extractor.checks import apply_checks

        apply_checks(record)
    _attach_page_quality(record, pages)
    return record


def _attach_page_quality(record: Record, pages: Sequence[PageLayout]) -> None:
    """Each field learns how well its page read (mean word confidence, 0-1): a noisy fax
    page makes every value on it less certain."""
    from extractor.record import iter_fields

    quality = {p.number: (sum(w.conf for w in p.words) / len(p.words) / 100.0 if p.words
                          else 0.0) for p in pages}
    # Share of the page's words (three characters or more) Tesseract was unsure of: about
    # 1 % on a clean scan, 5 % on an office copy, 13 % on a poor fax.
    low = {}
    for p in pages:
        longer = [w for w in p.words if len(w.text) >= 3]
        low[p.number] = sum(w.conf < 70 for w in longer) / len(longer) if longer else 1.0
    for _, field in iter_fields(record):
        page = field.get("page")
        if page in quality:
            field["page_quality"] = round(quality[page], 3)
            field["page_low_share"] = round(low[page], 3)
