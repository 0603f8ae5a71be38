"""Build models/prose_context.json: the word pairs of real filings' notes and remarks with how
often they are written ("tax withholding", "withholding obligations", "as practicable",
"practicable after"). A word OCR garbled beyond any spelling mend ("tax withieidine
obligations") is read from the words around it: the one known word that the filings write
between those neighbours, and that looks enough like what was read. Words are lower case
without the marks around them; amounts, dates and numbers are "#"; a full stop after a word
is a word of its own ("."), so the end of a sentence is a neighbour too. Only pairs that the
filings of two issuers or more write, twice or more, are kept: the language of the form, not
one filer's names. Run:

    .venv/bin/python scripts/build_prose_context.py ../shared/data/edgar-xml
"""

from __future__ import annotations

import sys

from model_files import IssuerCounts, edgar_texts, write_model

from extractor.mapping.normalize import context_tokens

TAGS = {"footnote", "remarks"}


def main(folder: str) -> None:
    seen = IssuerCounts()
    for issuer, _tag, text in edgar_texts(folder, TAGS):
        words = context_tokens(text)
        for a, b in zip(words, words[1:], strict=False):
            if a and b:
                seen.add(f"{a} {b}", issuer)
    pairs = seen.shared()
    out = write_model(
        "prose_context.json",
        "Word pairs of the notes and remarks in the EDGAR ownership XML filings in "
        "shared/data/edgar-xml (lower case, amounts and numbers as '#', a full stop as '.') "
        "that the filings of two issuers or more write twice or more, with how often; built "
        "by scripts/build_prose_context.py. Mends words OCR garbled beyond spelling from the "
        "words around them.",
        {"pairs": dict(sorted(pairs.items()))})
    print(f"{len(pairs)} pairs -> {out}")


if __name__ == "__main__":
    main(sys.argv[1])
