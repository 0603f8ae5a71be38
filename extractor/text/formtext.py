"""The printed wording of Form 4 (current, pre-2002 and the EDGAR rendering) that OCR text
carries besides the filer's values, and the matching that finds it in garbled lines (pure).

A *label* names a box ("1. Name and Address of Reporting Person*"); the values of that box
follow it in reading order. *Boilerplate* is the rest of the form's wording (title block,
instructions, small print); a line made of it carries no value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

# (id, phrase) in the order the fuzzy matcher tries them: longer phrases first within a box.
LABELS: tuple[tuple[str, str], ...] = (
    ("name", "Name and Address of Reporting Person*"),
    ("name", "Name and Address"),
    ("name_tail", "of Reporting Person*"),
    ("issuer", "Issuer Name and Ticker or Trading Symbol"),
    ("relationship", "Relationship of Reporting Person(s) to Issuer"),
    ("check_all", "(Check all applicable)"),
    ("lfm", "(Last) (First) (Middle)"),
    ("earliest", "Date of Earliest Transaction (Month/Day/Year)"),
    ("earliest", "Date of Earliest Transaction"),
    ("irs", "I.R.S. Identification Number of Reporting Person, if an entity (Voluntary)"),
    ("irs", "I.R.S. Identification Number of"),
    ("irs", "Reporting Person, if an entity (Voluntary)"),
    ("statement", "Statement for Month/Year"),
    ("statement", "Statement for Month/Day/Year"),
    ("officer", "Officer (give title below)"),
    ("other", "Other (specify below)"),
    ("director", "Director"),
    ("ten", "10% Owner"),
    ("street", "(Street)"),
    ("amendment", "If Amendment, Date of Original Filed (Month/Day/Year)"),
    ("amendment", "If Amendment, Date of Original (Month/Year)"),
    ("amendment", "If Amendment, Date of Original Filed"),
    ("joint", "Individual or Joint/Group Filing (Check Applicable Line)"),
    ("one_person", "Form filed by One Reporting Person"),
    ("more_persons", "Form filed by More than One Reporting Person"),
    ("csz", "(City) (State) (Zip)"),
    ("section16", "Check this box if no longer subject to Section 16."),
    ("section16", "Form 4 or Form 5 obligations may continue. See Instruction 1(b)."),
)

BOILERPLATE: tuple[str, ...] = (
    "UNITED STATES SECURITIES AND EXCHANGE COMMISSION",
    "U.S. SECURITIES AND EXCHANGE COMMISSION",
    "Washington, D.C. 20549",
    "STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP",
    "OMB APPROVAL",
    "OMB Number: 3235-0287",
    "Expires:",
    "Estimated average burden hours per response",
    "Filed pursuant to Section 16(a) of the Securities Exchange Act of 1934",
    "or Section 30(h) of the Investment Company Act of 1940",
    "Section 17(a) of the Public Utility Holding Company Act of 1935",
    "Filed pursuant to Section 16(a) of the Securities Exchange Act of 1934, Section 17(a) of "
    "the Public Utility Holding Company Act of 1935 or Section 30(h) of the Investment Company "
    "Act of 1940",
    "Utility Holding Company Act of 1935 or Section 30(h) of the Investment Company Act of 1940",
    "(Print or Type Responses)",
    "SEC Form 4",
    "FORM 4 (continued)",
    "* If the form is filed by more than one reporting person, see Instruction 4(b)(v).",
    "Reminder: Report on a separate line for each class of securities beneficially owned "
    "directly or indirectly.",
    "** Intentional misstatements or omissions of facts constitute Federal Criminal "
    "Violations. See 18 U.S.C. 1001 and 15 U.S.C. 78ff(a).",
    "Note: File three copies of this Form, one of which must be manually signed. If space is "
    "insufficient, see Instruction 6 for procedure.",
    "Persons who respond to the collection of information contained in this form are not "
    "required to respond unless the form displays a currently valid OMB Number.",
    "Potential persons who are to respond to the collection of information contained in this "
    "form are not required to respond unless the form displays a currently valid OMB Number.",
    "** Signature of Reporting Person Date",
)

# Lines that end the free text of footnotes, remarks and the like.
END_MARKERS: tuple[str, ...] = (
    "Reminder: Report on a separate line",
    "If the form is filed by more than one reporting person",
    "Intentional misstatements or omissions",
    "misstatements or omissions of facts constitute",  # its first word garbled ('aie ...')
    "Note: File three copies of this Form",
    "Persons who respond to the collection of information",
    "Potential persons who are to respond",
    "Signature of Reporting Person",
)

_PAGE_NOISE = re.compile(
    r"^(?:\d{1,2}\s*/\s*\d{1,2}|page\s*\d+|sec\s*1474.*|\(over\)|sec form 4\s*\(cont\w*\)?|"
    r"form 4\s*\(cont\w*\)?|\d{1,3})$", re.IGNORECASE)


def norm(text: str) -> str:
    """Lower-case words and digits only (for fuzzy comparison)."""
    return " ".join(re.findall(r"[a-z0-9%]+", text.lower()))


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Every word of the form's printed text (labels, boilerplate, table headings)."""
    from extractor.mapping.lexicon import header_vocabulary

    words: set[str] = set()
    for _, phrase in LABELS:
        words.update(norm(phrase).split())
    for phrase in BOILERPLATE:
        words.update(norm(phrase).split())
    words.update(header_vocabulary())
    words.update({"table", "non", "derivative", "securities", "acquired", "disposed",
                  "beneficially", "owned", "puts", "calls", "warrants", "options",
                  "convertible", "explanation", "responses", "remarks", "continued"})
    return frozenset(w for w in words if len(w) > 1 or w.isdigit())


def is_page_noise(line: str) -> bool:
    """Page numbers, form edition marks and 'continued' headings between pages."""
    return bool(_PAGE_NOISE.match(line.strip(" .*|_-:;,'‘’")))


def form_word_share(line: str) -> float:
    """Share of a line's words that are the form's own wording."""
    toks = [t for t in norm(line).split() if len(t) > 1 or t.isdigit()]
    if not toks:
        return 1.0
    vocab = vocabulary()
    return sum(t in vocab for t in toks) / len(toks)


def is_boilerplate(line: str) -> bool:
    """A line of the form's printed wording only (no filer value)."""
    if is_page_noise(line):
        return True
    n = norm(line)
    if not n:
        return True
    if form_word_share(line) == 1.0:
        return True
    if re.fullmatch(r"\d{4}\s*\d{4}|3235 0287|0 5|05|(expires )?(january|february|march|april|"
                    r"may|june|july|august|september|october|november|december) \d{1,2} \d{4}",
                    n):
        return True  # the OMB box's number, expiry and burden
    for phrase in BOILERPLATE:
        p = norm(phrase)
        if len(n) >= 8 and fuzz.partial_ratio(n, p) >= 88 and len(n) <= len(p) + 5:
            return True
    return len(n) >= 20 and form_word_share(line) >= 0.9


def is_end_marker(line: str) -> bool:
    n = norm(line)
    return any(fuzz.partial_ratio(norm(m), n) >= 88 for m in END_MARKERS if len(n) >= 12)


# --- labels inside a line -------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """A run of a line: a label (``label`` set) or the text between labels."""

    label: str | None
    text: str
    start: int
    end: int


def _label_regex(phrase: str) -> re.Pattern[str]:
    """A forgiving regex for a label: optional box number, any spacing and punctuation."""
    words = re.findall(r"[A-Za-z0-9%]+", phrase)
    body = r"[\W_]*".join(re.escape(w) for w in words)
    if phrase.startswith("(") and phrase.endswith(")") and len(words) == 1:
        # '(Street)', '(City)': a paren at least, so that STREET in an address stays
        return re.compile(r"\(\s*" + body + r"\b\s*\)?|\b" + body + r"\s*\)", re.IGNORECASE)
    tail = r"\b" if phrase[-1].isalnum() else ""
    lead = r"(?:\b|(?<=\d))" if phrase[0].isdigit() else r"\b"  # '410% Owner': a speck glued
    return re.compile(r"(?:\b\d{1,2}[A-Za-z]?\s*[.,:]\s*)?[(\[]?" + lead + body + tail +
                      r"[)\]*.:]*", re.IGNORECASE)


@lru_cache(maxsize=1)
def _label_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((lid, _label_regex(p)) for lid, p in LABELS)


def _fuzzy_find(line: str, phrase: str, threshold: float) -> tuple[int, int] | None:
    if len(phrase) < 12 or len(line) < 0.6 * len(phrase):
        return None
    al = fuzz.partial_ratio_alignment(phrase.lower(), line.lower(), score_cutoff=threshold)
    if al is None:
        return None
    return al.dest_start, al.dest_end


def pieces(line: str, *, fuzzy: bool = True) -> list[Piece]:
    """Split a line at the form's box labels: [Piece(label, ...), Piece(None, value), ...].
    Exact (forgiving) matches first, then fuzzy matches of the longer labels."""
    spans: list[tuple[int, int, str]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e, _ in spans)

    for lid, pat in _label_patterns():
        for m in pat.finditer(line):
            if m.end() > m.start() and free(m.start(), m.end()):
                # "Director" and "Other" must stand as words (not inside a name)
                spans.append((m.start(), m.end(), lid))
    if fuzzy:
        for lid, phrase in LABELS:
            if len(phrase) < 20:
                continue
            hit = _fuzzy_find(line, phrase, 86)
            if hit and free(*hit):
                a, b = hit
                while a > 0 and line[a - 1] not in " \t":
                    a -= 1
                while b < len(line) and line[b] not in " \t":
                    b += 1
                m = re.search(r"\b\d{1,2}\s*[.,:]\s*$", line[:a])
                if m:
                    a = m.start()
                if free(a, b):
                    spans.append((a, b, lid))
    spans.sort()
    out: list[Piece] = []
    pos = 0
    for a, b, lid in spans:
        if a > pos and line[pos:a].strip():
            out.append(Piece(None, line[pos:a].strip(), pos, a))
        out.append(Piece(lid, line[a:b].strip(), a, b))
        pos = b
    if line[pos:].strip():
        out.append(Piece(None, line[pos:].strip(), pos, len(line)))
    return out


def labels_in(line: str) -> list[str]:
    return [p.label for p in pieces(line) if p.label]


def values_in(line: str) -> list[str]:
    """The text of a line that is not a label."""
    return [p.text for p in pieces(line) if p.label is None]
