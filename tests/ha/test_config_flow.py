"""The home's config flow, its options and the location subentry flow."""

from __future__ import annotations

from homeassistant import config_entries
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.occupancy_manager.const import DOMAIN, SUBENTRY_LOCATION

from .common import home_entry, location, setup_home


async def test_user_step_creates_the_home(hass: HomeAssistant) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"name": "Cottage", "import_areas": False}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Cottage"
    assert result["data"] == {}
    assert result["options"]["default_timeout"] == {
        "hours": 0,
        "minutes": 5,
        "seconds": 0,
    }
    assert result["options"]["unavailable_grace"] == {
        "hours": 0,
        "minutes": 30,
        "seconds": 0,
    }
    assert result["options"]["import_areas"] is False


async def test_single_instance(hass: HomeAssistant) -> None:
    MockConfigEntry(domain=DOMAIN, title="Home").add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "single_instance_allowed"


async def test_options_flow_changes_durations(hass: HomeAssistant) -> None:
    entry = await setup_home(hass, home_entry())
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.MENU
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "durations"}
    )
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            "default_timeout": {"hours": 0, "minutes": 10, "seconds": 0},
            "default_trailing_timeout": {"hours": 0, "minutes": 1, "seconds": 0},
            "door_timeout": {"hours": 0, "minutes": 2, "seconds": 0},
            "recently_occupied_after": {"hours": 0, "minutes": 5, "seconds": 0},
            "extended_vacancy_after": {"hours": 2, "minutes": 0, "seconds": 0},
            "unavailable_grace": {"hours": 0, "minutes": 15, "seconds": 0},
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert entry.options["default_timeout"] == {"hours": 0, "minutes": 10, "seconds": 0}
    assert entry.options["extended_vacancy_after"]["hours"] == 2
    # Options the form does not show are kept.
    assert entry.options["import_areas"] is False


async def _start_location_flow(hass: HomeAssistant, entry: MockConfigEntry) -> dict:
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_LOCATION),
        context={"source": config_entries.SOURCE_USER},
    )
    assert result["type"] is FlowResultType.FORM
    return result


async def test_add_location_with_every_field(hass: HomeAssistant) -> None:
    entry = await setup_home(hass, home_entry(location("house", "House")))
    result = await _start_location_flow(hass, entry)
    user_input = {
        "name": " Kitchen ",
        "parent": "house",
        "strategy": "independent",
        "contributes_to_parent": True,
        "motion_sources": ["binary_sensor.kitchen_motion"],
        "presence_sources": ["binary_sensor.kitchen_presence"],
        "keep_sources": ["binary_sensor.kitchen_mmwave"],
        "door_sources": ["binary_sensor.kitchen_door"],
        "state_door_sources": ["cover.pantry"],
        "media_sources": ["media_player.kitchen"],
        "vacate_sources": ["light.kitchen"],
        "occupant_sources": ["sensor.mike_room"],
        "timing": {"motion_timeout": {"hours": 0, "minutes": 7, "seconds": 0}},
        "actions": {"vacant": ["scene.kitchen_off"], "restore_previous": True},
        "wasp": {"enabled": True, "verify": {"hours": 0, "minutes": 0, "seconds": 20}},
    }
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], user_input
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Kitchen"
    await hass.async_block_till_done()
    kitchen = next(s for s in entry.subentries.values() if s.title == "Kitchen")
    assert kitchen.data["parent"] == "house"
    assert kitchen.data["motion_sources"] == ["binary_sensor.kitchen_motion"]
    assert kitchen.data["timing"]["motion_timeout"]["minutes"] == 7
    # The reload after the change built the new location's entities.
    assert hass.states.get("binary_sensor.kitchen_occupancy") is not None
    assert kitchen.data["actions"]["vacant"] == ["scene.kitchen_off"]
    assert hass.states.get("switch.kitchen_occupancy_automation").state == "on"


async def test_location_form_errors_and_recovery(hass: HomeAssistant) -> None:
    entry = await setup_home(hass, home_entry())
    result = await _start_location_flow(hass, entry)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            "name": "   ",
            "strategy": "follow_parent",
            "contributes_to_parent": True,
            "timing": {},
            "actions": {},
            "wasp": {"enabled": True},
        },
    )
    assert result["type"] is FlowResultType.FORM
    # Errors about several fields show at the top, where the user looks.
    assert result["errors"] == {
        "name": "name_required",
        "base": "follow_parent_needs_parent",
    }
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            "name": "Hall",
            "strategy": "independent",
            "contributes_to_parent": True,
            "timing": {},
            "actions": {},
            "wasp": {},
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_reconfigure_never_offers_a_parent_cycle(hass: HomeAssistant) -> None:
    entry = await setup_home(
        hass,
        home_entry(
            location("house", "House"),
            location("floor", "Floor", parent="house"),
            location("room", "Room", parent="floor"),
            location("garden", "Garden"),
        ),
    )
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_LOCATION),
        context={"source": config_entries.SOURCE_RECONFIGURE, "subentry_id": "house"},
    )
    assert result["type"] is FlowResultType.FORM
    # Neither the location itself nor its descendants are offered as its parent.
    parent = next(k for k in result["data_schema"].schema if k == "parent")
    options = result["data_schema"].schema[parent].config["options"]
    assert [option["value"] for option in options] == ["garden"]
    base = {
        "name": "House",
        "strategy": "independent",
        "contributes_to_parent": True,
        "timing": {},
        "actions": {},
        "wasp": {},
    }
    with pytest.raises(InvalidData):
        await hass.config_entries.subentries.async_configure(
            result["flow_id"], {**base, "parent": "room"}
        )
    assert "parent" not in entry.subentries["house"].data

    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {**base, "name": "Our house"}
    )
    assert result["type"] is FlowResultType.ABORT
    # Our own text, not Home Assistant's "Reconfiguration was successful", which the
    # newest frontend shows for the default reason whatever the integration says.
    assert result["reason"] == "location_updated"
    assert result.get("translation_domain") is None
    assert entry.subentries["house"].title == "Our house"


async def test_a_cycle_from_a_stale_form_is_refused(hass: HomeAssistant) -> None:
    """The tree can change between showing the form and submitting it."""
    entry = await setup_home(
        hass,
        home_entry(location("house", "House"), location("room", "Room")),
    )
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_LOCATION),
        context={"source": config_entries.SOURCE_RECONFIGURE, "subentry_id": "house"},
    )
    hass.config_entries.async_update_subentry(
        entry, entry.subentries["room"], data={"name": "Room", "parent": "house"}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            "name": "House",
            "parent": "room",
            "strategy": "independent",
            "contributes_to_parent": True,
            "timing": {},
            "actions": {},
            "wasp": {},
        },
    )
    assert result["errors"] == {"parent": "parent_cycle"}


async def test_deleting_a_parent_makes_children_roots(hass: HomeAssistant) -> None:
    entry = await setup_home(
        hass,
        home_entry(
            location("house", "House"), location("room", "Room", parent="house")
        ),
    )
    assert hass.states.get("binary_sensor.house_occupancy") is not None
    assert hass.config_entries.async_remove_subentry(entry, "house")
    await hass.async_block_till_done()

    assert hass.states.get("binary_sensor.house_occupancy") is None
    assert "parent" not in entry.subentries["room"].data
    assert hass.states.get("binary_sensor.room_occupancy") is not None


async def test_reconfigure_renames_the_home_live(hass: HomeAssistant) -> None:
    """Quality scale "reconfiguration-flow": the config flow's setting, the home's
    name, can be changed afterwards; its locations and state stay as they are."""
    await hass.async_block_till_done()
    entry = await setup_home(hass, home_entry(location("room", "Room")))
    running = entry.runtime_data
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={
            "source": config_entries.SOURCE_RECONFIGURE,
            "entry_id": entry.entry_id,
        },
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    shown = {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description
    }
    assert shown == {"name": entry.title}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"name": "   "}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"name": "name_required"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"name": " Our flat "}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "home_updated"
    assert result.get("translation_domain") is None
    await hass.async_block_till_done()
    assert entry.title == "Our flat"
    assert entry.runtime_data is running  # no reload
    assert list(entry.subentries) == ["room"]
    assert hass.states.get("binary_sensor.room_occupancy").state == "off"
