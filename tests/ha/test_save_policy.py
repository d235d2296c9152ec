"""When the home's state is saved (issue 11, items 7 and 8).

A home that never goes quiet is still saved within a minute, and the snapshot is
taken in the event loop. The harness mocks storage writes, so the last test puts
the real ``Store`` write path back and writes to a temporary directory.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
import json
from pathlib import Path
import threading
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.occupancy_manager.const import DOMAIN
from custom_components.occupancy_manager.engine import OccupancyEngine
from custom_components.occupancy_manager.saved_state import (
    BINDINGS_KEY,
    GONE_KEY,
    HEARD_KEY,
)
from custom_components.occupancy_manager.tuning import SNAPSHOT_KEY

from .common import home_entry, location, saved_records, setup_home, tick
from .real_store import REAL_WRITE


def _two_rooms() -> Any:
    return home_entry(
        location("room", "Room", motion_sources=["binary_sensor.m"]),
        location("den", "Den", motion_sources=["binary_sensor.d"]),
    )


@pytest.fixture
def saves(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every snapshot handed to a Store of this integration, in order."""
    found: list[object] = []
    real = Store.async_save

    async def counting(self: Store[Any], data: Any) -> None:
        if self.key.startswith(DOMAIN):
            found.append(data)
        await real(self, data)

    monkeypatch.setattr(Store, "async_save", counting)
    return found


async def _pulse(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, entity: str
) -> None:
    """A motion sensor on for 2.5 s, off for 2.5 s: a change every 5 s."""
    hass.states.async_set(entity, "on")
    await hass.async_block_till_done()
    await tick(hass, freezer, 2.5)
    hass.states.async_set(entity, "off")
    await tick(hass, freezer, 2.5)


async def test_a_home_that_never_goes_quiet_is_saved_within_a_minute(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, saves: list[object]
) -> None:
    hass.states.async_set("binary_sensor.m", "off")
    hass.states.async_set("binary_sensor.d", "off")
    await setup_home(hass, _two_rooms())
    saves.clear()
    for _ in range(11):  # 55 s of motion: one change every 5 s
        await _pulse(hass, freezer, "binary_sensor.m")
    assert saves == []  # still coalescing
    await _pulse(hass, freezer, "binary_sensor.m")  # 60 s after the first change
    assert len(saves) == 1
    assert saved_records(saves[0])["room"].occupied  # type: ignore[arg-type]
    for _ in range(11):
        await _pulse(hass, freezer, "binary_sensor.m")
    assert len(saves) == 1  # the next minute's changes wait for their own minute
    await _pulse(hass, freezer, "binary_sensor.m")
    assert len(saves) == 2


async def test_a_quiet_home_is_saved_ten_seconds_after_its_last_change(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, saves: list[object]
) -> None:
    hass.states.async_set("binary_sensor.m", "off")
    hass.states.async_set("binary_sensor.d", "off")
    await setup_home(hass, _two_rooms())
    saves.clear()
    hass.states.async_set("binary_sensor.m", "on")
    await hass.async_block_till_done()
    await tick(hass, freezer, 4)
    hass.states.async_set("binary_sensor.d", "on")
    await hass.async_block_till_done()
    await tick(hass, freezer, 9)
    assert saves == []
    await tick(hass, freezer, 1.5)
    assert len(saves) == 1
    saved = saved_records(saves[0])  # type: ignore[arg-type]
    assert saved["room"].occupied
    assert saved["den"].occupied


async def test_unload_saves_at_once_and_drops_the_pending_save(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, saves: list[object]
) -> None:
    hass.states.async_set("binary_sensor.m", "off")
    hass.states.async_set("binary_sensor.d", "off")
    entry = await setup_home(hass, _two_rooms())
    saves.clear()
    hass.states.async_set("binary_sensor.m", "on")
    await hass.async_block_till_done()
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert len(saves) == 1
    await tick(hass, freezer, 120)
    assert len(saves) == 1


# -- the real Store ------------------------------------------------------------------


async def test_the_real_store_writes_a_snapshot_taken_in_the_event_loop(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    real_storage: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    storage_dir = real_storage
    hass.states.async_set("binary_sensor.m", "off")
    hass.states.async_set("binary_sensor.d", "off")
    entry = await setup_home(hass, _two_rooms())
    path = storage_dir / f"{DOMAIN}.{entry.entry_id}"

    loop_thread = threading.get_ident()
    taken: list[tuple[int, dict[str, object]]] = []
    real_snapshot = OccupancyEngine.snapshot

    def spying(self: OccupancyEngine, *, compact: bool = False) -> dict[str, object]:
        snapshot = real_snapshot(self, compact=compact)
        taken.append((threading.get_ident(), json.loads(json.dumps(snapshot))))
        return snapshot

    monkeypatch.setattr(OccupancyEngine, "snapshot", spying)
    # Hold the write in progress (a worker thread waiting inside it) while the loop
    # changes the engine; both ends' write paths run after that unchanged.
    writing, release = asyncio.Event(), threading.Event()

    async def held_write(self: Store[Any], *args: Any) -> None:
        if self.key == path.name:
            writing.set()
            assert await self.hass.async_add_executor_job(release.wait, 10)
        await REAL_WRITE(self, *args)

    with patch.object(Store, "_async_write_data", held_write):
        hass.states.async_set("binary_sensor.m", "on")
        await hass.async_block_till_done()
        freezer.tick(timedelta(seconds=11))
        async_fire_time_changed(hass)  # the save is due: it starts and is held
        await asyncio.wait_for(writing.wait(), 10)
        for _ in range(20):  # the loop goes on changing the engine meanwhile
            hass.states.async_set("binary_sensor.d", "on")
            hass.states.async_set("binary_sensor.d", "off")
        release.set()
        await hass.async_block_till_done()

    assert taken
    assert all(thread == loop_thread for thread, _ in taken)
    on_disk = json.loads(path.read_text())["data"]
    # The false-vacancy record is saved next to the engine's keys (tuning.py).
    assert on_disk.pop(SNAPSHOT_KEY) == {"version": 1, "locations": {}}
    # So are the sources each location was bound to (saved_state.py).
    assert on_disk.pop(BINDINGS_KEY) == {
        "den": {"binary_sensor.d": "motion"},
        "room": {"binary_sensor.m": "motion"},
    }
    # And their states as last heard.
    assert {key: state for key, (state, _) in on_disk.pop(HEARD_KEY).items()} == {
        "binary_sensor.d": "off",
        "binary_sensor.m": "on",
    }
    # And since when each source without a state has had none (none here).
    assert on_disk.pop(GONE_KEY) == {}
    assert on_disk == taken[0][1]
    assert saved_records(on_disk)["room"].occupied
    assert not saved_records(on_disk)["den"].occupied

    await tick(hass, freezer, 11)  # the den's changes get their own save
    on_disk = json.loads(path.read_text())["data"]
    assert saved_records(on_disk)["den"].occupied
    assert all(thread == loop_thread for thread, _ in taken)
