"""Causes taking turns when a home stops, or an edit waits, mid-call (turns.py).

A call across two homes whose second unloads while it waits; an action whose targets
an edit ahead of it removed; edits and source changes keeping their order. Each
test sets up the hour-mark backlog the way test_turns.py does (a batch of one stands
for the shell's 32), then lets a cause wait its turn while something else happens.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.occupancy_manager import coordinator as coordinator_module
from custom_components.occupancy_manager.const import DOMAIN

from .common import drain, home_entry, location, set_state, setup_home


async def _hour_mark(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """The hour mark: the timers' first call applies one step, the rest wait."""
    freezer.tick(timedelta(seconds=3601))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


def _rooms(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{n:02d}" for n in range(count)]


# -- 1. an action's targets are fixed before its turn -----------------------------


async def test_vacate_with_children_while_an_edit_removing_a_child_waits(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The call's subtree is read before the wait; the edit ahead removes a child.

    Expected: the floor's subtree as it is at the call's turn is vacated (or, at
    worst, a translated ServiceValidationError). Seen: the engine's raw
    UnknownLocationError reaches the caller and nothing is vacated.
    """
    monkeypatch.setattr(coordinator_module, "LADDER_BATCH", 1)
    others = _rooms("r", 5)
    entry = await setup_home(
        hass,
        home_entry(
            location("floor", "Floor"),
            location("gone", "Gone", parent="floor"),
            location("kept", "Kept", parent="floor"),
            *(location(room, room.upper()) for room in others),
        ),
    )
    await hass.services.async_call(
        DOMAIN,
        "trigger",
        {"entity_id": "binary_sensor.kept_occupancy", "indefinite": True},
        blocking=True,
    )
    shell = entry.runtime_data
    assert shell.state("kept").occupied
    await _hour_mark(hass, freezer)
    # The user deletes a room: its edit waits behind the backlog.
    assert hass.config_entries.async_remove_subentry(entry, "gone")
    await asyncio.sleep(0)
    assert "gone" in shell.specs  # still waiting
    # An automation vacates the floor and everything in it; it waits behind the edit.
    call = hass.async_create_task(
        hass.services.async_call(
            DOMAIN,
            "vacate",
            {"entity_id": "binary_sensor.floor_occupancy", "include_children": True},
            blocking=True,
        )
    )
    await drain(hass)
    assert call.done()
    assert "gone" not in shell.specs
    with contextlib.suppress(ServiceValidationError):  # a translated refusal: fine
        await call
    # Not reached today: UnknownLocationError('gone') is raised by ``await call``.
    assert not shell.state("kept").occupied


# -- 2. a call spanning two homes, one of which stops while the call waits ---------


async def _two_homes(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
    first: int,
    second: int,
) -> tuple[MockConfigEntry, MockConfigEntry]:
    monkeypatch.setattr(coordinator_module, "LADDER_BATCH", 1)
    home_a = await setup_home(
        hass, home_entry(*(location(room, room.upper()) for room in _rooms("a", first)))
    )
    home_b = await setup_home(
        hass,
        home_entry(*(location(room, room.upper()) for room in _rooms("b", second))),
    )
    await _hour_mark(hass, freezer)
    return home_a, home_b


async def test_a_call_on_two_homes_does_not_hang_when_the_second_unloads(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """services.py awaits home A's turn, then home B's; B unloaded meanwhile.

    B still had ladder steps due when it stopped, so B's ``_ready`` leaves the
    command waiting, and a stopped home arms no timer: the blocking call never
    returns (an automation's ``action`` step hangs for good).
    """
    home_a, home_b = await _two_homes(hass, freezer, monkeypatch, 80, 40)
    call = hass.async_create_task(
        hass.services.async_call(
            DOMAIN,
            "trigger",
            {
                "entity_id": [
                    "binary_sensor.a00_occupancy",
                    "binary_sensor.b00_occupancy",
                ]
            },
            blocking=True,
        )
    )
    assert not call.done()  # waiting for home A's backlog
    shell_b = home_b.runtime_data
    assert await hass.config_entries.async_unload(home_b.entry_id)
    assert shell_b.stopped
    assert shell_b._due(shell_b.engine.next_deadline)  # B stopped with steps due
    # Loop turns only: async_block_till_done would wait for the hung call forever.
    for _ in range(1000):
        await asyncio.sleep(0)
    assert home_a.runtime_data.state("a00").occupied  # home A's part was applied
    try:
        assert call.done(), "the action call never returns"
    finally:
        call.cancel()


async def test_a_call_on_two_homes_is_not_reported_done_on_a_home_that_stopped(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As above, B's backlog drained before it stopped: the command is applied to
    the stopped home after its final save, and the call returns success.

    Expected: a translated "home not loaded" refusal (as resolve_targets gives), or
    the change kept. Seen: success, and after the home is set up again the room is
    vacant: the action was silently lost.
    """
    _, home_b = await _two_homes(hass, freezer, monkeypatch, 60, 2)
    call = hass.async_create_task(
        hass.services.async_call(
            DOMAIN,
            "trigger",
            {
                "entity_id": [
                    "binary_sensor.a00_occupancy",
                    "binary_sensor.b00_occupancy",
                ],
                "indefinite": True,
            },
            blocking=True,
        )
    )
    assert not call.done()
    assert await hass.config_entries.async_unload(home_b.entry_id)
    await drain(hass, 300)
    assert call.done()
    try:
        await call
    except ServiceValidationError:
        return  # refused in words: acceptable
    assert await hass.config_entries.async_setup(home_b.entry_id)
    await hass.async_block_till_done()
    assert home_b.state is ConfigEntryState.LOADED
    assert home_b.runtime_data.state("b00").occupied, "the call succeeded but was lost"


# -- 3. an edit applies a later edit at its own, earlier turn ----------------------


async def test_a_later_edit_is_not_applied_before_a_source_change_that_came_first(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Edit 1 (rename), presence on, edit 2 (unbind that presence), in that order.

    Edit 1 reads the entry at its turn, so it applies edit 2 too, before the
    presence change that came between them: the presence is then unbound and
    dropped, and the room never becomes occupied (test_turns.py's own rule: "a
    source change that came first is applied to the old configuration").
    """
    monkeypatch.setattr(coordinator_module, "LADDER_BATCH", 1)
    rooms = _rooms("r", 6)
    for room in rooms:
        await set_state(hass, f"binary_sensor.{room}_presence", "off")
    entry = await setup_home(
        hass,
        home_entry(
            *(
                location(
                    room,
                    room.upper(),
                    presence_sources=[f"binary_sensor.{room}_presence"],
                    timing={"trailing_timeout": {"minutes": 3}},
                )
                for room in rooms
            )
        ),
    )
    shell = entry.runtime_data
    await _hour_mark(hass, freezer)
    room, other = rooms[-1], rooms[0]
    # Edit 1: another room renamed (waits behind the backlog).
    hass.config_entries.async_update_subentry(
        entry,
        entry.subentries[other],
        title="Renamed",
        data={**entry.subentries[other].data, "name": "Renamed"},
    )
    await asyncio.sleep(0)
    # The room's presence comes on (waits behind edit 1).
    hass.states.async_set(f"binary_sensor.{room}_presence", "on")
    # Edit 2: the room's presence sensor is unbound (waits behind the change).
    subentry = entry.subentries[room]
    hass.config_entries.async_update_subentry(
        entry, subentry, data={**subentry.data, "presence_sources": []}
    )
    await asyncio.sleep(0)
    await drain(hass)
    # In order: the presence occupied the room, then edit 2 ended its contribution
    # (as in test_turns.py's test_an_edit_waits_behind_a_source_change_that_came_first).
    assert shell.last_change(room)[0] == "config", shell.last_change(room)
