"""Quiet time after a vacate: a location's source triggers are ignored (pure).

A vacate (a vacate source or the action) says "nobody is here"; the motion sensor
that still sees the person walking out must not occupy the room again. For the
location's ``vacate_quiet`` its source triggers are dropped before they reach the
engine, and the location's reason says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
import logging

from .engine import earlier

_LOGGER = logging.getLogger(__name__)

_NEVER = datetime.min.replace(tzinfo=UTC)


class QuietTimes:
    """The running quiet times of one home's locations."""

    def __init__(self) -> None:
        """No location is quiet."""
        self._quiet: dict[str, tuple[datetime, datetime]] = {}
        """Per location: (started, ends)."""
        self._notes: dict[str, str] = {}

    def start(self, location_id: str, now: datetime, duration: timedelta) -> None:
        """Ignore the location's triggers for ``duration`` (none for 0)."""
        if duration > timedelta(0):
            self._quiet[location_id] = (now, now + duration)
            self._notes.pop(location_id, None)

    def is_quiet(self, location_id: str, now: datetime) -> bool:
        """Whether the location's triggers are ignored at ``now``."""
        # A jump back moves the quiet time with it (``shift_back``); a smaller step
        # back to before the vacate ends it: it never outlasts its duration.
        started, ends = self._quiet.get(location_id, (_NEVER, _NEVER))
        return started <= now < ends

    def ignores(self, location_id: str, source_id: str, now: datetime) -> bool:
        """Whether a trigger of ``source_id`` is dropped now (and noted if so)."""
        # Asked for every trigger before it reaches the engine: the common answer
        # (never vacated, or the quiet time is over) without another call.
        quiet = self._quiet.get(location_id)
        if quiet is None or not quiet[0] <= now < quiet[1]:
            return False
        self._notes[location_id] = f"ignored trigger:{source_id} (quiet after vacate)"
        _LOGGER.debug(
            "Ignoring trigger:%s in %s: quiet after vacate until %s",
            source_id,
            location_id,
            self._quiet[location_id][1],
        )
        return True

    def note(self, location_id: str, now: datetime) -> str | None:
        """Why triggers are being ignored right now, once one was."""
        if self.is_quiet(location_id, now):
            return self._notes.get(location_id)
        return None

    def shift_back(self, by: timedelta) -> None:
        """The clock went back ``by``: each quiet time keeps what it had left."""
        self._quiet = {
            location_id: (earlier(started, by), earlier(ends, by))
            for location_id, (started, ends) in self._quiet.items()
        }

    def forget(self, location_ids: Iterable[str]) -> None:
        """Drop deleted locations."""
        for location_id in location_ids:
            self._quiet.pop(location_id, None)
            self._notes.pop(location_id, None)
