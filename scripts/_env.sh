# shellcheck shell=bash
# Shared by scripts/*: pick the interpreter and its requirement set, then create or reuse
# a uv-managed virtual environment for it. Sourced, not executed.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

# uv needs the system trust store behind the registries' local CA, and bytecode compiled
# at install time (the shell may set PYTHONDONTWRITEBYTECODE, which slows every start).
export UV_NATIVE_TLS=1 UV_COMPILE_BYTECODE=1 UV_PYTHON_DOWNLOADS=never
unset PYTHONDONTWRITEBYTECODE

PYTHON=${PYTHON:-}
if [ -z "$PYTHON" ]; then
  # The first interpreter that really runs (pyenv shims exist for versions not selected).
  for candidate in python3.14 python3.13 python3 \
      "$(pyenv root 2>/dev/null)"/versions/3.14*/bin/python3 \
      "$(pyenv root 2>/dev/null)"/versions/3.13*/bin/python3; do
    if "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 13) else 1)' \
        >/dev/null 2>&1; then
      PYTHON=$(command -v "$candidate"); break
    fi
  done
fi
[ -n "$PYTHON" ] || { echo "no python3 found; set PYTHON=/path/to/python" >&2; exit 2; }

PYVER=$("$PYTHON" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')
if "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 14, 2) else 1)'; then
  HA_END=newest
elif "$PYTHON" -c 'import sys; sys.exit(0 if (3, 13) <= sys.version_info < (3, 14) else 1)'; then
  HA_END=minimum
else
  echo "Python $PYVER is not supported: use 3.13.x (HA 2025.4) or >= 3.14.2 (newest HA)" >&2
  exit 2
fi

# uv from PyPI when the machine has none (a fresh CI machine, a new developer).
if ! command -v uv >/dev/null 2>&1; then
  if [ ! -x "$ROOT/.venv-tools/bin/uv" ]; then
    "$PYTHON" -m venv "$ROOT/.venv-tools"
    "$ROOT/.venv-tools/bin/python" -m pip install --quiet --disable-pip-version-check uv==0.13.9
  fi
  export PATH="$ROOT/.venv-tools/bin:$PATH"
fi

# VENV_HOME puts the environment outside the tree: sid-python copies the project afresh
# on every run (without .venv-*), and the newest end's browser run reuses one there.
VENV="${VENV_HOME:-$ROOT}/.venv-py$PYVER"
# Install from the project's own requirement files (tests and linters share one
# environment per interpreter); re-run only when the files change.
ensure_env() {
  set -- "requirements/test-$HA_END.txt" requirements/lint.txt
  local stamp="$VENV/.requirements.sha" want
  want=$(cat "$@" | sha256sum | cut -d' ' -f1)
  if [ ! -x "$VENV/bin/python" ]; then uv venv --quiet --python "$PYTHON" "$VENV"; fi
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    local args=() f
    for f in "$@"; do args+=(-r "$f"); done
    uv pip install --quiet --python "$VENV/bin/python" "${args[@]}"
    echo "$want" >"$stamp"
  fi
  export PATH="$VENV/bin:$PATH" VIRTUAL_ENV="$VENV"
}

# What a real Home Assistant on the demo configuration needs beyond the test
# requirements (the frontend, the voice pipeline the newest frontend asks for), so that
# hass starts with --skip-pip and installs nothing itself. Added to the venv without
# changing anything already in it (the installed versions are constraints). A C++
# extension pinned at a version with no wheel for this Python (the voice pipeline's on
# the newest end; the sid root has no C++ compiler) gets the newest version that has
# one, said so: without it the voice pipeline fails to import and the newest frontend
# never finishes loading (its service list fails). Used by scripts/setup, scripts/develop and scripts/browser-hass.
ensure_hass_requirements() {
  local missing req pins substituted="$VENV/.ha-substituted" stamp="$VENV/.ha-requirements.sha" want
  # Done once per configuration, integration manifest and requirement set: working it
  # out imports Home Assistant's bootstrap, seconds on every start otherwise.
  want=$(cat "$ROOT/config/configuration.yaml" \
    "$ROOT/custom_components/occupancy_manager/manifest.json" "$VENV/.requirements.sha" |
    sha256sum | cut -d' ' -f1)
  [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] || return 0
  # A pin replaced by a newer wheel once stays replaced (no retry on every start).
  touch "$substituted"
  missing=$(python "$ROOT/scripts/ha_requirements.py" "$ROOT/config")
  missing=$(grep -vxF -f "$substituted" <<<"$missing" || true)
  [ -n "$missing" ] || { echo "$want" >"$stamp"; return 0; }
  pins=$(mktemp)
  uv pip freeze --quiet --python "$VENV/bin/python" >"$pins"
  for req in $missing; do
    if uv pip install --quiet --python "$VENV/bin/python" --constraint "$pins" \
        "$req" >/dev/null 2>&1; then
      echo "== installed $req"
    elif uv pip install --quiet --python "$VENV/bin/python" --constraint "$pins" \
        --only-binary :all: "${req%%[=<>!~]*}" >/dev/null 2>&1; then
      echo "== installed ${req%%[=<>!~]*} $("$VENV/bin/python" -c 'import importlib.metadata as m, sys
print(m.version(sys.argv[1]))' "${req%%[=<>!~]*}") instead of $req (no wheel of it for Python $PYVER)"
      echo "$req" >>"$substituted"
    else
      echo "== skipped $req (cannot be installed for Python $PYVER here)"
    fi
  done
  rm -f "$pins"
  echo "$want" >"$stamp"
}
