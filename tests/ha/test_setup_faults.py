"""Setup that fails honestly (contract "Faults"), through the real Store.

A snapshot that cannot be restored in full restores what it can; one that cannot be
read is moved aside and the home starts clean; setup succeeds either way. Where
setup truly cannot proceed it fails with a ``ConfigEntryError`` that says why.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from unittest.mock import patch

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.occupancy_manager.const import DOMAIN
from custom_components.occupancy_manager.engine import ConfigError

from .common import home_entry, location


def _entry() -> MockConfigEntry:
    return home_entry(
        location("room", "Room", presence_sources=["binary_sensor.p"]),
        location("den", "Den", motion_sources=["binary_sensor.m"]),
    )


async def _setup(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    if entry.entry_id not in {e.entry_id for e in hass.config_entries.async_entries()}:
        entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED


def _on(hass: HomeAssistant, entity_id: str) -> bool:
    state = hass.states.get(entity_id)
    assert state is not None
    return state.state == "on"


@pytest.fixture
def storage_dir(hass: HomeAssistant, real_storage: Path) -> Path:
    hass.states.async_set("binary_sensor.p", "off")
    hass.states.async_set("binary_sensor.m", "off")
    return real_storage


@pytest.mark.parametrize(
    "content",
    [
        b'{"version": 1, "key": "x", "data": {"version": 1, "locat',  # cut short
        b"\x00\xff\xfe garbage",
        b"[1, 2, 3]",
        b'"a string"',
        b"null",
        b'{"version": 99, "minor_version": 1, "key": "x", "data": {}}',
        b'{"version": 1, "minor_version": 1, "key": "x", "data": [1]}',
        b'{"no": "version"}',
    ],
)
async def test_an_unreadable_snapshot_is_moved_aside_and_the_home_starts_clean(
    hass: HomeAssistant, storage_dir: Path, content: bytes
) -> None:
    entry = _entry()
    path = storage_dir / f"{DOMAIN}.{entry.entry_id}"
    path.write_bytes(content)
    await _setup(hass, entry)
    assert not _on(hass, "binary_sensor.room_occupancy")
    assert not path.exists()
    names = await hass.async_add_executor_job(os.listdir, storage_dir)
    assert [name for name in names if name.startswith(path.name + ".")]


async def test_a_snapshot_path_that_is_a_directory_is_moved_aside(
    hass: HomeAssistant, storage_dir: Path
) -> None:
    entry = _entry()
    path = storage_dir / f"{DOMAIN}.{entry.entry_id}"
    path.mkdir()
    await _setup(hass, entry)
    assert not path.exists()
    # ... and the next save writes a real file there.
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert json.loads(path.read_text())["data"]["locations"]


async def test_a_snapshot_that_cannot_be_moved_aside_still_starts_clean(
    hass: HomeAssistant, storage_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    entry = _entry()
    path = storage_dir / f"{DOMAIN}.{entry.entry_id}"
    path.write_text("[1]")
    with patch(
        "custom_components.occupancy_manager.persistence.os.replace",
        side_effect=PermissionError("read-only file system"),
    ):
        await _setup(hass, entry)
    assert "could not move it aside" in caplog.text
    assert not _on(hass, "binary_sensor.room_occupancy")


async def test_a_partly_corrupt_snapshot_restores_what_it_can(
    hass: HomeAssistant, storage_dir: Path
) -> None:
    entry = _entry()
    await _setup(hass, entry)
    hass.states.async_set("binary_sensor.p", "on")
    await hass.async_block_till_done()
    assert _on(hass, "binary_sensor.room_occupancy")
    await hass.services.async_call(
        "switch", "turn_on", {"entity_id": "switch.room_occupancy_lock"}, blocking=True
    )
    await hass.async_block_till_done()
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()

    path = storage_dir / f"{DOMAIN}.{entry.entry_id}"
    stored: dict[str, Any] = json.loads(path.read_text())
    locations = stored["data"]["locations"]
    locations["den"] = "garbage"
    room = locations["room"]  # the compact format (engine/compact.py)
    room["v"] = "9999-12-31T23:59:59+00:00"
    room["a"] = "yesterday"
    room["c"].append(["far", None, None, 1e12])
    room["c"].append(["bad", None, None, "soon"])
    room["k"].append(["odd", [1]])
    locations["gone"] = {"s": 0}
    path.write_text(json.dumps(stored))

    await _setup(hass, entry)
    assert _on(hass, "binary_sensor.room_occupancy")
    assert _on(hass, "switch.room_occupancy_lock")
    assert not _on(hass, "binary_sensor.den_occupancy")
    # It goes on working: the lock releases and the far contribution holds the room.
    await hass.services.async_call(
        "switch", "turn_off", {"entity_id": "switch.room_occupancy_lock"}, blocking=True
    )
    await hass.async_block_till_done()
    hass.states.async_set("binary_sensor.p", "off")
    await hass.async_block_till_done()
    assert _on(hass, "binary_sensor.room_occupancy")
    assert path.exists()


@pytest.mark.parametrize(
    "saved_now", ["9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+00:00", "soon", 7]
)
async def test_a_snapshot_with_an_impossible_moment_of_saving_still_loads(
    hass: HomeAssistant, storage_dir: Path, saved_now: object
) -> None:
    entry = _entry()
    await _setup(hass, entry)
    hass.states.async_set("binary_sensor.p", "on")
    await hass.async_block_till_done()
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()

    path = storage_dir / f"{DOMAIN}.{entry.entry_id}"
    stored: dict[str, Any] = json.loads(path.read_text())
    stored["data"]["now"] = saved_now
    path.write_text(json.dumps(stored))

    await _setup(hass, entry)
    assert _on(hass, "binary_sensor.room_occupancy")


async def test_a_tree_the_engine_refuses_fails_setup_with_a_config_entry_error(
    hass: HomeAssistant, storage_dir: Path
) -> None:
    entry = _entry()
    entry.add_to_hass(hass)
    with patch(
        "custom_components.occupancy_manager.coordinator.OccupancyEngine",
        side_effect=ConfigError("cycle in location parents: a -> b -> a"),
    ):
        assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert entry.error_reason_translation_key == "invalid_locations"
    assert "a -> b -> a" in (entry.reason or "")
