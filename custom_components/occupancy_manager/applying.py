"""One change applied in its cause's Context, the outermost telling once (``pipeline.py``)."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol

from homeassistant.core import Context


class Applies(Protocol):
    """What ``Applying`` needs of the pipeline: its current Context, its finish."""

    context: Context | None

    def _finish(self) -> None:
        """Re-arm the timer, schedule a save if anything changed, tell the feed."""


class Applying:
    """Apply one change: its writes and events carry its Context; then tell once.

    A plain class, not a generator-based context manager: every source change
    enters one, on the path to the first entity write, and ``contextmanager``'s
    generator costs about four times as much (issue 14).
    """

    __slots__ = ("_context", "_outer", "_pipeline")

    def __init__(self, pipeline: Applies, context: Context) -> None:
        """Prepare to apply a change in ``context``."""
        self._pipeline = pipeline
        self._context = context
        self._outer: Context | None = None

    def __enter__(self) -> None:
        """The change's writes and events carry its Context from here on."""
        pipeline = self._pipeline
        self._outer = pipeline.context
        pipeline.context = self._context

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Back to the enclosing change's Context; the outermost tells once."""
        pipeline, outer = self._pipeline, self._outer
        pipeline.context = outer
        # Done even when applying failed (the error still surfaces): the timer may
        # be the home's only pending wake-up, and what changed before the fault
        # must be saved and told. An enclosing change does this itself.
        if outer is None:
            pipeline._finish()  # noqa: SLF001 - the pipeline's own helper
