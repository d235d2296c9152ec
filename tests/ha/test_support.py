"""Logbook, diagnostics, repairs and the device trigger."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from homeassistant.components import automation
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import async_capture_events
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.occupancy_manager.const import DOMAIN, EVENT_OCCUPANCY_CHANGED
from custom_components.occupancy_manager.logbook import async_describe_events
from custom_components.occupancy_manager.reasons import describe_reason

from .common import home_entry, location, location_device_id, setup_home
from .test_tuning import MOTION, bounce


def test_reasons_in_words() -> None:
    def names(x: str) -> str:
        return {"binary_sensor.k": "Kitchen motion", "floor": "Floor"}.get(x, x)

    cases = {
        "trigger:binary_sensor.k": "Kitchen motion",
        "clear:binary_sensor.k": "Kitchen motion cleared",
        "expired:binary_sensor.k": "Kitchen motion expired",
        "vacate": "vacated",
        "child:floor": "via Floor",
        "parent:floor": "follows Floor",
        "lock:party": "locked by party",
        "unlock:party": "lock party released",
        "restore": "restored after a restart",
        "config": "configuration changed",
        "ladder": "no recent activity",
        "trigger:wasp": "wasp in a box",
        "expired:wasp": "wasp in a box expired",
        "something_new": "something_new",
    }
    for reason, words in cases.items():
        assert describe_reason(reason, names, names) == words


async def test_logbook_describes_flips(hass: HomeAssistant) -> None:
    hass.states.async_set("binary_sensor.k", "off", {"friendly_name": "Kitchen motion"})
    await setup_home(
        hass,
        home_entry(
            location("floor", "Floor"),
            location(
                "kitchen", "Kitchen", parent="floor", motion_sources=["binary_sensor.k"]
            ),
        ),
    )
    events = async_capture_events(hass, EVENT_OCCUPANCY_CHANGED)
    hass.states.async_set("binary_sensor.k", "on", {"friendly_name": "Kitchen motion"})
    await hass.async_block_till_done()
    await hass.services.async_call(
        DOMAIN,
        "vacate",
        {"entity_id": "binary_sensor.kitchen_occupancy"},
        blocking=True,
    )
    await hass.async_block_till_done()

    described: dict[tuple[str, str], Callable[[Event], dict[str, Any]]] = {}
    async_describe_events(
        hass,
        lambda domain, event_type, fn: described.__setitem__((domain, event_type), fn),
    )
    describe = described[DOMAIN, EVENT_OCCUPANCY_CHANGED]
    assert [
        (row["name"], row["message"], row["entity_id"]) for row in map(describe, events)
    ] == [
        (
            "Kitchen",
            "became occupied (Kitchen motion)",
            "binary_sensor.kitchen_occupancy",
        ),
        ("Floor", "became occupied (via Kitchen)", "binary_sensor.floor_occupancy"),
        ("Kitchen", "became vacant (vacated)", "binary_sensor.kitchen_occupancy"),
        ("Floor", "became vacant (via Kitchen)", "binary_sensor.floor_occupancy"),
    ]


async def test_diagnostics(
    hass: HomeAssistant, hass_client: ClientSessionGenerator
) -> None:
    await async_setup_component(hass, "diagnostics", {})
    entry = await setup_home(
        hass,
        home_entry(location("kitchen", "Kitchen", motion_sources=["binary_sensor.k"])),
    )
    await hass.services.async_call(
        DOMAIN,
        "lock",
        {
            "entity_id": "binary_sensor.kitchen_occupancy",
            "source_id": "party",
            "state": "occupied",
        },
        blocking=True,
    )
    diag = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    assert "redacted" in diag["note"]
    assert diag["options"]["import_areas"] is False
    assert diag["locations"]["kitchen"]["data"]["motion_sources"] == ["binary_sensor.k"]
    assert diag["states"]["kitchen"]["occupied"] is True
    assert diag["states"]["kitchen"]["locked_by"] == ["party"]
    # The store's compact snapshot: "k" are the locks.
    assert diag["engine_snapshot"]["locations"]["kitchen"]["k"]


async def test_diagnostics_show_false_vacancies(
    hass: HomeAssistant, hass_client: ClientSessionGenerator
) -> None:
    await async_setup_component(hass, "diagnostics", {})
    entry = await setup_home(
        hass, home_entry(location("bathroom", "Bathroom", motion_sources=[MOTION]))
    )
    now = dt_util.utcnow()
    for hours in (3, 2, 1):
        bounce(
            entry.runtime_data.tuning,
            now - timedelta(hours=hours),
            timedelta(seconds=40),
        )
    diag = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    assert diag["states"]["bathroom"]["false_vacancies_7d"] == 3


async def test_missing_source_repair_appears_clears_and_fixes(
    hass: HomeAssistant,
    issue_registry: ir.IssueRegistry,
    hass_client: ClientSessionGenerator,
) -> None:
    hass.states.async_set("binary_sensor.here", "off")
    entry = await setup_home(
        hass,
        home_entry(
            location(
                "kitchen",
                "Kitchen",
                motion_sources=["binary_sensor.here", "binary_sensor.gone"],
            )
        ),
    )
    issue_id = f"missing_sources_{entry.entry_id}_kitchen"
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_placeholders == {
        "location": "Kitchen",
        "entities": "binary_sensor.gone",
    }
    # The entity comes back: the issue clears.
    hass.states.async_set("binary_sensor.gone", "off")
    await hass.async_block_till_done()
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None
    # It goes again: the issue returns.
    hass.states.async_remove("binary_sensor.gone")
    await hass.async_block_till_done()
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is not None

    # The fix flow (driven as the frontend does) removes just the dead source.
    assert await async_setup_component(hass, "repairs", {})
    client = await hass_client()
    resp = await client.post(
        "/api/repairs/issues/fix", json={"handler": DOMAIN, "issue_id": issue_id}
    )
    flow = await resp.json()
    assert flow["step_id"] == "confirm"
    assert flow["description_placeholders"]["entities"] == "binary_sensor.gone"
    resp = await client.post(f"/api/repairs/issues/fix/{flow['flow_id']}", json={})
    result = await resp.json()
    assert result["type"] == "create_entry"
    await hass.async_block_till_done()
    assert entry.subentries["kitchen"].data["motion_sources"] == ["binary_sensor.here"]
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None


async def test_device_trigger_became_occupied(
    hass: HomeAssistant, device_registry: dr.DeviceRegistry
) -> None:
    await setup_home(hass, home_entry(location("kitchen", "Kitchen")))
    device_id = location_device_id(hass, "kitchen")
    entity = er.async_get(hass).async_get("binary_sensor.kitchen_occupancy")
    calls = async_capture_events(hass, "kitchen_became_occupied")
    assert await async_setup_component(
        hass,
        automation.DOMAIN,
        {
            automation.DOMAIN: {
                "trigger": {
                    "platform": "device",
                    "domain": "binary_sensor",
                    "device_id": device_id,
                    "entity_id": entity.id,
                    "type": "occupied",
                },
                "action": {"event": "kitchen_became_occupied"},
            }
        },
    )
    await hass.services.async_call(
        DOMAIN,
        "trigger",
        {"entity_id": "binary_sensor.kitchen_occupancy"},
        blocking=True,
    )
    await hass.async_block_till_done()
    assert len(calls) == 1
