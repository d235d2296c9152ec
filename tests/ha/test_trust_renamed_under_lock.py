"""A presence sensor turned off under a lock, then renamed (left by the twelfth session).

A lock ignores its location's inputs: the sensor's off waits for the unlock, which
reads it and starts its trailing time (README "A lock freezes the location"). The
rename's edit ends the old id under the lock too, an end that waits for the unlock
as well; the unlock did not know of the rename and ended the old id's hold at once:
the room emptied without its trailing time. A motion sensor's time, which a lock
suspends, was lost the same way.
"""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockEntityPlatform,
    async_capture_events,
)

from custom_components.occupancy_manager.const import DOMAIN, EVENT_OCCUPANCY_CHANGED

from .common import home_entry, location, setup_home, tick
from .test_trust_renamed_timers import NEW, OLD, ROOM, _Sensor, _write
from .test_trust_renames_while_down import _disabled, _enabled


@pytest.mark.parametrize("renamed", [False, True], ids=["same id", "renamed"])
@pytest.mark.parametrize("when", ["live", "reloaded", "while down"])
@pytest.mark.parametrize(
    ("kind", "under", "left"),
    [
        ("presence_sources", "off", 120),  # its 2 min trailing time, from the unlock
        ("motion_sources", None, 300),  # its 5 min timeout, suspended by the lock
    ],
    ids=["presence", "motion"],
)
async def test_a_sensor_renamed_under_a_lock_keeps_its_time_at_the_unlock(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    renamed: bool,
    when: str,
    kind: str,
    under: str | None,
    left: int,
) -> None:
    platform = MockEntityPlatform(hass, domain="binary_sensor", platform_name="test")
    sensor = _Sensor(unique_id="s", name="s", state="off")
    await platform.async_add_entities([sensor])
    entry = await setup_home(
        hass, home_entry(location("room", "Room", **{kind: [OLD]}))
    )
    await _write(hass, sensor, "on")
    assert hass.states.get(ROOM).state == "on"
    await hass.services.async_call(
        DOMAIN, "lock", {"entity_id": ROOM, "source_id": "M"}, blocking=True
    )
    if under is not None:
        await _write(hass, sensor, under)
    if when == "while down":
        await _disabled(hass, entry)
    if renamed:
        er.async_get(hass).async_update_entity(OLD, new_entity_id=NEW)
        await hass.async_block_till_done()
    if when == "reloaded":
        assert await hass.config_entries.async_reload(entry.entry_id)
        await hass.async_block_till_done()
    elif when == "while down":
        await _enabled(hass, entry)
    await tick(hass, freezer, 30)
    changed = async_capture_events(hass, EVENT_OCCUPANCY_CHANGED)

    await hass.services.async_call(
        DOMAIN, "unlock", {"entity_id": ROOM, "source_id": "M"}, blocking=True
    )
    await hass.async_block_till_done()
    assert changed == []
    assert hass.states.get(ROOM).state == "on"
    await tick(hass, freezer, left - 1)
    assert hass.states.get(ROOM).state == "on"
    await tick(hass, freezer, 2)
    assert hass.states.get(ROOM).state == "off"
    assert [e.data["occupied"] for e in changed] == [False]


@pytest.mark.parametrize("renamed", [False, True], ids=["same id", "renamed"])
async def test_a_sensor_renamed_under_a_lock_that_ended_while_down_keeps_its_time(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, renamed: bool
) -> None:
    # The start is the unlock: the trailing time counts from when the lock was due.
    platform = MockEntityPlatform(hass, domain="binary_sensor", platform_name="test")
    sensor = _Sensor(unique_id="s", name="s", state="off")
    await platform.async_add_entities([sensor])
    entry = await setup_home(
        hass, home_entry(location("room", "Room", presence_sources=[OLD]))
    )
    await _write(hass, sensor, "on")
    await hass.services.async_call(
        DOMAIN,
        "lock",
        {"entity_id": ROOM, "source_id": "M", "duration": 60},
        blocking=True,
    )
    await _write(hass, sensor, "off")
    if renamed:
        er.async_get(hass).async_update_entity(OLD, new_entity_id=NEW)
        await hass.async_block_till_done()
    await _disabled(hass, entry)
    freezer.tick(90)
    await _enabled(hass, entry)
    assert hass.states.get(ROOM).state == "on"
    await tick(hass, freezer, 89)
    assert hass.states.get(ROOM).state == "on"
    await tick(hass, freezer, 2)
    assert hass.states.get(ROOM).state == "off"
