"""Wasp-in-a-box: an enclosed room with someone inside stays occupied until a door opens.

Pure logic with time passed in. The coordinator feeds it door states and detections and
turns its verdicts into the engine's ``wasp`` contribution.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum

from .const import SourceKind
from .engine import earlier
from .locations import LocationSpec
from .sources import Clear, Input, Signal, Trigger


class DoorVerdict(Enum):
    """What a door change means for the box."""

    NONE = "none"
    CLOSED = "closed"  # the box just closed: verify starts
    OPENED = "opened"  # the box opened: the wasp leaves at once
    LOST = "lost"  # a door went unavailable: the wasp leaves after the grace


@dataclass(slots=True)
class WaspBox:
    """The doors of one location, and when they last all closed."""

    verify: timedelta
    doors: dict[str, bool | None] = field(default_factory=dict)
    """Door id -> closed (True), open (False), unavailable (None)."""
    closed_since: datetime | None = None
    verify_at: datetime | None = None

    @classmethod
    def with_doors(
        cls, verify: timedelta, doors: dict[str, bool | None], now: datetime
    ) -> WaspBox:
        """A box from the doors' current states (at start-up: no verify pending)."""
        box = cls(verify=verify, doors=dict(doors))
        if box.closed:
            box.closed_since = now
        return box

    @property
    def closed(self) -> bool:
        """Every door is known to be closed (an unavailable door is not closed)."""
        return bool(self.doors) and all(state is True for state in self.doors.values())

    def door_changed(
        self, door_id: str, closed: bool | None, now: datetime
    ) -> DoorVerdict:
        """Record a door's new state; say what it means for the box."""
        was_closed = self.closed
        was_unknown = self.doors.get(door_id, False) is None
        self.doors[door_id] = closed
        if self.closed and not was_closed:
            self.closed_since = now
            self.verify_at = now + self.verify
            return DoorVerdict.CLOSED
        if was_closed and not self.closed:
            self.closed_since = None
            self.verify_at = None
            return DoorVerdict.LOST if closed is None else DoorVerdict.OPENED
        if was_unknown and closed is False:
            # Back from unknown, open: the box that kept its wasp for the door's
            # grace is open (as a restart finds it).
            return DoorVerdict.OPENED
        return DoorVerdict.NONE

    def shift_back(self, by: timedelta) -> None:
        """The clock went back ``by``: the verify keeps what it had left."""
        if self.closed_since is not None:
            self.closed_since = earlier(self.closed_since, by)
        if self.verify_at is not None:
            self.verify_at = earlier(self.verify_at, by)

    def verify_due(self, now: datetime) -> bool:
        """True once, when the verify time after a close has come."""
        if self.verify_at is not None and now >= self.verify_at:
            self.verify_at = None
            return self.closed
        return False


type Decision = tuple[str, Input]
"""A wasp input for the engine: (location id, input for source ``wasp``)."""


class WaspRooms:
    """The boxes of every wasp-enabled location, turning changes into wasp inputs."""

    def __init__(self, specs: Iterable[LocationSpec]) -> None:
        """Remember each wasp location's settings; boxes are built at start."""
        self._specs = {
            spec.id: spec for spec in specs if spec.wasp.enabled and spec.doors
        }
        self._boxes: dict[str, WaspBox] = {}
        # Only boxes that closed less than ``verify`` ago: asked after every input.
        self._verifying: dict[str, datetime] = {}

    def __contains__(self, location_id: object) -> bool:
        """True for a location with wasp-in-a-box enabled."""
        return location_id in self._specs

    def start(
        self, door_signals: Mapping[str, Signal], now: datetime
    ) -> list[Decision]:
        """Build the boxes from the doors' live states (after a restore).

        A door opened while Home Assistant was down releases a restored wasp.
        """
        decisions: list[Decision] = []
        for location_id, spec in self._specs.items():
            doors = {door: _closed(door_signals.get(door)) for door in spec.doors}
            box = WaspBox.with_doors(spec.wasp.verify, doors, now)
            self._boxes[location_id] = box
            if not box.closed:
                decisions.append((location_id, self._release(spec, doors)))
        return decisions

    def reconfigure(
        self,
        specs: Iterable[LocationSpec],
        changed: set[str],
        door_signals: Mapping[str, Signal],
        now: datetime,
    ) -> list[Decision]:
        """Adopt edited locations: boxes of unchanged ones keep their state.

        A location whose wasp was turned off (or lost its doors) releases its wasp.
        """
        specs = list(specs)
        wasp_specs = {s.id: s for s in specs if s.wasp.enabled and s.doors}
        still_there = {spec.id for spec in specs}
        decisions: list[Decision] = []
        for location_id in list(self._boxes):
            if location_id in wasp_specs and location_id not in changed:
                continue
            del self._boxes[location_id]
            self._verifying.pop(location_id, None)
            if location_id not in wasp_specs and location_id in still_there:
                decisions.append((location_id, Clear(timedelta(0))))
        self._specs = wasp_specs
        for location_id, spec in wasp_specs.items():
            if location_id in self._boxes:
                continue
            doors = {door: _closed(door_signals.get(door)) for door in spec.doors}
            box = WaspBox.with_doors(spec.wasp.verify, doors, now)
            self._boxes[location_id] = box
            if not box.closed:
                decisions.append((location_id, self._release(spec, doors)))
        return decisions

    def on_change(
        self,
        location_id: str,
        kind: SourceKind,
        *,
        entity_id: str,
        old: Signal | None,
        new: Signal,
        now: datetime,
        occupied: bool,
    ) -> Input | None:
        """The wasp input one source change calls for, if any."""
        box = self._boxes.get(location_id)
        if box is None:
            return None
        spec = self._specs[location_id]
        if kind in _DOOR_KINDS:
            verdict = box.door_changed(entity_id, _closed(new), now)
            if box.verify_at is None:
                self._verifying.pop(location_id, None)
            else:
                self._verifying[location_id] = box.verify_at
            if verdict is DoorVerdict.OPENED:
                return Clear(timedelta(0))
            if verdict is DoorVerdict.LOST:
                return Clear(spec.unavailable_grace + spec.trailing_timeout)
            return None
        if not box.closed or old is not Signal.OFF or new is not Signal.ON:
            return None  # only a fresh edge inside a closed box is a wasp
        if kind is SourceKind.MOTION or kind is SourceKind.PRESENCE:
            return self._detected(spec)
        if kind is SourceKind.KEEP and occupied:
            return self._detected(spec)
        return None

    def due(self, now: datetime, held_on: Callable[[str], bool]) -> list[Decision]:
        """Verify boxes closed ``verify`` ago: a presence still on inside is a wasp."""
        decisions: list[Decision] = []
        for location_id, verify_at in list(self._verifying.items()):
            if verify_at > now:
                continue
            del self._verifying[location_id]
            if self._boxes[location_id].verify_due(now) and held_on(location_id):
                decisions.append(
                    (location_id, self._detected(self._specs[location_id]))
                )
        return decisions

    def next_deadline(self) -> datetime | None:
        """The earliest pending verify."""
        return min(self._verifying.values(), default=None)

    def shift_back(self, by: timedelta) -> None:
        """The clock went back ``by``: every pending verify keeps what it had left."""
        for box in self._boxes.values():
            box.shift_back(by)
        self._verifying = {
            location_id: earlier(verify_at, by)
            for location_id, verify_at in self._verifying.items()
        }

    def after_unlock(self, location_id: str) -> Input | None:
        """Inputs were ignored while locked: release the wasp if the box is open."""
        box = self._boxes.get(location_id)
        if box is None or box.closed:
            return None
        return self._release(self._specs[location_id], box.doors)

    @staticmethod
    def _detected(spec: LocationSpec) -> Input:
        return Trigger(spec.wasp.max_duration)

    @staticmethod
    def _release(spec: LocationSpec, doors: Mapping[str, bool | None]) -> Input:
        if any(state is None for state in doors.values()):
            return Clear(spec.unavailable_grace + spec.trailing_timeout)
        return Clear(timedelta(0))


_DOOR_KINDS = frozenset({SourceKind.DOOR, SourceKind.STATE_DOOR})


def _closed(sig: Signal | None) -> bool | None:
    if sig is None or sig is Signal.UNAVAILABLE:
        return None
    return sig is Signal.OFF
