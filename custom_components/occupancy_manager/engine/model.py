"""Value types of the occupancy engine: configuration in, state and results out.

Everything here is immutable so the host can keep references to states it was given
without the engine changing them underneath it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final, final


class Strategy(StrEnum):
    """How a location decides whether it is occupied."""

    INDEPENDENT = "independent"
    FOLLOW_PARENT = "follow_parent"


class Ladder(StrEnum):
    """The four-state occupancy ladder (ENGINE.md §5)."""

    OCCUPIED = "occupied"
    RECENTLY_OCCUPIED = "recently_occupied"
    VACANT = "vacant"
    EXTENDED_VACANT = "extended_vacant"


class LockState(StrEnum):
    """State forced by a lock before it freezes the location."""

    OCCUPIED = "occupied"
    VACANT = "vacant"


@final
class _Default:
    """Marker type for "use the location's default timeout"."""

    _instance: _Default | None = None

    def __new__(cls) -> _Default:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "DEFAULT"


DEFAULT: Final = _Default()
"""Pass as a timeout to use the location's configured default."""

CHILD_SOURCE_PREFIX: Final = "location:"
"""Source ids of contributions a child holds on its parent: ``location:<child_id>``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LocationConfig:
    """Static configuration of one location."""

    id: str
    name: str
    parent_id: str | None = None
    strategy: Strategy = Strategy.INDEPENDENT
    contributes_to_parent: bool = True
    default_timeout: timedelta = timedelta(seconds=300)
    default_trailing_timeout: timedelta = timedelta(seconds=120)
    recently_occupied_after: timedelta = timedelta(seconds=300)
    extended_vacancy_after: timedelta = timedelta(seconds=3600)


@dataclass(frozen=True, slots=True, kw_only=True)
class Contribution:
    """One source's active contribution to a location's occupancy.

    ``expires_at`` is None for an indefinite contribution. While the location is locked,
    a timed contribution is suspended: ``expires_at`` is None and ``remaining`` holds the
    time it had left.
    """

    source_id: str
    expires_at: datetime | None = None
    occupant: str | None = None
    remaining: timedelta | None = None

    @property
    def indefinite(self) -> bool:
        """True when the contribution lasts until cleared."""
        return self.expires_at is None and self.remaining is None


@dataclass(frozen=True, slots=True, kw_only=True)
class Lock:
    """One lock source on a location, optionally releasing itself at ``until``."""

    source_id: str
    until: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class LocationState:
    """Observable state of one location at one moment."""

    location_id: str
    occupied: bool
    ladder: Ladder
    contributions: tuple[Contribution, ...] = ()
    locks: tuple[Lock, ...] = ()
    occupants: frozenset[str] = frozenset()
    occupied_since: datetime | None = None
    vacant_since: datetime | None = None
    last_activity: datetime | None = None

    @property
    def locked_by(self) -> frozenset[str]:
        """Sources currently locking the location."""
        return frozenset(lock.source_id for lock in self.locks)

    @property
    def locked(self) -> bool:
        """True while any lock source holds the location."""
        return bool(self.locks)


@dataclass(frozen=True, slots=True, kw_only=True)
class Transition:
    """A change of one location's observable state, with the reason code."""

    location_id: str
    reason: str
    previous: LocationState
    current: LocationState

    @property
    def occupied_changed(self) -> bool:
        """True when the occupied flag flipped."""
        return self.previous.occupied != self.current.occupied


@dataclass(frozen=True, slots=True, kw_only=True)
class Result:
    """What one engine call changed, and when the host must call ``advance`` next."""

    transitions: tuple[Transition, ...] = ()
    next_deadline: datetime | None = None
    ignored: str | None = field(default=None)
    """Why the input was ignored (``locked``, ``follow_parent``, ``not_contributing``), or None."""


# -- building values inside the engine ---------------------------------------------------
#
# The generated ``__init__`` of a frozen dataclass sets every field through
# ``object.__setattr__`` and parses keyword arguments: about five times the cost of
# setting the slots directly. The engine builds these values on every input, so it
# uses the positional builders below; the classes themselves (and their keyword
# constructors, equality, hashing and immutability) are unchanged for everyone else.

type _Setter = Callable[[object, object], None]


def _setters(cls: type, *names: str) -> tuple[_Setter, ...]:
    """The ``__set__`` of each named slot of ``cls``, in order."""
    return tuple(cls.__dict__[name].__set__ for name in names)


_new = object.__new__
_CONTRIBUTION = _setters(
    Contribution, "source_id", "expires_at", "occupant", "remaining"
)
_STATE = _setters(
    LocationState,
    "location_id",
    "occupied",
    "ladder",
    "contributions",
    "locks",
    "occupants",
    "occupied_since",
    "vacant_since",
    "last_activity",
)
_TRANSITION = _setters(Transition, "location_id", "reason", "previous", "current")
_RESULT = _setters(Result, "transitions", "next_deadline", "ignored")


def new_contribution(
    source_id: str,
    expires_at: datetime | None,
    occupant: str | None,
    remaining: timedelta | None = None,
) -> Contribution:
    """``Contribution(...)`` by position, for the engine's hot paths."""
    value = _new(Contribution)
    set_source, set_expires, set_occupant, set_remaining = _CONTRIBUTION
    set_source(value, source_id)
    set_expires(value, expires_at)
    set_occupant(value, occupant)
    set_remaining(value, remaining)
    return value


def new_state(  # noqa: PLR0917 - the fields of LocationState, in order
    location_id: str,
    occupied: bool,
    ladder: Ladder,
    contributions: tuple[Contribution, ...],
    locks: tuple[Lock, ...],
    occupants: frozenset[str],
    occupied_since: datetime | None,
    vacant_since: datetime | None,
    last_activity: datetime | None,
) -> LocationState:
    """``LocationState(...)`` by position, for the engine's hot paths."""
    value = _new(LocationState)
    (
        set_id,
        set_occupied,
        set_ladder,
        set_contributions,
        set_locks,
        set_occupants,
        set_occupied_since,
        set_vacant_since,
        set_last_activity,
    ) = _STATE
    set_id(value, location_id)
    set_occupied(value, occupied)
    set_ladder(value, ladder)
    set_contributions(value, contributions)
    set_locks(value, locks)
    set_occupants(value, occupants)
    set_occupied_since(value, occupied_since)
    set_vacant_since(value, vacant_since)
    set_last_activity(value, last_activity)
    return value


def new_transition(
    location_id: str, reason: str, previous: LocationState, current: LocationState
) -> Transition:
    """``Transition(...)`` by position, for the engine's hot paths."""
    value = _new(Transition)
    set_id, set_reason, set_previous, set_current = _TRANSITION
    set_id(value, location_id)
    set_reason(value, reason)
    set_previous(value, previous)
    set_current(value, current)
    return value


def new_result(
    transitions: tuple[Transition, ...],
    next_deadline: datetime | None,
    ignored: str | None,
) -> Result:
    """``Result(...)`` by position, for the engine's hot paths."""
    value = _new(Result)
    set_transitions, set_deadline, set_ignored = _RESULT
    set_transitions(value, transitions)
    set_deadline(value, next_deadline)
    set_ignored(value, ignored)
    return value
