"""The few Home Assistant APIs that differ between 2025.4 and the newest release.

Everything version-dependent lives here, so the rest of the integration reads the same
on every supported release, and each branch has a test on its end.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant, ServiceCall

try:  # Newer releases: target resolution moved to helpers.target and takes the selection.
    from homeassistant.helpers.target import (  # type: ignore[import-not-found,attr-defined,unused-ignore]
        TargetSelection,
        async_extract_referenced_entity_ids as _extract_from_selection,
    )
except ImportError:  # 2025.4 and a while after: helpers.service resolves the call.
    TargetSelection = None
    from homeassistant.helpers.service import (
        async_extract_referenced_entity_ids as _extract_from_call,
    )

NEW_TARGET_API = TargetSelection is not None


def referenced_entity_ids(
    hass: HomeAssistant, call: ServiceCall
) -> tuple[set[str], set[str]]:
    """Entity ids a call's target names: (explicitly, through device/area/floor/label)."""
    if TargetSelection is not None:
        selected = _extract_from_selection(hass, TargetSelection(call.data))
    else:
        selected = _extract_from_call(hass, call)
    return set(selected.referenced), set(selected.indirectly_referenced)
