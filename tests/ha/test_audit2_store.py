"""The stored home against a configuration edited while it was down (audit 2).

An edit of a running home ends the contribution of a source it unbinds (``live.py``).
A location edited while the home was not loaded (a disabled or failed entry, a
configuration restored from a backup) came back with the snapshot's contribution
of a sensor it no longer lists: a presence sensor's is held until cleared, so the
room stayed occupied for good, shown as held by an "action".
"""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Event, HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, setup_home, tick

P = "binary_sensor.p"
Q = "binary_sensor.q"
OCC = "binary_sensor.room_occupancy"


def _room(hass: HomeAssistant) -> tuple[str, list[str]]:
    state = hass.states.get(OCC)
    assert state is not None
    return state.state, [c["source_id"] for c in state.attributes["contributions"]]


async def _home(hass: HomeAssistant) -> MockConfigEntry:
    hass.states.async_set(P, "on")
    hass.states.async_set(Q, "off")
    entry = await setup_home(
        hass, home_entry(location("room", "Room", presence_sources=[P, Q]))
    )
    assert _room(hass) == ("on", [P])
    return entry


async def _edited_while_down(
    hass: HomeAssistant, entry: MockConfigEntry, **data: Any
) -> None:
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    subentry = entry.subentries["room"]
    hass.config_entries.async_update_subentry(
        entry, subentry, data={**subentry.data, **data}
    )
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def test_a_sensor_unbound_while_down_no_longer_holds_the_room(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    entry = await _home(hass)
    await _edited_while_down(hass, entry, presence_sources=[Q])
    assert _room(hass) == ("off", [])
    await tick(hass, freezer, 3600)
    assert _room(hass) == ("off", [])


async def test_a_sensor_refiled_as_motion_while_down_no_longer_holds_the_room(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    entry = await _home(hass)
    hass.states.async_set(P, "off")
    await hass.async_block_till_done()
    await tick(hass, freezer, 1)  # presence off: held for the trailing time
    assert _room(hass)[0] == "on"
    await _edited_while_down(hass, entry, presence_sources=[Q], motion_sources=[P])
    # An off motion sensor holds nothing: the presence's trailing is not kept.
    assert _room(hass) == ("off", [])


async def test_what_the_sensors_and_actions_hold_is_kept_when_nothing_was_edited(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    entry = await _home(hass)
    # An automation may name an entity as its source: only bindings are dropped.
    await hass.services.async_call(
        DOMAIN,
        "trigger",
        {"entity_id": OCC, "source_id": "binary_sensor.door", "indefinite": True},
        blocking=True,
    )
    await _edited_while_down(hass, entry, name="Room")
    assert _room(hass) == ("on", ["binary_sensor.door", P])
    await _edited_while_down(hass, entry, presence_sources=[Q])
    assert _room(hass) == ("on", ["binary_sensor.door"])


async def test_a_sensor_unbound_while_down_from_a_locked_room_ends_at_the_unlock(
    hass: HomeAssistant,
) -> None:
    entry = await _home(hass)
    await hass.services.async_call(
        DOMAIN, "lock", {"entity_id": OCC, "source_id": "party"}, blocking=True
    )
    await _edited_while_down(hass, entry, presence_sources=[Q])
    assert _room(hass) == ("on", [P])  # the lock freezes the room as it is
    await hass.services.async_call(
        DOMAIN, "unlock", {"entity_id": OCC, "source_id": "party"}, blocking=True
    )
    await hass.async_block_till_done()
    assert _room(hass) == ("off", [])


async def test_a_held_sensor_refiled_while_down_holds_the_room_without_a_flicker(
    hass: HomeAssistant,
) -> None:
    entry = await _home(hass)
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    changes: list[Event] = []
    hass.bus.async_listen(f"{DOMAIN}_changed", changes.append)
    subentry = entry.subentries["room"]
    hass.config_entries.async_update_subentry(
        entry,
        subentry,
        data={**subentry.data, "presence_sources": [Q], "state_door_sources": [P]},
    )
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    # Still held by P (now a state door that is on): no vacant-then-occupied.
    assert _room(hass) == ("on", [P])
    assert changes == []
