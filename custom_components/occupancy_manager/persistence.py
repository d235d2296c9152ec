"""The engine snapshot in Home Assistant's storage, and what to do when it is unusable."""

from __future__ import annotations

from collections.abc import Callable, Mapping
import logging
import os
from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from .const import DOMAIN, SAVE_DELAY, STORAGE_VERSION

_LOGGER = logging.getLogger(__name__)

type Snapshot = dict[str, object]


class SnapshotStore:
    """Load, save and quarantine one home's engine snapshot."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Bind the store to the config entry."""
        self._hass = hass
        self._store: Store[Snapshot] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}", private=True
        )

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

        def _move() -> bool:
            try:
                os.replace(path, target)
            except FileNotFoundError:
                return False
            return True

        moved = await self._hass.async_add_executor_job(_move)
        _LOGGER.warning(
            "Saved occupancy state in %s is unusable (%s); %s; starting clean",
            path,
            why,
            f"moved it to {target}" if moved else "nothing to move",
        )

    def async_schedule_save(self, data_func: Callable[[], Snapshot]) -> None:
        """Save soon, coalescing a burst of changes into one write."""
        self._store.async_delay_save(data_func, SAVE_DELAY)

    async def async_save(self, data: Snapshot) -> None:
        """Save now (unload and stop)."""
        await self._store.async_save(data)
