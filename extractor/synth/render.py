"""Truth records -> clean Form 4 page images, in one of three layouts (eras of the form).

``render_pages(record, layout, seed=...)`` returns grayscale ("L") pages at 300 DPI,
landscape US letter (3300 x 2550), white paper and black ink, ready for ``degrade``:

- ``"edgar"``: the SEC's HTML rendering of an XML filing, as printed from a browser
  (:mod:`extractor.synth.layout_edgar`);
- ``"paper"``: the paper form SEC 1474 typed or printed into its ruled boxes;
- ``"paper-pre2002"``: the form before the August 2002 changes (no Deemed Execution Date
  columns, "Statement for Month/Year", I.R.S. number box), typewritten
  (both :mod:`extractor.synth.layout_paper`).

Each image's ``info["form4_regions"]`` names the boxes of the table headings and rows drawn on
it (``"table_i.header"``, ``"table_i.row0"``, ``"table_ii.row1"`` ... as (x0, y0, x1, y1)), a
by-product for tests and debugging. The same record, layout and seed always give the same
pixels. The seed varies fonts, sizes
by a few percent and column widths by a few percent; values are fitted to whatever widths
result, so they never leave their cells.
"""

from __future__ import annotations

from typing import Any

from PIL import Image

from extractor.synth.draw import PAGE_DPI, PAGE_HEIGHT, PAGE_WIDTH, record_rng

__all__ = ["LAYOUTS", "PAGE_DPI", "PAGE_HEIGHT", "PAGE_WIDTH", "render_pages"]

LAYOUTS = ("edgar", "paper", "paper-pre2002")


def render_pages(record: dict[str, Any], layout: str, *, seed: int = 0) -> list[Image.Image]:
    """Clean page images of ``record`` in ``layout`` (one of :data:`LAYOUTS`)."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; expected one of {', '.join(LAYOUTS)}")
    rng = record_rng(record, layout, seed)
    if layout == "edgar":
        from extractor.synth.layout_edgar import render_edgar

        pages = render_edgar(record, rng)
    else:
        from extractor.synth.layout_paper import render_paper

        pages = render_paper(record, rng, pre2002=layout == "paper-pre2002")
    images = []
    for page in pages:
        image = page.image
        image.info["dpi"] = (PAGE_DPI, PAGE_DPI)
        image.info["form4_regions"] = dict(page.regions)
        images.append(image)
    return images
