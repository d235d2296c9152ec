"""Repair issues, one per location: missing sources, timeout advice, lost parents."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta

from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er, issue_registry as ir

from .bounces import Advice
from .const import DOMAIN
from .locations import LocationSpec


@dataclass(frozen=True, slots=True)
class IssueKind:
    """One kind of repair issue: one issue per location, scoped to the home."""

    prefix: str
    translation_key: str
    fixable: bool

    def issue_id(self, entry_id: str, location_id: str) -> str:
        """The issue id of one location of one home."""
        return f"{self.prefix}_{entry_id}_{location_id}"

    @callback
    def async_raise(
        self,
        hass: HomeAssistant,
        entry_id: str,
        location_id: str,
        placeholders: dict[str, str],
        data: dict[str, str | int | float | None] | None = None,
    ) -> None:
        """Create (or update) the location's issue; a fixable one carries ``data``."""
        ir.async_create_issue(
            hass,
            DOMAIN,
            self.issue_id(entry_id, location_id),
            is_fixable=self.fixable,
            is_persistent=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key=self.translation_key,
            translation_placeholders=placeholders,
            data=(
                {"entry_id": entry_id, "location_id": location_id, **(data or {})}
                if self.fixable
                else None
            ),
        )

    @callback
    def async_clear(
        self, hass: HomeAssistant, entry_id: str, location_ids: Iterable[str]
    ) -> None:
        """Remove the issues of these locations (none raised is fine)."""
        for location_id in location_ids:
            ir.async_delete_issue(hass, DOMAIN, self.issue_id(entry_id, location_id))

    def raised(self, hass: HomeAssistant, entry_id: str) -> set[str]:
        """The locations of the home that have an issue of this kind."""
        prefix = self.issue_id(entry_id, "")
        return {
            issue_id.removeprefix(prefix)
            for domain, issue_id in ir.async_get(hass).issues
            if domain == DOMAIN and issue_id.startswith(prefix)
        }


MISSING_SOURCES = IssueKind("missing_sources", "missing_sources", fixable=True)
FALSE_VACANCIES = IssueKind("false_vacancies", "false_vacancies", fixable=True)
ORPHANED = IssueKind("orphaned", "orphaned_location", fixable=False)


def false_vacancies_issue_id(entry_id: str, location_id: str) -> str:
    """The advice's issue id of one location."""
    return FALSE_VACANCIES.issue_id(entry_id, location_id)


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
        if missing := missing_sources(hass, spec):
            MISSING_SOURCES.async_raise(
                hass,
                entry_id,
                spec.id,
                {"location": spec.name, "entities": ", ".join(missing)},
            )
        else:
            MISSING_SOURCES.async_clear(hass, entry_id, (spec.id,))


def async_clear_issues(
    hass: HomeAssistant, entry_id: str, location_ids: Iterable[str]
) -> None:
    """Remove the home's issues (unload).

    The advice stays: it is about the user's configuration, not this run, and a
    dismissed one must stay dismissed across a reload.
    """
    MISSING_SOURCES.async_clear(hass, entry_id, location_ids)


@callback
def async_update_orphan_notices(
    hass: HomeAssistant,
    entry_id: str,
    specs: Mapping[str, LocationSpec],
    orphans: Iterable[str],
) -> None:
    """Tell of locations that just lost their parent; drop notices no longer true.

    The notice lasts until the location has a parent again or is deleted (its
    stored parent is removed at once, so "orphan" is news only once).
    """
    for location_id in orphans:
        ORPHANED.async_raise(
            hass, entry_id, location_id, {"location": specs[location_id].name}
        )
    ORPHANED.async_clear(
        hass,
        entry_id,
        {
            location_id
            for location_id in ORPHANED.raised(hass, entry_id)
            if location_id not in specs or specs[location_id].parent_id is not None
        },
    )


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
    issue_id = FALSE_VACANCIES.issue_id(entry_id, spec.id)
    existing = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    if advice is None or (existing is not None and existing.dismissed_version):
        ir.async_delete_issue(hass, DOMAIN, issue_id)
    if advice is None:
        return
    FALSE_VACANCIES.async_raise(
        hass,
        entry_id,
        spec.id,
        {
            "location": spec.name,
            "count": str(advice.count),
            "current": minutes_seconds(advice.current),
            "proposed": minutes_seconds(advice.proposed),
            "gap": minutes_seconds(advice.longest_gap),
        },
        {
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
    FALSE_VACANCIES.async_clear(hass, entry_id, location_ids)


@callback
def async_remove_home_issues(
    hass: HomeAssistant, entry_id: str, location_ids: Iterable[str]
) -> None:
    """The home is deleted: every issue of it goes, the advice too."""
    location_ids = set(location_ids)
    for kind in (MISSING_SOURCES, FALSE_VACANCIES, ORPHANED):
        kind.async_clear(hass, entry_id, location_ids | kind.raised(hass, entry_id))


@callback
def async_track_advice_dismissal(
    hass: HomeAssistant, entry_id: str, action: Callable[[str, bool], None]
) -> CALLBACK_TYPE:
    """Call ``action(location_id, dismissed)`` when the user ignores an advice.

    Also when they take it back (``dismissed`` False), so the silence ends with it.
    """
    prefix = FALSE_VACANCIES.issue_id(entry_id, "")

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
