"""Why a location is occupied: contributions, event payloads and get_occupancy.

Read-only views of a home, in the shapes of the public contract. They read the home
through the small ``HomeView`` protocol (the shell implements it), so this module
depends on nothing above it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol

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


def contributions_data(view: HomeView, location_id: str) -> list[dict[str, str | None]]:
    """JSON-ready contributions of a location, for attributes and events."""
    return [
        {
            "source_id": item.source_id,
            "source_name": source_name(view, item.source_id),
            "kind": kind_of(view, location_id, item),
            "expires_at": item.expires_at.isoformat() if item.expires_at else None,
            "occupant": item.occupant,
        }
        for item in view.state(location_id).contributions
    ]


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
) -> dict[str, Any]:
    """Data of ``occupancy_manager_changed`` (exactly the contract's keys)."""
    return {
        **_about(view, location_id),
        "occupied": state.occupied,
        "previous_occupied": not state.occupied,
        "state": state.ladder.value,
        "reason": reason,
        "contributions": contributions_data(view, location_id),
        "locked_by": sorted(state.locked_by),
        "occupants": sorted(state.occupants),
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

    Read from the snapshot's documented JSON (``locations`` → ``contributions`` →
    ``occupant``, and ``child_occupants``), before the engine drops what expired.
    """
    locations = snapshot.get("locations")
    if not isinstance(locations, Mapping):
        return {}
    found: dict[str, frozenset[str]] = {}
    for location_id, saved in locations.items():
        if not isinstance(saved, Mapping):
            continue
        names: set[str] = set()
        contributions = saved.get("contributions")
        for item in contributions if isinstance(contributions, list) else ():
            if isinstance(item, Mapping) and isinstance(item.get("occupant"), str):
                names.add(item["occupant"])
        children = saved.get("child_occupants")
        for child_names in children.values() if isinstance(children, Mapping) else ():
            if isinstance(child_names, list):
                names.update(name for name in child_names if isinstance(name, str))
        if names:
            found[str(location_id)] = frozenset(names)
    return found


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
