# ruff: noqa: INP001 - a script run by path, not a package
"""A real Home Assistant on the demo configuration, onboarded, for the card's browser test.

Minimal stand-in until the shared browser harness (tests_browser/) is on main: prints
``BROWSER-HASS {json}`` (url, username, password, version) once the core runs, keeps
Home Assistant up until standard input closes, then stops it. Standard library only,
with tests_e2e/hass_process.py.
"""

from __future__ import annotations

import json
from pathlib import Path
import re
import shutil
import sys
import tempfile

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests_e2e"))

from hass_process import PASSWORD, USERNAME, CheckFailed, HomeAssistant, free_port, log  # noqa: E402

DOMAIN = "occupancy_manager"


def prepare(config_dir: Path, port: int) -> None:
    """The demo configuration on 127.0.0.1:``port`` with the integration linked in."""
    text = (ROOT / "config" / "configuration.yaml").read_text()
    text = re.sub(r"(?m)^http:\n(  .*\n)*", "", text)
    text += f"\nhttp:\n  server_host: 127.0.0.1\n  server_port: {port}\n"
    (config_dir / "configuration.yaml").write_text(text)
    (config_dir / "custom_components").mkdir()
    (config_dir / "custom_components" / DOMAIN).symlink_to(
        ROOT / "custom_components" / DOMAIN
    )
    storage = config_dir / ".storage"
    storage.mkdir()
    # Posting the location step makes Home Assistant add integrations that go online.
    (storage / "onboarding").write_text(
        json.dumps(
            {
                "version": 4,
                "minor_version": 1,
                "key": "onboarding",
                "data": {"done": ["core_config"]},
            }
        )
    )


def main() -> int:
    """Serve until stdin closes; non-zero when Home Assistant failed."""
    config_dir = Path(tempfile.mkdtemp(prefix="om-card-"))
    ha = HomeAssistant(config_dir, free_port())
    ok = False
    try:
        prepare(config_dir, ha.port)
        ha.start()
        ha.onboard()
        ha.wait_running()
        version = ha.get("/api/config")["version"]
        info = {
            "url": ha.base,
            "username": USERNAME,
            "password": PASSWORD,
            "version": version,
        }
        sys.stdout.write("BROWSER-HASS " + json.dumps(info) + "\n")
        sys.stdout.flush()
        sys.stdin.read()
        ok = ha.stop() == 0
    except CheckFailed as err:
        log(f"FAILED: {err}")
    finally:
        ha.kill()
        log_file = config_dir / "home-assistant.log"
        errors = [
            line
            for line in (
                log_file.read_text(errors="replace") if log_file.exists() else ""
            ).splitlines()
            if " ERROR " in line and DOMAIN in line
        ]
        for line in errors:
            log(f"hass.log: {line}")
        if ok and not errors:
            shutil.rmtree(config_dir, ignore_errors=True)
        else:
            log(f"kept {config_dir}")
    return 0 if ok and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
