"""The contributions an occupancy sensor shows are formatted again only where they
changed, and still follow everything they are made of: the contribution, its
source's name, its kind (configuration and locks)."""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Event, HomeAssistant, callback
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.occupancy_manager.const import DOMAIN
from custom_components.occupancy_manager.coordinator import OccupancyCoordinator
from custom_components.occupancy_manager.insight import contributions_data

from .common import home_entry, location, set_state, setup_home, tick

ROOM = "binary_sensor.room_occupancy"


def _shown(hass: HomeAssistant) -> dict[str, dict[str, Any]]:
    return {
        c["source_id"]: c for c in hass.states.get(ROOM).attributes["contributions"]
    }


async def _home(hass: HomeAssistant) -> None:
    await set_state(hass, "binary_sensor.a", "off", friendly_name="Sofa motion")
    await set_state(hass, "binary_sensor.b", "off", friendly_name="Door motion")
    await setup_home(
        hass,
        home_entry(
            location(
                "room", "Room", motion_sources=["binary_sensor.a", "binary_sensor.b"]
            )
        ),
    )


async def test_a_renamed_source_shows_its_new_name_with_the_next_change(
    hass: HomeAssistant,
) -> None:
    await _home(hass)
    await set_state(hass, "binary_sensor.a", "on", friendly_name="Sofa motion")
    assert _shown(hass)["binary_sensor.a"]["source_name"] == "Sofa motion"
    await set_state(hass, "binary_sensor.a", "on", friendly_name="Couch motion")
    await set_state(hass, "binary_sensor.b", "on", friendly_name="Door motion")
    shown = _shown(hass)
    # Its contribution did not change, its name did.
    assert shown["binary_sensor.a"]["source_name"] == "Couch motion"
    assert shown["binary_sensor.b"]["source_name"] == "Door motion"


async def test_a_lock_by_a_contributing_source_changes_its_kind(
    hass: HomeAssistant,
) -> None:
    await _home(hass)
    await hass.services.async_call(
        DOMAIN,
        "trigger",
        # Indefinite: a lock does not suspend it, the contribution stays the same.
        {"entity_id": ROOM, "source_id": "party", "indefinite": True},
        blocking=True,
    )
    assert _shown(hass)["party"]["kind"] == "action"
    await hass.services.async_call(
        DOMAIN, "lock", {"entity_id": ROOM, "source_id": "party"}, blocking=True
    )
    assert _shown(hass)["party"]["kind"] == "lock"


async def test_an_edit_that_binds_a_contributing_source_changes_its_kind(
    hass: HomeAssistant,
) -> None:
    await _home(hass)
    await set_state(hass, "binary_sensor.c", "on")
    await hass.services.async_call(
        DOMAIN,
        "trigger",
        {"entity_id": ROOM, "source_id": "binary_sensor.c", "indefinite": True},
        blocking=True,
    )
    assert _shown(hass)["binary_sensor.c"]["kind"] == "action"
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    subentry = entry.subentries["room"]
    hass.config_entries.async_update_subentry(
        entry,
        subentry,
        data={**subentry.data, "presence_sources": ["binary_sensor.c"]},
    )
    await hass.async_block_till_done()
    await set_state(hass, "binary_sensor.a", "on", friendly_name="Sofa motion")
    shown = _shown(hass)
    assert shown["binary_sensor.a"]["kind"] == "motion"
    # The same contribution, now from a configured presence sensor.
    assert shown["binary_sensor.c"]["kind"] == "presence"


async def test_contributions_read_while_an_edit_is_adopted_follow_the_new_kinds(
    hass: HomeAssistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read in the middle of an edit's adoption must not keep the old kinds.

    The tuning adopts an edit by updating its advice in Home Assistant's issue
    registry, whose listeners run at once: one of them reading the contributions then
    must not remember a kind of the old configuration (the memo keeps the kinds that
    follow the configuration for as long as the configuration object stays).
    """
    await _home(hass)
    await set_state(hass, "binary_sensor.a", "on", friendly_name="Sofa motion")
    assert _shown(hass)["binary_sensor.a"]["kind"] == "motion"
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    coordinator = entry.runtime_data
    configure = coordinator.tuning.configure
    read: list[list[dict[str, str | None]]] = []

    def configure_and_read(*args: Any) -> None:
        configure(*args)
        read.append(contributions_data(coordinator, "room"))

    monkeypatch.setattr(coordinator.tuning, "configure", configure_and_read)
    subentry = entry.subentries["room"]
    hass.config_entries.async_update_subentry(
        entry,
        subentry,
        data={
            **subentry.data,
            "motion_sources": ["binary_sensor.b"],
            "presence_sources": ["binary_sensor.a"],
        },
    )
    await hass.async_block_till_done()
    assert read  # the edit was adopted live, with a read in the middle
    assert _shown(hass)["binary_sensor.a"]["kind"] == "presence"
    assert contributions_data(coordinator, "room")[0]["kind"] == "presence"


async def test_each_changed_event_tells_what_its_occupancy_sensor_shows(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """The event's contributions are the sensor's, for every location that flipped.

    They are built after the writes of the same change, from the memo the sensors
    just filled (issue 14); a source renamed between two changes shows its new name
    in both.
    """
    await set_state(hass, "binary_sensor.a", "off", friendly_name="Sofa motion")
    await setup_home(
        hass,
        home_entry(
            location("house", "House"),
            location("floor", "Floor", parent="house"),
            location(
                "room", "Room", parent="floor", motion_sources=["binary_sensor.a"]
            ),
        ),
    )
    told: list[tuple[str, list[dict[str, Any]], list[dict[str, Any]]]] = []

    @callback
    def _told(event: Event) -> None:
        entity_id = event.data["entity_id"]
        shown = hass.states.get(entity_id).attributes["contributions"]
        told.append((entity_id, event.data["contributions"], shown))

    hass.bus.async_listen(f"{DOMAIN}_changed", _told)
    await set_state(hass, "binary_sensor.a", "on", friendly_name="Sofa motion")
    await set_state(hass, "binary_sensor.a", "off", friendly_name="Couch motion")
    await tick(hass, freezer, 3600)  # the motion timeout runs out
    await set_state(hass, "binary_sensor.a", "on", friendly_name="Couch motion")
    await hass.async_block_till_done()
    assert [entity_id for entity_id, _, _ in told] == [
        ROOM,
        "binary_sensor.floor_occupancy",
        "binary_sensor.house_occupancy",
    ] * 3
    for entity_id, data, shown in told:
        assert data == shown, entity_id
    names = [data[0]["source_name"] for _, data, _ in told if data]
    assert names == ["Sofa motion", "Room", "Floor", "Couch motion", "Room", "Floor"]


async def test_a_source_whose_state_goes_shows_its_id_and_its_name_again(
    hass: HomeAssistant,
) -> None:
    """A configured source's name is held while it shows (issue 14), never stale.

    Its state removed (a registry rename, an integration unloaded), nothing is left
    to name it: the contribution, which runs on, shows its id; its state back, its
    name again.
    """
    await _home(hass)
    await set_state(hass, "binary_sensor.a", "on", friendly_name="Sofa motion")
    assert _shown(hass)["binary_sensor.a"]["source_name"] == "Sofa motion"
    hass.states.async_remove("binary_sensor.a")
    await hass.async_block_till_done()
    assert _shown(hass)["binary_sensor.a"]["source_name"] == "binary_sensor.a"
    await set_state(hass, "binary_sensor.a", "on", friendly_name="Couch motion")
    assert _shown(hass)["binary_sensor.a"]["source_name"] == "Couch motion"


async def test_an_actions_source_shows_its_new_name_with_the_next_change(
    hass: HomeAssistant,
) -> None:
    """An action's source id may be any entity's, one the home does not listen to:
    its name is looked up each time the location's contributions are shown."""
    await _home(hass)
    await set_state(hass, "input_boolean.guest", "on", friendly_name="Guest")
    await hass.services.async_call(
        DOMAIN,
        "trigger",
        {"entity_id": ROOM, "source_id": "input_boolean.guest", "indefinite": True},
        blocking=True,
    )
    assert _shown(hass)["input_boolean.guest"]["source_name"] == "Guest"
    await set_state(hass, "input_boolean.guest", "on", friendly_name="Visitor")
    await set_state(hass, "binary_sensor.b", "on", friendly_name="Door motion")
    assert _shown(hass)["input_boolean.guest"]["source_name"] == "Visitor"


async def test_a_source_renamed_while_the_home_starts_shows_its_new_name(
    hass: HomeAssistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entities show the restored contributions before the home listens to its
    sources: a source renamed in between is not heard, and the name the entity read
    then must not be kept for the changes after the start."""
    entry = await _restarted_home(hass)
    start = OccupancyCoordinator.async_start

    def renamed_then_started(coordinator: OccupancyCoordinator) -> None:
        hass.states.async_set("binary_sensor.a", "on", {"friendly_name": "Couch"})
        start(coordinator)

    monkeypatch.setattr(OccupancyCoordinator, "async_start", renamed_then_started)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await set_state(hass, "binary_sensor.b", "on", friendly_name="Door motion")
    assert _shown(hass)["binary_sensor.a"]["source_name"] == "Couch"


async def _restarted_home(hass: HomeAssistant) -> MockConfigEntry:
    """The home with ``binary_sensor.a``'s motion held, unloaded (saved)."""
    await _home(hass)
    await set_state(hass, "binary_sensor.a", "on", friendly_name="Sofa motion")
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    return entry
