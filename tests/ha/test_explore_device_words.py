"""A location's device says nothing in English that a translation cannot reach.

Home Assistant shows a device's model beside its name (the device page; on 2026.x every
location's row of the integration page: "Location • Kitchen"), and no translation
reaches a model: it read "Location" to every user, whatever their language.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, setup_home


async def test_a_location_device_has_no_english_model(hass: HomeAssistant) -> None:
    entry = home_entry(location("kitchen", "Kitchen"))
    entry.add_to_hass(hass)
    # A device registered by an earlier version, with its model.
    devices = dr.async_get(hass)
    devices.async_get_or_create(
        config_entry_id=entry.entry_id,
        config_subentry_id="kitchen",
        identifiers={(DOMAIN, "kitchen")},
        name="Kitchen",
        manufacturer="Occupancy Manager",
        model="Location",
    )
    await setup_home(hass, entry)
    [device] = dr.async_entries_for_config_entry(devices, entry.entry_id)
    assert device.name == "Kitchen"
    assert device.model is None
