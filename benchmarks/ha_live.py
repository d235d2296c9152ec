"""``ha_latency.py``'s plain home, timed inside a real Home Assistant process.

``ha_latency.py`` runs in the test harness (pytest-homeassistant-custom-component): a
``hass`` without a recorder, with the harness's patches. This starts
``python -m homeassistant`` on a throwaway config directory instead, with a tiny
custom integration (``om_latency``, written into it) that waits for Home Assistant to
be running, runs the same samples (``ha_latency._run``) and stops it. The figures are
those of a real instance: every event also passes the listeners a real home has.

    .venv-py3.13.0/bin/python benchmarks/ha_live.py            # the demo config's set
    .venv-py3.13.0/bin/python benchmarks/ha_live.py --minimal  # homeassistant: only

The default loads what ``config/configuration.yaml`` loads (frontend, history with its
recorder, logbook, automation, ...; the recorder's ``MATCH_ALL`` listener sees every
state change); ``--minimal`` loads only what Home Assistant always sets up. Home
Assistant needs its frontend package to start at all: ``scripts/e2e`` installs it
beside the venv (``.venv-*/e2e-site``), pass it on ``PYTHONPATH`` when the venv lacks it.
"""

from __future__ import annotations

from pathlib import Path
import socket
import subprocess
import sys
import tempfile

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 600.0

_MANIFEST = """{"domain": "om_latency", "name": "om latency", "version": "0.0.0",
 "documentation": "https://example.invalid", "codeowners": [],
 "dependencies": [], "after_dependencies": ["occupancy_manager"],
 "requirements": [], "iot_class": "calculated"}
"""

_COMPONENT = """
import asyncio, sys
from homeassistant.const import EVENT_HOMEASSISTANT_STARTED
from homeassistant.core import CoreState

sys.path.insert(0, {benchmarks!r})


async def async_setup(hass, config):
    print("om_latency: setup", hass.state, flush=True)

    async def run(_event=None):
        print("om_latency: running", flush=True)
        import ha_latency
        loop = asyncio.get_running_loop()
        try:
            await ha_latency._run(hass, harness_debug=loop.get_debug(), advanced=False)
        finally:
            sys.stdout.flush()
            hass.async_create_task(hass.async_stop())

    if hass.state is CoreState.running:
        hass.async_create_task(run())
    else:
        hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STARTED, run)
    return True
"""

_DEMO = """
frontend:
config:
history:
logbook:
automation:
script:
scene:
person:
http:
  server_host: 127.0.0.1
  server_port: {port}
"""


def _config(directory: Path, *, minimal: bool) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    components = directory / "custom_components"
    (components / "om_latency").mkdir(parents=True)
    (components / "occupancy_manager").symlink_to(
        ROOT / "custom_components" / "occupancy_manager"
    )
    (components / "om_latency" / "manifest.json").write_text(_MANIFEST)
    (components / "om_latency" / "__init__.py").write_text(
        _COMPONENT.format(benchmarks=str(ROOT / "benchmarks"))
    )
    (directory / "configuration.yaml").write_text(
        "homeassistant:\n  time_zone: UTC\nlogger:\n  default: warning\n"
        "  logs:\n    custom_components.occupancy_manager: info\n    homeassistant.setup: info\n    homeassistant.bootstrap: info\n"
        + ("" if minimal else _DEMO.format(port=port))
        + "om_latency:\n"
    )


def main() -> int:
    """Run the samples in a fresh Home Assistant; its output goes to ours."""
    minimal = "--minimal" in sys.argv[1:]
    with tempfile.TemporaryDirectory(prefix="om-live-") as tmp:
        _config(Path(tmp), minimal=minimal)
        print(f"live Home Assistant, {'minimal' if minimal else 'demo'} config")
        proc = subprocess.Popen(
            [sys.executable, "-m", "homeassistant", "--config", tmp, "--skip-pip"],
            # Not the repository: its custom_components package would hide the
            # config directory's (python -m puts the working directory first).
            cwd=tmp,
        )
        try:
            return proc.wait(TIMEOUT)
        finally:
            if proc.poll() is None:
                proc.terminate()
                proc.wait(60)


if __name__ == "__main__":
    sys.exit(main())
