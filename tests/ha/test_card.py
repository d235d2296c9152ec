"""The card is served by the integration and loaded by the frontend at setup."""

from __future__ import annotations

import json
from pathlib import Path
import re
import shutil

from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL, UrlManager
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.occupancy_manager import card
from custom_components.occupancy_manager.card import CARD_DIR_URL, CARD_PATH, CARD_URL

from .common import home_entry, location, setup_home


async def _card_url(hass: HomeAssistant, added: list[str] | None = None) -> str:
    """Set a home up with a frontend; the one module URL the card added."""
    assert await async_setup_component(hass, "http", {})
    # The frontend itself needs its UI package, which the test venv does not have:
    # what the card uses of it is the extra module URLs.
    hass.data[DATA_EXTRA_MODULE_URL] = UrlManager(
        lambda change, url: (added if added is not None else []).append(
            f"{change} {url}"
        ),
        [],
    )
    hass.config.components.add("frontend")
    await setup_home(hass, home_entry(location("room", "Room")))
    [url] = hass.data[DATA_EXTRA_MODULE_URL].urls
    assert isinstance(url, str)
    return url


async def test_card_is_served_and_added_to_the_frontend(
    hass: HomeAssistant, hass_client: ClientSessionGenerator
) -> None:
    added: list[str] = []
    url = await _card_url(hass, added)
    assert url.startswith(f"{CARD_URL}?v=")
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
    # Named by its content, a chunk may be kept for long.
    assert "max-age" in response.headers.get("Cache-Control", "")


async def test_a_changed_card_gets_a_new_url_under_the_same_version(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    # The entry module is cached for a month: an install that changes the card but
    # not the version must not leave browsers an old entry importing a deleted chunk.
    # Before the fix the URL carried only the version.
    manifest = json.loads((CARD_PATH.parents[1] / "manifest.json").read_text())
    shipped = CARD_PATH.read_bytes()
    changed_dir = tmp_path / "frontend"
    shutil.copytree(CARD_PATH.parent, changed_dir)
    (changed_dir / CARD_PATH.name).write_bytes(shipped + b"\n// rebuilt\n")
    monkeypatch.setattr(card, "CARD_DIR", changed_dir)
    monkeypatch.setattr(card, "CARD_PATH", changed_dir / CARD_PATH.name)

    url = await _card_url(hass)
    assert url != f"{CARD_URL}?v={manifest['version']}"
    assert url != card.card_url(shipped)
    client = await hass_client()
    response = await client.get(url)
    assert response.status == 200
    assert await response.read() == shipped + b"\n// rebuilt\n"


async def test_without_a_frontend_nothing_is_registered(hass: HomeAssistant) -> None:
    await setup_home(hass, home_entry(location("room", "Room")))
    assert DATA_EXTRA_MODULE_URL not in hass.data
