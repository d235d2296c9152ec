"""The card is served by the integration and loaded by the frontend at setup."""

from __future__ import annotations

import json
import re

from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL, UrlManager
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.occupancy_manager.card import CARD_DIR_URL, CARD_PATH, CARD_URL

from .common import home_entry, location, setup_home


async def test_card_is_served_and_added_to_the_frontend(
    hass: HomeAssistant, hass_client: ClientSessionGenerator
) -> None:
    assert await async_setup_component(hass, "http", {})
    # The frontend itself needs its UI package, which the test venv does not have:
    # what the card uses of it is the extra module URLs.
    added: list[str] = []
    hass.data[DATA_EXTRA_MODULE_URL] = UrlManager(
        lambda change, url: added.append(f"{change} {url}"), []
    )
    hass.config.components.add("frontend")
    await setup_home(hass, home_entry(location("room", "Room")))

    manifest = json.loads((CARD_PATH.parents[1] / "manifest.json").read_text())
    # The version busts the browser's cache when the integration is updated.
    url = f"{CARD_URL}?v={manifest['version']}"
    assert hass.data[DATA_EXTRA_MODULE_URL].urls == {url}
    assert added == [f"added {url}"]

    client = await hass_client()
    response = await client.get(url)
    assert response.status == 200
    body = await response.read()
    assert body == CARD_PATH.read_bytes()
    assert b"occupancy-manager-card" in body
    assert b"customCards" in body

    # The card's code is the chunk the module imports (once the frontend is ready).
    chunks = re.findall(rb'import\("\./(occupancy-manager-card-[\w-]+\.js)"\)', body)
    assert len(chunks) == 1, body
    chunk = chunks[0].decode()
    response = await client.get(f"{CARD_DIR_URL}/{chunk}")
    assert response.status == 200
    code = await response.read()
    assert code == (CARD_PATH.parent / chunk).read_bytes()
    assert b"customElements.define" in code


async def test_without_a_frontend_nothing_is_registered(hass: HomeAssistant) -> None:
    await setup_home(hass, home_entry(location("room", "Room")))
    assert DATA_EXTRA_MODULE_URL not in hass.data
