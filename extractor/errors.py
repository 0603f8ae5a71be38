"""Errors of the toolkit; each class carries the process exit code the CLI returns for it.

Modelled on OCRmyPDF's ``exceptions.py``: the library raises, ``cli.py`` turns the exception
into ``exit_code``. A batch stores ``category`` per failed document.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    ok = 0
    some_inputs_failed = 1
    bad_args = 2
    input_file = 3  # unreadable, corrupt, truncated, empty or unsupported input
    encrypted_input = 4
    not_a_form4 = 5
    image_too_large = 6
    missing_dependency = 7
    output_invalid = 8  # a record did not validate against the schema
    other_error = 15


class Form4Error(Exception):
    """Base class: a message naming the file (and page when known) and an exit code."""

    exit_code: ExitCode = ExitCode.other_error
    category: str = "other"

    def __init__(self, message: str, *, path: str | None = None, page: int | None = None) -> None:
        self.path = path
        self.page = page
        where = ""
        if path:
            where = f"{path}"
            if page is not None:
                where += f", page {page}"
            where += ": "
        super().__init__(f"{where}{message}")
        self.message = message


class InputFileError(Form4Error):
    exit_code = ExitCode.input_file
    category = "input-file"


class UnsupportedFormatError(InputFileError):
    category = "unsupported-format"


class EncryptedPdfError(Form4Error):
    exit_code = ExitCode.encrypted_input
    category = "encrypted"


class ImageTooLargeError(Form4Error):
    exit_code = ExitCode.image_too_large
    category = "image-too-large"


class NotAForm4Error(Form4Error):
    exit_code = ExitCode.not_a_form4
    category = "not-form4"


class MissingDependencyError(Form4Error):
    exit_code = ExitCode.missing_dependency
    category = "missing-dependency"


class OcrError(Form4Error):
    exit_code = ExitCode.other_error
    category = "ocr"


class OutputInvalidError(Form4Error):
    exit_code = ExitCode.output_invalid
    category = "output-invalid"
