"""Fixtures for the Home Assistant tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from homeassistant.core import HomeAssistant
import pytest

from .real_store import real_storage_in


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load the integration from custom_components/."""


@pytest.fixture
def real_storage(hass: HomeAssistant, tmp_path: Path) -> Iterator[Path]:
    """The real Store read/write path in a temporary config dir (its .storage)."""
    with real_storage_in(hass, tmp_path) as storage:
        yield storage
