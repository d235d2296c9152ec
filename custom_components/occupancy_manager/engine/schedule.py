"""The engine's one timer queue: a heap of deadlines with lazy invalidation.

Entries are never removed when what they point at changes. The owner checks each
entry against the live state when it reaches the top (see ``Runtime.resolve``), so
scheduling, extending and cancelling all stay O(log n) or O(1), and asking for the
next deadline is O(1) once the top has been cleaned.
"""

from __future__ import annotations

from datetime import datetime
import heapq
from heapq import heappush
from typing import Final

EXPIRY: Final = 0
"""A timed contribution may expire; key = source id."""
LADDER: Final = 1
"""A ladder threshold may be reached; key is empty."""
LOCK: Final = 2
"""A lock's ``until`` may be reached; key = lock source id."""

type Entry = tuple[datetime, int, str, int, str]
"""(deadline, sequence, location id, kind, key); the sequence keeps ties stable."""


class Schedule:
    """A min-heap of :data:`Entry` ordered by deadline, then insertion."""

    __slots__ = ("_seq", "checked", "heap")

    def __init__(self) -> None:
        """Start empty."""
        self.heap: list[Entry] = []
        self._seq = 0
        self.checked = False
        """True once the top entry was found live; it stays so until its location is
        touched (see ``Runtime.next_deadline``). Pops and postponements reset it."""

    def push(self, deadline: datetime, location_id: str, kind: int, key: str) -> None:
        """Add an entry; stale entries for the same item may stay behind.

        The new entry is live, so a checked top stays checked whichever is on top.
        """
        self._seq = seq = self._seq + 1
        heappush(self.heap, (deadline, seq, location_id, kind, key))

    def replace_top(self, deadline: datetime) -> None:
        """Move the top entry to a later ``deadline`` (its item was postponed)."""
        _, _, location_id, kind, key = self.heap[0]
        self.checked = False
        self._seq += 1
        heapq.heapreplace(self.heap, (deadline, self._seq, location_id, kind, key))

    def due_below_top(self, at: datetime, limit: int) -> list[Entry] | None:
        """The entries other than the top due by ``at`` (in no order); None past ``limit``.

        They are the subtree under the top whose deadlines are not after ``at`` (an
        entry is never earlier than its parent), so the walk stops at the first
        later entry on each branch: the walk costs O(``limit``) at most.
        """
        heap = self.heap
        size = len(heap)
        found: list[Entry] = []
        pending = [1, 2]
        while pending:
            index = pending.pop()
            if index < size and (entry := heap[index])[0] <= at:
                if len(found) == limit:
                    return None
                found.append(entry)
                pending += (2 * index + 1, 2 * index + 2)
        return found

    def pop(self) -> Entry:
        """Remove and return the earliest entry."""
        self.checked = False
        return heapq.heappop(self.heap)

    def clear(self) -> None:
        """Drop every entry (the owner re-schedules what is still live)."""
        self.checked = False
        self.heap.clear()
