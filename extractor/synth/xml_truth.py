"""Truth records from EDGAR ownership XML (``ownershipDocument``), read element by element.

Every field of the result has ``confidence`` 1.0 and no ``text``, ``page`` or ``bbox``: it is the
expected record for a filing rendered from that XML. Values follow the output contract (dates
``YYYY-MM-DD``, numbers as JSON numbers, codes upper-case, booleans, free text with white space
collapsed). A checkbox element (``isDirector``, ``notSubjectToSection16``, ``equitySwapInvolved``
...) that is absent reads as ``False``: the form prints an empty box, which is what a scan shows.

Only the standard library is used; namespaces, if any, are stripped.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from extractor.record import (
    Field,
    Record,
    empty_owner,
    empty_record,
    empty_row,
    iter_fields,
    make_field,
)

__all__ = ["NotForm4Source", "record_from_xml", "FORM4_DOCUMENT_TYPES"]

FORM4_DOCUMENT_TYPES = frozenset({"4", "4/A"})

_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+)?\s*(?:Z|[+-]\d{2}:?\d{2})?\s*$")
_US_DATE_RE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_CODE_RE = re.compile(r"^[A-Z0-9/]+$")
_FID_RE = re.compile(r"^F?(\d+)$")
_TRUE = frozenset({"1", "true", "y", "yes"})
_FALSE = frozenset({"0", "false", "n", "no"})


class NotForm4Source(ValueError):
    """The XML is an ownership document, but not a Form 4 or 4/A (e.g. a Form 3 or 5)."""


# --------------------------------------------------------------------------- element helpers


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _strip_namespaces(root: ET.Element) -> None:
    for elem in root.iter():
        elem.tag = _local(elem.tag)
        if elem.attrib:
            elem.attrib = {_local(k): v for k, v in elem.attrib.items()}


def _child(elem: ET.Element | None, *path: str) -> ET.Element | None:
    """The first element along ``path`` (direct children), or None."""
    for name in path:
        if elem is None:
            return None
        elem = elem.find(name)
    return elem


def _collapse(text: str | None) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split())
    return text or None


def _all_text(elem: ET.Element | None) -> str | None:
    """All character data below ``elem`` (excluding footnoteId markers), collapsed."""
    if elem is None:
        return None
    return _collapse("".join(elem.itertext()))


# --------------------------------------------------------------------------- value parsers


class _Reader:
    """Parses one document; collects warnings about values it could not read."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.warnings: list[str] = []

    def _warn(self, where: str, kind: str, raw: str) -> None:
        self.warnings.append(f"{where}: unreadable {kind} {raw!r} in the XML; value left empty")

    # -- raw value of an element: <x><value>..</value><footnoteId/></x> or <x>text</x>
    @staticmethod
    def _raw(elem: ET.Element | None) -> str | None:
        if elem is None:
            return None
        value = elem.find("value")
        if value is not None:
            return _all_text(value)
        if len(elem) and all(_local(c.tag) == "footnoteId" for c in elem):
            return _collapse(elem.text)
        return _all_text(elem) if not len(elem) else _collapse(elem.text)

    def footnote_ids(self, *elems: ET.Element | None) -> list[str]:
        out: list[str] = []
        for elem in elems:
            if elem is None:
                continue
            for fid in elem.findall("footnoteId"):
                norm = self.norm_fid(fid.get("id"))
                if norm and norm not in out:
                    out.append(norm)
        return out

    def norm_fid(self, raw: str | None) -> str | None:
        match = _FID_RE.match((raw or "").strip().upper())
        if not match:
            if raw is not None:
                self.warnings.append(f"footnote id {raw!r} is not of the form F<n>; ignored")
            return None
        return f"F{int(match.group(1))}"

    def make(self, value: Any, ids: list[str] | None = None) -> Field:
        return make_field(value, confidence=1.0, footnote_ids=ids or [])

    # -- typed fields
    def text(self, elem: ET.Element | None, *notes: ET.Element | None) -> Field:
        return self.make(self._raw(elem), self.footnote_ids(elem, *notes))

    def date(self, elem: ET.Element | None, where: str) -> Field:
        return self.make(self.parse_date(self._raw(elem), where), self.footnote_ids(elem))

    def parse_date(self, raw: str | None, where: str) -> str | None:
        if raw is None:
            return None
        match = _DATE_RE.match(raw)
        if match:
            return f"{match.group(1)}-{match.group(2)}-{match.group(3)}"
        match = _US_DATE_RE.match(raw)
        if match:
            return f"{match.group(3)}-{int(match.group(1)):02d}-{int(match.group(2)):02d}"
        self._warn(where, "date", raw)
        return None

    def number(self, elem: ET.Element | None, where: str, *notes: ET.Element | None) -> Field:
        return self.make(self.parse_number(self._raw(elem), where), self.footnote_ids(elem, *notes))

    def parse_number(self, raw: str | None, where: str) -> int | float | None:
        if raw is None:
            return None
        cleaned = raw.replace(",", "").replace("$", "").strip()
        try:
            dec = Decimal(cleaned)
        except InvalidOperation:
            self._warn(where, "number", raw)
            return None
        if not dec.is_finite():
            self._warn(where, "number", raw)
            return None
        if dec == dec.to_integral_value():
            return int(dec)
        return float(dec)

    def code(self, elem: ET.Element | None, where: str, *notes: ET.Element | None) -> Field:
        raw = self._raw(elem)
        value = raw.replace(" ", "").upper() if raw is not None else None
        if value is not None and not _CODE_RE.match(value):
            self._warn(where, "code", raw or "")
            value = None
        return self.make(value, self.footnote_ids(elem, *notes))

    def flag(self, elem: ET.Element | None, where: str) -> Field:
        """A checkbox: absent or empty -> False (an empty box on the form)."""
        raw = self._raw(elem)
        if raw is None:
            return self.make(False, self.footnote_ids(elem))
        low = raw.lower()
        if low in _TRUE:
            value: bool | None = True
        elif low in _FALSE:
            value = False
        else:
            self._warn(where, "boolean", raw)
            value = None
        return self.make(value, self.footnote_ids(elem))


# --------------------------------------------------------------------------- sections


def _owner(rd: _Reader, elem: ET.Element, i: int) -> dict[str, Field]:
    owner = empty_owner()
    where = f"reporting_owners[{i}]"
    ident = elem.find("reportingOwnerId")
    addr = elem.find("reportingOwnerAddress")
    rel = elem.find("reportingOwnerRelationship")
    owner["name"] = rd.text(_child(ident, "rptOwnerName"))
    for key, tag in (
        ("street1", "rptOwnerStreet1"),
        ("street2", "rptOwnerStreet2"),
        ("city", "rptOwnerCity"),
        ("state", "rptOwnerState"),
        ("zip_code", "rptOwnerZipCode"),
    ):
        owner[key] = rd.text(_child(addr, tag))
    for key, tag in (
        ("is_director", "isDirector"),
        ("is_officer", "isOfficer"),
        ("is_ten_percent_owner", "isTenPercentOwner"),
        ("is_other", "isOther"),
    ):
        owner[key] = rd.flag(_child(rel, tag), f"{where}.{key}")
    owner["officer_title"] = rd.text(_child(rel, "officerTitle"))
    owner["other_text"] = rd.text(_child(rel, "otherText"))
    return owner


def _amount_or_value(
    rd: _Reader, parent: ET.Element | None, shares_tag: str, value_tag: str, where: str
) -> Field:
    """Shares when reported; if only the dollar value is, leave the value empty but keep notes."""
    shares = _child(parent, shares_tag)
    if shares is not None:
        return rd.number(shares, where)
    alt = _child(parent, value_tag)
    return rd.make(None, rd.footnote_ids(alt))


def _row(rd: _Reader, table: str, elem: ET.Element, i: int) -> dict[str, Field]:
    row = empty_row(table)
    where = f"{table}[{i}]"
    names = set(row)
    row["security_title"] = rd.text(elem.find("securityTitle"))
    if "conversion_or_exercise_price" in names:
        row["conversion_or_exercise_price"] = rd.number(
            elem.find("conversionOrExercisePrice"), f"{where}.conversion_or_exercise_price"
        )
    if "transaction_date" in names:
        row["transaction_date"] = rd.date(elem.find("transactionDate"), f"{where}.transaction_date")
        row["deemed_execution_date"] = rd.date(
            elem.find("deemedExecutionDate"), f"{where}.deemed_execution_date"
        )
        coding = elem.find("transactionCoding")
        code = _child(coding, "transactionCode")
        row["transaction_code"] = rd.code(code, f"{where}.transaction_code", coding)
        row["equity_swap_involved"] = rd.flag(
            _child(coding, "equitySwapInvolved"), f"{where}.equity_swap_involved"
        )
        amounts = elem.find("transactionAmounts")
        row["shares"] = _amount_or_value(
            rd, amounts, "transactionShares", "transactionTotalValue", f"{where}.shares"
        )
        row["price_per_share"] = rd.number(
            _child(amounts, "transactionPricePerShare"), f"{where}.price_per_share"
        )
        row["acquired_disposed_code"] = rd.code(
            _child(amounts, "transactionAcquiredDisposedCode"), f"{where}.acquired_disposed_code"
        )
    if "exercise_date" in names:
        row["exercise_date"] = rd.date(elem.find("exerciseDate"), f"{where}.exercise_date")
        row["expiration_date"] = rd.date(elem.find("expirationDate"), f"{where}.expiration_date")
        under = elem.find("underlyingSecurity")
        row["underlying_security_title"] = rd.text(_child(under, "underlyingSecurityTitle"))
        row["underlying_security_shares"] = _amount_or_value(
            rd,
            under,
            "underlyingSecurityShares",
            "underlyingSecurityValue",
            f"{where}.underlying_security_shares",
        )
    row["shares_owned_following_transaction"] = _amount_or_value(
        rd,
        elem.find("postTransactionAmounts"),
        "sharesOwnedFollowingTransaction",
        "valueOwnedFollowingTransaction",
        f"{where}.shares_owned_following_transaction",
    )
    nature = elem.find("ownershipNature")
    row["direct_or_indirect_ownership"] = rd.code(
        _child(nature, "directOrIndirectOwnership"), f"{where}.direct_or_indirect_ownership"
    )
    row["nature_of_ownership"] = rd.text(_child(nature, "natureOfOwnership"))
    return row


def _tables(rd: _Reader, root: ET.Element, record: Record) -> None:
    layout = (
        ("nonDerivativeTable", "nonDerivativeTransaction", "non_derivative_transactions"),
        ("nonDerivativeTable", "nonDerivativeHolding", "non_derivative_holdings"),
        ("derivativeTable", "derivativeTransaction", "derivative_transactions"),
        ("derivativeTable", "derivativeHolding", "derivative_holdings"),
    )
    for table_tag, row_tag, table in layout:
        for table_elem in root.findall(table_tag):
            for elem in table_elem.findall(row_tag):
                record[table].append(_row(rd, table, elem, len(record[table])))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- public API


def record_from_xml(path: str | Path) -> Record:
    """The truth record of one EDGAR Form 4 / 4/A ownership XML file.

    Raises ``NotForm4Source`` for other document types (3, 5, ...) and ``ValueError`` for
    unreadable or malformed XML; both messages name the file.
    """
    from extractor.schema import validate_record

    path_str = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ValueError(f"{path_str}: cannot read ownership XML: {exc}") from exc
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ValueError(f"{path_str}: malformed XML: {exc}") from exc
    _strip_namespaces(root)
    if root.tag != "ownershipDocument":
        raise NotForm4Source(
            f"{path_str}: not an EDGAR ownership document (root element <{root.tag}>), "
            "document type unknown"
        )
    doc_type_raw = _collapse(root.findtext("documentType"))
    doc_type = (doc_type_raw or "").replace(" ", "").upper()
    if doc_type not in FORM4_DOCUMENT_TYPES:
        raise NotForm4Source(
            f"{path_str}: document type {doc_type_raw or '(missing)'!s} is not a Form 4 or 4/A"
        )

    rd = _Reader(path_str)
    record = empty_record(path=path_str, sha256=_sha256(data), pages=0, dpi=None)
    record["document_type"] = rd.make(doc_type)
    record["period_of_report"] = rd.date(root.find("periodOfReport"), "period_of_report")
    record["date_of_original_submission"] = rd.date(
        root.find("dateOfOriginalSubmission"), "date_of_original_submission"
    )
    record["not_subject_to_section16"] = rd.flag(
        root.find("notSubjectToSection16"), "not_subject_to_section16"
    )
    issuer = root.find("issuer")
    record["issuer"] = {
        "name": rd.text(_child(issuer, "issuerName")),
        "trading_symbol": rd.text(_child(issuer, "issuerTradingSymbol")),
    }
    record["reporting_owners"] = [
        _owner(rd, elem, i) for i, elem in enumerate(root.findall("reportingOwner"))
    ]
    _tables(rd, root, record)

    seen: set[str] = set()
    for table_elem in root.findall("footnotes"):
        for note in table_elem.findall("footnote"):
            fid = rd.norm_fid(note.get("id"))
            if fid is None or fid in seen:
                if fid in seen:
                    rd.warnings.append(f"footnote {fid} defined twice; the first is kept")
                continue
            seen.add(fid)
            record["footnotes"].append({"id": fid, "text": rd.make(_all_text(note))})
    record["remarks"] = rd.make(_all_text(root.find("remarks")))
    for sig in root.findall("ownerSignature"):
        record["signatures"].append(
            {
                "name": rd.make(_all_text(sig.find("signatureName"))),
                "date": rd.date(sig.find("signatureDate"), "signatures.date"),
            }
        )
    defined = {note["id"] for note in record["footnotes"]}
    for where, field in iter_fields(record):
        for fid in field["footnote_ids"]:
            if fid not in defined:
                rd.warnings.append(f"{where}: footnote {fid} is referenced but not defined")
    record["warnings"] = list(rd.warnings)
    validate_record(record)
    return record
