"""Sleep profile, quiet after vacate, sources problem, get_occupancy, occupants."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import Event, HomeAssistant
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.occupancy_manager.const import (
    DOMAIN,
    EVENT_OCCUPANT,
    SUBENTRY_LOCATION,
)
from custom_components.occupancy_manager.logbook import async_describe_events

from .common import home_entry, location, set_state, setup_home, tick

ROOM = "binary_sensor.room_occupancy"


def _contribution(hass: HomeAssistant, source_id: str) -> dict[str, Any] | None:
    contributions = hass.states.get(ROOM).attributes["contributions"]
    return next((c for c in contributions if c["source_id"] == source_id), None)


async def test_sleep_profile_changes_only_new_inputs(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await set_state(hass, "input_boolean.sleeping", "off")
    await set_state(hass, "binary_sensor.m", "off")
    await set_state(hass, "binary_sensor.p", "off")
    await setup_home(
        hass,
        home_entry(
            location(
                "room",
                "Room",
                motion_sources=["binary_sensor.m"],
                presence_sources=["binary_sensor.p"],
                timing={
                    "sleep_motion_timeout": {"hours": 1},
                    "sleep_trailing_timeout": {"minutes": 30},
                },
            ),
            options={"sleep_entity": "input_boolean.sleeping"},
        ),
    )
    await set_state(hass, "binary_sensor.m", "on")
    awake_expiry = _contribution(hass, "binary_sensor.m")["expires_at"]
    await set_state(hass, "input_boolean.sleeping", "on")
    # A running contribution keeps its expiry when the household goes to sleep.
    assert _contribution(hass, "binary_sensor.m")["expires_at"] == awake_expiry
    await tick(hass, freezer, 301)
    assert hass.states.get(ROOM).state == "off"

    await set_state(hass, "binary_sensor.m", "off")
    await set_state(hass, "binary_sensor.m", "on")
    await tick(hass, freezer, 3599)
    assert hass.states.get(ROOM).state == "on"  # the sleep motion timeout
    await set_state(hass, "binary_sensor.p", "on")
    await set_state(hass, "binary_sensor.p", "off")
    await tick(hass, freezer, 29 * 60)
    assert hass.states.get(ROOM).state == "on"  # the sleep trailing time
    await set_state(hass, "input_boolean.sleeping", "off")
    await tick(hass, freezer, 61)
    assert hass.states.get(ROOM).state == "off"


async def test_quiet_time_after_vacate(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await set_state(hass, "binary_sensor.m", "off")
    await set_state(hass, "light.main", "on")
    await setup_home(
        hass,
        home_entry(
            location(
                "room",
                "Room",
                motion_sources=["binary_sensor.m"],
                vacate_sources=["light.main"],
            )
        ),
    )
    await set_state(hass, "binary_sensor.m", "on")
    await set_state(hass, "binary_sensor.m", "off")
    await set_state(hass, "light.main", "off")  # switches the light off and walks out
    assert hass.states.get(ROOM).state == "off"
    await tick(hass, freezer, 3)
    await set_state(hass, "binary_sensor.m", "on")  # the PIR sees them leave
    assert hass.states.get(ROOM).state == "off"
    response = await hass.services.async_call(
        DOMAIN,
        "get_occupancy",
        {"entity_id": ROOM},
        blocking=True,
        return_response=True,
    )
    assert "quiet after vacate" in response[ROOM]["reason"]
    # Actions are never quieted.
    await hass.services.async_call(
        DOMAIN, "trigger", {"entity_id": ROOM, "source_id": "me"}, blocking=True
    )
    assert hass.states.get(ROOM).state == "on"
    await hass.services.async_call(DOMAIN, "vacate", {"entity_id": ROOM}, blocking=True)
    await tick(hass, freezer, 11)
    await set_state(hass, "binary_sensor.m", "off")
    await set_state(hass, "binary_sensor.m", "on")
    assert hass.states.get(ROOM).state == "on"


async def test_sources_problem(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await set_state(hass, "binary_sensor.p", "on")
    await setup_home(
        hass,
        home_entry(
            location(
                "room",
                "Room",
                presence_sources=["binary_sensor.p"],
                motion_sources=["binary_sensor.gone"],
            )
        ),
    )
    problem = "binary_sensor.room_sources_problem"
    assert hass.states.get(problem).state == "on"
    assert hass.states.get(problem).attributes["problem_sources"] == [
        "binary_sensor.gone"
    ]
    await set_state(hass, "binary_sensor.gone", "off")
    assert hass.states.get(problem).state == "off"

    await set_state(hass, "binary_sensor.p", "unavailable")
    await tick(hass, freezer, 29 * 60)
    assert hass.states.get(problem).state == "off"  # within the grace
    await tick(hass, freezer, 61)
    assert hass.states.get(problem).attributes["problem_sources"] == ["binary_sensor.p"]
    await set_state(hass, "binary_sensor.p", "off")
    assert hass.states.get(problem).state == "off"


async def test_get_occupancy_response(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, snapshot: SnapshotAssertion
) -> None:
    freezer.move_to(datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    await set_state(hass, "binary_sensor.m", "off", friendly_name="Kitchen motion")
    await setup_home(
        hass,
        home_entry(
            location("house", "House"),
            location(
                "kitchen", "Kitchen", parent="house", motion_sources=["binary_sensor.m"]
            ),
            location("hall", "Hall", parent="house"),
        ),
    )
    await set_state(hass, "binary_sensor.m", "on", friendly_name="Kitchen motion")
    await hass.services.async_call(
        DOMAIN,
        "lock",
        {
            "entity_id": "binary_sensor.house_occupancy",
            "source_id": "party",
            "duration": {"hours": 2},
        },
        blocking=True,
    )
    await tick(hass, freezer, 60)
    response = await hass.services.async_call(
        DOMAIN,
        "get_occupancy",
        {
            "entity_id": [
                "binary_sensor.house_occupancy",
                "binary_sensor.kitchen_occupancy",
            ]
        },
        blocking=True,
        return_response=True,
    )
    assert response == snapshot


async def test_arrivals_and_departures(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await set_state(hass, "sensor.mike_room", "hall", friendly_name="Mike")
    await setup_home(
        hass,
        home_entry(
            location("house", "House"),
            location(
                "kitchen",
                "Kitchen",
                parent="house",
                occupant_sources=["sensor.mike_room"],
            ),
        ),
    )
    events = async_capture_events(hass, EVENT_OCCUPANT)
    await set_state(hass, "sensor.mike_room", "kitchen", friendly_name="Mike")
    assert [
        (e.data["location"], e.data["occupant"], e.data["action"]) for e in events
    ] == [
        ("Kitchen", "Mike", "arrived"),
        ("House", "Mike", "arrived"),
    ]
    assert events[0].data["entity_id"] == "binary_sensor.kitchen_occupancy"
    assert set(events[0].data) == {
        "entry_id",
        "location_id",
        "location",
        "entity_id",
        "occupant",
        "action",
    }
    events.clear()
    # The departure comes when the carrying contribution ends (after the trailing time).
    await set_state(hass, "sensor.mike_room", "garden", friendly_name="Mike")
    assert events == []
    await tick(hass, freezer, 121)
    assert [(e.data["location"], e.data["action"]) for e in events] == [
        ("Kitchen", "departed"),
        ("House", "departed"),
    ]
    # A vacate ends it too: no ghost stays behind.
    events.clear()
    await set_state(hass, "sensor.mike_room", "kitchen", friendly_name="Mike")
    await hass.services.async_call(
        DOMAIN,
        "vacate",
        {"entity_id": "binary_sensor.kitchen_occupancy"},
        blocking=True,
    )
    assert [(e.data["location"], e.data["action"]) for e in events][-2:] == [
        ("Kitchen", "departed"),
        ("House", "departed"),
    ]
    described: dict[tuple[str, str], Callable[[Event], dict[str, Any]]] = {}
    async_describe_events(
        hass,
        lambda domain, event_type, fn: described.__setitem__((domain, event_type), fn),
    )
    describe = described[DOMAIN, EVENT_OCCUPANT]
    assert [(row["name"], row["message"]) for row in map(describe, events[:2])] == [
        ("Mike", "arrived in Kitchen"),
        ("Mike", "arrived in House"),
    ]


async def test_entry_from_before_the_advanced_keys_loads_unchanged(
    hass: HomeAssistant,
) -> None:
    hass.states.async_set("binary_sensor.m", "off")
    old_location = ConfigSubentryData(
        data={"name": "Room", "motion_sources": ["binary_sensor.m"], "timing": {}},
        subentry_id="room",
        subentry_type=SUBENTRY_LOCATION,
        title="Room",
        unique_id=None,
    )
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Home",
        options={"default_timeout": {"minutes": 5}, "import_areas": False},
        subentries_data=[old_location],
        version=1,
        minor_version=1,
    )
    await setup_home(hass, entry)
    assert (entry.version, entry.minor_version) == (1, 2)
    assert dict(entry.subentries["room"].data) == dict(old_location["data"])
    assert dict(entry.options) == {
        "default_timeout": {"minutes": 5},
        "import_areas": False,
    }
    hass.states.async_set("binary_sensor.m", "on")
    await hass.async_block_till_done()
    assert hass.states.get(ROOM).state == "on"
    assert hass.states.get("binary_sensor.room_sources_problem").state == "off"


async def test_departure_told_when_the_carrier_expired_while_down(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await set_state(hass, "sensor.mike_room", "kitchen", friendly_name="Mike")
    entry = await setup_home(
        hass,
        home_entry(
            location("house", "House"),
            location(
                "kitchen",
                "Kitchen",
                parent="house",
                occupant_sources=["sensor.mike_room"],
            ),
        ),
    )
    await set_state(
        hass, "sensor.mike_room", "garden", friendly_name="Mike"
    )  # 2 min trailing
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    freezer.tick(600)  # Home Assistant is down while the trailing time runs out
    events = async_capture_events(hass, EVENT_OCCUPANT)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert [
        (e.data["location"], e.data["occupant"], e.data["action"]) for e in events
    ] == [
        ("House", "Mike", "departed"),
        ("Kitchen", "Mike", "departed"),
    ]
    assert (
        hass.states.get("binary_sensor.kitchen_occupancy").attributes["occupants"] == []
    )
