"""A real Home Assistant on the demo home, onboarded, for the browser test to drive.

Run through ``scripts/browser-hass`` (the venv of one Home Assistant end). Prints one
line ``BROWSER-HASS {json}`` (url, username, password, version) once the owner exists
and the core is running, then keeps Home Assistant up until its standard input closes,
stops it with SIGTERM and exits. The browser runs elsewhere (on the host, while this
may run inside the Debian sid root: both share the network, and Home Assistant listens
on 127.0.0.1 only). Standard library only, with tests_e2e/hass_process.py.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
import re
import shutil
import sys
import tempfile

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests_e2e"), str(ROOT / "scripts")]

from demo_registries import write as write_registries, write_http_settings  # noqa: E402
from hass_process import PASSWORD, USERNAME, CheckFailed, HomeAssistant, free_port, log  # noqa: E402

DOMAIN = "occupancy_manager"


def prepare(config_dir: Path, port: int) -> None:
    """The demo configuration on ``port``, its registries, and the integration."""
    text = (ROOT / "config" / "configuration.yaml").read_text()
    text, count = re.subn(r"server_port: \d+", f"server_port: {port}", text)
    if count != 1:
        raise CheckFailed(
            "config/configuration.yaml has no http server_port to replace"
        )
    (config_dir / "configuration.yaml").write_text(text)
    (config_dir / "custom_components").mkdir()
    (config_dir / "custom_components" / DOMAIN).symlink_to(
        ROOT / "custom_components" / DOMAIN
    )
    write_registries(config_dir)
    write_http_settings(config_dir, port)
    # The location step of onboarding is marked done beforehand: posting it makes Home
    # Assistant add integrations that reach the internet (weather, radio, TTS).
    (config_dir / ".storage" / "onboarding").write_text(
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
    config_dir = Path(tempfile.mkdtemp(prefix="om-browser-"))
    ha = HomeAssistant(config_dir, free_port())
    ok = False
    try:
        prepare(config_dir, ha.port)
        ha.start()
        ha.onboard()
        ha.wait_running()
        version = ha.get("/api/config")["version"]
        about = {
            "url": ha.base,
            "username": USERNAME,
            "password": PASSWORD,
            "version": version,
        }
        sys.stdout.write(f"BROWSER-HASS {json.dumps(about)}\n")
        sys.stdout.flush()
        sys.stdin.read()  # the browser test is done when our stdin closes
        code = ha.stop()
        log(f"Home Assistant stopped (exit {code})")
        ok = code == 0
    except CheckFailed as err:
        log(f"FAILED: {err}")
    finally:
        ha.kill()
        hass_log = config_dir / "home-assistant.log"
        errors = [
            line
            for line in (
                hass_log.read_text(errors="replace") if hass_log.exists() else ""
            ).splitlines()
            if " ERROR " in line and DOMAIN in line
        ]
        for line in errors:
            log(f"hass.log: {line}")
        if ok and not errors and not os.environ.get("BROWSER_KEEP"):
            shutil.rmtree(config_dir, ignore_errors=True)
        else:
            log(f"kept {config_dir}")
    return 0 if ok and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
