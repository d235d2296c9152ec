"""Causes that wait their turn behind a backlog of ladder steps (issue 14).

The engine's bounded advance applies a batch of the steps that fall due together (an
hour after a start, every location that stayed vacant) and leaves the rest due; the
shell's one timer applies a batch per loop turn. A cause arriving meanwhile (a source
change, an action, an edit) must not reach the engine before them: an engine input
first applies everything due before its moment, in one call and in the input's
Context. So it waits in line, in order, with the moment it arrived, and runs once
nothing is due before that moment (``pipeline.py``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

NEXT_TURN: Final = datetime(1970, 1, 1, tzinfo=UTC)
"""A timer's moment for the loop's next turn: long past, so it runs at once.

Not the waiting cause's own moment: on a clock that has not moved since (a frozen
test clock) a timer set for exactly now may never count as due.
"""


@dataclass(frozen=True, slots=True)
class Waiting:
    """A cause waiting for its turn: when it arrived, and what it does then."""

    now: datetime
    run: Callable[[datetime], None]


def settling[T](
    future: asyncio.Future[T], job: Callable[[datetime], T]
) -> Callable[[datetime], None]:
    """``job`` as a waiting cause whose outcome, or error, goes to ``future``.

    The error is the awaiting caller's (an action's), raised there, not in the
    timer's callback. A caller that stopped waiting still has its cause applied.
    """

    def _run(now: datetime) -> None:
        try:
            outcome = job(now)
        except Exception as err:  # noqa: BLE001 - raised where the future is awaited
            if not future.done():
                future.set_exception(err)
        else:
            if not future.done():
                future.set_result(outcome)

    return _run
