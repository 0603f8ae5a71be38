"""OCR text in, record out: Form 4 records recovered from text without geometry.

Much of what users hold is text that earlier OCR tools produced from scanned filings, with the
layout torn apart: headers split across cells, digits split, ``$`` read as ``5``, footnote
markers glued to numbers, stray ``|``, markdown and HTML fragments. This package reads such
text: :func:`extract_text` (a string) and :func:`extract_text_file` (an
:class:`extractor.ingest.SourceDocument`, what ``form4 extract FILE.txt`` routes here).

* :mod:`.lines` removes the markup (markdown, HTML, escapes, tabs of table fragments);
* :mod:`.sections` finds the form's sections by their headings (Table I, Table II,
  Explanation of Responses, Remarks, Reporting Owners, signature captions), the rows of the
  tables with the fragments of wrapped cells, the footnotes, remarks and signatures;
* :mod:`.rows` parses one table row with a typed grammar of the table's columns: dynamic
  programming over the readings of each token (:mod:`.tokens`: dates, split dates, amounts,
  split amounts, prices with a lost or misread ``$``, codes, marks, glued footnote markers);
* :mod:`.header` reads boxes 1-6 by the form's labels (:mod:`.formtext`);
* :mod:`.extract` maps everything to the record with a first confidence per field (from the
  parse cost and the repairs), runs :func:`extractor.checks.apply_checks` and applies the
  text calibrator ``models/calibration-text.json`` (fitted with ``scripts/text_corpus.py``).

Conventions: every field has ``page`` 1 and ``bbox`` null; ``source`` is
``{path, sha256, pages: 1, dpi: null}``. A care-of line and the street OCR ran together
("C/O QUALYS, INC. 919 E. HILLSDALE BLVD.") are two street lines, ``street1`` the care-of
line and ``street2`` the street, as on the form and in EDGAR's XML. The record carries the
extra key ``form_edition`` ("current" or "pre-2002") for the checks.
"""

from extractor.text.extract import build_record, extract_text, extract_text_file

__all__ = ["build_record", "extract_text", "extract_text_file"]
