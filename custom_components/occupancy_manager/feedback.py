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

from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant


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
