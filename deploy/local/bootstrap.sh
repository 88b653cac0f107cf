#!/usr/bin/env bash
# Installs what the project needs on a fresh machine; quick and silent when everything is there.
# Python dependencies come from uv.lock (exact versions and hashes); uv itself is pinned below.
set -euo pipefail
cd "$(dirname "$0")/../.."

UV_VERSION="0.13.8"
UV_DIR=".local/tools/uv-${UV_VERSION}"
UV="${UV_DIR}/bin/uv"

need() {
  command -v "$1" >/dev/null 2>&1 || { echo "[bootstrap] '$1' is required: $2" >&2; exit 1; }
}
need python3.11 "install CPython 3.11"
need java "install a JDK 17 or newer (Debian: openjdk-17-jdk-headless)"
need mvn "install Maven (Debian: maven)"
need go "install Go 1.22 or newer"

if [ ! -x "$UV" ]; then
  echo "[bootstrap] installing uv ${UV_VERSION}" >&2
  python3.11 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --target "$UV_DIR" "uv==${UV_VERSION}"
fi

# --frozen: install exactly what uv.lock says; never re-resolve on a CI machine.
"$UV" sync --frozen --quiet --python python3.11
