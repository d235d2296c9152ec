"""Why a location is occupied: contributions, event payloads and get_occupancy.

Read-only views of a home, in the shapes of the public contract. They read the home
through the small ``HomeView`` protocol (the shell implements it), so this module
depends on nothing above it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol
from weakref import WeakKeyDictionary

from .const import (
    KIND_ACTION,
    KIND_CHILD,
    KIND_LOCK,
    KIND_WASP,
    WASP_SOURCE,
    SourceKind,
)
from .engine import CHILD_SOURCE_PREFIX, Contribution, LocationState
from .locations import LocationSpec


class HomeView(Protocol):
    """What the views need to know about a running home."""

    @property
    def entry_id(self) -> str:
        """The home's config entry id."""

    @property
    def specs(self) -> Mapping[str, LocationSpec]:
        """The configured locations by id."""

    def state(self, location_id: str) -> LocationState:
        """A location's current state."""

    def children(self, location_id: str) -> tuple[str, ...]:
        """A location's direct children."""

    def source_kind(self, location_id: str, source_id: str) -> SourceKind | None:
        """The kind of a configured source entity in a location."""

    def has_wasp(self, location_id: str) -> bool:
        """Whether the location has wasp-in-a-box enabled."""

    def entity_name(self, entity_id: str) -> str | None:
        """An entity's friendly name, if it has a state."""

    def occupancy_entity_id(self, location_id: str) -> str | None:
        """The entity id of a location's occupancy binary_sensor."""

    def last_change(self, location_id: str) -> tuple[str | None, datetime | None]:
        """Reason and time of the location's last change."""

    def false_vacancies(self, location_id: str, now: datetime) -> list[dict[str, Any]]:
        """The location's false vacancies of the last 7 days, newest first."""


def kind_of(view: HomeView, location_id: str, contribution: Contribution) -> str:
    """The contribution kind (README: "Contribution kinds")."""
    source_id = contribution.source_id
    if source_id.startswith(CHILD_SOURCE_PREFIX):
        return KIND_CHILD
    if kind := view.source_kind(location_id, source_id):
        return kind.value
    if source_id == WASP_SOURCE and view.has_wasp(location_id):
        return KIND_WASP
    if source_id in view.state(location_id).locked_by:
        return KIND_LOCK
    return KIND_ACTION


def contributions_data(
    view: HomeView, location_id: str, state: LocationState | None = None
) -> list[dict[str, str | None]]:
    """JSON-ready contributions of a location, for attributes and events.

    Memoised: the same list comes back while nothing it shows changed, and only the
    contributions that changed are formatted again (see ``ContributionsMemo``).
    Callers must not change it. ``state``: the location's current state, when the
    caller has it already.
    """
    return contributions_memo(view).get(
        view, location_id, state or view.state(location_id)
    )


def contributions_memo(view: HomeView) -> ContributionsMemo:
    """The home's memo of ``contributions_data``, for a caller that keeps it at hand.

    The occupancy sensor asks it on every write of its location (issue 14): held,
    it skips this lookup.
    """
    memo = _MEMOS.get(view)
    if memo is None:
        memo = _MEMOS[view] = ContributionsMemo()
    return memo


def _format(item: Contribution, name: str, kind: str) -> dict[str, str | None]:
    return {
        "source_id": item.source_id,
        "source_name": name,
        "kind": kind,
        "expires_at": item.expires_at.isoformat() if item.expires_at else None,
        "occupant": item.occupant,
    }


# Kinds that follow the configuration alone (not the locks, nor an action's source id,
# which can be any string): remembered per source while the location's memo lasts.
_LASTING_KINDS = frozenset(kind.value for kind in SourceKind) | {KIND_CHILD, KIND_WASP}


class _Shown:
    """One location's formatted contributions and what they were formatted from."""

    __slots__ = ("contributions", "data", "items", "kinds", "locks", "state")

    def __init__(self, locks: object) -> None:
        self.locks = locks
        # The state ``data`` was last asked for.
        self.state: LocationState | None = None
        self.contributions: tuple[Contribution, ...] | None = None
        self.data: list[dict[str, str | None]] = []
        # source id -> (contribution, its name, its formatted dict)
        self.items: dict[str, tuple[Contribution, str, dict[str, str | None]]] = {}
        # source id -> its kind, of the sources whose kind lasts (see _LASTING_KINDS)
        self.kinds: dict[str, str] = {}

    def kind(self, view: HomeView, location_id: str, item: Contribution) -> str:
        """``kind_of``, looked up once per source while it lasts."""
        kind = self.kinds.get(item.source_id)
        if kind is None:
            kind = kind_of(view, location_id, item)
            if kind in _LASTING_KINDS:
                self.kinds[item.source_id] = kind
        return kind


class ContributionsMemo:
    """Formatted contributions per location, formatted again only where they changed.

    Every write of a location used to format and classify all its contributions (a
    floor has one per occupied room) twice: for the change event and the occupancy
    sensor's attributes. A formatted contribution depends on the engine's frozen
    ``Contribution`` (compared by identity: the engine hands out the same object until
    it changes), its source's name (looked up again each time: an entity can be renamed
    at any moment), and its kind, which follows the configuration and the locks. The
    shell replaces its ``specs`` mapping on every edit: a new mapping forgets every
    location (removed ones too), other locks the location's contributions.
    """

    __slots__ = ("_shown", "_specs")

    def __init__(self) -> None:
        """Nothing formatted yet."""
        self._shown: dict[str, _Shown] = {}
        self._specs: object = None

    def again(
        self, view: HomeView, location_id: str, state: LocationState
    ) -> list[dict[str, str | None]]:
        """``get``, trusting its last answer when it was for this very state.

        For a transition's changed event, built right after the occupancy sensor
        wrote the transition's state in the same callback: looking every source's
        name up again would only find what the sensor just showed (issue 14). The
        engine builds a new state for every transition, so an answer for the same
        object was given during this transition's apply, never before it; a later
        answer (a source renamed since) replaced it with the new names.
        """
        shown = self._shown.get(location_id)
        if shown is not None and shown.state is state and view.specs is self._specs:
            return shown.data
        return self.get(view, location_id, state)

    def get(
        self, view: HomeView, location_id: str, state: LocationState
    ) -> list[dict[str, str | None]]:
        """``contributions_data`` of the location in ``state``, its current state."""
        if view.specs is not self._specs:
            self._specs = view.specs
            self._shown.clear()
        locks = state.locks
        shown = self._shown.get(location_id)
        if shown is None or shown.locks != locks:
            shown = self._shown[location_id] = _Shown(locks)
        contributions = state.contributions
        same = contributions is shown.contributions
        items = shown.items
        data: list[dict[str, str | None]] = []
        fresh: dict[str, tuple[Contribution, str, dict[str, str | None]]] = {}
        for item in contributions:
            source_id = item.source_id
            name = source_name(view, source_id)
            cached = items.get(source_id)
            if cached is None or cached[0] is not item or cached[1] != name:
                same = False
                # The kind remembered, else looked up (a call fewer on a write).
                kind = shown.kinds.get(source_id) or shown.kind(view, location_id, item)
                cached = (item, name, _format(item, name, kind))
            fresh[source_id] = cached
            data.append(cached[2])
        shown.state = state
        if same:
            return shown.data
        shown.contributions, shown.data, shown.items = contributions, data, fresh
        return data


_MEMOS: WeakKeyDictionary[HomeView, ContributionsMemo] = WeakKeyDictionary()
"""One memo per running home, gone with it (a view owns no cache of its own)."""


def _about(view: HomeView, location_id: str) -> dict[str, Any]:
    """The keys every event of a location starts with."""
    return {
        "entry_id": view.entry_id,
        "location_id": location_id,
        "location": view.specs[location_id].name,
        "entity_id": view.occupancy_entity_id(location_id),
    }


def changed_event(
    view: HomeView,
    location_id: str,
    reason: str,
    state: LocationState,
    memo: ContributionsMemo | None = None,
) -> dict[str, Any]:
    """Data of ``occupancy_manager_changed`` (exactly the contract's keys).

    ``memo``: the home's ``contributions_memo``, when the caller has it at hand (one
    lookup per change instead of one per event).
    """
    return {
        **_about(view, location_id),
        "occupied": state.occupied,
        "previous_occupied": not state.occupied,
        # ``str`` of a StrEnum is its value, without ``Enum.value``'s Python-level
        # descriptor (about 2,000 instructions a read on 3.13; issue 14).
        "state": str(state.ladder),
        "reason": reason,
        "contributions": (memo or contributions_memo(view)).again(
            view, location_id, state
        ),
        # Mostly none of either: a new empty list without building or sorting one.
        "locked_by": sorted(state.locked_by) if state.locks else [],
        "occupants": sorted(state.occupants) if state.occupants else [],
    }


def occupant_event(
    view: HomeView, location_id: str, occupant: str, action: str
) -> dict[str, Any]:
    """Data of ``occupancy_manager_occupant``."""
    return {
        **_about(view, location_id),
        "occupant": occupant,
        "action": action,
    }


def saved_occupants(snapshot: Mapping[str, object]) -> dict[str, frozenset[str]]:
    """Occupants per location in a saved engine snapshot (best effort: bad data → none).

    Read from the snapshot's JSON as stored, before the engine drops what expired:
    version 1 (``contributions`` → ``occupant``, ``child_occupants``) or the compact
    versions 2 and 3 (``c`` → third item, ``n``).
    """
    locations = snapshot.get("locations")
    if not isinstance(locations, Mapping):
        return {}
    compact = snapshot.get("version") in (2, 3)
    found: dict[str, frozenset[str]] = {}
    for location_id, saved in locations.items():
        if not isinstance(saved, Mapping):
            continue
        names: set[str] = set()
        contributions = saved.get("c" if compact else "contributions")
        for item in contributions if isinstance(contributions, list) else ():
            occupant = _saved_occupant(item)
            if isinstance(occupant, str):
                names.add(occupant)
        children = saved.get("n" if compact else "child_occupants")
        for child_names in children.values() if isinstance(children, Mapping) else ():
            if isinstance(child_names, list):
                names.update(name for name in child_names if isinstance(name, str))
        if names:
            found[str(location_id)] = frozenset(names)
    return found


def _saved_occupant(item: object) -> object:
    """A saved contribution's occupant: a key in version 1, the third item in 2 and 3."""
    if isinstance(item, Mapping):
        return item.get("occupant")
    if isinstance(item, list) and len(item) > 2:
        return item[2]
    return None


def source_name(view: HomeView, source_id: str) -> str:
    """A contribution's source in words: an entity's or a child location's name."""
    if source_id.startswith(CHILD_SOURCE_PREFIX):
        child = view.specs.get(source_id.removeprefix(CHILD_SOURCE_PREFIX))
        return child.name if child is not None else source_id
    return view.entity_name(source_id) or source_id


def occupancy_report(view: HomeView, location_id: str, now: datetime) -> dict[str, Any]:
    """One target's answer to ``get_occupancy``."""
    state = view.state(location_id)
    reason, changed_at = view.last_change(location_id)
    contributions = []
    for item in state.contributions:
        if item.expires_at is not None:
            remaining: float | None = max(0.0, (item.expires_at - now).total_seconds())
        elif item.remaining is not None:  # suspended by a lock
            remaining = item.remaining.total_seconds()
        else:
            remaining = None
        contributions.append(
            {
                "source_id": item.source_id,
                "source_name": source_name(view, item.source_id),
                "kind": kind_of(view, location_id, item),
                "expires_at": item.expires_at.isoformat() if item.expires_at else None,
                "remaining": remaining,
                "occupant": item.occupant,
            }
        )
    bounces = view.false_vacancies(location_id, now)
    # null while any lock has no end; else the moment the last one ends.
    untils = [lock.until for lock in state.locks if lock.until is not None]
    lock_until = (
        max(untils).isoformat() if untils and len(untils) == len(state.locks) else None
    )
    return {
        "location": view.specs[location_id].name,
        "occupied": state.occupied,
        "state": state.ladder.value,
        "reason": reason,
        "changed_at": changed_at.isoformat() if changed_at else None,
        "contributions": contributions,
        "locked_by": sorted(state.locked_by),
        "lock_until": lock_until,
        "occupants": sorted(state.occupants),
        "children": [
            {
                "entity_id": view.occupancy_entity_id(child),
                "occupied": view.state(child).occupied,
            }
            for child in view.children(location_id)
        ],
        "false_vacancies_7d": len(bounces),
        "false_vacancies": bounces,
    }
