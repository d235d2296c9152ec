"""A timed lock that ends late counts the trailing time from when it was due.

Left by the audits of round 9: when the loop is blocked and a timed lock's timer
runs late, the unlock re-reads the sensors (``unlocking.py``), and a presence sensor
that went off during the lock started its trailing time at the late run, holding
the room up to a trailing time longer than its sensors say. The same holds for a
lock that ended while Home Assistant was down: a restart reads it as ended when due.
"""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, set_state, setup_home, tick

ROOM = "binary_sensor.room_occupancy"
P = "binary_sensor.p"
TRAILING = 120  # the presence sensor's default trailing time, in seconds


async def _home(hass: HomeAssistant) -> MockConfigEntry:
    hass.states.async_set(P, "on")
    return await setup_home(
        hass, home_entry(location("room", "Room", presence_sources=[P]))
    )


async def _party(hass: HomeAssistant, seconds: float) -> None:
    await hass.services.async_call(
        DOMAIN,
        "lock",
        {
            "entity_id": ROOM,
            "source_id": "party",
            "state": "occupied",
            "duration": seconds,
        },
        blocking=True,
    )
    await hass.async_block_till_done()


async def _restart(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    down: timedelta,
) -> None:
    """Stop the home, let ``down`` pass, start it again."""
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    freezer.tick(down)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


def _expiry(hass: HomeAssistant) -> list[str | None]:
    state = hass.states.get(ROOM)
    assert state is not None
    return [c["expires_at"] for c in state.attributes["contributions"]]


async def test_a_late_lock_timer_counts_the_trailing_time_from_when_it_was_due(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await _home(hass)
    await _party(hass, 60)
    await set_state(hass, P, "off")
    due = dt_util.utcnow() + timedelta(seconds=60)
    # The loop was blocked: the timer runs 90 s after the lock was due.
    freezer.tick(timedelta(seconds=150))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    state = hass.states.get(ROOM)
    assert state.attributes["locked_by"] == []
    # The presence sensor let go at the lock's end: its trailing time ends 120 s
    # after that, not 120 s after the late run.
    assert _expiry(hass) == [(due + timedelta(seconds=TRAILING)).isoformat()]
    await tick(hass, freezer, TRAILING - 90 + 1)
    assert hass.states.get(ROOM).state == "off"


async def test_a_lock_timer_later_than_the_trailing_time_empties_the_room_at_once(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await _home(hass)
    await _party(hass, 60)
    await set_state(hass, P, "off")
    freezer.tick(timedelta(hours=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    state = hass.states.get(ROOM)
    assert state.attributes["locked_by"] == []
    assert state.state == "off"


async def test_a_lock_timer_on_time_keeps_the_whole_trailing_time(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await _home(hass)
    await _party(hass, 60)
    await set_state(hass, P, "off")
    await tick(hass, freezer, 60)
    assert hass.states.get(ROOM).attributes["locked_by"] == []
    await tick(hass, freezer, TRAILING - 1)
    assert hass.states.get(ROOM).state == "on"
    await tick(hass, freezer, 2)
    assert hass.states.get(ROOM).state == "off"


async def test_a_hand_unlock_keeps_the_whole_trailing_time(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await _home(hass)
    await _party(hass, 600)
    await set_state(hass, P, "off")
    await tick(hass, freezer, 300)
    await hass.services.async_call(
        DOMAIN, "unlock", {"entity_id": ROOM, "source_id": "party"}, blocking=True
    )
    await hass.async_block_till_done()
    await tick(hass, freezer, TRAILING - 1)
    assert hass.states.get(ROOM).state == "on"
    await tick(hass, freezer, 2)
    assert hass.states.get(ROOM).state == "off"


async def test_a_lock_that_ended_while_down_counts_from_when_it_was_due(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    entry = await _home(hass)
    await _party(hass, 60)
    await set_state(hass, P, "off")
    due = dt_util.utcnow() + timedelta(seconds=60)
    await _restart(
        hass, entry, freezer, timedelta(seconds=90)
    )  # down past the lock's end
    state = hass.states.get(ROOM)
    assert state.attributes["locked_by"] == []
    assert _expiry(hass) == [(due + timedelta(seconds=TRAILING)).isoformat()]
    await tick(hass, freezer, TRAILING - 30 + 1)
    assert hass.states.get(ROOM).state == "off"


async def test_a_lock_that_ended_long_before_a_restart_leaves_the_room_vacant(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    entry = await _home(hass)
    await _party(hass, 60)
    await set_state(hass, P, "off")
    await _restart(hass, entry, freezer, timedelta(hours=2))
    state = hass.states.get(ROOM)
    assert state.attributes["locked_by"] == []
    assert state.state == "off"


async def test_a_sensor_unbound_under_a_lock_that_ended_while_down_lets_go(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    # An edit under the lock ended the sensor's contribution at the unlock; the
    # start read the lock as ended already, and the record of the edit's end kept
    # waiting for an unlock that never came: the room held by a sensor it no
    # longer lists.
    entry = await _home(hass)
    await _party(hass, 60)
    subentry = entry.subentries["room"]
    hass.config_entries.async_update_subentry(
        entry, subentry, data={**subentry.data, "presence_sources": []}
    )
    await hass.async_block_till_done()
    await _restart(hass, entry, freezer, timedelta(seconds=90))
    state = hass.states.get(ROOM)
    assert state.attributes["locked_by"] == []
    assert state.attributes["contributions"] == []
    assert state.state == "off"


async def test_a_lock_overdue_when_the_home_stopped_ends_at_the_start(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    # The loop was blocked past the lock's end and the home stopped before its
    # timer ran: the saved file holds a lock already due.
    entry = await _home(hass)
    await _party(hass, 60)
    subentry = entry.subentries["room"]
    hass.config_entries.async_update_subentry(
        entry, subentry, data={**subentry.data, "presence_sources": []}
    )
    await hass.async_block_till_done()
    freezer.tick(timedelta(seconds=90))  # no timer runs
    await _restart(hass, entry, freezer, timedelta(seconds=30))
    state = hass.states.get(ROOM)
    assert state.attributes["locked_by"] == []
    assert state.attributes["contributions"] == []
    assert state.state == "off"
