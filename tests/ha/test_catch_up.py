"""Ladder steps the engine set aside are told as the timer's, whatever call comes next.

Three locations and a batch of one stand for 257 locations and the default 256: the
timer's call applies one step and leaves the others for its next turn. The first three
tests failed before the shell's fix: the next input or edit reported the waiting steps
in its own Context, and an edit relabelled them ``config``. The last is the reviewer's
probe of a read that swallowed a waiting step (fixed in the engine).
"""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Context, HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.occupancy_manager import coordinator as coordinator_module
from custom_components.occupancy_manager.const import DOMAIN
from custom_components.occupancy_manager.effects import as_config
from custom_components.occupancy_manager.engine import Ladder, LocationState, Transition

from .common import home_entry, location, set_state, setup_home, tick

ROOMS = ("a", "b", "c")


def _state(hass: HomeAssistant, room: str) -> str:
    state = hass.states.get(f"sensor.{room}_occupancy_state")
    assert state is not None
    return state.state


async def _partly_stepped(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[MockConfigEntry, list[str]]:
    """A home whose timer applied one of the hour mark's steps: the rooms waiting."""
    monkeypatch.setattr(coordinator_module, "LADDER_BATCH", 1)
    entry = await setup_home(
        hass, home_entry(*(location(room, room.upper()) for room in ROOMS))
    )
    freezer.tick(timedelta(seconds=3601))
    async_fire_time_changed(hass)  # one call: one step applied, the others set aside
    await hass.async_block_till_done()
    waiting = [room for room in ROOMS if _state(hass, room) != "extended_vacant"]
    assert len(waiting) == len(ROOMS) - 1
    return entry, waiting


async def test_an_action_does_not_carry_other_rooms_ladder_steps(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entry, waiting = await _partly_stepped(hass, freezer, monkeypatch)
    target, others = waiting[0], waiting[1:]
    action = Context()
    await hass.services.async_call(
        DOMAIN,
        "trigger",
        {"entity_id": f"binary_sensor.{target}_occupancy"},
        blocking=True,
        context=action,
    )
    assert _state(hass, target) == "occupied"
    for room in others:
        state = hass.states.get(f"sensor.{room}_occupancy_state")
        assert state is not None
        assert state.state == "extended_vacant"
        assert state.context.id != action.id
        assert entry.runtime_data.last_change(room)[0] == "ladder"


async def test_an_edit_does_not_relabel_other_rooms_ladder_steps(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entry, waiting = await _partly_stepped(hass, freezer, monkeypatch)
    hass.config_entries.async_update_entry(
        entry, options={**entry.options, "unavailable_grace": {"minutes": 5}}
    )
    await hass.async_block_till_done()
    for room in waiting:
        assert _state(hass, room) == "extended_vacant"
        assert entry.runtime_data.last_change(room)[0] == "ladder"


def test_an_edit_tells_its_own_transitions_as_config_but_not_ladder_steps() -> None:
    vacant = LocationState(location_id="a", occupied=False, ladder=Ladder.VACANT)
    extended = LocationState(
        location_id="a", occupied=False, ladder=Ladder.EXTENDED_VACANT
    )
    told = as_config(
        (
            Transition(
                location_id="a", reason="ladder", previous=vacant, current=extended
            ),
            Transition(
                location_id="a", reason="expired", previous=extended, current=vacant
            ),
        )
    )
    assert [t.reason for t in told] == ["ladder", "config"]


async def test_a_read_before_the_timer_does_not_swallow_a_waiting_step(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A keep source turning on in a waiting room is read (a keep gate), no input
    # reaches the engine: the room's step must still be applied and told.
    monkeypatch.setattr(coordinator_module, "LADDER_BATCH", 1)
    for room in ROOMS:
        await set_state(hass, f"binary_sensor.{room}_keep", "off")
    entry = await setup_home(
        hass,
        home_entry(
            *(
                location(
                    room, room.upper(), keep_sources=[f"binary_sensor.{room}_keep"]
                )
                for room in ROOMS
            )
        ),
    )
    freezer.tick(timedelta(seconds=3601))
    async_fire_time_changed(hass)  # one call: one step applied, the others set aside
    waiting = next(room for room in ROOMS if _state(hass, room) != "extended_vacant")
    hass.states.async_set(f"binary_sensor.{waiting}_keep", "on")
    await hass.async_block_till_done()
    await tick(hass, freezer, 60)
    assert entry.runtime_data.state(waiting).ladder is Ladder.EXTENDED_VACANT
    assert _state(hass, waiting) == "extended_vacant"
