"""Fixtures for the Home Assistant tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
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


@pytest.fixture
def set_back(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, monkeypatch: pytest.MonkeyPatch
) -> Callable[[timedelta], None]:
    """Move the wall clock back by ``by``; the loop's clock goes on counting.

    As an NTP correction or a restored VM does (the clock tests of clock.py).
    """
    loop_time = hass.loop.time
    offset = [0.0]
    monkeypatch.setattr(hass.loop, "time", lambda: loop_time() + offset[0])

    def _set_back(by: timedelta) -> None:
        freezer.move_to(dt_util.utcnow() - by)
        offset[0] += by.total_seconds()

    return _set_back
