"""A home removed, or edited hundreds of times in one turn, while its timers run.

Coverage of the trust round's angles: the config entry removed while a timed lock,
a trailing time and a delayed save are armed leaves nothing running (no error, no
state written, no event) and no file behind; hundreds of edits made in one loop
turn end in the last configuration, with the room following its sensors.
One defect: a removed home's saved state stayed in .storage for good.
"""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Event, HomeAssistant
import pytest

from custom_components.occupancy_manager.const import (
    DOMAIN,
    EVENT_OCCUPANCY_CHANGED,
    EVENT_OCCUPANT,
)

from .common import home_entry, location, record_into, set_state, setup_home, tick

P = "binary_sensor.p"
M = "binary_sensor.m"
ROOM = "binary_sensor.room_occupancy"
DEN = "binary_sensor.den_occupancy"


async def test_removing_a_home_with_timers_armed_leaves_nothing_running(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    hass.states.async_set(P, "on")
    hass.states.async_set(M, "off")
    entry = await setup_home(
        hass,
        home_entry(
            location("room", "Room", presence_sources=[P]),
            location("den", "Den", motion_sources=[M]),
        ),
    )
    await hass.services.async_call(
        DOMAIN,
        "lock",
        {"entity_id": DEN, "source_id": "party", "state": "occupied", "duration": 60},
        blocking=True,
    )
    await set_state(hass, P, "off")  # the room's trailing time runs
    await tick(hass, freezer, 1)
    events: list[Event] = []
    for event_type in (EVENT_OCCUPANCY_CHANGED, EVENT_OCCUPANT, EVENT_STATE_CHANGED):
        hass.bus.async_listen(event_type, record_into(events))
    assert await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    events.clear()
    caplog.clear()
    await tick(hass, freezer, 3600)
    await set_state(hass, P, "on")
    await set_state(hass, M, "on")
    await tick(hass, freezer, 3600)
    ours = [
        event
        for event in events
        if event.event_type != EVENT_STATE_CHANGED
        or event.data["entity_id"] not in (P, M)
    ]
    assert ours == []
    assert "Traceback" not in caplog.text
    assert [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")] == []
    # Its saved state goes with it (it was left in .storage for good).
    assert f"{DOMAIN}.{entry.entry_id}" not in hass_storage


async def test_hundreds_of_edits_in_one_turn_end_in_the_last(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    hass.states.async_set(P, "on")
    hass.states.async_set(M, "off")
    entry = await setup_home(
        hass, home_entry(location("room", "Room", presence_sources=[P]))
    )
    subentry = entry.subentries["room"]
    for turn in range(300):
        # Swap the room's sensor back and forth, in one loop turn.
        kind = "motion_sources" if turn % 2 else "presence_sources"
        hass.config_entries.async_update_subentry(
            entry,
            subentry,
            data={
                **subentry.data,
                "presence_sources": [],
                "motion_sources": [],
                kind: [P, M] if turn % 3 else [M],
            },
        )
    await hass.async_block_till_done()
    # The last edit (299): motion sources [P, M]. P is on, but motion that is merely
    # "on" is no fresh motion: nothing holds the room for good.
    assert entry.subentries["room"].data["motion_sources"] == [P, M]
    await tick(hass, freezer, 3600)
    assert hass.states.get(ROOM).state == "off"
    await set_state(hass, P, "off")
    await set_state(hass, M, "on")
    assert hass.states.get(ROOM).state == "on"
    await set_state(hass, M, "off")
    await tick(hass, freezer, 3600)
    assert hass.states.get(ROOM).state == "off"
