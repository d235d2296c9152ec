"""A location whose parent is gone becomes top-level; the notice lasts while it is news."""

from __future__ import annotations

from homeassistant import config_entries
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.occupancy_manager.const import (
    CONF_PARENT,
    CONF_STRATEGY,
    DOMAIN,
    SUBENTRY_LOCATION,
)

from .common import home_entry, location, setup_home


async def _orphaned_home(hass: HomeAssistant) -> MockConfigEntry:
    # Stored data whose parent was deleted while the home was not loaded.
    return await setup_home(
        hass,
        home_entry(
            location("floor", "Floor"),
            location("kitchen", "Kitchen", parent="gone"),
        ),
    )


def _notice(hass: HomeAssistant, entry: MockConfigEntry) -> ir.IssueEntry | None:
    return ir.async_get(hass).async_get_issue(
        DOMAIN, f"orphaned_{entry.entry_id}_kitchen"
    )


async def test_an_orphan_becomes_top_level_and_the_user_is_told(
    hass: HomeAssistant,
) -> None:
    entry = await _orphaned_home(hass)
    assert CONF_PARENT not in entry.subentries["kitchen"].data
    assert entry.runtime_data.specs["kitchen"].parent_id is None
    notice = _notice(hass, entry)
    assert notice is not None
    assert notice.translation_placeholders == {"location": "Kitchen"}


async def test_the_notice_stays_through_an_edit_of_another_location(
    hass: HomeAssistant,
) -> None:
    entry = await _orphaned_home(hass)
    floor = entry.subentries["floor"]
    hass.config_entries.async_update_subentry(entry, floor, title="Ground floor")
    await hass.async_block_till_done()
    assert _notice(hass, entry) is not None


async def test_the_notice_goes_once_the_location_has_a_parent_again(
    hass: HomeAssistant,
) -> None:
    entry = await _orphaned_home(hass)
    kitchen = entry.subentries["kitchen"]
    hass.config_entries.async_update_subentry(
        entry, kitchen, data={**kitchen.data, CONF_PARENT: "floor"}
    )
    await hass.async_block_till_done()
    assert entry.runtime_data.specs["kitchen"].parent_id == "floor"
    assert _notice(hass, entry) is None


async def test_the_notice_goes_with_the_location(hass: HomeAssistant) -> None:
    entry = await _orphaned_home(hass)
    hass.config_entries.async_remove_subentry(entry, "kitchen")
    await hass.async_block_till_done()
    assert _notice(hass, entry) is None


async def test_the_notice_goes_with_the_home(hass: HomeAssistant) -> None:
    entry = await _orphaned_home(hass)
    assert await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert _notice(hass, entry) is None


async def test_an_orphan_that_followed_its_parent_can_be_saved_as_shown(
    hass: HomeAssistant,
) -> None:
    """Its parent deleted in the UI: the repair makes it independent, as it runs.

    Left at *Follow parent* (which means nothing without a parent), its form,
    submitted as shown, was refused with ``follow_parent_needs_parent``.
    """
    entry = await setup_home(
        hass,
        home_entry(
            location("floor", "Floor"),
            location("kitchen", "Kitchen", parent="floor", strategy="follow_parent"),
        ),
    )
    hass.config_entries.async_remove_subentry(entry, "floor")
    await hass.async_block_till_done()
    assert entry.subentries["kitchen"].data[CONF_STRATEGY] == "independent"
    assert _notice(hass, entry) is not None
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_LOCATION),
        context={
            "source": config_entries.SOURCE_RECONFIGURE,
            "subentry_id": "kitchen",
        },
    )
    shown = {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description and "suggested_value" in key.description
    }
    assert shown[CONF_STRATEGY] == "independent"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"actions": {}, "wasp": {}, "timing": {}, **shown}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "location_updated"
