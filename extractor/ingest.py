"""Stage 1, ingest: a file on disk -> page images (grayscale numpy arrays) with their DPI.

Accepts PDF (image-only or with a text layer; rasterised with pdf2image/poppler), multi-page
TIFF, PNG and JPEG. Every failure is a :mod:`extractor.errors` exception naming the file (and
page, when one is at fault). Pages are produced lazily so a 300-page filing never sits in
memory at once.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from extractor.errors import (
    EncryptedPdfError,
    ImageTooLargeError,
    InputFileError,
    UnsupportedFormatError,
)

DEFAULT_DPI = 300
#: Largest page we rasterise or decode, in pixels (a US letter page at 300 DPI is 8.4 Mpx).
#: Anything larger is refused as a possible decompression bomb.
DEFAULT_MAX_PIXELS = 60_000_000

PDF = "pdf"
TIFF = "tiff"
PNG = "png"
JPEG = "jpeg"
TEXT = "text"

TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown"}


@dataclass
class PageImage:
    """One page as the later stages see it: 8-bit grayscale, top-left origin."""

    number: int  # 1-based
    image: np.ndarray
    dpi: int


@dataclass
class SourceDocument:
    path: str
    sha256: str
    kind: str
    page_count: int
    dpi: int
    max_pixels: int = DEFAULT_MAX_PIXELS
    warnings: list[str] = field(default_factory=list)

    def iter_pages(self) -> Iterator[PageImage]:
        if self.kind == PDF:
            yield from _iter_pdf_pages(self)
        elif self.kind in (TIFF, PNG, JPEG):
            yield from _iter_image_pages(self)
        else:  # pragma: no cover - text inputs never reach the image stages
            return


def sniff_kind(path: Path, head: bytes) -> str:
    """The input's format from its first bytes (the suffix only decides for plain text)."""
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return TIFF
    if path.suffix.lower() in TEXT_SUFFIXES:
        return TEXT
    raise UnsupportedFormatError(
        "unsupported input format (expected PDF, TIFF, PNG, JPEG, or .txt/.md OCR text)",
        path=str(path),
    )


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def open_document(
    path: str | Path, *, dpi: int = DEFAULT_DPI, max_pixels: int = DEFAULT_MAX_PIXELS
) -> SourceDocument:
    """Check the file and count its pages; raises before any page is rendered."""
    p = Path(path)
    name = str(p)
    if not p.exists():
        raise InputFileError("no such file", path=name)
    if p.is_dir():
        raise InputFileError("is a directory, not a file", path=name)
    size = p.stat().st_size
    if size == 0:
        raise InputFileError("empty file (0 bytes)", path=name)
    with p.open("rb") as fh:
        head = fh.read(2048)
    kind = sniff_kind(p, head)
    sha = file_sha256(p)
    if kind == TEXT:
        return SourceDocument(name, sha, kind, 1, dpi, max_pixels)
    if kind == PDF:
        pages = _pdf_page_count(p)
    else:
        pages = _image_frame_count(p, max_pixels)
    if pages == 0:
        raise InputFileError("document has no pages", path=name)
    return SourceDocument(name, sha, kind, pages, dpi, max_pixels)


# --- PDF ------------------------------------------------------------------------------------


def _pdf_page_count(p: Path) -> int:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    name = str(p)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(str(p), strict=False)
            if reader.is_encrypted:
                try:
                    ok = reader.decrypt("")
                except Exception as exc:  # unsupported crypto etc.
                    raise EncryptedPdfError(
                        f"encrypted PDF cannot be opened ({exc})", path=name
                    ) from exc
                if not ok:
                    raise EncryptedPdfError(
                        "encrypted PDF needs a password; decrypt it first", path=name
                    )
            return len(reader.pages)
    except EncryptedPdfError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AssertionError) as exc:
        raise InputFileError(f"corrupt or truncated PDF ({exc})", path=name) from exc
    except Exception as exc:  # pypdf raises a wide range on damaged files
        raise InputFileError(f"corrupt or truncated PDF ({type(exc).__name__}: {exc})",
                             path=name) from exc


def _pdf_page_size_inches(p: Path, page: int) -> tuple[float, float]:
    from pypdf import PdfReader

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = PdfReader(str(p), strict=False)
        if reader.is_encrypted:
            reader.decrypt("")
        box = reader.pages[page - 1].mediabox
        return float(box.width) / 72.0, float(box.height) / 72.0


def _iter_pdf_pages(doc: SourceDocument) -> Iterator[PageImage]:
    from pdf2image import convert_from_path
    from pdf2image.exceptions import PDFPageCountError, PDFSyntaxError

    p = Path(doc.path)
    for number in range(1, doc.page_count + 1):
        try:
            w_in, h_in = _pdf_page_size_inches(p, number)
        except Exception as exc:
            raise InputFileError(f"cannot read page size ({exc})", path=doc.path,
                                 page=number) from exc
        dpi = doc.dpi
        if w_in * h_in * dpi * dpi > doc.max_pixels:
            raise ImageTooLargeError(
                f"page is {w_in:.0f}x{h_in:.0f} in: {w_in * dpi:.0f}x{h_in * dpi:.0f} px at "
                f"{dpi} DPI exceeds the limit of {doc.max_pixels} pixels",
                path=doc.path,
                page=number,
            )
        try:
            images = convert_from_path(
                str(p), dpi=dpi, first_page=number, last_page=number, grayscale=True
            )
        except (PDFPageCountError, PDFSyntaxError) as exc:
            raise InputFileError(f"cannot rasterise ({exc})", path=doc.path, page=number) from exc
        except Exception as exc:
            raise InputFileError(
                f"cannot rasterise ({type(exc).__name__}: {exc})", path=doc.path, page=number
            ) from exc
        if not images:
            raise InputFileError("poppler rendered no image", path=doc.path, page=number)
        yield PageImage(number, _to_gray_array(images[0]), dpi)


# --- images ---------------------------------------------------------------------------------


def _open_image(p: Path, max_pixels: int) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(p)
            w, h = img.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageTooLargeError(
            f"image exceeds the limit of {max_pixels} pixels ({exc})", path=str(p)
        ) from exc
    except Exception as exc:
        raise InputFileError(f"cannot decode image ({exc})", path=str(p)) from exc
    if w * h > max_pixels:
        raise ImageTooLargeError(
            f"image is {w}x{h} px, over the limit of {max_pixels} pixels", path=str(p)
        )
    return img


def _image_frame_count(p: Path, max_pixels: int) -> int:
    img = _open_image(p, max_pixels)
    try:
        return int(getattr(img, "n_frames", 1))
    finally:
        img.close()


def _image_dpi(img: Image.Image) -> int | None:
    info = img.info.get("dpi")
    try:
        if info and float(info[0]) >= 50:
            return int(round(float(info[0])))
    except (TypeError, ValueError, IndexError):
        pass
    return None


def _to_working_dpi(gray: np.ndarray, dpi: int | None, target: int) -> tuple[np.ndarray, int]:
    """Images are resampled to the working resolution (300 DPI unless asked otherwise), as PDF
    pages are rasterised at it, so that every later stage sees one scale. Without a DPI in the
    file, a letter-size page is assumed (the long side is 11 inches)."""
    import cv2

    if dpi is None:
        guess = max(gray.shape) / 11.0
        dpi = int(round(guess)) if 100 <= guess <= 700 else target
    if abs(dpi - target) <= 0.1 * target:
        return gray, dpi
    f = target / float(dpi)
    interp = cv2.INTER_CUBIC if f > 1 else cv2.INTER_AREA
    out = cv2.resize(gray, None, fx=f, fy=f, interpolation=interp)
    return out, target


def _iter_image_pages(doc: SourceDocument) -> Iterator[PageImage]:
    p = Path(doc.path)
    img = _open_image(p, doc.max_pixels)
    try:
        for index in range(doc.page_count):
            number = index + 1
            try:
                img.seek(index)
                w, h = img.size
                if w * h > doc.max_pixels:
                    raise ImageTooLargeError(
                        f"frame is {w}x{h} px, over the limit of {doc.max_pixels} pixels",
                        path=doc.path,
                        page=number,
                    )
                gray = _read_gray_directly(p, img) if doc.page_count == 1 else None
                frame = img
                if gray is None:
                    frame = img.copy()
                    frame.load()
            except ImageTooLargeError:
                raise
            except Exception as exc:
                raise InputFileError(
                    f"cannot decode image ({exc})", path=doc.path, page=number
                ) from exc
            if gray is None:
                gray = _to_gray_array(frame)
            yield PageImage(number, *_to_working_dpi(gray, _image_dpi(frame), doc.dpi))
    finally:
        img.close()


def _read_gray_directly(p: Path, img: Image.Image) -> np.ndarray | None:
    """A one-page grey PNG decoded by OpenCV (a fifth faster than PIL at 300 DPI, the same
    pixels: PNG is lossless); None for anything else, which PIL decodes."""
    import cv2

    if img.mode != "L" or img.format != "PNG":
        return None
    gray = cv2.imread(str(p), cv2.IMREAD_GRAYSCALE | cv2.IMREAD_IGNORE_ORIENTATION)
    return gray if gray is not None and gray.shape == (img.size[1], img.size[0]) else None


def _to_gray_array(img: Image.Image) -> np.ndarray:
    if img.mode in ("RGBA", "LA", "P"):
        background = Image.new("RGB", img.size, (255, 255, 255))
        rgba = img.convert("RGBA")
        background.paste(rgba, mask=rgba.split()[-1])
        img = background
    if img.mode != "L":
        img = img.convert("L")
    return np.asarray(img, dtype=np.uint8).copy()
