"""Value types of the occupancy engine: configuration in, state and results out.

Everything here is immutable so the host can keep references to states it was given
without the engine changing them underneath it.
"""

from __future__ import annotations

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
