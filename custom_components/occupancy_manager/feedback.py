"""Sources that would feed a location its own occupancy: a feedback loop.

A location's occupancy flows into its parent's (its children feed it), into the
locations set to follow it, and into every location one of whose sources is, or
lists, its occupancy sensor: Home Assistant's group helpers (and any entity that
lists members in its ``entity_id`` attribute, as ``group.expand_entity_ids`` reads
them) follow their members, through nested groups too. A source through which a
location's occupancy flows back into itself holds it once occupied for good: its
own sensor, an ancestor's, a group of them, or a group of a sibling whose own
source is a group of this one. Occupancy that flows one way (a hallway following
the bedrooms) is left alone.

Checked where the configuration is read (the form, the load), never per change:
the groups' members are read from the states then.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant

from .const import CONF_PARENT, CONF_STRATEGY, SourceKind
from .engine import Strategy


def _members(hass: HomeAssistant, entity_id: str) -> set[str]:
    """The entity and everything it lists, through nested groups."""
    found: set[str] = set()
    todo = [entity_id]
    while todo:
        current = todo.pop()
        if current in found:
            continue  # a group listing itself, or a cycle of groups
        found.add(current)
        state = hass.states.get(current)
        listed = state.attributes.get(ATTR_ENTITY_ID) if state else None
        if isinstance(listed, str):
            listed = [listed]
        if isinstance(listed, list | tuple):
            todo.extend(member for member in listed if isinstance(member, str))
    return found


def watched(hass: HomeAssistant, sensors: Mapping[str, str], source: str) -> set[str]:
    """The locations whose occupancy sensor ``source`` is or lists.

    ``sensors``: each location's occupancy sensor (entity id → location id).
    """
    return {sensors[member] for member in _members(hass, source) if member in sensors}


class Flow:
    """Which locations' occupancy flows into which."""

    def __init__(
        self, parents: Mapping[str, str | None], followers: Iterable[str]
    ) -> None:
        """The flow of the tree alone: child into parent, parent into follower.

        A location set to follow its parent mirrors it: its occupancy sensor is the
        parent's in effect.
        """
        self._into: dict[str, set[str]] = {}
        for child, parent in parents.items():
            if parent is not None:
                self.add(child, parent)
        for follower in followers:
            if (parent := parents.get(follower)) is not None:
                self.add(parent, follower)

    def add(self, watched_id: str, location_id: str) -> None:
        """``location_id`` has a source that is or lists ``watched_id``'s sensor."""
        self._into.setdefault(watched_id, set()).add(location_id)

    def reached(self, location_id: str) -> set[str]:
        """The location and every one its occupancy flows into, however far.

        Stops at a cycle of parents (refused elsewhere) as at any other.
        """
        found = {location_id}
        todo = [location_id]
        while todo:
            for into in self._into.get(todo.pop(), ()):
                if into not in found:
                    found.add(into)
                    todo.append(into)
        return found


def left_out(
    hass: HomeAssistant,
    sensors: Mapping[str, str],
    locations: Iterable[tuple[str, Iterable[str]]],
    flow: Flow,
) -> list[tuple[str, str]]:
    """The (location, source) pairs through which a location's occupancy loops.

    Taken in the order given, each source kept unless it closes a loop with the
    tree and the sources kept before it; ``flow`` (the tree's) gains the kept ones.
    The same order leaves out the same sources at every load.
    """
    looped: list[tuple[str, str]] = []
    for location_id, sources in locations:
        for source in sources:
            if not (into := watched(hass, sensors, source)):
                continue
            if into & flow.reached(location_id):
                looped.append((location_id, source))
                continue
            for watched_id in into:
                flow.add(watched_id, location_id)
    return looped


def form_loops(
    hass: HomeAssistant,
    locations: Mapping[str, Mapping[str, Any]],
    sensors: Mapping[str, str],
    own_id: str,
    user_input: Mapping[str, Any],
) -> dict[str, str]:
    """A location form's fields through which its occupancy would flow back into it.

    A source that is its own occupancy sensor, an ancestor's or a group of them,
    or that of a location following one of them (``source_loops_occupancy``), or a
    group of a location whose own sources follow this one
    (``source_loops_through_location``); or a parent or a strategy that closes such
    a loop through other locations' sources (``tree_loops_occupancy``): it would
    hold the locations for good. ``locations``: every location's stored data;
    ``own_id``: the one edited (or the id a new one goes by). The tree is the one
    the form makes; the other locations as stored, their sources as the load keeps
    them.
    """
    stored = {
        location_id: data.get(CONF_PARENT) or None
        for location_id, data in locations.items()
    }
    parents = {**stored, own_id: user_input.get(CONF_PARENT) or None}
    following = {
        location_id
        for location_id, data in locations.items()
        if data.get(CONF_STRATEGY) == Strategy.FOLLOW_PARENT
    }
    followers = following - {own_id}
    if user_input.get(CONF_STRATEGY) == Strategy.FOLLOW_PARENT:
        followers.add(own_id)
    others = [
        (location_id, _sources(data))
        for location_id, data in locations.items()
        if location_id != own_id
    ]
    errors: dict[str, str] = {}
    flow = Flow(parents, followers)
    closed = set(left_out(hass, sensors, others, flow)) - set(
        left_out(hass, sensors, others, Flow(stored, following))
    )
    if closed:
        changed = parents[own_id] != stored.get(own_id)
        errors[CONF_PARENT if changed else CONF_STRATEGY] = "tree_loops_occupancy"
    near = Flow(parents, followers).reached(own_id)
    far = flow.reached(own_id)
    for kind in SourceKind:
        for source in _sources({kind.conf_key: user_input.get(kind.conf_key)}):
            if not (into := watched(hass, sensors, source)):
                continue
            if into & near:
                errors[kind.conf_key] = "source_loops_occupancy"
                break
            if into & far:
                errors.setdefault(kind.conf_key, "source_loops_through_location")
    return errors


def _sources(data: Mapping[str, Any]) -> list[str]:
    """The source entity ids stored (or chosen) in a location's data, of every kind."""
    found: list[str] = []
    for kind in SourceKind:
        chosen = data.get(kind.conf_key) or []
        if isinstance(chosen, str):
            chosen = [chosen]
        if isinstance(chosen, list | tuple):
            found.extend(one for one in chosen if isinstance(one, str))
    return found
