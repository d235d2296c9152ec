"""Fix flows: drop source entities that no longer exist; apply a motion-timeout advice."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from homeassistant import data_entry_flow
from homeassistant.components.repairs import RepairsFlow
from homeassistant.config_entries import ConfigEntry, ConfigSubentry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from .const import CONF_MOTION_TIMEOUT, CONF_TIMING, DOMAIN, SourceKind
from .issues import (
    ISSUE_FALSE_VACANCIES,
    false_vacancies_issue_id,
    minutes_seconds,
    missing_sources,
)
from .locations import HomeTiming, LocationSpec, parse_location, to_duration_dict


def _location(
    flow: RepairsFlow, entry_id: str, location_id: str
) -> tuple[ConfigEntry, ConfigSubentry, LocationSpec] | None:
    """The location's entry, subentry and parsed spec, or None when it is gone."""
    entry = flow.hass.config_entries.async_get_entry(entry_id)
    subentry = entry.subentries.get(location_id) if entry else None
    if entry is None or subentry is None:
        return None
    spec = parse_location(
        subentry.subentry_id,
        subentry.title,
        subentry.data,
        HomeTiming.from_options(entry.options),
    )
    return entry, subentry, spec


class RemoveMissingSourcesFlow(RepairsFlow):
    """Confirm, then drop the dead entities from the location's sources."""

    def __init__(self, entry_id: str, location_id: str) -> None:
        """Remember which location to fix."""
        self._entry_id = entry_id
        self._location_id = location_id

    async def async_step_init(
        self, user_input: dict[str, str] | None = None
    ) -> data_entry_flow.FlowResult:
        """Start at the confirmation."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, str] | None = None
    ) -> data_entry_flow.FlowResult:
        """Show what will be removed; remove it once confirmed."""
        if (found := _location(self, self._entry_id, self._location_id)) is None:
            return self.async_abort(reason="location_gone")
        entry, subentry, spec = found
        missing = set(missing_sources(self.hass, spec))
        if user_input is not None:
            data = dict(subentry.data)
            for kind in SourceKind:
                if isinstance(current := data.get(kind.conf_key), list):
                    data[kind.conf_key] = [e for e in current if e not in missing]
            self.hass.config_entries.async_update_subentry(entry, subentry, data=data)
            return self.async_create_entry(data={})
        return self.async_show_form(
            step_id="confirm",
            description_placeholders={
                "location": subentry.title,
                "entities": ", ".join(sorted(missing)) or "-",
            },
        )


class ApplyMotionTimeoutFlow(RepairsFlow):
    """Confirm, then set the location's motion timeout to the advice's proposal."""

    def __init__(
        self, entry_id: str, location_id: str, minutes: int, count: str, gap: str
    ) -> None:
        """Remember the location, the proposal and what it is based on."""
        self._entry_id = entry_id
        self._location_id = location_id
        self._proposed = timedelta(minutes=minutes)
        self._count = count
        self._gap = gap

    async def async_step_init(
        self, user_input: dict[str, str] | None = None
    ) -> data_entry_flow.FlowResult:
        """Start at the confirmation."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, str] | None = None
    ) -> data_entry_flow.FlowResult:
        """Show the change; apply it to the location once confirmed."""
        if (found := _location(self, self._entry_id, self._location_id)) is None:
            return self.async_abort(reason="location_gone")
        entry, subentry, spec = found
        if self._proposed <= timedelta(0) or spec.motion_timeout >= self._proposed:
            # Edited meanwhile (or a nonsense proposal): never shorten a timeout.
            ir.async_delete_issue(
                self.hass,
                DOMAIN,
                false_vacancies_issue_id(self._entry_id, self._location_id),
            )
            return self.async_abort(reason="already_longer")
        if user_input is not None:
            timing = subentry.data.get(CONF_TIMING)
            data = {
                **subentry.data,
                CONF_TIMING: {
                    **(timing if isinstance(timing, Mapping) else {}),
                    CONF_MOTION_TIMEOUT: to_duration_dict(self._proposed),
                },
            }
            self.hass.config_entries.async_update_subentry(entry, subentry, data=data)
            ir.async_delete_issue(
                self.hass,
                DOMAIN,
                false_vacancies_issue_id(self._entry_id, self._location_id),
            )
            return self.async_create_entry(data={})
        return self.async_show_form(
            step_id="confirm",
            description_placeholders={
                "location": spec.name,
                "count": self._count,
                "gap": self._gap,
                "current": minutes_seconds(spec.motion_timeout),
                "proposed": minutes_seconds(self._proposed),
            },
        )


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """Create the fix flow of one of the home's issues."""
    data = data or {}
    entry_id = str(data.get("entry_id"))
    location_id = str(data.get("location_id"))
    if issue_id.startswith(ISSUE_FALSE_VACANCIES):
        minutes = data.get("minutes")
        return ApplyMotionTimeoutFlow(
            entry_id,
            location_id,
            minutes
            if isinstance(minutes, int) and not isinstance(minutes, bool)
            else 0,
            count=str(data.get("count", "?")),
            gap=str(data.get("gap", "?")),
        )
    return RemoveMissingSourcesFlow(entry_id, location_id)
