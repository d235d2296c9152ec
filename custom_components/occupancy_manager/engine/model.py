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


# The members as plain names for the hot paths: ``Ladder.OCCUPIED`` is looked up
# through the enum's metaclass on every use, which Python 3.13 does not specialise
# (~190 instructions; a global costs ~10).
OCCUPIED: Final = Ladder.OCCUPIED
RECENTLY_OCCUPIED: Final = Ladder.RECENTLY_OCCUPIED
VACANT: Final = Ladder.VACANT
EXTENDED_VACANT: Final = Ladder.EXTENDED_VACANT


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
# A frozen dataclass's generated ``__init__`` parses keywords and sets every field
# through ``object.__setattr__``: ~19,000 instructions for a LocationState, more than
# half of a typical input. The engine builds these values on every input, so it
# fills in a *draft* instead: a subclass of the frozen class that adds no slot and
# only gives back ordinary attribute stores (and an empty ``__init__``). The draft,
# written field by field, then becomes the frozen class by ``__class__`` assignment.
# The result is an ordinary instance of the frozen class; the classes themselves
# (keyword constructors, equality, hashing, immutability) are unchanged.
#
# Why a subclass and not a class of its own with the same slots: Python lets
# ``__class__`` change between classes of one layout, and it proves that from a
# subclass that adds nothing at once, where two unrelated classes need their slots
# compared name by name. The assignment costs ~600 instructions instead of ~900;
# a LocationState then costs ~2,100 in all.
# tests/engine/test_model.py checks that both ways build equal, frozen values.


def _draft_of(cls: type) -> type:
    """A writable subclass of the frozen dataclass ``cls`` that adds nothing else."""
    return type(
        f"_{cls.__name__}Draft",
        (cls,),
        {
            "__slots__": (),
            "__init__": object.__init__,
            # Both, or Python routes every store through the dataclass's methods.
            "__setattr__": object.__setattr__,
            "__delattr__": object.__delattr__,
        },
    )


_ContributionDraft = _draft_of(Contribution)
_StateDraft = _draft_of(LocationState)
_TransitionDraft = _draft_of(Transition)
_ResultDraft = _draft_of(Result)
_LockDraft = _draft_of(Lock)


def new_contribution(
    source_id: str,
    expires_at: datetime | None,
    occupant: str | None,
    remaining: timedelta | None = None,
) -> Contribution:
    """``Contribution(...)`` by position, for the engine's hot paths."""
    draft = _ContributionDraft()
    draft.source_id = source_id
    draft.expires_at = expires_at
    draft.occupant = occupant
    draft.remaining = remaining
    draft.__class__ = Contribution
    value: Contribution = draft
    return value


def new_lock(source_id: str, until: datetime | None) -> Lock:
    """``Lock(...)`` by position, for the engine's hot paths."""
    draft = _LockDraft()
    draft.source_id = source_id
    draft.until = until
    draft.__class__ = Lock
    value: Lock = draft
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
    draft = _StateDraft()
    draft.location_id = location_id
    draft.occupied = occupied
    draft.ladder = ladder
    draft.contributions = contributions
    draft.locks = locks
    draft.occupants = occupants
    draft.occupied_since = occupied_since
    draft.vacant_since = vacant_since
    draft.last_activity = last_activity
    draft.__class__ = LocationState
    value: LocationState = draft
    return value


def new_transition(
    location_id: str, reason: str, previous: LocationState, current: LocationState
) -> Transition:
    """``Transition(...)`` by position, for the engine's hot paths."""
    draft = _TransitionDraft()
    draft.location_id = location_id
    draft.reason = reason
    draft.previous = previous
    draft.current = current
    draft.__class__ = Transition
    value: Transition = draft
    return value


def new_result(
    transitions: tuple[Transition, ...],
    next_deadline: datetime | None,
    ignored: str | None,
) -> Result:
    """``Result(...)`` by position, for the engine's hot paths."""
    draft = _ResultDraft()
    draft.transitions = transitions
    draft.next_deadline = next_deadline
    draft.ignored = ignored
    draft.__class__ = Result
    value: Result = draft
    return value
