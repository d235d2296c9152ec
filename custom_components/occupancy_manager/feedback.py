"""Sources that would feed a location its own occupancy: a feedback loop.

A location's own occupancy sensor, or an ancestor's, as its source holds it once
occupied for good. So does a group of them: Home Assistant's group helpers (and any
entity that lists members in its ``entity_id`` attribute, as ``group.expand_entity_ids``
reads them) follow their members, through nested groups too. Other locations'
sensors flow one way (a hallway following the bedrooms) and are left alone, but
for those set to follow one of these (``mirrored``).
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


def upward(location_id: str | None, parents: Mapping[str, str | None]) -> list[str]:
    """The location and its ancestors, stopping at a cycle (refused elsewhere)."""
    chain: list[str] = []
    node = location_id
    while node is not None and node not in chain:
        chain.append(node)
        node = parents.get(node)
    return chain


def mirrored(
    chain: Iterable[str], parents: Mapping[str, str | None], followers: Iterable[str]
) -> set[str]:
    """``chain`` and every location that follows one of them, through followers too.

    A location set to follow its parent mirrors it: its occupancy sensor is the
    parent's in effect, and as a source of the parent (or of a location under it)
    it loops the same way.
    """
    found = set(chain)
    todo = set(followers)
    grew = True
    while grew:
        grew = False
        for follower in list(todo):
            if parents.get(follower) in found:
                found.add(follower)
                todo.discard(follower)
                grew = True
    return found


def looping(hass: HomeAssistant, own: set[str], sources: Iterable[str]) -> set[str]:
    """The ``sources`` that are, or list, one of the ``own`` occupancy sensors."""
    return {source for source in sources if own & _members(hass, source)}
