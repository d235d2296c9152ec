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
from typing import Final

from homeassistant.core import CALLBACK_TYPE, HassJob, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from .const import DOMAIN, SAVE_DELAY, STORAGE_VERSION

_LOGGER = logging.getLogger(__name__)

type Snapshot = dict[str, object]

MAX_SAVE_DELAY: Final = 60
"""Seconds: the longest a change waits to be saved, however many follow it."""


class SnapshotStore:
    """Load, save and quarantine one home's engine snapshot."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Bind the store to the config entry."""
        self._hass = hass
        self._store: Store[Snapshot] = Store(
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

    async def async_load(self) -> Mapping[str, object] | None:
        """Return the saved snapshot, or None when there is none or it is unusable.

        A corrupt or foreign file must never stop the home loading: it is logged,
        moved aside for inspection, and the home starts clean. (Invalid JSON is already
        moved aside by the Store itself; this covers valid JSON of the wrong shape or
        a version from the future.)
        """
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
        self._due = min(now + SAVE_DELAY, self._first_unsaved + MAX_SAVE_DELAY)
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

    async def async_remove(self) -> None:
        """Delete the saved state (the home is deleted; its stop saved it last)."""
        self._cancel()
        await self._store.async_remove()

    async def async_save(self, data: Snapshot) -> None:
        """Save now (unload and stop); a pending delayed save is superseded."""
        self._cancel()
        await self._store.async_save(data)

    async def _async_save_due(self, _now: datetime) -> None:
        self._unsub_timer = None
        if self._due > self._armed_for:
            self._arm(self._due)  # changes came since it was armed
            return
        data_func = self._data_func
        self._cancel()
        if data_func is not None:
            # Taken here, in the loop, before the first await: one consistent moment.
            await self._store.async_save(data_func())

    @callback
    def _cancel(self) -> None:
        if self._unsub_timer is not None:
            self._unsub_timer()
            self._unsub_timer = None
        self._data_func = None
        self._first_unsaved = None
