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


async def test_a_raised_grace_logs_the_end_of_the_problem_it_ends(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Failed before the fix: the raised grace unflagged the source silently, so the
    # log said "unavailable" twice and its end once.
    caplog.set_level(logging.INFO, logger=PACKAGE)
    await set_state(hass, MOTION, "off")
    entry = await setup_home(
        hass,
        home_entry(
            location("room", "Room", motion_sources=[MOTION]),
            options={"unavailable_grace": {"minutes": 30}},
        ),
    )
    await set_state(hass, MOTION, "unavailable")
    await tick(hass, freezer, 31 * 60)
    hass.config_entries.async_update_entry(
        entry, options={**entry.options, "unavailable_grace": {"minutes": 60}}
    )
    await hass.async_block_till_done()
    assert hass.states.get("binary_sensor.room_sources_problem").state == "off"
    await tick(hass, freezer, 30 * 60)
    assert hass.states.get("binary_sensor.room_sources_problem").state == "on"
    await set_state(hass, MOTION, "off")
    lines = _lines(caplog)
    assert len(lines) == 4, lines
    for gone, ended in zip(lines[::2], lines[1::2], strict=True):
        assert "has been unavailable" in gone
        assert "no longer a sources problem" in ended
