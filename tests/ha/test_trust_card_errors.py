"""The card's command refused in the user's language (the faults soak's bad commands).

``occupancy_manager/subscribe`` refused an unknown location, or a call while no home
was loaded, with English words only: the card matched them, and anything else that
shows a websocket error (the developer tools, another client) could not translate
them. The refusal now carries our translation key with its placeholders, as the
actions' refusals do; the words stay as they were for the card.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.occupancy_manager.const import DOMAIN

from .common import EXCEPTIONS, home_entry, location, setup_home


async def test_refusals_of_the_card_command_are_translated(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    entry = await setup_home(hass, home_entry(location("room", "Room")))
    client = await hass_ws_client(hass)
    await client.send_json_auto_id(
        {"type": f"{DOMAIN}/subscribe", "location_id": "a\nb🙂"}
    )
    error = (await client.receive_json())["error"]
    assert error["code"] == "not_found"
    assert "Unknown location" in error["message"]  # what the card reads
    assert error["translation_domain"] == DOMAIN
    assert error["translation_key"] == "unknown_location"
    assert error["translation_placeholders"] == {"location_id": "a\nb🙂"}
    assert "{location_id}" in EXCEPTIONS["unknown_location"]["message"]

    assert await hass.config_entries.async_unload(entry.entry_id)
    await client.send_json_auto_id({"type": f"{DOMAIN}/subscribe"})
    error = (await client.receive_json())["error"]
    assert error["code"] == "not_found"
    assert error["translation_key"] == "home_not_loaded"
    assert error["translation_domain"] == DOMAIN
