"""Build models/text_vocabulary.json: the words of footnotes, remarks, nature-of-ownership and
security titles in real EDGAR filings, with their counts; used to mend OCR misspellings and
words run together in free text. Only words that the filings of two issuers or more use are
kept: the language of the form, not one filer's names (which would only help on renders of
the very filings the vocabulary was read from). Run:

    .venv/bin/python scripts/build_vocabulary.py ../shared/data/edgar-xml
"""

from __future__ import annotations

import re
import sys

from model_files import IssuerCounts, edgar_texts, write_model

TAGS = {"footnote", "remarks", "value"}


def main(folder: str) -> None:
    seen = IssuerCounts(group=str.lower)
    for issuer, tag, text in edgar_texts(folder, TAGS):
        if tag == "value" and not re.search(r"[A-Za-z]{3}", text):
            continue
        for word in re.findall(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]", text):
            seen.add(word, issuer)
    words = {w: n for w, n in seen.shared().items() if len(w) >= 2}
    out = write_model(
        "text_vocabulary.json",
        "Words (as written, with counts) of footnotes, remarks and values in the EDGAR "
        "ownership XML filings in shared/data/edgar-xml that the filings of two issuers or "
        "more use; built by scripts/build_vocabulary.py. Mends OCR misspellings in free text.",
        {"words": dict(sorted(words.items()))})
    print(f"{len(words)} words -> {out}")


if __name__ == "__main__":
    main(sys.argv[1])
