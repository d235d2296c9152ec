"""A simulated week of a bathroom whose motion timeout is too short, end to end.

Real entities, the real timer (``freezer``), the repair raised by the running home,
its fix flow driven as the frontend drives it, and the same simulation going on after
the fix: the bounces stop.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, set_state, setup_home, tick

MOTION = "binary_sensor.bath_motion"
OCCUPANCY = "binary_sensor.bathroom_occupancy"
STATE = "sensor.bathroom_occupancy_state"
MONDAY = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


async def _motion(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """A PIR pulse: on, then off 5 s later (off is ignored by motion sources)."""
    await set_state(hass, MOTION, "on", friendly_name="Bath motion")
    await tick(hass, freezer, 5)
    await set_state(hass, MOTION, "off", friendly_name="Bath motion")


async def _shower(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> bool:
    """Someone showers: motion, 2:40 of standing still, motion again, then leaves.

    Returns whether the bathroom went vacant while they were in it.
    """
    went_vacant = False
    await _motion(hass, freezer)  # t = 5 s
    for _ in range(31):  # until t = 2:40, checking every 5 s
        await tick(hass, freezer, 5)
        went_vacant |= hass.states.get(OCCUPANCY).state == "off"
    await _motion(hass, freezer)
    await tick(hass, freezer, 3600)  # gone; the room empties
    assert hass.states.get(OCCUPANCY).state == "off"
    return went_vacant


def _advice(issue_registry: ir.IssueRegistry) -> list[ir.IssueEntry]:
    return [
        issue
        for (domain, _), issue in issue_registry.issues.items()
        if domain == DOMAIN and issue.translation_key == "false_vacancies"
    ]


async def _report(hass: HomeAssistant) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN,
        "get_occupancy",
        {"entity_id": OCCUPANCY},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    report: dict[str, Any] = response[OCCUPANCY]
    return report


async def _apply_fix(hass: HomeAssistant, issue_id: str) -> None:
    """Submit the advice's fix flow (through the repairs flow manager: the frontend's
    HTTP client would need an access token, and those expire over a simulated week)."""
    assert await async_setup_component(hass, "repairs", {})
    manager = repairs_flow_manager(hass)
    assert manager is not None
    flow = await manager.async_init(DOMAIN, data={"issue_id": issue_id})
    assert flow["step_id"] == "confirm"
    assert flow["description_placeholders"]["proposed"] == "3:00"
    result = await manager.async_configure(flow["flow_id"], {})
    assert result["type"] == "create_entry"
    await hass.async_block_till_done()


async def test_a_week_of_a_bathroom_with_a_short_timeout(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
) -> None:
    freezer.move_to(MONDAY)
    await set_state(hass, MOTION, "off", friendly_name="Bath motion")
    entry = await setup_home(
        hass,
        home_entry(
            location(
                "bathroom",
                "Bathroom",
                motion_sources=[MOTION],
                timing={"motion_timeout": {"minutes": 2}},
            )
        ),
    )
    events: list[Any] = []
    hass.bus.async_listen(f"{DOMAIN}_changed", events.append)

    # Monday to Wednesday: one false vacancy each morning; the third raises the advice.
    for day in range(3):
        freezer.move_to(MONDAY + timedelta(days=day))
        assert await _shower(hass, freezer)
        assert len(_advice(issue_registry)) == (1 if day == 2 else 0)
    assert hass.states.get(STATE).attributes["false_vacancies_7d"] == 3

    # Thursday: a fourth one; still exactly one advice, now counting 4.
    freezer.move_to(MONDAY + timedelta(days=3))
    assert await _shower(hass, freezer)
    [advice] = _advice(issue_registry)
    assert advice.translation_placeholders == {
        "location": "Bathroom",
        "count": "4",
        "current": "2:00",
        # Vacant at 2:00 (motion at 0:00 + 2 min), motion again at 2:40: gap 40 s.
        "gap": "0:40",
        "proposed": "3:00",
    }
    report = await _report(hass)
    assert report["false_vacancies_7d"] == 4
    assert [item["gap"] for item in report["false_vacancies"]] == [40.0] * 4

    # The user applies the advice: live, no reload, the entities stay.
    vacant_changes = len(events)
    shell = entry.runtime_data
    await _apply_fix(hass, advice.issue_id)
    assert entry.runtime_data is shell
    assert entry.subentries["bathroom"].data["timing"]["motion_timeout"] == {
        "hours": 0,
        "minutes": 3,
        "seconds": 0,
    }
    assert _advice(issue_registry) == []
    assert len(events) == vacant_changes  # the edit itself changed no occupancy

    # Friday to Sunday, same habits: the bathroom holds, nothing new is counted.
    for day in range(4, 7):
        freezer.move_to(MONDAY + timedelta(days=day))
        assert not await _shower(hass, freezer)
    assert _advice(issue_registry) == []
    assert hass.states.get(STATE).attributes["false_vacancies_7d"] == 4

    # A week after the first one, the record ages out by itself.
    freezer.move_to(MONDAY + timedelta(days=7, minutes=3))
    await tick(hass, freezer, 1)
    assert hass.states.get(STATE).attributes["false_vacancies_7d"] == 3


async def test_dismissed_advice_stays_quiet_across_a_restart(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
) -> None:
    freezer.move_to(MONDAY)
    await set_state(hass, MOTION, "off", friendly_name="Bath motion")
    entry = await setup_home(
        hass,
        home_entry(
            location(
                "bathroom",
                "Bathroom",
                motion_sources=[MOTION],
                timing={"motion_timeout": {"minutes": 2}},
            )
        ),
    )
    for day in range(3):
        freezer.move_to(MONDAY + timedelta(days=day))
        await _shower(hass, freezer)
    [advice] = _advice(issue_registry)
    ir.async_ignore_issue(hass, DOMAIN, advice.issue_id, True)
    await hass.async_block_till_done()

    # A reload (as a restart): the record and the dismissal come back from the store.
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(STATE).attributes["false_vacancies_7d"] == 3
    for day in range(3, 10):
        freezer.move_to(MONDAY + timedelta(days=day))
        await _shower(hass, freezer)
        [advice] = _advice(issue_registry)
        assert advice.dismissed_version is not None

    # Thirty days after the dismissal, still bouncing: the advice is back.
    for day in range(31, 34):
        freezer.move_to(MONDAY + timedelta(days=day))
        await _shower(hass, freezer)
    [advice] = _advice(issue_registry)
    assert advice.dismissed_version is None
