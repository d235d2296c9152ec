"""Edits are live: a changed configuration is applied to the running home.

Called by the entry's update listener for every change of a location subentry or of
the home's options. The shell (``coordinator.py``) adopts the new forest, bindings and
settings; this module brings the registries along: entities for new locations (and
new entities of edited ones), devices renamed or moved with their location, entities
and devices of deleted locations removed, and the missing-sources repairs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import datetime, timedelta
import logging
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
)

from .const import DOMAIN
from .coordinator import OccupancyCoordinator
from .engine import ConfigError
from .home import async_load_locations, async_place_devices
from .issues import async_clear_issues, async_update_missing_source_issues
from .locations import HomeTiming, LocationSpec
from .renames import async_follow
from .sensing import HomeSettings

_LOGGER = logging.getLogger(__name__)


async def async_apply_edit(
    hass: HomeAssistant,
    entry: ConfigEntry,
    shell: OccupancyCoordinator,
    *,
    rebind: bool = False,
) -> bool:
    """Apply the entry's configuration at the edit's turn; False if only a reload can.

    An edit waits behind the ladder steps due and the causes already waiting, like
    any cause, so it never holds the loop for a whole backlog, and what it changes
    is applied in order: a source change that came first is applied to the old
    configuration, one that came after to the new. So the entry is read now, when
    the edit is made, not at its turn (a later edit would then jump the queue).
    """
    specs = async_load_locations(hass, entry)
    settings = HomeSettings.from_options(entry.options)
    window = HomeTiming.from_options(entry.options).bounce_window
    # Home Assistant 2025.4 hands a state change to its listeners on the loop's next
    # turn (2026.10 at once): one turn later, those fired before the edit are ahead.
    await asyncio.sleep(0)
    if shell.stopped:
        return True  # stopped meanwhile: the next setup reads the entry as it is

    def _at_its_turn(now: datetime) -> bool:
        return _apply_edit(
            hass,
            entry,
            shell,
            specs,
            settings=settings,
            window=window,
            now=now,
            rebind=rebind,
        )

    return await shell.async_turn(_at_its_turn)


@callback
def async_track_area_names(
    hass: HomeAssistant, entry: ConfigEntry, shell: OccupancyCoordinator
) -> CALLBACK_TYPE:
    """Bind the sources anew when an area a location is in is renamed or deleted.

    A room tracker may report the area by its name, which the bindings read once:
    after a rename in Home Assistant's settings the new name matched nothing until
    a reload, and the room emptied with its occupant in it. Live, as after a
    reload, whatever the area is now called.
    """

    @callback
    def _area_changed(event: Event[ar.EventAreaRegistryUpdatedData]) -> None:
        data = event.data
        if data["action"] not in ("update", "remove") or not any(
            spec.area_id == data["area_id"] for spec in shell.specs.values()
        ):
            return
        entry.async_create_background_task(
            hass, _async_rebind(), "occupancy_manager area renamed"
        )

    async def _async_rebind() -> None:
        if not await async_apply_edit(hass, entry, shell, rebind=True):
            hass.config_entries.async_schedule_reload(entry.entry_id)

    return hass.bus.async_listen(ar.EVENT_AREA_REGISTRY_UPDATED, _area_changed)


@callback
def async_track_renames(
    hass: HomeAssistant, entry: ConfigEntry, shell: OccupancyCoordinator
) -> CALLBACK_TYPE:
    """Follow an entity the home names (a source, a scene, the sleep entity) renamed.

    A source renamed in the registry kept its old id in the configuration: its
    room, held by it, let go after the missing source's grace with the occupant
    still in it, and never heard of the sensor again. The locations (and the home's
    options) are edited to the new id, as the user would, and the edit is applied
    live like any other (``renames.py``; one made while the home is not loaded is
    followed at its next setup). One of the home's own occupancy sensors renamed is
    told to the card's feed, which names a location by it.
    """

    @callback
    def _renamed(event: Event[er.EventEntityRegistryUpdatedData]) -> None:
        data: Mapping[str, Any] = event.data
        renamed = {data["old_entity_id"]: data["entity_id"]}
        # Before the edit: a room a renamed motion sensor holds keeps its time.
        shell.note_renamed(renamed)
        async_follow(hass, entry, renamed)
        # The home's own occupancy sensor: the card acts on a location by its id.
        own = {
            location_id
            for location_id in shell.specs
            if shell.occupancy_entity_id(location_id) == data["entity_id"]
        }
        if own:
            shell.listeners.notify_home(own)

    @callback
    def _is_rename(data: er.EventEntityRegistryUpdatedData) -> bool:
        return data["action"] == "update" and "old_entity_id" in data

    return hass.bus.async_listen(
        er.EVENT_ENTITY_REGISTRY_UPDATED, _renamed, event_filter=_is_rename
    )


def _apply_edit(
    hass: HomeAssistant,
    entry: ConfigEntry,
    shell: OccupancyCoordinator,
    specs: dict[str, LocationSpec],
    *,
    settings: HomeSettings,
    window: timedelta,
    now: datetime,
    rebind: bool = False,
) -> bool:
    if shell.stopped:
        # Its turn came as the home stopped: the next setup reads the entry as is.
        return True
    old_specs = dict(shell.specs)
    try:
        edit = shell.reconfigure(specs, settings, now, window=window, rebind=rebind)
    except ConfigError as err:
        # The forms and the loader refuse such a forest; stored data still could.
        _LOGGER.warning("Edited locations cannot be applied live (%s): reloading", err)
        return False
    if not edit:
        return True
    _LOGGER.debug(
        "Applied an edit live: added %s, removed %s, changed %s",
        sorted(edit.added),
        sorted(edit.removed),
        sorted(edit.changed),
    )
    _remove_locations(hass, entry, shell, edit.removed)
    for location_id in edit.added | edit.changed:
        if location_id not in entry.subentries:
            # Deleted since this edit was made (a script, in the same loop turn):
            # Home Assistant refuses entities of a gone subentry, and the delete's
            # own edit, next in line, removes the location.
            continue
        _sync_entities(hass, shell, specs[location_id])
    _sync_devices(hass, entry, old_specs, specs, edit.changed)
    async_place_devices(hass, entry, {key: specs[key] for key in edit.added})
    async_clear_issues(hass, entry.entry_id, edit.removed)
    async_update_missing_source_issues(
        hass, entry.entry_id, (specs[key] for key in edit.added | edit.changed)
    )
    return True


def _sync_entities(
    hass: HomeAssistant, shell: OccupancyCoordinator, spec: LocationSpec
) -> None:
    """Add the entities a location lacks; remove those it no longer has."""
    registry = er.async_get(hass)
    for entity in shell.platforms.async_sync(spec):
        if registry.async_get(entity.entity_id):
            registry.async_remove(entity.entity_id)


def _remove_locations(
    hass: HomeAssistant,
    entry: ConfigEntry,
    shell: OccupancyCoordinator,
    location_ids: set[str],
) -> None:
    """Remove what deleted locations leave behind (Home Assistant usually has)."""
    registry = er.async_get(hass)
    devices = dr.async_get(hass)
    for location_id in location_ids:
        for entity in list(shell.platforms.live.get(location_id, {}).values()):
            if registry.async_get(entity.entity_id):
                registry.async_remove(entity.entity_id)
        if (device := _device(devices, entry, location_id)) is not None:
            devices.async_remove_device(device.id)


def _sync_devices(
    hass: HomeAssistant,
    entry: ConfigEntry,
    old: dict[str, LocationSpec],
    new: dict[str, LocationSpec],
    location_ids: set[str],
) -> None:
    """Rename and move the devices of edited locations (unless the user did)."""
    devices = dr.async_get(hass)
    for location_id in location_ids:
        before, after = old[location_id], new[location_id]
        if (device := _device(devices, entry, location_id)) is None:
            continue
        if after.name not in (before.name, device.name):
            devices.async_update_device(device.id, name=after.name)
        area_id = after.area_id
        if area_id is not None and ar.async_get(hass).async_get_area(area_id) is None:
            area_id = None  # a deleted area: none rather than a dead one
        if after.area_id != before.area_id and device.area_id in (
            before.area_id,
            None,
        ):
            devices.async_update_device(device.id, area_id=area_id)


def _device(
    devices: dr.DeviceRegistry, entry: ConfigEntry, location_id: str
) -> dr.DeviceEntry | None:
    """The home's device of a location (looked up within the home's devices only)."""
    return next(
        (
            device
            for device in dr.async_entries_for_config_entry(devices, entry.entry_id)
            if (DOMAIN, location_id) in device.identifiers
        ),
        None,
    )
