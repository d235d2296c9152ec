"""A clock set back: what the shell times outside the engine ends at its real time too.

The engine moves its timeline back by the jump (test_trust_clock_jump.py); a source's
grace, a wasp's verify, the quiet time after a vacate and the false-vacancy record are
kept by the shell. Each is measured here as the engine's timers are: after a jump back
of 20 minutes in the middle of it, it ends when its own time has really run out.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, set_state, setup_home, tick

ROOM = "binary_sensor.room_occupancy"
PROBLEM = "binary_sensor.room_sources_problem"
M = "binary_sensor.m"
P = "binary_sensor.p"
DOOR = "binary_sensor.door"
OTHER = "binary_sensor.other"
BACK = timedelta(minutes=20)


def _on(hass: HomeAssistant, entity_id: str = ROOM) -> bool:
    return hass.states.get(entity_id).state == "on"


async def _home(hass: HomeAssistant, **room: Any) -> None:
    for entity_id in (M, P, DOOR, OTHER):
        await set_state(hass, entity_id, "off")
    await setup_home(
        hass,
        home_entry(
            location("room", "Room", motion_sources=[M], **room),
            location("other", "Other", motion_sources=[OTHER]),
            options={"unavailable_grace": {"minutes": 30}},
        ),
    )


async def _report(hass: HomeAssistant) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN,
        "get_occupancy",
        {"entity_id": ROOM},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    report: dict[str, Any] = response[ROOM]
    return report


async def test_a_sources_grace_ends_at_its_real_time(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, set_back
) -> None:
    await _home(hass)
    await set_state(hass, M, "unavailable")
    await tick(hass, freezer, 10 * 60)
    set_back(BACK)
    await tick(hass, freezer, 20 * 60 - 5)
    assert not _on(hass, PROBLEM)
    await tick(hass, freezer, 10)
    assert _on(hass, PROBLEM)


async def test_a_wasps_verify_ends_at_its_real_time(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, set_back
) -> None:
    await _home(
        hass,
        door_sources=[DOOR],
        presence_sources=[P],
        wasp={"enabled": True, "verify": {"minutes": 5}},
    )
    await set_state(hass, P, "on")
    await set_state(hass, DOOR, "on")
    await set_state(hass, DOOR, "off")  # the box closes: verify in 5 minutes
    await tick(hass, freezer, 2 * 60)
    set_back(BACK)
    await tick(hass, freezer, 3 * 60 - 5)
    wasp = [c for c in (await _report(hass))["contributions"] if c["kind"] == "wasp"]
    assert wasp == []
    await tick(hass, freezer, 10)
    wasp = [c for c in (await _report(hass))["contributions"] if c["kind"] == "wasp"]
    assert len(wasp) == 1


async def test_the_quiet_time_after_a_vacate_keeps_its_real_time(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, set_back
) -> None:
    await _home(hass, timing={"vacate_quiet": {"minutes": 10}})
    await set_state(hass, M, "on")
    await hass.services.async_call(DOMAIN, "vacate", {"entity_id": ROOM}, blocking=True)
    await set_state(hass, M, "off")
    await tick(hass, freezer, 2 * 60)
    set_back(BACK)
    # Not ended early by a clock showing a moment before the vacate.
    await set_state(hass, M, "on")
    assert not _on(hass)
    await set_state(hass, M, "off")
    await tick(hass, freezer, 8 * 60 - 5)
    await set_state(hass, M, "on")
    assert not _on(hass)
    await set_state(hass, M, "off")
    await tick(hass, freezer, 10)
    await set_state(hass, M, "on")
    assert _on(hass)


async def _vacant_by_itself(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await set_state(hass, M, "on")
    await set_state(hass, M, "off")
    await tick(hass, freezer, 301)  # the motion timeout ran out
    assert not _on(hass)


async def test_a_bounce_across_a_jump_back_counts_its_real_gap(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, set_back
) -> None:
    await _home(hass)
    await _vacant_by_itself(hass, freezer)
    await tick(hass, freezer, 30)
    set_back(BACK)
    await set_state(hass, M, "on")  # 31 s after the room emptied: a false vacancy
    bounces = (await _report(hass))["false_vacancies"]
    assert [bounce["gap"] for bounce in bounces] == [31.0]


async def test_a_long_vacancy_shortened_by_a_jump_back_is_no_bounce(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, set_back
) -> None:
    await _home(hass)
    await _vacant_by_itself(hass, freezer)
    await tick(hass, freezer, 21 * 60)
    set_back(BACK)
    await set_state(hass, M, "on")  # the clock shows 1 minute, 21 really passed
    assert (await _report(hass))["false_vacancies"] == []


async def test_a_bounce_ages_out_at_its_real_time(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, set_back
) -> None:
    await _home(hass)
    await _vacant_by_itself(hass, freezer)
    await set_state(hass, M, "on")
    await set_state(hass, M, "off")
    assert (await _report(hass))["false_vacancies_7d"] == 1
    set_back(BACK)
    await tick(hass, freezer, 7 * 86400 - 5)
    assert (await _report(hass))["false_vacancies_7d"] == 1
    await tick(hass, freezer, 10)
    assert (await _report(hass))["false_vacancies_7d"] == 0


async def test_the_last_change_moves_back_with_the_timeline(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, set_back
) -> None:
    """``changed_at`` is shown next to the engine's ``since``: both on one timeline."""
    await _home(hass)
    await set_state(hass, M, "on")
    changed = dt_util.utcnow()
    await tick(hass, freezer, 60)
    set_back(BACK)
    await set_state(hass, OTHER, "on")  # the jump is told
    report = await _report(hass)
    assert report["changed_at"] == (changed - BACK).isoformat()


async def test_a_clock_set_forward_is_time_passing_for_the_shell_too(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, set_back
) -> None:
    """Nothing moves: a quiet time ends with the jump, a grace at its real time at most."""
    await _home(hass, timing={"vacate_quiet": {"minutes": 10}})
    await set_state(hass, M, "on")
    await hass.services.async_call(DOMAIN, "vacate", {"entity_id": ROOM}, blocking=True)
    await set_state(hass, M, "off")
    await set_state(hass, OTHER, "unavailable")
    await tick(hass, freezer, 60)
    set_back(-timedelta(minutes=40))
    await set_state(hass, M, "on")  # the quiet time's 10 minutes are on the clock
    assert _on(hass)
    await tick(hass, freezer, 29 * 60 + 5)
    assert _on(hass, "binary_sensor.other_sources_problem")


async def test_a_clock_behind_the_saved_moment_moves_the_record_back_with_it(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, set_back
) -> None:
    """Across a restart, as the engine's timeline: as if no time had passed."""
    await _home(hass)
    await _vacant_by_itself(hass, freezer)
    await set_state(hass, M, "on")
    await set_state(hass, M, "off")  # a false vacancy, an hour before the save
    await tick(hass, freezer, 3600)
    (entry,) = hass.config_entries.async_entries(DOMAIN)
    set_back(BACK)
    await hass.config_entries.async_reload(entry.entry_id)  # saved, then behind it
    await hass.async_block_till_done()
    await tick(hass, freezer, 7 * 86400 - 3600 - 5)
    assert (await _report(hass))["false_vacancies_7d"] == 1
    await tick(hass, freezer, 10)
    assert (await _report(hass))["false_vacancies_7d"] == 0


async def test_what_the_entities_show_moves_back_with_the_timeline(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, set_back
) -> None:
    """A contribution's ``expires_at`` shown 20 minutes beyond its real end, until
    the room changed for another reason."""
    await _home(hass)
    await set_state(hass, M, "on")
    expires = dt_util.utcnow() + timedelta(seconds=300)
    (shown,) = hass.states.get(ROOM).attributes["contributions"]
    assert shown["expires_at"] == expires.isoformat()
    await tick(hass, freezer, 60)
    set_back(BACK)
    await set_state(hass, OTHER, "on")  # the jump is told
    (shown,) = hass.states.get(ROOM).attributes["contributions"]
    assert shown["expires_at"] == (expires - BACK).isoformat()
