#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian 12 machine that has the .NET SDK and Node:
# every scripts/deps/*.sh (Chromium, redis-server, garnet-server, ...). Needs root (apt-get).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v dotnet >/dev/null || { echo "The .NET SDK is required (dotnet not on PATH)." >&2; exit 1; }
command -v node >/dev/null && command -v npm >/dev/null || { echo "Node.js and npm are required (the web widget is bundled with npm)." >&2; exit 1; }
if [[ $(id -u) -ne 0 ]] && ! command -v sudo >/dev/null; then
    echo "Installing test dependencies needs root (apt-get)." >&2; exit 1
fi
for dep in "${here}"/deps/*.sh; do
    if [[ $(id -u) -eq 0 ]]; then bash "${dep}"; else sudo -E bash "${dep}"; fi
done
