"""Turn Home Assistant source states into engine inputs (README: "Source kinds").

Pure functions over plain strings, so every rule of the contract is tested without a
running Home Assistant. The coordinator only looks states up and applies what these
functions return.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from functools import cache
from typing import Final, NamedTuple, Protocol

from .const import SourceKind
from .trackers import RoomMatcher, Whereabouts

_ON_STATES = {
    "binary_sensor": frozenset({"on"}),
    "switch": frozenset({"on"}),
    "light": frozenset({"on"}),
    "input_boolean": frozenset({"on"}),
    "fan": frozenset({"on"}),
    # A closing garage door is still open: the person may be inside.
    "cover": frozenset({"open", "opening", "closing"}),
    "media_player": frozenset({"playing"}),
}
_OFF_STATES = {
    "cover": frozenset({"closed"}),
    "media_player": frozenset({"paused", "idle", "off", "standby"}),
}
# States that say nothing about the room (noisy input): never trigger, never clear.
NOISE_STATES = frozenset({"unavailable", "unknown"})

# Kinds whose "on" lasts until their "off": they hold the location indefinitely.
HELD_KINDS = frozenset(
    {
        SourceKind.PRESENCE,
        SourceKind.KEEP,
        SourceKind.STATE_DOOR,
        SourceKind.MEDIA,
        SourceKind.OCCUPANT,
    }
)


class Source(Protocol):
    """What sensing reads of a source entity's state: Home Assistant's ``State``.

    Handed over as it is, not converted: every source change passes here before
    its entities write (issue 14). ``SourceState`` is the same for no state at all.
    """

    @property
    def state(self) -> str | None:
        """The state string; None when the entity has no state."""

    @property
    def name(self) -> str | None:
        """The friendly name (a room tracker's occupant)."""

    @property
    def last_changed(self) -> datetime | None:
        """When the state string last changed."""

    @property
    def attributes(self) -> Mapping[str, object] | None:
        """Matter to room trackers only (Bermuda's ``area_id``)."""


class SourceState(NamedTuple):
    """A ``Source`` that is not Home Assistant's: an entity without a state."""

    state: str | None
    name: str | None = None
    last_changed: datetime | None = None
    attributes: Mapping[str, object] | None = None


NO_STATE: Final = SourceState(None)
"""A source entity that has no state (not yet, or no longer)."""


def unavailable(state: str | None) -> bool:
    """Gone, or a state that says nothing about the room."""
    return state is None or state in NOISE_STATES


class Signal(Enum):
    """What one source state says, independent of the source's kind."""

    ON = "on"
    OFF = "off"
    UNAVAILABLE = "unavailable"
    NEUTRAL = "neutral"  # a known state that says nothing (media "buffering")

    # Members are singletons compared by identity: hash them by identity too, in C.
    # Every source change looks its input up by its signals (``change_inputs``), and
    # Enum's own ``__hash__`` is Python code.
    __hash__ = object.__hash__


_TRACKER_SIGNALS = {
    Whereabouts.HERE: Signal.ON,
    Whereabouts.ELSEWHERE: Signal.OFF,
    Whereabouts.NOISE: Signal.UNAVAILABLE,
}


def signal(
    kind: SourceKind,
    entity_id: str,
    state: str | None,
    room: RoomMatcher,
    attributes: Mapping[str, object] | None = None,
) -> Signal:
    """Classify one state of a source entity; ``None`` (no state) is unavailable.

    ``room`` and ``attributes`` only matter to room trackers (``trackers.py``).
    """
    if kind is SourceKind.OCCUPANT:
        return _TRACKER_SIGNALS[room.whereabouts(state, attributes)]
    if state is None or state in NOISE_STATES:
        return Signal.UNAVAILABLE
    domain = entity_id.partition(".")[0]
    if state in _ON_STATES.get(domain, frozenset({"on"})):
        return Signal.ON
    off_states = _OFF_STATES.get(domain)
    if off_states is None or state in off_states:
        return Signal.OFF
    return Signal.NEUTRAL


def signal_table(entity_id: str) -> tuple[Mapping[str, Signal], Signal]:
    """``signal()`` for the entity's domain as a lookup, prepared once per binding.

    The states with a meaning of their own, and what any other state says; room
    trackers (``SourceKind.OCCUPANT``) are not classified by their domain. One table
    per domain, shared: never change it.
    """
    return _domain_signals(entity_id.partition(".")[0])


@cache
def _domain_signals(domain: str) -> tuple[Mapping[str, Signal], Signal]:
    on_states = _ON_STATES.get(domain, frozenset({"on"}))
    off_states = _OFF_STATES.get(domain)
    table = dict.fromkeys(off_states or (), Signal.OFF)
    table |= dict.fromkeys(on_states, Signal.ON)
    table |= dict.fromkeys(NOISE_STATES, Signal.UNAVAILABLE)
    return table, Signal.OFF if off_states is None else Signal.NEUTRAL


@dataclass(frozen=True, slots=True)
class Timing:
    """The durations one location applies to its sources."""

    motion_timeout: timedelta
    trailing_timeout: timedelta
    door_timeout: timedelta
    unavailable_grace: timedelta


@dataclass(frozen=True, slots=True)
class Trigger:
    """Add or extend the source's contribution (None timeout = indefinite)."""

    timeout: timedelta | None
    occupant: str | None = None
    only_if_occupied: bool = False


@dataclass(frozen=True, slots=True)
class Clear:
    """End the source's contribution after ``trailing``."""

    trailing: timedelta


@dataclass(frozen=True, slots=True)
class Vacate:
    """Vacate the location."""


type Input = Trigger | Clear | Vacate


def occupant_name(name: object) -> str | None:
    """A room tracker's occupant: its friendly name, always as text.

    ``State.name`` is the ``friendly_name`` attribute as it is, and an integration
    or the REST API can set a number or a list there: unsortable or unhashable
    next to the other occupants' names.
    """
    return None if name is None else str(name)


def held_input(
    kind: SourceKind, sig: Signal, timing: Timing, occupant: str | None
) -> Input | None:
    """The input that makes a held source's contribution match ``sig``."""
    trailing = (
        timedelta(0) if kind is SourceKind.STATE_DOOR else timing.trailing_timeout
    )
    if sig is Signal.ON:
        return Trigger(
            None,
            occupant=occupant_name(occupant) if kind is SourceKind.OCCUPANT else None,
            only_if_occupied=kind is SourceKind.KEEP,
        )
    if sig is Signal.OFF:
        return Clear(trailing)
    if sig is Signal.UNAVAILABLE:
        # Unavailable never clears by itself: the contribution runs on for the grace
        # period, then the usual trailing time. A recovery re-triggers or clears it.
        return Clear(timing.unavailable_grace + trailing)
    return None


def input_for_change(
    kind: SourceKind,
    old: Signal | None,
    new: Signal,
    timing: Timing,
    occupant: str | None = None,
) -> Input | None:
    """The engine input for a source changing from ``old`` to ``new``.

    ``old`` is None when the entity had no state before (it was just added).
    """
    if old is new:
        return None  # an attribute-only update says nothing new
    if kind in HELD_KINDS:
        return held_input(kind, new, timing, occupant)
    # Momentary kinds only react to a real off -> on (or on -> off) edge: a change
    # out of unavailable is a re-sync, never fresh motion.
    fresh_edge = old is Signal.OFF and new is Signal.ON
    if kind is SourceKind.MOTION and fresh_edge:
        return Trigger(timing.motion_timeout)
    if kind is SourceKind.DOOR and fresh_edge:
        return Trigger(timing.door_timeout)
    if kind is SourceKind.VACATE and old is Signal.ON and new is Signal.OFF:
        return Vacate()
    return None


def change_inputs(
    kind: SourceKind, timing: Timing
) -> Mapping[tuple[Signal | None, Signal], Input]:
    """``input_for_change`` as a lookup: each change of signal that calls for an input.

    Prepared once per configuration (``bindings.py``); not for room trackers, whose
    input carries the occupant's name.
    """
    return {
        (old, new): found
        for old in (None, *Signal)
        for new in Signal
        if (found := input_for_change(kind, old, new, timing)) is not None
    }


def input_for_resync(
    kind: SourceKind, current: Signal, timing: Timing, occupant: str | None = None
) -> Input | None:
    """The input that re-synchronises a held source after a restart."""
    if kind not in HELD_KINDS:
        return None  # motion that is merely "on" at boot is not fresh motion
    return held_input(kind, current, timing, occupant)
