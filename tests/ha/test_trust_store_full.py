"""A disk that refuses the save (the faults soak's seeds 6, 7, 10, shrunk).

Home Assistant's store catches the ``OSError`` of a write (``WriteError``), logs it
and goes on, on both ends: the home never hears of it. A reload then read the last
file that could be written, and what came after was lost: a room held by an action
came back vacant, so its "became occupied" event and scene fired again on the next
motion, and nobody was told why. Now the home keeps what it could not write for the
next setup of the same run, tells the user (a repair), tries again, and the next good
save writes everything.
"""

from __future__ import annotations

import errno
import json
from pathlib import Path
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.storage import Store
from homeassistant.util.file import WriteError

from custom_components.occupancy_manager.const import DOMAIN, EVENT_OCCUPANCY_CHANGED
from custom_components.occupancy_manager.persistence import MAX_SAVE_DELAY

from .common import home_entry, location, setup_home, tick

OCC = "binary_sensor.room_occupancy"


def _full(original: Any) -> Any:
    async def write(store: Store[Any], *args: Any) -> None:
        if store.key.startswith(DOMAIN):
            raise WriteError(OSError(errno.ENOSPC, "No space left on device"))
        await original(store, *args)

    return write


async def test_a_save_the_disk_refused_is_kept_told_and_written_later(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    entry = await setup_home(hass, home_entry(location("room", "Room")))
    key = f"{DOMAIN}.{entry.entry_id}"
    fired: list[Event] = []
    hass.bus.async_listen(EVENT_OCCUPANCY_CHANGED, fired.append)
    original = Store._async_write_data
    with patch.object(Store, "_async_write_data", _full(original)):
        await hass.services.async_call(
            DOMAIN,
            "lock",
            {"entity_id": OCC, "source_id": "party", "state": "occupied"},
            blocking=True,
        )
        await tick(hass, freezer, MAX_SAVE_DELAY + 1)
        issue = ir.async_get(hass).async_get_issue(
            DOMAIN, f"not_saved_{entry.entry_id}"
        )
        assert issue is not None
        assert issue.translation_key == "not_saved"
        # A reload in the same run: nothing the disk refused is lost.
        assert await hass.config_entries.async_reload(entry.entry_id)
        await hass.async_block_till_done()
        state = hass.states.get(OCC)
        assert state is not None
        assert state.state == "on"
        assert state.attributes["locked_by"] == ["party"]
        assert len(fired) == 1
    # The disk freed: the retry writes everything, and the repair goes.
    await tick(hass, freezer, MAX_SAVE_DELAY + 1)
    saved = hass_storage[key]["data"]["locations"]["room"]
    assert saved["k"] == [["party", None]]
    assert (
        ir.async_get(hass).async_get_issue(DOMAIN, f"not_saved_{entry.entry_id}")
        is None
    )


async def test_the_real_write_path_refused_by_the_disk_is_seen(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, real_storage: Path
) -> None:
    """The OSError comes from Home Assistant's own file write (both ends)."""
    entry = await setup_home(hass, home_entry(location("room", "Room")))
    issue_id = f"not_saved_{entry.entry_id}"

    def no_space(*_args: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with patch("homeassistant.util.file.os.replace", no_space):
        await hass.services.async_call(
            DOMAIN, "trigger", {"entity_id": OCC}, blocking=True
        )
        await tick(hass, freezer, MAX_SAVE_DELAY + 1)
        assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is not None
    await tick(hass, freezer, MAX_SAVE_DELAY + 1)
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
    saved = json.loads((real_storage / f"{DOMAIN}.{entry.entry_id}").read_text())
    assert [c[0] for c in saved["data"]["locations"]["room"]["c"]] == ["manual"]
