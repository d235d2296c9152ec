"""What an action's target picker offers is what the action takes.

services.yaml's target filter is what the UI's "Choose entity" (and its device and
area lists) offers; it once offered each location's "Sources problem" sensor too, which
every action refuses as not a location.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
import pytest
import yaml

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, setup_home

SERVICES = yaml.safe_load(
    (
        Path(__file__).parents[2] / "custom_components" / DOMAIN / "services.yaml"
    ).read_text()
)


def _offered(hass: HomeAssistant, entity_filter: Any, entities: list[str]) -> set[str]:
    """The entities a target picker offers, matched as the frontend matches a filter
    (each key must match; a list of filters is any of them)."""
    filters = entity_filter if isinstance(entity_filter, list) else [entity_filter]
    registry = er.async_get(hass)

    def matches(entity_id: str, one: dict[str, Any]) -> bool:
        entry = registry.async_get(entity_id)
        state = hass.states.get(entity_id)
        assert entry is not None and state is not None
        wanted = {
            key: value if isinstance(value, list) else [value]
            for key, value in one.items()
        }
        return (
            entry.platform in wanted.get("integration", [entry.platform])
            and entry.domain in wanted.get("domain", [entry.domain])
            and state.attributes.get("device_class")
            in wanted.get("device_class", [state.attributes.get("device_class")])
        )

    return {e for e in entities if any(matches(e, one) for one in filters)}


@pytest.mark.parametrize(
    "action", sorted(name for name, spec in SERVICES.items() if "target" in spec)
)
async def test_the_target_picker_offers_only_what_the_action_takes(
    hass: HomeAssistant, action: str
) -> None:
    entry = await setup_home(hass, home_entry(location("kitchen", "Kitchen")))
    ours = [
        e.entity_id
        for e in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
    ]
    offered = _offered(hass, SERVICES[action]["target"]["entity"], ours)
    assert offered == {"binary_sensor.kitchen_occupancy"}
    for entity_id in set(ours) - offered:
        with pytest.raises(ServiceValidationError):
            await hass.services.async_call(
                DOMAIN,
                "get_occupancy",
                {"entity_id": entity_id},
                blocking=True,
                return_response=True,
            )
