"""Build models/prose_pairs.json: how real filings punctuate between two words of their notes
and remarks ("upon request, full information", "the price reported", "$31.38, inclusive"),
for the word pairs that are written one way nearly always. OCR adds specks between words
("The. price", "multiple - transactions") and loses small commas ("request full"); the
mapping puts back what the filings write. Only pairs that the filings of two issuers or more
write, five times or more, one way in 95 % of cases or more are kept; so are the pairs
whose second word opens a sentence ("average price. The") as good as always. Run:

    .venv/bin/python scripts/build_prose_pairs.py ../shared/data/edgar-xml
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict

from model_files import edgar_texts, write_model

from extractor.mapping.normalize import pair_key, triple_key

TAGS = {"footnote", "remarks"}
_WORD = re.compile(r"^[A-Za-z$\d][A-Za-z0-9$.,'\-]*$")


def separator(token: str) -> str:
    """What ends a word as written: ',' or '' (a full stop or other mark is not modelled)."""
    return "," if token.endswith(",") else ("" if token[-1:].isalnum() else "?")


def main(folder: str) -> None:
    seps: dict[str, Counter[str]] = defaultdict(Counter)
    issuers: dict[str, set[str]] = defaultdict(set)
    ends: dict[str, Counter[str]] = defaultdict(Counter)  # before a capital: '.' or not
    end_issuers: dict[str, set[str]] = defaultdict(set)
    triple_seps: dict[str, Counter[str]] = defaultdict(Counter)
    triple_issuers: dict[str, set[str]] = defaultdict(set)
    for issuer, _tag, text in edgar_texts(folder, TAGS):
        tokens = text.split()
        for a, b, c in zip(tokens, tokens[1:], [*tokens[2:], ""], strict=False):
            if not (_WORD.match(a) and _WORD.match(b)) or not re.search(r"[a-z]", a + b):
                continue
            if c and _WORD.match(c) and separator(a) != "?":
                key3 = triple_key(a, b, c)
                triple_seps[key3][separator(a)] += 1
                triple_issuers[key3].add(issuer)
            if b[:1].isupper() and (a[-1:].isalnum() or a.endswith((".", ","))):
                key = pair_key(a, b)
                ends[key]["." if a.endswith(".") else ""] += 1
                end_issuers[key].add(issuer)
            sep = separator(a)
            if sep == "?":
                continue
            key = pair_key(a, b)
            seps[key][sep] += 1
            issuers[key].add(issuer)
    pairs = {}
    for key, c in seps.items():
        total = sum(c.values())
        sep, n = c.most_common(1)[0]
        if total >= 5 and n >= 0.95 * total and len(issuers[key]) >= 2:
            pairs[key] = sep
    triples = {}
    for key3, c in triple_seps.items():
        total = sum(c.values())
        sep, n = c.most_common(1)[0]
        if key3.rsplit(" ", 1)[0] not in pairs and total >= 5 and n >= 0.95 * total and \
                len(triple_issuers[key3]) >= 2:
            triples[key3] = sep
    stops = {}
    for key, c in ends.items():
        total = sum(c.values())
        if total >= 5 and c["."] >= 0.95 * total and len(end_issuers[key]) >= 2:
            stops[key] = c["."]
    out = write_model(
        "prose_pairs.json",
        "Word pairs of the notes and remarks in the EDGAR ownership XML filings in "
        "shared/data/edgar-xml, with the mark between them (',' or none) where the filings of "
        "two issuers or more write the pair five times or more, one way in 95 % of cases; "
        "'stops': the pairs whose second word opens a sentence ('price. The'), so written in "
        "95 % of the cases where it has a capital, with how often; 'triples': for pairs "
        "written both ways, the mark between the first two of three words where the word "
        "after settles it the same way ('issuer or the': ','); built by "
        "scripts/build_prose_pairs.py.",
        {"pairs": dict(sorted(pairs.items())), "triples": dict(sorted(triples.items())),
         "stops": dict(sorted(stops.items()))})
    print(f"{len(pairs)} pairs ({sum(v == ',' for v in pairs.values())} with a comma), "
          f"{len(triples)} triples ({sum(v == ',' for v in triples.values())} with a comma), "
          f"{len(stops)} with a full stop before a capital -> {out}")


if __name__ == "__main__":
    main(sys.argv[1])
