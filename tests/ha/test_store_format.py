"""The store writes the engine's compact snapshot (version 3) and reads version 1 files.

``fixtures/store_v1.json`` is a file the previous release wrote (version 1), with what
its entities showed when it was saved (``fixtures/make_store_v1.py`` made it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.diagnostics import REDACTED
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.occupancy_manager.const import DOMAIN

from .common import set_state
from .store_scenario import SAVED_AT, entry, live_a_little, shown, sources_off

PREVIOUS = json.loads(
    (Path(__file__).parent / "fixtures" / "store_v1.json").read_text()
)
KEY = f"{DOMAIN}.store_format_home"


async def _sources_as_saved(hass: HomeAssistant) -> None:
    """The sources as the saved home left them (a restart re-syncs held sources)."""
    await set_state(hass, "binary_sensor.kitchen_motion", "on")
    await set_state(hass, "binary_sensor.office_presence", "off")
    await set_state(hass, "sensor.alice_room", "kitchen", friendly_name="Alice Smith")


async def _load(hass: HomeAssistant, home: Any) -> None:
    if home.entry_id not in {e.entry_id for e in hass.config_entries.async_entries()}:
        home.add_to_hass(hass)
    assert await hass.config_entries.async_setup(home.entry_id)
    await hass.async_block_till_done()


async def _unload(hass: HomeAssistant, home: Any) -> None:
    assert await hass.config_entries.async_unload(home.entry_id)
    await hass.async_block_till_done()


async def test_the_store_writes_the_compact_snapshot(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, hass_storage: dict[str, Any]
) -> None:
    freezer.move_to(SAVED_AT)
    await sources_off(hass)
    home = entry()
    await _load(hass, home)
    await live_a_little(hass)
    before = shown(hass)
    await _unload(hass, home)

    saved = hass_storage[KEY]["data"]
    assert saved["version"] == 3
    assert set(saved["locations"]) == {"floor", "kitchen", "office", "bedroom", "shed"}
    # The false-vacancy record stays next to the engine's keys.
    assert saved["false_vacancies"] == {"version": 1, "locations": {}}
    # Smaller than what the previous release wrote for the same home.
    assert len(json.dumps(saved)) < len(json.dumps(PREVIOUS["store"]["data"])) / 2

    await _load(hass, home)
    assert shown(hass) == before


async def test_a_version_1_file_of_the_previous_release_restores_identically(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, hass_storage: dict[str, Any]
) -> None:
    freezer.move_to(SAVED_AT)
    await _sources_as_saved(hass)
    hass_storage[KEY] = PREVIOUS["store"]
    assert hass_storage[KEY]["data"]["version"] == 1
    home = entry()
    await _load(hass, home)
    assert shown(hass) == PREVIOUS["shown"]
    # Really what was saved: an occupant, a suspended contribution under a lock with
    # an end, a trailing clear, a lock holding the floor.
    kitchen = hass.states.get("binary_sensor.kitchen_occupancy")
    assert kitchen.attributes["occupants"] == ["Alice Smith"]
    assert hass.states.get("switch.bedroom_occupancy_lock").state == "on"
    assert hass.states.get("binary_sensor.floor_occupancy").attributes["locked_by"] == [
        "party"
    ]

    # Saved again in version 3, and read back to the same.
    await _unload(hass, home)
    assert hass_storage[KEY]["data"]["version"] == 3
    await _load(hass, home)
    assert shown(hass) == PREVIOUS["shown"]


async def test_diagnostics_redact_occupants_in_the_compact_snapshot(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
) -> None:
    await async_setup_component(hass, "diagnostics", {})
    await sources_off(hass)
    home = entry()
    await _load(hass, home)
    await live_a_little(hass)

    diag = await get_diagnostics_for_config_entry(hass, hass_client, home)

    dumped = json.dumps(diag)
    assert "Alice" not in dumped
    assert "alice" not in dumped
    snapshot = diag["engine_snapshot"]
    assert snapshot["version"] == 3  # what the store saves
    kitchen = {
        item if isinstance(item, str) else item[0]: item  # a held sensor: its id
        for item in snapshot["locations"]["kitchen"]["c"]
    }
    # The occupant's contribution: its tracker by its stand-in, its person redacted.
    assert kitchen["sensor.occupant_1"][2] == REDACTED
    # The locked floor keeps its children's occupants: redacted too.
    assert snapshot["locations"]["floor"]["n"] == {"kitchen": REDACTED}
    # What support needs stays: sources, moments (microseconds after now), locks.
    assert 290e6 < kitchen["binary_sensor.kitchen_motion"][1] <= 300e6
    [[source, until]] = snapshot["locations"]["bedroom"]["k"]
    assert source == "sleep"
    assert (8 * 3600 - 10) * 1e6 < until <= 8 * 3600 * 1e6
