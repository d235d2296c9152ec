"""Forms left open while the home is deleted (another tab): answered in words.

Home Assistant aborts neither the options flow nor a subentry flow when their entry
is removed; submitting one raised ``UnknownEntry``, which the frontend can only show
as "Unknown error".
"""

from __future__ import annotations

from typing import Any

from homeassistant import config_entries
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.occupancy_manager.const import DOMAIN, SUBENTRY_LOCATION

from .common import home_entry, location, setup_home

LOCATION = {
    "name": "Study",
    "strategy": "independent",
    "contributes_to_parent": True,
    "timing": {},
    "actions": {},
    "wasp": {},
}


@pytest.mark.parametrize("step", ["durations", "import_areas"])
async def test_the_options_of_a_deleted_home_abort_in_words(
    hass: HomeAssistant, step: str
) -> None:
    entry = await setup_home(hass, home_entry(location("room", "Room")))
    hass.config_entries.async_update_entry(
        entry, options={**entry.options, "import_areas": True}
    )
    result = await hass.config_entries.options.async_init(entry.entry_id)
    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": step}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "home_removed"


@pytest.mark.parametrize(
    "context",
    [
        {"source": config_entries.SOURCE_USER},
        {"source": config_entries.SOURCE_RECONFIGURE, "subentry_id": "room"},
    ],
)
async def test_a_location_form_of_a_deleted_home_aborts_in_words(
    hass: HomeAssistant, context: dict[str, Any]
) -> None:
    entry = await setup_home(hass, home_entry(location("room", "Room")))
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_LOCATION), context=context
    )
    assert result["type"] is FlowResultType.FORM
    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], LOCATION
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "home_removed"
    assert hass.config_entries.async_entries("occupancy_manager") == []


@pytest.mark.parametrize("subentry_id", [None, "room"])
async def test_a_location_form_open_while_the_home_durations_change_keeps_following(
    hass: HomeAssistant, subentry_id: str | None
) -> None:
    """The form shows the home's durations; another tab changes them before submit.

    What the form showed and the user left alone is no override: stored as one, the
    location would silently stop following its home.
    """
    entry = await setup_home(hass, home_entry(location("room", "Room")))
    context: dict[str, Any] = {"source": config_entries.SOURCE_USER}
    if subentry_id:
        context = {
            "source": config_entries.SOURCE_RECONFIGURE,
            "subentry_id": subentry_id,
        }
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_LOCATION), context=context
    )
    timing_section = next(
        value for key, value in result["data_schema"].schema.items() if key == "timing"
    )
    shown = {
        str(key): key.description["suggested_value"]
        for key in timing_section.schema.schema
    }
    hass.config_entries.async_update_entry(
        entry,
        options={
            **entry.options,
            "default_timeout": {"hours": 0, "minutes": 9, "seconds": 0},
            "extended_vacancy_after": {"hours": 2, "minutes": 0, "seconds": 0},
        },
    )
    await hass.async_block_till_done()
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {**LOCATION, "name": "Room", "timing": shown}
    )
    assert result["type"] in (FlowResultType.CREATE_ENTRY, FlowResultType.ABORT)
    await hass.async_block_till_done()
    stored = [
        sub.data
        for sub in entry.subentries.values()
        if subentry_id is None or sub.subentry_id == subentry_id
    ][-1]
    assert stored["timing"] == {}


async def test_a_repair_removes_only_the_sources_its_confirmation_named(
    hass: HomeAssistant, hass_client: ClientSessionGenerator
) -> None:
    """The confirmation names the missing sources; another goes missing before the
    user confirms (deleted in another tab): that one was never shown, so it stays
    (its own issue names it)."""
    hass.states.async_set("binary_sensor.here", "off")
    entry = await setup_home(
        hass,
        home_entry(
            location(
                "room",
                "Room",
                motion_sources=["binary_sensor.here", "binary_sensor.gone"],
            )
        ),
    )
    assert await async_setup_component(hass, "repairs", {})
    client = await hass_client()
    resp = await client.post(
        "/api/repairs/issues/fix",
        json={"handler": DOMAIN, "issue_id": f"missing_sources_{entry.entry_id}_room"},
    )
    flow = await resp.json()
    assert flow["description_placeholders"]["entities"] == "binary_sensor.gone"
    hass.states.async_remove("binary_sensor.here")
    await hass.async_block_till_done()
    resp = await client.post(f"/api/repairs/issues/fix/{flow['flow_id']}", json={})
    assert (await resp.json())["type"] == "create_entry"
    await hass.async_block_till_done()
    assert entry.subentries["room"].data["motion_sources"] == ["binary_sensor.here"]
