"""The real Store under faults the storage mock cannot show (trust round).

Home Assistant writes a store file all or nothing (a temporary file renamed into
place), so a crash mid-write leaves the previous file; a power cut before the disk
flushed may leave it empty. A full disk makes the write fail. None of these may
stop the home from unloading or starting, or leave a room stuck.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, set_state, tick

P = "binary_sensor.p"
ROOM = "binary_sensor.room_occupancy"


def _entry() -> MockConfigEntry:
    return home_entry(location("room", "Room", presence_sources=[P]))


async def _setup(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    if entry.entry_id not in {e.entry_id for e in hass.config_entries.async_entries()}:
        entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED


@pytest.mark.parametrize("content", [b"", b"   \n", b"\x00" * 512])
async def test_a_file_emptied_by_a_power_cut_starts_the_home_clean(
    hass: HomeAssistant, real_storage: Path, content: bytes
) -> None:
    hass.states.async_set(P, "on")
    entry = _entry()
    (real_storage / f"{DOMAIN}.{entry.entry_id}").write_bytes(content)
    await _setup(hass, entry)
    # Started clean, then in line with its sensor.
    assert hass.states.get(ROOM).state == "on"


async def test_a_full_disk_at_unload_neither_fails_the_unload_nor_the_next_start(
    hass: HomeAssistant,
    real_storage: Path,
    freezer: FrozenDateTimeFactory,
) -> None:
    hass.states.async_set(P, "on")
    entry = _entry()
    await _setup(hass, entry)
    path = real_storage / f"{DOMAIN}.{entry.entry_id}"
    await tick(hass, freezer, 120)  # the delayed save has written
    saved = json.loads(path.read_text())
    await set_state(hass, P, "off")
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    with patch("homeassistant.util.file.os.replace", side_effect=full):
        assert await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED
    # The previous file is whole; no temporary file is left beside it.
    assert json.loads(path.read_text()) == saved
    names = os.listdir(real_storage)
    assert [name for name in names if name.startswith((DOMAIN, "tmp"))] == [path.name]
    # It starts from the older file and follows the sensor: the room lets go.
    await _setup(hass, entry)
    await tick(hass, freezer, 121)
    assert hass.states.get(ROOM).state == "off"
