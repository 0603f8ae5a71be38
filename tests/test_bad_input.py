"""Bad input: every case is a real file made in the test; each gets a clear error naming the
file (and page), a documented exit code, and a multi-file run still extracts the rest."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractor import cli, ingest
from extractor.errors import (
    EncryptedPdfError,
    ExitCode,
    ImageTooLargeError,
    InputFileError,
    NotAForm4Error,
    UnsupportedFormatError,
)
from extractor.pipeline import extract


def _pdf_from_image(img: Image.Image, path: Path) -> Path:
    img.save(path, format="PDF", resolution=150)
    return path


def _letter_image() -> Image.Image:
    img = Image.new("L", (1275, 1650), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(28)
    lines = [
        "Dear Shareholder,",
        "Thank you for your continued support of our company during the past year.",
        "We are pleased to invite you to our annual meeting, held in the spring.",
        "Please find the agenda and the proxy materials enclosed with this letter.",
        "Sincerely, the Board of Directors",
    ]
    for i, line in enumerate(lines):
        draw.text((100, 150 + 60 * i), line, fill=0, font=font)
    return img


def test_zero_byte_pdf(tmp_path: Path) -> None:
    p = tmp_path / "empty.pdf"
    p.write_bytes(b"")
    with pytest.raises(InputFileError, match="empty.pdf.*empty file"):
        extract(p)


def test_corrupt_pdf(tmp_path: Path) -> None:
    p = tmp_path / "corrupt.pdf"
    p.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20)
    with pytest.raises(InputFileError, match="corrupt.pdf"):
        extract(p)


def test_truncated_pdf(tmp_path: Path, form4_pdf: Path) -> None:
    data = form4_pdf.read_bytes()
    p = tmp_path / "truncated.pdf"
    p.write_bytes(data[: len(data) // 3])
    with pytest.raises(InputFileError, match="truncated.pdf"):
        extract(p)


def test_encrypted_pdf(tmp_path: Path, form4_pdf: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(str(form4_pdf)).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    p = tmp_path / "locked.pdf"
    with p.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(EncryptedPdfError, match="locked.pdf.*password"):
        extract(p)
    assert cli.main(["extract", str(p), "-o", str(tmp_path / "out")]) == ExitCode.encrypted_input


def test_pdf_without_pages(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    p = tmp_path / "nopages.pdf"
    buf = io.BytesIO()
    PdfWriter().write(buf)
    p.write_bytes(buf.getvalue())
    with pytest.raises(InputFileError, match="nopages.pdf"):
        extract(p)


def test_decompression_bomb(tmp_path: Path) -> None:
    p = tmp_path / "bomb.png"
    Image.new("1", (10000, 7000), 1).save(p)  # 70 Mpx: a few KB on disk
    with pytest.raises(ImageTooLargeError, match="bomb.png"):
        extract(p)
    assert cli.main(["extract", str(p), "-o", str(tmp_path / "o")]) == ExitCode.image_too_large


def test_huge_pdf_page(tmp_path: Path) -> None:
    p = _pdf_from_image(Image.new("L", (200, 200), 255), tmp_path / "poster.pdf")
    # A 200 x 200 inch page would be 60000 x 60000 px at 300 DPI: refused before rendering.
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(p)))
    writer.pages[0].scale_to(200 * 72, 200 * 72)
    with p.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(ImageTooLargeError, match="poster.pdf, page 1"):
        extract(p)


def test_unsupported_format(tmp_path: Path) -> None:
    p = tmp_path / "filing.docx"
    p.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(UnsupportedFormatError, match="filing.docx"):
        ingest.open_document(p)
    assert cli.main(["extract", str(p), "-o", str(tmp_path / "o")]) == ExitCode.input_file


def test_blank_page(tmp_path: Path) -> None:
    p = tmp_path / "blank.png"
    Image.new("L", (1275, 1650), 255).save(p, dpi=(150, 150))
    with pytest.raises(NotAForm4Error, match="blank.png, page 1: no text found"):
        extract(p)


def test_not_a_form4(tmp_path: Path) -> None:
    p = _pdf_from_image(_letter_image(), tmp_path / "letter.pdf")
    with pytest.raises(NotAForm4Error, match="letter.pdf: does not look like a Form 4"):
        extract(p)
    assert cli.main(["extract", str(p), "-o", str(tmp_path / "o")]) == ExitCode.not_a_form4


@pytest.mark.parametrize("turns", [1, 2, 3])
def test_rotated_page_is_turned_upright(tmp_path: Path, form4_png: Path, turns: int) -> None:
    img = np.asarray(Image.open(form4_png))
    p = tmp_path / f"rotated{turns * 90}.png"
    Image.fromarray(np.rot90(img, turns)).save(p, dpi=(300, 300))
    rec = extract(p).to_dict()
    assert any("rotated" in w and "page 1" in w for w in rec["warnings"]), rec["warnings"]
    assert rec["issuer"]["name"]["value"], "the issuer should be read once the page is upright"


def test_batch_goes_on_after_bad_files(tmp_path: Path, form4_pdf: Path, capsys) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n%%EOF")
    empty = tmp_path / "zero.pdf"
    empty.write_bytes(b"")
    out = tmp_path / "out"
    code = cli.main(["extract", str(bad), str(form4_pdf), str(empty), "-o", str(out)])
    assert code == ExitCode.some_inputs_failed
    err = capsys.readouterr().err
    assert "broken.pdf" in err and "zero.pdf" in err
    written = json.loads((out / f"{form4_pdf.stem}.json").read_text())
    assert written["schema"] == "form4-record/1"
    assert not (out / "broken.json").exists() and not (out / "zero.json").exists()
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*.tmp"))


def test_tesseract_failure_names_file_and_page(tmp_path: Path, form4_png: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Fault injection: Tesseract failing on a page is an error naming the file and page."""
    from extractor import ocr
    from extractor.errors import OcrError

    def broken(*args: object, **kwargs: object) -> list:
        raise RuntimeError("Image too large: (401, 34425)")

    monkeypatch.setitem(ocr.ENGINES, "pytesseract", broken)
    with pytest.raises(OcrError, match=r"form4.png, page 1: Tesseract failed"):
        extract(form4_png)
