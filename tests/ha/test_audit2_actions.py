"""Actions given hostile data (audit 2): a translated refusal that changes nothing."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, setup_home

KITCHEN = "binary_sensor.kitchen_occupancy"


@pytest.fixture
async def home(hass: HomeAssistant) -> None:
    await setup_home(
        hass,
        home_entry(
            location("house", "House"), location("kitchen", "Kitchen", parent="house")
        ),
    )


def _states(hass: HomeAssistant) -> dict[str, Any]:
    return {s.entity_id: (s.state, dict(s.attributes)) for s in hass.states.async_all()}


# Python refuses to read an integer of more than 4,300 digits (a ValueError): a clock
# text "HH:MM" with that many digits came out of the action as a raw error.
@pytest.mark.parametrize(
    ("service", "field"),
    [("trigger", "timeout"), ("clear", "trailing_timeout"), ("lock", "duration")],
)
@pytest.mark.parametrize(
    "clock", ["9" * 5000 + ":00", "1:" + "9" * 5000], ids=["hours", "minutes"]
)
@pytest.mark.usefixtures("home")
async def test_a_clock_text_with_thousands_of_digits_is_refused_in_words(
    hass: HomeAssistant, service: str, field: str, clock: str
) -> None:
    before = _states(hass)
    data: dict[str, Any] = {"entity_id": KITCHEN, field: clock}
    if service != "trigger":
        data["source_id"] = "s"
    with pytest.raises(ServiceValidationError) as raised:
        await hass.services.async_call(DOMAIN, service, data, blocking=True)
    assert raised.value.translation_key == "duration_invalid"
    assert raised.value.translation_placeholders == {"field": field}
    await hass.async_block_till_done()
    assert _states(hass) == before
