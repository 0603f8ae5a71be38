"""OCR text -> clean lines (pure): markdown and HTML fragments, escapes, table cell separators
and typographic characters removed, so that later stages see plain words.

Nothing is interpreted here: every visible character of the form's content stays in place,
only the markup around it goes. Tabs (cell separators of table fragments) become spaces;
``|`` (a ruling line read as a character) is kept, the row grammar treats it as noise.
"""

from __future__ import annotations

import re
import unicodedata

_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]{0,80}>")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$|<>~])")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_BULLET = re.compile(r"^\s*[-+•·]\s+(?=\S)")
_MD_EMPHASIS = re.compile(r"\*\*|__")
_LATEX_TEXT = re.compile(r"\\\(\s*\\text\{([^{}]*)\}\s*\\\)")
_MD_RULE = re.compile(r"^\s*(?:[-=*_]\s*){3,}$")
_SUPERSCRIPTS = str.maketrans({"¹": "(1)", "²": "(2)", "³": "(3)", "⁴": "(4)", "⁵": "(5)",
                               "⁶": "(6)", "⁷": "(7)", "⁸": "(8)", "⁹": "(9)", "⁰": "(0)"})
_TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                              "\u2014": "-", "\u2013": "-", "\u2012": "-", "\u2212": "-",
                              "\u00a0": " ", "\ufeff": "", "\u200b": "", "\f": " "})


def clean_line(line: str) -> str:
    """One line of OCR text without markup; white space collapsed."""
    t = line.translate(_SUPERSCRIPTS)
    t = unicodedata.normalize("NFKC", t).translate(_TYPOGRAPHIC)
    t = _LATEX_TEXT.sub(r"\1", t)
    t = _HTML_TAG.sub(" ", t)
    t = _MD_ESCAPE.sub(r"\1", t)
    t = t.replace("\t", " ")
    if _MD_RULE.match(t):
        return ""
    t = _MD_HEADING.sub("", t)
    t = _MD_EMPHASIS.sub("", t)
    t = _MD_BULLET.sub("", t)
    t = t.replace("`", " ")
    return re.sub(r"\s+", " ", t).strip()


def clean_lines(text: str, *, keep_breaks: bool = False) -> list[str]:
    """Every non-empty line of ``text``, cleaned (see :func:`clean_line`); with
    ``keep_breaks`` a blank line (a paragraph break) is kept as one empty string."""
    out: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = clean_line(raw)
        if line:
            out.append(line)
        elif keep_breaks and out and out[-1]:
            out.append("")
    return out
