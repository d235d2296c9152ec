"""Occupancy Manager: room, floor and zone occupancy for Home Assistant."""

from __future__ import annotations

import asyncio
import logging

from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.typing import ConfigType

from .card import async_register_card
from .const import CONF_AREAS_IMPORTED, CONF_IMPORT_AREAS, DOMAIN
from .coordinator import OccupancyCoordinator
from .engine import ConfigError
from .home import async_load_locations, async_place_devices
from .importer import async_apply_import, plan_import
from .issues import async_remove_home_issues
from .live import async_apply_edit, async_track_area_names, async_track_renames
from .persistence import SnapshotStore
from .renames import SNAPSHOT_KEY as REGISTRY_KEY, async_follow_saved
from .services import async_setup_services
from .websocket_api import async_setup_websocket

_LOGGER = logging.getLogger(__name__)

PLATFORMS: list[Platform] = [Platform.BINARY_SENSOR, Platform.SENSOR, Platform.SWITCH]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)

type OccupancyConfigEntry = ConfigEntry[OccupancyCoordinator]


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Set up the integration (actions, websocket commands and the card, once)."""
    async_setup_services(hass)
    async_setup_websocket(hass)
    await async_register_card(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: OccupancyConfigEntry) -> bool:
    """Set up the home: its engine, entities, subscription and timer."""
    if entry.options.get(CONF_IMPORT_AREAS) and not entry.options.get(
        CONF_AREAS_IMPORTED
    ):
        async_apply_import(hass, entry, plan_import(hass, entry, entry.title))
        hass.config_entries.async_update_entry(
            entry, options={**entry.options, CONF_AREAS_IMPORTED: True}
        )
    # Read before the locations: what was renamed while the home was not loaded is
    # followed first (``renames.py``), as the live rename would have.
    snapshot = await SnapshotStore(hass, entry.entry_id).async_load()
    renamed = async_follow_saved(
        hass, entry, snapshot.get(REGISTRY_KEY) if snapshot is not None else None
    )
    specs = async_load_locations(hass, entry)
    try:
        coordinator = OccupancyCoordinator(hass, entry, specs)
    except ConfigError as err:
        # The locations were repaired on load; a tree the engine still refuses
        # cannot run, and retrying will not fix it.
        raise ConfigEntryError(
            translation_domain=DOMAIN,
            translation_key="invalid_locations",
            translation_placeholders={"error": str(err)},
        ) from err
    coordinator.restore(snapshot, renamed)
    entry.runtime_data = coordinator
    # Whatever ends this entry stops the home: an unload, or a setup that fails
    # once it listens (newer Home Assistant runs on_unload then).
    entry.async_on_unload(coordinator.async_stop)
    started = False
    try:
        await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
        async_place_devices(hass, entry, specs)
        coordinator.async_start()
        # Locations are subentries and home durations are options: every change is
        # applied to the running home (contract: "Edits are live").
        entry.async_on_unload(entry.add_update_listener(_async_config_changed))
        entry.async_on_unload(async_track_area_names(hass, entry, coordinator))
        entry.async_on_unload(async_track_renames(hass, entry, coordinator))
        # A location added while the home was being set up (before the listener
        # existed) is picked up now; with nothing new this changes nothing.
        await async_apply_edit(hass, entry, coordinator)
        started = True
    finally:
        if not started:
            # Home Assistant 2025.4 runs on_unload only for its own setup errors:
            # a failure of ours must not leave a home listening with no entry.
            await coordinator.async_stop()
    return True


async def _async_config_changed(
    hass: HomeAssistant, entry: OccupancyConfigEntry
) -> None:
    # Called once per changed subentry (an import adds several): each call applies
    # the entry as it is now, so the later ones find nothing left to do.
    if entry.state is not ConfigEntryState.LOADED:
        return
    if not await async_apply_edit(hass, entry, entry.runtime_data):
        # Only for a stored forest the engine refuses (the forms never produce one).
        hass.config_entries.async_schedule_reload(entry.entry_id)


async def async_unload_entry(hass: HomeAssistant, entry: OccupancyConfigEntry) -> bool:
    """Unload the home; its stop (registered at setup) then saves its state."""
    # Home Assistant 2025.4 hands a state change to its listeners on the loop's next
    # turn: one turn now, and those written before the unload (a burst ending as a
    # reload starts) reach the home while its entities still show them.
    await asyncio.sleep(0)
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: OccupancyConfigEntry) -> None:
    """The home is deleted: its issues and saved state go with it.

    An unload keeps both (the advice, the state a reload restores); a deleted
    home's file would otherwise stay in .storage for good.
    """
    async_remove_home_issues(hass, entry.entry_id, entry.subentries)
    await SnapshotStore(hass, entry.entry_id).async_remove()


async def async_migrate_entry(hass: HomeAssistant, entry: OccupancyConfigEntry) -> bool:
    """Migrate an entry from an older version (1.1 is the first)."""
    if entry.version > 1:
        # A downgrade: this version cannot read a newer entry.
        return False
    if entry.minor_version < 2:
        # 1.2 only added settings whose absence means their default, so existing
        # entries and locations load unchanged.
        hass.config_entries.async_update_entry(entry, minor_version=2)
        _LOGGER.debug("Migrated entry %s to version 1.2", entry.entry_id)
    return True
