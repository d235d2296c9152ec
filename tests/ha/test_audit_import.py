"""The import of areas never files the home's own entities as sources.

Found by the audit of round 9 (our own entities bound as sources): the import takes
every binary sensor of an area with an occupancy device class as a presence
source, and a location's own occupancy sensor is one. A user who puts a location's
device in an area by hand (the location itself linked to none), then imports the
areas added since, got a location for that area fed by the other location's
occupancy: the feedback the entity pickers refuse (contract, revision 2).
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import area_registry as ar, device_registry as dr

from .common import home_entry, location, location_device_id, setup_home


async def test_an_area_holding_a_location_device_imports_without_its_sensor(
    hass: HomeAssistant, area_registry: ar.AreaRegistry
) -> None:
    entry = await setup_home(hass, home_entry(location("bed", "Bed")))
    bedroom = area_registry.async_create("Bedroom")
    dr.async_get(hass).async_update_device(
        location_device_id(hass, "bed"), area_id=bedroom.id
    )

    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "import_areas"}
    )
    result = await hass.config_entries.options.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "imported"
    await hass.async_block_till_done()

    imported = next(s for s in entry.subentries.values() if s.title == "Bedroom")
    assert imported.data.get("presence_sources", []) == []
    await hass.services.async_call(
        "occupancy_manager",
        "trigger",
        {"entity_id": "binary_sensor.bed_occupancy", "indefinite": True},
        blocking=True,
    )
    assert hass.states.get("binary_sensor.bedroom_occupancy").state == "off"
