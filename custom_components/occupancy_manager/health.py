"""Which source entities have been unavailable for too long (pure, time passed in)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
import logging

from .engine import earlier

# Quality scale "log-when-unavailable": once at info when a source becomes a problem,
# once when it is no longer one (back, a longer grace, or no longer used); never per
# state change.
_LOGGER = logging.getLogger(__name__)


@dataclass(slots=True)
class SourceHealth:
    """Tracks unavailable sources; one flagged after ``grace`` is a problem."""

    grace: timedelta
    since: dict[str, datetime] = field(default_factory=dict)
    flagged: set[str] = field(default_factory=set)
    # The next deadline is asked for after every input: keep it until something changes.
    _next: datetime | None = None
    _dirty: bool = True

    def update(
        self,
        entity_id: str,
        unavailable: bool,
        now: datetime,
        since: datetime | None = None,
    ) -> bool:
        """Record a source's availability; True when its problem flag changed.

        ``since`` is when the source became unavailable, if that was before ``now``
        (a state already unavailable at start-up keeps its ``last_changed``).
        """
        if unavailable:
            if entity_id not in self.since:
                self.since[entity_id] = min(since, now) if since is not None else now
                self._dirty = True
            return False
        if self.since.pop(entity_id, None) is not None:
            self._dirty = True
        if entity_id in self.flagged:
            self.flagged.discard(entity_id)
            _LOGGER.info(
                "Source %s is available again: no longer a sources problem", entity_id
            )
            return True
        return False

    def set_grace(self, grace: timedelta, now: datetime) -> None:
        """Apply a new grace to the sources still unavailable (an options edit)."""
        self.grace = grace
        unflagged = {
            entity_id
            for entity_id in self.flagged
            if entity_id not in self.since or self.since[entity_id] + grace > now
        }
        self.flagged -= unflagged
        for entity_id in sorted(unflagged):
            _LOGGER.info(
                "Source %s is no longer a sources problem: the grace was raised to %s",
                entity_id,
                grace,
            )
        self.advance(now)
        self._dirty = True

    def shift_back(self, by: timedelta) -> None:
        """The clock went back ``by``: each grace keeps what it had left."""
        self.since = {
            entity_id: earlier(since, by) for entity_id, since in self.since.items()
        }
        self._dirty = True

    def forget(self, entity_id: str) -> None:
        """Stop tracking a source the home no longer uses."""
        self.since.pop(entity_id, None)
        if entity_id in self.flagged:
            self.flagged.discard(entity_id)
            _LOGGER.info(
                "Source %s is no longer used: no longer a sources problem", entity_id
            )
        self._dirty = True

    def next_deadline(self) -> datetime | None:
        """When the next unavailable source becomes a problem."""
        if self._dirty:
            self._next = min(
                (
                    since + self.grace
                    for entity_id, since in self.since.items()
                    if entity_id not in self.flagged
                ),
                default=None,
            )
            self._dirty = False
        return self._next

    def advance(self, now: datetime) -> set[str]:
        """Flag the sources whose grace has run out; return them."""
        due = {
            entity_id
            for entity_id, since in self.since.items()
            if entity_id not in self.flagged and since + self.grace <= now
        }
        if due:
            self.flagged |= due
            self._dirty = True
            for entity_id in sorted(due):
                _LOGGER.info(
                    "Source %s has been unavailable since %s: a sources problem until "
                    "it is back",
                    entity_id,
                    self.since[entity_id].isoformat(timespec="seconds"),
                )
        return due
