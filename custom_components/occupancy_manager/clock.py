"""How far the wall clock really went back, by the loop's monotonic clock.

The engine sees a clock set back only as a ``now`` earlier than the last one it was
told, and moves its timeline back by the difference (ENGINE.md; ``engine/timeline.py``).
Time that passed with no input before the jump is in that difference too: after an
idle spell a timer or lock would last that much longer, and a jump smaller than the
spell would not even show. The loop's clock never goes back, so each reading of the
wall clock is paired with it: when the wall clock shows less than the loop says has
passed, the pipeline first tells the engine the moment the wall clock should show,
then the real one, and the engine moves back by exactly the jump (``pipeline.py``).

A clock set forward is time passing to the engine (a lock ``until`` is a wall
moment, reached when the clock shows it), and a restart has no monotonic clock to
compare: the engine's restore decides alone (ENGINE.md §7).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Final

JUMP: Final = timedelta(seconds=60)
"""The engine's own tolerance: a smaller step back is timer jitter to it."""


class WallClock:
    """The last wall-clock reading given to the engine, with the loop's time then."""

    __slots__ = ("_loop_time", "_monotonic", "_wall")

    def __init__(self, loop_time: Callable[[], float], now: datetime) -> None:
        """Start from ``now``, the moment the engine was built at."""
        self._loop_time = loop_time
        self._wall = now
        self._monotonic = loop_time()

    def read(self, now: datetime) -> datetime | None:
        """Take ``now`` as the latest reading; the moment it should be, if set back.

        None while the wall clock keeps pace with the loop's (or runs ahead of it).
        """
        monotonic = self._loop_time()
        should = self._wall + timedelta(seconds=monotonic - self._monotonic)
        self._wall, self._monotonic = now, monotonic
        return should if should - now > JUMP else None
