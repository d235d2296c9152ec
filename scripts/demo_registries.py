"""Place the demo home's sensors in floors and areas before Home Assistant first starts.

Home Assistant has no YAML for areas or for putting an entity in one; both live in its
registries. Written once into a fresh config directory (never over existing
registries), in the oldest storage format each registry still migrates from, so every
supported Home Assistant reads them. Used by scripts/develop and the browser test.

Also, on Home Assistant versions that keep the HTTP settings in storage (2026.x), the
configuration.yaml http block as the confirmed ("stable") settings: otherwise the
newest Home Assistant stages it as a trial that it reverts, five minutes after the
start, to listening on every interface.

usage: python scripts/demo_registries.py CONFIG_DIR [PORT]
"""

from __future__ import annotations

import json
from pathlib import Path
import sys

FLOORS = {"ground_floor": ("Ground floor", 0), "first_floor": ("First floor", 1)}
AREAS = {
    "kitchen": ("Kitchen", "ground_floor"),
    "living_room": ("Living room", "ground_floor"),
    "garage": ("Garage", "ground_floor"),
    "office": ("Office", "first_floor"),
    "bathroom": ("Bathroom", "first_floor"),
    "bedroom": ("Bedroom", "first_floor"),
}
# (entity id, platform, unique id) -> area; the template sensors of configuration.yaml.
ENTITIES = {
    ("binary_sensor.kitchen_motion", "template", "demo_kitchen_motion"): "kitchen",
    ("binary_sensor.living_room_motion", "template", "demo_living_room_motion"): (
        "living_room"
    ),
    ("binary_sensor.office_presence", "template", "demo_office_presence"): "office",
    ("binary_sensor.bathroom_door", "template", "demo_bathroom_door"): "bathroom",
    ("binary_sensor.bedroom_presence", "template", "demo_bedroom_presence"): "bedroom",
    ("binary_sensor.garage_door", "template", "demo_garage_door"): "garage",
}


def _store(key: str, data: object, minor: int = 1) -> dict[str, object]:
    # An old minor version: each registry's migration fills in every key added since.
    return {"version": 1, "minor_version": minor, "key": key, "data": data}


def write(config_dir: Path) -> bool:
    """Write the registries; False (and nothing written) if any already exists."""
    storage = config_dir / ".storage"
    files = {
        "core.floor_registry": {
            "floors": [
                {
                    "floor_id": fid,
                    "name": name,
                    "level": level,
                    "aliases": [],
                    "icon": None,
                }
                for fid, (name, level) in FLOORS.items()
            ]
        },
        "core.area_registry": {
            "areas": [
                {
                    "id": aid,
                    "name": name,
                    "floor_id": floor,
                    "aliases": [],
                    "icon": None,
                    "picture": None,
                }
                for aid, (name, floor) in AREAS.items()
            ]
        },
        "core.entity_registry": {
            "entities": [
                {
                    "entity_id": eid,
                    "platform": platform,
                    "unique_id": uid,
                    "area_id": area,
                }
                for (eid, platform, uid), area in ENTITIES.items()
            ]
        },
    }
    if any((storage / key).exists() for key in files):
        return False
    storage.mkdir(parents=True, exist_ok=True)
    for key, data in files.items():
        # Areas at 1.5: migrating from before 1.5 would reset floor_id.
        minor = 5 if key == "core.area_registry" else 1
        (storage / key).write_text(json.dumps(_store(key, data, minor), indent=2))
    return True


def write_http_settings(config_dir: Path, port: int) -> bool:
    """Confirmed HTTP settings (127.0.0.1:port) where Home Assistant stores them."""
    try:
        from homeassistant.components.http import config as http_config
    except ImportError:
        return False  # before 2026.x the YAML block is the only source
    path = config_dir / ".storage" / "http"
    if not hasattr(http_config, "HTTPConfigStore") or path.exists():
        return False
    stable = {
        "server_port": port,
        "server_host": ["127.0.0.1"],
        "cors_allowed_origins": ["https://cast.home-assistant.io"],
        "login_attempts_threshold": -1,
        "ip_ban_enabled": True,
        "ssl_profile": "modern",
        "use_x_frame_options": True,
        "created_at": "2026-01-01T00:00:00+00:00",
        "error": None,
        "error_message": None,
    }
    data = {"stable": stable, "pending": None, "yaml_migration_done": False}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "version": http_config.STORAGE_VERSION,
                "minor_version": http_config.STORAGE_MINOR_VERSION,
                "key": "http",
                "data": data,
            },
            indent=2,
        )
    )
    return True


if __name__ == "__main__":
    target = Path(sys.argv[1])
    if write(target):
        print(f"demo floors, areas and sensor placement written to {target}/.storage")
    if write_http_settings(target, int(sys.argv[2]) if len(sys.argv) > 2 else 8123):
        print(f"HTTP settings (127.0.0.1 only) written to {target}/.storage/http")
