"""A real Home Assistant process for the end-to-end test, and a REST client for it.

Standard library only. Started on a config directory and a port of 127.0.0.1, logged in
through Home Assistant's own onboarding and auth API, stopped with SIGTERM.
"""

from __future__ import annotations

from collections.abc import Callable
import contextlib
import json
import os
from pathlib import Path
import signal
import socket
import subprocess
import sys
import time
from typing import Any
import urllib.error
import urllib.parse
import urllib.request

START_TIMEOUT = 120.0  # a cold start on a busy 2-core machine
STOP_TIMEOUT = 60.0
WAIT_TIMEOUT = 60.0
POLL = 0.2
USERNAME = "e2e"
PASSWORD = "e2e-password-not-secret"  # noqa: S105 - a throwaway local instance


def log(message: str) -> None:
    """One line to stdout, at once (the caller may be a CI log)."""
    sys.stdout.write(f"[e2e {time.strftime('%H:%M:%S')}] {message}\n")
    sys.stdout.flush()


class CheckFailed(Exception):
    """A check did not hold."""


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class HomeAssistant:
    """One Home Assistant process on a config directory, and a client for it."""

    def __init__(self, config_dir: Path, port: int) -> None:
        """Nothing runs until start()."""
        self.config_dir = config_dir
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.client_id = f"{self.base}/"
        self.proc: subprocess.Popen[bytes] | None = None
        self.access_token: str | None = None
        self.refresh_token: str | None = None
        self.starts = 0

    # -- process -------------------------------------------------------------------

    def start(self) -> None:
        """Start Home Assistant and wait until its HTTP server answers."""
        self.starts += 1
        output = (self.config_dir / f"hass-output-{self.starts}.txt").open("wb")
        started = time.monotonic()
        self.proc = subprocess.Popen(  # noqa: S603 - fixed argv, our own interpreter
            [
                sys.executable,
                "-m",
                "homeassistant",
                "--config",
                str(self.config_dir),
                "--skip-pip",
                "--log-file",
                str(self.config_dir / "home-assistant.log"),
            ],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        output.close()
        wait_for(
            lambda: (
                self.not_recovery()
                and self.request("GET", "/api/onboarding", auth=False)[0] == 200
            ),
            f"Home Assistant (pid {self.proc.pid}) to answer on {self.base}",
            START_TIMEOUT,
        )
        log(f"HTTP up after {time.monotonic() - started:.1f} s (pid {self.proc.pid})")

    def not_recovery(self) -> bool:
        """True; raise when this start fell back to recovery mode."""
        output = self.config_dir / f"hass-output-{self.starts}.txt"
        if "Activating recovery mode" in output.read_text(errors="replace"):
            raise CheckFailed(
                "Home Assistant started in recovery mode, without custom integrations "
                "(usually a package missing from the venv, such as the frontend)"
            )
        return True

    def wait_running(self) -> None:
        """Wait until the core reports RUNNING (every integration set up)."""
        wait_for(
            lambda: (
                self.not_recovery()
                and self.get("/api/config").get("state") == "RUNNING"
            ),
            "Home Assistant to be RUNNING",
            START_TIMEOUT,
        )

    def stop(self) -> int:
        """SIGTERM (a clean stop: integrations save their state) and wait for exit."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired as err:
            raise CheckFailed(
                f"Home Assistant did not exit within {STOP_TIMEOUT:.0f} s of SIGTERM"
            ) from err
        self.proc = None
        return code

    def kill(self) -> None:
        """End the process (and its process group) if it still runs."""
        if self.proc is None or self.proc.poll() is not None:
            return
        pid = self.proc.pid
        try:
            os.killpg(pid, signal.SIGTERM)
            self.proc.wait(20)
        except (subprocess.TimeoutExpired, ProcessLookupError):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            self.proc.wait(10)

    def alive(self) -> None:
        """Raise if the process has exited."""
        if self.proc is not None and (code := self.proc.poll()) is not None:
            raise CheckFailed(f"Home Assistant exited with code {code}")

    # -- HTTP ----------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        form: dict[str, str] | None = None,
        auth: bool = True,
    ) -> tuple[int, Any]:
        """(status, decoded body); status 0 when the connection fails."""
        self.alive()
        headers = {}
        data: bytes | None = None
        if json_body is not None:
            data = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        elif form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if auth and self.access_token:
            headers["Authorization"] = f"Bearer {self.access_token}"
        req = urllib.request.Request(  # noqa: S310 - always http://127.0.0.1
            self.base + path, data=data, headers=headers, method=method
        )
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310
                status, raw = resp.status, resp.read()
        except urllib.error.HTTPError as err:
            status, raw = err.code, err.read()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return 0, None
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            return status, raw.decode(errors="replace")

    def call(self, method: str, path: str, json_body: Any = None, **kwargs: Any) -> Any:
        """A request that must succeed (2xx); its decoded body."""
        status, body = self.request(method, path, json_body=json_body, **kwargs)
        if not 200 <= status < 300:
            raise CheckFailed(f"{method} {path} -> {status}: {body}")
        return body

    def get(self, path: str) -> Any:
        """GET that must succeed."""
        return self.call("GET", path)

    def state(self, entity_id: str) -> str | None:
        """The entity's state, or None while it does not exist."""
        status, body = self.request("GET", f"/api/states/{entity_id}")
        if status == 404:
            return None
        if status != 200:
            raise CheckFailed(f"GET /api/states/{entity_id} -> {status}: {body}")
        return str(body["state"])

    def service(self, domain: str, service: str, **data: Any) -> None:
        """Call a service (the REST call returns once it has run)."""
        self.call("POST", f"/api/services/{domain}/{service}", data)

    # -- auth ----------------------------------------------------------------------

    def token(self, form: dict[str, str]) -> None:
        """Exchange a grant at /auth/token (form-encoded, like the frontend)."""
        body = self.call(
            "POST",
            "/auth/token",
            form={**form, "client_id": self.client_id},
            auth=False,
        )
        self.access_token = body["access_token"]
        self.refresh_token = body.get("refresh_token", self.refresh_token)

    def onboard(self) -> None:
        """Create the owner and log in, the way the onboarding frontend does."""
        steps = self.call("GET", "/api/onboarding", auth=False)
        if any(step["step"] == "user" and step["done"] for step in steps):
            raise CheckFailed(f"a fresh config dir should not be onboarded: {steps}")
        body = self.call(
            "POST",
            "/api/onboarding/users",
            {
                "client_id": self.client_id,
                "name": "E2E owner",
                "username": USERNAME,
                "password": PASSWORD,
                "language": "en",
            },
            auth=False,
        )
        self.token({"grant_type": "authorization_code", "code": body["auth_code"]})
        # core_config is left out on purpose: it starts the onboarding integrations
        # (met, radio_browser, ...), which reach the internet. The API needs none of it.
        self.call("POST", "/api/onboarding/analytics", {})
        body = self.call(
            "POST",
            "/api/onboarding/integration",
            {
                "client_id": self.client_id,
                "redirect_uri": f"{self.base}/?auth_callback=1",
            },
        )
        if not body.get("auth_code"):
            raise CheckFailed(f"integration onboarding step returned no code: {body}")


def wait_for(
    predicate: Callable[[], bool], what: str, timeout: float = WAIT_TIMEOUT
) -> float:
    """Poll until ``predicate`` holds; the seconds it took. Raise after ``timeout``."""
    started = time.monotonic()
    while True:
        if predicate():
            return time.monotonic() - started
        if time.monotonic() - started > timeout:
            raise CheckFailed(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(POLL)
