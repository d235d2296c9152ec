"""Clock jumps while a location is locked (trust round; coverage).

A clock set back moves the whole timeline back (engine ``timeline.py``): a timed
lock still ends its duration after it began, not hours later. (The jump is measured
from the last moment the engine was told: time that passed with no input before a
jump is counted again; only a monotonic clock could tell.) A clock set forward
past a lock's end is a late timer: the sensors it ignored count from its end.
"""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, set_state, setup_home, tick

ROOM = "binary_sensor.room_occupancy"
P = "binary_sensor.p"


async def _locked_home(hass: HomeAssistant) -> None:
    hass.states.async_set(P, "on")
    await setup_home(hass, home_entry(location("room", "Room", presence_sources=[P])))
    await hass.services.async_call(
        DOMAIN,
        "lock",
        {"entity_id": ROOM, "source_id": "party", "state": "occupied", "duration": 600},
        blocking=True,
    )
    await set_state(hass, P, "off")


def _locked_by(hass: HomeAssistant) -> list[str]:
    return list(hass.states.get(ROOM).attributes["locked_by"])


@pytest.mark.parametrize("back", [timedelta(hours=2), timedelta(days=400)])
async def test_a_clock_set_back_under_a_lock_stretches_it_not(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, back: timedelta
) -> None:
    await _locked_home(hass)
    await tick(hass, freezer, 100)
    # The engine never reads the clock: it measures a jump from the last moment
    # it was told (here the sensor's change just before it), then moves back.
    await set_state(hass, P, "on")
    freezer.move_to(dt_util.utcnow() - back)
    await set_state(hass, P, "off")
    await tick(hass, freezer, 499)
    assert _locked_by(hass) == ["party"]
    await tick(hass, freezer, 2)
    assert _locked_by(hass) == []
    await tick(hass, freezer, 121)
    assert hass.states.get(ROOM).state == "off"


async def test_a_clock_set_forward_past_a_lock_lets_the_room_go(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await _locked_home(hass)
    await tick(hass, freezer, 100)
    await tick(hass, freezer, 3 * 3600)
    assert _locked_by(hass) == []
    assert hass.states.get(ROOM).state == "off"
