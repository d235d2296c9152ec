"""The shipped blueprints, loaded by Home Assistant's automation integration."""

from __future__ import annotations

from pathlib import Path
import shutil
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import async_mock_service

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, setup_home, tick

BLUEPRINTS = Path(__file__).parents[2] / "blueprints" / "automation" / DOMAIN
KITCHEN = "binary_sensor.kitchen_occupancy"


@pytest.fixture
async def kitchen(
    hass: HomeAssistant, tmp_path: Path, freezer: FrozenDateTimeFactory
) -> None:
    # Home Assistant reads blueprints from <config>/blueprints/automation/.
    hass.config.config_dir = str(tmp_path)
    shutil.copytree(BLUEPRINTS, tmp_path / "blueprints" / "automation" / DOMAIN)
    await setup_home(hass, home_entry(location("kitchen", "Kitchen")))


async def _use(hass: HomeAssistant, name: str, inputs: dict[str, Any]) -> None:
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "use_blueprint": {"path": f"{DOMAIN}/{name}", "input": inputs}
            }
        },
    )
    await hass.async_block_till_done()
    assert hass.states.async_entity_ids("automation"), "the blueprint did not load"


async def _occupancy(hass: HomeAssistant, service: str, **data: Any) -> None:
    await hass.services.async_call(
        DOMAIN, service, {"entity_id": KITCHEN, **data}, blocking=True
    )
    await hass.async_block_till_done()


def test_every_blueprint_is_tested() -> None:
    # Each blueprint below is loaded by the automation integration, which validates it.
    assert sorted(p.name for p in BLUEPRINTS.glob("*.yaml")) == [
        "climate_setback_on_extended_vacancy.yaml",
        "lights_follow_occupancy.yaml",
        "notify_long_lock.yaml",
    ]


@pytest.mark.usefixtures("kitchen")
async def test_lights_follow_occupancy(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    on = async_mock_service(hass, "light", "turn_on")
    off = async_mock_service(hass, "light", "turn_off")
    await _use(
        hass,
        "lights_follow_occupancy.yaml",
        {
            "occupancy": KITCHEN,
            "lights": {"entity_id": "light.kitchen"},
            "off_delay": {"seconds": 30},
        },
    )
    await _occupancy(hass, "trigger", indefinite=True)
    assert [call.data["entity_id"] for call in on] == [["light.kitchen"]]
    await _occupancy(hass, "vacate")
    await tick(hass, freezer, 29)
    assert off == []
    await tick(hass, freezer, 2)
    assert [call.data["entity_id"] for call in off] == [["light.kitchen"]]


@pytest.mark.usefixtures("kitchen")
async def test_climate_setback_on_extended_vacancy(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    calls = async_mock_service(hass, "climate", "set_temperature")
    await _use(
        hass,
        "climate_setback_on_extended_vacancy.yaml",
        {
            "occupancy_state": "sensor.kitchen_occupancy_state",
            "climate": "climate.kitchen",
            "setback_temperature": 16,
            "comfort_temperature": 21,
        },
    )
    await _occupancy(hass, "trigger", timeout={"minutes": 1})
    await tick(hass, freezer, 61)
    assert [c.data["temperature"] for c in calls] == [21]  # occupied: comfort
    await tick(hass, freezer, 3600)
    assert hass.states.get("sensor.kitchen_occupancy_state").state == "extended_vacant"
    await _occupancy(hass, "trigger", indefinite=True)
    assert [(c.data["entity_id"], c.data["temperature"]) for c in calls] == [
        (["climate.kitchen"], 21),
        (["climate.kitchen"], 16),
        (["climate.kitchen"], 21),
    ]


@pytest.mark.usefixtures("kitchen")
async def test_notify_long_lock(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    notes = async_mock_service(hass, "notify", "family")
    await _use(
        hass,
        "notify_long_lock.yaml",
        {
            "lock_switch": "switch.kitchen_lock",
            "hours": 3,
            "notify": [
                {
                    "action": "notify.family",
                    "data": {"message": "{{ location }} locked for {{ hours }} h"},
                }
            ],
        },
    )
    await hass.services.async_call(
        "switch", "turn_on", {"entity_id": "switch.kitchen_lock"}, blocking=True
    )
    await hass.async_block_till_done()  # the trigger starts its "for" timer
    await tick(hass, freezer, 3 * 3600 - 10)
    assert notes == []
    await tick(hass, freezer, 20)
    assert [call.data["message"] for call in notes] == ["Kitchen locked for 3 h"]
