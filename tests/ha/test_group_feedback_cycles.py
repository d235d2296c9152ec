"""Groups of each other's occupancy sensors: a loop through other locations.

Room's presence source a group holding Other's occupancy sensor, and Other's a group
holding Room's: once either is occupied, each holds the other for good. The form
refused only a source that loops back through the location's own ancestors
(``test_group_feedback.py``); a cycle through the whole source graph is refused at
the field that closes it, and a stored one is left out at load. A hallway following
the bedrooms (no cycle) stays allowed.
"""

from __future__ import annotations

import logging
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest

from .common import home_entry, location, set_state, setup_home, tick
from .test_group_feedback import HOUSE, OTHER, ROOM, _group, _reloaded, _submit

THIRD = "binary_sensor.third_occupancy"
MOTION = "binary_sensor.room_motion"
ROOM_FORM: dict[str, Any] = {
    "name": "Room",
    "parent": "house",
    "motion_sources": [MOTION],
}


async def _home(
    hass: HomeAssistant, *more: ConfigSubentryData, **other: list[str]
) -> Any:
    """House with Room, Other (its sources ``other``), Third and ``more``."""
    hass.states.async_set(MOTION, "off")
    entry = await setup_home(
        hass,
        home_entry(
            location("house", "House"),
            location("room", "Room", parent="house", motion_sources=[MOTION]),
            location("other", "Other", parent="house", **other),
            location("third", "Third", parent="house"),
            *more,
        ),
    )
    assert hass.states.get(ROOM) and hass.states.get(OTHER) and hass.states.get(THIRD)
    return entry


async def _other_follows_room(
    hass: HomeAssistant, kind: str = "presence_sources"
) -> Any:
    """Other's source (of ``kind``) a group of Room's occupancy sensor."""
    _group(hass, "binary_sensor.room_group", ROOM)
    return await _home(hass, **{kind: ["binary_sensor.room_group"]})


async def _refused(
    hass: HomeAssistant, entry: Any, field: str, error: str, **data: Any
) -> None:
    """Room's form, with ``data``, is refused at ``field``; nothing is stored."""
    before = dict(entry.subentries["room"].data)
    result = await _submit(hass, entry, "room", **{**ROOM_FORM, **data})
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {field: error}
    assert dict(entry.subentries["room"].data) == before


async def _third_accepts(hass: HomeAssistant, entry: Any, source: str) -> None:
    result = await _submit(
        hass, entry, "third", name="Third", parent="house", presence_sources=[source]
    )
    assert result["type"] is FlowResultType.ABORT  # reconfigured
    assert entry.subentries["third"].data["presence_sources"] == [source]


async def test_a_group_of_a_sibling_that_follows_this_location_is_refused(
    hass: HomeAssistant,
) -> None:
    entry = await _other_follows_room(hass)
    _group(hass, "binary_sensor.other_group", OTHER)
    await _refused(
        hass,
        entry,
        "presence_sources",
        "source_loops_through_location",
        presence_sources=["binary_sensor.other_group"],
    )


async def test_a_cycle_through_three_locations_is_refused(
    hass: HomeAssistant,
) -> None:
    """Other follows Room, Third follows Other: Room may not follow Third."""
    entry = await _other_follows_room(hass, "keep_sources")
    _group(hass, "binary_sensor.other_group", OTHER)
    await _third_accepts(hass, entry, "binary_sensor.other_group")  # no loop yet
    _group(hass, "binary_sensor.third_group", THIRD)
    await _refused(
        hass,
        entry,
        "keep_sources",
        "source_loops_through_location",
        keep_sources=["binary_sensor.third_group"],
    )


async def test_following_siblings_one_way_is_accepted(
    hass: HomeAssistant,
) -> None:
    """The hallway follows the bedrooms, the bedrooms follow nothing of it."""
    entry = await _other_follows_room(hass)
    _group(hass, "binary_sensor.both", ROOM, OTHER)
    await _third_accepts(hass, entry, "binary_sensor.both")


@pytest.mark.parametrize("order", ["room first", "other first"])
async def test_a_stored_cycle_is_left_out_at_load(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    order: str,
) -> None:
    """Stored before the form refused it: the source that closes it is left out."""
    _group(hass, "binary_sensor.room_group", ROOM)
    _group(hass, "binary_sensor.other_group", OTHER)
    hass.states.async_set(MOTION, "off")
    room = location(
        "room",
        "Room",
        parent="house",
        motion_sources=[MOTION],
        presence_sources=["binary_sensor.other_group"],
    )
    other = location(
        "other", "Other", parent="house", presence_sources=["binary_sensor.room_group"]
    )
    rooms = (room, other) if order == "room first" else (other, room)
    entry = await setup_home(hass, home_entry(location("house", "House"), *rooms))
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        await _reloaded(hass, entry)
    # The later location's: its source closes the loop the earlier one's opened.
    left_out = "room_group" if order == "room first" else "other_group"
    warnings = [r.getMessage() for r in caplog.records if "ignores" in r.getMessage()]
    assert warnings
    assert all(f"ignores binary_sensor.{left_out}:" in w for w in warnings)
    # The groups follow their members, as Home Assistant's group helper would.
    await set_state(hass, MOTION, "on")
    assert hass.states.get(ROOM).state == "on"
    for group, member in (("room_group", ROOM), ("other_group", OTHER)):
        state = hass.states.get(member).state
        hass.states.async_set(
            f"binary_sensor.{group}",
            state,
            {"entity_id": [member], "device_class": "occupancy"},
        )
    await hass.async_block_till_done()
    await set_state(hass, MOTION, "off")
    for _ in range(3):
        await tick(hass, freezer, 1200)
        for group, member in (("room_group", ROOM), ("other_group", OTHER)):
            hass.states.async_set(
                f"binary_sensor.{group}",
                hass.states.get(member).state,
                {"entity_id": [member], "device_class": "occupancy"},
            )
        await hass.async_block_till_done()
    assert hass.states.get(ROOM).state == "off"
    assert hass.states.get(OTHER).state == "off"
    assert hass.states.get(HOUSE).state == "off"


async def test_a_parent_that_closes_a_loop_through_a_childs_source_is_refused(
    hass: HomeAssistant,
) -> None:
    """Room's child Closet follows Other (a group of Other's sensor): Room may not
    move under Other, whose occupancy would then flow through Closet into Room and
    up into Other again. Room's own sources are not part of it: the parent field is.
    """
    _group(hass, "binary_sensor.other_group", OTHER)
    closet = location(
        "closet",
        "Closet",
        parent="room",
        presence_sources=["binary_sensor.other_group"],
    )
    entry = await _home(hass, closet)
    await _refused(hass, entry, "parent", "tree_loops_occupancy", parent="other")


async def test_following_a_parent_that_closes_a_loop_is_refused(
    hass: HomeAssistant,
) -> None:
    """Other follows Room (a group of Room's sensor); Room may not mirror House,
    which Other's occupancy feeds."""
    entry = await _other_follows_room(hass)
    await _refused(
        hass, entry, "strategy", "tree_loops_occupancy", strategy="follow_parent"
    )
