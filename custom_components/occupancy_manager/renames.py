"""Entities the home names, followed through a rename in the entity registry.

The sources, a mode's scenes and scripts, the sleep entity. Live, the registry's
update event names the old and the new id (``live.py``). While the home is not
loaded (disabled, or its setup waiting to retry) nobody listens, so the saved state
keeps each named entity's registry entry id, its UUID, which a rename keeps: the
next setup resolves it (``entity_registry.async_resolve_entity_id``, on both ends)
and follows an id whose entity is now called otherwise, before the locations are
read. Either way the locations and options are edited to the new id as the user
would, and the room keeps the renamed source's contribution (``carrying.py``): no
new occupation, no mode actions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback, valid_entity_id
from homeassistant.helpers import entity_registry as er

from .const import CONF_ACTIONS, CONF_SLEEP_ENTITY, SourceKind
from .locations import LocationSpec

SNAPSHOT_KEY: Final = "registry_ids"
"""Saved next to the engine's snapshot: entity id → its registry entry id."""


def named_entities(specs: Iterable[LocationSpec], sleep_entity: str | None) -> set[str]:
    """Every entity id the configuration names."""
    named = {entity_id for spec in specs for entity_id, _ in spec.source_entities()}
    for spec in specs:
        actions = spec.actions
        named.update(actions.occupied, actions.vacant, actions.extended_vacant)
    if sleep_entity is not None:
        named.add(sleep_entity)
    return named


def registry_ids(
    registry: er.EntityRegistry, entity_ids: Iterable[str], kept: Mapping[str, str]
) -> dict[str, str]:
    """What to save: the registry entry id of each named entity that has one.

    One the registry does not know now keeps the id ``kept`` had for it: removed
    for now (its integration's device gone a while), it gets its entry id back
    when it is added again, on both ends.
    """
    ids: dict[str, str] = {}
    for entity_id in entity_ids:
        if (entry := registry.async_get(entity_id)) is not None:
            ids[entity_id] = entry.id
        elif (registry_id := kept.get(entity_id)) is not None:
            ids[entity_id] = registry_id
    return ids


def read_saved(saved: object) -> dict[str, str]:
    """What ``registry_ids`` saved, as saved.

    Anything else (an earlier release's file without it, a damaged one) is left out.
    """
    if not isinstance(saved, Mapping):
        return {}
    return {
        entity_id: registry_id
        for entity_id, registry_id in saved.items()
        if isinstance(entity_id, str)
        and isinstance(registry_id, str)
        and not valid_entity_id(registry_id)  # an entity id, not an entry's id
    }


@callback
def async_follow_saved(
    hass: HomeAssistant, entry: ConfigEntry, saved: object
) -> dict[str, str]:
    """Follow what was renamed while the home was not loaded: old id → new id.

    ``saved`` is what ``registry_ids`` gave when the home last saved (``read_saved``).
    """
    registry = er.async_get(hass)
    renamed: dict[str, str] = {}
    for entity_id, registry_id in read_saved(saved).items():
        now_called = er.async_resolve_entity_id(registry, registry_id)
        if now_called is not None and now_called != entity_id:
            renamed[entity_id] = now_called
    if renamed:
        async_follow(hass, entry, renamed)
    return renamed


@callback
def async_follow(
    hass: HomeAssistant, entry: ConfigEntry, renamed: Mapping[str, str]
) -> None:
    """Edit the locations and options naming an old id to the new one, all at once.

    At once, so entities that swapped their ids while the home was down swap in
    the configuration too.
    """
    for subentry in list(entry.subentries.values()):  # every subentry is a location
        if (data := renamed_location(subentry.data, renamed)) is not None:
            hass.config_entries.async_update_subentry(entry, subentry, data=data)
    sleep_entity = entry.options.get(CONF_SLEEP_ENTITY)
    if isinstance(sleep_entity, str) and sleep_entity in renamed:
        options = {**entry.options, CONF_SLEEP_ENTITY: renamed[sleep_entity]}
        hass.config_entries.async_update_entry(entry, options=options)


def renamed_location(
    data: Mapping[str, Any], renamed: Mapping[str, str]
) -> dict[str, Any] | None:
    """A location's data with each old id named by its new; None when none is named."""
    out = dict(data)
    kinds = [
        (key, ids)
        for key in (kind.conf_key for kind in SourceKind)
        if isinstance(ids := data.get(key), list)
    ]
    # Stored data is read as it is: an item that is no entity id stays, untouched.
    named = {one for _, ids in kinds for one in ids if isinstance(one, str)}
    arriving = {renamed[one] for one in named if one in renamed}
    for key, ids in kinds if arriving else ():
        # A new id listed already (under another kind, while it was missing): the
        # renamed entity keeps the kind it was set up as (the form refuses one in
        # two kinds), listed once.
        swapped = _once(
            _new(renamed, one)
            for one in ids
            if not isinstance(one, str) or one in renamed or one not in arriving
        )
        if swapped != ids:
            out[key] = swapped
    if isinstance(actions := data.get(CONF_ACTIONS), Mapping):
        swapped_actions = {
            key: _once(_new(renamed, one) for one in ids)
            if isinstance(ids, list)
            and any(isinstance(one, str) and one in renamed for one in ids)
            else ids
            for key, ids in actions.items()
        }
        if swapped_actions != actions:
            out[CONF_ACTIONS] = swapped_actions
    return out if out != data else None


def _new(renamed: Mapping[str, str], one: Any) -> Any:
    """What ``one`` is called now (itself unless it is a renamed entity id)."""
    return renamed.get(one, one) if isinstance(one, str) else one


def _once(ids: Iterable[Any]) -> list[Any]:
    """``ids`` in order, each once (unhashable values are compared, not hashed)."""
    out: list[Any] = []
    for one in ids:
        if one not in out:
            out.append(one)
    return out
