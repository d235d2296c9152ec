"""Occupancy Manager: room, floor and zone occupancy for Home Assistant."""

from __future__ import annotations

import logging

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.typing import ConfigType

from .card import async_register_card
from .const import CONF_AREAS_IMPORTED, CONF_IMPORT_AREAS, DOMAIN
from .coordinator import OccupancyCoordinator
from .home import async_load_locations, async_place_devices
from .importer import async_apply_import, plan_import
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
    specs = async_load_locations(hass, entry)
    coordinator = OccupancyCoordinator(hass, entry, specs)
    await coordinator.async_restore()
    entry.runtime_data = coordinator
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    async_place_devices(hass, entry, specs)
    coordinator.async_start()
    # Locations are subentries and home durations are options: any change rebuilds the
    # home from its saved state (the state survives through the unload save).
    entry.async_on_unload(entry.add_update_listener(_async_reload))
    return True


async def _async_reload(hass: HomeAssistant, entry: OccupancyConfigEntry) -> None:
    # Adding several locations at once (an import) calls this once per location:
    # the first call reloads with all of them, the others have nothing left to do.
    coordinator = entry.runtime_data
    if coordinator.reload_requested:
        return
    coordinator.reload_requested = True
    await hass.config_entries.async_reload(entry.entry_id)


async def async_unload_entry(hass: HomeAssistant, entry: OccupancyConfigEntry) -> bool:
    """Unload the home, saving its state first."""
    unloaded = await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    if unloaded:
        await entry.runtime_data.async_stop()
    return unloaded


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
