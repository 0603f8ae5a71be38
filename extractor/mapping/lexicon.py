"""The column-header lexicon (``models/header_lexicon.json``), loaded in one place, and the
fuzzy matching that scores garbled header text against it (pure)."""

from __future__ import annotations

import gzip
import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

STOPWORDS = frozenset({"of", "or", "and", "the", "if", "to", "a", "s", "in", "for", "by", "e.g"})


def models_dir() -> Path:
    """``$FORM4_MODELS_DIR``, else the repository's ``models/`` beside the package."""
    env = os.environ.get("FORM4_MODELS_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "models"


def load_model_file(name: str) -> Any:
    path = models_dir() / name
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def _model_table(name: str, key: str) -> dict[str, Any]:
    """One table of a models/ data file; empty when the file or the table is missing."""
    try:
        return dict(load_model_file(name)[key])
    except (OSError, KeyError, ValueError):
        return {}


@lru_cache(maxsize=1)
def title_words() -> dict[str, str]:
    """models/title_words.json: how real filings capitalise the words of security titles."""
    return _model_table("title_words.json", "words")


@lru_cache(maxsize=1)
def first_names() -> dict[str, int]:
    """models/first_names.json: signers' first names with how often each signs."""
    return _model_table("first_names.json", "names")


@lru_cache(maxsize=1)
def title_vocabulary() -> dict[str, int]:
    """models/title_words.json ``counts``: the words of real security titles."""
    return _model_table("title_words.json", "counts")


@lru_cache(maxsize=1)
def prose_pairs() -> dict[str, str]:
    """models/prose_pairs.json: the mark real filings write between two words of a note
    (',' or none), for pairs written one way nearly always."""
    return _model_table("prose_pairs.json", "pairs")


@lru_cache(maxsize=1)
def prose_triples() -> dict[str, str]:
    """models/prose_pairs.json ``triples``: for word pairs written both ways, the mark
    between them that the word after settles ("issuer or the": ',')."""
    return _model_table("prose_pairs.json", "triples")


@lru_cache(maxsize=1)
def prose_stops() -> frozenset[str]:
    """models/prose_pairs.json ``stops``: word pairs real filings write with a full stop
    between them when the second word has a capital ("average price. The")."""
    return frozenset(_model_table("prose_pairs.json", "stops"))


@lru_cache(maxsize=1)
def prose_context() -> dict[str, int]:
    """models/prose_context.json: the word pairs of real filings' notes and remarks with
    how often they are written (lower case; numbers as '#', a full stop as '.')."""
    return _model_table("prose_context.json", "pairs")


@lru_cache(maxsize=1)
def text_vocabulary() -> dict[str, int]:
    """models/text_vocabulary.json: the words of real filings' footnotes and remarks."""
    return _model_table("text_vocabulary.json", "words")


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Common English words (pyspellchecker's frequency list, lower case): a word OCR read that
    is one of them ("Filer") is not a misspelling of a filing's word ("Filed")."""
    try:
        import spellchecker
    except ImportError:  # optional at run time: without it only the filings' words count
        return frozenset()
    # The word list itself, read directly: the same words as SpellChecker().word_frequency
    # (already lower case) in half the time, as no frequency table is built.
    source = Path(spellchecker.__file__).parent / "resources" / "en.json.gz"
    try:
        with gzip.open(source, "rt", encoding="utf-8") as fh:
            return frozenset(json.load(fh))
    except (OSError, ValueError):  # another layout of the package
        return frozenset(spellchecker.SpellChecker(distance=1).word_frequency.keys())


@dataclass(frozen=True)
class SubColumn:
    id: str
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class Column:
    id: str
    numbers: tuple[str, ...]
    phrases: tuple[str, ...]
    sub: tuple[SubColumn, ...] = ()


@dataclass(frozen=True)
class TableLexicon:
    kind: str  # "table1" | "table2"
    title_phrases: tuple[str, ...]
    columns: tuple[Column, ...]
    vocabulary: frozenset[str] = field(default_factory=frozenset)


_NON_TOKEN = re.compile(r"[^a-z0-9%/]+")


def tokens(text: str) -> list[str]:
    return list(_tokens(text))


@lru_cache(maxsize=65536)
def _tokens(text: str) -> tuple[str, ...]:
    """Lower-case words of a text (the same captions and phrases are split again and again)."""
    return tuple(t for t in _NON_TOKEN.split(text.lower()) if t)


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> dict[str, TableLexicon]:
    data = json.loads(Path(path).read_text("utf-8")) if path else load_model_file(
        "header_lexicon.json")
    out: dict[str, TableLexicon] = {}
    for kind, spec in data["tables"].items():
        cols = []
        vocab: set[str] = set()
        for c in spec["columns"]:
            subs = tuple(SubColumn(s["id"], tuple(s["phrases"])) for s in c.get("sub", []))
            cols.append(Column(c["id"], tuple(c["numbers"]), tuple(c["phrases"]), subs))
            for phrase in list(c["phrases"]) + [p for s in c.get("sub", []) for p in s["phrases"]]:
                vocab.update(t for t in tokens(phrase) if t not in STOPWORDS and len(t) > 1)
        out[kind] = TableLexicon(kind, tuple(spec["title_phrases"]), tuple(cols),
                                 frozenset(vocab | {"instr", "month", "day", "year"}))
    return out


def header_vocabulary() -> frozenset[str]:
    lex = load_lexicon()
    return frozenset().union(*(t.vocabulary for t in lex.values()))


_NUMBER_PREFIX = re.compile(r"^\s*([0-9]{1,2}[AaB]?)\s*[.,]")


@lru_cache(maxsize=65536)
def column_score(text: str, column: Column) -> float:
    """0-100: how well garbled header text matches a lexicon column (cached: the same
    captions are scored against the same columns on every page)."""
    t = text.strip()
    if not t:
        return 0.0
    low = t.lower()
    best = 0.0
    for phrase in column.phrases:
        p = phrase.lower()
        partial = fuzz.partial_ratio(p, low) if len(low) >= 0.6 * len(p) else 0.0
        s = max(fuzz.token_set_ratio(p, low), 0.9 * partial)
        best = max(best, s)
    m = _NUMBER_PREFIX.match(t)
    if m:
        num = m.group(1).upper()
        if num in column.numbers:
            best = min(100.0, best + 10.0)
        else:
            best -= 10.0
    return best


def sub_score(text: str, sub: SubColumn) -> float:
    t = text.strip().lower()
    if not t:
        return 0.0
    return max(fuzz.ratio(p.lower(), t) for p in sub.phrases)


_DATA_LIKE = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}|\$\s?\d|\d,\d{3}")


def is_header_like(text: str, vocabulary: frozenset[str] | None = None) -> bool:
    """True when most content words of a line are header vocabulary (not data)."""
    vocab = vocabulary if vocabulary is not None else header_vocabulary()
    if _DATA_LIKE.search(text):
        return False  # a date, an amount or a price: table data, not a header
    toks = [t for t in tokens(text) if t not in STOPWORDS]
    # One- and two-letter scraps ("(A)", "V", or a speck read as "le") say nothing either way.
    longer = [t for t in toks if len(t) > 2 or t.isdigit()]
    if longer:
        toks = longer
    if not toks:
        return False
    hits = 0
    for t in toks:
        if re.fullmatch(r"\d{1,2}[ab]?", t) and len(toks) > 1:
            hits += 1
        elif len(t) > 1 and (t in vocab or any(fuzz.ratio(t, v) >= 80 for v in vocab)):
            hits += 1
    return hits / len(toks) >= 0.6


def _norm(text: str) -> str:
    return " ".join(tokens(text))


def contains_phrase(text: str, phrase: str, threshold: float = 85.0) -> bool:
    """Fuzzy: does ``text`` contain ``phrase``? (A text much shorter than the phrase never
    does: partial matching alone would find 'x' inside 'explanation'.)"""
    t, p = _norm(text), _norm(phrase)
    if not t or not p or len(t) < 0.75 * len(p):
        return False
    return fuzz.partial_ratio(p, t) >= threshold


def starts_with_phrase(text: str, phrase: str, threshold: float = 85.0) -> bool:
    """Fuzzy: does ``text`` begin with ``phrase`` (allowing a box number before it)?"""
    t, p = _norm(text), _norm(phrase)
    return contains_phrase(t[: len(p) + 10], p, threshold)
