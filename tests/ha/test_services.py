"""The actions, through hass.services with every kind of target."""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
    floor_registry as fr,
)
import pytest
from pytest_homeassistant_custom_component.common import async_capture_events

from custom_components.occupancy_manager.const import DOMAIN, EVENT_OCCUPANCY_CHANGED

from .common import home_entry, location, location_device_id, setup_home, tick

KITCHEN = "binary_sensor.kitchen_occupancy"
FLOOR = "binary_sensor.floor_occupancy"
HOUSE = "binary_sensor.house_occupancy"


@pytest.fixture
async def home(hass: HomeAssistant) -> None:
    await setup_home(
        hass,
        home_entry(
            location("house", "House"),
            location("floor", "Floor", parent="house"),
            location("kitchen", "Kitchen", parent="floor"),
            location("bedroom", "Bedroom", parent="floor"),
        ),
    )


async def _call(
    hass: HomeAssistant, service: str, target: dict[str, Any], **data: Any
) -> None:
    await hass.services.async_call(DOMAIN, service, {**target, **data}, blocking=True)
    await hass.async_block_till_done()


def _on(hass: HomeAssistant, entity_id: str) -> bool:
    return hass.states.get(entity_id).state == "on"


@pytest.mark.usefixtures("home")
async def test_trigger_with_timeout_by_entity(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await _call(hass, "trigger", {"entity_id": KITCHEN}, timeout={"minutes": 10})
    assert _on(hass, KITCHEN) and _on(hass, FLOOR) and _on(hass, HOUSE)
    contribution = hass.states.get(KITCHEN).attributes["contributions"][0]
    assert contribution["source_id"] == "manual"
    assert contribution["kind"] == "action"
    await tick(hass, freezer, 599)
    assert _on(hass, KITCHEN)
    await tick(hass, freezer, 2)
    assert not _on(hass, KITCHEN) and not _on(hass, HOUSE)


@pytest.mark.usefixtures("home")
async def test_trigger_default_and_indefinite_then_clear(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await _call(hass, "trigger", {"entity_id": KITCHEN}, source_id="cook")
    await tick(hass, freezer, 301)  # the location's motion timeout (5 min)
    assert not _on(hass, KITCHEN)

    await _call(
        hass, "trigger", {"entity_id": KITCHEN}, source_id="cook", indefinite=True
    )
    await tick(hass, freezer, 86400)
    assert _on(hass, KITCHEN)
    await _call(hass, "clear", {"entity_id": KITCHEN}, source_id="cook")
    await tick(hass, freezer, 119)
    assert _on(hass, KITCHEN)  # default trailing 2 min
    await tick(hass, freezer, 2)
    assert not _on(hass, KITCHEN)

    await _call(
        hass, "trigger", {"entity_id": KITCHEN}, source_id="cook", indefinite=True
    )
    await _call(
        hass,
        "clear",
        {"entity_id": KITCHEN},
        source_id="cook",
        trailing_timeout={"seconds": 0},
    )
    assert not _on(hass, KITCHEN)


@pytest.mark.usefixtures("home")
async def test_targets_by_device_area_and_floor(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    area_registry: ar.AreaRegistry,
    floor_registry: fr.FloorRegistry,
) -> None:
    device_id = location_device_id(hass, "kitchen")
    await _call(hass, "trigger", {"device_id": device_id}, indefinite=True)
    assert _on(hass, KITCHEN)
    await _call(hass, "vacate", {"device_id": device_id})
    assert not _on(hass, KITCHEN)

    floor = floor_registry.async_create("Upstairs")
    area = area_registry.async_create("Bedroom area", floor_id=floor.floor_id)
    device_registry.async_update_device(
        location_device_id(hass, "bedroom"), area_id=area.id
    )
    await _call(hass, "trigger", {"area_id": area.id}, indefinite=True)
    assert _on(hass, "binary_sensor.bedroom_occupancy")
    await _call(hass, "vacate", {"floor_id": floor.floor_id})
    assert not _on(hass, "binary_sensor.bedroom_occupancy")


@pytest.mark.usefixtures("home")
async def test_vacate_with_and_without_children(hass: HomeAssistant) -> None:
    await _call(hass, "trigger", {"entity_id": [KITCHEN, HOUSE]}, indefinite=True)
    await _call(hass, "vacate", {"entity_id": HOUSE})
    assert _on(hass, HOUSE)  # the occupied kitchen still holds it
    await _call(hass, "vacate", {"entity_id": HOUSE}, include_children=True)
    assert not _on(hass, HOUSE) and not _on(hass, FLOOR) and not _on(hass, KITCHEN)


@pytest.mark.usefixtures("home")
async def test_lock_occupied_then_unlock_leaves_nothing_held(
    hass: HomeAssistant,
) -> None:
    await _call(
        hass, "lock", {"entity_id": KITCHEN}, source_id="sleep", state="occupied"
    )
    assert _on(hass, KITCHEN)
    assert hass.states.get("switch.kitchen_occupancy_lock").state == "on"
    attrs = hass.states.get(KITCHEN).attributes
    assert attrs["locked_by"] == ["sleep"]
    assert attrs["contributions"][0]["kind"] == "lock"
    await _call(hass, "vacate", {"entity_id": KITCHEN})
    assert _on(hass, KITCHEN)  # vacate while locked is ignored
    await _call(hass, "unlock", {"entity_id": KITCHEN}, source_id="sleep")
    assert not _on(hass, KITCHEN)
    assert hass.states.get(KITCHEN).attributes["contributions"] == []


@pytest.mark.usefixtures("home")
async def test_lock_duration_expires_by_itself(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await _call(
        hass,
        "lock",
        {"entity_id": KITCHEN},
        source_id="party",
        state="occupied",
        duration={"hours": 3},
    )
    await tick(hass, freezer, 3 * 3600 - 1)
    assert _on(hass, KITCHEN)
    await tick(hass, freezer, 2)
    assert not _on(hass, KITCHEN)
    assert hass.states.get("switch.kitchen_occupancy_lock").state == "off"


@pytest.mark.usefixtures("home")
async def test_lock_vacant_and_unlock_all(hass: HomeAssistant) -> None:
    await _call(hass, "trigger", {"entity_id": KITCHEN}, indefinite=True)
    await _call(
        hass, "lock", {"entity_id": KITCHEN}, source_id="vacation", state="vacant"
    )
    await _call(hass, "lock", {"entity_id": KITCHEN}, source_id="cleaning")
    assert not _on(hass, KITCHEN)
    await _call(hass, "trigger", {"entity_id": KITCHEN}, indefinite=True)
    assert not _on(hass, KITCHEN)  # frozen
    await _call(hass, "unlock", {"entity_id": KITCHEN}, source_id="vacation")
    assert hass.states.get(KITCHEN).attributes["locked_by"] == ["cleaning"]
    await _call(hass, "unlock_all", {"entity_id": KITCHEN})
    assert hass.states.get(KITCHEN).attributes["locked_by"] == []


DEN = "binary_sensor.den_occupancy"
DEN_MOTION = "binary_sensor.den_motion"


async def _den(hass: HomeAssistant) -> None:
    """A room whose quiet time after vacate (10 min) outlasts every test step."""
    hass.states.async_set(DEN_MOTION, "off")
    await setup_home(
        hass,
        home_entry(
            location(
                "den",
                "Den",
                motion_sources=[DEN_MOTION],
                timing={"vacate_quiet": {"minutes": 10}},
            )
        ),
    )


async def _den_motion(hass: HomeAssistant) -> None:
    hass.states.async_set(DEN_MOTION, "on")
    await hass.async_block_till_done()


async def test_a_vacant_lock_on_a_locked_location_starts_no_quiet_time(
    hass: HomeAssistant,
) -> None:
    # On a location already locked the lock's state is ignored (it stays frozen as
    # it is): nothing was vacated, so the sensors must not be quieted afterwards.
    await _den(hass)
    await _call(hass, "lock", {"entity_id": DEN}, source_id="cleaning")
    await _call(hass, "lock", {"entity_id": DEN}, source_id="away", state="vacant")
    await _call(hass, "unlock_all", {"entity_id": DEN})
    await _den_motion(hass)
    assert _on(hass, DEN)


async def test_a_vacant_lock_that_vacates_starts_the_quiet_time(
    hass: HomeAssistant,
) -> None:
    await _den(hass)
    await _call(hass, "trigger", {"entity_id": DEN}, indefinite=True)
    await _call(hass, "lock", {"entity_id": DEN}, source_id="away", state="vacant")
    await _call(hass, "unlock", {"entity_id": DEN}, source_id="away")
    await _den_motion(hass)
    assert not _on(hass, DEN)


@pytest.mark.usefixtures("home")
@pytest.mark.parametrize(
    ("service", "target", "data", "key"),
    [
        ("trigger", {"entity_id": "binary_sensor.nope"}, {}, "not_a_location"),
        (
            "trigger",
            {"entity_id": "switch.kitchen_occupancy_lock"},
            {},
            "not_a_location",
        ),
        (
            "trigger",
            {"entity_id": KITCHEN},
            {"timeout": {"seconds": 0}},
            "duration_too_short",
        ),
        (
            "trigger",
            {"entity_id": KITCHEN},
            {"timeout": {"seconds": 5}, "indefinite": True},
            "timeout_and_indefinite",
        ),
        ("clear", {"entity_id": KITCHEN}, {}, "source_id_required"),
        ("clear", {"entity_id": KITCHEN}, {"source_id": " "}, "source_id_required"),
        (
            "clear",
            {"entity_id": KITCHEN},
            {"source_id": "x", "trailing_timeout": {"seconds": -1}},
            "duration_too_short_zero_ok",
        ),
        ("lock", {"entity_id": KITCHEN}, {}, "source_id_required"),
        (
            "lock",
            {"entity_id": KITCHEN},
            {"source_id": "x", "duration": {"seconds": 0}},
            "duration_too_short",
        ),
        ("unlock", {"entity_id": KITCHEN}, {}, "source_id_required"),
        ("vacate", {"area_id": "no_such_area"}, {}, "no_location_targeted"),
    ],
)
async def test_bad_calls_fail_and_change_nothing(
    hass: HomeAssistant,
    service: str,
    target: dict[str, Any],
    data: dict[str, Any],
    key: str,
) -> None:
    await _call(hass, "trigger", {"entity_id": FLOOR}, indefinite=True)
    before = {
        s.entity_id: (s.state, dict(s.attributes)) for s in hass.states.async_all()
    }
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, service, target, **data)
    assert err.value.translation_key == key
    assert err.value.translation_domain == DOMAIN
    after = {
        s.entity_id: (s.state, dict(s.attributes)) for s in hass.states.async_all()
    }
    assert after == before


@pytest.mark.usefixtures("home")
async def test_mixed_targets_are_all_or_nothing(hass: HomeAssistant) -> None:
    with pytest.raises(ServiceValidationError):
        await _call(
            hass, "trigger", {"entity_id": [KITCHEN, "light.nope"]}, indefinite=True
        )
    assert not _on(hass, KITCHEN)
    await _call(
        hass,
        "trigger",
        {"entity_id": [KITCHEN, "binary_sensor.bedroom_occupancy"]},
        indefinite=True,
    )
    assert _on(hass, KITCHEN) and _on(hass, "binary_sensor.bedroom_occupancy")


@pytest.mark.usefixtures("home")
async def test_changed_event_once_per_flip(
    hass: HomeAssistant, entity_registry: er.EntityRegistry
) -> None:
    events = async_capture_events(hass, EVENT_OCCUPANCY_CHANGED)
    await _call(
        hass, "trigger", {"entity_id": KITCHEN}, source_id="cook", indefinite=True
    )
    await _call(
        hass, "trigger", {"entity_id": KITCHEN}, source_id="cook", indefinite=True
    )
    assert [e.data["location_id"] for e in events] == ["kitchen", "floor", "house"]
    kitchen = events[0].data
    entry_id = kitchen["entry_id"]
    assert kitchen == {
        "entry_id": entry_id,
        "location_id": "kitchen",
        "location": "Kitchen",
        "entity_id": KITCHEN,
        "occupied": True,
        "previous_occupied": False,
        "state": "occupied",
        "reason": "trigger:cook",
        "contributions": [
            {
                "source_id": "cook",
                "source_name": "cook",
                "kind": "action",
                "expires_at": None,
                "occupant": None,
            }
        ],
        "locked_by": [],
        "occupants": [],
    }
    assert events[1].data["reason"] == "child:kitchen"
    events.clear()
    await _call(
        hass,
        "clear",
        {"entity_id": KITCHEN},
        source_id="cook",
        trailing_timeout={"seconds": 0},
    )
    assert [
        (e.data["location_id"], e.data["occupied"], e.data["reason"]) for e in events
    ] == [
        ("kitchen", False, "clear:cook"),
        ("floor", False, "child:kitchen"),
        ("house", False, "child:floor"),
    ]
