"""Time across restarts (audit 2): timed locks, clock jumps, a late timer.

Coverage, not a fix: a timed lock restored after the clock went forward past its
end, back two hours, or not at all ends no later than its duration from its start,
and the room then follows its sensors (unlock re-sync, tests/ha/test_audit_locks.py).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, setup_home, tick

OCC = "binary_sensor.room_occupancy"
P = "binary_sensor.p"


def _attrs(hass: HomeAssistant) -> dict[str, Any]:
    state = hass.states.get(OCC)
    assert state is not None
    return {"state": state.state, **state.attributes}


async def _home(hass: HomeAssistant) -> MockConfigEntry:
    hass.states.async_set(P, "on")
    return await setup_home(
        hass, home_entry(location("room", "Room", presence_sources=[P]))
    )


async def _lock(hass: HomeAssistant, seconds: float, state: str = "vacant") -> None:
    await hass.services.async_call(
        DOMAIN,
        "lock",
        {"entity_id": OCC, "source_id": "party", "state": state, "duration": seconds},
        blocking=True,
    )
    await hass.async_block_till_done()


async def _restart(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    down: float,
) -> None:
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    freezer.tick(timedelta(seconds=down))
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


@pytest.mark.parametrize("down", [3600.0, -7200.0, 30.0])
async def test_a_timed_lock_ends_on_time_across_a_restart(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, down: float
) -> None:
    entry = await _home(hass)
    assert _attrs(hass)["state"] == "on"
    await _lock(hass, 600)
    assert _attrs(hass)["state"] == "off"
    assert _attrs(hass)["locked_by"] == ["party"]
    await _restart(hass, entry, freezer, down)
    # However the clock moved, the lock never outlasts its 600 s from its start.
    await tick(hass, freezer, max(0.0, 601 - max(down, 0.0)))
    attrs = _attrs(hass)
    assert attrs["locked_by"] == []
    # No room stuck: it follows its presence sensor again.
    assert attrs["state"] == "on"
    hass.states.async_set(P, "off")
    await hass.async_block_till_done()
    await tick(hass, freezer, 3 * 3600)
    assert _attrs(hass)["state"] == "off"


async def test_a_lock_whose_timer_fires_an_hour_late_ends(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await _home(hass)
    await _lock(hass, 60, state="occupied")
    hass.states.async_set(P, "off")
    await hass.async_block_till_done()
    assert _attrs(hass)["state"] == "on"
    freezer.tick(timedelta(hours=1))  # the loop was blocked: one late run
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    attrs = _attrs(hass)
    assert attrs["locked_by"] == []
    # The presence that went off under the lock lets go (its trailing time counts
    # from when the lock was due: tests/ha/test_trust_late_unlock.py): the room is
    # not held for good.
    await tick(hass, freezer, 121)
    assert _attrs(hass)["state"] == "off"
