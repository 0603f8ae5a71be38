"""Field mapping for the form's boxes (pure): owner name and address, issuer and ticker,
dates, relationship checkboxes and officer title, amendment date, the Section 16 box, the
Explanation of Responses, Remarks and signatures.

Boxes are found by their printed labels (fuzzy-matched, whatever their number on a given
edition of the form); a box reaches right to the next vertical rule or label and down to the
next label below it or the next full-width rule. Its value is what is left once the label and
the printed captions ("(Last) (First) (Middle)", "(Street)" ...) are taken out.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from extractor.mapping.lexicon import contains_phrase, starts_with_phrase, tokens
from extractor.mapping.normalize import DIGIT_CONFUSIONS, mend_issuer_name
from extractor.page import PageLayout, Word, group_lines, join_words, rule_end, union_box

LABELS: dict[str, tuple[str, ...]] = {
    "owner": ("Name and Address of Reporting Person",),
    "issuer": ("Issuer Name and Ticker or Trading Symbol",),
    "earliest": ("Date of Earliest Transaction", "Date of Earliest Transaction Required to be "
                 "Reported"),
    "amendment": ("If Amendment, Date of Original Filed", "If Amendment, Date of Original"),
    "statement": ("Statement for Month/Year", "Statement for Month/Day/Year"),
    "irs": ("I.R.S. Identification Number of Reporting Person",),
    "relationship": ("Relationship of Reporting Person(s) to Issuer",),
    "joint": ("Individual or Joint/Group Filing",),
}
_BOX_NUMBERS = {"owner": "1", "issuer": "2"}  # the same on the 2002 and the older form
CAPTIONS = frozenset({"(last)", "(first)", "(middle)", "(street)", "(city)", "(state)", "(zip)"})
LABEL_EXTRA = ("(Check all applicable)", "(Month/Day/Year)", "(Month/Year)",
               "(Check Applicable Line)", "(Voluntary)", "if an entity")


@dataclass
class Box:
    kind: str
    x0: int
    y0: int
    x1: int
    y1: int
    label_words: list[Word]


@dataclass
class Reading:
    """Text read from the page with where it came from. A text that runs on overleaf keeps
    the words of every page (for their confidences) and its box on the first page."""

    text: str
    words: list[Word]
    page: int
    box_words: list[Word] | None = None

    @property
    def bbox(self) -> list[int] | None:
        return union_box(self.box_words if self.box_words is not None else self.words)

    @property
    def conf(self) -> float:
        return sum(w.conf for w in self.words) / len(self.words) if self.words else -1.0


_BOX_NUMBER = re.compile(r"\d{1,2}[A-Za-z]?\.")


def segments(words: Sequence[Word], gap_factor: float = 2.2) -> list[list[Word]]:
    """Text lines split where a horizontal gap is much wider than a word space."""
    out: list[list[Word]] = []
    for line in group_lines(words):
        h = sorted(w.height for w in line)[len(line) // 2] or 20
        seg = [line[0]]
        for k, (prev, w) in enumerate(zip(line, line[1:], strict=False)):
            # A wide gap, or a box number ("4.", "2A.", or "4" that lost its stop before a
            # label's first word) starting the next label.
            after = line[k + 2].text if k + 2 < len(line) else ""
            number = _BOX_NUMBER.fullmatch(w.text) or (
                re.fullmatch(r"\d", w.text) and after[:1].isupper() and after[1:2].islower())
            if w.x0 - prev.x1 > gap_factor * h or (number and w.x0 - prev.x1 > 0.5 * h):
                out.append(seg)
                seg = [w]
            else:
                seg.append(w)
        out.append(seg)
    return out


# A box's number before its label as read: "1.", "2A.", "5", "4," (cf. _BOX_NUMBER, which
# splits segments and wants the stop)
_NUMBER_BEFORE_LABEL = re.compile(r"\d{1,2}[A-Za-z]?[.,]?")


@lru_cache(maxsize=65536)
def _label_score(texts: tuple[str, ...], phrase: str) -> tuple[float, int]:
    """Score of a phrase at the start of a segment (its words' texts) and how many of the
    words it covers. The same captions meet every label phrase on every page: cached."""
    # Drop a leading box number such as "1." or "2A.", or a scrap of two characters at most
    # where a fax garbled it ("tL" for "1."): tried both ways.
    start = 1 if texts and _NUMBER_BEFORE_LABEL.fullmatch(texts[0]) else 0
    starts = (start, 1) if not start and texts and len(texts[0]) <= 2 else (start,)
    if len(texts) > 2 and len(texts[0]) <= 3 and _NUMBER_BEFORE_LABEL.fullmatch(texts[1]):
        starts = (*starts, 2)  # a speck read as a scrap before the number: "coo 1 Name ..."
    ptoks = " ".join(tokens(phrase))
    n = len(phrase.split())
    best, covered = 0.0, 0
    for first in starts:
        for k in range(max(1, n - 2), min(len(texts) - first, n + 2) + 1):
            s = fuzz.ratio(" ".join(tokens(" ".join(texts[first:first + k]))), ptoks)
            if s > best:
                best, covered = s, first + k
    return best, covered


def _label_matches(words: Sequence[Word], skip: frozenset[str] = frozenset()
                   ) -> Iterator[tuple[str, float, int]]:
    """(box kind, score, words covered) of every label phrase of a box not in ``skip``, read
    at the start of ``words``."""
    texts = tuple(w.text for w in words)
    for kind, phrases in LABELS.items():
        if kind in skip:
            continue
        for phrase in phrases:
            score, covered = _label_score(texts, phrase)
            yield kind, score, covered


def find_boxes(page: PageLayout) -> dict[str, Box]:
    segs = segments(page.words)
    found: dict[str, tuple[float, list[Word]]] = {}
    for seg in segs:
        for kind, score, covered in _label_matches(seg):
            if score >= 80 and score > found.get(kind, (0.0, []))[0]:
                found[kind] = (score, seg[:covered])
    # A label torn in two by a wide gap ("5. Relationship of R" + "ing Person(s) to Issuer"):
    # two neighbouring segments of one line, read together.
    for a, b in zip(segs, segs[1:], strict=False):
        if not a or not b or abs(a[0].cy - b[0].cy) > 0.6 * max(a[0].height, 10):
            continue
        joined = list(a) + list(b)
        for kind, score, covered in _label_matches(joined, skip=frozenset(found)):
            if score >= 85 and covered > len(a) and score > found.get(kind, (0.0, []))[0]:
                found[kind] = (score, joined[:covered])
    # A label garbled further ("issaer Name and Ticwer ot Tracbon Syttitey"), level with one
    # found: the form's labels of one row stand side by side.
    levels = [(sum(w.cy for w in lw) / len(lw), min(w.height for w in lw))
              for _, lw in found.values()]
    # Led by its box's number ("j2 *yi'](7) Name ar ... Trading Syne"), less of it need be
    # read: boxes 1 and 2 are the owner and the issuer on every version of the form.
    for seg in segs:
        cy = sum(w.cy for w in seg) / len(seg)
        if not any(abs(cy - y) <= max(h, 10) for y, h in levels):
            continue
        lead = re.search(r"\d", "".join(w.text for w in seg[:2] if len(w.text) <= 3)) \
            if seg else None
        for kind, score, covered in _label_matches(seg, skip=frozenset(found)):
            numbered = lead is not None and _BOX_NUMBERS.get(kind) == lead.group(0)
            if score >= (55 if numbered else 70) and score > found.get(kind, (0.0, []))[0]:
                found[kind] = (score, seg[:covered])
    anchors = {k: v[1] for k, v in found.items()}
    # A label past reading that its box's number still leads ("6 Beanar vst Uv oF Report"),
    # level with the labels found: where the box on its left ends.
    taken = {id(w) for lw in anchors.values() for w in lw}
    heads = [seg[0] for seg in segs if len(seg) >= 3 and id(seg[0]) not in taken
             and _NUMBER_BEFORE_LABEL.fullmatch(seg[0].text)
             and any(abs(seg[0].cy - y) <= max(h, 10) for y, h in levels)]
    boxes: dict[str, Box] = {}
    full_rules = sorted(y for (y, a, b) in page.h_rules if b - a >= 0.85 * page.width)
    for kind, lw in anchors.items():
        x0 = min(w.x0 for w in lw) - 25
        y0 = min(w.y0 for w in lw) - 8
        cy = (y0 + max(w.y1 for w in lw)) / 2
        # Right edge: the first vertical rule or other label to the right at this height.
        rights = [x for (x, a, b) in page.v_rules if x > x0 + 150 and a - 10 <= cy <= b + 10]
        rights += [min(w.x0 for w in ow) - 15 for k2, ow in anchors.items() if k2 != kind
                   and min(w.x0 for w in ow) > x0 + 150
                   and abs(min(w.y0 for w in ow) - y0) < 60]
        rights += [w.x0 - 15 for w in heads if w.x0 > x0 + 150 and abs(w.y0 - y0) < 60]
        x1 = min(rights) if rights else page.width
        # Bottom: the next label below overlapping in x, or the next full-width rule.
        bottoms = [min(w.y0 for w in ow) - 5 for k2, ow in anchors.items() if k2 != kind
                   and min(w.y0 for w in ow) > y0 + 30
                   and min(w.x0 for w in ow) < x1 - 20 and max(w.x1 for w in ow) > x0 + 20]
        # Or a rule across the whole form, or where the box's left border ends. (Shorter
        # rules may be the underlines values are typed on.)
        bottoms += [y for y in full_rules if y > y0 + 40]
        # (its pieces a fax broke apart taken as one)
        border = rule_end(page, x0 + 25, cy, tol=40, max_gap=page.dpi // 3)
        if border is not None and border > y0 + 40 and (
                kind not in ("owner", "relationship") or _closed_at(page, x0 + 25, border)):
            bottoms.append(border)
        title_y = _first_table_title_y(page)
        if title_y is not None and title_y > y0:
            bottoms.append(title_y)
        y1 = min(bottoms) if bottoms else min(page.height, y0 + 400)
        if kind == "owner":
            y1 = _below_city_captions(page, x0, y0, x1, y1)
        boxes[kind] = Box(kind, x0, y0, x1, y1, lw)
    if "relationship" not in boxes and ("owner" in boxes or "issuer" in boxes):
        box = _relationship_by_options(page, segs, boxes)
        if box is not None:
            boxes["relationship"] = box
    return boxes


def _below_city_captions(page: PageLayout, x0: int, y0: int, x1: int, y1: int) -> int:
    """The owner box ends with its "(City) (State) (Zip)" captions: the bottom is taken up to
    them when a line below them (a note under the box) was taken in."""
    inside = [w for w in page.words if x0 <= w.cx <= x1 and y0 <= w.cy <= y1]
    for line in group_lines(inside):
        texts = [re.sub(r"[^a-z]", "", w.text.lower()) for w in line]
        if sum(is_caption(w) for w in line) >= 2 and _any_like(texts, ("city", "state")) and \
                not _any_like(texts, ("last", "first", "middle")):
            return min(y1, max(w.y1 for w in line) + 5)
    return y1


def _any_like(texts: Sequence[str], names: Sequence[str]) -> bool:
    return any(fuzz.ratio(t, c) >= 75 for t in texts for c in names)


def _closed_at(page: PageLayout, x: float, y: int) -> bool:
    """Whether a box's left border ending at ``y`` meets a rule there (the box's bottom edge):
    a border a fax broke off in mid-air, a long gap below it, is no bottom."""
    tol = page.dpi // 20
    return any(abs(ry - y) <= tol and a - 2 * tol <= x <= b for (ry, a, b) in page.h_rules)


def _relationship_by_options(page: PageLayout, segs: Sequence[Sequence[Word]],
                             boxes: dict[str, Box]) -> Box | None:
    """Box 5 when its label was torn apart or garbled ("5. Relationship of R" ... "ing
    Person(s) to Issuer"): found by its options instead, "Officer (give title below)" with
    "Director" just above it. The box reaches from left of the options' marks to the page's
    right and down to the next label below."""
    unmarked = [([w for w in seg if not is_mark(w)], seg[0].y0) for seg in segs if seg]

    def director_above(officer: list[Word], least: float) -> list[Word] | None:
        ox, oy = min(w.x0 for w in officer), min(w.y0 for w in officer)
        return next((words for words, seg_y0 in unmarked
                     if words and _label_score(tuple(w.text for w in words), "Director")[0]
                     >= least and 0 < oy - seg_y0 < 150
                     and abs(min(w.x0 for w in words) - ox) < 120), None)

    officer = director = None
    for least in (80, 70):
        # (a fax's "Over (give ttle Dalow?" for the officer's option scores under 80: taken
        # at 70 with the director's option, as garbled, above it)
        for words, _ in unmarked:
            if not words or _label_score(tuple(w.text for w in words),
                                         "Officer (give title below)")[0] < least:
                continue
            director = director_above(words, least)
            if least == 80 or director is not None:
                officer = words
                break
        if officer is not None:
            break
    if officer is None:
        return None
    oy = min(w.y0 for w in officer)
    top = director or officer
    x0 = min(w.x0 for w in top) - 250
    y0 = min(w.y0 for w in top) - 60
    below = [b.y0 for b in boxes.values() if b.y0 > oy + 40 and b.x0 < x0 + 600 and b.x1 > x0]
    y1 = min(below) - 5 if below else min(page.height, oy + 250)
    return Box("relationship", x0, y0, page.width, y1, [])


def _first_table_title_y(page: PageLayout) -> int | None:
    for line in group_lines(page.words):
        text = " ".join(w.text for w in line).lower()
        if "table" in text and contains_phrase(text, "derivative securities acquired", 80):
            return min(w.y0 for w in line)
    return None


def _is_label_word(w: Word, label_tokens: set[str]) -> bool:
    t = " ".join(tokens(w.text))
    if not t:
        return w.text.strip() in {"*", "**", "-", ":"}
    return t in label_tokens or any(fuzz.ratio(t, lt) >= 85 for lt in label_tokens if len(lt) > 3)


def _typed_words(line: Sequence[Word], label_tokens: set[str]) -> list[Word]:
    """The words of a line that were typed in, not printed: label words go ("(give title
    below)"), but a line mostly of its own words keeps them all, the "of" of a typed "Member
    of 13(d) group" too (only marks with no letter or digit go, "&" kept)."""
    labels = [_is_label_word(w, label_tokens) for w in line]
    if len(line) - sum(labels) > 0.6 * len(line):
        return [w for w in line if any(ch.isalnum() for ch in w.text) or w.text == "&"]
    return [w for w, label in zip(line, labels, strict=True) if not label]


def box_value_words(page: PageLayout, box: Box, extra_labels: Sequence[str] = ()) -> list[Word]:
    """Words inside a box that are not its label or printed captions."""
    inside = [w for w in page.words
              if box.x0 <= w.cx <= box.x1 and box.y0 <= w.cy <= box.y1]
    label_ids = {id(w) for w in box.label_words}
    phrases = list(LABELS[box.kind]) + list(LABEL_EXTRA) + list(extra_labels)
    label_tokens = {t for p in phrases for t in tokens(p)}
    out = []
    lines = group_lines([w for w in inside if id(w) not in label_ids])
    tail = _label_tail(box)
    for i, line in enumerate(lines):
        if i == 0 and tail:
            # The label's last words on the line the value was typed on ("Symbol Natera,
            # Inc. [NTRA]" below "2. Issuer Name and Ticker or Trading"): they go.
            k = 0
            while k < min(len(line), len(tail)) and \
                    fuzz.ratio(" ".join(tokens(line[k].text)), tail[k]) >= 85:
                k += 1
            line = line[k:] if k < len(line) else line
        texts = [w.text.lower().strip(".,:;") for w in line]
        label_like = sum(_is_label_word(w, label_tokens) for w in line)
        if label_like >= max(1, int(0.7 * len(line))) and len(line) >= 1 and \
                min(w.y0 for w in line) < box.y0 + 160:
            continue
        captions = [is_caption(w) for w in line]
        if sum(captions) >= max(1, (len(line) + 1) // 2):
            continue  # "(Last) (First) (Middle)", "(City) (State) (Zip)" however garbled
        for w, t, cap in zip(line, texts, captions, strict=True):
            if t in CAPTIONS or (cap and re.search(r"[(){}\[\]|]", w.text)):
                continue
            out.append(w)
    return out


def _label_tail(box: Box) -> list[str]:
    """The words of the box's label phrase after those read as its label (on the label's
    first line): ["symbol"] when "2. Issuer Name and Ticker or Trading" was read."""
    read = [t for w in box.label_words for t in tokens(w.text)]
    if read and re.fullmatch(r"\d{1,2}[a-z]?", read[0]):
        read = read[1:]
    best: list[str] = []
    for phrase in LABELS.get(box.kind, ()):
        ptoks = tokens(phrase)
        if len(ptoks) > len(read) and fuzz.ratio(" ".join(ptoks[:len(read)]),
                                                 " ".join(read)) >= 85:
            best = ptoks[len(read):] if not best or len(ptoks) - len(read) < len(best) else best
    return best


_CAPTION_WORDS = ("last", "first", "middle", "street", "city", "state", "zip")


def is_caption(w: Word) -> bool:
    """A printed caption under a typed value, as OCR garbles it: "{Last}", "iMiddie",
    "(Streeti"."""
    letters = re.sub(r"[^a-z]", "", w.text.lower())
    if len(letters) < 3 or re.fullmatch(r"\[[A-Z]{2,5}\]?[.,]?", w.text):
        return False  # ("[LSST]": a ticker in its brackets, however like "(Last)" it reads)
    core = letters[1:] if letters[0] in "il" and len(letters) > 4 else letters
    return any(fuzz.ratio(core, c) >= 75 or fuzz.ratio(letters, c) >= 75
               for c in _CAPTION_WORDS)


def reading(words: Sequence[Word], page: int) -> Reading:
    return Reading(join_words(words), list(words), page)


# --- owner box --------------------------------------------------------------------------------

@dataclass
class OwnerBox:
    name: Reading | None
    street1: Reading | None
    street2: Reading | None
    city: Reading | None
    state: Reading | None
    zip_code: Reading | None


US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA PR RI SC SD TN TX UT VT VA WA WV WI WY GU VI AS MP "
    "AB BC MB NB NL NS NT NU ON PE QC SK YT".split())
# What OCR reads for a letter of a code: a digit or mark of its shape ("0H" for OH)
_LETTER_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "5": "S", "8": "B", "|": "I", "$": "S",
                                    "2": "Z", "6": "G"})


def read_state(token: str) -> str | None:
    """A two-letter state or province code as OCR reads it: "ca", "CA,", "CoO", "0H"."""
    t = token.strip(".,;:'\"").upper().translate(_LETTER_LOOKALIKES)
    if t in US_STATES:
        return t
    if len(t) == 3:  # a letter read twice ("CoO" for CO) or a speck beside the code
        for i in range(3):
            cut = t[:i] + t[i + 1:]
            if cut in US_STATES and (t[i] in t[:i] + t[i + 1:] or not t[i].isalpha()):
                return cut
    return None


# A fax's 1 with its serif read as a parenthesis ("3314)" for 33141)
_ZIP_CONFUSIONS = str.maketrans({")": "1", "(": "1"})


def read_zip(token: str) -> str | None:
    """A ZIP code as OCR reads it: "02115", "O2115", "°77019", "/92113" (a speck before it),
    "3314)", "15222?" (one after it)."""
    t = token.strip(".,;:'\"`°‘’~?!/").translate(DIGIT_CONFUSIONS).translate(_ZIP_CONFUSIONS)
    return t if re.fullmatch(r"\d{5}(?:-\d{4})?", t) else None


# The USPS's three-digit ZIP prefixes of each state (first and last prefix of each range).
_ZIP_PREFIXES = (
    (10, 27, "MA"), (28, 29, "RI"), (30, 38, "NH"), (39, 49, "ME"), (50, 54, "VT"),
    (55, 55, "MA"), (56, 59, "VT"), (60, 69, "CT"), (70, 89, "NJ"), (100, 149, "NY"),
    (150, 196, "PA"), (197, 199, "DE"), (200, 205, "DC"), (206, 219, "MD"), (220, 246, "VA"),
    (247, 268, "WV"), (270, 289, "NC"), (290, 299, "SC"), (300, 319, "GA"), (320, 349, "FL"),
    (350, 369, "AL"), (370, 385, "TN"), (386, 397, "MS"), (398, 399, "GA"), (400, 427, "KY"),
    (430, 459, "OH"), (460, 479, "IN"), (480, 499, "MI"), (500, 528, "IA"), (530, 549, "WI"),
    (550, 567, "MN"), (570, 577, "SD"), (580, 588, "ND"), (590, 599, "MT"), (600, 629, "IL"),
    (630, 658, "MO"), (660, 679, "KS"), (680, 693, "NE"), (700, 714, "LA"), (716, 729, "AR"),
    (730, 749, "OK"), (750, 799, "TX"), (800, 816, "CO"), (820, 831, "WY"), (832, 838, "ID"),
    (840, 847, "UT"), (850, 865, "AZ"), (870, 884, "NM"), (885, 885, "TX"), (889, 898, "NV"),
    (900, 961, "CA"), (967, 968, "HI"), (970, 979, "OR"), (980, 994, "WA"), (995, 999, "AK"))


def state_of_zip(zip_code: str) -> str | None:
    """The state a US ZIP code belongs to, from its first three digits."""
    if not re.fullmatch(r"\d{5}(-\d{4})?", zip_code):
        return None
    prefix = int(zip_code[:3])
    return next((st for lo, hi, st in _ZIP_PREFIXES if lo <= prefix <= hi), None)


# EDGAR's codes of Canadian provinces and of other countries (the ownership XML technical
# specification, appendix A), written in an owner's state field for an address abroad.
FOREIGN_CODES = frozenset("""
    1A 1B 1C 1D 1E 1F 1G 1H 1J 1K 1L 1M 1N 1P 1Q 1R 1S 1T 1U 1V 1W 1X 1Y 1Z 2A 2B 2C 2D 2E
    2G 2H 2J 2K 2L 2M 2N 2P 2Q A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 B0 B1 B2 B3 B4 B5 B6 B7 B8 B9 C0
    C1 C3 C4 C5 C6 C7 C8 C9 D0 D1 D2 D3 D4 D5 D6 D7 D8 D9 E0 E1 E2 E3 E4 E8 E9 F0 F1 F2 F3 F4
    F5 F6 F7 F8 F9 G0 G1 G2 G3 G4 G6 G7 G8 G9 H1 H2 H3 H4 H5 H6 H7 H8 H9 I0 I3 I4 I5 I6 J0 J1
    J2 J3 J4 J5 J6 J8 J9 K0 K1 K2 K3 K4 K5 K6 K7 K8 K9 L0 L2 L3 L6 L7 L8 L9 M0 M2 M3 M4 M5 M6
    M7 M8 M9 N0 N1 N2 N4 N5 N6 N7 N8 N9 O0 O1 O2 O3 O4 O5 O9 P0 P1 P2 P3 P4 P5 P6 P7 P8 Q1 Q2
    Q3 Q4 Q5 Q6 Q7 Q8 R0 R1 R2 R4 R5 R6 R8 R9 S0 S1 S3 S4 S5 S6 S8 S9 T0 T1 T2 T3 T6 T7 T8 U0
    U1 U3 U5 U7 U8 U9 V0 V1 V2 V3 V6 V7 V8 V9 W0 W1 W2 W3 W4 W5 W6 W7 W8 W9 X0 X1 X2 X3 X4 X5
    X8 XX Y0 Y3 Y4 Y5 Y6 Y7 Y8 Y9 Z0 Z1 Z2 Z3 Z4 Z5""".split())
# What OCR reads for a code's digit: "XO" for X0, "Al" for A1
_CODE_DIGIT = str.maketrans({"O": "0", "D": "0", "Q": "0", "I": "1", "L": "1", "|": "1",
                             "Z": "2", "S": "5", "G": "6", "B": "8"})


def read_foreign_code(token: str) -> str | None:
    """EDGAR's code of a country or a Canadian province as OCR reads it: "X0", "XO", "Al"."""
    t = token.strip(".,;:'\"").upper()
    if len(t) != 2:
        return None
    for code in (t, t[0] + t[1].translate(_CODE_DIGIT), t[0].translate(_CODE_DIGIT) + t[1]):
        if code in FOREIGN_CODES:
            return code
    return None


_UK_POSTCODE = re.compile(r"[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}")
_CANADIAN_POSTCODE = re.compile(r"[A-Z]\d[A-Z] \d[A-Z]\d")
_DUTCH_POSTCODE = re.compile(r"\d{4} [A-Z]{2}")
# One word with three digits or more: "105-7537", "048926", "KY1-9008", "75008", "8001"
_ONE_WORD_POSTCODE = re.compile(r"(?=(?:[A-Z-]*\d){3})[A-Z\d]{1,6}(?:-[A-Z\d]{2,5})?")


def read_postal_code(words: Sequence[str]) -> str | None:
    """A postal code outside the US as OCR reads it, in one word or two ("105-7537",
    "KY1-9008", "W1K 3JP", "V6E 2K3", "1017 XA"). The British and Canadian forms are mended
    place by place, a letter where the form has a letter and a digit where it has a digit
    ("JE1 OBD": JE1 0BD; "V5Y OA1": V5Y 0A1)."""
    parts = [w.strip(".,;:'\"").upper() for w in words]
    if len(parts) == 1:
        t = parts[0]
        if sum(ch.isdigit() for ch in t) >= 2 and re.fullmatch(r"[\dOIl-]+", words[0].strip(
                ".,;:'\"")):
            t = t.translate(_CODE_DIGIT)  # "O48926"
        return t if len(t) >= 4 and _ONE_WORD_POSTCODE.fullmatch(t) else None
    if len(parts) != 2 or not all(parts):
        return None
    a, b = parts
    digit, letter = (lambda ch: ch.translate(_CODE_DIGIT)), (lambda ch: ch.translate(_LETTER_LOOKALIKES))
    if len(a) == len(b) == 3:
        ca = f"{letter(a[0])}{digit(a[1])}{letter(a[2])} {digit(b[0])}{letter(b[1])}{digit(b[2])}"
        if _CANADIAN_POSTCODE.fullmatch(ca):
            return ca
    inward = digit(b[:1]) + "".join(letter(ch) for ch in b[1:])
    for outward in (a, a[:1] + digit(a[1:2]) + a[2:], a[:2] + digit(a[2:3]) + a[3:]):
        if _UK_POSTCODE.fullmatch(f"{outward} {inward}"):
            return f"{outward} {inward}"
    dutch = f"{a.translate(_CODE_DIGIT)} {b}"
    return dutch if _DUTCH_POSTCODE.fullmatch(dutch) else None


def _city_code_postcode(line: Sequence[Word], exact: bool
                        ) -> tuple[int, str, str, list[Word]] | None:
    """(index of the code's word, code, postal code, its words) when the line reads
    "CITY[,] X0 W1K 3JP", an address abroad as EDGAR writes it. ``exact``: only a code read
    as printed, that is no US state's ("PARIS I0 75008"); else a code read with a letter for
    its digit too ("LONDON, XO W1K 3JP"), unless it is a US state before a US ZIP code."""
    for k in range(len(line) - 2, max(0, len(line) - 4), -1):
        token = line[k].text.strip(".,;:'\"").upper()
        code = read_foreign_code(token)
        if code is None or exact and (code != token or token in US_STATES):
            continue
        after = list(line[k + 1:])
        postal = read_postal_code([w.text for w in after])
        if postal is None or read_state(token) is not None and read_zip(after[0].text):
            continue
        return k, code, postal, after
    return None


def _city_state_zip(line: Sequence[Word]) -> tuple[int, str, str, list[Word]] | None:
    """(index of the state word, state, ZIP, the ZIP's words) when the line reads
    "CITY[,] ST 12345" (words after the ZIP code are specks and go), or an address abroad
    "CITY[,] X0 W1K 3JP" in EDGAR's country codes. A speck between state and ZIP
    ("OH - 43252") is passed over; a two-letter state OCR garbled ("Cr 06815") is the ZIP
    code's state."""
    abroad = _city_code_postcode(line, exact=True)
    if abroad is not None:
        return abroad
    for i in range(len(line) - 1, 0, -1):
        z = read_zip(line[i].text)
        if z is None:
            continue
        k = i - 1
        if not any(ch.isalnum() for ch in line[k].text) and k >= 2:
            k -= 1
        st = read_state(line[k].text)
        zip_state = state_of_zip(z) if st is None and k >= 1 else None  # a city before it
        if zip_state and _garbled_state(line[k].text, zip_state, k == i - 1):
            st = zip_state
        by_zip = state_of_zip(z)
        if st is not None and by_zip is not None and by_zip != st and \
                sum(a != b for a, b in zip(st, by_zip, strict=False)) == 1:
            st = by_zip  # a letter misread into another state's code ("IN" by 37220: TN)
        if st is not None:
            return k, st, z, [line[i]]
    return _city_code_postcode(line, exact=False)


def is_city_line(line: Sequence[Word]) -> bool:
    """Whether a line reads "CITY[,] ST 12345", the line an address ends with."""
    return _city_state_zip(line) is not None


def _garbled_state(token: str, state: str, next_to_zip: bool) -> bool:
    """Whether a word before a ZIP code is its state (from the ZIP) as a fax garbled it: two
    letters ("Cr"); or, just before the ZIP, up to three marks with a letter, that are not a
    word in capitals ("itt" for IL, "tr]" for FL) or hold the state's letters ("TMN")."""
    if len(token.strip(".,")) == 2 and token[:1].isalpha():
        return True
    core = token.strip(".,;:'\"[](){}|")
    if not next_to_zip or not 1 <= len(core) <= 3 or not any(ch.isalpha() for ch in core):
        return False
    if not (core.isalpha() and core.isupper()) or len(core) == 1:
        return True  # (one letter is no word of a city: "SALT LAKE CITY I 84159")
    return bool(re.search(".*".join(state), core))


def _city_state_without_zip(lines: Sequence[Sequence[Word]]
                            ) -> tuple[list[Word], Word, str, list[Word]] | None:
    """The city line when its ZIP code was lost or torn ("PORTLAND OR", "DENVER co 802 95",
    "PRINCETON NJ 08"): the last of two lines or more, standing apart below the street (the
    "(Street)" caption's gap), with a state code after the city and only digits after it.
    Returns the city's words, the state's word, the state and the ZIP code's pieces."""
    if len(lines) < 2 or len(lines[-1]) < 2:
        return None
    line, above = lines[-1], lines[-2]
    height = sorted(w.height for w in line)[len(line) // 2]
    top = sorted(w.y0 for w in line)[len(line) // 2]
    if top - sorted(w.y1 for w in above)[len(above) // 2] < height:
        return None
    for j in range(len(line) - 1, 0, -1):
        tail = line[j + 1:]
        # Specks or a ZIP code garbled past reading may end the line: "CA 9402 rae",
        # "CA yap oy", "PA 1§2>? 4" (three short scraps at most; the ZIP code is read from
        # the digits before any scrap).
        # (a run of six digits: a ZIP code read a digit long, "CA 941429", which is none)
        digits = list(itertools.takewhile(lambda w: re.fullmatch(r"\d{1,6}", w.text), tail))
        scraps = tail[len(digits):]
        state = read_state(line[j].text)
        if state and len(scraps) <= 3 and all(len(w.text) <= 5 for w in scraps) \
                and all(re.fullmatch(r"[A-Za-z.'\-]+,?", w.text) for w in line[:j]):
            return list(line[:j]), line[j], state, digits
    return None


_EDGE_BARS = frozenset({"I", "|", "l", "[", "]", "!"})


def without_edge_bars(lines: Sequence[Sequence[Word]]) -> list[list[Word]]:
    """A box's lines without the bars standing left of where the lines start: the box's
    edge read as a letter ("I C/O AURORA", "I Hoffman Reid"). Lines left empty go."""
    starts = sorted(ln[0].x0 for ln in lines if ln and ln[0].text not in _EDGE_BARS)
    if not starts:
        return [list(ln) for ln in lines if ln]
    left = starts[len(starts) // 2]
    out = []
    for ln in lines:
        kept = list(ln)
        while kept and kept[0].text in _EDGE_BARS and kept[0].x1 < left - 5:
            kept = kept[1:]
        if kept:
            out.append(kept)
    return out


def _ends_address(line: Sequence[Word]) -> bool:
    """A line that reads as an address's last: "CITY ST 12345", or a state after a city with
    nothing but digits after it ("SAN FRANCISCO CA 941429": a ZIP code read a digit long)."""
    if is_city_line(line):
        return True
    return any(read_state(line[j].text) is not None and
               all(re.fullmatch(r"\d{1,6}", w.text) for w in line[j + 1:])
               for j in range(1, len(line)))


# The marks a caption's brackets and specks are read as ("{cave", "‘State!", "Wp)")
_DEBRIS_MARKS = re.compile(r"[(){}\[\]!|‘’'`]")


def _debris_word(w: Word) -> bool:
    """A word of a printed caption's debris or a speck: no digit, and in lower case, marks
    only, bracketed or caption-like ("{cave", "‘State!", "Wp)", "eee")."""
    t = w.text
    if any(ch.isdigit() for ch in t):
        return False
    if not any(ch.isalnum() for ch in t) or t[0].islower():
        return True
    return bool(_DEBRIS_MARKS.search(t)) or is_caption(w)


def _without_caption_debris(lines: list[list[Word]]) -> list[list[Word]]:
    """The address's lines without those below its last line that hold nothing but the
    "(City) (State) (Zip)" caption's debris and specks (a fax's: "{cave ‘State! Wp) er eee"
    under "PITTSBURGH PA 15222")."""
    for k in range(len(lines) - 2, max(-1, len(lines) - 5), -1):
        if _ends_address(lines[k]) and \
                all(_debris_word(w) for ln in lines[k + 1:] for w in ln):
            return lines[:k + 1]
    return lines


def _city_text(words: Sequence[Word]) -> str:
    """The city without the comma before the state; a city filed with a comma of its own
    ("WILMINGTON,") reads with two ("WILMINGTON,, DE") and keeps one."""
    text = " ".join(w.text for w in words)
    return text[:-1].strip() if text.endswith(",,") else text.rstrip(",").strip()


def _zip_words_mended(line: list[Word]) -> list[Word]:
    """A city line's state and ZIP code as a scan tears or joins them: "PA-15269" (a dash
    read between them) is two words, "CO 802 98" (a gap read inside the ZIP) one ZIP."""
    out: list[Word] = []
    for w in line:
        m = re.fullmatch(r"([A-Z]{2})[-–~.]+(\d{5}(?:-\d{4})?)", w.text)
        if m and m.group(1) in US_STATES:
            cut = w.x0 + (w.x1 - w.x0) * 2 // len(w.text)
            out += [Word(m.group(1), w.conf, w.x0, w.y0, cut, w.y1, w.line_key),
                    Word(m.group(2), w.conf, cut + 1, w.y0, w.x1, w.y1, w.line_key)]
        else:
            out.append(w)
    if len(out) >= 3 and re.fullmatch(r"\d{1,4}", out[-1].text) and \
            re.fullmatch(r"\d{1,4}", out[-2].text) and \
            len(out[-2].text) + len(out[-1].text) == 5 and read_state(out[-3].text):
        a, b = out[-2], out[-1]
        out[-2:] = [Word(a.text + b.text, min(a.conf, b.conf), a.x0, min(a.y0, b.y0), b.x1,
                         max(a.y1, b.y1), a.line_key)]
    return out


def split_address(lines: Sequence[Sequence[Word]], page: int,
                  comma_city: bool = False) -> dict[str, Reading | None]:
    """Address lines -> street1, street2, city, state, zip_code. The line that reads
    'CITY[,] ST 12345' (the last, or the one before a last line of specks) gives the city,
    state and ZIP code; the lines above it are the street."""
    out: dict[str, Reading | None] = {k: None for k in ("street1", "street2", "city", "state",
                                                        "zip_code")}
    # A line of nothing but short lower-case scraps is noise between the lines ("ee oon").
    rest = [list(ln) for ln in without_edge_bars(lines)
            if not all(re.fullmatch(r"[a-z]{1,3}", w.text) for w in ln)]
    # ... and one that holds the "(Street)" caption's debris ("iSvee) I")
    rest = [ln for i, ln in enumerate(rest)
            if i == 0 or i == len(rest) - 1 or not _caption_debris(ln, ("street",))]
    while rest and all(sum(ch.isalnum() for ch in w.text) <= 1 for w in rest[-1]):
        rest.pop()  # a speck line at the bottom (the '*' of the note under the box)
    rest = [_zip_words_mended(ln) for ln in _without_caption_debris(rest)]
    for k in range(len(rest) - 1, max(-1, len(rest) - 3), -1):
        found = _city_state_zip(rest[k])
        if found is None:
            continue
        si, st, z, zip_words = found
        line = rest[k]
        city_words = list(line[:si])
        while city_words and city_words[0].text in ("I", "|", "l", "1"):
            city_words = city_words[1:]  # a bar of the box's edge read before the city
        after = rest[k + 1] if k + 1 < len(rest) else []
        if city_words and after and len(after) <= 2 and \
                all(w.text.isalpha() and len(w.text) >= 3 and
                    w.text.isupper() == city_words[0].text.isupper() for w in after) and \
                abs(after[0].x0 - city_words[0].x0) <= 30:
            city_words += after  # "SOUTH SAN  CA 94080" / "FRANCISCO": the city wraps
        if city_words:
            city = reading(city_words, page)
            city.text = _city_text(city_words)
            out["city"] = city
        out["state"] = Reading(st, [line[si]], page)
        out["zip_code"] = Reading(z, zip_words, page)
        rest = rest[:k]
        break
    else:
        city_line = _city_state_without_zip(rest)
        if city_line is not None:
            city_words, state_word, state, zip_words = city_line
            out["city"] = reading(city_words, page)
            out["city"].text = _city_text(city_words)
            out["state"] = Reading(state, [state_word], page)
            zip_code = read_zip("".join(w.text for w in zip_words)) if zip_words else None
            if zip_code:
                out["zip_code"] = Reading(zip_code, zip_words, page)
            rest = rest[:-1]
    following = [w for line in rest[1:] for w in line]
    if len(following) > 1 and following[1].text[:1].isdigit() and \
            re.fullmatch(r"(?:INC|LLC|CORP|LTD|CO|L\.P|LP)\.?,?", following[0].text):
        # "C/O STONEBRIDGE DIAGNOSTICS HOLDINGS," / "INC." / "3987 ELM AVENUE": the care-of
        # line's last word wrapped below it
        rest = [rest[0] + rest[1][:1]] + [ln for ln in [rest[1][1:]] + rest[2:] if ln]
    if rest:
        out["street1"] = reading(rest[0], page)
    if len(rest) > 1:
        out["street2"] = reading([w for line in rest[1:] for w in line], page)
    return out


# Printed above box 1 on the paper forms; a box found a little high takes it in.
_PRINTED_ABOVE_OWNER = ("print or type responses",)


def _printed_line(line: Sequence[Word]) -> bool:
    text = " ".join(t for w in line for t in tokens(w.text))
    return len(text) >= 10 and any(fuzz.ratio(text, p) >= 80 for p in _PRINTED_ABOVE_OWNER)


_NAME_CAPTIONS = ("lastfirstmiddle", "firstmiddle", "lastfirst")


def _caption_debris(line: Sequence[Word], captions: Sequence[str]) -> bool:
    """A line of a printed caption, garbled past the caption test word by word ("(Fest)
    (Micdie)", "ASD (Fest) (Midate;", "iuasts s Moditiel" for "(Last) (First) (Middle)"):
    no digit, bracketed or mostly debris words, and its letters still like the caption's."""
    if not line or any(ch.isdigit() for w in line for ch in w.text):
        return False
    # (a word like a caption's does not count here: "c/o First Mid Bank" is typed)
    debris = sum(sum(ch.isalnum() for ch in w.text) <= 1 or w.text[0].islower() or
                 bool(_DEBRIS_MARKS.search(w.text)) for w in line)
    bracketed = any(re.search(r"[(){}\[\]]", w.text) for w in line)
    if not bracketed and 2 * debris < len(line) or debris == 0:
        return False
    letters = re.sub(r"[^a-z]", "", " ".join(w.text for w in line).lower())
    return max(fuzz.ratio(letters, c) for c in captions) >= 45


def read_owner_box(page: PageLayout, box: Box) -> OwnerBox:
    words = box_value_words(page, box)
    lines = [line for line in without_edge_bars(group_lines(words)) if not _printed_line(line)]
    n = page.number
    if not lines:
        return OwnerBox(None, None, None, None, None, None)
    if len(lines) >= 3 and _caption_debris(lines[1], _NAME_CAPTIONS):
        lines = lines[:1] + lines[2:]
    name = reading(lines[0], n)
    a = split_address(lines[1:], n)
    return OwnerBox(name, a["street1"], a["street2"], a["city"], a["state"], a["zip_code"])


# --- issuer box -----------------------------------------------------------------------------


_SUFFIXES_BEFORE_SYMBOL = ("Inc.", "Co.", "Corp.", "Ltd.", "plc", "LLC", "N.V.", "S.A.", "L.P.",
                           "Corp", "Inc", "Ltd")


def read_issuer_box(page: PageLayout, box: Box) -> tuple[Reading | None, Reading | None]:
    words = box_value_words(page, box)
    # A bar against the box's left border is the border ("I Fairhaven Robotics, Inc."); the
    # typed name starts further in.
    words = [w for w in words if not (w.text in _EDGE_BARS and w.x0 <= box.x0 + 30 * page.dpi
                                      // 300)]
    if not words:
        return None, None
    # specks after the symbol (a stop only when it stands apart: "Co." keeps its own)
    text = re.sub(r"[,;:'\"\-_~*\s]+$", "", re.sub(r"\s+[.,;:'\"\-_~*]+$", "",
                                                   join_words(words)))
    text = re.sub(r"^[\s'\"`*_~|]+", "", text)  # and before the name ('"Saltmarsh ...')
    text = re.sub(r"^[I|l1]\s+(?=[A-Z]{2,}\b|[A-Z][a-z]+\b)", "", text)  # the box's rule as "I"
    # box 3's label run on after the symbol ("Inc. JOBY 3 3 Date of Earliest Transaction")
    text = re.sub(r"\s+(?:\d\s+)?\d\.?\s+Date of\b.*$", "", text)
    # scraps after a symbol whose closing bracket was read as a letter ("Corp WSO I a",
    # "ple I HBCT 1 4"); an I of it read as "!" ("Co. FLUC! ]")
    text = re.sub(r"(\b[A-Z]{2,5}(?:\s+[I|l1\]J])?)(?:\s+(?:[a-z]{1,2}|\d))+$", r"\1", text)
    text = re.sub(r"(?<=[A-Z]{2})!(?=\s*[\]})]?$)", "I", text)
    # a scrap after the symbol, its closing bracket lost ("Inc. [ EHB as"); an I of the
    # symbol read as "!" ("(QP!)")
    text = re.sub(r"([\[({]\s*[A-Z]{1,5})\s+[a-z]{1,3}$", r"\1", text)
    text = re.sub(r"([\[({][A-Z]{1,4})!(?=[\]})]?\s*$)", r"\1I", text)
    n = page.number
    # The symbol in brackets, however the closing one was read ("]", "I", " J", "4}"); a
    # speck after the opening one ("[,HBR") or before the closing one ("[ TRIR,]"); a space
    # read inside it ("(BDE D)").
    m = re.search(r"[\[({][\s,.'\"]*([A-Za-z0-9.\-'’]{1,10}(?: [A-Z]{1,3})??)\s*[,;:'\"]?\s*"
                  r"(?:[\]})|Il1]|(?<=\s)J|\d?\})?\s*$", text) or re.search(
        r"[\[({]\s*([A-Za-z0-9.\-]{1,10})\s*[\]})|]", text) or re.search(
        # the opening bracket read as a letter: "Ltd. I SSSF ]", "Holding Co. I ME", "Inc. I
        # GOOG I"
        r"\s[I|l1]\s*([A-Z0-9.\-]{1,6})\s*(?:[\]})|]|(?<=\s)[IlJ1]|\d?\})\s*$", text) or re.search(
        # ... or as a bar against the name: "MICROSOFT CORP| MSFT ]"
        r"(?<=[A-Za-z.,])\|\s*([A-Z0-9.\-]{1,6})\s*[\]})|]\s*$", text) or re.search(
        # the opening bracket lost: "Inc. GPSC ]", and the closing one read as I: "Inc. AUR I"
        r"(?<=[a-z.])\s+([A-Z0-9.\-]{1,6})\s*(?:[\]})]|\s[I|l1J])\s*$", text) or re.search(
        # ... after a name in capitals, before a real closing bracket: "BANCORP INC EVBN ]"
        r"(?<=[A-Z.])\s+(?!(?:INC|CORP|CO|LTD|PLC|LLC|LP|TRUST|GROUP)\b)([A-Z0-9.\-]{1,6})"
        r"\s*[\]}]\s*$", text) or re.search(
        # ... after a company's suffix in capitals, both brackets lost: "MOTORS INC TSLA I"
        r"(?:(?<=\bINC)|(?<=\bINC\.)|(?<=\bCORP)|(?<=\bLTD)|(?<=\bPLC)|(?<=\bLLC))"
        r"\s+([A-Z]{1,5})\s*(?:[\]})|]|\s[Il1J])?\s*$", text) or re.search(
        # "Financial ple I WFFO": the bracket read as I, the closing one lost
        r"(?<=[a-z.])\s+[I|l]\s+([A-Z]{2,5})\s*$", text)
    if not m:
        after = re.search(r"\s+[I|l1\[]\s*([A-Z]{1,5})?\s*$", text)
        if after and text[:after.start()].endswith(_SUFFIXES_BEFORE_SYMBOL):
            if after.group(1):
                m = after  # the closing bracket lost as well
            else:  # "Block, Inc. I": the symbol lost, its "[" read as I
                name = Reading(fix_company_suffix(text[:after.start()]), words[:-1], page.number)
                return name, None
    if not m and re.search(r"[a-z]", text):
        # Brackets lost: a mixed-case name followed by one all-capitals token.
        m = re.search(r"\s([A-Z]{1,5})\s*[|]?\s*$", text)
    if m:
        pieces = re.sub(r"['’]", "", m.group(1)).split()
        sym = "".join(pieces)
        sym_words = [w for w in words if any(p in w.text.strip("[]() ") for p in pieces)]
        name_words = [w for w in words if w not in sym_words and w.text.strip() not in "[](){}"
                      and not w.text.startswith(("[", "{"))]
        name_text = fix_company_suffix(text[: m.start()].strip())
        name = Reading(name_text, name_words, n)
        return name, Reading(ticker_letters(sym.upper()), sym_words, n)  # symbols are capitals
    r = reading(words, n)
    r.text = fix_company_suffix(text)
    return r, None


_TICKER_DIGITS = str.maketrans({"1": "I", "0": "O", "5": "S", "8": "B", "6": "G"})


def ticker_letters(symbol: str) -> str:
    """A ticker's digits are letters misread (12 of the 36,075 symbols of the SEC's 2024Q3
    data sets hold a digit, none a real one): "NNW1I" (an I read twice) -> "NNWI", "5LOI" ->
    "SLOI". A symbol of digits alone stays as read."""
    if not re.search(r"[A-Z]", symbol) or not re.search(r"\d", symbol):
        return symbol
    return re.sub(r"1I|I1", "I", symbol).translate(_TICKER_DIGITS)


_SUFFIXES = ("Inc.", "Corp.", "Corporation", "Company", "plc", "Ltd.", "Limited", "LLC", "L.P.",
             "Co.", "N.V.", "S.A.", "AG", "Holdings", "Group", "Trust", "Bancorp")


def fix_company_suffix(name: str) -> str:
    """'Westbrook Financial ple' -> 'Westbrook Financial plc': the last word mended when it is
    one letter off a corporate suffix, after the slips :func:`mend_issuer_name` mends."""
    name, _ = mend_issuer_name(name)
    parts = name.rsplit(" ", 1)
    if len(parts) != 2 or len(parts[1]) < 3:
        return name
    last = parts[1]
    if last in _SUFFIXES:
        return name
    for suffix in _SUFFIXES:
        if len(suffix) >= 3 and len(last) == len(suffix) and last.lower() != suffix.lower() \
                and sum(a != b for a, b in zip(last.lower(), suffix.lower(), strict=True)) == 1:
            return f"{parts[0]} {suffix}"
    return name


# --- checkboxes -----------------------------------------------------------------------------

RELATIONSHIP_OPTIONS = {
    "is_director": ("Director",),
    "is_ten_percent_owner": ("10% Owner",),
    "is_officer": ("Officer (give title below)", "Officer"),
    "is_other": ("Other (specify below)", "Other"),
}
# (a fax adds specks before or after it: "-X", "xX:", "X=")
_MARK = re.compile(r"^[\[(_|\-~]*(?:[XxK×✓✔]{1,2}|><|>\()[\])_.,|:;=~\-]*$")


# "Director" as a fax garbles its first letters ("Onector", "Ovwector", "pwector", "Orrector"):
# no other word of the relationship box ends in "ector".
_FAX_DIRECTOR = re.compile(r"[a-z0-9]{1,3}ector")


def is_mark(w: Word) -> bool:
    return bool(_MARK.match(w.text.strip()))


_CROSS_KEY = (-1, 0, 0)  # the line key of a mark seen by its shape, not read


def cross_marks(page: PageLayout) -> list[Word]:
    """The page's cross-shaped ink that no OCR reading made out (``PageLayout.crosses``), of
    a mark's size, as words "X" of no confidence. Taken only where a mark belongs and no
    mark was read."""
    scale = page.dpi / 300.0
    return [Word("X", 0.0, x0, y0, x1, y1, _CROSS_KEY) for (x0, y0, x1, y1) in page.crosses
            if 20 * scale <= y1 - y0 <= 50 * scale]


def seen_by_shape(r: Reading | None) -> bool:
    """Whether a mark was taken from the shape of its ink, not from a reading."""
    return bool(r and r.words and all(w.line_key == _CROSS_KEY for w in r.words))


def is_mark_text(text: str) -> bool:
    return bool(_MARK.match(text.strip()))


_MARK_AND_SPECK = re.compile(r"[Xx][A-Za-z]")  # "XE": a checkbox's X with a speck beside it


def _box_mark(w: Word) -> bool:
    return is_mark(w) or bool(_MARK_AND_SPECK.fullmatch(w.text))


def _beside(m: Word, ax0: float, ay: float, h: float, reach: float = 8.0,
            rise: float = 0.9) -> bool:
    """Whether a mark sits where the box of an option labelled from ``ax0`` would be: ending
    before the label, less than ``reach`` letter heights from it, and less than ``rise`` of
    one above or below its line."""
    return m.x1 <= ax0 + 5 and ax0 - m.x1 < reach * h and abs(m.cy - ay) < rise * h


@dataclass
class Relationship:
    flags: dict[str, tuple[bool, Reading | None]]
    officer_title: Reading | None
    other_text: Reading | None


def read_relationship(page: PageLayout, box: Box) -> Relationship:
    inside = [w for w in page.words if box.x0 <= w.cx <= box.x1 and box.y0 <= w.cy <= box.y1]
    n = page.number
    anchors: dict[str, list[Word]] = {}
    for seg in segments(inside, gap_factor=1.8):
        # (a speck before the mark read as a scrap, "4 X Director", is no part of the label)
        label = [w for w in seg if not _box_mark(w)]
        while len(label) > 1 and len(label[0].text) <= 2 and \
                not any(ch.isalpha() for ch in label[0].text):
            label = label[1:]
        for key, phrases in RELATIONSHIP_OPTIONS.items():
            for phrase in phrases:
                ptok = tokens(phrase)
                stoks = tokens(" ".join(w.text for w in label))
                if not stoks:
                    continue
                s = fuzz.ratio(" ".join(stoks[: len(ptok)]), " ".join(ptok))
                if key == "is_director" and _FAX_DIRECTOR.fullmatch(stoks[0]):
                    s = 100.0
                if s >= 80 and key not in anchors:
                    anchors[key] = label
    marks = [w for w in inside if _box_mark(w)]
    crosses = [w for w in cross_marks(page)
               if box.x0 <= w.cx <= box.x1 and box.y0 <= w.cy <= box.y1]
    flags: dict[str, tuple[bool, Reading | None]] = {
        key: (False, Reading("", [], n)) for key in anchors}
    # Each mark goes to the option whose label it sits level with (the nearest, not the
    # first: a speck can stretch "Director" down to the X of the officer's box below it);
    # a cross seen by its shape only to an option no read mark went to.
    heights = sorted(w.height for aw in anchors.values() for w in aw)
    letter = heights[len(heights) // 2] if heights else 28
    for pool in (marks, crosses):
        pairs = []
        for key, aw in anchors.items():
            if flags[key][0]:
                continue
            ax0 = min(w.x0 for w in aw)
            ay = (min(w.y0 for w in aw) + max(w.y1 for w in aw)) / 2
            h = max(w.height for w in aw)
            level = sorted(w.cy for w in aw)[len(aw) // 2]
            # how far the mark sits before the label, and above or below its line
            pairs += [((ax0 - m.x1) / letter + 2 * abs(m.cy - level) / letter, key, m)
                      for m in pool if _beside(m, ax0, ay, h)]
        used: set[int] = set()
        for _cost, key, m in sorted(pairs, key=lambda p: p[0]):
            if not flags[key][0] and id(m) not in used:
                used.add(id(m))
                flags[key] = (True, Reading(m.text, [m], n))
    # Officer title / other text: lines below the options that are not option labels.
    option_ids = {id(w) for aw in anchors.values() for w in aw} | {id(m) for m in marks}
    label_tokens = {t for p in list(LABELS["relationship"]) + ["(Check all applicable)",
                                                                "below)", "(give title",
                                                                "(specify"] for t in tokens(p)}
    lowest_anchor = max((max(w.y1 for w in aw) for aw in anchors.values()), default=box.y0)
    below = [w for w in inside if id(w) not in option_ids and w.cy > lowest_anchor - 5]
    lines = group_lines(below)
    ends = [k for k, line in enumerate(lines) if _box6_label(line)]
    free = [w for line in lines[:ends[0] if ends else None]
            for w in _typed_words(line, label_tokens)]
    officer_title = other_text = None
    if free:
        other_x = min((w.x0 for w in anchors.get("is_other", [])), default=None)
        is_officer = flags.get("is_officer", (False, None))[0]
        if other_x is not None and flags.get("is_other", (False, None))[0] and not is_officer:
            # Only "Other" is checked: all the text below is its ("Member of 13(d) group",
            # typed from under the officer's label on).
            o_words, t_words = free, []
        elif other_x is not None and flags.get("is_other", (False, None))[0]:
            o_words = [w for w in free if w.cx >= other_x - 40]
            t_words = [w for w in free if w.cx < other_x - 40]
        else:
            o_words, t_words = [], free
        if t_words and flags.get("is_officer", (False, None))[0]:
            officer_title = reading(t_words, n)
        elif t_words and not o_words and flags.get("is_other", (False, None))[0]:
            o_words = t_words
        if o_words:
            other_text = reading(o_words, n)
    return Relationship(flags, officer_title, other_text)


def _box6_label(line: Sequence[Word]) -> bool:
    """Box 6's label ("6. Individual or Joint/Group Filing (Check Applicable Line)"; box 7's
    on the pre-2002 form) however garbled, where box 5 runs on into it (its own label lost): a
    "6" heading a line of words, or the label's words."""
    if len(line) >= 3 and re.fullmatch(r"[\[(|{]?6[.,:]?", line[0].text):
        return True
    text = " ".join(w.text for w in line)
    return any(contains_phrase(text, p) for p in ("joint/group filing", "check applicable line"))


def checkbox_near(page: PageLayout, phrase: str, *, max_dx: float = 10.0) -> tuple[bool, Reading]:
    """A mark to the left of (or just above) a printed phrase, e.g. the Section 16 box."""
    ptok = " ".join(tokens(phrase))
    best: tuple[float, list[Word]] = (0.0, [])
    for seg in segments(page.words):
        stoks = " ".join(tokens(" ".join(w.text for w in seg if not is_mark(w))))
        s = fuzz.partial_ratio(ptok, stoks) if len(stoks) >= 0.75 * len(ptok) else 0.0
        if s > best[0]:
            best = (s, seg)
    if best[0] < 85:
        return False, Reading("", [], page.number)
    seg = [w for w in best[1] if not is_mark(w)]
    ax0 = min(w.x0 for w in seg)
    h = max(w.height for w in seg)
    ay = sum(w.cy for w in seg) / len(seg)
    marks = [w for w in page.words if is_mark(w) and _beside(w, ax0, ay, h, max_dx, 2.5)] or \
        [w for w in cross_marks(page) if _beside(w, ax0, ay, h, max_dx, 2.5)]
    if marks:
        return True, Reading(marks[0].text, marks[:1], page.number)
    return False, Reading("", [], page.number)


# --- footnotes, remarks, signatures ---------------------------------------------------------

# A note's number: "1.", "(1)", "[1]"; a speck read as a quote before it ("“(1)").
# "1.", "(1)", "1)", and as OCR garbles them: "2 )" (a space before the bracket), "15:" (the
# stop read as a colon), "€3)" (a speck before), "(5S)" (a speck read as a letter), "- 16."
# (a speck as a word of its own before the number).
# Not "2, 2003." (a date's end wrapped to the head of a line): a comma after the number
# starts a note only when no digit follows.
_FOOTNOTE_START = re.compile(r"^(?:[-–—~*•·]\s)?[“”\"'‘’€£©]?[(\[{]{0,2}([0-9Il]{1,2})"
                             r"(?:[.)\]}:;]|,(?!\s*\d)|\s[)\]}]|[SsB]\))\s*")
_NOTE_NUMBER = re.compile(r"[“”\"'‘’€£©]?[(\[{]{0,2}[0-9Il]{1,2}(?:[.),\]}:;]|[SsB]\))")  # alone


def _ends_sentence(line: Sequence[Word]) -> bool:
    return bool(line) and line[-1].text.rstrip().endswith(".")


def _find_line(page: PageLayout, phrase: str, threshold: float = 85, *,
               lines: Sequence[Sequence[Word]] | None = None) -> int | None:
    """Index in ``lines`` (by default group_lines(page.words)) of the first line starting
    with ``phrase``."""
    lines = group_lines(page.words) if lines is None else lines
    p = " ".join(tokens(phrase))
    for i, line in enumerate(lines):
        t = " ".join(tokens(" ".join(w.text for w in line)))
        if starts_with_phrase(t, p, threshold):
            return i
    return None


STOP_PHRASES = ("Remarks", "Reminder: Report on a separate line", "Signature of Reporting Person",
                "Intentional misstatements", "Persons who respond to the collection",
                "Reporting Owners", "Reporting Owner Name / Address", "Signatures",
                "Explanation of Responses", "SEC 1474", "If the form is filed by more than one",
                "Table I - Non-Derivative", "Table II - Derivative")


def _is_stop(text: str) -> bool:
    if re.fullmatch(r"\s*(page\s*)?\d{1,3}\s*(/|of)\s*\d{1,3}\s*", text, re.IGNORECASE):
        return True  # a page number such as "1/2" or "Page 1 of 2"
    t = " ".join(tokens(text))
    return any(starts_with_phrase(t, p, 88) for p in STOP_PHRASES)


# Page furniture between the parts of a text that runs on overleaf: "FORM 4 (continued)",
# "SEC 1474 (9-02) Page 3", "2/3".
_PAGE_HEADER = re.compile(r"^(sec\s+)?form\s*4(/a)?\s*(\(continued\))?$|\(continued\)$|"
                          r"^(page\s*)?\d{1,3}\s*(/|of)\s*\d{1,3}$|"
                          r"^sec\s*1474\b.*$", re.IGNORECASE)


_HEADING_WORDS = ("explanation", "of", "responses")


def _note_lines(page: PageLayout) -> list[list[Word]]:
    """The page's lines, with the line of "Explanation of Responses" split in two where it
    swallowed the first note's line: on a noisy scan the heading's word boxes grow tall with
    specks and reach the line below, so one line holds "Explanation (1) Represents of
    Responses: a pro rata ...". The words centred well below the heading's centre are the
    note's line; words as tall as two lines, other than the heading's own, are specks
    merged over both and are dropped."""
    out: list[list[Word]] = []
    for line in group_lines(page.words):
        head = next((w for w in line
                     if fuzz.ratio(w.text.lower().strip(":;.,"), "explanation") >= 80), None)
        if head is None or len(line) < 4:
            out.append(list(line))
            continue
        heights = sorted(w.height for w in line)
        typical = heights[len(heights) // 2]
        centre = (head.y0 + head.y1) / 2
        below = [w for w in line
                 if (w.y0 + w.y1) / 2 >= centre + 0.6 * min(head.height, typical)]
        if len(below) < 2:
            out.append(list(line))
            continue
        above = [w for w in line if w not in below and (
            w.height <= 1.5 * typical
            or any(fuzz.ratio(w.text.lower().strip(":;.,"), h) >= 80 for h in _HEADING_WORDS))]
        out += [above, below]
    return out


def read_footnotes(pages: Sequence[PageLayout]) -> list[tuple[str, Reading]]:
    """The Explanation of Responses: "1. text" or "(1) text" entries, numbered in order,
    followed across page breaks (page headers such as "FORM 4 (continued)" skipped) until
    Remarks, the signatures or the form's small print."""
    # (id, lines in reading order across pages, first page)
    notes: list[tuple[str, list[list[Word]], int]] = []
    active = False
    page_lines = [_note_lines(page) for page in pages]
    headed = any(_find_line(page, "Explanation of Responses", lines=lines) is not None
                 for page, lines in zip(pages, page_lines, strict=True))
    for page, lines in zip(pages, page_lines, strict=True):
        start = _find_line(page, "Explanation of Responses", lines=lines)
        first_note = _first_note_line(lines) if not headed and not active and not notes \
            else None
        if start is None and first_note is not None:
            # The heading itself lost: the notes start at a "1. The ..." followed by "2. ...".
            body = lines[first_note:]
            active = True
        elif start is not None:
            first = lines[start]
            # Text on the heading's own line after "Responses:".
            cut = next((v.x1 for v in first if "espons" in v.text), first[-1].x1)
            tail = [w for w in first if w.x0 > cut]
            body = ([tail] if tail else []) + lines[start + 1:]
            active = True
        elif active:
            body = lines
            while body and _PAGE_HEADER.search(" ".join(w.text for w in body[0]).strip()):
                body = body[1:]
        else:
            continue
        for k, line in enumerate(body):
            text = " ".join(w.text for w in line)
            if _PAGE_HEADER.search(text.strip()):
                continue  # a page number at the foot: the notes go on overleaf
            if _is_stop(text) or _looks_like_signature(line) or "/s/" in text:
                active = False
                break
            star = next((k for k, w in enumerate(line) if w.text.startswith("**")), None)
            if star is not None:
                # "** Intentional misstatements ...", the form's small print, read onto the
                # line of the last note: the notes end there.
                if notes and star > 0:
                    notes[-1][1].append(list(line[:star]))
                active = False
                break
            m = _FOOTNOTE_START.match(text)
            if not m and notes and _bare_number(line, notes[-1]):
                # "10 The price reported ...": the next note's number without its stop
                notes.append((f"F{line[0].text}", [list(line[1:])], page.number))
                continue
            if not m and notes and _lost_number(line, notes[-1][1]):
                # "x The price reported ...": the note's number read as a speck, at the left
                # edge where the notes start, after a finished sentence.
                fid = f"F{int(notes[-1][0][1:]) + 1}"
                notes.append((fid, [list(line[1:])], page.number))
                continue
            if m:
                num = m.group(1).replace("I", "1").replace("l", "1")
                expected = int(notes[-1][0][1:]) + 1 if notes else None
                if expected is not None and expected <= 9 and len(num) == 2 and \
                        num.isdigit() and int(num[1]) == expected and int(num) > expected + 2:
                    num = num[1]  # "43) The shares": the "(" of "(3)" read as a digit
                if num.isdigit() and len(notes) == 1 and notes[0][0] != "F1" and \
                        int(num) in (1, 2) and int(num) != expected:
                    # The first note's number misread ("(4)" for "(1)", a speck "97," after
                    # the heading): the notes are numbered from 1. A speck with no words of
                    # its own goes; a note with text becomes note 1.
                    if int(num) == 2:
                        notes[0] = ("F1", notes[0][1], notes[0][2])
                        expected = 2
                    elif sum(len(ln) for ln in notes[0][1]) <= 2:
                        notes.clear()
                        expected = None
                if num.isdigit() and len(notes) >= 2 and int(num) == expected - 1 and \
                        int(notes[-2][0][1:]) == int(num) - 2:
                    # "4." twice after note 2: the first was note 3 misread, taken as a note
                    # lost between (the line of note 4 then has the same number)
                    notes[-1] = (f"F{int(num) - 1}", notes[-1][1], notes[-1][2])
                    expected = int(num)
                if num.isdigit() and (expected is None or int(num) == expected
                                      or _skips_lost_note(line, int(num), expected, notes[-1])):
                    notes.append((f"F{int(num)}", [_after_number(line, m.end())],
                                   page.number))
                    continue
                if notes and _worn_number(num, int(notes[-1][0][1:]) + 1) and \
                        _lost_number(line, notes[-1][1]):
                    # "{0) The price ..." after note 9, "(49)" after note 18: a worn number
                    notes.append((f"F{int(notes[-1][0][1:]) + 1}", [list(line[1:])],
                                  page.number))
                    continue
            if not notes and k == 0 and start is not None and _first_number_lost(line):
                # "t. Disposed of ...": the first note's number read as a scrap, on the line
                # right under the heading
                notes.append(("F1", [list(line[1:])], page.number))
                continue
            if not notes and k == 0 and start is not None and \
                    _first_number_gone(line, lines[start], page.dpi):
                # "The sales reported ...": the first note's number lost whole, its text
                # indented past the heading's left edge where the number stood
                notes.append(("F1", [list(line)], page.number))
                continue
            if notes:
                notes[-1][1].append(list(line))
    notes = _split_lost_notes(notes)
    return [(fid, _lines_reading(lines, page_no)) for fid, lines, page_no in notes]


def _worn_number(num: str, expected: int) -> bool:
    """Whether a note number as read, not the one due, is that one worn: its last digit
    alone ("0" of "(10)") or one digit of a two-digit number misread ("49" for "19"). A
    number read whole stays what it says."""
    due = str(expected)
    if not num.isdigit():
        return True
    if len(num) < len(due):
        return due.endswith(num)
    return len(num) == len(due) == 2 and sum(a != b for a, b in zip(num, due, strict=True)) == 1


def _first_number_gone(line: Sequence[Word], heading: Sequence[Word], dpi: int) -> bool:
    """Whether the line under the heading is the first note with its number lost: it opens a
    sentence (a capital, then small letters) indented a little from the heading's left edge,
    where the number stood."""
    # (not a stamp's scraps, far right or before the number: "Yi", "Yi SEc 1. Represents")
    scale = dpi / 300.0
    return len(line) >= 3 and bool(re.fullmatch(r"[A-Z][a-z]+", line[0].text)) and \
        15 * scale <= line[0].x0 - heading[0].x0 <= 120 * scale and \
        not any(re.fullmatch(r"\(?1[.)]", w.text) for w in line[:5])


def _after_number(line: Sequence[Word], end: int) -> list[Word]:
    """The words of a note's first line after its number, which took the first ``end``
    characters of the line's text: whole words ("1.", "2", ")") or the head of one ("1.The")."""
    out: list[Word] = []
    pos = 0
    for w in line:
        if pos + len(w.text) <= end:
            pos += len(w.text) + 1
            continue
        if pos < end:
            w = Word(w.text[end - pos:], w.conf, w.x0, w.y0, w.x1, w.y1)
        out.append(w)
        pos = end + 1
    return out


def _opening(line: Sequence[Word]) -> str:
    return " ".join(w.text for w in line[:3]).lower()


def _split_lost_notes(notes: list[tuple[str, list[list[Word]], int]]) -> list[
        tuple[str, list[list[Word]], int]]:
    """Note 4 followed by note 6: note 5's number was lost and its text ran into note 4. It
    is cut off again where a line after a finished sentence opens the way other notes of the
    filing open ("The price reported ..."), the repeated boilerplate that makes this common.
    Two or more notes lost in a row are cut off the same way when there are as many such
    lines as notes lost."""
    openings = [_opening(lines[0]) for _, lines, _ in notes if lines and lines[0]]
    out: list[tuple[str, list[list[Word]], int]] = []
    for k, (fid, lines, page_no) in enumerate(notes):
        out.append((fid, lines, page_no))
        lost = int(notes[k + 1][0][1:]) - int(fid[1:]) - 1 if k + 1 < len(notes) else 0
        if lost < 1:
            continue
        opens = [i for i in range(1, len(lines)) if lines[i] and lines[i - 1]
                 and lines[i][0].text[:1].isupper()
                 and sum(fuzz.ratio(_opening(lines[i]), o) >= 85 for o in openings) >= 2]
        cuts = [i for i in opens if _ends_sentence(lines[i - 1])]
        if not cuts:
            # the sentence's stop lost too: the line indented past the note's others, as
            # the notes' first lines are where the numbers hang in the margin
            margin = min(ln[0].x0 for ln in lines if ln)
            cuts = [i for i in opens if lines[i][0].x0 - margin >= 20]
        # Else the lines that open with a scrap where the numbers stand (") The ...": a
        # number whose lower half a thin scan lost), though the sentence before lost its stop.
        scraps = _scrap_opened(lines) if len(cuts) != lost else []
        starts, skip = (cuts, 0) if len(cuts) == lost else (scraps, 1)
        if len(starts) == lost:
            bounds = [*starts, len(lines)]
            out[-1] = (fid, lines[:starts[0]], page_no)
            out += [(f"F{int(fid[1:]) + n + 1}",
                     [lines[bounds[n]][skip:]] + lines[bounds[n] + 1:bounds[n + 1]], page_no)
                    for n in range(lost)]
    return out


# A note number worn past reading that still shows its bracket: "Q)", "{0)", "(it)"; not an
# enumeration's "(a)" or "(ii)", which a wrapped line of a note may open with.
_BRACKETED_SCRAP = re.compile(r"(?!\((?:[a-h]|[ivx]{1,2})\)$)"
                              r"(?:[(\[{]?[^\s()\[\]{}]{1,2}[)\]}]|[(\[{][^\s()\[\]{}]{1,2})")


def _hangs(head: Word, previous: Sequence[Sequence[Word]]) -> bool:
    """Whether a bracketed scrap stands wholly left of where the previous note's text
    starts, as a note's number does and no wrapped line of text opens."""
    return _BRACKETED_SCRAP.fullmatch(head.text) is not None and \
        previous[0][0].x0 - head.x0 >= head.x1 - head.x0


def _opens_like_a_note(line: Sequence[Word], previous: Sequence[Sequence[Word]]) -> bool:
    """A line whose first word stands where the notes' numbers stand (left of where the
    previous note's text starts, right of its number) and whose next word is capitalised
    (after an opening quote mark, "'The"). After a bracketed scrap hanging in the margin
    (:func:`_hangs`), a small letter will do: a worn capital T reads "the"."""
    if len(line) < 4 or not previous or not previous[0]:
        return False
    head, first = line[0], line[1]
    start_x = previous[0][0].x0
    word = first.text.lstrip("\"'‘’“”")
    capital = word[:1].isupper() or (word[:1].isalpha() and _hangs(head, previous))
    return 0 <= start_x - head.x0 <= 90 and capital and word[1:2].islower()


def _lost_number(line: Sequence[Word], previous: Sequence[Sequence[Word]]) -> bool:
    """A line that starts a note whose number OCR lost: a scrap of one or two characters, or
    a bracketed one ("{0)" for "(10)"), where the numbers stand, then a capitalised word,
    after a note that ended a sentence. A bracketed scrap hanging in the margin
    (:func:`_hangs`) needs no finished sentence before it."""
    head = line[0].text if line else ""
    bracketed = _BRACKETED_SCRAP.fullmatch(head) is not None
    # (a one-digit number misread as another, "2 Total" for note 5, is a scrap too)
    if not (_opens_like_a_note(line, previous) and (len(head) <= 2 or bracketed)
            and not (head.isdigit() and len(head) == 2)):
        return False
    return _hangs(line[0], previous) or _ends_sentence(previous[-1])


# What a worn "1." or "(1)" is read as: one of the 1's look-alikes, a stop or bracket after it.
_WORN_ONE = re.compile(r"[(\[{]?[tlIij|!\]1][.,)\]}:;]?")


def _first_number_lost(line: Sequence[Word]) -> bool:
    """The first note's line with its number read as a scrap: a look-alike of 1 ("t.", "l)"),
    a mark or two ("b-", "."), a letter ("A" for a "1." in a small sans face), then a
    capitalised word and more words."""
    head, first = line[0].text if line else "", line[1].text if len(line) > 1 else ""
    scrap = _WORN_ONE.fullmatch(head) is not None or (
        len(head) <= 2 and not (head.isdigit() and head != "1"))
    return len(line) >= 3 and scrap and first[:1].isupper() and first[1:2].islower()


def _bare_number(line: Sequence[Word], previous: tuple[str, list[list[Word]], int]) -> bool:
    """A line opening with the next note's number that lost its stop or parenthesis ("10 The
    price ..."), standing where the previous note's number stands, then a capitalised word;
    or, after a note that ended a sentence, any word ("2 sc US (TTGP), Ltd.": capitals read
    small)."""
    if line[:1] and line[0].text != str(int(previous[0][1:]) + 1):
        return False
    if _opens_like_a_note(line, previous[1]):
        return True
    lines = previous[1]
    if len(line) < 4 or not lines or not lines[0] or not lines[-1]:
        return False
    return (0 <= lines[0][0].x0 - line[0].x0 <= 90 and line[1].text[:1].isalpha()
            and _ends_sentence(lines[-1]))


def _skips_lost_note(line: Sequence[Word], num: int, expected: int,
                     previous: tuple[str, list[list[Word]], int]) -> bool:
    """"4. The price ..." where note 3 is due: a note (or two) whose number OCR lost ran into
    the note before. Taken when the number stands alone, the text after it starts capitalised
    where the previous note's text starts, and the previous note ended a sentence: the lost
    note's words stay with the note before, the notes after it keep their numbers."""
    if not expected < num <= expected + 2 or len(line) < 3 or not previous[1][0]:
        return False
    head, first = line[0], line[1]
    if not _NOTE_NUMBER.fullmatch(head.text):
        return False
    text_x = previous[1][0][0].x0
    return (abs(first.x0 - text_x) <= 2 * max(first.height, 10)
            and first.text[:1].isupper()
            and (_ends_sentence(previous[1][-1]) or _scrap_opened(previous[1])))


def _scrap_opened(lines: Sequence[Sequence[Word]]) -> list[int]:
    """Lines after a note's first that open with a scrap where the numbers stand (") The
    ...": a number whose lower half a thin scan lost) and then a capitalised word."""
    return [i for i in range(1, len(lines)) if _opens_like_a_note(lines[i], lines)
            and len(lines[i][0].text) <= 2 and not lines[i][0].text.isdigit()]


def _first_note_line(lines: Sequence[Sequence[Word]]) -> int | None:
    """Index of a line "1. Text ..." that a "2. Text ..." follows within a few lines (or,
    for a filing's only note, the "Remarks" heading) and that is no column heading ("1. Title
    of Security") or box label ("1. Name and Address of Reporting Person")."""
    texts = [" ".join(w.text for w in line) for line in lines]
    for i, t in enumerate(texts):
        if re.match(r"^\(?1[.)]\s+[A-Z][a-z]", t) and not contains_phrase(t[:40], "Title of") \
                and not contains_phrase(t[:40], "Name and Address"):
            if any(re.match(r"^\(?2[.)]\s+[A-Z][a-z]", u) for u in texts[i + 1:i + 6]):
                return i
            if any(fuzz.ratio(u.split(" ")[0].lower().strip(":;.,"), "remarks") >= 80
                   for u in texts[i + 1:i + 6] if u):
                return i
    return None


def _lines_reading(lines: Sequence[Sequence[Word]], page: int) -> Reading:
    """A text from lines already in reading order (possibly over a page break, where sorting
    the words by position would put the continuation first)."""
    lines = [line for line in lines if line]
    text = " ".join(" ".join(w.text for w in line) for line in lines)
    words = [w for line in lines for w in line]
    first = [w for line in lines[:1] for w in line]
    # The box covers the lines on the first page: those follow the first line down the page.
    on_first: list[Word] = list(first)
    for line in lines[1:]:
        if on_first and min(w.y0 for w in line) < max(w.y0 for w in on_first):
            break
        on_first.extend(line)
    return Reading(text, words, page, box_words=on_first)


def _looks_like_signature(line: Sequence[Word]) -> bool:
    text = " ".join(w.text for w in line)
    return text.strip().startswith("/s/") or text.strip().startswith("Is/")


def read_remarks(page: PageLayout) -> Reading | None:
    lines = group_lines(page.words)

    def heading(line: Sequence[Word]) -> int:
        """How many words the heading "Remarks" takes at the start of a line (two when a
        scan tore it, "Rema rks:"); 0 when it does not start the line ("See Remarks" in a
        table cell is no heading)."""
        for k in (1, 2):
            text = "".join(w.text for w in line[:k]).lower().strip(":;.,")
            if len(line) >= k and fuzz.ratio(text, "remarks") >= 80 and \
                    (k == 1 or text.startswith("rem")):
                return k
        return 0

    start, size = next(((i, k) for i, line in enumerate(lines) if (k := heading(line))),
                       (None, 0))
    if start is None:
        return None
    tail = lines[start][size:]
    words: list[Word] = [w for w in tail if any(ch.isalnum() for ch in w.text) or words_seen(w)]
    captions = _signature_captions(page)
    for line in lines[start + 1:]:
        text = " ".join(w.text for w in line)
        if _is_stop(text) or _signature_line(page, line) or _in_signature_block(line, captions,
                                                                                 page.dpi):
            break
        words.extend(line)
    return reading(words, page.number) if words else Reading("", [], page.number)


def _signature_captions(page: PageLayout) -> list[list[Word]]:
    """The '** Signature of Reporting Person' captions of a page."""
    out = []
    for seg in segments(page.words):
        t = " ".join(tokens(" ".join(w.text for w in seg)))
        # (not box 1's label, "1. Name and Address of Reporting Person", garbled alike)
        if len(t) < 60 and contains_phrase(t, "signature of reporting person") and \
                not contains_phrase(t, "name and address"):
            out.append(list(seg))
    return out


def _in_signature_block(line: Sequence[Word], captions: Sequence[Sequence[Word]],
                        dpi: int) -> bool:
    """Whether a line is part of a signature typed above its caption: it starts in the
    caption's column, a few lines above it ("By: Kristin Johnston," / "Attorney-in-fact For:
    the Reporting" / "Person" over "** Signature of Reporting Person")."""
    x0, y1 = min(w.x0 for w in line), max(w.y1 for w in line)
    scale = dpi / 300.0
    return any(x0 >= min(w.x0 for w in cap) - 60 * scale and
               0 < min(w.y0 for w in cap) - y1 < 300 * scale for cap in captions)


def words_seen(w: Word) -> bool:
    """Punctuation worth keeping at the start of a text (not a stray '*' or '|')."""
    return w.text in {"(", '"', "'", "$"}


def _signature_line(page: PageLayout, line: Sequence[Word]) -> bool:
    if _looks_like_signature(line):
        return True
    # The line right above the "** Signature of Reporting Person" caption (under it: a
    # remark across the left of the page beside a signature to its right is no signature)
    x0, x1 = min(w.x0 for w in line), max(w.x1 for w in line)
    below = [w for w in page.words if 0 < w.y0 - max(v.y1 for v in line) < 80
             and w.x0 < x1 and w.x1 > x0]
    return "signature" in " ".join(w.text.lower() for w in below) and \
        "reporting" in " ".join(w.text.lower() for w in below)


_DATE_TEXT = re.compile(r"\d{1,2}\s*[/:]\s*\d{1,2}\s*/\s*\d{2,4}"
                        # a fax's: a slash read as a dash, a stop or a colon ("07/10-2019",
                        # "05:24/2011"), or lost ("0321/2004"); a month's ones read as letters
                        # ("LI/16/2018")
                        r"|\d{1,2}\s*[/.:-]\s*\d{1,2}\s*[/.-]\s*(?:19|20)\d{2}"
                        r"|(?<![A-Za-z])[OlIL|\]]{1,2}/\d{1,2}/(?:19|20)\d{2}"
                        r"|(?<!\d)\d{4}\s*/\s*(?:19|20)\d{2}(?!\d)")
# A signature's date with a part lost on a fax ("09/25", "13/2019"): the checks complete it
# from the transactions' dates (``checks.check_signature_date``).
PARTIAL_DATE = re.compile(r"\d{1,2}/\d{1,2}/?|\d{1,2}/(?:19|20)\d{2}")


def _dated(word: Word) -> bool:
    return bool(_DATE_TEXT.search(word.text) or PARTIAL_DATE.fullmatch(word.text))


def _whole_dates_first(words: list[Word]) -> list[Word]:
    """Date words, a partial one only when none is whole."""
    whole = [w for w in words if _DATE_TEXT.search(w.text)]
    return whole or words


def _torn_dates_joined(words: Sequence[Word]) -> list[Word]:
    """The page's words with a date OCR tore in two at a slash joined again ("03/26/" and
    "2019" just right of it, level: "03/26/2019")."""
    heads = [w for w in words if re.fullmatch(r"\d{1,2}\s*/\s*\d{1,2}\s*/", w.text)]
    if not heads:
        return list(words)
    joined: dict[int, Word] = {}
    gone: set[int] = set()
    for head in heads:
        year = next((w for w in words if re.fullmatch(r"(?:19|20)\d{2}", w.text)
                     and 0 <= w.x0 - head.x1 < 1.5 * w.height
                     and abs(w.cy - head.cy) < 0.6 * w.height and id(w) not in gone), None)
        if year is not None:
            gone.add(id(year))
            joined[id(head)] = Word(head.text + year.text, min(head.conf, year.conf), head.x0,
                                    min(head.y0, year.y0), year.x1, max(head.y1, year.y1),
                                    head.line_key)
    return [joined.get(id(w), w) for w in words if id(w) not in gone]


def is_date_caption(word: Word) -> bool:
    """The "Date" caption beside "Signature of Reporting Person", as a fax leaves it
    ("Date:", "Date!", "|Date")."""
    return re.sub(r"[^a-z]", "", word.text.lower()) == "date"


def read_signatures(page: PageLayout) -> list[tuple[Reading, Reading | None]]:
    """(name, date) pairs, one per '** Signature of Reporting Person' caption: the name is the
    block of lines just above the caption, the date the date above the 'Date' caption."""
    captions = _signature_captions(page)
    page_words = _torn_dates_joined(page.words)
    out = []
    prev_bottom: dict[int, int] = {}
    for cap in sorted(captions, key=lambda c: min(w.y0 for w in c)):
        cx0 = min(w.x0 for w in cap)
        cy0 = min(w.y0 for w in cap)
        h = max(w.height for w in cap)
        date_caps = [w for w in page.words if is_date_caption(w)
                     and w.x0 > max(v.x1 for v in cap) and w.x0 - cx0 < 1600
                     and abs(w.cy - sum(v.cy for v in cap) / len(cap)) < 1.2 * h]
        date_x0 = min((w.x0 for w in date_caps), default=None)
        right = date_x0 - 20 if date_x0 is not None else cx0 + 1100
        col_key = cx0 // 200
        top = prev_bottom.get(col_key, cy0 - 260)
        # Whole text lines above the caption; a line reaching left of the signature column
        # (a paragraph of footnotes or remarks across the page) ends the block.
        # (a stamp's word, several lines tall, "RECEIVED:", is no part of it)
        lines = group_lines([w for w in page_words if top < w.cy < cy0 - 2
                             and w.x1 > cx0 - 80 and w.cx < right + 400
                             and w.height < 3 * h])
        block: list[list[Word]] = []
        for line in reversed(lines):
            left_of_date = [w for w in line if w.cx < right]
            if not left_of_date and block:
                # Only the date, typed level with the middle of a name that wrapped.
                continue
            inside = [w for w in left_of_date if w.x0 >= cx0 - 80]
            if len(inside) < len(left_of_date) or not inside:
                break
            if not any(ch.isalnum() for w in inside for ch in w.text):
                continue  # a speck or a scrap of the rule ("-") under the name
            if block:
                gap = min(w.y0 for w in block[0]) - max(w.y1 for w in inside)
                if gap > 1.5 * max(w.height for w in inside) or len(block) >= 3:
                    break
            block.insert(0, inside)
        name_words = [w for line in block for w in line if not _dated(w)]
        date_words: list[Word] = []
        if date_x0 is not None:
            date_words = _whole_dates_first([
                w for w in page_words if date_x0 - 60 <= w.x0 < date_x0 + 500
                and top < w.cy < cy0 - 2 and _dated(w)])
        if not date_words:
            date_words = _whole_dates_first([w for line in block for w in line if _dated(w)])
        if not date_words:
            # The "Date" caption lost on a bad fax: the date typed on a line of the signature.
            for line in reversed(block):
                y0, y1 = min(w.y0 for w in line), max(w.y1 for w in line)
                date_words = _whole_dates_first([
                    w for w in page_words if w.x0 > max(v.x1 for v in line)
                    and y0 - 10 < w.cy < y1 + 10 and _dated(w)])
                if date_words:
                    break
        prev_bottom[col_key] = max(w.y1 for w in cap)
        if name_words:
            out.append((reading(name_words, page.number),
                        reading(date_words[-1:], page.number) if date_words else None))
    return out


# The conformed signature's "/s/" as OCR reads it: "Is/", "/Ss/", "{sf", "/sf". As a word of
# its own (a line that opens with it is signed), and at the start of a signature's text, where
# its opening stroke may be lost ("s/").
SIGNATURE_MARK_OPEN, SIGNATURE_MARK_REST = r"[/|I{(\[]", r"\s*[sS5]{1,2}\s*[/|fl}\])!]"
_SIGNED = re.compile(f"^{SIGNATURE_MARK_OPEN}{SIGNATURE_MARK_REST}$")


def signed_lines(page: PageLayout) -> list[tuple[Reading, Reading | None]]:
    """Signatures when no page of the filing shows the '** Signature of Reporting Person'
    caption (lost on a bad fax): lines in the lower half of the page that open with the
    conformed mark ("/s/"), the date typed on the same line."""
    out = []
    gap = 150 * page.dpi / 300.0
    for whole in group_lines([w for w in _torn_dates_joined(page.words)
                              if w.cy > page.height / 2]):
        # the line cut where it gaps wide (garble read level with the signature), the date
        # typed anywhere right of the signature
        cuts = [0] + [k for k in range(1, len(whole)) if whole[k].x0 - whole[k - 1].x1 > gap]
        for start, end in zip(cuts, cuts[1:] + [len(whole)], strict=True):
            line = whole[start:end]
            marks = [i for i, w in enumerate(line) if _SIGNED.match(w.text)]
            if not marks or marks[0] > 1:
                continue
            words = line[marks[0]:]
            name = [w for w in words if not _DATE_TEXT.search(w.text)]
            dates = [w for w in whole[start + marks[0]:] if _DATE_TEXT.search(w.text)]
            if len(name) >= 2:
                out.append((reading(name, page.number),
                            reading(dates[:1], page.number) if dates else None))
    return out
