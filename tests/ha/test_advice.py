"""The false-vacancy advice: its repair issue, dismissal and fix flow."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.occupancy_manager.bounces import Advice
from custom_components.occupancy_manager.const import DOMAIN
from custom_components.occupancy_manager.issues import (
    async_track_advice_dismissal,
    async_update_advice_issue,
    false_vacancies_issue_id,
    minutes_seconds,
)
from custom_components.occupancy_manager.locations import HomeTiming, parse_location

from .common import home_entry, location, setup_home

ADVICE = Advice(
    count=4,
    current=timedelta(minutes=2),
    proposed=timedelta(minutes=4),
    longest_gap=timedelta(seconds=95),
)


async def _bathroom(hass: HomeAssistant, **timing: Any) -> Any:
    hass.states.async_set("binary_sensor.bath_motion", "off")
    entry = await setup_home(
        hass,
        home_entry(
            location(
                "bathroom",
                "Bathroom",
                motion_sources=["binary_sensor.bath_motion"],
                timing={"motion_timeout": {"minutes": 2}, **timing},
            )
        ),
    )
    spec = parse_location(
        "bathroom",
        "Bathroom",
        entry.subentries["bathroom"].data,
        HomeTiming.from_options(entry.options),
    )
    return entry, spec


def test_minutes_seconds() -> None:
    assert minutes_seconds(timedelta(minutes=4)) == "4:00"
    assert minutes_seconds(timedelta(seconds=95)) == "1:35"
    assert minutes_seconds(timedelta(hours=2, seconds=5.4)) == "120:05"


async def test_advice_is_raised_updated_and_cleared(
    hass: HomeAssistant, issue_registry: ir.IssueRegistry
) -> None:
    entry, spec = await _bathroom(hass)
    issue_id = false_vacancies_issue_id(entry.entry_id, "bathroom")
    async_update_advice_issue(hass, entry.entry_id, spec, ADVICE, silenced=False)
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.is_fixable
    assert issue.translation_key == "false_vacancies"
    assert issue.translation_placeholders == {
        "location": "Bathroom",
        "count": "4",
        "current": "2:00",
        "proposed": "4:00",
        "gap": "1:35",
    }
    assert issue.data == {
        "entry_id": entry.entry_id,
        "location_id": "bathroom",
        "minutes": 4,
        "count": 4,
        "gap": "1:35",
    }
    async_update_advice_issue(hass, entry.entry_id, spec, None, silenced=False)
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None


async def test_dismissed_advice_is_left_alone_then_raised_afresh(
    hass: HomeAssistant, issue_registry: ir.IssueRegistry
) -> None:
    entry, spec = await _bathroom(hass)
    issue_id = false_vacancies_issue_id(entry.entry_id, "bathroom")
    seen: list[tuple[str, bool]] = []
    unsub = async_track_advice_dismissal(
        hass, entry.entry_id, lambda *args: seen.append(args)
    )
    async_update_advice_issue(hass, entry.entry_id, spec, ADVICE, silenced=False)
    ir.async_ignore_issue(hass, DOMAIN, issue_id, True)
    await hass.async_block_till_done()
    assert seen[-1] == ("bathroom", True)
    # While silenced nothing touches it, not even a clear.
    async_update_advice_issue(hass, entry.entry_id, spec, None, silenced=True)
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.dismissed_version is not None
    # After the silence: a fresh, visible issue (Home Assistant would keep it ignored).
    async_update_advice_issue(hass, entry.entry_id, spec, ADVICE, silenced=False)
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.dismissed_version is None
    # Taking a dismissal back is reported too.
    ir.async_ignore_issue(hass, DOMAIN, issue_id, True)
    ir.async_ignore_issue(hass, DOMAIN, issue_id, False)
    await hass.async_block_till_done()
    assert seen[-2:] == [("bathroom", True), ("bathroom", False)]
    # Other issues and other homes are none of its business.
    count = len(seen)
    ir.async_create_issue(
        hass,
        DOMAIN,
        false_vacancies_issue_id("other_home", "bathroom"),
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key="false_vacancies",
    )
    ir.async_ignore_issue(
        hass, DOMAIN, false_vacancies_issue_id("other_home", "bathroom"), True
    )
    ir.async_create_issue(
        hass,
        "other_domain",
        issue_id,
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key="x",
    )
    ir.async_ignore_issue(hass, "other_domain", issue_id, True)
    await hass.async_block_till_done()
    assert len(seen) == count
    unsub()


async def _start_fix(hass: HomeAssistant, client: Any, issue_id: str) -> Any:
    resp = await client.post(
        "/api/repairs/issues/fix", json={"handler": DOMAIN, "issue_id": issue_id}
    )
    return await resp.json()


async def test_fix_flow_applies_the_proposal(
    hass: HomeAssistant,
    issue_registry: ir.IssueRegistry,
    hass_client: ClientSessionGenerator,
) -> None:
    entry, spec = await _bathroom(hass, vacate_quiet={"seconds": 5})
    issue_id = false_vacancies_issue_id(entry.entry_id, "bathroom")
    async_update_advice_issue(hass, entry.entry_id, spec, ADVICE, silenced=False)
    assert await async_setup_component(hass, "repairs", {})
    client = await hass_client()
    flow = await _start_fix(hass, client, issue_id)
    assert flow["step_id"] == "confirm"
    assert flow["description_placeholders"] == {
        "location": "Bathroom",
        "count": "4",
        "gap": "1:35",
        "current": "2:00",
        "proposed": "4:00",
    }
    resp = await client.post(f"/api/repairs/issues/fix/{flow['flow_id']}", json={})
    assert (await resp.json())["type"] == "create_entry"
    await hass.async_block_till_done()
    timing = entry.subentries["bathroom"].data["timing"]
    assert timing == {
        "motion_timeout": {"hours": 0, "minutes": 4, "seconds": 0},
        "vacate_quiet": {"seconds": 5},
    }
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None


async def test_fix_flow_never_shortens_and_knows_a_deleted_location(
    hass: HomeAssistant,
    issue_registry: ir.IssueRegistry,
    hass_client: ClientSessionGenerator,
) -> None:
    entry, spec = await _bathroom(hass)
    issue_id = false_vacancies_issue_id(entry.entry_id, "bathroom")
    assert await async_setup_component(hass, "repairs", {})
    client = await hass_client()
    # The user opens the advice, then sets 10 minutes by hand before submitting it.
    async_update_advice_issue(hass, entry.entry_id, spec, ADVICE, silenced=False)
    flow = await _start_fix(hass, client, issue_id)
    assert flow["step_id"] == "confirm"
    hass.config_entries.async_update_subentry(
        entry,
        entry.subentries["bathroom"],
        data={
            **entry.subentries["bathroom"].data,
            "timing": {"motion_timeout": {"minutes": 10}},
        },
    )
    await hass.async_block_till_done()
    resp = await client.post(f"/api/repairs/issues/fix/{flow['flow_id']}", json={})
    result = await resp.json()
    assert result["type"] == "abort"
    assert result["reason"] == "already_longer"
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None
    assert entry.subentries["bathroom"].data["timing"]["motion_timeout"] == {
        "minutes": 10
    }
    # The location is deleted while its advice is open.
    longer = Advice(
        count=3,
        current=timedelta(minutes=10),
        proposed=timedelta(minutes=12),
        longest_gap=timedelta(seconds=70),
    )
    async_update_advice_issue(hass, entry.entry_id, spec, longer, silenced=False)
    flow = await _start_fix(hass, client, issue_id)
    assert flow["step_id"] == "confirm"
    hass.config_entries.async_remove_subentry(entry, "bathroom")
    await hass.async_block_till_done()
    resp = await client.post(f"/api/repairs/issues/fix/{flow['flow_id']}", json={})
    result = await resp.json()
    assert result["type"] == "abort"
    assert result["reason"] == "location_gone"
