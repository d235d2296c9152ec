"""The real ``Store`` read and write path, for the tests that must not use the mock.

pytest-homeassistant-custom-component replaces ``Store._async_load`` and
``Store._async_write_data`` with in-memory fakes for every test (its ``hass_storage``
fixture). The originals are kept here, taken at import time, before any fixture
runs; the ``real_storage`` fixture (conftest.py) puts them back for one test.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest.mock import patch

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

REAL_LOAD = Store._async_load
REAL_WRITE = Store._async_write_data


@contextmanager
def real_storage_in(hass: HomeAssistant, config_dir: Path) -> Iterator[Path]:
    """Undo the storage mock; files live in ``config_dir``/.storage (yielded).

    A context manager, not monkeypatch: the mock must come back before the harness
    removes it, whatever order the fixtures are torn down in.
    """
    storage = config_dir / ".storage"
    storage.mkdir(exist_ok=True)
    with (
        patch.object(Store, "_async_load", REAL_LOAD),
        patch.object(Store, "_async_write_data", REAL_WRITE),
        patch.object(hass.config, "config_dir", str(config_dir)),
    ):
        yield storage
