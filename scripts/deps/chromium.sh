#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (Playwright drives /usr/bin/chromium; it never downloads a
# browser of its own). Idempotent; run as root on Debian 12.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if [[ ! -x /usr/bin/chromium ]]; then
    if ! apt-cache show chromium >/dev/null 2>&1; then
        apt-get update -qq
    fi
    apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
fi
echo "chromium:      /usr/bin/chromium ($(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'))"
