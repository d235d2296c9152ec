"""The flows' paths the others leave out: each recovers, and what it keeps is right.

Quality scale "config-flow-test-coverage" asks for every line of the flows, the
options and subentry flows included, and for each error to be recoverable.
"""

from __future__ import annotations

from homeassistant import config_entries
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType

from custom_components.occupancy_manager.const import SUBENTRY_LOCATION
from custom_components.occupancy_manager.location_form import validate_location

from .common import home_entry, location, setup_home

SLEEP = "input_boolean.sleeping"
# What the form sends for a location with every section left as it is.
SECTIONS = {"timing": {}, "actions": {}, "wasp": {}}


async def test_a_parent_deleted_while_the_form_is_open_is_refused_then_fixed(
    hass: HomeAssistant,
) -> None:
    entry = await setup_home(
        hass, home_entry(location("floor", "Floor"), location("hall", "Hall"))
    )
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_LOCATION),
        context={"source": config_entries.SOURCE_USER},
    )
    # Deleted in another tab: the open form still offers it.
    hass.config_entries.async_remove_subentry(entry, "floor")
    await hass.async_block_till_done()
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {**SECTIONS, "name": "Kitchen", "parent": "floor"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"parent": "unknown_parent"}
    assert {sub.title for sub in entry.subentries.values()} == {"Hall"}
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {**SECTIONS, "name": "Kitchen", "parent": "hall"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    [kitchen] = [sub for sub in entry.subentries.values() if sub.title == "Kitchen"]
    assert kitchen.data["parent"] == "hall"


async def test_the_chosen_sleep_entity_stays_through_an_options_edit(
    hass: HomeAssistant,
) -> None:
    entry = await setup_home(hass, home_entry(options={"sleep_entity": SLEEP}))
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "durations"}
    )
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {"sleep_entity": SLEEP, "door_timeout": {"minutes": 3}},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options["sleep_entity"] == SLEEP
    assert entry.options["door_timeout"] == {"minutes": 3}


async def test_one_entity_in_two_kinds_is_refused_however_it_is_given(
    hass: HomeAssistant,
) -> None:
    entry = await setup_home(hass, home_entry())
    errors = validate_location(
        entry,
        None,
        {
            "name": "Den",
            "motion_sources": "binary_sensor.den",
            "presence_sources": ["binary_sensor.den"],
        },
    )
    assert errors == {"presence_sources": "entity_in_two_kinds"}
