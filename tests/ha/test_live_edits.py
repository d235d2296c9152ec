"""Edits are live (contract "Edits are live"): an occupied home survives every edit.

Each test occupies Kitchen (under Floor) and the Garage, arms a `to: "on"` automation
on each, then makes one kind of edit and checks what users would see: no entity of a
location that still exists passes through `unavailable`, untouched locations write no
state, and no event, occupancy-mode action or automation fires unless occupancy truly
changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from homeassistant import config_entries
from homeassistant.config_entries import ConfigSubentry
from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Event, HomeAssistant, ServiceCall, callback
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
)
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_mock_service,
)

from custom_components.occupancy_manager.const import (
    DOMAIN,
    EVENT_OCCUPANCY_CHANGED,
    EVENT_OCCUPANT,
    SUBENTRY_LOCATION,
)
from custom_components.occupancy_manager.engine import ConfigError, OccupancyEngine

from .common import home_entry, location, set_state, setup_home

KITCHEN = "binary_sensor.kitchen_occupancy"
GARAGE = "binary_sensor.garage_occupancy"
FLOOR = "binary_sensor.floor_occupancy"
PRESENCE = "binary_sensor.kitchen_presence"
MOTION = "binary_sensor.kitchen_motion"
GARAGE_PRESENCE = "binary_sensor.garage_presence"


@dataclass
class Watch:
    """Everything an edit could disturb."""

    writes: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)
    occupants: list[dict[str, Any]] = field(default_factory=list)
    automations: list[ServiceCall] = field(default_factory=list)
    scenes: list[ServiceCall] = field(default_factory=list)

    def written(self, prefix: str) -> list[tuple[str, str | None, str | None]]:
        """State writes of one location's entities (by entity id prefix)."""
        return [write for write in self.writes if f".{prefix}_" in write[0]]

    def assert_never_unavailable(self) -> None:
        """No entity of ours passed through unavailable."""
        assert [w for w in self.writes if w[2] == "unavailable"] == []

    def assert_nothing_fired(self) -> None:
        """No event, no mode action, no automation."""
        assert self.changed == []
        assert self.occupants == []
        assert self.automations == []
        assert self.scenes == []


async def _occupied_home(hass: HomeAssistant) -> tuple[MockConfigEntry, Watch]:
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": [
                {
                    "triggers": [
                        {"trigger": "state", "entity_id": entity_id, "to": "on"}
                    ],
                    "actions": [
                        {"action": "test.automation", "data": {"who": entity_id}}
                    ],
                }
                for entity_id in (KITCHEN, GARAGE, FLOOR)
            ]
        },
    )
    for entity_id in (PRESENCE, MOTION, GARAGE_PRESENCE):
        hass.states.async_set(entity_id, "off")
    entry = await setup_home(
        hass,
        home_entry(
            location("floor", "Floor"),
            location(
                "kitchen",
                "Kitchen",
                parent="floor",
                presence_sources=[PRESENCE],
                motion_sources=[MOTION],
                actions={"occupied": ["scene.kitchen_on"]},
            ),
            location("garage", "Garage", presence_sources=[GARAGE_PRESENCE]),
        ),
    )
    scenes = async_mock_service(hass, "scene", "turn_on")
    automations = async_mock_service(hass, "test", "automation")
    await set_state(hass, PRESENCE, "on")
    await set_state(hass, GARAGE_PRESENCE, "on")
    await hass.async_block_till_done(wait_background_tasks=True)
    assert len(automations) == 3
    assert len(scenes) == 1
    automations.clear()
    scenes.clear()
    watch = Watch(automations=automations, scenes=scenes)

    @callback
    def _state(event: Event) -> None:
        entity_id = event.data["entity_id"]
        entity = er.async_get(hass).async_get(entity_id)
        if entity is not None and entity.platform == DOMAIN:
            old, new = event.data["old_state"], event.data["new_state"]
            watch.writes.append(
                (
                    entity_id,
                    old.state if old else None,
                    new.state if new else None,
                )
            )

    hass.bus.async_listen(EVENT_STATE_CHANGED, _state)
    # Callbacks run in the event loop, in firing order (a plain function would run
    # in the executor, in any order).
    hass.bus.async_listen(
        EVENT_OCCUPANCY_CHANGED,
        callback(lambda event: watch.changed.append(event.data)),
    )
    hass.bus.async_listen(
        EVENT_OCCUPANT, callback(lambda event: watch.occupants.append(event.data))
    )
    return entry, watch


def _device(
    hass: HomeAssistant, entry: MockConfigEntry, location_id: str
) -> dr.DeviceEntry | None:
    return next(
        (
            device
            for device in dr.async_entries_for_config_entry(
                dr.async_get(hass), entry.entry_id
            )
            if (DOMAIN, location_id) in device.identifiers
        ),
        None,
    )


def _edit(
    hass: HomeAssistant, entry: MockConfigEntry, location_id: str, **changes: Any
) -> None:
    subentry = entry.subentries[location_id]
    title = changes.get("name", subentry.title)
    hass.config_entries.async_update_subentry(
        entry, subentry, data={**subentry.data, **changes}, title=title
    )


async def test_rename_writes_only_the_renamed_location(hass: HomeAssistant) -> None:
    entry, watch = await _occupied_home(hass)
    _edit(hass, entry, "garage", name="Workshop")
    await hass.async_block_till_done()

    watch.assert_never_unavailable()
    watch.assert_nothing_fired()
    assert watch.written("kitchen") == []
    assert watch.written("floor") == []
    state = hass.states.get(GARAGE)
    assert state.state == "on"
    assert state.attributes["location"] == "Workshop"
    device = _device(hass, entry, "garage")
    assert device is not None
    assert device.name == "Workshop"
    # Same entity ids: automations keep working.
    assert hass.states.get("binary_sensor.workshop_occupancy") is None


async def test_add_location_adds_its_entities_and_touches_nothing(
    hass: HomeAssistant,
) -> None:
    entry, watch = await _occupied_home(hass)
    hass.config_entries.async_add_subentry(
        entry,
        ConfigSubentry(
            data={"name": "Office", "timing": {}},
            subentry_type=SUBENTRY_LOCATION,
            title="Office",
            unique_id=None,
        ),
    )
    await hass.async_block_till_done()

    watch.assert_never_unavailable()
    watch.assert_nothing_fired()
    assert {w[0] for w in watch.writes} == {
        "binary_sensor.office_occupancy",
        "binary_sensor.office_sources_problem",
        "sensor.office_occupancy_state",
        "switch.office_occupancy_lock",
    }
    assert hass.states.get("binary_sensor.office_occupancy").state == "off"
    office = next(s for s in entry.subentries.values() if s.title == "Office")
    entity = er.async_get(hass).async_get("binary_sensor.office_occupancy")
    assert entity is not None
    assert entity.config_subentry_id == office.subentry_id
    # The new location works at once.
    await hass.services.async_call(
        DOMAIN,
        "trigger",
        {"entity_id": "binary_sensor.office_occupancy", "indefinite": True},
        blocking=True,
    )
    assert hass.states.get("binary_sensor.office_occupancy").state == "on"


async def test_reparent_keeps_occupancy_without_events(hass: HomeAssistant) -> None:
    entry, watch = await _occupied_home(hass)
    _edit(hass, entry, "garage", parent="floor")
    await hass.async_block_till_done()

    watch.assert_never_unavailable()
    watch.assert_nothing_fired()
    assert watch.written("kitchen") == []
    assert hass.states.get(GARAGE).state == "on"
    floor = hass.states.get(FLOOR)
    assert floor.state == "on"
    assert {c["source_id"] for c in floor.attributes["contributions"]} == {
        "location:kitchen",
        "location:garage",
    }


async def test_changing_sources_that_do_not_hold_writes_nothing(
    hass: HomeAssistant,
) -> None:
    entry, watch = await _occupied_home(hass)
    hass.states.async_set("binary_sensor.kitchen_motion_2", "off")
    _edit(hass, entry, "kitchen", motion_sources=["binary_sensor.kitchen_motion_2"])
    await hass.async_block_till_done()

    watch.assert_never_unavailable()
    watch.assert_nothing_fired()
    assert watch.writes == []
    # The new source is listened to, the old one no longer.
    await set_state(hass, MOTION, "on")
    assert watch.writes == []
    await set_state(hass, "binary_sensor.kitchen_motion_2", "on")
    kinds = {
        c["source_id"]: c["kind"]
        for c in hass.states.get(KITCHEN).attributes["contributions"]
    }
    assert kinds == {PRESENCE: "presence", "binary_sensor.kitchen_motion_2": "motion"}


async def test_removing_the_source_that_held_the_room_is_one_config_transition(
    hass: HomeAssistant,
) -> None:
    entry, watch = await _occupied_home(hass)
    _edit(hass, entry, "kitchen", presence_sources=[])
    await hass.async_block_till_done()

    watch.assert_never_unavailable()
    kitchen = [e for e in watch.changed if e["location_id"] == "kitchen"]
    assert [(e["occupied"], e["reason"]) for e in kitchen] == [(False, "config")]
    assert [e["location_id"] for e in watch.changed] == ["kitchen", "floor"]
    assert hass.states.get(KITCHEN).state == "off"
    assert hass.states.get(FLOOR).state == "off"
    assert watch.automations == []  # nothing turned on
    assert watch.written("garage") == []
    # The removed source no longer feeds the room.
    await set_state(hass, PRESENCE, "off")
    await set_state(hass, PRESENCE, "on")
    assert hass.states.get(KITCHEN).state == "off"


async def test_adding_a_source_that_is_on_holds_the_room(hass: HomeAssistant) -> None:
    entry, watch = await _occupied_home(hass)
    hass.states.async_set("binary_sensor.office_presence", "on")
    hass.config_entries.async_add_subentry(
        entry,
        ConfigSubentry(
            data={
                "name": "Office",
                "timing": {},
                "presence_sources": ["binary_sensor.office_presence"],
            },
            subentry_type=SUBENTRY_LOCATION,
            title="Office",
            unique_id=None,
        ),
    )
    await hass.async_block_till_done()

    watch.assert_never_unavailable()
    assert hass.states.get("binary_sensor.office_occupancy").state == "on"
    # A new location's first state is not news (and it has no entity to name yet).
    assert watch.changed == []
    assert watch.written("kitchen") == []


async def test_delete_removes_entities_and_device_only(hass: HomeAssistant) -> None:
    entry, watch = await _occupied_home(hass)
    hass.config_entries.async_remove_subentry(entry, "garage")
    await hass.async_block_till_done()

    watch.assert_nothing_fired()
    assert watch.written("kitchen") == []
    assert watch.written("floor") == []
    assert [w for w in watch.writes if w[2] is not None] == []
    assert hass.states.get(GARAGE) is None
    assert er.async_get(hass).async_get(GARAGE) is None
    assert _device(hass, entry, "garage") is None
    # The garage's source no longer reaches the home.
    await set_state(hass, GARAGE_PRESENCE, "off")
    assert watch.writes == [w for w in watch.writes if w[2] is None]


async def test_options_apply_without_touching_anything(hass: HomeAssistant) -> None:
    entry, watch = await _occupied_home(hass)
    hass.config_entries.async_update_entry(
        entry,
        options={
            **entry.options,
            "default_timeout": {"minutes": 1},
            "unavailable_grace": {"minutes": 5},
        },
    )
    await hass.async_block_till_done()

    watch.assert_never_unavailable()
    watch.assert_nothing_fired()
    assert watch.writes == []
    # The new timeout applies to new inputs.
    await set_state(hass, MOTION, "on")
    motion = next(
        c
        for c in hass.states.get(KITCHEN).attributes["contributions"]
        if c["source_id"] == MOTION
    )
    assert motion["expires_at"] is not None


async def test_import_of_new_areas_touches_nothing(
    hass: HomeAssistant, area_registry: ar.AreaRegistry
) -> None:
    entry, watch = await _occupied_home(hass)
    area_registry.async_create("Attic")
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "import_areas"}
    )
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.options.async_configure(result["flow_id"], {})
    # The import ends by saying what it added (an abort with a reason, not an entry).
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "imported"
    await hass.async_block_till_done()

    watch.assert_never_unavailable()
    watch.assert_nothing_fired()
    assert watch.written("kitchen") == []
    assert watch.written("garage") == []
    assert hass.states.get("binary_sensor.attic_occupancy") is not None
    assert entry.state is config_entries.ConfigEntryState.LOADED


async def test_home_listener_hears_added_and_removed_locations(
    hass: HomeAssistant,
) -> None:
    entry, _watch = await _occupied_home(hass)
    heard: list[set[str]] = []
    entry.runtime_data.async_add_home_listener(heard.append)
    hass.config_entries.async_remove_subentry(entry, "garage")
    await hass.async_block_till_done()
    assert heard == [{"garage"}]
    hass.config_entries.async_add_subentry(
        entry,
        ConfigSubentry(
            data={"name": "Office", "timing": {}},
            subentry_type=SUBENTRY_LOCATION,
            title="Office",
            unique_id=None,
        ),
    )
    await hass.async_block_till_done()
    office = next(
        s.subentry_id for s in entry.subentries.values() if s.title == "Office"
    )
    assert heard[1:] == [{office}]
    # One call per source change, with every location it changed.
    await set_state(hass, PRESENCE, "off")
    assert heard[2:] == [{"kitchen"}]  # the trailing time still holds it
    hass.states.async_remove(MOTION)  # a missing source is shown too
    await hass.async_block_till_done()
    assert heard[3:] == [{"kitchen"}]
    assert hass.states.get("binary_sensor.kitchen_sources_problem").state == "on"


async def test_a_held_source_turned_motion_no_longer_holds(
    hass: HomeAssistant,
) -> None:
    entry, watch = await _occupied_home(hass)
    _edit(hass, entry, "kitchen", presence_sources=[], motion_sources=[PRESENCE])
    await hass.async_block_till_done()

    watch.assert_never_unavailable()
    assert hass.states.get(KITCHEN).state == "off"
    assert [(e["location_id"], e["reason"]) for e in watch.changed] == [
        ("kitchen", "config"),
        ("floor", "config"),
    ]


async def test_actions_added_and_removed_bring_their_switch(
    hass: HomeAssistant,
) -> None:
    entry, watch = await _occupied_home(hass)
    switch = "switch.garage_occupancy_automation"
    assert hass.states.get(switch) is None
    _edit(hass, entry, "garage", actions={"occupied": ["scene.garage_on"]})
    await hass.async_block_till_done()
    assert hass.states.get(switch).state == "on"
    _edit(hass, entry, "garage", actions={})
    await hass.async_block_till_done()
    assert hass.states.get(switch) is None
    assert er.async_get(hass).async_get(switch) is None
    watch.assert_never_unavailable()
    watch.assert_nothing_fired()
    assert watch.written("kitchen") == []


async def test_a_forest_the_engine_refuses_falls_back_to_a_reload(
    hass: HomeAssistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry, _watch = await _occupied_home(hass)
    shell = entry.runtime_data

    def _refuse(*_args: Any) -> None:
        raise ConfigError("refused")

    monkeypatch.setattr(OccupancyEngine, "reconfigure", _refuse)
    _edit(hass, entry, "garage", name="Workshop")
    await hass.async_block_till_done()
    assert entry.runtime_data is not shell  # reloaded
    assert entry.state is config_entries.ConfigEntryState.LOADED
    assert hass.states.get(GARAGE).attributes["location"] == "Workshop"


async def test_a_new_sleep_entity_applies_to_new_inputs(
    hass: HomeAssistant,
) -> None:
    entry, watch = await _occupied_home(hass)
    subentry = entry.subentries["kitchen"]
    hass.config_entries.async_update_subentry(
        entry,
        subentry,
        data={**subentry.data, "timing": {"sleep_motion_timeout": {"hours": 2}}},
    )
    hass.states.async_set("input_boolean.sleeping", "on")
    hass.config_entries.async_update_entry(
        entry, options={**entry.options, "sleep_entity": "input_boolean.sleeping"}
    )
    await hass.async_block_till_done()
    assert watch.writes == []
    await set_state(hass, MOTION, "on")
    motion = next(
        c
        for c in hass.states.get(KITCHEN).attributes["contributions"]
        if c["source_id"] == MOTION
    )
    expires = dt_util.parse_datetime(motion["expires_at"])
    assert expires is not None
    assert expires - dt_util.utcnow() > timedelta(hours=1)


async def test_an_edit_in_the_quiet_time_after_a_vacate_does_not_reoccupy(
    hass: HomeAssistant,
) -> None:
    entry, watch = await _occupied_home(hass)
    await hass.services.async_call(
        DOMAIN, "vacate", {"entity_id": KITCHEN}, blocking=True
    )
    await hass.async_block_till_done()
    assert hass.states.get(KITCHEN).state == "off"
    watch.changed.clear()
    watch.automations.clear()
    # The presence sensor is still on (the person walked out a moment ago); an edit
    # that rebinds it within the quiet time must not bring the room back.
    _edit(
        hass,
        entry,
        "kitchen",
        timing={"trailing_timeout": {"hours": 0, "minutes": 3, "seconds": 0}},
    )
    await hass.async_block_till_done()

    assert hass.states.get(KITCHEN).state == "off"
    watch.assert_nothing_fired()
