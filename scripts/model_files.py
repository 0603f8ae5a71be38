"""What the scripts that build the readable data files in models/ share: the free text of the
EDGAR ownership XML filings, by issuer, and writing a versioned model file."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

MODELS = Path(__file__).resolve().parents[1] / "models"


def edgar_texts(folder: str, tags: set[str]) -> Iterator[tuple[str, str, str]]:
    """(issuer, tag, text) of every element named in ``tags`` of every EDGAR XML filing in
    ``folder`` (name order; unreadable files skipped). The issuer is its CIK without leading
    zeros (else its name, else the file's name): words and pairs are counted per issuer."""
    for path in sorted(Path(folder).glob("*.xml")):
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError:
            continue
        issuer = (root.findtext("issuer/issuerCik") or root.findtext("issuer/issuerName")
                  or path.name).strip().lstrip("0")
        for el in root.iter():
            tag = el.tag.rsplit("}", 1)[-1]
            if tag in tags and el.text:
                yield issuer, tag, el.text


class IssuerCounts:
    """How often each key (a word, a pair of words) is written, and by which issuers: the
    models keep only what several filers write, not one filer's habit. ``group`` says which
    keys count as one for the issuers (a word in any case)."""

    def __init__(self, group: Callable[[str], str] = str) -> None:
        self.counts: Counter[str] = Counter()
        self.issuers: dict[str, set[str]] = defaultdict(set)
        self.group = group

    def add(self, key: str, issuer: str) -> None:
        self.counts[key] += 1
        self.issuers[self.group(key)].add(issuer)

    def shared(self, min_count: int = 2, min_issuers: int = 2) -> dict[str, int]:
        """Keys written ``min_count`` times or more by ``min_issuers`` issuers or more."""
        return {k: n for k, n in self.counts.items()
                if n >= min_count and len(self.issuers[self.group(k)]) >= min_issuers}


def write_model(name: str, description: str, tables: dict[str, Any], indent: int = 0) -> Path:
    """models/NAME as the mapping reads it: version 1, a description, the tables."""
    out = MODELS / name
    out.write_text(json.dumps({"version": 1, "description": description, **tables},
                              indent=indent) + "\n")
    return out
