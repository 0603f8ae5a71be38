"""Stage 6, normalization (pure): raw cell text -> contract values.

Dates become ``YYYY-MM-DD`` (``YYYY-MM`` where the form prints only month and year), share
counts and prices JSON numbers, codes upper-case letters, free text collapsed; footnote markers
"(1)" are split off into ``footnote_ids``. A value that is empty on the form is None, never a
guess. Each parser returns ``(value, flags)`` where flags note what was mended.
"""

from __future__ import annotations

import datetime
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal, InvalidOperation

# Characters OCR commonly substitutes for digits.
DIGIT_CONFUSIONS = str.maketrans(
    {"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "i": "1", "|": "1", "!": "1",
     "L": "1", "]": "1", "[": "1", "Z": "2", "z": "2", "S": "5", "s": "5", "b": "6", "G": "6",
     "B": "8", "g": "9", "q": "9", "T": "7", "A": "4", "§": "5"}
)

DIGIT_CONFUSION_KEYS = "OoDQlIi|!L][ZzSsbGBgqTA§"
FOOTNOTE_RE = re.compile(r"\(\s*([0-9IlO!|]{1,2})\s*\)")
_WS = re.compile(r"\s+")


def clean_text(text: str | None) -> str:
    """NFKC, typographic quotes and dashes made plain, white space collapsed."""
    if not text:
        return ""
    t = unicodedata.normalize("NFKC", text)
    t = t.replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"')
    t = t.replace("\u201d", '"').replace("\u2014", "-").replace("\u2013", "-")
    return _WS.sub(" ", t).strip()


def _footnote_number(token: str) -> int | None:
    digits = token.translate(str.maketrans({"I": "1", "l": "1", "O": "0", "!": "1", "|": "1"}))
    if digits.isdigit() and 0 < int(digits) < 100:
        return int(digits)
    return None


_NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
                 "fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|"
                 "fifty|sixty|seventy|eighty|ninety|hundred|thousand")
# A note that cites another note, or a number written out and then in figures ("twenty (20)
# Ordinary Shares", "four (4) years"): text, not markers.
_CITED_NOTES = re.compile(r"\b[Ff]ootnotes?\s+\(\d{1,2}\)(?:\s*(?:,|and|or|through|to|-)\s*"
                         r"\(\d{1,2}\))*|"
                         rf"\b(?i:{_NUMBER_WORDS})\s+\(\d{{1,4}}\)")


def bare_words(text: str) -> list[str]:
    """The words of a text in lower case, without the punctuation around them."""
    return [t.strip(".,;:()'\"").lower() for t in text.split()]


def split_footnotes(text: str | None, *, keep_cited: bool = False) -> tuple[str, list[str]]:
    """Remove footnote markers "(1)", "(2)(3)", "(1),(2)" -> ("rest", ["F1", "F2"]). With
    ``keep_cited`` (free text: notes, remarks) a note cited by number stays as written."""
    t = clean_text(text)
    ids: list[str] = []

    def take(m: re.Match[str]) -> str:
        n = _footnote_number(m.group(1))
        if n is None:
            return m.group(0)
        fid = f"F{n}"
        if fid not in ids:
            ids.append(fid)
        return " "

    # A note that cites another note ("described in footnote (1) above", "footnotes (2)
    # through (5)") keeps the number as written: it is text, not a marker.
    cited = list(_CITED_NOTES.finditer(t)) if keep_cited else []
    if cited:
        parts, last = [], 0
        for c in cited:
            parts.append(FOOTNOTE_RE.sub(take, t[last:c.start()]))
            parts.append(c.group(0))
            last = c.end()
        rest = "".join(parts) + FOOTNOTE_RE.sub(take, t[last:])
    else:
        rest = FOOTNOTE_RE.sub(take, t)
    rest = re.sub(r"\s*,\s*(?=,|$)", "", rest)  # separators left between markers
    # A marker that lost its opening parenthesis after a word: "By Spouse 2)", "Trust3)".
    m = re.search(r"(?<=[A-Za-z])\s*([0-9]{1,2})\)$", rest)
    if m:
        fid = f"F{int(m.group(1))}"
        if fid not in ids:
            ids.append(fid)
        rest = rest[: m.start()]
    return clean_text(rest).strip(" ,"), ids


def mend_amount(text: str, *, price: bool) -> tuple[str, list[str], list[str]]:
    """Undo the ways a scan garbles amounts that carry a footnote marker or lose a point:
    '$16.296)' (marker '(6)' lost its '(') -> '$16.29' + F6; '3,6381)' -> '3,638' + F1;
    '$15.9871 29' -> '$15.9871' + F29; '$16 2672' and '$16:2672' -> '$16.2672'.
    Returns (text, footnote ids, flags)."""
    t = clean_text(text)
    ids: list[str] = []
    flags: list[str] = []
    if price:
        # "$5" read as "SS", "§S" or "S5": the first of the two is the "$", the second a 5.
        dollar_five = re.sub(r"^[§S$]\s*[S5](?=[\d.,])", "$5", t)
        # "$0" read "SO", "S0" or "sO" (after a speck: "i so"): a price's first letter S is
        # its "$" (not 50)
        dollar_five = re.sub(r"^(?:[il|'.,]\s+)?[Ss§]\s*(?=[0-9Oo][\d.,Oo]*$)", "$",
                             dollar_five)
        if dollar_five != t:
            t = dollar_five
            flags.append("repaired:dollar-sign")
    # A cell that holds nothing but a marker, its "(" read as a brace or a stroke ("{2)"):
    # no amount.
    m = re.fullmatch(r"[{\[|!]\s*([1-9]\d?)\)", t)
    if m:
        return "", [f"F{int(m.group(1))}"], ["repaired:footnote-marker"]
    # A marker whose "(" was read as a quote or a stroke: "$26.53'2)", "757,576! 1)".
    m = re.fullmatch(r"(.*\d)\s*['`!|{\[]{1,3}\s*(\d{1,2})\)[\"'`]*", t)
    if m:
        ids.append(f"F{int(m.group(2))}")
        t = m.group(1)
        flags.append("repaired:footnote-marker")
    # Markers read as letters and digits: "2,639(D2V3)" for "2,639(1)(2)(3)": the digits are
    # the notes' numbers, the letters what is left of the parentheses between them; a marker
    # that lost its ")": "1,500(1".
    m = re.fullmatch(r"(\$?\s*\d[\d,]*(?:\.\d+)?)\s*\(([A-Za-z\d]{1,8})\)?", t)
    if m and re.search(r"\d", m.group(2)) and (
            re.search(r"[A-Za-z]", m.group(2)) or not t.endswith(")")):
        numbers = re.findall(r"[1-9]", m.group(2)) if re.search(r"[A-Za-z]", m.group(2)) \
            else [str(int(m.group(2)))]
        ids += [f"F{d}" for d in numbers if f"F{d}" not in ids and d != "0"]
        t = m.group(1)
        flags.append("repaired:footnote-marker")
    # Markers run together and garbled: "2,728(1)(2)" read "2.728M@2)" (the first marker and
    # the parentheses a letter or two), or "2.654(D" once the last marker "2)" was split off.
    m = re.fullmatch(r"(\$?\s*\d[\d,]*(?:\.\d+)?)\s*(?:[A-Za-z@©®]{1,3}(\d{1,2})\)|\([A-Za-z]{1,2})", t)
    # Three or more: "2,639(1)(2)(3)" read "2,639M2)G)"; only after an amount that is whole
    # as written (thousands grouped right, or no commas), so that a digit read as a letter
    # ("2,63O(1)") is not cut off with the markers.
    several = re.fullmatch(r"(\$?\s*(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*"
                           r"((?:[A-Za-z@©®(]{1,3}\d{0,2}\)){2,4})", t)
    if m is None and several and re.search(r"[A-Za-z@©®]", several.group(2)):
        ids += [f"F{d}" for d in re.findall(r"[1-9]", several.group(2)) if f"F{d}" not in ids]
        t = several.group(1)
        flags.append("repaired:footnote-marker")
    elif m:
        if m.group(2):
            ids.append(f"F{int(m.group(2))}")
        t = m.group(1)
        flags.append("repaired:footnote-marker")
    # Scraps of a marker or of the rule beside it, which would be read as a 1: "$26.3028|"
    # (before a marker), "$92.98 i" (a marker read twice, "(2) i(2)"), "$34.62!)".
    scrapped = re.sub(r"(?<=\d)(?:\s*[|!]+|\s+[iIl])(?=\)?$)", "", t)
    if scrapped != t:
        t = scrapped
        flags.append("repaired:marker-debris")
    # ("$60,000,000", "$1,250": thousands commas, no lost point)
    grouped = re.fullmatch(r"\$?\s*\d{1,3}(,\d{3})+(\s*\(\w{1,2}\))?", t)
    if price and "." not in t and not grouped:
        m = re.fullmatch(r"(\$?\s*\d{1,6})\s*[:;, ]\s*(\d{2,6})(\D.*)?", t)
        if m:
            t = f"{m.group(1).replace(' ', '')}.{m.group(2)}{m.group(3) or ''}"
            flags.append("repaired:decimal-point")
    # A complete amount followed by a lone marker: "$15.9871 29", "$16.28 2)".
    m = re.fullmatch(r"(\$?\s*[\d,]*\d(?:\.\d+)?)\s+\(?(\d{1,2})\)?", t)
    short = re.search(r"[,.](\d{1,2})$" if not price else r",(\d{1,2})$", m.group(1)) \
        if m else None
    if short and len(short.group(1)) + len(m.group(2)) == 3 and not t.endswith(")"):
        m = None  # "24,7 38", "6.3 77": the last group's digits torn apart, no marker
    if m and (not price or "." in m.group(1)):
        ids.append(f"F{int(m.group(2))}")
        return m.group(1), ids, flags + ["repaired:footnote-marker"]
    if t.endswith(")") and t.count("(") < t.count(")"):
        core = t[:-1].rstrip()
        if price:
            m = re.fullmatch(r"(\$?\s*\d+)\.(\d+)", core)
            if m and len(m.group(2)) in (3, 5, 6):
                keep = 2 if len(m.group(2)) <= 3 else 4
                ids.append(f"F{int(m.group(2)[keep:])}")
                core = f"{m.group(1)}.{m.group(2)[:keep]}"
        else:
            m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+)(\d{1,2})", core)
            if m:
                ids.append(f"F{int(m.group(2))}")
                core = m.group(1)
            elif re.fullmatch(r"\d{1,3}(?:,\d{3})*,\d{2}", core):
                # "17,70)": the last group's 0 read as a parenthesis (no marker's "(" or
                # number before it)
                return core + "0", ids, flags + ["repaired:ocr-digit"]
        return core, ids, flags + ["repaired:footnote-marker"]
    return t, ids, flags


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Levenshtein distance; with ``limit``, gives up (limit + 1) once it must exceed it."""
    from rapidfuzz.distance import Levenshtein

    if limit is None:
        return int(Levenshtein.distance(a, b))
    return int(Levenshtein.distance(a, b, score_cutoff=limit))


class Vocabulary:
    """Words of real filings' free text (footnotes, remarks) with their counts, and optionally
    common English words that are never taken for misspellings (but not offered as mends)."""

    def __init__(self, counts: dict[str, int], english: frozenset[str] = frozenset()) -> None:
        self.english = english
        self.lower: dict[str, int] = {}
        self.written: dict[str, tuple[int, str]] = {}  # lower case -> most written form
        for w, n in counts.items():
            self.lower[w.lower()] = self.lower.get(w.lower(), 0) + n
            if n > self.written.get(w.lower(), (0, ""))[0]:
                self.written[w.lower()] = (n, w)
        self.by_len: dict[int, list[str]] = {}
        for w in self.lower:
            self.by_len.setdefault(len(w), []).append(w)

    def __contains__(self, word: str) -> bool:
        return word.lower() in self.lower

    def known(self, word: str) -> bool:
        """A filing's word or a common English word: read right, whatever the filings say."""
        return word.lower() in self.lower or word.lower() in self.english

    def as_written(self, word: str) -> str:
        """The word as the filings write it most ("Issuer", "restricted")."""
        return self.written.get(word.lower(), (0, word))[1]

    def nearest(self, word: str, limit: int) -> str | None:
        low = word.lower()
        best: tuple[int, int, str] | None = None
        for n in range(len(low) - limit, len(low) + limit + 1):
            for cand in self.by_len.get(n, ()):
                d = edit_distance(low, cand, limit)
                if d <= limit:
                    key = (d, -self.lower[cand], cand)
                    if best is None or key < best:
                        best = key
        return best[2] if best else None

    def common_slip(self, word: str, ratio: int = 1000) -> str | None:
        """The word a known but rare word is one slip from, when that word is ``ratio`` times
        as common: "commonn" (written 3 times in the SEC's titles) is "common" (45,978) that
        OCR doubled a letter of."""
        low = word.lower()
        n = self.lower.get(low, 0)
        if not n:
            return None
        best = None
        for size in (len(low) - 1, len(low), len(low) + 1):
            for cand in self.by_len.get(size, ()):
                if cand != low and self.lower[cand] >= ratio * n and \
                        edit_distance(low, cand, 1) <= 1 and \
                        (best is None or self.lower[cand] > self.lower[best]):
                    best = cand
        return best


_TOKEN = re.compile(r"^(\W*)([A-Za-z\u00c0-\u017f][A-Za-z\u00c0-\u017f'\-.,]*?[A-Za-z\u00c0-\u017f]"
                    r"|[A-Za-z])(\W*)$")


def plain_letters(text: str) -> str:
    """'Génomics' -> 'Genomics': accents dropped (EDGAR's names and prose are plain ASCII)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def match_case(template: str, word: str) -> str:
    """``word`` in the case ``template`` is written in: all capitals, a capital first, or as
    it is."""
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


_TALL_BARS = frozenset("[]|!")


def _capital_i(rest: str, vocab: Vocabulary) -> str:
    """The word "i" + ``rest`` with the capital the filings mostly write it with ("Issuer")."""
    return ("I" if vocab.as_written("i" + rest)[:1] == "I" else "i") + rest


_SHORT_WORDS = frozenset({"a", "i", "or", "and", "the", "of", "to", "in", "at", "on", "by", "as",
                          "an", "is", "for"})


_SHORT_WORD_DIGITS = str.maketrans({"1": "i", "0": "o"})
# The short words read with a digit for a letter ("1n", "0f", "1t")
_SHORT_WORDS_DIGITS_STAND_IN = _SHORT_WORDS | {"it"}


def _known(word: str, vocab: Vocabulary) -> bool:
    return word in vocab or word.lower() in _SHORT_WORDS


def _join_pairs(text: str, fuse: Callable[[str, str], str | None]) -> tuple[str, bool]:
    """Adjacent words scanned in pairs: where ``fuse`` makes one word of a pair, it is taken."""
    tokens = text.split(" ")
    out: list[str] = []
    changed = False
    i = 0
    while i < len(tokens):
        joined = fuse(tokens[i], tokens[i + 1]) if i + 1 < len(tokens) else None
        if joined is not None:
            out.append(joined)
            changed = True
            i += 2
            continue
        out.append(tokens[i])
        i += 1
    return " ".join(out), changed


def _join_split_words(text: str, vocab: Vocabulary) -> tuple[str, bool]:
    """'Th ese', 'report ting': a word split by a space OCR read in it. Two scraps that are
    not both words join when together they make a known word of five letters or more (one
    slip allowed from seven letters on)."""

    def fuse(a: str, b: str) -> str | None:
        tail = b.rstrip(",.;:")
        lead = a.lstrip("(\"'")
        # A last letter on its own ("Opportunit y") is no word either, save "a" and "I".
        lone_tail = len(tail) == 1 and tail.islower() and tail not in ("a", "i") and \
            len(lead) >= 6  # (a capital is an initial: "William S. Bost")
        if not (lead.isalpha() and tail.isalpha() and
                (min(len(lead), len(tail)) >= 2 or lone_tail)) or (
                _known(lead, vocab) and _known(tail, vocab)):
            return None
        joined = lead + tail
        near = joined.lower() if joined in vocab or (lone_tail and vocab.known(joined)) else (
            vocab.nearest(joined, 1) if len(joined) >= 7 else None)
        if not near or len(joined) < 5 or near in (lead.lower(), tail.lower()):
            return None
        return a[:len(a) - len(lead)] + match_case(lead, near) + b[len(tail):]

    return _join_pairs(text, fuse)


# Letter shapes OCR reads as two letters: m as "rn", "ni", "in" or "nl"; d as "cl"; w as "vv".
_GLYPH_SPLITS = (("rn", "m"), ("ni", "m"), ("in", "m"), ("nl", "m"), ("cl", "d"), ("vv", "w"))


def _glyph_mend(word: str, vocab: Vocabulary) -> str | None:
    """The one known word that a single two-letter glyph slip makes of ``word``."""
    low = word.lower()
    found = {low[:i] + one + low[i + 2:] for two, one in _GLYPH_SPLITS
             for i in range(len(low) - 1) if low[i:i + 2] == two}
    known = [w for w in found if w in vocab]
    return known[0] if len(known) == 1 else None


# Words that close a compound written with a hyphen ("event-based", "volume-weighted",
# "three-year"): a hyphen before one of them is the writer's, not a space misread.
_COMPOUND_HEADS = frozenset({"based", "weighted", "described", "related", "owned", "held",
                             "term", "year", "month", "week", "day", "time", "free", "wide",
                             "average", "dated", "mentioned", "referenced", "party",
                             "length", "tenth", "half", "third", "quarter", "fourth", "fifth"})


_NOT_A_COMPOUND_LEFT = frozenset({"are", "is", "was", "were", "be", "been", "being", "the",
                                  "and", "or", "of", "to", "by", "for", "as", "not", "a", "an",
                                  "so", "then", "shares", "securities", "stock"})


def _compound(left: str, right: str) -> bool:
    """Two words joined by a hyphen as English writes them: a number before ("three-year",
    "one-tenth", "10-day") or a compound's head after ("event-based")."""
    return bool(re.fullmatch(rf"\d+|(?i:{_NUMBER_WORDS})", left)) or \
        (right.lower() in _COMPOUND_HEADS and left.lower() not in _NOT_A_COMPOUND_LEFT)


def mend_words(text: str, vocab: Vocabulary) -> tuple[str, list[str]]:
    """Free text with OCR slips mended against a vocabulary of real filings: words run
    together over a misread space ("held'by", "except-to", "a.weighted"), accents that are
    not there ("thé"), and one- or two-letter misspellings ("inelusive", "Cominission").
    Words in capitals, numbers and anything near no known word stay as read."""
    text, changed = _join_split_words(text, vocab)
    out: list[str] = []
    for token in text.split(" "):
        short = re.fullmatch(r"(\W*)((?=\w?[a-z])[a-z]?[01][a-z]?)(\W*)", token)
        if short and short.group(2).translate(_SHORT_WORD_DIGITS) in _SHORT_WORDS_DIGITS_STAND_IN:
            # a short word with a digit for its letter: "reported 1n Column 4", "0f the"
            out.append(short.group(1) + short.group(2).translate(_SHORT_WORD_DIGITS) +
                       short.group(3))
            changed = True
            continue
        m = _TOKEN.match(token)
        if not m:
            out.append(token)
            continue
        lead, word, trail = m.groups()
        if re.fullmatch(r"[A-Za-z]{4,}'s", word) and not vocab.known(word):
            word, trail = word[:-2], word[-2:] + trail  # a possessive: "Issuet's"
        if "'" in lead and "'" not in trail and (word in vocab or word.lower() in _SHORT_WORDS):
            # "'and", "'sold": a speck read as a quote before a known word
            token, lead = token.replace("'", "", 1), lead.replace("'", "", 1)
            changed = True
        if trail.startswith("'") and not word.lower().endswith("s") and \
                word.lower() in _SHORT_WORDS | {"the", "this", "that"}:
            token, trail = lead + word + trail[1:], trail[1:]  # "The'"
            changed = True
        if lead[-1:] in _TALL_BARS and word[:1].islower() and not vocab.known(word) and \
                "I" + word in vocab:
            # "[ssuer", "|nvestment": a capital I read as a bar before the word
            out.append(lead[:-1] + "I" + word + trail)
            changed = True
            continue
        if vocab.known(word) or len(word) < 3:
            out.append(token)
            continue
        plain = plain_letters(word)
        if plain != word and plain in vocab:
            out.append(lead + plain + trail)
            changed = True
            continue
        split = re.split(r"['\-.,]", word)
        if len(split) == 2 and all(split) and \
                not ("-" in word and (word.isupper() or _compound(*split))) and all(
                part.lower() in vocab or part.lower() in _SHORT_WORDS for part in split):
            keep_comma = "," in word and split[0].lower() not in _SHORT_WORDS
            out.append(lead + split[0] + ("," if keep_comma else "") + " " + split[1] + trail)
            changed = True
            continue
        if word.isupper() or len(word) < 4 or not word.isalpha() or \
                re.fullmatch(r"[A-Z]{2,}s", word):  # "PSUs": an abbreviation's plural
            out.append(token)
            continue
        limit = 1 if len(word) < 8 else 2
        # "Cominon", "Comnion": an m read as "ni" or "in"; else the nearest known word
        near = _glyph_mend(word, vocab) or vocab.nearest(word, limit)
        if near and near[0] == "i" and word[0] in "fl" and near[1:] == word[1:].lower():
            # "fssuer", "lssuer": a capital I read as a tall letter (a small i has its dot)
            out.append(lead + _capital_i(near[1:], vocab) + trail)
            changed = True
        elif near:
            out.append(lead + match_case(word, near) + trail)
            changed = True
        else:
            out.append(token)
    # "Th ese": a word OCR broke in two, neither half a word.
    k = 0
    while k + 1 < len(out):
        a, b = out[k], out[k + 1]
        if a.isalpha() and b.isalpha() and (a + b).lower() in vocab and \
                a.lower() not in vocab and a.lower() not in _SHORT_WORDS and \
                b.lower() not in vocab and b.lower() not in _SHORT_WORDS:
            out[k:k + 2] = [a + b]
            changed = True
        k += 1
    joined = " ".join(out)
    # "$15. 94" -> "$15.94": a space OCR put inside an amount.
    mended = re.sub(r"(\$\d{1,6}[.,])\s+(\d{2,4})\b", r"\1\2", joined)
    # A fund's Roman numeral worn: "Fund TV", "SCGF [TV" for IV (no filing writes "TV" after
    # a name), "Holdings IT LLC" for II before an entity's suffix.
    mended = re.sub(r"\b([A-Z][\w.-]*) [\[|]?TV\b", r"\1 IV", mended)
    mended = re.sub(r"\b([A-Z][\w.-]*) IT(?=,? (?:LLC|L\.P\.|LP|Inc\.|Ltd\.|GP|Management|"
                    r"Partners|Fund)\b)", r"\1 II", mended)
    # "$16:23" -> "$16.23": the point of a price read as a colon.
    mended = re.sub(r"(\$\d{1,6}):(\d{2})\b", r"\1.\2", mended)
    # "$15 63 to" -> "$15.63 to": the point of a price in prose lost.
    mended = re.sub(r"(\$\d{1,6})\s(\d{2})(?=[\s,;)]|$)", r"\1.\2", mended)
    changed = changed or mended != joined
    return mended, (["repaired:spelling"] if changed else [])


_NOTE_LEAD = re.compile(r"^[^\w($\[]+")
_SENTENCE_END = re.compile(r"[.!?][\"')]?$")


def _garbage_tail(tail: str, vocab: Vocabulary | None) -> bool:
    """Text after the last full stop that is noise read as words ("eee reo wee eis, a) Die a
    bad 4s na es hie"): most of its tokens are no known word."""
    tokens = [t.strip(".,;:()'\"") for t in tail.split()]
    tokens = [t for t in tokens if t]
    if not tokens or vocab is None:
        return False
    junk = sum(1 for t in tokens if not (t.isalpha() and len(t) > 2 and t in vocab))
    return junk >= 0.7 * len(tokens)


_FORM_SMALL_PRINT = re.compile(
    r"\s*(?:\*+\s*)?(?:(?:Intentional\s+)?misstatements\s+or\s+omissions\s+of\s+facts"
    r"|Reminder:\s+Report\s+on\s+a\s+separate\s+line|Persons\s+who\s+respond\s+to\s+the"
    r"\s+collection)", re.IGNORECASE)


# A receipt stamp read on at the end of a note or remark ("... therein SEC MAIL PROCESSING
# FEB 03 2008", "... children FILE"): its words in capitals after a word in lower case (no
# footnote or remark of the EDGAR XML we hold, nor a remark of the SEC's 2024 Q3 data set,
# ends with one of these words in capitals).
_STAMP_TAIL = re.compile(
    r"(?<=[a-z][a-z])(?:[.,;:]?)((?:\s+(?:SEC|MAIL|PROCESSING|RECEIVED|FILED|FILE|SECTION"
    r"|(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]?|\d{1,4}),?)*"
    r"\s+(?:MAIL|PROCESSING|RECEIVED|FILED|FILE)\b(?:\s+(?:\w{1,4}|\d{1,4}),?){0,4})\.?$")


_CONTEXT_NUMBER = re.compile(r"[$\d.,/%:\-]*\d[$\d.,/%:\-]*")


def context_tokens(text: str) -> list[str]:
    """The words of a text as models/prose_context.json counts them: lower case without the
    marks around them, amounts and numbers as "#", a full stop after a word as a word of its
    own "."; a token of marks only is "" (no neighbour)."""
    out: list[str] = []
    for token in text.split():
        core = token.strip("\"'“”‘’()[]{},;:!?.")
        if _CONTEXT_NUMBER.fullmatch(core):
            out.append("#")
        else:
            out.append(core.lower() if any(ch.isalpha() for ch in core) else "")
        if token.rstrip("\"'”’)]").endswith("."):
            out.append(".")
    return out


class ProseContext:
    """Which words real filings write after a word and before a word (models/
    prose_context.json)."""

    def __init__(self, pairs: dict[str, int]) -> None:
        self.after: dict[str, dict[str, int]] = {}
        self.before: dict[str, dict[str, int]] = {}
        for key, n in pairs.items():
            a, b = key.split(" ", 1)
            self.after.setdefault(a, {})[b] = n
            self.before.setdefault(b, {})[a] = n

    def between(self, left: str, right: str) -> dict[str, int]:
        """Words written between ``left`` and ``right``, with the rarer pair's count."""
        after, before = self.after.get(left, {}), self.before.get(right, {})
        return {w: min(n, before[w]) for w, n in after.items() if w in before}


_BROKEN_WORD = re.compile(r"^([A-Za-z]+)([.,;:]?)$")
_LOST_GLYPHS = ("", "i", "l")  # thin letters a worn print loses, leaving a space or nothing


def mend_broken_words(text: str, vocab: Vocabulary, common: int = 20) -> tuple[str, list[str]]:
    """Words a worn print broke or glued, put back when the filings' words say how: a word
    split where a thin letter was lost or read as a space ("pr ces" -> "prices", "rang ng" ->
    "ranging", "p an" -> "plan", "Em ployee" -> "Employee": one part no word, the whole a
    word the filings write ``common`` times or more), and two short words run together
    ("ofthe", "toa", "ona": no word, both parts among the filings' commonest)."""
    def word(w: str) -> bool:  # a word as written ("a" and "I" the only ones of one letter)
        return vocab.known(w) and (len(w) > 1 or w in ("a", "I", "A"))

    def count(w: str) -> int:
        return 10 ** 5 if w == "a" else vocab.lower.get(w, 0)

    def join(a: re.Match[str] | None, b: re.Match[str] | None) -> str | None:
        if not a or not b or a.group(2) or (word(a.group(1)) and word(b.group(1))):
            return None
        whole = next((a.group(1) + g + b.group(1) for g in _LOST_GLYPHS
                      if vocab.lower.get((a.group(1) + g + b.group(1)).lower(), 0) >= common),
                     None)
        return whole if whole and (whole[1:].islower() or whole[1:].isupper()) else None

    tokens = text.split(" ")
    out: list[str] = []
    for i, token in enumerate(tokens):
        m = _BROKEN_WORD.match(token)
        prev = _BROKEN_WORD.match(out[-1]) if out else None
        joined = join(prev, m)
        # "the re port": the scrap joins either way, so neither is taken
        if joined and not (i + 1 < len(tokens) and join(m, _BROKEN_WORD.match(tokens[i + 1]))):
            out[-1] = joined + (m.group(2) if m else "")
            continue
        if m and m.group(1).islower() and len(m.group(1)) >= 3 and not vocab.known(m.group(1)):
            word_ = m.group(1)
            splits = [(min(count(word_[:k]), count(word_[k:])), k)
                      for k in range(1, len(word_))]
            best, k = max(splits)
            if best >= 50 * common:
                out.append(f"{word_[:k]} {word_[k:]}{m.group(2)}")
                continue
        out.append(token)
    fixed = " ".join(out)
    return fixed, (["repaired:spelling"] if fixed != text else [])


def mend_in_context(text: str, context: ProseContext, vocab: Vocabulary) -> tuple[str, list[str]]:
    """Words OCR garbled beyond a spelling mend, read from their neighbours: "tax withieidine
    obligations" is "tax withholding obligations" when "withholding" is the word real filings
    write between "tax" and "obligations" that looks most like what was read (and clearly
    more than any other). Only unknown words in lower case are mended: never a name, a number
    or a known word."""
    from rapidfuzz import fuzz

    raw = text.split(" ")
    ctx = [context_tokens(t) for t in raw]
    out = list(raw)
    for i, token in enumerate(raw):
        short = _short_word_in_context(raw, ctx, i, context)
        if short is not None:
            out[i] = short
            continue
        m = _TOKEN.match(token)
        if not m or i == 0:
            continue
        lead, word, trail = m.groups()
        # (a capital at the head of a garble inside a sentence, "weighted Soarace price",
        # only where the filings write one word alone: names stand there too)
        capital = word[:1].isupper() and word[1:].islower() and not lead and not trail and \
            raw[i - 1].isalpha() and raw[i - 1].islower() and i + 1 < len(raw) and \
            raw[i + 1][:1].islower()
        if len(word) < 3 or not word.replace("'", "").isalpha() or \
                not (word[:1].islower() or capital) or vocab.known(word) or not ctx[i - 1]:
            continue
        left = ctx[i - 1][-1]
        right = "." if len(ctx[i]) > 1 else (ctx[i + 1][0] if i + 1 < len(raw) and ctx[i + 1]
                                              else "")
        if not left or not right:
            continue
        low = word.lower()
        between = context.between(left, right)
        scored = sorted(((fuzz.ratio(low, cand), cand) for cand in between
                         if len(cand) >= 3 and 0.6 <= len(cand) / len(low) <= 1.6),
                        reverse=True)
        if not scored or (len(scored) > 1 and scored[1][0] > scored[0][0] - 10):
            continue
        # The only word filings write there, and often ("These sieieie were" -> "shares"),
        # needs less likeness than one of several.
        sole = len(between) == 1 and between[scored[0][1]] >= 20
        if capital and not sole:
            continue
        # a long word read clean that the filings do not use ("director by deputization")
        # is no garble of a word half unlike it ("securities")
        if scored[0][0] < max(25 if sole else 40, 50 if len(low) >= 8 else 0):
            continue
        near = vocab.nearest(low, 2) if len(low) >= 5 else None
        if near and near != scored[0][1] and fuzz.ratio(low, near) >= scored[0][0] + 15:
            continue  # "a trusice": a word two slips away ("trustee") is likelier than
            # any the neighbours call for ("transaction")
        out[i] = lead + vocab.as_written(scored[0][1]) + trail
    mended = " ".join(out)
    return mended, (["repaired:context-word"] if mended != text else [])


def mend_real_words(text: str, context: ProseContext, common: int = 20) -> tuple[str, list[str]]:
    """A word OCR turned into another word ("the reporting peer disclaims", "these shaves
    except"): in lower case between two words in lower case, written after neither of them
    in real filings, where the filings write one word between them often (``common`` times
    or more) that looks like it (rapidfuzz ratio 60 or more) and clearly more than any other."""
    from rapidfuzz import fuzz

    raw = text.split(" ")
    out = list(raw)
    for i in range(1, len(raw) - 1):
        m = re.fullmatch(r"([a-z]{3,})", raw[i])
        if not m or not re.fullmatch(r"[a-z']+", raw[i - 1]) or \
                not re.fullmatch(r"[a-z']+[.,;:]?", raw[i + 1]):
            continue
        word, left, right = m.group(1), raw[i - 1], raw[i + 1].rstrip(".,;:")
        if context.after.get(left, {}).get(word) or context.before.get(right, {}).get(word):
            continue
        scored = sorted(((fuzz.ratio(word, cand), cand)
                         for cand, n in context.between(left, right).items()
                         if n >= common and cand.isalpha() and abs(len(cand) - len(word)) <= 2),
                        reverse=True)
        if scored and scored[0][0] >= 60 and (len(scored) == 1 or
                                               scored[1][0] <= scored[0][0] - 15):
            out[i] = scored[0][1]
    mended = " ".join(out)
    return mended, (["repaired:context-word"] if mended != text else [])


_SHORT_SLIP = re.compile(r"^([\"'“(]*)([A-Za-z]{2,4}|[2-489])([.,;:]?)$")


def mend_short_words(text: str, context: ProseContext, vocab: Vocabulary, common: int = 20
                     ) -> tuple[str, list[str]]:
    """A short word worn into another of its length ("as af the", "extent ol his", "request,
    tull information", "Phe option", "Bach restricted"), or an "a" read as a digit ("is 4
    weighted"): the word real filings write there (``common`` times or more) that differs
    from what was read in one letter, when the filings never write the word as read (a
    digit: never before the next word) and only one word fits. Mid-sentence only words in
    lower case; a sentence's first word (the text's first, or after a full stop) may be a
    capital's slip and keeps its capital."""
    raw = text.split(" ")
    ctx = [context_tokens(t) for t in raw]
    out = list(raw)
    for i, token in enumerate(raw):
        m = _SHORT_SLIP.match(token)
        if not m or i + 1 >= len(raw) or not ctx[i + 1] or ctx[i + 1][0] in ("", "#", "."):
            continue
        lead, word, trail = m.groups()
        right = ctx[i + 1][0]
        first = i == 0 or (len(ctx[i - 1]) > 0 and ctx[i - 1][-1] == ".")
        left = None if i == 0 else (ctx[i - 1][-1] if ctx[i - 1] else "")
        if left == "" or (trail == "." and len(word) > 1):
            continue
        digit = word.isdigit()
        if digit:
            if first or context.before.get(right, {}).get("#"):
                continue
            shapes = {"a"}
        else:
            if not (word.islower() or first and word[0].isupper() and word[1:].islower()):
                continue
            if word.lower() in vocab.lower:
                continue  # a word of the filings ("nor"): read right
            shapes = None
        if left is None:
            between = dict(context.before.get(right, {}))
        else:
            between = context.between(left, right)
        fits = sorted(((n, c) for c, n in between.items() if n >= common and c.isalpha() and (
            c in shapes if shapes is not None else
            len(c) == len(word) and sum(a != b for a, b in zip(c, word.lower(), strict=True)) == 1
        )), reverse=True)
        if not fits or len(fits) > 1 and fits[1][0] * 5 > fits[0][0]:
            continue
        best = fits[0][1]
        if word[:1].isupper():
            best = best[:1].upper() + best[1:]
        out[i] = lead + best + trail
    mended = " ".join(out)
    return mended, (["repaired:context-word"] if mended != text else [])


# Glyphs a worn print turns a short word's letters into ("Column 4 1S a", "price 15 a").
_GLYPH_LETTERS = {"1": "il", "I": "il", "l": "il", "|": "il", "!": "il", "i": "i", "5": "s",
                  "S": "s", "s": "s", "8": "s", "0": "o", "O": "o", "o": "o"}


def _short_word_in_context(raw: Sequence[str], ctx: Sequence[list[str]], i: int,
                           context: ProseContext) -> str | None:
    """A two-letter word whose glyphs came out as digits or capitals mid-sentence ("is" read
    "1S", "15", "18", "iS"), between a word (or a number) and a word in lower case: the word
    real filings write there (20 times or more) that the glyphs can stand for, when only one
    can."""
    token = raw[i]
    if i == 0 or i + 1 >= len(raw) or len(token) != 2 or token.islower() and token.isalpha():
        return None
    if not all(ch in _GLYPH_LETTERS for ch in token) or not ctx[i - 1] or not ctx[i + 1]:
        return None
    nxt = raw[i + 1]
    if len(ctx[i - 1]) > 1 or not (nxt[:1].islower() and nxt.rstrip(".,;").isalpha()):
        return None  # a sentence ended before it, or no word in lower case after it
    left, right = ctx[i - 1][-1], ctx[i + 1][0]
    between = context.between(left, right)
    shapes = {a + b for a in _GLYPH_LETTERS[token[0]] for b in _GLYPH_LETTERS[token[1]]}
    fits = [w for w in shapes if between.get(w, 0) >= 20]
    return fits[0] if len(fits) == 1 else None


_QUOTES = re.compile(r'["“”]')


def drop_note_specks(text: str) -> tuple[str, list[str]]:
    """Marks a footnote never holds, read from specks: a lone double quote ('These "shares
    were sold'; of the 3,266 notes in the EDGAR ownership XML we hold, one has an unpaired
    double quote), '»', '«', '•', '~' and '*' (none, none, none, one and none of them), and a
    double quote read for the apostrophe of a possessive ('Issuer"s')."""
    t = re.sub(r'(?<=[A-Za-z])["“”](?=s\b)', "'", text)
    if len(_QUOTES.findall(t)) == 1:
        t = _QUOTES.sub("", t)
    t = re.sub(r"\s*[»«•~*]+\s*(?=[-\w])|(?<=\w)[»«•~*]+(?=[\s,.;]|$)",
               lambda m: " " if " " in m.group(0) or (m.start() and t[m.start() - 1].isalnum()
                                                      and t[m.end():m.end() + 1].isalpha())
               else "", t)
    t = re.sub(r"\s+[»«•~*]+(?=\s|$)", "", t)
    t = re.sub(r"\s{2,}", " ", t).strip()
    return t, (["repaired:note-debris"] if t != text.strip() else [])


_NOTE_ABBREVIATIONS = frozenset({"inc", "ltd", "l.p", "corp", "co", "no", "nos", "etc",
                                 "approx", "u.s", "e.g", "i.e", "vs", "mr", "ms", "mrs", "dr",
                                 "jr", "sr", "st", "llc", "l.l.c", "n.a", "p.c", "s.a"})
_DOUBLED_WORDS = frozenset({"as", "in", "of", "to", "on", "by", "and", "or", "a", "an", "is"})


# "Rule 10b5-1 trading plan" as a fax garbles the rule's number: "106b5-1", "1Qb5-1", "1065-1",
# "10b51", "16b5-1", "1@b5-1", "Rule - 10b5-1" (a plan under Rule 10b5-1 is the only trading
# plan real notes name by rule).
_RULE_10B5_1 = re.compile(r"\bRule\s*([-.~]?)\s*([0-9A-Za-z@}\]|!]{3,5}\s*[-~.]?\s*[0-9Il|]?)"
                          r"(?=(?:\(c\))?\s+(?:trading\s+|sales\s+|purchase\s+)?plans?\b)")


_RULE_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "Q": "0", "S": "5", "s": "5", "}": "1",
                                  "]": "1", "|": "1", "l": "1", "I": "1", "i": "1", "!": "1"})


def comma_speck(text: str, *, glued: bool = False) -> str:
    """A speck read as a stop after a comma: "Holdings,. Inc." -> "Holdings, Inc." (no
    real note, name or address writes ",."). With ``glued`` also before a word it touches
    ("shares,.the" -> "shares, the")."""
    t = re.sub(r",\.(?=\s|$)", ",", text)
    return re.sub(r",\.\s*(?=[A-Za-z])", ", ", t) if glued else t


def _rule_10b5_1(m: re.Match[str]) -> str:
    number = re.sub(r"\s", "", m.group(2))
    if edit_distance(number.translate(_RULE_LOOKALIKES), "10b5-1", 1) <= 1 and \
            number != "10b5-1":
        return "Rule 10b5-1"  # "}ObS-1": look-alikes of its digits
    if edit_distance(number, "10b5-1", 2) <= 2 and number[:1] in "1iIl|" and (
            number != "10b5-1" or m.group(1)):
        return "Rule 10b5-1"
    return m.group(0)


# A fund's or partnership's numeral read with look-alikes ("Fund Vi, L.P.", "Fund Ill, LP",
# "Partners VIL. L.P."): the numeral in capitals, before the entity's suffix.
_FUND_NUMERAL = re.compile(r"\b((?:Fund|Partners|Ventures|Investors|Holdings|Capital) )"
                           r"((?=[IVXLivxl1|\]]*[Livxl1|\]])[IVXLivxl1|\]]{1,4})"
                           r"(?=[.,]? ?(?:L\.?P\.?|LLC|Ltd)\b)")


def _roman(numeral: str) -> str:
    upper = numeral.translate(str.maketrans("ivxlL1|]", "IVXIIIII"))
    if re.fullmatch(r"X{0,3}(IX|IV|V?I{0,3})", upper) and upper:
        return upper
    return numeral


def series_d_mended(text: str) -> str:
    """A series' or class's D read as a bar and a bracket ("Series 1) Convertible", "Class
    I) Common"): a closing bracket no opening one goes with."""
    return re.sub(r"\b(Series|Class)\s+[1lI|]\)(?=\s)", r"\1 D", text)


def mend_note_slips(text: str, vocab: Vocabulary | None = None) -> tuple[str, list[str]]:
    """Slips in a footnote's running text that real notes never make (the 3,266 notes of the
    EDGAR ownership XML we hold): a stop before a lower-case word other than after "Inc",
    "Ltd", "L.P." or "Corp" ("a. weighted", "shares. withheld"), a stop glued between a
    number or word and the next word ("723.shares", "services.as"), a function word read
    twice ("as as practicable"), a letter read twice as a word of its own ("Stock k
    Purchase", "sold i in"), "person 's", "10b5 - 1", "inclusive.-The", "$102.50. to".
    A stop goes only before a word of ``vocab``: before noise it may end the note's text."""
    def stop_before_lower(m: re.Match[str]) -> str:
        word, after = m.group(1), m.group(2)
        keep = word.lower().strip("(\"'") in _NOTE_ABBREVIATIONS or \
            word[:1].isupper() and len(word) <= 4 or vocab is None or not vocab.known(after)
        return m.group(0) if keep else f"{word} {after}"

    t = re.sub(r"(?<!\S)(\S*[A-Za-z])\.\s+([a-z]+)\b", stop_before_lower, text)
    t = re.sub(r"(?<=\d)\.(?=[a-z]{2})|(?<=[a-z]{3})\.(?=[a-z]{2})", " ", t)
    t = re.sub(r"\b10b5\s*[-–~]\s*1\b", "10b5-1", t)
    t = re.sub(r"(?<=\b10b5-1)[-–~](?=trading\b)", " ", t)  # "10b5-1-trading plan"
    t = re.sub(r"\b[Il|]st(?= [a-z])", "1st", t)  # "the Ist anniversary": no word "Ist"
    t = re.sub(r"\bClass 4(?= (?:Common|Ordinary|Preferred)\b)", "Class A", t)  # no "Class 4"
    t = series_d_mended(t)
    t = _RULE_10B5_1.sub(_rule_10b5_1, t)
    t = _FUND_NUMERAL.sub(lambda m: m.group(1) + _roman(m.group(2)), t)
    t = re.sub(r"(?<=\w)\s+'s\b", "'s", t)
    t = re.sub(r"\.-(?=[A-Z][a-z])", ". ", t)
    t = re.sub(r"(\$\d[\d,]*\.\d{2,4})\.(?=\s+to\s+\$)", r"\1", t)
    # Specks no real note has: a quote after a word other than a plural's ("this' Form"), a
    # dash before a word ("shares -except"), ".:" and ",."; a dash after a word and before a
    # space joins a hyphenated word real notes write ("non- employee") and goes otherwise
    # ("The- transactions"); a year ending a sentence is followed by a capital.
    t = re.sub(r"\b([A-Za-z]*[a-rt-z]|this|is|was|has|as|its|his|thus)'(?=\s)(?!\s+s\b)",
               r"\1", t)
    t = re.sub(r"(?<=\s)-(?=[a-z]{2})", "", t)
    # a defined name in brackets with half its quotes worn off ('("Sponsor)', '( "Sponsor")'),
    # or all of them where it ends a clause ('(Sponsor).'; real notes quote a single
    # capitalised word so, "Aggregator (Jersey) L.P." is a name)
    t = re.sub(r"\(\s*(?:[\"“”]\s*([A-Z][a-z]{3,})\s*|([A-Z][a-z]{3,})\s*[\"“”]\s*)\)",
               lambda m: f'("{m.group(1) or m.group(2)}")', t)
    t = re.sub(r"\(([A-Z][a-z]{3,})\)(?=[.,;]|$)", r'("\1")', t)
    t = re.sub(r"\.:", ".", t)
    t = comma_speck(t, glued=True)

    def dash_space(m: re.Match[str]) -> str:
        joined = f"{m.group(1)}-{m.group(2)}"
        return joined if vocab is not None and vocab.known(joined) else \
            f"{m.group(1)} {m.group(2)}"

    t = re.sub(r"\b([A-Za-z]+)- (?!(?:and|or|to)\b)([a-z]+)\b", dash_space, t)
    t = re.sub(r"\b((?:19|20)\d{2})\.\s+([a-z])", lambda m: f"{m.group(1)}. {m.group(2).upper()}",
               t)
    words = t.split(" ")
    out: list[str] = []
    for k, w in enumerate(words):
        nxt = words[k + 1] if k + 1 < len(words) else ""
        if out and w.lower() in _DOUBLED_WORDS and out[-1].lower() == w.lower():
            continue  # "as as"
        if len(w) == 1 and w in "bcdefghjklmnopqrstuvwxyz" and out and \
                out[-1][-1:].isalpha() and out[-1][-1:].islower() and nxt[:1].islower() and \
                nxt[:1].isalpha():
            continue  # "general g partner": no note of EDGAR's has a lone letter so
        if len(w) == 2 and w.isalpha() and w.islower() and out and \
                out[-1].lower().endswith(w) and len(out[-1]) > 3 and nxt[:1].islower() and \
                (vocab is None or w not in vocab):  # (no word of the filings' notes)
            continue  # "occurs rs following": the word's end read twice
        if len(w) == 1 and w.islower() and w != "a" and out and (
                out[-1][-1:].lower() == w or nxt[:1].lower() == w) and out[-1][-1:].isalpha() \
                and nxt[:1].isalpha():
            continue  # "Stock k Purchase", "sold i in"
        out.append(w)
    t = " ".join(out)
    return t, (["repaired:punctuation"] if t != text else [])


def tidy_note(text: str, vocab: Vocabulary | None = None, *,
              full_stop: bool = True) -> tuple[str, list[str]]:
    """A footnote as a sentence: specks and marker debris before the first word go
    ("- Represents", "° The"), a few stray tokens after the last full stop go ("therein. NW",
    "price. t": stamps and noise read as text), a full stop read as ':' or ',' is mended and a
    lost one restored: footnotes of real filings end with a full stop (99 % of the 3,265 in
    the EDGAR ownership XML we hold). With ``vocab``, a longer tail of noise after the last
    full stop goes too. Remarks end less regularly (73 %): ``full_stop=False`` adds none
    unless they read as prose."""
    note, flags = _tidy_note(text, vocab, full_stop=full_stop)
    if full_stop and note:
        note, slip_flags = mend_note_slips(note, vocab)
        flags += slip_flags
    return note, flags


_NOISE_MARKS = frozenset("&[]{}|\\<>=+*#@~_")
# Words that run prose on: a tail holding one is text, not a stamp.
_PROSE_GLUE = frozenset("the of and to in by for on with from that which is are was be as or "
                        "an its his her their".split())


def _noise_token(token: str, vocab: Vocabulary) -> bool:
    """A token no note is written with: a mark alone ("-"), a sign inside it ("S&q", "[V1"),
    letters and digits mixed ("V1"), a case no word takes ("SEc", "lL"), or a lower-case
    scrap of three letters at most that is no word ("ey", "nls")."""
    t = token.strip(".,;:()'\"")
    if not t:
        return True
    if re.fullmatch(r"\(.+\)[.,;:]?", token) or re.fullmatch(r"[A-Z]{2,}s", t):
        return False  # "(PRSUs)", "RSUs": as written
    if any(ch in _NOISE_MARKS for ch in t) or re.search(r"[A-Za-z]\d|\d[A-Za-z]", t):
        return True
    if t not in (t.lower(), t.upper(), t.capitalize()):
        return True
    # (a longer one may be a misread word: "piace" for price)
    return t.islower() and t.isalpha() and len(t) <= 3 and not vocab.known(t)


def _noise_tail(text: str, vocab: Vocabulary) -> int | None:
    """Where a stamp read as text begins after a note's last word ("... children SEc IVED
    ey.", "... vesting [V1 Nod.", "... trustee S&q &o Stp VED 262."): a run of at most six
    short tokens ending the text, one of them noise (:func:`_noise_token`), after a word in
    lower case that the vocabulary knows (a sentence's end). None when there is none."""
    tokens = text.split(" ")
    start = max(1, len(tokens) - 6)
    short = [len(x.strip(".,;:()'\"")) <= 6 for x in tokens]
    while start < len(tokens) and not all(short[start:]):
        start += 1
    noise = [k for k in range(start, len(tokens)) if _noise_token(tokens[k], vocab)]
    if not noise:
        return None
    for k in range(noise[0], start - 1, -1):  # the tail opens after the last word it can
        before = tokens[k - 1].rstrip(".,;:")
        if any(x.strip(".,;:").lower() in _PROSE_GLUE for x in tokens[k:]):
            return None
        if before.isalpha() and before.islower() and len(before) >= 4 and vocab.known(before):
            return len(" ".join(tokens[:k]))
    return None


def _garble_tail(text: str, vocab: Vocabulary) -> int | None:
    """Where a longer run of garble ends a note (a stamp or a scribble read as text, "...
    price. egin aie? os sec G32 ae aa.", "... date oe NAL Wy SV Rer eS MW oNTS Qos"): five
    tokens or more to the end, the first no number, with no word that runs prose on, no
    known word of four letters or more and at most one in five of three, after a known word.
    None when there is none."""
    tokens = text.split(" ")
    cut = None
    for k in range(len(tokens) - 5, 0, -1):
        tail = [x.strip(".,;:()'\"?!") for x in tokens[k:]]
        if any(x.lower() in _PROSE_GLUE for x in tail):
            break
        known = [x for x in tail if len(x) >= 3 and x.isalpha() and vocab.known(x)
                 and x in (x.lower(), x.capitalize(), x.upper())]
        if any(len(x) >= 4 for x in known):
            break  # a word of the note's own ("voluntarily", "February")
        before = tokens[k - 1].strip(".,;:()'\"")
        # (it opens with a letter or a mark, not a number: "15, 2003." ends a date)
        opens = not any(ch.isdigit() for ch in tail[0]) and not known[:1] == tail[:1]
        # (after a word a note may end with: not "the")
        if 5 * len(known) <= len(tail) and opens and before.isalpha() and \
                len(before) >= 3 and vocab.known(before) and before.lower() not in _PROSE_GLUE:
            cut = len(" ".join(tokens[:k]))
    return cut


def _tidy_note(text: str, vocab: Vocabulary | None, *, full_stop: bool
               ) -> tuple[str, list[str]]:
    t = text.strip()
    flags: list[str] = []
    if full_stop:
        t, speck_flags = drop_note_specks(t)
        flags += speck_flags
    # The form's own small print run on after the last note ("** Intentional misstatements
    # or omissions of facts constitute Federal Criminal Violations ...", "Reminder: Report
    # on a separate line ..."): never part of a filing's note.
    cut = _FORM_SMALL_PRINT.search(t)
    if cut and cut.start() > 0:
        t, flags = t[:cut.start()].rstrip(), ["repaired:note-debris"]
    stamp = _STAMP_TAIL.search(t)
    if stamp:
        t, flags = t[:stamp.start(1)].rstrip(), flags + ["repaired:note-debris"]
    end = re.sub(r"\s*[-~_|'\"]+$", "", t)  # "therein -": a speck after the last word
    if end != t and end:
        t, flags = end, ["repaired:note-debris"]
    t = re.sub(r"(?<=[a-z0-9])\.\.(?=\s|$)", ".", t)  # "inclusive.." (not an ellipsis)
    lead = _NOTE_LEAD.sub("", t)
    if lead != t:
        t, flags = lead, ["repaired:note-debris"]
    if not t:
        return t, flags
    # Remarks written as prose end with a full stop like notes; headings do not ("Exhibit 24
    # - Power of Attorney", "Title: Senior Vice President of ..."; EDGAR's XML: all 64 prose
    # remarks we hold end with one, the 23 headings without).
    if vocab is not None:
        cut_at = _noise_tail(t, vocab)
        if cut_at is None:
            cut_at = _garble_tail(t, vocab)
        if cut_at is not None:
            t, flags = t[:cut_at].rstrip(" ,;:"), flags + ["repaired:note-debris"]
    words = t.split()
    full_stop = full_stop or (len(words) >= 8 and
                              sum(w[:1].islower() for w in words) >= 0.5 * len(words))
    if _SENTENCE_END.search(t) and vocab is not None:
        # A stamp read after the last sentence, with a point of its own ("price. TYE ne.",
        # "therein. A 4."): a "sentence" of two or three tokens, none a word.
        stop = max(t.rfind(". ", 0, len(t) - 1), t.rfind(".) ", 0, len(t) - 1))
        last = t[stop:].split(" ", 1)[1] if stop > 0 else ""
        tokens = [w.strip(".,;:()'\"") for w in last.split()]
        if 2 <= len(last.split()) <= 3 and not any(
                w.isalpha() and len(w) > 2 and vocab.known(w) for w in tokens):
            t = t[:stop + 1]
            flags.append("repaired:note-debris")
    if not _SENTENCE_END.search(t):
        stop = max(t.rfind(". "), t.rfind(".) "), t.rfind('." '))
        tail = t[stop:].split(" ", 1)[1] if stop > 0 else ""
        tail_words = tail.split()
        short = len(tail_words) <= 3 and not (tail_words and tail_words[0][:1].isupper()
                                                and len(tail_words) == 3)
        if stop > 0 and (short or _garbage_tail(tail, vocab)):
            t = t[:stop + 1] if t[stop:stop + 2] == ". " else t[:t.index(" ", stop)]
            flags.append("repaired:note-debris")
        elif full_stop and re.search(r"\w[:,;]$", t):
            t = t[:-1] + "."
            flags.append("repaired:full-stop")
        elif full_stop and re.search(r"[A-Za-z0-9]$", t):
            t += "."
            flags.append("repaired:full-stop")
    return t, flags


def _join_torn_words(text: str, vocab: Vocabulary) -> tuple[str, bool]:
    """'Common St k' -> 'Common Stock': a word whose middle letters were lost to a speck or a
    gap, read as two scraps. Taken when exactly one known word of five letters or more starts
    with the first scrap and ends with the second, one or two letters longer."""

    def fuse(a: str, b: str) -> str | None:
        tail = b.rstrip(",.")
        if not (a.isalpha() and tail.isalpha()) or (a in vocab and tail in vocab):
            return None
        fits = [w for n in (len(a) + len(tail) + 1, len(a) + len(tail) + 2)
                for w in vocab.by_len.get(n, ()) if n >= 5
                and w.startswith(a.lower()) and w.endswith(tail.lower())]
        return match_case(a, fits[0]) + b[len(tail):] if len(fits) == 1 else None

    return _join_pairs(text, fuse)


def mend_title_words(text: str, vocab: Vocabulary) -> tuple[str, list[str]]:
    """A security title with one-letter slips mended against the words of real titles
    ("Common Steck", "Coqmmon Stock", "COMON STOCK"): only words of five letters or more that
    are one edit from exactly one nearest known word."""
    text, torn = _join_torn_words(text, vocab)
    detached = _detached_capital(text, vocab)
    torn, text = torn or detached != text, detached
    slid = _letter_slid_back(text, vocab)
    torn, text = torn or slid != text, slid
    # "Common Stock par value $0.001 per share": the comma before "par value" lost (EDGAR's
    # XML writes it after the class name in 21 titles of 21; "no par value" and "$0.01 par
    # value" take none).
    comma = re.sub(r"(?<=[A-Za-z])(?<!\bno)(?<!without)\s+(?=par value\b)", ", ", text)
    # "Non -Qualified", "Non-(Quatified": a speck or a space beside the hyphen of "Non-"
    # (filers write "Non- Qualified", with a space after the hyphen, too: it stays)
    comma = re.sub(r"\b(Non|NON|non)(?:\s+-\s*|-\s*[(\[{])(?=[A-Za-z])", r"\1-", comma)
    out, changed = [], torn or comma != text
    text = comma
    for token in text.split(" "):
        m = _TOKEN.match(token)
        if m and m.group(2).isalpha() and len(m.group(2)) == 4 and m.group(2) not in vocab:
            # a four-letter scrap of a common word whose first letter the cell's rule took
            # ("lass A Common Stock", "Common tock")
            head = _lost_first_letter(m.group(2), vocab)
            if head:
                # in capitals as the title's other words are ("Common Stock")
                words = [t for t in text.split(" ") if t[:1].isalpha() and t != token]
                if m.group(2).isupper():
                    head = head.upper()
                elif words and sum(t[:1].isupper() for t in words) * 2 > len(words):
                    head = head.capitalize()
                out.append(m.group(1) + head + m.group(3))
                changed = True
                continue
        if not m or not m.group(2).isalpha() or len(m.group(2)) < 5:
            out.append(token)
            continue
        lead, word, trail = m.groups()
        if word in vocab:
            slip = vocab.common_slip(word)  # "Commonn": a slip a few filings made too
            if slip:
                out.append(lead + match_case(word, slip) + trail)
                changed = True
            else:
                out.append(token)
            continue
        near = _glyph_mend(word, vocab) or vocab.nearest(word, 1)  # "Cominon": m read "in"
        if near:
            out.append(lead + match_case(word, near) + trail)
            changed = True
        else:
            out.append(token)
    return " ".join(out), (["repaired:spelling"] if changed else [])


def _detached_capital(text: str, vocab: Vocabulary) -> str:
    """A word's capital read apart from the rest ("C Common Stock", "Cc ommon Stock",
    "C 'omnion Stock", "S eries A"): the title's first word joined again when the rest is
    the word, or the capital and the rest make it (a slip or two the later mends take). A
    letter inside a title names a class or a tranche ("Tranche C Common Share ...")."""
    toks = text.split(" ")
    if len(toks) < 2 or not re.fullmatch(r"[A-Z][a-z]?|[a-z]", toks[0]):
        return text
    m = re.fullmatch(r"[`'‘’]?([A-Za-z][a-z]{2,})(\W*)", toks[1])
    if not m:
        return text
    a, (rest, tail) = toks[0], m.groups()
    joined = a[0].lower() + rest
    if rest[0].lower() == a[0].lower() and rest in vocab:
        word = rest.lower()
    elif rest[0].islower() and rest not in vocab and (
            joined in vocab or _glyph_mend(joined, vocab)):
        word = joined
    else:
        return text
    return " ".join([(word.capitalize() if a[0].isupper() else word) + tail, *toks[2:]])


def _letter_slid_back(text: str, vocab: Vocabulary) -> str:
    """A word's first letter read onto the end of the word before it ("Class BC ommon
    Stock"): moved back where the word then is a known one and what is left before it is a
    known word too or a class letter ("B")."""
    toks = text.split(" ")
    for i in range(1, len(toks)):
        before, word = toks[i - 1], toks[i]
        if len(before) < 2 or not before[-1].isalpha() or not word.isalpha() or \
                len(word) < 3 or word in vocab:
            continue
        rest, whole = before[:-1], before[-1] + word
        if whole in vocab and (rest in vocab or re.fullmatch(r"[A-Z]", rest)):
            toks[i - 1], toks[i] = rest, whole
    return " ".join(toks)


def _lost_first_letter(word: str, vocab: Vocabulary, common: int = 1000) -> str | None:
    """The one common word (``common`` times or more) that ``word`` is without its first
    letter: "lass" -> "class", "tock" -> "stock"."""
    low = word.lower()
    found = [c + low for c in "abcdefghijklmnopqrstuvwxyz"
             if vocab.lower.get(c + low, 0) >= common]
    return found[0] if len(found) == 1 else None


def _looks_misread(tokens: list[str], vocab: Vocabulary | None) -> bool:
    """A span of words worth replacing: empty (words OCR dropped), or holding a word that is
    no known word or stray punctuation ("fegeiding", "'in", "of.")."""
    if not tokens:
        return True
    for t in tokens:
        m = _TOKEN.match(t)
        if not m or m.group(1) or (m.group(3) and m.group(3) not in {",", ".", ";", ":", ")"}):
            return True
        word = m.group(2)
        if vocab is not None and word not in vocab and word.lower() not in _SHORT_WORDS:
            return True
    return False


def _letters(tokens: Sequence[str]) -> str:
    return "".join(ch for t in tokens for ch in t if ch.isalnum())


def _kept_by_peer(opcodes: Sequence[tuple[str, int, int, int, int]], n: int) -> tuple[
        list[bool], list[bool]]:
    """Which words of a text a peer reads the same (inside an equal run of the alignment), and
    which gaps between words it leaves empty (gap k lies before word k)."""
    words, gaps = [False] * n, [False] * (n + 1)
    for tag, i1, i2, _j1, _j2 in opcodes:
        if tag == "equal":
            words[i1:i2] = [True] * (i2 - i1)
            gaps[i1 + 1:i2] = [True] * max(0, i2 - i1 - 1)
    return words, gaps


def consensus_texts(texts: Sequence[str], vocab: Vocabulary | None = None,
                    min_ratio: float = 0.8) -> list[tuple[str, bool]]:
    """Boilerplate read several times: a filing often repeats one footnote with only the
    numbers changed ("The price reported in Column 4 is a weighted average price ... from
    $15.63 to $16.03 ..."). Each text is aligned word by word with the others that are nearly
    the same; where two thirds of them (at least two) read a span the same way and this text's
    reading of it looks misread (dropped words, unknown words, stray marks), theirs is taken.
    Where the peers' reading differs only in punctuation ("Issuer" and "Issuer,"), or this
    reading looks misread and resembles theirs ("Commission ly" and "Commission,"), more peers
    reading it their way than this text's way is enough: small marks are what a worn scan loses.
    Spans whose digits differ are never touched: those are what differs from note to note.
    Returns (text, changed)."""
    from difflib import SequenceMatcher

    toks = [t.split(" ") if t else [] for t in texts]
    out: list[tuple[str, bool]] = []
    for i, a in enumerate(toks):
        peers = [b for j, b in enumerate(toks) if j != i and b and
                 SequenceMatcher(None, a, b, autojunk=False).ratio() >= min_ratio]
        if len(peers) == 1:
            new = _mend_from_twin(a, peers[0], vocab)
            out.append((" ".join(new), new != a))
            continue
        if len(peers) < 2:
            out.append((texts[i], False))
            continue
        new = _mend_from_peers(a, peers, vocab)
        out.append((" ".join(new), new != a))
    return out


def _mend_from_twin(a: list[str], b: list[str], vocab: Vocabulary | None) -> list[str]:
    """:func:`consensus_texts` for a text with one near-identical twin ("... L.P. The
    reporting person may be deemed to share voting and dispositive power ..." once per fund).
    With no third reading to outvote either, only what is plainly misread here and plainly
    read there is taken: a non-word that resembles the twin's known word ("amd" for "and"),
    a stray non-word the twin does not have. A word only the twin has is not (real twins
    differ so: "the general partner", "the sole general partner"), nor are spans with digits
    that differ or known words on both sides."""
    from difflib import SequenceMatcher

    if vocab is None:
        return a
    new = list(a)
    ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in reversed(ops):
        if tag == "equal":
            continue
        seg_a, seg_b = a[i1:i2], b[j1:j2]
        if _letters(seg_a).strip("0123456789") != _letters(seg_a) or \
                any(ch.isdigit() for t in seg_b for ch in t):
            continue  # numbers: what differs from note to note
        if not seg_b:
            # A stray reading here (no word at all) the twin does not have.
            take = all(not any(ch.isalnum() for ch in t) or _looks_misread([t], vocab) and
                       len(_letters([t])) <= 2 for t in seg_a)
        elif not seg_a:
            take = False  # a word only the twin has may be one the notes differ by ("sole")
        else:
            take = len(seg_a) == len(seg_b) and _looks_misread(seg_a, vocab) and \
                not _looks_misread(seg_b, vocab) and SequenceMatcher(
                    None, " ".join(seg_a), " ".join(seg_b), autojunk=False).ratio() >= 0.6
        if take:
            new[i1:i2] = seg_b
    return new


def _mend_from_peers(a: list[str], peers: list[list[str]], vocab: Vocabulary | None
                     ) -> list[str]:
    """:func:`consensus_texts` for one text (words) and its near-identical peers."""
    from difflib import SequenceMatcher

    votes: dict[tuple[int, int, tuple[str, ...]], int] = {}
    kept_words, kept_gaps = [0] * len(a), [0] * (len(a) + 1)
    for b in peers:
        opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        words, gaps = _kept_by_peer(opcodes, len(a))
        kept_words = [k + w for k, w in zip(kept_words, words, strict=True)]
        kept_gaps = [k + g for k, g in zip(kept_gaps, gaps, strict=True)]
        for tag, i1, i2, j1, j2 in opcodes:
            if tag == "equal":
                continue
            seg_a, seg_b = a[i1:i2], b[j1:j2]
            digits_a = "".join(ch for t in seg_a for ch in t if ch.isdigit())
            digits_b = "".join(ch for t in seg_b for ch in t if ch.isdigit())
            if digits_a != digits_b:
                continue  # the numbers that differ from note to note
            key = (i1, i2, tuple(seg_b))
            votes[key] = votes.get(key, 0) + 1

    def taken(i1: int, i2: int, seg: tuple[str, ...], n: int) -> bool:
        if n < 2:
            return False
        misread = _looks_misread(a[i1:i2], vocab)
        if n >= max(2, -(-2 * len(peers) // 3)) and (n >= 3 or misread):
            return True
        # Peers that read this text's span the same way.
        support = kept_gaps[i1] if i1 == i2 else min(kept_words[i1:i2])
        if n <= support:
            return False
        if _letters(a[i1:i2]) == _letters(seg):
            return True
        return misread and n >= 3 and SequenceMatcher(
            None, " ".join(a[i1:i2]), " ".join(seg), autojunk=False).ratio() >= 0.6

    # The best-supported reading of each span first; overlapping edits are skipped.
    chosen: list[tuple[int, int, tuple[str, ...]]] = []
    for (i1, i2, seg), n in sorted(votes.items(), key=lambda kv: -kv[1]):
        if not taken(i1, i2, seg, n):
            continue
        if any(i1 < c2 and c1 < i2 or (i1 == i2 and c1 <= i1 <= c2) or
               (c1 == c2 and i1 <= c1 <= i2) for c1, c2, _s in chosen):
            continue
        chosen.append((i1, i2, seg))
    new = list(a)
    for i1, i2, seg in sorted(chosen, reverse=True):
        new[i1:i2] = list(seg)
    return new


def strip_broken_marker(text: str) -> tuple[str, bool]:
    """'By Spouse)' -> 'By Spouse': a lone closing parenthesis left of a marker OCR lost."""
    if text.endswith(")") and text.count("(") < text.count(")"):
        return text[:-1].rstrip(), True
    return text, False


def split_broken_marker(text: str) -> tuple[str, str | None]:
    """'By Ventures II, L.P.2)' -> ('By Ventures II, L.P.', 'F2'): a footnote marker whose
    opening parenthesis OCR lost, its number glued to the word before."""
    m = re.search(r"(?<=[A-Za-z.])(\d{1,2})\)$", text)
    if m and text.count("(") < text.count(")") and 0 < int(m.group(1)) < 100:
        return text[:m.start()].rstrip(), f"F{int(m.group(1))}"
    m = re.search(r"(?<=[A-Za-z.])(?:[@©®°*]{1,2}\)?|[!?]{1,2}\))$", text)
    if m:  # 'L.P.@)', 'See footnote!!)': the marker read as a symbol, its number lost
        return text[:m.start()].rstrip(), ""
    # Markers run together and garbled: "See Footnotes'2)@)", "See Footnotes'?)\#)",
    # "See Footnotes(4": quotes, symbols, parentheses and one- or two-digit numbers, with a
    # parenthesis and a sign of a marker (a digit, a quote or a symbol), after a word.
    m = re.search(r"(?<=[A-Za-z.])['\"`‘’(\[{][\d@©®°*#?\\'\"`‘’(){}\[\]]{0,9}$", text)
    balanced = text.count("(") == text.count(")") and text.count('"') % 2 == 0 and \
        m is not None and m.group(0) in ('")', "')")  # '("Common Stock")' is as filed
    if m and re.search(r"[()]", m.group(0)) and not re.search(r"\d{3}", m.group(0)) and \
            re.search(r"[\d@©®°*#?\\'\"`‘’]", m.group(0)) and not balanced:
        numbers = [int(n) for n in re.findall(r"\d{1,2}", m.group(0)) if 0 < int(n) < 100]
        return text[:m.start()].rstrip(), f"F{numbers[0]}" if numbers else ""
    return text, None


# --- dates ----------------------------------------------------------------------------------

# Separators as printed ("/", "-", ".") or as a scan garbles the slash ("03°01/2021").
_DATE_RE = re.compile(r"(\d{1,2})\s*[/\-.°:]\s*(\d{1,2})\s*[/\-.°]\s*(\d{2,4})")
_LOOKALIKES = re.escape("OoDQlIi|!L][")  # of the digits 0 and 1
_MONTH_YEAR_RE = re.compile(r"^(\d{1,2})\s*[/\-.]\s*(\d{4}|\d{2})$")
_ISO_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _digitize(text: str) -> str:
    """Map letters OCR confuses with digits, but only inside runs that are mostly digits."""

    def fix(m: re.Match[str]) -> str:
        s = m.group(0)
        digits = sum(c.isdigit() for c in s)
        return s.translate(DIGIT_CONFUSIONS) if digits >= max(1, len(s) // 2) else s

    return re.sub(r"[0-9OoDQlIi|!LZzSsbGBgqTA\]\[]+", fix, text)


def _year(y: str) -> int | None:
    if len(y) == 4:
        return int(y)
    if len(y) == 2:
        v = int(y)
        return 2000 + v if v < 70 else 1900 + v
    return None


def parse_date(text: str | None) -> tuple[str | None, list[str]]:
    """'02/06/2023' -> '2023-02-06'; '02/06/20 23' (split digits) too; None when no date."""
    t = clean_text(text)
    if not t:
        return None, []
    flags: list[str] = []
    m = _ISO_RE.search(t)
    if m:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}", flags
    # A date as a whole ("LI/16/2018"): every look-alike of its parts is a digit, though a
    # part have none.
    shaped = re.fullmatch(rf"([\d{_LOOKALIKES}]{{1,2}})/([\d{_LOOKALIKES}]{{1,2}})/(\d{{4}})", t)
    fixed = t.translate(DIGIT_CONFUSIONS) if shaped else _digitize(t)
    if fixed != t:
        flags.append("repaired:ocr-digit")
    compact = re.sub(r"(?<=\d)\s+(?=\d)", "", fixed)
    if compact != fixed:
        flags.append("repaired:split-digits")
    m = _DATE_RE.search(compact)
    if not m:
        # the slashes lost or read as a space or a stop: "0413. 2022", "04 14.2022"
        bare = re.search(r"(?<!\d)(\d{2})[\s./-]?(\d{2})[\s./-]{0,2}((?:19|20)\d{2})(?!\d)", fixed)
        if bare and is_calendar_day(int(bare.group(3)), int(bare.group(1)), int(bare.group(2))) \
                and 1990 <= int(bare.group(3)) <= 2100:
            return (f"{bare.group(3)}-{bare.group(1)}-{bare.group(2)}",
                    flags + ["repaired:date-separators"])
        return None, []
    if ":" in m.group(0):
        flags.append("repaired:date-separators")  # "05:24/2011"
    month, day, year = int(m.group(1)), int(m.group(2)), _year(m.group(3))
    if year is None or not (1900 <= year <= 2100 and is_calendar_day(year, month, day)):
        digits = f"{m.group(1):0>2}{m.group(2):0>2}{m.group(3)}"
        fixes = one_digit_date_fixes(digits)
        if len(fixes) == 1:  # "93/30/2011": only 03/30/2011 is a date one digit away
            return fixes[0], flags + ["repaired:date-digit"]
        fixes = confusable_date_fixes(digits)
        if len(fixes) == 1:  # "11/67/2622": 0 read as 6 in a thin type, 11/07/2022
            return fixes[0], flags + ["repaired:date-digit"]
        return None, []
    return f"{year:04d}-{month:02d}-{day:02d}", flags


_TORN_YEAR = re.compile(r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2}(?!\d)\s*[^\w\s]*\s*\(?\d")


def torn_year(text: str) -> bool:
    """A date read with a two-digit year and digits after it ("08/29/20 :(4)", "08/08/20: 3"):
    the form prints the year whole, so the digits after are likely its last two, torn off and
    garbled (maybe into a footnote marker), and the year is in doubt."""
    return bool(_TORN_YEAR.search(text))


def is_calendar_day(year: int, month: int, day: int) -> bool:
    """A day the calendar has (no 30 February)."""
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def one_digit_date_fixes(digits: str) -> list[str]:
    """The valid dates (MMDDYYYY, 1990-2100) one changed digit away from what was read, when
    what was read is no date itself."""
    if len(digits) != 8 or not digits.isdigit() or _calendar_date(digits):
        return []
    return date_fixes(digits, 1)


# Digits a thin or broken type face turns into one another (0 and 6 the most).
_CONFUSABLE_DIGITS = {"0": "68", "6": "05", "8": "03", "5": "6", "3": "8", "1": "7", "7": "1"}


def _fewest_swaps(digits: str, most: int, valid: Callable[[str], str | None]) -> list[str]:
    """What ``valid`` makes of the digits after the fewest look-alike swaps (at most
    ``most``) for which it makes anything."""
    for changes in range(1, most + 1):
        out = {v for cand in _substitutions(digits, changes,
                                            lambda ch: _CONFUSABLE_DIGITS.get(ch, ""))
               if (v := valid(cand))}
        if out:
            return sorted(out)
    return []


def _substitutions(digits: str, changes: int, alphabet: Callable[[str], str]) -> Iterator[str]:
    """Every string made of ``digits`` by replacing exactly ``changes`` of them, each with a
    character of ``alphabet(digit)`` (a digit whose alphabet is empty stays)."""
    spots = [i for i, ch in enumerate(digits) if alphabet(ch)]
    for chosen in itertools.combinations(spots, changes):
        for repl in itertools.product(*(alphabet(digits[i]) for i in chosen)):
            cand = list(digits)
            for i, c in zip(chosen, repl, strict=True):
                cand[i] = c
            yield "".join(cand)


def confusable_date_fixes(digits: str, most: int = 3) -> list[str]:
    """The valid dates (MMDDYYYY read, 1990-2100) that the fewest swaps of look-alike digits
    (0/6, 0/8, 5/6, 3/8, 1/7; at most ``most``) make of what was read, when that is no date
    ("11/67/2622": 11/07/2022; "16/69/2617": 10/09/2017)."""
    if len(digits) != 8 or not digits.isdigit() or _calendar_date(digits):
        return []
    return _fewest_swaps(digits, most, _calendar_date)


def past_date_fixes(value: str, today: str) -> list[str]:
    """A date (ISO, or year-month) read after ``today`` where only a past date can stand (a
    transaction, the period of report): the dates on or before today that the fewest
    look-alike digit swaps make of it ("2069-07" for 2009-07)."""
    def past(d: str) -> str | None:
        iso = f"{d[:4]}-{d[4:6]}" + (f"-{d[6:]}" if len(d) == 8 else "")
        ok = (len(d) == 8 and _calendar_date(d[4:6] + d[6:] + d[:4]) == iso) or \
            (len(d) == 6 and 1 <= int(d[4:]) <= 12 and 1990 <= int(d[:4]))
        return iso if ok and "1990" <= iso <= today else None

    return _fewest_swaps(value.replace("-", ""), 2, past)


def _calendar_date(d: str) -> str | None:
    mo, dd, y = int(d[:2]), int(d[2:4]), int(d[4:])
    if 1990 <= y <= 2100 and is_calendar_day(y, mo, dd):
        return f"{y:04d}-{mo:02d}-{dd:02d}"
    return None


def date_fixes(digits: str, changes: int) -> list[str]:
    """The valid dates (ISO; MMDDYYYY read, 1990-2100) exactly ``changes`` digits away from
    the eight digits read."""
    return sorted({v for cand in _substitutions(digits, changes,
                                                lambda ch: "0123456789".replace(ch, ""))
                   if (v := _calendar_date(cand))})


def parse_month_year(text: str | None) -> tuple[str | None, list[str]]:
    """'03/1999' -> '1999-03' (the pre-2002 form's 'Month/Year' boxes)."""
    t = clean_text(text)
    if not t:
        return None, []
    full, flags = parse_date(t)
    if full:
        return full, flags
    fixed = _digitize(t).replace(" ", "")
    # (the caption read after it: "11/2010 (MonttVear)")
    m = _MONTH_YEAR_RE.search(fixed) or re.match(r"(\d{1,2})[/\-.](\d{4})(?=\(|$)", fixed)
    if not m:
        return None, []
    month, year = int(m.group(1)), _year(m.group(2))
    if year is None or not 1 <= month <= 12:
        return None, []
    return f"{year:04d}-{month:02d}", (["repaired:ocr-digit"] if fixed != t else [])


# --- numbers --------------------------------------------------------------------------------

_NUM_CHARS = re.compile(r"[^0-9.,\-]")


# Thousands commas with a point among them, the last group after a comma: "18.969,380" (a
# fraction comes last: "280,163.376")
_THOUSANDS_WITH_A_POINT = re.compile(r"\d{1,3}(?:[.,]\d{3})*\.\d{3}(?:,\d{3})+")


def parse_number(text: str | None, *, share_count: bool = False
                 ) -> tuple[int | float | None, list[str]]:
    """'46,274' -> 46274; '$121.02' -> 121.02; '40 5,274' -> 405274 (see checks for repairs).
    For share counts a point before groups of three digits ('24.377') is read as the
    thousands separator it almost always is on a scan."""
    t = clean_text(text)
    if not t:
        return None, []
    flags: list[str] = []
    if share_count and re.fullmatch(r"\d{1,3}(\.\d{3})+", t.replace(" ", "")):
        return int(t.replace(" ", "").replace(".", "")), ["repaired:thousands-point"]
    if share_count and _THOUSANDS_WITH_A_POINT.fullmatch(re.sub(r"(?<=[.,])\s+", "", t)):
        # "18.969, 380" (a space after a separator splits no group)
        return int(re.sub(r"[.,\s]", "", t)), ["repaired:thousands-point"]
    t = t.replace("$", "").replace("\u00a2", "").strip()
    confusable = set("0123456789,. ") | set(DIGIT_CONFUSION_KEYS)
    if t and set(t) <= confusable and re.search(r"[0-9OolIS]", t):
        fixed = t.translate(DIGIT_CONFUSIONS)  # a number field: every look-alike is a digit
    else:
        if not re.search(r"\d", t):
            return None, []
        fixed = _digitize(t)
    if fixed != t:
        flags.append("repaired:ocr-digit")
    compact = re.sub(r"(?<=[\d,.])\s+(?=[\d,.])", "", fixed)
    # A space after a thousands comma ("14, 250") splits no digit group: no repair.
    benign = re.sub(r"(?<=\d,)\s+(?=\d{3}\b)", "", fixed) == compact
    if compact != fixed and not benign:
        flags.append("repaired:split-digits")
    negative = compact.strip().startswith("(") and compact.strip().endswith(")")
    digits = _NUM_CHARS.sub("", compact)
    digits = digits.strip(",")
    if re.search(r"\d[.,]*\.$", digits):  # a speck after the number, read as a point
        digits = digits.rstrip(".,")
    if re.search(r"\d-+$", digits):  # a scrap of rule after the number, read as a dash
        digits = digits.rstrip("-")
        flags.append("repaired:trailing-dash")
    if not digits or not re.search(r"\d", digits):
        return None, []
    if share_count and re.fullmatch(r"\.\d+", digits):
        # ".63(1)": a speck before the count (a fraction of a share is written "0.63"; none
        # of the 2,858 transaction amounts in EDGAR's XML lies between 0 and 1)
        digits = digits[1:]
        flags.append("repaired:speck-point")
    if share_count and re.fullmatch(r"\d{1,3}(\.\d{3})+", digits):
        return int(digits.replace(".", "")), flags + ["repaired:thousands-point"]  # "§.730.132"
    if share_count and _THOUSANDS_WITH_A_POINT.fullmatch(digits):
        return int(re.sub(r"[.,]", "", digits)), flags + ["repaired:thousands-point"]  # "17.130,000 -"
    # A comma followed by exactly 1-2 digits at the end reads as a decimal comma typo.
    if re.fullmatch(r"\d{1,3}(,\d{3})*,\d{1,2}", digits):
        digits = digits[: digits.rfind(",")] + "." + digits[digits.rfind(",") + 1:]
        flags.append("repaired:decimal-comma")
    if re.fullmatch(r"\d{1,3}(?:,\d{3})*,\d{4,}(?:\.\d*)?", digits):
        # "21,1000": a last group of four digits or more, which no one writes (a footnote
        # marker read as a digit, "21,100(1)"; or a digit read twice): the number is doubted
        flags.append("check-failed:digit-groups")
    digits = digits.replace(",", "")
    if digits.count(".") > 1:
        head, _, tail = digits.rpartition(".")
        digits = head.replace(".", "") + "." + tail
        flags.append("repaired:extra-point")
    try:
        d = Decimal(digits)
    except InvalidOperation:
        return None, []
    if negative:
        d = -d
    if d == d.to_integral_value() and "." not in digits:
        return int(d), flags
    return float(d), flags


# --- codes and marks ------------------------------------------------------------------------

TRANSACTION_CODES = frozenset("PSVAMFIDGCXOEHJKLUWZ")
# Codes real filings hardly use: none of the 2,361 Table I rows of the EDGAR ownership XML we
# hold, 37 of the 19,003 Table II rows of the SEC's 2024Q3 data sets. Read from a scan, such
# a code is more often another letter worn ("F" that lost its bars reads "I"): it is kept,
# marked ambiguous.
RARE_TRANSACTION_CODES = frozenset("IEHOUZLWVK")
_CODE_CONFUSIONS = {"0": "O", "5": "S", "$": "S", "8": "S", "1": "I", "l": "I", "|": "I",
                    "6": "G", "4": "A", "©": "C", "¢": "C", "€": "C"}


_LOWER_CONFUSIONS = {"g": "S"}
# A transaction code read as a bar ("I" itself is taken as read; a lone "|" is a rule's).
_BAR_READINGS = frozenset({"1", "l", "i", "!"})


def parse_code(text: str | None, allowed: frozenset[str] | str) -> tuple[str | None, list[str]]:
    """A one-letter code from a cell: 'A', 'D', 'S' ... (footnote marks already removed)."""
    t = clean_text(text).replace("§", "S")
    if re.fullmatch(r"[1Il|i]\s*\)", t):
        # "1)", "I)": what a fax leaves of a footnote marker "(1)" whose code it lost (a code
        # is printed without brackets), not the code I.
        return None, ["unreadable:code"]
    # A footnote marker after the code, however read: "S(1)", "s(t)", "g (2)".
    t = re.sub(r"(?<=[^\s({])\s*[({]\s*[0-9A-Za-z°]{1,2}\s*[)}]?\s*$", "", t)  # "g {i}"
    # A speck before the code, the marker's ")" after it: "cS)" is S.
    t = re.sub(r"^[a-z]([PSAMFDGCXJ])\)$", r"\1", t)  # ("sO)": S, its "(" read as O)
    # ... or one that lost its "(": "S(1)" read as "sa)", "st)" or "g f2)".
    t = re.sub(r"^([A-HJ-Za-hj-km-z])\s?[0-9A-Za-z°]{1,2}\)$", r"\1", t)  # not a bar (I, l)
    # ... or an S in lower case (or read as 5) with what is left of its marker after it,
    # however read: "sib", "sth", "so", "sO}", "50)".
    if "S" in allowed and re.fullmatch(r"[s5][0-9a-zO°(){}\[\]»]{1,2}\)?", t):
        return "S", ["repaired:ocr-code"]
    # ... or a J, whose hook Tesseract takes for a lower-case j or y, with what is left of
    # its marker after it: "jo", "jet", "ye", "yeu" (nothing else a code cell holds reads so).
    if "J" in allowed and re.fullmatch(r"[jy][a-z0-9°(){}\[\]]{0,3}", t):
        return "J", ["repaired:ocr-code"]
    t = t.strip(" .,;:'\"|_-()[]")
    if not t:
        return None, []
    allowed_set = frozenset(allowed)
    if "J" in allowed_set and t in _BAR_READINGS:
        # A lone bar is a J that lost its hook more often than the code I: EDGAR's Table I
        # rows we hold have 215 J and no I, the SEC's Table II rows 490 J and 24 I.
        return "J", ["repaired:ocr-code"]
    if len(t) == 2 and t[0] in allowed_set and t[1] in "O0Q":
        return t[0], ["repaired:ocr-code"]  # "FO": the "(" of a marker read as O
    if len(t) == 2 and t[0] in "cosuvwxz" and t[0].upper() in allowed_set and t[1] in "oeQ0":
        # ... after a capital read in lower case, whose shape is the capital's ("co", "ce")
        return t[0].upper(), ["repaired:ocr-code"]
    up = t.upper()
    if len(t) == 1 and t.islower() and t not in "cosuvwxz" and up in allowed_set:
        # Codes are printed in capitals: a lower-case letter of another shape is a misreading
        # (a typewriter S read as "g"), the capital only a guess.
        if t in _LOWER_CONFUSIONS and _LOWER_CONFUSIONS[t] in allowed_set:
            return _LOWER_CONFUSIONS[t], ["repaired:ocr-code"]
        return up, ["repaired:ocr-code"]
    if up in allowed_set:
        return up, []
    if len(t) == 1 and t in _CODE_CONFUSIONS and _CODE_CONFUSIONS[t] in allowed_set:
        return _CODE_CONFUSIONS[t], ["repaired:ocr-code"]
    first = up.split()[0] if up.split() else ""
    if first in allowed_set:
        return first, []
    head = t.split()[0] if t.split() else ""
    if len(head) == 1 and head in _CODE_CONFUSIONS and _CODE_CONFUSIONS[head] in allowed_set:
        return _CODE_CONFUSIONS[head], ["repaired:ocr-code"]  # "5 H": the code, then a speck
    letters = [c for c in up if c.isalpha()]
    if letters and len(set(letters)) == 1 and letters[0] in allowed_set and len(letters) <= 2:
        return letters[0], ["repaired:ocr-code"]  # 'Ss', 'S.' for S
    capitals = [c for c in t if c.isupper() and c in allowed_set]
    if len(capitals) == 1 and len(t) <= 3:
        return capitals[0], ["repaired:ocr-code"]  # 'cS', 'iS': a speck read beside the code
    return None, ["unreadable:code"]


def parse_mark(text: str | None) -> bool:
    """A checkbox or the V column: true when an X (or similar) mark is present."""
    t = clean_text(text).strip(" .,;:'\"|_-[]()")
    return bool(t) and t.upper() in {"X", "V", "XX", "VV", "✓", "✔", "K", "Y", "*"}


def strip_stray_marks(text: str) -> str:
    """Free text without the '*', '|' and '_' that OCR leaves at its ends."""
    return re.sub(r"^[\s*|_~]+|[\s*|_~]+$", "", text)


_LP_GARBLE = re.compile(r"^[LlIi1][.,:;]{0,2}[PpFfBbAe][.,:;'\d@]*$|^L\.?[Pp]?\.?\d$|^LAP\.$|^Le$|"
                        r"^L\.\?$|^[1lI]\.2$")


_TITLE_SMALL_WORDS = frozenset({"and", "of", "the", "for", "to", "in", "at", "on", "&"})


def mend_officer_title(text: str) -> tuple[str, list[str]]:
    """An officer title as filed: no speck before it, a leading abbreviation in capitals
    ("SvP", "svP" are SVP), the comma after it read as a stop ("SVP. Sales"), and a long word
    in lower case among capitalised ones ("Chief Operating officer": EDGAR's titles write
    only "and", "of" and the like so)."""
    t = re.sub(r"^[^\w(&]+(?=[A-Za-z])", "", text)  # ".Chairman": a speck before it
    t = re.sub(r"^([A-Za-z])([a-z])([A-Z])(?=[\s,.]|$)", lambda m: m.group(0).upper(), t)
    t = re.sub(r"^([A-Z]{2,4})\.(?= [A-Z])", r"\1,", t)
    t = re.sub(r"(?<=[a-z]{5})\.$", "", t)  # "Officer." (an abbreviation keeps its: "Eng.")
    t = re.sub(r"(?<=[a-z]{3}) [I|l!]$", "", t)  # "Officer I": what is left of a rule beside it
    # scraps read before or after it ("caer erate eaten President", "General Counsel 1"): none
    # of the 204 officer titles of EDGAR's XML we hold opens with a small letter or ends with
    # a lone digit
    t = re.sub(r"^(?:[a-z]{1,8}[.,;:]?\s+){1,4}(?=[A-Z][a-z]{2,})", "", t)
    t = re.sub(r"(?<=[a-z]{3})\s+\d$", "", t)
    words = t.split(" ")
    capitalised = sum(w[:1].isupper() for w in words)
    if capitalised >= 2:
        words = [w[:1].upper() + w[1:] if w.isalpha() and w.islower() and len(w) >= 4 and
                 w not in _TITLE_SMALL_WORDS else w for w in words]
        t = " ".join(words)
    return t, (["repaired:spelling"] if t != text else [])


def mend_suffix_comma(text: str) -> tuple[str, list[str]]:
    """'Sequoia Capital Fund. LP', 'Ventures V L.P., By: ...': the comma before an entity's
    suffix read as a stop, or lost before a dotted one. EDGAR's names never put a stop there."""
    fixed = re.sub(r"(?<=[a-z])(?<!\bCo)(?<!\bCorp)(?<!\bBros)(?<!\bAssoc)(?<!\bMgmt)\. "
                   r"(?=(?:L\.P\.|LP|LLC|Inc\.|Ltd\.)(?:,|$))", ", ", text)
    fixed = re.sub(r"(?<=\b[IVX]{2})\.(?= L\.P\.,)|(?<=\b[IVX]{3})\.(?= L\.P\.,)", ",", fixed)
    fixed = re.sub(r"(?<=[a-z]|[IVX]) (?=L\.P\.(?:,|$))", ", ", fixed)
    return fixed, (["repaired:entity-suffix"] if fixed != text else [])


def mend_entity_suffix(text: str) -> tuple[str, list[str]]:
    """'Fund XV, LB:', 'Ventures II, L.P.2', 'Fund IV, Le': the small dotted 'L.P.' after a
    partnership's name, as OCR garbles it, is 'L.P.' (a clean 'LP' stays 'LP': real filings
    write both, 'L.P.' twice as often)."""
    # Scraps read after the suffix that ends the name: "Fund, LP ay", "Fund, L.P. wads",
    # "Fund. LP«!!" (a name ends with its suffix; no lower-case word follows one).
    bare = re.sub(r"([,.]\s*(?:L\.P\.|LP|LLC|L\.L\.C\.|Inc\.|Ltd\.))(?:\s+[a-z]{1,4}|"
                  r"[!?*«»'\"`~^]{1,3})$", r"\1", text)  # (not "LP:", a worn "L.P.")
    if bare != text:
        fixed, flags = mend_entity_suffix(bare)
        return fixed, ["repaired:specks", *flags]
    fixed, flags = mend_suffix_comma(text)
    if flags:
        return fixed, flags
    m = re.search(r",\s*(\S{1,5})$", text)
    if m:
        tok = m.group(1)
        if tok in ("L.P.", "LP", "LLC", "L.L.C.", "LLP", "Inc.", "Ltd.", "Co."):
            return text, []
        if _LP_GARBLE.match(tok) or tok in ("L P.", "LP.,"):
            return text[:m.start(1)] + "L.P.", ["repaired:entity-suffix"]
    # "Fund XV Hegs", "Fund IV, Ri": after a fund's roman numeral only a suffix can stand;
    # a scrap there that is no word is the dotted L.P. OCR could not read.
    m = re.search(r"\b(?:Fund|Partners|Ventures|Capital)\s+[IVXL]{1,5}(?:\s*\([A-Z]\))?"
                  r"(,?\s+)([^\s,]{1,4})$", text)
    if m and not re.fullmatch(r"L\.?P\.?|LLC|Inc\.?|Ltd\.?|Co\.?|[IVX]+|\([A-Z]\)", m.group(2)):
        return text[:m.start(1)] + ", L.P.", ["repaired:entity-suffix"]
    return text, []


_CAPACITY_LETTERS = "attorneyinfact"


def mend_capacity(text: str) -> tuple[str, list[str]]:
    """The capacity "Attorney-in-Fact" through a fax's slips, in the case and with the marks
    it was written with: "Attorney:in-Fact", "Attorney~in-Fact", "At torney-in-Fact",
    "Attumey-in-Fact", "Attornes -in Pact", "altorney-in-fa act" (two to four words whose
    letters are the capacity's but for a slip or three; the first an A, the last ending in
    "act" or the capacity's letters run out)."""
    from rapidfuzz import fuzz

    tokens = text.split(" ")
    best: tuple[float, int, int] | None = None
    for i, first in enumerate(tokens):
        if not first[:1] or first[:1] not in "Aa" or re.match(r"[Aa]s\W", first):
            continue  # (not "as-attorney-in-fact": "as" is no letter of it)
        for j in range(i + 1, min(len(tokens), i + 4) + 1):
            letters = re.sub(r"[^a-z]", "", " ".join(tokens[i:j]).lower())
            if not 12 <= len(letters) <= 16 or not letters.startswith("a") or \
                    not letters.endswith(("act", "ac")):
                continue  # (not "Attorney-in-Law")
            score = fuzz.ratio(letters, _CAPACITY_LETTERS)
            if score >= 80 and (best is None or score > best[0]):
                best = (score, i, j)
    if best is None:
        return text, []
    _, i, j = best
    read = " ".join(tokens[i:j])
    trail = re.search(r"[^A-Za-z]*$", read).group(0)  # "," or "." after it
    core = read[:len(read) - len(trail)]
    if re.sub(r"[^a-z]", "", core.lower()) == _CAPACITY_LETTERS and \
            re.fullmatch(r"[A-Za-z]+[- ]+[A-Za-z]+[- ]+[A-Za-z]+", core):
        return text, []  # as written, in any case and with hyphens or spaces
    spaced = "-" not in core and re.search(r"[:~_]", core) is None and " " in core
    sep = " " if spaced else "-"
    fact = re.search(r"[A-Za-z](?=[a-z]*\W*$)", core.split("-")[-1].split(" ")[-1])
    # (its F's case as read; an F read as another letter takes the case most write it in
    # after a capital A: "Attorney-in-Fact" 11,789 times in the SEC's 2024Q3 signatures,
    # "Attorney-in-fact" 2,275)
    big_fact = fact.group(0).isupper() if fact and fact.group(0) in "FfPp" else \
        core[:1] == "A"
    capacity = ("Attorney" if core[:1] == "A" else "attorney") + sep + "in" + sep + \
        ("Fact" if big_fact else "fact")
    out = " ".join([*tokens[:i], capacity + trail, *tokens[j:]])
    return out, (["repaired:spelling"] if out != text else [])


def mend_signature_name(text: str) -> tuple[str, list[str]]:
    """A conformed signature as EDGAR holds it: plain letters ("Hélen" is a speck over an e),
    no stop after the surname, and the attorney's capacity after the last comma as written
    ("Attorney-in-Fact") when OCR garbled it ("Atto ney: in ack", "mRLOEnSy~An-Fact")."""
    from rapidfuzz import fuzz

    out = plain_letters(text)
    head, mark, tail = out.partition(" /s/ ")
    if mark and not re.search(r"\bby\s*:?$", head, re.IGNORECASE) and \
            re.search(r"\b(?!for\b|of\b|by\b)[a-z]{2,}\W*$", head):
        # A note's last words read onto the signature's line ("... as soon as practicable
        # /s/ Helen Delacroix"); a name written before the mark ends in "By:" ("Mithril GP LP
        # By: /s/ Ajay Royan") or a name ("Charles Anderson, /s/ Charles Anderson",
        # "Mithaq Capital /s/ ..."), or in "for" ("by Power of Attorney for /s/ ...").
        out = "/s/ " + tail
    out = re.sub(r"(\b[A-Z][a-z]{3,})[.:;]$", r"\1", out)  # after a name, not "herewith."
    out = re.sub(r"^/s/[-.,'`:;]\s*(?=[A-Z])", "/s/ ", out)  # "/s/'Rosa": a speck for the space
    # "Radcliffe,-as Attorney", "for Aisha F. .Achterberg": specks after a comma or a stop
    out = re.sub(r",[-.'`]\s*(?=as\b|[Aa]ttorney\b)", ", ", out)
    out = re.sub(r"(?<=[A-Z]\.) [.,'`](?=[A-Z][a-z])", " ", out)
    # ... or after the mark or a comma: "/s/ .David", "Baldwin, .as Attorney-in-Fact"
    out = re.sub(r"(?:(?<=^/s/ )|(?<=, ))[.,'`](?=[A-Za-z]{2})", "", out)
    out = re.sub(r"(?<=\s)_+(?=[A-Za-z])", "", out)  # "_Attorney-in-Fact"
    # The capacity's own slips: "Attornev" (a y read as v), "Attorney- -Fact" (its "in"
    # lost), a speck before it (", -Attorney") or after its "for" ('for, "Reid Hoffman').
    out = re.sub(r"\bAtt[a-z]{4,6}(?=-in-|- -|-\s*[Ff]act\b|\s+in\b)",
                 lambda m: "Attorney" if fuzz.ratio(m.group(0), "Attorney") >= 75
                 else m.group(0), out)
    out = re.sub(r"\bAttorney-\s+-(?=[Ff]act\b)", "Attorney-in-", out)
    # ... spaces read beside its hyphens ("Attorney- in- Fact", "Attorney -in-Fact"), a stop
    # after it, the mark in capitals ("/S/"), a stop read for the space between two names
    # ("Susan.Szotek").
    out = re.sub(r"\bAttorney\s*-\s*in\s*-\s*(?=[Ff]act\b)", "Attorney-in-", out)
    # "Attorney-in- -Fact", "Attorney-ii n-Fact": its "in" doubled or garbled
    out = re.sub(r"\bAttorney-(?:in-\s*-+|[il]{1,2}\s?[il]?n-)\s*(?=[Ff]act\b)", "Attorney-in-",
                 out)
    out = re.sub(r"\b([A-Z]):(?= [A-Z][a-z])", r"\1.", out)  # "Lauren W: Kessler"
    out = re.sub(r"\bAttorney[.,]\s+(?=in [Ff]act\b)", "Attorney ", out)  # a speck of the rule
    out = re.sub(r"(?<=-in-[Ff]act)\.$", "", out)
    out = re.sub(r"(^|\s)/S/(?=\s)", r"\1/s/", out)
    out = re.sub(r"\bBy:(?=/s/)", "By: ", out)  # "By:/s/ Elena": the space lost
    out = re.sub(r"(?<=,) [-~_.] (?=By:? )", " ", out)  # "L.P., - By: /s/": a speck
    # the mark's first or last stroke lost or read as a letter: "As/ Tami", "/S Tami"
    out = re.sub(r"^(?:[AIl|][sS5]/|/[sS5](?!/))\s*(?=[A-Z][a-z])", "/s/ ", out)
    out = re.sub(r"(?<=\b[A-Z][a-z]{2})([a-z]*)\.(?=[A-Z][a-z]{2,})", r"\1 ", out)
    out = re.sub(r",\s*[-~_]+(?=Attorney\b)", ", ", out)
    out = re.sub(r"(-in-[Ff]act for),?\s*[\"“”'`]+\s*(?=[A-Z])", r"\1 ", out)
    # A middle initial's stop ("Jonathan S Ostrowski": EDGAR's XML writes it 96 times of 101),
    # or read as a comma ("Hannah E, Iverson"); a doubled stop before a comma or "By".
    out = re.sub(r"\b([A-Z][a-z]+ [A-Z])(?:,)?(?= [A-Z][a-z])", r"\1.", out)
    out = re.sub(r"\b([A-Z][a-z]{2,})\.,", lambda m: m.group(0) if m.group(1) in (
        "Corp", "Bros", "Inc", "Ltd", "Esq", "Pte", "Int", "Intl") else f"{m.group(1)},", out)
    # A speck read as a hyphen or a doubled stop at an initial ("Kenneth-N. Goldberg",
    # "William L.-Underhill", "Natalie P.. Nakamura"; none of the 39,236 signatures of the
    # SEC's 2024Q3 data sets); a stop after a first name ("Aisha. Thornbury").
    out = re.sub(r"(?<=[a-z])-(?=[A-Z]\.)|(?<=\b[A-Z]\.)-(?=[A-Z][a-z])", " ", out)
    out = re.sub(r"\b([A-Z])\.\.(?=\s)(?!\s+By\b)", r"\1.", out)
    out = re.sub(r"^(/s/ [A-Z][a-z]{2,})\.(?= [A-Z][a-z]| [A-Z]\. [A-Z][a-z])", r"\1", out)
    # the comma before the capacity read as a stop ("Seth R. Weissman. Atty-in-Fact")
    out = re.sub(r"(?<=[a-z]{3})(?<!Esq)\.\s+(?=(?:Atty|Attorney)\b)", ", ", out)
    out = re.sub(r"\.\.(?=\s+By\b)", ".,", out)
    out = re.sub(r"\b([A-Z])\.,(?= [A-Z][a-z]+$)", r"\1.", out)  # "Catherine R., Thornbury"
    head, comma, tail = out.rpartition(",")
    letters = re.sub(r"[^a-z]", "", tail.lower())
    garbled_capacity = len(letters) >= 11 and fuzz.ratio(letters, "attorneyinfact") >= 55
    # what is left of it: its end ("ere: -Fact") or its start and a scrap ("Att cekareisteck")
    garbled_capacity |= bool(re.search(r"[-\s]Fact$", tail) and len(letters) >= 6) or \
        bool(re.match(r"\s*Att[a-z]*\s+[a-z]{6,}$", tail))
    if comma and garbled_capacity and not letters.endswith("attorneyinfact") and \
            not re.search(r"\b(?:for|of|to|on)\b", tail, re.IGNORECASE):
        lead = "as " if tail.strip().lower().startswith("as ") else ""
        # (in the case it was read in: "as attomey-in-fact" is written in small letters)
        small = not re.search(r"[A-Z]", tail.strip()[len(lead):])
        capacity = "attorney-in-fact" if small else "Attorney-in-Fact"
        out = f"{head}, {lead}{capacity}"  # capacities written otherwise stay as read
    return out, (["repaired:spelling"] if out != text else [])


# A letter of a name OCR reads as another of like shape: (as read, as written). Only slips
# between letters names do not swap by spelling ("Jon"/"Jan", "Dena"/"Dana" stay).
_NAME_SLIPS = frozenset({("v", "y"), ("a", "q"), ("i", "j"), ("l", "i"), ("i", "l")})


_NAME_PARTICLES = frozenset({"van", "von", "de", "der", "den", "la", "le", "du", "del", "della",
                             "di", "da", "dos", "das", "ter", "ten", "for", "as", "of", "and",
                             "by", "in", "on", "the", "to", "or", "its", "see", "under",
                             "sole", "solely", "successor", "signatory", "with", "over",
                             "custodian", "co-trustee", "via"})


def mend_name_capitals(text: str) -> tuple[str, list[str]]:
    """A name's word whose capital OCR read small because the letter has one shape
    ("Talbot william", "for william Talbot": c, o, s, u, v, w, x, z), among capitalised words:
    a capital again, particles ("van", "de") and the words of a capacity ("for", "as") kept."""
    words = text.split(" ")
    if not any(w[:1].isupper() for w in words):
        return text, []
    def named(k: int) -> bool:  # a capitalised word of the name beside it
        return 0 <= k < len(words) and words[k][:1].isupper() and \
            (k > i or not words[k].endswith(","))

    out = list(words)
    for i, w in enumerate(words):
        if re.fullmatch(r"[cosuvwxz][a-z]{2,}[,.]?", w) and \
                w.rstrip(",.") not in _NAME_PARTICLES and (named(i - 1) or named(i + 1)):
            out[i] = w[0].upper() + w[1:]
    fixed = " ".join(out)
    return fixed, (["repaired:spelling"] if fixed != text else [])


def mend_first_name(text: str, names: dict[str, int]) -> tuple[str, list[str]]:
    """A signer's first name that no signer of the SEC's data sets writes, one slip of like
    letters from one that three or more do ("/s/ Priva Driscoll" -> "Priya"); only when one
    name fits."""
    m = re.match(r"(/s/\s*)?([A-Z][a-z]{2,})\b", text)
    if not m or m.group(2) in names:
        return text, []
    word = m.group(2)

    def one_slip(name: str) -> bool:
        diff = [(a, b) for a, b in zip(word, name, strict=True) if a != b]
        return len(diff) == 1 and diff[0] in _NAME_SLIPS

    fits = [name for name, n in names.items()
            if n >= 3 and len(name) == len(word) and one_slip(name)]
    if len(fits) != 1:
        return text, []
    return text[:m.start(2)] + fits[0] + text[m.end(2):], ["repaired:first-name"]


_COMPANY_WORDS = frozenset({"Incorporated", "Corporation", "Company", "Holdings", "Limited",
                            "Pharmaceuticals", "Therapeutics", "Technologies", "Industries",
                            "International", "Financial", "Bancorp", "Systems", "Partners",
                            "Group", "Biologics", "Sciences", "Energy", "Resources",
                            "Diagnostics", "Networks", "Minerals", "Logistics", "Foods"})
# The same words with an l read as i or I (or an i as l): "Hoidings", "Minerais".
_COMPANY_WORD_SLIPS = {w[:k] + c + w[k + 1:]: w for w in _COMPANY_WORDS
                       for k, ch in enumerate(w) if ch in "il" and k > 0
                       for c in ("i", "l", "I", "1") if c != ch}


def mend_issuer_name(text: str) -> tuple[str, list[str]]:
    """The issuer's name as EDGAR writes it (plain letters: "Génomics" is a speck over an e),
    through the slips OCR makes at its end: the
    bracket of the ticker read as a letter after the suffix ("Block, Inc. I"), a semicolon for
    the comma ("Block; Inc."), "mc." for "Inc.", the stop of a mixed-case "Inc"/"Ltd" lost
    (EDGAR's XML: "Inc." 317 times, "Inc" 15; capitals "INC" keep theirs as read)."""
    out = plain_letters(text)
    out = re.sub(r"(?<=\.)\s+[Il|1\]\[]$", "", out)
    out = re.sub(r";\s+(?=(Inc|Ltd|Corp|Co|LLC|L\.P)\b)", ", ", out)
    out = re.sub(r"(?<=[,\s])mc\.$", "Inc.", out)
    out = re.sub(r"(?<=[,\s])(Inc|Ltd)$", r"\1.", out)
    # A speck read as a stop inside the name ("Diagnostics. Corporation", "Granite. Peak"):
    # EDGAR's issuer names stop only after abbreviations.
    out = re.sub(r"(?<=[a-z]{4})(?<!Corp)(?<!Bros)(?<!Intl)\.\s+(?=(?:Inc|Ltd|LLC)\b)", ", ", out)
    out = re.sub(r"(?<=[a-z]{4})(?<!Corp)(?<!Bros)(?<!Intl)\.\s+(?=[A-Z][a-z])", " ", out)
    out = re.sub(r"\bCarp\.?$", "Corp", out)  # "Carp" for "Corp" (as filed, with or without stop)
    # a comma glued between two words ("Marrowind,Pharmaceuticals"), a word's last letter
    # split off ("Incorporate d"), i/l confused in the usual words of a company's name
    out = re.sub(r"(?<=[a-z]{2}),(?=[A-Z][a-z])", lambda m: ", " if re.match(
        r"(?:Inc|Ltd|LLC|Corp|Co)\b", out[m.end():]) else " ", out)
    out = re.sub(r"\b([A-Z][a-z]{4,}) ([a-z])\b", lambda m: m.group(1) + m.group(2)
                 if (m.group(1) + m.group(2)) in _COMPANY_WORDS else m.group(0), out)
    out = re.sub(r"\b[A-Z][A-Za-z1]{4,}\b", lambda m: _COMPANY_WORD_SLIPS.get(m.group(0),
                                                                          m.group(0)), out)
    if re.match(r"[a-z]", out) and re.search(r"\s[A-Z]", out):
        out = out[0].upper() + out[1:]  # "wexley Networks, Ltd."
    if re.search(r"\b[A-Z][a-z]+\b", out):
        # "Holdings, inc.": the suffix of a name written with capitals read in lower case
        out = re.sub(r"(?<=[,\s])(inc|corp|ltd|co)(\.?)$", lambda m: m.group(1).capitalize()
                     + m.group(2), out)
    return out, (["repaired:entity-suffix"] if out != text else [])


def mend_prose_punctuation(text: str) -> tuple[str, list[str]]:
    """Small marks OCR adds to or takes from running text: a quote after a word that is no
    possessive ("average' price", "Form' 4"), a doubled or colon stop inside L.P. ("L..P.",
    "L:P."), the stop of "Ltd"/"Inc" before the next sentence, a comma after an article
    ("The, securities"), '*' or '_' glued to a word ("Issuer,*or", "_or"), a stop where
    the comma before L.P. belongs ("(Q). L.P.")."""
    t = re.sub(r"(?<=[a-rt-z])'(?=\s+[\w(])", "", text)
    t = re.sub(r"\bL[.:,]{1,2}P[.:,]?(?=[\s,;)]|$)", "L.P.", t)
    t = re.sub(r"\b(Ltd|Inc|Corp)(?=\s+[A-Z][a-z])", r"\1.", t)
    # A mark read after an article or a short preposition ("the, shares"); a capital A only
    # where it opens a sentence: "Class A, Class B", "Greylock 15-A, except" keep theirs.
    t = re.sub(r"(?<![\w-])(The|the|a|An|an|of|to|by)[,:;](?=\s+[A-Za-z])", r"\1", t)
    t = re.sub(r"(?:^|(?<=[.!?]\s))A[,:;](?=\s+[A-Za-z])", "A", t)
    t = re.sub(r"(?<=\w)-\s+(?=\d\b)", "-", t)  # "10b5- 1"
    t = re.sub(r"(?<=[\s,])[*_]+(?=[A-Za-z])|(?<=[A-Za-z,])[*_]+(?=[A-Za-z])", " ", t)
    t = re.sub(r"(?<=\))[.;:](?=\s+L\.P\.)", ",", t)
    t = re.sub(r"(?<=[\w)])\s+(?=L\.P\.)", ", ", t)  # a comma before L.P. (453 of 456)
    t = re.sub(r"\b(any|the|of|an|to|or|and|for|in|by)\.(?=\s+[a-z])", r"\1", t)
    t = t.replace("' 's", "'s")
    t = re.sub(r"(?<=[a-z]):(?=[a-z])", " ", t)  # "securities:and"
    t = re.sub(r"(?<=\d)'(?=[a-z])", " ", t)  # "$26.70'to"
    t = re.sub(r"(\$[\d.,]+) fo (?=\$)", r"\1 to ", t)  # "$27.16 fo $27.91"
    t = re.sub(r"\.'(?=\s+[A-Z])", ".", t)  # "inclusive.' The"
    t = re.sub(r"\s+SEC Form 4\b.{0,20}$", "", t)  # the next page's heading run on
    # Price-range notes: "$31.38, inclusive. The ..." (EDGAR's XML: 1,338 and 1,330 times,
    # never without the comma or the stop).
    t = re.sub(r"(\$\d(?:[\d,]*\d)?(?:\.\d+)?),?\s+inclusive\b", r"\1, inclusive", t)
    t = re.sub(r"\binclusive[,:;]?\s+(?=[A-Z][a-z])", "inclusive. ", t)
    t = re.sub(r"\bona (?=\d[:;\s])", "on a ", t)
    # "on a 1 1 basis" (not the "75" of "1:0.75 basis")
    t = re.sub(r"(?<![\d.,:])\b(\d)\s?[:;]?\s?-?\s?(\d) basis\b", r"\1:\2 basis", t)
    t = re.sub(r"\b([A-Za-z]{3,}) s (?=[a-z])", r"\1's ", t)  # "the person s continued"
    # "Exhibit 24 Power of Attorney": the dash before an exhibit's title lost (EDGAR's XML:
    # "Exhibit 24 - Power of Attorney" 19 times of 19)
    t = re.sub(r"\b(Exhibit \d{1,3}(?:\.\d{1,2})?)\s+(?=[A-Z][a-z])", r"\1 - ", t)
    # Specks a moderate scan leaves in prose (seed 11500): a stop after a word no sentence
    # ends with ("by. Northgate"), glued to the next word (".to share", "inclusive.The"), a
    # quote or colon after a possessive ("Issuer's'common", "Issuer's: common"), a dash
    # between a number and a word or a "$" ("140-shares", "was-$15.00"), a space inside a
    # price ("$1 1.99"), a colon for the point of a percentage ("6:25%"), an l for the 1 of
    # a day ("November l, 2021").
    t = re.sub(r"\b(by|of|the|with|from|an|and|or)\.(?=\s+[A-Z])", r"\1", t)
    t = re.sub(r"(?<=\s)\.(?=[a-z]{2,}|[A-Z][a-z])", "", t)
    # two stops read for one ("inclusive., The", "Holdings,. Inc."): none in EDGAR's notes
    t = re.sub(r"(?<=[a-z]{4})(?<!Assoc)\.,(?=\s+[A-Z])", ".", t)
    t = comma_speck(t)
    t = re.sub(r"(?<=[a-z]{2})\.[:;,'\"`]?(?=[A-Z][a-z])", ". ", t)  # "inclusive.:The"
    t = re.sub(r"'s['‘’:*]+(?=\s?[a-z])", "'s ", t)  # "Issuer's'*common"
    t = re.sub(r"(?<=\d)-(?=(?:shares|is|was|are|of|to|the|and)\b)|(?<=[a-z])-(?=\$\d)", " ", t)
    t = re.sub(r"\$(\d) (\d{1,2}\.\d{2,4})\b", r"$\1\2", t)
    t = re.sub(r"(?<=\d):(?=\d{1,2}%)", ".", t)
    t = re.sub(r"\b(January|February|March|April|May|June|July|August|September|October|"
               r"November|December) [lI|](\d?)(?=,? \d{4})", r"\1 1\2", t)
    # "Tesla. Inc." and "Tesla, inc.": EDGAR's notes write "Name, Inc." 2,490 times, "Name.
    # Inc." and ", inc." never (nor ". LLC", ". L.P.")
    # (after a name, not an abbreviation: "Co. LLC", "PTE. Ltd.", "Mgt. Corp." stay)
    t = re.sub(r"\b((?!(?:Bros|Mgmt|Corp|Intl|Assn|Assoc|Invest|Cos|Mfg)\.)[A-Z][a-z]{3,}|"
               r"[IVX]{1,4})\. (Inc\.|LLC\b|L\.P\.|Ltd\.|Corp\.)", r"\1, \2", t)
    t = re.sub(r", inc\.", ", Inc.", t)
    t = re.sub(r"\s{2,}", " ", t)
    return t, (["repaired:punctuation"] if t != text else [])


# Street words written out (USPS suffixes and unit words), for address lines OCR tore apart.
STREET_WORDS = frozenset({"STREET", "AVENUE", "ROAD", "DRIVE", "BOULEVARD", "LANE", "PLACE",
                          "COURT", "CIRCLE", "PARKWAY", "HIGHWAY", "PLAZA", "SQUARE",
                          "TERRACE", "SUITE", "FLOOR", "CENTER", "BROADWAY", "TRAIL",
                          "CRESCENT", "TURNPIKE", "EXPRESSWAY", "BUILDING", "TOWER"})
_SPECK_BEFORE_STREET_WORD = re.compile(
    r"(?<=[A-Z]{3})\.\s+(?=(?:" + "|".join(sorted(STREET_WORDS)) + r")\b)")
_CARE_OF = re.compile(r"^(?:c\s*[/l1|]\s*[o0q]|clo|c/0)\b\.?\s*", re.IGNORECASE)
_CARE_OF_WORN = re.compile(r"^(?:CO|COO|C0|CIO|CJO|YO|VO|O|\(/O|/O|C/)\s+(?=[A-Z]{3})")


def mend_street_line(text: str) -> tuple[str, list[str]]:
    """An address line through the slips OCR makes in it: "clo" or "c/0" for "C/O", a street
    word torn in two ("AVENU E", "CIRC LE") or cut short at the end ("ELM AVENU"), a speck
    after the word before it ("PEACHTREE. ROAD")."""
    t = _CARE_OF.sub("C/O ", text) if _CARE_OF.match(text) and \
        not text.lower().startswith("c/o") else text
    # "C/O" worn further: its slash lost or its C read as another mark ("CO", "COO", "O",
    # "YO"), before a name (436 of the 1,005 street lines of EDGAR's XML we hold open with
    # "C/O"; none with these)
    t = _CARE_OF_WORN.sub("C/O ", t)
    tokens = t.split(" ")
    out: list[str] = []
    for tok in tokens:
        # (a tear leaves a scrap of a letter or two: "PARK WAY" are two words as filed)
        if out and out[-1].isupper() and tok.isupper() and out[-1] + tok in STREET_WORDS and \
                out[-1] not in STREET_WORDS and tok not in STREET_WORDS and \
                min(len(out[-1]), len(tok)) <= 2:
            out[-1] += tok
            continue
        out.append(tok)
    if out and len(out) >= 2 and out[-1].isalpha() and out[-1].isupper() and \
            len(out[-1]) >= 4 and out[-1] not in STREET_WORDS:
        longer = [w for w in STREET_WORDS if w.startswith(out[-1])]
        if len(longer) == 1:
            out[-1] = longer[0]
    if len(out) >= 2 and out[0] != "C/O" and len(out[-1]) >= 5 and out[-1].isalpha() and \
            out[-1].isupper() and out[-1] not in STREET_WORDS:
        # its last letter misread ("WATER STREEI", "LETTERMAN DRIVI", "ELM AVENUL")
        same = [w for w in STREET_WORDS if len(w) == len(out[-1]) and w[:-1] == out[-1][:-1]]
        if len(same) == 1:
            out[-1] = same[0]
    t = " ".join(out)
    # a suite's number with its digits read as their look-alike letters ("SUITE SOO"), a
    # word's first letter read twice as a letter of its own ("1018 C COMMERCE PARKWAY")
    t = re.sub(r"\b(SUITE|FLOOR|UNIT|ROOM)\s+([0-9OSIl]{2,5})\b",
               lambda m: f"{m.group(1)} {m.group(2).translate(DIGIT_CONFUSIONS)}", t)
    t = re.sub(r"(?<!\S)([A-Z]) (?=\1[A-Z]{3,})", "", t)
    # a company's "INC." with its C read as G (a plain "INC" stays: 5 of the 187 street lines
    # of EDGAR's XML we hold that end with INC write it so; check_care_of_issuer mends a stop
    # lost against the issuer's name)
    t = re.sub(r"(?<=[A-Z], )ING\.?$", "INC.", t)
    t = _SPECK_BEFORE_STREET_WORD.sub(" ", t)
    t = _street_specks(t)
    return t, (["repaired:spelling"] if t != text else [])


def _street_specks(text: str) -> str:
    """Specks in an address line where the 1,005 street lines of the EDGAR ownership XML we
    hold have none: a mark before the line ('"718 MAIN', '- 2268'; only '#500' starts with
    one), a comma after the house number ("156, SHORELINE"), a stop or comma after a final
    number ("SUITE 100."), a lone hyphen ("CONGRESS - AVENUE"), a stop or quote between two
    words ("CLEARVIEW.WAY", "A'SUITE"); "STH FLOOR" is 5TH."""
    t = re.sub(r"^[^\w#]+\s*(?=\w)", "", text)
    t = re.sub(r"^(\d+),\s", r"\1 ", t)
    t = re.sub(r"(?<=\d)[.,]$", "", t)
    t = re.sub(r"\s+[-—]\s+", " ", t)
    t = re.sub(r"(?<=[A-Z]{3})\.(?=[A-Z]{3})|(?<=[A-Z]{2})'(?=[A-Z])|(?<=[A-Z])'(?=(?:"
               + "|".join(sorted(STREET_WORDS)) + r")\b)", " ", t)  # not O'HARE
    t = re.sub(r"\bSTH(?= (?:FLOOR|FL)\b)", "5TH", t)
    t = re.sub(r"(?<=[A-Z0-9]) [.,'](?=[A-Z]{2})", " ", t)  # "TECHNOLOGY .WAY"
    return t


_ABBREVIATIONS_BEFORE = frozenset({"inc", "ltd", "co", "corp", "no", "jr", "sr", "st", "mr",
                                   "ms", "mrs", "dr", "approx", "etc", "vs", "u.s", "l.p"})
_LONE_SPECKS = frozenset({"-", "|", "*", "'", "°", "~", "_", "."})


def _pair_word(token: str) -> str:
    """A word as a key of models/prose_pairs.json knows it: lower case, without the marks
    around it; an amount as its kind ("$#" a price, "#" a number: "$33.98, inclusive" and
    "1,200 shares" are pairs of every price and number)."""
    t = token.strip(".,;:").lower()
    if re.fullmatch(r"\$\d[\d,]*(?:\.\d+)?", t):
        return "$#"
    return "#" if re.fullmatch(r"\d[\d,]*(?:\.\d+)?", t) else t


def pair_key(first: str, second: str) -> str:
    """The key of two words in models/prose_pairs.json (built with this same function by
    scripts/build_prose_pairs.py)."""
    return f"{_pair_word(first)} {_pair_word(second)}"


_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
           "December")


def mend_note_marks(text: str) -> tuple[str, list[str]]:
    """Specks and slips of the marks around a note's dates and prices, where the filings'
    wording leaves no doubt: "ranging from. $10.30", "to.$12.63", "$5.15 ta.$5.22" (the
    "to" of "from $X to $Y, inclusive" garbled), "$40.68; inclusive", "April 22; 2010"."""
    t = re.sub(r"\b(from|to)\s?[.,:;'`\-]+\s*(?=\$\d)", r"\1 ", text)
    t = re.sub(r"(ranging from \$[\d,]*\.?\d+)\s*(?!to\b)[A-Za-z.,'`][A-Za-z0-9.,'`]{0,3}?\s*"
               r"[.,'`]*\s*(\$\d[\d,]*\.?\d*, inclusive)", r"\1 to \2", t)
    t = re.sub(r"(?<=\d);(?=\s+inclusive\b)", ",", t)
    t = re.sub(rf"\b({_MONTHS}) (\d{{1,2}})[;.] (?=(?:19|20)\d\d\b)", r"\1 \2, ", t)
    # the "to" between two prices worn to a letter or two ("$32.94 t $33.98", "te")
    t = re.sub(r"(?<=\d) (?!to\b|or\b|an\b)[a-z][a-z0-9]?[.,]? (?=\$\d)", " to ", t)
    t = re.sub(r"\bfrom \$(\d[\d,]*\.\d+) to \$(\d[\d,]*\.\d+)", _range_in_order, t)
    return t, (["repaired:punctuation"] if t != text else [])


def _range_in_order(m: re.Match[str]) -> str:
    """"from $338.35 to $33.95": a range's low end read with a digit too many (a speck read
    as one) is the one digit fewer that lies nearest under the high end, within a fifth of
    it."""
    low, high = m.group(1).replace(",", ""), m.group(2).replace(",", "")
    if float(low) <= float(high):
        return m.group(0)
    head, _, tail = low.partition(".")
    fewer = [f"{head[:i]}{head[i + 1:]}.{tail}" for i in range(len(head)) if len(head) > 1]
    # (a day's range is narrow: the low end within a fifth of the high one)
    fits = [c for c in fewer if not c.startswith("0") and
            0.8 * float(high) <= float(c) <= float(high)]
    if not fits:
        return m.group(0)
    best = max(fits, key=float)
    return f"from ${best} to ${m.group(2)}"


def triple_key(first: str, second: str, third: str) -> str:
    """The key of three words in models/prose_pairs.json ``triples`` (the mark between the
    first two, settled by the third)."""
    return f"{pair_key(first, second)} {_pair_word(third)}"


def mend_pair_punctuation(text: str, pairs: dict[str, str],
                          stops: frozenset[str] = frozenset(),
                          triples: dict[str, str] | None = None) -> tuple[str, list[str]]:
    """Marks between two words as real filings write them (``pairs``: word pair -> ',' or
    ''; ``triples``: for pairs written both ways, by the word after them, "the Issuer, or
    the staff"): a speck read between them goes ("The. price", "multiple - transactions",
    "the -vesting"), a lost comma comes back ("upon request full information"), and a lost
    full stop before a capital (``stops``: "weighted average price The shares")."""
    if not pairs and not stops:
        return text, []
    tokens = text.split(" ")
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        # A lone speck between two words that the filings write side by side.
        if out and tok in _LONE_SPECKS and i + 1 < len(tokens) and \
                pairs.get(pair_key(out[-1], tokens[i + 1])) == "":
            i += 1
            continue
        if out:
            prev = out[-1]
            want = pairs.get(pair_key(prev, tok.lstrip("-'|*")))
            if want is None and triples and i + 1 < len(tokens):
                want = triples.get(triple_key(prev, tok.lstrip("-'|*"), tokens[i + 1]))
            if want is not None and tok[:1] in "-'|*" and tok[1:2].isalpha():
                tok = tok.lstrip("-'|*")  # "-vesting", "'Lodestar"
            bare = prev.strip(".,;:").lower()
            if want == "," and prev[-1:].isalnum():
                out[-1] = prev + ","
            elif want == "," and prev[-1:] in ";:" and prev[-2:-1].isalnum():
                out[-1] = prev[:-1] + ","  # "upon request; full information"
            elif want == "," and prev[-1:] == "." and prev[-2:-1].isalnum() and \
                    tok[:1].islower() and bare not in _ABBREVIATIONS_BEFORE and len(bare) >= 2:
                # the comma read as a stop: no sentence ends before a word in lower case
                # ("upon request. full information")
                out[-1] = prev[:-1] + ","
            elif tok[:1].isupper() and prev[-1:].isalnum() and pair_key(prev, tok) in stops:
                out[-1] = prev + "."
            elif want == "" and prev[-1:] in ".,;:-" and bare.isalpha() and \
                    bare not in _ABBREVIATIONS_BEFORE and len(bare) >= 2 and \
                    not (prev[-1:] == "." and tok[:1].isupper()) and \
                    not (prev[-1:] == ";" and i + 1 < len(tokens) and
                         re.fullmatch(r"\([a-z]{1,4}\)", tokens[i + 1])):
                # (a sentence's end stays, and so does the semicolon before a list's next
                # item: "the Funds; and (iii) the")
                out[-1] = prev.rstrip(".,;:-")
        out.append(tok)
        i += 1
    fixed = " ".join(out)
    return fixed, (["repaired:punctuation"] if fixed != text else [])


# Words that open a sentence: a capital before one of them may end the sentence before
# ("weighted average Price The shares", its stop lost), not begin a term.
_SENTENCE_OPENERS = frozenset(
    "the these this those each such any all a an in on as if for upon no of to by at with "
    "from represents includes reflects consists pursuant following shares".split())


def lower_inside_sentence(text: str, counts: dict[str, int]) -> str:
    """Words OCR read with a capital inside a sentence ('weighted average Price.', 'to
    Provide to'), put in lower case: after a word in lower case (or a comma), a word that
    real filings' free text (``counts``, case kept) writes in lower case and hardly ever
    with a capital. Names and defined terms ('the Issuer', 'Power of Attorney') stay."""
    words = text.split(" ")
    for k in range(1, len(words)):
        prev, w = words[k - 1], words[k]
        core = re.sub(r"[^A-Za-z]+$", "", w)
        if not re.fullmatch(r"[A-Z][a-z]{2,}", core) or not re.fullmatch(r"[a-z][a-z'\-]*,?", prev):
            continue
        nxt = re.sub(r"[^A-Za-z]+$", "", words[k + 1]) if k + 1 < len(words) else ""
        if core == w and re.fullmatch(r"[A-Z][a-z]{2,}", nxt) and \
                nxt.lower() not in _SENTENCE_OPENERS:
            continue  # two capitalized words, a term as defined ('the General Partner')
        low = counts.get(core.lower(), 0)
        if low >= 20 and counts.get(core, 0) * 20 < low:
            words[k] = core.lower() + w[len(core):]
    return " ".join(words)


_ROMAN = re.compile(r"^X{0,3}(IX|IV|V?I{0,3})$")
_ROMAN_LOOKS = str.maketrans({"W": "V", "l": "I", "L": "I", "1": "I", "|": "I", "i": "I",
                              "v": "V", "x": "X", "T": "I", "H": "II", "]": "I", "[": "I",
                              "{": "I"})


def mend_roman_numerals(text: str) -> tuple[str, list[str]]:
    """The numeral after a fund's name as OCR misreads it: "Fund Will" -> "Fund VIII",
    "PARTNERS IIl" -> "PARTNERS III", "Fund LV" -> "Fund IV", "Capital XH" and "X11" ->
    "Capital XII", "Fund II]" -> "Fund III" (only where a roman numeral stands and the reading
    becomes one)."""
    def fix(m: re.Match[str]) -> str:
        token, trail = m.group(2), m.group(3)
        if "T" in token and len(token) < 3 and "H" not in token:
            return m.group(0)  # a T is a serifed I only among other numerals ("TIT"), not "TX"
        if token == "H":
            return m.group(0)  # "Fund H" may be a class's letter; "XH" is XII
        roman = token.translate(_ROMAN_LOOKS).upper()
        if roman != token and roman and _ROMAN.match(roman):
            return m.group(1) + roman + trail
        return m.group(0)

    t = re.sub(r"(\b(?:Fund|FUND|Partners|PARTNERS|Ventures|VENTURES|Capital|CAPITAL|Growth|"
               r"GROWTH|Technology|TECHNOLOGY|Holdings|HOLDINGS|Investors|INVESTORS)\s+)"
               r"([IVXivxlL1|WTH\]\[{]{1,5})([,.]?)(?=\s|$)", fix, text)
    t, _ = mend_roman_lookalikes(t)
    return t, (["repaired:ocr-digit"] if t != text else [])


def mend_roman_lookalikes(text: str) -> tuple[str, list[str]]:
    """Only the numerals with a lower-case l (:data:`_ROMAN_WITH_AN_L`), for running text."""
    t = _ROMAN_WITH_AN_L.sub(lambda m: _roman(m.group(0)), text)
    return t, (["repaired:ocr-digit"] if t != text else [])


# A word of capital numerals with a lower-case l among them ("Mithril Il GP", "UGP Il",
# "Fund VIl"): no word of English or of a filing (EDGAR's notes and the SEC's signatures hold
# none), a numeral whose I a worn print made an l, wherever it stands.
_ROMAN_WITH_AN_L = re.compile(r"(?<![\w'/.-])(?=[IVX]*l)[IVX][IVXl]{1,3}(?![\w'/-])")


def mend_name_punctuation(text: str) -> tuple[str, list[str]]:
    """Punctuation of names as EDGAR's ownership XML writes them, where OCR drops or turns a
    small mark: "U.S" -> "U.S." (350 of 350), "Fund XV L.P." -> "Fund XV, L.P." (453 of 456),
    "Szotek. Attorney-in-Fact" / "Botha. by" -> "Szotek, Attorney-in-Fact" (a stop never
    stands there in the signatures we hold: a comma in 276, nothing in 75)."""
    # Specks in a name: "NORTHGATE_ MANAGEMENT", "FINNEGAN .GREGORY", "KINGSFORD OPPORTUNITY.
    # FUND" (a stop after a whole word, none of the 542 owner names of our real filings has
    # one), "FUND X,'L.P.", "L. P." and "L.P" for "L.P." (as all of them write it).
    t = re.sub(r"(?<=[A-Za-z])_+(?=\s)|(?<=\s)_+(?=[A-Za-z])", "", text)
    t = re.sub(r"(?<=[A-Za-z])\s+\.(?=[A-Z][A-Za-z])", " ", t)
    t = re.sub(r"\b([A-Z]{4,})\.(?= [A-Z]{3,}\b)",
               lambda m: m.group(0) if m.group(1) in ("CORP", "CORPORATION", "BROS") else
               m.group(1), t)
    t = re.sub(r",['`\"]\s*(?=L\.?P\.?\b|LLC\b|Inc\b|INC\b)", ", ", t)
    t = re.sub(r"\bL\. P\.", "L.P.", t)
    t = re.sub(r"\bL\.P$", "L.P.", t)
    t = re.sub(r"\bU\.S(?=\s)|\bUS\.(?=\s)", "U.S.", t)
    t = re.sub(r"(?<=[\w)])\s+(?=L\.P\.$)", ", ", t)
    t = re.sub(r"(?<=[a-z]{2})(?<!Inc|Esq|Ltd)[.;:](?=\s+(?:by|as|attorney|Attorney)\b)", ",", t)
    # ... and a stop before the signer's capacity ("Achterberg. Managing Member": a comma in
    # 1,509 of the SEC's signatures, a stop in none)
    t = re.sub(r"(?<=[a-z]{2})(?<!Inc|Esq|Ltd|Its)(?<!Corp)\.(?=\s+(?:Managing|Authorized|General|"
               r"Chief|President|Member|Partner|Director|Trustee)\b)", ",", t)
    # "Nordstrom Attorney-in-Fact" -> "Nordstrom, Attorney-in-Fact" (a comma in all 284)
    t = re.sub(r"\b([A-Za-z][A-Za-z.]*)\s+(?=(?:[Aa]ttorney[- ]in[- ][Ff]act|Authorized "
               r"Signatory)\b)",
               lambda m: m.group(0) if m.group(1).lower() in ("as", "by", "the", "an", "a", "his",
                                                            "her", "its", "their", "and", "or",
                                                            "for", "of", "our", "my")
               else m.group(1) + ", ", t)
    t = re.sub(r"(?<=[IVX\w])\s+(?=LP$)", ", ", t)  # "Fund VIII LP": ", LP" in 228 of 270
    # A stop read for the comma before an entity's suffix ("Fund V. L.P.", "Management.
    # LLC": none of the SEC's 39,236 signatures of 2024Q3 writes a stop there after a word
    # that is no abbreviation), or after the suffix before "By" ("LLC. By:", "L.P.. By:"; a
    # comma in 997 of them, nothing in 431, a stop in none).
    t = re.sub(r"(?:(?<=[A-Za-z0-9]{2})|(?<=\s[IVX]))(?<!Pte|Inc|Ltd|Esq)(?<!Co|CO|Jr|Sr)"
               r"(?<!Corp|CORP|Bros)\. "
               r"(?=(?:L\.P\.|LLC|L\.L\.C\.|LP|Inc\.|Ltd\.)(?:[,.\s]|$))", ", ", t)
    t = re.sub(r"(?:(?<=LLC)|(?<=Inc\.)|(?<=Ltd\.)|(?<=L\.P\.))\. (?=By:?\s)", ", ", t)
    t = t.replace(",,", ",")
    return t, (["repaired:punctuation"] if t != text else [])


def tidy_text(text: str) -> tuple[str, list[str]]:
    """Specks OCR reads at the edges of a short text and inside its parentheses:
    "Goldcrest Foods, Inc. -" and "Officer-" lose the dash, "See footnote ." the loose stop,
    "4856 CORPORATE CENTER DRIVE oe" (capitals, then a lower-case scrap) the scrap,
    "(Right to Buy )" the space, "By 'Spouse" the quote, "right to - buy" and
    "Warrants - (right to buy)" the loose dash."""
    t = text
    t = re.sub(r"\s+[-.,;:'\"`]+$", "", t)
    t = re.sub(r"(?<=[A-Za-z])-+$", "", t)
    t = re.sub(r'^"(?=[A-Za-z]{2})', "", t)  # '"YAMADA ROBERT'
    t = re.sub(r"^[-~_|.,;:]+\s+(?=[A-Za-z]{2})", "", t)  # "- Common Stock": a speck before
    words = t.split(" ")
    if len(words) >= 3 and re.fullmatch(r"[a-z]{1,3}", words[-1]) and \
            " ".join(words[:-1]).upper() == " ".join(words[:-1]):
        t = " ".join(words[:-1])
    t = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", t))
    t = re.sub(r"(^|\s)'(?=[A-Za-z]{2})(?![A-Za-z]*')", r"\1", t)
    t = re.sub(r"(?<=\d)'(?=\s)", "", t)  # "3333' SHORELINE"
    # "Quarry: Point Technologies" (a signature's "By: ", "For: ", "Name: ", "Title: " stay)
    t = re.sub(r"(?<=[a-z])(?<!\bBy)(?<!\bFor)(?<!\bfor)(?<!Name)(?<!Title)(?<!\bIts):(?=\s[A-Z])", "", t)
    t = re.sub(r"\b(STREET|AVENUE|ROAD|DRIVE|BOULEVARD|LANE|PLACE|COURT|CIRCLE|PARKWAY)\.$",
               r"\1", t)  # a speck after a street word written out
    t = re.sub(r"^([a-z])([A-Z])\b", lambda m: (m.group(1) + m.group(2)).upper(), t)  # "vP"
    t = re.sub(r"\b(Class|Series) ([A-Z])\.(?=\s+[A-Z])", r"\1 \2", t)  # "Class A. Common"
    t = re.sub(r"(?<=[a-z]) - (?=[a-z(])", " ", t)
    # A speck glued to the end: 'By Spouse"', "(right to buy)!", 'Fund IV, L.P."', "By Trust).",
    # "See footnote (" (a quote or bang ends no text on the form; a lone bracket nothing).
    t = re.sub(r"(?<=[A-Za-z.)])[\"'`!*]+$", "", t) if t.count('"') % 2 else \
        re.sub(r"(?<=[A-Za-z.)])['`!*]+$", "", t)  # ('Trust "A"' is as filed)
    t = re.sub(r"(?<=[A-Za-z])\)\.?$", "", t) if t.count(")") > t.count("(") else t
    t = re.sub(r"\s*\($", "", t)
    # ... or inside a title's words: "Convertible' Preferred", "Option' (Right", "(Right:to Buy)",
    # "(right. to buy)", "Common * Stock".
    t = re.sub(r"(?<=[a-rt-z])'(?=\s)|(?<=[a-z])[`*](?=\s)|(?<=\s)\*\s", " ", t)  # "Directors'"
    t = re.sub(r"(?<=\(right)[.:]\s*(?=to\b)", " ", t, flags=re.IGNORECASE)
    t = re.sub(r"(?<=[a-z])['`]+(?=\))" if t.count('"') % 2 == 0 else r"(?<=[a-z])['`\"]+(?=\))",
               "", t)  # "(Right to Buy')" (not '("Common Stock")')
    t = re.sub(r"(?<=\))[.,:;](?=[a-z])", " ", t)  # "13(d).group"
    t = re.sub(r"(?<=[A-Za-z]{3})[:;]$", "", t)  # "Quintero Christopher:", "AUSTIN:"
    # A speck read as a stop after a comma or glued before a word: "Holdings,. Inc.",
    # ".Foxglove Bancorp", "C/O .FOXGLOVE" (none of EDGAR's names, addresses or titles
    # writes ",." or a word that starts with a stop)
    t = comma_speck(t)
    t = re.sub(r"(?:^|(?<=\s))\.(?=[A-Z][A-Za-z])", "", t)
    t = re.sub(r"\s{2,}", " ", t)
    t = t.strip()
    return t, (["repaired:specks"] if t != text else [])


def fix_title_case(text: str, words: dict[str, str]) -> tuple[str, list[str]]:
    """'Common stock' -> 'Common Stock' where real filings capitalise the word that way.
    Only in mixed-case titles (an all-capitals title stays as it is)."""
    tokens = text.split(" ")
    if not any(t[:1].isupper() and not t.isupper() for t in tokens if t):
        return text, []
    out, changed = [], False
    depth = 0
    for i, t in enumerate(tokens):
        depth += t.count("(")
        core = t.strip("(),.;:")
        usual = words.get(core.lower())
        prev_cap = i > 0 and tokens[i - 1][:1].isupper()
        next_ok = i + 1 >= len(tokens) or tokens[i + 1].lstrip("(")[:1].isupper()
        # Only letters whose capital has the same shape ("s"/"S", "c"/"C", "o"/"O" ...), in a
        # run of capitalised words, outside parentheses.
        if usual and core.islower() and usual != core and usual.lower() == core and \
                core[0] in "cosuvwxzkp" and prev_cap and next_ok and depth == 0:
            t = t.replace(core, usual)
            changed = True
        depth -= t.count(")")
        out.append(t)
    return " ".join(out), (["repaired:title-case"] if changed else [])


_SAME_SHAPE_CAPITALS = "cosuvwxzkp"  # letters whose capital OCR cannot tell by shape
_RIGHT_TO = re.compile(r"\(([Rr])ight\s+(\S{1,3})\s+(\S{1,4})\)")
_TITLE_END = re.compile(r"(?:(?<=[a-z]{4})|(?<=Stock)|(?<=Units)|(?<=\)))[.,;:]$")


def tidy_title(text: str) -> tuple[str, list[str]]:
    """A security title as filings write it (the SEC Insider Transactions Data Sets, 2024Q3:
    72,175 titles). A first letter OCR cannot tell from its capital ('warrants', 'common')
    is a capital: 0.25 % of titles start in lower case. A stop or comma after the last
    word goes ("par value."): titles end with a stop only after an abbreviation ("Inc.").
    A lone quote before a word is a speck ("Class 'B Common Stock"). "(Right to uy)" and
    "(right fo buy)" are "(Right to Buy)" and "(right to buy)" (3,950 and 2,988 times;
    "Right to buy" 176). A comma before the par value ("Common Stock, $0.01 par value": 616
    times, never without). A scrap of one or two letters after the closing bracket ("(Right
    to Buy) Aa") goes: none of the 45,039 titles of the data sets' three tables ends so."""
    from rapidfuzz import fuzz

    t = series_d_mended(re.sub(r"(?<=\))\s+[A-Za-z0-9]{1,2}$", "", text))
    if t[:1] in _SAME_SHAPE_CAPITALS:
        t = t[0].upper() + t[1:]
    t = _TITLE_END.sub("", t)
    # braces read for parentheses ("Stock options {right to buy)"); two words run together
    # ("CommonStock")
    t = re.sub(r"\{(?=[A-Za-z])", "(", re.sub(r"(?<=[A-Za-z])\}", ")", t))
    t = re.sub(r"\b(Common|Preferred|Ordinary|Restricted|Capital)(Stock|Shares|Units)\b",
               r"\1 \2", t)
    if t.count("'") == 1:
        t = re.sub(r"(?<![\w])'(?=[A-Z0-9])", "", t)
    if t.count('"') == 1:
        t = t.replace('"', "")

    def right_to(m: re.Match[str]) -> str:
        r, to, what = m.groups()
        if (to, what.lower()) == ("to", "buy") or edit_distance(to, "to", 1) > 1 or \
                fuzz.ratio(what.lower(), "buy") < 50 or what.lower() in ("by", "bay"):
            return m.group(0)
        return "(Right to Buy)" if r == "R" else "(right to buy)"

    t = _RIGHT_TO.sub(right_to, t)
    # the words around it torn: "(righi.to buy)", "Option wer? to buy", "Option (right to"
    if not re.search(r"\((?:[Rr]ight|[Oo]ption) to [Bb]uy\)$", t):
        t = re.sub(r"(?<=\S) (?!Options? to|Rights to)\(?[A-Za-z]{2,6}[.?:;,]? ?to ([bB])uy\)?$",
                   lambda m: " (right to buy)" if m.group(1) == "b" else " (Right to Buy)", t)
    t = re.sub(r" \((r|R)ight to$", lambda m: " (right to buy)" if m.group(1) == "r"
               else " (Right to Buy)", t)
    # a letter read twice as a word of its own ("Performance e Stock Units"), a speck glued
    # to a word ("Performance *Stock", "Class A Common Stock!")
    t = re.sub(r"(?<=([a-z])) \1(?= [A-Z])", "", t)
    t = re.sub(r"(?<=\s)[*!]+(?=[A-Z])|(?<=[a-z])[*!]+$", "", t)
    t = re.sub(r"(?<=[a-z]{4})(?<!Corp)\.\s+(?=[A-Z][a-z])", " ", t)  # "Ordinary. Shares"
    # "Common Stock $0.01 par value": a comma before the par value (616 times, none without)
    t = re.sub(r"(?<=[A-Za-z]) (?=\$[\d.]+ par value\b)", ", ", t)
    # specks in "par value $0.001 per share"; junk after "(Right to Buy)"
    t = re.sub(r"\bpar[.\s]+value[.\s]*(?=\$\d)", "par value ", t)
    t = re.sub(r"\bper\.\s+share\b", "per share", t)
    # "par value" read "por value", "pat value" (the SEC's 2024 Q3 titles: "par value" 2,537
    # times, "per value" once, no other word of three letters before "value"); "$0,001 par
    # value": a par value under a dollar written with a comma
    t = re.sub(r"\b(?:p[ao0][rtl]|pur)(?=\s+value\b)", "par", t)
    t = re.sub(r"(?<=\$0),(?=\d{2,5}\b)", ".", t)
    t = re.sub(r"(\((?:[Rr]ight|[Oo]ption) to [Bb]uy\))\s+[a-z]{1,4}$", r"\1", t)
    # a heavy fax's scraps around a title: "Common Stock'!?", "Common Stock jo", "Common
    # Stock 4" (a marker's digit), "(common Stock", "i Ordinary Shares", "Common, Stock"
    t = re.sub(r"(?<=[a-z])['\"`]?[!?][!?'\"`*]*$", "", t)
    t = re.sub(r"\b(Stock|Shares|Units|Notes|Warrants)(?:\s+[a-z]{1,2}|\s+\d)$", r"\1", t)
    t = re.sub(r"^[(\[](?=[a-z][a-z]+ [A-Z])(?![^)]*\))", "", t)
    t = re.sub(r"^[a-z] (?=[A-Z][a-z]{3,} [A-Z])", "", t)
    t = re.sub(r"\b(Common|Ordinary|Preferred)[,.] (?=Stock|Shares)", r"\1 ", t)
    if t[:1].islower() and t != text and t[:1] in _SAME_SHAPE_CAPITALS:
        t = t[0].upper() + t[1:]
    return t, (["repaired:title"] if t != text else [])


def strip_currency(text: str) -> str:
    return clean_text(text).replace("$", "").strip()
