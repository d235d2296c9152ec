"""Read the home's locations from its config entry and keep their tree loadable."""

from __future__ import annotations

from dataclasses import replace
import logging

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
)

from .const import CONF_PARENT, CONF_STRATEGY, DOMAIN, SUBENTRY_LOCATION
from .engine import Strategy
from .feedback import Flow, left_out
from .issues import async_update_orphan_notices
from .locations import HomeTiming, LocationSpec, detach_orphans, parse_location

_LOGGER = logging.getLogger(__name__)


def occupancy_key(entry_id: str, location_id: str) -> tuple[str, str, str]:
    """The entity registry's key of a location's occupancy binary_sensor.

    Its unique id (``OccupancyEntity``'s scheme), which survives a rename.
    """
    return ("binary_sensor", DOMAIN, f"{entry_id}_{location_id}_occupancy")


def occupancy_entity_id(
    registry: er.EntityRegistry, entry_id: str, location_id: str
) -> str | None:
    """Entity id of a location's occupancy binary_sensor, if registered."""
    return registry.entities.get_entity_id(occupancy_key(entry_id, location_id))


def async_load_locations(
    hass: HomeAssistant, entry: ConfigEntry
) -> dict[str, LocationSpec]:
    """Parse every location subentry; a location whose parent is gone becomes a root.

    Nothing is re-parented silently: the orphan's stored parent is removed (so the
    form shows the truth) and a repair issue tells the user which locations moved.
    A root that was set to follow its parent is stored as independent, which is how
    the engine runs it: its form, submitted as shown, would be refused otherwise.
    """
    home = HomeTiming.from_options(entry.options)
    specs = {
        subentry_id: parse_location(subentry_id, subentry.title, subentry.data, home)
        for subentry_id, subentry in entry.subentries.items()
        if subentry.subentry_type == SUBENTRY_LOCATION
    }
    specs, orphans = detach_orphans(specs)
    for location_id in orphans:
        _LOGGER.warning(
            "Location %s lost its parent and is now a top-level location",
            specs[location_id].name,
        )
    for location_id, spec in specs.items():
        subentry = entry.subentries[location_id]
        following = spec.parent_id is None and spec.strategy is Strategy.FOLLOW_PARENT
        if location_id not in orphans and not following:
            continue
        data = {k: v for k, v in subentry.data.items() if k != CONF_PARENT}
        if following:
            data[CONF_STRATEGY] = Strategy.INDEPENDENT.value
            specs[location_id] = replace(spec, strategy=Strategy.INDEPENDENT)
        hass.config_entries.async_update_subentry(entry, subentry, data=data)
    async_update_orphan_notices(hass, entry.entry_id, specs, orphans)
    return _without_feedback(hass, entry, specs)


def _without_feedback(
    hass: HomeAssistant, entry: ConfigEntry, specs: dict[str, LocationSpec]
) -> dict[str, LocationSpec]:
    """Drop a source through which a location's occupancy flows back into itself.

    Its own occupancy sensor or an ancestor's (or a group of them), that of a
    location following one of them, or a group of a location whose own sources
    follow this one (``feedback.py``). Older releases offered a home's own entities
    as sources, a group of them is still offered (the form refuses a loop, and a
    stored one stays shown so the user can see and remove it), and a group's members
    may change after the form. Such a source follows the location it feeds: once
    occupied, the location would hold itself for good. The sources are taken in the
    order of the locations and of their sources, each kept unless it closes a loop
    with those kept before it: the same one is left out at every load. The entity
    ids come from the registry, where a home set up before has them.
    """
    registry = er.async_get(hass)
    parents = {location_id: spec.parent_id for location_id, spec in specs.items()}
    flow = Flow(
        parents,
        (
            location_id
            for location_id, spec in specs.items()
            if spec.strategy is Strategy.FOLLOW_PARENT
        ),
    )
    sensors = {
        entity_id: location_id
        for location_id in specs
        if (entity_id := occupancy_entity_id(registry, entry.entry_id, location_id))
    }
    left = left_out(
        hass,
        sensors,
        (
            (location_id, [e for e, _ in spec.source_entities()])
            for location_id, spec in specs.items()
        ),
        flow,
    )
    for location_id, spec in list(specs.items()):
        looped = {source for where, source in left if where == location_id}
        if not looped:
            continue
        _LOGGER.warning(
            "Location %s ignores %s: its own occupancy (or a parent's, or that of a "
            "location whose sources follow it, or a group of them) cannot be its "
            "source; remove it in the location's settings",
            spec.name,
            ", ".join(sorted(looped)),
        )
        specs[location_id] = replace(
            spec,
            sources={
                kind: tuple(e for e in entity_ids if e not in looped)
                for kind, entity_ids in spec.sources.items()
            },
        )
    return specs


def async_place_devices(
    hass: HomeAssistant, entry: ConfigEntry, specs: dict[str, LocationSpec]
) -> None:
    """Put each location's device in its area, unless the user has placed it.

    Done once every entity is registered: newer Home Assistant puts the area's name in
    the entity ids of entities registered after their device got an area, and a
    location's ids must not depend on which platform happened to load first.
    """
    entities = er.async_get(hass)
    devices = dr.async_get(hass)
    areas = ar.async_get(hass)
    for spec in specs.values():
        if spec.area_id is None or areas.async_get_area(spec.area_id) is None:
            continue  # a deleted area: the device gets none rather than a dead one
        entity_id = occupancy_entity_id(entities, entry.entry_id, spec.id)
        entity = entities.async_get(entity_id) if entity_id else None
        device = (
            devices.async_get(entity.device_id)
            if entity is not None and entity.device_id
            else None
        )
        if device is not None and device.area_id is None:
            devices.async_update_device(device.id, area_id=spec.area_id)
