#!/usr/bin/env bash
# Installs the servers that the RESP client's integration tests run against (idempotent; run as root on Debian 12):
#   - redis-server from Debian's packages (apt-get);
#   - garnet-server, Microsoft's Redis-compatible server, as a .NET tool into <repo>/.tools (not tracked by git).
# The tests find them through REDIS_SERVER (else PATH) and GARNET_SERVER (else <repo>/.tools/garnet-server).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tool_path="${repo_root}/.tools"
# Pinned so that every machine tests against the same server; bump deliberately.
garnet_version="${GARNET_VERSION:-2.2.8}"

export DEBIAN_FRONTEND=noninteractive

if ! command -v redis-server >/dev/null 2>&1; then
    # Update the package lists only when needed: apt does not know the package yet (a fresh image has empty
    # lists), or the install fails because the lists are stale.
    if ! apt-cache show redis-server >/dev/null 2>&1; then
        apt-get update -qq
    fi
    if ! apt-get install -y -qq --no-install-recommends redis-server >/dev/null; then
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends redis-server >/dev/null
    fi
    # The Debian package starts a system service on 6379; the tests start their own servers on free ports.
    if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet redis-server 2>/dev/null; then
        systemctl stop redis-server || true
    fi
fi

garnet="${tool_path}/garnet-server"
# Captured first: grep -q on a pipe could end the pipe early and, under pipefail, read as "not installed".
installed="$(dotnet tool list --tool-path "${tool_path}" 2>/dev/null || true)"
if [[ ! -x "${garnet}" ]] || ! grep -qiE "^garnet-server +${garnet_version//./\\.} " <<<"${installed}"; then
    mkdir -p "${tool_path}"
    if grep -qi '^garnet-server ' <<<"${installed}"; then
        dotnet tool update --tool-path "${tool_path}" garnet-server --version "${garnet_version}" >/dev/null
    else
        dotnet tool install --tool-path "${tool_path}" garnet-server --version "${garnet_version}" >/dev/null
    fi
fi

echo "redis-server:  $(command -v redis-server) ($(redis-server --version | awk '{print $3}'))"
echo "garnet-server: ${garnet} (${garnet_version})"
echo "Tests read REDIS_SERVER and GARNET_SERVER to override these paths."
