"""Durations too large for a float: refused in words, never a raw exception.

Found by the audit of round 9: the bounds measured every number as a float, and
``float()`` of an integer past ~1.8e308 raises OverflowError, while ``int()`` of a
clock text with more than 4,300 digits raises ValueError. A template, a YAML
script or a hand-edited store can hand over either.
"""

from __future__ import annotations

from typing import Any

from homeassistant import config_entries
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import ServiceValidationError
import pytest

from custom_components.occupancy_manager.const import DOMAIN, SUBENTRY_LOCATION

from .common import home_entry, location, setup_home

KITCHEN = "binary_sensor.kitchen_occupancy"
BIG_INT = 10**400  # a Python int no float can hold
BIG_CLOCK = "9" * 400 + ":00:00"  # hours past the float range, as clock text
LONG_CLOCK = "9" * 5000 + ":00"  # past Python's int-from-text digit limit


@pytest.mark.parametrize(
    ("service", "data", "field"),
    [
        ("trigger", {"timeout": BIG_INT}, "timeout"),
        ("trigger", {"timeout": {"hours": BIG_INT}}, "timeout"),
        ("trigger", {"timeout": BIG_CLOCK}, "timeout"),
        ("trigger", {"timeout": LONG_CLOCK}, "timeout"),
        (
            "clear",
            {"source_id": "x", "trailing_timeout": BIG_CLOCK},
            "trailing_timeout",
        ),
        ("lock", {"source_id": "x", "duration": -BIG_INT}, "duration"),
    ],
    ids=["int", "dict", "big_clock", "long_clock", "clear", "lock_negative"],
)
async def test_actions_refuse_durations_past_the_float_range(
    hass: HomeAssistant, service: str, data: dict[str, Any], field: str
) -> None:
    await setup_home(hass, home_entry(location("kitchen", "Kitchen")))
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN, service, {"entity_id": KITCHEN, **data}, blocking=True
        )
    assert err.value.translation_domain == DOMAIN
    assert err.value.translation_placeholders == {"field": field}
    assert hass.states.get(KITCHEN).state == "off"


@pytest.mark.parametrize(
    "value",
    [BIG_CLOCK, LONG_CLOCK, {"minutes": BIG_INT}],
    ids=["big_clock", "long_clock", "big_int"],
)
async def test_the_location_form_refuses_durations_past_the_float_range(
    hass: HomeAssistant, value: object
) -> None:
    entry = await setup_home(hass, home_entry())
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_LOCATION),
        context={"source": config_entries.SOURCE_USER},
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            "name": "Bathroom",
            "strategy": "independent",
            "contributes_to_parent": True,
            "timing": {"motion_timeout": value},
            "actions": {},
            "wasp": {},
        },
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "timing_out_of_range"}
    assert not entry.subentries


async def test_a_stored_clock_text_past_the_float_range_is_not_fatal(
    hass: HomeAssistant,
) -> None:
    # A hand edit of the store: clamped and logged like any stored value out of range.
    entry = await setup_home(
        hass,
        home_entry(
            location("kitchen", "Kitchen", timing={"motion_timeout": LONG_CLOCK}),
            options={"default_timeout": BIG_CLOCK},
        ),
    )
    assert entry.state is ConfigEntryState.LOADED
    assert hass.states.get(KITCHEN).state == "off"
