"""A lock ignores the sensors while it holds; once released, the room follows them.

Found by the audit of round 9 (a random mix of edits, sensor changes, actions and
reloads, then every sensor off, every lock released and hours of waiting: rooms
stayed occupied). While a location is locked its held sources' changes are ignored
(README: "A lock freezes the location"), and nothing brought them in line after
the unlock: a presence sensor that went off during a party lock left the room
occupied for good, its contribution shown as "until cleared" by a sensor that was
off; one that came on during an away lock (``state: vacant``) was never counted.
"""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant

from custom_components.occupancy_manager.const import DOMAIN, EVENT_OCCUPANCY_CHANGED
from custom_components.occupancy_manager.unlocking import EndedWhileLocked

from .common import home_entry, location, record_into, set_state, setup_home, tick

ROOM = "binary_sensor.room_occupancy"
LOCK = "switch.room_occupancy_lock"
PRESENCE = "binary_sensor.room_presence"
DOOR = "binary_sensor.garage_door"


async def _room(hass: HomeAssistant) -> None:
    hass.states.async_set(PRESENCE, "off")
    hass.states.async_set(DOOR, "off")
    await setup_home(
        hass,
        home_entry(
            location(
                "room", "Room", presence_sources=[PRESENCE], state_door_sources=[DOOR]
            )
        ),
    )


async def _switch(hass: HomeAssistant, service: str) -> None:
    await hass.services.async_call(
        "switch", service, {"entity_id": LOCK}, blocking=True
    )
    await hass.async_block_till_done()


async def test_held_sources_that_went_off_during_a_lock_release_the_room(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await _room(hass)
    await set_state(hass, PRESENCE, "on")
    await set_state(hass, DOOR, "on")
    await _switch(hass, "turn_on")
    await set_state(hass, PRESENCE, "off")
    await set_state(hass, DOOR, "off")
    await tick(hass, freezer, 600)
    assert hass.states.get(ROOM).state == "on"  # the lock holds it

    await _switch(hass, "turn_off")
    contributions = hass.states.get(ROOM).attributes["contributions"]
    # The closed door ends at once; the presence sensor's trailing time runs.
    assert [(c["source_id"], c["expires_at"] is None) for c in contributions] == [
        (PRESENCE, False)
    ]
    await tick(hass, freezer, 121)
    assert hass.states.get(ROOM).state == "off"


async def test_a_held_source_that_came_on_during_an_away_lock_counts_after_it(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await _room(hass)
    await hass.services.async_call(
        DOMAIN,
        "lock",
        {"entity_id": ROOM, "source_id": "away", "state": "vacant"},
        blocking=True,
    )
    await set_state(hass, PRESENCE, "on")
    await tick(hass, freezer, 60)
    assert hass.states.get(ROOM).state == "off"  # the lock holds it vacant

    await hass.services.async_call(
        DOMAIN, "unlock", {"entity_id": ROOM, "source_id": "away"}, blocking=True
    )
    await hass.async_block_till_done()
    assert hass.states.get(ROOM).state == "on"


async def test_an_unlock_that_finds_the_sensors_unchanged_fires_nothing(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await _room(hass)
    await set_state(hass, PRESENCE, "on")
    await _switch(hass, "turn_on")
    await tick(hass, freezer, 600)
    changed: list = []
    hass.bus.async_listen(EVENT_OCCUPANCY_CHANGED, record_into(changed))
    await _switch(hass, "turn_off")
    assert hass.states.get(ROOM).state == "on"
    assert [
        c["expires_at"] for c in hass.states.get(ROOM).attributes["contributions"]
    ] == [None]
    assert changed == []


def _edit(hass: HomeAssistant, **changes: object) -> None:
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    subentry = entry.subentries["room"]
    hass.config_entries.async_update_subentry(
        entry, subentry, data={**subentry.data, **changes}
    )


async def test_a_sensor_unbound_during_a_lock_no_longer_holds_after_it(
    hass: HomeAssistant,
) -> None:
    # The edit's end of the sensor's contribution came while the lock ignored
    # every input: after the unlock it held the room, shown as an action.
    await _room(hass)
    await set_state(hass, PRESENCE, "on")
    await _switch(hass, "turn_on")
    _edit(hass, presence_sources=[])
    await hass.async_block_till_done()
    await _switch(hass, "turn_off")
    assert hass.states.get(ROOM).state == "off"
    assert hass.states.get(ROOM).attributes["contributions"] == []


async def test_a_sensor_refiled_as_motion_during_a_lock_no_longer_holds_after_it(
    hass: HomeAssistant,
) -> None:
    await _room(hass)
    await set_state(hass, PRESENCE, "on")
    await _switch(hass, "turn_on")
    _edit(hass, presence_sources=[], motion_sources=[PRESENCE])
    await hass.async_block_till_done()
    await _switch(hass, "turn_off")
    assert hass.states.get(ROOM).state == "off"


async def test_a_sensor_refiled_as_held_during_a_lock_holds_without_a_flip(
    hass: HomeAssistant,
) -> None:
    await _room(hass)
    await set_state(hass, PRESENCE, "on")
    await _switch(hass, "turn_on")
    _edit(hass, presence_sources=[], keep_sources=[PRESENCE])
    await hass.async_block_till_done()
    changed: list = []
    hass.bus.async_listen(EVENT_OCCUPANCY_CHANGED, record_into(changed))
    await _switch(hass, "turn_off")
    assert hass.states.get(ROOM).state == "on"
    assert changed == []
    contributions = hass.states.get(ROOM).attributes["contributions"]
    assert [(c["source_id"], c["kind"]) for c in contributions] == [(PRESENCE, "keep")]


async def test_a_sensor_unbound_during_a_lock_no_longer_holds_after_a_restart(
    hass: HomeAssistant,
) -> None:
    await _room(hass)
    await set_state(hass, PRESENCE, "on")
    await _switch(hass, "turn_on")
    _edit(hass, presence_sources=[])
    await hass.async_block_till_done()
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(ROOM).state == "on"  # still locked
    await _switch(hass, "turn_off")
    assert hass.states.get(ROOM).state == "off"


def test_what_edits_ended_under_a_lock_is_read_back_tolerantly() -> None:
    ended = EndedWhileLocked()
    ended.add("room", "binary_sensor.b")
    ended.add("room", "binary_sensor.a")
    saved = ended.to_json()
    assert saved == {"room": ["binary_sensor.a", "binary_sensor.b"]}
    again = EndedWhileLocked()
    again.load(
        {**saved, "gone": ["binary_sensor.c"], "den": "x", "hall": [1, None]},
        ["room", "den", "hall"],
    )
    assert again.to_json() == saved
    for garbage in (None, [], "x", 7):
        again.load(garbage, ["room"])
        assert again.to_json() == {}
