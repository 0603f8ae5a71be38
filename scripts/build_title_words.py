"""Build models/title_words.json: how the words of security titles are capitalised in real
filings (the SEC Insider Transactions Data Sets), used to mend OCR case slips such as
'Common stock', and how often each word occurs (``counts``), used to mend spelling slips such
as 'Common Steck'. Run:

    .venv/bin/python scripts/build_title_words.py ../shared/data/insider-dataset-2024q3
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from model_files import write_model

FILES = {
    "DERIV_TRANS.tsv": ("SECURITY_TITLE", "UNDLYNG_SEC_TITLE"),
    "DERIV_HOLDING.tsv": ("SECURITY_TITLE", "UNDLYNG_SEC_TITLE"),
    "NONDERIV_HOLDING.tsv": ("SECURITY_TITLE",),
}


def main(folder: str) -> None:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    csv.field_size_limit(10**7)
    for name, columns in FILES.items():
        with (Path(folder) / name).open(encoding="utf-8", errors="replace") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                for col in columns:
                    for word in re.findall(r"[A-Za-z][A-Za-z'\-]*", row.get(col) or ""):
                        counts[word.lower()][word] += 1
    words = {}
    for low, forms in counts.items():
        total = sum(forms.values())
        mixed = {f: n for f, n in forms.items() if not f.isupper() or len(f) == 1}
        if total < 5 or not mixed:
            continue
        form, n = max(mixed.items(), key=lambda kv: kv[1])
        if n >= 0.8 * sum(mixed.values()):
            words[low] = form
    frequent = {low: sum(forms.values()) for low, forms in counts.items()
                if sum(forms.values()) >= 3 and len(low) > 1}
    out = write_model(
        "title_words.json",
        "Usual capitalisation of words in security titles (mixed-case forms only) and the "
        "counts of words seen three times or more, from the SEC Insider Transactions Data Sets "
        "2024Q3; built by scripts/build_title_words.py.",
        {"words": dict(sorted(words.items())), "counts": dict(sorted(frequent.items()))},
        indent=1)
    print(f"{len(words)} words -> {out}")


if __name__ == "__main__":
    main(sys.argv[1])
