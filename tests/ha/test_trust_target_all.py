"""``entity_id: all`` targets every location, as Home Assistant's entity actions do.

Left by the audits of round 9: it was refused ("all is not the occupancy sensor of
a location"), where Home Assistant's own entity actions (``light.turn_off`` with
``entity_id: all``) act on every entity of theirs that is enabled
(``helpers/service.py``, ``ENTITY_MATCH_ALL``, on 2025.4 and 2026.10 alike).
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
import pytest

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, setup_home

KITCHEN = "binary_sensor.kitchen_occupancy"
HALL = "binary_sensor.hall_occupancy"
FLOOR = "binary_sensor.floor_occupancy"


async def _home(hass: HomeAssistant) -> None:
    await setup_home(
        hass,
        home_entry(
            location("floor", "Floor"),
            location("kitchen", "Kitchen", parent="floor"),
            location("hall", "Hall", parent="floor"),
        ),
    )


def _on(hass: HomeAssistant) -> set[str]:
    return {
        entity_id
        for entity_id in (KITCHEN, HALL, FLOOR)
        if (state := hass.states.get(entity_id)) is not None and state.state == "on"
    }


@pytest.mark.parametrize("target", ["all", "ALL"])
async def test_all_triggers_every_location(hass: HomeAssistant, target: str) -> None:
    await _home(hass)
    await hass.services.async_call(
        DOMAIN, "trigger", {"entity_id": target, "indefinite": True}, blocking=True
    )
    await hass.async_block_till_done()
    assert _on(hass) == {KITCHEN, HALL, FLOOR}
    for entity_id in (KITCHEN, HALL, FLOOR):
        sources = [
            c["source_id"]
            for c in hass.states.get(entity_id).attributes["contributions"]
        ]
        assert "manual" in sources
    await hass.services.async_call(
        DOMAIN, "vacate", {"entity_id": target}, blocking=True
    )
    await hass.async_block_till_done()
    assert _on(hass) == set()


async def test_all_locks_and_reports_every_location(hass: HomeAssistant) -> None:
    await _home(hass)
    await hass.services.async_call(
        DOMAIN, "lock", {"entity_id": "all", "source_id": "away"}, blocking=True
    )
    await hass.async_block_till_done()
    for entity_id in (KITCHEN, HALL, FLOOR):
        assert hass.states.get(entity_id).attributes["locked_by"] == ["away"]
    report = await hass.services.async_call(
        DOMAIN,
        "get_occupancy",
        {"entity_id": "all"},
        blocking=True,
        return_response=True,
    )
    assert set(report) == {KITCHEN, HALL, FLOOR}


async def test_all_leaves_out_a_disabled_occupancy_sensor(hass: HomeAssistant) -> None:
    # As Home Assistant does: a disabled entity is not among "all".
    await _home(hass)
    er.async_get(hass).async_update_entity(
        HALL, disabled_by=er.RegistryEntryDisabler.USER
    )
    await hass.async_block_till_done()
    await hass.services.async_call(
        DOMAIN, "trigger", {"entity_id": "all", "indefinite": True}, blocking=True
    )
    await hass.async_block_till_done()
    assert _on(hass) == {KITCHEN, FLOOR}


async def test_all_with_no_location_does_nothing_but_a_read_is_refused_in_words(
    hass: HomeAssistant,
) -> None:
    """As Home Assistant's entity actions: ``all`` matching nothing is nothing to do.

    ``entity_service_call`` (2025.4 and 2026.10) returns without an error, but for
    an action that must answer, which it refuses.
    """
    await setup_home(hass, home_entry())
    await hass.services.async_call(
        DOMAIN, "trigger", {"entity_id": "all"}, blocking=True
    )
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "get_occupancy",
            {"entity_id": "all"},
            blocking=True,
            return_response=True,
        )
    assert err.value.translation_key == "no_location_targeted"
