"""The engine snapshot in Home Assistant's storage, and what to do when it is unusable.

Saving does not use ``Store.async_delay_save``: it re-arms its delay on every call,
so a home that changes at least every ``SAVE_DELAY`` seconds would never be saved
until it went quiet, and HA 2025.4 calls its data function in a worker thread, where
the engine snapshot would walk dicts the event loop is changing. Here the snapshot
is taken in the loop, ``SAVE_DELAY`` after the last change but never later than
``MAX_SAVE_DELAY`` after the first unsaved one, and handed to ``Store.async_save``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
import logging
import os
from pathlib import Path
from typing import Any, Final

from homeassistant.core import CALLBACK_TYPE, HassJob, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN, SAVE_DELAY, STORAGE_VERSION

_LOGGER = logging.getLogger(__name__)

type Snapshot = dict[str, object]

MAX_SAVE_DELAY: Final = 60
"""Seconds: the longest a change waits to be saved, however many follow it."""

NOT_SAVED: HassKey[dict[str, Snapshot]] = HassKey(f"{DOMAIN}_not_saved")
"""Per store key, the last snapshot the disk refused: what a reload in this run reads."""


class _Store(Store[Snapshot]):
    """A ``Store`` that remembers whether its last write failed.

    Home Assistant's store catches a failed write (an ``OSError`` such as a full disk
    becomes ``WriteError``), logs it and returns as if saved, on both ends; the
    snapshot would be lost at the next reload without anyone being told.
    """

    write_error: Exception | None = None

    async def async_save_seen(self, data: Snapshot) -> Exception | None:
        """Save; what refused this write, if anything did."""
        # Stopping, the store writes later (at the final write): no error seen here.
        self.write_error = None
        await self.async_save(data)
        return self.write_error

    async def _async_write_data(self, *args: Any) -> None:
        # Its arguments differ between the ends: (path, data), later (data).
        try:
            await super()._async_write_data(*args)
        except Exception as err:
            self.write_error = err
            raise
        self.write_error = None


class SnapshotStore:
    """Load, save and quarantine one home's engine snapshot."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Bind the store to the config entry."""
        self._hass = hass
        self._entry_id = entry_id
        self._store = _Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}", private=True
        )
        self._data_func: Callable[[], Snapshot] | None = None
        self._first_unsaved: float | None = None
        """Loop time of the oldest change not saved yet."""
        self._unsub_timer: CALLBACK_TYPE | None = None
        self._due = 0.0
        """Loop time the save is due at (while one is scheduled)."""
        self._armed_for = 0.0
        """Loop time the armed timer was set for."""
        self._job = HassJob(self._async_save_due, "occupancy_manager save")
        self._owed = self._store.key in hass.data.get(NOT_SAVED, {})

    async def async_load(self) -> Mapping[str, object] | None:
        """Return the saved snapshot, or None when there is none or it is unusable.

        A corrupt or foreign file must never stop the home loading: it is logged,
        moved aside for inspection, and the home starts clean. (Invalid JSON is already
        moved aside by the Store itself; this covers valid JSON of the wrong shape or
        a version from the future.)
        """
        if (
            kept := self._hass.data.get(NOT_SAVED, {}).get(self._store.key)
        ) is not None:
            return kept  # newer than the file, which the disk would not update
        try:
            data: object = await self._store.async_load()
        except (
            HomeAssistantError,
            NotImplementedError,
            KeyError,
            TypeError,
            ValueError,
        ) as err:
            await self._async_quarantine(str(err))
            return None
        if data is None:
            return None
        if not isinstance(data, dict):
            await self._async_quarantine(
                f"expected an object, got {type(data).__name__}"
            )
            return None
        return data

    async def _async_quarantine(self, why: str) -> None:
        path = Path(self._store.path)
        target = path.with_name(
            f"{path.name}.corrupt-{dt_util.utcnow().strftime('%Y%m%dT%H%M%S')}"
        )

        def _move() -> str:
            try:
                os.replace(path, target)
            except FileNotFoundError:
                return "nothing to move"
            except OSError as err:
                # Starting clean beats not starting: the next save replaces it.
                return f"could not move it aside ({err})"
            return f"moved it to {target}"

        outcome = await self._hass.async_add_executor_job(_move)
        _LOGGER.warning(
            "Saved occupancy state in %s is unusable (%s); %s; starting clean",
            path,
            why,
            outcome,
        )

    @callback
    def async_schedule_save(self, data_func: Callable[[], Snapshot]) -> None:
        """Save soon: ``data_func`` is called in the event loop when the save is due.

        A burst of changes is coalesced into one write, ``SAVE_DELAY`` seconds after
        the last of them, but a change never waits more than ``MAX_SAVE_DELAY``.
        """
        self._data_func = data_func
        now = self._hass.loop.time()
        if self._first_unsaved is None:
            self._first_unsaved = now
        self._due = self._first_unsaved + MAX_SAVE_DELAY
        if not self.owes_save:  # refused: one try a minute, each one is logged
            self._due = min(now + SAVE_DELAY, self._due)
        # Every change comes here and mostly moves the save later: the timer already
        # armed serves it, arming itself again for the rest of the delay when it
        # finds the save not due yet. Re-arming per change cost a timer handle in the
        # loop's heap (and a cancelled one left in it) per source change (issue 14).
        if self._unsub_timer is None:
            self._arm(self._due)

    def _arm(self, when: float) -> None:
        self._armed_for = when
        self._unsub_timer = async_call_later(
            self._hass, when - self._hass.loop.time(), self._job
        )

    @property
    def owes_save(self) -> bool:
        """Whether the disk refused the last snapshot (a setup should save again)."""
        return self._owed

    async def async_remove(self) -> None:
        """Delete the saved state (the home is deleted; its stop saved it last)."""
        self._cancel()
        self._hass.data.get(NOT_SAVED, {}).pop(self._store.key, None)
        self._owed = False
        ir.async_delete_issue(self._hass, DOMAIN, f"not_saved_{self._entry_id}")
        await self._store.async_remove()

    async def async_save(self, data: Snapshot) -> None:
        """Save now (unload and stop); a pending delayed save is superseded."""
        self._cancel()
        await self._async_write(data)

    async def _async_write(self, data: Snapshot) -> bool:
        """Write ``data``; False when the disk refused it (kept, and told)."""
        err = await self._store.async_save_seen(data)
        kept = self._hass.data.setdefault(NOT_SAVED, {})
        issue_id = f"not_saved_{self._entry_id}"
        if err is None:
            if kept.pop(self._store.key, None) is not None:
                ir.async_delete_issue(self._hass, DOMAIN, issue_id)
            self._owed = False
            return True
        if self._store.key not in kept:
            _LOGGER.warning(
                "Occupancy state could not be saved (%s); kept in memory until Home "
                "Assistant stops, and tried again every %s s",
                err,
                MAX_SAVE_DELAY,
            )
        kept[self._store.key] = data
        self._owed = True
        ir.async_create_issue(
            self._hass,
            DOMAIN,
            issue_id,
            is_fixable=False,
            is_persistent=False,
            severity=ir.IssueSeverity.ERROR,
            translation_key="not_saved",
            translation_placeholders={"error": str(err)},
        )
        return False

    async def _async_save_due(self, _now: datetime) -> None:
        self._unsub_timer = None
        if self._due > self._armed_for:
            self._arm(self._due)  # changes came since it was armed
            return
        data_func = self._data_func
        self._cancel()
        # Taken here, in the loop, before the first await: one consistent moment.
        if data_func is not None and not await self._async_write(data_func()):
            # Refused: try again later, even if nothing changes meanwhile.
            self.async_schedule_save(data_func)

    @callback
    def _cancel(self) -> None:
        if self._unsub_timer is not None:
            self._unsub_timer()
            self._unsub_timer = None
        self._data_func = None
        self._first_unsaved = None
