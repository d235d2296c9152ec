"""How far the wall clock really went back, by the loop's monotonic clock.

The engine sees a clock set back only as a ``now`` earlier than the last one it was
told, and moves its timeline back by the difference (ENGINE.md; ``engine/timeline.py``).
Time that passed with no input before the jump is in that difference too: after an
idle spell a timer or lock would last that much longer, and a jump smaller than the
spell would not even show. The loop's clock never goes back, so each reading of the
wall clock is paired with it: when the wall clock shows less than the loop says has
passed, the pipeline first tells the engine the moment the wall clock should show,
then the real one, and the engine moves back by exactly the jump (``pipeline.py``).

The shell keeps moments of its own (a source's grace, a wasp's verify, the quiet
time after a vacate, the false-vacancy record, each location's last change): the
pipeline moves them back with the engine's, in the same step, so each ends at its
real time too (``shift_back`` of each keeper, with the engine's ``earlier``).

A clock set forward is time passing to the engine (a lock ``until`` is a wall
moment, reached when the clock shows it), and a restart has no monotonic clock to
compare: the engine's restore decides alone (ENGINE.md §7).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
import time
from typing import Final

from .engine import CLOCK_TOLERANCE

JUMP: Final = CLOCK_TOLERANCE.total_seconds()
"""Seconds: the engine's own tolerance, a smaller step back is timer jitter to it."""


class WallClock:
    """How far the wall clock is ahead of the loop's, as of the last reading.

    Read on every change (a source's, an action's, the timer's): two clock calls
    and a subtraction, no datetime arithmetic.
    """

    __slots__ = ("_loop_time", "_offset")

    def __init__(self, loop_time: Callable[[], float]) -> None:
        """Take the first reading."""
        self._loop_time = loop_time
        self._offset = time.time() - loop_time()

    def read(self) -> timedelta | None:
        """How far the wall clock went back since the last reading, if by over a minute.

        None while it keeps pace with the loop's clock, or runs ahead of it.
        """
        offset = time.time() - self._loop_time()
        back = self._offset - offset
        self._offset = offset
        return timedelta(seconds=back) if back > JUMP else None
