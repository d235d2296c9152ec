"""The shipped blueprints, loaded by Home Assistant's automation integration."""

from __future__ import annotations

from pathlib import Path
import shutil
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.automation.config import AUTOMATION_BLUEPRINT_SCHEMA
from homeassistant.components.blueprint import Blueprint
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from homeassistant.util.yaml import load_yaml_dict
import pytest
from pytest_homeassistant_custom_component.common import async_mock_service

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, setup_home, tick

BLUEPRINTS = Path(__file__).parents[2] / "blueprints" / "automation" / DOMAIN
SHIPPED = [
    "climate_setback_on_extended_vacancy.yaml",
    "lights_follow_occupancy.yaml",
    "notify_long_lock.yaml",
]
KITCHEN = "binary_sensor.kitchen_occupancy"
KITCHEN_LOCK = "switch.kitchen_occupancy_lock"


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
    # An automation whose blueprint fails validation still gets an entity: unavailable.
    [automation] = hass.states.async_all("automation")
    assert automation.state == "on", automation.attributes


async def _occupancy(hass: HomeAssistant, service: str, **data: Any) -> None:
    await hass.services.async_call(
        DOMAIN, service, {"entity_id": KITCHEN, **data}, blocking=True
    )
    await hass.async_block_till_done()


async def _lock(hass: HomeAssistant) -> None:
    await hass.services.async_call(
        "switch", "turn_on", {"entity_id": KITCHEN_LOCK}, blocking=True
    )
    await hass.async_block_till_done()  # the trigger starts its "for" timer


def test_every_blueprint_is_tested() -> None:
    assert sorted(p.name for p in BLUEPRINTS.glob("*.yaml")) == SHIPPED


@pytest.mark.parametrize("name", SHIPPED)
def test_blueprint_is_a_valid_automation_blueprint(name: str) -> None:
    blueprint = Blueprint(
        load_yaml_dict(BLUEPRINTS / name),
        path=f"{DOMAIN}/{name}",
        expected_domain="automation",
        schema=AUTOMATION_BLUEPRINT_SCHEMA,
    )
    assert blueprint.validate() is None


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
            "lock_switch": KITCHEN_LOCK,
            "hours": 3,
            "notify": [
                {
                    "action": "notify.family",
                    "data": {"message": "{{ location }} locked for {{ hours }} h"},
                }
            ],
        },
    )
    await _lock(hass)
    await tick(hass, freezer, 3 * 3600 - 10)
    assert notes == []
    await tick(hass, freezer, 20)
    assert [call.data["message"] for call in notes] == ["Kitchen locked for 3 h"]


@pytest.mark.usefixtures("kitchen")
async def test_notify_long_lock_default_names_the_location(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
) -> None:
    # The message names the location (the device), not the renamed lock entity.
    entity_registry.async_update_entity(KITCHEN_LOCK, name="Party switch")
    notes = async_mock_service(hass, "persistent_notification", "create")
    await _use(hass, "notify_long_lock.yaml", {"lock_switch": KITCHEN_LOCK, "hours": 1})
    await _lock(hass)
    await tick(hass, freezer, 3601)
    assert [call.data["message"] for call in notes] == [
        "Kitchen has been locked for 1 hours."
    ]


@pytest.mark.usefixtures("kitchen")
async def test_notify_long_lock_not_when_unlocked_in_time(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    notes = async_mock_service(hass, "persistent_notification", "create")
    await _use(hass, "notify_long_lock.yaml", {"lock_switch": KITCHEN_LOCK, "hours": 1})
    await _lock(hass)
    await tick(hass, freezer, 1800)
    await hass.services.async_call(
        "switch", "turn_off", {"entity_id": KITCHEN_LOCK}, blocking=True
    )
    await hass.async_block_till_done()  # the trigger drops its "for" timer
    await tick(hass, freezer, 7200)
    assert notes == []


async def test_notify_long_lock_not_for_the_automation_switch(
    hass: HomeAssistant, tmp_path: Path, freezer: FrozenDateTimeFactory
) -> None:
    # The blueprint's picker (any switch of ours) offers the Occupancy automation
    # switch too: chosen by mistake, it told "locked for 1 hours" of a room nobody
    # locked, an hour after its modes were turned on.
    hass.config.config_dir = str(tmp_path)
    shutil.copytree(BLUEPRINTS, tmp_path / "blueprints" / "automation" / DOMAIN)
    await setup_home(
        hass,
        home_entry(location("kitchen", "Kitchen", actions={"occupied": ["scene.x"]})),
    )
    modes = "switch.kitchen_occupancy_automation"
    notes = async_mock_service(hass, "persistent_notification", "create")
    await _use(hass, "notify_long_lock.yaml", {"lock_switch": modes, "hours": 1})
    for service in ("turn_off", "turn_on"):
        await hass.services.async_call(
            "switch", service, {"entity_id": modes}, blocking=True
        )
        await hass.async_block_till_done()
    assert hass.states.get(modes).state == "on"
    await tick(hass, freezer, 3601)
    assert notes == []
