"""Forms left open while another tab changes the home answer in words.

Found by the audit of round 9: a location's edit form stays open in one browser
tab while the location is deleted in another; submitting it raised Home
Assistant's UnknownSubEntry, which the frontend can only show as "Unknown error".
"""

from __future__ import annotations

from homeassistant import config_entries
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType

from custom_components.occupancy_manager.const import SUBENTRY_LOCATION

from .common import home_entry, location, setup_home


async def test_editing_a_location_deleted_meanwhile_aborts_in_words(
    hass: HomeAssistant,
) -> None:
    entry = await setup_home(
        hass, home_entry(location("room", "Room"), location("den", "Den"))
    )
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_LOCATION),
        context={"source": config_entries.SOURCE_RECONFIGURE, "subentry_id": "den"},
    )
    assert result["type"] is FlowResultType.FORM
    hass.config_entries.async_remove_subentry(entry, "den")
    await hass.async_block_till_done()

    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            "name": "Study",
            "strategy": "independent",
            "contributes_to_parent": True,
            "timing": {},
            "actions": {},
            "wasp": {},
        },
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "location_removed"
    assert list(entry.subentries) == ["room"]
    assert hass.states.get("binary_sensor.room_occupancy").state == "off"
