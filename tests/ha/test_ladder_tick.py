"""The hour-mark tick: ladder steps that fall due together are written a batch per
run of the one timer, so Home Assistant's loop runs other work in between (issue 14).

Every location's step is written once, by its ladder sensor only, in the order the
engine reports them; whatever an entity shows is the engine's state at that moment.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Event, HomeAssistant, callback
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.occupancy_manager import coordinator as coordinator_module

from .common import home_entry, location, set_state, setup_home, tick

ROOMS = [f"room_{index}" for index in range(5)]


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(coordinator_module, "LADDER_BATCH", 2)


async def _home(hass: HomeAssistant) -> dict[str, str]:
    """A home with five rooms (motion sensors off); their ladder sensors by room."""
    for room in ROOMS:
        await set_state(hass, f"binary_sensor.{room}_motion", "off")
    await setup_home(
        hass,
        home_entry(
            location("home", "Home"),
            *(
                location(
                    room,
                    room.replace("_", " ").title(),
                    parent="home",
                    motion_sources=[f"binary_sensor.{room}_motion"],
                )
                for room in ROOMS
            ),
        ),
    )
    return {room: f"sensor.{room}_occupancy_state" for room in ["home", *ROOMS]}


async def test_the_hour_mark_is_written_a_batch_per_timer_run(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    ladder = await _home(hass)
    entry = hass.config_entries.async_entries("occupancy_manager")[0]
    engine = entry.runtime_data.engine
    writes: list[tuple[str, str]] = []
    agreed: list[bool] = []

    @callback
    def _record(event: Event) -> None:
        entity_id = event.data["entity_id"]
        if not entity_id.startswith(("sensor.", "binary_sensor.", "switch.")):
            return
        if entity_id.endswith("_motion"):
            return
        new = event.data["new_state"].state
        writes.append((entity_id, new))
        if entity_id in ladder.values():
            location_id = next(k for k, v in ladder.items() if v == entity_id)
            # What the entity writes is what the engine holds at that moment.
            agreed.append(engine.state(location_id).ladder.value == new)

    hass.bus.async_listen(EVENT_STATE_CHANGED, _record)
    freezer.tick(timedelta(seconds=3600))
    async_fire_time_changed(hass)  # the one timer's first run: one batch
    await hass.async_block_till_done()
    assert len(writes) == 2
    assert all(state == "extended_vacant" for _, state in writes)

    await tick(hass, freezer, 0)  # the timer re-armed at once for the rest
    # Six locations, each written once, and only by its ladder sensor.
    assert Counter(entity_id for entity_id, _ in writes) == Counter(ladder.values())
    assert all(state == "extended_vacant" for _, state in writes)
    assert all(agreed)
    assert all(
        hass.states.get(entity_id).state == "extended_vacant"
        for entity_id in ladder.values()
    )


async def test_a_room_touched_between_batches_is_never_shown_out_of_date(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    ladder = await _home(hass)
    freezer.tick(timedelta(seconds=3600))
    async_fire_time_changed(hass)  # one batch of two; four steps wait
    await hass.async_block_till_done()
    waiting = [
        room for room in ROOMS if hass.states.get(ladder[room]).state == "vacant"
    ]
    assert len(waiting) >= 3
    shown: list[str] = []
    room = waiting[0]

    @callback
    def _record(event: Event) -> None:
        if event.data["entity_id"] == ladder[room]:
            shown.append(event.data["new_state"].state)

    hass.bus.async_listen(EVENT_STATE_CHANGED, _record)
    # Motion before the timer's next run: the steps already due are applied first,
    # as the timer's (their own Context, test_catch_up.py), then the trigger (it
    # waits its turn behind them, test_turns.py).
    await set_state(hass, f"binary_sensor.{room}_motion", "on")
    await tick(hass, freezer, 0)
    assert hass.states.get(f"binary_sensor.{room}_occupancy").state == "on"
    assert shown == ["extended_vacant", "occupied"]
    assert all(
        hass.states.get(ladder[other]).state == "extended_vacant"
        for other in waiting[1:]
    )
