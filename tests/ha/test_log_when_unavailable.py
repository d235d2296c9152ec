"""Quality scale "log-when-unavailable": a source that goes away is logged once at info
when it becomes a sources problem, and once when it is back (not on every state)."""

from __future__ import annotations

import logging

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest

from .common import home_entry, location, set_state, setup_home, tick

MOTION = "binary_sensor.room_motion"
PACKAGE = "custom_components.occupancy_manager"


def _lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith(PACKAGE)
        and record.levelno == logging.INFO
        and MOTION in record.getMessage()
    ]


async def test_a_source_is_logged_once_gone_and_once_back(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger=PACKAGE)
    await set_state(hass, MOTION, "off")
    await setup_home(
        hass,
        home_entry(
            location("room", "Room", motion_sources=[MOTION]),
            options={"unavailable_grace": {"minutes": 30}},
        ),
    )
    await set_state(hass, MOTION, "unavailable")
    await tick(hass, freezer, 29 * 60)
    assert _lines(caplog) == []  # within the grace: a blip is no news
    await tick(hass, freezer, 61)
    await set_state(hass, MOTION, "unavailable", flapping=True)
    await tick(hass, freezer, 3600)
    gone = _lines(caplog)
    assert len(gone) == 1, gone
    assert "unavailable" in gone[0]
    await set_state(hass, MOTION, "off")
    await set_state(hass, MOTION, "on")
    back = _lines(caplog)[1:]
    assert len(back) == 1, back
    assert "available again" in back[0]
