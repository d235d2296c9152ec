"""The websocket feed of the card: ``occupancy_manager/subscribe``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigSubentry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser
from pytest_homeassistant_custom_component.typing import (
    MockHAClientWebSocket,
    WebSocketGenerator,
)

from custom_components.occupancy_manager.const import DOMAIN, SUBENTRY_LOCATION

from .common import home_entry, location, set_state, setup_home, tick

FIELDS = {
    "id",
    "name",
    "parent",
    "entity_id",
    "occupied",
    "state",
    "since",
    "reason",
    "changed_at",
    "contributions",
    "locked_by",
    "lock_until",
    "occupants",
    "problem_sources",
}


async def _home(hass: HomeAssistant) -> MockConfigEntry:
    """Home ─ Ground floor ─ Kitchen (motion), Hall (motion); Attic (motion)."""
    for entity_id in ("kitchen_m", "hall_m", "attic_m"):
        await set_state(hass, f"binary_sensor.{entity_id}", "off")
    return await setup_home(
        hass,
        home_entry(
            location("home", "Home"),
            location("ground", "Ground floor", parent="home"),
            location(
                "kitchen",
                "Kitchen",
                parent="ground",
                motion_sources=["binary_sensor.kitchen_m"],
            ),
            location(
                "hall", "Hall", parent="ground", motion_sources=["binary_sensor.hall_m"]
            ),
            location("attic", "Attic", motion_sources=["binary_sensor.attic_m"]),
        ),
    )


async def _subscribe(
    client: MockHAClientWebSocket, **data: Any
) -> tuple[int, list[dict[str, Any]]]:
    """Subscribe; the subscription id and the first message's locations."""
    await client.send_json_auto_id({"type": "occupancy_manager/subscribe", **data})
    result = await client.receive_json()
    assert result["success"], result
    first = await client.receive_json()
    assert first["type"] == "event"
    assert first["id"] == result["id"]
    assert first["event"]["full"] is True
    return result["id"], first["event"]["locations"]


async def _next_event(client: MockHAClientWebSocket) -> dict[str, Any]:
    message = await client.receive_json()
    assert message["type"] == "event", message
    event: dict[str, Any] = message["event"]
    return event


async def test_first_message_is_the_whole_home_in_tree_order(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    await _home(hass)
    await set_state(hass, "binary_sensor.kitchen_m", "on")
    _, locations = await _subscribe(await hass_ws_client(hass))

    assert [(item["id"], item["parent"]) for item in locations] == [
        ("attic", None),
        ("home", None),
        ("ground", "home"),
        ("hall", "ground"),
        ("kitchen", "ground"),
    ]
    assert all(set(item) == FIELDS for item in locations)
    kitchen = locations[-1]
    assert kitchen["name"] == "Kitchen"
    assert kitchen["entity_id"] == "binary_sensor.kitchen_occupancy"
    assert kitchen["occupied"] is True
    assert kitchen["state"] == "occupied"
    assert kitchen["reason"] == "trigger:binary_sensor.kitchen_m"
    assert kitchen["since"] is not None
    [contribution] = kitchen["contributions"]
    assert contribution["source_id"] == "binary_sensor.kitchen_m"
    assert contribution["source_name"] == "kitchen m"
    assert contribution["kind"] == "motion"
    assert contribution["expires_at"] is not None
    assert 0 < contribution["remaining"] <= 300
    ground = locations[2]
    assert [item["kind"] for item in ground["contributions"]] == ["child"]
    assert ground["contributions"][0]["source_name"] == "Kitchen"
    assert locations[0]["occupied"] is False
    assert locations[0]["contributions"] == []


async def test_one_message_per_change_with_only_what_changed(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    await _home(hass)
    client = await hass_ws_client(hass)
    await _subscribe(client)

    # Kitchen, its floor and the home all change in one loop turn: one message.
    await set_state(hass, "binary_sensor.kitchen_m", "on")
    event = await _next_event(client)
    assert [item["id"] for item in event["locations"]] == ["home", "ground", "kitchen"]
    assert all(item["occupied"] for item in event["locations"])
    assert "removed" not in event

    # An action on two locations is one call: one message, with both.
    await hass.services.async_call(
        DOMAIN,
        "lock",
        {"source_id": "guest", "duration": {"hours": 1}},
        target={
            "entity_id": [
                "binary_sensor.hall_occupancy",
                "binary_sensor.attic_occupancy",
            ]
        },
        blocking=True,
    )
    event = await _next_event(client)
    assert [item["id"] for item in event["locations"]] == ["attic", "hall"]
    assert all(item["locked_by"] == ["guest"] for item in event["locations"])
    assert all(item["lock_until"] is not None for item in event["locations"])


async def test_no_message_when_nothing_shown_changed(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    er.async_get(hass).async_get_or_create(
        "binary_sensor", "test", "hall", suggested_object_id="hall_m"
    )
    await _home(hass)
    client = await hass_ws_client(hass)
    await _subscribe(client)

    # An attribute-only change of a source, and a registry update that makes the
    # home re-check the source's health: the feed is called, nothing shown changed.
    await set_state(hass, "binary_sensor.hall_m", "off", friendly_name="hall_m")
    er.async_get(hass).async_update_entity("binary_sensor.hall_m", icon="mdi:walk")
    await hass.async_block_till_done()

    # The next message is the next real change, not a message about nothing.
    await set_state(hass, "binary_sensor.attic_m", "on")
    event = await _next_event(client)
    assert [item["id"] for item in event["locations"]] == ["attic"]


async def test_subtree_only(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    await _home(hass)
    client = await hass_ws_client(hass)
    _, locations = await _subscribe(client, location_id="ground")
    assert [item["id"] for item in locations] == ["ground", "hall", "kitchen"]
    # The subtree's root keeps its real parent (the card shows it as the root).
    assert locations[0]["parent"] == "home"

    await set_state(hass, "binary_sensor.attic_m", "on")  # outside: nothing
    await set_state(hass, "binary_sensor.hall_m", "on")
    event = await _next_event(client)
    assert [item["id"] for item in event["locations"]] == ["ground", "hall"]


async def test_unknown_location_or_no_home_is_an_error(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    client = await hass_ws_client(hass)
    entry = await _home(hass)
    await client.send_json_auto_id(
        {"type": "occupancy_manager/subscribe", "location_id": "cellar"}
    )
    result = await client.receive_json()
    assert not result["success"]
    assert result["error"]["code"] == "not_found"

    # A home unloaded (a reload starts so) ends the subscription with a last message.
    await _subscribe(client)
    await hass.config_entries.async_unload(entry.entry_id)
    event = await _next_event(client)
    assert event == {
        "locations": [],
        "removed": ["attic", "ground", "hall", "home", "kitchen"],
        "ended": True,
    }
    await client.send_json_auto_id({"type": "occupancy_manager/subscribe"})
    result = await client.receive_json()
    assert not result["success"]
    assert result["error"]["code"] == "not_found"


async def test_unsubscribe_removes_the_listener(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    entry = await _home(hass)
    coordinator = entry.runtime_data
    added = coordinator.async_add_home_listener
    live: list[Callable[[set[str]], None]] = []

    def _tracked(update: Callable[[set[str]], None]) -> CALLBACK_TYPE:
        unsub = added(update)
        live.append(update)

        def _remove() -> None:
            live.remove(update)
            unsub()

        return _remove

    coordinator.async_add_home_listener = _tracked
    client = await hass_ws_client(hass)
    subscription, _ = await _subscribe(client)
    second, _ = await _subscribe(client, location_id="kitchen")
    assert len(live) == 2

    await client.send_json_auto_id(
        {"type": "unsubscribe_events", "subscription": subscription}
    )
    assert (await client.receive_json())["success"]
    assert len(live) == 1

    # A change right before the close leaves nothing scheduled behind.
    await set_state(hass, "binary_sensor.kitchen_m", "on")
    await client.close()
    await hass.async_block_till_done()
    assert live == []
    assert second


async def test_a_user_sees_only_locations_they_may_read(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: MockUser,
) -> None:
    await _home(hass)
    hass_admin_user.groups = []  # no longer an admin
    hass_admin_user.mock_policy(
        {"entities": {"entity_ids": {"binary_sensor.kitchen_occupancy": True}}}
    )
    client = await hass_ws_client(hass)
    _, locations = await _subscribe(client)
    assert [item["id"] for item in locations] == ["kitchen"]

    await set_state(hass, "binary_sensor.hall_m", "on")  # not readable: nothing
    await set_state(hass, "binary_sensor.kitchen_m", "on")
    event = await _next_event(client)
    assert [item["id"] for item in event["locations"]] == ["kitchen"]

    # Access withdrawn while subscribed: the location leaves the picture.
    hass_admin_user.mock_policy({"entities": {}})
    await set_state(hass, "binary_sensor.kitchen_m", "off")
    await set_state(hass, "binary_sensor.kitchen_m", "on")
    event = await _next_event(client)
    assert event == {"locations": [], "removed": ["kitchen"]}


async def test_a_user_without_entity_access_sees_nothing(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: MockUser,
) -> None:
    await _home(hass)
    hass_admin_user.groups = []
    hass_admin_user.mock_policy({"entities": {}})
    client = await hass_ws_client(hass)
    _, locations = await _subscribe(client)
    assert locations == []


async def test_a_change_pending_at_unload_is_dropped_for_the_ended_message(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    entry = await _home(hass)
    client = await hass_ws_client(hass)
    await _subscribe(client, location_id="kitchen")
    coordinator = entry.runtime_data
    # The change is queued for the end of this loop turn; the unload comes first.
    hass.async_create_task(  # eager: applied at once, as nothing waits
        coordinator.async_run(
            lambda now: coordinator.engine.trigger("kitchen", "manual", now)
        )
    )
    await hass.config_entries.async_unload(entry.entry_id)
    event = await _next_event(client)
    assert event == {"locations": [], "removed": ["kitchen"], "ended": True}


async def test_live_edits_add_and_remove_locations(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    entry = await _home(hass)
    client = await hass_ws_client(hass)
    await _subscribe(client, location_id="ground")

    subentry = ConfigSubentry(
        data={"name": "Pantry", "timing": {}, "parent": "kitchen"},
        subentry_type=SUBENTRY_LOCATION,
        title="Pantry",
        unique_id=None,
    )
    hass.config_entries.async_add_subentry(entry, subentry)
    await hass.async_block_till_done()
    event = await _next_event(client)
    assert [(item["name"], item["parent"]) for item in event["locations"]] == [
        ("Pantry", "kitchen")
    ]

    # Outside the subtree: nothing. Then the hall is deleted: it leaves the picture.
    hass.config_entries.async_remove_subentry(entry, "attic")
    await hass.async_block_till_done()
    hass.config_entries.async_remove_subentry(entry, "hall")
    await hass.async_block_till_done()
    event = await _next_event(client)
    assert event["removed"] == ["hall"]
    assert "hall" not in [item["id"] for item in event["locations"]]

    # The subtree's own root deleted: everything under it leaves.
    hass.config_entries.async_remove_subentry(entry, "ground")
    await hass.async_block_till_done()
    event = await _next_event(client)
    assert sorted(event["removed"]) == sorted(
        ["ground", "kitchen", subentry.subentry_id]
    )


async def test_a_source_problem_is_sent(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    freezer: FrozenDateTimeFactory,
) -> None:
    await _home(hass)
    client = await hass_ws_client(hass)
    await _subscribe(client, location_id="attic")

    await set_state(hass, "binary_sensor.attic_m", "unavailable")
    await tick(hass, freezer, 31 * 60)  # past the home's unavailable grace
    event = await _next_event(client)
    [attic] = event["locations"]
    assert attic["problem_sources"] == ["binary_sensor.attic_m"]


async def test_a_problem_change_arrives_through_the_home_feed(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    entry = await _home(hass)
    coordinator = entry.runtime_data
    added = coordinator.async_add_listener
    per_location: list[str] = []

    def _spy(
        location_id: str, update: CALLBACK_TYPE, *, problems: bool = False
    ) -> CALLBACK_TYPE:
        per_location.append(location_id)
        return added(location_id, update, problems=problems)

    coordinator.async_add_listener = _spy
    client = await hass_ws_client(hass)
    await _subscribe(client)

    hass.states.async_remove("binary_sensor.hall_m")  # gone: a missing source
    await hass.async_block_till_done()
    event = await _next_event(client)
    [hall] = event["locations"]
    assert hall["id"] == "hall"
    assert hall["problem_sources"] == ["binary_sensor.hall_m"]
    # One subscription, one listener: the home feed tells problem changes too.
    assert per_location == []


async def test_a_clock_set_back_is_sent_with_the_moments_it_moved(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    freezer: FrozenDateTimeFactory,
    set_back: Callable[[timedelta], None],
) -> None:
    """The card shows how long ago: a ``since`` 20 minutes ahead of the clock."""
    await _home(hass)
    await set_state(hass, "binary_sensor.kitchen_m", "on")
    client = await hass_ws_client(hass)
    _, first = await _subscribe(client)
    since = {item["id"]: item["since"] for item in first}
    set_back(timedelta(minutes=20))
    await set_state(hass, "binary_sensor.attic_m", "on")  # the jump is told
    event = await _next_event(client)
    sent = {item["id"]: item["since"] for item in event["locations"]}
    moved = datetime.fromisoformat(since["kitchen"]) - timedelta(minutes=20)
    assert sent["kitchen"] == moved.isoformat()


async def test_an_occupancy_sensor_renamed_in_the_registry_is_sent(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """The user changes the sensor's entity id in its settings while a card is open:
    the card's Lock and Vacate act on the entity id it was sent, which then named no
    entity (refused) until the location changed for some other reason."""
    await _home(hass)
    client = await hass_ws_client(hass)
    await _subscribe(client)
    er.async_get(hass).async_update_entity(
        "binary_sensor.kitchen_occupancy", new_entity_id="binary_sensor.cuisine"
    )
    await hass.async_block_till_done()
    # A later change elsewhere: the rename must have been sent before it.
    await set_state(hass, "binary_sensor.attic_m", "on")
    event = await _next_event(client)
    assert [(item["id"], item["entity_id"]) for item in event["locations"]] == [
        ("kitchen", "binary_sensor.cuisine")
    ]
