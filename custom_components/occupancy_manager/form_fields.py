"""Form building blocks shared by the options flow and the location form.

Duration fields, entity pickers that never offer the home's own entities, and the
translated checks of durations against the bounds in ``bounds.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.selector import (
    DurationSelector,
    DurationSelectorConfig,
    EntityFilterSelectorConfig,
    EntitySelector,
    EntitySelectorConfig,
)

from .bounds import check_duration
from .const import ZERO_ALLOWED_DURATIONS


class BoundedDurationSelector(DurationSelector):
    """The duration selector, with the range check left to the form.

    Home Assistant's own check raises OverflowError for an absurd value (``1e15``
    hours), which the frontend can only show as "Unknown error"; the form's
    validation refuses every out-of-range value with a translated field error.
    """

    def __call__(self, data: Any) -> Any:
        """Pass the selection on unchanged (``duration_errors`` checks it)."""
        return data


def duration_field() -> BoundedDurationSelector:
    """A duration picker without a sign: no duration here may be negative."""
    return BoundedDurationSelector(
        DurationSelectorConfig(enable_day=False, allow_negative=False)
    )


def duration_errors(
    values: Mapping[str, Any], keys: Iterable[str]
) -> tuple[dict[str, timedelta], dict[str, str]]:
    """Check the durations among ``keys`` present in ``values``.

    Returns the accepted ones as timedeltas and the refused ones as error keys.
    """
    accepted: dict[str, timedelta] = {}
    errors: dict[str, str] = {}
    for key in keys:
        if values.get(key) is None:
            continue
        checked = check_duration(values[key], zero_ok=key in ZERO_ALLOWED_DURATIONS)
        if isinstance(checked, str):
            errors[key] = checked
        else:
            accepted[key] = checked
    return accepted, errors


def own_entity_ids(hass: HomeAssistant, entry: ConfigEntry) -> set[str]:
    """The home's own entities: offering them as sources would build feedback loops."""
    registry = er.async_get(hass)
    return {
        entity.entity_id
        for entity in er.async_entries_for_config_entry(registry, entry.entry_id)
    }


def not_offered(own: set[str], chosen: object) -> list[str]:
    """What a picker leaves out: ``own``, except what the field already holds.

    Home Assistant refuses an excluded entity on submit with an untranslated schema
    error, so a location saved by an older version stays editable.
    """
    if isinstance(chosen, str):
        chosen = [chosen]
    keep = set(chosen) if isinstance(chosen, list | tuple) else set()
    return sorted(own - keep)


def entity_picker(
    exclude: list[str], *filters: EntityFilterSelectorConfig, multiple: bool = True
) -> EntitySelector:
    """An entity picker limited to ``filters`` that never offers ``exclude``."""
    config = EntitySelectorConfig(filter=list(filters), exclude_entities=exclude)
    if multiple:
        config["multiple"] = True
    return EntitySelector(config)


def domains(*names: str) -> tuple[EntityFilterSelectorConfig, ...]:
    """One filter per domain."""
    return tuple(EntityFilterSelectorConfig(domain=name) for name in names)


def format_duration(value: timedelta) -> str:
    """H:MM:SS, the way the duration picker shows it (no words to translate)."""
    total = int(value.total_seconds())
    return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"
