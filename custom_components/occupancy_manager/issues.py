"""Repair issues: missing source entities, and advice on a too-short motion timeout."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta

from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er, issue_registry as ir

from .bounces import Advice
from .const import DOMAIN
from .locations import LocationSpec

ISSUE_MISSING_SOURCES = "missing_sources"
ISSUE_FALSE_VACANCIES = "false_vacancies"


def missing_sources_issue_id(entry_id: str, location_id: str) -> str:
    """One issue per location, scoped to the home."""
    return f"{ISSUE_MISSING_SOURCES}_{entry_id}_{location_id}"


def missing_sources(hass: HomeAssistant, spec: LocationSpec) -> list[str]:
    """Configured source entities that are neither registered nor have a state."""
    registry = er.async_get(hass)
    return sorted(
        {
            entity_id
            for entity_id, _kind in spec.source_entities()
            if registry.async_get(entity_id) is None
            and hass.states.get(entity_id) is None
        }
    )


def async_update_missing_source_issues(
    hass: HomeAssistant, entry_id: str, specs: Iterable[LocationSpec]
) -> None:
    """Create or clear the missing-sources issue of each given location."""
    for spec in specs:
        issue_id = missing_sources_issue_id(entry_id, spec.id)
        if missing := missing_sources(hass, spec):
            ir.async_create_issue(
                hass,
                DOMAIN,
                issue_id,
                is_fixable=True,
                is_persistent=False,
                severity=ir.IssueSeverity.WARNING,
                translation_key=ISSUE_MISSING_SOURCES,
                translation_placeholders={
                    "location": spec.name,
                    "entities": ", ".join(missing),
                },
                data={"entry_id": entry_id, "location_id": spec.id},
            )
        else:
            ir.async_delete_issue(hass, DOMAIN, issue_id)


def async_clear_issues(
    hass: HomeAssistant, entry_id: str, location_ids: Iterable[str]
) -> None:
    """Remove the home's issues (unload).

    The advice stays: it is about the user's configuration, not this run, and a
    dismissed one must stay dismissed across a reload.
    """
    for location_id in location_ids:
        ir.async_delete_issue(
            hass, DOMAIN, missing_sources_issue_id(entry_id, location_id)
        )


def false_vacancies_issue_id(entry_id: str, location_id: str) -> str:
    """One advice per location, scoped to the home."""
    return f"{ISSUE_FALSE_VACANCIES}_{entry_id}_{location_id}"


def minutes_seconds(value: timedelta) -> str:
    """A duration as m:ss (the placeholders of the advice)."""
    total = round(value.total_seconds())
    return f"{total // 60}:{total % 60:02d}"


@callback
def async_update_advice_issue(
    hass: HomeAssistant,
    entry_id: str,
    spec: LocationSpec,
    advice: Advice | None,
    *,
    silenced: bool,
) -> None:
    """Raise, update or clear the location's false-vacancy advice.

    While the user's dismissal holds (``silenced``) the issue is left as they left it.
    Afterwards a still dismissed issue is replaced by a fresh one: Home Assistant keeps
    an issue dismissed however often it is raised again.
    """
    if silenced:
        return
    issue_id = false_vacancies_issue_id(entry_id, spec.id)
    existing = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    if advice is None or (existing is not None and existing.dismissed_version):
        ir.async_delete_issue(hass, DOMAIN, issue_id)
    if advice is None:
        return
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id,
        is_fixable=True,
        is_persistent=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key=ISSUE_FALSE_VACANCIES,
        translation_placeholders={
            "location": spec.name,
            "count": str(advice.count),
            "current": minutes_seconds(advice.current),
            "proposed": minutes_seconds(advice.proposed),
            "gap": minutes_seconds(advice.longest_gap),
        },
        data={
            "entry_id": entry_id,
            "location_id": spec.id,
            "minutes": advice.proposed_minutes,
            "count": advice.count,
            "gap": minutes_seconds(advice.longest_gap),
        },
    )


@callback
def async_clear_advice(
    hass: HomeAssistant, entry_id: str, location_ids: Iterable[str]
) -> None:
    """Remove the advice of the given locations (deleted, or the home removed)."""
    for location_id in location_ids:
        ir.async_delete_issue(
            hass, DOMAIN, false_vacancies_issue_id(entry_id, location_id)
        )


@callback
def async_track_advice_dismissal(
    hass: HomeAssistant, entry_id: str, action: Callable[[str, bool], None]
) -> CALLBACK_TYPE:
    """Call ``action(location_id, dismissed)`` when the user ignores an advice.

    Also when they take it back (``dismissed`` False), so the silence ends with it.
    """
    prefix = false_vacancies_issue_id(entry_id, "")

    @callback
    def _updated(event: Event[ir.EventIssueRegistryUpdatedData]) -> None:
        issue_id = event.data["issue_id"]
        if event.data["action"] != "update" or event.data["domain"] != DOMAIN:
            return
        if not issue_id.startswith(prefix):
            return
        issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
        if issue is not None:
            action(issue_id.removeprefix(prefix), issue.dismissed_version is not None)

    return hass.bus.async_listen(ir.EVENT_REPAIRS_ISSUE_REGISTRY_UPDATED, _updated)
