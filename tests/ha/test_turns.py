"""Causes take turns behind a backlog of ladder steps (issue 14: no long callback).

Six rooms and a batch of one stand for 1,000 locations and the shell's 32: after the
timer's first call five rooms' hour-mark steps wait for the next turns. A source
change, an action or an edit arriving then applies at most one batch in its own
callback and waits, in order, with the moment it arrived; the timer drains a batch
per loop turn (``drain``) and then applies it in its own Context. Before the fix
all but the edit's order (which held then too: everything ran at once) failed: the
cause, or the timer's wasp verify, applied the whole backlog in one callback.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Context, Event, HomeAssistant, callback
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.occupancy_manager import coordinator as coordinator_module
from custom_components.occupancy_manager.const import DOMAIN
from custom_components.occupancy_manager.engine import EngineError, Result

from .common import drain, home_entry, location, set_state, setup_home

ROOMS = ("a", "b", "c", "d", "e", "f")
TRAILING = timedelta(minutes=3)


def _state(hass: HomeAssistant, room: str) -> str:
    state = hass.states.get(f"sensor.{room}_occupancy_state")
    assert state is not None
    return state.state


def _stepped(hass: HomeAssistant) -> int:
    return sum(_state(hass, room) == "extended_vacant" for room in ROOMS)


@pytest.fixture
def writes(hass: HomeAssistant) -> list[tuple[str, str, str]]:
    """Every write of the rooms' ladder sensors: entity, state, Context id."""
    seen: list[tuple[str, str, str]] = []

    @callback
    def _record(event: Event) -> None:
        entity_id = event.data["entity_id"]
        if entity_id.endswith("_occupancy_state") and event.data["new_state"]:
            seen.append((entity_id, event.data["new_state"].state, event.context.id))

    hass.bus.async_listen(EVENT_STATE_CHANGED, _record)
    return seen


async def _backlog(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[MockConfigEntry, str]:
    """A home whose hour mark the timer began: one step applied, five waiting.

    Returns the home and a waiting room (its presence sensor is off).
    """
    monkeypatch.setattr(coordinator_module, "LADDER_BATCH", 1)
    for room in ROOMS:
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
                for room in ROOMS
            )
        ),
    )
    freezer.tick(timedelta(seconds=3601))
    async_fire_time_changed(hass)  # one call: one step applied, the others wait
    await hass.async_block_till_done()
    assert _stepped(hass) == 1
    waiting = [room for room in ROOMS if _state(hass, room) == "vacant"]
    return entry, waiting[-1]


class Arrivals(list[tuple[int, int]]):
    """Steps shown before and after each source change's own callback."""

    def __init__(self) -> None:
        super().__init__()
        self.came = asyncio.Event()

    async def wait_for(self, count: int) -> None:
        """Until ``count`` source changes reached the home (their own callbacks)."""
        while len(self) < count:
            self.came.clear()
            await self.came.wait()


def _spy_on_arrivals(shell: Any) -> Arrivals:
    seen = Arrivals()
    handler = shell._async_source_changed

    @callback
    def _arrives(event: Event) -> None:
        before = _stepped(shell.hass)
        handler(event)
        seen.append((before, _stepped(shell.hass)))
        seen.came.set()

    shell._async_source_changed = _arrives
    shell._subscribe()  # the one subscription, now through the spy
    return seen


def _story(writes: list[tuple[str, str, str]], room: str) -> list[tuple[str, str]]:
    return [(s, c) for e, s, c in writes if e == f"sensor.{room}_occupancy_state"]


async def test_a_source_change_waits_behind_the_backlog_and_keeps_its_story(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
    writes: list[tuple[str, str, str]],
) -> None:
    entry, room = await _backlog(hass, freezer, monkeypatch)
    mark = len(writes)
    arrivals = _spy_on_arrivals(entry.runtime_data)
    arrived = dt_util.utcnow()
    presence = Context()
    hass.states.async_set(f"binary_sensor.{room}_presence", "on", context=presence)
    await arrivals.wait_for(1)
    # Its callback applied one more batch (one step) at most, and not the change.
    ((before, after),) = arrivals
    assert after - before <= 1
    assert _state(hass, room) != "occupied"

    freezer.tick(timedelta(seconds=5))  # it is applied later, at its own moment
    await drain(hass)
    assert _state(hass, room) == "occupied"
    assert all(
        _state(hass, other) == "extended_vacant" for other in ROOMS if other != room
    )
    # The room's step first, as the timer's; then its presence, in its Context.
    story = _story(writes[mark:], room)
    assert [state for state, _ in story] == ["extended_vacant", "occupied"]
    assert story[0][1] != presence.id
    assert story[1][1] == presence.id
    assert all(
        context != presence.id
        for entity_id, _, context in writes[mark:]
        if entity_id != f"sensor.{room}_occupancy_state"
    )
    shell = entry.runtime_data
    assert shell.last_change(room) == (
        f"trigger:binary_sensor.{room}_presence",
        arrived,
    )
    assert shell.state(room).occupied_since == arrived


async def test_waiting_changes_keep_their_order_and_their_moments(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entry, room = await _backlog(hass, freezer, monkeypatch)
    arrivals = _spy_on_arrivals(entry.runtime_data)
    hass.states.async_set(f"binary_sensor.{room}_presence", "on")
    await arrivals.wait_for(1)
    freezer.tick(timedelta(seconds=2))
    cleared_at = dt_util.utcnow()
    hass.states.async_set(f"binary_sensor.{room}_presence", "off")
    await arrivals.wait_for(2)
    assert all(after - before <= 1 for before, after in arrivals)

    freezer.tick(timedelta(seconds=30))
    await drain(hass)
    # On, then off: the trailing time runs from the moment it went off (reversed,
    # the off would be ignored and the on held for good).
    (contribution,) = entry.runtime_data.state(room).contributions
    assert contribution.expires_at == cleared_at + TRAILING
    assert _state(hass, room) == "occupied"


async def test_an_action_waits_its_turn_and_returns_after_it(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
    writes: list[tuple[str, str, str]],
) -> None:
    _, room = await _backlog(hass, freezer, monkeypatch)
    mark = len(writes)
    action = Context()
    call = hass.async_create_task(
        hass.services.async_call(
            DOMAIN,
            "trigger",
            {"entity_id": f"binary_sensor.{room}_occupancy"},
            blocking=True,
            context=action,
        )
    )
    # The call ran up to its turn at once (an eager task): one batch at most.
    assert not call.done()
    assert _stepped(hass) <= 2
    assert _state(hass, room) != "occupied"

    await drain(hass)
    assert call.done()
    await call  # returned, as a blocking call does
    assert _state(hass, room) == "occupied"
    story = _story(writes[mark:], room)
    assert [state for state, _ in story] == ["extended_vacant", "occupied"]
    assert story[0][1] != action.id
    assert story[1][1] == action.id


async def test_an_action_that_fails_at_its_turn_raises_to_its_caller(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entry, _ = await _backlog(hass, freezer, monkeypatch)
    shell = entry.runtime_data

    def _refused(now: datetime) -> Result:
        return shell.engine.trigger("gone", "manual", now)

    call = hass.async_create_task(shell.async_run(_refused))
    assert not call.done()
    await drain(hass)
    with pytest.raises(EngineError):
        await call
    assert _stepped(hass) == len(ROOMS)


async def test_an_edit_waits_behind_a_source_change_that_came_first(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entry, room = await _backlog(hass, freezer, monkeypatch)
    arrivals = _spy_on_arrivals(entry.runtime_data)
    hass.states.async_set(f"binary_sensor.{room}_presence", "on")
    await arrivals.wait_for(1)
    # The edit unbinds the presence sensor: applied first, the change would be lost
    # (and the room stay vacant); in order, the edit ends the contribution it made.
    subentry = entry.subentries[room]
    hass.config_entries.async_update_subentry(
        entry, subentry, data={**subentry.data, "presence_sources": []}
    )
    before = _stepped(hass)
    await asyncio.sleep(0)  # the update listener's task: its edit waits
    assert _stepped(hass) - before <= 2  # its batch and the timer's at most
    await drain(hass)
    shell = entry.runtime_data
    assert not shell.sensing.locations_of(f"binary_sensor.{room}_presence")
    assert shell.last_change(room)[0] == "config"
    assert all(
        _state(hass, other) == "extended_vacant" for other in ROOMS if other != room
    )
    for other in ROOMS:
        if other != room:
            assert shell.last_change(other)[0] == "ladder"


async def test_a_change_waiting_at_unload_is_saved_and_nothing_runs_after(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entry, room = await _backlog(hass, freezer, monkeypatch)
    shell = entry.runtime_data
    arrivals = _spy_on_arrivals(shell)
    hass.states.async_set(f"binary_sensor.{room}_presence", "on")
    await arrivals.wait_for(1)
    assert not shell.state(room).occupied
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED
    # Applied before the save: the change is not lost.
    assert shell.state(room).occupied
    writes_after: list[Event] = []
    hass.bus.async_listen(EVENT_STATE_CHANGED, writes_after.append)
    await drain(hass)
    freezer.tick(timedelta(hours=2))
    await drain(hass)
    assert writes_after == []


async def test_a_faulty_waiting_cause_does_not_keep_the_home_from_stopping(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    entry, room = await _backlog(hass, freezer, monkeypatch)
    shell = entry.runtime_data

    def _faulty(now: datetime) -> None:
        raise RuntimeError("a bug")

    def _trigger(now: datetime) -> Result:
        return shell.engine.trigger(room, "manual", now)

    shell.async_in_turn(_faulty)
    behind = hass.async_create_task(shell.async_run(_trigger))
    assert not behind.done()
    await shell.async_stop()  # before the timer's next turn
    assert "A change waiting when the home stopped failed" in caplog.text
    await behind  # the action behind it was still applied, and returned
    assert shell.state(room).occupied
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_an_edit_waiting_at_unload_is_left_to_the_next_setup(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entry, room = await _backlog(hass, freezer, monkeypatch)
    shell = entry.runtime_data
    subentry = entry.subentries[room]
    hass.config_entries.async_update_subentry(
        entry, subentry, data={**subentry.data, "name": "Renamed"}
    )
    await asyncio.sleep(0)  # the edit takes its turn: it waits behind the backlog
    await shell.async_stop()  # before the timer's next turn: the edit still waits
    assert shell.specs[room].name == room.upper()
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.runtime_data.specs[room].name == "Renamed"


async def test_a_wasp_verify_due_with_the_backlog_waits_for_it(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Sensing's own input (the wasp verify) reaches the engine as an input: sent in
    # the timer's first run it would apply the whole backlog there.
    monkeypatch.setattr(coordinator_module, "LADDER_BATCH", 1)
    for entity_id in ("binary_sensor.door", "binary_sensor.p"):
        hass.states.async_set(entity_id, "off")
    entry = await setup_home(
        hass,
        home_entry(
            location(
                "bathroom",
                "Bathroom",
                door_sources=["binary_sensor.door"],
                presence_sources=["binary_sensor.p"],
                wasp={"enabled": True},
            ),
            *(location(room, room.upper()) for room in ROOMS),
        ),
    )
    shell = entry.runtime_data
    freezer.tick(timedelta(seconds=3570))
    await set_state(hass, "binary_sensor.p", "on")
    await set_state(hass, "binary_sensor.door", "on")
    await set_state(hass, "binary_sensor.door", "off")  # verify in 30 s: the mark
    freezer.tick(timedelta(seconds=31))
    async_fire_time_changed(hass)  # the timer's first run: one step, no verify yet
    assert _stepped(hass) == 1
    assert "wasp" not in {c.source_id for c in shell.state("bathroom").contributions}
    await drain(hass)
    assert _stepped(hass) == len(ROOMS)
    assert "wasp" in {c.source_id for c in shell.state("bathroom").contributions}
