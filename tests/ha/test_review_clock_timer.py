"""Review: the one timer, armed before the wall clock went back, runs on the loop's clock.

Armed for a deadline the jump does not move (a source's grace), it runs when the loop's
clock reaches it, while the wall clock shows the jump less. Told the deadline's moment,
the engine (and sensing, tuning) would be two hours ahead of the wall clock: a wasp
verify sent then moves the engine there, and the next input reads as the clock set
back again, ending every running timer and lock two hours early.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest

from custom_components.occupancy_manager.const import DOMAIN
from custom_components.occupancy_manager.engine import OccupancyEngine

from .common import home_entry, location, set_state, setup_home, tick

ROOM = "binary_sensor.room_occupancy"
M = "binary_sensor.m"
OTHER = "binary_sensor.other"
BACK = timedelta(hours=2)


async def test_a_timer_armed_before_a_jump_back_tells_the_wall_clock(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    set_back,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await set_state(hass, M, "off")
    await set_state(hass, OTHER, "off")
    await setup_home(
        hass, home_entry(location("room", "Room", motion_sources=[M, OTHER]))
    )
    await tick(hass, freezer, 3700)  # the room's extended vacancy is behind
    await hass.services.async_call(
        DOMAIN,
        "lock",
        {
            "entity_id": ROOM,
            "source_id": "party",
            "state": "occupied",
            "duration": 10800,
        },
        blocking=True,
    )
    await set_state(hass, M, "on")
    await set_state(hass, M, "unavailable")  # its grace: the timer's next deadline
    await tick(hass, freezer, 60)
    ahead: list[timedelta] = []
    advance = OccupancyEngine.advance

    def _advance(engine: OccupancyEngine, now: datetime) -> object:
        ahead.append(now - dt_util.utcnow())
        return advance(engine, now)

    monkeypatch.setattr(OccupancyEngine, "advance", _advance)
    set_back(BACK)
    await set_state(hass, OTHER, "on")  # the jump is told; the timer stays armed
    await tick(hass, freezer, 30 * 60)  # the timer ran, by the loop's clock
    # Told of the jump, the engine is never told a moment the wall clock is not at.
    assert ahead
    assert max(ahead[1:]) == timedelta(0)
    # Nothing is lost: the timer is armed again for the grace.
    home = hass.config_entries.async_entries(DOMAIN)[0].runtime_data
    assert home._timer.armed_for is not None
