"""Build models/first_names.json: the first names of the people who sign Forms 3, 4 and 5
(the "/s/ Jane Q. Doe" of the SEC Insider Transactions Data Sets' OWNER_SIGNATURE table) with
how often each signs, used to mend a first name OCR garbled by one letter ('Priva' for
'Priya'). Run:

    .venv/bin/python scripts/build_first_names.py ../shared/data/insider-dataset-2024q3
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from pathlib import Path

from model_files import write_model

MIN_COUNT = 2


def main(folder: str) -> None:
    counts: Counter[str] = Counter()
    csv.field_size_limit(10**7)
    with (Path(folder) / "OWNER_SIGNATURE.tsv").open(encoding="utf-8", errors="replace") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            m = re.match(r"\s*(?:/s/\s*)?([A-Z][a-z]{2,})\b(?![.,]?\s*(?:Inc|LLC|L\.P|LP)\b)",
                         row.get("OWNERSIGNATURENAME") or "")
            if m:
                counts[m.group(1)] += 1
    names = {n: c for n, c in counts.items() if c >= MIN_COUNT}
    out = write_model(
        "first_names.json",
        "First names of signers (the first word after '/s/') seen at least twice in the "
        "OWNER_SIGNATURE table of the SEC Insider Transactions Data Sets 2024Q3, with their "
        "counts; built by scripts/build_first_names.py.",
        {"names": dict(sorted(names.items()))}, indent=1)
    print(f"{len(names)} names -> {out}")


if __name__ == "__main__":
    main(sys.argv[1])
