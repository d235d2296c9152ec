"""Serve the Lovelace card shipped in ``frontend/`` and load it on every dashboard.

Users need no resource step: the module is a static path of Home Assistant's own web
server and an extra module of its frontend. The whole directory is served with long
cache headers: the module imports the card's code from a chunk beside it, named by its
content. The module's own name never changes, so its URL carries a hash of its content
as a query: a browser never keeps an old entry (importing a chunk since deleted) after
an install that changed the card, even one that kept the version.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Final

from homeassistant.components import frontend
from homeassistant.components.http import StaticPathConfig
from homeassistant.core import HomeAssistant

from .const import DOMAIN

_LOGGER = logging.getLogger(__name__)

CARD_FILE: Final = "occupancy-manager-card.js"
CARD_DIR_URL: Final = f"/{DOMAIN}"
CARD_URL: Final = f"{CARD_DIR_URL}/{CARD_FILE}"
CARD_DIR: Final = Path(__file__).parent / "frontend"
CARD_PATH: Final = CARD_DIR / CARD_FILE


def card_url(entry: bytes) -> str:
    """The URL the frontend loads for this content of the entry module."""
    return f"{CARD_URL}?v={hashlib.sha256(entry).hexdigest()[:16]}"


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
    url = card_url(await hass.async_add_executor_job(CARD_PATH.read_bytes))
    frontend.add_extra_js_url(hass, url)
    return url
