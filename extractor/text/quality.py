"""How garbled a text reads, for the confidence model (pure).

Text carries no word confidences, so the calibrator's page and field quality inputs are
measured on the text itself: the share of *specks* (tokens of marks alone, ``‘``, ``:``,
``;`` that a dirty scan makes OCR read) and the share of words no filing's text uses. On
text from clean scans about 1 % of the tokens are specks, on text from moderate scans 2-6 %.
Each field gets ``page_low_share`` (twice the speck share, in the range the scan path's
share of unsure words spans), ``page_quality`` (one less the page's share of unknown words)
and, where it has text, ``ocr_low_share`` (its own specks and odd marks) and ``oov_share``
(its own unknown words) -- the keys :func:`extractor.calibration.features` reads.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractor.record import Record, iter_fields

_ODD = re.compile(r"[‘’“”~©®«»¢°^{}\\]")
_LEGIT_MARKS = frozenset({"-", "&", "|", "—", "–", "$", "%", "/"})
# Fields whose words are words of filings' text (names, addresses and numbers are not).
_WORDY = frozenset({"security_title", "underlying_security_title", "nature_of_ownership",
                    "officer_title", "other_text", "text", "remarks"})


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    from extractor.mapping.lexicon import text_vocabulary, title_vocabulary
    from extractor.text import formtext as ft

    words = {w.lower() for w in text_vocabulary()}
    words |= {w.lower() for w in title_vocabulary()}
    words |= set(ft.vocabulary())
    return frozenset(words)


def speck_share(text: str) -> float:
    """Share of the tokens of ``text`` that are marks alone (no letter, no digit)."""
    toks = text.split()
    if not toks:
        return 0.0
    specks = sum(1 for t in toks if not any(c.isalnum() for c in t) and t not in _LEGIT_MARKS)
    return specks / len(toks)


def noisy_token_share(text: str) -> float:
    """Share of the tokens of ``text`` that are specks or hold marks OCR makes of dirt."""
    toks = text.split()
    if not toks:
        return 0.0
    bad = sum(1 for t in toks if (not any(c.isalnum() for c in t) and t not in _LEGIT_MARKS)
              or _ODD.search(t))
    return bad / len(toks)


def unknown_word_share(text: str, known: frozenset[str] | None = None) -> float:
    """Share of the words of ``text`` (three letters or more, marks at the ends aside) that
    no filing's text uses or that hold other characters ('Healtheare', 'Vijz2U')."""
    vocab = _known_words() if known is None else known
    words = [re.sub(r"^[^A-Za-z]+|[^A-Za-z]+$", "", t) for t in text.split()]
    words = [w for w in words if len(w) >= 3]
    if not words:
        return 0.0
    return sum(1 for w in words if not w.isalpha() or w.lower() not in vocab) / len(words)


def garble(text: str) -> float:
    """A parse cost for free text as garbled as ``text`` reads: its specks and odd marks,
    and its words no filing uses (0 for clean prose)."""
    return round(4.0 * noisy_token_share(text) + 1.5 * unknown_word_share(text), 3)


def attach_quality(record: Record, text: str) -> None:
    """Give every field of ``record`` the quality inputs of the confidence model, measured
    on the filing's OCR ``text`` and on the field's own text."""
    page_low = round(min(1.0, 2.0 * speck_share(text)), 3)
    page_quality = round(1.0 - unknown_word_share(text), 3)
    for path, field in iter_fields(record):
        field["page_low_share"] = page_low
        field["page_quality"] = page_quality
        raw = field.get("text")
        if not isinstance(raw, str) or not raw.strip():
            continue
        field["ocr_low_share"] = round(noisy_token_share(raw), 3)
        name = path.rsplit(".", 1)[-1].split("[")[0]
        if name in _WORDY:
            field["oov_share"] = round(unknown_word_share(raw), 3)
