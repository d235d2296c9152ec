"""A source gone from the state machine keeps its grace across reloads and restarts.

Gone altogether (no state, not even ``unavailable``: a template sensor removed from
the state machine while its registry entry stays), a source has no ``last_changed`` to count its grace from at a
start. The home saves since when it is gone; the grace, the sources problem and the
hold of its contribution end at their real time, whatever reload or restart (a
restart included: the source was gone before it and is still gone, so a restart
must not stretch its grace or the room's hold).
"""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from .common import home_entry, location, setup_home, tick

ROOM = "binary_sensor.room_occupancy"
PROBLEM = "binary_sensor.room_sources_problem"
P = "binary_sensor.p"
GRACE = 30 * 60  # the home's default
TRAILING = 2 * 60


async def _again(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    how: str,
) -> float:
    """Reload, or restart with Home Assistant down a minute; the seconds it took."""
    if how == "reload":
        assert await hass.config_entries.async_reload(entry.entry_id)
        await hass.async_block_till_done()
        return 0.0
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    freezer.tick(timedelta(seconds=60))
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return 60.0


@pytest.mark.parametrize("how", ["reload", "restart"])
async def test_a_gone_sources_grace_ends_at_its_real_time(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, how: str
) -> None:
    # Registered: an entity gone from the registry too is missing, a problem at once.
    er.async_get(hass).async_get_or_create(
        "binary_sensor", "test", "p", suggested_object_id="p"
    )
    hass.states.async_set(P, "on")
    entry = await setup_home(
        hass, home_entry(location("room", "Room", presence_sources=[P]))
    )
    assert hass.states.get(ROOM).state == "on"
    hass.states.async_remove(P)
    await hass.async_block_till_done()
    await tick(hass, freezer, 20 * 60)
    passed = 20 * 60 + await _again(hass, entry, freezer, how)
    assert hass.states.get(PROBLEM).state == "off"
    assert hass.states.get(ROOM).state == "on"
    # Gone 30 min + 1 s: a sources problem, counted from when it went.
    await tick(hass, freezer, GRACE + 1 - passed)
    assert hass.states.get(PROBLEM).state == "on"
    assert hass.states.get(ROOM).state == "on"  # held its trailing time yet
    await tick(hass, freezer, TRAILING)
    assert hass.states.get(ROOM).state == "off"
    # Once more: a reload or restart after the grace ended keeps it ended.
    await _again(hass, entry, freezer, how)
    assert hass.states.get(PROBLEM).state == "on"
    assert hass.states.get(ROOM).state == "off"
