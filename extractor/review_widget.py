"""A small ipywidgets reviewer: one field at a time, its crop beside its value.

    >>> from extractor.review import ReviewSession
    >>> ReviewSession("out/samples", who="ana").review_widget()

Keyboard: the value box has the focus; **Enter** on the value as shown accepts it, Enter on an
edited value saves the correction (normalized as the contract wants; a value the field cannot
hold is refused with a message), ``>`` + Enter skips, ``<`` + Enter goes back. The buttons do the
same. Every decision goes to the session's store at once (``corrections.jsonl``).

The same actions are methods (:meth:`Reviewer.accept`, :meth:`Reviewer.correct`,
:meth:`Reviewer.skip`, :meth:`Reviewer.back`), so the reviewer can be driven without a browser.
"""

from __future__ import annotations

import html
import io
import warnings
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import ipywidgets as W

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from extractor.review import ReviewSession

SKIP, BACK = ">", "<"


def display_value(value: Any) -> str:
    """A field value as the reviewer types it: '' for empty, true/false, plain decimals."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")
    return str(value)


class Reviewer(W.VBox):
    """Accept / correct / skip the fields of ``df`` (rows of :meth:`ReviewSession.fields`;
    default: the unreviewed fields under 0.9 confidence), most expected errors first."""

    def __init__(self, session: ReviewSession, df: pd.DataFrame | None = None, *,
                 who: str | None = None, max_width: int = 900, margin: int | None = None
                 ) -> None:
        if df is None:
            df = session.fields(0.9, include_reviewed=False)
        self.session = session
        self.who = who
        self.max_width = max_width
        self.margin = margin
        self.items: list[tuple[str, str]] = list(zip(df["document"], df["path"], strict=True))
        self.decisions: dict[int, str] = {}
        self.index = 0
        self._shown = ""

        self.progress = W.IntProgress(min=0, max=max(1, len(self.items)), value=0,
                                      layout=W.Layout(width="300px"))
        self.counts = W.HTML()
        self.info = W.HTML()
        self.image = W.Image(format="png", layout=W.Layout(max_width=f"{max_width}px"))
        self.box = W.Text(description="value", continuous_update=False,
                          layout=W.Layout(width="600px"),
                          placeholder="Enter: accept / save  ·  > skip  ·  < back")
        with warnings.catch_warnings():  # Enter, as distinct from leaving the box
            warnings.simplefilter("ignore", DeprecationWarning)
            self.box.on_submit(self._on_submit)
        self.message = W.HTML()
        buttons = [
            ("Accept (Enter)", "success", lambda _: self.accept()),
            ("Save correction", "warning", lambda _: self.correct(self.box.value)),
            ("Skip (>)", "", lambda _: self.skip()),
            ("Back (<)", "", lambda _: self.back()),
        ]
        row = []
        for label, style, handler in buttons:
            b = W.Button(description=label, button_style=style)
            b.on_click(handler)
            row.append(b)
        self.buttons = row
        super().__init__([W.HBox([self.progress, self.counts]), self.info, self.image,
                          self.box, W.HBox(row), self.message])
        self.show(0)

    # -- navigation

    @property
    def current(self) -> tuple[str, str] | None:
        """(document, path) on screen; None when every field has been seen."""
        return self.items[self.index] if self.index < len(self.items) else None

    def show(self, index: int) -> None:
        self.index = max(0, min(index, len(self.items)))
        self._update_counts()
        item = self.current
        if item is None:
            self.info.value = "<b>All fields seen.</b> Corrections are in " \
                f"<code>{html.escape(str(self.session.store.path))}</code>."
            self.image.value = b""
            self.box.value = ""
            return
        doc, path = item
        f = self.session.field(doc, path)
        self._shown = display_value(f.get("value"))
        flags = ", ".join(f.get("flags") or []) or "-"
        self.info.value = (
            f"<b>{html.escape(doc)}</b> &nbsp; <code>{html.escape(path)}</code><br>"
            f"value <b>{html.escape(repr(f.get('value')))}</b> &nbsp; read as "
            f"<code>{html.escape(repr(f.get('text')))}</code> &nbsp; confidence "
            f"{float(f.get('confidence') or 0):.2f} &nbsp; page {f.get('page')} &nbsp; "
            f"flags {html.escape(flags)}")
        try:
            img = self.session.crop(doc, path, margin=self.margin, max_width=self.max_width)
            buf = io.BytesIO()
            img.save(buf, format="PNG")
            self.image.value = buf.getvalue()
        except (ValueError, OSError) as exc:
            self.image.value = b""
            self.message.value = f"<i>no crop: {html.escape(str(exc))}</i>"
        self.box.value = self._shown

    def _update_counts(self) -> None:
        done = len(self.decisions)
        self.progress.value = min(done, self.progress.max)
        tally = {k: sum(1 for v in self.decisions.values() if v == k)
                 for k in ("accepted", "corrected", "skipped")}
        self.counts.value = (f"&nbsp; {done} / {len(self.items)} &nbsp; "
                             + ", ".join(f"{v} {k}" for k, v in tally.items()))

    # -- actions

    def accept(self) -> None:
        if self.current is None:
            return
        self.session.accept(*self.current, who=self.who)
        self._next("accepted")

    def correct(self, value: Any) -> None:
        if self.current is None:
            return
        try:
            self.session.correct(*self.current, value, who=self.who)
        except ValueError as exc:
            self.message.value = f"<span style='color:#b00'>{html.escape(str(exc))}</span>"
            return
        self._next("corrected")

    def skip(self) -> None:
        if self.current is not None:
            self._next("skipped")

    def back(self) -> None:
        self.message.value = ""
        self.show(self.index - 1)

    def _next(self, what: str) -> None:
        self.decisions[self.index] = what
        self.message.value = ""
        self.show(self.index + 1)

    def _on_submit(self, _: Any) -> None:
        text = self.box.value.strip()
        if text == SKIP:
            self.skip()
        elif text == BACK:
            self.back()
        elif self.box.value == self._shown:
            self.accept()
        else:
            self.correct(self.box.value)
