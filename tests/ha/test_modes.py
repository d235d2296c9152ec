"""Occupancy modes (seed 003): scenes and scripts on transitions, restore-previous."""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers import area_registry as ar, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_mock_service,
)

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, setup_home, tick

OFFICE = "binary_sensor.office_occupancy"
AUTOMATION = "switch.office_occupancy_automation"


@pytest.fixture
def scenes(hass: HomeAssistant) -> dict[str, list[ServiceCall]]:
    return {
        "turn_on": async_mock_service(hass, "scene", "turn_on"),
        "create": async_mock_service(hass, "scene", "create"),
        "script": async_mock_service(hass, "script", "turn_on"),
    }


async def _office(hass: HomeAssistant, **actions: Any) -> MockConfigEntry:
    hass.states.async_set("binary_sensor.motion", "off")
    area = ar.async_get(hass).async_get_or_create("Office")
    return await setup_home(
        hass,
        home_entry(
            location(
                "office",
                "Office",
                area_id=area.id,
                motion_sources=["binary_sensor.motion"],
                actions=actions,
            ),
            options={"default_timeout": {"minutes": 15}},
        ),
    )


async def _motion(hass: HomeAssistant) -> None:
    hass.states.async_set("binary_sensor.motion", "on")
    await hass.async_block_till_done()
    hass.states.async_set("binary_sensor.motion", "off")
    await hass.async_block_till_done()


def _targets(calls: list[ServiceCall]) -> list[list[str]]:
    return [call.data["entity_id"] for call in calls]


async def test_vacant_then_occupied_actions(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    scenes: dict[str, list[ServiceCall]],
) -> None:
    """Seed 003: vacant after 15 min runs "Away"; motion runs the occupied mode."""
    await _office(
        hass, occupied=["scene.comfort", "script.hello"], vacant=["scene.away"]
    )
    assert hass.states.get(AUTOMATION).attributes["status"] == "active"
    await _motion(hass)
    assert _targets(scenes["turn_on"]) == [["scene.comfort"]]
    assert _targets(scenes["script"]) == [["script.hello"]]
    await _motion(hass)  # still occupied: nothing runs again
    assert len(scenes["turn_on"]) == 1

    await tick(hass, freezer, 15 * 60 + 1)
    assert hass.states.get(OFFICE).state == "off"
    assert _targets(scenes["turn_on"]) == [["scene.comfort"], ["scene.away"]]


async def test_restore_previous_uses_a_scene_snapshot(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    scenes: dict[str, list[ServiceCall]],
    entity_registry: er.EntityRegistry,
) -> None:
    area = ar.async_get(hass).async_get_or_create("Office")
    lamp = entity_registry.async_get_or_create("light", "test", "lamp")
    entity_registry.async_update_entity(lamp.entity_id, area_id=area.id)
    fan = entity_registry.async_get_or_create("fan", "test", "fan")
    entity_registry.async_update_entity(fan.entity_id, area_id=area.id)
    sensor = entity_registry.async_get_or_create("sensor", "test", "t")
    entity_registry.async_update_entity(sensor.entity_id, area_id=area.id)
    await _office(
        hass, occupied=["scene.comfort"], vacant=["scene.away"], restore_previous=True
    )
    # First occupation: no snapshot yet, so the occupied actions run.
    await _motion(hass)
    assert _targets(scenes["turn_on"]) == [["scene.comfort"]]
    await tick(hass, freezer, 15 * 60 + 1)
    assert [call.data for call in scenes["create"]] == [
        {
            "scene_id": "occupancy_manager_office_previous",
            "snapshot_entities": sorted([fan.entity_id, lamp.entity_id]),
        }
    ]
    assert _targets(scenes["turn_on"])[-1] == ["scene.away"]
    # The user returns: what was on before the vacant action comes back instead.
    await _motion(hass)
    assert _targets(scenes["turn_on"])[-1] == [
        "scene.occupancy_manager_office_previous"
    ]
    assert len(scenes["turn_on"]) == 3


async def test_lock_pauses_and_switch_off_stops(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    scenes: dict[str, list[ServiceCall]],
) -> None:
    await _office(hass, occupied=["scene.comfort"], vacant=["scene.away"])
    await hass.services.async_call(
        DOMAIN,
        "lock",
        {"entity_id": OFFICE, "source_id": "movie", "state": "occupied"},
        blocking=True,
    )
    await hass.async_block_till_done()
    assert hass.states.get(OFFICE).state == "on"
    assert hass.states.get(AUTOMATION).attributes["status"] == "paused"
    assert scenes["turn_on"] == []  # a flip under a lock is the manual override
    await hass.services.async_call(
        DOMAIN, "unlock", {"entity_id": OFFICE, "source_id": "movie"}, blocking=True
    )
    await hass.async_block_till_done()
    assert _targets(scenes["turn_on"]) == [["scene.away"]]
    assert hass.states.get(AUTOMATION).attributes["status"] == "active"

    await hass.services.async_call(
        "switch", "turn_off", {"entity_id": AUTOMATION}, blocking=True
    )
    assert hass.states.get(AUTOMATION).attributes["status"] == "off"
    await _motion(hass)
    await tick(hass, freezer, 15 * 60 + 1)
    assert len(scenes["turn_on"]) == 1

    await hass.services.async_call(
        "switch", "turn_on", {"entity_id": AUTOMATION}, blocking=True
    )
    await _motion(hass)
    assert _targets(scenes["turn_on"])[-1] == ["scene.comfort"]


async def test_extended_vacancy_action(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    scenes: dict[str, list[ServiceCall]],
) -> None:
    await _office(hass, extended_vacant=["script.deep_setback"])
    await _motion(hass)
    await tick(hass, freezer, 15 * 60 + 1)
    assert scenes["script"] == []
    await tick(hass, freezer, 3600)
    assert _targets(scenes["script"]) == [["script.deep_setback"]]


async def test_failing_script_is_logged_and_occupancy_goes_on(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    await _office(hass, occupied=["script.does_not_exist"])
    await _motion(hass)
    await hass.async_block_till_done()
    assert hass.states.get(OFFICE).state == "on"
    assert "The occupied actions of Office failed" in caplog.text


async def test_no_actions_on_restart_replay(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    scenes: dict[str, list[ServiceCall]],
) -> None:
    entry = await _office(hass, occupied=["scene.comfort"])
    await _motion(hass)
    assert len(scenes["turn_on"]) == 1
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(OFFICE).state == "on"
    assert len(scenes["turn_on"]) == 1


async def test_switch_state_survives_restart(hass: HomeAssistant) -> None:
    entry = await _office(hass, occupied=["scene.comfort"])
    await hass.services.async_call(
        "switch", "turn_off", {"entity_id": AUTOMATION}, blocking=True
    )
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(AUTOMATION).state == "off"


async def test_no_automation_switch_without_actions(hass: HomeAssistant) -> None:
    await _office(hass)
    assert hass.states.get(AUTOMATION) is None
