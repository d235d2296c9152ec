"""The home's one timer is re-armed only when its deadline moves earlier (issue 14).

A later deadline is served by the timer already armed: it fires, finds nothing due
yet and arms itself for the later one. No deadline may be missed, none served late,
and nothing may run before its moment.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from custom_components.occupancy_manager.listeners import OneTimer

from .common import home_entry, location, set_state, setup_home, tick

MOTION = "binary_sensor.motion"
ROOM = "binary_sensor.room_occupancy"


async def test_the_timer_keeps_an_earlier_run_and_moves_to_an_earlier_deadline(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    runs: list[datetime] = []
    timer = OneTimer(hass, runs.append)
    start = dt_util.utcnow()
    timer.schedule(start + timedelta(seconds=10))
    timer.schedule(start + timedelta(seconds=20))  # later: the armed run stays
    timer.schedule(None)  # nothing due: the armed run stays (it finds nothing)
    assert timer.armed_for == start + timedelta(seconds=10)
    timer.schedule(start + timedelta(seconds=5))  # earlier: moved
    assert timer.armed_for == start + timedelta(seconds=5)

    await tick(hass, freezer, 5)
    assert runs == [start + timedelta(seconds=5)]  # once, not also at 10 s
    assert timer.armed_for is None
    await tick(hass, freezer, 20)
    assert runs == [start + timedelta(seconds=5)]

    timer.schedule(dt_util.utcnow() + timedelta(seconds=1))
    timer.cancel()
    assert timer.armed_for is None
    await tick(hass, freezer, 5)
    assert len(runs) == 1


async def test_a_motion_timeout_extended_ends_at_its_new_moment(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    hass.states.async_set(MOTION, "off")
    entry = await setup_home(
        hass,
        home_entry(
            location(
                "room",
                "Room",
                motion_sources=[MOTION],
                timing={"motion_timeout": {"seconds": 60}},
            )
        ),
    )
    coordinator = entry.runtime_data
    timer = coordinator._timer  # the one timer under test
    await set_state(hass, MOTION, "on")
    await set_state(hass, MOTION, "off")
    first = timer.armed_for
    assert first == coordinator.engine.next_deadline
    await tick(hass, freezer, 40)
    await set_state(hass, MOTION, "on")  # the contribution now ends 40 s later
    later = coordinator.engine.next_deadline
    assert later is not None
    assert first is not None
    assert later > first
    assert timer.armed_for == first  # not re-armed for a later deadline

    await tick(hass, freezer, 21)  # past the first deadline: nothing due yet
    assert hass.states.get(ROOM).state == "on"
    assert timer.armed_for == later  # the timer armed itself for the new one
    await tick(hass, freezer, 38)  # a second before the new deadline
    assert hass.states.get(ROOM).state == "on"
    await tick(hass, freezer, 1)
    assert hass.states.get(ROOM).state == "off"
