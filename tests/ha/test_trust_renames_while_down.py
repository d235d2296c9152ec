"""A source renamed while the home is not loaded is followed at its next setup.

Live, the registry's update event names the old and the new id (live.py). While the
home is disabled, or its setup waits to retry, nobody listens: the saved state keeps
each named entity's registry entry id (its UUID), which survives a rename, and the
setup follows an id whose entity is now called otherwise, as the live rename does.
"""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryDisabler, ConfigEntryState
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.exceptions import ConfigEntryNotReady
from homeassistant.helpers import entity_registry as er, issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockEntity,
    MockEntityPlatform,
    async_capture_events,
    async_mock_service,
)

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, setup_home, tick

ROOM = "binary_sensor.room_occupancy"
P = "binary_sensor.p"
M = "binary_sensor.m"
NEW = "binary_sensor.presence_kitchen"


class _Sensor(MockEntity):
    @property
    def state(self) -> str:
        return self._handle("state")

    async def async_set(self, state: str) -> None:
        self._values["state"] = state
        self.async_write_ha_state()
        await self.hass.async_block_till_done()


async def _sensor(hass: HomeAssistant, unique_id: str, state: str) -> _Sensor:
    platform = MockEntityPlatform(hass, domain="binary_sensor", platform_name="test")
    sensor = _Sensor(unique_id=unique_id, name=unique_id, state=state)
    await platform.async_add_entities([sensor])
    return sensor


@pytest.fixture
def actions(hass: HomeAssistant) -> list[list[ServiceCall]]:
    """The mode actions rooms run: scenes, scripts (none must run for a rename)."""
    return [
        async_mock_service(hass, "scene", "turn_on"),
        async_mock_service(hass, "script", "turn_on"),
    ]


def _count(actions: list[list[ServiceCall]]) -> int:
    return sum(len(calls) for calls in actions)


async def _home(hass: HomeAssistant, **room: Any) -> MockConfigEntry:
    return await setup_home(
        hass,
        home_entry(
            location(
                "room",
                "Room",
                actions={"occupied": ["scene.evening"], "vacant": ["script.night"]},
                **room,
            )
        ),
    )


async def _disabled(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    assert await hass.config_entries.async_set_disabled_by(
        entry.entry_id, ConfigEntryDisabler.USER
    )
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED


async def _enabled(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    assert await hass.config_entries.async_set_disabled_by(entry.entry_id, None)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED


def _contributions(hass: HomeAssistant) -> list[str]:
    return [c["source_id"] for c in hass.states.get(ROOM).attributes["contributions"]]


def _room_data(entry: MockConfigEntry) -> dict[str, Any]:
    (subentry,) = entry.subentries.values()
    return dict(subentry.data)


async def test_a_presence_sensor_renamed_while_disabled_is_followed(
    hass: HomeAssistant,
    issue_registry: ir.IssueRegistry,
    actions: list[list[ServiceCall]],
) -> None:
    sensor = await _sensor(hass, "p", "on")
    entry = await _home(hass, presence_sources=[P])
    assert hass.states.get(ROOM).state == "on"
    await _disabled(hass, entry)
    er.async_get(hass).async_update_entity(P, new_entity_id=NEW)
    await hass.async_block_till_done()
    changed = async_capture_events(hass, "occupancy_manager_changed")
    ran = _count(actions)
    await _enabled(hass, entry)
    assert _room_data(entry)["presence_sources"] == [NEW]
    assert hass.states.get(ROOM).state == "on"
    assert _contributions(hass) == [NEW]
    assert changed == []
    assert _count(actions) == ran
    assert not [
        issue
        for (domain, _), issue in issue_registry.issues.items()
        if domain == DOMAIN and issue.translation_key == "missing_sources"
    ]
    # The room hears of the sensor by its new id.
    await sensor.async_set("off")
    assert hass.states.get(ROOM).state == "on"  # its trailing time
    assert [event.data["occupied"] for event in changed] == []


async def test_a_motion_sensor_renamed_while_disabled_keeps_its_time(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    actions: list[list[ServiceCall]],
) -> None:
    sensor = await _sensor(hass, "m", "off")
    entry = await _home(hass, motion_sources=[M])
    await sensor.async_set("on")
    await sensor.async_set("off")  # the room is held for the 300 s motion timeout
    await tick(hass, freezer, 100)
    await _disabled(hass, entry)
    er.async_get(hass).async_update_entity(M, new_entity_id=NEW)
    await hass.async_block_till_done()
    changed = async_capture_events(hass, "occupancy_manager_changed")
    ran = _count(actions)
    await _enabled(hass, entry)
    assert _room_data(entry)["motion_sources"] == [NEW]
    assert hass.states.get(ROOM).state == "on"
    assert _contributions(hass) == [NEW]
    assert changed == []
    assert _count(actions) == ran
    await tick(hass, freezer, 195)
    assert hass.states.get(ROOM).state == "on"
    await tick(hass, freezer, 10)
    assert hass.states.get(ROOM).state == "off"


async def test_a_scene_and_the_sleep_entity_renamed_while_disabled_are_followed(
    hass: HomeAssistant,
) -> None:
    registry = er.async_get(hass)
    for entity_id in ("scene.evening", "input_boolean.sleeping"):
        domain, object_id = entity_id.split(".")
        registry.async_get_or_create(
            domain, "test", object_id, suggested_object_id=object_id
        )
    entry = await setup_home(
        hass,
        home_entry(
            location(
                "room",
                "Room",
                motion_sources=[M],
                actions={"occupied": ["scene.evening"], "vacant": []},
            ),
            options={"sleep_entity": "input_boolean.sleeping"},
        ),
    )
    await _disabled(hass, entry)
    registry.async_update_entity("scene.evening", new_entity_id="scene.dusk")
    registry.async_update_entity(
        "input_boolean.sleeping", new_entity_id="input_boolean.asleep"
    )
    await _enabled(hass, entry)
    assert _room_data(entry)["actions"] == {"occupied": ["scene.dusk"], "vacant": []}
    assert entry.options["sleep_entity"] == "input_boolean.asleep"


@pytest.mark.parametrize(
    "saved",
    [
        pytest.param(None, id="an earlier release's file, without the ids"),
        pytest.param(["binary_sensor.p"], id="not a mapping"),
        pytest.param({P: 5}, id="not a string"),
        pytest.param({P: NEW}, id="an entity id, not a registry entry id"),
        pytest.param({P: "0123abcd"}, id="an entry id the registry does not know"),
    ],
)
async def test_saved_data_without_usable_ids_loads_and_follows_nothing(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    issue_registry: ir.IssueRegistry,
    saved: object,
) -> None:
    await _sensor(hass, "p", "on")
    entry = await _home(hass, presence_sources=[P])
    await _disabled(hass, entry)
    data = hass_storage[f"{DOMAIN}.{entry.entry_id}"]["data"]
    assert data["registry_ids"] == {P: er.async_get(hass).async_get(P).id}
    if saved is None:
        del data["registry_ids"]
    else:
        data["registry_ids"] = saved
    er.async_get(hass).async_update_entity(P, new_entity_id=NEW)
    await hass.async_block_till_done()
    await _enabled(hass, entry)
    # As before the ids were kept: the old id is a missing source, and says so.
    assert _room_data(entry)["presence_sources"] == [P]
    assert issue_registry.async_get_issue(
        DOMAIN, f"missing_sources_{entry.entry_id}_room"
    )


async def test_two_sources_that_swapped_ids_while_disabled_swap_kinds_too(
    hass: HomeAssistant,
) -> None:
    """Followed one by one, the first rename would list both under one kind."""
    await _sensor(hass, "p", "on")
    await _sensor(hass, "m", "off")
    entry = await _home(hass, presence_sources=[P], motion_sources=[M])
    await _disabled(hass, entry)
    registry = er.async_get(hass)
    registry.async_update_entity(P, new_entity_id="binary_sensor.swap")
    registry.async_update_entity(M, new_entity_id=P)
    registry.async_update_entity("binary_sensor.swap", new_entity_id=M)
    await hass.async_block_till_done()
    await _enabled(hass, entry)
    data = _room_data(entry)
    assert (data["presence_sources"], data["motion_sources"]) == ([M], [P])
    assert hass.states.get(ROOM).state == "on"
    assert _contributions(hass) == [M]


@pytest.mark.usefixtures("actions")
async def test_a_source_out_of_the_registry_for_a_while_keeps_its_saved_id(
    hass: HomeAssistant,
) -> None:
    """Removed, then added again, an entity gets its registry entry id back."""
    registry = er.async_get(hass)
    registry.async_get_or_create("binary_sensor", "test", "p", suggested_object_id="p")
    hass.states.async_set(P, "on")
    entry = await _home(hass, presence_sources=[P])
    registry_id = registry.async_get(P).id
    registry.async_remove(P)
    await hass.async_block_till_done()
    await _disabled(hass, entry)  # saved while the registry does not know it
    again = registry.async_get_or_create(
        "binary_sensor", "test", "p", suggested_object_id="p"
    )
    assert again.id == registry_id
    registry.async_update_entity(again.entity_id, new_entity_id=NEW)
    hass.states.async_set(NEW, "on")
    await hass.async_block_till_done()
    await _enabled(hass, entry)
    assert _room_data(entry)["presence_sources"] == [NEW]


@pytest.mark.usefixtures("actions")
async def test_a_setup_that_fails_after_following_leaves_nothing_stuck(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Its setup retrying: the first try followed the rename, then failed."""
    sensor = await _sensor(hass, "p", "on")
    entry = await _home(hass, presence_sources=[P])
    await _disabled(hass, entry)
    er.async_get(hass).async_update_entity(P, new_entity_id=NEW)
    await hass.async_block_till_done()
    forward = hass.config_entries.async_forward_entry_setups
    with patch.object(
        hass.config_entries,
        "async_forward_entry_setups",
        side_effect=ConfigEntryNotReady("not yet"),
    ):
        await hass.config_entries.async_set_disabled_by(entry.entry_id, None)
        await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert hass.config_entries.async_forward_entry_setups == forward
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert hass.states.get(ROOM).state == "on"
    assert _contributions(hass) == [NEW]
    await sensor.async_set("off")
    await tick(hass, freezer, 3600)
    assert hass.states.get(ROOM).state == "off"


@pytest.mark.usefixtures("actions")
async def test_a_room_tracker_renamed_while_disabled_is_no_departure_or_arrival(
    hass: HomeAssistant,
) -> None:
    platform = MockEntityPlatform(hass, domain="sensor", platform_name="test")
    await platform.async_add_entities(
        [_Sensor(unique_id="alice", name="Alice", state="Room")]
    )
    entry = await _home(hass, occupant_sources=["sensor.alice"])
    assert hass.states.get(ROOM).attributes["occupants"] == ["Alice"]
    await _disabled(hass, entry)
    er.async_get(hass).async_update_entity(
        "sensor.alice", new_entity_id="sensor.alice_phone"
    )
    await hass.async_block_till_done()
    occupants = async_capture_events(hass, "occupancy_manager_occupant")
    changed = async_capture_events(hass, "occupancy_manager_changed")
    await _enabled(hass, entry)
    assert _room_data(entry)["occupant_sources"] == ["sensor.alice_phone"]
    assert hass.states.get(ROOM).attributes["occupants"] == ["Alice"]
    assert _contributions(hass) == ["sensor.alice_phone"]
    assert occupants == []
    assert changed == []
