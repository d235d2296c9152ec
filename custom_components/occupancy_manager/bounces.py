"""False vacancies ("bounces"): a room given up too early, and the timeout that fixes it.

Pure: time is always passed in. The shell reports each location's vacant / occupied
flips; this module keeps the last 7 days of bounces per location, says when a location
deserves advice, and round-trips through plain JSON so it lives in the saved snapshot.

Definitions (README: "Tuning"):

- A **bounce** is a location becoming occupied again *by one of its sensors* (not an
  action, not a child) at most ``bounce_window`` after it went vacant *by itself* (a
  contribution expired or a sensor let go; a vacate or a lock is deliberate and arms
  nothing). Its **gap** is the time it was vacant.
- The motion timeout that would have **covered** a bounce is the one that outlasts the
  timeout then in effect plus the gap: a contribution that expires exactly when motion
  returns is already gone, so it must last strictly longer. The **proposal** is the
  smallest whole number of minutes strictly above ``timeout + gap``, the largest over the
  bounces it must cover (2 min timeout, 40 s gap → 3 min; 2 min + 60 s → 4 min).
- A location gets **advice** when at least 3 bounces of the last 7 days are not covered
  by its current motion timeout. Raising the timeout (by the advice's fix or by hand)
  therefore silences the advice at once; bounces stay counted for 7 days as the record.
  Bounces under a longer timeout than the current one (the sleep profile's) are left
  out: the current timeout is not what failed there.
- Dismissing the advice silences that location for 30 days.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
import math
from typing import Final

from .const import CONF_BOUNCE_WINDOW, HOME_DURATION_DEFAULTS
from .engine import earlier

HISTORY: Final = timedelta(days=7)
SILENCE: Final = timedelta(days=30)
ADVICE_AFTER: Final = 3
DEFAULT_BOUNCE_WINDOW: Final = HOME_DURATION_DEFAULTS[CONF_BOUNCE_WINDOW]
# A sensor bouncing every few minutes for a week would grow the snapshot without
# bound; past this many, the advice is long due and the oldest are dropped.
MAX_KEPT: Final = 250
JSON_VERSION: Final = 1
_MINUTE: Final = timedelta(minutes=1)


def vacated_by_itself(reason: str, sensors: Collection[str]) -> bool:
    """A vacancy that arms the bounce watch: a sensor of the location ran out or let go.

    ``vacate``, ``lock:`` and an action's own timeout or clear are someone's
    decision (a longer motion timeout would not have changed them), ``child:`` is
    the child's own bounce, ``restore`` / ``config`` are not news.
    """
    kind, _, source_id = reason.partition(":")
    return kind in ("expired", "clear") and source_id in sensors


def occupied_by_sensor(reason: str, sensors: Collection[str]) -> bool:
    """An occupation by one of the location's own sensors (engine reason code)."""
    kind, _, source_id = reason.partition(":")
    return kind == "trigger" and source_id in sensors


@dataclass(frozen=True, slots=True)
class Bounce:
    """One false vacancy."""

    at: datetime  # when a sensor occupied the location again
    gap: timedelta  # how long the location had been vacant
    timeout: timedelta  # the motion timeout in effect then

    @property
    def covered_by(self) -> timedelta:
        """The smallest whole-minute motion timeout that would have avoided it."""
        # Whole minutes strictly above timeout + gap (integer maths: no rounding).
        return _MINUTE * ((self.timeout + self.gap) // _MINUTE + 1)


@dataclass(frozen=True, slots=True)
class Advice:
    """Raise a location's motion timeout to ``proposed`` (whole minutes)."""

    count: int
    current: timedelta
    proposed: timedelta
    longest_gap: timedelta

    @property
    def proposed_minutes(self) -> int:
        """The proposal as the whole number of minutes it is."""
        return self.proposed // _MINUTE


@dataclass(slots=True)
class _Room:
    bounces: list[Bounce] = field(default_factory=list)
    vacant_since: datetime | None = None
    silenced_until: datetime | None = None


class FalseVacancies:
    """Bounce history of every location of a home."""

    def __init__(self, window: timedelta = DEFAULT_BOUNCE_WINDOW) -> None:
        """Start empty; ``window`` is the home's ``bounce_window``."""
        self.window = window
        self._rooms: dict[str, _Room] = {}
        # The shell asks after every change: kept until something moves it, so the
        # answer costs nothing however many locations there are.
        self._deadline: datetime | None = None
        self._deadline_stale = False

    def _room(self, location_id: str) -> _Room:
        # Not ``setdefault``: that builds a new record on every flip it is asked for.
        room = self._rooms.get(location_id)
        if room is None:
            room = self._rooms[location_id] = _Room()
        return room

    # -- what the shell reports ------------------------------------------------

    def went_vacant(self, location_id: str, at: datetime, *, by_itself: bool) -> None:
        """The location became vacant; ``by_itself`` unless vacated or locked."""
        self._room(location_id).vacant_since = at if by_itself else None

    def became_occupied(
        self,
        location_id: str,
        at: datetime,
        *,
        by_sensor: bool,
        motion_timeout: timedelta,
    ) -> Bounce | None:
        """The location became occupied; return the bounce if it was one."""
        room = self._room(location_id)
        vacant_since, room.vacant_since = room.vacant_since, None
        if not by_sensor or vacant_since is None:
            return None
        gap = at - vacant_since
        if gap < timedelta(0) or gap > self.window:
            return None  # a clock stepped back (under a jump) proves nothing
        bounce = Bounce(at, gap, motion_timeout)
        room.bounces.append(bounce)
        if len(room.bounces) > MAX_KEPT:
            del room.bounces[:-MAX_KEPT]
            self._deadline_stale = True  # the room's oldest bounce may be gone
        elif len(room.bounces) == 1 and not self._deadline_stale:
            # The room's first bounce adds the moment it ages out: the deadline can
            # only come earlier. A later one keeps the room's oldest, and so the
            # deadline, as it was. Not worked out again over every location: the
            # shell asks after the change that recorded it (issue 14).
            ages_out = at + HISTORY
            if self._deadline is None or ages_out < self._deadline:
                self._deadline = ages_out
        return bounce

    def shift_back(self, by: timedelta) -> None:
        """The clock went back ``by``: gaps and the 7 and 30 days count real time."""
        for room in self._rooms.values():
            if room.vacant_since is not None:
                room.vacant_since = earlier(room.vacant_since, by)
            room.bounces = [
                replace(bounce, at=earlier(bounce.at, by)) for bounce in room.bounces
            ]
            if room.silenced_until is not None:
                room.silenced_until = earlier(room.silenced_until, by)
        self._deadline_stale = True

    @property
    def location_ids(self) -> frozenset[str]:
        """Locations with any record."""
        return frozenset(self._rooms)

    def forget(self, location_ids: Iterable[str]) -> None:
        """Drop deleted locations."""
        for location_id in location_ids:
            self._rooms.pop(location_id, None)
        self._deadline_stale = True

    # -- what the entities, get_occupancy and the repair read -----------------------

    def recent(self, location_id: str, now: datetime) -> tuple[Bounce, ...]:
        """Bounces of the last 7 days, oldest first."""
        room = self._rooms.get(location_id)
        if room is None:
            return ()
        cutoff = now - HISTORY
        if room.bounces and room.bounces[0].at <= cutoff:
            room.bounces = [b for b in room.bounces if b.at > cutoff]
            self._deadline_stale = True
        return tuple(room.bounces)

    def count(self, location_id: str, now: datetime) -> int:
        """How many bounces the location had in the last 7 days."""
        return len(self.recent(location_id, now))

    def kept(self, location_id: str) -> bool:
        """Whether any bounce of the location is kept (aged out or not)."""
        room = self._rooms.get(location_id)
        return room is not None and bool(room.bounces)

    def advice(
        self, location_id: str, now: datetime, motion_timeout: timedelta
    ) -> Advice | None:
        """The advice the location deserves now, or None."""
        if self.silenced(location_id, now):
            return None
        # Under a longer timeout than today's (the sleep profile's), a bounce is not
        # this timeout's fault: lengthening it would not have helped.
        uncovered = [
            bounce
            for bounce in self.recent(location_id, now)
            if bounce.timeout <= motion_timeout < bounce.covered_by
        ]
        if len(uncovered) < ADVICE_AFTER:
            return None
        return Advice(
            count=len(uncovered),
            current=motion_timeout,
            proposed=max(bounce.covered_by for bounce in uncovered),
            longest_gap=max(bounce.gap for bounce in uncovered),
        )

    # -- dismissal -------------------------------------------------------------

    def silence(self, location_id: str, now: datetime) -> None:
        """The user dismissed the advice: say nothing for 30 days."""
        self._room(location_id).silenced_until = now + SILENCE
        self._deadline_stale = True

    def unsilence(self, location_id: str) -> None:
        """The user took the dismissal back."""
        if (room := self._rooms.get(location_id)) is not None:
            room.silenced_until = None
            self._deadline_stale = True

    def silenced(self, location_id: str, now: datetime) -> bool:
        """True while a dismissal holds."""
        room = self._rooms.get(location_id)
        until = room.silenced_until if room is not None else None
        return until is not None and now < until

    @property
    def idle(self) -> bool:
        """True when nothing kept can change by itself: ``next_deadline`` is None."""
        return self._deadline is None and not self._deadline_stale

    def next_deadline(self, now: datetime) -> datetime | None:
        """The next moment a count or an advice can change by itself."""
        if not self._deadline_stale and (
            self._deadline is None or self._deadline > now
        ):
            return self._deadline
        moments = []
        for location_id, room in self._rooms.items():
            if bounces := self.recent(location_id, now):
                moments.append(bounces[0].at + HISTORY)
            if room.silenced_until is not None and room.silenced_until > now:
                moments.append(room.silenced_until)
        self._deadline = min(moments, default=None)
        self._deadline_stale = False
        return self._deadline

    # -- persistence -----------------------------------------------------------

    def to_json(self, now: datetime) -> dict[str, object]:
        """Plain JSON of what is worth keeping (recent bounces, live dismissals)."""
        locations: dict[str, object] = {}
        for location_id, room in self._rooms.items():
            bounces = self.recent(location_id, now)
            silenced = self.silenced(location_id, now)
            if not bounces and not silenced:
                continue
            locations[location_id] = {
                "bounces": [
                    {
                        "at": bounce.at.isoformat(),
                        "gap": bounce.gap.total_seconds(),
                        "timeout": bounce.timeout.total_seconds(),
                    }
                    for bounce in bounces
                ],
                "silenced_until": (
                    room.silenced_until.isoformat()
                    if silenced and room.silenced_until is not None
                    else None
                ),
            }
        return {"version": JSON_VERSION, "locations": locations}

    @classmethod
    def from_json(
        cls,
        data: object,
        now: datetime,
        window: timedelta = DEFAULT_BOUNCE_WINDOW,
    ) -> FalseVacancies:
        """Read what ``to_json`` wrote; anything malformed is skipped, never fatal.

        A moment in the future (a clock that jumped backwards, a hand edit) is pulled
        back to ``now`` so nothing is remembered longer than its time.
        """
        counter = cls(window)
        if not isinstance(data, Mapping) or data.get("version") != JSON_VERSION:
            return counter
        locations = data.get("locations")
        if not isinstance(locations, Mapping):
            return counter
        for location_id, saved in locations.items():
            if not isinstance(location_id, str) or not isinstance(saved, Mapping):
                continue
            room = _Room()
            items = saved.get("bounces")
            for item in items if isinstance(items, list) else ():
                if (bounce := _read_bounce(item, now)) is not None:
                    room.bounces.append(bounce)
            room.bounces.sort(key=lambda bounce: bounce.at)
            del room.bounces[:-MAX_KEPT]
            until = _read_time(saved.get("silenced_until"))
            if until is not None:
                room.silenced_until = min(until, now + SILENCE)
            counter._rooms[location_id] = room
        counter._deadline_stale = True
        return counter


def _read_bounce(item: object, now: datetime) -> Bounce | None:
    if not isinstance(item, Mapping):
        return None
    at = _read_time(item.get("at"))
    gap = _read_seconds(item.get("gap"))
    timeout = _read_seconds(item.get("timeout"))
    if at is None or gap is None or timeout is None:
        return None
    return Bounce(min(at, now), gap, timeout)


def _read_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _read_seconds(value: object) -> timedelta | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    # Ten years is the longest duration any form accepts.
    if not math.isfinite(value) or not 0 <= value <= 3650 * 86400:
        return None
    return timedelta(seconds=value)
