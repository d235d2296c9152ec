"""The README's YAML examples, loaded as users would paste them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
import re
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import floor_registry as fr
from homeassistant.setup import async_setup_component
from homeassistant.util.yaml import parse_yaml
import pytest

from .common import home_entry, location, location_device_id, setup_home, tick

README = Path(__file__).parents[2] / "README.md"


def _examples() -> list[Any]:
    blocks = re.findall(
        r"```yaml\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL
    )
    return [parse_yaml(block) for block in blocks]


def _example(first_key: str, contains: str) -> Any:
    for example in _examples():
        text = repr(example)
        if isinstance(example, (dict, list)) and contains in text:
            if isinstance(example, dict) and first_key in example:
                return example
            if isinstance(example, list) and first_key == "list":
                return example
    raise AssertionError(f"no README example with {first_key!r} and {contains!r}")


@pytest.fixture
async def home(hass: HomeAssistant) -> None:
    await setup_home(
        hass,
        home_entry(
            location("living_room", "Living room"),
            location("bedroom", "Bedroom"),
            location("kitchen", "Kitchen"),
        ),
    )


@pytest.mark.usefixtures("home")
async def test_party_mode_until_two(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await hass.config.async_set_time_zone("UTC")
    freezer.move_to(datetime(2026, 11, 21, 22, 0, tzinfo=UTC))
    party = _example("action", "party")
    assert await async_setup_component(
        hass, "script", {"script": {"party": {"sequence": [party]}}}
    )
    await hass.services.async_call("script", "party", blocking=True)
    await hass.async_block_till_done()
    living = "binary_sensor.living_room_occupancy"
    assert hass.states.get(living).state == "on"
    await tick(hass, freezer, 4 * 3600 - 1)  # 01:59:59
    assert hass.states.get(living).attributes["locked_by"] == ["party"]
    await tick(hass, freezer, 2)
    assert hass.states.get(living).attributes["locked_by"] == []
    assert hass.states.get(living).state == "off"


@pytest.mark.usefixtures("home")
async def test_vacation_mode_by_floor(hass: HomeAssistant) -> None:
    floors = fr.async_get(hass)
    ground = floors.async_create("Ground floor")
    first = floors.async_create("First floor")
    from homeassistant.helpers import area_registry as ar, device_registry as dr

    areas = ar.async_get(hass)
    kitchen_area = areas.async_create("Kitchen area", floor_id=ground.floor_id)
    bedroom_area = areas.async_create("Bedroom area", floor_id=first.floor_id)
    devices = dr.async_get(hass)
    devices.async_update_device(
        location_device_id(hass, "kitchen"), area_id=kitchen_area.id
    )
    devices.async_update_device(
        location_device_id(hass, "bedroom"), area_id=bedroom_area.id
    )
    on_leaving, on_return = (
        example
        for example in _examples()
        if isinstance(example, dict) and "vacation" in repr(example)
    )
    assert await async_setup_component(
        hass,
        "script",
        {
            "script": {
                "leave": {"sequence": [on_leaving]},
                "back": {"sequence": [on_return]},
            }
        },
    )
    await hass.services.async_call(
        "occupancy_manager",
        "trigger",
        {"entity_id": "binary_sensor.kitchen_occupancy", "indefinite": True},
        blocking=True,
    )
    await hass.services.async_call("script", "leave", blocking=True)
    await hass.async_block_till_done()
    for room in ("kitchen", "bedroom"):
        state = hass.states.get(f"binary_sensor.{room}_occupancy")
        assert state.state == "off"
        assert state.attributes["locked_by"] == ["vacation"]
    await hass.services.async_call("script", "back", blocking=True)
    await hass.async_block_till_done()
    assert (
        hass.states.get("binary_sensor.kitchen_occupancy").attributes["locked_by"] == []
    )


@pytest.mark.usefixtures("home")
async def test_sleep_mode_and_lights_off_automations(hass: HomeAssistant) -> None:
    from pytest_homeassistant_custom_component.common import async_mock_service

    light_off = async_mock_service(hass, "light", "turn_off")
    automations = [
        item
        for example in _examples()
        if isinstance(example, dict) and "automation" in example
        for item in example["automation"]
    ]
    assert {a["alias"] for a in automations} >= {
        "Bedroom sleep mode",
        "Kitchen lights follow vacancy",
    }
    hass.states.async_set("input_boolean.sleeping", "off")
    assert await async_setup_component(hass, "automation", {"automation": automations})
    await hass.async_block_till_done()

    hass.states.async_set("input_boolean.sleeping", "on")
    await hass.async_block_till_done()
    bedroom = hass.states.get("binary_sensor.bedroom_occupancy")
    assert bedroom.state == "on"
    assert bedroom.attributes["locked_by"] == ["sleep"]
    hass.states.async_set("input_boolean.sleeping", "off")
    await hass.async_block_till_done()
    bedroom = hass.states.get("binary_sensor.bedroom_occupancy")
    assert bedroom.state == "off"
    assert bedroom.attributes["contributions"] == []

    await hass.services.async_call(
        "occupancy_manager",
        "trigger",
        {"entity_id": "binary_sensor.kitchen_occupancy", "indefinite": True},
        blocking=True,
    )
    await hass.services.async_call(
        "occupancy_manager",
        "vacate",
        {"entity_id": "binary_sensor.kitchen_occupancy"},
        blocking=True,
    )
    await hass.async_block_till_done()
    assert [call.data["area_id"] for call in light_off] == [["kitchen"]]


@pytest.mark.usefixtures("home")
async def test_cooking_script(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    cooking = _example("list", "cooking")
    kitchen = "binary_sensor.kitchen_occupancy"
    assert await async_setup_component(
        hass,
        "script",
        {
            "script": {
                "cook": {"sequence": cooking[:1]},
                "done": {"sequence": cooking[1:]},
            }
        },
    )
    await hass.services.async_call("script", "cook", blocking=True)
    await hass.async_block_till_done()
    expires = hass.states.get(kitchen).attributes["contributions"][0]["expires_at"]
    assert datetime.fromisoformat(expires) - datetime.now(UTC) == timedelta(minutes=45)
    await hass.services.async_call("script", "done", blocking=True)
    await hass.async_block_till_done()
    assert hass.states.get(kitchen).state == "off"


@pytest.mark.usefixtures("home")
async def test_why_is_the_kitchen_occupied_script(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    from pytest_homeassistant_custom_component.common import async_mock_service

    notes = async_mock_service(hass, "persistent_notification", "create")
    scripts = next(
        example
        for example in _examples()
        if isinstance(example, dict)
        and "why_is_the_kitchen_occupied" in example.get("script", {})
    )
    assert await async_setup_component(hass, "script", scripts)
    await hass.services.async_call(
        "occupancy_manager",
        "trigger",
        {
            "entity_id": "binary_sensor.kitchen_occupancy",
            "source_id": "cooking",
            "timeout": {"minutes": 10},
        },
        blocking=True,
    )
    await hass.services.async_call(
        "script", "why_is_the_kitchen_occupied", blocking=True
    )
    await hass.async_block_till_done()
    message = notes[0].data["message"]
    assert message.startswith("Occupied (trigger:cooking).")
    assert (
        "cooking (action), 600 s left" in message
        or "cooking (action), 599 s left" in message
    )
