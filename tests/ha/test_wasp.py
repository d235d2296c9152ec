"""Wasp-in-a-box through real entity states (contract: "Advanced sensing")."""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, set_state, setup_home, tick

BATH = "binary_sensor.bathroom_occupancy"


def _occupied(hass: HomeAssistant) -> bool:
    return hass.states.get(BATH).state == "on"


def _wasp(hass: HomeAssistant) -> dict[str, Any] | None:
    contributions = hass.states.get(BATH).attributes["contributions"]
    return next((c for c in contributions if c["source_id"] == "wasp"), None)


async def _bathroom(
    hass: HomeAssistant, doors: tuple[str, ...] = ("binary_sensor.door",), **wasp: Any
) -> MockConfigEntry:
    for entity_id in (*doors, "binary_sensor.m", "binary_sensor.p"):
        hass.states.async_set(entity_id, "off")
    return await setup_home(
        hass,
        home_entry(
            location(
                "bathroom",
                "Bathroom",
                door_sources=list(doors),
                motion_sources=["binary_sensor.m"],
                presence_sources=["binary_sensor.p"],
                wasp={"enabled": True, **wasp},
            )
        ),
    )


async def _enter_and_close(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    await set_state(hass, "binary_sensor.door", "on")
    await set_state(hass, "binary_sensor.door", "off")
    await tick(hass, freezer, 5)
    await set_state(hass, "binary_sensor.m", "on")
    await set_state(hass, "binary_sensor.m", "off")


async def test_sitting_still_in_a_closed_room_stays_occupied(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await _bathroom(hass)
    await _enter_and_close(hass, freezer)
    assert _wasp(hass) == {
        "source_id": "wasp",
        "source_name": "wasp",
        "kind": "wasp",
        "expires_at": None,
        "occupant": None,
    }
    await tick(hass, freezer, 3600)  # past every motion and door timeout
    assert _occupied(hass)

    # Opening the door releases the wasp; the door's own trigger then applies.
    await set_state(hass, "binary_sensor.door", "on")
    assert _wasp(hass) is None
    assert _occupied(hass)
    await tick(hass, freezer, 121)
    assert not _occupied(hass)


async def test_leaving_and_closing_from_outside_does_not_hold(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await _bathroom(hass)
    await set_state(hass, "binary_sensor.m", "on")  # inside, door open
    await set_state(hass, "binary_sensor.m", "off")
    await set_state(hass, "binary_sensor.door", "on")  # walks out
    await set_state(hass, "binary_sensor.door", "off")  # closes it from outside
    await tick(hass, freezer, 301)
    assert _wasp(hass) is None
    assert not _occupied(hass), hass.states.get(BATH).attributes


async def test_motion_still_on_from_before_the_close_does_not_count(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await _bathroom(hass)
    await set_state(hass, "binary_sensor.m", "on")
    await set_state(hass, "binary_sensor.door", "on")
    await set_state(hass, "binary_sensor.door", "off")
    await tick(hass, freezer, 60)
    assert _wasp(hass) is None
    await tick(hass, freezer, 250)
    assert not _occupied(hass)


async def test_presence_on_at_verify_counts(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await _bathroom(hass)
    await set_state(hass, "binary_sensor.p", "on")
    await set_state(hass, "binary_sensor.door", "on")
    await set_state(hass, "binary_sensor.door", "off")
    await tick(hass, freezer, 29)
    assert _wasp(hass) is None
    await tick(hass, freezer, 2)
    assert _wasp(hass) is not None
    await set_state(
        hass, "binary_sensor.p", "off"
    )  # presence loses them; the box holds
    await tick(hass, freezer, 3600)
    assert _occupied(hass)


async def test_one_of_two_doors_open_is_no_box(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await _bathroom(hass, doors=("binary_sensor.door", "binary_sensor.door2"))
    await set_state(hass, "binary_sensor.door2", "on")
    await _enter_and_close(hass, freezer)
    assert _wasp(hass) is None
    await set_state(hass, "binary_sensor.door2", "off")  # now the box is closed
    await set_state(hass, "binary_sensor.m", "on")
    assert _wasp(hass) is not None


async def test_max_duration(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await _bathroom(hass, max_duration={"hours": 1})
    await _enter_and_close(hass, freezer)
    assert _wasp(hass)["expires_at"] is not None
    await tick(hass, freezer, 3599)
    assert _occupied(hass)
    await tick(hass, freezer, 2)
    assert not _occupied(hass)


async def test_door_unavailable_releases_after_grace(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await _bathroom(hass)
    await _enter_and_close(hass, freezer)
    await set_state(hass, "binary_sensor.door", "unavailable")
    await tick(hass, freezer, 30 * 60 + 119)  # grace, then the trailing time
    assert _occupied(hass)
    await tick(hass, freezer, 2)
    assert not _occupied(hass)


async def test_restart_with_box_closed_and_with_door_opened_while_down(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    entry = await _bathroom(hass)
    await _enter_and_close(hass, freezer)
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    await tick(hass, freezer, 3600)
    assert _wasp(hass) is not None

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    hass.states.async_set("binary_sensor.door", "on")  # opened while HA was down
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert _wasp(hass) is None


async def test_lock_freezes_the_wasp_and_unlock_rechecks_the_doors(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await _bathroom(hass)
    await _enter_and_close(hass, freezer)
    await hass.services.async_call(
        DOMAIN, "lock", {"entity_id": BATH, "source_id": "cleaning"}, blocking=True
    )
    await set_state(hass, "binary_sensor.door", "on")
    assert _wasp(hass) is not None  # inputs are ignored while locked
    await set_state(hass, "binary_sensor.door", "off")
    await set_state(hass, "binary_sensor.door", "on")
    await hass.services.async_call(
        DOMAIN, "unlock", {"entity_id": BATH, "source_id": "cleaning"}, blocking=True
    )
    await hass.async_block_till_done()
    assert _wasp(hass) is None  # the door is open now: released on unlock


async def test_turning_the_wasp_off_releases_it_and_other_edits_keep_it(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    entry = await _bathroom(hass)
    await _enter_and_close(hass, freezer)
    await tick(hass, freezer, 3600)
    assert _wasp(hass) is not None
    subentry = entry.subentries["bathroom"]
    # An edit of something else keeps the box and its wasp.
    hass.config_entries.async_update_subentry(
        entry, subentry, data={**subentry.data, "timing": {"vacate_quiet": {}}}
    )
    await hass.async_block_till_done()
    assert _wasp(hass) is not None
    subentry = entry.subentries["bathroom"]
    hass.config_entries.async_update_subentry(
        entry, subentry, data={**subentry.data, "wasp": {"enabled": False}}
    )
    await hass.async_block_till_done()
    assert _wasp(hass) is None
    assert not _occupied(hass)


async def test_a_verify_timer_that_fires_late_does_not_turn_the_clock_back(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    # A blocked loop: the bathroom's verify timer fires ten minutes late, after the
    # hall's motion already ran at the real time. Home Assistant hands a timer its
    # scheduled moment; sent to the engine as an input, that moment looks like the
    # clock set back, and every running timeout would move back with it.
    hall = "binary_sensor.hall_m"
    for entity_id in ("binary_sensor.door", "binary_sensor.p", hall):
        hass.states.async_set(entity_id, "off")
    await setup_home(
        hass,
        home_entry(
            location(
                "bathroom",
                "Bathroom",
                door_sources=["binary_sensor.door"],
                presence_sources=["binary_sensor.p"],
                wasp={"enabled": True},
            ),
            location("hall", "Hall", motion_sources=[hall]),
        ),
    )
    await set_state(hass, "binary_sensor.p", "on")
    await set_state(hass, "binary_sensor.door", "on")
    await set_state(hass, "binary_sensor.door", "off")  # verify in 30 s
    freezer.tick(600)
    await set_state(hass, hall, "on")
    async_fire_time_changed(hass)  # the verify, ten minutes late
    await hass.async_block_till_done()
    assert _wasp(hass) is not None
    await tick(hass, freezer, 60)  # the hall's motion has four minutes left
    assert hass.states.get("binary_sensor.hall_occupancy").state == "on"
