"""Fix flows: drop source entities that no longer exist; apply a motion-timeout advice."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from homeassistant import data_entry_flow
from homeassistant.components.repairs import RepairsFlow
from homeassistant.core import HomeAssistant

from .const import CONF_MOTION_TIMEOUT, CONF_TIMING, SourceKind
from .issues import FALSE_VACANCIES, minutes_seconds, missing_sources
from .locations import HomeTiming, LocationSpec, parse_location, to_duration_dict


class LocationRepairFlow(RepairsFlow):
    """A fix of one location: a confirmation, then a change of its stored data.

    A location deleted meanwhile aborts the flow (``location_gone``).
    """

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
        """Show what will change; change it once confirmed."""
        entry = self.hass.config_entries.async_get_entry(self._entry_id)
        subentry = entry.subentries.get(self._location_id) if entry else None
        if entry is None or subentry is None:
            return self.async_abort(reason="location_gone")
        spec = parse_location(
            subentry.subentry_id,
            subentry.title,
            subentry.data,
            HomeTiming.from_options(entry.options),
        )
        if (refused := self._refused(spec)) is not None:
            return refused
        if user_input is None:
            return self.async_show_form(
                step_id="confirm",
                description_placeholders=self._placeholders(spec),
            )
        self.hass.config_entries.async_update_subentry(
            entry, subentry, data=self._fixed(dict(subentry.data), spec)
        )
        return self.async_create_entry(data={})

    def _refused(self, spec: LocationSpec) -> data_entry_flow.FlowResult | None:
        """The abort when the fix no longer applies, or None."""
        return None

    def _placeholders(self, spec: LocationSpec) -> dict[str, str]:
        """What the confirmation shows."""
        raise NotImplementedError

    def _fixed(self, data: dict[str, Any], spec: LocationSpec) -> dict[str, Any]:
        """The location's stored data with the fix applied."""
        raise NotImplementedError


class RemoveMissingSourcesFlow(LocationRepairFlow):
    """Confirm, then drop the dead entities from the location's sources."""

    # What the confirmation named: a source gone missing after it was shown (deleted
    # in another tab) is not removed unasked; its own issue names it.
    _shown: frozenset[str] = frozenset()

    def _placeholders(self, spec: LocationSpec) -> dict[str, str]:
        missing = missing_sources(self.hass, spec)
        self._shown = frozenset(missing)
        return {"location": spec.name, "entities": ", ".join(missing) or "-"}

    def _fixed(self, data: dict[str, Any], spec: LocationSpec) -> dict[str, Any]:
        missing = self._shown & set(missing_sources(self.hass, spec))
        for kind in SourceKind:
            if isinstance(current := data.get(kind.conf_key), list):
                data[kind.conf_key] = [e for e in current if e not in missing]
        return data


class ApplyMotionTimeoutFlow(LocationRepairFlow):
    """Confirm, then set the location's motion timeout to the advice's proposal."""

    def __init__(
        self, entry_id: str, location_id: str, minutes: int, count: str, gap: str
    ) -> None:
        """Remember the location, the proposal and what it is based on."""
        super().__init__(entry_id, location_id)
        self._proposed = timedelta(minutes=minutes)
        self._count = count
        self._gap = gap

    def _refused(self, spec: LocationSpec) -> data_entry_flow.FlowResult | None:
        if self._proposed <= timedelta(0) or spec.motion_timeout >= self._proposed:
            # Edited meanwhile (or a nonsense proposal): never shorten a timeout.
            self._clear_advice()
            return self.async_abort(reason="already_longer")
        return None

    def _placeholders(self, spec: LocationSpec) -> dict[str, str]:
        return {
            "location": spec.name,
            "count": self._count,
            "gap": self._gap,
            "current": minutes_seconds(spec.motion_timeout),
            "proposed": minutes_seconds(self._proposed),
        }

    def _fixed(self, data: dict[str, Any], spec: LocationSpec) -> dict[str, Any]:
        self._clear_advice()
        timing = data.get(CONF_TIMING)
        return {
            **data,
            CONF_TIMING: {
                **(timing if isinstance(timing, Mapping) else {}),
                CONF_MOTION_TIMEOUT: to_duration_dict(self._proposed),
            },
        }

    def _clear_advice(self) -> None:
        FALSE_VACANCIES.async_clear(self.hass, self._entry_id, (self._location_id,))


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """Create the fix flow of one of the home's issues."""
    data = data or {}
    entry_id = str(data.get("entry_id"))
    location_id = str(data.get("location_id"))
    if issue_id.startswith(FALSE_VACANCIES.prefix):
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
