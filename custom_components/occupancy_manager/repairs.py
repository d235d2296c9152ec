"""Fix flow: remove the source entities that no longer exist from a location."""

from __future__ import annotations

from homeassistant import data_entry_flow
from homeassistant.components.repairs import RepairsFlow
from homeassistant.core import HomeAssistant

from .const import SourceKind
from .issues import missing_sources
from .locations import HomeTiming, parse_location


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


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """Create the fix flow of a missing-sources issue."""
    data = data or {}
    return RemoveMissingSourcesFlow(
        str(data.get("entry_id")), str(data.get("location_id"))
    )
