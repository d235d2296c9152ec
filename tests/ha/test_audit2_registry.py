"""Our own entities renamed by the user (audit 2): automations use entity ids.

Home Assistant 2025.4 re-adds a renamed entity without its config subentry (the
registry entry's ``config_subentry_id`` becomes None until the next restart), and
the actions found a location only through that field: every action aimed at a
renamed occupancy sensor was refused as "not the occupancy sensor of a location".
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
import pytest

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, setup_home

NEW = "binary_sensor.cooking_area"


@pytest.fixture
async def renamed(hass: HomeAssistant) -> None:
    await setup_home(
        hass,
        home_entry(
            location("house", "House"), location("kitchen", "Kitchen", parent="house")
        ),
    )
    er.async_get(hass).async_update_entity(
        "binary_sensor.kitchen_occupancy", new_entity_id=NEW
    )
    await hass.async_block_till_done()
    assert hass.states.get(NEW) is not None


@pytest.mark.usefixtures("renamed")
async def test_actions_reach_a_location_through_its_renamed_occupancy_sensor(
    hass: HomeAssistant,
) -> None:
    await hass.services.async_call(
        DOMAIN, "lock", {"entity_id": NEW, "source_id": "party"}, blocking=True
    )
    await hass.services.async_call(
        DOMAIN, "trigger", {"entity_id": NEW, "indefinite": True}, blocking=True
    )
    await hass.async_block_till_done()
    report = await hass.services.async_call(
        DOMAIN, "get_occupancy", {"entity_id": NEW}, blocking=True, return_response=True
    )
    assert report is not None
    assert report[NEW]["locked_by"] == ["party"]
    state = hass.states.get(NEW)
    assert state is not None
    assert state.attributes["locked_by"] == ["party"]


@pytest.mark.usefixtures("renamed")
async def test_the_old_entity_id_of_a_renamed_sensor_is_refused_in_words(
    hass: HomeAssistant,
) -> None:
    with pytest.raises(ServiceValidationError) as raised:
        await hass.services.async_call(
            DOMAIN,
            "lock",
            {"entity_id": "binary_sensor.kitchen_occupancy", "source_id": "party"},
            blocking=True,
        )
    assert raised.value.translation_key == "not_a_location"
