"""What the scripts that build the readable data files in models/ share: the free text of the
EDGAR ownership XML filings, by issuer, and writing a versioned model file."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
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


def write_model(name: str, description: str, tables: dict[str, Any], indent: int = 0) -> Path:
    """models/NAME as the mapping reads it: version 1, a description, the tables."""
    out = MODELS / name
    out.write_text(json.dumps({"version": 1, "description": description, **tables},
                              indent=indent) + "\n")
    return out
