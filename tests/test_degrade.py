"""Tests for extractor.synth.degrade on a synthetic ruled page drawn with PIL."""

from __future__ import annotations

import json
import math
import os
import random
import subprocess
import sys

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractor.synth.degrade import (
    LEVELS,
    PARAMETERS,
    DegradedPage,
    degrade_page,
    degrade_pages,
    describe_parameters,
    document_rng,
)

FONT_PATH = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(FONT_PATH, size)
    except OSError:
        return ImageFont.load_default(size)


def draw_page(width: int = 3300, height: int = 2550) -> Image.Image:
    """A Form-4-like page: a few text lines on top, a ruled grid with cell text below."""
    im = Image.new("L", (width, height), 255)
    d = ImageDraw.Draw(im)
    sx, sy = width / 3300, height / 2550
    small, big = _font(max(8, int(33 * sy))), _font(max(10, int(42 * sy)))
    for i in range(6):
        d.text(
            (int(200 * sx), int((120 + 60 * i) * sy)),
            f"{i + 1}. Name and Address of Reporting Person  Smith John Q  {1000 + 7 * i} Main St",
            font=small,
            fill=0,
        )
    x0, y0, x1, y1 = int(200 * sx), int(800 * sy), int(3100 * sx), int(2350 * sy)
    cols = np.linspace(x0, x1, 9).astype(int)
    rows = np.linspace(y0, y1, 13).astype(int)
    for x in cols:
        d.line((int(x), y0, int(x), y1), fill=0, width=3)
    for y in rows:
        d.line((x0, int(y), x1, int(y)), fill=0, width=3)
    cells = ["Common Stock", "03/14/2024", "P", "1,250", "A", "$42.17", "18,400", "D"]
    for r, y in enumerate(rows[:-1]):
        for c, x in enumerate(cols[:-1]):
            d.text(
                (int(x) + 12, int(y) + int(30 * sy)), cells[c], font=big if r % 2 else small, fill=0
            )
    return im


@pytest.fixture(scope="module")
def page() -> Image.Image:
    return draw_page()


@pytest.fixture(scope="module")
def small_page() -> Image.Image:
    return draw_page(660, 510)


def measure_skew(image: Image.Image) -> float:
    """Median angle (degrees, counterclockwise positive) of the long near-horizontal lines."""
    ink = (np.asarray(image.convert("L")) < 128).astype(np.uint8) * 255
    # Keep horizontal-ish strokes only (a 6 degree line drifts 1 px per 10 px), dropping text.
    ink = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, 9), np.uint8))
    width = ink.shape[1]
    lines = cv2.HoughLinesP(
        ink, 1, np.pi / 1800, threshold=300, minLineLength=int(0.4 * width), maxLineGap=50
    )
    assert lines is not None, "no long lines found"
    angles = []
    for x1, y1, x2, y2 in lines.reshape(-1, 4).tolist():
        if x2 < x1:
            x1, y1, x2, y2 = x2, y2, x1, y1
        angle = math.degrees(math.atan2(-(y2 - y1), x2 - x1))
        if abs(angle) < 15:
            angles.append(angle)
    assert len(angles) >= 3
    return float(np.median(angles))


def assert_plain_json(value: object) -> None:
    """Only builtin JSON types (no numpy scalars) anywhere in ``value``."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert type(key) is str
            assert_plain_json(item)
    elif isinstance(value, list):
        for item in value:
            assert_plain_json(item)
    else:
        assert type(value) in (str, int, float, bool, type(None)), (value, type(value))


def test_parameters_documented() -> None:
    assert tuple(PARAMETERS) == LEVELS
    table = describe_parameters()
    for level in LEVELS:
        assert level in table
        for name in PARAMETERS[level]:
            assert f"`{name}`" in table


@pytest.mark.parametrize("level", LEVELS)
def test_deterministic_per_seed(page: Image.Image, level: str) -> None:
    np.random.seed(1)
    random.seed(1)
    a = degrade_page(page, level, np.random.default_rng(42))
    np.random.seed(2)  # global RNG state must not matter
    random.seed(2)
    b = degrade_page(page, level, np.random.default_rng(42))
    c = degrade_page(page, level, np.random.default_rng(43))
    assert isinstance(a, DegradedPage)
    assert a.image.tobytes() == b.image.tobytes()
    assert a.params == b.params
    assert a.image.size != c.image.size or a.image.tobytes() != c.image.tobytes()


@pytest.mark.parametrize("level", LEVELS)
def test_params_json_serialisable(small_page: Image.Image, level: str) -> None:
    for seed in range(3):
        result = degrade_page(small_page, level, np.random.default_rng(seed))
        assert_plain_json(result.params)
        assert json.loads(json.dumps(result.params)) == result.params
        assert result.params["dpi"] == result.dpi
        assert result.params["output_size"] == list(result.image.size)
        for name in PARAMETERS[level]:
            assert name in result.params


def test_clean(page: Image.Image) -> None:
    result = degrade_page(page, "clean", np.random.default_rng(0))
    assert result.image.mode == "L"
    assert result.image.size == page.size
    assert result.dpi == 300
    assert result.params["skew_degrees"] == 0.0
    assert result.params["rotation"] == 0
    diff = np.abs(np.asarray(result.image, np.float32) - np.asarray(page, np.float32))
    assert 0.5 < diff.mean() < 10
    assert measure_skew(result.image) == pytest.approx(0.0, abs=0.1)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_moderate_skew_matches_recorded(page: Image.Image, seed: int) -> None:
    result = degrade_page(page, "moderate", np.random.default_rng(seed))
    skew = result.params["skew_degrees"]
    assert -3.0 <= skew <= 3.0
    assert result.params["rotation"] == 0
    assert result.dpi in (200, 240, 300)
    assert result.image.mode == "L"
    assert len(np.unique(np.asarray(result.image))) > 50  # grayscale scan, not binary
    assert measure_skew(result.image) == pytest.approx(skew, abs=0.3)


@pytest.mark.parametrize("dpi", [200, 240, 300])
def test_dpi_scales_size(page: Image.Image, dpi: int) -> None:
    result = degrade_page(page, "moderate", np.random.default_rng(5), dpi=dpi)
    assert result.dpi == dpi
    assert result.image.size == (round(3300 * dpi / 300), round(2550 * dpi / 300))


def test_heavy_binary_and_damaged(page: Image.Image) -> None:
    for seed in (0, 1):
        result = degrade_page(page, "heavy", np.random.default_rng(seed))
        values = set(np.unique(np.asarray(result.image)).tolist())
        assert values <= {0, 255}
        assert -6.0 <= result.params["skew_degrees"] <= 6.0
        assert result.dpi in (200, 300)
        assert result.params["rules_broken"] + result.params["rules_faded"] > 0
        x0, y0, x1, y1 = result.params["mark_box"]
        assert 0 <= x0 < x1 <= page.width and 0 <= y0 < y1 <= page.height


def test_heavy_rotation(small_page: Image.Image) -> None:
    w, h = small_page.size
    rotations = []
    for seed in range(30):
        result = degrade_page(small_page, "heavy", np.random.default_rng(seed))
        rotation = result.params["rotation"]
        rotations.append(rotation)
        assert rotation in (0, 90, 180, 270)
        size = (round(w * result.dpi / 300), round(h * result.dpi / 300))
        if rotation in (90, 270):
            size = size[::-1]
        assert result.image.size == size
    assert any(r != 0 for r in rotations)
    assert sum(r == 0 for r in rotations) > 15


def test_heavy_rotation_convention(page: Image.Image) -> None:
    """Undoing ``rotation`` with np.rot90(-k) gives an upright page with the recorded skew."""
    found = set()
    for seed in range(200):
        rng = np.random.default_rng(seed)
        if PARAMETERS["heavy"]["skew_degrees"].draw(rng) == 0:  # pragma: no cover
            continue
        rotation = PARAMETERS["heavy"]["rotation"].draw(rng)
        if rotation in (90, 270) and rotation not in found:
            found.add(rotation)
            result = degrade_page(page, "heavy", np.random.default_rng(seed))
            assert result.params["rotation"] == rotation
            upright = np.rot90(np.asarray(result.image), -(rotation // 90))
            assert upright.shape[1] > upright.shape[0]  # landscape again
            thumb = cv2.resize(upright.astype(np.float32), (165, 127), interpolation=cv2.INTER_AREA)
            ref = cv2.resize(np.asarray(page, np.float32), (165, 127), interpolation=cv2.INTER_AREA)
            upright_err = np.abs(thumb - ref).mean()
            assert upright_err < np.abs(np.rot90(thumb, 2) - ref).mean()  # not upside down
            measured = measure_skew(Image.fromarray(np.ascontiguousarray(upright)))
            assert measured == pytest.approx(result.params["skew_degrees"], abs=0.5)
        if found == {90, 270}:
            break
    assert found == {90, 270}


def test_degrade_pages_document(small_page: Image.Image) -> None:
    pages = [small_page] * 4
    a = degrade_pages(pages, "moderate", seed=7, doc_key="0001234567-24-000001")
    b = degrade_pages(pages, "moderate", seed=7, doc_key="0001234567-24-000001")
    c = degrade_pages(pages, "moderate", seed=7, doc_key="0001234567-24-000002")
    assert len({p.dpi for p in a}) == 1
    assert len({p.params["skew_degrees"] for p in a}) == 4
    assert [p.image.tobytes() for p in a] == [p.image.tobytes() for p in b]
    assert [p.image.tobytes() for p in a] != [p.image.tobytes() for p in c]
    first_two = degrade_pages(pages[:2], "moderate", seed=7, doc_key="0001234567-24-000001")
    assert [p.params for p in first_two] == [p.params for p in a[:2]]


def test_document_rng_stable_across_processes() -> None:
    code = (
        "from extractor.synth.degrade import document_rng;"
        "print(document_rng(7, 'doc-1').integers(0, 2**62))"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345")
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert int(out.stdout) == int(document_rng(7, "doc-1").integers(0, 2**62))


def test_unknown_level_and_bad_dpi(small_page: Image.Image) -> None:
    with pytest.raises(ValueError):
        degrade_page(small_page, "extreme", np.random.default_rng(0))
    with pytest.raises(ValueError):
        degrade_pages([small_page], "Heavy", seed=1, doc_key="x")
    with pytest.raises(ValueError):
        degrade_page(small_page, "moderate", np.random.default_rng(0), dpi=0)


def test_accepts_other_modes(small_page: Image.Image) -> None:
    rgb = degrade_page(small_page.convert("RGB"), "moderate", np.random.default_rng(3))
    gray = degrade_page(small_page, "moderate", np.random.default_rng(3))
    assert rgb.image.tobytes() == gray.image.tobytes()
