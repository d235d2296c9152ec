"""Serve the Lovelace card shipped in ``frontend/`` and load it on every dashboard.

Users need no resource step: the module is a static path of Home Assistant's own web
server and an extra module of its frontend, with the version as a query so a browser
never keeps an old card after an update. The module imports the card's code from a
chunk beside it (named by its content, so it is cached safely): the whole directory is
served.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Final

from homeassistant.components import frontend
from homeassistant.components.http import StaticPathConfig
from homeassistant.core import HomeAssistant
from homeassistant.loader import async_get_integration

from .const import DOMAIN

_LOGGER = logging.getLogger(__name__)

CARD_FILE: Final = "occupancy-manager-card.js"
CARD_DIR_URL: Final = f"/{DOMAIN}"
CARD_URL: Final = f"{CARD_DIR_URL}/{CARD_FILE}"
CARD_DIR: Final = Path(__file__).parent / "frontend"
CARD_PATH: Final = CARD_DIR / CARD_FILE


async def async_register_card(hass: HomeAssistant) -> str | None:
    """Serve the card and add it to the frontend; the URL the frontend loads.

    Without the web server or the frontend (a headless setup, the test harness) there
    is nothing to show a card in, so nothing is registered.
    """
    if hass.http is None or "frontend" not in hass.config.components:
        _LOGGER.debug("No frontend loaded: the card is not registered")
        return None
    await hass.http.async_register_static_paths(
        [StaticPathConfig(CARD_DIR_URL, str(CARD_DIR), cache_headers=True)]
    )
    version = (await async_get_integration(hass, DOMAIN)).version
    url = f"{CARD_URL}?v={version}"
    frontend.add_extra_js_url(hass, url)
    return url
